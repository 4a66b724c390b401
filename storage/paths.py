"""Where the journal lives: --journal, then $FORECAST_JOURNAL, then the platform's user data directory."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from storage.errors import JournalError

APP_NAME = "forecast-journal"
ENV_VAR = "FORECAST_JOURNAL"


def default_journal_path() -> Path:
    """The journal file used when neither --journal nor $FORECAST_JOURNAL is given."""
    from platformdirs import user_data_path  # imported here: it costs ~5 ms of start-up (it imports tempfile)

    return user_data_path(APP_NAME, appauthor=False) / "journal.json"


def resolve_journal_path(option: str | os.PathLike[str] | None) -> Path:
    """The journal path chosen by the command-line option, the environment, or the default.

    An empty option or an empty $FORECAST_JOURNAL is a mistake, not a request for the default.
    """
    if option is not None:
        if not os.fspath(option):
            raise JournalError("--journal is empty; give the journal file's path")
        return Path(option).expanduser()
    from_env = os.environ.get(ENV_VAR)
    if from_env is None:
        return default_journal_path()
    if not from_env:
        raise JournalError(f"${ENV_VAR} is set but empty; unset it or give the journal file's path")
    return Path(from_env).expanduser()


def special_kind(mode: int) -> str | None:
    """What a file of this st_mode is when it is not a regular file ("a directory", "a FIFO"…); None if regular."""
    if stat.S_ISREG(mode):
        return None
    kinds = (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    )
    return next((kind for test, kind in kinds if test(mode)), "a special file")


def refuse_special(path: Path, what: str) -> None:
    """Raise JournalError when `path` exists and is not a regular file (a FIFO would block the first read)."""
    try:
        kind = special_kind(os.stat(path).st_mode)
    except OSError:
        return  # a missing file is created later; an unreadable one fails with its own message
    if kind is not None:
        raise JournalError(f"{path}: {what} must be a regular file, and this is {kind}")
