"""Imports take what people have: hand-written JSON with only what a person knows, the CSV our own
export writes, a clear word on a file that is not what it was taken for, and a dry run that writes nothing."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest

from domain import records
from domain.formats.fatebook_csv import FATEBOOK_SET
from domain.model import Estimate, Note, date_order, latest_estimate
from domain.records import (
    ESTIMATES,
    NOTES,
    check_tables,
    estimate_from_record,
    estimate_to_record,
    journal_from_tables,
    note_from_record,
    note_to_record,
)
from tests.cli_support import RunCli, cli_runner, listing, ok
from tests.clock import TODAY, TickingClock

MINIMAL = {
    "predictions": [
        {
            "title": "Rain on Sunday",
            "set": "Weather",
            "resolve_by": "2026-12-31",
            "estimates": [{"date": "2026-03-01", "probability": 0.3}, {"date": "2026-02-01", "probability": 0.2}],
            "notes": [{"date": "2026-03-02", "text": "forecast says\ndry"}],
            "resolution": {"outcome": "no", "date": "2026-03-05"},
        }
    ]
}


FULL = {  # every field given, as `list --json` prints: what a dry run reads before minimal JSON was allowed
    "predictions": [
        {
            "id": 1,
            "title": "Rain on Sunday",
            "text": "",
            "source": "",
            "resolve_by": "2026-12-31",
            "set": "Weather",
            "estimates": [
                {"date": "2026-03-01", "probability": 0.3, "recorded_at": "2026-03-01T09:00:00+00:00", "note": ""}
            ],
        }
    ]
}


def write_json(tmp_path: Path, document: Any, name: str = "mine.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def tree(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder under `folder`, with its size and modification time."""
    return {str(path.relative_to(folder)): (path.stat().st_size, path.stat().st_mtime_ns) for path in folder.rglob("*")}


# Minimal JSON.


def test_minimal_json_imports_with_unknown_recording_times(tmp_path: Path, run_cli: RunCli) -> None:
    result = ok(run_cli("import", str(write_json(tmp_path, MINIMAL))))
    assert "1 new prediction, 2 estimates, 1 note, 1 resolution" in result.stdout
    [rain] = [p for p in listing(run_cli) if p["set"] == "Weather"]
    assert (rain["id"], rain["text"], rain["source"]) == (11, "", "")  # the next free id, no text or source
    assert [(e["date"], e["probability"], e["recorded_at"]) for e in rain["estimates"]] == [
        ("2026-03-01", 0.3, None),
        ("2026-02-01", 0.2, None),
    ]
    assert [(n["text"], n["recorded_at"]) for n in rain["notes"]] == [("forecast says\ndry", None)]
    assert rain["resolution"] == {"outcome": "no", "date": "2026-03-05", "note": ""}
    shown = ok(run_cli("show", "11")).stdout
    assert "#1  2026-03-01     30%  recorded unknown" in shown
    assert "#1  2026-03-02  recorded unknown" in shown
    assert "Final Brier: 0.090" in ok(run_cli("export", "-")).stdout  # the estimate of the later date is final
    assert ok(run_cli("import", str(write_json(tmp_path, MINIMAL)))).stdout.startswith("Nothing new")


def test_the_journal_file_stores_an_unknown_recording_time_as_null(
    tmp_path: Path, run_cli: RunCli, journal_path: Path
) -> None:
    ok(run_cli("import", str(write_json(tmp_path, MINIMAL))))
    tables = orjson.loads(journal_path.read_bytes())
    assert {record["recorded_at"] for record in tables[ESTIMATES].values()} == {None}
    assert {record["recorded_at"] for record in tables[NOTES].values()} == {None}
    check_tables(tables)  # the fast check a write makes accepts them, as building the journal does
    journal_from_tables(tables)
    ok(run_cli("estimate", "11", "40", "--date", "2026-03-01"))  # a later write still checks out


