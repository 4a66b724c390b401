"""The journal API: open a journal file, read snapshots, record estimates, notes and resolutions.

Every mutation holds an exclusive lock on `<journal>.lock`, re-reads the file if another
process changed it, validates, then saves atomically. When a method returns, the change is on disk.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from tinydb import TinyDB
from tinydb.table import Document, Table

from domain.export import render_markdown
from domain.model import Estimate, JournalData, Note, Outcome, Prediction, Resolution
from domain.records import (
    RecordError,
    estimate_to_record,
    journal_from_records,
    note_to_record,
    prediction_to_record,
    resolution_to_record,
)
from domain.scoring import score_journal
from domain.seeds import SeedSet, parse_seed
from domain.validation import InputError
from seeds import DEFAULT_SEED, read_seed
from storage.atomic import TEMP_PREFIX, AtomicJSONStorage, replace_atomically
from storage.errors import JournalCorruptError, JournalLockedError, JournalReadOnlyError, JournalWriteError

SCHEMA_VERSION = 1
PREDICTIONS, ESTIMATES, NOTES, RESOLUTIONS, META = "predictions", "estimates", "notes", "resolutions", "meta"

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """The current local time, timezone-aware."""
    return datetime.now().astimezone()


class Journal:
    """One journal file. Use `open_journal` to create or open it."""

    def __init__(self, path: Path, clock: Clock = system_clock, lock_timeout: float = 10.0) -> None:
        self.path = path
        self.clock = clock
        self.lock_timeout = lock_timeout
        self._storage = AtomicJSONStorage(path)
        self._db = TinyDB(storage=lambda: self._storage)
        self._file_lock = FileLock(f"{path}.lock", timeout=lock_timeout, thread_local=False)
        self._thread_lock = threading.RLock()
        self._snapshot: JournalData | None = None
        self._snapshot_generation = -1

    @property
    def lock_path(self) -> Path:
        """The sidecar lock file."""
        return Path(self._file_lock.lock_file)

    def today(self) -> date:
        """Today's date by the journal's clock."""
        return self.clock().date()

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        with self._thread_lock:
            try:
                self._file_lock.acquire()
            except Timeout:
                raise JournalLockedError(
                    f"{self.path}: another process has held the journal lock for over {self.lock_timeout:g}s"
                ) from None
            except OSError as error:
                raise JournalReadOnlyError(f"{self.path}: cannot take the lock ({error.strerror or error})") from None
            try:
                yield
            finally:
                self._file_lock.release()

    def _table(self, name: str) -> Table:
        # A fresh Table per operation: TinyDB tables cache query results and the next id,
        # both of which go stale when another process writes the file.
        return Table(self._db.storage, name, cache_size=0)

    def _raw(self) -> dict[str, dict[str, Any]]:
        return self._storage.read() or {}

    def snapshot(self) -> JournalData:
        """The journal as it is on disk now; re-parsed only when the file changed."""
        with self._thread_lock:
            raw = self._raw()
            if self._snapshot is None or self._storage.generation != self._snapshot_generation:
                self._snapshot = self._build(raw)
                self._snapshot_generation = self._storage.generation
            return self._snapshot

    def _build(self, raw: dict[str, dict[str, Any]]) -> JournalData:
        version = next(iter(raw.get(META, {}).values()), {}).get("schema_version")
        if version is None:
            raise JournalCorruptError(f"{self.path}: no schema version; this is not a forecast-journal file")
        if not isinstance(version, int) or version > SCHEMA_VERSION:
            raise JournalCorruptError(
                f"{self.path}: written by a newer forecast-journal (schema {version}; this one knows {SCHEMA_VERSION})"
            )
        try:
            return journal_from_records(
                raw.get(PREDICTIONS, {}).values(),
                raw.get(ESTIMATES, {}).values(),
                raw.get(NOTES, {}).values(),
                raw.get(RESOLUTIONS, {}).values(),
            )
        except (RecordError, AttributeError, TypeError) as error:
            raise JournalCorruptError(f"{self.path}: a record has the wrong shape ({error})") from None

    def _check_prediction(self, data: JournalData, prediction_id: int) -> None:
        if data.prediction(prediction_id) is None:
            ids = [p.id for p in data.predictions]
            known = f"{min(ids)}–{max(ids)}" if ids else "none"
            raise InputError(f"no prediction with id {prediction_id} (ids: {known})")

    def _check_date(self, on: date) -> None:
        if on > self.today():
            raise InputError(f"date {on.isoformat()} is in the future (today is {self.today().isoformat()})")

    def add_estimate(self, prediction_id: int, probability: float, on: date | None = None, note: str = "") -> Estimate:
        """Record a confidence estimate (probability 0–1) for the prediction as of `on` (default today)."""
        if not 0.0 <= probability <= 1.0:
            raise InputError(f"probability must be between 0 and 1, got {probability!r}")
        estimate = Estimate(prediction_id, probability, on or self.today(), self.clock(), note)
        with self._locked():
            self._check_prediction(self.snapshot(), prediction_id)
            self._check_date(estimate.date)
            self._table(ESTIMATES).insert(estimate_to_record(estimate))
        return estimate

    def add_note(self, prediction_id: int, text: str, on: date | None = None) -> Note:
        """Add a dated note to the prediction."""
        if not text.strip():
            raise InputError("note is empty")
        note = Note(prediction_id, on or self.today(), text, self.clock())
        with self._locked():
            self._check_prediction(self.snapshot(), prediction_id)
            self._check_date(note.date)
            self._table(NOTES).insert(note_to_record(note))
        return note

    def resolve(self, prediction_id: int, outcome: Outcome, on: date | None = None, note: str = "") -> Resolution:
        """Resolve an open prediction. A resolved one must be unresolved first, so no answer is overwritten."""
        resolution = Resolution(prediction_id, outcome, on or self.today(), note)
        with self._locked():
            data = self.snapshot()
            self._check_prediction(data, prediction_id)
            self._check_date(resolution.date)
            existing = data.resolution_for(prediction_id)
            if existing is not None:
                raise InputError(
                    f"prediction {prediction_id} is already resolved {existing.outcome.value} "
                    f"on {existing.date.isoformat()}; unresolve it first"
                )
            self._table(RESOLUTIONS).insert(Document(resolution_to_record(resolution), doc_id=prediction_id))
        return resolution

    def unresolve(self, prediction_id: int) -> Resolution:
        """Remove a prediction's resolution and return it."""
        with self._locked():
            data = self.snapshot()
            self._check_prediction(data, prediction_id)
            existing = data.resolution_for(prediction_id)
            if existing is None:
                raise InputError(f"prediction {prediction_id} is not resolved")
            self._table(RESOLUTIONS).remove(doc_ids=[prediction_id])
        return existing

    def add_predictions(self, make: Callable[[int], Iterable[Prediction]]) -> list[Prediction]:
        """Add predictions; `make(first_free_id)` builds them so ids stay unique under the lock."""
        with self._locked():
            data = self.snapshot()
            first_id = max((p.id for p in data.predictions), default=0) + 1
            predictions = list(make(first_id))
            self._table(PREDICTIONS).insert_multiple(
                Document(prediction_to_record(p), doc_id=p.id) for p in predictions
            )
        return predictions

    def add_seed_set(self, seed_set: SeedSet) -> list[Prediction]:
        """Add every prediction of a parsed seed set."""
        return self.add_predictions(seed_set.predictions)

    def export_markdown(self, target: Path) -> Path:
        """Write the journal as markdown to `target` atomically and return its absolute path."""
        data = self.snapshot()
        text = render_markdown(data, score_journal(data), self.clock())
        try:
            replace_atomically(target, text.encode("utf-8"))
        except OSError as error:
            raise JournalWriteError(f"{target}: could not write the export ({error.strerror or error})") from None
        return target.resolve()

    def _initialise(self) -> None:
        """Create a new journal with the schema version and the bundled seed set."""
        seed_set = parse_seed(read_seed(DEFAULT_SEED), DEFAULT_SEED)
        self._storage.write(
            {
                META: {"1": {"schema_version": SCHEMA_VERSION}},
                PREDICTIONS: {str(p.id): prediction_to_record(p) for p in seed_set.predictions()},
                ESTIMATES: {},
                NOTES: {},
                RESOLUTIONS: {},
            }
        )

    def _remove_stale_temp_files(self) -> None:
        for leftover in self.path.parent.glob(f"{TEMP_PREFIX}*"):
            with contextlib.suppress(OSError):
                leftover.unlink()

    def open(self) -> Journal:
        """Check the file can be written, clean up after any crash, create it if missing, and validate it."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise JournalReadOnlyError(f"{self.path}: cannot create its directory ({error.strerror})") from None
        _check_writable(self.path)
        with self._locked():
            self._remove_stale_temp_files()
            if not self.path.exists():
                self._initialise()
            self.snapshot()
        return self


def _check_writable(path: Path) -> None:
    """Fail at start, not at the first save, when the journal or its directory is read-only."""
    if path.exists() and not os.access(path, os.W_OK):
        raise JournalReadOnlyError(f"{path}: the journal file is read-only")
    try:
        fd, probe = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=path.parent)
    except OSError as error:
        raise JournalReadOnlyError(f"{path}: its directory cannot be written ({error.strerror})") from None
    os.close(fd)
    os.unlink(probe)


def open_journal(path: Path, clock: Clock = system_clock, lock_timeout: float = 10.0) -> Journal:
    """Open (creating and seeding if needed) the journal at `path`."""
    return Journal(path, clock, lock_timeout).open()
