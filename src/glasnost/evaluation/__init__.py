"""Scorers for the research benchmarks."""
