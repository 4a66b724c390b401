"""Note drafts beside the journal: stored exactly, removed when done, and a bad drafts file is never fatal."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from storage import drafts as drafts_module
from storage.atomic import STALE_SIDECAR_TEMP_SECONDS
from storage.drafts import drafts_path, drop_draft, keep_draft, note_draft_key, read_drafts
from storage.errors import ExportRefusedError
from storage.exporting import export_markdown
from storage.journal import open_journal
from tests.clock import TickingClock

HOSTILE = "line one\r\n\x1b]52;c;aGk=\x07 \u202ereversed\u202c\n\ud800 lone\ttab [b]markup[/b]"


def test_a_draft_is_stored_exactly_and_read_back(tmp_path: Path) -> None:
    path = drafts_path(tmp_path / "journal.json")
    assert path == tmp_path / "journal.json.drafts.json"
    keep_draft(path, note_draft_key(3), HOSTILE)
    keep_draft(path, note_draft_key(4), "second")
    assert read_drafts(path).drafts == {"note/3": HOSTILE, "note/4": "second"}
    assert read_drafts(path).problem is None
    assert path.read_bytes().isascii()  # nothing in the file can act on a terminal that shows it


def test_dropping_the_last_draft_removes_the_file(tmp_path: Path) -> None:
    path = tmp_path / "journal.json.drafts.json"
    drop_draft(path, "note/1")  # nothing kept: nothing to do
    keep_draft(path, "note/1", "one")
    keep_draft(path, "note/2", "two")
    drop_draft(path, "note/1")
    assert read_drafts(path).drafts == {"note/2": "two"}
    drop_draft(path, "note/2")
    assert not path.exists()
    assert read_drafts(path) == drafts_module.DraftsRead()


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"\xff\xfe", "not UTF-8"),
        (b"{not json", "not valid JSON"),
        (b"[" * 100_000 + b"]" * 100_000, "not valid JSON"),
        (b'{"drafts": {"note/1": 5}}', "not a drafts file"),
        (b'["note/1"]', "not a drafts file"),
    ],
    ids=["binary", "broken", "deep", "wrong-type", "wrong-shape"],
)
def test_a_corrupt_drafts_file_is_reported_left_alone_by_drop_and_replaced_by_keep(
    tmp_path: Path, content: bytes, problem: str
) -> None:
    path = tmp_path / "journal.json.drafts.json"
    path.write_bytes(content)
    found = read_drafts(path)
    assert found.drafts == {}
    assert found.problem is not None and problem in found.problem
    drop_draft(path, "note/1")
    assert path.read_bytes() == content
    keep_draft(path, "note/1", "kept anyway")
    assert read_drafts(path).drafts == {"note/1": "kept anyway"}


def test_a_fifo_a_folder_or_a_huge_file_is_refused_without_blocking(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fifo = tmp_path / "fifo.drafts.json"
    os.mkfifo(fifo)
    assert read_drafts(fifo).problem
    folder = tmp_path / "folder.drafts.json"
    folder.mkdir()
    assert read_drafts(folder).problem
    with pytest.raises(OSError):
        keep_draft(folder, "note/1", "text")
    big = tmp_path / "big.drafts.json"
    big.write_text(json.dumps({"drafts": {"note/1": "x" * 100}}))
    monkeypatch.setattr(drafts_module, "MAX_DRAFTS_BYTES", 50)
    assert "larger than" in (read_drafts(big).problem or "")


def test_export_refuses_the_drafts_file_kept_or_not(tmp_path: Path, clock: TickingClock) -> None:
    journal = open_journal(tmp_path / "journal.json", clock)
    path = drafts_path(journal.path)
    with pytest.raises(ExportRefusedError, match="drafts file"):
        export_markdown(journal, path, overwrite=True)
    keep_draft(path, note_draft_key(1), "half a thought")
    with pytest.raises(ExportRefusedError, match="drafts file"):
        export_markdown(journal, path, overwrite=True)
    assert read_drafts(path).drafts == {"note/1": "half a thought"}


def test_opening_the_journal_removes_a_crashed_drafts_write_but_not_one_in_flight(
    tmp_path: Path, clock: TickingClock
) -> None:
    journal_path = tmp_path / "journal.json"
    crashed = tmp_path / ".journal.json.drafts.json.fj-tmp-crashed"
    in_flight = tmp_path / ".journal.json.drafts.json.fj-tmp-writing"
    other = tmp_path / ".other.json.drafts.json.fj-tmp-crashed"
    for leftover in (crashed, in_flight, other):
        leftover.write_text('{"drafts": {"note/1": "ha')
    long_ago = time.time() - 2 * STALE_SIDECAR_TEMP_SECONDS
    for old in (crashed, other):
        os.utime(old, (long_ago, long_ago))
    open_journal(journal_path, clock)
    assert not crashed.exists()
    assert in_flight.exists() and other.exists()
