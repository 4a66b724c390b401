"""The journal file's layout (one record per line, stable order) and the seal that lets a save skip
parsing and checking a file this program wrote."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tinydb import TinyDB

import storage.journal
from storage import layout
from storage.atomic import AtomicJSONStorage
from storage.errors import JournalCorruptError
from storage.journal import Journal, open_journal
from storage.layout import Tables, split
from tests.clock import TickingClock

TEXT = st.text(st.characters(codec="utf-8"), max_size=20)
RECORD = st.dictionaries(
    TEXT, st.none() | st.integers(-(2**63), 2**63 - 1) | TEXT | st.lists(TEXT, max_size=2), max_size=4
)
TABLE = st.dictionaries(st.integers(1, 10**6).map(str), RECORD, max_size=6)
TABLES = st.dictionaries(TEXT, TABLE, max_size=4)


@settings(max_examples=40)
@given(TABLES)
def test_every_journal_round_trips_through_the_layout(tables: dict[str, dict[str, Any]]) -> None:
    raw = Tables(tables).serialise()
    assert orjson.loads(raw) == tables
    bodies = split(raw)
    assert bodies is not None
    assert {name: Tables({}, bodies)[name] for name in bodies} == tables
    for line in raw.splitlines()[1:-1] if tables else ():  # each line a table's opening or closing, or one whole record
        assert line in (b"}", b"},") or line.endswith(b": {") or orjson.loads(b"{" + line.rstrip(b",") + b"}")


@settings(max_examples=40)
@given(TABLES, TEXT, st.lists(RECORD, max_size=3))
def test_appending_to_an_unparsed_table_writes_what_appending_to_the_parsed_one_does(
    tables: dict[str, dict[str, Any]], name: str, added: list[dict[str, Any]]
) -> None:
    raw = Tables(tables).serialise()
    bodies = split(raw)
    assert bodies is not None
    lazy, lazy_keys = Tables({}, bodies).appended(name, added)
    parsed, parsed_keys = Tables(tables).appended(name, added)
    assert lazy.serialise() == parsed.serialise()
    assert lazy_keys == parsed_keys
    assert set(lazy_keys).isdisjoint(tables.get(name, {}))


def test_the_file_shows_one_record_per_line_in_a_stable_order(journal_path: Path) -> None:
    journal = open_journal(journal_path, TickingClock())
    journal.add_estimate(4, 0.44, date(2026, 1, 9), note="first")
    journal.add_note(4, "line one\nline two", date(2026, 1, 9))
    before = journal_path.read_bytes().splitlines()
    journal.add_estimate(4, 0.5, date(2026, 1, 10))
    after = journal_path.read_bytes().splitlines()
    added = [line for line in after if line not in before]
    # The new record is one line; the line before it gained its comma, and nothing else moved.
    assert len(after) == len(before) + 1
    assert len(added) == 2 and added[1].startswith(b'"2": {') and b'"probability":0.5' in added[1]
    assert after[0] == b"{" and after[1] == b'"estimates": {'


def test_stock_tinydb_reads_the_journal_and_the_storage_serves_tinydb(journal_path: Path) -> None:
    journal = open_journal(journal_path, TickingClock())
    journal.add_estimate(4, 0.44, date(2026, 1, 9))
    with TinyDB(journal_path, access_mode="r") as stock:
        (estimate,) = stock.table("estimates").all()
        assert estimate["probability"] == 0.44
        assert len(stock.table("predictions")) == 10
    with TinyDB(journal_path, storage=AtomicJSONStorage) as ours:
        ours.table("estimates").insert(dict(estimate, probability=0.45))
    assert [e.probability for e in open_journal(journal_path, TickingClock()).snapshot().estimates_for(4)] == [
        0.44,
        0.45,
    ]


def test_a_save_on_a_file_this_program_wrote_neither_parses_nor_checks_the_estimates(
    journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = open_journal(journal_path, TickingClock())
    for day in range(1, 20):
        journal.add_estimate(1 + day % 10, day / 100, date(2026, 1, day))
    parsed: list[bytes] = []
    real_loads = orjson.loads

    def loads(data: bytes | bytearray | memoryview | str) -> Any:
        parsed.append(bytes(data[:40]) if not isinstance(data, str) else data[:40].encode())
        return real_loads(data)

    monkeypatch.setattr(layout.orjson, "loads", loads)
    monkeypatch.setattr(storage.journal, "check_tables", lambda tables: pytest.fail("a sealed file was checked again"))
    writer = Journal(journal_path, TickingClock()).open(build=False)
    writer.add_estimate(4, 0.9, date(2026, 2, 1))
    assert not any(b'"date"' in chunk for chunk in parsed), "an estimate record was parsed"
    assert len(open_journal(journal_path, TickingClock()).snapshot().estimates_for(4)) == 3


def test_a_file_changed_behind_the_seal_is_checked_whole_even_at_the_same_size(journal_path: Path) -> None:
    journal = open_journal(journal_path, TickingClock())
    journal.add_estimate(4, 0.44, date(2026, 1, 9))
    spoiled = journal_path.read_bytes().replace(b'"probability":0.44', b'"probability":4.40')
    journal_path.write_bytes(spoiled)
    with pytest.raises(JournalCorruptError, match="probability"):
        open_journal(journal_path, TickingClock()).add_estimate(4, 0.5, date(2026, 1, 10))
    assert journal_path.read_bytes() == spoiled


def test_a_journal_of_the_previous_release_on_one_line_is_read_and_rewritten_in_lines(journal_path: Path) -> None:
    journal = open_journal(journal_path, TickingClock())
    journal.add_estimate(4, 0.44, date(2026, 1, 9))
    one_line = orjson.dumps(orjson.loads(journal_path.read_bytes()))
    journal_path.write_bytes(one_line)
    again = open_journal(journal_path, TickingClock())
    assert [e.probability for e in again.snapshot().estimates_for(4)] == [0.44]
    again.add_estimate(4, 0.5, date(2026, 1, 10))
    assert journal_path.read_bytes().count(b"\n") > 10
    assert orjson.loads(journal_path.read_bytes())["meta"] == orjson.loads(one_line)["meta"]
