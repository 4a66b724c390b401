"""Log and baseline scores (issue 14): hand-computed values, p of 0 and 1 clipped, the same final estimate,
window and exclusions as the Brier score, and the properties tying the two scores together."""

from __future__ import annotations

import json
import math
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.model import Estimate, JournalData, Outcome, Prediction, Resolution, Retraction
from domain.score_guide import SCORE_GUIDE, score_guide_lines
from domain.scoring import (
    baseline_from_log,
    baseline_score,
    log_score,
    score_journal,
    score_prediction,
    time_averaged_log_score,
)
from tests.cli_support import RunCli, ok

RESOLVE_BY = date(2025, 6, 30)
LN_0_999 = -0.0010005003335835335  # ln 0.999
LN_0_001 = -6.907755278982137  # ln 0.001
BEST_BASELINE = 99.85565831303312  # 100 × (log₂ 0.999 + 1)
WORST_BASELINE = -896.5784284662087  # 100 × (log₂ 0.001 + 1)


def made(prediction_id: int, p: float, on: str, retracted: bool = False) -> Estimate:
    at = datetime.fromisoformat(f"{on}T12:00:00").replace(tzinfo=UTC)
    return Estimate(
        prediction_id, p, date.fromisoformat(on), at, retracted=Retraction(at, "typo") if retracted else None
    )


def journal(
    estimates: dict[int, list[Estimate]], outcomes: dict[int, Outcome], resolved_on: str = "2025-06-30"
) -> JournalData:
    ids = sorted({*estimates, *outcomes})
    return JournalData(
        [Prediction(i, f"P{i}", "text", "test.md", RESOLVE_BY, "A") for i in ids],
        {i: tuple(items) for i, items in estimates.items()},
        {},
        {i: Resolution(i, outcome, date.fromisoformat(resolved_on)) for i, outcome in outcomes.items()},
    )


@pytest.mark.parametrize(
    ("p", "outcome", "log", "baseline"),
    [
        (0.8, 1, -0.2231435513142097, 67.80719051126377),  # ln 0.8; 100 × (1 + log₂ 0.8)
        (0.8, 0, -1.6094379124341003, -132.19280948873623),  # ln 0.2; 100 × (1 + log₂ 0.2)
        (0.5, 1, -0.6931471805599453, 0.0),
        (0.5, 0, -0.6931471805599453, 0.0),
        (1.0, 1, LN_0_999, BEST_BASELINE),  # certain and right: clipped to 0.999
        (1.0, 0, LN_0_001, WORST_BASELINE),  # certain and wrong: clipped to 0.001, not −∞
        (0.0, 0, LN_0_999, BEST_BASELINE),
        (0.0, 1, LN_0_001, WORST_BASELINE),
        (0.9995, 1, LN_0_999, BEST_BASELINE),  # inside the clip's margin: clipped too
    ],
)
def test_log_and_baseline_scores_by_hand(p: float, outcome: int, log: float, baseline: float) -> None:
    assert log_score(p, outcome) == pytest.approx(log, abs=1e-12)
    assert baseline_score(p, outcome) == pytest.approx(baseline, abs=1e-9)


def test_a_prediction_gets_them_from_its_final_estimate_and_time_averages_them_over_the_window() -> None:
    # 50% on Jun 27 and 28, 80% on Jun 29 and 30 (the close); the Jul 1 estimate is after the close.
    data = journal(
        {1: [made(1, 0.5, "2025-06-27"), made(1, 0.8, "2025-06-29"), made(1, 0.1, "2025-07-01")]},
        {1: Outcome.YES},
        "2025-07-05",
    )
    score = score_prediction(1, data)
    assert score.final_probability == 0.8
    assert score.log_score == pytest.approx(math.log(0.8))
    assert score.baseline_score == pytest.approx(67.80719051126377)
    assert score.time_averaged_log_score == pytest.approx((2 * math.log(0.5) + 2 * math.log(0.8)) / 4)
    assert score.time_averaged_baseline_score == pytest.approx((2 * 0.0 + 2 * 67.80719051126377) / 4)


