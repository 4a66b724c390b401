"""The real `forecast-journal` command in a detached tmux session at 120×40: an estimate by keys, a clean exit."""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from filelock import FileLock

from domain.model import JournalData
from storage.config import CONFIG_ENV_VAR
from storage.drafts import drafts_path
from storage.journal import open_journal
from tui.watchdog import EXIT_GRACE_SECONDS

TMUX = shutil.which("tmux")
COMMAND = Path(sys.executable).with_name("forecast-journal")
DEADLINE = 20.0

pytestmark = [
    pytest.mark.waits,
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed; the tmux end-to-end test needs it"),
    pytest.mark.skipif(not COMMAND.exists(), reason=f"no forecast-journal script beside {sys.executable}"),
]


class Session:
    """A detached tmux session on a private server socket, so no user session is touched."""

    def __init__(self, command: str) -> None:
        self.socket = f"fj-test-{uuid.uuid4().hex[:8]}"
        self.name = "fj"
        self.tmux("new-session", "-d", "-s", self.name, "-x", "120", "-y", "40", command)
        # Keep the pane after the app exits, to read how it exited and what the terminal shows then.
        self.tmux("set-option", "-t", self.name, "remain-on-exit", "on")
        self.socket_path = Path(self.pane("socket_path"))

    def tmux(self, *args: str) -> str:
        run = subprocess.run([TMUX, "-L", self.socket, *args], capture_output=True, text=True, timeout=10, check=False)
        if run.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args)}: {run.stderr.strip()}")
        return run.stdout

    def capture(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.name)

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", self.name, *keys)

    def pane(self, variable: str) -> str:
        return self.tmux("display-message", "-p", "-t", self.name, f"#{{{variable}}}").strip()

    def wait_for_clean_exit(self, status_file: Path) -> None:
        """The app ended by itself with status 0 (a death by signal gives 128+n) and left the alternate screen."""
        status = wait_until(lambda: status_file.exists() and status_file.read_text().strip(), "the app to exit")
        assert status == "0"
        assert "LLM Predictions For 2025" not in self.capture(), "the app's screen should be gone"

    def app_pid(self) -> int:
        """The app's process: the only child of the pane's shell."""
        shell = self.pane("pane_pid")
        children = Path(f"/proc/{shell}/task/{shell}/children")
        if not children.exists():
            pytest.skip("needs /proc to find the app's process")
        return int(children.read_text().split()[0])

    def wait_for(self, text: str) -> str:
        """Poll the screen until `text` appears."""
        return wait_until(lambda: text in (screen := self.capture()) and screen, f"{text!r} on screen", self.capture)

    def close(self) -> None:
        subprocess.run([TMUX, "-L", self.socket, "kill-server"], capture_output=True, check=False)
        self.socket_path.unlink(missing_ok=True)


def wait_until(check: Callable[[], object], what: str, describe: Callable[[], str] = lambda: "") -> object:
    """Poll `check` until it returns something truthy, failing after DEADLINE seconds."""
    end = time.monotonic() + DEADLINE
    while time.monotonic() < end:
        result = check()
        if result:
            return result
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}\n{describe()}")


@pytest.fixture
def journal_file(tmp_path: Path) -> Path:
    return tmp_path / "journal.json"


@pytest.fixture
def status_file(tmp_path: Path) -> Path:
    return tmp_path / "exit-status"


@pytest.fixture
def session(journal_file: Path, status_file: Path) -> Iterator[Session]:
    started = start_app(journal_file, status_file)
    try:
        yield started
    finally:
        started.close()


def lock_is_free(journal_file: Path) -> bool:
    try:
        with FileLock(f"{journal_file}.lock", timeout=0.5):
            return True
    except TimeoutError:
        return False


def test_estimate_by_keys_in_tmux(session: Session, journal_file: Path, status_file: Path) -> None:
    session.wait_for("LLM Predictions For 2025")
    session.wait_for("10. Wider Adoption Across Industries")
    session.keys("3")
    session.keys("e")
    session.wait_for("New estimate")
    session.keys("5", "5", "Enter")
    screen = session.wait_for("55%")
    assert "3. Integration of Multimodal" in screen
    session.keys("q")
    session.wait_for_clean_exit(status_file)
    estimates = open_journal(journal_file).snapshot().estimates_for(3)
    assert [e.probability for e in estimates] == [0.55]
    assert lock_is_free(journal_file)


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_signal_closes_the_app(
    session: Session, journal_file: Path, status_file: Path, number: signal.Signals
) -> None:
    session.wait_for("10. Wider Adoption Across Industries")
    os.kill(session.app_pid(), number)
    session.wait_for_clean_exit(status_file)
    assert lock_is_free(journal_file)


