"""The Fatebook CSV: `import` reads Fatebook's CSV export; `export --format fatebook-csv` writes what Fatebook imports.

Reading takes either layout: Fatebook's export (forecasts 0–1) and its import columns, EXPORT_COLUMNS
(forecasts in percent), so a file that `export --format fatebook-csv` wrote reads back. One row per
forecast. Rows with the same question title are one question, which becomes a prediction in the set
FATEBOOK_SET; each row with a forecast becomes an estimate dated by its "Forecast created at". Question
fields come from the question's first row.

A question whose rows name a "Multiple choice option" becomes one choice prediction, its options in
the order they first appear. The options' forecasts at the same time are one choice estimate (the k-th
forecast of each option at a time goes into the k-th estimate at that time); an option without a
forecast at that time keeps its latest earlier one, as Fatebook shows it, and one with none yet is
refused. Probabilities that sum to 1 within 0.1 percentage point are kept; within NORMALISE_TOLERANCE
(a spreadsheet's rounding) they are scaled to sum to 1; further off (Fatebook's implicit OTHER, or a
question that allows several answers) they are refused, naming the row. The option resolved YES is
the answer; all AMBIGUOUS is ambiguous; no option YES (Fatebook's OTHER) or more than one is refused.
In the import layout the option is in the column "multipleChoiceOption" and the title is "TITLE: OPTION"
(what our export writes), read as the question TITLE.
Headers are matched without case and without a trailing parenthesis, so "Forecast (scale = 0-1)" and
"Resolution (YES / NO / AMBIGUOUS / empty)" both match. Times without a time zone are taken as UTC, as
Fatebook writes them; a forecast time that is a date alone dates the estimate and leaves its recording
time unknown (our export writes a backdated estimate so). The "Question tags" column (the import
layout's "tags"), split on commas and semicolons, gives the prediction's tags: each lower-cased with its
runs of spaces made one "-" (domain.tags.tag_from_label); one that is still not a tag is refused.

Writing: a choice prediction becomes one yes/no question per option, titled "TITLE: OPTION", with that
option's probability in each of its forecasts and YES for the option that happened (NO for the others),
as Fatebook's own export lists a multiple-choice question option by option; Fatebook's import columns
have no other way to say it. The extra column "multipleChoiceOption" (which Fatebook's importer, mapping
columns by hand, ignores) names the option, so that this importer reads the rows back as one choice
prediction. A numeric prediction cannot be
said in Fatebook's columns at all: it is left out, and `left_out` says how many were.

A cell that a spreadsheet would run as a formula (one starting with =, +, -, @, a tab or a
carriage return) gets a leading "'", as OWASP advises against CSV injection; reading takes it off
again, so a file we write reads back as it was.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

from domain.checks import ImportFileError, NotThisFormat, check_estimate, check_prediction, check_resolution, located
from domain.display import count_of, format_percent
from domain.kinds import options_problem, probabilities_problem
from domain.merge import NO_ID, ImportedPrediction
from domain.model import Estimate, JournalData, Kind, Outcome, Prediction, Resolution, date_order, recorded_key
from domain.records import RecordError
from domain.tags import tag_from_label
from domain.validation import parse_decimal, quoted

FATEBOOK_SET = "Fatebook"
FATEBOOK_SOURCE = "fatebook-csv"
EXPORT_COLUMNS = (
    "questionTitle",
    "forecast",
    "qCreatedAt",
    "resolveBy",
    "resolution",
    "resolvedAt",
    "fCreatedAt",
    "tags",
    "notes",
    "multipleChoiceOption",
)
NORMALISE_TOLERANCE = 0.01 + 1e-9
"""How far a multiple-choice question's forecasts at one time may sum from 1 and be scaled to sum to 1:
one percentage point (and a hair for rounding)."""

_REQUIRED = ("question title", "forecast", "forecast created at", "question resolve by")
_ALIASES = {"question resolution": "resolution", "question resolved at": "resolved at"}
# The import layout's columns, as the names of Fatebook's export columns they hold.
_IMPORT_LAYOUT = dict(
    zip(
        (column.lower() for column in EXPORT_COLUMNS),
        (
            "question title",
            "forecast",
            "question created at",
            "question resolve by",
            "resolution",
            "resolved at",
            "forecast created at",
            "question tags",
            "question notes",
            "multiple choice option",
        ),
        strict=True,
    )
)
_TRAILING_PARENTHESIS = re.compile(r"\s*\([^)]*\)\s*$")
_TIMESTAMP = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})"  # date
    r"(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,6})\d*)?)?)?"  # time, seconds unpadded as Fatebook writes them
    r"\s*(Z|[+-]\d{2}:?\d{2})?",  # zone
    re.IGNORECASE | re.ASCII,
)
# A cell a spreadsheet would run, behind any number of the quotes that escape it (so that a text
# starting with "'=" is written "''=" and reads back whole).
_FORMULA = re.compile(r"'*[=+\-@\t\r]")
_TAG_SEPARATOR = re.compile(r"[,;]")


def escape_formula(cell: str) -> str:
    """A cell for a CSV file: with a leading "'" when a spreadsheet would otherwise run it."""
    return f"'{cell}" if _FORMULA.match(cell) else cell


def unescape_formula(cell: str) -> str:
    """Undo escape_formula."""
    return cell[1:] if cell.startswith("'") and _FORMULA.match(cell, 1) else cell


def _columns(header: list[str]) -> tuple[list[str], bool]:
    """The header's columns as Fatebook's export names them, and whether forecasts are in percent
    (the import layout, which our export writes)."""
    names = [_TRAILING_PARENTHESIS.sub("", h.strip().lstrip("\ufeff")).lower() for h in header]
    if "questiontitle" in names:
        return [_IMPORT_LAYOUT.get(name, name) for name in names], True
    return [_ALIASES.get(name, name) for name in names], False


def parse_timestamp(raw: str) -> datetime:
    """A Fatebook time such as '2024-03-05 14:07:3' or '2024-03-05T14:07:03.000Z'; no zone means UTC."""
    match = _TIMESTAMP.fullmatch(raw.strip())
    if match is None:
        raise RecordError(f"{quoted(raw.strip())} is not a date and time")
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    tz = UTC
    if zone and zone.upper() != "Z":
        sign = 1 if zone[0] == "+" else -1
        digits = zone[1:].replace(":", "")
        tz = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
    try:
        return datetime(
            int(year),
            int(month),
            int(day),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            int((fraction or "0").ljust(6, "0")),
            tzinfo=tz,
        )
    except ValueError as error:
        raise RecordError(f"{quoted(raw.strip())} is not a real date and time ({error})") from None


def _outcome(raw: str) -> Outcome | None:
    text = raw.strip().lower()
    if not text:
        return None
    try:
        return Outcome(text)
    except ValueError:
        raise RecordError(f"resolution must be YES, NO, AMBIGUOUS or empty, got {quoted(raw.strip())}") from None


def _probability(raw: str, percent: bool) -> float:
    value = parse_decimal(raw, "forecast")
    if percent:
        if not 0.0 <= value <= 100.0:
            raise RecordError(f"forecast {quoted(raw.strip())} is outside 0–100 (the 'forecast' column is in percent)")
        return float(Decimal(raw.strip()) / 100)  # exact: '33.3333' reads as 0.333333, not 0.33333299999999996
    if not 0.0 <= value <= 1.0:
        raise RecordError(f"forecast {quoted(raw.strip())} is outside 0–1 (Fatebook exports forecasts on a 0–1 scale)")
    return value


def _forecast_time(raw: str) -> tuple[date, datetime | None]:
    """A forecast's date, and its time when the cell gives one (a date alone leaves it unknown)."""
    moment = parse_timestamp(raw)
    match = _TIMESTAMP.fullmatch(raw.strip())
    return moment.date(), (moment if match is not None and match.group(4) is not None else None)


