"""Calibration over time (issue 14): mean final Brier and baseline score per quarter of the resolution
date, on hand-computed figures, in the report and in `score --json` and `score`."""

from __future__ import annotations

import json
import math
from datetime import UTC, date, datetime

import pytest

from domain.model import Estimate, JournalData, Outcome, Prediction, Resolution
from domain.scoring import QuarterScore, by_quarter, quarter_of, score_journal
from tests.cli_support import RunCli, ok


def d(text: str) -> date:
    return date.fromisoformat(text)


@pytest.mark.parametrize(
    ("day", "quarter"),
    [
        ("2025-01-01", "2025-Q1"),
        ("2025-03-31", "2025-Q1"),
        ("2025-04-01", "2025-Q2"),
        ("2025-09-30", "2025-Q3"),
        ("2025-10-01", "2025-Q4"),
        ("2025-12-31", "2025-Q4"),
        ("0999-05-01", "0999-Q2"),
    ],
)
def test_quarter_of(day: str, quarter: str) -> None:
    assert quarter_of(d(day)) == quarter


def test_by_quarter_by_hand() -> None:
    # Q1 2025: Brier 0.04 (80% yes, log ln 0.8) and 0.36 (60% no, log ln 0.4); Q2: one unscored;
    # Q4 2024: Brier 0.01 (90% yes, log ln 0.9). Q3 and Q4 2025 had no resolution and are not listed.
    quarters = by_quarter(
        [
            (d("2025-02-10"), 0.04, math.log(0.8)),
            (d("2025-03-31"), 0.36, math.log(0.4)),
            (d("2025-05-05"), None, None),
            (d("2024-12-31"), 0.01, math.log(0.9)),
        ]
    )
    assert [q.quarter for q in quarters] == ["2024-Q4", "2025-Q1", "2025-Q2"]
    q4, q1, q2 = quarters
    assert (q4.scored, q4.not_scored) == (1, 0)
    assert q4.brier == pytest.approx(0.01)
    assert q4.baseline_score == pytest.approx(84.79969065549501)  # 100 × (1 + log₂ 0.9)
    assert q1.scored == 2 and q1.not_scored == 0
    assert q1.brier == pytest.approx(0.2)
    # Mean baseline of 100 × (1 + log₂ 0.8) = 67.807 and 100 × (1 + log₂ 0.4) = −32.193.
    assert q1.baseline_score == pytest.approx((67.80719051126377 - 32.19280948873623) / 2)
    assert q2 == QuarterScore("2025-Q2", 0, None, None, 1)
    assert by_quarter([]) == ()


def made(prediction_id: int, p: float, on: str) -> Estimate:
    return Estimate(prediction_id, p, d(on), datetime.fromisoformat(f"{on}T12:00:00").replace(tzinfo=UTC))


def test_the_report_groups_by_resolution_date_not_the_window_close() -> None:
    # #1 is due 2025-03-31 but resolved on 2025-04-02: it belongs to 2025-Q2 (its window still closes Mar 31).
    # #2 is archived: left out unless asked for. #3 is ambiguous: counted as resolved, not scored.
    predictions = [
        Prediction(1, "P1", "t", "s.md", d("2025-03-31"), "A"),
        Prediction(2, "P2", "t", "s.md", d("2025-12-31"), "A", archived=True),
        Prediction(3, "P3", "t", "s.md", d("2025-12-31"), "A"),
    ]
    data = JournalData(
        predictions,
        {1: (made(1, 0.7, "2025-03-01"),), 2: (made(2, 0.5, "2025-03-01"),)},
        {},
        {
            1: Resolution(1, Outcome.NO, d("2025-04-02")),
            2: Resolution(2, Outcome.YES, d("2025-04-03")),
            3: Resolution(3, Outcome.AMBIGUOUS, d("2025-05-01")),
        },
    )
    # #1: 70% on no, Brier 0.49, baseline 100 × (1 + log₂ 0.3) = −73.697; #2: 50%, Brier 0.25, baseline 0.
    (quarter,) = score_journal(data).by_quarter
    assert (quarter.quarter, quarter.scored, quarter.not_scored) == ("2025-Q2", 1, 1)
    assert quarter.brier == pytest.approx(0.49)
    assert quarter.baseline_score == pytest.approx(-73.69655941662062)
    (everything,) = score_journal(data, include_archived=True).by_quarter
    assert (everything.scored, everything.not_scored) == (2, 1)
    assert everything.brier == pytest.approx((0.49 + 0.25) / 2)
    assert everything.baseline_score == pytest.approx(-73.69655941662062 / 2)


def test_score_json_and_table_give_the_quarters(run_cli: RunCli) -> None:
    ok(run_cli("estimate", "1", "80", "--date", "2025-05-01"))
    ok(run_cli("resolve", "1", "yes", "--date", "2025-06-30"))
    ok(run_cli("estimate", "2", "60", "--date", "2025-05-01"))
    ok(run_cli("resolve", "2", "no", "--date", "2025-11-15"))
    ok(run_cli("estimate", "3", "90", "--date", "2025-05-01"))
    ok(run_cli("resolve", "3", "yes", "--date", "2025-12-31"))
    ok(run_cli("resolve", "4", "ambiguous", "--date", "2025-12-31"))
    document = json.loads(ok(run_cli("score", "--json")).stdout)
    assert document["by_quarter"] == [
        {
            "quarter": "2025-Q2",
            "scored": 1,
            "brier": pytest.approx(0.04),
            "baseline_score": pytest.approx(67.80719051126377),
            "not_scored": 0,
            "interval_scored": 0,
        },
        {
            "quarter": "2025-Q4",
            "scored": 2,
            "brier": pytest.approx((0.36 + 0.01) / 2),
            "baseline_score": pytest.approx((-32.19280948873623 + 84.79969065549501) / 2),
            "not_scored": 1,
            "interval_scored": 0,
        },
    ]
    output = ok(run_cli("score")).stdout
    assert "By quarter of resolution date" in output
    q4 = next(line for line in output.splitlines() if "2025-Q4" in line)
    assert [cell.strip() for cell in q4.split("│")[1:6]] == ["2025-Q4", "2", "0.185", "+26.3", "1"]
