"""`add`, `seed` and `score --set`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from domain.model import OWN_SET
from domain.own_prediction import OWN_SOURCE
from seeds import read_seed
from tests.cli_support import RunCli, listing, ok


def test_add_puts_the_prediction_in_own_predictions_resolving_at_the_end_of_this_year(run_cli: RunCli) -> None:
    assert (
        ok(run_cli("add", "  Rain on Sunday  ")).stdout
        == "Saved: prediction 11, 'Rain on Sunday', resolving by 2026-12-31.\n"
    )
    ok(run_cli("add", "Launch slips", "--text", "The launch moves\npast June.", "--resolve-by", "2027-06-30"))
    added = listing(run_cli)[10:]
    assert [(p["id"], p["title"], p["set"], p["source"], p["resolve_by"], p["text"]) for p in added] == [
        (11, "Rain on Sunday", OWN_SET, OWN_SOURCE, "2026-12-31", ""),
        (12, "Launch slips", OWN_SET, OWN_SOURCE, "2027-06-30", "The launch moves\npast June."),
    ]
    ok(run_cli("estimate", "12", "35"))
    assert listing(run_cli)[11]["estimates"][0]["probability"] == 0.35


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "Commoditization of Base-Level LLMs", "--resolve-by", "2025-12-31"), None),
        (("add", "Twice"), "already has a prediction titled 'Twice' (id 11)"),
        (("add", "   "), "title is empty"),
        (("add", "two\nlines"), "title must be one line"),
        (("add", "Bad date", "--resolve-by", "2026-02-30"), "resolve-by must be a real date"),
        (("add", "Short date", "--resolve-by", "2026-2-3"), "resolve-by must be"),
    ],
)
def test_add_refuses_bad_input_and_duplicates_on_one_line(
    run_cli: RunCli, journal_path: Path, args: tuple, message: str | None
) -> None:
    ok(run_cli("add", "Twice"))
    before = journal_path.read_bytes()
    result = run_cli(*args)
    if message is None:  # the seed set's title in another set is no duplicate
        ok(result)
        return
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert journal_path.read_bytes() == before


def seed_2026(tmp_path: Path) -> Path:
    text = read_seed().replace("LLM Predictions For 2025", "LLM Predictions For 2026").replace("20-Nov-24", "21-Nov-25")
    path = tmp_path / "llm-predictions-2026.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_seed_adds_a_set_resolving_in_its_titles_year_with_fresh_ids(tmp_path: Path, run_cli: RunCli) -> None:
    ok(run_cli("add", "Mine"))
    result = ok(run_cli("seed", str(seed_2026(tmp_path))))
    assert "10 predictions from 'LLM Predictions For 2026' (ids 12–21), resolving by 2026-12-31" in result.stdout
    added = listing(run_cli)[11:]
    assert [p["id"] for p in added] == list(range(12, 22))
    assert {(p["set"], p["source"], p["resolve_by"]) for p in added} == {
        ("LLM Predictions For 2026", "llm-predictions-2026.md", "2026-12-31")
    }
    assert added[0]["title"] == "Commoditization of Base-Level LLMs"


def test_seeding_the_same_file_again_adds_nothing(tmp_path: Path, run_cli: RunCli, journal_path: Path) -> None:
    seed = seed_2026(tmp_path)
    ok(run_cli("seed", str(seed)))
    before = journal_path.read_bytes()
    assert "0 predictions" in ok(run_cli("seed", str(seed))).stdout
    assert journal_path.read_bytes() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"no front matter at all\n", "no 'title'"),
        (b"---\ntitle: Predictions\n---\n20-Nov-24\n## 1. A\nbody\n", "names no year"),
        (b"---\ntitle: Predictions For 2026\n---\n\n## 1. A\nbody\n", "no date line"),
        (b"---\ntitle: Predictions For 2026\n---\n20-Nov-25\n\n## 2. A\nbody\n", "numbered [2]"),
        (b"---\ntitle: Predictions For 2026\n---\n20-Nov-25\n\xff\n", "not valid UTF-8"),
    ],
)
def test_a_malformed_seed_file_is_refused_and_the_journal_is_untouched(
    tmp_path: Path, run_cli: RunCli, journal_path: Path, content: bytes, message: str
) -> None:
    ok(run_cli("list"))
    before = journal_path.read_bytes()
    seed = tmp_path / "bad.md"
    seed.write_bytes(content)
    result = run_cli("seed", str(seed))
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "bad.md" in result.stderr and message in result.stderr
    assert journal_path.read_bytes() == before


def test_score_set_scores_only_that_sets_predictions(tmp_path: Path, run_cli: RunCli) -> None:
    ok(run_cli("seed", str(seed_2026(tmp_path))))
    ok(run_cli("estimate", "1", "80", "--date", "2025-06-01"))
    ok(run_cli("resolve", "1", "yes", "--date", "2025-12-31"))
    ok(run_cli("estimate", "11", "20", "--date", "2026-06-01"))
    ok(run_cli("resolve", "11", "yes", "--date", "2026-11-01"))
    scores = json.loads(ok(run_cli("score", "--json", "--set", "LLM Predictions For 2026")).stdout)
    assert [p["id"] for p in scores["predictions"]] == list(range(11, 21))
    assert scores["overall"]["scored"] == 1
    assert scores["overall"]["brier"] == pytest.approx(0.64)
    assert json.loads(ok(run_cli("score", "--json")).stdout)["overall"]["scored"] == 2
    assert "Brier scores per prediction" in ok(run_cli("score", "--set", "LLM Predictions For 2025")).stdout


def test_score_set_names_the_sets_when_the_set_is_unknown(run_cli: RunCli) -> None:
    result = run_cli("score", "--set", "Nope")
    assert result.exit_code == 1
    assert result.stderr == "forecast-journal: error: no set named 'Nope' (sets: 'LLM Predictions For 2025')\n"
