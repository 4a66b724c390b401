"""`forecast-journal show`: one prediction in full, as text or as JSON."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from domain.display import format_percent, format_recorded
from domain.formats.json_listing import prediction_entry
from domain.markers import estimate_markers, note_markers
from domain.model import JournalData, Prediction, status_of
from domain.safe_text import visible, visible_line
from domain.scoring import window_close


def _marked(markers: list[str]) -> str:
    return f"  [{', '.join(markers)}]" if markers else ""


def show_document(prediction: Prediction, data: JournalData, today: date) -> dict[str, Any]:
    """`show --json`: the prediction's `list --json` entry, with its status, window close and markers."""
    close = window_close(prediction, data.resolution_for(prediction.id))
    entry = prediction_entry(prediction, data)
    entry["status"] = status_of(prediction, data.resolution_for(prediction.id), today)
    conflicting = data.conflicting_resolutions(prediction.id)
    if conflicting:
        entry["conflicting_resolutions"] = [
            {"outcome": r.outcome.value, "date": r.date.isoformat(), "note": r.note} for r in conflicting
        ]
    entry["window_close"] = close.isoformat()
    for record, estimate in zip(entry["estimates"], data.estimates_for(prediction.id), strict=True):
        record["markers"] = estimate_markers(estimate, close)
    for record, note in zip(entry["notes"], data.notes_for(prediction.id), strict=True):
        record["markers"] = note_markers(note)
    return entry


def show_lines(prediction: Prediction, data: JournalData, today: date) -> Iterator[str]:
    """The prediction in full: every estimate and note numbered, with its dates and markers."""
    resolution = data.resolution_for(prediction.id)
    close = window_close(prediction, resolution)
    yield f"{prediction.id}. {visible_line(prediction.title)}"
    yield f"Set: {visible_line(prediction.set_name)}" + ("  [archived]" if prediction.archived else "")
    yield f"Source: {visible_line(prediction.source)}"
    yield f"Resolve by: {prediction.resolve_by.isoformat()}"
    yield f"Window closes: {close.isoformat()}"
    yield f"Status: {status_of(prediction, resolution, today)}"
    conflicting = data.conflicting_resolutions(prediction.id)
    if conflicting:
        yield f"Conflicting resolutions (from two machines; 'resolve {prediction.id} OUTCOME' picks one):"
        for other in conflicting:
            yield f"  {other.outcome.value} on {other.date.isoformat()}"
            if other.note:
                yield from _indented(other.note, "    ")
    if resolution is not None:
        yield f"Resolution: {resolution.outcome.value} on {resolution.date.isoformat()}"
        if resolution.note:
            yield from _indented(resolution.note)
    yield ""
    yield from _indented(prediction.text)
    for old in prediction.history:
        replaced, resolve_by = old.recorded_at.isoformat(), old.resolve_by.isoformat()
        yield f"Earlier version (replaced {replaced}): {visible_line(old.title)} · resolve by {resolve_by}"
        yield from _indented(old.text)
    yield ""
    estimates = data.estimates_for(prediction.id)
    yield f"Estimates ({len(estimates)})"
    for n, estimate in enumerate(estimates, 1):
        percent = format_percent(estimate.probability)
        yield (
            f"  #{n}  {estimate.date.isoformat()}  {percent:>6}  recorded {format_recorded(estimate.recorded_at)}"
            f"{_marked(estimate_markers(estimate, close))}"
        )
        if estimate.note:
            yield f"      {visible_line(estimate.note)}"
        if estimate.retracted is not None:
            reason = f": {visible_line(estimate.retracted.reason)}" if estimate.retracted.reason else ""
            yield f"      retracted at {estimate.retracted.recorded_at.isoformat()}{reason}"
    notes = data.notes_for(prediction.id)
    yield ""
    yield f"Notes ({len(notes)})"
    for n, note in enumerate(notes, 1):
        recorded = format_recorded(note.recorded_at)
        yield f"  #{n}  {note.date.isoformat()}  recorded {recorded}{_marked(note_markers(note))}"
        if note.removed is not None:
            yield f"      removed at {note.removed.isoformat()}"
        yield from _indented(note.text, "      ")
        for revision in note.revisions:
            yield f"      earlier text (replaced {revision.recorded_at.isoformat()}):"
            yield from _indented(revision.text, "        ")


def _indented(text: str, prefix: str = "  ") -> Iterator[str]:
    for line in visible(text).split("\n"):
        yield prefix + line
