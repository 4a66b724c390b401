"""Charts per question kind (issue 16): in the detail panel a choice prediction's probabilities stacked
over time with a legend of its options, a numeric one's interval band with the resolved value marked; in
the Brier view the interval coverage chart under the calibration chart, when numeric predictions are
scored. Any input fits the size asked for; option names are shown through domain.safe_text."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from tui_support import AppFactory, go_to, press, settle, wait_until

from domain.kinds import Question
from domain.model import Kind, Outcome
from domain.scoring import IntervalCoverage, score_journal, wilson_interval
from storage.journal import open_journal
from tests.clock import TickingClock
from tui.charts import (
    BAND_MARK,
    INTERVAL_MIN_WIDTH,
    MIN_HEIGHT,
    MIN_WIDTH,
    OUTCOME_MARK,
    POINT_MARK,
    VALUE_MARK,
    Line,
    choice_plot,
    coverage_plot,
    interval_plot,
    option_mark,
)
from tui.screens.brier import CalibrationView, coverage_chart
from tui.widgets.detail import DetailBody

FIRST = date(2026, 1, 1)
HOSTILE = "\x1b]0;pwned\x07[b]B[/b]"


def _fits(lines: list[Line], width: int, height: int) -> bool:
    return len(lines) <= height and all(sum(len(text) for text, _ in line) <= width for line in lines)


def _text(lines: list[Line]) -> list[str]:
    return ["".join(text for text, _ in line) for line in lines]


@st.composite
def stacks(draw: st.DrawFn) -> list[tuple[float, ...]]:
    count = draw(st.integers(2, 12))
    weights = st.lists(st.floats(0, 1), min_size=count, max_size=count).filter(lambda w: sum(w) > 0.01)
    return [tuple(w / sum(ws) for w in ws) for ws in draw(st.lists(weights, min_size=1, max_size=40))]


SIZES = {"width": st.integers(MIN_WIDTH, 160), "height": st.integers(MIN_HEIGHT, 30)}
DAYS = st.integers(0, 4000)


@given(
    values=stacks(), days=DAYS, closed=st.none() | st.integers(0, 45), answer=st.none() | st.integers(0, 11), **SIZES
)
def test_any_choice_chart_fits(
    values: list[tuple[float, ...]], days: int, closed: int | None, answer: int | None, width: int, height: int
) -> None:
    lines = choice_plot(
        values, width, height, first=FIRST, last=FIRST + timedelta(days=days), closed_from=closed, answer=answer
    )
    assert _fits(lines, width, height)


NUMBER = st.floats(allow_nan=False, allow_infinity=False)


@given(
    intervals=st.lists(st.tuples(NUMBER, NUMBER).map(sorted).map(tuple), min_size=1, max_size=40),
    value=st.none() | NUMBER,
    closed=st.none() | st.integers(0, 45),
    days=DAYS,
    width=st.integers(INTERVAL_MIN_WIDTH, 160),
    height=SIZES["height"],
)
def test_any_interval_chart_fits(
    intervals: list[tuple[float, float]], value: float | None, closed: int | None, days: int, width: int, height: int
) -> None:
    lines = interval_plot(
        intervals, width, height, first=FIRST, last=FIRST + timedelta(days=days), closed_from=closed, value=value
    )
    assert _fits(lines, width, height)


def test_choice_chart_stacks_the_options_from_the_bottom_and_marks_the_answer() -> None:
    # 5 rows of plot: A holds the bottom 60% (3 rows), B the top 40% (2 rows); B happened.
    lines = choice_plot([(0.6, 0.4)] * 10, 20, 7, first=FIRST, last=FIRST + timedelta(days=9), answer=1)
    plot = lines[:5]
    a, b = option_mark(0), option_mark(1)
    assert a != b
    for row, mark in zip(plot, [b, b, a, a, a], strict=True):
        assert (mark[0] * 13, mark[1]) in row  # 20 columns less the axis and the ●
    assert _text(lines)[0].endswith(OUTCOME_MARK)  # beside B's band, at the end


def test_interval_chart_draws_the_band_and_the_value_across() -> None:
    # A scale from 10 to 20 over 5 rows: the band 10..15 fills the lower three, the value 20 the top row.
    lines = interval_plot([(10.0, 15.0)] * 8, 30, 7, first=FIRST, last=FIRST + timedelta(days=7), value=20.0)
    text = _text(lines)
    assert text[0].startswith("20 ┤") and text[4].startswith("10 ┤") and text[2].startswith("15 ┤")
    assert text[0].endswith(VALUE_MARK + OUTCOME_MARK)
    assert all("█" in row for row in text[2:5]) and "█" not in text[1]


async def test_the_detail_panel_charts_a_choice_and_a_numeric_prediction(
    journal_path: Path, make_app: AppFactory
) -> None:
    journal = open_journal(journal_path, TickingClock())
    choice = journal.add_own_prediction("Which?", "", None, question=Question(Kind.CHOICE, ("A", HOSTILE, "C")))
    numeric = journal.add_own_prediction("How many?", "", None, question=Question(Kind.NUMERIC, unit="GW"))
    today = journal.today()
    journal.add_choice_estimate(choice.id, (0.5, 0.3, 0.2), on=today - timedelta(days=20))
    journal.add_choice_estimate(choice.id, (0.2, 0.7, 0.1), on=today - timedelta(days=5))
    journal.resolve(choice.id, Outcome.ANSWERED, on=today, option=HOSTILE)
    journal.add_interval_estimate(numeric.id, 12.0, 18.0, 0.8, on=today - timedelta(days=20))
    journal.add_interval_estimate(numeric.id, 14.0, 16.0, 0.8, on=today - timedelta(days=5))
    journal.resolve(numeric.id, Outcome.ANSWERED, on=today, value=15.3)
    app = make_app(journal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await go_to(pilot, choice.id)
        shown = app.screen.query_one(DetailBody).render().plain
        assert "␛]0;pwned␇[b]B[/b]" in shown and "\x1b" not in shown
        assert "50%" in shown and "100%" in shown and f"{OUTCOME_MARK} resolved ␛]0;pwned␇[b]B[/b]" in shown
        await go_to(pilot, numeric.id)
        shown = app.screen.query_one(DetailBody).render().plain
        assert "interval in force (80%)" in shown and f"{VALUE_MARK} resolved 15.3 GW" in shown


LEVELS = st.floats(0.5, 0.99)


@st.composite
def coverage_rows(draw: st.DrawFn) -> IntervalCoverage:
    n = draw(st.integers(0, 500))
    covered = draw(st.integers(0, n))
    low, high = wilson_interval(covered, n) if n else (0.0, 1.0)
    return IntervalCoverage(draw(LEVELS), n, covered, low, high)


@given(rows=st.lists(coverage_rows(), max_size=8), **SIZES)
def test_any_coverage_chart_fits(rows: list[IntervalCoverage], width: int, height: int) -> None:
    assert _fits(coverage_plot(rows, width, height), width, height)


def test_coverage_chart_puts_each_level_at_its_share_held_with_its_wilson_band() -> None:
    # 80% intervals, 7 of 10 held: x = 80% of 24 columns (column 6 + 18), y = 70% of 11 rows (row 3).
    low, high = wilson_interval(7, 10)
    text = _text(coverage_plot([IntervalCoverage(0.8, 10, 7, low, high)], 30, 13))
    assert text[3][24] == POINT_MARK and text[3][25:27] == "10"
    band = [row for row in range(11) if len(text[row]) > 24 and text[row][24] == BAND_MARK]
    assert (min(band), max(band)) == (10 - round(high * 10), 10 - round(low * 10))


async def test_the_brier_view_shows_coverage_beside_calibration_only_with_numeric_predictions(
    journal_path: Path, make_app: AppFactory
) -> None:
    journal = open_journal(journal_path, TickingClock())
    binary = journal.add_own_prediction("Rain?", "", None)
    numeric = journal.add_own_prediction("How many?", "", None, question=Question(Kind.NUMERIC, unit="GW"))
    today = journal.today()
    journal.add_estimate(binary.id, 0.7, on=today - timedelta(days=3))
    journal.resolve(binary.id, Outcome.YES, on=today)
    journal.add_interval_estimate(numeric.id, 12.0, 18.0, 0.8, on=today - timedelta(days=3))
    journal.resolve(numeric.id, Outcome.ANSWERED, on=today, value=15.0)
    app = make_app(journal_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "b")
        view = app.screen.query_one(CalibrationView)
        await wait_until(pilot, lambda: view.report is not None)
        shown = view.render().plain
        assert "Calibration (final estimates" in shown and "Interval coverage (numeric, final intervals)" in shown
        assert "x: level stated  y: share of intervals that held the value" in shown
        journal.unresolve(numeric.id)
        assert not coverage_chart(score_journal(journal.snapshot()), 60)  # no numeric scored: no chart
