"""The interop tests' fixture files (the clock, the journal path and `run_cli` are in tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
