"""Harnesses of the tests and benchmarks: real receivers, service processes, waiting, fault injection."""
