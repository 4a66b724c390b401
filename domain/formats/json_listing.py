"""The JSON listing: what `list --json` prints and `export --format json` writes, read back by `import`.

Each prediction is its record with its estimates, notes and resolution inside it (without their
`prediction_id`, which the nesting gives); the record shapes are those of domain.records. Estimates
and notes also carry `n`, their number (#1, #2, … in recording order), which reading ignores.

Reading asks only for what a person writing or converting such a file knows: a prediction's `title`,
`set` and `resolve_by` (its `id`, `text`, `source` and `archived` may be left out: it then gets the next
free id, and no text or source); an estimate's `date` and `probability`; a note's `date` and `text`; a
resolution's `outcome` and `date`. A missing `recorded_at` is kept as unknown.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any

import orjson

from domain.checks import (
    ImportFileError,
    NotThisFormat,
    check_estimate,
    check_note,
    check_prediction,
    check_resolution,
    located,
)
from domain.kinds import estimate_problem, resolution_problem
from domain.merge import NO_ID, ImportedPrediction
from domain.model import JournalData, Prediction
from domain.records import (
    Record,
    RecordError,
    estimate_from_record,
    estimate_to_record,
    note_from_record,
    note_to_record,
    prediction_from_record,
    prediction_to_record,
    resolution_from_record,
    resolution_to_record,
)
from domain.safe_text import json_escaped
from domain.validation import quoted


def _without_owner(record: Record) -> Record:
    return {key: value for key, value in record.items() if key != "prediction_id"}


def _numbered(number: int, record: Record) -> Record:
    return {"n": number, **_without_owner(record)}


def journal_to_listing(data: JournalData) -> Record:
    """The `list --json` document: every prediction with its estimates, notes and resolution."""
    return {"predictions": [prediction_entry(prediction, data) for prediction in data.predictions]}


def prediction_entry(prediction: Prediction, data: JournalData) -> Record:
    """One prediction of the listing: its record with its numbered estimates and notes and its resolution."""
    resolution = data.resolution_for(prediction.id)
    entry = prediction_to_record(prediction)
    estimates = data.estimates_for(prediction.id)
    entry["estimates"] = [_numbered(n, estimate_to_record(e)) for n, e in enumerate(estimates, 1)]
    entry["notes"] = [_numbered(n, note_to_record(note)) for n, note in enumerate(data.notes_for(prediction.id), 1)]
    entry["resolution"] = None if resolution is None else _without_owner(resolution_to_record(resolution))
    return entry


def render(data: JournalData, now: datetime) -> str:
    """The listing as an indented JSON file; characters a terminal could act on are escaped."""
    return json_escaped(orjson.dumps(journal_to_listing(data), option=orjson.OPT_INDENT_2).decode()) + "\n"


def _items(entry: dict[str, Any], name: str) -> list[Any]:
    value = entry.get(name, [])
    if not isinstance(value, list):
        raise RecordError(f"field {name!r} should be a list")
    return value


def _owned(record: Any, prediction_id: int) -> dict[str, Any]:
    if not isinstance(record, dict):
        raise RecordError(f"expected an object, got {quoted(record)}")
    return {**record, "prediction_id": prediction_id}


def _prediction(entry: dict[str, Any]) -> Prediction:
    """The prediction of an entry, with what a person may leave out filled in (the id NO_ID)."""
    defaults = {"id": 1, "text": "", "source": ""}
    given = {key: value for key, value in entry.items() if value is not None}
    prediction = prediction_from_record({**defaults, **given})
    return prediction if "id" in given else replace(prediction, id=NO_ID)


def _fits(problem: str | None) -> None:
    """Refuse an estimate or resolution its prediction's kind does not take (domain.kinds)."""
    if problem is not None:
        raise RecordError(problem)


def parse(text: str, name: str, today: date) -> list[ImportedPrediction]:
    """Read the JSON that `forecast-journal list --json` prints."""
    try:
        document = orjson.loads(text)
    except orjson.JSONDecodeError as error:
        raise ImportFileError(f"{name}: not valid JSON ({error})") from None
    if not isinstance(document, dict) or not isinstance(document.get("predictions"), list):
        raise NotThisFormat(name, "it is not an object with a 'predictions' list, as 'list --json' prints")
    batch = []
    for index, entry in enumerate(document["predictions"]):
        where = f"predictions[{index}]"
        with located(name, where):
            if not isinstance(entry, dict):
                raise RecordError(f"expected an object, got {quoted(entry)}")
            prediction = _prediction(entry)
            check_prediction(prediction)
            estimate_records = _items(entry, "estimates")
            note_records = _items(entry, "notes")
        estimates = []
        for position, record in enumerate(estimate_records):
            with located(name, f"{where}.estimates[{position}]"):
                estimate = estimate_from_record(_owned(record, prediction.id))
                check_estimate(estimate, today)
                _fits(estimate_problem(estimate, prediction))
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
                _fits(resolution_problem(resolution, prediction))
        batch.append(ImportedPrediction(prediction, tuple(estimates), tuple(notes), resolution))
    return batch
