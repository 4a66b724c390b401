"""The `forecast-journal` command and its subcommands."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import replace
from typing import Any, TypeVar

import click
import orjson

from cli.interop import add_command, export_document, import_command, seed_command
from cli.recover import recover_command
from cli.review import due_document, due_lines, parse_stale_days
from cli.settings import PROG, UserError, fail, settings
from cli.sync import merge_command, merge_driver_command, sync_command
from domain.display import format_percent
from domain.formats import FORMATS
from domain.model import JournalData, Kind
from domain.review import STALE_DAYS, due_items
from domain.safe_text import json_escaped, visible_line
from domain.tags import has_tags, parse_tag_changes, parse_tags, tags_text
from domain.validation import (
    MAX_TEXT_CHARS,
    InputError,
    check_text,
    parse_date,
    parse_id_number,
    parse_iso_date,
    parse_percent,
    parse_prediction_id,
    parse_title,
    require_text,
)
from storage.errors import ExportTargetExistsError, JournalError
from storage.journal import Journal
from storage.paths import resolve_journal_path

Command = TypeVar("Command", bound=Callable[..., Any])


class UsageProblem(UserError):
    """A malformed command line, shown on one line with a pointer to --help."""

    exit_code = 2


class JournalGroup(click.Group):
    """A group that turns known errors into one-line messages instead of tracebacks."""

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        """Parse the group's own options, reporting mistakes on one line."""
        try:
            return super().make_context(*args, **kwargs)
        except click.UsageError as error:
            raise UsageProblem(f"{error.format_message()} (see '{PROG} --help')") from None

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command, translating usage, domain and storage errors."""
        try:
            return super().invoke(ctx)
        except click.UsageError as error:
            command = f"{PROG} {ctx.invoked_subcommand} --help" if ctx.invoked_subcommand else f"{PROG} --help"
            raise UsageProblem(f"{error.format_message()} (see '{command}')") from None
        except (InputError, JournalError) as error:
            raise UserError(str(error)) from None


def read_stdin_text() -> str:
    """Standard input as UTF-8 text, whatever the locale says; no more than a note's limit is read."""
    most = 4 * MAX_TEXT_CHARS  # bytes: a character is at most 4 in UTF-8
    raw = sys.stdin.buffer.read(most + 1)
    if len(raw) > most:
        raise InputError(f"standard input is longer than a note may be ({MAX_TEXT_CHARS:,} characters)")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"standard input is not valid UTF-8 text (byte {error.start})") from None


def print_json(document: Any) -> None:
    """Print a JSON document, indented, to stdout; characters a terminal could act on are escaped."""
    click.echo(json_escaped(orjson.dumps(document, option=orjson.OPT_INDENT_2).decode()))


@click.group(cls=JournalGroup, invoke_without_command=True)
@click.option(
    "--journal",
    "journal_path",
    # Kept a string: Path("") is ".", and an empty --journal must be refused, not taken as a folder.
    type=click.Path(dir_okay=False),
    help="Journal file (default: $FORECAST_JOURNAL, else the user data directory).",
)
@click.version_option(package_name="forecast-journal", prog_name=PROG)
@click.pass_context
def cli(ctx: click.Context, journal_path: str | None) -> None:
    """A terminal forecasting journal. With no command, opens the journal app."""
    current = settings(ctx)
    if journal_path is not None:
        current.journal_path = journal_path
    if ctx.invoked_subcommand is None:
        from tui.launch import launch  # imported here so that subcommands never load Textual

        launch(resolve_journal_path(current.journal_path), current.clock)


def _tag_filter_option(what: str) -> Callable[[Command], Command]:
    return click.option(
        "--tag",
        "tag_texts",
        metavar="TAG",
        multiple=True,
        help=f"{what} only the predictions with this tag (repeatable: those with all the tags given).",
    )


def _with_tags(data: JournalData, tags: tuple[str, ...]) -> JournalData:
    """The journal with only the predictions that have all of `tags` (all of them when none is given)."""
    return replace(data, predictions=[p for p in data.predictions if has_tags(p, tags)]) if tags else data


@cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the predictions as JSON.")
@_tag_filter_option("List")
@click.pass_context
def list_command(ctx: click.Context, as_json: bool, tag_texts: tuple[str, ...]) -> None:
    """List the predictions with their latest estimate, status and tags."""
    tags = parse_tags(tag_texts)
    journal = settings(ctx).open()
    data = _with_tags(journal.snapshot(), tags)
    if tags and not data.predictions and not as_json:
        click.echo(f"No prediction is tagged {tags_text(tags)}.")
        return
    if as_json:
        from domain.formats.json_listing import journal_to_listing

        print_json(journal_to_listing(data))
        return
    from cli.render import prediction_lines

    for line in prediction_lines(data, journal.today()):
        click.echo(line)


def _date_option(help_text: str) -> Callable[[Command], Command]:
    return click.option("--date", "on", metavar="YYYY-MM-DD", help=help_text)


@cli.command("estimate", context_settings={"ignore_unknown_options": True})
@click.argument("prediction_id", metavar="ID")
@click.argument("percents", metavar="PERCENT...|LOW..HIGH", nargs=-1, required=True)
@click.option("--level", metavar="PERCENT", help="A numeric estimate's confidence level, 50 to 99 (default 80).")
@_date_option("Date the estimate applies to (default: today).")
@click.option("--note", default="", help="A short reason for the estimate.")
@click.pass_context
def estimate_command(
    ctx: click.Context, prediction_id: str, percents: tuple[str, ...], level: str | None, on: str | None, note: str
) -> None:
    """Record a confidence estimate: PERCENT from 0 to 100 (70, 70% or 62.5) for a yes/no question; one
    percent per option, in order, summing to 100, for a multiple-choice one (50 30 20); LOW..HIGH for a
    numeric one (12..18), the central interval the value falls in with --level confidence (default 80)."""
    from domain.kinds import estimate_text, parse_interval, parse_level

    # The numbers are checked before the journal is opened; whether they fit the question, after.
    interval = parse_interval(percents[0]) if len(percents) == 1 and ".." in percents[0] else None
    fractions = () if interval else tuple(parse_percent(percent) for percent in percents)
    confidence = parse_level(level)
    check_text(note, "note")
    journal = settings(ctx).open(build=False)
    pid = parse_prediction_id(prediction_id, journal.prediction_ids())
    prediction = journal.prediction(pid)
    day = parse_date(on, journal.today())
    if level is not None and prediction.kind is not Kind.NUMERIC:
        raise InputError(f"--level is for a numeric prediction; prediction {pid} is {prediction.kind.value}")
    if prediction.kind is Kind.NUMERIC:
        if interval is None:
            raise InputError(f"prediction {pid} is numeric: give its interval as LOW..HIGH, such as 12..18")
        estimate = journal.add_interval_estimate(pid, *interval, confidence, day, note)
    elif interval is not None:
        raise InputError(f"prediction {pid} is {prediction.kind.value}: an interval is for a numeric prediction")
    elif prediction.kind is Kind.CHOICE:
        from domain.kinds import parse_choice_percents

        estimate = journal.add_choice_estimate(pid, parse_choice_percents(percents, len(prediction.options)), day, note)
    elif len(fractions) != 1:
        raise InputError(f"prediction {pid} is a yes/no question: give one percent, not {len(fractions)}")
    else:
        estimate = journal.add_estimate(pid, fractions[0], day, note)
    shown = visible_line(estimate_text(estimate, prediction))
    click.echo(f"Saved: prediction {pid} at {shown} on {estimate.date.isoformat()}.")


@cli.command("note")
@click.argument("prediction_id", metavar="ID")
@click.argument("text", metavar="TEXT")
@_date_option("Date of the note (default: today).")
@click.pass_context
def note_command(ctx: click.Context, prediction_id: str, text: str, on: str | None) -> None:
    """Add a note. TEXT '-' reads the note from standard input."""
    body = require_text(read_stdin_text() if text == "-" else text)
    journal = settings(ctx).open(build=False)
    pid = parse_prediction_id(prediction_id, journal.prediction_ids())
    note = journal.add_note(pid, body, parse_date(on, journal.today()))
    click.echo(f"Saved: note on prediction {pid} dated {note.date.isoformat()}.")


