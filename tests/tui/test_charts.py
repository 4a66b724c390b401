"""The charts: any inputs in range are drawn within the given width and height without raising; the history
chart has a y-axis, a 50% line, the close and the outcome marked, dates on the x-axis and one colour
whatever the outcome; the calibration chart puts each bin with forecasts at its mean forecast, labelled with
its count, with its interval as a band, and leaves empty bins out; the quarter chart has a row per quarter
with its count and both scores, whatever the scores."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from domain.scoring import CalibrationBin, QuarterScore, calibration
from tui.charts import (
    BAND_MARK,
    CLOSE_MARK,
    CUT_MARK,
    MIN_HEIGHT,
    MIN_WIDTH,
    OUTCOME_MARK,
    POINT_MARK,
    QUARTER_MIN_WIDTH,
    SERIES_STYLE,
    Line,
    calibration_plot,
    history_plot,
    quarter_plot,
)

FIRST = date(2025, 1, 10)
probabilities = st.floats(min_value=0, max_value=1)
widths = st.integers(min_value=MIN_WIDTH, max_value=250)
heights = st.integers(min_value=MIN_HEIGHT, max_value=60)


def plain(lines: list[Line]) -> list[str]:
    return ["".join(text for text, _ in line) for line in lines]


@given(
    st.lists(probabilities, min_size=1, max_size=300),
    widths,
    heights,
    st.data(),
    st.sampled_from([None, 0.0, 1.0]),
    st.integers(min_value=0, max_value=5000),
)
def test_any_history_fits_its_box(
    values: list[float], width: int, height: int, data: st.DataObject, outcome: float | None, days: int
) -> None:
    closed_from = data.draw(st.none() | st.integers(min_value=0, max_value=len(values) - 1))
    lines = history_plot(
        values, width, height, first=FIRST, last=FIRST + timedelta(days=days), closed_from=closed_from, outcome=outcome
    )
    assert len(lines) <= height
    assert all(len(text) <= width for text in plain(lines))


def calibration_bins() -> st.SearchStrategy[CalibrationBin]:
    @st.composite
    def one(draw: st.DrawFn) -> CalibrationBin:
        low, observed, high = sorted(draw(st.lists(probabilities, min_size=3, max_size=3)))
        n = draw(st.integers(min_value=0, max_value=100_000))
        if n == 0:
            return CalibrationBin(draw(st.integers(0, 100)), 0.0, 0.1, 0, None, None, None, None)
        return CalibrationBin(draw(st.integers(0, 100)), 0.0, 0.1, n, draw(probabilities), observed, low, high)

    return one()


@given(st.lists(calibration_bins(), max_size=11), widths, heights)
def test_any_calibration_fits_its_box(bins: list[CalibrationBin], width: int, height: int) -> None:
    lines = calibration_plot(bins, width, height)
    assert len(lines) <= height
    assert all(len(text) <= width for text in plain(lines))


def test_the_history_chart_has_axes_a_50_line_the_close_and_the_outcome() -> None:
    values = [0.3] * 20 + [0.8] * 20
    lines = history_plot(values, 50, 9, first=FIRST, last=date(2026, 1, 10), closed_from=30, outcome=0.0)
    text = plain(lines)
    assert [row[:6] for row in text[:7]] == ["100% ┤", "     │", "     │", " 50% ┤", "     │", "     │", "  0% ┤"]
    assert "┄" in text[3]
    assert all(CLOSE_MARK in row for row in text[:7])
    assert text[6].endswith(OUTCOME_MARK)  # "no": at 0%, after the line's end
    assert text[7].startswith("     └") and "┴" in text[7]
    assert text[8].split()[0] == "2025-01-10" and text[8].split()[-1] == "2026-01-10" and len(text[8].split()) > 2


def test_the_history_chart_has_one_series_colour_whatever_the_outcome() -> None:
    values = [0.2] * 10

    def series_styles(outcome: float) -> set[str]:
        lines = history_plot(values, 40, 7, first=FIRST, last=date(2025, 3, 1), outcome=outcome)
        return {style for line in lines for text, style in line if set(text) & set("▀▄█")}

    assert series_styles(0.0) == series_styles(1.0) == {SERIES_STYLE}


def test_a_calibration_point_sits_at_its_mean_forecast_with_its_count_and_empty_bins_take_no_room() -> None:
    pairs = [(0.7, 1)] * 9 + [(0.7, 0)] + [(0.2, 0)] * 3
    bins = calibration(pairs)
    text = plain(calibration_plot(bins, 66, 13))
    assert len(text) == 13
    rows = [row for row in text if POINT_MARK in row]
    assert len(rows) == 2
    # 90% came true at 70%: row 1 (100% is row 0, 10% a row); the point at 70% of the 60 columns of plot.
    assert text[1].index(POINT_MARK) == 6 + round(0.7 * 59) and text[1][6 + round(0.7 * 59) + 1 :].startswith("10")
    assert text[10].index(POINT_MARK) == 6 + round(0.2 * 59) and "3" in text[10]
    assert any(BAND_MARK in row for row in text[:10])
    assert text[-1].split() == ["0%", "25%", "50%", "75%", "100%"]


def quarter_scores() -> st.SearchStrategy[QuarterScore]:
    @st.composite
    def one(draw: st.DrawFn) -> QuarterScore:
        scored = draw(st.integers(min_value=0, max_value=10**6))
        brier = draw(st.floats(min_value=0, max_value=1)) if scored else None
        # The baseline score runs from −896.6 (p clipped to 0.001, wrong) to +99.86.
        baseline = draw(st.floats(min_value=-896.6, max_value=99.86)) if scored else None
        year, quarter = draw(st.integers(min_value=1, max_value=9999)), draw(st.integers(min_value=1, max_value=4))
        return QuarterScore(f"{year:04d}-Q{quarter}", scored, brier, baseline, draw(st.integers(0, 99)))

    return one()


@given(st.lists(quarter_scores(), max_size=30), st.integers(min_value=QUARTER_MIN_WIDTH, max_value=250))
def test_any_quarter_chart_fits_its_width_with_every_value_whole(quarters: list[QuarterScore], width: int) -> None:
    lines = plain(quarter_plot(quarters, width))
    assert len(lines) == len(quarters) + 1
    assert all(len(line) <= width for line in lines)
    for line, quarter in zip(lines[1:], quarters, strict=True):
        assert line.split()[:2] == [quarter.quarter, str(quarter.scored)]
        if quarter.brier is not None and quarter.baseline_score is not None:
            assert f"{quarter.brier:.3f}" in line and line.endswith(f"{quarter.baseline_score:+.1f}")


def test_the_quarter_chart_draws_brier_from_0_and_baseline_either_side_of_0() -> None:
    quarters = [
        QuarterScore("2025-Q4", 1, 0.25, 0.0),
        QuarterScore("2026-Q1", 2, 0.75, -500.0),
        QuarterScore("2026-Q2", 0, None, None, 1),
    ]
    header, half, cut, empty = plain(quarter_plot(quarters, 60))
    assert header.split() == ["Quarter", "n", "Brier", "Baseline"]
    brier_track, baseline_track = half.split("0.250")
    assert brier_track.count("█") == brier_track.index(CLOSE_MARK) - brier_track.index("█")  # 0.25 reaches ┊
    assert "█" not in baseline_track  # 0 is always saying 50%: no bar
    assert CUT_MARK in cut and "◂" in cut  # beyond the scales
    assert empty.split() == ["2026-Q2", "0", CLOSE_MARK, "│"]
