"""The journal file: saves on disk, change detection, refusals and file modes. Crashes, concurrent writers and
corrupt files are in tests/reliability/."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from reliability.support import estimate_notes

from domain.model import Outcome
from domain.validation import InputError
from storage import open_journal
from storage.atomic import TEMP_PREFIX, UMASK
from storage.exporting import export_markdown
from storage.journal import Journal
from tests.clock import TickingClock


def test_saved_estimate_is_on_disk_when_the_call_returns(journal_path: Path, clock: TickingClock) -> None:
    journal = open_journal(journal_path, clock)
    journal.add_estimate(3, 0.25, note="on disk")
    assert estimate_notes(journal_path) == ["on disk"]
    assert not list(journal_path.parent.glob(f"*{TEMP_PREFIX}*"))


def test_a_second_handle_sees_changes_made_through_the_first(journal_path: Path, clock: TickingClock) -> None:
    reader = open_journal(journal_path, clock)
    writer = open_journal(journal_path, clock)
    assert reader.snapshot().estimates_for(1) == ()
    writer.add_estimate(1, 0.5)
    writer.resolve(2, Outcome.NO)
    snapshot = reader.snapshot()
    assert [e.probability for e in snapshot.estimates_for(1)] == [0.5]
    assert snapshot.resolution_for(2) is not None
    reader.add_estimate(1, 0.6)
    assert [e.probability for e in writer.snapshot().estimates_for(1)] == [0.5, 0.6]


def test_unchanged_file_is_not_parsed_again(journal_path: Path, clock: TickingClock) -> None:
    journal = open_journal(journal_path, clock)
    first = journal.snapshot()
    assert journal.snapshot() is first
    journal.add_note(1, "changed")
    assert journal.snapshot() is not first


def test_storage_refuses_what_the_cli_would(journal: Journal, journal_path: Path) -> None:
    before = journal_path.read_bytes()
    for call in (
        lambda: journal.add_estimate(1, 1.5),
        lambda: journal.add_estimate(42, 0.5),
        lambda: journal.add_note(1, " \n "),
        lambda: journal.unresolve(1),
    ):
        with pytest.raises(InputError):
            call()
    assert journal_path.read_bytes() == before


def test_a_new_export_gets_the_usual_file_mode(journal: Journal, tmp_path: Path) -> None:
    target = export_markdown(journal, tmp_path / "export.md")
    assert target.stat().st_mode & 0o777 == 0o666 & ~UMASK


def test_snapshot_carried_forward_after_saves_equals_a_fresh_parse(journal_path: Path, clock: TickingClock) -> None:
    journal = open_journal(journal_path, clock)
    journal.snapshot()
    journal.add_estimate(1, 0.3, note="first")
    journal.add_estimate(1, 0.4)
    journal.add_note(2, "a note")
    journal.resolve(3, Outcome.YES)
    journal.resolve(4, Outcome.NO)
    journal.unresolve(3)
    journal.add_predictions(lambda first: [replace(journal.snapshot().predictions[0], id=first, title="Mine")])
    journal.add_estimate(11, 0.9)
    assert journal.snapshot() == open_journal(journal_path, clock).snapshot()
