"""Digits go to the prediction with that id (type-ahead for longer ids), keys typed in one burst land where
they would have typed slowly, and an added prediction's pane is focused and scrolled into view."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

from textual import events
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from tui_support import AppFactory, TickingClock, opener_waiting_for, press, settle, wait_until

from domain.model import Outcome, Prediction
from storage.journal import open_journal
from tui.app import ForecastApp
from tui.screens.estimate import EstimateDialog
from tui.screens.main import MainScreen


class StillClock:
    """A type-ahead clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def add_2026_set(path: Path) -> None:
    """Ten predictions 11–20 of a set due at the end of 2026: the current set, shown before the seeds."""
    open_journal(path, TickingClock()).add_predictions(
        lambda first: [
            Prediction(first + i, f"Item {i}", "", "p26.md", date(2026, 12, 31), "Predictions For 2026")
            for i in range(10)
        ]
    )


async def test_a_digit_goes_to_the_prediction_with_that_id_and_quick_digits_make_one_number(
    sample_journal: Path, make_app: AppFactory
) -> None:
    add_2026_set(sample_journal)
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        assert screen.focused_id == 11  # the 2026 set comes first
        clock = StillClock()
        screen.monotonic = clock
        await press(pilot, "5")
        assert screen.focused_id == 5  # not the fifth pane (15)
        clock.now += 1.0
        await press(pilot, "1")
        clock.now += 0.3
        await press(pilot, "2")
        assert screen.focused_id == 12
        clock.now += 0.6  # a pause: the next digit starts a new number
        await press(pilot, "2")
        assert screen.focused_id == 2
        clock.now += 1.0
        await press(pilot, "2", "0")
        assert screen.focused_id == 20
        await press(pilot, "down")  # the focus moved: the next digit, however quick, starts a new number
        await press(pilot, "7")
        assert screen.focused_id == 7
        assert not app._notifications


async def test_a_number_with_no_prediction_says_so_and_keeps_the_focus(
    sample_journal: Path, make_app: AppFactory
) -> None:
    open_journal(sample_journal, TickingClock()).set_archived(6, True)
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        clock = StillClock()
        screen.monotonic = clock
        await press(pilot, "9", "9")
        assert screen.focused_id == 9
        clock.now += 1.0
        await press(pilot, "6")
        assert screen.focused_id == 9
        clock.now += 1.0
        await press(pilot, "0")
        assert screen.focused_id == 9
        assert [n.message for n in app._notifications] == [
            "No prediction 99 on the board.",
            "No prediction 6 on the board (archived; Z brings it back).",
            "No prediction 0 on the board.",
        ]


def burst(app: ForecastApp, *keys: str) -> None:
    """Hand the app every key at once, as a terminal does with keys typed in one burst."""
    assert app._driver is not None
    for key in keys:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)
        app._driver.send_message(event)


async def settle_keys(pilot: Pilot[object], app: ForecastApp) -> None:
    """Wait until the app has handled every key of a burst and what they saved."""
    await settle(pilot)
    while app.key_queue.pending or app.key_queue.feeding:
        await settle(pilot)
    await settle(pilot)


async def test_keys_typed_in_one_burst_land_in_the_dialogs_they_open_in_order(
    sample_journal: Path, make_app: AppFactory
) -> None:
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        app.screen.monotonic = StillClock()
        burst(
            app,
            *"6e42", "tab", "ctrl+a", "ctrl+k", *"2025-01-15", "tab", *"why", "enter",
            *"n", *"Quick", "enter", *"note", "ctrl+s",
            "escape", *"7ry", "tab", *"done", "enter",
            *"a", *"Fast", "tab", *"typed", "enter",
        )
        await settle_keys(pilot, app)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.focused_id == 11
    data = open_journal(sample_journal, TickingClock()).snapshot()
    [estimate] = data.estimates_for(6)
    assert (estimate.probability, estimate.date, estimate.note) == (0.42, date(2025, 1, 15), "why")
    [note] = data.notes_for(6)
    assert note.text == "Quick\nnote"
    resolution = data.resolution_for(7)
    assert resolution is not None
    assert (resolution.outcome, resolution.note) == (Outcome.YES, "done")
    added = data.prediction(11)
    assert added is not None
    assert (added.title, added.text) == ("Fast", "typed")


async def test_an_added_prediction_is_focused_and_scrolled_into_view_at_80x24(
    journal_path: Path, make_app: AppFactory
) -> None:
    journal = open_journal(journal_path, TickingClock())
    for number in range(30):
        journal.add_own_prediction(f"Own {number}", "", "2026-12-31")
    app = make_app(journal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "a")
        app.screen.query_one("#title").insert_text_at_cursor("The newest")  # type: ignore[attr-defined]
        await press(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, MainScreen)
        assert screen.focused_id == 41
        pane = screen.query_one("#pane-41")
        assert app.focused is pane
        board = screen.query_one("#board", VerticalScroll)
        # The board scrolls to the focused pane after the next refresh.
        await wait_until(pilot, lambda: board.scroll_y > 0 and board.content_region.contains_region(pane.region))


async def test_keys_typed_while_the_journal_opens_wait_for_it(sample_journal: Path, make_app: AppFactory) -> None:
    release = threading.Event()

    app = make_app(sample_journal, opener=opener_waiting_for(release))
    async with app.run_test(size=(120, 40)) as pilot:
        # Typed on the "Opening…" screen, as a burst from the driver would arrive.
        app.key_queue.take(events.Key("3", "3"))
        app.key_queue.take(events.Key("e", "e"))
        release.set()
        await settle(pilot)
        await wait_until(pilot, lambda: isinstance(app.screen, EstimateDialog))
        assert app.screen.prediction.id == 3  # type: ignore[attr-defined]
