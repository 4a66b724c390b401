"""Drive each flow with keys, then check what the journal file holds."""

from __future__ import annotations

import gc
import io
import threading
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Input, Static, TextArea
from tui_support import TODAY, AppFactory, TickingClock, go_to, opener_waiting_for, press, settle, wait_until

from domain.model import JournalData, Outcome, Prediction
from storage.errors import JournalCorruptError, JournalLockedError
from storage.journal import Journal, open_journal
from tui.launch import launch
from tui.screens.brier import BrierScreen, CalibrationView
from tui.screens.confirm import Confirm
from tui.screens.error import ErrorScreen
from tui.screens.estimate import EstimateDialog
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.screens.note import NoteEditor
from tui.screens.resolve import ResolveDialog
from tui.widgets.detail import DetailBody
from tui.widgets.footer import KeyFooter
from tui.widgets.pane import PredictionPane


def reread(path: Path) -> JournalData:
    """The journal as a fresh process would see it."""
    return open_journal(path, TickingClock()).snapshot()


def shown_text(widget: Static) -> str:
    """The plain text a Static shows."""
    console = Console(width=200, file=io.StringIO(), record=True, color_system=None)
    console.print(widget.content)
    return console.export_text()


def error_text(screen: object) -> str:
    """The error line of a dialog."""
    line = screen.query_one(".dialog-error", Static)  # type: ignore[attr-defined]
    return str(line.content) if line.display else ""


async def type_text(pilot: Pilot[object], text: str) -> None:
    """Type text into the focused field as its keys would (Input and TextArea insert it at the cursor).

    Inserted at once rather than one key at a time: the pilot waits for the app to look idle after
    every key, twice, and typing was most of these tests' time. Keys that mean something other
    than text (enter, tab, escape, letters bound to actions) are pressed with `press`.
    """
    focused = pilot.app.focused
    if isinstance(focused, TextArea):
        focused.insert(text)
    else:
        assert isinstance(focused, Input), f"typing into {focused!r}"
        focused.insert_text_at_cursor(text)
    await pilot.pause(0)


def set_2026(prediction_id: int, title: str) -> Prediction:
    """A prediction of a second set, due at the end of 2026 (so it is the current set)."""
    return Prediction(prediction_id, title, "", "p26.md", date(2026, 12, 31), "Predictions For 2026")


async def clear_field(pilot: Pilot[object]) -> None:
    """Empty the focused input (end, then ctrl+u deletes everything left of the cursor)."""
    await pilot.press("end", "ctrl+u")


async def test_estimate_is_saved_to_the_journal(sample_journal: Path, make_app: AppFactory) -> None:
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "6", "e")
        assert isinstance(app.screen, EstimateDialog)
        await type_text(pilot, "72.5")
        await press(pilot, "enter")
        assert isinstance(app.screen, MainScreen)
        assert app.screen.query_one("#pane-6", PredictionPane).view.latest == "72.5%"
    estimates = reread(sample_journal).estimates_for(6)
    assert [(e.probability, e.date) for e in estimates] == [(0.725, TODAY)]


async def test_estimate_with_a_note(sample_journal: Path, make_app: AppFactory) -> None:
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "7", "e")
        await type_text(pilot, "35")
        await press(pilot, "tab", "tab")
        assert app.screen.focused is not None and app.screen.focused.id == "note"
        await type_text(pilot, "  [b]context windows[/b] grew  ")
        await press(pilot, "enter")
        assert isinstance(app.screen, MainScreen)
    [estimate] = reread(sample_journal).estimates_for(7)
    assert (estimate.probability, estimate.note) == (0.35, "[b]context windows[/b] grew")


async def test_estimate_with_an_earlier_date(sample_journal: Path, make_app: AppFactory) -> None:
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await go_to(pilot, 10)
        await press(pilot, "e")
        await type_text(pilot, "40%")
        await pilot.press("tab")
        await clear_field(pilot)
        await type_text(pilot, "2026-03-15")
        await press(pilot, "enter")
    estimates = reread(sample_journal).estimates_for(10)
    assert [(e.probability, e.date) for e in estimates] == [(0.4, date(2026, 3, 15))]


