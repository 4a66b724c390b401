"""Honest scores (issue 12): the window's close, backdating and --strict, retractions, unscored reasons,
the default resolution date, and the five-term decomposition, on hand-computed cases."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from domain.model import Estimate, JournalData, Outcome, Prediction, Resolution, Retraction, default_resolution_date
from domain.scoring import (
    UnscoredReason,
    calibration,
    decomposition,
    is_backdated,
    preview_resolution,
    score_journal,
    score_prediction,
    scored_estimates,
    window_close,
)
from tests.cli_support import RunCli, ok

RESOLVE_BY = date(2025, 6, 30)
PREDICTION = Prediction(1, "P1", "text", "test.md", RESOLVE_BY, "Test set")


def d(text: str) -> date:
    return date.fromisoformat(text)


def made(p: float, on: str, recorded: str | None = None, retracted: bool = False) -> Estimate:
    """An estimate dated `on`, recorded at noon on `recorded` (default: its own date)."""
    at = datetime.fromisoformat(f"{recorded or on}T12:00:00").replace(tzinfo=UTC)
    return Estimate(1, p, d(on), at, retracted=Retraction(at, "typo") if retracted else None)


def data_of(estimates: list[Estimate], outcome: Outcome | None = None, on: str = "2025-06-30") -> JournalData:
    resolutions = {} if outcome is None else {1: Resolution(1, outcome, d(on))}
    return JournalData([PREDICTION], {1: tuple(estimates)}, {}, resolutions)


def test_window_closes_at_resolve_by_when_resolved_later() -> None:
    data = data_of([made(0.6, "2025-06-01"), made(0.99, "2025-07-05")], Outcome.YES, on="2025-07-10")
    assert window_close(PREDICTION, data.resolution_for(1)) == RESOLVE_BY
    score = score_prediction(1, data)
    assert score.final_probability == 0.6
    assert score.brier == pytest.approx(0.16)
    # 0.6 in force from 06-01 through the close 06-30: 30 days of (0.6 − 1)².
    assert score.time_averaged_brier == pytest.approx(0.16)


def test_window_closes_at_the_resolution_date_when_resolved_early() -> None:
    data = data_of(
        [made(0.2, "2025-05-01"), made(0.5, "2025-05-03"), made(0.9, "2025-05-20")], Outcome.NO, on="2025-05-04"
    )
    assert window_close(PREDICTION, data.resolution_for(1)) == d("2025-05-04")
    score = score_prediction(1, data)
    assert score.final_probability == 0.5
    assert score.brier == pytest.approx(0.25)
    # 05-01, 05-02 at 0.2 (0.04 each), 05-03, 05-04 at 0.5 (0.25 each).
    assert score.time_averaged_brier == pytest.approx((0.04 * 2 + 0.25 * 2) / 4)


def test_an_estimate_on_the_close_counts_and_same_day_ties_go_to_the_last_recorded() -> None:
    first = Estimate(1, 0.9, RESOLVE_BY, datetime(2025, 6, 30, 9, tzinfo=UTC))
    second = Estimate(1, 0.3, RESOLVE_BY, datetime(2025, 6, 30, 10, tzinfo=UTC))
    score = score_prediction(1, data_of([first, second], Outcome.NO, on="2025-08-01"))
    assert score.final_probability == 0.3
    assert score.time_averaged_brier == pytest.approx(0.09)


def test_after_close_estimates_are_kept_but_not_scored() -> None:
    late = made(0.99, "2025-07-05")
    data = data_of([made(0.4, "2025-06-30"), late], Outcome.YES, on="2025-07-05")
    assert late not in scored_estimates(PREDICTION, data)
    assert len(data.estimates_for(1)) == 2
    assert score_prediction(1, data).brier == pytest.approx(0.36)


def test_backdated_means_more_than_one_day_before_it_was_recorded() -> None:
    assert not is_backdated(made(0.5, "2025-06-29", recorded="2025-06-30"))
    assert is_backdated(made(0.5, "2025-06-28", recorded="2025-06-30"))


def test_backdated_counts_by_its_date_by_default_and_by_its_recording_day_under_strict() -> None:
    # Written on 07-02 (after the close), dated 06-10 (inside the window).
    data = data_of([made(0.2, "2025-06-01"), made(0.9, "2025-06-10", recorded="2025-07-02")], Outcome.YES)
    assert score_prediction(1, data).final_probability == 0.9
    strict = score_prediction(1, data, strict=True)
    assert strict.final_probability == 0.2
    assert strict.time_averaged_brier == pytest.approx(0.64)


def test_strict_leaves_nothing_when_everything_was_written_after_the_close() -> None:
    data = data_of([made(0.9, "2025-06-10", recorded="2025-07-02")], Outcome.YES)
    assert score_prediction(1, data, strict=True).unscored_reason is UnscoredReason.NO_ESTIMATE


def test_retracted_estimates_are_never_scored() -> None:
    data = data_of([made(0.7, "2025-06-01"), made(0.07, "2025-06-02", retracted=True)], Outcome.YES)
    score = score_prediction(1, data)
    assert score.final_probability == 0.7
    assert score.time_averaged_brier == pytest.approx(0.09)


@pytest.mark.parametrize(
    ("estimates", "outcome", "reason"),
    [
        ([made(0.7, "2025-06-01")], Outcome.AMBIGUOUS, UnscoredReason.AMBIGUOUS),
        ([], Outcome.YES, UnscoredReason.NO_ESTIMATE),
        ([made(0.7, "2025-07-01")], Outcome.YES, UnscoredReason.NO_ESTIMATE),
        ([made(0.7, "2025-06-01", retracted=True)], Outcome.NO, UnscoredReason.ALL_RETRACTED),
    ],
)
def test_every_unscored_resolved_prediction_says_why(
    estimates: list[Estimate], outcome: Outcome, reason: UnscoredReason
) -> None:
    score = score_prediction(1, data_of(estimates, outcome))
    assert score.brier is None
    assert score.unscored_reason is reason
    assert score_journal(data_of(estimates, outcome)).scored == 0


def test_open_predictions_and_scored_ones_have_no_unscored_reason() -> None:
    assert score_prediction(1, data_of([made(0.7, "2025-06-01")])).unscored_reason is None
    assert score_prediction(1, data_of([made(0.7, "2025-06-01")], Outcome.YES)).unscored_reason is None


def test_default_resolution_date_is_resolve_by_when_overdue_and_today_otherwise() -> None:
    assert default_resolution_date(PREDICTION, d("2026-11-29")) == RESOLVE_BY
    assert default_resolution_date(PREDICTION, d("2025-06-01")) == d("2025-06-01")


def test_preview_shows_the_estimate_that_would_be_scored() -> None:
    data = data_of([made(0.6, "2025-06-01"), made(0.99, "2025-07-05")])
    preview = preview_resolution(PREDICTION, data, Outcome.NO, d("2025-07-10"))
    assert preview.final_probability == 0.6 and preview.brier == pytest.approx(0.36)
    assert data.resolution_for(1) is None


def test_decomposition_with_spread_inside_a_bin() -> None:
    # One bin (centre 10%): forecasts 0.06 (yes) and 0.14 (no). N=2, mean forecast 0.1, frequency 0.5.
    d5 = decomposition([(0.06, 1), (0.14, 0)])
    assert d5 is not None
    assert d5.reliability == pytest.approx(0.16)
    assert d5.resolution == pytest.approx(0.0)
    assert d5.uncertainty == pytest.approx(0.25)
    assert d5.within_bin_variance == pytest.approx(0.0016)
    # 2 · ((−0.04)(0.5) + (0.04)(−0.5)) / 2 = −0.04
    assert d5.within_bin_covariance == pytest.approx(-0.04)
    brier = (0.94**2 + 0.14**2) / 2
    assert brier == pytest.approx(0.16 - 0 + 0.25 + 0.0016 + 0.04)
    assert d5.discrimination == pytest.approx(-0.08)


def test_discrimination_is_none_without_both_outcomes() -> None:
    only_yes = decomposition([(0.8, 1), (0.6, 1)])
    assert only_yes is not None and only_yes.discrimination is None


def test_calibration_bins_give_their_mean_forecast() -> None:
    bins = calibration([(0.66, 1), (0.74, 0), (0.1, 0)])
    assert bins[7].n == 2 and bins[7].mean_forecast == pytest.approx(0.7)
    assert bins[1].mean_forecast == pytest.approx(0.1)
    assert bins[5].mean_forecast is None


def test_an_estimate_today_on_an_overdue_seed_is_not_scored(run_cli: RunCli) -> None:
    ok(run_cli("estimate", "3", "99"))
    ok(run_cli("resolve", "3", "yes"))
    document = json.loads(ok(run_cli("score", "--json")).stdout)
    third = document["predictions"][2]
    assert third["brier"] is None
    assert third["unscored_reason"] == "no estimate before close"
    assert document["overall"]["scored"] == 0
    assert "no estimate before close" in ok(run_cli("score")).stdout
    line = next(line for line in ok(run_cli("list")).stdout.splitlines() if line.startswith("  3 "))
    assert "99%" not in line and "—" in line, "list shows the probability scored, and none was"


def test_resolve_defaults_to_resolve_by_when_overdue(run_cli: RunCli) -> None:
    result = ok(run_cli("resolve", "3", "no"))
    assert "on 2025-12-31" in result.output
    # A date between the resolve-by date and today may still be given.
    ok(run_cli("unresolve", "3"))
    assert "on 2026-01-15" in ok(run_cli("resolve", "3", "no", "--date", "2026-01-15")).output


def test_resolve_defaults_to_today_when_not_overdue(run_cli: RunCli) -> None:
    ok(run_cli("add", "Will it rain?", "--resolve-by", "2027-01-31"))
    own = json.loads(ok(run_cli("list", "--json")).stdout)["predictions"][-1]
    assert "on 2026-11-29" in ok(run_cli("resolve", str(own["id"]), "yes")).output


def test_score_strict_counts_backdated_estimates_by_their_recording_day(run_cli: RunCli) -> None:
    # Recorded today (2026-11-29), dated before the close (2025-12-31): backdated.
    ok(run_cli("estimate", "1", "80", "--date", "2025-12-01"))
    ok(run_cli("resolve", "1", "yes"))
    default = json.loads(ok(run_cli("score", "--json")).stdout)["predictions"][0]
    strict = json.loads(ok(run_cli("score", "--json", "--strict")).stdout)["predictions"][0]
    assert default["brier"] == pytest.approx(0.04)
    assert strict["brier"] is None and strict["unscored_reason"] == "no estimate before close"


def test_score_text_shows_all_five_terms(run_cli: RunCli) -> None:
    ok(run_cli("estimate", "1", "80", "--date", "2025-12-01"))
    ok(run_cli("resolve", "1", "yes"))
    output = ok(run_cli("score")).stdout
    for label in ("Reliability", "Resolution", "Uncertainty", "Within-bin variance", "Within-bin covariance"):
        assert label in output
