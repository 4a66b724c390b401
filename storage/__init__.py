"""TinyDB persistence for forecast-journal. Never imports Textual; a test enforces it."""

from storage.errors import JournalCorruptError, JournalError, JournalLockedError, JournalReadOnlyError
from storage.journal import Journal, open_journal

__all__ = [
    "Journal",
    "JournalCorruptError",
    "JournalError",
    "JournalLockedError",
    "JournalReadOnlyError",
    "open_journal",
]