@cli.command("resolve")
@click.argument("prediction_id", metavar="ID")
@click.argument("outcome", metavar="yes|no|ambiguous|OPTION|VALUE")
@_date_option("Date the answer became known (default: today, or the resolve-by date once it has passed).")
@click.option("--note", default="", help="How it was resolved.")
@click.pass_context
def resolve_command(ctx: click.Context, prediction_id: str, outcome: str, on: str | None, note: str) -> None:
    """Resolve a prediction: yes, no or ambiguous; a multiple-choice one by its option's name or number
    (1, 2, …); a numeric one by its value (15.3). 'ambiguous' works for every kind."""
    from domain.kinds import answer_text, parse_answer

    check_text(note, "note")
    journal = settings(ctx).open(build=False)
    pid = parse_prediction_id(prediction_id, journal.prediction_ids())
    prediction = journal.prediction(pid)
    answer = parse_answer(outcome, prediction)
    on_date = parse_date(on, journal.today()) if (on or "").strip() else None
    resolution = journal.resolve(pid, answer.outcome, on_date, note, answer.option, answer.value)
    shown = visible_line(answer_text(resolution, prediction))
    click.echo(f"Saved: prediction {pid} resolved {shown} on {resolution.date.isoformat()}.")


@cli.command("unresolve")
@click.argument("prediction_id", metavar="ID")
@click.pass_context
def unresolve_command(ctx: click.Context, prediction_id: str) -> None:
    """Undo a prediction's resolution."""
    journal = settings(ctx).open(build=False)
    pid = parse_prediction_id(prediction_id, journal.prediction_ids())
    old = journal.unresolve(pid)
    click.echo(f"Saved: prediction {pid} is open again (was {old.outcome.value} on {old.date.isoformat()}).")


@cli.command("score")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--set", "set_name", metavar="NAME", help="Score only the predictions of this set.")
@click.option("--strict", is_flag=True, help="Count each estimate from the day it was recorded, not its date.")
@click.option("--archived", is_flag=True, help="Score archived predictions too.")
@click.option("--explain", is_flag=True, help="Print one line on how to read each score, and exit.")
@_tag_filter_option("Score")
@click.pass_context
def score_command(
    ctx: click.Context,
    as_json: bool,
    set_name: str | None,
    strict: bool,
    archived: bool,
    explain: bool,
    tag_texts: tuple[str, ...],
) -> None:
    """Show Brier, log and baseline scores, calibration, the decomposition and scores by quarter of resolution
    (archived predictions left out unless --archived). --explain says how to read each one."""
    if explain:
        from domain.score_guide import score_guide_lines

        for line in score_guide_lines():
            click.echo(line)
        return
    tags = parse_tags(tag_texts)
    journal = settings(ctx).open()
    data = journal.snapshot()
    ids = None
    if set_name is not None:
        ids = [p.id for p in data.predictions if p.set_name == set_name]
        if not ids:
            sets = ", ".join(repr(name) for name in dict.fromkeys(p.set_name for p in data.predictions))
            fail(f"no set named {set_name!r} (sets: {sets})")
    if tags:
        ids = [p.id for p in _with_tags(data, tags).predictions if ids is None or p.id in ids]
        if not ids:
            fail(f"no prediction{' of that set' if set_name is not None else ''} is tagged {tags_text(tags)}")
    from domain.scoring import archived_note, score_journal

    report = score_journal(data, ids, strict, archived)
    from cli.render import score_document, score_tables

    if as_json:
        print_json(score_document(report, tags))
        return
    from rich.console import Console

    console = Console()
    if tags:
        click.echo(f"Only the predictions tagged {tags_text(tags)}.")
    for table in score_tables(report, journal.snapshot()):
        console.print(table)
    if report.archived:
        click.echo(archived_note(report))


