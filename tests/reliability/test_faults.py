"""I/O fault injection: the Nth file operation of a save fails, once or persistently, with ENOSPC, EIO or EACCES."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import cli
from cli.settings import Settings
from reliability.support import FaultyOps, TickingClock, estimate_notes, temp_files
from storage import atomic
from storage.atomic import FileOps
from storage.errors import JournalError, JournalWriteError
from storage.journal import open_journal

ERRORS = (errno.ENOSPC, errno.EIO, errno.EACCES)
MODES = (False, True)


@pytest.fixture
def template(tmp_path: Path) -> bytes:
    """The bytes of a journal holding one estimate."""
    path = tmp_path / "template" / "journal.json"
    open_journal(path, TickingClock()).add_estimate(1, 0.3, note="before")
    return path.read_bytes()


def _trace(monkeypatch: pytest.MonkeyPatch, action: object) -> list[str]:
    ops = FaultyOps()
    monkeypatch.setattr(atomic, "file_ops", ops)
    action()  # type: ignore[operator]
    monkeypatch.setattr(atomic, "file_ops", FileOps())
    return ops.trace


def _fresh(tmp_path: Path, name: str, template: bytes) -> Path:
    path = tmp_path / name / "journal.json"
    path.parent.mkdir()
    path.write_bytes(template)
    return path


def _landed(ops: FaultyOps) -> bool:
    """Whether the rename had happened before the first injected fault."""
    first_fault = len(ops.trace) - len(ops.injected)
    return "replace" in ops.trace[:first_fault]


def test_every_operation_of_a_save_can_fail_without_harm(
    tmp_path: Path, template: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    probe = open_journal(_fresh(tmp_path, "probe", template), TickingClock())
    trace = _trace(monkeypatch, lambda: probe.add_estimate(2, 0.5))
    assert {"lock", "read", "create", "write", "fsync", "replace", "open_directory", "fsync_directory"} <= set(trace)
    for error in ERRORS:
        for persistent in MODES:
            for n in range(1, len(trace) + 1):
                path = _fresh(tmp_path, f"{error}-{persistent}-{n}", template)
                journal = open_journal(path, TickingClock())
                old = path.read_bytes()
                ops = FaultyOps(n, error, persistent)
                monkeypatch.setattr(atomic, "file_ops", ops)
                with pytest.raises(JournalError) as raised:
                    journal.add_estimate(2, 0.42, note="faulted")
                monkeypatch.setattr(atomic, "file_ops", FileOps())
                message = str(raised.value)
                assert str(path) in message and os.strerror(error) in message and "\n" not in message
                landed = _landed(ops)
                expected = ["before", "faulted"] if landed else ["before"]
                if not landed:
                    assert path.read_bytes() == old, f"{trace[n - 1]} failing changed the journal"
                assert estimate_notes(path) == expected
                assert temp_files(path.parent) == []
                journal.add_estimate(3, 0.6, note="after")
                assert estimate_notes(path) == [*expected, "after"]
                assert [e.note for e in open_journal(path, TickingClock()).snapshot().estimates_for(3)] == ["after"]


def test_every_operation_of_a_cli_command_can_fail_with_a_one_line_error(
    tmp_path: Path, template: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    def run(path: Path, *args: str) -> object:
        return CliRunner().invoke(cli, list(args), obj=Settings(path, TickingClock()))

    probe = _fresh(tmp_path, "probe", template)
    trace = _trace(monkeypatch, lambda: run(probe, "estimate", "2", "42", "--note", "x"))
    for error in ERRORS:
        for persistent in MODES:
            for n in range(1, len(trace) + 1):
                path = _fresh(tmp_path, f"{error}-{persistent}-{n}", template)
                ops = FaultyOps(n, error, persistent)
                monkeypatch.setattr(atomic, "file_ops", ops)
                result = run(path, "estimate", "2", "42", "--note", "faulted")
                monkeypatch.setattr(atomic, "file_ops", FileOps())
                assert ops.injected
                assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
                notes = estimate_notes(path)
                if result.exit_code == 0:
                    # Only the best-effort daily backup failed; the save itself went through.
                    assert notes == ["before", "faulted"]
                else:
                    # A failed daily backup may add a warning line before the one error line.
                    lines = [line for line in result.stderr.splitlines() if "warning: " not in line]
                    assert len(lines) == 1 and lines[0].startswith("forecast-journal: error: "), result.stderr
                    assert os.strerror(error) in lines[0]
                    assert notes in (["before"], ["before", "faulted"])
                assert temp_files(path.parent) == []
                assert run(path, "estimate", "3", "60", "--note", "after").exit_code == 0
                assert estimate_notes(path) == [*notes, "after"]


def test_short_writes_are_completed(journal_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    journal = open_journal(journal_path, TickingClock())
    monkeypatch.setattr(atomic, "file_ops", FaultyOps(chunk=97))
    journal.add_estimate(1, 0.5, note="written 97 bytes at a time")
    monkeypatch.setattr(atomic, "file_ops", FileOps())
    assert estimate_notes(journal_path) == ["written 97 bytes at a time"]


def test_a_write_that_makes_no_progress_fails_instead_of_looping(
    journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = open_journal(journal_path, TickingClock())
    old = journal_path.read_bytes()
    monkeypatch.setattr(atomic, "file_ops", FaultyOps(chunk=0))
    with pytest.raises(JournalWriteError):
        journal.add_estimate(1, 0.5)
    assert journal_path.read_bytes() == old
    assert temp_files(journal_path.parent) == []


def test_failed_directory_sync_says_the_change_was_written(
    journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: a failure after the rename used to say 'could not save', inviting a duplicate retry."""
    journal = open_journal(journal_path, TickingClock())
    trace = _trace(monkeypatch, lambda: journal.add_estimate(1, 0.1))
    monkeypatch.setattr(atomic, "file_ops", FaultyOps(trace.index("fsync_directory") + 1, errno.EIO))
    with pytest.raises(JournalWriteError, match="was written but could not be flushed"):
        journal.add_estimate(1, 0.2, note="landed")
    monkeypatch.setattr(atomic, "file_ops", FileOps())
    assert estimate_notes(journal_path)[-1] == "landed"


def test_a_save_keeps_the_journal_file_mode(journal_path: Path) -> None:
    """Regression: every save used to reset the journal to mkstemp's 0600."""
    journal = open_journal(journal_path, TickingClock())
    journal_path.chmod(0o640)
    journal.add_estimate(1, 0.5)
    assert stat.S_IMODE(journal_path.stat().st_mode) == 0o640


def test_lock_failure_is_reported_with_the_journal_path(journal_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    journal = open_journal(journal_path, TickingClock())
    before = journal_path.read_bytes()
    ops = FaultyOps(1, errno.EIO)
    monkeypatch.setattr(atomic, "file_ops", ops)
    with pytest.raises(JournalWriteError, match="cannot take the lock") as raised:
        journal.add_estimate(1, 0.5)
    assert ops.injected == ["lock"], "the save failed at its first operation, taking the lock"
    assert str(journal_path) in str(raised.value)
    assert journal_path.read_bytes() == before
