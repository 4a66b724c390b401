"""Bring predictions into a journal: the import batch, the merge rule, and reading import files.

The merge rule:
- An imported prediction is the journal's prediction with the same set name and title. Its
  estimates, notes and resolution join that prediction. Where its text, source or resolve-by
  differ, the journal's are kept and the difference is reported as a conflict.
- Any other imported prediction is added. It keeps the id it had in the file when no journal
  prediction has that id, and otherwise gets the next free id (the largest id in use plus one;
  once that would pass MAX_PREDICTION_ID, the lowest id not in use).
  Imported predictions that share a set and title become one prediction.
- An estimate is already in the journal when its prediction has one with the same date,
  probability and note; a note, when its prediction has one with the same date and text.
  Those are skipped. A record that appears n times in the file is matched against up to n
  copies in the journal, so a second import of the same file changes nothing.
- A resolution is added to an open prediction, and skipped when the journal has the same one.
  A different resolution is a conflict: reported, never overwritten.
"""

from __future__ import annotations

import contextlib
import math
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, TypeVar

import orjson

from domain.model import OWN_SET, Estimate, JournalData, Note, Prediction, Resolution
from domain.records import (
    RecordError,
    estimate_from_record,
    note_from_record,
    prediction_from_record,
    resolution_from_record,
)
from domain.seeds import SeedSet
from domain.validation import (
    MAX_PREDICTION_ID,
    InputError,
    check_text,
    parse_iso_date,
    parse_title,
    quoted,
    require_text,
)

NO_ID = 0
OWN_SOURCE = "added in forecast-journal"

Progress = Callable[[int], None]
R = TypeVar("R", Estimate, Note)


class ImportFileError(InputError):
    """An import file is malformed; the one-line message names the file and the line, row or element."""


@dataclass(frozen=True, slots=True)
class ImportedPrediction:
    """A prediction with its records, as read from outside the journal.

    `prediction.id` and the records' `prediction_id` are the id it had in the file, NO_ID when it had none.
    """

    prediction: Prediction
    estimates: tuple[Estimate, ...] = ()
    notes: tuple[Note, ...] = ()
    resolution: Resolution | None = None

    @property
    def key(self) -> tuple[str, str]:
        """What identifies the prediction across journals: its set name and title."""
        return (self.prediction.set_name, self.prediction.title)

    @property
    def record_count(self) -> int:
        """How many estimates, notes and resolutions it brings."""
        return len(self.estimates) + len(self.notes) + (self.resolution is not None)


@dataclass(frozen=True, slots=True)
class MergeReport:
    """What a merge adds (records carry their journal ids), matches, skips and refuses."""

    predictions: tuple[Prediction, ...] = ()
    estimates: tuple[Estimate, ...] = ()
    notes: tuple[Note, ...] = ()
    resolutions: tuple[Resolution, ...] = ()
    matched: tuple[Prediction, ...] = ()
    skipped: int = 0
    conflicts: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        """Whether the merge adds anything to the journal."""
        return bool(self.predictions or self.estimates or self.notes or self.resolutions)


def _estimate_key(estimate: Estimate) -> tuple[date, float, str]:
    return (estimate.date, estimate.probability, estimate.note)


def _note_key(note: Note) -> tuple[date, str]:
    return (note.date, note.text)


def _unmatched(records: Sequence[R], known: Counter[Hashable], key: Callable[[R], Hashable]) -> list[R]:
    """The records that find no copy left in `known`; each one that does uses that copy up."""
    fresh = []
    for record in records:
        record_key = key(record)
        if known[record_key] > 0:
            known[record_key] -= 1
        else:
            fresh.append(record)
    return fresh


def _describe(resolution: Resolution) -> str:
    return f"{resolution.outcome.value} on {resolution.date.isoformat()}"


def _free_ids(used: set[int]) -> Iterator[int]:
    """Ids not in `used`: those after the largest, then, once they reach MAX_PREDICTION_ID, the gaps below it."""
    start = max(used, default=0) + 1
    yield from range(start, MAX_PREDICTION_ID + 1)
    yield from (free for free in range(1, min(start, MAX_PREDICTION_ID + 1)) if free not in used)


def _assign_ids(data: JournalData, new_items: Sequence[ImportedPrediction]) -> list[int]:
    taken = {p.id for p in data.predictions}
    wanted = [item.prediction.id for item in new_items]
    kept = {wish for wish in wanted if NO_ID < wish <= MAX_PREDICTION_ID and wish not in taken}
    claimed: set[int] = set()
    free = _free_ids(taken | kept)
    ids = []
    for wish in wanted:
        if wish in kept and wish not in claimed:
            claimed.add(wish)
            ids.append(wish)
        else:
            new_id = next(free, None)
            if new_id is None:
                raise InputError(f"the journal has no prediction id left: ids go up to {MAX_PREDICTION_ID:,}")
            ids.append(new_id)
    return ids


