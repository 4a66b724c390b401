"""Build the app: shared by `launch` and the tests, so both run the same thing."""

from __future__ import annotations

from pathlib import Path

from storage.config import config_path as default_config_path
from storage.journal import Clock, open_journal
from tui.app import ForecastApp, Opener


def create_app(
    journal_path: Path,
    clock: Clock,
    *,
    opener: Opener = open_journal,
    handle_signals: bool = False,
    config_path: Path | None = None,
) -> ForecastApp:
    """The app on `journal_path` with an injected clock; `launch` turns on SIGTERM/SIGHUP handling. The
    settings file is `config_path`, by default $FORECAST_JOURNAL_CONFIG or the platform's config directory."""
    return ForecastApp(
        journal_path, clock, opener, handle_signals=handle_signals, config_path=config_path or default_config_path()
    )
