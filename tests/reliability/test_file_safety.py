"""No everyday command destroys a file: exports, symlinked journals, special files, lock waits, backups, restore."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from textual.pilot import Pilot
from textual.widgets import Input, Static

from cli.main import cli
from cli.settings import Settings
from reliability.support import TODAY, TickingClock
from storage.backups import backup_dir, list_backups
from storage.errors import JournalError, JournalLockedError
from storage.journal import Journal, open_journal
from storage.lock import FileLock
from tui.app import ForecastApp
from tui.factory import create_app
from tui.screens.confirm import Confirm
from tui.screens.export import ExportDialog
from tui.screens.main import Change, MainScreen

SCRIPT = str(Path(sys.executable).with_name("forecast-journal"))
HOSTILE_NOTE = "clear \x1b[2J title \x1b]0;pwned\x07 clipboard \x1b]52;c;aGk=\x07 end"


def _run(journal_path: Path, *args: str, clock: TickingClock | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), obj=Settings(journal_path, clock or TickingClock()))


def _refused(result: Result, *fragments: str) -> None:
    assert result.exit_code == 1, result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith("forecast-journal: error: ") and "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in line, line


@pytest.fixture
def journal(journal_path: Path) -> Journal:
    journal = open_journal(journal_path, TickingClock())
    journal.add_estimate(1, 0.7, note="keep me")
    return journal


def _files(folder: Path) -> dict[str, bytes | str]:
    """Every entry under `folder`: file bytes, or the kind of a link, FIFO or folder."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_symlink():
            found[name] = f"link to {os.readlink(path)}"
        elif path.is_fifo():
            found[name] = "fifo"
        elif path.is_dir():
            found[name] = "folder"
        else:
            found[name] = path.read_bytes()
    return found


# --- export never destroys ------------------------------------------------------------------


def test_export_refuses_the_journal_itself_even_with_force(journal: Journal, tmp_path: Path) -> None:
    before = _files(tmp_path)
    for extra in ([], ["--force"]):
        for fmt in ("json", "markdown", "fatebook-csv"):
            _refused(_run(journal.path, "export", "--format", fmt, str(journal.path), *extra), "the journal itself")
    assert _files(tmp_path) == before


def test_export_refuses_every_other_path_to_the_journal(journal: Journal, tmp_path: Path) -> None:
    link = tmp_path / "link.json"
    link.symlink_to(journal.path)
    hard = tmp_path / "hard.json"
    os.link(journal.path, hard)
    (tmp_path / "sub").mkdir()
    before = _files(tmp_path)
    for target in (link, hard, tmp_path / "sub" / ".." / "journal.json"):
        _refused(_run(journal.path, "export", "--force", str(target)), "the journal itself")
    assert _files(tmp_path) == before
    assert link.is_symlink()


def test_export_refuses_the_lock_and_the_backups(journal: Journal, tmp_path: Path) -> None:
    (backup,) = list_backups(journal.path)
    before = _files(tmp_path)
    _refused(_run(journal.path, "export", "--force", str(journal.lock_path)), "lock file")
    for target in (backup.path, backup_dir(journal.path) / "new.md"):
        _refused(_run(journal.path, "export", "--force", str(target)), "backups folder")
    assert _files(tmp_path) == before


