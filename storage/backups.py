"""Backups of a journal: a daily rotating copy, a copy before each schema migration, and restoring one.

Backups live in `<journal>.backups/` next to the journal, e.g. `journal.json.backups/daily-2025-03-01.json`.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Protocol

from storage.atomic import fsync_directory, replace_atomically
from storage.errors import JournalError, JournalWriteError
from storage.schema import read_journal_file

KEEP_DAILY = 7
DAILY_PREFIX = "daily-"
MIGRATION_PREFIX = "pre-migration-schema"
SUFFIX = ".json"


class LockableJournal(Protocol):
    """What restoring needs of a journal (storage.journal.Journal is one): its file, its clock and its lock."""

    @property
    def path(self) -> Path:
        """The journal file."""

    @property
    def clock(self) -> Callable[[], datetime]:
        """The journal's clock."""

    def exclusive(self) -> contextlib.AbstractContextManager[None]:
        """Hold the journal's exclusive lock."""


@dataclass(frozen=True, slots=True)
class Backup:
    """One backup file: its path, its kind ('daily' or 'pre-migration') and when it was taken."""

    path: Path
    kind: str
    taken: datetime


@dataclass(frozen=True, slots=True)
class BackupSummary:
    """A backup with its estimate count, or the reason it cannot be read."""

    backup: Backup
    estimates: int | None
    problem: str | None


def backup_dir(journal_path: Path) -> Path:
    """The folder holding the backups of `journal_path`."""
    return journal_path.with_name(f"{journal_path.name}.backups")


def _write_backup(target: Path, raw: bytes) -> Path:
    target.parent.mkdir(exist_ok=True)
    replace_atomically(target, raw)
    return target


def daily_backup(journal_path: Path, raw: bytes, today: date) -> Path | None:
    """Copy `raw` (the journal as it is now) to today's backup unless it exists; keep 7 days of them.

    Rotation keeps today's copy and the newest KEEP_DAILY - 1 dated before today. Copies dated
    after today (written while the clock was set ahead) are neither counted nor deleted, so they
    can never push today's copy out; once their date has passed they rotate like the others.
    Returns the new backup, or None when today's copy was already made.
    """
    target = backup_dir(journal_path) / f"{DAILY_PREFIX}{today.isoformat()}{SUFFIX}"
    if target.exists():
        return None
    _write_backup(target, raw)
    earlier = [b for b in list_backups(journal_path) if b.kind == "daily" and b.taken.date() < today]
    for old in earlier[: max(0, len(earlier) - (KEEP_DAILY - 1))]:
        with contextlib.suppress(FileNotFoundError):
            old.path.unlink()
    return target


def backup_before_migration(journal_path: Path, raw: bytes, from_version: int, now: datetime) -> Path:
    """Copy `raw` aside before upgrading it from schema `from_version`; these copies are never rotated away."""
    stamp = now.strftime("%Y-%m-%dT%H%M%S")
    target = backup_dir(journal_path) / f"{MIGRATION_PREFIX}{from_version}-{stamp}{SUFFIX}"
    return _write_backup(target, raw)


def _parse_backup_name(path: Path) -> Backup | None:
    name = path.name
    if not name.endswith(SUFFIX):
        return None
    stem = name.removesuffix(SUFFIX)
    try:
        if stem.startswith(DAILY_PREFIX):
            return Backup(path, "daily", datetime.fromisoformat(stem.removeprefix(DAILY_PREFIX)))
        if stem.startswith(MIGRATION_PREFIX):
            _, _, stamp = stem.removeprefix(MIGRATION_PREFIX).partition("-")
            return Backup(path, "pre-migration", datetime.strptime(stamp, "%Y-%m-%dT%H%M%S"))
    except ValueError:
        return None
    return None


def list_backups(journal_path: Path) -> list[Backup]:
    """The backups of `journal_path`, oldest first."""
    folder = backup_dir(journal_path)
    if not folder.is_dir():
        return []
    found = (_parse_backup_name(path) for path in folder.iterdir() if path.is_file())
    return sorted((b for b in found if b is not None), key=lambda b: (b.taken, b.path.name))


def summarise(backup: Backup) -> BackupSummary:
    """Read a backup and count its estimates."""
    try:
        held = read_journal_file(backup.path)
    except JournalError as error:
        return BackupSummary(backup, None, str(error))
    return BackupSummary(backup, held.data.estimate_count, None)


def find_backup(journal_path: Path, name: str) -> Path:
    """The backup called `name` (as listed) or, failing that, the file at path `name`."""
    listed = backup_dir(journal_path) / name
    if "/" not in name and listed.is_file():
        return listed
    candidate = Path(name).expanduser()
    if candidate.is_file():
        return candidate
    raise JournalError(f"{name}: no such backup (run `forecast-journal recover` to list them)")


def _aside_path(journal_path: Path, now: datetime) -> Path:
    base = f"{journal_path.name}.damaged-{now.strftime('%Y%m%dT%H%M%S')}"
    candidate = journal_path.with_name(base)
    counter = 1
    while candidate.exists():
        counter += 1
        candidate = journal_path.with_name(f"{base}-{counter}")
    return candidate


def _keep_aside(journal_path: Path, aside: Path) -> None:
    # A hard link keeps the old bytes under a second name while the journal path never goes missing.
    try:
        os.link(journal_path, aside)
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.EXDEV, errno.ENOTSUP, errno.EMLINK):
            raise
        import shutil  # only a restore on a file system without hard links gets here

        shutil.copy2(journal_path, aside)
    fsync_directory(journal_path.parent)


def restore_backup(journal: LockableJournal, backup_path: Path) -> Path | None:
    """Replace the journal with a backup, atomically and under the journal lock.

    The current file, damaged or not, is first kept as `<journal>.damaged-<time>`; its path is returned
    (None when there was no journal file). The backup must itself be a readable journal.
    """
    raw = read_journal_file(backup_path).raw
    with journal.exclusive():
        aside = None
        try:
            if journal.path.exists():
                aside = _aside_path(journal.path, journal.clock())
                _keep_aside(journal.path, aside)
            replace_atomically(journal.path, raw)
        except OSError as error:
            raise JournalWriteError(f"{journal.path}: could not restore ({error.strerror or error})") from error
    return aside
