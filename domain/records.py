"""Conversion between the model and plain JSON-able records.

The same record shapes are stored in the journal file and printed by `list --json`,
so there is one definition of each field's name and format.

Corrections (schema 2) are fields written only when they apply: an estimate's `retracted`
({recorded_at, reason}), a note's `revisions` (earlier texts, each with the time it was replaced)
and `removed` (when it was hidden), a prediction's `history` (earlier title, text and resolve-by,
each with the time they were replaced). A missing field, or null, is the default. A prediction's
`archived` is always written. An estimate's or note's `recorded_at` is null when it is unknown (imported
from a file that did not give it).

Schema 3: every record stored in the journal has a `uid` (domain.uids); `stored` writes it. The
`*_to_record` shapes leave it out, so `list --json` and the exports show none. A resolution record that
a merge found in conflict holds the other resolutions in `conflicting` (each without `prediction_id`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from itertools import compress
from operator import attrgetter, itemgetter
from typing import Any, cast

from domain.model import (
    Estimate,
    JournalData,
    Note,
    NoteRevision,
    Outcome,
    Prediction,
    PredictionRevision,
    Resolution,
    Retraction,
)
from domain.validation import (
    LATEST_RECORD_DATE,
    InputError,
    parse_iso_date,
    quoted,
)

Record = dict[str, Any]
# The journal file's tables of records.
PREDICTIONS, ESTIMATES, NOTES, RESOLUTIONS = "predictions", "estimates", "notes", "resolutions"


class RecordError(ValueError):
    """A stored record does not have the expected shape."""


def prediction_to_record(prediction: Prediction) -> Record:
    """A prediction as a JSON-able dict."""
    record: Record = {
        "id": prediction.id,
        "title": prediction.title,
        "text": prediction.text,
        "source": prediction.source,
        "resolve_by": prediction.resolve_by.isoformat(),
        "set": prediction.set_name,
        "archived": prediction.archived,
    }
    if prediction.history:
        record["history"] = [
            {
                "title": old.title,
                "text": old.text,
                "resolve_by": old.resolve_by.isoformat(),
                "recorded_at": old.recorded_at.isoformat(),
            }
            for old in prediction.history
        ]
    return record


def estimate_to_record(estimate: Estimate) -> Record:
    """An estimate as a JSON-able dict; probability is a fraction 0–1."""
    record: Record = {
        "prediction_id": estimate.prediction_id,
        "date": estimate.date.isoformat(),
        "probability": estimate.probability,
        "recorded_at": _optional_moment(estimate.recorded_at),
        "note": estimate.note,
    }
    if estimate.retracted is not None:
        record["retracted"] = {
            "recorded_at": estimate.retracted.recorded_at.isoformat(),
            "reason": estimate.retracted.reason,
        }
    return record


def note_to_record(note: Note) -> Record:
    """A note as a JSON-able dict."""
    record: Record = {
        "prediction_id": note.prediction_id,
        "date": note.date.isoformat(),
        "text": note.text,
        "recorded_at": _optional_moment(note.recorded_at),
    }
    if note.revisions:
        record["revisions"] = [{"text": old.text, "recorded_at": old.recorded_at.isoformat()} for old in note.revisions]
    if note.removed is not None:
        record["removed"] = note.removed.isoformat()
    return record


def _optional_moment(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def stored(item: Prediction | Estimate | Note | Resolution) -> Record:
    """A record as the journal file holds it: its shape with its uid (when it has one)."""
    if isinstance(item, Prediction):
        record = prediction_to_record(item)
    elif isinstance(item, Estimate):
        record = estimate_to_record(item)
    elif isinstance(item, Note):
        record = note_to_record(item)
    else:
        record = resolution_to_record(item)
    if item.uid:
        record["uid"] = item.uid
    return record


def resolution_to_record(resolution: Resolution) -> Record:
    """A resolution as a JSON-able dict."""
    return {
        "prediction_id": resolution.prediction_id,
        "outcome": resolution.outcome.value,
        "date": resolution.date.isoformat(),
        "note": resolution.note,
    }


def _field(record: Mapping[str, Any], name: str, kind: type) -> Any:
    # Exact type checks: JSON gives exact types, and they exclude bool (an int subclass).
    # This runs for every field of every record when a journal is read, so it stays lean.
    value = record.get(name)
    value_type = type(value)
    if value_type is kind:
        return value
    if kind is float and value_type is int:
        return float(cast(int, value))
    if name not in record:
        raise RecordError(f"field {name!r} is missing")
    raise RecordError(f"field {name!r} should be {kind.__name__}, got {quoted(value)}")


def _text(record: Mapping[str, Any], name: str, *, optional: bool = False) -> str:
    # No length limit here: the limits are checked where text comes in (the CLI, the dialogs, import),
    # and a journal saved before the limits existed must still open with every character of it.
    value = record.get(name)
    if optional and value is None:
        return ""
    text: str = _field(record, name, str)
    return text


def _date(record: Mapping[str, Any], name: str) -> date:
    try:
        return parse_iso_date(_field(record, name, str), f"field {name!r}")
    except InputError as error:
        raise RecordError(str(error)) from None


def _record_date(record: Mapping[str, Any], name: str) -> date:
    """The date of an estimate, note or resolution: at most LATEST_RECORD_DATE."""
    day = _date(record, name)
    if day > LATEST_RECORD_DATE:
        latest = LATEST_RECORD_DATE.isoformat()
        raise RecordError(f"field {name!r}: {day.isoformat()} is after {latest}, the latest allowed")
    return day


def _recorded_at(record: Mapping[str, Any], name: str = "recorded_at") -> datetime:
    """A recording time, with a time zone so that all of them compare."""
    text = _field(record, name, str)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise RecordError(f"field {name!r} should be a date and time, got {quoted(text)}") from None
    if moment.tzinfo is None:
        raise RecordError(f"field {name!r}: {moment.isoformat()} has no time zone")
    return moment


def _optional_recorded_at(record: Mapping[str, Any]) -> datetime | None:
    """An estimate's or note's recording time; missing or null when it is unknown."""
    return None if record.get("recorded_at") is None else _recorded_at(record)


def _objects(record: Mapping[str, Any], name: str) -> list[Mapping[str, Any]]:
    """An optional list of objects (missing or null: empty)."""
    value = record.get(name)
    if value is None:
        return []
    if type(value) is not list or not all(isinstance(item, dict) for item in value):
        raise RecordError(f"field {name!r} should be a list of objects, got {quoted(value)}")
    return value


def _retraction(record: Mapping[str, Any]) -> Retraction | None:
    value = record.get("retracted")
    if value is None:
        return None
    if not isinstance(value, dict):
        raise RecordError(f"field 'retracted' should be an object or null, got {quoted(value)}")
    return Retraction(_recorded_at(value), _text(value, "reason", optional=True))


def _history(record: Mapping[str, Any]) -> tuple[PredictionRevision, ...]:
    return tuple(
        PredictionRevision(_text(old, "title"), _text(old, "text"), _date(old, "resolve_by"), _recorded_at(old))
        for old in _objects(record, "history")
    )


def _archived(record: Mapping[str, Any]) -> bool:
    value = record.get("archived")
    if value is None:
        return False
    archived: bool = _field(record, "archived", bool)
    return archived


def prediction_from_record(record: Mapping[str, Any]) -> Prediction:
    """Parse a prediction record; raises RecordError on a bad shape."""
    prediction_id = _field(record, "id", int)
    if prediction_id < 1:
        raise RecordError(f"prediction id {prediction_id} is not a positive number")
    return Prediction(
        id=prediction_id,
        title=_text(record, "title"),
        text=_text(record, "text"),
        source=_text(record, "source"),
        resolve_by=_date(record, "resolve_by"),
        set_name=_text(record, "set"),
        archived=_archived(record),
        history=_history(record),
        uid=_text(record, "uid", optional=True),
    )


def estimate_from_record(record: Mapping[str, Any]) -> Estimate:
    """Parse an estimate record; raises RecordError on a bad shape or a date out of range."""
    # Estimates are most of a journal and all are parsed on open, so a well-formed record takes this
    # direct path (half the time at 10k estimates); anything unusual gets the checks that name the problem.
    # Its checks are _checked_estimate's, written out for speed (the date's is is_iso_day_shape, inlined).
    prediction_id, probability, uid = record.get("prediction_id"), record.get("probability"), record.get("uid")
    on, recorded_at, note = record.get("date"), record.get("recorded_at"), record.get("note")
    if (
        type(prediction_id) is int
        and type(probability) is float
        and 0.0 <= probability <= 1.0
        and type(on) is str
        and len(on) == 10
        and on[7] == "-"
        and (recorded_at is None or type(recorded_at) is str)
        and type(note) is str
        and (uid is None or type(uid) is str)
        and record.get("retracted") is None
    ):
        try:
            day = date.fromisoformat(on)
            recorded = None if recorded_at is None else datetime.fromisoformat(recorded_at)
        except ValueError:
            pass
        else:
            if day <= LATEST_RECORD_DATE and (recorded is None or recorded.tzinfo is not None):
                return Estimate(prediction_id, probability, day, recorded, note, uid=uid or "")
    return _checked_estimate(record)


def _checked_estimate(record: Mapping[str, Any]) -> Estimate:
    probability = _field(record, "probability", float)
    if not 0.0 <= probability <= 1.0:
        raise RecordError(f"probability {probability!r} is outside 0–1")
    return Estimate(
        prediction_id=_field(record, "prediction_id", int),
        probability=probability,
        date=_record_date(record, "date"),
        recorded_at=_optional_recorded_at(record),
        note=_text(record, "note", optional=True),
        retracted=_retraction(record),
        uid=_text(record, "uid", optional=True),
    )


def note_from_record(record: Mapping[str, Any]) -> Note:
    """Parse a note record; raises RecordError on a bad shape or a date out of range."""
    return Note(
        prediction_id=_field(record, "prediction_id", int),
        date=_record_date(record, "date"),
        text=_text(record, "text"),
        recorded_at=_optional_recorded_at(record),
        revisions=tuple(NoteRevision(_text(old, "text"), _recorded_at(old)) for old in _objects(record, "revisions")),
        removed=None if record.get("removed") is None else _recorded_at(record, "removed"),
        uid=_text(record, "uid", optional=True),
    )


def resolution_from_record(record: Mapping[str, Any]) -> Resolution:
    """Parse a resolution record; raises RecordError on a bad shape or a date out of range."""
    try:
        outcome = Outcome(_field(record, "outcome", str))
    except ValueError:
        raise RecordError(f"unknown outcome {quoted(record.get('outcome'))}") from None
    return Resolution(
        prediction_id=_field(record, "prediction_id", int),
        outcome=outcome,
        date=_record_date(record, "date"),
        note=_text(record, "note", optional=True),
        uid=_text(record, "uid", optional=True),
    )


def resolution_candidates(record: Mapping[str, Any]) -> tuple[Resolution, ...]:
    """A resolution record's resolution, then those it is in conflict with (`conflicting`), if any."""
    resolution = resolution_from_record(record)
    others = _objects(record, "conflicting")
    if not others:
        return (resolution,)
    owner = resolution.prediction_id
    return (resolution, *(resolution_from_record({**other, "prediction_id": owner}) for other in others))


