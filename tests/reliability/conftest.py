"""The reliability suites. Set FJ_HEAVY=1 for the heavier variants (reliability.support); the figures they count
are printed and saved by tests/conftest.py (FJ_FIGURES=FILE)."""
