"""Strict parsing and limits: one parser for dates, ids and percents in ASCII digits, empty-looking
text refused, and every text held to its limit, in the CLI and in the app's dialogs alike."""

from __future__ import annotations

import math
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from textual.widgets import Input, Static

from domain.display import format_percent
from domain.validation import (
    MAX_PREDICTION_ID,
    MAX_TEXT_CHARS,
    MAX_TITLE_CHARS,
    InputError,
    parse_decimal,
    parse_iso_date,
    parse_percent,
    parse_prediction_id,
    parse_title,
    require_text,
)
from storage.journal import open_journal
from tests.cli_support import RunCli, listing
from tests.clock import TickingClock
from tui.factory import create_app

# The grammars, written out as the specification the parsers must follow.
ISO_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
SPACE = "[ \t\r\n\v\f]*"
PERCENT = re.compile(f"{SPACE}(-?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)){SPACE}%?{SPACE}")
ID = re.compile(f"{SPACE}[0-9]+{SPACE}")

DIGITISH = st.sampled_from("0123456789-%.eE_+ W\u0663\uff11\u00b2")
TRICKY = st.one_of(st.text(DIGITISH, max_size=12), st.text(max_size=12), st.dates().map(date.isoformat))


def real_date(text: str) -> date | None:
    match = ISO_DAY.fullmatch(text)
    if match is None:
        return None
    try:
        return date(*map(int, match.groups()))
    except ValueError:
        return None


@given(TRICKY)
@example("2025-W01-1")
@example("２０２５-01-01")
@example("٢٠٢٥-٠١-٠١")
@example("20250101")
@example("0000-01-01")
@example("2025-02-29")
def test_parse_iso_date_accepts_exactly_the_real_dates_written_yyyy_mm_dd_in_ascii(text: str) -> None:
    expected = real_date(text)
    try:
        parsed = parse_iso_date(text, "date")
    except InputError as error:
        assert expected is None and "\n" not in str(error)
    else:
        assert parsed == expected and parsed.isoformat() == text


@given(TRICKY)
@example("1_0")
@example("1e1")
@example("inf")
@example("nan")
@example("１０")
@example("\u0663")
@example("+5")
@example("-0")
@example(" 70 % ")
def test_parse_percent_accepts_only_plain_ascii_decimals_from_0_to_100(text: str) -> None:
    match = PERCENT.fullmatch(text)
    in_range = match is not None and 0 <= float(match[1]) <= 100
    try:
        probability = parse_percent(text)
    except InputError as error:
        assert not in_range and "\n" not in str(error)
        return
    assert match is not None and in_range
    assert probability == float(match[1]) / 100 and math.copysign(1.0, probability) == 1.0
    # What the journal shows reads back as the same value, to the precision it is shown with.
    assert parse_percent(format_percent(probability)) == pytest.approx(probability, abs=5e-7, rel=1e-5)


@pytest.mark.parametrize("text", ["1_0", "1e1", "inf", "nan", "１０", "\u0663", "+5", "0x10", "", "%", "7 0"])
def test_percents_that_are_not_plain_decimals_are_refused(text: str) -> None:
    with pytest.raises(InputError, match="percent must be a number"):
        parse_percent(text)


def test_minus_zero_is_zero() -> None:
    """Regression: `-0` was saved as −0.0 and shown as "-0%"."""
    assert math.copysign(1.0, parse_percent("-0")) == 1.0
    assert format_percent(parse_percent("-0")) == "0%"
    assert format_percent(-0.0) == "0%"  # as an earlier release may have stored it
    with pytest.raises(InputError, match="between 0 and 100"):
        parse_percent("-5")


@given(st.decimals(0, 100, places=3))
def test_every_plain_decimal_percent_reads_as_that_fraction(percent: object) -> None:
    assert parse_percent(f"{percent}%") == pytest.approx(float(str(percent)) / 100)


