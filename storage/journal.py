"""The journal API: open a journal file, read snapshots, record estimates, notes and resolutions.

Every mutation holds an exclusive lock on `<journal>.lock`, re-reads the file if another
process changed it, validates, then saves atomically. When a method returns, the change is on disk.

The file is a TinyDB database (tables of numbered documents, read and written through
`AtomicJSONStorage`, a TinyDB Storage). Mutations replace whole tables in the raw data rather
than going through `tinydb.Table`, whose insert copies every document of the table twice:
at 100,000 estimates that alone cost more than the rest of a save (docs/PERFORMANCE.md).
"""

from __future__ import annotations

import contextlib
import errno
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from domain.model import OWN_SET, Estimate, JournalData, Note, Outcome, Prediction, Resolution
from domain.records import (
    ESTIMATES,
    NOTES,
    PREDICTIONS,
    RESOLUTIONS,
    RecordError,
    estimate_to_record,
    journal_from_tables,
    note_to_record,
    prediction_to_record,
    resolution_to_record,
)
from domain.validation import MAX_TITLE_CHARS, InputError, check_text, parse_title, require_text
from storage import atomic
from storage.atomic import AtomicJSONStorage, replace_atomically, temp_prefix
from storage.backups import backup_before_migration, backup_dir, daily_backup
from storage.errors import JournalCorruptError, JournalLockedError, JournalReadOnlyError, JournalWriteError
from storage.export_target import check_export_target
from storage.lock import FileLock, LockTimeout
from storage.paths import refuse_special

if TYPE_CHECKING:
    from domain.importing import ImportedPrediction, MergeReport, Progress

# Scoring, export, import and seed parsing are imported where they are used: most commands
# need none of them, and every module imported costs start-up time (docs/PERFORMANCE.md).

SCHEMA_VERSION = 1
META = "meta"

Clock = Callable[[], datetime]
LockWaitHook = Callable[[Path], None]
RawJournal = dict[str, dict[str, Any]]

# MIGRATIONS[v] upgrades the raw tables of schema v to schema v + 1. The journal is backed up first.
MIGRATIONS: dict[int, Callable[[RawJournal], RawJournal]] = {}


def system_clock() -> datetime:
    """The current local time, timezone-aware."""
    return datetime.now().astimezone()


