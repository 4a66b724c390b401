"""Conversion between the model and plain JSON-able records.

The same record shapes are stored in the journal file and printed by `list --json`,
so there is one definition of each field's name and format.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any, cast

from domain.model import Estimate, JournalData, Note, Outcome, Prediction, Resolution

Record = dict[str, Any]


class RecordError(ValueError):
    """A stored record does not have the expected shape."""


def prediction_to_record(prediction: Prediction) -> Record:
    """A prediction as a JSON-able dict."""
    return {
        "id": prediction.id,
        "title": prediction.title,
        "text": prediction.text,
        "source": prediction.source,
        "resolve_by": prediction.resolve_by.isoformat(),
        "set": prediction.set_name,
    }


def estimate_to_record(estimate: Estimate) -> Record:
    """An estimate as a JSON-able dict; probability is a fraction 0–1."""
    return {
        "prediction_id": estimate.prediction_id,
        "date": estimate.date.isoformat(),
        "probability": estimate.probability,
        "recorded_at": estimate.recorded_at.isoformat(),
        "note": estimate.note,
    }


def note_to_record(note: Note) -> Record:
    """A note as a JSON-able dict."""
    return {
        "prediction_id": note.prediction_id,
        "date": note.date.isoformat(),
        "text": note.text,
        "recorded_at": note.recorded_at.isoformat(),
    }


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
    raise RecordError(f"field {name!r} should be {kind.__name__}, got {value!r}")


def _date(record: Mapping[str, Any], name: str) -> date:
    try:
        return date.fromisoformat(_field(record, name, str))
    except ValueError as error:
        raise RecordError(f"field {name!r}: {error}") from None


def _datetime(record: Mapping[str, Any], name: str) -> datetime:
    try:
        return datetime.fromisoformat(_field(record, name, str))
    except ValueError as error:
        raise RecordError(f"field {name!r}: {error}") from None


def prediction_from_record(record: Mapping[str, Any]) -> Prediction:
    """Parse a prediction record; raises RecordError on a bad shape."""
    return Prediction(
        id=_field(record, "id", int),
        title=_field(record, "title", str),
        text=_field(record, "text", str),
        source=_field(record, "source", str),
        resolve_by=_date(record, "resolve_by"),
        set_name=_field(record, "set", str),
    )


def estimate_from_record(record: Mapping[str, Any]) -> Estimate:
    """Parse an estimate record; raises RecordError on a bad shape."""
    # Estimates are most of a journal and all are parsed on open, so a well-formed record takes this
    # direct path (half the time at 10k estimates); anything unusual gets the checks that name the problem.
    prediction_id, probability = record.get("prediction_id"), record.get("probability")
    on, recorded_at, note = record.get("date"), record.get("recorded_at"), record.get("note")
    if (
        type(prediction_id) is int
        and type(probability) is float
        and 0.0 <= probability <= 1.0
        and type(on) is str
        and type(recorded_at) is str
        and type(note) is str
    ):
        try:
            recorded = datetime.fromisoformat(recorded_at)
            return Estimate(prediction_id, probability, date.fromisoformat(on), recorded, note)
        except ValueError:
            pass
    return _checked_estimate(record)


def _checked_estimate(record: Mapping[str, Any]) -> Estimate:
    probability = _field(record, "probability", float)
    if not 0.0 <= probability <= 1.0:
        raise RecordError(f"probability {probability!r} is outside 0–1")
    return Estimate(
        prediction_id=_field(record, "prediction_id", int),
        probability=probability,
        date=_date(record, "date"),
        recorded_at=_datetime(record, "recorded_at"),
        note=str(record.get("note") or ""),
    )


def note_from_record(record: Mapping[str, Any]) -> Note:
    """Parse a note record; raises RecordError on a bad shape."""
    return Note(
        prediction_id=_field(record, "prediction_id", int),
        date=_date(record, "date"),
        text=_field(record, "text", str),
        recorded_at=_datetime(record, "recorded_at"),
    )


def resolution_from_record(record: Mapping[str, Any]) -> Resolution:
    """Parse a resolution record; raises RecordError on a bad shape."""
    try:
        outcome = Outcome(_field(record, "outcome", str))
    except ValueError:
        raise RecordError(f"unknown outcome {record.get('outcome')!r}") from None
    return Resolution(
        prediction_id=_field(record, "prediction_id", int),
        outcome=outcome,
        date=_date(record, "date"),
        note=str(record.get("note") or ""),
    )


def journal_from_records(
    predictions: Iterable[Mapping[str, Any]],
    estimates: Iterable[Mapping[str, Any]],
    notes: Iterable[Mapping[str, Any]],
    resolutions: Iterable[Mapping[str, Any]],
) -> JournalData:
    """Build a snapshot from records given in recording order."""
    parsed_predictions = sorted((prediction_from_record(r) for r in predictions), key=lambda p: p.id)
    by_estimate: dict[int, list[Estimate]] = {}
    for record in estimates:
        estimate = estimate_from_record(record)
        by_estimate.setdefault(estimate.prediction_id, []).append(estimate)
    by_note: dict[int, list[Note]] = {}
    for record in notes:
        note = note_from_record(record)
        by_note.setdefault(note.prediction_id, []).append(note)
    by_resolution = {r.prediction_id: r for r in map(resolution_from_record, resolutions)}
    return JournalData(
        parsed_predictions,
        {key: tuple(items) for key, items in by_estimate.items()},
        {key: tuple(items) for key, items in by_note.items()},
        by_resolution,
    )


def _without_owner(record: Record) -> Record:
    return {key: value for key, value in record.items() if key != "prediction_id"}


def journal_to_listing(data: JournalData) -> Record:
    """The `list --json` document: every prediction with its estimates, notes and resolution."""
    listing = []
    for prediction in data.predictions:
        resolution = data.resolution_for(prediction.id)
        entry = prediction_to_record(prediction)
        entry["estimates"] = [_without_owner(estimate_to_record(e)) for e in data.estimates_for(prediction.id)]
        entry["notes"] = [_without_owner(note_to_record(n)) for n in data.notes_for(prediction.id)]
        entry["resolution"] = None if resolution is None else _without_owner(resolution_to_record(resolution))
        listing.append(entry)
    return {"predictions": listing}
