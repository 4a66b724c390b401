"""Fatebook CSV: import of Fatebook's export, and the export in Fatebook's import columns."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.formats.fatebook_csv import EXPORT_COLUMNS, FATEBOOK_SET, escape_formula, parse_timestamp
from domain.formats.fatebook_csv import parse as parse_fatebook_csv
from domain.records import RecordError
from domain.safe_text import is_blank
from tests.cli_support import RunCli, listing, ok
from tests.clock import TODAY
from tests.interop.conftest import FIXTURES


def test_fixture_in_the_exact_column_layout_imports_one_prediction_per_question(run_cli: RunCli) -> None:
    result = ok(run_cli("import", str(FIXTURES / "fatebook-export.csv")))
    assert "(fatebook-csv)" in result.stdout
    imported = [p for p in listing(run_cli) if p["set"] == FATEBOOK_SET]
    assert [(p["id"], p["title"]) for p in imported] == [
        (11, "Will it rain in London on 1 March 2025?"),
        (12, "Will my talk be accepted?"),
        (13, "Will the launch slip past 2026?"),
        (14, "Is the coin fair?"),
    ]
    rain, talk, launch, coin = imported
    assert [(e["date"], e["probability"]) for e in rain["estimates"]] == [("2025-02-20", 0.7), ("2025-02-27", 0.85)]
    assert rain["estimates"][0]["recorded_at"] == "2025-02-20T09:15:03+00:00"
    assert rain["resolve_by"] == "2025-03-01"
    assert rain["resolution"] == {"outcome": "yes", "date": "2025-03-02", "note": ""}
    assert (rain["text"], rain["tags"]) == ('Met Office says "likely"', ["weather"])
    assert (talk["text"], talk["tags"]) == ("Two lines,\nwith a comma", ["career", "work"])
    assert talk["resolution"]["outcome"] == "no"
    assert launch["resolution"] is None
    assert [e["recorded_at"] for e in launch["estimates"]] == ["2025-04-01T08:00:00+00:00", "2025-04-01T09:30:00+02:00"]
    assert coin["resolution"]["outcome"] == "ambiguous"
    assert coin["text"] == ""


def test_fatebooks_own_header_names_and_extra_columns_are_read(tmp_path: Path, run_cli: RunCli) -> None:
    exported = tmp_path / "fatebook.csv"
    exported.write_text(
        "Question title,Multiple choice option,Forecast created by,Forecast (scale = 0-1),Forecast created at,"
        "Question created by,Question created at,Question resolve by,Resolution,Resolved at,"
        "Your Brier score for this question,Question notes,Question shared publicly\n"
        '"Who wins?","Alice","Me",0.3,2025-01-02 10:00:0,"Me",2025-01-01 09:00:0,2025-02-01 00:00:0,"NO",'
        '2025-02-02 00:00:0,0.09,"",false\n'
        '"Who wins?","Bob","Me",0.7,2025-01-02 10:00:0,"Me",2025-01-01 09:00:0,2025-02-01 00:00:0,"YES",'
        '2025-02-02 00:00:0,0.09,"",false\n',
        encoding="utf-8-sig",
    )
    ok(run_cli("import", str(exported)))
    imported = {p["title"]: p for p in listing(run_cli) if p["set"] == FATEBOOK_SET}
    assert set(imported) == {"Who wins?"}  # a multiple-choice question is one choice prediction
    assert imported["Who wins?"]["resolution"]["option"] == "Bob"
    assert imported["Who wins?"]["estimates"][0]["probabilities"] == [0.3, 0.7]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2025-03-05 14:07:3", datetime(2025, 3, 5, 14, 7, 3, tzinfo=UTC)),
        ("2025-03-05T14:07:03.120Z", datetime(2025, 3, 5, 14, 7, 3, 120000, tzinfo=UTC)),
        ("2025-03-05T14:07:03-05:00", datetime(2025, 3, 5, 14, 7, 3, tzinfo=timezone(timedelta(hours=-5)))),
        ("2025-03-05", datetime(2025, 3, 5, tzinfo=UTC)),
    ],
)
def test_timestamps_in_fatebooks_and_iso_layouts(raw: str, expected: datetime) -> None:
    parsed = parse_timestamp(raw)
    assert parsed == expected
    assert parsed.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize("raw", ["yesterday", "2025-02-30 10:00:00", "2025-03-05 25:00:00"])
def test_bad_timestamps_are_refused(raw: str) -> None:
    with pytest.raises(RecordError):
        parse_timestamp(raw)


def test_export_is_fatebooks_import_layout(tmp_path: Path, run_cli: RunCli) -> None:
    ok(run_cli("estimate", "1", "62.5", "--date", "2025-01-10"))
    ok(run_cli("estimate", "1", "70"))
    ok(run_cli("note", "1", 'a note, with "quotes"\nand two lines', "--date", "2025-01-11"))
    ok(run_cli("resolve", "1", "no", "--date", "2026-01-02"))
    target = tmp_path / "out.csv"
    ok(run_cli("export", "--format", "fatebook-csv", str(target)))
    with target.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    assert tuple(reader.fieldnames or ()) == EXPORT_COLUMNS
    first = [row for row in rows if row["questionTitle"] == "Commoditization of Base-Level LLMs"]
    assert [row["forecast"] for row in first] == ["62.5", "70"]
    assert first[0]["fCreatedAt"] == "2025-01-10"  # backdated: the estimate's date
    assert datetime.fromisoformat(first[1]["fCreatedAt"]).date() == TODAY.date()
    assert {row["qCreatedAt"] for row in first} == {"2025-01-10"}
    assert {(row["resolution"], row["resolvedAt"], row["resolveBy"]) for row in first} == {
        ("NO", "2026-01-02", "2025-12-31")
    }
    assert first[0]["notes"].endswith('\n\n2025-01-11: a note, with "quotes"\nand two lines')
    others = [row for row in rows if row["questionTitle"] != "Commoditization of Base-Level LLMs"]
    assert len(others) == 9  # one row each for the predictions without estimates
    assert {(row["forecast"], row["fCreatedAt"], row["resolution"]) for row in others} == {("", "", "")}


def test_export_to_stdout(run_cli: RunCli) -> None:
    ok(run_cli("estimate", "2", "33"))
    rows = list(csv.DictReader(io.StringIO(ok(run_cli("export", "--format", "fatebook-csv", "-")).stdout)))
    assert [row["forecast"] for row in rows if row["questionTitle"] == "Rise of Specialized LLMs"] == ["33"]


TITLE = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=40).filter(
    lambda t: not is_blank(" ".join(t.split()))
)
FREE_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)


@given(
    questions=st.lists(
        st.tuples(
            TITLE,
            FREE_TEXT,
            st.lists(st.floats(0, 1), max_size=4),
            st.sampled_from(["", "YES", "NO", "AMBIGUOUS", "yes"]),
            st.dates(date(2000, 1, 1), TODAY.date()),
        ),
        max_size=6,
        unique_by=lambda q: " ".join(q[0].split()),
    )
)
def test_parser_reads_back_any_csv_written_with_fatebooks_columns(questions: list) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "Question title",
            "Forecast (scale = 0-1)",
            "Forecast created at",
            "Question resolve by",
            "Resolution",
            "Resolved at",
            "Question notes",
        ]
    )
    for title, notes, forecasts, resolution, on in questions:
        for forecast in forecasts or [None]:
            writer.writerow(
                [
                    escape_formula(title),  # as a spreadsheet-safe writer (ours) writes it
                    "" if forecast is None else repr(forecast),
                    f"{on} 10:00:0",
                    "2030-01-01 00:00:0",
                    resolution,
                    f"{on} 12:00:0" if resolution else "",
                    escape_formula(notes),
                ]
            )
    batch = parse_fatebook_csv(out.getvalue(), "generated.csv", TODAY.date())
    assert [item.prediction.title for item in batch] == [" ".join(q[0].split()) for q in questions]
    for item, (_, notes, forecasts, resolution, on) in zip(batch, questions, strict=True):
        assert item.prediction.text == notes
        assert [e.probability for e in item.estimates] == forecasts
        assert all(e.date == on for e in item.estimates)
        assert (item.resolution.outcome.value if item.resolution else "") == resolution.lower()
