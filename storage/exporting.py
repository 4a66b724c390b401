"""Writing a journal out in a file format: the target checked (storage.export_target), the file replaced atomically."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from domain.model import JournalData
from storage.atomic import replace_atomically
from storage.errors import JournalWriteError
from storage.export_target import check_export_target
from storage.journal import Journal


def export_file(journal: Journal, target: Path, render: Callable[[JournalData], str], overwrite: bool = False) -> Path:
    """Write `render(snapshot)` to `target` atomically and return the absolute path of the file written.

    The target is checked first: the journal, its lock, drafts and backups, and anything that is not a
    regular file are refused, and an existing file needs `overwrite`.
    """
    real = check_export_target(journal.path, journal.lock_path, target, overwrite)
    text = render(journal.snapshot())
    try:
        replace_atomically(real, text.encode("utf-8"))
    except OSError as error:
        raise JournalWriteError(f"{target}: could not write the export ({error.strerror or error})") from None
    return real


def export_markdown(journal: Journal, target: Path, overwrite: bool = False) -> Path:
    """Write the journal as markdown to `target` (checked as `export_file` does); returns the file written."""
    from domain.formats import FORMATS

    markdown = FORMATS["markdown"]
    return export_file(journal, target, lambda data: markdown.render(data, journal.clock()), overwrite)