Table = Mapping[str, Mapping[str, Any]]


def _first_orphan(table: Table, known: Mapping[int, Prediction]) -> str:
    """The number of the first record of `table` whose prediction does not exist."""
    return next(number for number, record in table.items() if record["prediction_id"] not in known)


def journal_from_tables(tables: Mapping[str, Table]) -> JournalData:
    """Build a snapshot from the journal file's tables (record number → record, in recording order).

    Besides each record's shape, it checks that the records fit together: a prediction is stored
    under its own id, and every estimate, note and resolution belongs to a prediction (a resolution
    is stored under the id of its prediction). A RecordError names the table and the record number.
    """
    table, number = PREDICTIONS, ""
    try:
        predictions: dict[int, Prediction] = {}
        for number, record in tables.get(PREDICTIONS, {}).items():
            prediction = prediction_from_record(record)
            if number != str(prediction.id):
                also = f" (record {prediction.id} holds it too)" if str(prediction.id) in tables[PREDICTIONS] else ""
                raise RecordError(f"holds prediction id {prediction.id}{also}; its record number must be its id")
            predictions[prediction.id] = prediction
        table = ESTIMATES
        by_estimate: dict[int, list[Estimate]] = {}
        for number, record in tables.get(ESTIMATES, {}).items():  # noqa: B007 (`number` names the record in errors)
            estimate = estimate_from_record(record)
            by_estimate.setdefault(estimate.prediction_id, []).append(estimate)
        table = NOTES
        by_note: dict[int, list[Note]] = {}
        for number, record in tables.get(NOTES, {}).items():  # noqa: B007 (`number` names the record in errors)
            note = note_from_record(record)
            by_note.setdefault(note.prediction_id, []).append(note)
        table = RESOLUTIONS
        by_resolution: dict[int, Resolution] = {}
        conflicts: dict[int, tuple[Resolution, ...]] = {}
        for number, record in tables.get(RESOLUTIONS, {}).items():
            resolution, *others = resolution_candidates(record)
            if number != str(resolution.prediction_id):
                raise RecordError(f"resolves prediction {resolution.prediction_id}; its record number must be that id")
            if others:
                conflicts[resolution.prediction_id] = (resolution, *others)
            else:
                by_resolution[resolution.prediction_id] = resolution
        # Checked per table rather than per record, which costs nothing in a journal where all is well.
        owned = ((ESTIMATES, by_estimate), (NOTES, by_note), (RESOLUTIONS, by_resolution | conflicts))
        for table, owners in owned:
            if owners.keys() - predictions.keys():
                number = _first_orphan(tables[table], predictions)
                raise RecordError(f"prediction {tables[table][number]['prediction_id']} does not exist")
    except RecordError as error:
        raise RecordError(f"{table} record {number}: {error}") from None
    return JournalData(
        sorted(predictions.values(), key=lambda p: p.id),
        {key: tuple(items) for key, items in by_estimate.items()},
        {key: tuple(items) for key, items in by_note.items()},
        by_resolution,
        conflicts,
    )


