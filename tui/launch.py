"""Start the Textual app on a journal file."""

from __future__ import annotations

from pathlib import Path

from storage.journal import Clock
from tui.factory import create_app


def launch(journal_path: Path, clock: Clock) -> None:
    """Run the journal app on `journal_path` until the user quits (or SIGTERM/SIGHUP arrives)."""
    create_app(journal_path, clock, handle_signals=True).run()
