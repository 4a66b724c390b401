"""Start the Textual app (placeholder until the TUI lands)."""

from __future__ import annotations

from pathlib import Path

import click

from storage.journal import Clock


def launch(journal_path: Path, clock: Clock) -> None:
    """Open the journal app on `journal_path`."""
    click.echo("The forecast-journal app is not built yet; use the subcommands (see --help).")
