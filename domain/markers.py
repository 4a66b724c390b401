"""The markers shown beside an estimate or note: what makes it count differently from how it looks."""

from __future__ import annotations

from datetime import date

from domain.model import Estimate, Note
from domain.scoring import is_after_close, is_backdated

RETRACTED, AFTER_CLOSE, BACKDATED = "retracted", "after close", "backdated"
EDITED, REMOVED = "edited", "removed"


def estimate_markers(estimate: Estimate, close: date) -> list[str]:
    """Retracted, after close (of the window closing on `close`) and backdated, as they apply."""
    markers = [RETRACTED] if estimate.retracted is not None else []
    if is_after_close(estimate, close):
        markers.append(AFTER_CLOSE)
    if is_backdated(estimate):
        markers.append(BACKDATED)
    return markers


def note_markers(note: Note) -> list[str]:
    """Edited and removed, as they apply."""
    return [marker for marker, applies in ((EDITED, note.edited), (REMOVED, note.removed is not None)) if applies]
