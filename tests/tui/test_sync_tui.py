"""Sync in the app, with real git in tmp_path: a key and a palette command, sync on open and on quit, conflict
copies a file syncer left, and predictions whose resolutions are in conflict."""

from __future__ import annotations

import inspect
import shutil
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from tui_support import AppFactory, press, settle, wait_until

from domain.model import Outcome
from storage.journal import open_journal
from tests.cli_support import cli_runner, ok
from tests.clock import TickingClock
from tests.sync.git_support import git, quiet_git, two_machines
from tui.app import ForecastApp
from tui.board import CONFLICT
from tui.widgets.detail import DetailBody
from tui.widgets.pane import PredictionPane


@pytest.fixture(autouse=True)
def private_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Git reads none of the user's configuration."""
    quiet_git(tmp_path, monkeypatch)


def notices(app: ForecastApp) -> list[str]:
    return [notification.message for notification in app._notifications]


def said(app: ForecastApp, text: str) -> bool:
    return any(text in notice for notice in notices(app))


def desktop_adds_a_prediction_and_syncs(desktop: Path) -> None:
    open_journal(desktop, TickingClock()).add_own_prediction("Desktop's question", "", "2027-06-30")
    ok(cli_runner(desktop)("sync"))


async def run_palette_command(pilot: Pilot[object], app: ForecastApp, title: str) -> None:
    (command,) = [command for command in app.get_system_commands(app.screen) if command.title == title]
    ran = command.callback()
    if inspect.isawaitable(ran):
        await ran
    await settle(pilot)


async def test_the_sync_key_and_command_merge_push_and_say_so_and_the_board_shows_the_merge(
    tmp_path: Path, make_app: AppFactory
) -> None:
    remote, laptop, desktop = two_machines(tmp_path)
    desktop_adds_a_prediction_and_syncs(desktop)
    app = make_app(laptop)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        assert not app.screen.query("#pane-11")
        await press(pilot, "S")
        await wait_until(pilot, lambda: bool(app.screen.query("#pane-11")))
        assert said(app, "Merged origin/")

        open_journal(laptop, TickingClock()).add_note(1, "written here")
        await run_palette_command(pilot, app, "Sync")
        await wait_until(pilot, lambda: said(app, "Pushed to origin/"))
        assert said(app, "Committed: 1 note on #1")
        assert git(remote, "log", "--format=%s", "-1").strip() == "1 note on #1"

        await press(pilot, "S")
        await wait_until(pilot, lambda: said(app, "Nothing to sync"))


async def test_sync_in_a_folder_not_set_up_says_to_run_sync_init(sample_journal: Path, make_app: AppFactory) -> None:
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await run_palette_command(pilot, app, "Sync")
        await wait_until(pilot, lambda: said(app, "forecast-journal sync init"))
        (notice,) = notices(app)
        assert notice.startswith("Not synced:") and "\n" not in notice


async def test_sync_on_open_and_on_quit_when_the_settings_say_so(tmp_path: Path, make_app: AppFactory) -> None:
    remote, laptop, desktop = two_machines(tmp_path)
    desktop_adds_a_prediction_and_syncs(desktop)
    config = tmp_path / "config.toml"
    config.write_text("sync_on_open = true\nsync_on_quit = true\n", encoding="utf-8")
    app = make_app(laptop, config_path=config)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await wait_until(pilot, lambda: bool(app.screen.query("#pane-11")))
        open_journal(laptop, TickingClock()).add_note(1, "written before quitting")
        await pilot.press("q")
        await wait_until(pilot, lambda: app.return_code is not None)
    assert git(remote, "log", "--format=%s", "-1").strip() == "1 note on #1"


async def test_without_the_settings_the_app_neither_syncs_on_open_nor_on_quit(
    tmp_path: Path, make_app: AppFactory
) -> None:
    remote, laptop, desktop = two_machines(tmp_path)
    desktop_adds_a_prediction_and_syncs(desktop)
    pushed = git(remote, "rev-parse", "HEAD")
    app = make_app(laptop)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        open_journal(laptop, TickingClock()).add_note(1, "not synced")
        await pilot.press("q")
        await wait_until(pilot, lambda: app.return_code is not None)
    assert not app.sync_worker
    assert git(remote, "rev-parse", "HEAD") == pushed
    assert "not synced" in laptop.read_text(encoding="utf-8")


async def test_the_app_names_each_conflict_copy_a_file_syncer_left(sample_journal: Path, make_app: AppFactory) -> None:
    folder = sample_journal.parent
    copies = [
        folder / "journal.sync-conflict-20261129-101500-ABCDEF7.json",
        folder / "journal (Tester's conflicted copy 2026-11-29).json",
    ]
    for name in (*copies, folder / "journal-old.json", folder / "journal.json.bak"):
        shutil.copyfile(sample_journal, name)
    app = make_app(sample_journal)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        shown = notices(app)
        assert len(shown) == 2
        for copy, notice in zip(copies[::-1], shown, strict=True):
            assert str(copy) in notice and "forecast-journal merge FILE" in notice


async def test_a_prediction_resolved_differently_on_two_machines_says_so_in_its_pane_and_detail(
    journal_path: Path, make_app: AppFactory
) -> None:
    here = open_journal(journal_path, TickingClock())
    there_path = journal_path.with_name("there.json")
    shutil.copyfile(journal_path, there_path)
    here.resolve(2, Outcome.YES, date(2026, 6, 1))
    open_journal(there_path, TickingClock()).resolve(2, Outcome.NO, date(2026, 6, 1))
    ok(cli_runner(journal_path)("merge", str(there_path)))
    app = make_app(journal_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        pane = app.screen.query_one("#pane-2", PredictionPane)
        assert pane.border_subtitle == CONFLICT
        await press(pilot, "2")
        assert CONFLICT in str(app.screen.query_one(DetailBody).render())
