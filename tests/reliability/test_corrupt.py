"""Corrupt journals on open: never touched, a clear message naming the file, a one-line CLI error."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from cli.main import cli
from cli.settings import Settings
from reliability.support import TickingClock
from storage.backups import backup_dir
from storage.errors import JournalCorruptError, JournalError
from storage.journal import open_journal


def _good(tmp_path: Path) -> bytes:
    path = tmp_path / "good" / "journal.json"
    open_journal(path, TickingClock()).add_estimate(1, 0.5)
    return path.read_bytes()


def _cases(good: bytes) -> dict[str, bytes]:
    data = orjson.loads(good)
    newer = dict(data, meta={"1": {"schema_version": 99}})
    return {
        "truncated": good[: len(good) // 2],
        "trailing garbage": good + b"\x00garbage",
        "empty": b"",
        "wrong shape: list": b"[1, 2, 3]",
        "wrong shape: record is a list": orjson.dumps(dict(data, meta={"1": []})),
        "wrong shape: record key not a number": orjson.dumps(dict(data, estimates={"x": {}})),
        "wrong shape: bad estimate": orjson.dumps(dict(data, estimates={"1": {"probability": "high"}})),
        "wrong shape: no schema": orjson.dumps({k: v for k, v in data.items() if k != "meta"}),
        "wrong shape: boolean schema": orjson.dumps(dict(data, meta={"1": {"schema_version": True}})),
        "invalid utf-8": good.replace(b'"title":"', b'"title":"\xff\xfe', 1),
        "newer schema": orjson.dumps(newer),
    }


CASE_NAMES = list(_cases(b'{"meta":{}}'))


@pytest.mark.parametrize("case", CASE_NAMES)
def test_corrupt_journal_is_refused_and_untouched(tmp_path: Path, case: str) -> None:
    bad = _cases(_good(tmp_path))[case]
    path = tmp_path / "journal.json"
    path.write_bytes(bad)
    with pytest.raises(JournalCorruptError) as raised:
        open_journal(path, TickingClock())
    assert str(path) in str(raised.value) and "\n" not in str(raised.value)
    result = CliRunner().invoke(cli, ["estimate", "1", "50"], obj=Settings(path, TickingClock()))
    assert result.exit_code != 0
    assert isinstance(result.exception, SystemExit), result.exception
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("forecast-journal: error: ") and str(path) in lines[0]
    assert path.read_bytes() == bad
    assert not backup_dir(path).exists(), "a corrupt file must never become a backup"


@pytest.mark.parametrize("case", ["truncated", "invalid utf-8", "newer schema"])
def test_installed_command_exits_non_zero_with_one_line_and_no_traceback(tmp_path: Path, case: str) -> None:
    bad = _cases(_good(tmp_path))[case]
    path = tmp_path / "journal.json"
    path.write_bytes(bad)
    script = Path(sys.executable).with_name("forecast-journal")
    done = subprocess.run([str(script), "--journal", str(path), "list"], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode != 0
    assert done.stdout == ""
    assert len(done.stderr.splitlines()) == 1 and "Traceback" not in done.stderr
    assert path.read_bytes() == bad


def test_journal_path_that_is_a_directory_gives_a_clear_error(tmp_path: Path) -> None:
    """Regression: reading a directory raised IsADirectoryError as a traceback."""
    folder = tmp_path / "journal.json"
    folder.mkdir()
    with pytest.raises(JournalError, match="must be a regular file, and this is a directory"):
        open_journal(folder, TickingClock())
