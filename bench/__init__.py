"""Benchmarks of the project, run by hand (make targets); not part of the test suite."""
