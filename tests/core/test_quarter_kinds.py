"""Scores by quarter with question kinds (issue 16): a choice prediction counts once in its quarter, its
Brier and log score the means over its options; a numeric one is counted apart, in `interval_scored`,
and is in no Brier mean. Hand-computed figures, in the report, `score --json` and `score`."""

from __future__ import annotations

import json
import math
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from domain.model import Estimate, JournalData, Kind, Outcome, Prediction, Resolution
from domain.scoring import QuarterScore, baseline_from_log, by_quarter, score_journal
from tests.cli_support import cli_runner, ok
from tests.clock import TickingClock


def d(text: str) -> date:
    return date.fromisoformat(text)


def made(prediction_id: int, on: str, **shape: object) -> Estimate:
    moment = datetime.fromisoformat(f"{on}T12:00:00").replace(tzinfo=UTC)
    return Estimate(prediction_id, 0.8, d(on), moment, **shape)  # type: ignore[arg-type]


def journal() -> JournalData:
    predictions = [
        Prediction(1, "Yes or no", "", "s", d("2025-12-31"), "A"),
        Prediction(2, "Which?", "", "s", d("2025-12-31"), "A", kind=Kind.CHOICE, options=("A", "B", "C")),
        Prediction(3, "How many?", "", "s", d("2025-12-31"), "A", kind=Kind.NUMERIC),
        Prediction(4, "How much?", "", "s", d("2025-12-31"), "A", kind=Kind.NUMERIC),
    ]
    estimates = {
        1: (made(1, "2025-01-01"),),
        2: (made(2, "2025-01-01", probabilities=(0.5, 0.3, 0.2)),),
        3: (made(3, "2025-01-01", low=10.0, high=20.0, level=0.8),),
        4: (made(4, "2025-01-01", low=1.0, high=2.0, level=0.8),),
    }
    resolutions = {
        1: Resolution(1, Outcome.YES, d("2025-02-10")),
        2: Resolution(2, Outcome.ANSWERED, d("2025-03-01"), option="B"),
        3: Resolution(3, Outcome.ANSWERED, d("2025-05-05"), value=15.0),
        4: Resolution(4, Outcome.AMBIGUOUS, d("2025-05-06")),
    }
    return JournalData(predictions, estimates, {}, resolutions)


# 2025-Q1: #1 80% on yes: Brier 0.04, log ln 0.8. #2 50/30/20 answered B: per option Brier 0.25, 0.49,
# 0.04 (mean 0.26, a third of the multi-category 0.78), log ln 0.5, ln 0.3, ln 0.8 (mean ln 0.12 / 3).
# 2025-Q2: #3 numeric, interval-scored; #4 numeric, ambiguous: resolved, not scored.
Q1_BRIER = (0.04 + 0.26) / 2
Q1_BASELINE = baseline_from_log((math.log(0.8) + math.log(0.12) / 3) / 2)


def test_a_choice_prediction_counts_once_and_a_numeric_one_apart() -> None:
    q1, q2 = score_journal(journal()).by_quarter
    assert (q1.quarter, q1.scored, q1.not_scored, q1.interval_scored) == ("2025-Q1", 2, 0, 0)
    assert q1.brier == pytest.approx(Q1_BRIER)
    assert q1.baseline_score == pytest.approx(Q1_BASELINE)
    assert q1.baseline_score == pytest.approx(100 * (1 + (math.log2(0.8) + math.log2(0.12) / 3) / 2))
    assert q2 == QuarterScore("2025-Q2", 0, None, None, not_scored=1, interval_scored=1)


def test_a_quarter_with_only_numeric_predictions_is_listed() -> None:
    assert by_quarter([], [d("2025-05-05"), d("2025-06-30")]) == (QuarterScore("2025-Q2", 0, None, None, 0, 2),)


def test_score_json_and_table_say_what_is_counted(tmp_path: Path) -> None:
    run = cli_runner(tmp_path / "j.json", TickingClock())
    ok(run("add", "Which?", "--option", "A", "--option", "B", "--option", "C", "--resolve-by", "2025-12-31"))
    ok(run("estimate", "11", "50", "30", "20", "--date", "2025-01-01"))
    ok(run("resolve", "11", "B", "--date", "2025-03-01"))
    ok(run("add", "How many?", "--numeric", "--resolve-by", "2025-12-31"))
    ok(run("estimate", "12", "10..20", "--date", "2025-01-01"))
    ok(run("resolve", "12", "15", "--date", "2025-03-02"))
    document = json.loads(ok(run("score", "--json")).stdout)
    assert document["by_quarter"] == [
        {
            "quarter": "2025-Q1",
            "scored": 1,
            "brier": pytest.approx(0.26),
            "baseline_score": pytest.approx(baseline_from_log(math.log(0.12) / 3)),
            "not_scored": 0,
            "interval_scored": 1,
        }
    ]
    output = ok(run("score")).stdout
    assert "each prediction once" in output and "Numeric (interval" in output
    q1 = next(line for line in output.splitlines() if "2025-Q1" in line)
    # 100 × (1 + log₂ 0.12 / 3) = −1.96
    assert [cell.strip() for cell in q1.split("│")[1:7]] == ["2025-Q1", "1", "0.260", "-2.0", "0", "1"]