@given(TRICKY)
@example("1_0")
@example("１０")
@example("+5")
@example("1" * 5000)
@example("0" * 5000 + "7")
def test_parse_prediction_id_accepts_only_ascii_digits_up_to_the_limit(text: str) -> None:
    known = set(range(1, 20)) | {MAX_PREDICTION_ID}
    try:
        parsed = parse_prediction_id(text, known)
    except InputError as error:
        assert "\n" not in str(error) and len(str(error)) < 200
        return
    assert ID.fullmatch(text) and parsed == int(text.strip().lstrip("0") or "0") and parsed in known


def test_ids_stop_at_999999() -> None:
    assert parse_prediction_id("999999", {MAX_PREDICTION_ID}) == MAX_PREDICTION_ID
    for text in ("1000000", "0001000000", "1" * 5000):
        with pytest.raises(InputError, match="too large"):
            parse_prediction_id(text, {MAX_PREDICTION_ID})


@pytest.mark.parametrize("text", ["\u200b", "\x00", " \t\n", "\u200b\u2060\ufeff", "\x1b", "\u00ad"])
def test_empty_looking_text_is_refused_as_empty(text: str) -> None:
    """Regression: a title of only a zero-width space, and a note of only a NUL byte, were accepted."""
    with pytest.raises(InputError, match="note is empty"):
        require_text(text)
    with pytest.raises(InputError, match="title is empty"):
        parse_title(text)


def test_texts_are_held_to_their_limits() -> None:
    assert require_text("n" * MAX_TEXT_CHARS) == "n" * MAX_TEXT_CHARS
    with pytest.raises(InputError, match="note is 100,001 characters long; the limit is 100,000"):
        require_text("n" * (MAX_TEXT_CHARS + 1))
    assert parse_title(" " + "t" * MAX_TITLE_CHARS) == "t" * MAX_TITLE_CHARS
    with pytest.raises(InputError, match="title is 301 characters long; the limit is 300"):
        parse_title("t" * (MAX_TITLE_CHARS + 1))


def test_numbers_in_files_are_plain_decimals_too() -> None:
    assert parse_decimal("1e-05", "forecast") == 1e-05  # as repr() writes a small float
    assert parse_decimal("-0.0", "forecast") == 0.0
    for text in ("1_0", "inf", "nan", "０.５", "0x1"):
        with pytest.raises(InputError, match="is not a number"):
            parse_decimal(text, "forecast")


HOLES = [
    (("estimate", "1", "50", "--date", "2025-W01-1"), "YYYY-MM-DD"),
    (("estimate", "1", "50", "--date", "２０２５-01-01"), "YYYY-MM-DD"),
    (("estimate", "1_0", "50"), "whole number"),
    (("estimate", "１", "50"), "whole number"),
    (("estimate", "1", "1_0"), "must be a number"),
    (("estimate", "1", "1e1"), "must be a number"),
    (("estimate", "1", "٥٠"), "must be a number"),
    (("estimate", "1", "50", "--note", "n" * (MAX_TEXT_CHARS + 1)), "note is 100,001 characters long"),
    (("note", "1", "\u200b"), "note is empty"),
    (("note", "1", "\x00"), "note is empty"),
    (("note", "1", "n" * (MAX_TEXT_CHARS + 1)), "note is 100,001 characters long"),
    (("resolve", "1", "yes", "--note", "n" * (MAX_TEXT_CHARS + 1)), "note is 100,001 characters long"),
    (("resolve", "1", "yes", "--date", "2025-W52-1"), "YYYY-MM-DD"),
    (("unresolve", "1_0"), "whole number"),
    (("add", "\u200b"), "title is empty"),
    (("add", "t" * (MAX_TITLE_CHARS + 1)), "title is 301 characters long"),
    (("add", "Fine", "--text", "x" * (MAX_TEXT_CHARS + 1)), "text is 100,001 characters long"),
    (("add", "Fine", "--resolve-by", "2027-W01-1"), "resolve-by must be a real date"),
]