def check_tables(tables: Mapping[str, Table]) -> None:
    """Raise the RecordError `journal_from_tables` would raise, without building the model.

    A write needs the journal checked, not built. Predictions and resolutions (a few records each)
    are parsed as `journal_from_tables` parses them; estimates and notes (nearly all of a journal)
    are checked one field at a time across the whole table, in loops that run in C: at 100,000
    estimates that is several times faster than building them. Anything these checks do not pass
    is handed to `journal_from_tables`, which names the record: the two agree on what is valid.
    """
    try:
        known = {p.id for p in journal_from_tables({PREDICTIONS: tables.get(PREDICTIONS, {})}).predictions}
    except RecordError:
        known = None
    resolutions = tables.get(RESOLUTIONS, {}).items()
    if not (
        known is not None
        and _plausible(
            tables.get(ESTIMATES, {}),
            known,
            {"probability": _unit_floats, "note": _optional_texts, "uid": _texts},
            estimate_from_record,
        )
        and _plausible(tables.get(NOTES, {}), known, {"text": _texts, "uid": _texts}, note_from_record)
        and all(_resolution_fits(number, record, known) for number, record in resolutions)
    ):
        journal_from_tables(tables)


Column = list[Any]


def _plausible(
    table: Table,
    known: set[int],
    fields: Mapping[str, Callable[[Column], bool]],
    parse: Callable[[Mapping[str, Any]], object],
) -> bool:
    """Whether every record of `table` surely parses: its owner exists, its date is in range, its
    recording time is null (unknown) or has a time zone, and each column in `fields` passes its check.
    Stricter than the parsers, never looser (an int probability or a missing note is valid, but takes
    the slow path).
    The few records with more fields than these (corrections: a retraction, a note's revisions) are
    parsed whole with `parse`."""
    if not table:
        return True
    names = ("prediction_id", "date", "recorded_at", *fields)
    try:
        # One pass over the records (the slow part: each is a dict somewhere in memory), then one per column.
        rows = list(map(itemgetter(*names), table.values()))
        owners, days, stamps, *columns = (list(map(itemgetter(index), rows)) for index in range(len(names)))
        if set(map(type, owners)) != {int} or not known.issuperset(owners):
            return False
        if not all(check(column) for check, column in zip(fields.values(), columns, strict=True)):
            return False
        for day in set(days):
            _record_date({"date": day}, "date")
        records = table.values()
        for record in compress(records, map(len(names).__lt__, map(len, records))):
            parse(record)
        if not _optional_texts(stamps):  # null: recorded at an unknown time
            return False
        known_stamps = [stamp for stamp in stamps if stamp is not None]
        return None not in set(map(attrgetter("tzinfo"), map(datetime.fromisoformat, known_stamps)))
    except (KeyError, TypeError, ValueError):  # a missing field, a record not a dict, an unhashable date, a bad time,
        return False  # or a RecordError


def _unit_floats(column: Column) -> bool:
    return set(map(type, column)) == {float} and min(column) >= 0.0 and max(column) <= 1.0


def _texts(column: Column) -> bool:
    return set(map(type, column)) == {str}


def _optional_texts(column: Column) -> bool:
    return set(map(type, column)) <= {str, type(None)}


def _resolution_fits(number: str, record: Mapping[str, Any], known: set[int]) -> bool:
    try:
        resolution = resolution_candidates(record)[0]
    except RecordError:
        return False
    return number == str(resolution.prediction_id) and resolution.prediction_id in known
