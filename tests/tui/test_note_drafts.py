"""The note editor keeps its draft when the app closes, offers it back next time, and forgets it once the
note is saved or thrown away; a bad drafts file never stops the app."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Label, TextArea
from tui_support import AppFactory, TickingClock, go_to, press, settle

from storage.drafts import drafts_path, keep_draft, read_drafts
from storage.journal import open_journal
from tui.app import ForecastApp
from tui.screens.confirm import Confirm
from tui.screens.main import MainScreen
from tui.screens.note import NoteEditor

RESTORED = "Restored the unsaved draft left when the app last closed."


def editor_text(app: ForecastApp) -> str:
    return app.screen.query_one("#note-text", TextArea).text


def restored_notice(app: ForecastApp) -> str:
    notice = app.screen.query_one("#draft-restored", Label)
    return str(notice.content) if notice.display else ""


async def test_a_note_being_written_when_the_app_closes_is_offered_back_and_goes_once_saved(
    sample_journal: Path, make_app: AppFactory
) -> None:
    drafts = drafts_path(sample_journal)
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await go_to(pilot, 4)
        await press(pilot, "n")
        app.screen.query_one("#note-text", TextArea).insert("Half a thought\nand more")
        app.close_on_signal()  # what SIGTERM and SIGHUP run
    assert read_drafts(drafts).drafts == {"note/4": "Half a thought\nand more"}

    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await go_to(pilot, 5)
        await press(pilot, "n")
        assert editor_text(app) == ""  # another prediction's editor has no draft
        await press(pilot, "escape")
        await go_to(pilot, 4)
        await press(pilot, "n")
        assert editor_text(app) == "Half a thought\nand more"
        assert restored_notice(app) == RESTORED
        await press(pilot, "!", "ctrl+s")
        assert isinstance(app.screen, MainScreen)
    [note] = open_journal(sample_journal, TickingClock()).snapshot().notes_for(4)
    assert note.text == "Half a thought\nand more!"
    assert not drafts.exists()


async def test_a_draft_thrown_away_is_not_offered_again(sample_journal: Path, make_app: AppFactory) -> None:
    drafts = drafts_path(sample_journal)
    keep_draft(drafts, "note/2", "Not worth keeping")
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await go_to(pilot, 2)
        await press(pilot, "n")
        assert editor_text(app) == "Not worth keeping"
        await press(pilot, "escape")
        assert isinstance(app.screen, Confirm)
        await press(pilot, "n")  # keep editing: the draft stays
        assert read_drafts(drafts).drafts == {"note/2": "Not worth keeping"}
        await press(pilot, "escape", "y")
        assert isinstance(app.screen, MainScreen)
    assert not drafts.exists()


async def test_a_corrupt_drafts_file_is_reported_and_left_alone(sample_journal: Path, make_app: AppFactory) -> None:
    drafts = drafts_path(sample_journal)
    drafts.write_bytes(b"\x1b[31m{not json")
    journal_bytes = sample_journal.read_bytes()
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        assert isinstance(app.screen, NoteEditor)
        assert editor_text(app) == ""
        [notice] = [n.message for n in app._notifications]
        assert notice.startswith("Note drafts not restored: ") and "cannot be read (it is not valid JSON" in notice
        assert "\x1b" not in notice
        await press(pilot, "escape")
    assert drafts.read_bytes() == b"\x1b[31m{not json"
    assert sample_journal.read_bytes() == journal_bytes


async def test_a_draft_holding_control_characters_is_not_drawn(sample_journal: Path, make_app: AppFactory) -> None:
    drafts = drafts_path(sample_journal)
    keep_draft(drafts, "note/1", "\x1b]0;pwned\x07 title")
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        assert editor_text(app) == ""
        assert restored_notice(app) == ""
        assert [n.message for n in app._notifications] == [
            "A note draft was not restored: it holds control characters (such as terminal escape sequences)."
        ]
