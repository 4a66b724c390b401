"""Every CLI command, its JSON output, and each bad input leaving the journal byte-identical."""

from __future__ import annotations

import json
from pathlib import Path

import frontmatter
import pytest

from tests.cli_support import RunCli, listing


def test_first_use_creates_and_seeds_the_journal(run_cli: RunCli, journal_path: Path) -> None:
    predictions = listing(run_cli)
    assert journal_path.exists()
    assert [p["id"] for p in predictions] == list(range(1, 11))
    first = predictions[0]
    assert first["title"] == "Commoditization of Base-Level LLMs"
    assert first["resolve_by"] == "2025-12-31"
    assert (first["estimates"], first["notes"], first["resolution"]) == ([], [], None)


def test_estimate_accepts_plain_percent_sign_and_decimals(run_cli: RunCli) -> None:
    assert run_cli("estimate", "1", "70").exit_code == 0
    assert run_cli("estimate", "1", "70%", "--date", "2025-06-01").exit_code == 0
    result = run_cli("estimate", "2", "62.5", "--note", "gut feeling")
    assert result.exit_code == 0
    assert "62.5%" in result.output
    predictions = listing(run_cli)
    assert [(e["date"], e["probability"]) for e in predictions[0]["estimates"]] == [
        ("2026-11-29", 0.7),
        ("2025-06-01", 0.7),
    ]
    assert predictions[1]["estimates"][0]["probability"] == 0.625
    assert predictions[1]["estimates"][0]["note"] == "gut feeling"


def test_note_from_argument_and_from_stdin(run_cli: RunCli) -> None:
    assert run_cli("note", "3", "first thought", "--date", "2025-02-01").exit_code == 0
    assert run_cli("note", "3", "-", input="line one\n\nline three\n").exit_code == 0
    notes = listing(run_cli)[2]["notes"]
    assert [(n["date"], n["text"]) for n in notes] == [
        ("2025-02-01", "first thought"),
        ("2026-11-29", "line one\n\nline three\n"),
    ]


def test_note_from_stdin_that_is_not_utf8_is_refused(run_cli: RunCli, journal_path: Path) -> None:
    run_cli("list")
    before = journal_path.read_bytes()
    result = run_cli("note", "3", "-", input=b"caf\xe9\n")
    assert result.exit_code == 1
    assert result.output.strip() == "forecast-journal: error: standard input is not valid UTF-8 text (byte 3)"
    assert journal_path.read_bytes() == before


def test_resolve_then_unresolve(run_cli: RunCli) -> None:
    result = run_cli("resolve", "4", "yes", "--date", "2026-01-02", "--note", "clearly happened")
    assert result.exit_code == 0, result.output
    assert listing(run_cli)[3]["resolution"] == {
        "outcome": "yes",
        "date": "2026-01-02",
        "note": "clearly happened",
    }
    again = run_cli("resolve", "4", "no")
    assert again.exit_code == 1
    assert "already resolved yes" in again.output
    assert run_cli("unresolve", "4").exit_code == 0
    assert listing(run_cli)[3]["resolution"] is None


def test_score_json_has_the_contract_shape_and_numbers(run_cli: RunCli) -> None:
    run_cli("estimate", "1", "80", "--date", "2025-12-01")
    run_cli("resolve", "1", "yes", "--date", "2025-12-31")
    run_cli("estimate", "2", "30", "--date", "2025-12-01")
    result = run_cli("score", "--json")
    assert result.exit_code == 0
    document = json.loads(result.output)
    assert set(document) >= {"predictions", "overall", "calibration", "decomposition"}
    first, second = document["predictions"][0], document["predictions"][1]
    assert first["outcome"] == "yes"
    assert first["brier"] == pytest.approx(0.04)
    assert first["time_averaged_brier"] == pytest.approx(0.04)
    assert second["if_yes"] == pytest.approx(0.49) and second["if_no"] == pytest.approx(0.09)
    assert document["overall"] == {
        "scored": 1,
        "brier": pytest.approx(0.04),
        "time_averaged_brier": pytest.approx(0.04),
        "baseline_brier": 0.25,
        "skill": pytest.approx(0.84),
        "log_score": pytest.approx(-0.2231435513142097),  # ln 0.8
        "time_averaged_log_score": pytest.approx(-0.2231435513142097),
        "baseline_score": pytest.approx(67.80719051126377),  # 100 × (1 + log₂ 0.8)
        "time_averaged_baseline_score": pytest.approx(67.80719051126377),
    }
    assert len(document["calibration"]) == 11
    assert document["calibration"][8]["n"] == 1
    assert set(document["decomposition"]) == {
        "reliability",
        "resolution",
        "uncertainty",
        "within_bin_variance",
        "within_bin_covariance",
        "discrimination",
    }
    assert document["calibration"][8]["mean_forecast"] == pytest.approx(0.8)


