"""Schema 1 → 2: a journal written by the release before corrections opens with every record kept."""

from __future__ import annotations

from pathlib import Path

import orjson

from domain.uids import is_uid
from storage.backups import list_backups
from storage.journal import open_journal
from storage.schema import SCHEMA_VERSION
from tests.clock import TickingClock

# A schema-1 journal exactly as the release before schema 2 wrote it: no `archived`, no corrections.
SCHEMA_1 = {
    "meta": {"1": {"schema_version": 1}},
    "predictions": {
        "1": {
            "id": 1,
            "title": "Seeded",
            "text": "A seed.",
            "source": "seed.md",
            "resolve_by": "2025-12-31",
            "set": "Seeds",
        },
        "2": {
            "id": 2,
            "title": "Mine",
            "text": "",
            "source": "",
            "resolve_by": "2027-06-30",
            "set": "Own predictions",
        },
    },
    "estimates": {
        "1": {
            "prediction_id": 1,
            "date": "2025-06-01",
            "probability": 0.4,
            "recorded_at": "2025-06-01T09:00:00+00:00",
            "note": "",
        },
        "2": {
            "prediction_id": 1,
            "date": "2025-07-01",
            "probability": 0.55,
            "recorded_at": "2025-07-01T09:00:00+02:00",
            "note": "why",
        },
    },
    "notes": {
        "1": {"prediction_id": 2, "date": "2026-01-02", "text": "a note", "recorded_at": "2026-01-02T10:00:00+00:00"}
    },
    "resolutions": {"1": {"prediction_id": 1, "outcome": "yes", "date": "2025-12-01", "note": ""}},
}


def test_a_schema_1_journal_becomes_schema_2_with_every_record_and_a_backup(journal_path: Path) -> None:
    old = orjson.dumps(SCHEMA_1)
    journal_path.write_bytes(old)
    journal = open_journal(journal_path, TickingClock())
    migrated = orjson.loads(journal_path.read_bytes())
    assert migrated["meta"]["1"]["schema_version"] == SCHEMA_VERSION
    # Schema 3 gives every record a uid (tests/sync/test_record_ids.py); the rest is schema 2's.
    for table in ("predictions", "estimates", "notes", "resolutions"):
        for record in migrated[table].values():
            assert is_uid(record.pop("uid"))
    # Schema 4 gives every prediction `tags: []` and `kind: "binary"` (test_migration_v4.py).
    assert migrated["predictions"] == {
        number: {**record, "archived": False, "tags": [], "kind": "binary"}
        for number, record in SCHEMA_1["predictions"].items()
    }
    for table in ("estimates", "notes", "resolutions"):
        assert migrated[table] == SCHEMA_1[table]
    (backup,) = [b for b in list_backups(journal_path) if b.kind == "pre-migration"]
    assert backup.path.name.startswith("pre-migration-schema1-") and backup.path.read_bytes() == old
    data = journal.snapshot()
    assert [e.probability for e in data.estimates_for(1)] == [0.4, 0.55]
    assert all(e.retracted is None for e in data.estimates_for(1))
    assert [(n.text, n.revisions, n.removed) for n in data.notes_for(2)] == [("a note", (), None)]
    assert not any(p.archived or p.history for p in data.predictions)
    journal.retract(1, 2, "typo")  # and the corrections work on it at once
    assert journal.snapshot().estimates_for(1)[1].retracted is not None
