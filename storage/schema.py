"""The journal file's schema: its version, the migrations between versions, and reading and checking raw tables.

The file is a TinyDB database: tables of numbered records (domain.records gives each record's
shape) and a `meta` table that holds the schema version. Both the journal and the backups read
files through this module, so a backup is checked exactly as strictly as opening a journal.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from domain.model import JournalData, Prediction
from domain.records import (
    ESTIMATES,
    NOTES,
    PREDICTIONS,
    RESOLUTIONS,
    RecordError,
    journal_from_tables,
    prediction_to_record,
)
from domain.uids import with_uids
from storage.atomic import AtomicJSONStorage
from storage.errors import JournalCorruptError
from storage.paths import refuse_special

SCHEMA_VERSION = 4
META = "meta"

RawJournal = Mapping[str, dict[str, Any]]
Migration = Callable[[dict[str, dict[str, Any]]], dict[str, dict[str, Any]]]

# MIGRATIONS[v] upgrades the raw tables of schema v to schema v + 1. The journal is backed up first.


def _corrections(raw: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Schema 1 to 2 (corrections): every prediction gets `archived: false`. The other new fields
    (a retraction, a note's revisions or removal, a prediction's history) are absent by default,
    so schema-1 estimates and notes are schema-2 records as they are."""
    predictions = raw.get(PREDICTIONS, {})
    raw[PREDICTIONS] = {
        number: {**record, "archived": record.get("archived", False)} if isinstance(record, dict) else record
        for number, record in predictions.items()
    }
    return raw


def _record_ids(raw: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Schema 2 to 3 (record ids): every record gets a uid derived from its table, number and unchanging
    fields (domain.uids.derived_uid), so two machines upgrading copies of one file agree on every id."""
    return with_uids(raw)


def _tags_kinds_and_undone(raw: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Schema 3 to 4 (tags, question kinds, undone resolutions): every prediction gets `tags: []` and
    `kind: "binary"` (every earlier prediction is a yes/no question). One without `undone` has never been
    unresolved, so that field needs nothing. The version changes so that a release that knows none of
    them refuses a journal that may hold them rather than misreading it."""
    predictions = raw.get(PREDICTIONS, {})
    raw[PREDICTIONS] = {
        number: {**record, "tags": record.get("tags", []), "kind": record.get("kind", "binary")}
        if isinstance(record, dict)
        else record
        for number, record in predictions.items()
    }
    return raw


MIGRATIONS: dict[int, Migration] = {1: _corrections, 2: _record_ids, 3: _tags_kinds_and_undone}


def new_journal(predictions: Iterable[Prediction]) -> dict[str, dict[str, Any]]:
    """The tables of a new journal of the current schema holding `predictions` (given derived uids, so
    that journals started apart on two machines share the ids of their seed predictions)."""
    return with_uids(
        {
            META: {"1": {"schema_version": SCHEMA_VERSION}},
            PREDICTIONS: {str(p.id): prediction_to_record(p) for p in predictions},
            ESTIMATES: {},
            NOTES: {},
            RESOLUTIONS: {},
        }
    )


def schema_version(path: Path, raw: RawJournal) -> int:
    """The schema version of the file at `path`; refused when missing, malformed or newer than this release knows."""
    meta: dict[str, Any] = next(iter(raw.get(META, {}).values()), {})
    version = meta.get("schema_version")
    if version is None:
        raise JournalCorruptError(f"{path}: no schema version; this is not a forecast-journal file")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise JournalCorruptError(f"{path}: the schema version {version!r} is not valid")
    if version > SCHEMA_VERSION:
        raise JournalCorruptError(
            f"{path}: written by a newer forecast-journal (schema {version}; this one knows {SCHEMA_VERSION})"
        )
    return version


def build(path: Path, raw: RawJournal) -> JournalData:
    """The journal the raw tables of the current schema hold; every record is checked."""
    version = schema_version(path, raw)
    if version < SCHEMA_VERSION:
        raise JournalCorruptError(f"{path}: schema {version} must be upgraded; open the journal again")
    try:
        return journal_from_tables(raw)
    except RecordError as error:
        raise JournalCorruptError(f"{path}: {error}") from None


def upgraded(path: Path, raw: RawJournal, version: int) -> dict[str, dict[str, Any]]:
    """The tables of schema `version` upgraded to SCHEMA_VERSION by MIGRATIONS (`raw` is left as it was)."""
    data = dict(raw)
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
    real = Path(os.path.realpath(path))
    storage = AtomicJSONStorage(real)
    raw: RawJournal = storage.load() or {}
    raw_bytes = storage.read_bytes()
    if raw_bytes is None:
        raise JournalCorruptError(f"{real}: the file does not exist")
    version = schema_version(real, raw)
    return JournalFile(raw_bytes, version, build(real, upgraded(real, raw, version)))
