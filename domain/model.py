"""The journal's data model: predictions, estimates, notes and resolutions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import TypeVar

OWN_SET = "Own predictions"
"""The set of the predictions a user adds."""

UNKNOWN_RECORDED = datetime.min.replace(tzinfo=UTC)
"""Where an unknown recording time sorts: before every known one."""


def recorded_key(moment: datetime | None) -> datetime:
    """A recording time to order by; an unknown one (None: imported without it) comes first."""
    return UNKNOWN_RECORDED if moment is None else moment


class Outcome(StrEnum):
    """How a prediction turned out."""

    YES = "yes"
    NO = "no"
    AMBIGUOUS = "ambiguous"
    ANSWERED = "answered"  # a choice or numeric prediction's answer: its Resolution has `option` or `value`


BINARY_OUTCOMES = (Outcome.YES, Outcome.NO, Outcome.AMBIGUOUS)
"""The outcomes of a yes/no prediction."""


class Kind(StrEnum):
    """What a prediction asks (domain.kinds): yes or no, which of its options, or a number."""

    BINARY = "binary"
    CHOICE = "choice"
    NUMERIC = "numeric"


@dataclass(frozen=True, slots=True)
class Prediction:
    """A statement about the future that the user gives confidence estimates for."""

    id: int
    title: str
    text: str
    source: str
    resolve_by: date
    set_name: str
    archived: bool = False
    history: tuple[PredictionRevision, ...] = ()
    tags: tuple[str, ...] = ()  # sorted, without repeats (domain.tags)
    uid: str = ""  # its stable id (domain.uids); "" until the journal stores it
    undone: tuple[UndoneResolution, ...] = ()  # resolutions taken back with `unresolve`, oldest first
    kind: Kind = Kind.BINARY
    options: tuple[str, ...] = ()  # a choice prediction's options, in order
    unit: str = ""  # a numeric prediction's unit ("" when it has none)


@dataclass(frozen=True, slots=True)
class UndoneResolution:
    """A resolution taken back with `unresolve`: kept in the prediction's history, never scored."""

    outcome: Outcome
    date: date
    note: str
    undone_at: datetime
    option: str | None = None  # an answered choice prediction's option, as in Resolution
    value: float | None = None  # an answered numeric prediction's value

    @classmethod
    def of(cls, resolution: Resolution, undone_at: datetime) -> UndoneResolution:
        """`resolution`, undone at `undone_at`."""
        return cls(resolution.outcome, resolution.date, resolution.note, undone_at, resolution.option, resolution.value)

    def resolution(self, prediction_id: int) -> Resolution:
        """The resolution that was undone."""
        return Resolution(prediction_id, self.outcome, self.date, self.note, option=self.option, value=self.value)


@dataclass(frozen=True, slots=True)
class PredictionRevision:
    """Earlier values of an edited prediction, and when they were replaced."""

    title: str
    text: str
    resolve_by: date
    recorded_at: datetime


@dataclass(frozen=True, slots=True)
class Retraction:
    """An estimate taken back (typed wrong, say): kept in the journal and its exports, never scored."""

    recorded_at: datetime
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Estimate:
    """A confidence estimate: probability (0–1) that the prediction comes true, as of `date`.

    A choice prediction's estimate has `probabilities` (one per option, in order, summing to 1) and a
    numeric one's the central interval `low`..`high` at confidence `level`; for them `probability` is
    the leading option's probability or the level, so what shows one number still can (domain.kinds).
    `recorded_at` is None when it is unknown (imported from a file that did not say)."""

    prediction_id: int
    probability: float
    date: date
    recorded_at: datetime | None
    note: str = ""
    retracted: Retraction | None = None
    uid: str = ""
    probabilities: tuple[float, ...] | None = None
    low: float | None = None
    high: float | None = None
    level: float | None = None


@dataclass(frozen=True, slots=True)
class Note:
    """A dated free-text journal entry about a prediction; `recorded_at` is None when it is unknown."""

    prediction_id: int
    date: date
    text: str
    recorded_at: datetime | None
    revisions: tuple[NoteRevision, ...] = ()
    removed: datetime | None = None
    uid: str = ""

    @property
    def edited(self) -> bool:
        """Whether the text was ever replaced."""
        return bool(self.revisions)


@dataclass(frozen=True, slots=True)
class NoteRevision:
    """An earlier text of an edited note, and when it was replaced."""

    text: str
    recorded_at: datetime


@dataclass(frozen=True, slots=True)
class Resolution:
    """The answer to a prediction, known on `date`."""

    prediction_id: int
    outcome: Outcome
    date: date
    note: str = ""
    uid: str = ""
    option: str | None = None  # the option that happened, when a choice prediction is ANSWERED
    value: float | None = None  # the number, when a numeric prediction is ANSWERED