@dataclass
class _Option:
    """A multiple-choice option's rows: its resolution (from its first row) and its forecasts by line."""

    resolution: Resolution | None
    forecasts: list[tuple[int, Estimate]] = field(default_factory=list)


@dataclass
class _Question:
    prediction: Prediction
    resolution: Resolution | None
    line: int  # the question's first row
    estimates: list[Estimate] = field(default_factory=list)
    options: dict[str, _Option] | None = None  # a multiple-choice question's options, in order


def _tags(cell: str) -> tuple[str, ...]:
    """The tags of a "Question tags" cell: labels separated by commas or semicolons, made tags."""
    labels = (label for label in _TAG_SEPARATOR.split(cell) if label.strip())
    return tuple(sorted({tag_from_label(label) for label in labels}))


def _resolution(row: dict[str, str], today: date) -> Resolution | None:
    outcome = _outcome(row.get("resolution", "") or "")
    if outcome is None:
        return None
    resolved_at = (row.get("resolved at", "") or "").strip()
    if not resolved_at:
        raise RecordError(f"the question is resolved {outcome.value.upper()} but 'Resolved at' is empty")
    resolution = Resolution(NO_ID, outcome, parse_timestamp(resolved_at).date())
    check_resolution(resolution, today)
    return resolution


def _question(row: dict[str, str], title: str, line: int, today: date) -> _Question:
    prediction = Prediction(
        NO_ID,
        title,
        row.get("question notes", "") or "",
        FATEBOOK_SOURCE,
        parse_timestamp(row["question resolve by"]).date(),
        FATEBOOK_SET,
        tags=_tags(row.get("question tags", "") or ""),
    )
    check_prediction(prediction)
    return _Question(prediction, _resolution(row, today), line)


