"""The markdown journal: `forecast-journal export` writes it, `forecast-journal import` reads it back.

The file is YAML front matter (with the overall scores at full precision), a readable summary
(the same scores rounded, and the calibration table), and then one section per prediction. The
layout is meant for people first, and is also read back losslessly:
- free text (prediction text, notes, resolution notes) is a blockquote, every line prefixed
  with "> " (">" for an empty line), so headings, fences, pipes and `---` inside stay inert; a
  line followed by another non-empty line ends in a `\\` (a hard line break), so a rendered
  note keeps its line breaks, and reading takes that one `\\` off again;
- estimates are listed by date (the same date in the order they were recorded), each with its
  number `#` (the order they were recorded, as `show` and `retract` number them);
- estimate notes sit in a table cell with `\\`, `|`, `<` and carriage returns escaped as `\\\\`,
  `\\|`, `\\<` and `\\r`, and newlines written `<br>` (a line break in a rendered table); each cell
  is padded by exactly one space on each side;
- probabilities are written exactly (Python's shortest round-tripping repr) beside the percent,
  and a file whose percent disagrees with its probability is refused;
- an unknown recording time (an import that did not give it) is written `unknown`;
- a prediction's tags are a `- Tags: a, b` line under its status (none: no line);
- a choice prediction has `- Kind: choice` and one `- Option N: NAME` line per option under its
  resolve-by date, a numeric one `- Kind: numeric` and, when it has one, `- Unit: TEXT` (a yes/no one
  has no such lines); their estimate tables have a `Probabilities` column (each option's probability,
  exactly, in option order) or an `Interval` column (`LOW..HIGH at LEVEL`, exactly) in place of
  `Probability`, and an answered resolution has an `- Option:` or `- Value:` line;
- corrections are kept: an archived prediction says so, an edited one lists its earlier versions,
  a retracted estimate is struck through and its retraction listed under the table, and a note
  lists its earlier texts and when it was removed.

Reading takes only the recorded facts: each prediction's set, source, resolve-by, kind, options, unit,
text, archived, tags, history, resolution, estimates, retractions and notes. The summary, statuses, markers and scores
are derived, so they are skipped. Files of the earlier layouts are still read: the second
(FORMAT_TAG_V2, yes/no predictions only) and the first (FORMAT_TAG_V1: estimates in recording order
without `#`, no hard line breaks, `\\n` for a newline in a cell, no summary).
The file is split on "\\n" alone, so other line separators inside notes stay part of their line.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from domain.checks import (
    ImportFileError,
    NotThisFormat,
    check_estimate,
    check_note,
    check_prediction,
    check_resolution,
    located,
)
from domain.display import UNKNOWN_TIME, format_percent, format_recorded, format_score
from domain.kinds import (
    answer_text,
    estimate_problem,
    estimate_text,
    format_number,
    options_problem,
    resolution_problem,
    with_unit,
)
from domain.markers import estimate_markers
from domain.merge import ImportedPrediction
from domain.model import (
    Estimate,
    JournalData,
    Kind,
    Note,
    NoteRevision,
    Outcome,
    Prediction,
    PredictionRevision,
    Resolution,
    Retraction,
    UndoneResolution,
    date_order,
    status_of,
)
from domain.records import RecordError
from domain.scoring import (
    CHOICE_NOTE,
    SCALE_NOTE,
    PredictionScore,
    ScoreReport,
    archived_note,
    coverage_line,
    overall_summary,
    score_journal,
    window_close,
)
from domain.tags import parse_tags
from domain.validation import parse_decimal, parse_id_number, parse_iso_date, quoted

FORMAT_TAG = "forecast-journal-markdown/3"
FORMAT_TAG_V2 = "forecast-journal-markdown/2"
FORMAT_TAG_V1 = "forecast-journal-markdown/1"
HARD_BREAK = "\\"


def quote_block(text: str) -> str:
    """Text as a markdown blockquote that keeps every character and, when rendered, every line break."""
    lines = text.split("\n")
    quoted = []
    for index, line in enumerate(lines):
        if not line:
            quoted.append(">")
        elif index + 1 < len(lines) and lines[index + 1]:
            quoted.append(f"> {line}{HARD_BREAK}")
        else:
            quoted.append(f"> {line}")
    return "\n".join(quoted)


def escape_cell(text: str) -> str:
    """Text for one markdown table cell, reversibly escaped; a newline becomes `<br>`."""
    escaped = text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "\\<").replace("\r", "\\r")
    return escaped.replace("\n", "<br>")


def _status_line(prediction: Prediction, data: JournalData, today: date) -> str:
    resolution = data.resolution_for(prediction.id)
    if resolution is None:
        return status_of(prediction, None, today)
    return f"resolved {answer_text(resolution, prediction)} on {resolution.date.isoformat()}"


def _score_lines(score: PredictionScore, prediction: Prediction) -> list[str]:
    if score.interval_score is not None:
        held = "held" if score.covered else "missed"
        return [
            f"- Interval score: {with_unit(format_number(score.interval_score), prediction.unit)} "
            f"(the final interval {held} the value)"
        ]
    if score.kind is Kind.CHOICE and score.brier is not None:
        return [
            f"- Final Brier (multiple choice, 0 to 2): {format_score(score.brier)} "
            f"(the answer had {format_percent(score.final_probability or 0)})",
            f"- Time-averaged Brier: {format_score(score.time_averaged_brier)}",
        ]
    if score.brier is not None:
        return [
            f"- Final Brier: {format_score(score.brier)} "
            f"(final estimate {format_percent(score.final_probability or 0)})",
            f"- Time-averaged Brier: {format_score(score.time_averaged_brier)}",
        ]
    if score.if_yes is not None:
        return [
            f"- Pending: Brier {format_score(score.if_yes)} if it resolves yes, "
            f"{format_score(score.if_no)} if it resolves no",
        ]
    return ["- Not scored (no estimate before the resolution, or resolved ambiguous)"]


def _prediction_section(prediction: Prediction, data: JournalData, score: PredictionScore, today: date) -> list[str]:
    lines = [
        f"## {prediction.id}. {prediction.title}",
        "",
        f"- Set: {prediction.set_name}",
        f"- Source: {prediction.source}",
        f"- Resolve by: {prediction.resolve_by.isoformat()}",
        *_kind_lines(prediction),
        f"- Status: {_status_line(prediction, data, today)}",
        *([_ARCHIVED] if prediction.archived else []),
        *([f"{_TAGS}{', '.join(prediction.tags)}"] if prediction.tags else []),
        "",
        quote_block(prediction.text),
        "",
    ]
    if prediction.history:
        lines += [_EARLIER_VERSIONS, ""]
        for old in prediction.history:
            lines += [f"#### Replaced {old.recorded_at.isoformat()}", ""]
            lines += [f"- Title: {old.title}", f"- Resolve by: {old.resolve_by.isoformat()}", ""]
            lines += [quote_block(old.text), ""]
    resolution = data.resolution_for(prediction.id)
    if resolution is not None:
        lines += ["### Resolution", "", *_answer_lines(resolution)]
    if prediction.undone:
        lines += [_UNDONE_RESOLUTIONS, ""]
        for taken_back in prediction.undone:
            lines += [f"#### Undone {taken_back.undone_at.isoformat()}", ""]
            lines += _answer_lines(taken_back.resolution(prediction.id))
    lines += ["### Estimates", ""]
    estimates = data.estimates_for(prediction.id)
    if estimates:
        lines += [_estimate_header(prediction.kind), _ESTIMATE_RULE]
        close = window_close(prediction, resolution)
        by_date = sorted(enumerate(estimates, 1), key=lambda numbered: date_order(numbered[1]))
        lines += [
            f"| {n} | {e.date.isoformat()} | {_shown_estimate(e, prediction, close)} | {_exact_estimate(e)} | "
            f"{format_recorded(e.recorded_at)} | {escape_cell(e.note)} |"
            for n, e in by_date
        ]
        retracted = [(n, e.retracted) for n, e in enumerate(estimates, 1) if e.retracted is not None]
        if retracted:
            lines.append("")
        for n, retraction in retracted:
            reason = f": {escape_cell(retraction.reason)}" if retraction.reason else ""
            lines.append(f"- #{n} retracted at {retraction.recorded_at.isoformat()}{reason}")
    else:
        lines.append("No estimates yet.")
    lines += ["", "### Notes", ""]
    notes = data.notes_for(prediction.id)
    for note in notes:
        heading = f"#### {note.date.isoformat()} (recorded {format_recorded(note.recorded_at)})"
        lines += [heading, "", quote_block(note.text), ""]
        if note.removed is not None:
            lines += [f"{_REMOVED}{note.removed.isoformat()}", ""]
        for revision in note.revisions:
            lines += [f"{_EARLIER_TEXT}{revision.recorded_at.isoformat()})", "", quote_block(revision.text), ""]
    if not notes:
        lines += ["No notes yet.", ""]
    lines += ["### Scores", "", *_score_lines(score, prediction), ""]
    return lines


def _kind_lines(prediction: Prediction) -> list[str]:
    """A choice prediction's kind and numbered options, a numeric one's kind and unit; none for yes/no."""
    if prediction.kind is Kind.CHOICE:
        return [_KIND_CHOICE, *(f"- Option {n}: {option}" for n, option in enumerate(prediction.options, 1))]
    if prediction.kind is Kind.NUMERIC:
        return [_KIND_NUMERIC, *([f"{_UNIT}{prediction.unit}"] if prediction.unit else [])]
    return []


def _estimate_header(kind: Kind) -> str:
    return f"| # | Date | Estimate | {_EXACT_COLUMN[kind]} | Recorded at | Note |"


def _exact_estimate(estimate: Estimate) -> str:
    """What the estimate says, exactly (Python's shortest round-tripping repr of each number)."""
    if estimate.probabilities is not None:
        return ", ".join(repr(p) for p in estimate.probabilities)
    if estimate.level is not None:
        return f"{estimate.low!r}..{estimate.high!r} at {estimate.level!r}"
    return repr(estimate.probability)


def _estimate_words(estimate: Estimate, prediction: Prediction) -> str:
    """The estimate as the Estimate cell shows it: '70%', 'A 50% · B 30%' or '12..18 GW at 80%'."""
    return escape_cell(estimate_text(estimate, prediction))


def _shown_estimate(estimate: Estimate, prediction: Prediction, close: date) -> str:
    """The estimate in words with its markers (derived, so skipped on reading): retracted ones struck through."""
    shown = _estimate_words(estimate, prediction)
    if estimate.retracted is not None:
        shown = f"~~{shown}~~"
    return " ".join([shown, *estimate_markers(estimate, close)])


def _summary(report: ScoreReport) -> list[str]:
    """The overall scores rounded and the calibration table, for a person reading the file."""
    lines = [_SUMMARY_HEADING, "", _SUMMARY_INTRO, "", SCALE_NOTE, ""]
    coverage = _coverage_lines(report)
    if report.brier is None:
        return [*lines, *(coverage or ["No resolved prediction is scored yet.", ""])]
    if any(s.kind is Kind.CHOICE and s.scored for s in report.counted):
        lines += [f"{CHOICE_NOTE[0].upper()}{CHOICE_NOTE[1:]}.", ""]
    lines += [
        "| Score | Value |",
        "|---|---|",
        f"| Scored predictions | {report.scored:,} |",
        f"| Brier score of final estimates | {format_score(report.brier)} |",
        f"| Time-averaged Brier score | {format_score(report.time_averaged_brier)} |",
        f"| Always-50% baseline | {format_score(report.baseline_brier)} |",
        f"| Brier skill score (1 − BS/0.25) | {format_score(report.skill)} |",
        "",
    ]
    if archived_note(report):
        lines += [f"{archived_note(report)}.", ""]
    lines += [
        "Calibration of final estimates (Wilson 90% interval):",
        "",
        "| Bin | Predictions | Mean forecast | Came true | 90% interval |",
        "|---|---|---|---|---|",
    ]
    for b in (b for b in report.calibration if b.n):
        interval = f"{_rounded(b.interval_low)}–{_rounded(b.interval_high)}"
        lines.append(
            f"| {b.centre}% | {b.n:,} | {_rounded(b.mean_forecast)} | {_rounded(b.observed_frequency)} | {interval} |"
        )
    return [*lines, "", *coverage]


def _coverage_lines(report: ScoreReport) -> list[str]:
    """How often the numeric predictions' final intervals held the value, per level (none: no lines)."""
    if not report.interval_coverage:
        return []
    rows = [f"- {coverage_line(row)}" for row in report.interval_coverage]
    return ["Numeric predictions, final intervals by confidence level (Wilson 90% interval):", "", *rows, ""]


def _rounded(fraction: float | None) -> str:
    return "—" if fraction is None else f"{fraction:.0%}"


def render_markdown(data: JournalData, report: ScoreReport, exported_at: datetime) -> str:
    """The whole journal as markdown: front matter with the overall scores, a readable summary, then one
    section per prediction."""
    sets = list(dict.fromkeys(p.set_name for p in data.predictions))
    sources = list(dict.fromkeys(p.source for p in data.predictions))
    scores = {s.prediction_id: s for s in report.predictions}
    body: list[str] = _summary(report)
    for set_name in sets:
        body += [f"# {set_name}", ""]
        for prediction in (p for p in data.predictions if p.set_name == set_name):
            body += _prediction_section(prediction, data, scores[prediction.id], exported_at.date())
    import frontmatter  # here, not at the top: YAML costs 10 ms of every command's start-up

    front_matter = frontmatter.Post(
        "",
        title=" + ".join(sets) if sets else "forecast-journal",
        source=", ".join(sources),
        exported_at=exported_at.isoformat(),
        format=FORMAT_TAG,
        scale=SCALE_NOTE,
        overall=overall_summary(report),
    )
    # The body is not handed to frontmatter.dumps: at 100k estimates each extra copy is ~15 MB.
    text = "\n".join(body).rstrip()
    return f"{frontmatter.dumps(front_matter, sort_keys=False)}\n\n{text}\n"


def render(data: JournalData, now: datetime) -> str:
    """`data` as the markdown export, with its scores, stamped `now`."""
    return render_markdown(data, score_journal(data), now)


# These mirror render_markdown above; the round-trip tests keep them in step.
_SUMMARY_HEADING = "# Summary"
_SUMMARY_INTRO = "Derived from the predictions below when the file was exported; import skips this section."
_PREDICTION_HEADING = re.compile(r"## ([0-9]+)\. (.*)")
_NOTE_HEADING = re.compile(r"#### (\S+) \(recorded (\S+)\)")
_EXACT_COLUMN = {Kind.BINARY: "Probability", Kind.CHOICE: "Probabilities", Kind.NUMERIC: "Interval"}
_ESTIMATE_RULE = "|---|---|---|---|---|---|"
_ESTIMATE_HEADER_V1 = "| Date | Estimate | Probability | Recorded at | Note |"
_ESTIMATE_RULE_V1 = "|---|---|---|---|---|"
_NO_ESTIMATES = "No estimates yet."
_ARCHIVED = "- Archived: yes"
_KIND_CHOICE = "- Kind: choice"
_KIND_NUMERIC = "- Kind: numeric"
_OPTION_LINE = re.compile(r"- Option ([0-9]+): (.*)")
_UNIT = "- Unit: "
_OPTION = "- Option: "
_VALUE = "- Value: "
_TAGS = "- Tags: "
_EARLIER_VERSIONS = "### Earlier versions"
_REPLACED = re.compile(r"#### Replaced (\S+)")
_UNDONE_RESOLUTIONS = "### Undone resolutions"
_UNDONE = re.compile(r"#### Undone (\S+)")
_RETRACTED = re.compile(r"- #([0-9]+) retracted at (\S+?)(?:: (.*))?")
_REMOVED = "- Removed at "
_EARLIER_TEXT = "##### Earlier text (replaced "
_NO_NOTES = "No notes yet."
_ESCAPE = re.compile(r"\\(.?)|\||<br>", re.DOTALL)
_UNESCAPED = {"\\": "\\", "|": "|", "<": "<", "r": "\r"}
_UNESCAPED_V1 = {"\\": "\\", "|": "|", "n": "\n", "r": "\r"}
_VERSIONS = {f"format: {FORMAT_TAG}": 3, f"format: {FORMAT_TAG_V2}": 2, f"format: {FORMAT_TAG_V1}": 1}


def unescape_cell(cell: str, version: int = 3) -> str:
    """Undo escape_cell (of the file layout `version`); raises RecordError on an escape it never writes."""
    unescaped = _UNESCAPED_V1 if version == 1 else _UNESCAPED

    def one(match: re.Match[str]) -> str:
        found = match.group(0)
        if found == "|":
            raise RecordError("the note has a '|' that is not escaped as '\\|'")
        if found == "<br>":
            return found if version == 1 else "\n"
        if match.group(1) not in unescaped:
            raise RecordError(f"the note has an unknown escape {found!r}")
        return unescaped[match.group(1)]

    return _ESCAPE.sub(one, cell)


class _Cursor:
    """Lines of the body with their line numbers in the file, read front to back."""

    def __init__(self, lines: list[str], first_number: int, name: str, version: int) -> None:
        self.lines = lines
        self.first_number = first_number
        self.name = name
        self.version = version
        self.index = 0

    @property
    def where(self) -> str:
        if self.index >= len(self.lines):
            return "end of file"
        return f"line {self.first_number + self.index}"

    def error(self, problem: str) -> ImportFileError:
        return ImportFileError(f"{self.name}: {self.where}: {problem}")

    def peek(self) -> str | None:
        return self.lines[self.index] if self.index < len(self.lines) else None

    def take(self) -> str:
        line = self.peek()
        if line is None:
            raise self.error("the file ends too early")
        self.index += 1
        return line

    def skip_blank(self) -> None:
        while self.peek() == "":
            self.index += 1

    def expect(self, prefix: str) -> str:
        """Take a line starting with `prefix` and return the rest of it."""
        line = self.peek()
        if line is None or not line.startswith(prefix):
            found = "the end of the file" if line is None else repr(_shorten(line))
            raise self.error(f"expected {prefix.rstrip()!r}, found {found}")
        self.index += 1
        return line[len(prefix) :]

    def expect_line(self, exact: str) -> None:
        if self.expect(exact) != "":
            self.index -= 1
            raise self.error(f"expected exactly {exact!r}")

    def quote_block(self) -> str:
        """Take a blockquote written by quote_block and return the text it holds."""
        if not (self.peek() or "").startswith(">"):
            raise self.error("expected a '>' quoted block of text")
        text = []
        while (line := self.peek()) is not None and line.startswith(">"):
            if line == ">":
                text.append("")
            elif line.startswith("> "):
                text.append(line[2:])
            else:
                raise self.error("a quoted line must start with '> ' or be a lone '>'")
            self.index += 1
        if self.version > 1:
            # quote_block ends a line with HARD_BREAK exactly when the next line is not empty.
            for index in range(len(text) - 1):
                if text[index + 1] and text[index].endswith(HARD_BREAK):
                    text[index] = text[index][: -len(HARD_BREAK)]
        return "\n".join(text)


def _shorten(line: str, limit: int = 60) -> str:
    return line if len(line) <= limit else line[:limit] + "…"


def _body(text: str, name: str) -> _Cursor:
    lines = text.split("\n")
    if lines[0] != "---":
        raise NotThisFormat(name, "line 1 is not the '---' that opens an export's front matter")
    end = next((i for i in range(1, len(lines)) if lines[i] == "---"), None)
    if end is None:
        raise NotThisFormat(name, "the front matter has no closing '---' line")
    version = next((_VERSIONS[line] for line in lines[1:end] if line in _VERSIONS), None)
    if version is None:
        raise NotThisFormat(
            name,
            f"its front matter has no 'format: {FORMAT_TAG}' line, so it is not a forecast-journal export "
            "(to add a prediction set from a seed file, use 'forecast-journal seed')",
        )
    return _Cursor(lines[end + 1 :], end + 2, name, version)


def _skip_summary(cursor: _Cursor) -> None:
    """Take the summary that opens the body (a file of the first layout has none): it is all derived."""
    if cursor.version == 1:
        return
    cursor.expect_line(_SUMMARY_HEADING)
    cursor.skip_blank()
    cursor.expect_line(_SUMMARY_INTRO)
    while (line := cursor.peek()) is not None and not line.startswith("#"):
        cursor.take()


def _answer_lines(resolution: Resolution) -> list[str]:
    """A resolution's lines, as the Resolution section and each undone one write them; read by `_answer`."""
    lines = [f"- Outcome: {resolution.outcome.value}"]
    lines += [f"{_OPTION}{resolution.option}"] if resolution.option is not None else []
    lines += [f"{_VALUE}{resolution.value!r}"] if resolution.value is not None else []
    lines += [f"- Date: {resolution.date.isoformat()}", ""]
    return lines + ([quote_block(resolution.note), ""] if resolution.note else [])


def _answer(cursor: _Cursor, prediction_id: int) -> Resolution:
    """The resolution `_answer_lines` wrote, not yet checked against its prediction."""
    with located(cursor.name, cursor.where):
        outcome = Outcome(cursor.expect("- Outcome: "))
    option = cursor.expect(_OPTION) if (cursor.peek() or "").startswith(_OPTION) else None
    value = None
    if (cursor.peek() or "").startswith(_VALUE):
        with located(cursor.name, cursor.where):
            value = parse_decimal(cursor.expect(_VALUE), "the value")
    with located(cursor.name, cursor.where):
        on = parse_iso_date(cursor.expect("- Date: "), "the date")
    cursor.skip_blank()
    note = cursor.quote_block() if (cursor.peek() or "").startswith(">") else ""
    return Resolution(prediction_id, outcome, on, note, option=option, value=value)


def _resolution(cursor: _Cursor, prediction: Prediction, today: date) -> Resolution:
    resolution = _answer(cursor, prediction.id)
    with located(cursor.name, f"the resolution of prediction {prediction.id}"):
        check_resolution(resolution, today)
        _fits(resolution_problem(resolution, prediction))
    return resolution


def _fits(problem: str | None) -> None:
    """Refuse an estimate or resolution its prediction's kind does not take (domain.kinds)."""
    if problem is not None:
        raise RecordError(problem)


def _moment(text: str) -> datetime:
    """A recording time written by the export, which always has a time zone."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise RecordError(f"the time {text!r} has no time zone")
    return moment


def _recorded(text: str) -> datetime | None:
    """An estimate's or note's recording time: a time with its zone, or 'unknown'."""
    return None if text == UNKNOWN_TIME else _moment(text)


def _question(cursor: _Cursor) -> dict[str, Any]:
    """A prediction's kind, a choice one's options and a numeric one's unit (no lines: yes/no)."""
    if cursor.peek() == _KIND_NUMERIC:
        cursor.take()
        return {"kind": Kind.NUMERIC, "unit": cursor.expect(_UNIT) if (cursor.peek() or "").startswith(_UNIT) else ""}
    if cursor.peek() != _KIND_CHOICE:
        return {}
    cursor.take()
    options: list[str] = []
    while (match := _OPTION_LINE.fullmatch(cursor.peek() or "")) is not None:
        if match.group(1) != str(len(options) + 1):
            raise cursor.error(f"expected option {len(options) + 1}, found option {match.group(1)}")
        options.append(match.group(2))
        cursor.take()
    with located(cursor.name, cursor.where):
        _fits(options_problem(options))
    return {"kind": Kind.CHOICE, "options": tuple(options)}


def _history(cursor: _Cursor) -> tuple[PredictionRevision, ...]:
    """The earlier versions of an edited prediction, when the section is there."""
    if cursor.peek() != _EARLIER_VERSIONS:
        return ()
    cursor.take()
    cursor.skip_blank()
    history = []
    while (match := _REPLACED.fullmatch(cursor.peek() or "")) is not None:
        with located(cursor.name, cursor.where):
            replaced_at = _moment(match.group(1))
        cursor.take()
        cursor.skip_blank()
        title = cursor.expect("- Title: ")
        with located(cursor.name, cursor.where):
            resolve_by = parse_iso_date(cursor.expect("- Resolve by: "), "the resolve-by date")
        cursor.skip_blank()
        history.append(PredictionRevision(title, cursor.quote_block(), resolve_by, replaced_at))
        cursor.skip_blank()
    return tuple(history)


def _undone(cursor: _Cursor) -> tuple[UndoneResolution, ...]:
    """The resolutions taken back with `unresolve`, when the section is there."""
    if cursor.peek() != _UNDONE_RESOLUTIONS:
        return ()
    cursor.take()
    cursor.skip_blank()
    undone = []
    while (match := _UNDONE.fullmatch(cursor.peek() or "")) is not None:
        with located(cursor.name, cursor.where):
            undone_at = _moment(match.group(1))
        cursor.take()
        cursor.skip_blank()
        undone.append(UndoneResolution.of(_answer(cursor, 0), undone_at))
        cursor.skip_blank()
    return tuple(undone)


def _retractions(cursor: _Cursor, estimates: list[Estimate]) -> list[Estimate]:
    """`estimates` with the retractions listed under their table."""
    cursor.skip_blank()
    while (line := cursor.peek() or "").startswith("- #"):
        with located(cursor.name, cursor.where):
            match = _RETRACTED.fullmatch(line)
            if match is None:
                raise RecordError("expected '- #N retracted at TIME: reason'")
            number = int(match.group(1))
            if not 1 <= number <= len(estimates) or estimates[number - 1].retracted is not None:
                raise RecordError(f"there is no estimate #{number} to retract")
            retraction = Retraction(_moment(match.group(2)), unescape_cell(match.group(3) or "", cursor.version))
            estimates[number - 1] = replace(estimates[number - 1], retracted=retraction)
        cursor.take()
    return estimates


def _note_corrections(cursor: _Cursor, note: Note) -> Note:
    """`note` with its removal and earlier texts, when the export lists them."""
    removed = None
    if (cursor.peek() or "").startswith(_REMOVED):
        with located(cursor.name, cursor.where):
            removed = _moment(cursor.expect(_REMOVED))
        cursor.skip_blank()
    revisions = []
    while (line := cursor.peek() or "").startswith(_EARLIER_TEXT):
        with located(cursor.name, cursor.where):
            if not line.endswith(")"):
                raise RecordError(f"expected '{_EARLIER_TEXT}TIME)'")
            replaced_at = _moment(line[len(_EARLIER_TEXT) : -1])
        cursor.take()
        cursor.skip_blank()
        revisions.append(NoteRevision(cursor.quote_block(), replaced_at))
        cursor.skip_blank()
    return replace(note, revisions=tuple(revisions), removed=removed)


def _check_shown(shown: str, estimate: Estimate, prediction: Prediction, exact: str) -> None:
    """Refuse an Estimate cell (struck through when retracted, markers after it) that does not say what
    the exact column says."""
    words = _estimate_words(estimate, prediction)
    if prediction.kind is Kind.BINARY:  # a percent is one word: the markers follow it
        said = shown.split(" ")[0].removeprefix("~~").removesuffix("~~")
    else:
        said = next((w for w in (words, f"~~{words}~~") if shown == w or shown.startswith(f"{w} ")), shown)
        said = said.removeprefix("~~").removesuffix("~~")
    if said != words:
        column = _EXACT_COLUMN[prediction.kind]
        raise RecordError(
            f"the Estimate column says {said!r} but the {column} column says {exact} ({words}); make the two agree"
        )


def _exact(cell: str, prediction: Prediction) -> dict[str, Any]:
    """An estimate's probability, and a choice one's probabilities or a numeric one's interval, from
    the exact column (the Probability, Probabilities or Interval column)."""
    if prediction.kind is Kind.CHOICE:
        fractions = tuple(parse_decimal(p, "a probability") for p in cell.split(", "))
        return {"probability": max(fractions), "probabilities": fractions}
    if prediction.kind is Kind.NUMERIC:
        interval, at, level_text = cell.partition(" at ")
        low_text, dots, high_text = interval.partition("..")
        if not (at and dots):
            raise RecordError(f"an interval is written LOW..HIGH at LEVEL, got {quoted(cell)}")
        low, high = parse_decimal(low_text, "the low"), parse_decimal(high_text, "the high")
        level = parse_decimal(level_text, "the level")
        return {"probability": level, "low": low, "high": high, "level": level}
    return {"probability": parse_decimal(cell, "the probability")}


def _estimate_row(line: str, prediction: Prediction, today: date, version: int) -> tuple[str | None, Estimate]:
    """An estimate row, and the number in its `#` cell (None in a file of the first layout)."""
    if not (line.startswith("| ") and line.endswith(" |")):
        raise RecordError("an estimate row must start with '| ' and end with ' |'")
    count = 5 if version == 1 else 6
    cells = line[2:-2].split(" | ", count - 1)
    if len(cells) != count:
        raise RecordError(f"an estimate row needs {count} cells, found {len(cells)}")
    number = None if version == 1 else cells.pop(0)
    on, shown, exact, recorded_at, note = cells
    estimate = Estimate(
        prediction_id=prediction.id,
        date=parse_iso_date(on, "the date"),
        recorded_at=_recorded(recorded_at),
        note=unescape_cell(note, version),
        **_exact(exact, prediction),
    )
    check_estimate(estimate, today)
    _fits(estimate_problem(estimate, prediction))
    _check_shown(shown, estimate, prediction, exact)
    return number, estimate


def _estimates(cursor: _Cursor, prediction: Prediction, today: date) -> list[Estimate]:
    """A prediction's estimates in the order they were recorded (by their `#`; a file of the first
    layout lists them in that order)."""
    cursor.expect_line("### Estimates")
    cursor.skip_blank()
    if cursor.peek() == _NO_ESTIMATES:
        cursor.take()
        return []
    cursor.expect_line(_ESTIMATE_HEADER_V1 if cursor.version == 1 else _estimate_header(prediction.kind))
    cursor.expect_line(_ESTIMATE_RULE_V1 if cursor.version == 1 else _ESTIMATE_RULE)
    rows: list[tuple[str, str | None, Estimate]] = []
    while (cursor.peek() or "").startswith("|"):
        with located(cursor.name, cursor.where):
            rows.append((cursor.where, *_estimate_row(cursor.peek() or "", prediction, today, cursor.version)))
        cursor.take()
    by_number: dict[int, Estimate] = {}
    for position, (where, written, estimate) in enumerate(rows, 1):
        with located(cursor.name, where):
            number = position if written is None else parse_id_number(written, "the estimate number")
            if not 1 <= number <= len(rows):
                raise RecordError(f"estimate #{number} does not fit a table of {len(rows)} estimates numbered from #1")
            if number in by_number:
                raise RecordError(f"estimate #{number} is listed twice")
            by_number[number] = estimate
    return _retractions(cursor, [by_number[number] for number in range(1, len(rows) + 1)])


def _notes(cursor: _Cursor, prediction_id: int, today: date) -> list[Note]:
    cursor.expect_line("### Notes")
    cursor.skip_blank()
    if cursor.peek() == _NO_NOTES:
        cursor.take()
        return []
    notes = []
    while (cursor.peek() or "").startswith("#### "):
        where = cursor.where
        match = _NOTE_HEADING.fullmatch(cursor.take())
        if match is None:
            raise ImportFileError(f"{cursor.name}: {where}: expected '#### YYYY-MM-DD (recorded TIME)'")
        with located(cursor.name, where):
            on, recorded_at = parse_iso_date(match.group(1), "the date"), _recorded(match.group(2))
        cursor.skip_blank()
        note = Note(prediction_id, on, cursor.quote_block(), recorded_at)
        with located(cursor.name, where):
            check_note(note, today)
        cursor.skip_blank()
        notes.append(_note_corrections(cursor, note))
    return notes


def _prediction(cursor: _Cursor, today: date) -> ImportedPrediction:
    heading_at = cursor.where
    match = _PREDICTION_HEADING.fullmatch(cursor.take())
    if match is None:
        raise ImportFileError(f"{cursor.name}: {heading_at}: expected a '## N. Title' prediction heading")
    with located(cursor.name, heading_at):
        prediction_id = parse_id_number(match.group(1))
    cursor.skip_blank()
    set_name = cursor.expect("- Set: ")
    source = cursor.expect("- Source: ")
    with located(cursor.name, cursor.where):
        resolve_by = parse_iso_date(cursor.expect("- Resolve by: "), "the resolve-by date")
    question = _question(cursor)
    cursor.expect("- Status: ")
    archived = cursor.peek() == _ARCHIVED
    if archived:
        cursor.take()
    tags: tuple[str, ...] = ()
    if (cursor.peek() or "").startswith(_TAGS):
        with located(cursor.name, cursor.where):
            tags = parse_tags(cursor.expect(_TAGS).split(","))
    cursor.skip_blank()
    text = cursor.quote_block()
    cursor.skip_blank()
    history = _history(cursor)
    prediction = Prediction(
        prediction_id, match.group(2), text, source, resolve_by, set_name, archived, history, tags=tags, **question
    )
    with located(cursor.name, heading_at):
        check_prediction(prediction)
    cursor.skip_blank()
    resolution = None
    if cursor.peek() == "### Resolution":
        cursor.take()
        cursor.skip_blank()
        resolution = _resolution(cursor, prediction, today)
        cursor.skip_blank()
    prediction = replace(prediction, undone=_undone(cursor))
    cursor.skip_blank()
    estimates = _estimates(cursor, prediction, today)
    cursor.skip_blank()
    notes = _notes(cursor, prediction_id, today)
    cursor.skip_blank()
    cursor.expect_line("### Scores")
    cursor.skip_blank()
    while (cursor.peek() or "").startswith("- "):
        cursor.take()
    return ImportedPrediction(prediction, tuple(estimates), tuple(notes), resolution)


def parse(text: str, name: str, today: date) -> list[ImportedPrediction]:
    """Read a markdown journal written by `forecast-journal export`."""
    cursor = _body(text, name)
    batch = []
    cursor.skip_blank()
    _skip_summary(cursor)
    while (line := cursor.peek()) is not None:
        if line.startswith("# "):
            cursor.take()
        elif line.startswith("## "):
            batch.append(_prediction(cursor, today))
        else:
            raise cursor.error(f"expected a '# Set' or '## N. Title' heading, found {_shorten(line)!r}")
        cursor.skip_blank()
    return batch
