"""Command groups kept apart from cli.py, each merged into the `glasnost` app there."""