@pytest.mark.parametrize(
    ("percent", "day", "message"),
    [
        ("abc", None, "percent must be a number from 0 to 100 such as 70 or 62.5, got 'abc'"),
        ("150", None, "percent must be between 0 and 100, got '150'"),
        ("", None, "percent must be a number from 0 to 100 such as 70 or 62.5, got ''"),
        ("50", "2026-13-01", "date must be a real date written YYYY-MM-DD, got '2026-13-01'"),
        ("50", "2026-12-01", "date 2026-12-01 is in the future (today is 2026-11-29)"),
    ],
)
async def test_bad_estimate_is_refused_and_nothing_is_written(
    sample_journal: Path, make_app: AppFactory, percent: str, day: str | None, message: str
) -> None:
    before = sample_journal.read_bytes()
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "3", "e")
        await type_text(pilot, percent)
        if day is not None:
            await pilot.press("tab")
            await clear_field(pilot)
            await type_text(pilot, day)
        await press(pilot, "enter")
        assert isinstance(app.screen, EstimateDialog)
        assert error_text(app.screen) == message
        await press(pilot, "escape")
        assert isinstance(app.screen, MainScreen)
    assert sample_journal.read_bytes() == before


async def test_note_is_saved_with_ctrl_s(sample_journal: Path, make_app: AppFactory) -> None:
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "2", "n")
        assert isinstance(app.screen, NoteEditor)
        await type_text(pilot, "Fine-tuned\nsee survey")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, MainScreen)
        assert app.screen.query_one("#pane-2", PredictionPane).view.notes == 1
    notes = reread(sample_journal).notes_for(2)
    assert [(n.text, n.date) for n in notes] == [("Fine-tuned\nsee survey", TODAY)]


async def test_empty_note_is_refused(sample_journal: Path, make_app: AppFactory) -> None:
    before = sample_journal.read_bytes()
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        await type_text(pilot, "   ")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, NoteEditor)
        assert error_text(app.screen) == "note is empty"
    assert sample_journal.read_bytes() == before


async def test_escape_asks_before_discarding_a_draft(sample_journal: Path, make_app: AppFactory) -> None:
    before = sample_journal.read_bytes()
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        await type_text(pilot, "draft")
        await press(pilot, "escape")
        assert isinstance(app.screen, Confirm)
        await press(pilot, "n")
        assert isinstance(app.screen, NoteEditor)
        await press(pilot, "escape", "y")
        assert isinstance(app.screen, MainScreen)
        await press(pilot, "n", "escape")
        assert isinstance(app.screen, MainScreen), "an empty draft closes without asking"
    assert sample_journal.read_bytes() == before


async def test_resolve_then_unresolve(sample_journal: Path, make_app: AppFactory) -> None:
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "3", "r")
        assert isinstance(app.screen, ResolveDialog)
        await press(pilot, "enter")
        assert error_text(app.screen) == "pick an outcome first: press y, n or a"
        await clear_field(pilot)
        await type_text(pilot, "2026-01-15")
        await press(pilot, "y", "enter")
        assert isinstance(app.screen, MainScreen), (error_text(app.screen), app.screen.query_one("#date").value)
        assert app.screen.query_one("#pane-3", PredictionPane).view.status == "resolved yes · Brier 0.250"
        resolution = reread(sample_journal).resolution_for(3)
        assert resolution is not None
        assert (resolution.outcome, resolution.date) == (Outcome.YES, date(2026, 1, 15))

        await press(pilot, "r", "y")
        assert app.screen.query_one("#choice", Static).content == "Choice: none yet", "y is not offered once resolved"
        await press(pilot, "u", "enter")
        assert isinstance(app.screen, MainScreen)
        assert reread(sample_journal).resolution_for(3) is None
        assert app.screen.query_one("#pane-3", PredictionPane).view.status == "overdue"
        # The resolution taken back stays in the prediction's history, and the detail panel shows it.
        prediction = reread(sample_journal).prediction(3)
        assert prediction is not None
        assert [(u.outcome, u.date) for u in prediction.undone] == [(Outcome.YES, date(2026, 1, 15))]
        detail = app.screen.query_one(DetailBody)
        await wait_until(pilot, lambda: "undone: yes on 2026-01-15" in str(detail.render()))


async def test_resolve_with_a_note_whose_letters_are_text_not_outcomes(
    sample_journal: Path, make_app: AppFactory
) -> None:
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "3", "r", "y", "tab")
        assert app.screen.focused is not None and app.screen.focused.id == "note"
        await press(pilot, "n", "o", "space", "a", "n", "d", "space", "y", "e", "s")  # real keys: they must be text
        assert app.screen.query_one("#choice", Static).content == "Choice: yes", "typing in the note picks nothing"
        await press(pilot, "enter")
        assert isinstance(app.screen, MainScreen)
    resolution = reread(sample_journal).resolution_for(3)
    assert resolution is not None
    assert (resolution.outcome, resolution.note) == (Outcome.YES, "no and yes")


