"""Helpers for the app tests: the fixed clock, the sample journal contents, and waiting on the app."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from textual.pilot import Pilot

from domain.model import Outcome
from storage.journal import Journal
from tests.clock import TickingClock as TickingClock
from tui.app import ForecastApp

TODAY = date(2026, 11, 29)




def fill_sample(journal: Journal) -> None:
    """Estimates, notes and resolutions on a few predictions of the seed set."""
    journal.add_estimate(1, 0.6, date(2025, 1, 10), "first look")
    journal.add_estimate(1, 0.7, date(2025, 6, 1), "price cuts everywhere")
    journal.add_estimate(1, 0.8, date(2025, 11, 1))
    journal.resolve(1, Outcome.YES, date(2025, 12, 31))
    journal.add_estimate(2, 0.4, date(2025, 2, 1))
    journal.add_estimate(2, 0.3, date(2025, 9, 1))
    journal.resolve(2, Outcome.NO, date(2026, 1, 5))
    journal.add_estimate(3, 0.5, date(2025, 3, 1))
    journal.add_estimate(3, 0.65, date(2026, 6, 1), "image and audio in every chat app")
    journal.add_note(3, "Most flagship models now take images.", date(2025, 5, 2))
    journal.add_note(3, "Audio is still patchy.\nVideo input is rare.", date(2026, 2, 14))
    journal.resolve(4, Outcome.AMBIGUOUS, date(2026, 1, 2))
    journal.add_estimate(5, 0.9, date(2025, 4, 4))


AppFactory = Callable[..., ForecastApp]


async def settle(pilot: Pilot[object]) -> None:
    """Let workers finish and their messages be handled.

    `pause(0)` waits until the screen has handled every queued message, without `pause()`'s wait
    for the process to look idle (20 ms at a time, several times a key): the suite's biggest cost.
    """
    await pilot.pause(0)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause(0)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause(0)


async def press(pilot: Pilot[object], *keys: str) -> None:
    """Press the keys in turn (the pilot waits until each is handled), then settle once."""
    await pilot.press(*keys)
    await settle(pilot)