def test_the_app_ends_when_its_terminal_closes_as_a_notice_is_drawn(session: Session) -> None:
    """Closing the terminal while a notice was on screen left the process behind forever, in about a third
    of tries: Textual's output thread died on the write that failed, and the app's next write waited on it.
    The process now ends at the latest once the watchdog's grace period is over."""
    session.wait_for("10. Wider Adoption Across Industries")
    app = Path(f"/proc/{session.app_pid()}")
    session.keys("7", "n", "written as the window closes", "C-s")
    session.wait_for("Saved")
    session.keys("8", "n", "written as the window closes", "C-s")
    session.close()
    end = time.monotonic() + EXIT_GRACE_SECONDS + 5
    while time.monotonic() < end and running(app):
        time.sleep(0.2)
    assert not running(app), "the app is still running"


def running(process: Path) -> bool:
    """Whether the process of /proc entry `process` is still running (neither gone nor a zombie)."""
    try:
        return (process / "stat").read_text().rsplit(") ", 1)[1][:1] != "Z"
    except (OSError, IndexError):
        return False


def start_app(journal_file: Path, status_file: Path) -> Session:
    """The app on `journal_file` in a new session, with a settings file beside it (never the user's)."""
    # COLUMNS/LINES inherited from the test run would override the 120×40 pane size.
    config = shlex.quote(f"{CONFIG_ENV_VAR}={journal_file.with_name('config.toml')}")
    app = f"env -u COLUMNS -u LINES {config} {shlex.quote(str(COMMAND))} --journal {shlex.quote(str(journal_file))}"
    return Session(f"sh -c {shlex.quote(f'{app}; echo $? > {shlex.quote(str(status_file))}')}")


def test_each_dialog_typed_in_one_burst_lands_in_order(
    session: Session, journal_file: Path, status_file: Path
) -> None:
    session.wait_for("10. Wider Adoption Across Industries")

    def journal_has(check: Callable[[JournalData], object], what: str) -> None:
        wait_until(lambda: check(open_journal(journal_file).snapshot()), what, session.capture)

    # Each dialog's whole key sequence in one send-keys call, as fast as tmux can type it.
    session.keys("3", "e", "42", "Tab", "C-a", "C-k", "2025-01-15", "Tab", "typed fast", "Enter")
    journal_has(lambda data: data.estimates_for(3), "the estimate")
    session.keys("4", "n", "Burst note", "Enter", "second line", "C-s")
    journal_has(lambda data: data.notes_for(4), "the note")
    session.keys("5", "r", "y", "Tab", "settled fast", "Enter")
    journal_has(lambda data: data.resolution_for(5), "the resolution")
    session.keys("a", "Burst title", "Tab", "Burst text", "Enter")
    journal_has(lambda data: data.prediction(11), "the new prediction")
    session.keys("q")
    session.wait_for_clean_exit(status_file)

    data = open_journal(journal_file).snapshot()
    [estimate] = data.estimates_for(3)
    assert (estimate.probability, estimate.date.isoformat(), estimate.note) == (0.42, "2025-01-15", "typed fast")
    [note] = data.notes_for(4)
    assert note.text == "Burst note\nsecond line"
    resolution = data.resolution_for(5)
    assert resolution is not None
    assert (resolution.outcome.value, resolution.note) == ("yes", "settled fast")
    added = data.prediction(11)
    assert added is not None
    assert (added.title, added.text) == ("Burst title", "Burst text")


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_note_draft_survives_the_terminal_closing(
    session: Session, journal_file: Path, status_file: Path, tmp_path: Path, number: signal.Signals
) -> None:
    session.wait_for("10. Wider Adoption Across Industries")
    session.keys("7", "n", "Draft before the crash", "Enter", "second line")
    session.wait_for("second line")
    os.kill(session.app_pid(), number)
    session.wait_for_clean_exit(status_file)

    again = start_app(journal_file, tmp_path / "second-exit-status")
    try:
        again.wait_for("10. Wider Adoption Across Industries")
        again.keys("7", "n")
        screen = again.wait_for("Restored the unsaved draft")
        assert "Draft before the crash" in screen and "second line" in screen
        again.keys("!", "C-s")
        wait_until(lambda: open_journal(journal_file).snapshot().notes_for(7), "the note saved", again.capture)
        # The draft goes once the save has returned, just after the note is on disk.
        wait_until(lambda: not drafts_path(journal_file).exists(), "the draft removed", again.capture)
    finally:
        again.close()
    [note] = open_journal(journal_file).snapshot().notes_for(7)
    assert note.text == "Draft before the crash\nsecond line!"
