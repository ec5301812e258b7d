"""Benchmarks: every figure of speed and size, printed as tables by ``make bench``."""
