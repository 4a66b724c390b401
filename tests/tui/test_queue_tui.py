"""The review queue in the app (issue 14): the due line above the panes when the app opens, and the queue
screen that walks through what is due: resolve, update or skip each, the queue following every save."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from textual.widgets import Static
from tui_support import TODAY, AppFactory, TickingClock, press, settle, wait_until

from domain.model import Outcome
from storage.journal import open_journal
from tui.screens.estimate import EstimateDialog
from tui.screens.main import MainScreen
from tui.screens.queue import QueueScreen
from tui.screens.resolve import ResolveDialog


def line(app: object, selector: str) -> str:
    """The text a Static of the active screen shows ('' when it is hidden)."""
    widget = app.screen.query_one(selector, Static)  # type: ignore[attr-defined]
    return str(widget.content) if widget.display else ""


def front(app: object) -> int:
    """The id of the item in front of the queue."""
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, QueueScreen)
    return screen.items[screen.current].prediction_id


async def test_the_due_line_counts_each_reason_and_is_hidden_when_nothing_is_due(
    sample_journal: Path, make_app: AppFactory
) -> None:
    journal = open_journal(sample_journal, TickingClock())
    soon = journal.add_own_prediction("Due in five days", "", (TODAY + timedelta(days=5)).isoformat())
    stale = journal.add_own_prediction("Far off, estimated long ago", "", "2028-01-01")
    journal.add_estimate(stale.id, 0.4, TODAY - timedelta(days=40))
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert line(app, "#due-line") == "9 due: 7 overdue, 1 resolving soon, 1 stale — press u to review"
        journal.add_estimate(stale.id, 0.5, TODAY)
        journal.resolve(soon.id, Outcome.YES, TODAY)
        for prediction_id in (3, 5, 6, 7, 8, 9, 10):
            journal.resolve(prediction_id, Outcome.NO, TODAY)
        await wait_until(pilot, lambda: line(app, "#due-line") == "")  # the app saw the other process's saves
        assert not app.screen.query_one("#due-line", Static).display


async def test_the_queue_resolves_updates_and_skips_and_follows_each_save(
    sample_journal: Path, make_app: AppFactory
) -> None:
    app = make_app(sample_journal)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "u")
        assert isinstance(app.screen, QueueScreen)
        assert [item.prediction_id for item in app.screen.items] == [3, 5, 6, 7, 8, 9, 10]
        assert front(app) == 3
        assert "Overdue: its resolve-by date 2025-12-31 passed 333 days ago. Resolve it (r)." in line(
            app, "#queue-item"
        )
        await press(pilot, "s")
        assert front(app) == 5
        assert "item 2 of 7" in line(app, "#queue-count")
        await press(pilot, "r")
        assert isinstance(app.screen, ResolveDialog)
        assert app.screen.prediction.id == 5
        await press(pilot, "y", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, QueueScreen) and len(app.screen.items) == 6)
        journal = open_journal(sample_journal, TickingClock())
        resolution = journal.snapshot().resolution_for(5)
        assert resolution is not None and resolution.outcome is Outcome.YES
        assert front(app) == 6  # 5 left the queue; the next one is in front
        await press(pilot, "e")
        assert isinstance(app.screen, EstimateDialog)
        assert app.screen.prediction.id == 6
        await press(pilot, "7", "0", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, QueueScreen) and front(app) == 7)
        assert [e.probability for e in journal.snapshot().estimates_for(6)] == [0.7]
        assert len(app.screen.items) == 6  # still overdue after the update, so the queue moved past it
        await press(pilot, "up")
        assert front(app) == 6
        await press(pilot, "escape")
        assert isinstance(app.screen, MainScreen)


async def test_an_empty_queue_says_nothing_is_due_and_offers_no_action(
    sample_journal: Path, make_app: AppFactory
) -> None:
    journal = open_journal(sample_journal, TickingClock())
    for prediction_id in (3, 5, 6, 7, 8, 9, 10):
        journal.set_archived(prediction_id, True)
    app = make_app(sample_journal)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "u", "r", "e", "s")
        assert isinstance(app.screen, QueueScreen)
        assert line(app, "#queue-count").startswith("Nothing is due")
        assert not app.screen.query_one("#queue-item", Static).display
        assert all(journal.snapshot().resolution_for(i) is None for i in (3, 5))  # no dialog opened
