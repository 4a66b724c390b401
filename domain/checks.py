"""Checks every import format applies to what it reads, and the error that names where a file is wrong.

Each check raises a ValueError (RecordError or InputError) with the problem; the parser adds
where it is, with `located`.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator
from datetime import date, datetime

from domain.model import Estimate, Note, Prediction, Resolution
from domain.records import RecordError
from domain.tags import checked_count
from domain.validation import (
    MAX_PREDICTION_ID,
    InputError,
    check_not_future,
    check_text,
    parse_title,
    quoted,
    require_text,
)


class ImportFileError(InputError):
    """An import file is malformed; the one-line message names the file and the line, row or element."""


class NotThisFormat(ImportFileError):
    """An import file is not of the format it was taken for; `problem` says what it lacks, without the file name."""

    def __init__(self, name: str, problem: str) -> None:
        super().__init__(f"{name}: {problem}")
        self.problem = problem


def _one_line(value: str, what: str, *, allow_empty: bool = False) -> None:
    if allow_empty and not value:
        return
    if parse_title(value, f"the {what}") != value:
        raise RecordError(f"the {what} {quoted(value)} has leading or trailing spaces")


def check_prediction(prediction: Prediction) -> None:
    """Refuse a title, set name or source that is empty, over its limit, or more than one line
    (the journal's exports could not carry it), a text over its limit, an id over MAX_PREDICTION_ID and
    more than MAX_TAGS tags."""
    if prediction.id > MAX_PREDICTION_ID:
        raise RecordError(f"prediction id {prediction.id} is over the limit of {MAX_PREDICTION_ID:,}")
    _one_line(prediction.title, "title")
    _one_line(prediction.set_name, "set name")
    _one_line(prediction.source, "source", allow_empty=True)
    for option in prediction.options:
        _one_line(option, "option")
    _one_line(prediction.unit, "unit", allow_empty=True)
    check_text(prediction.text, "the text")
    checked_count(prediction.tags, "the prediction")


def _check_recorded_at(moment: datetime | None) -> None:
    if moment is not None and moment.utcoffset() is None:
        raise RecordError(f"recorded_at {moment.isoformat()} has no time zone")


def check_estimate(estimate: Estimate, today: date) -> None:
    """Refuse a probability outside 0–1, a future date, a recording time without a time zone,
    or a note over its limit."""
    if not (math.isfinite(estimate.probability) and 0.0 <= estimate.probability <= 1.0):
        raise RecordError(f"probability {estimate.probability!r} is outside 0–1")
    check_not_future(estimate.date, today)
    _check_recorded_at(estimate.recorded_at)
    check_text(estimate.note, "the estimate note")


def check_note(note: Note, today: date) -> None:
    """Refuse an empty-looking note, one over its limit, a future date, or a recording time without a time zone."""
    require_text(note.text, "the note")
    check_not_future(note.date, today)
    _check_recorded_at(note.recorded_at)


def check_resolution(resolution: Resolution, today: date) -> None:
    """Refuse a resolution dated in the future, or with a note over its limit."""
    check_not_future(resolution.date, today)
    check_text(resolution.note, "the resolution note")


@contextlib.contextmanager
def located(name: str, where: str) -> Iterator[None]:
    """Turn a problem raised inside into an ImportFileError naming the file and `where`."""
    try:
        yield
    except ImportFileError:
        raise
    except ValueError as error:  # RecordError, InputError, and the ValueErrors of date and float parsing
        raise ImportFileError(f"{name}: {where}: {error}") from None


def decode(raw: bytes, name: str) -> str:
    """A file's UTF-8 text (a leading byte-order mark dropped); an error names the first bad line."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise ImportFileError(f"{name}: line {line}: not valid UTF-8 text") from None
