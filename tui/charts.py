"""Text charts drawn with block and line characters: sparklines, the history charts of the detail panel (a
yes/no prediction's confidence, a choice one's stacked probabilities, a numeric one's interval band), and
the calibration, interval coverage and scores-by-quarter charts of the Brier view.

The charts are plain text in runs of (text, style); the styles name the theme's colours ($text-accent…), so
they follow the theme, light or dark. No user text is ever drawn into a chart.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta
from itertools import accumulate

from domain.scoring import CalibrationBin, IntervalCoverage, QuarterScore

SPARK = "▁▂▃▄▅▆▇█"
CLOSE_MARK = "┊"
"""Drawn where a prediction's window closes: estimates after it are not scored."""
SERIES_STYLE = "$text-accent"
"""The one colour of a confidence series, whatever the outcome."""
CLOSE_STYLE = "$text-warning"
AXIS_STYLE = "dim"
OUTCOME_MARK = "●"
POINT_MARK = "●"
POINT_STYLE = "bold " + SERIES_STYLE
BAND_MARK = "│"
BAND_STYLE = "$text-primary"
DIAGONAL_MARK = "·"
LABEL_WIDTH = 5
"""The y-axis labels ("100% "), before the axis line."""
MIN_WIDTH = LABEL_WIDTH + 1 + 4
MIN_HEIGHT = 5

Run = tuple[str, str]
"""Some text and its style."""
Line = list[Run]


def fit(values: Sequence[float], width: int) -> list[float]:
    """`values` stretched or thinned to exactly `width` evenly spaced samples."""
    if not values or width <= 0:
        return []
    last = len(values) - 1
    return [values[round(i * last / max(1, width - 1))] for i in range(width)]


def split_at_close(values: Sequence[float], width: int, closed_from: int | None) -> tuple[list[float], list[float]]:
    """`values` fitted to `width` cells (one fewer when the window closes inside them, leaving a cell for
    `CLOSE_MARK`), split into the cells on or before the close and those after it."""
    if closed_from is None:
        return fit(values, width), []
    shown = fit(values, width - 1)
    last = len(values) - 1
    cell = next((i for i in range(len(shown)) if round(i * last / max(1, len(shown) - 1)) >= closed_from), len(shown))
    return shown[:cell], shown[cell:]


def sparkline(values: Sequence[float], width: int) -> str:
    """Probabilities (0–1) as one line of `width` block characters on a fixed 0–100% scale."""
    shown = fit(values, width)
    return "".join(SPARK[min(len(SPARK) - 1, round(value * (len(SPARK) - 1)))] for value in shown)


class Canvas:
    """A grid of cells, each a character and a style, drawn into and then read as lines of runs."""

    def __init__(self, width: int, height: int) -> None:
        self.width = width
        self.height = height
        self.cells = [[(" ", "")] * width for _ in range(height)]

    def put(self, row: int, column: int, char: str, style: str) -> None:
        """Draw one cell (row 0 is the top); cells outside the grid are ignored."""
        if 0 <= row < self.height and 0 <= column < self.width:
            self.cells[row][column] = (char, style)

    def text(self, row: int, column: int, text: str, style: str) -> None:
        """Draw `text` from a cell rightwards, clipped at the grid's edge."""
        for offset, char in enumerate(text):
            self.put(row, column + offset, char, style)

    def free(self, row: int, column: int, width: int, background: str) -> bool:
        """Whether `width` cells from (row, column) are inside the grid and hold only blanks or `background`."""
        if not (0 <= row < self.height and column >= 0 and column + width <= self.width):
            return False
        return all(self.cells[row][column + i][0] in " " + background for i in range(width))

    def lines(self) -> list[Line]:
        """The grid as lines of runs, neighbouring cells of one style joined, trailing blanks dropped."""
        result: list[Line] = []
        for row in self.cells:
            runs: Line = []
            for char, style in row:
                if runs and runs[-1][1] == style:
                    runs[-1] = (runs[-1][0] + char, style)
                else:
                    runs.append((char, style))
            if runs and runs[-1][1] == "":
                runs[-1] = (runs[-1][0].rstrip(), "")
            result.append([run for run in runs if run[0]])
        return result


