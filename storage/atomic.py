"""A crash-safe TinyDB storage: serialise, write a temp file, fsync, rename over, fsync the directory."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from storage.errors import JournalCorruptError, JournalError, JournalWriteError
from storage.layout import Table, Tables, split
from storage.lock import FileLock
from storage.paths import special_kind

TEMP_PREFIX = ".fj-tmp-"
STALE_SIDECAR_TEMP_SECONDS = 600
"""A temp file of the drafts file this old is what a crash left, not a write in flight (well under a second)."""


class FileOps:
    """Every filesystem call a save makes, in one object so that tests can inject faults.

    The storage looks up the module-level `file_ops` at each call; tests replace it.
    """

    def lock(self, lock: FileLock) -> None:
        """Take the journal's exclusive lock."""
        lock.acquire()

    def read(self, path: Path) -> bytes:
        """The whole content of `path`, which must be a regular file."""
        # O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        with open(fd, "rb") as handle:
            kind = special_kind(os.fstat(fd).st_mode)
            if kind is not None:
                raise OSError(errno.EINVAL, f"it is {kind}, not a regular file")
            return handle.read()

    def create(self, directory: Path, prefix: str) -> tuple[int, str]:
        """Create a new temp file in `directory`; returns its descriptor and name."""
        import tempfile  # imported on the first write: read-only commands start ~3 ms sooner without it

        return tempfile.mkstemp(prefix=prefix, dir=directory)

    def write(self, fd: int, data: memoryview) -> int:
        """Write some of `data`; returns how many bytes were written."""
        return os.write(fd, data)

    def fsync(self, fd: int) -> None:
        """Flush a file's data to disk."""
        os.fsync(fd)

    def replace(self, source: str, target: Path) -> None:
        """Rename `source` over `target` atomically."""
        os.replace(source, target)

    def open_directory(self, directory: Path) -> int:
        """Open a directory so that it can be fsynced."""
        return os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))

    def fsync_directory(self, fd: int) -> None:
        """Flush a directory's entries (a rename) to disk."""
        os.fsync(fd)


file_ops = FileOps()


class DirectorySyncError(OSError):
    """The file was replaced, but the rename could not be made durable: the new state is visible."""


def temp_prefix(path: Path) -> str:
    """The prefix of temp files written while replacing `path`; unique per target file."""
    return f".{path.name}{TEMP_PREFIX}"


def remove_stale_temp_files(path: Path, backups: Path) -> None:
    """Delete what a crashed save left: temp files of the journal at `path` and of its `backups` folder, and
    those older than STALE_SIDECAR_TEMP_SECONDS of the files beside it named after it (`<journal>.*`, such
    as its drafts file, storage.drafts).

    Only this journal's: other journals' temp files in the directory may belong to a live save. The files
    beside it are written without the journal's lock, so a recent temp file may be a write in flight.
    """
    leftovers = list(path.parent.glob(f"{temp_prefix(path)}*"))
    if backups.is_dir():
        leftovers.extend(backups.glob(f".*{TEMP_PREFIX}*"))
    stale = time.time() - STALE_SIDECAR_TEMP_SECONDS
    for sidecar_temp in path.parent.glob(f".{path.name}.*{TEMP_PREFIX}*"):
        with contextlib.suppress(OSError):
            if sidecar_temp.lstat().st_mtime < stale:
                leftovers.append(sidecar_temp)
    for leftover in leftovers:
        with contextlib.suppress(OSError):
            leftover.unlink()


def fsync_directory(directory: Path) -> None:
    """Make a rename in `directory` durable."""
    ops = file_ops
    fd = ops.open_directory(directory)
    try:
        ops.fsync_directory(fd)
    finally:
        os.close(fd)


def _write_all(fd: int, payload: bytes) -> None:
    view = memoryview(payload)
    while view:
        written = file_ops.write(fd, view)
        if written <= 0:
            raise OSError(f"write returned {written}")
        view = view[written:]


