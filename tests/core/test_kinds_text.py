"""Question kinds in the text views (issue 16): `list` and `show` give a choice prediction's options with
their latest probabilities and a numeric one's interval with its unit, and the answer once answered; the
Brier view gives choice rows their multi-category Brier with its 0–2 range, numeric predictions their
interval score and whether it held, and the coverage per level overall. User text is shown made visible."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console, RenderableType

from domain.model import JournalData
from domain.safe_text import visible_line
from domain.scoring import score_journal
from storage.journal import open_journal
from tests.cli_support import RunCli, cli_runner, ok
from tests.clock import TODAY, TickingClock
from tui.screens.brier import Columns, overall_text, per_prediction_table

HOSTILE = "\x1b]0;pwned\x07[b]B[/b]"
SHOWN = visible_line(HOSTILE)


@pytest.fixture
def kinds(tmp_path: Path) -> tuple[RunCli, Path]:
    """A journal with an answered choice (11), an answered numeric (12) and an open numeric (13) prediction."""
    path = tmp_path / "journal.json"
    run = cli_runner(path, TickingClock())
    ok(run("add", "Which lab first?", "--option", "OpenAI", "--option", "Anthropic", "--option", HOSTILE))
    ok(run("add", "Top MMLU score", "--numeric", "--unit", "points"))
    ok(run("add", "How many GW?", "--numeric", "--unit", HOSTILE))
    ok(run("estimate", "11", "50", "30", "20"))
    ok(run("estimate", "11", "20", "70", "10"))
    ok(run("estimate", "12", "89..92"))
    ok(run("estimate", "13", "5..10", "--level", "90"))
    ok(run("resolve", "11", "Anthropic"))
    ok(run("resolve", "12", "93.5"))
    return run, path


def _line(output: str, prefix: str) -> str:
    return next(line for line in output.splitlines() if line.startswith(prefix))


def test_list_gives_options_with_latest_probabilities_intervals_with_units_and_answers(
    kinds: tuple[RunCli, Path],
) -> None:
    run, _ = kinds
    output = ok(run("list")).stdout
    choice, numeric, open_numeric = _line(output, " 11 "), _line(output, " 12 "), _line(output, " 13 ")
    assert "70%" in choice  # the probability the answer was given
    assert f"latest: OpenAI 20% · Anthropic 70% · {SHOWN} 10%  answer: Anthropic" in choice
    assert "answered        —  Top MMLU score" in numeric  # a level is not a chance: no percent
    assert "latest: 89..92 points at 80%  answer: 93.5 points" in numeric
    assert f"latest: 5..10 {SHOWN} at 90%" in open_numeric
    assert "\x1b" not in output and "\x07" not in output


def test_show_gives_the_options_unit_estimates_and_answer(kinds: tuple[RunCli, Path]) -> None:
    run, _ = kinds
    choice = ok(run("show", "11")).stdout
    assert f"Kind: multiple choice, 3 options\n  1. OpenAI\n  2. Anthropic\n  3. {SHOWN}\n" in choice
    assert "Resolution: Anthropic on 2026-11-29" in choice
    assert f"  #2  2026-11-29  OpenAI 20% · Anthropic 70% · {SHOWN} 10%  recorded" in choice
    numeric = ok(run("show", "12")).stdout
    assert "Kind: numeric (a central interval at a confidence level), in points" in numeric
    assert "Resolution: 93.5 points on 2026-11-29" in numeric
    assert "  #1  2026-11-29  89..92 points at 80%  recorded" in numeric
    assert "\x1b" not in ok(run("show", "13")).stdout


def test_score_gives_no_percent_for_a_numeric_prediction(kinds: tuple[RunCli, Path]) -> None:
    run, _ = kinds
    row = _line(ok(run("score")).stdout, "│ 13 │")
    assert "90%" not in row and "—" in row  # the level is not a probability


def _drawn(renderable: RenderableType, width: int) -> str:
    console = Console(width=width, file=io.StringIO(), record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def _data(path: Path) -> JournalData:
    return open_journal(path, TickingClock()).snapshot()


@pytest.mark.parametrize(("width", "room"), [(120, Columns.ALL), (60, Columns.FEW)])
def test_brier_view_shows_choice_brier_with_its_range_and_numeric_interval_scores(
    kinds: tuple[RunCli, Path], width: int, room: Columns
) -> None:
    _, path = kinds
    data = _data(path)
    report = score_journal(data)
    table = _drawn(per_prediction_table(report, data, TODAY.date(), room), width)
    choice = next(line for line in table.splitlines() if line.startswith("11 "))
    # Brier Σ(pᵢ − oᵢ)² = 0.2² + 0.3² + 0.1² = 0.14; the answer was given 70%.
    assert "Anthropic" in choice and "70%" in choice and "0.140" in choice
    assert "2 = worst" in table
    # 93.5 is 1.5 above 89..92 at 80%: 3 + (2 / 0.2) × 1.5 = 18.
    flat = " ".join(table.split())
    assert "#12 Top MMLU score: 89..92 points at 80%, value 93.5 points: missed, interval score 18 points" in flat
    assert f"#13 How many GW?: open, 5..10 {SHOWN} at 90%" in flat
    assert not any(line.startswith(("12 ", "13 ")) for line in table.splitlines())  # no Brier row for them
    overall = _drawn(overall_text(report), width)
    assert "80% intervals: 0 of 1 held the value (90% interval 0–73%)" in overall


def test_brier_view_without_numeric_predictions_has_no_numeric_or_coverage_lines(tmp_path: Path) -> None:
    run = cli_runner(tmp_path / "j.json", TickingClock())
    ok(run("estimate", "1", "70"))
    ok(run("resolve", "1", "yes"))
    data = _data(tmp_path / "j.json")
    report = score_journal(data)
    text = _drawn(per_prediction_table(report, data, TODAY.date()), 120) + _drawn(overall_text(report), 120)
    assert "Numeric predictions" not in text and "intervals:" not in text and "2 = worst" not in text