def test_export_refuses_folders_and_fifos_at_once(journal: Journal, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    folder = tmp_path / "folder"
    folder.mkdir()
    before = _files(tmp_path)
    for extra in ([], ["--force"]):
        _refused(_run(journal.path, "export", *extra, str(fifo)), "is a FIFO", "not a regular file")
        _refused(_run(journal.path, "export", *extra, str(folder)), "is a directory")
    assert _files(tmp_path) == before


def test_export_over_an_existing_file_needs_force(journal: Journal, tmp_path: Path) -> None:
    target = tmp_path / "notes.md"
    target.write_text("my own notes")
    _refused(_run(journal.path, "export", str(target)), "already exists", "--force")
    assert target.read_text() == "my own notes"
    result = _run(journal.path, "export", "--force", str(target))
    assert result.exit_code == 0, result.output
    assert result.output == f"Exported to {target}\n"
    assert target.read_text(encoding="utf-8").startswith("---\ntitle: LLM Predictions For 2025")


def test_export_with_force_writes_through_a_symlink_and_keeps_it(journal: Journal, tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    dangling = tmp_path / "dangling.json"
    dangling.symlink_to(tmp_path / "missing.json")
    _refused(_run(journal.path, "export", "--format", "json", str(link)), "already exists")
    _refused(_run(journal.path, "export", "--format", "json", str(dangling)), "already exists")
    assert real.read_text() == "old" and not (tmp_path / "missing.json").exists()
    result = _run(journal.path, "export", "--format", "json", "--force", str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert '"keep me"' in real.read_text(encoding="utf-8")


def test_export_to_a_new_file_still_works_without_force(journal: Journal, tmp_path: Path) -> None:
    target = tmp_path / "fresh.csv"
    result = _run(journal.path, "export", "--format", "fatebook-csv", str(target))
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8").startswith("questionTitle,forecast,")
    _refused(_run(journal.path, "export", ""), "the export path is empty")


def _in_terminal(args: list[str], answer: str = "", after: str = "") -> tuple[int, str]:
    """Run the installed command with a pseudo-terminal as stdin, stdout and stderr; type `answer` once
    `after` has been shown. Returns the exit code and everything the terminal received."""
    main, child = os.openpty()
    process = subprocess.Popen([SCRIPT, *args], stdin=child, stdout=child, stderr=child, close_fds=True)
    os.close(child)
    shown = b""
    typed = not answer
    try:
        while True:
            ready, _, _ = select.select([main], [], [], 60)
            assert ready, f"no output within 60 s: {shown!r}"
            try:
                chunk = os.read(main, 65536)
            except OSError:  # EIO: every end of the terminal's other side is closed
                break
            if not chunk:
                break
            shown += chunk
            if not typed and after.encode() in shown:
                os.write(main, answer.encode())
                typed = True
        return process.wait(timeout=60), shown.decode("utf-8", "replace")
    finally:
        os.close(main)
        if process.poll() is None:
            process.kill()


def test_export_to_stdout_is_exact_when_piped_and_visible_on_a_terminal(journal: Journal) -> None:
    journal.add_note(2, HOSTILE_NOTE)
    piped = _run(journal.path, "export", "-")
    assert piped.exit_code == 0 and HOSTILE_NOTE in piped.stdout
    # JSON escapes controls itself; markdown and CSV hold them raw, so the terminal must be shown symbols.
    expected = {"markdown": "␛]0;pwned␇", "json": "\\u001b]0;pwned\\u0007", "fatebook-csv": "␛]0;pwned␇"}
    for fmt, shown_note in expected.items():
        code, shown = _in_terminal(["--journal", str(journal.path), "export", "--format", fmt, "-"])
        assert code == 0, shown
        assert "\x1b" not in shown and "\x07" not in shown
        assert shown_note in shown, fmt
        assert "␍" not in shown, "a CSV row's CRLF is a line end, not a control to show"


# --- the journal path --------------------------------------------------------------------------


def test_a_symlinked_journal_stays_a_link_and_shares_one_lock(tmp_path: Path) -> None:
    real = tmp_path / "data" / "real.json"
    real.parent.mkdir()
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert _run(link, "estimate", "1", "40", "--note", "via link").exit_code == 0
    assert _run(real, "estimate", "2", "60", "--note", "via real").exit_code == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert {e.note for p in (1, 2) for e in open_journal(real).snapshot().estimates_for(p)} == {"via link", "via real"}
    assert Journal(link).lock_path == Journal(real).lock_path == real.with_name("real.json.lock")
    assert not (tmp_path / "link.json.lock").exists() and not (tmp_path / "link.json.backups").exists()
    assert list_backups(real)
    holder = FileLock(Journal(real).lock_path, timeout=1)
    holder.acquire()
    try:
        with pytest.raises(JournalLockedError):
            Journal(link, TickingClock(), lock_timeout=0.2).add_estimate(1, 0.5)
    finally:
        holder.release()


def test_a_fifo_as_the_journal_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "journal.json"
    os.mkfifo(fifo)
    # In a child first: before the fix, reading the FIFO blocked forever.
    done = subprocess.run(
        [SCRIPT, "--journal", str(fifo), "list"], check=False, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.splitlines() == [
        f"forecast-journal: error: {fifo}: the journal must be a regular file, and this is a FIFO (named pipe)"
    ]
    with pytest.raises(JournalError, match="must be a regular file, and this is a FIFO"):
        open_journal(fifo, TickingClock())
    assert fifo.is_fifo()


def test_a_folder_from_the_environment_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORECAST_JOURNAL", str(tmp_path))
    result = CliRunner().invoke(cli, ["list"], obj=Settings(None, TickingClock()))
    _refused(result, "must be a regular file, and this is a directory")


@pytest.mark.parametrize("args", [["list"], ["export", "-"], []], ids=["list", "export", "app"])
def test_an_empty_journal_path_is_one_line(args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FORECAST_JOURNAL", raising=False)
    _refused(CliRunner().invoke(cli, ["--journal", "", *args], obj=Settings()), "--journal is empty")
    monkeypatch.setenv("FORECAST_JOURNAL", "")
    _refused(CliRunner().invoke(cli, args, obj=Settings()), "$FORECAST_JOURNAL is set but empty")


def test_a_lock_wait_is_said_after_a_second_and_the_command_goes_on(journal: Journal) -> None:
    holder = FileLock(journal.lock_path, timeout=1)
    holder.acquire()
    try:
        started = time.monotonic()
        process = subprocess.Popen(
            [SCRIPT, "--journal", str(journal.path), "estimate", "3", "30"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        assert process.stderr is not None
        ready, _, _ = select.select([process.stderr], [], [], 60)
        assert ready, "no message while waiting"
        line = process.stderr.readline()
        assert time.monotonic() - started >= 1.0
        assert line == (
            "forecast-journal: waiting for another forecast-journal process to release the lock on "
            f"{journal.path}…\n"
        )
    finally:
        holder.release()
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert out.startswith("Saved: prediction 3 at 30%") and err == ""


# --- backups and restore -----------------------------------------------------------------------


def _day(n: int) -> TickingClock:
    return TickingClock(TODAY + timedelta(days=n))


def test_future_dated_backups_never_push_todays_out(journal_path: Path) -> None:
    open_journal(journal_path, _day(0))
    folder = backup_dir(journal_path)
    future = [folder / f"daily-{(TODAY + timedelta(days=300 + n)).date().isoformat()}.json" for n in range(7)]
    for path in future:
        path.write_bytes(journal_path.read_bytes())
    for day in range(1, 9):
        open_journal(journal_path, _day(day)).add_estimate(1, 0.5, note=f"day {day}")
        assert (folder / f"daily-{(TODAY + timedelta(days=day)).date().isoformat()}.json").exists(), day
    assert all(path.exists() for path in future), "a future-dated backup is neither counted nor deleted"
    past = [b.taken.date() for b in list_backups(journal_path) if b.taken.date() <= (TODAY + timedelta(days=8)).date()]
    assert past == [(TODAY + timedelta(days=d)).date() for d in range(2, 9)]


def _recover(journal_path: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["recover", *args], obj=Settings(journal_path, _day(5)))


@pytest.fixture
def other_journal(tmp_path: Path) -> Path:
    """A valid journal somewhere else, with one estimate dated 2026-06-01."""
    other = tmp_path / "elsewhere" / "other.json"
    open_journal(other, TickingClock()).add_estimate(4, 0.2, TODAY.date().replace(month=6, day=1))
    return other


def test_recover_from_shows_what_the_file_holds_and_needs_yes_without_a_terminal(
    journal: Journal, other_journal: Path
) -> None:
    before = _files(journal.path.parent)
    result = _recover(journal.path, "--from", str(other_journal))
    assert result.stdout == f"{other_journal} holds 10 predictions and 1 estimate; newest entry dated 2026-06-01.\n"
    _refused(result, "pass --yes")
    assert _files(journal.path.parent) == before
    result = _recover(journal.path, "--from", str(other_journal), "--yes")
    assert result.exit_code == 0, result.output
    assert journal.path.read_bytes() == other_journal.read_bytes()
    (aside,) = journal.path.parent.glob("journal.json.damaged-*")
    assert aside.read_bytes() == before["journal.json"]


def test_recover_from_refuses_a_file_whose_records_do_not_parse(journal: Journal, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(journal.path.read_text().replace('"probability":0.7', '"probability":"high"'))
    before = _files(tmp_path)
    _refused(_recover(journal.path, "--from", str(bad), "--yes"), str(bad))
    assert _files(tmp_path) == before


@pytest.mark.parametrize(("answer", "restored"), [("y\n", True), ("n\n", False)])
def test_recover_from_asks_on_a_terminal(journal: Journal, other_journal: Path, answer: str, restored: bool) -> None:
    before = journal.path.read_bytes()
    code, shown = _in_terminal(
        ["--journal", str(journal.path), "recover", "--from", str(other_journal)], answer, "[y/N]"
    )
    assert code == 0, shown
    assert "holds 10 predictions and 1 estimate" in shown and "Replace" in shown
    assert journal.path.read_bytes() == (other_journal.read_bytes() if restored else before)
    assert ("Restored" in shown) is restored and ("Nothing was restored." in shown) is not restored


# --- the app ----------------------------------------------------------------------------------


async def _until(pilot: Pilot[Any], condition: Callable[[], bool], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        await pilot.pause(0.02)


async def _settle(pilot: Pilot[Any]) -> None:
    for _ in range(2):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _notices(app: ForecastApp) -> list[str]:
    return [notification.message for notification in app._notifications]


async def _open_export(pilot: Pilot[Any], app: ForecastApp, target: Path) -> None:
    await _until(pilot, lambda: isinstance(app.screen, MainScreen))
    await pilot.press("x")
    await _settle(pilot)
    app.screen.query_one("#path", Input).value = str(target)


async def test_app_export_asks_before_overwriting(journal: Journal, tmp_path: Path) -> None:
    target = tmp_path / "existing.md"
    target.write_text("my own notes")
    app = create_app(journal.path, TickingClock())
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_export(pilot, app, target)
        for back in ("escape", "n"):
            await pilot.press("enter")
            await _settle(pilot)
            assert isinstance(app.screen, Confirm)
            assert "already exists. Overwrite it?" in str(app.screen.query_one(Static).render())
            await pilot.press(back)
            await _settle(pilot)
            assert isinstance(app.screen, ExportDialog)
            assert target.read_text() == "my own notes"
        await pilot.press("enter")
        await _settle(pilot)
        await pilot.press("y")
        await _settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert f"Exported to {target}" in _notices(app)
    assert target.read_text(encoding="utf-8").startswith("---\ntitle: LLM Predictions For 2025")


async def test_app_export_keeps_the_dialog_open_with_the_reason(journal: Journal, tmp_path: Path) -> None:
    link = tmp_path / "link.json"
    link.symlink_to(journal.path)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    cases = {
        journal.path: "is the journal itself",
        link: "is the journal itself",
        journal.lock_path: "is the journal's lock file",
        list_backups(journal.path)[0].path: "backups folder",
        tmp_path: "is a directory",
        fifo: "is a FIFO",
        tmp_path / "missing" / "out.md": "could not write the export",
    }
    before = _files(tmp_path)
    app = create_app(journal.path, TickingClock())
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_export(pilot, app, tmp_path)
        for target, reason in cases.items():
            app.screen.query_one("#path", Input).value = str(target)
            await pilot.press("enter")
            await _settle(pilot)
            assert isinstance(app.screen, ExportDialog), target
            error = app.screen.query_one(".dialog-error", Static)
            assert error.display and reason in str(error.render()), (target, str(error.render()))
        assert not _notices(app)
    assert _files(tmp_path) == before


async def test_app_says_a_save_waits_for_the_lock_and_quitting_waits_for_it(journal: Journal) -> None:
    holder = FileLock(journal.lock_path, timeout=1)
    app = create_app(journal.path, TickingClock())
    async with app.run_test(size=(120, 40)) as pilot:
        await _until(pilot, lambda: isinstance(app.screen, MainScreen))
        screen = app.screen
        assert isinstance(screen, MainScreen)
        holder.acquire()
        try:
            screen.save(Change(lambda journal: journal.add_estimate(6, 0.66, note="waited"), "saved"))
            await _until(pilot, lambda: any("A save is waiting for another" in text for text in _notices(app)))
            await pilot.press("q")
            await _until(pilot, lambda: any("Waiting for a save to finish" in text for text in _notices(app)))
            assert app.return_code is None, "quitting must not leave a save behind"
        finally:
            holder.release()
        await _until(pilot, lambda: app.return_code is not None)
    assert app.return_code == 0
    assert [e.note for e in open_journal(journal.path, TickingClock()).snapshot().estimates_for(6)] == ["waited"]


async def test_app_quit_says_plainly_when_the_save_it_waited_for_failed(journal: Journal) -> None:
    gate = threading.Event()

    def stuck_then_locked(_: Journal) -> None:
        assert gate.wait(30)
        raise JournalLockedError(f"{journal.path}: another process has held the journal lock for over 10s")

    before = journal.path.read_bytes()
    app = create_app(journal.path, TickingClock())
    async with app.run_test(size=(120, 40)) as pilot:
        await _until(pilot, lambda: isinstance(app.screen, MainScreen))
        screen = app.screen
        assert isinstance(screen, MainScreen)
        screen.save(Change(stuck_then_locked, "saved"))
        await pilot.press("q")
        await _until(pilot, lambda: any("Waiting for a save to finish" in text for text in _notices(app)))
        gate.set()
        await _until(pilot, lambda: any("a change was not saved" in text for text in _notices(app)))
        assert app.return_code is None and isinstance(app.screen, MainScreen)
        await pilot.press("q")
        await _until(pilot, lambda: app.return_code is not None)
    assert journal.path.read_bytes() == before
