"""Fixtures for the app tests: a fixed clock on 2026-11-29, sample journals in tmp_path, and the app."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from tui_support import AppFactory, TickingClock, copy_journal, fill_sample

from storage.journal import open_journal
from tests.clock import TODAY as START
from tui.app import ForecastApp
from tui.factory import create_app


@pytest.fixture(scope="session")
def built_sample_journal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample journal, built once per worker: tests get a copy."""
    path = tmp_path_factory.mktemp("sample") / "journal.json"
    fill_sample(open_journal(path, TickingClock(START - timedelta(hours=1))))
    return path


@pytest.fixture
def sample_journal(journal_path: Path, built_sample_journal: Path) -> Path:
    """A journal file with the sample contents, written with its own ticking clock."""
    return copy_journal(built_sample_journal, journal_path)


@pytest.fixture
def make_app(clock: TickingClock, tmp_path: Path) -> AppFactory:
    """Build the app as `launch` does, with the fixed clock and a settings file in tmp_path (never the user's)."""

    def make(path: Path, **options: object) -> ForecastApp:
        options.setdefault("config_path", tmp_path / "config.toml")
        return create_app(path, clock, **options)  # type: ignore[arg-type]

    return make
