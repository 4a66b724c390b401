"""Copies of the journal a file syncer left beside it when two machines changed it at once.

Syncthing never merges: it keeps one version and renames the other `journal.sync-conflict-<date>-<time>-<device>.json`.
Dropbox (and Nextcloud) name theirs `journal (<who>'s conflicted copy <date>).json`. Nothing in such a copy is in
the journal until `forecast-journal merge COPY` merges it in by record ids; the CLI and the app say so on opening.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

MERGE_HINT = "merge it with 'forecast-journal merge FILE', then delete it"


def _pattern(journal_path: Path) -> re.Pattern[str]:
    stem, suffix = re.escape(journal_path.stem), re.escape(journal_path.suffix)
    syncthing = rf"{stem}\.sync-conflict-[^/]+{suffix}"
    dropbox = rf"{stem} \([^/]*conflicted copy[^/]*\){suffix}"
    return re.compile(rf"(?:{syncthing}|{dropbox})\Z")


def conflict_copies(journal_path: Path) -> list[Path]:
    """The file syncers' conflict copies of the journal in its folder, by name; none when it cannot be listed."""
    pattern = _pattern(journal_path)
    try:
        with os.scandir(journal_path.parent) as entries:
            return sorted(Path(entry.path) for entry in entries if pattern.match(entry.name) and entry.is_file())
    except OSError:
        return []


def conflict_copy_notice(copy: Path) -> str:
    """One line for the user about a conflict copy (shown through domain.safe_text)."""
    return f"a file syncer left a conflicting copy of the journal: {copy}; {MERGE_HINT}"
