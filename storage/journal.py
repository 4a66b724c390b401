"""The journal API: open a journal file, read snapshots, record estimates, notes and resolutions.

Every mutation holds an exclusive lock on `<journal>.lock`, re-reads the file if another
process changed it, validates, then saves atomically. When a method returns, the change is on disk.

The file is a TinyDB database (tables of numbered documents, read and written through
`AtomicJSONStorage`, a TinyDB Storage, one record per line: storage.layout). Mutations build new
`Tables` (a table replaced, or records appended) rather than going through `tinydb.Table`, whose
insert copies every document of the table twice; appending to a table that was not parsed
neither parses nor re-serialises it (docs/PERFORMANCE.md).
"""

from __future__ import annotations

import contextlib
import errno
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from domain.kinds import Question, estimate_problem, interval_problem, probabilities_problem, resolution_problem
from domain.model import (
    OWN_SET,
    Estimate,
    JournalData,
    Note,
    NoteRevision,
    Outcome,
    Prediction,
    PredictionRevision,
    Resolution,
    Retraction,
    UndoneResolution,
    default_resolution_date,
)
from domain.records import (
    ESTIMATES,
    NOTES,
    PREDICTIONS,
    RESOLUTIONS,
    RecordError,
    check_tables,
    estimate_from_record,
    note_from_record,
    prediction_from_record,
    resolution_candidates,
    resolution_from_record,
    stored,
)
from domain.tags import checked_count, tag_changes
from domain.uids import RANDOM_BYTES, ulid
from domain.validation import (
    InputError,
    check_not_future,
    check_text,
    parse_title,
    require_known_id,
    require_text,
)
from storage import atomic, schema
from storage.atomic import AtomicJSONStorage, remove_stale_temp_files, temp_prefix
from storage.backups import backup_before_migration, backup_dir, daily_backup
from storage.errors import JournalCorruptError, JournalLockedError, JournalReadOnlyError, JournalWriteError
from storage.layout import Tables
from storage.lock import FileLock, LockTimeout
from storage.paths import refuse_special
from storage.schema import RawJournal

if TYPE_CHECKING:
    from domain.merge import Corrected, ImportedPrediction, MergeReport, Progress

# Scoring, export, import and seed parsing are imported where they are used: most commands
# need none of them, and every module imported costs start-up time (docs/PERFORMANCE.md).

