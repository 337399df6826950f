"""The sections of bench/ml_benchmark.py, one module each, and what they share."""