@pytest.mark.parametrize(("args", "message"), HOLES)
def test_the_cli_refuses_lenient_and_oversized_input_on_one_line(
    run_cli: RunCli, journal_path: Path, args: tuple[str, ...], message: str
) -> None:
    run_cli("list")
    before = journal_path.read_bytes()
    result = run_cli(*args)
    assert result.exit_code == 1, result.output
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("forecast-journal: error: ")
    assert message in result.stderr and len(result.stderr) < 300
    assert journal_path.read_bytes() == before


def test_note_from_stdin_over_the_limit_is_refused_without_reading_it_all(run_cli: RunCli, journal_path: Path) -> None:
    run_cli("list")
    before = journal_path.read_bytes()
    result = run_cli("note", "1", "-", input="n" * (4 * MAX_TEXT_CHARS + 10))
    assert result.exit_code == 1 and "longer than a note may be" in result.stderr
    assert journal_path.read_bytes() == before


def test_minus_zero_is_stored_as_zero_and_shown_as_0_percent(run_cli: RunCli) -> None:
    result = run_cli("estimate", "1", "-0")
    assert result.exit_code == 0 and "at 0% on" in result.stdout
    stored = listing(run_cli)[0]["estimates"][0]["probability"]
    assert stored == 0.0 and math.copysign(1.0, stored) == 1.0
    assert "-0%" not in run_cli("list").stdout


def test_the_largest_allowed_texts_are_accepted(run_cli: RunCli) -> None:
    assert run_cli("note", "1", "n" * MAX_TEXT_CHARS).exit_code == 0
    assert run_cli("add", "t" * MAX_TITLE_CHARS).exit_code == 0
    predictions = listing(run_cli)
    assert len(predictions[0]["notes"][0]["text"]) == MAX_TEXT_CHARS
    assert len(predictions[-1]["title"]) == MAX_TITLE_CHARS


def error_text(screen: object) -> str:
    line = screen.query_one(".dialog-error", Static)  # type: ignore[attr-defined]
    return str(line.content) if line.display else ""


async def test_the_dialogs_refuse_what_the_cli_refuses(journal_path: Path, clock: TickingClock) -> None:
    app = create_app(journal_path, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one("#title", Input).value = "t" * (MAX_TITLE_CHARS + 1)
        app.screen.action_save()  # type: ignore[attr-defined]
        assert error_text(app.screen) == "title is 301 characters long; the limit is 300"
        app.screen.query_one("#title", Input).value = "\u200b"
        app.screen.action_save()  # type: ignore[attr-defined]
        assert error_text(app.screen) == "title is empty"
        app.screen.query_one("#title", Input).value = "Fine"
        app.screen.query_one("#text", Input).value = "x" * (MAX_TEXT_CHARS + 1)
        app.screen.action_save()  # type: ignore[attr-defined]
        assert error_text(app.screen) == "text is 100,001 characters long; the limit is 100,000"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        for percent, day, problem in (
            ("1e1", "2025-01-01", "percent must be a number"),
            ("1_0", "2025-01-01", "percent must be a number"),
            ("50", "2025-W01-1", "date must be a real date written YYYY-MM-DD"),
        ):
            app.screen.query_one("#percent", Input).value = percent
            app.screen.query_one("#date", Input).value = day
            app.screen.action_save()  # type: ignore[attr-defined]
            assert error_text(app.screen).startswith(problem)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("r", "y")
        await pilot.pause()
        app.screen.query_one("#note", Input).value = "n" * (MAX_TEXT_CHARS + 1)
        app.screen.action_save()  # type: ignore[attr-defined]
        assert error_text(app.screen) == "note is 100,001 characters long; the limit is 100,000"
    assert open_journal(journal_path, clock).snapshot().estimate_count == 0