def _read_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# Read once at import, on the main thread: os.umask is process-wide and racy to probe later.
UMASK = _read_umask()


def _stamp(status: os.stat_result) -> FileStamp:
    return (status.st_size, status.st_mtime_ns, status.st_ino, status.st_dev)


def _keep_mode(fd: int, path: Path) -> None:
    # mkstemp creates 0600: a replaced file keeps the mode the user gave it, and a new one
    # gets the mode any program would give it (0666 less the umask).
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~UMASK
    os.fchmod(fd, mode)


def replace_atomically(path: Path, payload: bytes) -> None:
    """Write `payload` to a temp file beside `path`, fsync it, rename it over `path`, fsync the directory.

    Raises OSError with `path` unchanged and no temp file left, or DirectorySyncError once `path` holds `payload`.
    """
    fd, temp_name = file_ops.create(path.parent, temp_prefix(path))
    try:
        try:
            _keep_mode(fd, path)
            _write_all(fd, payload)
            file_ops.fsync(fd)
        finally:
            os.close(fd)
        file_ops.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    try:
        fsync_directory(path.parent)
    except OSError as error:
        raise DirectorySyncError(error.errno, error.strerror) from error


def _numbered_records(table: dict[str, Any]) -> bool:
    """Whether every key of `table` is a record number and every value a record (a dict)."""
    # Joined, the keys are all ASCII digits exactly when each is, unless one is empty.
    keys = "".join(table)
    return (not table or (keys.isascii() and keys.isdigit() and "" not in table)) and set(
        map(type, table.values())
    ) <= {dict}


# A file whose mtime is within this many nanoseconds of the moment it was read is read again at the
# next poll: a write in the same timestamp tick could leave (size, mtime, inode) unchanged. Two
# seconds cover the coarsest timestamps in use (FAT's).
RACY_NS = 2_000_000_000

FileStamp = tuple[int, int, int, int]


def seal(payload: bytes) -> bytes:
    """What the lock file holds after a save: the size and SHA-256 of the bytes written."""
    import hashlib  # only saves and reads under the lock need it: a few ms of start-up for the rest

    return b"sha256 %d %s\n" % (len(payload), hashlib.sha256(payload).hexdigest().encode())


