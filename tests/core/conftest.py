"""Fixtures for the journal core: a journal in tmp_path (the clock, the journal path and `run_cli` are in
tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.journal import Journal, open_journal
from tests.clock import TickingClock


@pytest.fixture
def journal(journal_path: Path, clock: TickingClock) -> Journal:
    """The test journal, opened with the test's clock."""
    return open_journal(journal_path, clock)
