"""Training code for the shipped models (needs the optional `train` extra)."""
