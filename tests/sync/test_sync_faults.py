"""`sync` under faults, with real git: killed half-way, a remote that rejects the push or wants credentials.

Whatever happens, the journal is intact and keeps every record written on this machine, its local commit is
kept, and the next `sync` finishes the job.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from domain.records import ESTIMATES, NOTES, PREDICTIONS
from storage.journal import open_journal
from tests.cli_support import cli_runner, ok
from tests.clock import TickingClock
from tests.reliability.support import HEAVY
from tests.sync.git_support import git, tables, two_machines, uids

pytestmark = pytest.mark.waits  # on git and the sync processes it kills

KILLS = 24 if HEAVY else 4
SYNC = [sys.executable, "-c", "from cli.main import main; main()"]
TABLES = (PREDICTIONS, ESTIMATES, NOTES)


def _write_apart(laptop: Path, desktop: Path) -> None:
    """Both machines write while apart; the desktop syncs, so the laptop's sync commits, merges and pushes."""
    for path, title in ((laptop, "Laptop's"), (desktop, "Desktop's")):
        journal = open_journal(path, TickingClock())
        journal.add_estimate(5, 0.3 if path == laptop else 0.8)
        journal.add_note(5, f"{title} note")
        journal.add_own_prediction(f"{title} question", "", "2027-06-30")
    ok(cli_runner(desktop)("sync"))


def _records(path: Path) -> set[str]:
    return {uid for name in TABLES for uid in uids(path, name)}


def _copy_of(template: Path, folder: Path) -> tuple[Path, Path]:
    """The template's remote and machines, copied to `folder`, with the machines' remote pointed at the copy."""
    shutil.copytree(template, folder, symlinks=True)
    for machine in ("laptop", "desktop"):
        git(folder / machine, "remote", "set-url", "origin", str(folder / "remote.git"))
    return folder / "laptop" / "journal.json", folder / "desktop" / "journal.json"


def _wait_until_gone(group: int) -> None:
    """Wait for the git processes a killed sync left running (they finish their step on their own)."""
    deadline = time.monotonic() + 30
    while True:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return
        assert time.monotonic() < deadline, "git processes of the killed sync never ended"
        time.sleep(0.01)  # polling for the processes to end, not a wait for a result


def test_a_sync_killed_at_random_points_is_finished_by_the_next_one(tmp_path: Path) -> None:
    template = tmp_path / "template"
    template.mkdir()
    _, laptop, desktop = two_machines(template)
    _write_apart(laptop, desktop)
    written_here, everything = _records(laptop), _records(laptop) | _records(desktop)

    timed, _ = _copy_of(template, tmp_path / "timed")
    started = time.monotonic()
    subprocess.run([*SYNC, "--journal", str(timed), "sync"], check=True, capture_output=True)
    duration = time.monotonic() - started
    rng = random.Random(20261129)
    for kill in range(KILLS):
        laptop, desktop = _copy_of(template, tmp_path / f"run{kill}")
        process = subprocess.Popen(
            [*SYNC, "--journal", str(laptop), "sync"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(rng.uniform(0.0, duration))  # the random kill point, not a wait for a result
        process.send_signal(signal.SIGKILL)
        process.wait()
        _wait_until_gone(process.pid)

        assert _records(laptop) >= written_here
        open_journal(laptop, TickingClock())  # opens: intact
        ok(cli_runner(laptop)("sync"))
        assert _records(laptop) == everything
        assert git(laptop.parent, "status", "--porcelain", "--", "journal.json") == ""
        assert git(laptop.parent, "rev-parse", "HEAD") == git(laptop.parent, "rev-parse", "@{upstream}")
        ok(cli_runner(desktop)("sync"))
        assert tables(desktop) == tables(laptop)


def test_an_unfinished_merge_is_finished_keeping_what_was_written_since(
    machines: tuple[Path, Path, Path],
) -> None:
    _, laptop, desktop = machines
    _write_apart(laptop, desktop)
    folder = laptop.parent
    git(folder, "commit", "-q", "-am", "written apart")
    git(folder, "fetch", "-q")
    # What a sync killed inside `git merge` leaves: MERGE_HEAD, and the journal merged but not committed.
    git(folder, "merge", "-q", "--no-commit", "--no-ff", "@{upstream}")
    merged = _records(laptop)
    open_journal(laptop, TickingClock()).add_note(1, "written after the crash")
    written_since = _records(laptop) - merged
    assert len(written_since) == 1

    result = ok(cli_runner(laptop)("sync"))
    assert "Finished the merge of commit" in result.stdout and "Pushed" in result.stdout
    assert _records(laptop) == merged | written_since
    ok(cli_runner(desktop)("sync"))
    assert tables(desktop) == tables(laptop)


def test_a_push_the_remote_rejects_is_pending_and_the_local_commit_kept(
    machines: tuple[Path, Path, Path],
) -> None:
    remote, laptop, _ = machines
    hook = remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'no pushes today' >&2\nexit 1\n")
    hook.chmod(0o755)
    open_journal(laptop, TickingClock()).add_note(1, "kept here")
    before = laptop.read_bytes()

    result = ok(cli_runner(laptop)("sync"))
    (line,) = [line for line in result.stdout.splitlines() if "pending" in line]
    assert "push failed" in line and "pre-receive hook declined" in line
    assert laptop.read_bytes() == before
    assert git(laptop.parent, "log", "--format=%s", "-1").strip() == "1 note on #1"
    hook.unlink()
    assert "Pushed" in ok(cli_runner(laptop)("sync")).stdout
    assert git(remote, "log", "--format=%s", "-1").strip() == "1 note on #1"


class _WantsCredentials(BaseHTTPRequestHandler):
    """A git server over HTTP that answers every request with "401: who are you?"."""

    def do_GET(self) -> None:
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Basic realm="journal"')
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@pytest.fixture
def server_wanting_credentials() -> Iterator[str]:
    """The URL of a repository on a local HTTP server that wants a user name and password."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _WantsCredentials)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/journal.git"
    finally:
        server.shutdown()
        server.server_close()


def _closed_port() -> str:
    with __import__("socket").socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"https://127.0.0.1:{port}/journal.git"


@pytest.mark.parametrize("kind", ["credentials", "closed port"])
def test_a_remote_that_wants_credentials_or_is_closed_is_one_line_and_keeps_the_commit(
    machines: tuple[Path, Path, Path], server_wanting_credentials: str, kind: str
) -> None:
    _, laptop, _ = machines
    url = server_wanting_credentials if kind == "credentials" else _closed_port()
    git(laptop.parent, "remote", "set-url", "origin", url)
    open_journal(laptop, TickingClock()).add_note(1, "kept here")
    before = laptop.read_bytes()

    result = ok(cli_runner(laptop)("sync"))
    (line,) = [line for line in result.stdout.splitlines() if "pending" in line]
    assert ("could not read Username" if kind == "credentials" else "127.0.0.1") in line
    assert laptop.read_bytes() == before
    assert git(laptop.parent, "log", "--format=%s", "-1").strip() == "1 note on #1"
