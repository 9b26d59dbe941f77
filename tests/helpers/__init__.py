"""Helpers shared by tests and benchmarks (servers on 127.0.0.1)."""
