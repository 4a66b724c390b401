"""Keys in the order they were typed: the app handles each key only once it is done with the one before.

Textual hands a key to the focused widget's queue and looks up its binding later, when the key has bubbled
back up to the app. Typed in one burst, `e65⏎` put the digits in the pane's queue before `e` had opened the
estimate dialog, and they were then looked up against the dialog's bindings and lost; a Tab typed before a
new dialog had its focus moved the focus from nowhere. So keys wait in a queue here, and the next one is
let through once the last one has travelled its whole path, any dialog it opened is mounted and focused,
and any dialog it closed is gone.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from typing import Any

from textual import events
from textual.app import App, ScreenStackError
from textual.message_pump import MessagePump

NOT_WAITING = frozenset({"q", "ctrl+q", "ctrl+c", "question_mark", "f1"})
"""Keys that go at once while the journal opens: quitting (a journal slow to open can be left) and help."""

ROUNDS = 8
"""At most this many waits for the focus path to be idle per key: a stream of new keys keeps the app's own
queue busy, and keys must not stall behind it."""

ROUND_TIMEOUT = 1.0
"""Seconds one wait may take: a widget removed while a wait was queued on it never answers."""


class KeyQueue:
    """The app's keys, let through one at a time (`take` in the app's `on_event`)."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.pending: deque[events.Key] = deque()
        self.released: events.Key | None = None
        self.feeding = False
        self.opened = asyncio.Event()
        """Set by the app once the journal (or why it cannot be opened) is on screen. Keys typed on the
        screen shown while it opens wait for it, except NOT_WAITING."""

    def take(self, key: events.Key) -> bool:
        """Whether the app handles `key` now: only the key let through last. Any other key waits its turn."""
        if key is self.released:
            self.released = None
            return True
        self.pending.append(key)
        if not self.feeding:
            self.feeding = True
            # A worker rather than a bare task: tests that wait for the app's workers wait for the keys too.
            self.app.run_worker(self._feed(), name="keys", group="keys")
        return False

    async def _feed(self) -> None:
        try:
            while self.pending:
                if self.pending[0].key not in NOT_WAITING and self.app.screen is self.app.screen_stack[0]:
                    await self.opened.wait()
                key = self.pending.popleft()
                self.released = key
                self.app.post_message(key)
                await self._settled()
        finally:
            self.feeding = False

    def _focus_path(self) -> list[MessagePump]:
        """The nodes a key and what it causes travel through: the focused widget up to the app, and always
        the screen and the app (a focused widget being removed has lost its way up to them)."""
        focused = self.app.focused
        path: list[MessagePump] = list(focused.ancestors_with_self) if focused is not None else []
        return list(dict.fromkeys([*path, self.app.screen, self.app]))

    async def _settled(self) -> None:
        """Wait until the key let through has been handled everywhere on its way, and the screen is steady:
        the same screen and focus after a round of waiting as before it, with nothing left to handle.

        Two rounds at least: what a key causes may run only after the message that caused it (a dialog's
        result is handed to the screen below with `call_next`, and that screen may then rebuild its
        widgets and move the focus), so one quiet round is not yet proof that the key's effects are done.
        """
        try:
            before: tuple[object, object] | None = None
            for _ in range(ROUNDS):
                path = self._focus_path()
                await _drain(path)
                now = (self.app.screen, self.app.focused)
                quiet = all(node.message_queue_size == 0 for node in {*path, *self._focus_path()})
                if quiet and now == before:
                    return
                before = now
        except ScreenStackError:
            return  # the app is closing: no screen is left to wait for


async def _drain(nodes: list[MessagePump]) -> None:
    """Wait until each node has handled the messages it holds now."""
    waits = []
    for node in nodes:
        done = asyncio.Event()
        if node.call_later(done.set):
            waits.append(done.wait())
    if waits:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.gather(*waits), ROUND_TIMEOUT)
