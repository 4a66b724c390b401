"""Helpers for the app tests: the fixed clock, the sample journal contents, and waiting on the app."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from textual.pilot import Pilot

from domain.model import Outcome
from storage.journal import Clock, Journal, open_journal
from tests.clock import TickingClock as TickingClock
from tui.app import ForecastApp, Opener

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


def copy_journal(built: Path, journal_path: Path) -> Path:
    """Copy a journal built once (with its lock file and backups) to `journal_path`, with fresh mtimes."""
    for source in built.parent.iterdir():
        target = journal_path.parent / source.name.replace(built.name, journal_path.name, 1)
        if source.is_dir():
            shutil.copytree(source, target, copy_function=shutil.copy)
        else:
            shutil.copy(source, target)
    return journal_path


AppFactory = Callable[..., ForecastApp]


def opener_waiting_for(release: threading.Event) -> Opener:
    """An opener that opens the journal only once `release` is set (within 10 s): the app shows "Opening…" meanwhile."""

    def slow(path: Path, clock: Clock) -> Journal:
        assert release.wait(10)
        return open_journal(path, clock)

    return slow


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


async def wait_until(pilot: Pilot[object], condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Let the app run until `condition()` holds (for what happens after a refresh, such as scrolling)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the app never reached the expected state"
        await pilot.pause()


async def press(pilot: Pilot[object], *keys: str) -> None:
    """Press the keys in turn (the pilot waits until each is handled), then settle once."""
    await pilot.press(*keys)
    await settle(pilot)


class TypeAheadClock:
    """The main screen's type-ahead clock in tests: a second passes at every reading (so no digit extends the
    number before it), except while `go_to` types an id (then it stands still, so its digits make one number)."""

    def __init__(self) -> None:
        self.now = 0.0
        self.still = False

    def __call__(self) -> float:
        if not self.still:
            self.now += 1.0
        return self.now


async def go_to(pilot: Pilot[object], prediction_id: int) -> None:
    """Focus a prediction by typing its id, its digits as one number; digits pressed later stand alone."""
    screen = pilot.app.screen
    clock = getattr(screen, "monotonic", None)
    if not isinstance(clock, TypeAheadClock):
        clock = TypeAheadClock()
        screen.monotonic = clock  # type: ignore[attr-defined]
    clock.now += 1.0
    clock.still = True
    await press(pilot, *str(prediction_id))
    clock.still = False
