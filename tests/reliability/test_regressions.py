"""Regression tests for defects the reliability suites found in the storage layer."""

from __future__ import annotations

import os
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from cli.main import cli
from cli.settings import Settings
from reliability.support import TickingClock, estimate_notes
from storage import atomic
from storage.journal import _check_writable, open_journal
from storage.layout import Tables


def test_same_inode_size_and_mtime_does_not_hide_another_writer(journal_path: Path) -> None:
    """A reused inode with the same size and timestamp used to serve the stale cache, losing a write."""
    mine = open_journal(journal_path, TickingClock())
    mine.add_estimate(1, 0.5, note="aaaa")
    before = os.stat(journal_path)
    other = orjson.loads(journal_path.read_bytes())
    (record,) = other["estimates"].values()
    record["note"] = "bbbb"
    # Rewrite in place (same inode, same size) and put the timestamp back: what inode reuse within one tick looks like.
    with open(journal_path, "r+b") as handle:
        handle.write(Tables(other).serialise())
    os.utime(journal_path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(journal_path).st_size == before.st_size
    mine.add_estimate(2, 0.5, note="cccc")
    assert estimate_notes(journal_path) == ["bbbb", "cccc"]


@pytest.mark.parametrize("command", [["note", "1"], ["estimate", "1", "50", "--note"], ["resolve", "1", "yes", "--note"]])
def test_text_with_undecodable_bytes_is_refused_with_one_line(journal_path: Path, command: list[str]) -> None:
    """Undecodable argv bytes arrive as lone surrogates; orjson used to raise a TypeError traceback."""
    open_journal(journal_path, TickingClock())
    before = journal_path.read_bytes()
    result = CliRunner().invoke(cli, [*command, "caf\udce9"], obj=Settings(journal_path, TickingClock()))
    assert result.exit_code != 0 and isinstance(result.exception, SystemExit), result.exception
    assert result.stderr.splitlines() == ["forecast-journal: error: note contains bytes that are not valid UTF-8 text"]
    assert journal_path.read_bytes() == before


def test_opening_sweeps_only_this_journals_temp_files(tmp_path: Path) -> None:
    """All journals in a directory used to share one temp prefix, so opening one deleted another's save in flight."""
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    open_journal(second, TickingClock())
    in_flight = tmp_path / f"{atomic.temp_prefix(second)}live"
    in_flight.write_bytes(b"b's save in progress")
    open_journal(first, TickingClock())
    assert in_flight.exists()


def test_write_probe_swept_by_another_process_is_not_an_error(
    journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process's stale-temp sweep can delete the writability probe; that used to raise FileNotFoundError."""

    swept: list[str] = []

    class SweptOps(atomic.FileOps):
        def create(self, directory: Path, prefix: str) -> tuple[int, str]:
            fd, name = super().create(directory, prefix)
            os.unlink(name)
            swept.append(name)
            return fd, name

    monkeypatch.setattr(atomic, "file_ops", SweptOps())
    _check_writable(journal_path)  # raised FileNotFoundError before the fix
    assert len(swept) == 1, "the check made its probe, and the probe was swept away"
    assert list(journal_path.parent.iterdir()) == []


def test_usage_error_quoting_a_newline_stays_on_one_line(journal_path: Path) -> None:
    """Found by the CLI fuzzer: click quotes the bad argument verbatim, so a newline split the error in two."""
    result = CliRunner().invoke(cli, ["list", "a\nb"], obj=Settings(journal_path, TickingClock()))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "forecast-journal: error: Got unexpected extra argument (a␊b) (see 'forecast-journal list --help')"
    ]
