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

Schema 4: a prediction's `tags` is always written, a sorted list of tags (domain.tags); missing or null
reads as none. Each must be a tag as domain.tags.parse_tag reads it; their number is not limited here.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from itertools import compress
from operator import attrgetter, itemgetter
from typing import Any, cast

from domain.kinds import estimate_problem, interval_problem, options_problem, probabilities_problem, resolution_problem
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
)
from domain.safe_text import is_blank
from domain.tags import parse_tags
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
        "tags": list(prediction.tags),
        "kind": prediction.kind.value,
    }
    if prediction.kind is Kind.CHOICE:
        record["options"] = list(prediction.options)
    elif prediction.kind is Kind.NUMERIC:
        record["unit"] = prediction.unit
    if prediction.undone:
        record["undone"] = [
            {
                "outcome": old.outcome.value,
                **({} if old.option is None else {"option": old.option}),
                **({} if old.value is None else {"value": old.value}),
                "date": old.date.isoformat(),
                "note": old.note,
                "undone_at": old.undone_at.isoformat(),
            }
            for old in prediction.undone
        ]
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
    """An estimate as a JSON-able dict; probabilities are fractions 0–1. A choice estimate has
    `probabilities` (in option order) and a numeric one `low`, `high` and `level` instead of `probability`."""
    record: Record = {"prediction_id": estimate.prediction_id, "date": estimate.date.isoformat()}
    if estimate.probabilities is not None:
        record["probabilities"] = list(estimate.probabilities)
    elif estimate.level is not None:
        record |= {"low": estimate.low, "high": estimate.high, "level": estimate.level}
    else:
        record["probability"] = estimate.probability
    record["recorded_at"] = _optional_moment(estimate.recorded_at)
    record["note"] = estimate.note
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
    """A resolution as a JSON-able dict; an answered choice or numeric prediction's has `option` (its
    name) or `value`."""
    record: Record = {"prediction_id": resolution.prediction_id, "outcome": resolution.outcome.value}
    if resolution.option is not None:
        record["option"] = resolution.option
    elif resolution.value is not None:
        record["value"] = resolution.value
    record["date"] = resolution.date.isoformat()
    record["note"] = resolution.note
    return record


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


def _undone(record: Mapping[str, Any]) -> tuple[UndoneResolution, ...]:
    """A prediction's undone resolutions: each checked as a resolution is, with when it was undone."""
    undone = []
    for old in _objects(record, "undone"):
        undone.append(
            UndoneResolution.of(resolution_from_record({**old, "prediction_id": 0}), _recorded_at(old, "undone_at"))
        )
    return tuple(undone)


def _tags(record: Mapping[str, Any]) -> tuple[str, ...]:
    """A prediction's tags (missing or null: none), read by domain.tags's parser so the two agree."""
    value = record.get("tags")
    if value is None:
        return ()
    if type(value) is not list or not all(type(item) is str for item in value):
        raise RecordError(f"field 'tags' should be a list of tags, got {quoted(value)}")
    try:
        return parse_tags(value)
    except InputError as error:
        raise RecordError(f"field 'tags': {error}") from None


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
        tags=_tags(record),
        uid=_text(record, "uid", optional=True),
        undone=_undone(record),
        **_kind_fields(record),
    )


