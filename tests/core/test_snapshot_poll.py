"""The app's live refresh: `Journal.snapshot()` outside the lock reads the file only when its
(size, mtime, inode) changed, and still sees every change another process makes."""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path

import pytest

from storage import atomic
from storage.atomic import FileOps
from storage.journal import Journal, open_journal
from tests.clock import TickingClock


class CountingOps(FileOps):
    """File operations that count the journal reads."""

    def __init__(self) -> None:
        self.reads = 0

    def read(self, path: Path) -> bytes:
        self.reads += 1
        return super().read(path)


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> CountingOps:
    ops = CountingOps()
    monkeypatch.setattr(atomic, "file_ops", ops)
    return ops


def _settle(path: Path) -> None:
    """Date the file an hour back, as a journal nobody has written for a while."""
    then = time.time_ns() - 3600 * 10**9
    os.utime(path, ns=(then, then))


def test_an_unchanged_file_is_not_read_again(journal_path: Path, clock: TickingClock, counting: CountingOps) -> None:
    journal = open_journal(journal_path, clock)
    _settle(journal_path)
    first = journal.snapshot()
    reads = counting.reads
    for _ in range(5):
        assert journal.snapshot() is first
    assert counting.reads == reads


def test_a_change_by_another_journal_object_is_seen(journal_path: Path, clock: TickingClock) -> None:
    viewer = open_journal(journal_path, clock)
    _settle(journal_path)
    viewer.snapshot()
    open_journal(journal_path, clock).add_estimate(3, 0.25, date(2026, 1, 2))
    assert [e.probability for e in viewer.snapshot().estimates_for(3)] == [0.25]


def _rewrite_in_place_keeping_stat(path: Path, old: bytes, new: bytes) -> None:
    """Change the file's bytes without changing its size, inode or mtime."""
    status = os.stat(path)
    content = path.read_bytes()
    assert len(old) == len(new) and content.count(old) == 1
    with open(path, "r+b") as handle:
        handle.write(content.replace(old, new))
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert os.stat(path).st_size == status.st_size and os.stat(path).st_ino == status.st_ino


def test_a_change_in_the_same_timestamp_tick_is_seen(journal_path: Path, clock: TickingClock) -> None:
    """A file written moments ago is compared by its bytes: a write in the same tick could keep its stat."""
    journal = open_journal(journal_path, clock)
    journal.add_estimate(1, 0.25, date(2026, 1, 2))
    assert journal.snapshot().estimates_for(1)[0].probability == 0.25
    _rewrite_in_place_keeping_stat(journal_path, b'"probability":0.25', b'"probability":0.75')
    assert journal.snapshot().estimates_for(1)[0].probability == 0.75


def test_a_write_starts_from_the_bytes_on_disk_even_when_the_stat_is_unchanged(
    journal_path: Path, clock: TickingClock
) -> None:
    """The stat shortcut is only for display: a save compares bytes under the lock, so it never loses
    a change the poll could not see."""
    journal = open_journal(journal_path, clock)
    journal.add_estimate(1, 0.25, date(2026, 1, 2))
    _settle(journal_path)
    journal.snapshot()
    _rewrite_in_place_keeping_stat(journal_path, b'"probability":0.25', b'"probability":0.75')
    journal.add_estimate(2, 0.5, date(2026, 1, 3))
    reread = Journal(journal_path, clock).snapshot()
    assert [e.probability for e in reread.estimates_for(1)] == [0.75]
    assert [e.probability for e in reread.estimates_for(2)] == [0.5]
