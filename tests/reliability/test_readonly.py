"""Read-only journal file or directory: a clear error when the journal is opened, before any save."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import cli
from cli.settings import Settings
from reliability.support import TickingClock
from storage.errors import JournalReadOnlyError
from storage.journal import open_journal


def _run(*command: str) -> bool:
    return subprocess.run(command, capture_output=True, timeout=30, check=False).returncode == 0


@pytest.fixture
def read_only_bind(tmp_path: Path) -> Iterator[object]:
    """Bind-mount a path read-only over itself (needs root); chmod does not stop root."""
    mounted: list[Path] = []

    def make_read_only(target: Path) -> None:
        if os.geteuid() != 0 or not _run("mount", "--bind", str(target), str(target)):
            pytest.skip("read-only bind mounts need root and mount privileges")
        mounted.append(target)
        if not _run("mount", "-o", "remount,bind,ro", str(target)):
            pytest.skip("cannot remount the bind mount read-only here")

    yield make_read_only
    for target in reversed(mounted):
        _run("umount", str(target))


def _assert_refused_at_open(path: Path, what: str) -> None:
    before = path.read_bytes() if path.exists() else None
    with pytest.raises(JournalReadOnlyError, match=what) as raised:
        open_journal(path, TickingClock())
    assert str(path) in str(raised.value)
    result = CliRunner().invoke(cli, ["list"], obj=Settings(path, TickingClock()))
    assert result.exit_code != 0 and isinstance(result.exception, SystemExit)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and str(path) in lines[0]
    assert "read-only" in lines[0] or "cannot be written" in lines[0]
    assert (path.read_bytes() if path.exists() else None) == before


def test_read_only_directory_is_refused_at_open(tmp_path: Path, read_only_bind: object) -> None:
    folder = tmp_path / "ro"
    path = folder / "journal.json"
    open_journal(path, TickingClock())
    read_only_bind(folder)  # type: ignore[operator]
    _assert_refused_at_open(path, "read-only|cannot be written")


def test_read_only_journal_file_is_refused_at_open(tmp_path: Path, read_only_bind: object) -> None:
    path = tmp_path / "journal.json"
    open_journal(path, TickingClock())
    read_only_bind(path)  # type: ignore[operator]
    _assert_refused_at_open(path, "the journal file is read-only")


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions; the bind-mount tests cover this")
def test_chmod_read_only_journal_is_refused_at_open(tmp_path: Path) -> None:
    path = tmp_path / "journal.json"
    open_journal(path, TickingClock())
    path.chmod(0o444)
    _assert_refused_at_open(path, "the journal file is read-only")