async def test_resolve_no_and_ambiguous(sample_journal: Path, make_app: AppFactory) -> None:
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "5", "r", "n", "enter", "6", "r", "a", "enter")
    data = reread(sample_journal)
    # Overdue: the date defaults to the resolve-by date, not today.
    assert (data.resolution_for(5).outcome, data.resolution_for(5).date) == (Outcome.NO, date(2025, 12, 31))
    assert data.resolution_for(6).outcome is Outcome.AMBIGUOUS


async def test_export_writes_the_file_and_says_where(
    sample_journal: Path, make_app: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "out" / "journal.md"
    target.parent.mkdir()
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "x")
        assert app.screen.query_one("#path").value == "./forecast-journal-2026-11-29.md"
        await clear_field(pilot)
        await type_text(pilot, "out/journal.md")  # relative to the working directory
        await press(pilot, "enter")
        assert isinstance(app.screen, MainScreen)
        messages = [notification.message for notification in app._notifications]
        assert f"Exported to {target.resolve()}" in messages
    text = target.read_text(encoding="utf-8")
    assert "# LLM Predictions For 2025" in text
    assert "| 2025-01-10 | 60% backdated | 0.6 |" in text
    assert "Audio is still patchy." in text


async def test_brier_view_numbers(sample_journal: Path, make_app: AppFactory) -> None:
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "b")
        screen = app.screen
        assert isinstance(screen, BrierScreen)
        assert screen.report is not None
        assert screen.report.brier == pytest.approx(0.065)
        overall = shown_text(screen.query_one("#overall", Static))
        assert "Brier (final)           0.065" in overall
        assert "Baseline (always 50%)   0.250" in overall
        assert "Skill score             +0.740" in overall
        assert "Reliability             0.065" in overall
        assert "Within-bin covariance   0.000" in overall
        assert "0 = perfect, 0.25 = always 50%, 1 = worst" in overall
        table = shown_text(screen.query_one("#brier-table", Static))
        assert "0.040" in table and "0.090" in table
        # Prediction 3 is open and overdue: its what-if scores use 50%, the estimate in force at the close.
        assert "pending" in table and "0.134" in table and "0.810" in table
        calibration = screen.query_one(CalibrationView).render().plain.splitlines()
        assert sum("●" in line for line in calibration) == 3  # two bins and the legend
        assert "80%      1       80%       100%  27%–100%" in calibration
        await press(pilot, "escape")
        assert isinstance(app.screen, MainScreen)


async def test_brier_view_filters_by_set(sample_journal: Path, make_app: AppFactory) -> None:
    journal = open_journal(sample_journal, TickingClock())
    journal.add_predictions(
        lambda first: [set_2026(first + i, f"2026 item {i}") for i in range(2)]
    )
    journal.add_estimate(11, 0.2, date(2026, 2, 1))
    journal.resolve(11, Outcome.NO, date(2026, 3, 1))
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "b")
        screen = app.screen
        assert isinstance(screen, BrierScreen)
        assert [s.prediction_id for s in screen.report.predictions] == list(range(1, 13))
        await press(pilot, "s")
        assert [s.prediction_id for s in screen.report.predictions] == [11, 12]
        assert screen.report.brier == pytest.approx(0.04)
        assert "Predictions For 2026" in shown_text(screen.query_one("#brier-filter", Static))
        await press(pilot, "s")
        assert [s.prediction_id for s in screen.report.predictions] == list(range(1, 11))


async def test_current_set_comes_first_and_number_keys_go_to_the_prediction_with_that_id(
    sample_journal: Path, make_app: AppFactory
) -> None:
    journal = open_journal(sample_journal, TickingClock())
    journal.add_predictions(
        lambda first: [set_2026(first + i, f"Item {i}") for i in range(10)]
    )
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        panes = list(app.screen.query(PredictionPane))
        assert [p.prediction_id for p in panes[:10]] == list(range(11, 21))
        assert len(panes) == 20
        await go_to(pilot, 3)
        assert app.screen.focused_id == 3
        await go_to(pilot, 13)
        assert app.screen.focused_id == 13
        await press(pilot, "j", "right")
        assert app.screen.focused_id == 16


