"""Backups: daily rotating copies, a copy before each schema migration, and `forecast-journal recover`."""

from __future__ import annotations

import errno
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from cli.main import cli
from cli.settings import Settings
from reliability.support import TODAY, FaultyOps, TickingClock, estimate_notes
from storage import atomic
from storage import schema as journal_module
from storage.atomic import FileOps
from storage.backups import KEEP_DAILY, backup_dir, list_backups, restore_backup
from storage.errors import JournalCorruptError, JournalLockedError, JournalWriteError
from storage.journal import Journal, open_journal

CURRENT = journal_module.SCHEMA_VERSION


def _day(n: int) -> TickingClock:
    return TickingClock(TODAY + timedelta(days=n))


def test_a_daily_copy_is_kept_for_the_last_seven_days(journal_path: Path) -> None:
    for day in range(10):
        journal = open_journal(journal_path, _day(day))
        journal.add_estimate(1, 0.5, note=f"day {day}")
        open_journal(journal_path, _day(day))  # a second open the same day makes no second copy
    backups = list_backups(journal_path)
    assert len(backups) == KEEP_DAILY
    assert [b.taken.date() for b in backups] == [(TODAY + timedelta(days=d)).date() for d in range(3, 10)]
    # Each day's copy is the journal as it was when first opened that day.
    assert estimate_notes(backups[-1].path) == [f"day {d}" for d in range(9)]


def test_a_failed_backup_does_not_stop_the_journal_opening(journal_path: Path) -> None:
    journal_path.parent.mkdir(exist_ok=True)
    backup_dir(journal_path).write_text("in the way")
    journal = open_journal(journal_path, TickingClock())
    assert journal.backup_error is not None and str(backup_dir(journal_path)) in journal.backup_error
    journal.add_estimate(1, 0.5, note="saved anyway")
    assert estimate_notes(journal_path) == ["saved anyway"]
    assert backup_dir(journal_path).read_text() == "in the way"


