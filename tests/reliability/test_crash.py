"""Crash suite: SIGKILL a writer at random points; every acknowledged write must survive."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reliability.support import FIGURES, HEAVY, TickingClock, temp_files
from storage.journal import open_journal

pytestmark = pytest.mark.waits  # on the writers it kills

FORK_KILLS = 1000 if HEAVY else 200
EXEC_KILLS = 100 if HEAVY else 8
KILLS_PER_JOURNAL = 25
WRITER = Path(__file__).with_name("writer.py")


def _forked_writer(path: Path, tag: str, ack_fd: int) -> None:
    """Child side: record estimates forever, acknowledging each on the pipe once saved. Never returns."""
    try:
        journal = open_journal(path, TickingClock())
        k = 0
        while True:
            note = f"{tag}-{k}"
            journal.add_estimate(1 + k % 10, (k % 101) / 100, note=note)
            os.write(ack_fd, f"{note}\n".encode())
            k += 1
    finally:
        os._exit(0)


def _read_all(fd: int) -> str:
    chunks = []
    while chunk := os.read(fd, 65536):
        chunks.append(chunk)
    return b"".join(chunks).decode()


def _check_after_kill(path: Path, acked: set[str], next_unacked: set[str]) -> None:
    """The journal parses, holds every acknowledged note, at most the one in flight per kill, and no temp file."""
    journal = open_journal(path, TickingClock())
    notes = [e.note for p in journal.snapshot().predictions for e in journal.snapshot().estimates_for(p.id)]
    assert len(notes) == len(set(notes)), "a write was applied twice"
    missing = acked - set(notes)
    FIGURES["writes lost"] += len(missing)
    assert not missing, f"acknowledged writes lost: {sorted(missing)[:5]}"
    assert set(notes) - acked <= next_unacked, "a write appeared that the writer never made"
    assert temp_files(path.parent) == [], "temp files survived the next open"


def test_sigkill_at_random_points_never_loses_an_acknowledged_write(tmp_path: Path) -> None:
    rng = random.Random(20261129)
    acked: set[str] = set()
    in_flight: set[str] = set()
    path = tmp_path / "journal.json"
    for kill in range(FORK_KILLS):
        if kill % KILLS_PER_JOURNAL == 0:
            path = tmp_path / f"run{kill // KILLS_PER_JOURNAL}" / "journal.json"
            acked, in_flight = set(), set()
        tag = f"k{kill}"
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_fd)
            _forked_writer(path, tag, write_fd)
        os.close(write_fd)
        time.sleep(rng.uniform(0.0, 0.03))  # the random kill point, not a wait for a result
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        lines = _read_all(read_fd).split()
        os.close(read_fd)
        acked.update(lines)
        in_flight.add(f"{tag}-{len(lines)}")
        _check_after_kill(path, acked, in_flight)
        FIGURES["kills survived"] += 1
        FIGURES["acknowledged writes checked"] += len(lines)


def test_sigkill_of_a_separate_writer_process(tmp_path: Path) -> None:
    rng = random.Random(7)
    path = tmp_path / "journal.json"
    acked: set[str] = set()
    in_flight: set[str] = set()
    for kill in range(EXEC_KILLS):
        tag = f"p{kill}"
        writer = subprocess.Popen([sys.executable, str(WRITER), str(path), tag], stdout=subprocess.PIPE, text=True)
        # Every other kill waits for the writer's first acknowledged save, so kills land mid-write
        # however slowly a loaded machine starts the process; the others may land during start-up.
        assert writer.stdout is not None
        first = writer.stdout.readline() if kill % 2 else ""
        time.sleep(rng.uniform(0.05, 0.3))  # the random kill point
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
        # Read through the same buffered stream as readline: communicate() would read the pipe beneath
        # it and miss the lines readline had already buffered.
        lines = (first + writer.stdout.read()).split()
        writer.stdout.close()
        acked.update(lines)
        in_flight.add(f"{tag}-{len(lines)}")
        _check_after_kill(path, acked, in_flight)
        FIGURES["kills survived"] += 1
        FIGURES["acknowledged writes checked"] += len(lines)
    assert acked, "the writer never got a write acknowledged; the kill delays are too short"


def test_stale_temp_files_are_removed_on_open_but_other_files_are_not(tmp_path: Path) -> None:
    path = tmp_path / "journal.json"
    open_journal(path, TickingClock())
    stale = tmp_path / ".journal.json.fj-tmp-crashed"
    stale.write_bytes(b'{"half": ')
    neighbour = tmp_path / ".other.json.fj-tmp-live"
    neighbour.write_bytes(b"another journal's save in progress")
    open_journal(path, TickingClock())
    assert not stale.exists()
    assert neighbour.exists()
