"""An exclusive lock between processes on a sidecar file, using flock(2).

It replaces the filelock package on the start-up path: filelock imports logging, hashlib and
asyncio helpers (14 ms), a fifth of `forecast-journal list`'s whole run. Both use flock on
Unix, so they exclude each other.

The lock file also holds a short note while it is locked: the journal's seal (storage.atomic).
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable
from pathlib import Path

POLL_SECONDS = 0.01
NOTE_LIMIT = 256
WAIT_NOTICE_SECONDS = 1.0


class LockTimeout(TimeoutError):
    """The lock stayed held by another process for longer than the timeout."""


class FileLock:
    """A re-entrant exclusive lock held through an open descriptor of `path`.

    `on_wait`, if given, is called once when acquiring has waited WAIT_NOTICE_SECONDS for another
    process, so that a caller can say why nothing seems to happen; the wait then goes on to `timeout`.
    """

    def __init__(self, path: Path, timeout: float, on_wait: Callable[[], None] | None = None) -> None:
        self.path = path
        self.timeout = timeout
        self.on_wait = on_wait
        self._fd: int | None = None
        self._depth = 0

    @property
    def is_locked(self) -> bool:
        """Whether this object holds the lock."""
        return self._depth > 0

    def acquire(self) -> None:
        """Take the lock, waiting up to `timeout` seconds for another process to let go."""
        if self._depth:
            self._depth += 1
            return
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        started = time.monotonic()
        noticed = False
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    waited = time.monotonic() - started
                    if waited >= self.timeout:
                        raise LockTimeout(f"{self.path} is held by another process") from None
                    if not noticed and waited >= WAIT_NOTICE_SECONDS and self.on_wait is not None:
                        noticed = True
                        self.on_wait()
                    time.sleep(POLL_SECONDS)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        self._depth = 1

    def release(self) -> None:
        """Let go of one level of the lock; the last one unlocks."""
        if self._depth == 0:
            return
        self._depth -= 1
        if self._depth == 0 and self._fd is not None:
            fd, self._fd = self._fd, None
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def read_note(self) -> bytes:
        """What the lock file holds (a few bytes: see storage.atomic.seal); only while locked."""
        assert self._fd is not None, "read_note needs the lock"
        return os.pread(self._fd, NOTE_LIMIT, 0)

    def write_note(self, note: bytes) -> None:
        """Replace what the lock file holds; only while locked."""
        assert self._fd is not None, "write_note needs the lock"
        os.pwrite(self._fd, note, 0)
        os.ftruncate(self._fd, len(note))