@cli.command("export")
@click.argument("path", required=False, metavar="[PATH]")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(FORMATS)),
    default="markdown",
    show_default=True,
    help="markdown; json, as 'list --json' prints; or fatebook-csv, for Fatebook's importer.",
)
@click.option("--force", is_flag=True, help="Overwrite PATH if it is an existing file.")
@click.pass_context
def export_command(ctx: click.Context, path: str | None, fmt: str, force: bool) -> None:
    """Write the journal to PATH (default ./forecast-journal-YYYY-MM-DD.md, .json or .csv; '-' for stdout).

    An existing file is only overwritten with --force (a symlink's target is replaced, the link kept);
    the journal itself, its lock and backups, folders and special files are always refused.
    """
    journal = settings(ctx).open()
    try:
        target = export_document(journal, fmt, path, force)
    except ExportTargetExistsError as error:
        fail(f"{error}; pass --force to overwrite it")
    if target is not None:
        click.echo(f"Exported to {visible_line(str(target))}")


@cli.command("show")
@click.argument("prediction_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print it as JSON: list --json's fields plus the markers.")
@click.pass_context
def show_command(ctx: click.Context, prediction_id: str, as_json: bool) -> None:
    """Show one prediction in full: every estimate and note numbered (#1, #2, …) with its markers."""
    journal = settings(ctx).open()
    data = journal.snapshot()
    prediction = data.prediction(parse_prediction_id(prediction_id, {p.id for p in data.predictions}))
    assert prediction is not None
    from cli.show import show_document, show_lines

    if as_json:
        print_json(show_document(prediction, data, journal.today()))
        return
    for line in show_lines(prediction, data, journal.today()):
        click.echo(line)


@cli.command("due")
@click.option("--json", "as_json", is_flag=True, help="Print the queue as JSON.")
@click.option(
    "--stale-days",
    "stale_days_text",
    metavar="N",
    default=str(STALE_DAYS),
    show_default=True,
    help="An open prediction is stale when its latest estimate is older than this many days.",
)
@click.pass_context
def due_command(ctx: click.Context, as_json: bool, stale_days_text: str) -> None:
    """List what needs you, most urgent first: overdue predictions to resolve, those due within 14 days,
    then stale ones (no estimate in --stale-days days, or none at all). Archived ones are left out."""
    stale_days = parse_stale_days(stale_days_text)
    journal = settings(ctx).open()
    items = due_items(journal.snapshot(), journal.today(), stale_days)
    if as_json:
        print_json(due_document(items, stale_days))
        return
    for line in due_lines(items, stale_days):
        click.echo(line)


def _numbered_target(ctx: click.Context, prediction_id: str, number: str, what: str) -> tuple[Journal, int, int]:
    """The journal opened for a write, the prediction id and the estimate or note number, all checked."""
    n = parse_id_number(number, f"{what} number")
    journal = settings(ctx).open(build=False)
    return journal, parse_prediction_id(prediction_id, journal.prediction_ids()), n


@cli.command("retract")
@click.argument("prediction_id", metavar="ID")
@click.argument("number", metavar="N")
@click.option("--reason", default="", help="Why it is taken back (a typo, say).")
@click.pass_context
def retract_command(ctx: click.Context, prediction_id: str, number: str, reason: str) -> None:
    """Retract estimate #N (see 'show ID'): it is kept and shown struck through, never scored."""
    check_text(reason, "reason")
    journal, pid, n = _numbered_target(ctx, prediction_id, number, "estimate")
    estimate = journal.retract(pid, n, reason)
    click.echo(f"Saved: estimate #{n} of prediction {pid} ({format_percent(estimate.probability)}) is retracted.")


@cli.command("unretract")
@click.argument("prediction_id", metavar="ID")
@click.argument("number", metavar="N")
@click.pass_context
def unretract_command(ctx: click.Context, prediction_id: str, number: str) -> None:
    """Undo the retraction of estimate #N."""
    journal, pid, n = _numbered_target(ctx, prediction_id, number, "estimate")
    estimate = journal.unretract(pid, n)
    click.echo(f"Saved: estimate #{n} of prediction {pid} ({format_percent(estimate.probability)}) counts again.")


@cli.command("edit-note")
@click.argument("prediction_id", metavar="ID")
@click.argument("number", metavar="N")
@click.argument("text", metavar="TEXT")
@click.pass_context
def edit_note_command(ctx: click.Context, prediction_id: str, number: str, text: str) -> None:
    """Replace note #N's text ('-' reads standard input); earlier texts are kept. Brings back a removed note."""
    body = require_text(read_stdin_text() if text == "-" else text)
    journal, pid, n = _numbered_target(ctx, prediction_id, number, "note")
    journal.edit_note(pid, n, body)
    click.echo(f"Saved: note #{n} of prediction {pid} is edited.")