def test_score_table_says_the_scale(run_cli: RunCli) -> None:
    result = run_cli("score")
    assert result.exit_code == 0
    assert "0.25 = always 50%" in result.output
    assert "Calibration" in result.output


def test_export_writes_markdown_with_front_matter(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_cli("estimate", "1", "80", "--date", "2025-12-01", "--note", "a | pipe")
    run_cli("note", "1", "## not a heading\nsecond line")
    run_cli("resolve", "1", "yes", "--date", "2025-12-31")
    monkeypatch.chdir(tmp_path)
    result = run_cli("export")
    assert result.exit_code == 0
    target = tmp_path / "forecast-journal-2026-11-29.md"
    assert str(target) in result.output
    post = frontmatter.loads(target.read_text(encoding="utf-8"))
    assert post["title"] == "LLM Predictions For 2025"
    assert post["source"] == "llm-predictions-2025.md"
    assert post["exported_at"].startswith("2026-11-29T12:00")
    assert post["overall"]["brier"] == pytest.approx(0.04)
    assert "## 1. Commoditization of Base-Level LLMs" in post.content
    assert "- Status: resolved yes on 2025-12-31" in post.content
    assert "| 2025-12-01 | 80% backdated | 0.8 |" in post.content
    assert "a \\| pipe" in post.content
    assert "> ## not a heading\\\n> second line" in post.content  # a hard line break: it shows when rendered
    assert "- Final Brier: 0.040 (final estimate 80%)" in post.content


def test_export_to_stdout_and_to_a_path(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("export", "-")
    assert result.output.startswith("---\ntitle: LLM Predictions For 2025")
    target = tmp_path / "out" / "journal.md"
    target.parent.mkdir()
    assert run_cli("export", str(target)).exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("---\n")


def test_plain_list_shows_status_and_latest_estimate(run_cli: RunCli) -> None:
    run_cli("estimate", "5", "35")
    lines = run_cli("list").output.splitlines()
    assert len(lines) == 10
    assert "overdue" in lines[0]
    assert "35%" in lines[4] and "Expansion of Small Language Models (SLMs)" in lines[4]


BAD_INPUTS = [
    (("estimate", "1", "101"), "between 0 and 100"),
    (("estimate", "1", "-1"), "between 0 and 100"),
    (("estimate", "1", "seventy"), "must be a number"),
    (("estimate", "1", "nan"), "must be a number"),
    (("estimate", "1", "inf%"), "must be a number"),
    (("estimate", "11", "50"), "no prediction with id 11"),
    (("estimate", "x", "50"), "whole number"),
    (("estimate", "1", "50", "--date", "2025-02-30"), "real date"),
    (("estimate", "1", "50", "--date", "01/02/2025"), "YYYY-MM-DD"),
    (("estimate", "1", "50", "--date", "2026-11-30"), "in the future"),
    (("note", "1", "   "), "note is empty"),
    (("note", "1", ""), "note is empty"),
    (("note", "0", "text"), "no prediction with id 0"),
    (("resolve", "1", "maybe"), "yes, no or ambiguous"),
    (("resolve", "1", "yes", "--date", "2025-13-01"), "real date"),
    (("unresolve", "2"), "not resolved"),
]


@pytest.mark.parametrize(("args", "message"), BAD_INPUTS)
def test_bad_input_is_one_line_and_changes_nothing(
    run_cli: RunCli, journal_path: Path, args: tuple[str, ...], message: str
) -> None:
    run_cli("estimate", "1", "40")
    before = journal_path.read_bytes()
    result = run_cli(*args)
    assert result.exit_code != 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("forecast-journal: error: ")
    assert message in lines[0]
    assert "Traceback" not in result.output
    assert journal_path.read_bytes() == before


def test_corrupt_journal_is_reported_and_never_overwritten(run_cli: RunCli, journal_path: Path) -> None:
    journal_path.write_bytes(b'{"meta": {"1": {"schema_version": 1}}, "predictions": {')
    before = journal_path.read_bytes()
    for args in (("list",), ("estimate", "1", "50"), ("note", "1", "x")):
        result = run_cli(*args)
        assert result.exit_code == 1
        assert str(journal_path) in result.output
        assert "not valid JSON" in result.output
        assert journal_path.read_bytes() == before
