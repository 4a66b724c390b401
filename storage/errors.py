"""Errors the storage layer reports; each message names the journal file."""

from __future__ import annotations


class JournalError(Exception):
    """A journal cannot be read or written; str(error) is a one-line message for the user."""


class JournalCorruptError(JournalError):
    """The journal file does not parse, or has the wrong shape. It is never overwritten."""


class JournalLockedError(JournalError):
    """Another process held the journal's lock for too long."""


class JournalReadOnlyError(JournalError):
    """The journal file or its directory cannot be written."""


class JournalWriteError(JournalError):
    """A save failed (disk full, I/O error, permission); the journal on disk is unchanged."""


class ExportRefusedError(JournalError):
    """An export target that must not be written: the journal, its lock or backups, or not a regular file."""


class ExportTargetExistsError(ExportRefusedError):
    """The export target is an existing file, and overwriting it was not asked for."""
