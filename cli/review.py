"""`forecast-journal due`: the review queue as text or as JSON, and the check of its `--stale-days`."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import click

from domain.display import count_of
from domain.review import SOON_DAYS, DueItem, DueReason
from domain.safe_text import visible_line
from domain.validation import MAX_PREDICTION_ID, InputError, parse_id_number, quoted


def parse_stale_days(raw: str) -> int:
    """`--stale-days`: a whole number of days from 1, in ASCII digits (the grammar of ids, so '1_0' and
    '１０' are refused); anything else is a usage error naming the value."""
    try:
        days = parse_id_number(raw, "days")
    except InputError:
        days = 0
    if days < 1:
        raise click.BadParameter(
            f"must be a whole number of days from 1 to {MAX_PREDICTION_ID:,}, got {quoted(raw.strip())}",
            param_hint="'--stale-days'",
        )
    return days


def due_document(items: Sequence[DueItem], stale_days: int) -> dict[str, Any]:
    """`due --json`: the queue, with the windows it was drawn with."""
    return {
        "due": [
            {
                "id": item.prediction_id,
                "title": item.title,
                "reason": item.reason.value,
                "date": None if item.date is None else item.date.isoformat(),
            }
            for item in items
        ],
        "soon_days": SOON_DAYS,
        "stale_days": stale_days,
    }


def _why(item: DueItem) -> str:
    if item.reason is DueReason.STALE:
        return "never estimated" if item.date is None else f"last estimate {item.date.isoformat()}"
    assert item.date is not None  # overdue and soon always carry the resolve-by date
    return f"resolve by {item.date.isoformat()}"


def due_lines(items: Sequence[DueItem], stale_days: int) -> Iterator[str]:
    """One line per item, 'id  reason  the date that matters  title', then a count of each reason."""
    if not items:
        yield (
            f"Nothing is due: no open prediction is overdue, due within {SOON_DAYS} days, "
            f"or without an estimate in the last {stale_days} days."
        )
        return
    for item in items:
        yield f"{item.prediction_id:>3}  {item.reason.value:<7}  {_why(item):<24}  {visible_line(item.title)}"
    counts = ", ".join(
        f"{sum(1 for item in items if item.reason is reason)} {reason.value}"
        for reason in DueReason
        if any(item.reason is reason for item in items)
    )
    yield (
        f"{count_of(len(items), 'prediction')} due: {counts} "
        f"(soon: resolve-by within {SOON_DAYS} days; stale: no estimate in the last {stale_days} days)"
    )
