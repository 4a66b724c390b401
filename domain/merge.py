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
- Tags only join: a matched prediction gains the file's tags it lacks (none is removed), and
  imported predictions that become one prediction have all their tags. Where that would give a
  prediction more than MAX_TAGS, the journal's (or the first one's) are kept and it is reported.
- A resolution is added to an open prediction, and skipped when the journal has the same one.
  A different resolution is a conflict: reported, never overwritten.
- Corrections travel with matched records; an import never undoes one:
  - A retraction in the file is applied to the matched journal estimate when that one still
    counts (keeping the file's reason and time). A matched estimate that counts in the file and
    is retracted in the journal stays retracted. Among identical estimates, a retracted one in the
    file is matched to a retracted one in the journal first.
  - A note is matched by its date and its first text (the oldest revision, or its text when never
    edited). When the journal's texts (earlier ones, then the current) are where the file's
    began, the file's later texts are added: the note takes the file's text and revisions. When
    both have the same texts, a removal in the file is applied. When the journal's texts are
    further along, the journal's are kept; when the two went different ways, the journal's are
    kept and the difference is reported as a conflict.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Generic, TypeVar

from domain.model import Estimate, JournalData, Kind, Note, Prediction, Resolution
from domain.tags import MAX_TAGS
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
class Corrected(Generic[R]):
    """A journal estimate or note as the file's corrections leave it: the prediction's record at
    `index` (0-based, recording order) becomes `record`."""

    prediction_id: int
    index: int
    record: R


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
    corrected_estimates: tuple[Corrected[Estimate], ...] = ()
    corrected_notes: tuple[Corrected[Note], ...] = ()
    retagged: tuple[Prediction, ...] = ()  # matched journal predictions with the tags the file adds

    @property
    def changed(self) -> bool:
        """Whether the merge adds or corrects anything in the journal."""
        return bool(
            self.predictions
            or self.retagged
            or self.estimates
            or self.notes
            or self.resolutions
            or self.corrected_estimates
            or self.corrected_notes
        )

    @property
    def corrected(self) -> int:
        """How many journal estimates and notes the file's corrections change."""
        return len(self.corrected_estimates) + len(self.corrected_notes)


def _estimate_key(estimate: Estimate) -> tuple[date, float, str, tuple[float, ...] | None, float | None, float | None]:
    return (estimate.date, estimate.probability, estimate.note, estimate.probabilities, estimate.low, estimate.high)


def _texts(note: Note) -> tuple[str, ...]:
    """A note's texts, oldest first: its earlier texts, then the current one."""
    return (*(revision.text for revision in note.revisions), note.text)


def _note_key(note: Note) -> tuple[date, str]:
    return (note.date, _texts(note)[0])


def _unused(records: Sequence[R], key: Callable[[R], Hashable]) -> dict[Hashable, list[int]]:
    """The positions of a prediction's journal records, by key."""
    positions: dict[Hashable, list[int]] = {}
    for index, record in enumerate(records):
        positions.setdefault(key(record), []).append(index)
    return positions


def _match(
    records: Sequence[R],
    unused: dict[Hashable, list[int]],
    journal: Sequence[R],
    key: Callable[[R], Hashable],
    alike: Callable[[R, R], bool],
) -> tuple[list[R], list[tuple[R, int]]]:
    """The file's records that find no journal copy left in `unused`, and the others paired with the
    position of their copy. Each match uses its copy up, taking first one that is `alike`."""
    fresh: list[R] = []
    pairs: list[tuple[R, int]] = []
    for record in records:
        free = unused.get(key(record))
        if not free:
            fresh.append(record)
            continue
        position = next((i for i in free if alike(record, journal[i])), free[0])
        free.remove(position)
        pairs.append((record, position))
    return fresh, pairs


def _both_retracted_or_not(incoming: Estimate, current: Estimate) -> bool:
    return (incoming.retracted is None) == (current.retracted is None)


def _same_texts(incoming: Note, current: Note) -> bool:
    return _texts(incoming) == _texts(current)


def _corrected_estimate(incoming: Estimate, current: Estimate) -> Estimate | None:
    """The journal's estimate with the file's retraction, or None when the file corrects nothing."""
    if incoming.retracted is not None and current.retracted is None:
        return replace(current, retracted=incoming.retracted)
    return None


def _corrected_note(incoming: Note, current: Note) -> Note | None:
    """The journal's note with the file's later texts or its removal; None when the file adds nothing
    (its texts are the journal's, or where the journal's began, or they went different ways)."""
    theirs, mine = _texts(incoming), _texts(current)
    if theirs[: len(mine)] != mine:
        return None
    if len(theirs) > len(mine):
        revisions = (*current.revisions, *incoming.revisions[len(current.revisions) :])
        return replace(current, text=incoming.text, revisions=revisions, removed=current.removed or incoming.removed)
    if incoming.removed is not None and current.removed is None:
        return replace(current, removed=incoming.removed)
    return None


def _diverged(incoming: Note, current: Note) -> bool:
    """Whether neither note's texts are where the other's began."""
    theirs, mine = _texts(incoming), _texts(current)
    return theirs[: len(mine)] != mine and mine[: len(theirs)] != theirs


def _same_resolution(incoming: Resolution, current: Resolution) -> bool:
    """Whether two resolutions say the same, whatever their uids (a file's records carry none)."""
    return replace(incoming, uid="") == replace(current, uid="")


def _question(prediction: Prediction) -> tuple[Kind, tuple[str, ...], str]:
    """What a prediction asks for: two entries of it must agree on this for their records to merge."""
    return prediction.kind, prediction.options, prediction.unit


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
    tags_of_key: dict[tuple[str, str], set[str]] = {}
    for item in batch:
        journal_prediction = existing.get(item.key)
        tags_of_key.setdefault(item.key, set(journal_prediction.tags if journal_prediction else ())).update(
            item.prediction.tags
        )
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
    new_predictions = [
        replace(p, tags=_joined_tags(p, tags_of_key[(p.set_name, p.title)], "its first entry in the file", conflicts))
        for p in new_predictions
    ]
    retagged = [
        replace(p, tags=tags)
        for p in matched.values()
        if (tags := _joined_tags(p, tags_of_key[(p.set_name, p.title)], "the journal", conflicts)) != p.tags
    ]
    target_of_key = {key: p for key, p in existing.items() if p.id in matched}
    target_of_key.update({(p.set_name, p.title): p for p in new_predictions})

    estimates: list[Estimate] = []
    notes: list[Note] = []
    resolutions: dict[int, Resolution] = {}
    corrected_estimates: list[Corrected[Estimate]] = []
    corrected_notes: list[Corrected[Note]] = []
    skipped = 0
    unused_estimates: dict[int, dict[Hashable, list[int]]] = {}
    unused_notes: dict[int, dict[Hashable, list[int]]] = {}
    for item in batch:
        owner = target_of_key[item.key]
        if _question(owner) != _question(item.prediction):
            conflicts.append(
                f"prediction {owner.id} ({owner.title!r}) is a {owner.kind.value} question in the "
                f"{'journal' if owner.id in matched else 'file'}, and the file has another entry of it as a "
                f"{item.prediction.kind.value} one (or with other options or unit); skipped that entry's records"
            )
            continue
        journal_estimates = data.estimates_for(owner.id)
        fresh_estimates, matched_estimates = _match(
            item.estimates,
            unused_estimates.setdefault(owner.id, _unused(journal_estimates, _estimate_key)),
            journal_estimates,
            _estimate_key,
            _both_retracted_or_not,
        )
        estimates += [replace(estimate, prediction_id=owner.id) for estimate in fresh_estimates]
        for incoming_estimate, index in matched_estimates:
            estimate = _corrected_estimate(incoming_estimate, journal_estimates[index])
            if estimate is None:
                skipped += 1
            else:
                corrected_estimates.append(Corrected(owner.id, index, estimate))
        journal_notes = data.notes_for(owner.id)
        fresh_notes, matched_notes = _match(
            item.notes,
            unused_notes.setdefault(owner.id, _unused(journal_notes, _note_key)),
            journal_notes,
            _note_key,
            _same_texts,
        )
        notes += [replace(note, prediction_id=owner.id) for note in fresh_notes]
        for incoming_note, index in matched_notes:
            if _diverged(incoming_note, journal_notes[index]):
                conflicts.append(
                    f"prediction {owner.id} ({owner.title!r}): note #{index + 1} of "
                    f"{incoming_note.date.isoformat()} has other texts in the file; kept the journal's"
                )
                continue
            note = _corrected_note(incoming_note, journal_notes[index])
            if note is None:
                skipped += 1
            else:
                corrected_notes.append(Corrected(owner.id, index, note))
        if item.resolution is not None:
            incoming = replace(item.resolution, prediction_id=owner.id)
            current = data.resolution_for(owner.id) or resolutions.get(owner.id)
            if current is None:
                resolutions[owner.id] = incoming
            elif _same_resolution(incoming, current):
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
        corrected_estimates=tuple(corrected_estimates),
        corrected_notes=tuple(corrected_notes),
        retagged=tuple(retagged),
    )


def _joined_tags(prediction: Prediction, tags: set[str], kept: str, conflicts: list[str]) -> tuple[str, ...]:
    """`tags` (the prediction's and those joining them), or the prediction's own, with a conflict reported,
    when they are over MAX_TAGS (`kept` says whose those are)."""
    if len(tags) > MAX_TAGS and len(tags) > len(prediction.tags):
        conflicts.append(
            f"prediction {prediction.id} ({prediction.title!r}): the file's tags would give it {len(tags)}, "
            f"over the limit of {MAX_TAGS}; kept the tags of {kept}"
        )
        return prediction.tags
    return tuple(sorted(tags))


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
        if estimate.retracted is not None:
            check_text(estimate.retracted.reason, "retraction reason")
    for note in item.notes:
        check_text(note.text, "note")
        for revision in note.revisions:
            check_text(revision.text, "earlier note text")
    for earlier in prediction.history:
        parse_title(earlier.title, "earlier title")
        check_text(earlier.text, "earlier text")
    if item.resolution is not None:
        check_text(item.resolution.note, "resolution note")
