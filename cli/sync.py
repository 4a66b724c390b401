"""`forecast-journal sync`: one journal on several machines through git (storage.gitsync)."""

from __future__ import annotations

import os
from pathlib import Path

import click

from cli.settings import PROG, fail, settings
from domain.safe_text import visible_line


@click.group("sync", invoke_without_command=True)
@click.pass_context
def sync_command(ctx: click.Context) -> None:
    """Commit the journal, fetch, merge by record ids and push. Set up once with 'sync init [REMOTE]'."""
    from storage import gitsync  # git and the merge are needed by these commands alone

    if ctx.invoked_subcommand is not None:
        return
    if not gitsync.have_git():
        fail("git is not installed: sync needs the git command")
    journal = settings(ctx).open(build=False)
    for line in gitsync.sync(journal.path, journal.exclusive).lines:
        click.echo(visible_line(line))


@sync_command.command("init")
@click.argument("remote", required=False, metavar="[REMOTE]")
@click.pass_context
def sync_init_command(ctx: click.Context, remote: str | None) -> None:
    """Make the journal's folder a git repository (or use the one it is in) and register the journal's merge."""
    from storage import gitsync  # git and the merge are needed by these commands alone

    if not gitsync.have_git():
        fail("git is not installed: sync needs the git command")
    journal = settings(ctx).open(build=False)
    for line in gitsync.init(journal.path, remote):
        click.echo(visible_line(line))


@click.command("merge-driver", hidden=True)
@click.argument("base", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("ours", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("theirs", type=click.Path(dir_okay=False, path_type=Path))
def merge_driver_command(base: Path, ours: Path, theirs: Path) -> None:
    """Git's merge driver for a journal (%O %A %B): the merge by record ids, written over OURS."""
    from storage import gitsync  # git and the merge are needed by these commands alone

    merged = gitsync.merge_files(base, ours, theirs)
    for line in merged.conflicts:
        click.echo(f"{PROG}: {visible_line(line)}", err=True)


@click.command("merge")
@click.argument("path", metavar="FILE")
@click.option("--dry-run", is_flag=True, help="Say what the merge would add, and change nothing.")
@click.pass_context
def merge_command(ctx: click.Context, path: str, dry_run: bool) -> None:
    """Merge another copy of the journal (a Syncthing or Dropbox conflict copy, say) into this one by record ids.

    Nothing is lost: afterwards the copy can be deleted."""
    from storage import gitsync  # git and the merge are needed by these commands alone

    journal = settings(ctx).open(build=False, mention_copies=False)
    source = Path(os.path.realpath(Path(path).expanduser()))
    if source == journal.path:
        fail(f"{path} is the journal itself")
    lines = gitsync.merge_copy(journal.path, journal.exclusive, source, dry_run)
    for line in lines:
        click.echo(visible_line(line))