async def test_add_prediction(sample_journal: Path, make_app: AppFactory) -> None:
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "a")
        await press(pilot, "enter")
        assert error_text(app.screen) == "title is empty"
        await type_text(pilot, "Open weights")
        await pilot.press("tab")
        await type_text(pilot, "On LMArena")
        await press(pilot, "enter")
        assert isinstance(app.screen, MainScreen)
        assert app.screen.focused_id == 11
    added = reread(sample_journal).prediction(11)
    assert added is not None
    assert (added.title, added.text, added.resolve_by) == ("Open weights", "On LMArena", date(2026, 12, 31))


async def test_adding_a_title_already_in_own_predictions_is_refused(sample_journal: Path, make_app: AppFactory) -> None:
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        before = b""
        for _ in range(2):
            before = sample_journal.read_bytes()
            await press(pilot, "a")
            await type_text(pilot, "Open weights")
            await press(pilot, "enter")
            await app.workers.wait_for_complete()
            await settle(pilot)
        messages = [notification.message for notification in app._notifications]
    assert any("already has a prediction titled 'Open weights' (id 11)" in m for m in messages)
    assert [p.title for p in reread(sample_journal).predictions].count("Open weights") == 1
    assert sample_journal.read_bytes() == before


async def test_moving_between_panes(sample_journal: Path, make_app: AppFactory) -> None:
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.screen.focused_id == 1
        steps = {"right": 2, "down": 4, "j": 6, "left": 5, "up": 3, "k": 1}
        for key, expected in steps.items():
            await press(pilot, key)
            assert app.screen.focused_id == expected


async def test_page_keys_scroll_the_detail_on_a_small_terminal(sample_journal: Path, make_app: AppFactory) -> None:
    app = make_app(sample_journal)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "3")
        detail = app.screen.query_one("#detail")
        assert detail.max_scroll_y > 0, "the detail of prediction 3 is taller than the panel at 80×24"
        await press(pilot, "pagedown")
        await pilot.wait_for_scheduled_animations()
        assert detail.scroll_y > 0
        assert app.screen.focused_id == 3, "paging the detail leaves the focus where it was"
        await press(pilot, "pageup")
        await pilot.wait_for_scheduled_animations()
        assert detail.scroll_y == 0


async def test_change_made_elsewhere_shows_up(sample_journal: Path, make_app: AppFactory) -> None:
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        open_journal(sample_journal, TickingClock()).add_estimate(7, 0.33, date(2026, 5, 5))
        app.screen.check_for_changes()
        await settle(pilot)
        assert app.screen.query_one("#pane-7", PredictionPane).view.latest == "33%"


async def test_corrupt_journal_shows_the_error_screen(journal_path: Path, make_app: AppFactory) -> None:
    journal_path.write_text("{ not json", encoding="utf-8")
    app = make_app(journal_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ErrorScreen)
        assert str(journal_path) in app.screen.message
        await press(pilot, "q")
    assert app.return_code == 1, "a journal that cannot be opened is a failure for scripts too"
    assert journal_path.read_text(encoding="utf-8") == "{ not json"


async def test_locked_journal_shows_the_error_screen(journal_path: Path, make_app: AppFactory) -> None:
    def locked(path: Path, clock: object) -> object:
        raise JournalLockedError(f"{path}: another process has held the journal lock for over 10s")

    app = make_app(journal_path, opener=locked)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ErrorScreen)
        assert "another process has held the journal lock" in app.screen.message


async def test_help_lists_every_key(sample_journal: Path, make_app: AppFactory) -> None:
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        main = app.screen
        await press(pilot, "f1")
        keys = " ".join(row.keys for row in app.screen.rows)
        for key in ("1", "0", "e", "n", "r", "b", "x", "a", "q", "?", "f1", "k", "j", "←", "→", "pgdn", "pgup"):
            assert key in keys.split(), key
        await press(pilot, "escape")
        assert app.screen is main


async def test_every_key_is_in_the_command_palette(sample_journal: Path, make_app: AppFactory) -> None:
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Estimate", "Note", "Resolve", "Brier", "Export", "Add", "Help", "Quit", "Go to 1", "Go to 0"} <= titles


async def test_collection_held_off_at_start_up_resumes_once_the_journal_is_shown(
    sample_journal: Path, make_app: AppFactory
) -> None:
    gc.unfreeze()  # what earlier apps in this process froze
    gc.disable()  # as `launch` does
    try:
        app = make_app(sample_journal)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await wait_until(pilot, gc.isenabled)
            assert gc.get_freeze_count() > 0, "what exists once the journal is shown is frozen out of collections"
    finally:
        gc.enable()


