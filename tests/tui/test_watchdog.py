"""The process ends once its terminal has gone and the app has not closed by itself, after any save in flight."""

from __future__ import annotations

import threading
from contextlib import AbstractContextManager

import pytest

from tui.watchdog import ended_if_the_terminal_goes

pytestmark = pytest.mark.waits  # on the watchdog's thread


class Terminal:
    """A terminal that goes when told to, and a save that may be in flight; `ended` is set when the
    watchdog ends the process."""

    def __init__(self, present: bool = True) -> None:
        self.present = present
        self.saving = False
        self.seen_gone = threading.Event()
        self.ended = threading.Event()

    def gone(self) -> bool:
        if not self.present:
            self.seen_gone.set()
        return not self.present

    def is_saving(self) -> bool:
        return self.saving

    def end(self) -> None:
        self.ended.set()


def watching(terminal: Terminal, grace: float = 5.0, every: float = 0.01) -> AbstractContextManager[None]:
    return ended_if_the_terminal_goes(terminal.is_saving, terminal.gone, terminal.end, grace=grace, every=every)


def test_a_process_still_running_once_its_terminal_has_gone_is_ended() -> None:
    terminal = Terminal()
    with watching(terminal):
        terminal.present = False
        assert terminal.ended.wait(5), "the stuck process was never ended"


def test_a_save_in_flight_is_waited_for_then_the_process_is_ended() -> None:
    terminal = Terminal()
    terminal.saving = True
    with watching(terminal):
        terminal.present = False
        assert terminal.seen_gone.wait(5)
        assert not terminal.ended.wait(0.2), "ended while a save was in flight"
        terminal.saving = False
        assert terminal.ended.wait(5)


def test_a_save_that_never_ends_is_waited_for_only_the_grace_period() -> None:
    terminal = Terminal()
    terminal.saving = True
    with watching(terminal, grace=0.1):
        terminal.present = False
        assert terminal.ended.wait(5)


def test_an_app_that_closes_by_itself_is_left_to_end() -> None:
    terminal = Terminal()
    with watching(terminal, every=0.5):
        terminal.present = False
        assert terminal.seen_gone.wait(5)  # the app now has a moment to close by itself
    assert not terminal.ended.wait(1)


def test_nothing_is_watched_without_a_terminal() -> None:
    terminal = Terminal(present=False)
    before = threading.active_count()
    with watching(terminal, every=0.01):
        assert threading.active_count() == before
    assert not terminal.ended.is_set()