Clock = Callable[[], datetime]
RecordT = TypeVar("RecordT", Estimate, Note)
LockWaitHook = Callable[[Path], None]
_EMPTY = Tables({})
DEFAULT_LOCK_TIMEOUT = 10.0
"""Seconds a write waits for another process to release the journal's lock."""


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
        lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
        on_lock_wait: LockWaitHook | None = None,
    ) -> None:
        # Resolved once: saves replace the real file, so a symlinked journal stays a link, and
        # every path to the file shares the one lock and backups folder beside it.
        self.path = Path(os.path.realpath(path))
        self.clock = clock
        self.lock_timeout = lock_timeout
        self.on_lock_wait = on_lock_wait
        self._file_lock = FileLock(self.path.with_name(f"{self.path.name}.lock"), lock_timeout, self._lock_waiting)
        self._storage = AtomicJSONStorage(self.path, self._file_lock)
        self._thread_lock = threading.RLock()
        self._fresh_while_locked = False
        self._snapshot: JournalData | None = None
        self._snapshot_generation = -1
        self._checked_generation = -1
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

    def _save(self, tables: Tables, carry_forward: Callable[[JournalData], JournalData] | None) -> None:
        """The one way a mutation changes the journal: write `tables` (made from the checked tables
        by `Tables.changed` or `Tables.appended`), then adopt them; call only under the lock.

        Nothing is changed in place, and the storage caches the new tables only once they are on
        disk. A failed save therefore leaves the cached tables and the snapshot exactly as they were,
        with nothing to roll back. The snapshot is carried forward with `carry_forward` rather than
        re-parsed from the file, which is what keeps a save fast in a large journal; the new file
        counts as checked, as its tables were.
        """
        current = self._snapshot if self._snapshot_generation == self._storage.generation else None
        self._storage.save(tables)
        self._checked_generation = self._storage.generation
        if current is not None and carry_forward is not None:
            self._snapshot = carry_forward(current)
            self._snapshot_generation = self._storage.generation

    def _raw(self) -> Tables:
        # Under the lock nobody else can change the file, so one read (comparing bytes: a write must
        # start from what is on disk) per locked section is enough. Outside it (the app's poll) the
        # file's size, mtime and inode tell whether it changed (AtomicJSONStorage.poll).
        if self._fresh_while_locked:
            return self._storage.cached() or _EMPTY
        if not self._file_lock.is_locked:
            return self._storage.poll() or _EMPTY
        raw = self._storage.load() or _EMPTY
        self._fresh_while_locked = True
        return raw

    def _checked_raw(self) -> Tables:
        """The raw tables, refused when corrupt: every record is checked once per change of the file,
        without building the model (a built snapshot has been checked already, and a sealed file is
        one this program wrote from checked tables: storage.atomic)."""
        raw = self._raw()
        generation = self._storage.generation
        if generation not in (self._checked_generation, self._snapshot_generation):
            if schema.schema_version(self.path, raw) < schema.SCHEMA_VERSION:
                schema.build(self.path, raw)  # refuses it: an older schema is upgraded by opening the journal
            if not self._storage.sealed:
                try:
                    check_tables(raw)
                except RecordError as error:
                    raise JournalCorruptError(f"{self.path}: {error}") from None
            self._checked_generation = generation
        return raw

    def prediction_ids(self) -> set[int]:
        """The ids of the journal's predictions, read without building the model."""
        with self._thread_lock:
            return _prediction_ids(self._checked_raw())

    def prediction(self, prediction_id: int) -> Prediction:
        """One prediction, read without building the model; an unknown id is refused."""
        with self._thread_lock:
            raw = self._checked_raw()
            self._check_prediction(raw, prediction_id)
            return prediction_from_record(raw[PREDICTIONS][str(prediction_id)])

    def snapshot(self) -> JournalData:
        """The journal as it is on disk now; re-parsed only when the file changed."""
        with self._thread_lock:
            raw = self._raw()
            if self._snapshot is None or self._storage.generation != self._snapshot_generation:
                self._snapshot = self._build(raw)
                self._snapshot_generation = self._storage.generation
            return self._snapshot

    def _build(self, raw: RawJournal) -> JournalData:
        return schema.build(self.path, raw)

    def _check_prediction(self, raw: RawJournal, prediction_id: int) -> None:
        require_known_id(prediction_id, _prediction_ids(raw))

    def _check_date(self, on: date) -> None:
        check_not_future(on, self.today())

    def add_estimate(self, prediction_id: int, probability: float, on: date | None = None, note: str = "") -> Estimate:
        """Record a confidence estimate (probability 0–1) for a yes/no prediction as of `on` (default today)."""
        if not 0.0 <= probability <= 1.0:
            raise InputError(f"probability must be between 0 and 1, got {probability!r}")
        return self._add_estimate(prediction_id, probability + 0.0, on, note)  # + 0.0: -0.0 is 0

    def add_choice_estimate(
        self, prediction_id: int, probabilities: Sequence[float], on: date | None = None, note: str = ""
    ) -> Estimate:
        """Record a choice prediction's estimate: a probability per option, in option order, summing to 1."""
        fractions = tuple(p + 0.0 for p in probabilities)
        problem = probabilities_problem(fractions)
        if problem is not None:
            raise InputError(problem)
        return self._add_estimate(prediction_id, max(fractions), on, note, probabilities=fractions)

    def add_interval_estimate(
        self, prediction_id: int, low: float, high: float, level: float, on: date | None = None, note: str = ""
    ) -> Estimate:
        """Record a numeric prediction's estimate: the central interval `low`..`high` at confidence `level`."""
        problem = interval_problem(low, high, level)
        if problem is not None:
            raise InputError(problem)
        return self._add_estimate(prediction_id, level, on, note, low=low + 0.0, high=high + 0.0, level=level)

    def _add_estimate(
        self, prediction_id: int, probability: float, on: date | None, note: str, **shape: Any
    ) -> Estimate:
        """Record an estimate of the shape `shape` gives (domain.model.Estimate); it must fit the prediction's kind."""
        check_text(note, "note")
        estimate = Estimate(prediction_id, probability, on or self.today(), self.clock(), note, **shape)
        estimate = replace(estimate, uid=_fresh_uid(estimate.recorded_at))
        with self._locked():
            raw = self._checked_raw()
            self._check_prediction(raw, prediction_id)
            problem = estimate_problem(estimate, prediction_from_record(raw[PREDICTIONS][str(prediction_id)]))
            if problem is not None:
                raise InputError(problem)
            self._check_date(estimate.date)
            tables, _ = raw.appended(ESTIMATES, [stored(estimate)])
            self._save(tables, lambda data: data.with_estimate(estimate))
        return estimate

    def add_note(self, prediction_id: int, text: str, on: date | None = None) -> Note:
        """Add a dated note to the prediction."""
        require_text(text, "note")
        note = Note(prediction_id, on or self.today(), text, self.clock())
        note = replace(note, uid=_fresh_uid(note.recorded_at))
        with self._locked():
            raw = self._checked_raw()
            self._check_prediction(raw, prediction_id)
            self._check_date(note.date)
            tables, _ = raw.appended(NOTES, [stored(note)])
            self._save(tables, lambda data: data.with_note(note))
        return note

    def resolve(
        self,
        prediction_id: int,
        outcome: Outcome,
        on: date | None = None,
        note: str = "",
        option: str | None = None,
        value: float | None = None,
    ) -> Resolution:
        """Resolve an open prediction on `on` (default: domain.model.default_resolution_date).

        A choice or numeric prediction is resolved ANSWERED with its `option` or `value` (or ambiguous).
        A resolved one must be unresolved first, so no answer is overwritten. One with conflicting
        resolutions (from a merge) takes this one instead; without a date, the conflicting resolution
        with this answer is the one chosen, with its date and note.
        """
        check_text(note, "note")
        with self._locked():
            raw = self._checked_raw()
            self._check_prediction(raw, prediction_id)
            prediction = prediction_from_record(raw[PREDICTIONS][str(prediction_id)])
            answer = Resolution(prediction_id, outcome, prediction.resolve_by, option=option, value=value)
            problem = resolution_problem(answer, prediction)
            if problem is not None:
                raise InputError(problem)
            record = raw.get(RESOLUTIONS, {}).get(str(prediction_id))
            candidates = () if record is None else resolution_candidates(record)
            if len(candidates) == 1:
                raise InputError(
                    f"prediction {prediction_id} is already resolved {candidates[0].outcome.value} "
                    f"on {candidates[0].date.isoformat()}; unresolve it first"
                )
            chosen = None
            if on is None:
                said = (outcome, option, value)
                chosen = next((c for c in candidates if (c.outcome, c.option, c.value) == said), None)
            if chosen is not None:
                resolution = replace(chosen, note=note or chosen.note)
            else:
                if on is None:
                    on = default_resolution_date(prediction, self.today())
                resolution = replace(answer, date=on, note=note, uid=_fresh_uid(None))
            self._check_date(resolution.date)
            resolutions = raw.get(RESOLUTIONS, {}) | {str(prediction_id): stored(resolution)}
            self._save(raw.changed({RESOLUTIONS: resolutions}), lambda data: data.with_resolution(resolution))
        return resolution

    def unresolve(self, prediction_id: int) -> Resolution:
        """Take back a prediction's resolution and return it; it stays in the prediction's `undone` history."""
        with self._locked():
            raw = self._checked_raw()
            self._check_prediction(raw, prediction_id)
            existing = _resolution(raw, prediction_id)
            if existing is None:
                raise InputError(f"prediction {prediction_id} is not resolved")
            prediction = prediction_from_record(raw[PREDICTIONS][str(prediction_id)])
            kept = replace(prediction, undone=(*prediction.undone, UndoneResolution.of(existing, self.clock())))
            changes = {
                RESOLUTIONS: {k: v for k, v in raw.get(RESOLUTIONS, {}).items() if k != str(prediction_id)},
                PREDICTIONS: raw[PREDICTIONS] | {str(prediction_id): stored(kept)},
            }
            self._save(raw.changed(changes), lambda data: data.without_resolution(prediction_id).with_prediction(kept))
        return existing

    def _change_estimate(
        self, prediction_id: int, number: int, change: Callable[[Estimate], Estimate]
    ) -> tuple[Estimate, Estimate]:
        """Replace estimate #`number` (1-based, recording order) of a prediction by `change(it)`;
        returns the old and the new estimate."""
        with self._locked():
            raw = self._checked_raw()
            self._check_prediction(raw, prediction_id)
            table = raw.get(ESTIMATES, {})
            key = _numbered(table, prediction_id, number, "estimate")
            old = estimate_from_record(table[key])
            new = change(old)
            changes = {ESTIMATES: table | {key: stored(new)}}
            self._save(raw.changed(changes), lambda data: data.with_estimate_at(prediction_id, number - 1, new))
        return old, new

    def retract(self, prediction_id: int, number: int, reason: str = "") -> Estimate:
        """Retract estimate #`number` of the prediction: it stays in the journal, never scored."""
        check_text(reason, "reason")

        def retracted(estimate: Estimate) -> Estimate:
            if estimate.retracted is not None:
                raise InputError(f"estimate #{number} of prediction {prediction_id} is already retracted")
            return replace(estimate, retracted=Retraction(self.clock(), reason))

        return self._change_estimate(prediction_id, number, retracted)[1]

    def unretract(self, prediction_id: int, number: int) -> Estimate:
        """Undo the retraction of estimate #`number` of the prediction."""

        def restored(estimate: Estimate) -> Estimate:
            if estimate.retracted is None:
                raise InputError(f"estimate #{number} of prediction {prediction_id} is not retracted")
            return replace(estimate, retracted=None)

        return self._change_estimate(prediction_id, number, restored)[1]

    def _change_note(self, prediction_id: int, number: int, change: Callable[[Note], Note]) -> Note:
        with self._locked():
            raw = self._checked_raw()
            self._check_prediction(raw, prediction_id)
            table = raw.get(NOTES, {})
            key = _numbered(table, prediction_id, number, "note")
            new = change(note_from_record(table[key]))
            changes = {NOTES: table | {key: stored(new)}}
            self._save(raw.changed(changes), lambda data: data.with_note_at(prediction_id, number - 1, new))
        return new

    def edit_note(self, prediction_id: int, number: int, text: str) -> Note:
        """Replace note #`number`'s text, keeping the earlier text with the time it was replaced.
        A removed note is shown again."""
        require_text(text, "note")

        def edited(note: Note) -> Note:
            if text == note.text and note.removed is None:
                raise InputError(f"note #{number} of prediction {prediction_id} already has this text")
            revisions = (
                note.revisions if text == note.text else (*note.revisions, NoteRevision(note.text, self.clock()))
            )
            return replace(note, text=text, revisions=revisions, removed=None)

        return self._change_note(prediction_id, number, edited)

    def remove_note(self, prediction_id: int, number: int) -> Note:
        """Hide note #`number`; it stays in the file and `edit_note` brings it back."""

        def removed(note: Note) -> Note:
            if note.removed is not None:
                raise InputError(f"note #{number} of prediction {prediction_id} is already removed")
            return replace(note, removed=self.clock())

        return self._change_note(prediction_id, number, removed)

    def _change_prediction(
        self, prediction_id: int, change: Callable[[RawJournal, Prediction], Prediction]
    ) -> Prediction:
        with self._locked():
            raw = self._checked_raw()
            self._check_prediction(raw, prediction_id)
            predictions = raw.get(PREDICTIONS, {})
            new = change(raw, prediction_from_record(predictions[str(prediction_id)]))
            changes = {PREDICTIONS: predictions | {str(prediction_id): stored(new)}}
            self._save(raw.changed(changes), lambda data: data.with_prediction(new))
        return new

    def edit_prediction(
        self, prediction_id: int, title: str | None = None, text: str | None = None, resolve_by: date | None = None
    ) -> Prediction:
        """Change a prediction of the user's own (set OWN_SET), keeping the old values as history.

        A new title must not be another own prediction's; a resolved prediction's resolve-by stays.
        """
        if title is not None:
            title = parse_title(title)
        if text is not None:
            check_text(text, "text")

        def edited(raw: RawJournal, old: Prediction) -> Prediction:
            if old.set_name != OWN_SET:
                raise InputError(f"prediction {prediction_id} is from {old.set_name!r}; only {OWN_SET!r} can be edited")
            new = replace(
                old,
                title=old.title if title is None else title,
                text=old.text if text is None else text,
                resolve_by=old.resolve_by if resolve_by is None else resolve_by,
            )
            if (new.title, new.text, new.resolve_by) == (old.title, old.text, old.resolve_by):
                raise InputError(f"prediction {prediction_id}: nothing to change")
            if new.resolve_by != old.resolve_by and _resolution(raw, prediction_id) is not None:
                raise InputError(
                    f"prediction {prediction_id} is resolved; its resolve-by date cannot move (unresolve it first)"
                )
            if new.title != old.title:
                for record in raw.get(PREDICTIONS, {}).values():
                    if record["set"] == OWN_SET and record["title"] == new.title:
                        raise InputError(
                            f"{OWN_SET!r} already has a prediction titled {new.title!r} (id {record['id']})"
                        )
            earlier = PredictionRevision(old.title, old.text, old.resolve_by, self.clock())
            return replace(new, history=(*old.history, earlier))

        return self._change_prediction(prediction_id, edited)

    def set_archived(self, prediction_id: int, archived: bool) -> Prediction:
        """Archive a prediction (it leaves the panes and the scores, and stays in the file) or bring it back."""

        def changed(raw: RawJournal, old: Prediction) -> Prediction:
            if old.archived == archived:
                state = "archived" if archived else "not archived"
                raise InputError(f"prediction {prediction_id} is already {state}")
            return replace(old, archived=archived)

        return self._change_prediction(prediction_id, changed)

    def retag(self, prediction_id: int, add: Iterable[str] = (), remove: Iterable[str] = ()) -> Prediction:
        """Add and remove tags of any prediction (domain.tags).

        A bad tag, a tag both added and removed, no change, or going over MAX_TAGS is refused."""
        added, removed = tag_changes(add, remove)

        def changed(raw: RawJournal, old: Prediction) -> Prediction:
            tags = tuple(sorted((set(old.tags) | set(added)) - set(removed)))
            if tags == old.tags:
                raise InputError(f"prediction {prediction_id}: nothing to change")
            if len(tags) > len(old.tags):
                checked_count(tags, f"prediction {prediction_id}")
            return replace(old, tags=tags)

        return self._change_prediction(prediction_id, changed)

    def add_predictions(self, make: Callable[[int], Iterable[Prediction]]) -> list[Prediction]:
        """Add predictions; `make(first_free_id)` builds them so ids stay unique under the lock."""
        with self._locked():
            raw = self._checked_raw()
            made = make(max(_prediction_ids(raw), default=0) + 1)
            predictions = [replace(p, uid=_fresh_uid(None)) for p in made]
            added = {str(p.id): stored(p) for p in predictions}
            self._save(
                raw.changed({PREDICTIONS: raw.get(PREDICTIONS, {}) | added}),
                lambda data: data.with_predictions(predictions),
            )
        return predictions

    def _initialise(self) -> None:
        """Create a new journal with the schema version and the bundled seed set."""
        from domain.seeds import parse_seed
        from seeds import DEFAULT_SEED, read_seed

        seed_set = parse_seed(read_seed(DEFAULT_SEED), DEFAULT_SEED)
        self._storage.save(schema.new_journal(seed_set.predictions()))

    def _migrate(self, raw: RawJournal, version: int) -> None:
        current = self._storage.read_bytes()
        assert current is not None
        try:
            backup_before_migration(self.path, current, version, self.clock())
        except OSError as error:
            raise JournalWriteError(
                f"{self.path}: could not back up before upgrading schema {version} ({error.strerror or error})"
            ) from None
        self._storage.save(schema.upgraded(self.path, raw, version))

    def _daily_backup(self) -> None:
        raw = self._storage.read_bytes()
        if raw is None:
            return
        try:
            daily_backup(self.path, raw, self.today())
        except OSError as error:
            # A missed backup must not stop the user from recording; the next open tries again.
            self.backup_error = f"{backup_dir(self.path)}: could not make today's backup ({error.strerror or error})"

    def open(self, build: bool = True) -> Journal:
        """Check the file can be written, clean up after any crash, create it if missing, and validate it.

        Every record is checked either way. With `build` the snapshot is built too (which checks them);
        a command that only writes passes False, and the records are checked without building the
        model, several times faster in a large journal (docs/PERFORMANCE.md).

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
            remove_stale_temp_files(self.path, backup_dir(self.path))
            if not self.path.exists():
                self._initialise()
            version = schema.schema_version(self.path, self._raw())
            if version < schema.SCHEMA_VERSION:
                self._migrate(self._raw(), version)
            if build:
                self.snapshot()
            else:
                self._checked_raw()
            self._daily_backup()
        return self

    def exclusive(self) -> contextlib.AbstractContextManager[None]:
        """Hold the journal's exclusive lock, for maintenance such as restoring a backup."""
        return self._locked()

    def merge(
        self, batch: Sequence[ImportedPrediction], dry_run: bool = False, progress: Progress | None = None
    ) -> MergeReport:
        """Merge imported predictions and records (rule: domain.merge) in one locked, atomic save.

        Corrections to matched records replace only those records. A dry run, or a batch that adds
        and corrects nothing, writes nothing.
        """
        from domain.merge import check_batch_text, plan_merge

        for item in batch:
            check_batch_text(item)
        with self._locked():
            report = plan_merge(self.snapshot(), batch, progress)
            if report.changed and not dry_run:
                raw = self._raw()
                # Every record the import adds is a new record of this journal, with a uid of its own.
                changes = {
                    PREDICTIONS: raw.get(PREDICTIONS, {})
                    | {str(p.id): stored(p) for p in report.retagged}
                    | {str(p.id): stored(replace(p, uid=_fresh_uid(None))) for p in report.predictions},
                    RESOLUTIONS: raw.get(RESOLUTIONS, {})
                    | {str(r.prediction_id): stored(replace(r, uid=_fresh_uid(None))) for r in report.resolutions},
                }
                if report.corrected_estimates:
                    table = raw.get(ESTIMATES, {})
                    changes[ESTIMATES] = table | _corrections(table, report.corrected_estimates, stored)
                if report.corrected_notes:
                    table = raw.get(NOTES, {})
                    changes[NOTES] = table | _corrections(table, report.corrected_notes, stored)
                estimates = (stored(replace(e, uid=_fresh_uid(e.recorded_at))) for e in report.estimates)
                notes = (stored(replace(n, uid=_fresh_uid(n.recorded_at))) for n in report.notes)
                tables, _ = raw.changed(changes).appended(ESTIMATES, estimates)
                tables, _ = tables.appended(NOTES, notes)
                self._save(tables, None)
        return report

    def add_own_prediction(
        self,
        title: str,
        text: str,
        resolve_by: str | None,
        tags: Iterable[str] = (),
        question: Question | None = None,
    ) -> Prediction:
        """Add a prediction of the user's own (set OWN_SET) with `tags`, asking `question` (default yes or no);
        a title already in that set is refused (checked first, under the lock, so that the merge cannot give
        the existing one the tags)."""
        from domain.own_prediction import own_prediction

        item = own_prediction(title, text, resolve_by, self.today(), tags, question or Question())
        with self._locked():
            existing = next((p for p in self.snapshot().predictions if (p.set_name, p.title) == item.key), None)
            if existing is not None:
                raise InputError(f"{OWN_SET!r} already has a prediction titled {existing.title!r} (id {existing.id})")
            return self.merge([item]).predictions[0]