def _y_axis(canvas: Canvas, rows: int, labels: dict[int, str]) -> None:
    """Labels right-aligned before the axis line, with ┤ at each labelled row (row 0 is the top)."""
    for row in range(rows):
        label = labels.get(row, "")
        canvas.text(row, LABEL_WIDTH - 1 - len(label), label, AXIS_STYLE)
        canvas.put(row, LABEL_WIDTH, "┤" if label else "│", AXIS_STYLE)
    canvas.put(rows, LABEL_WIDTH, "└", AXIS_STYLE)
    canvas.text(rows, LABEL_WIDTH + 1, "─" * (canvas.width - LABEL_WIDTH - 1), AXIS_STYLE)


def _odd(rows: int) -> int:
    """The most rows up to `rows` that put 50% in the middle of a row."""
    return rows if rows % 2 else rows - 1


def history_plot(
    values: Sequence[float],
    width: int,
    height: int,
    *,
    first: date,
    last: date,
    closed_from: int | None = None,
    outcome: float | None = None,
) -> list[Line]:
    """Probabilities (0–1) on evenly spaced days from `first` to `last` as a step line, at most `width`
    columns and `height` lines (at least MIN_WIDTH and MIN_HEIGHT): a y-axis with 0%, 50% and 100%, a dotted
    50% line, the window's close as a column of ┊ (with the days after it dim) when `closed_from` says it
    closed inside, the outcome (1 yes, 0 no) as ● after the line's end, and dates along the x-axis."""
    rows = _odd(max(3, height - 2))
    plot_width = width - LABEL_WIDTH - 1 - (outcome is not None)
    canvas = Canvas(width, rows + 2)
    middle = rows // 2
    _y_axis(canvas, rows, {0: "100%", middle: "50%", rows - 1: "0%"})
    left = LABEL_WIDTH + 1
    canvas.text(middle, left, "┄" * plot_width, AXIS_STYLE)
    before, after = split_at_close(values, plot_width, closed_from)
    if closed_from is not None:
        for row in range(rows):
            canvas.put(row, left + len(before), CLOSE_MARK, CLOSE_STYLE)
        canvas.put(rows, left + len(before), "┴", CLOSE_STYLE)
    columns = [(left + i, value, SERIES_STYLE) for i, value in enumerate(before)]
    columns += [(left + len(before) + 1 + i, value, AXIS_STYLE) for i, value in enumerate(after)]
    previous: int | None = None
    for column, value, style in columns:
        level = min(2 * rows - 1, max(0, int(value * 2 * rows)))  # half-rows from the bottom
        _step(canvas, rows, column, level if previous is None else previous, level, style)
        previous = level
    if outcome is not None:
        canvas.put(0 if outcome >= 0.5 else rows - 1, left + plot_width, OUTCOME_MARK, "bold")
    _date_labels(canvas, rows + 1, left, plot_width, first, last)
    return canvas.lines()


OPTION_STYLES = ("$text-accent", "$text-primary", "$text-success", "$text-error", "$text-secondary")
"""Theme colours that differ in the built-in themes ($text-warning is often $text-accent's colour)."""
OPTION_FILLS = "█▓░"
"""A choice's options are told apart by colour and fill: fifteen different marks, more than MAX_OPTIONS."""
VALUE_MARK = "━"
VALUE_STYLE = "bold"
INTERVAL_MIN_WIDTH = 10 + 1 + 4 + 1
"""The narrowest interval chart: the widest number label ("-1.23e+100"), the axis, four columns, the mark."""


