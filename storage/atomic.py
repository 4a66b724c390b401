"""A crash-safe TinyDB storage: serialise, write a temp file, fsync, rename over, fsync the directory."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from storage.errors import JournalCorruptError, JournalWriteError

TEMP_PREFIX = ".fj-tmp-"

FileIdentity = tuple[int, int, int, int]


def _identity(stat: os.stat_result) -> FileIdentity:
    return (stat.st_dev, stat.st_ino, stat.st_mtime_ns, stat.st_size)


def fsync_directory(directory: Path) -> None:
    """Make a rename in `directory` durable."""
    fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace_atomically(path: Path, payload: bytes) -> None:
    """Write `payload` to a temp file beside `path`, fsync it, rename it over `path`, fsync the directory."""
    fd, temp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    fsync_directory(path.parent)


class AtomicJSONStorage(Storage):
    """TinyDB storage that never leaves a half-written journal behind.

    Reads are cached and only re-parse the file when its identity (inode, mtime, size)
    changed, so another process's writes are always seen. Callers must hold the journal
    lock around each read-modify-write.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._cache: dict[str, dict[str, Any]] | None = None
        self._identity: FileIdentity | None = None
        self.generation = 0

    def read(self) -> dict[str, dict[str, Any]] | None:
        """The whole database, parsed once per change of the file on disk."""
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except FileNotFoundError:
            self._forget()
            return None
        with os.fdopen(fd, "rb") as handle:
            identity = _identity(os.fstat(handle.fileno()))
            if identity == self._identity and self._cache is not None:
                return self._cache
            raw = handle.read()
        self._cache = self._parse(raw)
        self._identity = identity
        self.generation += 1
        return self._cache

    def _parse(self, raw: bytes) -> dict[str, dict[str, Any]] | None:
        if not raw:
            raise JournalCorruptError(f"{self.path}: the journal file is empty")
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as error:
            reason = "it is not valid UTF-8" if "utf-8" in str(error).lower() else f"it is not valid JSON ({error})"
            raise JournalCorruptError(f"{self.path}: {reason}") from None
        if not isinstance(data, dict) or not all(isinstance(table, dict) for table in data.values()):
            raise JournalCorruptError(f"{self.path}: the JSON is not a TinyDB journal (expected tables of records)")
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """Atomically replace the journal with `data`; on error the old file stays and the cache is dropped."""
        try:
            payload = orjson.dumps(data)
            self._replace(payload)
        except OSError as error:
            self._forget()
            raise JournalWriteError(f"{self.path}: could not save ({error.strerror or error})") from error
        except BaseException:
            self._forget()
            raise
        self._cache = data
        self._identity = _identity(os.stat(self.path))
        self.generation += 1

    def _replace(self, payload: bytes) -> None:
        replace_atomically(self.path, payload)

    def _forget(self) -> None:
        self._cache = None
        self._identity = None

    def close(self) -> None:
        """Nothing is held open between operations."""