@dataclass(frozen=True, slots=True)
class JournalData:
    """An immutable snapshot of a whole journal.

    Estimates and notes are grouped by prediction id and kept in the order they were recorded.
    A prediction that two machines resolved differently (domain.journal_merge) is in `conflicts`, with
    its resolutions, and not in `resolutions`: it counts as open until one is chosen.
    """

    predictions: Sequence[Prediction]
    estimates: Mapping[int, Sequence[Estimate]] = field(default_factory=dict)
    notes: Mapping[int, Sequence[Note]] = field(default_factory=dict)
    resolutions: Mapping[int, Resolution] = field(default_factory=dict)
    conflicts: Mapping[int, tuple[Resolution, ...]] = field(default_factory=dict)

    def prediction(self, prediction_id: int) -> Prediction | None:
        """The prediction with this id, or None."""
        return next((p for p in self.predictions if p.id == prediction_id), None)

    def estimates_for(self, prediction_id: int) -> Sequence[Estimate]:
        """Estimates of one prediction, in recording order."""
        return self.estimates.get(prediction_id, ())

    def notes_for(self, prediction_id: int) -> Sequence[Note]:
        """Notes of one prediction, in recording order."""
        return self.notes.get(prediction_id, ())

    def resolution_for(self, prediction_id: int) -> Resolution | None:
        """The resolution of one prediction, or None while it is open."""
        return self.resolutions.get(prediction_id)

    def with_estimate(self, estimate: Estimate) -> JournalData:
        """A copy with one more estimate (shares everything else)."""
        return replace(self, estimates=_appended(self.estimates, estimate.prediction_id, estimate))

    def with_note(self, note: Note) -> JournalData:
        """A copy with one more note."""
        return replace(self, notes=_appended(self.notes, note.prediction_id, note))

    def with_estimate_at(self, prediction_id: int, index: int, estimate: Estimate) -> JournalData:
        """A copy where the prediction's estimate at `index` (0-based, recording order) is replaced."""
        return replace(self, estimates=_replaced(self.estimates, prediction_id, index, estimate))

    def with_note_at(self, prediction_id: int, index: int, note: Note) -> JournalData:
        """A copy where the prediction's note at `index` (0-based, recording order) is replaced."""
        return replace(self, notes=_replaced(self.notes, prediction_id, index, note))

    def with_prediction(self, prediction: Prediction) -> JournalData:
        """A copy where the prediction with the same id is replaced by `prediction`."""
        return replace(self, predictions=[prediction if p.id == prediction.id else p for p in self.predictions])

    def conflicting_resolutions(self, prediction_id: int) -> tuple[Resolution, ...]:
        """The different resolutions two machines gave the prediction (empty when there is no conflict)."""
        return self.conflicts.get(prediction_id, ())

    def with_resolution(self, resolution: Resolution) -> JournalData:
        """A copy where the prediction is resolved (a conflict of resolutions is settled)."""
        conflicts = {k: v for k, v in self.conflicts.items() if k != resolution.prediction_id}
        return replace(
            self, resolutions={**self.resolutions, resolution.prediction_id: resolution}, conflicts=conflicts
        )

    def without_resolution(self, prediction_id: int) -> JournalData:
        """A copy where the prediction is open again."""
        return replace(
            self,
            resolutions={k: v for k, v in self.resolutions.items() if k != prediction_id},
            conflicts={k: v for k, v in self.conflicts.items() if k != prediction_id},
        )

    def with_predictions(self, predictions: Sequence[Prediction]) -> JournalData:
        """A copy with more predictions, kept in id order."""
        return replace(self, predictions=sorted([*self.predictions, *predictions], key=lambda p: p.id))

    @property
    def estimate_count(self) -> int:
        """How many estimates the journal holds."""
        return sum(len(items) for items in self.estimates.values())


Item = TypeVar("Item")


def _appended(groups: Mapping[int, Sequence[Item]], key: int, item: Item) -> dict[int, Sequence[Item]]:
    return {**groups, key: (*groups.get(key, ()), item)}


def _replaced(groups: Mapping[int, Sequence[Item]], key: int, index: int, item: Item) -> dict[int, Sequence[Item]]:
    items = groups.get(key, ())
    return {**groups, key: (*items[:index], item, *items[index + 1 :])}


def date_order(estimate: Estimate) -> tuple[date, datetime]:
    """How estimates are listed: by date, then by recording time (an unknown one first)."""
    return (estimate.date, recorded_key(estimate.recorded_at))


def latest_estimate(estimates: Sequence[Estimate], on_or_before: date | None = None) -> Estimate | None:
    """The estimate in force on a day: the latest dated on or before it, ties going to the one recorded last.

    Retracted estimates are never in force.
    """
    best: Estimate | None = None
    for estimate in estimates:
        if estimate.retracted is not None:
            continue
        if on_or_before is not None and estimate.date > on_or_before:
            continue
        if best is None or date_order(estimate) >= date_order(best):
            best = estimate
    return best


def status_of(prediction: Prediction, resolution: Resolution | None, today: date) -> str:
    """'open', 'overdue' (past resolve-by and unresolved) or the resolution's outcome."""
    if resolution is not None:
        return resolution.outcome.value
    return "overdue" if today > prediction.resolve_by else "open"


def default_resolution_date(prediction: Prediction, today: date) -> date:
    """The date a resolution defaults to: the resolve-by date once it has passed, otherwise today.

    Resolving an overdue prediction "today" would close its window late and score estimates made
    with hindsight; the user can always give another date.
    """
    return min(prediction.resolve_by, today)
