"""Scores of choice and numeric predictions (issue 16), against hand-computed values."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from domain.model import Estimate, JournalData, Kind, Outcome, Prediction, Resolution, Retraction
from domain.scoring import (
    final_p_text,
    interval_coverage,
    interval_score,
    multi_brier,
    score_journal,
    score_prediction,
    wilson_interval,
)

MOMENT = datetime(2026, 1, 1, tzinfo=UTC)
CHOICE = Prediction(1, "Which?", "", "", date(2026, 6, 30), "s", kind=Kind.CHOICE, options=("a", "b", "c"))
NUMERIC = Prediction(2, "How many?", "", "", date(2026, 6, 30), "s", kind=Kind.NUMERIC, unit="GW")
BINARY = Prediction(3, "Yes?", "", "", date(2026, 6, 30), "s")


def choice(p: tuple[float, ...], on: date, pid: int = 1) -> Estimate:
    return Estimate(pid, max(p), on, MOMENT, probabilities=p)


def interval(low: float, high: float, level: float, on: date, pid: int = 2) -> Estimate:
    return Estimate(pid, level, on, MOMENT, low=low, high=high, level=level)


def test_multi_category_brier_and_log_score_by_hand() -> None:
    # (0.5 − 0)² + (0.3 − 1)² + (0.2 − 0)² = 0.25 + 0.49 + 0.04 = 0.78
    assert multi_brier((0.5, 0.3, 0.2), 1) == pytest.approx(0.78)
    assert multi_brier((0.0, 1.0), 0) == 2.0 and multi_brier((1.0, 0.0), 0) == 0.0
    data = JournalData(
        [CHOICE],
        {1: (choice((0.5, 0.3, 0.2), date(2026, 1, 1)),)},
        resolutions={1: Resolution(1, Outcome.ANSWERED, date(2026, 1, 10), option="b")},
    )
    score = score_prediction(1, data)
    assert score.kind is Kind.CHOICE and score.brier == pytest.approx(0.78)
    assert score.final_probability == 0.3 and score.log_score == pytest.approx(math.log(0.3))
    # Each option counts as one yes/no forecast in the totals: (0.25 + 0.49 + 0.04) / 3.
    report = score_journal(data)
    assert report.scored == 1 and report.brier == pytest.approx(0.26)
    assert sum(b.n for b in report.calibration) == 3
    assert report.decomposition is not None


def test_the_final_p_of_a_choice_names_its_option() -> None:
    estimates = {
        1: (choice((0.5, 0.3, 0.2), date(2026, 1, 1)),),
        2: (interval(12, 18, 0.8, date(2026, 1, 1)),),
        3: (Estimate(3, 0.7, date(2026, 1, 1), MOMENT),),
    }
    answered = {1: Resolution(1, Outcome.ANSWERED, date(2026, 1, 10), option="b")}
    resolved = JournalData([CHOICE, NUMERIC, BINARY], estimates, resolutions=answered)
    still_open = JournalData([CHOICE, NUMERIC, BINARY], estimates)
    # Resolved: the probability given to the option that happened; open: the most likely option's.
    assert final_p_text(score_prediction(1, resolved), CHOICE) == "30% b"
    assert final_p_text(score_prediction(1, still_open), CHOICE) == "50% a"
    assert final_p_text(score_prediction(2, still_open), NUMERIC) == "—"  # a level is no chance
    assert final_p_text(score_prediction(3, still_open), BINARY) == "70%"
    assert final_p_text(score_prediction(1, JournalData([CHOICE], {})), CHOICE) == "—"


def test_choice_time_average_and_window() -> None:
    # 0.5/0.5 for 2 days (Brier 0.5), then 1/0 for 3 days through the close on day 5 (Brier 0); an
    # estimate after the close and a retracted one are never scored.
    estimates = (
        choice((0.5, 0.5), date(2026, 1, 1)),
        choice((1.0, 0.0), date(2026, 1, 3)),
        Estimate(1, 1.0, date(2026, 1, 4), MOMENT, probabilities=(0.0, 1.0), retracted=Retraction(MOMENT)),
        choice((0.0, 1.0), date(2026, 1, 9)),
    )
    two = Prediction(1, "Which?", "", "", date(2026, 6, 30), "s", kind=Kind.CHOICE, options=("a", "b"))
    data = JournalData(
        [two], {1: estimates}, resolutions={1: Resolution(1, Outcome.ANSWERED, date(2026, 1, 5), option="a")}
    )
    score = score_prediction(1, data)
    assert score.brier == 0.0 and score.time_averaged_brier == pytest.approx(0.5 * 2 / 5)


def test_interval_score_by_hand() -> None:
    # Inside: the width. Below an 80% interval: 6 + (2/0.2)(12 − 10) = 26. Above a 90% one: 6 + 20 × 2 = 46.
    assert interval_score(12, 18, 0.8, 15) == 6
    assert interval_score(12, 18, 0.8, 10) == pytest.approx(26)
    assert interval_score(12, 18, 0.9, 20) == pytest.approx(46)
    data = JournalData(
        [NUMERIC],
        {2: (interval(12, 18, 0.8, date(2026, 1, 1)), interval(0, 1, 0.8, date(2026, 2, 1)))},
        resolutions={2: Resolution(2, Outcome.ANSWERED, date(2026, 1, 20), value=10.0)},
    )
    score = score_prediction(2, data)  # the February interval is after the close
    assert score.interval_score == pytest.approx(26) and score.covered is False and score.scored
    assert score.brier is None
    report = score_journal(data)
    assert report.scored == 1 and report.brier is None  # interval scores are never in the Brier totals


def test_coverage_per_level_with_wilson_interval() -> None:
    predictions = [Prediction(i, f"q{i}", "", "", date(2026, 6, 30), "s", kind=Kind.NUMERIC) for i in range(1, 14)]
    estimates = {i: (interval(0, 10, 0.8 if i <= 10 else 0.9, date(2026, 1, 1), i),) for i in range(1, 14)}
    # 80%: 7 of 10 held the value; 90%: 2 of 2 (the third is ambiguous, so not counted).
    values = {i: 5.0 if i in (1, 2, 3, 4, 5, 6, 7, 11, 12) else 50.0 for i in range(1, 14)}
    resolutions = {i: Resolution(i, Outcome.ANSWERED, date(2026, 2, 1), value=values[i]) for i in range(1, 14)}
    resolutions[13] = Resolution(13, Outcome.AMBIGUOUS, date(2026, 2, 1))
    report = score_journal(JournalData(predictions, estimates, resolutions=resolutions))
    rows = report.interval_coverage
    assert [(r.level, r.n, r.covered) for r in rows] == [(0.8, 10, 7), (0.9, 2, 2)]
    assert (rows[0].low, rows[0].high) == wilson_interval(7, 10)


def test_strict_scoring_applies_to_every_kind() -> None:
    # Dated before the close but recorded after it: scored by default, not under --strict.
    late = datetime(2026, 3, 1, tzinfo=UTC)
    estimate = Estimate(2, 0.8, date(2026, 1, 1), late, low=0.0, high=1.0, level=0.8)
    data = JournalData(
        [NUMERIC], {2: (estimate,)}, resolutions={2: Resolution(2, Outcome.ANSWERED, date(2026, 1, 20), value=0.5)}
    )
    assert score_prediction(2, data).covered is True
    assert score_prediction(2, data, strict=True).unscored_reason is not None


def test_mixed_journal_counts_choice_options_with_binary_forecasts() -> None:
    data = JournalData(
        [CHOICE, BINARY],
        {1: (choice((0.5, 0.3, 0.2), date(2026, 1, 1)),), 3: (Estimate(3, 0.9, date(2026, 1, 1), MOMENT),)},
        resolutions={
            1: Resolution(1, Outcome.ANSWERED, date(2026, 1, 10), option="a"),
            3: Resolution(3, Outcome.YES, date(2026, 1, 10)),
        },
    )
    report = score_journal(data)
    # (0.25 + 0.09 + 0.04 + 0.01) / 4
    assert report.brier == pytest.approx(0.39 / 4)
    assert report.by_quarter[0].scored == 2  # each prediction once in its quarter (tests/core/test_quarter_kinds.py)


@given(
    st.lists(st.floats(0.01, 1), min_size=2, max_size=12).map(lambda w: tuple(x / sum(w) for x in w)),
    st.integers(0, 11),
)
def test_multi_brier_is_between_0_and_2_and_the_sum_of_option_briers(p: tuple[float, ...], happened: int) -> None:
    happened %= len(p)
    value = multi_brier(p, happened)
    assert 0 <= value <= 2
    assert value == pytest.approx(sum((q - (i == happened)) ** 2 for i, q in enumerate(p)))


@given(st.floats(-1e6, 1e6), st.floats(0, 1e6), st.floats(0.5, 0.99), st.floats(-1e7, 1e7))
@example(32768.0, 1e-09, 0.5, 32768.0)  # found in CI: the float width is 9.968e-10
def test_interval_score_is_at_least_the_width_and_equals_it_when_covered(
    low: float, width: float, level: float, value: float
) -> None:
    high = low + width
    width = high - low  # the width the floats hold (low + 1e-09 - low is not 1e-09 when low is 32768)
    score = interval_score(low, high, level, value)
    assert score >= width - 1e-6
    if low <= value <= high:
        assert score == pytest.approx(width)


def test_coverage_of_nothing_is_empty() -> None:
    assert interval_coverage([]) == ()