@cli.command("remove-note")
@click.argument("prediction_id", metavar="ID")
@click.argument("number", metavar="N")
@click.pass_context
def remove_note_command(ctx: click.Context, prediction_id: str, number: str) -> None:
    """Hide note #N; it stays in the file, and 'edit-note' brings it back."""
    journal, pid, n = _numbered_target(ctx, prediction_id, number, "note")
    journal.remove_note(pid, n)
    click.echo(f"Saved: note #{n} of prediction {pid} is removed (edit-note brings it back).")


@cli.command("edit")
@click.argument("prediction_id", metavar="ID")
@click.option("--title", help="A new title.")
@click.option("--text", help="A new text.")
@click.option("--resolve-by", "resolve_by", metavar="YYYY-MM-DD", help="A new resolve-by date (not once resolved).")
@click.pass_context
def edit_command(
    ctx: click.Context, prediction_id: str, title: str | None, text: str | None, resolve_by: str | None
) -> None:
    """Change a prediction of your own; the old title, text and resolve-by are kept as its history."""
    if title is None and text is None and resolve_by is None:
        raise click.UsageError("give --title, --text or --resolve-by")
    if title is not None:
        title = parse_title(title)
    if text is not None:
        check_text(text, "text")
    new_date = None if resolve_by is None else parse_iso_date(resolve_by.strip(), "resolve-by")
    journal = settings(ctx).open(build=False)
    pid = parse_prediction_id(prediction_id, journal.prediction_ids())
    journal.edit_prediction(pid, title, text, new_date)
    click.echo(f"Saved: prediction {pid} is edited (its earlier version is kept).")


@cli.command("tag", context_settings={"ignore_unknown_options": True})
@click.argument("prediction_id", metavar="ID")
@click.argument("changes", nargs=-1, required=True, metavar="+TAG… -TAG…")
@click.pass_context
def tag_command(ctx: click.Context, prediction_id: str, changes: tuple[str, ...]) -> None:
    """Add (+TAG, or a bare TAG) and remove (-TAG) tags of any prediction, then print its tags.

    A tag is 1–40 lower-case letters, digits, '-' and '/', starting with a letter or digit (upper case is
    lower-cased); a prediction has at most 20."""
    added, removed = parse_tag_changes(changes)
    journal = settings(ctx).open(build=False)
    pid = parse_prediction_id(prediction_id, journal.prediction_ids())
    prediction = journal.retag(pid, added, removed)
    shown = f"tags: {tags_text(prediction.tags)}" if prediction.tags else "no tags"
    click.echo(f"Saved: prediction {pid} has {shown}.")


def _set_archived(ctx: click.Context, prediction_id: str, archived: bool) -> None:
    journal = settings(ctx).open(build=False)
    pid = parse_prediction_id(prediction_id, journal.prediction_ids())
    journal.set_archived(pid, archived)
    state = "archived: it leaves the panes and the scores" if archived else "back from the archive"
    click.echo(f"Saved: prediction {pid} is {state}.")


@cli.command("archive")
@click.argument("prediction_id", metavar="ID")
@click.pass_context
def archive_command(ctx: click.Context, prediction_id: str) -> None:
    """Archive a prediction: it leaves the panes and scores ('score --archived' counts it) and stays in the file."""
    _set_archived(ctx, prediction_id, True)


@cli.command("unarchive")
@click.argument("prediction_id", metavar="ID")
@click.pass_context
def unarchive_command(ctx: click.Context, prediction_id: str) -> None:
    """Bring an archived prediction back."""
    _set_archived(ctx, prediction_id, False)


def main() -> None:
    """Entry point of the `forecast-journal` script."""
    cli(prog_name=PROG)


for _command in (
    recover_command,
    import_command,
    add_command,
    seed_command,
    sync_command,
    merge_command,
    merge_driver_command,
):
    cli.add_command(_command)
