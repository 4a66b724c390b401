"""Schema 3 → 4: a journal written by the release before tags and question kinds opens with every record
kept, each prediction a yes/no question with no tags."""

from __future__ import annotations

import shutil
from pathlib import Path

import orjson

from storage.backups import list_backups
from storage.journal import open_journal
from storage.schema import SCHEMA_VERSION
from tests.clock import TickingClock

# Written by the previous release (schema 3, record ids): estimates, a retraction, a note, a
# resolution with a note and a prediction of the user's own.
SCHEMA_3 = Path(__file__).with_name("fixtures") / "schema3.json"


def test_a_schema_3_journal_is_backed_up_upgraded_and_keeps_every_record(journal_path: Path) -> None:
    shutil.copyfile(SCHEMA_3, journal_path)
    before = orjson.loads(SCHEMA_3.read_bytes())
    journal = open_journal(journal_path, TickingClock())
    after = orjson.loads(journal_path.read_bytes())
    assert after["meta"]["1"]["schema_version"] == SCHEMA_VERSION == 4
    assert {number: (record["tags"], record["kind"]) for number, record in after["predictions"].items()} == {
        number: ([], "binary") for number in before["predictions"]
    }
    for table in ("estimates", "notes", "resolutions"):
        assert after[table] == before[table]
    for number, record in before["predictions"].items():
        assert {
            key: value for key, value in after["predictions"][number].items() if key not in ("tags", "kind")
        } == record
    (backup,) = [b for b in list_backups(journal_path) if b.kind == "pre-migration"]
    assert backup.path.name.startswith("pre-migration-schema3-") and backup.path.read_bytes() == SCHEMA_3.read_bytes()
    data = journal.snapshot()
    assert [e.note for e in data.estimates_for(1)] == ["first look"]
    assert data.estimates_for(2)[0].retracted is not None
    assert data.resolution_for(1) is not None and data.resolution_for(1).note == "it happened"
    assert [n.text for n in data.notes_for(1)] == ["A note.\nTwo lines."]
