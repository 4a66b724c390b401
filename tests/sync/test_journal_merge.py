"""Merging two copies of a journal by record uid (domain.journal_merge): every record kept, none twice,
the same result in either order, and the conflicts a person must decide kept and reported."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.journal_merge import merge_journals
from domain.model import Outcome
from domain.records import ESTIMATES, NOTES, PREDICTIONS, RESOLUTIONS, journal_from_tables
from storage.journal import Journal, open_journal
from tests.clock import TickingClock

Tables = dict[str, dict[str, Any]]


def tables_of(journal: Journal) -> Tables:
    """The journal's tables as plain dicts, read from the file."""
    return orjson.loads(journal.path.read_bytes())  # type: ignore[no-any-return]


def uids(tables: Tables, name: str) -> set[str]:
    return {record["uid"] for record in tables[name].values()}


def copies(tmp_path: Path) -> tuple[Journal, Journal, Tables]:
    """Two journals copied from one base (a few estimates and a note), and the base's tables."""
    base = open_journal(tmp_path / "base.json", TickingClock())
    base.add_estimate(1, 0.3, date(2026, 1, 1))
    base.add_note(1, "first thought", date(2026, 1, 2))
    raw = base.path.read_bytes()
    (tmp_path / "a.json").write_bytes(raw)
    (tmp_path / "b.json").write_bytes(raw)
    a = open_journal(tmp_path / "a.json", TickingClock())
    b = open_journal(tmp_path / "b.json", TickingClock())
    return a, b, tables_of(base)


def add_own(journal: Journal, title: str) -> int:
    return journal.add_own_prediction(title, "", "2027-01-01").id


def test_both_sides_write_while_apart_and_the_merge_keeps_every_record_once(tmp_path: Path) -> None:
    a, b, base = copies(tmp_path)
    a.add_estimate(2, 0.6, date(2026, 3, 1))
    b.add_estimate(2, 0.7, date(2026, 3, 2))
    mine, theirs = add_own(a, "Laptop question"), add_own(b, "Desktop question")
    assert mine == theirs  # both took the next free id
    a.resolve(3, Outcome.YES, date(2026, 4, 1))
    b.resolve(3, Outcome.NO, date(2026, 4, 2))
    a.edit_note(1, 1, "laptop's second thought")
    b.edit_note(1, 1, "desktop's second thought")
    ours, other = tables_of(a), tables_of(b)

    result = merge_journals(ours, other, base)

    assert merge_journals(other, ours, base).tables == result.tables
    merged = result.tables
    for name in (PREDICTIONS, ESTIMATES, NOTES):
        assert uids(merged, name) == uids(ours, name) | uids(other, name)
        assert len(merged[name]) == len(uids(merged, name))
    (moved,) = result.renumbered
    titles = {p["title"]: p["id"] for p in merged[PREDICTIONS].values()}
    assert {titles["Laptop question"], titles["Desktop question"]} == {mine, mine + 1}
    assert moved.old == mine and moved.new == mine + 1
    data = journal_from_tables(merged)
    assert 3 not in data.resolutions
    assert {(r.outcome, r.date) for r in data.conflicting_resolutions(3)} == {
        (Outcome.YES, date(2026, 4, 1)),
        (Outcome.NO, date(2026, 4, 2)),
    }
    (note,) = data.notes_for(1)
    texts = [revision.text for revision in note.revisions]
    assert texts[0] == "first thought" and note.text in {"laptop's second thought", "desktop's second thought"}
    assert {*texts[1:], note.text} == {"laptop's second thought", "desktop's second thought"}
    assert any("conflicting resolutions" in line for line in result.conflicts)
    assert any("edited on both machines" in line for line in result.conflicts)


def test_a_change_on_one_side_wins_and_an_unresolve_is_a_change(tmp_path: Path) -> None:
    a, b, _ = copies(tmp_path)
    a.resolve(2, Outcome.YES, date(2026, 4, 1))
    a.retract(1, 1, "typo")
    base = tables_of(a)
    (tmp_path / "b.json").write_bytes(a.path.read_bytes())
    b = open_journal(tmp_path / "b.json", TickingClock())
    b.unresolve(2)
    a.set_archived(3, True)
    merged = journal_from_tables(merge_journals(tables_of(a), tables_of(b), base).tables)
    assert 2 not in merged.resolutions and not merged.conflicts
    assert merged.estimates_for(1)[0].retracted is not None
    assert merged.prediction(3).archived  # type: ignore[union-attr]


def test_journals_started_apart_share_their_seed_predictions(tmp_path: Path) -> None:
    a = open_journal(tmp_path / "a.json", TickingClock())
    b = open_journal(tmp_path / "b.json", TickingClock())
    a.add_estimate(1, 0.2)
    b.add_estimate(1, 0.9)
    result = merge_journals(tables_of(a), tables_of(b))
    assert len(result.tables[PREDICTIONS]) == len(tables_of(a)[PREDICTIONS]) and not result.renumbered
    assert [e.probability for e in journal_from_tables(result.tables).estimates_for(1)] in ([0.2, 0.9], [0.9, 0.2])