def test_migration_backs_up_the_old_bytes_first(journal_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    open_journal(journal_path, TickingClock()).add_estimate(1, 0.25, note="old")
    old = journal_path.read_bytes()

    def add_flag(raw: dict) -> dict:
        raw["settings"] = {"1": {"migrated": True}}
        return raw

    monkeypatch.setattr(journal_module, "SCHEMA_VERSION", CURRENT + 1)
    monkeypatch.setattr(journal_module, "MIGRATIONS", {CURRENT: add_flag})
    journal = open_journal(journal_path, TickingClock())
    (backup,) = [b for b in list_backups(journal_path) if b.kind == "pre-migration"]
    assert backup.path.name.startswith(f"pre-migration-schema{CURRENT}-")
    assert backup.path.read_bytes() == old
    data = orjson.loads(journal_path.read_bytes())
    assert data["meta"]["1"]["schema_version"] == CURRENT + 1 and data["settings"] == {"1": {"migrated": True}}
    assert [e.note for e in journal.snapshot().estimates_for(1)] == ["old"]


def test_a_schema_with_no_migration_is_refused_untouched(journal_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    open_journal(journal_path, TickingClock())
    old = journal_path.read_bytes()
    monkeypatch.setattr(journal_module, "SCHEMA_VERSION", CURRENT + 1)
    with pytest.raises(JournalCorruptError, match=f"schema {CURRENT} cannot be upgraded"):
        open_journal(journal_path, TickingClock())
    assert journal_path.read_bytes() == old


def test_a_failed_pre_migration_backup_stops_the_migration(
    journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_journal(journal_path, TickingClock())
    old = journal_path.read_bytes()
    monkeypatch.setattr(journal_module, "SCHEMA_VERSION", CURRENT + 1)
    monkeypatch.setattr(journal_module, "MIGRATIONS", {CURRENT: lambda raw: raw})

    class NoBackups(FileOps):
        def create(self, directory: Path, prefix: str) -> tuple[int, str]:
            if directory == backup_dir(journal_path):
                raise OSError(errno.ENOSPC, "No space left on device")
            return super().create(directory, prefix)

    monkeypatch.setattr(atomic, "file_ops", NoBackups())
    with pytest.raises(JournalWriteError, match="could not back up before upgrading"):
        open_journal(journal_path, TickingClock())
    assert journal_path.read_bytes() == old


def _recover(journal_path: Path, *args: str) -> object:
    return CliRunner().invoke(cli, ["recover", *args], obj=Settings(journal_path, _day(5)))


def test_recover_lists_backups_with_dates_and_estimate_counts(journal_path: Path) -> None:
    for day in range(3):
        open_journal(journal_path, _day(day)).add_estimate(1, 0.5)
    (backup_dir(journal_path) / "daily-2026-11-01.json").write_bytes(b"{broken")
    result = _recover(journal_path)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "daily-2026-11-01.json" in lines[1] and "unreadable" in lines[1]
    for line, day, count in zip(lines[2:5], range(3), range(3), strict=True):
        assert (TODAY + timedelta(days=day)).date().isoformat() in line and f"{count} estimates" in line


def test_recover_from_a_backup_keeps_the_damaged_file_and_restores(journal_path: Path) -> None:
    open_journal(journal_path, _day(0)).add_estimate(1, 0.5, note="kept")
    open_journal(journal_path, _day(1))
    damaged = b'{"meta": {"1": {"schema_version'
    journal_path.write_bytes(damaged)
    result = _recover(journal_path, "--from", "daily-2026-11-30.json", "--yes")
    assert result.exit_code == 0, result.output
    (aside,) = journal_path.parent.glob("journal.json.damaged-*")
    assert aside.read_bytes() == damaged
    assert (backup_dir(journal_path) / "daily-2026-11-30.json").read_bytes() == journal_path.read_bytes()
    assert [e.note for e in open_journal(journal_path, _day(5)).snapshot().estimates_for(1)] == ["kept"]


def test_recover_refuses_a_corrupt_or_unknown_backup_and_changes_nothing(journal_path: Path) -> None:
    open_journal(journal_path, TickingClock())
    (backup_dir(journal_path) / "daily-2026-11-01.json").write_bytes(b"[]")
    before = journal_path.read_bytes()
    for name in ["daily-2026-11-01.json", "no-such-backup.json"]:
        result = _recover(journal_path, "--from", name)
        assert result.exit_code != 0 and isinstance(result.exception, SystemExit)
        assert len(result.stderr.splitlines()) == 1 and name in result.stderr
    assert journal_path.read_bytes() == before
    assert not list(journal_path.parent.glob("*.damaged-*"))


def test_restore_is_atomic_when_the_rename_fails(journal_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    open_journal(journal_path, TickingClock())
    (backup,) = list_backups(journal_path)
    journal_path.write_bytes(b"damaged")
    ops = FaultyOps(error=errno.EIO)
    monkeypatch.setattr(atomic, "file_ops", ops)
    restore_backup(Journal(journal_path, TickingClock()), backup.path)
    journal_path.write_bytes(b"damaged")
    failing = FaultyOps(ops.trace.index("replace") + 1, errno.EIO)
    monkeypatch.setattr(atomic, "file_ops", failing)
    with pytest.raises(JournalWriteError, match="could not restore"):
        restore_backup(Journal(journal_path, TickingClock()), backup.path)
    assert journal_path.read_bytes() == b"damaged"


def test_restore_waits_for_the_journal_lock(journal_path: Path) -> None:
    open_journal(journal_path, TickingClock())
    (backup,) = list_backups(journal_path)
    holder = subprocess.Popen(
        [sys.executable, "-c", f"from filelock import FileLock; l = FileLock({str(journal_path)!r} + '.lock');"
         "l.acquire(); print('held', flush=True); input()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        before = journal_path.read_bytes()
        with pytest.raises(JournalLockedError):
            restore_backup(Journal(journal_path, TickingClock(), lock_timeout=0.2), backup.path)
        assert journal_path.read_bytes() == before
    finally:
        holder.communicate("\n", timeout=30)