def _title_and_option(row: dict[str, str], percent: bool) -> tuple[str, str]:
    """A row's question title and multiple-choice option ("" for a yes/no question); in the import layout
    the title "TITLE: OPTION" of an option's row is the question TITLE."""
    title = " ".join(row["question title"].split())
    option = " ".join((row.get("multiple choice option", "") or "").split())
    if percent and option:
        title = title.removesuffix(f": {option}")
    return title, option


def _choice_probabilities(forecasts: dict[str, float], options: tuple[str, ...], moment: str) -> tuple[float, ...]:
    """The probabilities of a multiple-choice question's options at one time, summing to 1 (see the module)."""
    missing = [option for option in options if option not in forecasts]
    if missing:
        raise RecordError(f"option {quoted(missing[0])} has no forecast at {moment} or before")
    probabilities = tuple(forecasts[option] for option in options)
    total = math.fsum(probabilities)
    if probabilities_problem(probabilities) is not None:
        if abs(total - 1.0) > NORMALISE_TOLERANCE or total == 0.0:
            raise RecordError(
                f"the options' forecasts at {moment} sum to {format_percent(total)}, not 100% "
                "(a multiple-choice question is read as one choice estimate: Fatebook's OTHER, or "
                "several answers, cannot be)"
            )
        probabilities = tuple(p / total for p in probabilities)
    return probabilities


def _choice_estimates(options: dict[str, _Option], name: str) -> list[Estimate]:
    """One choice estimate per time the options were forecast (see the module)."""
    order = tuple(options)
    rows = sorted(
        ((estimate.date, recorded_key(estimate.recorded_at)), line, option, estimate)
        for option, parts in options.items()
        for line, estimate in parts.forecasts
    )
    groups: dict[tuple[tuple[date, datetime], int], list[tuple[int, str, Estimate]]] = {}
    seen: dict[tuple[tuple[date, datetime], str], int] = {}
    for key, line, option, estimate in rows:
        occurrence = seen.get((key, option), 0)
        seen[key, option] = occurrence + 1
        groups.setdefault((key, occurrence), []).append((line, option, estimate))
    current: dict[str, float] = {}
    estimates = []
    for group in groups.values():
        line, _, first = group[0]
        current.update((option, estimate.probability) for _, option, estimate in group)
        moment = _estimate_time(first)
        with located(name, f"line {line}"):
            probabilities = _choice_probabilities(current, order, moment)
        estimates.append(replace(first, probability=max(probabilities), probabilities=probabilities))
    return estimates


