"""The scoring contract on hand-computed cases, plus properties of the math."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.model import Estimate, JournalData, Outcome, Prediction, Resolution
from domain.scoring import (
    calibration,
    calibration_bin_index,
    decomposition,
    score_journal,
    score_prediction,
    time_averaged_brier,
    wilson_interval,
)

T0 = datetime(2025, 1, 1, 9, 0, tzinfo=UTC)


def prediction(pid: int) -> Prediction:
    return Prediction(pid, f"P{pid}", "text", "test.md", date(2025, 12, 31), "Test set")


def estimate(pid: int, p: float, on: str, recorded_minute: int = 0) -> Estimate:
    return Estimate(pid, p, date.fromisoformat(on), T0 + timedelta(minutes=recorded_minute))


def journal(estimates: list[Estimate], resolutions: list[Resolution], ids: range = range(1, 4)) -> JournalData:
    by_id: dict[int, list[Estimate]] = {}
    for e in estimates:
        by_id.setdefault(e.prediction_id, []).append(e)
    return JournalData([prediction(i) for i in ids], by_id, {}, {r.prediction_id: r for r in resolutions})


def resolved(pid: int, outcome: Outcome, on: str) -> Resolution:
    return Resolution(pid, outcome, date.fromisoformat(on))


def test_final_brier_uses_latest_estimate_on_or_before_resolution() -> None:
    data = journal(
        [estimate(1, 0.6, "2025-01-01"), estimate(1, 0.8, "2025-01-03"), estimate(1, 0.1, "2025-01-05")],
        [resolved(1, Outcome.YES, "2025-01-04")],
    )
    score = score_prediction(1, data)
    assert score.final_probability == 0.8
    assert score.brier == pytest.approx(0.04)


def test_same_date_tie_goes_to_the_estimate_recorded_last() -> None:
    data = journal(
        [estimate(1, 0.9, "2025-01-02", recorded_minute=5), estimate(1, 0.3, "2025-01-02", recorded_minute=1)],
        [resolved(1, Outcome.NO, "2025-01-02")],
    )
    score = score_prediction(1, data)
    assert score.final_probability == 0.9
    assert score.brier == pytest.approx(0.81)
    assert score.time_averaged_brier == pytest.approx(0.81)


def test_time_averaged_brier_carries_each_estimate_forward_day_by_day() -> None:
    # Days 1..4: p = 0.5, 0.5, 1.0, 1.0 against outcome yes -> (0.25 + 0.25 + 0 + 0) / 4.
    estimates = [estimate(1, 0.5, "2025-01-01"), estimate(1, 1.0, "2025-01-03")]
    assert time_averaged_brier(estimates, 1, date(2025, 1, 4)) == pytest.approx(0.125)
    data = journal(estimates, [resolved(1, Outcome.YES, "2025-01-04")])
    assert score_prediction(1, data).time_averaged_brier == pytest.approx(0.125)


def test_estimates_after_the_resolution_date_are_ignored() -> None:
    data = journal(
        [estimate(1, 0.2, "2025-01-01"), estimate(1, 0.99, "2025-02-01")],
        [resolved(1, Outcome.YES, "2025-01-02")],
    )
    score = score_prediction(1, data)
    assert score.final_probability == 0.2
    assert score.brier == pytest.approx(0.64)
    assert score.time_averaged_brier == pytest.approx(0.64)


def test_only_estimates_after_resolution_means_not_scored() -> None:
    data = journal([estimate(1, 0.7, "2025-03-01")], [resolved(1, Outcome.YES, "2025-01-01")])
    assert not score_prediction(1, data).scored
    assert score_journal(data).scored == 0


def test_ambiguous_and_estimate_free_predictions_are_not_scored() -> None:
    data = journal(
        [estimate(1, 0.7, "2025-01-01"), estimate(3, 0.4, "2025-01-01")],
        [resolved(1, Outcome.AMBIGUOUS, "2025-02-01"), resolved(2, Outcome.YES, "2025-02-01"), resolved(3, Outcome.NO, "2025-01-01")],
    )
    report = score_journal(data)
    assert [s.scored for s in report.predictions] == [False, False, True]
    assert report.scored == 1
    assert report.brier == pytest.approx(0.16)
    assert report.skill == pytest.approx(1 - 0.16 / 0.25)


def test_unresolved_prediction_gets_what_if_scores() -> None:
    data = journal([estimate(2, 0.7, "2025-01-01")], [])
    score = score_prediction(2, data)
    assert not score.scored
    assert score.if_yes == pytest.approx(0.09)
    assert score.if_no == pytest.approx(0.49)


def test_overall_means_and_skill_on_a_small_journal() -> None:
    data = journal(
        [estimate(1, 0.9, "2025-01-01"), estimate(2, 0.2, "2025-01-01"), estimate(2, 0.6, "2025-01-02")],
        [resolved(1, Outcome.YES, "2025-01-01"), resolved(2, Outcome.NO, "2025-01-03")],
    )
    report = score_journal(data)
    # P1: final 0.01, time-averaged 0.01. P2: final 0.36; days 0.04, 0.36, 0.36 -> 0.76/3.
    assert report.brier == pytest.approx((0.01 + 0.36) / 2)
    assert report.time_averaged_brier == pytest.approx((0.01 + 0.76 / 3) / 2)
    assert report.baseline_brier == 0.25
    assert report.skill == pytest.approx(1 - report.brier / 0.25)


def test_calibration_bins_are_centred_on_tens() -> None:
    assert [calibration_bin_index(p) for p in (0.0, 0.0499, 0.05, 0.149, 0.15, 0.35, 0.949, 0.95, 1.0)] == [
        0, 0, 1, 1, 2, 4, 9, 10, 10,
    ]
    bins = calibration([(0.7, 1), (0.72, 0), (0.7, 1), (0.1, 0)])
    assert len(bins) == 11
    seventy = bins[7]
    assert (seventy.n, seventy.lower, seventy.upper) == (3, 0.65, 0.75)
    assert seventy.mean_forecast == pytest.approx(0.7066666666)
    assert seventy.observed_frequency == pytest.approx(2 / 3)
    assert bins[1].n == 1 and bins[5].n == 0 and bins[5].mean_forecast is None


def test_wilson_interval_matches_a_known_value() -> None:
    low, high = wilson_interval(8, 10)
    # z = 1.645: centre (0.8 + z²/20) / (1 + z²/10), half-width z·sqrt(0.016 + z²/400) / (1 + z²/10).
    assert low == pytest.approx(0.5408, abs=1e-4)
    assert high == pytest.approx(0.9314, abs=1e-4)
    assert wilson_interval(0, 5)[0] == 0.0
    assert wilson_interval(5, 5)[1] == 1.0


def test_decomposition_on_a_hand_computed_case() -> None:
    pairs = [(0.8, 1), (0.8, 0), (0.2, 0), (0.2, 0)]
    d = decomposition(pairs)
    assert d is not None
    # base rate 0.25; groups 0.8 -> freq 0.5, 0.2 -> freq 0.
    assert d.reliability == pytest.approx((2 * 0.09 + 2 * 0.04) / 4)
    assert d.resolution == pytest.approx((2 * 0.0625 + 2 * 0.0625) / 4)
    assert d.uncertainty == pytest.approx(0.1875)
    # Each bin holds one forecast value, so the within-bin terms vanish.
    assert (d.within_bin_variance, d.within_bin_covariance) == (0.0, 0.0)
    # Mean final forecast on yes (0.8) minus that on no (0.4).
    assert d.discrimination == pytest.approx(0.4)


probabilities = st.one_of(
    st.sampled_from([0.0, 0.1, 0.25, 0.5, 0.7, 0.9, 1.0]),
    st.floats(min_value=0.0, max_value=1.0, allow_nan=False),
)
pair_lists = st.lists(st.tuples(probabilities, st.integers(0, 1)), min_size=1, max_size=60)


@given(pair_lists)
def test_five_term_identity_holds_to_1e_12(pairs: list[tuple[float, int]]) -> None:
    d = decomposition(pairs)
    assert d is not None
    brier = sum((p - o) ** 2 for p, o in pairs) / len(pairs)
    total = d.reliability - d.resolution + d.uncertainty + d.within_bin_variance - d.within_bin_covariance
    assert math.isclose(brier, total, rel_tol=0, abs_tol=1e-12)


@given(pair_lists)
def test_calibration_counts_every_forecast_once_and_intervals_bracket_frequency(pairs: list[tuple[float, int]]) -> None:
    bins = calibration(pairs)
    assert sum(b.n for b in bins) == len(pairs)
    for b in bins:
        if b.n:
            assert b.lower <= b.mean_forecast + 1e-12 and b.mean_forecast <= b.upper + 1e-12
            assert b.interval_low <= b.observed_frequency <= b.interval_high


START = date(2025, 1, 1)


@st.composite
def estimates_and_resolution(draw: st.DrawFn) -> tuple[list[Estimate], date]:
    """Up to 20 estimates on days 0–40 (recorded in list order) and a resolution on day 0–60."""
    entries = draw(st.lists(st.tuples(st.integers(0, 40), probabilities), min_size=1, max_size=20))
    estimates = [
        Estimate(1, p, START + timedelta(days=d), T0 + timedelta(minutes=i)) for i, (d, p) in enumerate(entries)
    ]
    return estimates, START + timedelta(days=draw(st.integers(0, 60)))


@given(estimates_and_resolution(), st.integers(0, 1))
def test_time_averaged_brier_is_bounded_by_the_per_day_scores(case: tuple[list[Estimate], date], outcome: int) -> None:
    estimates, resolved_on = case
    value = time_averaged_brier(estimates, outcome, resolved_on)
    scorable = [e for e in estimates if e.date <= resolved_on]
    if not scorable:
        assert value is None
        return
    per_estimate = [(e.probability - outcome) ** 2 for e in scorable]
    assert value is not None
    assert min(per_estimate) - 1e-12 <= value <= max(per_estimate) + 1e-12


def day_by_day_brier(estimates: list[Estimate], outcome: int, resolved_on: date) -> float | None:
    """The definition, walked one day at a time: the oracle for the span-based implementation."""
    scorable = [e for e in estimates if e.date <= resolved_on]
    if not scorable:
        return None
    day, scores = min(e.date for e in scorable), []
    while day <= resolved_on:
        in_force = max((e for e in scorable if e.date <= day), key=lambda e: (e.date, e.recorded_at))
        scores.append((in_force.probability - outcome) ** 2)
        day += timedelta(days=1)
    return sum(scores) / len(scores)


@given(estimates_and_resolution(), st.integers(0, 1))
def test_time_averaged_brier_equals_the_day_by_day_definition(case: tuple[list[Estimate], date], outcome: int) -> None:
    estimates, resolved_on = case
    expected = day_by_day_brier(estimates, outcome, resolved_on)
    value = time_averaged_brier(estimates, outcome, resolved_on)
    assert value == (None if expected is None else pytest.approx(expected, abs=1e-12))
