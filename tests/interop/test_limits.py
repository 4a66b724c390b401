"""Limits on what import and seed read: regular files of at most 256 MiB, ids up to 999,999, texts
within their limits, dates in ASCII YYYY-MM-DD, and CSV cells a spreadsheet cannot run."""

from __future__ import annotations

import csv
import io
import json
import os
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cli.interop
from domain.formats.fatebook_csv import escape_formula, unescape_formula
from domain.formats.fatebook_csv import parse as parse_fatebook_csv
from domain.formats.fatebook_csv import render as render_fatebook_csv
from domain.formats.markdown import render_markdown
from domain.model import Estimate, JournalData, Note, Prediction
from domain.scoring import score_journal
from domain.validation import MAX_IMPORT_BYTES, MAX_PREDICTION_ID, MAX_TEXT_CHARS, MAX_TITLE_CHARS
from storage.journal import open_journal
from tests.cli_support import RunCli, cli_runner, ok
from tests.clock import TODAY, TickingClock

MOMENT = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
ESTIMATE = {"date": "2025-03-01", "probability": 0.7, "recorded_at": "2025-03-01T09:30:00+00:00", "note": ""}
NOTE = {"date": "2025-03-02", "text": "a note", "recorded_at": "2025-03-02T09:30:00+00:00"}
ENTRY: dict[str, Any] = {
    "id": 1,
    "title": "T",
    "text": "",
    "source": "s",
    "resolve_by": "2025-12-31",
    "set": "S",
    "estimates": [ESTIMATE],
    "notes": [NOTE],
    "resolution": {"outcome": "yes", "date": "2025-06-01", "note": ""},
}
CSV_HEADER = "Question title,Forecast (scale = 0-1),Forecast created at,Question resolve by,Resolution,Resolved at,Question notes\n"


def refused(run_cli: RunCli, journal_path: Path, *args: str) -> str:
    """Run a command that must be refused on one line, leaving the journal as it was; its message."""
    ok(run_cli("list"))
    before = journal_path.read_bytes()
    result = run_cli(*args)
    assert result.exit_code != 0, result.output
    assert result.stdout == "" and result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("forecast-journal: error: ") and "Traceback" not in result.output
    assert journal_path.read_bytes() == before
    return result.stderr


# Size and kind of file.