def _choice_resolution(options: dict[str, _Option]) -> Resolution | None:
    """The option resolved YES, or ambiguous when every option is (see the module)."""
    resolutions = {option: parts.resolution for option, parts in options.items()}
    if all(resolution is None for resolution in resolutions.values()):
        return None
    answers = [(option, r) for option, r in resolutions.items() if r is not None and r.outcome is Outcome.YES]
    if len(answers) > 1:
        names = " and ".join(quoted(option) for option, _ in answers)
        raise RecordError(f"options {names} are both resolved YES: a choice prediction has one answer")
    if answers:
        option, resolution = answers[0]
        return replace(resolution, outcome=Outcome.ANSWERED, option=option)
    outcomes = {r.outcome if r is not None else None for r in resolutions.values()}
    first = next(iter(resolutions.values()))
    if outcomes == {Outcome.AMBIGUOUS} and first is not None:
        return first
    raise RecordError("no option is resolved YES (Fatebook's OTHER is not one of the options)")


def _choice(question: _Question, name: str) -> ImportedPrediction:
    """A multiple-choice question as one choice prediction."""
    assert question.options is not None
    options = tuple(question.options)
    with located(name, f"line {question.line}"):
        problem = options_problem(options)
        if problem is not None:
            raise RecordError(f"{quoted(question.prediction.title)}: {problem}")
        resolution = _choice_resolution(question.options)
    prediction = replace(question.prediction, kind=Kind.CHOICE, options=options)
    return ImportedPrediction(prediction, tuple(_choice_estimates(question.options, name)), (), resolution)


def parse(text: str, name: str, today: date) -> list[ImportedPrediction]:
    """Read Fatebook's CSV export; errors name the row's line in the file."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except csv.Error as error:
        raise ImportFileError(f"{name}: line 1: {error}") from None
    columns, percent = _columns(header)
    missing = [c for c in _REQUIRED if c not in columns]
    if missing:
        names = ", ".join(repr(column.capitalize()) for column in missing)
        raise NotThisFormat(
            name,
            f"line 1 lacks the column(s) {names} of Fatebook's export "
            f"(or the columns {', '.join(EXPORT_COLUMNS)} of its import layout)",
        )
    questions: dict[str, _Question] = {}
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise ImportFileError(f"{name}: line {line}: {error}") from None
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(columns):
            raise ImportFileError(f"{name}: line {line}: expected {len(columns)} cells, found {len(cells)}")
        row = dict(zip(columns, map(unescape_formula, cells), strict=True))
        with located(name, f"line {line}"):
            title, option = _title_and_option(row, percent)
            question = questions.get(title)
            if question is None:
                question = questions[title] = _question(row, title, line, today)
                question.options = {} if option else None
            if (question.options is not None) != bool(option):
                raise RecordError(f"question {quoted(title)} has rows with and without a multiple choice option")
            estimate = None
            if row["forecast"].strip():
                on, recorded_at = _forecast_time(row["forecast created at"])
                estimate = Estimate(NO_ID, _probability(row["forecast"], percent), on, recorded_at)
                check_estimate(estimate, today)
            if question.options is None:
                question.estimates += [estimate] if estimate else []
                continue
            if option not in question.options:
                question.options[option] = _Option(_resolution(row, today))
            if estimate is not None:
                question.options[option].forecasts.append((line, estimate))
    return [
        _choice(q, name)
        if q.options is not None
        else ImportedPrediction(q.prediction, tuple(q.estimates), (), q.resolution)
        for q in questions.values()
    ]


def _estimate_time(estimate: Estimate) -> str:
    # Fatebook orders forecasts by time; the recording time is exact unless the estimate was backdated.
    if estimate.recorded_at is not None and estimate.recorded_at.date() == estimate.date:
        return estimate.recorded_at.isoformat()
    return estimate.date.isoformat()


def _notes_cell(data: JournalData, prediction: Prediction) -> str:
    paragraphs = [prediction.text] if prediction.text else []
    notes = (note for note in data.notes_for(prediction.id) if note.removed is None)
    paragraphs += [f"{note.date.isoformat()}: {note.text}" for note in notes]
    return "\n\n".join(paragraphs)


def _escaped(row: dict[str, str]) -> dict[str, str]:
    return {column: escape_formula(cell) for column, cell in row.items()}


def left_out(data: JournalData) -> str | None:
    """One line saying how many numeric predictions the export leaves out and why (None: it leaves none out)."""
    numeric = sum(1 for prediction in data.predictions if prediction.kind is Kind.NUMERIC)
    if not numeric:
        return None
    return f"left out {count_of(numeric, 'numeric prediction')}: Fatebook's CSV has no numeric questions"


def _option_outcome(resolution: Resolution | None, option: str) -> str:
    """An option's resolution as Fatebook writes it: YES for the option that happened, NO for the others."""
    if resolution is None:
        return ""
    if resolution.outcome is Outcome.ANSWERED:
        return "YES" if resolution.option == option else "NO"
    return resolution.outcome.value.upper()


