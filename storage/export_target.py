"""Where an export may be written: never over the journal, its lock, its drafts or its backups, nor over anything
but a file."""

from __future__ import annotations

import os
from pathlib import Path

from storage.backups import backup_dir
from storage.drafts import drafts_path
from storage.errors import ExportRefusedError, ExportTargetExistsError
from storage.paths import special_kind


def _same_file(found: os.stat_result, other: Path) -> bool:
    try:
        return os.path.samestat(found, os.stat(other))
    except OSError:
        return False


def check_export_target(journal_path: Path, lock_path: Path, target: Path, overwrite: bool) -> Path:
    """The file an export to `target` writes, once nothing there could be destroyed by it.

    Refused with ExportRefusedError: the journal itself, its lock file and its drafts file
    (`journal_path`, `lock_path` and storage.drafts.drafts_path, by real path and by device and
    inode, so a symlink or a second hard link to them is caught), anything in the journal's backups
    folder, and anything existing that is not a regular file (a directory, FIFO, socket or device).
    Anything else that exists, a dangling symlink included, raises ExportTargetExistsError unless
    `overwrite`.

    A symlink is written through: the path returned is the file it points to, and replacing
    that file keeps the link a link. Replacing the link itself would silently cut it off from
    the file the user pointed it at, which is how a symlinked journal once diverged.
    """
    real = Path(os.path.realpath(target))
    try:
        found: os.stat_result | None = os.stat(real)
    except FileNotFoundError:
        found = None
    except OSError as error:
        raise ExportRefusedError(f"{target}: cannot check the export target ({error.strerror or error})") from None
    protected_files = (
        (journal_path, "the journal itself"),
        (lock_path, "the journal's lock file"),
        (drafts_path(journal_path), "the journal's drafts file"),
    )
    for protected, what in protected_files:
        if real == protected or (found is not None and _same_file(found, protected)):
            raise ExportRefusedError(f"{target} is {what}; export to another file")
    if real.is_relative_to(os.path.realpath(backup_dir(journal_path))):
        raise ExportRefusedError(f"{target} is in the journal's backups folder; export to another file")
    if found is not None:
        kind = special_kind(found.st_mode)
        if kind is not None:
            raise ExportRefusedError(f"{target} is {kind}, not a regular file; export to a file")
    if not overwrite and (found is not None or os.path.lexists(target)):
        raise ExportTargetExistsError(f"{target} already exists")
    return real
