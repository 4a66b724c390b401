"""The footer (tui/widgets/footer.py): it shows the screen's keys and follows them when they change, and is
not rebuilt when they stay the same (each rebuild mounts its keys and lays the screen out again)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets._footer import FooterKey
from tui_support import AppFactory, TickingClock, go_to, press, settle, wait_until

from storage.journal import open_journal
from tui.screens.queue import QueueScreen


def footer_keys(app: object) -> dict[str, bool]:
    """The footer's keys on the active screen: description → enabled."""
    return {key.description: not key.disabled for key in app.screen.query(FooterKey)}  # type: ignore[attr-defined]


async def test_moving_between_panes_and_dialogs_keeps_the_same_footer(sample_journal: Path, make_app: AppFactory) -> None:
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await wait_until(pilot, lambda: bool(app.screen.query(FooterKey)))
        shown = list(app.screen.query(FooterKey))
        assert {"Estimate", "Note", "Resolve", "Help"} <= footer_keys(app).keys()
        await press(pilot, "down", "right", "up")
        await go_to(pilot, 7)
        await press(pilot, "e", "escape")
        assert list(app.screen.query(FooterKey)) == shown  # the very same widgets: never rebuilt


async def test_the_footer_follows_keys_that_go_away(sample_journal: Path, make_app: AppFactory) -> None:
    journal = open_journal(sample_journal, TickingClock())
    for prediction_id in (5, 6, 7, 8, 9, 10):
        journal.set_archived(prediction_id, True)
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "u")
        assert isinstance(app.screen, QueueScreen)
        await wait_until(pilot, lambda: footer_keys(app).get("Resolve") is True)
        await press(pilot, "r", "y", "enter")  # resolve the one prediction due: the queue is empty
        await wait_until(pilot, lambda: isinstance(app.screen, QueueScreen) and not app.screen.items)
        await wait_until(pilot, lambda: "Resolve" not in footer_keys(app))
        assert {"Update", "Skip"}.isdisjoint(footer_keys(app)) and footer_keys(app)["Back"]