def never_opened(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """Fail the test if `path` is opened."""
    real_open = os.open

    def opening(name: Any, *args: Any, **kwargs: Any) -> int:
        if Path(name) == path:
            pytest.fail(f"{path.name} was opened")
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(os, "open", opening)


@pytest.mark.parametrize("command", ["import", "seed"])
def test_a_fifo_is_refused_without_being_opened(
    tmp_path: Path, run_cli: RunCli, journal_path: Path, command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: `import /dev/zero` read until memory ran out; a FIFO would wait for a writer."""
    fifo = tmp_path / "in.json"
    os.mkfifo(fifo)
    never_opened(monkeypatch, fifo)
    assert "read only regular files, and this is a FIFO" in refused(run_cli, journal_path, command, str(fifo))


@pytest.mark.parametrize("command", ["import", "seed"])
def test_a_file_over_256_mib_is_refused_without_being_read(
    tmp_path: Path, run_cli: RunCli, journal_path: Path, command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: a 200 MB note imported in 1.5 s and then froze the app."""
    big = tmp_path / "big.json"
    with big.open("wb") as file:
        file.truncate(MAX_IMPORT_BYTES + 1)  # sparse: takes no disk space
    never_opened(monkeypatch, big)
    assert "over the limit of 256 MiB" in refused(run_cli, journal_path, command, str(big))


def test_a_file_that_grows_while_it_is_read_is_still_bounded(
    tmp_path: Path, run_cli: RunCli, journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "in.json"
    source.write_text(json.dumps({"predictions": [ENTRY]}) + " " * 500, encoding="utf-8")
    monkeypatch.setattr(cli.interop, "MAX_IMPORT_BYTES", 300)
    real_stat, real_fstat, inode = os.stat, os.fstat, source.stat().st_ino

    def small(result: os.stat_result) -> os.stat_result:
        """The file looks small when checked, as if it grew only afterwards."""
        if result.st_ino != inode:
            return result
        fields = list(result)
        fields[6] = 10  # st_size
        return os.stat_result(fields)

    monkeypatch.setattr(os, "stat", lambda path, *args, **kwargs: small(real_stat(path, *args, **kwargs)))
    monkeypatch.setattr(os, "fstat", lambda fd: small(real_fstat(fd)))
    assert "over the limit of 0 MiB" in refused(run_cli, journal_path, "import", str(source))


def test_a_directory_is_refused(tmp_path: Path, run_cli: RunCli, journal_path: Path) -> None:
    refused(run_cli, journal_path, "import", str(tmp_path))


# Per-record limits and ids, named where they are.


def json_file(tmp_path: Path, entry: dict[str, Any]) -> str:
    path = tmp_path / "in.json"
    path.write_text(json.dumps({"predictions": [entry]}), encoding="utf-8")
    return str(path)


JSON_CASES = {
    "id past 64 bits": ({**ENTRY, "id": 18446744073709551615}, "predictions[0]: prediction id 18446744073709551615 is over the limit"),
    "id over the limit": ({**ENTRY, "id": MAX_PREDICTION_ID + 1}, "predictions[0]: prediction id 1000000 is over the limit of 999,999"),
    "title over the limit": ({**ENTRY, "title": "t" * (MAX_TITLE_CHARS + 1)}, "predictions[0]: the title is 301"),
    "set name over the limit": ({**ENTRY, "set": "s" * (MAX_TITLE_CHARS + 1)}, "predictions[0]: the set name is 301"),
    "text over the limit": ({**ENTRY, "text": "x" * (MAX_TEXT_CHARS + 1)}, "predictions[0]: the text is 100,001"),
    "zero-width title": ({**ENTRY, "title": "\u200b"}, "predictions[0]: the title is empty"),
    "estimate note over the limit": (
        {**ENTRY, "estimates": [{**ESTIMATE, "note": "n" * (MAX_TEXT_CHARS + 1)}]},
        "predictions[0].estimates[0]: the estimate note is 100,001 characters long",
    ),
    "note over the limit": (
        {**ENTRY, "notes": [{**NOTE, "text": "n" * (MAX_TEXT_CHARS + 1)}]},
        "predictions[0].notes[0]: the note is 100,001 characters long",
    ),
    "NUL note": ({**ENTRY, "notes": [{**NOTE, "text": "\x00"}]}, "predictions[0].notes[0]: the note is empty"),
    "resolution note over the limit": (
        {**ENTRY, "resolution": {**ENTRY["resolution"], "note": "n" * (MAX_TEXT_CHARS + 1)}},
        "predictions[0].resolution: the resolution note is 100,001 characters long",
    ),
    "week date": (
        {**ENTRY, "estimates": [{**ESTIMATE, "date": "2025-W01-1"}]},
        "predictions[0].estimates[0]: field 'date' must be a real date written YYYY-MM-DD",
    ),
    "basic date": ({**ENTRY, "resolve_by": "20251231"}, "predictions[0]: field 'resolve_by' must be a real date"),
}


@pytest.mark.parametrize("case", JSON_CASES)
def test_json_import_refuses_over_limit_and_lenient_records_naming_the_element(
    tmp_path: Path, run_cli: RunCli, journal_path: Path, case: str
) -> None:
    entry, message = JSON_CASES[case]
    assert message in refused(run_cli, journal_path, "import", json_file(tmp_path, entry))


def markdown_of(predictions: list[Prediction], **records: Any) -> str:
    data = JournalData(predictions, records.get("estimates", {}), records.get("notes", {}), records.get("resolutions", {}))
    return render_markdown(data, score_journal(data), TODAY)


RAIN = Prediction(1, "Rain", "Will it rain?", "mine", date(2025, 12, 31), "Weather")


def line_of(text: str, start: str) -> int:
    return next(n for n, line in enumerate(text.split("\n"), 1) if line.startswith(start))


def test_markdown_import_refuses_over_limit_texts_naming_the_line(
    tmp_path: Path, run_cli: RunCli, journal_path: Path
) -> None:
    text = markdown_of([RAIN], notes={1: [Note(1, date(2025, 3, 2), "n" * (MAX_TEXT_CHARS + 1), MOMENT)]})
    source = tmp_path / "in.md"
    source.write_text(text, encoding="utf-8")
    message = refused(run_cli, journal_path, "import", str(source))
    assert f"line {line_of(text, '#### 2025-03-02')}: the note is 100,001 characters long" in message


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("## 1. Rain", "## 1000000. Rain", "prediction id '1000000' is too large"),
        ("## 1. Rain", "## " + "9" * 5000 + ". Rain", "is too large"),
        ("## 1. Rain", "## \u0661. Rain", "expected a '## N. Title' prediction heading"),
        ("- Resolve by: 2025-12-31", "- Resolve by: 2025-W52-3", "the resolve-by date must be a real date"),
        ("| 2025-03-01 |", "| 2025-W09-6 |", "the date must be a real date"),
        (" | 0.7 | ", " | 7e-1_0 | ", "the probability '7e-1_0' is not a number"),
    ],
)
def test_markdown_import_reads_ids_dates_and_numbers_strictly(
    tmp_path: Path, run_cli: RunCli, journal_path: Path, old: str, new: str, problem: str
) -> None:
    text = markdown_of([RAIN], estimates={1: [Estimate(1, 0.7, date(2025, 3, 1), MOMENT)]})
    line = next(n for n, content in enumerate(text.split("\n"), 1) if old in content)
    source = tmp_path / "in.md"
    source.write_text(text.replace(old, new, 1), encoding="utf-8")
    message = refused(run_cli, journal_path, "import", str(source))
    assert f"in.md: line {line}: " in message and problem in message


def test_a_markdown_export_with_six_digit_ids_imports_again(tmp_path: Path) -> None:
    """Regression: ids of 10 or more digits made the markdown export impossible to import."""
    first = cli_runner(tmp_path / "first.json", TickingClock())
    top = {**ENTRY, "id": MAX_PREDICTION_ID, "title": "Top"}
    ok(first("import", json_file(tmp_path, top)))
    added = json.loads(ok(first("list", "--json")).stdout)["predictions"]
    assert added[-1]["id"] == MAX_PREDICTION_ID
    export = tmp_path / "export.md"
    ok(first("export", str(export)))
    second = cli_runner(tmp_path / "second.json", TickingClock())
    ok(second("import", str(export)))
    again = json.loads(ok(second("list", "--json")).stdout)["predictions"]
    assert again == added


def test_new_ids_never_pass_the_limit(tmp_path: Path, run_cli: RunCli) -> None:
    """After a prediction with id 999,999, a new one takes the lowest free id."""
    ok(run_cli("import", json_file(tmp_path, {**ENTRY, "id": MAX_PREDICTION_ID})))
    assert "prediction 11," in ok(run_cli("add", "Mine")).stdout


def test_fatebook_import_refuses_over_limit_titles_and_non_ascii_digits_naming_the_line(
    tmp_path: Path, run_cli: RunCli, journal_path: Path
) -> None:
    source = tmp_path / "in.csv"
    source.write_text(CSV_HEADER + "Q,0.5,2025-01-01,2025-02-01,,,\n" + "t" * 301 + ",0.5,2025-01-01,2025-02-01,,,\n")
    assert "line 3: the title is 301 characters long" in refused(run_cli, journal_path, "import", str(source))
    source.write_text(CSV_HEADER + "Q,0.5,\u0662\u0660\u0662\u0665-01-01,2025-02-01,,,\n")
    assert "line 2: '٢٠٢٥-01-01' is not a date and time" in refused(run_cli, journal_path, "import", str(source))
    source.write_text(CSV_HEADER + "Q,1e-1_0,2025-01-01,2025-02-01,,,\n")
    assert "line 2: forecast '1e-1_0' is not a number" in refused(run_cli, journal_path, "import", str(source))


# Seeds get the checks import has.

SEED = """---
title: "Predictions For 2026"
---

3-Jan-26

## 1. First
Body one.

## 2. Second
Body two.
"""


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ('title: "Predictions For 2026"', 'title: "Predictions\\nFor 2026"', "the title must be one line"),
        ('title: "Predictions For 2026"', 'title: "\\u200b"', "the title is empty"),
        ('title: "Predictions For 2026"', f'title: "{"P" * 300} 2026"', "the title is 305 characters long"),
        ('title: "Predictions For 2026"', 'title: "Predictions For 0000"', "names the year 0000, which does not exist"),
        ("## 1. First", "## 1. ** **", "prediction 1: the title is empty"),
        ("## 1. First", "## 1. \u200b", "prediction 1: the title is empty"),
        ("## 1. First", "## 1. " + "F" * 301, "prediction 1: the title is 301 characters long"),
        ("## 1. First", "## " + "1" * 5000 + ". First", "the prediction number '1111"),
        ("## 1. First", "## \u0661. First", "predictions are numbered [2]"),
        ("Body one.", "B" * (MAX_TEXT_CHARS + 1), "prediction 1: the text is 100,001 characters long"),
    ],
)
def test_seed_refuses_what_import_refuses_on_one_line(
    tmp_path: Path, run_cli: RunCli, journal_path: Path, old: str, new: str, problem: str
) -> None:
    """Regression: seed skipped import's checks; some of these gave a traceback."""
    assert old in SEED
    seed = tmp_path / "p2026.md"
    seed.write_text(SEED.replace(old, new), encoding="utf-8")
    message = refused(run_cli, journal_path, "seed", str(seed))
    assert message.startswith("forecast-journal: error: p2026.md: ") and problem in message
    assert len(message) < 300