def test_a_certain_miss_is_clipped_not_infinite_in_the_time_average() -> None:
    # 100% for Jun 29, then 0% on Jun 30 (the close); it resolved no.
    data = journal({1: [made(1, 1.0, "2025-06-29"), made(1, 0.0, "2025-06-30")]}, {1: Outcome.NO})
    score = score_prediction(1, data)
    assert score.log_score == pytest.approx(LN_0_999)
    assert score.time_averaged_log_score == pytest.approx((LN_0_001 + LN_0_999) / 2)
    assert score.time_averaged_baseline_score == pytest.approx((WORST_BASELINE + BEST_BASELINE) / 2)


@pytest.mark.parametrize(
    ("estimates", "outcome"),
    [
        ([made(1, 0.7, "2025-06-01")], Outcome.AMBIGUOUS),
        ([made(1, 0.7, "2025-06-01", retracted=True)], Outcome.YES),
        ([made(1, 0.7, "2025-07-01")], Outcome.YES),  # only after the close
        ([], Outcome.NO),
    ],
    ids=["ambiguous", "all retracted", "after close", "no estimate"],
)
def test_no_brier_means_no_log_or_baseline_score(estimates: list[Estimate], outcome: Outcome) -> None:
    score = score_prediction(1, journal({1: estimates}, {1: outcome}))
    assert score.brier is None and score.unscored_reason is not None
    assert score.log_score is None and score.time_averaged_log_score is None
    assert score.baseline_score is None and score.time_averaged_baseline_score is None


def test_strict_scoring_moves_them_with_the_brier_score() -> None:
    # 40% dated Jun 1 and recorded then; 90% dated Jun 2 but written down on Jul 10, after the close.
    backdated = Estimate(1, 0.9, date(2025, 6, 2), datetime(2025, 7, 10, 12, tzinfo=UTC))
    data = journal({1: [made(1, 0.4, "2025-06-01"), backdated]}, {1: Outcome.YES})
    assert score_prediction(1, data).log_score == pytest.approx(math.log(0.9))
    strict = score_prediction(1, data, strict=True)
    assert strict.brier == pytest.approx(0.36)
    assert strict.log_score == pytest.approx(math.log(0.4))
    assert strict.time_averaged_log_score == pytest.approx(math.log(0.4))


def test_an_open_prediction_has_none() -> None:
    data = journal({1: [made(1, 0.7, "2025-06-01")]}, {})
    score = score_prediction(1, data)
    assert score.if_yes is not None
    assert score.log_score is None and score.baseline_score is None


def test_overall_means_over_the_scored_predictions_leaving_out_the_archived() -> None:
    data = journal(
        {1: [made(1, 0.8, "2025-06-01")], 2: [made(2, 0.4, "2025-06-01")], 3: [made(3, 0.9, "2025-06-01")]},
        {1: Outcome.YES, 2: Outcome.YES, 3: Outcome.AMBIGUOUS},
    )
    report = score_journal(data)
    assert report.scored == 2
    assert report.log_score == pytest.approx((math.log(0.8) + math.log(0.4)) / 2)
    assert report.baseline_score == pytest.approx((67.80719051126377 + -32.19280948873623) / 2)  # log₂ 0.4 = −1.32
    assert report.time_averaged_log_score == pytest.approx(report.log_score)
    assert report.time_averaged_baseline_score == pytest.approx(report.baseline_score)
    archived = data.with_prediction(Prediction(2, "P2", "text", "test.md", RESOLVE_BY, "A", archived=True))
    assert score_journal(archived).log_score == pytest.approx(math.log(0.8))
    assert score_journal(archived, include_archived=True).log_score == report.log_score
    assert score_journal(JournalData([])).log_score is None
    assert score_journal(JournalData([])).baseline_score is None


probabilities = st.floats(0, 1, allow_nan=False)


@given(probabilities, st.integers(0, 1))
def test_baseline_is_100_times_one_plus_log2_e_times_the_log_score(p: float, outcome: int) -> None:
    log = log_score(p, outcome)
    assert baseline_score(p, outcome) == pytest.approx(100 * (1 + math.log2(math.e) * log), abs=1e-9)
    assert LN_0_001 - 1e-12 <= log <= LN_0_999 + 1e-12
    assert WORST_BASELINE - 1e-9 <= baseline_score(p, outcome) <= BEST_BASELINE + 1e-9


@given(probabilities, probabilities, st.integers(0, 1))
def test_more_probability_on_what_happened_never_scores_worse(p: float, q: float, outcome: int) -> None:
    low, high = sorted((p, q))
    on_outcome = (low, high) if outcome == 1 else (high, low)
    assert log_score(on_outcome[0], outcome) <= log_score(on_outcome[1], outcome)


