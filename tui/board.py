"""What the main screen shows, computed from a journal snapshot off the event loop."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from domain.display import format_percent, format_score
from domain.model import OWN_SET, Estimate, JournalData, Prediction, latest_estimate, status_of
from domain.scoring import score_prediction

HISTORY_POINTS = 64


@dataclass(frozen=True, slots=True)
class PaneView:
    """One prediction pane: number and title, latest confidence, history, note count, status."""

    prediction_id: int
    title: str
    latest: str
    history: tuple[float, ...]
    estimates: int
    notes: int
    status: str
    kind: str


@dataclass(frozen=True, slots=True)
class SetView:
    """A prediction set and its panes, in id order."""

    name: str
    panes: tuple[PaneView, ...]


def chronological(estimates: tuple[Estimate, ...] | list[Estimate]) -> list[Estimate]:
    """Estimates in date order, ties in recording order."""
    return sorted(estimates, key=lambda e: (e.date, e.recorded_at))


def confidence_history(
    prediction: Prediction, data: JournalData, today: date, points: int = HISTORY_POINTS
) -> tuple[float, ...]:
    """The confidence in force on `points` evenly spaced days, from the first estimate to the
    resolution date (or today): a step line over time, ready to draw."""
    ordered = chronological(list(data.estimates_for(prediction.id)))
    if not ordered:
        return ()
    resolution = data.resolution_for(prediction.id)
    start = ordered[0].date
    end = max(resolution.date if resolution else today, ordered[-1].date)
    span = (end - start).days
    values: list[float] = []
    index, current = 0, ordered[0].probability
    for step in range(points):
        day = start + timedelta(days=round(span * step / max(1, points - 1)))
        while index < len(ordered) and ordered[index].date <= day:
            current = ordered[index].probability
            index += 1
        values.append(current)
    return tuple(values)


def status_text(prediction: Prediction, data: JournalData, today: date) -> tuple[str, str]:
    """(text, kind) of a prediction's status; resolved ones carry their final Brier."""
    resolution = data.resolution_for(prediction.id)
    kind = status_of(prediction, resolution, today)
    if resolution is None:
        return kind, kind
    score = score_prediction(prediction.id, data)
    brier = f" · Brier {format_score(score.brier)}" if score.brier is not None else ""
    return f"resolved {kind}{brier}", kind


def pane_view(prediction: Prediction, data: JournalData, today: date) -> PaneView:
    """The pane of one prediction."""
    estimates = data.estimates_for(prediction.id)
    latest = latest_estimate(estimates)
    status, kind = status_text(prediction, data, today)
    return PaneView(
        prediction_id=prediction.id,
        title=prediction.title,
        latest=format_percent(latest.probability) if latest else "—",
        history=confidence_history(prediction, data, today),
        estimates=len(estimates),
        notes=len(data.notes_for(prediction.id)),
        status=status,
        kind=kind,
    )


def ordered_sets(data: JournalData, today: date) -> list[str]:
    """Set names, the current set first: of the seeded sets, the one whose resolve-by date is the nearest
    still ahead (or the latest, when every set is past); then the user's own predictions, then the rest,
    newest first."""
    ends: dict[str, date] = {}
    for prediction in data.predictions:
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
    """Every set with its panes, the current set first."""
    return tuple(
        SetView(
            name,
            tuple(
                pane_view(p, data, today) for p in sorted(data.predictions, key=lambda p: p.id) if p.set_name == name
            ),
        )
        for name in ordered_sets(data, today)
    )
