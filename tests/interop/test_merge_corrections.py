"""Importing carries corrections onto matched records: a retraction in the file retracts the matched
estimate, a note's later texts and its removal are added; an import never undoes a correction, and
importing the same file twice changes nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from domain.formats.markdown import parse as parse_markdown
from domain.merge import ImportedPrediction, check_batch_text
from domain.model import Note, NoteRevision
from domain.validation import MAX_TEXT_CHARS, InputError
from storage.exporting import export_markdown
from storage.journal import Journal, open_journal
from tests.cli_support import RunCli, ok
from tests.clock import TODAY, TickingClock

DAY = date(2025, 3, 1)


def both(tmp_path: Path) -> tuple[Journal, Journal]:
    """The user's journal and another with the same estimate and note on prediction 3 (recorded at other times)."""
    mine = open_journal(tmp_path / "mine.json", TickingClock())
    theirs = open_journal(tmp_path / "theirs.json", TickingClock())
    for journal in (mine, theirs):
        journal.add_estimate(3, 0.4, DAY, "first look")
        journal.add_note(3, "first", DAY)
    return mine, theirs


def imported(theirs: Journal, tmp_path: Path) -> list[ImportedPrediction]:
    """`theirs` as its markdown export reads back."""
    target = export_markdown(theirs, tmp_path / "theirs.md", overwrite=True)
    return parse_markdown(target.read_text(encoding="utf-8"), "theirs.md", TODAY.date())


def test_a_retraction_and_a_later_text_in_the_file_are_carried_and_a_second_import_changes_nothing(
    tmp_path: Path,
) -> None:
    mine, theirs = both(tmp_path)
    theirs.retract(3, 1, "typo")
    theirs.edit_note(3, 1, "second")
    report = mine.merge(imported(theirs, tmp_path))
    assert (report.corrected, report.estimates, report.notes) == (2, (), ())
    data = open_journal(mine.path, TickingClock()).snapshot()
    [estimate] = data.estimates_for(3)
    assert estimate.retracted is not None
    assert estimate.retracted.reason == "typo"
    [note] = data.notes_for(3)
    assert (note.text, [r.text for r in note.revisions]) == ("second", ["first"])
    after = mine.path.read_bytes()
    again = mine.merge(imported(theirs, tmp_path))
    assert not again.changed
    assert mine.path.read_bytes() == after


def test_a_removal_in_the_file_hides_the_matched_note(tmp_path: Path) -> None:
    mine, theirs = both(tmp_path)
    theirs.remove_note(3, 1)
    assert mine.merge(imported(theirs, tmp_path)).corrected == 1
    assert mine.snapshot().notes_for(3)[0].removed is not None


def test_an_import_never_undoes_a_correction(tmp_path: Path) -> None:
    mine, theirs = both(tmp_path)
    mine.retract(3, 1, "mine")
    mine.edit_note(3, 1, "second")
    mine.edit_note(3, 1, "third")
    mine.remove_note(3, 1)
    theirs.edit_note(3, 1, "second")  # behind the journal's texts: nothing to add
    before = mine.path.read_bytes()
    report = mine.merge(imported(theirs, tmp_path))
    assert (report.changed, report.skipped, report.conflicts) == (False, 2, ())
    assert mine.path.read_bytes() == before


def test_a_note_whose_texts_went_another_way_is_a_conflict_and_the_journal_kept(tmp_path: Path) -> None:
    mine, theirs = both(tmp_path)
    mine.edit_note(3, 1, "mine")
    theirs.edit_note(3, 1, "theirs")
    before = mine.path.read_bytes()
    report = mine.merge(imported(theirs, tmp_path))
    assert not report.changed
    assert report.conflicts == (
        "prediction 3 ('Integration of Multimodal Capabilities'): note #1 of 2025-03-01 has other texts in the file; "
        "kept the journal's",
    )
    assert mine.path.read_bytes() == before


def test_of_identical_estimates_only_as_many_are_retracted_as_in_the_file(tmp_path: Path) -> None:
    mine, theirs = both(tmp_path)
    mine.add_estimate(3, 0.4, DAY, "first look")
    theirs.add_estimate(3, 0.4, DAY, "first look")
    theirs.retract(3, 2, "double")
    assert mine.merge(imported(theirs, tmp_path)).corrected == 1
    assert [e.retracted is not None for e in mine.snapshot().estimates_for(3)] == [False, True]
    # Again: the file's retracted copy matches the journal's retracted one, the other the other.
    assert not mine.merge(imported(theirs, tmp_path)).changed


def test_the_cli_import_carries_a_retraction(tmp_path: Path, run_cli: RunCli, journal_path: Path) -> None:
    ok(run_cli("estimate", "3", "40", "--date", DAY.isoformat()))
    theirs = open_journal(tmp_path / "theirs.json", TickingClock())
    theirs.add_estimate(3, 0.4, DAY)
    theirs.retract(3, 1, "typo")
    target = export_markdown(theirs, tmp_path / "theirs.md")
    summary = ok(run_cli("import", str(target))).stdout
    assert "1 correction (retractions, note edits and removals)" in summary
    after = journal_path.read_bytes()
    [estimate] = open_journal(journal_path, TickingClock()).snapshot().estimates_for(3)
    assert estimate.retracted is not None
    ok(run_cli("import", str(target)))
    assert journal_path.read_bytes() == after


def test_an_earlier_note_text_over_the_limit_is_refused(tmp_path: Path) -> None:
    mine = open_journal(tmp_path / "mine.json", TickingClock())
    prediction = mine.snapshot().predictions[0]
    long_text = "x" * (MAX_TEXT_CHARS + 1)
    note = Note(0, DAY, "short", TickingClock()(), revisions=(NoteRevision(long_text, TickingClock()()),))
    with pytest.raises(InputError, match="earlier note text is 100,001 characters long"):
        check_batch_text(ImportedPrediction(prediction, notes=(note,)))
