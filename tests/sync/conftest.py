"""Fixtures for the sync suites: those of tests/conftest.py (the clock, a journal path) serve."""
