"""`forecast-journal show`: one prediction in full, as text or as JSON."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from domain.display import format_recorded
from domain.formats.json_listing import prediction_entry
from domain.kinds import answer_text, estimate_text
from domain.markers import estimate_markers, note_markers
from domain.model import JournalData, Kind, Prediction, status_of
from domain.safe_text import visible, visible_line
from domain.scoring import window_close
from domain.tags import tags_text


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
    yield f"Tags: {tags_text(prediction.tags) if prediction.tags else 'none'}"
    yield from _question_lines(prediction)
    yield f"Resolve by: {prediction.resolve_by.isoformat()}"
    yield f"Window closes: {close.isoformat()}"
    yield f"Status: {status_of(prediction, resolution, today)}"
    conflicting = data.conflicting_resolutions(prediction.id)
    if conflicting:
        yield f"Conflicting resolutions (from two machines; 'resolve {prediction.id} OUTCOME' picks one):"
        for other in conflicting:
            yield f"  {visible_line(answer_text(other, prediction))} on {other.date.isoformat()}"
            if other.note:
                yield from _indented(other.note, "    ")
    if resolution is not None:
        yield f"Resolution: {visible_line(answer_text(resolution, prediction))} on {resolution.date.isoformat()}"
        if resolution.note:
            yield from _indented(resolution.note)
    for undone in prediction.undone:
        answer = visible_line(answer_text(undone.resolution(prediction.id), prediction))
        yield f"Undone resolution: {answer} on {undone.date.isoformat()} (undone {undone.undone_at.isoformat()})"
        if undone.note:
            yield from _indented(undone.note)
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
        said = visible_line(estimate_text(estimate, prediction))
        yield (
            f"  #{n}  {estimate.date.isoformat()}  {said:>6}  recorded {format_recorded(estimate.recorded_at)}"
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


def _question_lines(prediction: Prediction) -> Iterator[str]:
    """What a choice or numeric prediction asks: its numbered options, or its unit (nothing for yes/no)."""
    if prediction.kind is Kind.CHOICE:
        yield f"Kind: multiple choice, {len(prediction.options)} options"
        for n, option in enumerate(prediction.options, 1):
            yield f"  {n}. {visible_line(option)}"
    elif prediction.kind is Kind.NUMERIC:
        unit = f", in {visible_line(prediction.unit)}" if prediction.unit else ""
        yield f"Kind: numeric (a central interval at a confidence level){unit}"


def _indented(text: str, prefix: str = "  ") -> Iterator[str]:
    for line in visible(text).split("\n"):
        yield prefix + line

