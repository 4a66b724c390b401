"""The journal file: atomic saves, crash safety, two writers, change detection and corrupt files."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from domain.model import Outcome
from domain.validation import InputError
from storage import JournalCorruptError, open_journal
from storage.atomic import TEMP_PREFIX, UMASK
from storage.journal import Journal
from tests.core.conftest import TickingClock

WRITER = """
import sys
from pathlib import Path
from storage.journal import open_journal
journal = open_journal(Path(sys.argv[1]))
for i in range(int(sys.argv[2])):
    journal.add_estimate(1 + i % 10, (i % 101) / 100, note=f"{sys.argv[3]}-{i}")
    print(i, flush=True)
"""


def start_writer(path: Path, count: int, tag: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), str(count), tag], stdout=subprocess.PIPE, text=True
    )


def estimate_notes(path: Path) -> list[str]:
    tables = json.loads(path.read_text(encoding="utf-8"))
    return [record["note"] for record in tables["estimates"].values()]


def test_saved_estimate_is_on_disk_when_the_call_returns(journal_path: Path, clock: TickingClock) -> None:
    journal = open_journal(journal_path, clock)
    journal.add_estimate(3, 0.25, note="on disk")
    assert estimate_notes(journal_path) == ["on disk"]
    assert not list(journal_path.parent.glob(f"*{TEMP_PREFIX}*"))


def test_kill_9_mid_write_keeps_every_acknowledged_write(journal_path: Path) -> None:
    open_journal(journal_path)
    acknowledged: list[str] = []
    for round_number in range(8):
        writer = start_writer(journal_path, 10_000, f"r{round_number}")
        assert writer.stdout is not None
        first = writer.stdout.readline()
        time.sleep(0.01 * (round_number % 4))
        os.kill(writer.pid, signal.SIGKILL)
        rest, _ = writer.communicate()
        acknowledged += [f"r{round_number}-{line}" for line in (first + rest).split()]
        stored = set(estimate_notes(journal_path))
        assert set(acknowledged) <= stored
    assert len(acknowledged) >= 8
    open_journal(journal_path)
    assert not list(journal_path.parent.glob(f"*{TEMP_PREFIX}*"))


def test_two_processes_writing_at_once_lose_nothing(journal_path: Path) -> None:
    open_journal(journal_path)
    writers = [start_writer(journal_path, 40, tag) for tag in ("a", "b")]
    for writer in writers:
        writer.communicate(timeout=120)
        assert writer.returncode == 0
    notes = estimate_notes(journal_path)
    assert sorted(notes) == sorted(f"{tag}-{i}" for tag in ("a", "b") for i in range(40))


def test_a_second_handle_sees_changes_made_through_the_first(journal_path: Path, clock: TickingClock) -> None:
    reader = open_journal(journal_path, clock)
    writer = open_journal(journal_path, clock)
    assert reader.snapshot().estimates_for(1) == ()
    writer.add_estimate(1, 0.5)
    writer.resolve(2, Outcome.NO)
    snapshot = reader.snapshot()
    assert [e.probability for e in snapshot.estimates_for(1)] == [0.5]
    assert snapshot.resolution_for(2) is not None
    reader.add_estimate(1, 0.6)
    assert [e.probability for e in writer.snapshot().estimates_for(1)] == [0.5, 0.6]


def test_unchanged_file_is_not_parsed_again(journal_path: Path, clock: TickingClock) -> None:
    journal = open_journal(journal_path, clock)
    first = journal.snapshot()
    assert journal.snapshot() is first
    journal.add_note(1, "changed")
    assert journal.snapshot() is not first


def test_storage_refuses_what_the_cli_would(journal: Journal, journal_path: Path) -> None:
    before = journal_path.read_bytes()
    for call in (
        lambda: journal.add_estimate(1, 1.5),
        lambda: journal.add_estimate(42, 0.5),
        lambda: journal.add_note(1, " \n "),
        lambda: journal.unresolve(1),
    ):
        with pytest.raises(InputError):
            call()
    assert journal_path.read_bytes() == before


CORRUPT = {
    "truncated": b'{"meta": {"1": {"schema_version": 1}}, "predic',
    "empty": b"",
    "wrong shape": b"[1, 2, 3]",
    "invalid utf-8": b'{"meta": {"1": {"schema_version": 1}}, "x": {"1": "\xff\xfe"}}',
    "newer schema": b'{"meta": {"1": {"schema_version": 99}}, "predictions": {}}',
}


@pytest.mark.parametrize("case", sorted(CORRUPT))
def test_corrupt_journal_raises_naming_the_file_and_is_untouched(journal_path: Path, case: str) -> None:
    journal_path.write_bytes(CORRUPT[case])
    with pytest.raises(JournalCorruptError) as caught:
        open_journal(journal_path)
    assert str(journal_path) in str(caught.value)
    assert journal_path.read_bytes() == CORRUPT[case]


def test_a_new_export_gets_the_usual_file_mode(journal: Journal, tmp_path: Path) -> None:
    target = journal.export_markdown(tmp_path / "export.md")
    assert target.stat().st_mode & 0o777 == 0o666 & ~UMASK


def test_snapshot_carried_forward_after_saves_equals_a_fresh_parse(journal_path: Path, clock: TickingClock) -> None:
    journal = open_journal(journal_path, clock)
    journal.snapshot()
    journal.add_estimate(1, 0.3, note="first")
    journal.add_estimate(1, 0.4)
    journal.add_note(2, "a note")
    journal.resolve(3, Outcome.YES)
    journal.resolve(4, Outcome.NO)
    journal.unresolve(3)
    journal.add_predictions(lambda first: [replace(journal.snapshot().predictions[0], id=first, title="Mine")])
    journal.add_estimate(11, 0.9)
    assert journal.snapshot() == open_journal(journal_path, clock).snapshot()
