"""Retracting a typo'd estimate from the app: pick it by number, give a reason, confirm; the file holds it."""

from __future__ import annotations

from pathlib import Path

from tui_support import AppFactory, TickingClock, press

from storage.journal import open_journal
from tui.screens.confirm import Confirm
from tui.screens.help import HelpScreen, help_rows
from tui.screens.main import MainScreen
from tui.screens.retract import RetractDialog


def retractions(path: Path, prediction_id: int) -> list[tuple[float, str | None]]:
    """Each estimate's probability and its retraction reason (None when it counts), as a fresh process reads them."""
    estimates = open_journal(path, TickingClock()).snapshot().estimates_for(prediction_id)
    return [(e.probability, None if e.retracted is None else e.retracted.reason) for e in estimates]


async def test_an_estimate_is_retracted_from_the_app_after_confirmation(
    sample_journal: Path, make_app: AppFactory
) -> None:
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "1", "t")
        assert isinstance(app.screen, RetractDialog)
        await press(pilot, "end", "ctrl+u", "2", "tab", "t", "y", "p", "o", "enter")
        assert isinstance(app.screen, Confirm)
        await press(pilot, "n")  # back to the dialog, nothing written
        assert isinstance(app.screen, RetractDialog)
        assert retractions(sample_journal, 1) == [(0.6, None), (0.7, None), (0.8, None)]
        await press(pilot, "enter", "y")
        assert isinstance(app.screen, MainScreen)
    assert retractions(sample_journal, 1) == [(0.6, None), (0.7, "typo"), (0.8, None)]


async def test_a_wrong_number_stays_in_the_dialog_and_writes_nothing(
    sample_journal: Path, make_app: AppFactory
) -> None:
    before = sample_journal.read_bytes()
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "1", "t", "end", "ctrl+u", "9", "enter")
        assert isinstance(app.screen, RetractDialog)
        await press(pilot, "escape")
        assert isinstance(app.screen, MainScreen)
    assert sample_journal.read_bytes() == before


async def test_retract_is_listed_in_help(sample_journal: Path, make_app: AppFactory) -> None:
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "1")
        assert any(row.description == "Retract" for row in help_rows(app.screen))
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
