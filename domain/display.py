"""How numbers are shown to the user: percents, scores and counts, the same in the app, the CLI and the exports."""

from __future__ import annotations

from datetime import datetime

UNKNOWN_TIME = "unknown"
"""How a recording time that an import did not give is written and shown."""


def format_percent(probability: float) -> str:
    """A probability as a compact percent: 0.7 → '70%', 0.625 → '62.5%'."""
    return f"{round(probability * 100, 6) + 0.0:g}%"  # + 0.0: a -0.0 stored by an older release shows as 0%


def count_of(n: int, noun: str) -> str:
    """'1 note', '2 notes', '93,014 more characters': a count with its noun, plural unless it is one."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def format_score(value: float | None) -> str:
    """A Brier-type score to three decimals, or '—' when there is none."""
    return "—" if value is None else f"{value:.3f}"


def format_baseline(value: float | None) -> str:
    """A baseline score (100 × (log₂ p + 1)) to one decimal, signed, or '—' when there is none."""
    return "—" if value is None else f"{value:+.1f}"


def format_recorded(moment: datetime | None) -> str:
    """A recording time as ISO 8601, or 'unknown' when an import did not give one."""
    return UNKNOWN_TIME if moment is None else moment.isoformat()