def plan_merge(data: JournalData, batch: Sequence[ImportedPrediction], progress: Progress | None = None) -> MergeReport:
    """Work out what merging `batch` into `data` adds, skips and refuses, by the rule in this module's docstring."""
    existing = {(p.set_name, p.title): p for p in data.predictions}
    conflicts: list[str] = []
    matched: dict[int, Prediction] = {}
    first_of_key: dict[tuple[str, str], ImportedPrediction] = {}
    for item in batch:
        journal_prediction = existing.get(item.key)
        if journal_prediction is not None:
            matched.setdefault(journal_prediction.id, journal_prediction)
            differing = [
                name
                for name in ("text", "source", "resolve_by")
                if getattr(item.prediction, name) != getattr(journal_prediction, name)
            ]
            if differing:
                conflicts.append(
                    f"prediction {journal_prediction.id} ({journal_prediction.title!r}): the file's "
                    f"{', '.join(differing)} differ from the journal's; kept the journal's"
                )
        else:
            first_of_key.setdefault(item.key, item)
    new_items = list(first_of_key.values())
    new_predictions = [
        replace(item.prediction, id=new_id)
        for item, new_id in zip(new_items, _assign_ids(data, new_items), strict=True)
    ]
    target_of_key = {key: p for key, p in existing.items() if p.id in matched}
    target_of_key.update({(p.set_name, p.title): p for p in new_predictions})

    estimates: list[Estimate] = []
    notes: list[Note] = []
    resolutions: dict[int, Resolution] = {}
    skipped = 0
    estimate_counts: dict[int, Counter[Hashable]] = {}
    note_counts: dict[int, Counter[Hashable]] = {}
    for item in batch:
        owner = target_of_key[item.key]
        known_estimates = estimate_counts.setdefault(
            owner.id, Counter(map(_estimate_key, data.estimates_for(owner.id)))
        )
        fresh_estimates = _unmatched(item.estimates, known_estimates, _estimate_key)
        estimates += [replace(estimate, prediction_id=owner.id) for estimate in fresh_estimates]
        known_notes = note_counts.setdefault(owner.id, Counter(map(_note_key, data.notes_for(owner.id))))
        fresh_notes = _unmatched(item.notes, known_notes, _note_key)
        notes += [replace(note, prediction_id=owner.id) for note in fresh_notes]
        skipped += len(item.estimates) - len(fresh_estimates) + len(item.notes) - len(fresh_notes)
        if item.resolution is not None:
            incoming = replace(item.resolution, prediction_id=owner.id)
            current = data.resolution_for(owner.id) or resolutions.get(owner.id)
            if current is None:
                resolutions[owner.id] = incoming
            elif current == incoming:
                skipped += 1
            else:
                conflicts.append(
                    f"prediction {owner.id} ({owner.title!r}): the file has it resolved {_describe(incoming)}, "
                    f"the journal {_describe(current)}; kept the journal's"
                )
        if progress is not None:
            progress(item.record_count)
    return MergeReport(
        predictions=tuple(new_predictions),
        estimates=tuple(estimates),
        notes=tuple(notes),
        resolutions=tuple(resolutions.values()),
        matched=tuple(matched.values()),
        skipped=skipped,
        conflicts=tuple(conflicts),
    )


# Checks shared by the parsers. Each raises RecordError with the problem; the parser adds where it is.


def _one_line(value: str, what: str, *, allow_empty: bool = False) -> None:
    if allow_empty and not value:
        return
    if parse_title(value, f"the {what}") != value:
        raise RecordError(f"the {what} {quoted(value)} has leading or trailing spaces")


def check_prediction(prediction: Prediction) -> None:
    """Refuse a title, set name or source that is empty, over its limit, or more than one line
    (the journal's exports could not carry it), a text over its limit, and an id over MAX_PREDICTION_ID."""
    if prediction.id > MAX_PREDICTION_ID:
        raise RecordError(f"prediction id {prediction.id} is over the limit of {MAX_PREDICTION_ID:,}")
    _one_line(prediction.title, "title")
    _one_line(prediction.set_name, "set name")
    _one_line(prediction.source, "source", allow_empty=True)
    check_text(prediction.text, "the text")


def _check_past(on: date, today: date) -> None:
    if on > today:
        raise RecordError(f"date {on.isoformat()} is in the future (today is {today.isoformat()})")


def _check_recorded_at(moment: datetime) -> None:
    if moment.utcoffset() is None:
        raise RecordError(f"recorded_at {moment.isoformat()} has no time zone")


def check_estimate(estimate: Estimate, today: date) -> None:
    """Refuse a probability outside 0–1, a future date, a recording time without a time zone or a note over its limit."""
    if not (math.isfinite(estimate.probability) and 0.0 <= estimate.probability <= 1.0):
        raise RecordError(f"probability {estimate.probability!r} is outside 0–1")
    _check_past(estimate.date, today)
    _check_recorded_at(estimate.recorded_at)
    check_text(estimate.note, "the estimate note")


def check_note(note: Note, today: date) -> None:
    """Refuse an empty-looking note, one over its limit, a future date, or a recording time without a time zone."""
    require_text(note.text, "the note")
    _check_past(note.date, today)
    _check_recorded_at(note.recorded_at)


