"""Build the app: shared by `launch` and the tests, so both run the same thing."""

from __future__ import annotations

from pathlib import Path

from storage.journal import Clock, open_journal
from tui.app import ForecastApp, Opener


def create_app(
    journal_path: Path,
    clock: Clock,
    *,
    opener: Opener = open_journal,
    handle_signals: bool = False,
) -> ForecastApp:
    """The app on `journal_path` with an injected clock; `launch` turns on SIGTERM/SIGHUP handling."""
    return ForecastApp(journal_path, clock, opener, handle_signals=handle_signals)
