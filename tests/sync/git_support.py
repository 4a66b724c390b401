"""Real git for the sync suites and the app's sync tests: a quiet configuration, and two machines sharing a
bare remote in tmp_path."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import orjson
import pytest

from tests.cli_support import cli_runner, ok


def quiet_git(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Git works without any global configuration, and reads none of the user's."""
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("GIT_ASKPASS", raising=False)
    monkeypatch.delenv("SSH_ASKPASS", raising=False)
    for variable, value in (("NAME", "Tester"), ("EMAIL", "tester@example.invalid")):
        monkeypatch.setenv(f"GIT_AUTHOR_{variable}", value)
        monkeypatch.setenv(f"GIT_COMMITTER_{variable}", value)


def git(folder: Path, *args: str) -> str:
    """Run git in `folder`; its output."""
    return subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True, text=True).stdout


def tables(path: Path) -> dict[str, Any]:
    """A journal file's tables, as JSON."""
    return orjson.loads(path.read_bytes())  # type: ignore[no-any-return]


def uids(path: Path, name: str) -> set[str]:
    """The uids of a table's records in a journal file."""
    return {record["uid"] for record in tables(path)[name].values()}


def two_machines(root: Path) -> tuple[Path, Path, Path]:
    """A bare remote, and two machines' journals: the first set up and pushed, the second cloned from it."""
    remote = root / "remote.git"
    git(root, "init", "-q", "--bare", str(remote))
    laptop = root / "laptop" / "journal.json"
    run = cli_runner(laptop)
    ok(run("sync", "init", str(remote)))
    assert "Pushed" in ok(run("sync")).stdout
    git(root, "clone", "-q", str(remote), "desktop")
    desktop = root / "desktop" / "journal.json"
    ok(cli_runner(desktop)("sync", "init"))
    return remote, laptop, desktop
