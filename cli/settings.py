"""What every subcommand shares: the Settings of an invocation and the one-line error for the user.

The command modules import this, never cli.main, so that cli.main can import them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import click

from domain.safe_text import visible_line
from storage.conflict_copies import conflict_copies, conflict_copy_notice
from storage.journal import Clock, Journal, system_clock
from storage.paths import resolve_journal_path

PROG = "forecast-journal"


@dataclass
class Settings:
    """What every subcommand needs; tests pass their own via `obj=` to fix the clock."""

    journal_path: str | Path | None = None
    clock: Clock = field(default=system_clock)

    def journal(self) -> Journal:
        """The selected journal, not yet opened; waiting over a second for its lock is said on stderr."""
        return Journal(resolve_journal_path(self.journal_path), self.clock, on_lock_wait=say_lock_wait)

    def open(self, build: bool = True, *, mention_copies: bool = True) -> Journal:
        """Open the selected journal (see Journal.open), warning on stderr when today's backup could not be made
        and, unless not `mention_copies`, naming each conflict copy a file syncer left beside it."""
        journal = self.journal().open(build)
        if journal.backup_error:
            click.echo(f"{PROG}: warning: {visible_line(journal.backup_error)}", err=True)
        if mention_copies:
            for copy in conflict_copies(journal.path):
                click.echo(f"{PROG}: note: {visible_line(conflict_copy_notice(copy))}", err=True)
        return journal


def say_lock_wait(journal_path: Path) -> None:
    """Say on stderr why a command seems stuck: another process holds the journal's lock."""
    click.echo(
        f"{PROG}: waiting for another forecast-journal process to release the lock on "
        f"{visible_line(str(journal_path))}…",
        err=True,
    )


def settings(ctx: click.Context) -> Settings:
    """The Settings of this invocation."""
    return ctx.ensure_object(Settings)


class UserError(click.ClickException):
    """A one-line error for the user, printed as `forecast-journal: error: …`."""

    def show(self, file: Any = None) -> None:
        """Print the message on stderr, on one line and with control characters made visible, even when it
        quotes an argument, a title or a file name holding them."""
        click.echo(f"{PROG}: error: {visible_line(self.message)}", err=True)


def fail(message: str) -> NoReturn:
    """Abort the command with a one-line message."""
    raise UserError(message)