def _questions(
    prediction: Prediction, question: dict[str, str], resolution: Resolution | None
) -> list[tuple[dict[str, str], int | None]]:
    """The Fatebook questions a prediction is: itself (a yes/no one), or one per option with its index."""
    if prediction.kind is Kind.BINARY:
        return [(question, None)]
    return [
        (
            {
                **question,
                "questionTitle": f"{prediction.title}: {option}",
                "multipleChoiceOption": option,
                "resolution": _option_outcome(resolution, option),
            },
            index,
        )
        for index, option in enumerate(prediction.options)
    ]


def render(data: JournalData, now: datetime) -> str:
    """The journal in Fatebook's import columns: one row per estimate (one empty-forecast row for a prediction without).

    forecast is 0–100; tags are comma-separated; notes holds the prediction's text and then its dated
    notes. Retracted estimates and removed notes are left out: Fatebook has no way to mark them. A choice
    prediction is one question per option; a numeric one is left out (see `left_out`).
    """
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, EXPORT_COLUMNS)
    writer.writeheader()
    for prediction in data.predictions:
        if prediction.kind is Kind.NUMERIC:
            continue
        live = (e for e in data.estimates_for(prediction.id) if e.retracted is None)
        estimates = sorted(live, key=date_order)
        first = estimates[0] if estimates else None
        resolution = data.resolution_for(prediction.id)
        question = {
            "questionTitle": prediction.title,
            "qCreatedAt": _estimate_time(first) if first else now.isoformat(),
            "resolveBy": prediction.resolve_by.isoformat(),
            "resolution": resolution.outcome.value.upper() if resolution else "",
            "resolvedAt": resolution.date.isoformat() if resolution else "",
            "tags": ",".join(prediction.tags),
            "notes": _notes_cell(data, prediction),
            "multipleChoiceOption": "",
        }
        for part, index in _questions(prediction, question, resolution):
            if not estimates:
                writer.writerow(_escaped({**part, "forecast": "", "fCreatedAt": ""}))
            for estimate in estimates:
                probability = estimate.probability if index is None else (estimate.probabilities or ())[index]
                writer.writerow(
                    _escaped(
                        {
                            **part,
                            "forecast": format_percent(probability).removesuffix("%"),
                            "fCreatedAt": _estimate_time(estimate),
                        }
                    )
                )
    return out.getvalue()
