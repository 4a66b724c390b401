"""The corrections from the keyboard: edit and remove a note, unretract, archive and unarchive, edit a
prediction of your own. Each asserts on the journal file, and that going back writes nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import Static, TextArea
from tui_support import AppFactory, TickingClock, press, settle

from domain.model import JournalData
from storage.journal import open_journal
from tui.app import ForecastApp
from tui.screens.confirm import Confirm
from tui.screens.edit_note import EditNoteDialog
from tui.screens.edit_prediction import EditPredictionDialog
from tui.screens.help import help_rows
from tui.screens.main import MainScreen
from tui.screens.pick import PickDialog
from tui.widgets.pane import PredictionPane

SIZE = (120, 40)


def journal(path: Path) -> JournalData:
    """The journal as a fresh process reads it."""
    return open_journal(path, TickingClock()).snapshot()


def error_text(app: ForecastApp) -> str:
    return str(app.screen.query_one(".dialog-error", Static).render())


async def test_a_note_is_edited_in_a_prefilled_editor_and_its_earlier_text_kept(
    sample_journal: Path, make_app: AppFactory
) -> None:
    app = make_app(sample_journal)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "3", "m")
        assert isinstance(app.screen, EditNoteDialog)
        area = app.screen.query_one(TextArea)
        assert area.text == "Audio is still patchy.\nVideo input is rare."
        await press(pilot, "ctrl+u", "1")  # another number loads that note's text
        assert area.text == "Most flagship models now take images."
        await press(pilot, "enter", "end", "!", "ctrl+s")
        assert isinstance(app.screen, MainScreen)
    note = journal(sample_journal).notes_for(3)[0]
    assert note.text == "Most flagship models now take images.!"
    assert [r.text for r in note.revisions] == ["Most flagship models now take images."]


async def test_an_unchanged_or_cancelled_note_edit_writes_nothing(sample_journal: Path, make_app: AppFactory) -> None:
    before = sample_journal.read_bytes()
    app = make_app(sample_journal)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "3", "m")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, EditNoteDialog)
        assert "already has this text" in error_text(app)
        await press(pilot, "enter", "x", "escape")
        assert isinstance(app.screen, Confirm)
        await press(pilot, "y")
        assert isinstance(app.screen, MainScreen)
    assert sample_journal.read_bytes() == before


async def test_a_note_is_removed_after_confirmation(sample_journal: Path, make_app: AppFactory) -> None:
    before = sample_journal.read_bytes()
    app = make_app(sample_journal)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "3", "d")
        assert isinstance(app.screen, PickDialog)
        await press(pilot, "enter")
        assert isinstance(app.screen, Confirm)
        await press(pilot, "n")
        assert isinstance(app.screen, PickDialog)
        assert sample_journal.read_bytes() == before
        await press(pilot, "enter", "y")
        assert isinstance(app.screen, MainScreen)
        await press(pilot, "d")
        await press(pilot, "end", "ctrl+u", "2", "enter")  # already removed: refused in the dialog
        assert isinstance(app.screen, PickDialog)
        assert "already removed" in error_text(app)
        await press(pilot, "escape")
    notes = journal(sample_journal).notes_for(3)
    assert [n.removed is not None for n in notes] == [False, True]


async def test_a_retracted_estimate_counts_again(sample_journal: Path, make_app: AppFactory) -> None:
    open_journal(sample_journal, TickingClock()).retract(1, 2, "typo")
    before = sample_journal.read_bytes()
    app = make_app(sample_journal)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "1", "T")
        assert isinstance(app.screen, PickDialog)
        await press(pilot, "escape")
        assert sample_journal.read_bytes() == before
        await press(pilot, "T")
        await press(pilot, "end", "ctrl+u", "1", "enter")
        assert "not retracted" in error_text(app)
        await press(pilot, "ctrl+u", "2", "enter")
        assert isinstance(app.screen, MainScreen)
    assert [e.retracted for e in journal(sample_journal).estimates_for(1)] == [None, None, None]


async def test_a_prediction_is_archived_after_confirmation_and_brought_back(
    sample_journal: Path, make_app: AppFactory
) -> None:
    before = sample_journal.read_bytes()
    app = make_app(sample_journal)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "5", "z")
        assert isinstance(app.screen, Confirm)
        await press(pilot, "n")
        assert isinstance(app.screen, MainScreen)
        assert sample_journal.read_bytes() == before
        await press(pilot, "z")
        await press(pilot, "y")
        assert journal(sample_journal).prediction(5).archived  # type: ignore[union-attr]
        await press(pilot, "Z")
        assert isinstance(app.screen, PickDialog)
        await press(pilot, "end", "ctrl+u", "5", "enter")
        assert isinstance(app.screen, MainScreen)
    assert not journal(sample_journal).prediction(5).archived  # type: ignore[union-attr]


async def test_your_own_prediction_is_edited_and_the_old_values_kept(
    sample_journal: Path, make_app: AppFactory
) -> None:
    own = open_journal(sample_journal, TickingClock()).add_own_prediction("Rain on Sunday", "In Leeds", "2026-12-31")
    app = make_app(sample_journal)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one(f"#pane-{own.id}", PredictionPane).focus()
        await press(pilot, "p")
        assert isinstance(app.screen, EditPredictionDialog)
        await press(pilot, "end", "?", "tab", "tab", "end", "backspace", "0", "enter")
        assert isinstance(app.screen, MainScreen)
    edited = journal(sample_journal).prediction(own.id)
    assert edited is not None
    assert (edited.title, edited.text, edited.resolve_by) == ("Rain on Sunday?", "In Leeds", date(2026, 12, 30))
    assert [(h.title, h.resolve_by) for h in edited.history] == [("Rain on Sunday", date(2026, 12, 31))]


async def test_a_seed_prediction_cannot_be_edited_and_says_why(sample_journal: Path, make_app: AppFactory) -> None:
    before = sample_journal.read_bytes()
    app = make_app(sample_journal)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "1", "p")
        assert isinstance(app.screen, EditPredictionDialog)
        assert "only your own predictions can be edited" in error_text(app)
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, EditPredictionDialog)
        await press(pilot, "escape")
        assert isinstance(app.screen, MainScreen)
    assert sample_journal.read_bytes() == before


async def test_the_correction_keys_are_in_help_and_not_in_the_footer(
    sample_journal: Path, make_app: AppFactory
) -> None:
    app = make_app(sample_journal)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "1")
        rows = {row.description: row.keys for row in help_rows(app.screen)}
        wanted = {
            "Unretract": "T",
            "Edit note": "m",
            "Remove note": "d",
            "Edit prediction": "p",
            "Archive": "z",
            "Unarchive": "Z",
        }
        assert {name: rows.get(name) for name in wanted} == wanted
        shown = {b.binding.description for b in app.screen.active_bindings.values() if b.binding.show}
        assert not shown & wanted.keys()
