"""The review queue: open predictions that need the user, most urgent first.

- **overdue**: past its resolve-by date and not resolved; it wants a resolution.
- **soon**: resolve-by is today or within the next `soon_days` days.
- **stale**: the latest estimate in force (not retracted) is dated more than `stale_days` days before
  today, or there is none. The model keeps no creation date, so a prediction never estimated (or
  with every estimate retracted) is stale with no date, and comes first among the stale ones.

A prediction is listed once, under its most urgent reason. Resolved and archived predictions are
never listed. Within a reason the oldest date comes first (ties by id): the longest overdue, the
nearest resolve-by, the oldest estimate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from domain.model import JournalData, Prediction, latest_estimate

SOON_DAYS = 14
STALE_DAYS = 14


class DueReason(StrEnum):
    """Why a prediction is in the queue, most urgent first."""

    OVERDUE = "overdue"
    SOON = "soon"
    STALE = "stale"


_URGENCY = {reason: rank for rank, reason in enumerate(DueReason)}


@dataclass(frozen=True, slots=True)
class DueItem:
    """One prediction in the queue. `date` is the resolve-by date for overdue and soon, the latest
    estimate's date for stale, and None for a prediction with no estimate in force."""

    prediction_id: int
    title: str
    reason: DueReason
    date: date | None


def due_reason(
    prediction: Prediction, data: JournalData, today: date, stale_days: int = STALE_DAYS, soon_days: int = SOON_DAYS
) -> DueItem | None:
    """The prediction's most urgent reason to be in the queue, or None when it needs nothing."""
    if prediction.archived or data.resolution_for(prediction.id) is not None:
        return None
    if today > prediction.resolve_by:
        return DueItem(prediction.id, prediction.title, DueReason.OVERDUE, prediction.resolve_by)
    if (prediction.resolve_by - today).days <= soon_days:
        return DueItem(prediction.id, prediction.title, DueReason.SOON, prediction.resolve_by)
    latest = latest_estimate(data.estimates_for(prediction.id))
    if latest is None:
        return DueItem(prediction.id, prediction.title, DueReason.STALE, None)
    if (today - latest.date).days > stale_days:
        return DueItem(prediction.id, prediction.title, DueReason.STALE, latest.date)
    return None


def due_items(
    data: JournalData, today: date, stale_days: int = STALE_DAYS, soon_days: int = SOON_DAYS
) -> tuple[DueItem, ...]:
    """The review queue, most urgent first (see the module docstring for the order)."""
    items = [due_reason(p, data, today, stale_days, soon_days) for p in data.predictions]
    return tuple(
        sorted(
            (item for item in items if item is not None),
            key=lambda item: (_URGENCY[item.reason], item.date or date.min, item.prediction_id),
        )
    )
