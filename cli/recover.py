"""`forecast-journal recover`: list the journal's backups, or restore one."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cli.settings import fail, settings
from domain.display import count_of
from domain.safe_text import visible_line
from storage.backups import backup_dir, find_backup, list_backups, restore_backup, summarise
from storage.schema import read_journal_file


@click.command("recover")
@click.option("--from", "source", metavar="BACKUP", help="Restore this backup (a name from the list, or a path).")
@click.option("--yes", is_flag=True, help="Restore without asking first.")
@click.pass_context
def recover_command(ctx: click.Context, source: str | None, yes: bool) -> None:
    """List backups with their dates and estimate counts, or restore one with --from.

    The backup is checked as strictly as opening a journal, and what it holds is shown before
    asking to restore it (--yes skips the question; without a terminal to ask on, --yes is needed).
    Restoring first keeps the current journal file as JOURNAL.damaged-TIME, so nothing is deleted.
    """
    journal = settings(ctx).journal()
    if source is None:
        _list(journal.path)
        return
    backup = find_backup(journal.path, source)
    held = read_journal_file(backup)
    newest = f"newest entry dated {held.newest.isoformat()}" if held.newest else "no dated entries"
    click.echo(
        f"{visible_line(str(backup))} holds {count_of(len(held.data.predictions), 'prediction')} and "
        f"{count_of(held.data.estimate_count, 'estimate')}; {newest}."
    )
    shown = visible_line(str(journal.path))
    if not yes:
        if sys.stdin is None or not sys.stdin.isatty():
            fail("not restoring without asking, and there is no terminal to ask on; pass --yes to restore")
        if not click.confirm(f"Replace {shown} with it? The current file is kept aside", default=False):
            click.echo("Nothing was restored.")
            return
    aside = restore_backup(journal, backup)
    if aside is not None:
        click.echo(f"Kept the previous journal as {visible_line(str(aside))}")
    click.echo(f"Restored {shown} from {visible_line(str(backup))}")


def _list(journal_path: Path) -> None:
    backups = list_backups(journal_path)
    shown, folder = visible_line(str(journal_path)), visible_line(str(backup_dir(journal_path)))
    if not backups:
        click.echo(f"No backups of {shown} yet; one is made in {folder} on the first use each day.")
        return
    click.echo(f"Backups of {shown} in {folder}:")
    for summary in map(summarise, backups):
        backup = summary.backup
        when = backup.taken.date().isoformat() if backup.kind == "daily" else backup.taken.isoformat(sep=" ")
        count = f"{summary.estimates} estimates" if summary.problem is None else f"unreadable: {summary.problem}"
        click.echo(f"  {visible_line(backup.path.name):45} {when:19}  {visible_line(count)}")
    click.echo("Restore one with: forecast-journal recover --from NAME")
