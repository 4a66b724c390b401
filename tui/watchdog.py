"""The process ends when its terminal has gone, even if the app's own closing hangs."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from storage.journal import DEFAULT_LOCK_TIMEOUT

# The longest a save in flight is waited for: long enough to wait out another process's lock and finish.
EXIT_GRACE_SECONDS = DEFAULT_LOCK_TIMEOUT + 2.0


def terminal_gone() -> bool:
    """Whether this process has lost its controlling terminal (closed window, killed tmux server, hangup)."""
    try:
        os.close(os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY))
    except OSError:
        return True
    return False


@contextmanager
def ended_if_the_terminal_goes(
    saving: Callable[[], bool],
    gone: Callable[[], bool] = terminal_gone,
    end: Callable[[], None] = lambda: os._exit(1),
    grace: float = EXIT_GRACE_SECONDS,
    every: float = 1.0,
) -> Iterator[None]:
    """While inside, a daemon thread checks `every` seconds whether the terminal is `gone`. Once it is, the
    process has `every` seconds to leave the block, longer while it is `saving` (up to `grace`); then
    `end` is called. Nothing is watched when there is no terminal to begin with.

    When the terminal goes away while the app is drawing (a notice on screen, say), Textual's output
    thread dies on the first write that fails and the app's next write then waits for it forever: the
    process stayed behind, invisible and never ending. A signal does not help then: the thread it reaches
    may not be the stuck one. Nothing is lost by ending: every save is atomic, and a save in flight is
    waited for.
    """
    if gone():
        yield
        return
    left = threading.Event()

    def still_saving() -> bool:
        try:
            return saving()
        except RuntimeError:  # the app changed its workers as they were read: look again
            return True

    def watch() -> None:
        while not left.wait(every):
            if gone():
                deadline = time.monotonic() + grace
                while not left.wait(every):
                    if not still_saving() or time.monotonic() >= deadline:
                        end()
                        return
                return

    threading.Thread(target=watch, name="terminal-watchdog", daemon=True).start()
    try:
        yield
    finally:
        left.set()
