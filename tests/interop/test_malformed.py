"""Each malformed import file: a one-line error naming the line, row or element, and a byte-identical journal."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from domain.formats.markdown import render_markdown
from domain.model import Estimate, JournalData, Note, Outcome, Prediction, Resolution
from domain.scoring import score_journal
from tests.cli_support import RunCli, ok
from tests.clock import TODAY

MOMENT = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
ESTIMATE = {"date": "2025-03-01", "probability": 0.7, "recorded_at": "2025-03-01T09:30:00+00:00", "note": ""}
ENTRY = {
    "id": 1,
    "title": "T",
    "text": "",
    "source": "s",
    "resolve_by": "2025-12-31",
    "set": "S",
    "estimates": [ESTIMATE],
    "notes": [],
    "resolution": None,
}


def markdown() -> str:
    prediction = Prediction(1, "Rain", "Will it rain?", "mine", date(2025, 12, 31), "Weather")
    data = JournalData(
        [prediction],
        {1: [Estimate(1, 0.7, date(2025, 3, 1), MOMENT, "a | b")]},
        {1: [Note(1, date(2025, 3, 2), "first line\nsecond", MOMENT)]},
        {1: Resolution(1, Outcome.YES, date(2025, 6, 1), "it did")},
    )
    return render_markdown(data, score_journal(data), TODAY)


def line_of(text: str, start: str) -> int:
    return next(n for n, line in enumerate(text.split("\n"), 1) if line.startswith(start))


def replaced(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


def json_text(entry: dict) -> str:
    return json.dumps({"predictions": [entry]}, indent=2)


MD = markdown()
CSV_HEADER = "Question title,Forecast (scale = 0-1),Forecast created at,Question resolve by,Resolution,Resolved at\n"

CASES = {
    "empty file": ("in.json", b"  \n", "the file is empty"),
    "not UTF-8": (
        "in.csv",
        CSV_HEADER.encode() + b"Q,0.5,2025-01-01,2025-02-01,,\nQ\xff,0.5,2025-01-01,2025-02-01,,\n",
        "line 3: not valid UTF-8",
    ),
    "JSON syntax": ("in.json", b'{"predictions": [\n  {"id": 1,,}\n]}', "not valid JSON"),
    "JSON shape": ("in.json", b'{"items": []}', "it is not an object with a 'predictions' list"),
    "JSON missing field": (
        "in.json",
        json_text({k: v for k, v in ENTRY.items() if k != "title"}).encode(),
        "predictions[0]: field 'title'",
    ),
    "JSON probability": (
        "in.json",
        json_text({**ENTRY, "estimates": [{**ESTIMATE, "probability": 1.5}]}).encode(),
        "predictions[0].estimates[0]: probability 1.5 is outside 0–1",
    ),
    "JSON impossible date": (
        "in.json",
        json_text({**ENTRY, "estimates": [{**ESTIMATE, "date": "2025-02-30"}]}).encode(),
        "predictions[0].estimates[0]: field 'date'",
    ),
    "JSON future date": (
        "in.json",
        json_text(
            {**ENTRY, "notes": [{"date": "2027-01-01", "text": "x", "recorded_at": "2025-01-01T00:00:00+00:00"}]}
        ).encode(),
        "predictions[0].notes[0]: date 2027-01-01 is in the future",
    ),
    "JSON empty note": (
        "in.json",
        json_text(
            {**ENTRY, "notes": [{"date": "2025-01-01", "text": "  ", "recorded_at": "2025-01-01T00:00:00+00:00"}]}
        ).encode(),
        "predictions[0].notes[0]: the note is empty",
    ),
    "JSON naive time": (
        "in.json",
        json_text({**ENTRY, "estimates": [{**ESTIMATE, "recorded_at": "2025-03-01T09:30:00"}]}).encode(),
        "has no time zone",
    ),
    "JSON unknown outcome": (
        "in.json",
        json_text({**ENTRY, "resolution": {"outcome": "maybe", "date": "2025-03-01", "note": ""}}).encode(),
        "predictions[0].resolution: unknown outcome 'maybe'",
    ),
    "JSON two-line title": (
        "in.json",
        json_text({**ENTRY, "title": "two\nlines"}).encode(),
        "predictions[0]: the title must be one line",
    ),
    "markdown not an export": (
        "in.md",
        b"---\ntitle: Predictions For 2026\n---\n\n20-Nov-25\n",
        "not a forecast-journal export",
    ),
    "markdown unclosed front matter": ("in.md", b"---\ntitle: x\n", "no closing '---'"),
    "markdown unescaped pipe": (
        "in.md",
        replaced(MD, "a \\| b", "a | b").encode(),
        f"line {line_of(MD, '| 1 | 2025-03-01')}: the note has a '|'",
    ),
    "markdown unknown escape": (
        "in.md",
        replaced(MD, "a \\| b", "a \\t b").encode(),
        f"line {line_of(MD, '| 1 | 2025-03-01')}: the note has an unknown escape",
    ),
    "markdown short row": (
        "in.md",
        replaced(MD, " | 0.7 | ", " | ").encode(),
        f"line {line_of(MD, '| 1 | 2025-03-01')}: an estimate row needs 6 cells",
    ),
    "markdown bad probability": (
        "in.md",
        replaced(MD, " | 0.7 | ", " | 7 | ").encode(),
        f"line {line_of(MD, '| 1 | 2025-03-01')}: probability 7.0 is outside 0–1",
    ),
    "markdown bad quote": (
        "in.md",
        replaced(MD, "> second", ">second").encode(),
        f"line {line_of(MD, '> second')}: a quoted line must start with '> '",
    ),
    "markdown bad resolve-by": (
        "in.md",
        replaced(MD, "- Resolve by: 2025-12-31", "- Resolve by: 2025-13-01").encode(),
        f"line {line_of(MD, '- Resolve by')}",
    ),
    "markdown missing section": (
        "in.md",
        replaced(MD, "### Notes", "### Remarks").encode(),
        f"line {line_of(MD, '### Notes')}: expected '### Notes'",
    ),
    "markdown bad outcome": (
        "in.md",
        replaced(MD, "- Outcome: yes", "- Outcome: perhaps").encode(),
        f"line {line_of(MD, '- Outcome')}",
    ),
    "markdown truncated": ("in.md", MD.split("### Estimates")[0].encode(), "end of file: expected '### Estimates'"),
    "markdown stray text": (
        "in.md",
        replaced(MD, "# Weather\n", "# Weather\n\nWeather\n").encode(),
        f"line {line_of(MD, '# Weather') + 2}: expected a '# Set'",
    ),
    "CSV missing columns": (
        "in.csv",
        b"Title,Forecast\nQ,0.5\n",
        "taken for a Fatebook CSV (its name ends in .csv), but line 1 lacks the column(s) 'Question title'",
    ),
    "CSV forecast not a number": (
        "in.csv",
        (CSV_HEADER + "Q,0.5,2025-01-01,2025-02-01,,\nQ,seventy,2025-01-02,2025-02-01,,\n").encode(),
        "line 3: forecast 'seventy' is not a number",
    ),
    "CSV forecast in percent": (
        "in.csv",
        (CSV_HEADER + "Q,70,2025-01-01,2025-02-01,,\n").encode(),
        "line 2: forecast '70' is outside 0–1",
    ),
    "CSV bad resolution": (
        "in.csv",
        (CSV_HEADER + "Q,0.5,2025-01-01,2025-02-01,MAYBE,2025-02-02\n").encode(),
        "line 2: resolution must be YES, NO, AMBIGUOUS or empty",
    ),
    "CSV resolved without date": (
        "in.csv",
        (CSV_HEADER + "Q,0.5,2025-01-01,2025-02-01,YES,\n").encode(),
        "line 2: the question is resolved YES but 'Resolved at' is empty",
    ),
    "CSV bad time": (
        "in.csv",
        (CSV_HEADER + "Q,0.5,last tuesday,2025-02-01,,\n").encode(),
        "line 2: 'last tuesday' is not a date and time",
    ),
    "CSV future forecast": (
        "in.csv",
        (CSV_HEADER + "Q,0.5,2030-01-01,2031-02-01,,\n").encode(),
        "line 2: date 2030-01-01 is in the future",
    ),
    "CSV wrong cell count": (
        "in.csv",
        (CSV_HEADER + "Q,0.5,2025-01-01\n").encode(),
        "line 2: expected 6 cells, found 3",
    ),
    "CSV unterminated quote": ("in.csv", (CSV_HEADER + 'Q,0.5,2025-01-01,2025-02-01,,\n"Q,0.5\n').encode(), "line 3:"),
}


@pytest.mark.parametrize(("name", "content", "message"), CASES.values(), ids=CASES.keys())
@pytest.mark.parametrize("dry_run", [False, True], ids=["import", "dry-run"])
def test_malformed_file_is_refused_on_one_line_and_the_journal_is_untouched(
    tmp_path: Path, run_cli: RunCli, journal_path: Path, name: str, content: bytes, message: str, dry_run: bool
) -> None:
    ok(run_cli("estimate", "1", "70"))
    before = journal_path.read_bytes()
    source = tmp_path / name
    source.write_bytes(content)
    result = run_cli("import", *(["--dry-run"] if dry_run else []), str(source))
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(f"forecast-journal: error: {name}: ")
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert journal_path.read_bytes() == before


def test_a_missing_file_is_a_usage_error(tmp_path: Path, run_cli: RunCli) -> None:
    result = run_cli("import", str(tmp_path / "nope.json"))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1


def test_the_unmodified_markdown_imports(tmp_path: Path, run_cli: RunCli) -> None:
    source = tmp_path / "in.md"
    source.write_text(MD, encoding="utf-8")
    assert "1 new prediction, 1 estimate, 1 note, 1 resolution" in ok(run_cli("import", str(source))).stdout


def test_a_malformed_file_does_not_even_create_a_missing_journal(
    tmp_path: Path, run_cli: RunCli, journal_path: Path
) -> None:
    source = tmp_path / "in.json"
    source.write_bytes(b"{")
    assert run_cli("import", str(source)).exit_code == 1
    assert not journal_path.exists()
