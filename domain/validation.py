"""Validators for user input, shared by the CLI and the TUI dialogs.

Each raises InputError with a one-line message that names the problem.
"""

from __future__ import annotations

import math
from datetime import date

from domain.model import Outcome


class InputError(ValueError):
    """User input was rejected; str(error) is a one-line message for the user."""


def parse_percent(raw: str) -> float:
    """Parse '70', '70%' or '62.5' into a probability fraction 0–1."""
    text = raw.strip().removesuffix("%").strip()
    try:
        percent = float(text)
    except ValueError:
        raise InputError(f"percent must be a number from 0 to 100, got {raw.strip()!r}") from None
    if not math.isfinite(percent):
        raise InputError(f"percent must be a finite number from 0 to 100, got {raw.strip()!r}")
    if not 0.0 <= percent <= 100.0:
        raise InputError(f"percent must be between 0 and 100, got {raw.strip()!r}")
    return percent / 100.0


def parse_iso_date(text: str, what: str) -> date:
    """Parse a real calendar date written exactly YYYY-MM-DD; `what` names the field in errors."""
    try:
        parsed = date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{what} must be a real date as YYYY-MM-DD, got {text!r}") from None
    if len(text) != 10:
        raise InputError(f"{what} must be written YYYY-MM-DD, got {text!r}")
    return parsed


def parse_date(raw: str | None, today: date) -> date:
    """Parse YYYY-MM-DD; empty means today. Future dates are refused."""
    text = (raw or "").strip()
    if not text:
        return today
    parsed = parse_iso_date(text, "date")
    if parsed > today:
        raise InputError(f"date {text} is in the future (today is {today.isoformat()})")
    return parsed


def parse_outcome(raw: str) -> Outcome:
    """Parse yes/no/ambiguous (or y/n/a), case-insensitively."""
    text = raw.strip().lower()
    aliases = {"y": Outcome.YES, "n": Outcome.NO, "a": Outcome.AMBIGUOUS}
    if text in aliases:
        return aliases[text]
    try:
        return Outcome(text)
    except ValueError:
        raise InputError(f"outcome must be yes, no or ambiguous, got {raw.strip()!r}") from None


def require_text(raw: str, what: str = "note") -> str:
    """Refuse empty or whitespace-only text; otherwise keep it exactly as typed."""
    if not raw.strip():
        raise InputError(f"{what} is empty")
    return raw


def parse_prediction_id(raw: str | int, known_ids: set[int] | frozenset[int]) -> int:
    """Parse a prediction id and check that it exists."""
    try:
        prediction_id = int(str(raw).strip())
    except ValueError:
        raise InputError(f"prediction id must be a whole number, got {str(raw).strip()!r}") from None
    if prediction_id not in known_ids:
        listed = f"{min(known_ids)}–{max(known_ids)}" if known_ids else "none"
        raise InputError(f"no prediction with id {prediction_id} (ids: {listed})")
    return prediction_id