def check_resolution(resolution: Resolution, today: date) -> None:
    """Refuse a resolution dated in the future, or with a note over its limit."""
    _check_past(resolution.date, today)
    check_text(resolution.note, "the resolution note")


@contextlib.contextmanager
def located(name: str, where: str) -> Iterator[None]:
    """Turn a problem raised inside into an ImportFileError naming the file and `where`."""
    try:
        yield
    except ImportFileError:
        raise
    except ValueError as error:  # RecordError, and the ValueErrors of date and float parsing
        raise ImportFileError(f"{name}: {where}: {error}") from None


# The `list --json` document.


def _items(entry: dict[str, Any], name: str) -> list[Any]:
    value = entry.get(name, [])
    if not isinstance(value, list):
        raise RecordError(f"field {name!r} should be a list")
    return value


def _owned(record: Any, prediction_id: int) -> dict[str, Any]:
    if not isinstance(record, dict):
        raise RecordError(f"expected an object, got {quoted(record)}")
    return {**record, "prediction_id": prediction_id}


def parse_listing(text: str, name: str, today: date) -> list[ImportedPrediction]:
    """Read the JSON that `forecast-journal list --json` prints."""
    try:
        document = orjson.loads(text)
    except orjson.JSONDecodeError as error:
        raise ImportFileError(f"{name}: not valid JSON ({error})") from None
    if not isinstance(document, dict) or not isinstance(document.get("predictions"), list):
        raise ImportFileError(f"{name}: expected an object with a 'predictions' list, as 'list --json' prints")
    batch = []
    for index, entry in enumerate(document["predictions"]):
        where = f"predictions[{index}]"
        with located(name, where):
            if not isinstance(entry, dict):
                raise RecordError(f"expected an object, got {quoted(entry)}")
            prediction = prediction_from_record(entry)
            check_prediction(prediction)
            estimate_records = _items(entry, "estimates")
            note_records = _items(entry, "notes")
        estimates = []
        for position, record in enumerate(estimate_records):
            with located(name, f"{where}.estimates[{position}]"):
                estimate = estimate_from_record(_owned(record, prediction.id))
                check_estimate(estimate, today)
                estimates.append(estimate)
        notes = []
        for position, record in enumerate(note_records):
            with located(name, f"{where}.notes[{position}]"):
                note = note_from_record(_owned(record, prediction.id))
                check_note(note, today)
                notes.append(note)
        resolution = None
        if entry.get("resolution") is not None:
            with located(name, f"{where}.resolution"):
                resolution = resolution_from_record(_owned(entry["resolution"], prediction.id))
                check_resolution(resolution, today)
        batch.append(ImportedPrediction(prediction, tuple(estimates), tuple(notes), resolution))
    return batch


# Reading any import file.


def decode(raw: bytes, name: str) -> str:
    """A file's UTF-8 text (a leading byte-order mark dropped); an error names the first bad line."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise ImportFileError(f"{name}: line {line}: not valid UTF-8 text") from None


def detect_format(text: str) -> str:
    """'json', 'markdown' or 'fatebook-csv', from how the file begins."""
    start = text.lstrip()
    if start.startswith("{"):
        return "json"
    if text.startswith("---"):
        return "markdown"
    return "fatebook-csv"


def read_import(raw: bytes, name: str, today: date) -> tuple[str, list[ImportedPrediction]]:
    """Parse an import file of any supported format; returns the format's name and the batch."""
    from domain.fatebook import parse_fatebook_csv
    from domain.import_markdown import parse_markdown_export

    text = decode(raw, name)
    if not text.strip():
        raise ImportFileError(f"{name}: the file is empty")
    kind = detect_format(text)
    parsers = {"json": parse_listing, "markdown": parse_markdown_export, "fatebook-csv": parse_fatebook_csv}
    return kind, parsers[kind](text, name, today)


# Predictions of the user's own and further seed sets, as batches for the same merge.


def parse_resolve_by(raw: str | None, today: date) -> date:
    """A YYYY-MM-DD resolve-by date, which may lie in the future; empty means 31 December of this year."""
    text = (raw or "").strip()
    if not text:
        return date(today.year, 12, 31)
    return parse_iso_date(text, "resolve-by")


def own_prediction(title: str, text: str, resolve_by: str | None, today: date) -> ImportedPrediction:
    """A prediction the user adds, in set OWN_SET with source OWN_SOURCE; merge it with Journal.merge.

    The merge matches it to an existing prediction of the same title in OWN_SET instead of adding a duplicate.
    """
    clean_title = parse_title(title)
    by = parse_resolve_by(resolve_by, today)
    return ImportedPrediction(Prediction(NO_ID, clean_title, check_text(text, "text"), OWN_SOURCE, by, OWN_SET))


def seed_batch(seed_set: SeedSet) -> list[ImportedPrediction]:
    """A parsed seed set as a batch, so seeding the same file twice adds nothing the second time."""
    return [ImportedPrediction(replace(p, id=NO_ID)) for p in seed_set.predictions()]


def batch_records(batch: Iterable[ImportedPrediction]) -> int:
    """How many estimates, notes and resolutions a batch brings."""
    return sum(item.record_count for item in batch)
