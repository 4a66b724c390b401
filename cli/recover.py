"""`forecast-journal recover`: list the journal's backups, or restore one."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from storage.backups import backup_dir, find_backup, list_backups, restore_backup, summarise
from storage.journal import Journal
from storage.paths import resolve_journal_path

if TYPE_CHECKING:
    from cli.main import Settings


@click.command("recover")
@click.option("--from", "source", metavar="BACKUP", help="Restore this backup (a name from the list, or a path).")
@click.pass_context
def recover_command(ctx: click.Context, source: str | None) -> None:
    """List backups with their dates and estimate counts, or restore one with --from.

    Restoring first keeps the current journal file as JOURNAL.damaged-TIME, so nothing is deleted.
    """
    current: Settings = ctx.obj
    journal_path = resolve_journal_path(current.journal_path)
    if source is None:
        _list(journal_path)
        return
    backup = find_backup(journal_path, source)
    aside = restore_backup(Journal(journal_path, current.clock), backup)
    if aside is not None:
        click.echo(f"Kept the previous journal as {aside}")
    click.echo(f"Restored {journal_path} from {backup}")


def _list(journal_path: Path) -> None:
    backups = list_backups(journal_path)
    folder = backup_dir(journal_path)
    if not backups:
        click.echo(f"No backups of {journal_path} yet; one is made in {folder} on the first use each day.")
        return
    click.echo(f"Backups of {journal_path} in {folder}:")
    for summary in map(summarise, backups):
        backup = summary.backup
        when = backup.taken.date().isoformat() if backup.kind == "daily" else backup.taken.isoformat(sep=" ")
        count = f"{summary.estimates} estimates" if summary.problem is None else f"unreadable: {summary.problem}"
        click.echo(f"  {backup.path.name:45} {when:19}  {count}")
    click.echo("Restore one with: forecast-journal recover --from NAME")