_READ_ONLY_ERRNOS = frozenset({errno.EACCES, errno.EPERM, errno.EROFS})


def _fresh_uid(moment: datetime | None) -> str:
    """A new record's uid: a ULID of its recording time (now, when it has none) and random bytes."""
    return ulid(moment or system_clock(), os.urandom(RANDOM_BYTES))


def _corrections(
    table: dict[str, Any], corrected: Sequence[Corrected[RecordT]], to_record: Callable[[RecordT], dict[str, Any]]
) -> dict[str, Any]:
    """The records of `table` that the merge's corrections replace, by record number: a prediction's
    record at index i is its (i+1)-th in the table, as `_numbered` counts."""
    if not corrected:
        return {}
    wanted = {c.prediction_id for c in corrected}
    keys: dict[int, list[str]] = {}
    for key, record in table.items():
        if record["prediction_id"] in wanted:
            keys.setdefault(record["prediction_id"], []).append(key)
    return {keys[c.prediction_id][c.index]: to_record(c.record) for c in corrected}


def _numbered(table: dict[str, Any], prediction_id: int, number: int, what: str) -> str:
    """The record number of a prediction's estimate or note #`number` (1-based, in recording order)."""
    keys = [key for key, record in table.items() if record["prediction_id"] == prediction_id]
    if not 1 <= number <= len(keys):
        have = f"#1–#{len(keys)}" if keys else "none"
        raise InputError(f"prediction {prediction_id} has no {what} #{number} ({what}s: {have})")
    return keys[number - 1]


def _prediction_ids(raw: RawJournal) -> set[int]:
    # In checked tables each prediction's record number is its id.
    return set(map(int, raw.get(PREDICTIONS, {})))


def _resolution(raw: RawJournal, prediction_id: int) -> Resolution | None:
    record = raw.get(RESOLUTIONS, {}).get(str(prediction_id))
    return None if record is None else resolution_from_record(record)


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
    path: Path,
    clock: Clock = system_clock,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    on_lock_wait: LockWaitHook | None = None,
) -> Journal:
    """Open (creating and seeding if needed) the journal at `path`."""
    return Journal(path, clock, lock_timeout, on_lock_wait).open()
