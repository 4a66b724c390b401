"""Writes cost the same at any size: a write command checks every record without building the
model, and a failed save changes nothing in memory. Behaviour only; the timings are in benchmarks/."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from cli.main import cli
from cli.settings import Settings
from domain import records
from domain.model import Outcome
from domain.records import ESTIMATES, NOTES, RecordError, check_tables, journal_from_tables
from reliability.support import TickingClock
from storage import atomic
from storage.atomic import FileOps
from storage.errors import JournalWriteError
from storage.journal import open_journal


def _journal(path: Path) -> dict[str, Any]:
    journal = open_journal(path, TickingClock())
    for day in range(1, 6):
        journal.add_estimate(day, day / 10, date(2026, 1, day), f"reason {day}")
        journal.add_note(day, f"note {day}", date(2026, 1, day))
    tables: dict[str, Any] = orjson.loads(path.read_bytes())
    return tables


@pytest.mark.parametrize(
    "command",
    [["estimate", "4", "44"], ["note", "4", "a thought"], ["resolve", "4", "yes"], ["unresolve", "1"]],
)
def test_a_write_command_builds_no_record_it_does_not_add(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    path = tmp_path / "journal.json"
    _journal(path)
    open_journal(path, TickingClock()).resolve(1, Outcome.NO, date(2026, 2, 1))
    built: list[str] = []

    def counted(name: str) -> Callable[[Any], Any]:
        original = getattr(records, name)

        def parse(record: Any) -> Any:
            built.append(name)
            return original(record)

        return parse

    for name in ("estimate_from_record", "note_from_record"):
        monkeypatch.setattr(records, name, counted(name))
    result = CliRunner().invoke(cli, command, obj=Settings(path, TickingClock()))
    assert result.exit_code == 0, result.output
    assert built == []


class FailingReplace(FileOps):
    def replace(self, source: str, target: Path) -> None:
        raise OSError(28, "No space left on device")


def test_a_failed_save_leaves_the_cached_tables_as_they_were(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression: a save appended to the cached table in place, right only because a failed write
    happened to drop the cache in another module."""
    path = tmp_path / "journal.json"
    _journal(path)
    journal = open_journal(path, TickingClock())
    tables = journal._storage.cached()
    assert tables is not None
    before = {name: dict(table) for name, table in tables.items()}
    monkeypatch.setattr(atomic, "file_ops", FailingReplace())
    with pytest.raises(JournalWriteError):
        journal.add_estimate(2, 0.9, date(2026, 1, 9))
    with pytest.raises(JournalWriteError):
        journal.add_note(2, "lost", date(2026, 1, 9))
    assert tables == before


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 70) | st.floats(-1, 2) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=5), inner, max_size=2),
    max_leaves=4,
)
SPOIL = st.tuples(
    st.sampled_from([ESTIMATES, NOTES]),
    st.integers(0, 4),
    st.sampled_from(["prediction_id", "probability", "date", "recorded_at", "note", "text", "other"]),
    JSON | st.sampled_from(["2026-01-01", "9999-12-31", "2026-01-01T10:00:00", "2026-01-01T10:00:00+02:00", 1, 0.5]),
)


@settings(max_examples=300, deadline=None)
@given(spoils=st.lists(SPOIL | st.tuples(st.sampled_from([ESTIMATES, NOTES]), st.integers(0, 4)), max_size=3))
def test_the_fast_check_agrees_with_building_the_journal(
    tmp_path_factory: pytest.TempPathFactory, spoils: list[Any]
) -> None:
    """`check_tables` refuses exactly the tables `journal_from_tables` refuses, with the same message."""
    raw = _good_tables(tmp_path_factory)
    for spoil in spoils:
        records_ = list(raw[spoil[0]].values())
        if len(spoil) == 2:
            records_[spoil[1]].pop("note" if spoil[0] == ESTIMATES else "text", None)
        else:
            records_[spoil[1]][spoil[2]] = spoil[3]
    try:
        journal_from_tables(raw)
    except RecordError as error:
        with pytest.raises(RecordError) as raised:
            check_tables(raw)
        assert str(raised.value) == str(error)
    else:
        check_tables(raw)


_GOOD: dict[str, bytes] = {}


def _good_tables(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    if not _GOOD:
        _GOOD["raw"] = orjson.dumps(_journal(tmp_path_factory.mktemp("good") / "journal.json"))
    loaded: dict[str, Any] = orjson.loads(_GOOD["raw"])
    return loaded
