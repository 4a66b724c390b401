"""Limits and validators for user input, shared by the CLI, the TUI dialogs, import and seed files.

There is one parser for each kind of value: dates are exactly YYYY-MM-DD and ids and percents
plain decimals, all in ASCII digits, wherever they are typed or read. Each validator raises
InputError with a one-line message that names the problem.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import date

from domain.model import BINARY_OUTCOMES, Outcome
from domain.safe_text import is_blank

MAX_TEXT_CHARS = 100_000
"""The longest note, estimate note, resolution note or prediction text."""
MAX_TITLE_CHARS = 300
"""The longest title, set name or source."""
MAX_PREDICTION_ID = 999_999
"""The largest prediction id."""
MAX_IMPORT_BYTES = 256 * 1024 * 1024
"""The largest file `import` and `seed` read."""
LATEST_RECORD_DATE = date(9000, 12, 31)
"""No estimate, note or resolution is dated later. Such records are dated no later than the day
they are entered, so this is far past any real one, and far enough from date.max that date
arithmetic never overflows. A resolve-by date may be any date."""

_ID = re.compile(r"[0-9]+")
# A leading minus is read so that "-5" is told it is out of range, and "-0" is 0.
_PERCENT = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
# As _PERCENT, with the exponent Python writes for small floats (repr(0.00001) == '1e-05').
_DECIMAL = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_SPACE = " \t\r\n\v\f"
_QUOTED_CHARS = 60


class InputError(ValueError):
    """User input was rejected; str(error) is a one-line message for the user."""


def quoted(value: object) -> str:
    """`value` as Python writes it (strings quoted), cut short so that a huge input gives a short message."""
    shown = repr(value)
    return shown if len(shown) <= _QUOTED_CHARS else f"{shown[:_QUOTED_CHARS]}…"


def over_limit(what: str, text: str, limit: int) -> str:
    """The message for text longer than its limit."""
    return f"{what} is {len(text):,} characters long; the limit is {limit:,}"


def check_text(text: str, what: str, limit: int = MAX_TEXT_CHARS) -> str:
    """Refuse text over `limit` characters or not storable as UTF-8; otherwise return it as it is."""
    if len(text) > limit:
        raise InputError(over_limit(what, text, limit))
    # Undecodable command-line bytes arrive as lone surrogates, which cannot be stored as JSON.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(f"{what} contains bytes that are not valid UTF-8 text") from None
    return text


def require_text(raw: str, what: str = "note", limit: int = MAX_TEXT_CHARS) -> str:
    """Refuse empty-looking text (only whitespace, zero-width or control characters) and text over
    `limit`; otherwise keep it exactly as typed."""
    check_text(raw, what, limit)
    if is_blank(raw):
        raise InputError(f"{what} is empty")
    return raw


def parse_title(raw: str, what: str = "title") -> str:
    """A one-line title (or set name) of at most MAX_TITLE_CHARS, with surrounding spaces removed."""
    title = require_text(raw.strip(), what, MAX_TITLE_CHARS)
    if "\n" in title or "\r" in title:
        raise InputError(f"{what} must be one line")
    return title


def _plain_number(raw: str, grammar: re.Pattern[str]) -> float | None:
    text = raw.strip(_SPACE)
    if grammar.fullmatch(text) is None:
        return None
    return float(text) + 0.0  # + 0.0 turns -0.0 into 0.0


def parse_percent(raw: str) -> float:
    """Parse '70', '70%' or '62.5' (ASCII digits) into a probability fraction 0–1."""
    text = raw.strip(_SPACE).removesuffix("%")
    percent = _plain_number(text, _PERCENT)
    if percent is None:
        raise InputError(f"percent must be a number from 0 to 100 such as 70 or 62.5, got {quoted(raw.strip())}")
    if not 0.0 <= percent <= 100.0:
        raise InputError(f"percent must be between 0 and 100, got {quoted(raw.strip())}")
    return percent / 100.0


def parse_decimal(raw: str, what: str) -> float:
    """A plain ASCII decimal, with an exponent allowed as Python writes floats ('0.7', '1e-05'); -0 is 0."""
    value = _plain_number(raw, _DECIMAL)
    if value is None:
        raise InputError(f"{what} {quoted(raw.strip())} is not a number")
    return value


def is_iso_day_shape(text: str) -> bool:
    """Whether date.fromisoformat reads `text` only as YYYY-MM-DD: it reads only ASCII digits, and of
    the forms it reads (2025-01-31, 20250131, 2025-W05-5, 2025W055…) only that one is 10 characters
    long with a '-' at index 7. Checked this way because it is fast: every record's date passes here."""
    return len(text) == 10 and text[7] == "-"


def parse_iso_date(text: str, what: str) -> date:
    """Parse a real calendar date written exactly YYYY-MM-DD in ASCII digits; `what` names the field in errors."""
    if is_iso_day_shape(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise InputError(f"{what} must be a real date written YYYY-MM-DD, got {quoted(text)}")


def parse_date(raw: str | None, today: date) -> date:
    """Parse YYYY-MM-DD; empty means today. Future dates are refused."""
    text = (raw or "").strip(_SPACE)
    if not text:
        return today
    return check_not_future(parse_iso_date(text, "date"), today)


def check_not_future(on: date, today: date) -> date:
    """Refuse an estimate, note or resolution dated after `today`; otherwise return the date."""
    if on > today:
        raise InputError(f"date {on.isoformat()} is in the future (today is {today.isoformat()})")
    return on


def parse_resolve_by(raw: str | None, today: date) -> date:
    """A YYYY-MM-DD resolve-by date, which may lie in the future; empty means 31 December of this year."""
    text = (raw or "").strip()
    if not text:
        return date(today.year, 12, 31)
    return parse_iso_date(text, "resolve-by")


def parse_outcome(raw: str) -> Outcome:
    """Parse yes/no/ambiguous (or y/n/a), case-insensitively."""
    text = raw.strip(_SPACE).lower()
    outcomes = {"y": Outcome.YES, "n": Outcome.NO, "a": Outcome.AMBIGUOUS}
    outcomes |= {outcome.value: outcome for outcome in BINARY_OUTCOMES}
    if text not in outcomes:
        raise InputError(f"outcome must be yes, no or ambiguous, got {quoted(raw.strip())}")
    return outcomes[text]


def parse_id_number(raw: str, what: str = "prediction id") -> int:
    """A prediction id written in ASCII digits, at most MAX_PREDICTION_ID."""
    text = raw.strip(_SPACE)
    if _ID.fullmatch(text) is None:
        raise InputError(f"{what} must be a whole number, got {quoted(text)}")
    # Checking the length first keeps a 5,000-digit number from reaching int(), which refuses it.
    digits = text.lstrip("0") or "0"
    if len(digits) > len(str(MAX_PREDICTION_ID)) or int(digits) > MAX_PREDICTION_ID:
        raise InputError(f"{what} {quoted(text)} is too large; ids go up to {MAX_PREDICTION_ID:,}")
    return int(digits)


def parse_prediction_id(raw: str | int, known_ids: set[int] | frozenset[int]) -> int:
    """Parse a prediction id and check that it exists."""
    return require_known_id(raw if isinstance(raw, int) else parse_id_number(raw), known_ids)


def require_known_id(prediction_id: int, known_ids: Collection[int]) -> int:
    """Refuse an id that is not among `known_ids`, naming the range of ids there are."""
    if prediction_id not in known_ids:
        listed = f"{min(known_ids)}–{max(known_ids)}" if known_ids else "none"
        raise InputError(f"no prediction with id {prediction_id} (ids: {listed})")
    return prediction_id