class AtomicJSONStorage(Storage):
    """TinyDB storage that never leaves a half-written journal behind.

    Reads are cached and only re-parse the file when its bytes changed, so another process's
    writes are always seen. Before a read-modify-write (`load`, which callers call under the
    journal lock) the bytes are compared, never (size, mtime, inode): a reused inode with the same
    size within one timestamp tick would hide another process's write and lose it at our save.

    Only `poll`, for display outside the lock, trusts (size, mtime_ns, inode, device), and only when
    the file's mtime was over RACY_NS old when it was last read, so a later write cannot share its
    timestamp tick (git's "racily clean" rule). A write it could still miss (a clock set back, a
    mtime set by hand) is shown at the file's next change or our next write, which compares bytes
    under the lock; nothing is lost either way, because nothing is written from what `poll` returns.
    """

    def __init__(self, path: str | os.PathLike[str], lock: FileLock | None = None) -> None:
        self.path = Path(path)
        self.lock = lock
        self._cache: Tables | None = None
        self._raw: bytes | None = None
        self._stamp: FileStamp | None = None
        self.generation = 0
        self.sealed = False

    def read(self) -> dict[str, dict[str, Any]] | None:
        """TinyDB's read: the whole database as dicts of its own, which TinyDB may change."""
        tables = self.load()
        return None if tables is None else {name: dict(table) for name, table in tables.items()}

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """TinyDB's write: `save`."""
        self.save(data)

    def load(self) -> Tables | None:
        """The whole database, read again at each call and parsed once per change of the file's bytes."""
        try:
            before = os.stat(self.path)
            raw = file_ops.read(self.path)
        except FileNotFoundError:
            self._forget()
            return None
        except OSError as error:
            self._forget()
            raise JournalError(f"{self.path}: could not read the journal ({error.strerror or error})") from None
        # Stat before reading: a write in between makes the stamp stale, so the next poll reads again.
        self._stamp = _stamp(before) if time.time_ns() - before.st_mtime_ns > RACY_NS else None
        if self._cache is not None and raw == self._raw:
            return self._cache
        self._cache = self._parse(raw)
        self._raw = raw
        self.generation += 1
        return self._cache

    def poll(self) -> Tables | None:
        """The database for display outside the lock: read only when the file's stat changed (see the class)."""
        try:
            current = _stamp(os.stat(self.path))
        except OSError:
            current = None
        if self._cache is not None and current is not None and current == self._stamp:
            return self._cache
        return self.load()

    def cached(self) -> Tables | None:
        """The data as last read or written, without looking at the file (reads it if nothing is cached)."""
        return self._cache if self._cache is not None else self.load()

    def read_bytes(self) -> bytes | None:
        """The file's bytes as last read or written (None before the first read)."""
        return self._raw

    def _is_sealed(self, raw: bytes) -> bool:
        """Whether `raw` is exactly what this program last saved: the lock file holds its seal.

        Only while the lock is held, so that no other process can change the file or the seal.
        """
        if self.lock is None or not self.lock.is_locked:
            return False
        note = self.lock.read_note()
        return note.startswith(b"sha256 %d " % len(raw)) and note == seal(raw)

    def _parse(self, raw: bytes) -> Tables:
        """The tables of `raw`. Bytes this program saved (sealed) are split into their tables
        unparsed; anything else is parsed whole and its structure checked."""
        if not raw:
            raise JournalCorruptError(f"{self.path}: the journal file is empty")
        self.sealed = self._is_sealed(raw)
        bodies = split(raw) if self.sealed else None
        if bodies is not None:
            return Tables({}, bodies)
        self.sealed = False
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as error:
            reason = "it is not valid UTF-8" if "utf-8" in str(error).lower() else f"it is not valid JSON ({error})"
            raise JournalCorruptError(f"{self.path}: {reason}") from None
        if type(data) is not dict or not all(
            type(table) is dict and _numbered_records(table) for table in data.values()
        ):
            raise JournalCorruptError(
                f"{self.path}: the JSON is not a TinyDB journal (expected tables of numbered records)"
            )
        return Tables(data)

    def save(self, data: Mapping[str, Table]) -> None:
        """Atomically replace the journal with `data`, laid out as storage.layout says; on error the old
        file stays and the cache is dropped.

        Under the lock the lock file then holds the new file's seal, so the next read under the lock,
        in any process, knows the file for one this program wrote and checked.
        """
        tables = data if isinstance(data, Tables) else Tables(data)
        try:
            payload = tables.serialise()
            self._replace(payload)
        except DirectorySyncError as error:
            self._forget()
            raise JournalWriteError(
                f"{self.path}: the change was written but could not be flushed to disk ({error.strerror}); "
                "check the disk before relying on it"
            ) from error
        except OSError as error:
            self._forget()
            raise JournalWriteError(f"{self.path}: could not save ({error.strerror or error})") from error
        except orjson.JSONEncodeError as error:
            self._forget()
            raise JournalWriteError(f"{self.path}: could not save ({error})") from error
        except BaseException:
            self._forget()
            raise
        self._cache = tables
        self._raw = payload
        self._stamp = None  # the new file's mtime is recent: the next poll reads it
        self.generation += 1
        self.sealed = True
        if self.lock is not None and self.lock.is_locked:
            # A seal not written only costs the next command a full check of the file.
            with contextlib.suppress(OSError):
                self.lock.write_note(seal(payload))

    def _replace(self, payload: bytes) -> None:
        replace_atomically(self.path, payload)

    def _forget(self) -> None:
        self._cache = None
        self._raw = None
        self._stamp = None
        self.sealed = False

    def close(self) -> None:
        """Nothing is held open between operations."""
