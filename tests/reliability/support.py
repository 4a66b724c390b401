"""Shared helpers of the reliability suites: a fixed clock, fault-injecting file operations, figures."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import orjson

from storage.atomic import TEMP_PREFIX, FileOps
from storage.lock import FileLock
from tests.clock import TODAY as TODAY
from tests.clock import TickingClock as TickingClock

HEAVY = os.environ.get("FJ_HEAVY") == "1"

# Counted across the test session and printed in the terminal summary (see conftest.py).
FIGURES: Counter[str] = Counter()




def temp_files(directory: Path) -> list[Path]:
    """Temp files of atomic saves left anywhere under `directory`."""
    return list(directory.rglob(f"*{TEMP_PREFIX}*"))


def estimate_notes(path: Path) -> list[str]:
    """The note of every estimate in the journal file, in recording order."""
    data = orjson.loads(path.read_bytes())
    return [record["note"] for record in data["estimates"].values()]


OPS = ("lock", "read", "create", "write", "fsync", "replace", "open_directory", "fsync_directory")


class FaultyOps(FileOps):
    """File operations that count themselves and fail from the `fail_at`-th on.

    `persistent=False` fails only that one operation; `persistent=True` fails it and every later one.
    `chunk` caps each write, to exercise short writes.
    """

    def __init__(
        self, fail_at: int | None = None, error: int = 0, persistent: bool = False, chunk: int | None = None
    ) -> None:
        self.fail_at = fail_at
        self.error = error
        self.persistent = persistent
        self.chunk = chunk
        self.trace: list[str] = []
        self.injected: list[str] = []

    def _step(self, name: str) -> None:
        self.trace.append(name)
        n = len(self.trace)
        if self.fail_at is not None and (n == self.fail_at or (self.persistent and n > self.fail_at)):
            self.injected.append(name)
            FIGURES["faults injected"] += 1
            raise OSError(self.error, os.strerror(self.error))

    def lock(self, lock: FileLock) -> None:
        self._step("lock")
        super().lock(lock)

    def read(self, path: Path) -> bytes:
        self._step("read")
        return super().read(path)

    def create(self, directory: Path, prefix: str) -> tuple[int, str]:
        self._step("create")
        return super().create(directory, prefix)

    def write(self, fd: int, data: memoryview) -> int:
        self._step("write")
        return super().write(fd, data if self.chunk is None else data[: self.chunk])

    def fsync(self, fd: int) -> None:
        self._step("fsync")
        super().fsync(fd)

    def replace(self, source: str, target: Path) -> None:
        self._step("replace")
        super().replace(source, target)

    def open_directory(self, directory: Path) -> int:
        self._step("open_directory")
        return super().open_directory(directory)

    def fsync_directory(self, fd: int) -> None:
        self._step("fsync_directory")
        super().fsync_directory(fd)
