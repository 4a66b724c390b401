"""Benchmarks for forecast-journal: `python -m benchmarks` (see docs/PERFORMANCE.md). Not part of the test suite."""
