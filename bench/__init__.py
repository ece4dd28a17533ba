"""Benchmarks: throughput figures recorded in docs/benchmarks.md (never timed tests)."""