class Journal:
    """One journal file. Use `open_journal` to create or open it.

    `on_lock_wait(path)` is called (from the thread that waits) when taking the lock has waited a
    second for another process; the CLI and the app set it to say so.
    """

    def __init__(
        self,
        path: Path,
        clock: Clock = system_clock,
        lock_timeout: float = 10.0,
        on_lock_wait: LockWaitHook | None = None,
    ) -> None:
        # Resolved once: saves replace the real file, so a symlinked journal stays a link, and
        # every path to the file shares the one lock and backups folder beside it.
        self.path = Path(os.path.realpath(path))
        self.clock = clock
        self.lock_timeout = lock_timeout
        self.on_lock_wait = on_lock_wait
        self._storage = AtomicJSONStorage(self.path)
        self._file_lock = FileLock(self.path.with_name(f"{self.path.name}.lock"), lock_timeout, self._lock_waiting)
        self._thread_lock = threading.RLock()
        self._fresh_while_locked = False
        self._snapshot: JournalData | None = None
        self._snapshot_generation = -1
        self.backup_error: str | None = None

    @property
    def lock_path(self) -> Path:
        """The sidecar lock file."""
        return self._file_lock.path

    def today(self) -> date:
        """Today's date by the journal's clock."""
        return self.clock().date()

    def _lock_waiting(self) -> None:
        if self.on_lock_wait is not None:
            self.on_lock_wait(self.path)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        with self._thread_lock:
            try:
                atomic.file_ops.lock(self._file_lock)
            except LockTimeout:
                raise JournalLockedError(
                    f"{self.path}: another process has held the journal lock for over {self.lock_timeout:g}s"
                ) from None
            except OSError as error:
                kind = JournalReadOnlyError if error.errno in _READ_ONLY_ERRNOS else JournalWriteError
                raise kind(f"{self.path}: cannot take the lock ({error.strerror or error})") from None
            outer = self._fresh_while_locked
            self._fresh_while_locked = False
            try:
                yield
            finally:
                self._fresh_while_locked = outer
                self._file_lock.release()

    def _save(self, changes: RawJournal, carry_forward: Callable[[JournalData], JournalData] | None) -> None:
        """Save the raw tables with `changes` replacing whole tables; call only under the lock.

        The snapshot is carried forward with `carry_forward` rather than re-parsed from the file,
        which is what keeps a save fast in a large journal.
        """
        current = self._snapshot if self._snapshot_generation == self._storage.generation else None
        self._storage.write(self._raw() | changes)
        if current is not None and carry_forward is not None:
            self._snapshot = carry_forward(current)
            self._snapshot_generation = self._storage.generation

    def _raw(self) -> dict[str, dict[str, Any]]:
        # Under the lock nobody else can change the file, so one read per locked section is enough.
        if self._fresh_while_locked:
            return self._storage.cached() or {}
        raw = self._storage.read() or {}
        self._fresh_while_locked = self._file_lock.is_locked
        return raw

    def snapshot(self) -> JournalData:
        """The journal as it is on disk now; re-parsed only when the file changed."""
        with self._thread_lock:
            raw = self._raw()
            if self._snapshot is None or self._storage.generation != self._snapshot_generation:
                self._snapshot = self._build(raw)
                self._snapshot_generation = self._storage.generation
            return self._snapshot

    def _schema_version(self, raw: RawJournal) -> int:
        meta: dict[str, Any] = next(iter(raw.get(META, {}).values()), {})
        version = meta.get("schema_version")
        if version is None:
            raise JournalCorruptError(f"{self.path}: no schema version; this is not a forecast-journal file")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise JournalCorruptError(f"{self.path}: the schema version {version!r} is not valid")
        if version > SCHEMA_VERSION:
            raise JournalCorruptError(
                f"{self.path}: written by a newer forecast-journal (schema {version}; this one knows {SCHEMA_VERSION})"
            )
        return version

    def _build(self, raw: RawJournal) -> JournalData:
        version = self._schema_version(raw)
        if version < SCHEMA_VERSION:
            raise JournalCorruptError(f"{self.path}: schema {version} must be upgraded; open the journal again")
        try:
            return journal_from_tables(raw)
        except RecordError as error:
            raise JournalCorruptError(f"{self.path}: {error}") from None

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
        check_text(note, "note")
        estimate = Estimate(prediction_id, probability + 0.0, on or self.today(), self.clock(), note)  # -0.0 is 0
        with self._locked():
            self._check_prediction(self.snapshot(), prediction_id)
            self._check_date(estimate.date)
            changes = {ESTIMATES: _appended(self._raw().get(ESTIMATES, {}), [estimate_to_record(estimate)])}
            self._save(changes, lambda data: data.with_estimate(estimate))
        return estimate

    def add_note(self, prediction_id: int, text: str, on: date | None = None) -> Note:
        """Add a dated note to the prediction."""
        require_text(text, "note")
        note = Note(prediction_id, on or self.today(), text, self.clock())
        with self._locked():
            self._check_prediction(self.snapshot(), prediction_id)
            self._check_date(note.date)
            changes = {NOTES: _appended(self._raw().get(NOTES, {}), [note_to_record(note)])}
            self._save(changes, lambda data: data.with_note(note))
        return note

    def resolve(self, prediction_id: int, outcome: Outcome, on: date | None = None, note: str = "") -> Resolution:
        """Resolve an open prediction. A resolved one must be unresolved first, so no answer is overwritten."""
        check_text(note, "note")
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
            resolutions = self._raw().get(RESOLUTIONS, {}) | {str(prediction_id): resolution_to_record(resolution)}
            self._save({RESOLUTIONS: resolutions}, lambda data: data.with_resolution(resolution))
        return resolution

    def unresolve(self, prediction_id: int) -> Resolution:
        """Remove a prediction's resolution and return it."""
        with self._locked():
            data = self.snapshot()
            self._check_prediction(data, prediction_id)
            existing = data.resolution_for(prediction_id)
            if existing is None:
                raise InputError(f"prediction {prediction_id} is not resolved")
            resolutions = {k: v for k, v in self._raw().get(RESOLUTIONS, {}).items() if k != str(prediction_id)}
            self._save({RESOLUTIONS: resolutions}, lambda data: data.without_resolution(prediction_id))
        return existing

    def add_predictions(self, make: Callable[[int], Iterable[Prediction]]) -> list[Prediction]:
        """Add predictions; `make(first_free_id)` builds them so ids stay unique under the lock."""
        with self._locked():
            data = self.snapshot()
            first_id = max((p.id for p in data.predictions), default=0) + 1
            predictions = list(make(first_id))
            added = {str(p.id): prediction_to_record(p) for p in predictions}
            self._save({PREDICTIONS: self._raw().get(PREDICTIONS, {}) | added}, lambda data: data.with_predictions(predictions))
        return predictions

    def markdown(self, data: JournalData) -> str:
        """`data` as the markdown export, with scores, stamped with the journal's clock."""
        from domain.export import render_markdown
        from domain.scoring import score_journal

        return render_markdown(data, score_journal(data), self.clock())

    def export_markdown(self, target: Path, overwrite: bool = False) -> Path:
        """Write the journal as markdown to `target` (checked as `export` does); returns the file written."""
        return self.export(target, self.markdown, overwrite)

    def _initialise(self) -> None:
        """Create a new journal with the schema version and the bundled seed set."""
        from domain.seeds import parse_seed
        from seeds import DEFAULT_SEED, read_seed

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
        # Only this journal's temp files: others in the directory may belong to a live writer.
        leftovers = list(self.path.parent.glob(f"{temp_prefix(self.path)}*"))
        folder = backup_dir(self.path)
        if folder.is_dir():
            leftovers.extend(folder.glob(".*.fj-tmp-*"))
        for leftover in leftovers:
            with contextlib.suppress(OSError):
                leftover.unlink()

    def _migrate(self, raw: RawJournal, version: int) -> None:
        current = self._storage.read_bytes()
        assert current is not None
        try:
            backup_before_migration(self.path, current, version, self.clock())
        except OSError as error:
            raise JournalWriteError(
                f"{self.path}: could not back up before upgrading schema {version} ({error.strerror or error})"
            ) from None
        self._storage.write(_upgraded(self.path, raw, version))

    def _daily_backup(self) -> None:
        raw = self._storage.read_bytes()
        if raw is None:
            return
        try:
            daily_backup(self.path, raw, self.today())
        except OSError as error:
            # A missed backup must not stop the user from recording; the next open tries again.
            self.backup_error = f"{backup_dir(self.path)}: could not make today's backup ({error.strerror or error})"

    def open(self) -> Journal:
        """Check the file can be written, clean up after any crash, create it if missing, and validate it.

        A path that exists and is not a regular file (a directory, a FIFO, a device) is refused before
        anything reads it: reading a FIFO would wait forever.
        """
        refuse_special(self.path, "the journal")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise JournalReadOnlyError(f"{self.path}: cannot create its directory ({error.strerror})") from None
        _check_writable(self.path)
        with self._locked():
            self._remove_stale_temp_files()
            if not self.path.exists():
                self._initialise()
            version = self._schema_version(self._raw())
            if version < SCHEMA_VERSION:
                self._migrate(self._raw(), version)
            self.snapshot()
            self._daily_backup()
        return self

    def exclusive(self) -> contextlib.AbstractContextManager[None]:
        """Hold the journal's exclusive lock, for maintenance such as restoring a backup."""
        return self._locked()

    def merge(
        self, batch: Sequence[ImportedPrediction], dry_run: bool = False, progress: Progress | None = None
    ) -> MergeReport:
        """Merge imported predictions and records (rule: domain.importing) in one locked, atomic save.

        A dry run, or a batch that adds nothing, writes nothing.
        """
        for item in batch:
            _check_batch_text(item)
        with self._locked():
            from domain.importing import plan_merge

            report = plan_merge(self.snapshot(), batch, progress)
            if report.changed and not dry_run:
                raw = self._raw()
                changes = {
                    PREDICTIONS: raw.get(PREDICTIONS, {})
                    | {str(p.id): prediction_to_record(p) for p in report.predictions},
                    ESTIMATES: _appended(raw.get(ESTIMATES, {}), map(estimate_to_record, report.estimates)),
                    NOTES: _appended(raw.get(NOTES, {}), map(note_to_record, report.notes)),
                    RESOLUTIONS: raw.get(RESOLUTIONS, {})
                    | {str(r.prediction_id): resolution_to_record(r) for r in report.resolutions},
                }
                self._save(changes, None)
        return report

    def add_own_prediction(self, title: str, text: str, resolve_by: str | None) -> Prediction:
        """Add a prediction of the user's own (set OWN_SET); a title already in that set is refused."""
        from domain.importing import own_prediction

        report = self.merge([own_prediction(title, text, resolve_by, self.today())])
        if not report.predictions:
            existing = report.matched[0]
            raise InputError(f"{OWN_SET!r} already has a prediction titled {existing.title!r} (id {existing.id})")
        return report.predictions[0]

    def export(self, target: Path, render: Callable[[JournalData], str], overwrite: bool = False) -> Path:
        """Write `render(snapshot)` to `target` atomically and return the absolute path of the file written.

        The target is checked first (storage.export_target): the journal, its lock and backups, and
        anything that is not a regular file are refused, and an existing file needs `overwrite`.
        """
        real = check_export_target(self, target, overwrite)
        text = render(self.snapshot())
        try:
            replace_atomically(real, text.encode("utf-8"))
        except OSError as error:
            raise JournalWriteError(f"{target}: could not write the export ({error.strerror or error})") from None
        return real


