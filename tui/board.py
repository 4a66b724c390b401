"""What the main screen shows, computed from a journal snapshot off the event loop."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from domain.display import format_percent, format_score
from domain.kinds import answer_text, format_number, leading_option, with_unit
from domain.model import (
    OWN_SET,
    Estimate,
    JournalData,
    Kind,
    Outcome,
    Prediction,
    date_order,
    latest_estimate,
    status_of,
)
from domain.safe_text import visible_line
from domain.scoring import score_prediction, shown_confidence, window_close

HISTORY_POINTS = 64
CONFLICT = "conflicting resolutions"
"""The status of a prediction two machines resolved differently, as `list` and `show` say it."""


@dataclass(frozen=True, slots=True)
class History:
    """The confidence in force on evenly spaced days, ready to draw, and where the window closes."""

    values: tuple[float, ...] = ()
    closed_from: int | None = None
    """The index of the first value after the window's close (None when every value is on or before it)."""


@dataclass(frozen=True, slots=True)
class PaneView:
    """One prediction pane: number and title, latest confidence, history, note count, status, tags."""

    prediction_id: int
    title: str
    latest: str
    history: History
    estimates: int
    notes: int
    status: str
    kind: str
    short_status: str
    """The status for a narrow pane: a resolved one's outcome and Brier, without the word "resolved"."""
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SetView:
    """A prediction set and its panes, in id order."""

    name: str
    panes: tuple[PaneView, ...]


def shown_tags(tags: Iterable[str]) -> str:
    """Tags as the app shows them: '#ai #work'."""
    return " ".join(f"#{visible_line(tag)}" for tag in tags)


def chronological(estimates: tuple[Estimate, ...] | list[Estimate]) -> list[Estimate]:
    """Estimates in date order, ties in recording order."""
    return sorted(estimates, key=date_order)


def confidence_history(prediction: Prediction, data: JournalData, today: date, points: int = HISTORY_POINTS) -> History:
    """The confidence in force on `points` evenly spaced days, from the first estimate to the
    resolution date (or today): a step line over time, ready to draw. Retracted estimates are left out;
    `closed_from` says where the days after the window's close begin."""
    in_force, closed_from = estimates_in_force(prediction, data, today, points)
    return History(tuple(e.probability for e in in_force), closed_from)


def estimates_in_force(
    prediction: Prediction, data: JournalData, today: date, points: int = HISTORY_POINTS
) -> tuple[tuple[Estimate, ...], int | None]:
    """The estimate in force on `points` evenly spaced days, from the first estimate to the resolution
    date (or today), retracted ones left out, and the index of the first day after the window's close
    (None when none is); empty when no estimate counts."""
    ordered = chronological([e for e in data.estimates_for(prediction.id) if e.retracted is None])
    if not ordered:
        return (), None
    resolution = data.resolution_for(prediction.id)
    close = window_close(prediction, resolution)
    start = ordered[0].date
    end = max(resolution.date if resolution else today, ordered[-1].date)
    span = (end - start).days
    in_force: list[Estimate] = []
    closed_from: int | None = None
    index, current = 0, ordered[0]
    for step in range(points):
        day = start + timedelta(days=round(span * step / max(1, points - 1)))
        while index < len(ordered) and ordered[index].date <= day:
            current = ordered[index]
            index += 1
        if closed_from is None and day > close:
            closed_from = step
        in_force.append(current)
    return tuple(in_force), closed_from


def status_text(prediction: Prediction, data: JournalData, today: date) -> tuple[str, str]:
    """(text, kind) of a prediction's status; resolved ones carry their final Brier."""
    status, kind, _ = status_and_confidence(prediction, data, today)
    return status, kind


