"""The merge: how imported predictions and records join a journal.

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

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TypeVar

from domain.model import Estimate, JournalData, Note, Prediction, Resolution
from domain.validation import MAX_PREDICTION_ID, MAX_TITLE_CHARS, InputError, check_text, parse_title

NO_ID = 0

Progress = Callable[[int], None]
R = TypeVar("R", Estimate, Note)


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


def batch_records(batch: Iterable[ImportedPrediction]) -> int:
    """How many estimates, notes and resolutions a batch brings."""
    return sum(item.record_count for item in batch)


def check_batch_text(item: ImportedPrediction) -> None:
    """Refuse texts over their limits or not storable, whatever file or dialog the batch came from."""
    prediction = item.prediction
    parse_title(prediction.title)
    parse_title(prediction.set_name, "set name")
    check_text(prediction.source, "source", MAX_TITLE_CHARS)
    check_text(prediction.text, "text")
    for estimate in item.estimates:
        check_text(estimate.note, "estimate note")
    for note in item.notes:
        check_text(note.text, "note")
    if item.resolution is not None:
        check_text(item.resolution.note, "resolution note")
