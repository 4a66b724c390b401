"""Schema 2 → 3: every record gets a uid, the same on every machine that upgrades a copy of the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from domain.uids import is_uid
from storage.journal import open_journal
from storage.schema import SCHEMA_VERSION
from tests.clock import TickingClock
from tests.reliability.test_migration_v2 import SCHEMA_1

SCHEMA_2: dict[str, Any] = {
    **SCHEMA_1,
    "meta": {"1": {"schema_version": 2}},
    "predictions": {n: {**record, "archived": False} for n, record in SCHEMA_1["predictions"].items()},  # type: ignore[attr-defined]
}


def test_two_machines_upgrading_copies_of_a_schema_2_journal_give_every_record_the_same_uid(tmp_path: Path) -> None:
    upgraded = []
    for machine in ("laptop", "desktop"):
        path = tmp_path / machine / "journal.json"
        path.parent.mkdir()
        path.write_bytes(orjson.dumps(SCHEMA_2))
        journal = open_journal(path, TickingClock())
        journal.add_estimate(1, 0.5)  # a new record gets a fresh uid of its own
        upgraded.append(orjson.loads(path.read_bytes()))
    laptop, desktop = upgraded
    assert laptop["meta"]["1"]["schema_version"] == SCHEMA_VERSION
    for table in ("predictions", "estimates", "notes", "resolutions"):
        for number, record in SCHEMA_2[table].items():
            assert is_uid(laptop[table][number]["uid"])
            assert laptop[table][number]["uid"] == desktop[table][number]["uid"]
            assert {k: v for k, v in laptop[table][number].items() if k not in ("uid", "tags", "kind")} == record
    assert laptop["estimates"]["3"]["uid"] != desktop["estimates"]["3"]["uid"]
    assert len({r["uid"] for t in ("predictions", "estimates", "notes") for r in laptop[t].values()}) == 6
