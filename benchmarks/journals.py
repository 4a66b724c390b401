"""Build benchmark journals of a given number of estimates, spread over seeded and added predictions."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import orjson

from domain.model import Estimate, Note, Outcome, Prediction, Resolution
from domain.records import (
    ESTIMATES,
    NOTES,
    PREDICTIONS,
    RESOLUTIONS,
    estimate_to_record,
    note_to_record,
    prediction_to_record,
    resolution_to_record,
)
from domain.uids import with_uids
from storage.atomic import replace_atomically
from storage.journal import open_journal
from storage.layout import Tables

ADDED_PREDICTIONS = 40
NOTE_EVERY = 10
START = datetime(2025, 1, 1, 9, 0, tzinfo=UTC)


def build_journal(path: Path, estimates: int) -> Path:
    """A seeded journal plus 40 added predictions, `estimates` estimates, a note per 10 estimates, half resolved."""
    if path.exists():
        path.unlink()
    open_journal(path)
    tables = orjson.loads(path.read_bytes())
    added = [
        Prediction(i, f"Added prediction {i}", f"Benchmark prediction number {i}.", "added", date(2025, 12, 31), "Mine")
        for i in range(11, 11 + ADDED_PREDICTIONS)
    ]
    tables[PREDICTIONS].update({str(p.id): prediction_to_record(p) for p in added})
    ids = list(range(1, 11 + ADDED_PREDICTIONS))
    records: dict[str, dict[str, object]] = {}
    notes: dict[str, dict[str, object]] = {}
    for index in range(estimates):
        prediction_id = ids[index % len(ids)]
        recorded = START + timedelta(minutes=index)
        on = recorded.date() if recorded.year == 2025 else date(2025, 12, 31)
        estimate = Estimate(
            prediction_id, (index * 37 % 101) / 100, on, recorded, f"reason {index}" if index % 3 else ""
        )
        records[str(index + 1)] = estimate_to_record(estimate)
        if index % NOTE_EVERY == 0:
            note = Note(prediction_id, on, f"Note {index}: thinking about it.\nSecond line.", recorded)
            notes[str(len(notes) + 1)] = note_to_record(note)
    tables[ESTIMATES] = records
    tables[NOTES] = notes
    tables[RESOLUTIONS] = {
        str(pid): resolution_to_record(Resolution(pid, Outcome.YES if pid % 3 else Outcome.NO, date(2026, 1, 15)))
        for pid in ids[::2]
    }
    replace_atomically(path, Tables(with_uids(tables)).serialise())
    return path


def minimal_json_file(path: Path, questions: int, forecasts: int) -> Path:
    """An import file of `questions` predictions with `forecasts` estimates each, written as a person
    would write them by hand: each estimate only its date and probability."""
    predictions = [
        {
            "title": f"Question {q}",
            "set": "Big",
            "resolve_by": "2025-12-31",
            "estimates": [
                {"date": f"2025-{1 + f % 12:02d}-{1 + f % 28:02d}", "probability": (q * f) % 101 / 100}
                for f in range(forecasts)
            ],
        }
        for q in range(questions)
    ]
    path.write_bytes(orjson.dumps({"predictions": predictions}))
    return path