async def test_collection_resumes_when_the_journal_cannot_be_opened(make_app: AppFactory, tmp_path: Path) -> None:
    def corrupt(path: Path, clock: object) -> object:
        raise JournalCorruptError("journal.json: the file is not valid JSON")

    gc.disable()
    try:
        app = make_app(tmp_path / "journal.json", opener=corrupt)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await wait_until(pilot, gc.isenabled)
    finally:
        gc.enable()


def test_launch_holds_collection_off_while_the_app_starts_and_restores_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    seen: list[bool] = []

    class Started:
        return_code = 0
        error_console: object = None

        def run(self) -> None:
            seen.append(gc.isenabled())

        def saves_in_flight(self) -> list[object]:
            return []

    monkeypatch.setattr("tui.factory.create_app", lambda *args, **options: Started())
    launch(tmp_path / "journal.json", TickingClock())
    assert seen == [False]
    assert gc.isenabled(), "collection is back on once the app has stopped, however it stopped"


async def test_journal_opens_off_the_event_loop(sample_journal: Path, make_app: AppFactory) -> None:
    release = threading.Event()

    app = make_app(sample_journal, opener=opener_waiting_for(release))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "Opening the journal" in str(app.query_one("#opening", Static).content)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen), "keys are handled while the journal is still opening"
        await pilot.press("escape")
        release.set()
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_failed_save_is_reported_and_nothing_changes(
    sample_journal: Path, make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    def locked(*args: object) -> None:
        raise JournalLockedError(f"{sample_journal.name}: another process has held the journal lock for over 10s")

    monkeypatch.setattr(Journal, "add_estimate", locked)
    before = sample_journal.read_bytes()
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "4", "e")
        await type_text(pilot, "30")
        await press(pilot, "enter")
        assert isinstance(app.screen, MainScreen)
        messages = [notification.message for notification in app._notifications]
        assert "journal.json: another process has held the journal lock for over 10s" in messages
        assert app.screen.query_one("#pane-4", PredictionPane).view.latest == "—"
    assert sample_journal.read_bytes() == before


async def test_a_narrow_terminal_squeezes_the_footer_and_stacks_the_brier_view(
    sample_journal: Path, make_app: AppFactory
) -> None:
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        key_padding = app.screen.query_one(KeyFooter).get_component_styles("key-footer--key").padding
        assert key_padding.left == 1, "a wide terminal has the roomy footer"
        await pilot.resize_terminal(100, 40)
        await press(pilot, "b")
        assert isinstance(app.screen, BrierScreen)
        assert app.screen.query_one(KeyFooter).get_component_styles("key-footer--key").padding.left == 0
        assert app.screen.query_one("#brier-lower").styles.layout.name == "vertical"
        await pilot.resize_terminal(120, 40)
        await press(pilot, "escape")
        assert app.screen.query_one(KeyFooter).get_component_styles("key-footer--key").padding == key_padding


async def test_the_set_filter_is_offered_only_when_there_is_more_than_one_set(
    sample_journal: Path, make_app: AppFactory
) -> None:
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "b")
        assert isinstance(app.screen, BrierScreen)
        shown = {key.description for key in app.screen.query_one(KeyFooter).keys}
        assert "Strict" in shown and "Set filter" not in shown, shown
        await press(pilot, "s")
        assert app.screen.filter_index == 0


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_a_dialog_error_is_in_sight_on_a_small_terminal(
    sample_journal: Path, make_app: AppFactory, size: tuple[int, int]
) -> None:
    app = make_app(sample_journal)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await press(pilot, "7", "e")
        await type_text(pilot, "7x")
        await press(pilot, "enter")
        assert isinstance(app.screen, EstimateDialog)
        await pilot.pause()  # the scroll to the error line happens after a refresh
        drawn = "".join(strip.text for strip in app.screen._compositor.render_strips())
        assert "percent must be a number" in drawn, "the dialog scrolls to show why enter did nothing"


async def test_escape_asks_before_discarding_a_typed_resolution_note(sample_journal: Path, make_app: AppFactory) -> None:
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "3", "r", "y", "tab")
        await type_text(pilot, "settled by the survey")
        await press(pilot, "escape")
        assert isinstance(app.screen, Confirm), "a typed note is not thrown away without asking"
        await press(pilot, "n")
        assert isinstance(app.screen, ResolveDialog)
        assert app.screen.query_one("#note", Input).value == "settled by the survey"
        await press(pilot, "escape", "y")
        assert isinstance(app.screen, MainScreen)
    assert reread(sample_journal).resolution_for(3) is None