# Spreadsheet formulas.

FORMULAS = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rReturn", "'=already quoted"]


def test_the_fatebook_csv_export_quotes_cells_a_spreadsheet_would_run() -> None:
    """Regression: the export wrote cells starting with =, +, - or @ as they were."""
    predictions = [Prediction(i + 1, title, "@text", "s", date(2025, 12, 31), "S") for i, title in enumerate(FORMULAS)]
    text = render_fatebook_csv(JournalData(predictions), MOMENT)
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [row["questionTitle"] for row in rows] == [f"'{title}" for title in FORMULAS]
    assert {row["notes"] for row in rows} == {"'@text"}
    cells = [cell for row in rows for cell in row.values()]
    assert not any(cell[:1] in ("=", "+", "-", "@", "\t", "\r") for cell in cells)


@given(st.text(max_size=20))
def test_unquoting_a_quoted_cell_gives_it_back(cell: str) -> None:
    assert unescape_formula(escape_formula(cell)) == cell
    assert escape_formula(cell)[:1] not in ("=", "+", "-", "@", "\t", "\r")


def test_the_fatebook_import_takes_the_quote_off_again(tmp_path: Path, run_cli: RunCli) -> None:
    """Our own export's columns are not the ones Fatebook's export has (issue 13), so the quote
    removal is shown on a Fatebook-shaped file holding the cells our export would write."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER.strip().split(","))
    for title in FORMULAS:
        writer.writerow([escape_formula(title), "0.5", "2025-01-01", "2025-02-01", "", "", escape_formula("-notes")])
    batch = parse_fatebook_csv(out.getvalue(), "in.csv", TODAY.date())
    assert [item.prediction.title for item in batch] == [" ".join(title.split()) for title in FORMULAS]
    assert {item.prediction.text for item in batch} == {"-notes"}


def test_the_csv_export_round_trip_of_formula_titles_through_a_journal(tmp_path: Path) -> None:
    journal = open_journal(tmp_path / "journal.json", TickingClock())
    journal.add_own_prediction("=1+1", "", None)
    rows = list(csv.DictReader(io.StringIO(render_fatebook_csv(journal.snapshot(), MOMENT), newline="")))
    assert rows[-1]["questionTitle"] == "'=1+1"
    assert unescape_formula(rows[-1]["questionTitle"]) == "=1+1"
