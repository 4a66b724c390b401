"""Text charts drawn with block and line characters: sparklines, history charts, calibration rows."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from domain.scoring import CalibrationBin

BLOCKS = " ▁▂▃▄▅▆▇█"
SPARK = "▁▂▃▄▅▆▇█"
CLOSE_MARK = "┊"
"""Drawn where a prediction's window closes: estimates after it are not scored."""


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


def history_chart(values: Sequence[float], width: int, height: int) -> list[str]:
    """Probabilities as a bar chart `width` wide and `height` rows tall, top row first, 0–100% scale."""
    shown = fit(values, width)
    steps = height * 8
    levels = [round(value * steps) for value in shown]
    rows = []
    for row in range(height - 1, -1, -1):
        base = row * 8
        rows.append("".join(BLOCKS[max(0, min(8, level - base))] for level in levels))
    return rows


def calibration_row(item: CalibrationBin, width: int) -> Text:
    """One bin as a dot on a 0–100% track: │ marks the bin's mean forecast (where perfect calibration
    puts the dot; the bin's centre when it is empty), ─ the Wilson 90% interval and ● the observed frequency."""
    track = [" "] * width
    styles = [""] * width

    def cell(fraction: float) -> int:
        return min(width - 1, max(0, round(fraction * (width - 1))))

    if item.interval_low is not None and item.interval_high is not None:
        for index in range(cell(item.interval_low), cell(item.interval_high) + 1):
            track[index], styles[index] = "─", "cyan"
    centre = cell(item.centre / 100 if item.mean_forecast is None else item.mean_forecast)
    track[centre], styles[centre] = "│", "dim"
    if item.observed_frequency is not None:
        spot = cell(item.observed_frequency)
        track[spot], styles[spot] = "●", "bold yellow"
    text = Text("┆", style="dim")
    for char, style in zip(track, styles, strict=True):
        text.append(char, style=style)
    text.append("┆", style="dim")
    return text


def count_bar(n: int, largest: int, width: int) -> str:
    """A bar for a count, scaled so `largest` fills `width` cells (at least one cell when n > 0)."""
    if n <= 0 or largest <= 0:
        return ""
    return "█" * max(1, round(n / largest * width))
