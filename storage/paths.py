"""Where the journal lives: --journal, then $FORECAST_JOURNAL, then the platform's user data directory."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "forecast-journal"
ENV_VAR = "FORECAST_JOURNAL"


def default_journal_path() -> Path:
    """The journal file used when neither --journal nor $FORECAST_JOURNAL is given."""
    from platformdirs import user_data_path  # imported here: it costs ~5 ms of start-up (it imports tempfile)

    return user_data_path(APP_NAME, appauthor=False) / "journal.json"


def resolve_journal_path(option: str | os.PathLike[str] | None) -> Path:
    """The journal path chosen by the command-line option, the environment, or the default."""
    if option:
        return Path(option).expanduser()
    from_env = os.environ.get(ENV_VAR)
    return Path(from_env).expanduser() if from_env else default_journal_path()
