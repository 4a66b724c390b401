"""Concurrency: several processes write through the CLI at once; no write is lost or doubled."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from reliability.support import FIGURES, HEAVY, TickingClock, estimate_notes
from storage.journal import open_journal

pytestmark = pytest.mark.waits  # on the CLI processes it starts

DRIVER = Path(__file__).with_name("cli_driver.py")


def _start(path: Path, tag: str, count: int, *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, str(DRIVER), str(path), tag, str(count), *extra],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _finish(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        _, err = process.communicate(timeout=240)
        assert process.returncode == 0, err.decode()


def _expected(tags: list[str], count: int) -> set[str]:
    return {f"{tag}-{k}" for tag in tags for k in range(count)}


def test_four_processes_record_100_estimates_each(journal_path: Path) -> None:
    open_journal(journal_path, TickingClock())
    tags = ["a", "b", "c", "d"]
    _finish([_start(journal_path, tag, 100) for tag in tags])
    notes = estimate_notes(journal_path)
    assert len(notes) == 400
    assert set(notes) == _expected(tags, 100)
    FIGURES["concurrent CLI writes checked"] += len(notes)


def test_four_processes_running_the_installed_command(journal_path: Path) -> None:
    count = 100 if HEAVY else 10
    open_journal(journal_path, TickingClock())
    tags = ["e", "f", "g", "h"]
    _finish([_start(journal_path, tag, count, "--exec") for tag in tags])
    notes = estimate_notes(journal_path)
    assert len(notes) == 4 * count and set(notes) == _expected(tags, count)
    FIGURES["concurrent CLI writes checked"] += len(notes)


def test_journal_held_open_in_process_while_the_cli_writes(journal_path: Path) -> None:
    """What the TUI does: one Journal object stays open and writes while other processes use the CLI."""
    held = open_journal(journal_path, TickingClock())
    tags = ["x", "y"]
    processes = [_start(journal_path, tag, 50) for tag in tags]
    own = [f"held-{k}" for k in range(50)]
    for note in own:
        held.add_estimate(5, 0.5, note=note)
    _finish(processes)
    expected = _expected(tags, 50) | set(own)
    deadline = time.monotonic() + 10
    seen: set[str] = set()
    while time.monotonic() < deadline and seen != expected:
        data = held.snapshot()
        seen = {e.note for p in data.predictions for e in data.estimates_for(p.id)}
    assert seen == expected, "the open journal does not show every write"
    assert sorted(estimate_notes(journal_path)) == sorted(expected)
    FIGURES["concurrent CLI writes checked"] += len(expected)
