"""The detail panel numbers estimates and notes and shows their markers (after close, backdated, retracted
with its reason, edited), hides removed notes, and marks the window's close under the chart; archived
predictions have no pane and the Brier view says how many it leaves out."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from rich.console import Console
from textual.widgets import Static
from tui_support import AppFactory, TickingClock, go_to, press, settle

from storage.journal import open_journal
from tui.screens.brier import BrierScreen
from tui.widgets.detail import DetailBody
from tui.widgets.pane import PredictionPane

WIDE = (200, 50)


def correct(path: Path) -> None:
    """On top of the sample: #3 of prediction 3 made today (after its close), #4 of prediction 1 retracted,
    note #1 of prediction 3 edited and a third note removed, prediction 6 archived."""
    journal = open_journal(path, TickingClock())
    journal.add_estimate(3, 0.99, date(2026, 11, 29), "hindsight")
    journal.add_estimate(1, 0.95, date(2025, 11, 2), "typo")
    journal.retract(1, 4, "typed 95 for 59")
    journal.add_note(3, "Third note, soon removed.", date(2026, 3, 1))
    journal.edit_note(3, 1, "Most flagship models now take images and audio.")
    journal.remove_note(3, 3)
    journal.set_archived(6, True)


def detail_lines(app: object) -> list[str]:
    """The detail panel's text, one line each, trailing spaces dropped."""
    body = app.screen.query_one(DetailBody)  # type: ignore[attr-defined]
    return [line.rstrip() for line in body.render().plain.splitlines()]


async def test_estimates_show_their_number_and_markers(sample_journal: Path, make_app: AppFactory) -> None:
    correct(sample_journal)
    app = make_app(sample_journal)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await go_to(pilot, 3)
        lines = detail_lines(app)
        # The sample's estimates were written on 2026-11-29 with 2025 dates: backdated. #3 is today's.
        assert "#1  2025-03-01    50%  backdated" in lines
        # Markers that leave the note less than half the line push it to the next line, under the notes.
        index = lines.index("#2  2026-06-01    65%  after close · backdated")
        assert lines[index + 1] == " " * 23 + "image and audio in every chat app"
        assert "#3  2026-11-29    99%  after close  hindsight" in lines
        assert "     ┊ window closed 2025-12-31; later estimates are not scored" in lines
        await go_to(pilot, 1)
        lines = detail_lines(app)
        index = lines.index("#4  2025-11-02    95%  retracted: typed 95 for 59 · backdated")
        assert lines[index + 1] == " " * 23 + "typo"
        # Prediction 1 was resolved on its resolve-by date: nothing after its close, no mark.
        assert not any("window closed" in line for line in lines)


async def test_notes_are_numbered_edited_ones_say_so_and_removed_ones_are_hidden(
    sample_journal: Path, make_app: AppFactory
) -> None:
    correct(sample_journal)
    app = make_app(sample_journal)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await press(pilot, "3")
        lines = detail_lines(app)
        assert "Notes (2)" in lines
        assert "#1  2025-05-02  edited once" in lines
        assert "Most flagship models now take images and audio." in lines
        assert "#2  2026-02-14" in lines
        assert not any("Third note" in line for line in lines)
        assert "1 removed note hidden: #3" in lines


async def test_the_chart_leaves_a_retracted_estimate_out(sample_journal: Path, make_app: AppFactory) -> None:
    correct(sample_journal)
    app = make_app(sample_journal)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await press(pilot, "1")
        # 60%, 70% and 80% stay below the top row (93–100% at 15 rows of half blocks); the retracted 95%
        # would reach it.
        top = detail_lines(app)[next(i for i, line in enumerate(detail_lines(app)) if line.startswith("100%"))]
        assert not set("▀▄█") & set(top)


async def test_an_archived_prediction_has_no_pane_and_the_brier_view_says_it_is_left_out(
    sample_journal: Path, make_app: AppFactory
) -> None:
    correct(sample_journal)
    app = make_app(sample_journal)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert [pane.prediction_id for pane in app.screen.query(PredictionPane)] == [1, 2, 3, 4, 5, 7, 8, 9, 10]
        await press(pilot, "b")
        screen = app.screen
        assert isinstance(screen, BrierScreen)
        console = Console(width=200, file=io.StringIO(), record=True, color_system=None)
        console.print(screen.query_one("#brier-table", Static).content)
        assert "1 archived prediction not scored; `score --archived` includes them" in console.export_text()


async def test_a_pane_sparkline_marks_the_close_only_when_the_window_closed_before_its_end(
    sample_journal: Path, make_app: AppFactory
) -> None:
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        sparklines = {
            pane.prediction_id: pane.render().plain.splitlines()[-2] for pane in app.screen.query(PredictionPane)
        }
        # 5 is overdue (closed 2025-12-31, drawn to today); 1 was resolved on its resolve-by date.
        assert "┊" in sparklines[5]
        assert "┊" not in sparklines[1]


async def test_the_chart_dates_run_forward_when_an_estimate_follows_the_resolution(
    sample_journal: Path, make_app: AppFactory
) -> None:
    correct(sample_journal)
    journal = open_journal(sample_journal, TickingClock())
    journal.add_estimate(2, 0.8, date(2026, 11, 29), "after the answer")  # prediction 2 was resolved 2026-01-05
    app = make_app(sample_journal)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await press(pilot, "2")
        axis = next(line for line in detail_lines(app) if line.lstrip().startswith("2025-"))
        first, *_, last = axis.split()
        assert (first, last) == ("2025-02-01", "2026-11-29")
