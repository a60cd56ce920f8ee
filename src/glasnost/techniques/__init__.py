"""Technique spans: inventory, PTC file format, corpus access and CPU prediction."""
