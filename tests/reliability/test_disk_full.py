"""Disk full for real: a small tmpfs fills up; the last saved state stays intact and saving resumes once there is room."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from reliability.support import FIGURES, TickingClock, estimate_notes, temp_files
from storage.errors import JournalWriteError
from storage.journal import open_journal


def _run(*command: str) -> bool:
    return subprocess.run(command, capture_output=True, timeout=30, check=False).returncode == 0


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 64 KiB tmpfs, unmounted afterwards."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    if os.geteuid() != 0 or not _run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount_point)):
        pytest.skip("mounting a tmpfs needs root and mount privileges")
    try:
        yield mount_point
    finally:
        _run("umount", str(mount_point))


def test_full_disk_keeps_the_last_saved_state(small_disk: Path) -> None:
    path = small_disk / "journal.json"
    journal = open_journal(path, TickingClock())
    saved: list[str] = []
    last_good = path.read_bytes()
    with pytest.raises(JournalWriteError, match="No space left on device") as raised:
        for k in range(500):
            note = f"{k}-" + "x" * 900
            journal.add_estimate(1 + k % 10, 0.5, note=note)
            saved.append(note)
            last_good = path.read_bytes()
    FIGURES["disk-full saves refused"] += 1
    assert str(path) in str(raised.value)
    assert path.read_bytes() == last_good
    assert estimate_notes(path) == saved
    assert temp_files(small_disk) == []
    assert _run("mount", "-o", "remount,size=1m", str(small_disk))
    journal.add_estimate(1, 0.9, note="after")
    assert estimate_notes(path) == [*saved, "after"]


def test_full_disk_through_the_cli_is_one_line(small_disk: Path) -> None:
    path = small_disk / "journal.json"
    # The command runs on the real clock: open with it too, so that today's backup is already made and
    # the full disk is met by the save alone (not by a second, warned-about backup).
    open_journal(path)
    filler = small_disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    with pytest.raises(OSError, match="No space left"):
        for _ in range(1000):
            os.write(fd, b"\0" * 4096)
    os.close(fd)
    before = path.read_bytes()
    script = Path(sys.executable).with_name("forecast-journal")
    command = [str(script), "--journal", str(path), "estimate", "1", "70", "--note", "y" * 8000]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode != 0
    assert len(done.stderr.splitlines()) == 1 and "No space left on device" in done.stderr
    assert path.read_bytes() == before
    assert temp_files(small_disk) == []
    filler.unlink()
    assert subprocess.run(command, capture_output=True, timeout=60, check=False).returncode == 0