def _kind_fields(record: Mapping[str, Any]) -> dict[str, Any]:
    """A prediction's kind (missing or null: binary), a choice's options and a numeric one's unit."""
    value = record.get("kind")
    try:
        kind = Kind.BINARY if value is None else Kind(value)
    except ValueError:
        raise RecordError(f"unknown kind {quoted(value)}") from None
    options = record.get("options")
    if kind is Kind.CHOICE:
        if type(options) is not list or not all(type(option) is str for option in options):
            raise RecordError(f"field 'options' should be a list of texts, got {quoted(options)}")
        problem = options_problem(options)
        if problem is not None:
            raise RecordError(problem)
        if any(is_blank(option) for option in options):
            raise RecordError("an option is empty")
        return {"kind": kind, "options": tuple(options)}
    if options is not None:
        raise RecordError(f"a {kind.value} prediction has no options")
    if kind is Kind.NUMERIC:
        return {"kind": kind, "unit": _text(record, "unit", optional=True)}
    if record.get("unit") is not None:
        raise RecordError("a binary prediction has no unit")
    return {}


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
                # Positional: keyword arguments cost a third more, 100,000 times on open.
                return Estimate(prediction_id, probability, day, recorded, note, None, uid or "")
    return _checked_estimate(record)


def _checked_estimate(record: Mapping[str, Any]) -> Estimate:
    # Its shape says its kind: `probability` (binary) first, then `probabilities` (choice), then an interval.
    shape: dict[str, Any] = {}
    if record.get("probability") is None and record.get("probabilities") is not None:
        probabilities = record["probabilities"]
        if type(probabilities) is not list or not all(type(p) in (float, int) for p in probabilities):
            raise RecordError(f"field 'probabilities' should be a list of numbers, got {quoted(probabilities)}")
        fractions = tuple(float(p) for p in probabilities)
        problem = probabilities_problem(fractions)
        if problem is not None:
            raise RecordError(problem)
        probability = max(fractions)
        shape = {"probabilities": fractions}
    elif record.get("probability") is None and any(record.get(name) is not None for name in ("low", "high", "level")):
        low, high, level = (_field(record, name, float) for name in ("low", "high", "level"))
        problem = interval_problem(low, high, level)
        if problem is not None:
            raise RecordError(problem)
        probability = level
        shape = {"low": low, "high": high, "level": level}
    else:
        probability = _field(record, "probability", float)
        if not 0.0 <= probability <= 1.0:
            raise RecordError(f"probability {probability!r} is outside 0–1")
    return Estimate(
        **shape,
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


def _outcome(record: Mapping[str, Any]) -> Outcome:
    try:
        return Outcome(_field(record, "outcome", str))
    except ValueError:
        raise RecordError(f"unknown outcome {quoted(record.get('outcome'))}") from None


def resolution_from_record(record: Mapping[str, Any]) -> Resolution:
    """Parse a resolution record; raises RecordError on a bad shape or a date out of range."""
    outcome = _outcome(record)
    option = None if record.get("option") is None else _text(record, "option")
    value = None if record.get("value") is None else _field(record, "value", float)
    if outcome is Outcome.ANSWERED and (option is None) == (value is None):
        raise RecordError("an answered resolution has an option or a value")
    if outcome is not Outcome.ANSWERED and (option is not None or value is not None):
        raise RecordError(f"a resolution {outcome.value} has no option or value")
    if value is not None and not math.isfinite(value):
        raise RecordError(f"value {value!r} is not a finite number")
    return Resolution(
        prediction_id=_field(record, "prediction_id", int),
        outcome=outcome,
        date=_record_date(record, "date"),
        note=_text(record, "note", optional=True),
        uid=_text(record, "uid", optional=True),
        option=option,
        value=value,
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
            _check_answers((resolution, *others), predictions.get(resolution.prediction_id))
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
        table = ESTIMATES
        for prediction_id, items in by_estimate.items():
            if not _estimates_fit(items, predictions[prediction_id]):
                number, problem = _first_misfit(tables[ESTIMATES], predictions[prediction_id])
                raise RecordError(problem)
    except RecordError as error:
        raise RecordError(f"{table} record {number}: {error}") from None
    return JournalData(
        sorted(predictions.values(), key=lambda p: p.id),
        {key: tuple(items) for key, items in by_estimate.items()},
        {key: tuple(items) for key, items in by_note.items()},
        by_resolution,
        conflicts,
    )


_CHOICE_SHAPED, _NUMERIC_SHAPED = attrgetter("probabilities"), attrgetter("level")


def _estimates_fit(estimates: Sequence[Estimate], prediction: Prediction) -> bool:
    """Whether a prediction's estimates all have its kind's shape and values (domain.kinds)."""
    if prediction.kind is Kind.BINARY:  # most of a journal: checked in C (a set level or probabilities is truthy)
        return not any(map(_CHOICE_SHAPED, estimates)) and not any(map(_NUMERIC_SHAPED, estimates))
    return not any(estimate_problem(estimate, prediction) for estimate in estimates)


def _first_misfit(table: Table, prediction: Prediction) -> tuple[str, str]:
    """The number of the prediction's first estimate record that does not fit its kind, and what is wrong."""
    for number, record in table.items():
        if record["prediction_id"] == prediction.id:
            problem = estimate_problem(estimate_from_record(record), prediction)
            if problem is not None:
                return number, problem
    raise AssertionError("no estimate of the prediction misfits")


def _check_answers(resolutions: Sequence[Resolution], prediction: Prediction | None) -> None:
    """Refuse a resolution its prediction's kind does not take (an orphan is refused later, by name)."""
    for resolution in resolutions:
        problem = None if prediction is None else resolution_problem(resolution, prediction)
        if problem is not None:
            raise RecordError(problem)


def check_tables(tables: Mapping[str, Table]) -> None:
    """Raise the RecordError `journal_from_tables` would raise, without building the model.

    A write needs the journal checked, not built. Predictions and resolutions (a few records each)
    are parsed as `journal_from_tables` parses them; estimates and notes (nearly all of a journal)
    are checked one field at a time across the whole table, in loops that run in C: at 100,000
    estimates that is several times faster than building them. Anything these checks do not pass
    is handed to `journal_from_tables`, which names the record: the two agree on what is valid.
    """
    try:
        by_id = {p.id: p for p in journal_from_tables({PREDICTIONS: tables.get(PREDICTIONS, {})}).predictions}
    except RecordError:
        by_id = None
    resolutions = tables.get(RESOLUTIONS, {}).items()
    if not (
        by_id is not None
        and _estimates_plausible(tables.get(ESTIMATES, {}), by_id)
        and _plausible(tables.get(NOTES, {}), set(by_id), {"text": _texts, "uid": _texts}, note_from_record)
        and all(_resolution_fits(number, record, by_id) for number, record in resolutions)
    ):
        journal_from_tables(tables)


def _estimates_plausible(table: Table, predictions: Mapping[int, Prediction]) -> bool:
    """Whether every estimate record surely parses and fits its prediction's kind. Binary-shaped ones
    (all of them in a journal of yes/no questions) are checked a column at a time, and must belong to
    binary predictions; the others, few, are parsed and checked whole."""
    binary = {prediction_id for prediction_id, p in predictions.items() if p.kind is Kind.BINARY}
    fields = {"probability": _unit_floats, "note": _optional_texts, "uid": _texts}
    if len(binary) == len(predictions):
        return _plausible(table, binary, fields, estimate_from_record)
    try:
        plain = {number: r for number, r in table.items() if r.get("probability") is not None}
        for number, record in table.items():
            if number not in plain:
                estimate = estimate_from_record(record)
                prediction = predictions.get(estimate.prediction_id)
                if prediction is None or estimate_problem(estimate, prediction) is not None:
                    return False
    except (AttributeError, RecordError):  # a record not a dict, or one that does not parse
        return False
    return _plausible(plain, binary, fields, estimate_from_record)


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


def _resolution_fits(number: str, record: Mapping[str, Any], predictions: Mapping[int, Prediction]) -> bool:
    try:
        candidates = resolution_candidates(record)
        prediction = predictions.get(candidates[0].prediction_id)
        if prediction is None:
            return False
        _check_answers(candidates, prediction)
    except RecordError:
        return False
    return number == str(prediction.id)