def option_mark(index: int) -> Run:
    """The fill and colour that stand for a choice's option `index` (0-based) in its chart and legend."""
    return OPTION_FILLS[index // len(OPTION_STYLES) % len(OPTION_FILLS)], OPTION_STYLES[index % len(OPTION_STYLES)]


def _fit_at_close(
    canvas: Canvas, rows: int, left: int, count: int, width: int, closed_from: int | None
) -> list[tuple[int, int, bool]]:
    """(column, index into `count` samples, after the close) for each column of a plot `width` wide from
    `left`: the samples fitted to the columns, one of them given to the close mark (drawn) when it falls
    inside."""
    before, after = split_at_close(range(count), width, closed_from)
    if closed_from is not None and count:
        for row in range(rows):
            canvas.put(row, left + len(before), CLOSE_MARK, CLOSE_STYLE)
        canvas.put(rows, left + len(before), "┴", CLOSE_STYLE)
    cells = [(left + i, int(v), False) for i, v in enumerate(before)]
    return cells + [(left + len(before) + 1 + i, int(v), True) for i, v in enumerate(after)]


def choice_plot(
    values: Sequence[Sequence[float]],
    width: int,
    height: int,
    *,
    first: date,
    last: date,
    closed_from: int | None = None,
    answer: int | None = None,
) -> list[Line]:
    """A choice's probabilities on evenly spaced days from `first` to `last`, stacked from the first
    option at the bottom to 100% at the top, each option in its `option_mark`; at most `width` columns and
    `height` lines (at least MIN_WIDTH and MIN_HEIGHT). Past the window's close (┊) the columns are dim,
    and the option that happened (`answer`, its index) is a ● beside its band at the end."""
    rows = _odd(max(3, height - 2))
    plot_width = width - LABEL_WIDTH - 1 - (answer is not None)
    canvas = Canvas(width, rows + 2)
    _y_axis(canvas, rows, {0: "100%", rows // 2: "50%", rows - 1: "0%"})
    left = LABEL_WIDTH + 1
    for column, index, after in _fit_at_close(canvas, rows, left, len(values), plot_width, closed_from):
        bounds = list(accumulate(values[index]))
        for row_up in range(rows):
            centre = (row_up + 0.5) / rows
            option = next((i for i, bound in enumerate(bounds) if centre < bound), len(bounds) - 1)
            fill, style = option_mark(option)
            canvas.put(rows - 1 - row_up, column, fill, f"dim {style}" if after else style)
    if answer is not None and values and 0 <= answer < len(values[-1]):
        below = sum(values[-1][:answer])
        middle = below + values[-1][answer] / 2
        canvas.put(rows - 1 - min(rows - 1, int(middle * rows)), left + plot_width, OUTCOME_MARK, "bold")
    _date_labels(canvas, rows + 1, left, plot_width, first, last)
    return canvas.lines()


def number_label(value: float) -> str:
    """A number on a chart's axis, in at most ten characters: 15.3, 1.23e+04."""
    return f"{value + 0.0:.3g}"


def interval_plot(
    intervals: Sequence[tuple[float, float]],
    width: int,
    height: int,
    *,
    first: date,
    last: date,
    closed_from: int | None = None,
    value: float | None = None,
) -> list[Line]:
    """Intervals LOW..HIGH on evenly spaced days from `first` to `last` as a band (█) on a scale from the
    lowest to the highest number shown, at most `width` columns and `height` lines (at least
    INTERVAL_MIN_WIDTH and MIN_HEIGHT): the y-axis labelled with the scale's ends and middle, the window's
    close as ┊ (the days after it dim), and the resolved `value` as a line (━) across, over the band, with a ●
    after it."""
    rows = max(3, height - 2)
    numbers = [bound for interval in intervals for bound in interval] + ([value] if value is not None else [])
    bottom, top = (min(numbers), max(numbers)) if numbers else (0.0, 1.0)
    if top <= bottom:  # one number alone: a scale around it, inside the floats
        pad = max(1.0, abs(top) / 4)
        bottom, top = (
            (bottom - pad if math.isfinite(bottom - pad) else bottom),
            (top + pad if math.isfinite(top + pad) else top),
        )
    half_span = top / 2 - bottom / 2  # halves: the span of the widest floats overflows

    def row(number: float) -> int:
        fraction = (number / 2 - bottom / 2) / half_span
        return rows - 1 - round(min(1.0, max(0.0, fraction)) * (rows - 1))

    labels = {0: number_label(top), rows - 1: number_label(bottom)}
    if rows >= 5:
        labels[rows // 2] = number_label(bottom / 2 + top / 2)
    label_width = max(len(label) for label in labels.values()) + 1
    plot_width = width - label_width - 1 - (value is not None)
    canvas = Canvas(width, rows + 2)
    for line_row in range(rows):
        label = labels.get(line_row, "")
        canvas.text(line_row, label_width - 1 - len(label), label, AXIS_STYLE)
        canvas.put(line_row, label_width, "┤" if label else "│", AXIS_STYLE)
    canvas.put(rows, label_width, "└", AXIS_STYLE)
    canvas.text(rows, label_width + 1, "─" * (width - label_width - 1), AXIS_STYLE)
    left = label_width + 1
    for column, index, after in _fit_at_close(canvas, rows, left, len(intervals), plot_width, closed_from):
        low, high = intervals[index]
        for band_row in range(row(high), row(low) + 1):
            canvas.put(band_row, column, "█", AXIS_STYLE if after else BAND_STYLE)
    if value is not None:  # across the band too, so that it shows where the value fell inside
        canvas.text(row(value), left, VALUE_MARK * plot_width, VALUE_STYLE)
        canvas.put(row(value), left + plot_width, OUTCOME_MARK, VALUE_STYLE)
    _date_labels(canvas, rows + 1, left, plot_width, first, last)
    return canvas.lines()


def _step(canvas: Canvas, rows: int, column: int, start: int, end: int, style: str) -> None:
    """Fill the half-rows from `start` to `end` (counted from the bottom) in one column with half blocks."""
    low, high = min(start, end), max(start, end)
    for row_up in range(low // 2, high // 2 + 1):
        lower, upper = low <= 2 * row_up <= high, low <= 2 * row_up + 1 <= high
        canvas.put(rows - 1 - row_up, column, "█" if lower and upper else ("▄" if lower else "▀"), style)


def _date_labels(canvas: Canvas, row: int, left: int, span: int, first: date, last: date) -> None:
    """As many dates as fit (up to five, evenly spaced) under `span` columns from `left`: ISO dates, or
    year and month when two ISO dates do not fit."""
    days = (last - first).days
    for size in (10, 7):
        count = min(5, (span + 3) // (size + 3))
        if count >= 2 or size == 7:
            break
    for index in range(count):
        column = round(index * (span - 1) / max(1, count - 1))
        label = (first + timedelta(days=round(days * column / max(1, span - 1)))).isoformat()[:size]
        start = column if index == 0 else (column - size + 1 if index == count - 1 else column - size // 2)
        canvas.text(row, left + start, label, AXIS_STYLE)


def calibration_plot(bins: Sequence[CalibrationBin], width: int, height: int) -> list[Line]:
    """Observed frequency against mean forecast, at most `width` columns and `height` lines (at least
    MIN_WIDTH and MIN_HEIGHT): axes from 0% to 100%, the diagonal of perfect calibration (·), and for each
    bin with forecasts its 90% interval as a band (│) and its point (●) labelled with its count."""
    rows = _odd(max(3, height - 2))
    plot_width = width - LABEL_WIDTH - 1
    canvas = Canvas(width, rows + 2)
    _y_axis(canvas, rows, {0: "100%", rows // 2: "50%", rows - 1: "0%"})
    left = LABEL_WIDTH + 1

    def column(fraction: float) -> int:
        return left + round(min(1.0, max(0.0, fraction)) * (plot_width - 1))

    def row(fraction: float) -> int:
        return rows - 1 - round(min(1.0, max(0.0, fraction)) * (rows - 1))

    for cell in range(plot_width):
        canvas.put(row(cell / max(1, plot_width - 1)), left + cell, DIAGONAL_MARK, AXIS_STYLE)
    shown = [item for item in bins if item.n > 0 and item.mean_forecast is not None]
    for item in shown:
        if item.interval_low is not None and item.interval_high is not None:
            for band_row in range(row(item.interval_high), row(item.interval_low) + 1):
                canvas.put(band_row, column(item.mean_forecast or 0.0), BAND_MARK, BAND_STYLE)
    points = [(row(item.observed_frequency or 0.0), column(item.mean_forecast or 0.0), item.n) for item in shown]
    for point_row, point_column, _ in points:
        canvas.put(point_row, point_column, POINT_MARK, POINT_STYLE)
    for point_row, point_column, n in points:
        label = str(n)
        for start in (point_column + 1, point_column - len(label)):
            if start > LABEL_WIDTH and canvas.free(point_row, start, len(label), DIAGONAL_MARK + BAND_MARK):
                canvas.text(point_row, start, label, SERIES_STYLE)
                break
    _percent_labels(canvas, rows + 1, left, plot_width)
    return canvas.lines()


def coverage_plot(rows: Sequence[IntervalCoverage], width: int, height: int) -> list[Line]:
    """Interval coverage drawn as calibration is: for each confidence level, the share of intervals that
    held the value (●, labelled with the count) against the level stated, with its Wilson 90% interval (│),
    and the diagonal (·) where a calibrated forecaster's intervals fall. See `calibration_plot`."""
    bins = [
        CalibrationBin(
            round(row.level * 100), row.level, row.level, row.n, row.level, row.covered / row.n, row.low, row.high
        )
        for row in rows
        if row.n > 0
    ]
    return calibration_plot(bins, width, height)


def _percent_labels(canvas: Canvas, row: int, left: int, span: int) -> None:
    """0%, 50% and 100% under the x-axis (and 25%, 75% when there is room)."""
    marks = (0, 25, 50, 75, 100) if span >= 30 else (0, 50, 100)
    for mark in marks:
        label = f"{mark}%"
        column = round(mark / 100 * (span - 1))
        start = column if mark == 0 else (column - len(label) + 1 if mark == 100 else column - len(label) // 2)
        canvas.text(row, left + start, label, AXIS_STYLE)


BRIER_SCALE = 0.5
"""The quarter chart's Brier bars run from 0 to this (always saying 50% is half way); worse is cut, marked ▸."""
BASELINE_SCALE = 100.0
"""The quarter chart's baseline bars run from −this to +this, 0 (always 50%) in the middle; beyond is cut."""
BASELINE_UP_STYLE = "$text-success"
BASELINE_DOWN_STYLE = "$text-error"
QUARTER_MIN_WIDTH = 40
"""The narrowest quarter chart with room for a bar in each track."""
EIGHTHS = " ▏▎▍▌▋▊▉"
CUT_MARK = "▸"


def _bar(cells: float, room: int) -> str:
    """A bar `cells` long (at most `room`), growing rightwards in eighths of a cell."""
    eighths = round(max(0.0, min(float(room), cells)) * 8)
    whole, part = divmod(eighths, 8)
    return "█" * whole + (EIGHTHS[part] if part else "")


def quarter_plot(quarters: Sequence[QuarterScore], width: int) -> list[Line]:
    """One row per quarter, oldest first, at most `width` columns: the quarter, how many predictions were
    scored, the mean final Brier as a bar from 0 to BRIER_SCALE (┊ marks 0.25, always saying 50%) and the
    mean baseline score as a bar left or right of 0 (│, always 50%), each with its value. A header line
    comes first; a quarter with nothing scored has no bars."""
    count_width = max(2, *(len(str(q.scored)) for q in quarters)) if quarters else 2
    value_width = 6  # the widest baseline score, −896.6 (p clipped to 0.001)
    fixed = 7 + 1 + count_width + 2 + 1 + value_width + 2 + 1 + value_width
    track = max(3, (width - fixed) // 2)  # at QUARTER_MIN_WIDTH a seven-digit count still fits
    half = track // 2
    brier_left = 7 + 1 + count_width + 2
    baseline_left = brier_left + track + 1 + value_width + 2
    canvas = Canvas(width, len(quarters) + 1)
    canvas.text(0, 0, "Quarter", "bold")
    canvas.text(0, brier_left - 2 - count_width, f"{'n':>{count_width}}", "bold")
    canvas.text(0, brier_left, "Brier", "bold")
    canvas.text(0, baseline_left, "Baseline", "bold")
    for row, quarter in enumerate(quarters, start=1):
        canvas.text(row, 0, quarter.quarter, "")
        canvas.text(row, brier_left - 2 - count_width, f"{quarter.scored:>{count_width}}", "")
        canvas.put(row, brier_left + half, CLOSE_MARK, AXIS_STYLE)
        canvas.put(row, baseline_left + half, "│", AXIS_STYLE)
        if quarter.brier is not None:
            cells = quarter.brier / BRIER_SCALE * track
            canvas.text(row, brier_left, _bar(cells, track), SERIES_STYLE)
            if cells > track:
                canvas.put(row, brier_left + track - 1, CUT_MARK, SERIES_STYLE)
            canvas.text(row, brier_left + track + 1, f"{quarter.brier:>{value_width}.3f}", "")
        if quarter.baseline_score is not None:
            score = quarter.baseline_score
            room = track - half - 1
            cells = abs(score) / BASELINE_SCALE * (room if score >= 0 else half)
            if score >= 0:
                canvas.text(row, baseline_left + half + 1, _bar(cells, room), BASELINE_UP_STYLE)
            else:
                bar = "█" * round(min(float(half), cells))
                canvas.text(row, baseline_left + half - len(bar), bar, BASELINE_DOWN_STYLE)
                if cells > half:
                    canvas.put(row, baseline_left, "◂", BASELINE_DOWN_STYLE)
            canvas.text(row, baseline_left + track + 1, f"{score:>+{value_width}.1f}", "")
    return canvas.lines()
