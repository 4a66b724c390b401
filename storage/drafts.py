"""Unsaved note drafts, kept beside the journal so that closing the terminal does not lose them.

The file `<journal>.drafts.json` maps a draft's key ("note/3": the note being written on prediction 3) to its
text, stored exactly as typed. The app writes a draft when it is closed with the note editor open (SIGTERM,
SIGHUP or quit) and removes it once the note is saved or deliberately discarded; the editor offers it back
the next time it opens on that prediction. A drafts file that cannot be read is never fatal: reading says
why, and the app carries on without it.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from storage.atomic import DirectorySyncError, file_ops, replace_atomically

MAX_DRAFTS_BYTES = 16 * 1024 * 1024
"""A larger drafts file is not read: drafts are a few notes, each at most 100,000 characters."""


@dataclass(frozen=True)
class DraftsRead:
    """The drafts in a drafts file, and why the file was not used (None when it was read cleanly or does not
    exist)."""

    drafts: dict[str, str] = field(default_factory=dict)
    problem: str | None = None


def drafts_path(journal_path: Path) -> Path:
    """Where the drafts of the journal at `journal_path` are kept: beside it."""
    return journal_path.with_name(f"{journal_path.name}.drafts.json")


def note_draft_key(prediction_id: int) -> str:
    """The key of the note being written on a prediction."""
    return f"note/{prediction_id}"


def read_drafts(path: Path) -> DraftsRead:
    """The drafts in `path`: none when it does not exist, none with the reason when it cannot be used (a FIFO
    or a directory is refused without blocking)."""
    try:
        if path.stat().st_size > MAX_DRAFTS_BYTES:
            return DraftsRead(problem=f"it is larger than {MAX_DRAFTS_BYTES // (1024 * 1024)} MB")
        payload = file_ops.read(path)
    except FileNotFoundError:
        return DraftsRead()
    except OSError as error:
        return DraftsRead(problem=error.strerror or str(error))
    try:
        document = json.loads(payload.decode("utf-8"))
    except UnicodeDecodeError:
        return DraftsRead(problem="it is not UTF-8 text")
    except ValueError as error:  # json.JSONDecodeError, and a number too long to convert
        return DraftsRead(problem=f"it is not valid JSON ({error})")
    except RecursionError:
        return DraftsRead(problem="it is not valid JSON (nested too deeply)")
    drafts = document.get("drafts") if isinstance(document, dict) else None
    if not isinstance(drafts, dict) or not all(isinstance(text, str) for text in drafts.values()):
        return DraftsRead(problem='it is not a drafts file (expected {"drafts": {key: text}})')
    return DraftsRead(drafts)


def keep_draft(path: Path, key: str, text: str) -> None:
    """Store `text` as the draft under `key`, replacing the file atomically; raises OSError.

    A drafts file that cannot be read is replaced: it is the app's own scratch file, and the draft being kept
    matters more than what could not be read.
    """
    drafts = read_drafts(path).drafts
    drafts[key] = text
    _write(path, drafts)


def drop_draft(path: Path, key: str) -> None:
    """Remove the draft under `key`, and the file once it holds none; raises OSError.

    A drafts file that cannot be read is left as it is.
    """
    found = read_drafts(path)
    if found.problem is not None or key not in found.drafts:
        return
    del found.drafts[key]
    if found.drafts:
        _write(path, found.drafts)
    else:
        os.unlink(path)


def _write(path: Path, drafts: dict[str, str]) -> None:
    # ensure_ascii: every character of a draft is stored exactly, and nothing in the file can act on a terminal.
    payload = json.dumps({"drafts": drafts}, ensure_ascii=True, indent=1).encode("ascii")
    # After a DirectorySyncError the drafts are in place; only the rename's durability is unknown.
    with contextlib.suppress(DirectorySyncError):
        replace_atomically(path, payload)
