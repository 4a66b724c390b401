"""The app at 60×20, 80×24, 120×40 and 200×60: what each size shows and that nothing is cut.

Each test reads what is drawn (the screen's rendered lines) or where widgets are laid out, at the size.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from textual.app import App
from textual.widget import Widget
from textual.widgets import Static, TextArea
from tui_support import AppFactory, TickingClock, press, settle

from domain.model import OWN_SET, Prediction
from storage.journal import Journal, open_journal
from tui.screens.main import MainScreen
from tui.widgets.footer import KeyFooter
from tui.widgets.pane import PredictionPane

LONG_TITLE = "Open-weight models match the strongest closed models on every public reasoning benchmark"


def drawn_lines(app: App[Any]) -> list[str]:
    """The text of each row of the screen, as drawn."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def pane_border_rows(app: App[Any], pane: PredictionPane) -> tuple[str, str]:
    """The top and bottom border rows of a pane, as drawn."""
    lines = drawn_lines(app)
    region = pane.region
    return lines[region.y][region.x : region.right], lines[region.bottom - 1][region.x : region.right]


def add_predictions(journal: Journal, *predictions: Prediction) -> None:
    """Add predictions, numbered from the first free id."""
    journal.add_predictions(lambda first: [replace(p, id=first + i) for i, p in enumerate(predictions)])


def assert_footer_in_sight(app: App[Any]) -> None:
    """Every key the footer shows ends inside the screen, left of the palette's key if that is drawn."""
    footer = app.screen.query_one(KeyFooter)
    palette = [drawn for drawn in footer.drawn if drawn.key == footer.palette]
    keys = [drawn for drawn in footer.drawn if drawn.key != footer.palette]
    assert keys, "the footer shows keys"
    room = palette[0].start if palette else app.screen.size.width
    for drawn in keys:
        assert drawn.end <= room, f"footer key {drawn.key.description!r} is cut at {room} columns"


async def test_panes_show_only_their_id_when_another_set_comes_first(
    sample_journal: Path, make_app: AppFactory
) -> None:
    later = Prediction(0, "A later question", "", "p26.md", date(2026, 12, 31), "Predictions For 2026")
    add_predictions(open_journal(sample_journal, TickingClock()), later, later)
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.pause()
        panes = list(app.screen.query(PredictionPane))
        assert panes[0].prediction_id == 11, "the set due soonest comes first"
        for pane in panes[:4]:
            top, _ = pane_border_rows(app, pane)
            assert "key" not in top, f"pane {pane.prediction_id} has a label in its border: {top!r}"
            assert f"{pane.prediction_id}. " in drawn_lines(app)[pane.region.y + 1]


async def test_a_resolved_pane_shows_its_brier_at_80x24(sample_journal: Path, make_app: AppFactory) -> None:
    app = make_app(sample_journal)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.pause()
        _, bottom = pane_border_rows(app, app.screen.query_one("#pane-1", PredictionPane))
        assert "yes · Brier 0.040" in bottom, bottom
        _, wide_bottom = pane_border_rows(app, app.screen.query_one("#pane-2", PredictionPane))
        assert "no · Brier 0.090" in wide_bottom, wide_bottom
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        _, bottom = pane_border_rows(app, app.screen.query_one("#pane-1", PredictionPane))
        assert "resolved yes · Brier 0.040" in bottom, "a pane with room says 'resolved'"


async def test_the_board_has_as_many_columns_as_the_width_holds_and_down_goes_one_row(
    sample_journal: Path, make_app: AppFactory
) -> None:
    app = make_app(sample_journal)
    async with app.run_test(size=(60, 20)) as pilot:
        for size, columns in (((60, 20), 1), ((80, 24), 2), ((120, 40), 2), ((200, 60), 3), ((240, 60), 4)):
            await pilot.resize_terminal(*size)
            await settle(pilot)
            await pilot.pause()
            panes = list(app.screen.query(PredictionPane))
            assert len({pane.region.x for pane in panes}) == columns, size
            assert min(pane.region.width for pane in panes) >= 24, f"{size}: a pane keeps room for its title"
            assert_footer_in_sight(app)
            first = app.screen.query_one("#pane-1", PredictionPane)
            first.focus()
            await settle(pilot)
            await press(pilot, "down")
            screen = app.screen
            assert isinstance(screen, MainScreen)
            below = screen.query_one(f"#pane-{screen.focused_id}", PredictionPane)
            assert (below.region.x, below.region.y) == (first.region.x, first.region.bottom), f"{size}: down"


async def test_titles_wrap_at_word_boundaries_at_60x20(sample_journal: Path, make_app: AppFactory) -> None:
    app = make_app(sample_journal)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        await pilot.pause()
        pane = app.screen.query_one("#pane-1", PredictionPane)
        lines = drawn_lines(app)
        title_rows = [
            lines[row][pane.region.x : pane.region.right] for row in range(pane.region.y + 1, pane.region.y + 3)
        ]
        assert "Commoditization" in title_rows[0], title_rows
        assert "Base-Level LLMs" in title_rows[1], title_rows


DIALOGS: dict[str, tuple[str, ...]] = {
    # The actions that open each dialog, in turn (run directly: a pilot's key press costs ~0.1 s).
    "estimate": ("estimate",),
    "note": ("note",),
    "resolve": ("resolve", "pick('yes')"),
    "retract": ("retract",),
    "pick": ("remove_note",),
    "edit note": ("edit_note",),
    "edit prediction": ("edit_prediction",),
    "add": ("add",),
    "export": ("export",),
    "confirm": ("note", "cancel"),
    "help": ("app.help",),
}


async def test_every_dialog_fits_60x20(sample_journal: Path, make_app: AppFactory) -> None:
    """No line of a dialog runs past its edge (long ones wrap, whole words), and its footer is in sight."""
    journal = open_journal(sample_journal, TickingClock())
    add_predictions(journal, Prediction(0, LONG_TITLE, "", "", date(2026, 12, 31), OWN_SET))
    journal.add_estimate(11, 0.4, date(2026, 11, 1), "a reason long enough to run past the edge of a small dialog")
    journal.add_note(11, "A note long enough to run past the edge of a small dialog.", date(2026, 11, 2))
    app = make_app(sample_journal)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        app.screen.query_one("#pane-11", PredictionPane).focus()
        await settle(pilot)
        for name, actions in DIALOGS.items():
            for action in actions:
                if action == "cancel":
                    app.screen.query_one(TextArea).insert("a draft")
                await app.screen.run_action(action)
                await settle(pilot)
            await pilot.pause()
            dialog = app.screen.query(".dialog").last(Widget)
            inside = dialog.scrollable_content_region
            for text in dialog.query(Static):  # Labels too
                assert text.region.right <= inside.right, f"{name}: {text.render()!r} runs past the dialog's edge"
            assert_footer_in_sight(app)
            drawn = "\n".join(drawn_lines(app))
            if name in ("estimate", "note", "retract", "edit prediction"):
                assert "reasoning" in drawn and "benchmark" in drawn, f"{name}: the long title wraps, whole words"
            if name == "help":
                assert "Details" in drawn and "Move between" in drawn, "help's details column has room"
            while not isinstance(app.screen, MainScreen):
                await app.screen.dismiss(None)
                await settle(pilot)