def test_always_50_percent_gives_baseline_zero_exactly() -> None:
    assert baseline_score(0.5, 1) == 0.0 and baseline_score(0.5, 0) == 0.0
    assert baseline_from_log(math.log(0.5)) == 0.0


START = date(2025, 1, 1)
T0 = datetime(2025, 1, 1, 9, 0, tzinfo=UTC)


@given(
    st.lists(st.tuples(st.integers(0, 40), probabilities), min_size=1, max_size=20),
    st.integers(0, 60),
    st.integers(0, 1),
)
def test_time_averaged_log_score_equals_the_day_by_day_definition(
    entries: list[tuple[int, float]], resolved_day: int, outcome: int
) -> None:
    estimates = [
        Estimate(1, p, START + timedelta(days=d), T0 + timedelta(minutes=i)) for i, (d, p) in enumerate(entries)
    ]
    resolved_on = START + timedelta(days=resolved_day)
    scorable = [e for e in estimates if e.date <= resolved_on]
    value = time_averaged_log_score(estimates, outcome, resolved_on)
    if not scorable:
        assert value is None
        return
    day, per_day = min(e.date for e in scorable), []
    while day <= resolved_on:
        in_force = max((e for e in scorable if e.date <= day), key=lambda e: (e.date, e.recorded_at))
        per_day.append(log_score(in_force.probability, outcome))
        day += timedelta(days=1)
    assert value == pytest.approx(sum(per_day) / len(per_day), abs=1e-9)


def test_score_json_gives_them_per_prediction_and_overall(run_cli: RunCli) -> None:
    ok(run_cli("estimate", "1", "80", "--date", "2025-12-01"))
    ok(run_cli("resolve", "1", "yes", "--date", "2025-12-31"))
    ok(run_cli("estimate", "2", "100", "--date", "2025-12-01"))
    ok(run_cli("resolve", "2", "no", "--date", "2025-12-31"))
    ok(run_cli("resolve", "3", "ambiguous", "--date", "2025-12-31"))
    document = json.loads(ok(run_cli("score", "--json")).stdout)
    first, second, third = document["predictions"][:3]
    assert first["log_score"] == pytest.approx(math.log(0.8))
    assert first["baseline_score"] == pytest.approx(67.80719051126377)
    assert first["time_averaged_log_score"] == pytest.approx(math.log(0.8))
    assert first["time_averaged_baseline_score"] == pytest.approx(67.80719051126377)
    assert second["log_score"] == pytest.approx(LN_0_001)
    assert second["baseline_score"] == pytest.approx(WORST_BASELINE)
    assert third["log_score"] is None and third["unscored_reason"] == "ambiguous"
    overall = document["overall"]
    assert overall["log_score"] == pytest.approx((math.log(0.8) + LN_0_001) / 2)
    assert overall["baseline_score"] == pytest.approx((67.80719051126377 + WORST_BASELINE) / 2)
    assert overall["time_averaged_log_score"] == pytest.approx(overall["log_score"])
    assert overall["time_averaged_baseline_score"] == pytest.approx(overall["baseline_score"])
    assert "[0.001, 0.999]" in document["log_scale"]


def test_score_table_shows_them_and_says_p_is_clipped(run_cli: RunCli) -> None:
    ok(run_cli("estimate", "1", "100", "--date", "2025-12-01"))
    ok(run_cli("resolve", "1", "no", "--date", "2025-12-31"))
    output = ok(run_cli("score")).stdout
    assert "Log and baseline scores per scored prediction" in output
    assert "-6.908" in output and "-896.6" in output
    assert "Mean baseline score" in output
    assert "p clipped to [0.001, 0.999]" in output


def test_explain_prints_one_line_per_score_without_opening_the_journal(run_cli: RunCli, journal_path: Path) -> None:
    lines = ok(run_cli("score", "--explain")).stdout.splitlines()
    assert not journal_path.exists()
    assert lines == score_guide_lines()
    assert len(lines) == len(SCORE_GUIDE)
    names = {name for name, _ in SCORE_GUIDE}
    assert {"Brier", "Time-averaged Brier", "Log score", "Baseline score", "Calibration", "Reliability"} <= names
    assert "--explain" in ok(run_cli("score", "--help")).stdout
