"""`forecast-journal import`, `add` and `seed`, and writing an export in any format (domain.formats).

Heavy modules (rich, the parsers) are imported inside the commands so that other commands stay fast.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cli.settings import Settings, settings
from domain.display import count_of
from domain.formats import FORMATS, default_export_name
from domain.safe_text import visible, visible_line
from domain.tags import tags_text
from domain.validation import MAX_IMPORT_BYTES, InputError
from storage.exporting import export_file
from storage.journal import Journal
from storage.paths import special_kind

if TYPE_CHECKING:
    from domain.merge import ImportedPrediction, MergeReport, Progress
    from domain.model import JournalData


def _read(path: Path) -> bytes:
    """The bytes of an import or seed file, which must be a regular file of at most MAX_IMPORT_BYTES.

    Anything else (a FIFO, a directory, a device) is refused before it is opened, and no more than
    the limit and one byte are read, so a file that grows while it is read is still refused.
    """
    def refuse(mode: int, size: int) -> None:
        kind = special_kind(mode)
        if kind is not None:
            raise InputError(f"{path}: import and seed read only regular files, and this is {kind}")
        if size > MAX_IMPORT_BYTES:
            raise InputError(f"{path}: the file is over the limit of {MAX_IMPORT_BYTES // 2**20} MiB")

    try:
        before = os.stat(path)
        refuse(before.st_mode, before.st_size)
        # O_NONBLOCK: should the file have been swapped for a FIFO since, opening it must not wait for a writer.
        with open(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as file:
            opened = os.fstat(file.fileno())
            refuse(opened.st_mode, opened.st_size)
            data = file.read(MAX_IMPORT_BYTES + 1)
    except OSError as error:
        raise InputError(f"{path}: cannot read the file ({error.strerror or error})") from None
    refuse(opened.st_mode, len(data))
    return data


def change_lines(report: MergeReport) -> Iterator[str]:
    """One line per prediction that gains something, then the totals."""
    added = {p.id for p in report.predictions}
    titles = {p.id: p.title for p in (*report.matched, *report.predictions)}
    estimates = Counter(e.prediction_id for e in report.estimates)
    notes = Counter(n.prediction_id for n in report.notes)
    resolutions = {r.prediction_id: r for r in report.resolutions}
    before = {p.id: set(p.tags) for p in report.matched}
    gained = {p.id: [tag for tag in p.tags if tag not in before.get(p.id, ())] for p in report.retagged}
    for prediction_id in sorted(added | set(estimates) | set(notes) | set(resolutions) | set(gained)):
        parts = [count_of(estimates[prediction_id], "estimate"), count_of(notes[prediction_id], "note")]
        if prediction_id in resolutions:
            resolution = resolutions[prediction_id]
            parts.append(f"resolved {resolution.outcome.value} on {resolution.date.isoformat()}")
        if prediction_id in gained:
            parts.append(f"tags added: {tags_text(gained[prediction_id])}")
        marker = "new" if prediction_id in added else "existing"
        yield f"  {prediction_id}. {visible_line(titles[prediction_id])} ({marker}): {', '.join(parts)}"
    yield (
        f"{count_of(len(report.predictions), 'new prediction')}, {count_of(len(report.estimates), 'estimate')}, "
        f"{count_of(len(report.notes), 'note')}, {count_of(len(report.resolutions), 'resolution')}, "
        f"{count_of(report.corrected, 'correction')} (retractions, note edits and removals); "
        f"{count_of(report.skipped, 'identical record')} already in the journal"
        + (f"; {count_of(len(report.retagged), 'prediction')} gained tags" if report.retagged else "")
    )


def _journal_as_it_is(current: Settings) -> JournalData:
    """The selected journal, read without writing anything (no lock, backup or new file); when there is
    none, the new journal that opening it would create, with the default seed set."""
    from storage import schema

    path = current.journal().path
    if path.exists():
        return schema.read_journal_file(path).data
    from domain.records import journal_from_tables
    from domain.seeds import parse_seed
    from seeds import DEFAULT_SEED, read_seed

    seed_set = parse_seed(read_seed(DEFAULT_SEED), DEFAULT_SEED)
    return journal_from_tables(schema.new_journal(seed_set.predictions()))


def _dry_run(current: Settings, batch: list[ImportedPrediction], progress: Progress) -> MergeReport:
    """What merging `batch` would do, worked out with nothing written: the checks Journal.merge makes
    before it plans, then the plan."""
    from domain.merge import check_batch_text, plan_merge

    for item in batch:
        check_batch_text(item)
    return plan_merge(_journal_as_it_is(current), batch, progress)


def _merge_with_progress(current: Settings, batch: list[ImportedPrediction], dry_run: bool) -> MergeReport:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
    from rich.progress import Progress as ProgressBar

    from domain.merge import batch_records

    journal = None if dry_run else current.open()
    console = Console(stderr=True)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with ProgressBar(*columns, console=console, transient=True, disable=not console.is_terminal) as bar:
        task = bar.add_task("Merging", total=batch_records(batch))

        def advance(done: int) -> None:
            bar.advance(task, done)

        if journal is None:
            return _dry_run(current, batch, advance)
        return journal.merge(batch, progress=advance)


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Print what would change and write nothing (not even a missing journal).")
@click.pass_context
def import_command(ctx: click.Context, file: Path, dry_run: bool) -> None:
    """Merge a file into the journal: `list --json` JSON, an `export` markdown file, or Fatebook's CSV export.

    Predictions match by set and title; records already in the journal are skipped, and a
    resolution that differs from the journal's is reported, not overwritten.
    """
    from domain.formats import read_import

    current = settings(ctx)
    kind, batch = read_import(_read(file), file.name, current.clock().date())
    report = _merge_with_progress(current, batch, dry_run)
    name = visible_line(file.name)
    if dry_run:
        click.echo(f"Dry run of importing {name} ({kind}); nothing was written. It would add:")
    else:
        click.echo(f"Imported {name} ({kind}):" if report.changed else f"Nothing new in {name} ({kind}):")
    for line in change_lines(report):
        click.echo(line)
    for conflict in report.conflicts:
        click.echo(f"conflict: {visible_line(conflict)}", err=True)


@click.command("add")
@click.argument("title")
@click.option("--text", default="", help="What exactly is predicted (default: empty).")
@click.option("--resolve-by", metavar="YYYY-MM-DD", help="When it should be known (default: 31 December this year).")
@click.option("--tag", "tags", metavar="TAG", multiple=True, help="A tag to give it (repeatable; see 'tag --help').")
@click.option(
    "--option",
    "options",
    metavar="TEXT",
    multiple=True,
    help="An option of a multiple-choice question (give 2 to 12, in order).",
)
@click.option("--numeric", is_flag=True, help="A question answered by a number, estimated as an interval.")
@click.option("--unit", metavar="TEXT", help="The unit of a --numeric question's number.")
@click.pass_context
def add_command(
    ctx: click.Context,
    title: str,
    text: str,
    resolve_by: str | None,
    tags: tuple[str, ...],
    options: tuple[str, ...],
    numeric: bool,
    unit: str | None,
) -> None:
    """Add a prediction of your own to the set 'Own predictions': a yes/no question, or with --option
    (repeated) a multiple-choice one, or with --numeric one answered by a number."""
    from domain.kinds import parse_question

    question = parse_question(options, numeric, unit)
    added = settings(ctx).open().add_own_prediction(title, text, resolve_by, tags, question)
    title = visible_line(added.title)
    tagged = f", tagged {tags_text(added.tags)}" if added.tags else ""
    asks = ""
    if added.options:
        asks = f", options {visible_line(' / '.join(added.options))}"
    elif added.unit:
        asks = f", a number in {visible_line(added.unit)}"
    elif numeric:
        asks = ", a number"
    click.echo(
        f"Saved: prediction {added.id}, '{title}'{asks}, resolving by {added.resolve_by.isoformat()}{tagged}."
    )


@click.command("seed")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
def seed_command(ctx: click.Context, file: Path) -> None:
    """Add a prediction set from a markdown file shaped like the bundled 2025 seeds.

    The set is named by the file's title, and its predictions resolve by the end of the year in that title.
    Predictions already in the journal (same set and title) are left as they are.
    """
    from domain.checks import decode
    from domain.seeds import parse_seed, seed_batch

    seed_set = parse_seed(decode(_read(file), file.name), file.name)
    report = settings(ctx).open().merge(seed_batch(seed_set))
    ids = [p.id for p in report.predictions]
    span = f" (ids {ids[0]}–{ids[-1]})" if ids else ""
    click.echo(
        f"Saved: {count_of(len(ids), 'prediction')} from '{visible_line(seed_set.title)}'{span}, "
        f"resolving by {seed_set.resolve_by.isoformat()}; {len(report.matched)} already in the journal."
    )
    for conflict in report.conflicts:
        click.echo(f"conflict: {visible_line(conflict)}", err=True)


def export_document(journal: Journal, fmt: str, path: str | None, overwrite: bool = False) -> Path | None:
    """Export in `fmt` to `path` (default name in the working directory) and return the file written.

    The target is checked by Journal.export: an existing file needs `overwrite`, and the journal, its
    lock and backups and anything not a regular file are refused. '-' prints to stdout and returns None.
    What the format cannot carry (a Fatebook CSV's numeric predictions) is named on stderr.
    """
    export_format = FORMATS[fmt]
    left_out: list[str] = []

    def render(data: JournalData) -> str:
        note = export_format.left_out(data)
        if note is not None:
            left_out.append(note)
        return export_format.render(data, journal.clock())

    if path == "-":
        text = render(journal.snapshot())
        if sys.stdout.isatty():
            # Only what a terminal shows is cleaned; piped output stays byte-exact. A CSV row's CRLF is a line end.
            text = visible(text.replace("\r\n", "\n"))
        sys.stdout.write(text)
        written = None
    elif path == "":
        raise InputError("the export path is empty; give a file name, or '-' for standard output")
    else:
        target = Path(path) if path else Path.cwd() / default_export_name(journal.today(), fmt)
        written = export_file(journal, target, render, overwrite)
    for line in left_out:
        click.echo(f"note: {line}", err=True)
    return written

