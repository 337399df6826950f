"""Benchmarks, run against a real server over HTTP; `make bench` runs them all (run_all.py)."""