# A diverged pair: from one base, each side applies a few of these writes.
Write = Callable[[Journal], object]
WRITES: list[Write] = [
    lambda j: j.add_estimate(1, 0.25, date(2026, 2, 1)),
    lambda j: j.add_estimate(2, 0.75, date(2026, 2, 2), "why"),
    lambda j: j.add_note(2, "a note", date(2026, 2, 3)),
    lambda j: j.edit_note(1, 1, "edited"),
    lambda j: j.edit_note(1, 1, "edited otherwise"),
    lambda j: j.remove_note(1, 1),
    lambda j: j.retract(1, 1, "typo"),
    lambda j: j.resolve(3, Outcome.YES, date(2026, 3, 1)),
    lambda j: j.resolve(3, Outcome.NO, date(2026, 3, 2)),
    lambda j: j.unresolve(4),
    lambda j: add_own(j, "Same title"),
    lambda j: add_own(j, "Other title"),
    lambda j: j.set_archived(5, True),
    lambda j: j.edit_prediction(6, title="Renamed") if j.snapshot().prediction(6) else None,
]
writes = st.lists(st.sampled_from(range(len(WRITES))), max_size=5)


def apply(journal: Journal, chosen: list[int]) -> Tables:
    for index in chosen:
        with contextlib.suppress(ValueError):  # InputError: resolving what is resolved, say; not made
            WRITES[index](journal)
    return tables_of(journal)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(left=writes, right=writes, three_way=st.booleans())
def test_merge_is_commutative_idempotent_and_loses_nothing(
    tmp_path_factory: Any, left: list[int], right: list[int], three_way: bool
) -> None:
    folder = tmp_path_factory.mktemp("pair")
    a, b, base = copies(folder)
    for journal in (a, b):  # a resolution in the base, for unresolve
        journal.resolve(4, Outcome.NO, date(2026, 1, 5))
    base = tables_of(a)
    ours, theirs = apply(a, left), apply(b, right)
    ancestor = base if three_way else None

    merged = merge_journals(ours, theirs, ancestor).tables

    assert merge_journals(theirs, ours, ancestor).tables == merged
    assert merge_journals(merged, merged).tables == merged
    assert merge_journals(merged, theirs, theirs).tables == merged  # merging the result again changes nothing
    data = journal_from_tables(merged)  # a valid journal
    for name in (PREDICTIONS, ESTIMATES, NOTES):
        assert uids(merged, name) == uids(ours, name) | uids(theirs, name)
        assert len(merged[name]) == len(uids(merged, name))
    answers = {(r.outcome, r.date) for r in [*data.resolutions.values(), *sum(data.conflicts.values(), ())]}
    for side in (ours, theirs):
        for record in side[RESOLUTIONS].values():
            if record not in base[RESOLUTIONS].values():  # a resolution made while apart is never lost
                assert (Outcome(record["outcome"]), date.fromisoformat(record["date"])) in answers


def test_merge_command_takes_in_a_file_syncers_conflict_copy(tmp_path: Path) -> None:
    from tests.cli_support import cli_runner, ok

    a, b, _ = copies(tmp_path)
    b.add_note(1, "written on the other machine")
    copy = tmp_path / "a.sync-conflict-20261129-120000-ABCDEFG.json"
    copy.write_bytes(b.path.read_bytes())
    run = cli_runner(a.path)
    dry = ok(run("merge", str(copy), "--dry-run")).stdout
    assert "1 note on #1" in dry and "dry run" in dry and len(tables_of(a)[NOTES]) == 1
    assert "can now be deleted" in ok(run("merge", str(copy))).stdout
    assert uids(tables_of(a), NOTES) == uids(tables_of(b), NOTES)
    assert "Nothing to merge" in ok(run("merge", str(copy))).stdout


def test_resolutions_undone_on_both_machines_all_stay_in_the_history(tmp_path: Path) -> None:
    a, b, _ = copies(tmp_path)
    a.resolve(2, Outcome.YES, date(2026, 4, 1), "laptop thought so")
    base = tables_of(a)
    (tmp_path / "b.json").write_bytes(a.path.read_bytes())
    b = open_journal(tmp_path / "b.json", TickingClock())
    a.unresolve(2)
    b.unresolve(2)
    b.resolve(2, Outcome.NO, date(2026, 4, 2), "desktop thought not")
    b.unresolve(2)
    for first, second in ((a, b), (b, a)):
        merged = journal_from_tables(merge_journals(tables_of(first), tables_of(second), base).tables)
        prediction = merged.prediction(2)
        assert prediction is not None and 2 not in merged.resolutions
        notes = [undone.note for undone in prediction.undone]
        assert sorted(notes) == ["desktop thought not", "laptop thought so", "laptop thought so"]