def test_a_write_to_a_journal_of_unknown_recording_times_takes_the_fast_check(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check a write makes reads null recording times column by column, never building the records."""
    ok(run_cli("import", str(write_json(tmp_path, MINIMAL))))
    built: list[object] = []
    for name in ("estimate_from_record", "note_from_record"):
        original = getattr(records, name)
        monkeypatch.setattr(records, name, lambda record, original=original: built.append(record) or original(record))
    ok(run_cli("note", "11", "another"))
    assert built == []


def test_an_unknown_recording_time_sorts_first_among_estimates_of_the_same_date() -> None:
    unknown = Estimate(1, 0.2, date(2026, 3, 1), None)
    known = Estimate(1, 0.7, date(2026, 3, 1), datetime(2026, 3, 1, 9, tzinfo=UTC))
    assert sorted([known, unknown], key=date_order) == [unknown, known]
    assert latest_estimate([known, unknown]) == known
    assert latest_estimate([unknown, known]) == known


@pytest.mark.parametrize("stored", [{"recorded_at": None}, {}])
def test_a_record_without_a_recording_time_reads_as_unknown_and_is_written_back_as_null(
    stored: dict[str, Any],
) -> None:
    estimate = estimate_from_record(
        {"prediction_id": 1, "date": "2026-03-01", "probability": 0.2, "note": "", **stored}
    )
    note = note_from_record({"prediction_id": 1, "date": "2026-03-01", "text": "x", **stored})
    assert estimate == Estimate(1, 0.2, date(2026, 3, 1), None)
    assert note == Note(1, date(2026, 3, 1), "x", None)
    assert estimate_to_record(estimate)["recorded_at"] is None
    assert note_to_record(note)["recorded_at"] is None


@pytest.mark.parametrize(
    ("estimate", "message"),
    [
        ({"probability": 0.3}, "predictions[0].estimates[0]: field 'date' is missing"),
        ({"date": "2026-03-01"}, "predictions[0].estimates[0]: field 'probability' is missing"),
        ({"date": "2026-03-01", "probability": 0.3, "recorded_at": 5}, "field 'recorded_at' should be str, got 5"),
    ],
)
def test_a_missing_or_wrong_field_is_named_once(
    tmp_path: Path, run_cli: RunCli, estimate: dict[str, Any], message: str
) -> None:
    entry = {**MINIMAL["predictions"][0], "estimates": [estimate]}
    result = run_cli("import", str(write_json(tmp_path, {"predictions": [entry]})))
    assert result.exit_code == 1
    assert message in result.stderr
    field = message.split("field ")[1].split(" ")[0]
    assert result.stderr.count(field) == 1, result.stderr


def test_a_prediction_without_a_title_is_refused(tmp_path: Path, run_cli: RunCli) -> None:
    entry = {key: value for key, value in MINIMAL["predictions"][0].items() if key != "title"}
    result = run_cli("import", str(write_json(tmp_path, {"predictions": [entry]})))
    assert result.exit_code == 1
    assert "mine.json: predictions[0]: field 'title' is missing" in result.stderr


# Our own Fatebook CSV, and files that are not what they were taken for.


def test_the_fatebook_csv_we_export_imports_again(tmp_path: Path, run_cli: RunCli) -> None:
    ok(run_cli("estimate", "1", "62.5", "--date", "2025-01-10"))  # backdated: written as a date alone
    ok(run_cli("estimate", "1", "33.3333"))
    ok(run_cli("resolve", "1", "no", "--date", "2025-12-01"))
    target = tmp_path / "out.csv"
    ok(run_cli("export", "--format", "fatebook-csv", str(target)))
    result = ok(run_cli("import", str(target)))
    assert "(fatebook-csv)" in result.stdout and "10 new predictions, 2 estimates" in result.stdout
    imported = {p["title"]: p for p in listing(run_cli) if p["set"] == FATEBOOK_SET}
    first = imported["Commoditization of Base-Level LLMs"]
    assert [(e["date"], e["probability"]) for e in first["estimates"]] == [
        ("2025-01-10", 0.625),
        ("2026-11-29", 0.333333),
    ]
    assert first["estimates"][0]["recorded_at"] is None
    assert first["estimates"][1]["recorded_at"].startswith("2026-11-29T")
    assert first["resolve_by"] == "2025-12-31"
    assert first["resolution"] == {"outcome": "no", "date": "2025-12-01", "note": ""}
    assert first["text"].startswith("LLMs will become commoditized")


def test_a_percent_over_100_in_our_csv_layout_is_refused(tmp_path: Path, run_cli: RunCli) -> None:
    source = tmp_path / "in.csv"
    source.write_text(
        "questionTitle,forecast,qCreatedAt,resolveBy,resolution,resolvedAt,fCreatedAt,notes\n"
        "Q,150,2025-01-01,2025-12-31,,,2025-01-01,\n",
        encoding="utf-8",
    )
    result = run_cli("import", str(source))
    assert result.exit_code == 1
    assert "in.csv: line 2: forecast '150' is outside 0–100" in result.stderr


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "notes.md",
            "# My predictions\n\n- rain: 70%\n",
            "notes.md: taken for a forecast-journal markdown export (its name ends in .md), "
            "but line 1 is not the '---' that opens an export's front matter",
        ),
        (
            "post.md",
            "---\ntitle: Blog post\n---\nText\n",
            "post.md: taken for a forecast-journal markdown export (it begins with '---'), "
            "but its front matter has no 'format: forecast-journal-markdown/3' line",
        ),
        (
            "data.json",
            '{"questions": []}',
            "data.json: taken for a `list --json` JSON listing (it begins with '{'), but it is not an object "
            "with a 'predictions' list",
        ),
        (
            "sheet.txt",
            "Title,Forecast\nQ,0.5\n",
            "sheet.txt: taken for a Fatebook CSV (it begins with neither '---' nor '{'), "
            "but line 1 lacks the column(s) 'Question title'",
        ),
    ],
)
def test_a_file_that_is_not_an_export_says_what_it_was_taken_for_and_why(
    tmp_path: Path, run_cli: RunCli, name: str, content: str, message: str
) -> None:
    source = tmp_path / name
    source.write_text(content, encoding="utf-8")
    result = run_cli("import", str(source))
    assert result.exit_code == 1
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert "import reads an `export` markdown file, `list --json` JSON or a Fatebook CSV" in result.stderr


# Dry runs.


def test_a_dry_run_on_a_missing_journal_writes_nothing(tmp_path: Path, run_cli: RunCli, journal_path: Path) -> None:
    source = write_json(tmp_path, FULL)
    before = tree(tmp_path)
    result = ok(run_cli("import", "--dry-run", str(source)))
    assert "nothing was written" in result.stdout
    assert "11. Rain on Sunday (new): 1 estimate, 0 notes" in result.stdout  # id 1 is the seed set's
    assert tree(tmp_path) == before
    assert not journal_path.exists()


def test_a_dry_run_on_an_existing_journal_writes_nothing(tmp_path: Path, run_cli: RunCli, journal_path: Path) -> None:
    ok(run_cli("estimate", "1", "40"))
    source = write_json(tmp_path, FULL)
    before = tree(tmp_path)
    next_day = cli_runner(journal_path, TickingClock(TODAY + timedelta(days=1)))  # opening would make a backup
    assert "1 new prediction, 1 estimate" in ok(next_day("import", "--dry-run", str(source))).stdout
    assert tree(tmp_path) == before


def test_a_dry_run_refuses_what_the_import_refuses(tmp_path: Path, run_cli: RunCli, journal_path: Path) -> None:
    entry = {**FULL["predictions"][0], "title": "t" * 301}
    result = run_cli("import", "--dry-run", str(write_json(tmp_path, {"predictions": [entry]})))
    assert result.exit_code == 1 and "the title is 301" in result.stderr
    assert not journal_path.exists()