_READ_ONLY_ERRNOS = frozenset({errno.EACCES, errno.EPERM, errno.EROFS})


def _check_batch_text(item: ImportedPrediction) -> None:
    """Refuse texts over their limits or not storable, whatever file or dialog the batch came from."""
    prediction = item.prediction
    parse_title(prediction.title)
    parse_title(prediction.set_name, "set name")
    check_text(prediction.source, "source", MAX_TITLE_CHARS)
    check_text(prediction.text, "text")
    for estimate in item.estimates:
        check_text(estimate.note, "estimate note")
    for note in item.notes:
        check_text(note.text, "note")
    if item.resolution is not None:
        check_text(item.resolution.note, "resolution note")


def _appended(table: dict[str, Any], records: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """`table` with records added under new document ids after the last one.

    It changes the cached table in place instead of copying 100,000 documents: a failed save
    drops the storage's cache, so the next read comes from disk and nothing half-done survives.
    """
    # Ids are appended in increasing order, so the last key is normally the largest; scanning
    # every key (as TinyDB does) is only needed for a file edited by hand.
    next_id = int(next(reversed(table), "0")) + 1
    if str(next_id) in table:
        next_id = max(map(int, table)) + 1
    for offset, record in enumerate(records):
        table[str(next_id + offset)] = record
    return table


def _check_writable(path: Path) -> None:
    """Fail at start, not at the first save, when the journal or its directory is read-only."""
    if path.exists() and not os.access(path, os.W_OK):
        raise JournalReadOnlyError(f"{path}: the journal file is read-only")
    try:
        fd, probe = atomic.file_ops.create(path.parent, temp_prefix(path))
    except OSError as error:
        raise JournalReadOnlyError(f"{path}: its directory cannot be written ({error.strerror})") from None
    os.close(fd)
    # Another process opening the journal may already have swept the probe away as a stale temp file.
    with contextlib.suppress(FileNotFoundError):
        os.unlink(probe)


def open_journal(
    path: Path, clock: Clock = system_clock, lock_timeout: float = 10.0, on_lock_wait: LockWaitHook | None = None
) -> Journal:
    """Open (creating and seeding if needed) the journal at `path`."""
    return Journal(path, clock, lock_timeout, on_lock_wait).open()


def _upgraded(path: Path, raw: RawJournal, version: int) -> RawJournal:
    """The tables of schema `version` upgraded to SCHEMA_VERSION by MIGRATIONS (which may change `raw`)."""
    data = raw
    for step in range(version, SCHEMA_VERSION):
        if step not in MIGRATIONS:
            raise JournalCorruptError(f"{path}: schema {step} cannot be upgraded by this forecast-journal")
        data = MIGRATIONS[step](data)
    data[META] = {"1": {"schema_version": SCHEMA_VERSION}}
    return data


@dataclass(frozen=True, slots=True)
class JournalFile:
    """A journal file checked without writing anything: its bytes, its schema version and what it holds."""

    raw: bytes
    version: int
    data: JournalData

    @property
    def newest(self) -> date | None:
        """The latest date of any estimate, note or resolution (None when it has none)."""
        data = self.data
        dates = [e.date for items in data.estimates.values() for e in items]
        dates += [n.date for items in data.notes.values() for n in items]
        dates += [r.date for r in data.resolutions.values()]
        return max(dates, default=None)


def read_journal_file(path: Path) -> JournalFile:
    """Check a journal file as strictly as opening it, without writing anything.

    It must be a regular file of a known schema whose every record parses; an older schema is
    upgraded in memory to check it.
    """
    refuse_special(path, "a journal")
    checker = Journal(path)
    raw = checker._raw()
    raw_bytes = checker._storage.read_bytes()
    if raw_bytes is None:
        raise JournalCorruptError(f"{checker.path}: the file does not exist")
    version = checker._schema_version(raw)
    return JournalFile(raw_bytes, version, checker._build(_upgraded(checker.path, raw, version)))
