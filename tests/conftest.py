"""Fixtures shared by every suite: the fixed clock and a journal path in tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.clock import TickingClock


@pytest.fixture
def clock() -> TickingClock:
    """A fresh clock fixed on 2026-11-29 that ticks one second per call."""
    return TickingClock()


@pytest.fixture
def journal_path(tmp_path: Path) -> Path:
    """Where the test's journal lives."""
    return tmp_path / "journal.json"