def status_and_confidence(prediction: Prediction, data: JournalData, today: date) -> tuple[str, str, float | None]:
    """(status text, kind, confidence shown) of a prediction: a resolved one carries its final Brier and
    shows the probability that was scored; an open one shows its latest estimate that is not retracted, and
    one that two machines resolved differently (domain.journal_merge) says so until one is picked."""
    resolution = data.resolution_for(prediction.id)
    kind = status_of(prediction, resolution, today)
    if resolution is None:
        status = CONFLICT if data.conflicting_resolutions(prediction.id) else kind
        return status, kind, shown_confidence(prediction, data)
    score = score_prediction(prediction.id, data)
    brier = f" · Brier {format_score(score.brier)}" if score.brier is not None else ""
    # A choice or numeric answer is said as what happened (an option's name, a value), not "answered".
    answer = kind if resolution.outcome is not Outcome.ANSWERED else _shortened(answer_text(resolution, prediction))
    return f"resolved {answer}{brier}", kind, shown_confidence(prediction, data, score)


def _shortened(text: str, width: int = 24) -> str:
    """User text for a pane's border, safe to show and at most `width` cells."""
    shown = visible_line(text)
    return shown if len(shown) <= width else shown[: width - 1] + "…"


LATEST_WIDTH = 40
"""The most a pane's latest estimate takes: a choice's leading option or a numeric interval is user text."""


def latest_text(prediction: Prediction, data: JournalData, shown: float | None) -> str:
    """What a pane shows as the latest estimate, safe to show: a yes/no prediction's probability (the scored
    one once resolved), a choice's leading option and its probability, a numeric one's interval."""
    if prediction.kind is Kind.BINARY:
        return format_percent(shown) if shown is not None else "—"
    estimate = latest_estimate(data.estimates_for(prediction.id))
    if estimate is None:
        return "—"
    leading = leading_option(estimate, prediction)
    if leading is not None:
        text = f"{leading[0]} {format_percent(leading[1])}"
    elif estimate.low is not None and estimate.high is not None:
        text = with_unit(f"{format_number(estimate.low)}..{format_number(estimate.high)}", prediction.unit)
    else:
        text = format_percent(estimate.probability)
    shown_text = visible_line(text)
    return shown_text if len(shown_text) <= LATEST_WIDTH else shown_text[: LATEST_WIDTH - 1] + "…"


def pane_view(prediction: Prediction, data: JournalData, today: date) -> PaneView:
    """The pane of one prediction. The history line is drawn for yes/no predictions only: a choice's or a
    numeric prediction's estimates are not one probability over time."""
    estimates = data.estimates_for(prediction.id)
    status, kind, shown = status_and_confidence(prediction, data, today)
    binary = prediction.kind is Kind.BINARY
    return PaneView(
        prediction_id=prediction.id,
        title=prediction.title,
        latest=latest_text(prediction, data, shown),
        history=confidence_history(prediction, data, today) if binary else History(),
        estimates=len(estimates),
        notes=len(data.notes_for(prediction.id)),
        status=status,
        kind=kind,
        short_status="conflict" if status == CONFLICT else status.removeprefix("resolved "),
        tags=prediction.tags,
    )


def ordered_sets(data: JournalData, today: date) -> list[str]:
    """Set names, the current set first: of the seeded sets, the one whose resolve-by date is the nearest
    still ahead (or the latest, when every set is past); then the user's own predictions, then the rest,
    newest first. Archived predictions are left out, and so is a set of only archived ones."""
    ends: dict[str, date] = {}
    for prediction in data.predictions:
        if prediction.archived:
            continue
        ends[prediction.set_name] = max(prediction.resolve_by, ends.get(prediction.set_name, prediction.resolve_by))
    seeded = {name: end for name, end in ends.items() if name != OWN_SET} or ends
    ahead = [name for name, end in seeded.items() if end >= today]
    if ahead:
        current = min(ahead, key=lambda name: seeded[name])
    elif seeded:
        current = max(seeded, key=lambda name: seeded[name])
    else:
        return []
    others = (name for name in ends if name not in (current, OWN_SET))
    rest = sorted(others, key=lambda name: ends[name], reverse=True)
    own = [OWN_SET] if OWN_SET in ends and current != OWN_SET else []
    return [current, *own, *rest]


def build_board(data: JournalData, today: date) -> tuple[SetView, ...]:
    """Every set with its panes, the current set first; archived predictions have no pane."""
    shown = sorted((p for p in data.predictions if not p.archived), key=lambda p: p.id)
    return tuple(
        SetView(name, tuple(pane_view(p, data, today) for p in shown if p.set_name == name))
        for name in ordered_sets(data, today)
    )
