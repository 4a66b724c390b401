"""Brier, log and baseline scoring, calibration, the decomposition of Stephenson, Coelho & Jolliffe (2008)
and scores by quarter of resolution.

Brier scores are on the 0–1 scale: 0 is perfect, 0.25 is what always saying 50% earns, 1 is worst.
The log score is ln of the probability given to what happened (0 is perfect); the baseline score is
Metaculus's binary score 100 × (log₂ p + 1) (0 for always saying 50%). Both clip p to [0.001, 0.999],
and use the same final estimate, window and exclusions as the Brier score.

A prediction's window closes at the earlier of its resolve-by date and its resolution date. Only
estimates on or before the close, and not retracted, are scored; later ones are kept but never scored.
By default an estimate counts from its date; strict scoring counts it from the day it was recorded.
Archived predictions are left out of the journal's totals unless asked for.

Question kinds (domain.kinds), under the same window, retractions and strict rule: a choice prediction
scores the multi-category Brier Σᵢ (pᵢ − oᵢ)² (0 to 2) and the log score of the option that happened;
in the journal's totals, calibration and decomposition each of its options counts as one binary
forecast (as Fatebook does). A numeric prediction scores the interval score of Gneiting & Raftery
(2007) in its own unit, and whether the interval held the value; the totals give coverage per
confidence level, and never average interval scores (their units differ).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from itertools import pairwise
from typing import Any

from domain.display import count_of, format_percent
from domain.kinds import leading_option
from domain.model import (
    Estimate,
    JournalData,
    Kind,
    Outcome,
    Prediction,
    Resolution,
    latest_estimate,
    recorded_key,
)

BASELINE_BRIER = 0.25
SCALE_NOTE = "Brier scores: 0 = perfect, 0.25 = always 50%, 1 = worst"
LOG_CLIP = (0.001, 0.999)
"""The log and baseline scores (only they) clip the probability given to the outcome to this range."""
LOG_SCALE_NOTE = (
    "Log score: 0 = perfect, −0.693 = always 50%; baseline score: 100 × (log₂ p + 1), 0 = always 50%, "
    "higher is better; both clip p to [0.001, 0.999]"
)
CHOICE_NOTE = (
    "multiple choice: Brier Σ(pᵢ − oᵢ)², 0 = perfect, 2 = worst; in the totals, calibration and "
    "decomposition each option counts as one yes/no forecast"
)
INTERVAL_NOTE = (
    "interval score (Gneiting & Raftery 2007), in the question's unit, lower is better: the width, plus "
    "2/(1 − level) times how far the value fell outside"
)
WILSON_Z_90 = 1.6448536269514722
CALIBRATION_BINS = 11
BACKDATED_AFTER = timedelta(days=1)
"""An estimate dated more than this before the day it was recorded is backdated."""


class UnscoredReason(StrEnum):
    """Why a resolved prediction has no score."""

    AMBIGUOUS = "ambiguous"
    NO_ESTIMATE = "no estimate before close"
    ALL_RETRACTED = "all estimates retracted"


@dataclass(frozen=True, slots=True)
class BinaryForecast:
    """One yes/no forecast that the journal's totals count: a binary prediction's final estimate, or one
    option of a choice prediction's (with outcome 1 for the option that happened)."""

    probability: float
    outcome: int
    brier: float
    time_averaged_brier: float
    log_score: float
    time_averaged_log_score: float


@dataclass(frozen=True, slots=True)
class PredictionScore:
    """Scores of one prediction. Fields are None where they do not apply.

    For a choice prediction `brier` is the multi-category Brier (0–2), `log_score` that of the option
    that happened and `final_probability` the probability it was given; a numeric one has `interval_score`
    and `covered` instead. `forecasts` are the binary forecasts it adds to the journal's totals."""

    prediction_id: int
    outcome: Outcome | None
    final_probability: float | None
    brier: float | None
    time_averaged_brier: float | None
    if_yes: float | None
    if_no: float | None
    unscored_reason: UnscoredReason | None = None
    final_estimate: Estimate | None = None
    log_score: float | None = None
    time_averaged_log_score: float | None = None
    kind: Kind = Kind.BINARY
    interval_score: float | None = None
    covered: bool | None = None
    forecasts: tuple[BinaryForecast, ...] = ()

    @property
    def scored(self) -> bool:
        """Whether this prediction counts towards the journal's scores."""
        return self.brier is not None or self.interval_score is not None

    @property
    def baseline_score(self) -> float | None:
        """The baseline score of the final estimate (see `baseline_from_log`)."""
        return None if self.log_score is None else baseline_from_log(self.log_score)

    @property
    def time_averaged_baseline_score(self) -> float | None:
        """The mean baseline score over the window's days: the baseline of the time-averaged log score."""
        return None if self.time_averaged_log_score is None else baseline_from_log(self.time_averaged_log_score)


@dataclass(frozen=True, slots=True)
class CalibrationBin:
    """Final estimates whose percent falls in [lower, upper) (the last bin includes 100)."""

    centre: int
    lower: float
    upper: float
    n: int
    mean_forecast: float | None
    observed_frequency: float | None
    interval_low: float | None
    interval_high: float | None


@dataclass(frozen=True, slots=True)
class Decomposition:
    """Brier = reliability − resolution + uncertainty + within-bin variance − within-bin covariance,
    over the 11 calibration bins (Stephenson, Coelho & Jolliffe 2008). `discrimination` is the mean
    final forecast on predictions that resolved yes minus that on those that resolved no."""

    reliability: float
    resolution: float
    uncertainty: float
    within_bin_variance: float
    within_bin_covariance: float
    discrimination: float | None


DECOMPOSITION_TERMS: tuple[tuple[str, str, str], ...] = (
    ("reliability", "Reliability", "gap between each bin's mean forecast and how often it came true (lower is better)"),
    ("resolution", "Resolution", "how far the bins' outcome rates stray from the base rate (higher is better)"),
    ("uncertainty", "Uncertainty", "base rate × (1 − base rate): how hard the questions were, not up to you"),
    ("within_bin_variance", "Within-bin variance", "spread of forecasts inside each bin (adds to Brier)"),
    ("within_bin_covariance", "Within-bin covariance", "how well that spread followed the outcomes (higher is better)"),
    ("discrimination", "Discrimination", "mean final forecast on yes minus on no (higher is better; not a Brier term)"),
)
"""(field of `Decomposition`, label, what it means in one line), in the order they are shown."""


@dataclass(frozen=True, slots=True)
class IntervalCoverage:
    """Numeric predictions scored at one confidence level: how many intervals held the value, with the
    Wilson 90% interval of that rate (a calibrated forecaster's 80% intervals hold it 80% of the time)."""

    level: float
    n: int
    covered: int
    low: float
    high: float


@dataclass(frozen=True, slots=True)
class QuarterScore:
    """The predictions resolved in one calendar quarter: how many were scored and their mean final scores
    (None when none was); `not_scored` counts those resolved in the quarter without a score and
    `interval_scored` the numeric ones, scored by the interval score and so not in the Brier means."""

    quarter: str
    scored: int
    brier: float | None
    baseline_score: float | None
    not_scored: int = 0
    interval_scored: int = 0


@dataclass(frozen=True, slots=True)
class ScoreReport:
    """Every score of a journal (or of a subset of its predictions).

    `predictions` holds a score for every prediction asked about, archived ones included (an export
    shows each); the totals and `counted` leave out the ids in `archived`."""

    predictions: tuple[PredictionScore, ...]
    scored: int
    brier: float | None
    time_averaged_brier: float | None
    skill: float | None
    calibration: tuple[CalibrationBin, ...]
    decomposition: Decomposition | None
    baseline_brier: float = BASELINE_BRIER
    archived: frozenset[int] = frozenset()
    log_score: float | None = None
    time_averaged_log_score: float | None = None
    by_quarter: tuple[QuarterScore, ...] = ()
    interval_coverage: tuple[IntervalCoverage, ...] = ()

    @property
    def counted(self) -> tuple[PredictionScore, ...]:
        """The predictions the totals are over: every one asked about but the archived ones left out."""
        return tuple(s for s in self.predictions if s.prediction_id not in self.archived)

    @property
    def baseline_score(self) -> float | None:
        """The mean baseline score of the scored predictions (the baseline of the mean log score)."""
        return None if self.log_score is None else baseline_from_log(self.log_score)

    @property
    def time_averaged_baseline_score(self) -> float | None:
        """The mean time-averaged baseline score of the scored predictions."""
        return None if self.time_averaged_log_score is None else baseline_from_log(self.time_averaged_log_score)


def window_close(prediction: Prediction, resolution: Resolution | None) -> date:
    """The last day whose estimates are scored: the earlier of resolve-by and the resolution date."""
    if resolution is None:
        return prediction.resolve_by
    return min(prediction.resolve_by, resolution.date)


def is_backdated(estimate: Estimate) -> bool:
    """Whether the estimate is dated more than one day before the day it was recorded (never, when that is unknown)."""
    recorded = estimate.recorded_at
    return recorded is not None and recorded.date() - estimate.date > BACKDATED_AFTER


def scoring_day(estimate: Estimate, strict: bool = False) -> date:
    """The day an estimate counts from: its date, or under strict scoring the day it was recorded
    (never earlier than its date; its date when that is unknown)."""
    recorded = estimate.recorded_at
    return max(estimate.date, recorded.date()) if strict and recorded is not None else estimate.date


def is_after_close(estimate: Estimate, close: date, strict: bool = False) -> bool:
    """Whether the estimate falls after the window's close (kept and shown, never scored)."""
    return scoring_day(estimate, strict) > close


def scored_estimates(prediction: Prediction, data: JournalData, strict: bool = False) -> tuple[Estimate, ...]:
    """The estimates of a prediction that its scores use, in recording order: not retracted and on
    or before the window's close."""
    close = window_close(prediction, data.resolution_for(prediction.id))
    return tuple(
        e for e in data.estimates_for(prediction.id) if e.retracted is None and not is_after_close(e, close, strict)
    )


def final_estimate(estimates: Sequence[Estimate], strict: bool = False) -> Estimate | None:
    """The latest of the estimates by scoring day; the same day goes to the one recorded last."""
    best: Estimate | None = None
    for estimate in estimates:
        if best is None or (scoring_day(estimate, strict), recorded_key(estimate.recorded_at)) >= (
            scoring_day(best, strict),
            recorded_key(best.recorded_at),
        ):
            best = estimate
    return best


def brier(probability: float, outcome: int) -> float:
    """The Brier score of one forecast: (p − o)²."""
    return (probability - outcome) ** 2


def log_score(probability: float, outcome: int) -> float:
    """ln of the probability given to the outcome that happened, clipped to LOG_CLIP: 0 is perfect."""
    low, high = LOG_CLIP
    given = probability if outcome == 1 else 1 - probability
    return math.log(min(high, max(low, given)))


def baseline_from_log(log: float) -> float:
    """Metaculus's binary baseline score 100 × (log₂ p + 1), from the log score ln p: 0 for always 50%."""
    return 100 * (1 + log / math.log(2))


def baseline_score(probability: float, outcome: int) -> float:
    """The baseline score of one forecast, p clipped as for the log score."""
    return baseline_from_log(log_score(probability, outcome))


def daily_spans(
    estimates: Sequence[Estimate], resolved_on: date, strict: bool = False
) -> list[tuple[float, int]] | None:
    """(probability, days in force) for each estimate in force on some day from the first estimate through
    `resolved_on`, inclusive; None when no estimate falls on or before `resolved_on`.

    Estimates after `resolved_on` are left out; each counts from its scoring day (see `scoring_day`)."""
    spans = _estimate_spans(estimates, resolved_on, strict)
    return None if spans is None else [(estimate.probability, span) for estimate, span in spans]


def _estimate_spans(
    estimates: Sequence[Estimate], resolved_on: date, strict: bool = False
) -> list[tuple[Estimate, int]] | None:
    """As `daily_spans`, with each estimate rather than its probability."""
    in_force_by_day: dict[date, Estimate] = {}
    for estimate in estimates:
        day = scoring_day(estimate, strict)
        if day > resolved_on:
            continue
        current = in_force_by_day.get(day)
        if current is None or recorded_key(estimate.recorded_at) >= recorded_key(current.recorded_at):
            in_force_by_day[day] = estimate
    if not in_force_by_day:
        return None
    # Each estimate is in force from its day to the next estimate's day (or through `resolved_on`).
    # Spans are counted in days, not as end dates, so that a resolution on date.max does not overflow.
    days = sorted(in_force_by_day)
    spans = [(end - day).days for day, end in pairwise(days)] + [(resolved_on - days[-1]).days + 1]
    return [(in_force_by_day[day], span) for day, span in zip(days, spans, strict=True)]


def multi_brier(probabilities: Sequence[float], happened: int) -> float:
    """The multi-category Brier score Σᵢ (pᵢ − oᵢ)² of a choice forecast: 0 is perfect, 2 is worst."""
    return sum((p - (1 if i == happened else 0)) ** 2 for i, p in enumerate(probabilities))


def choice_log_score(probabilities: Sequence[float], happened: int) -> float:
    """ln of the probability given to the option that happened, clipped to LOG_CLIP."""
    return log_score(probabilities[happened], 1)


def interval_score(low: float, high: float, level: float, value: float) -> float:
    """The interval score of Gneiting & Raftery (2007) of a central interval at confidence `level`, in the
    value's unit (lower is better): its width, plus (2/α) times how far the value fell outside, α = 1 − level."""
    alpha = 1 - level
    below = (2 / alpha) * (low - value) if value < low else 0.0
    above = (2 / alpha) * (value - high) if value > high else 0.0
    return (high - low) + below + above


def _averaged(spans: list[tuple[Estimate, int]], score: Callable[[Estimate], float]) -> float:
    """The mean over the days of `spans` of the score of the estimate in force that day."""
    return sum(score(estimate) * span for estimate, span in spans) / sum(span for _, span in spans)


def _choice_score(
    prediction: Prediction, resolution: Resolution, final: Estimate, spans: list[tuple[Estimate, int]]
) -> PredictionScore:
    happened = prediction.options.index(resolution.option or "")
    probabilities = final.probabilities or ()

    def option(i: int) -> BinaryForecast:
        outcome = 1 if i == happened else 0
        return BinaryForecast(
            probabilities[i],
            outcome,
            brier(probabilities[i], outcome),
            _averaged(spans, lambda e: brier((e.probabilities or ())[i], outcome)),
            log_score(probabilities[i], outcome),
            _averaged(spans, lambda e: log_score((e.probabilities or ())[i], outcome)),
        )

    return PredictionScore(
        prediction.id,
        resolution.outcome,
        probabilities[happened],
        multi_brier(probabilities, happened),
        _averaged(spans, lambda e: multi_brier(e.probabilities or (), happened)),
        None,
        None,
        final_estimate=final,
        log_score=choice_log_score(probabilities, happened),
        time_averaged_log_score=_averaged(spans, lambda e: choice_log_score(e.probabilities or (), happened)),
        kind=Kind.CHOICE,
        forecasts=tuple(option(i) for i in range(len(probabilities))),
    )


def _numeric_score(prediction: Prediction, resolution: Resolution, final: Estimate) -> PredictionScore:
    assert final.low is not None and final.high is not None and final.level is not None
    assert resolution.value is not None
    value = resolution.value
    return PredictionScore(
        prediction.id,
        resolution.outcome,
        None,
        None,
        None,
        None,
        None,
        final_estimate=final,
        kind=Kind.NUMERIC,
        interval_score=interval_score(final.low, final.high, final.level, value),
        covered=final.low <= value <= final.high,
    )


def _daily_mean(spans: list[tuple[float, int]], outcome: int, score: Callable[[float, int], float]) -> float:
    """The mean over the days of `spans` of the score of the estimate in force that day."""
    return sum(score(p, outcome) * span for p, span in spans) / sum(span for _, span in spans)


def time_averaged_brier(
    estimates: Sequence[Estimate], outcome: int, resolved_on: date, strict: bool = False
) -> float | None:
    """Mean of (p_d − o)² over each day d from the first estimate through `resolved_on`, inclusive.

    Estimates after `resolved_on` are left out; each counts from its scoring day (see `scoring_day`)."""
    spans = daily_spans(estimates, resolved_on, strict)
    return None if spans is None else _daily_mean(spans, outcome, brier)


def time_averaged_log_score(
    estimates: Sequence[Estimate], outcome: int, resolved_on: date, strict: bool = False
) -> float | None:
    """Mean of the log score of p_d over the same days as `time_averaged_brier`."""
    spans = daily_spans(estimates, resolved_on, strict)
    return None if spans is None else _daily_mean(spans, outcome, log_score)


def score_prediction(prediction_id: int, data: JournalData, strict: bool = False) -> PredictionScore:
    """Score one prediction over its window (see the module docstring and README)."""
    prediction = data.prediction(prediction_id)
    resolution = data.resolution_for(prediction_id)
    estimates = data.estimates_for(prediction_id)
    live = [e for e in estimates if e.retracted is None]
    if prediction is None:
        close = resolution.date if resolution is not None else date.max
    else:
        close = window_close(prediction, resolution)
    in_window = [e for e in live if not is_after_close(e, close, strict)]
    final = final_estimate(in_window, strict)
    kind = Kind.BINARY if prediction is None else prediction.kind
    if resolution is None:
        if final is None:
            return PredictionScore(prediction_id, None, None, None, None, None, None, kind=kind)
        p = final.probability
        if kind is not Kind.BINARY:
            return PredictionScore(prediction_id, None, p, None, None, None, None, final_estimate=final, kind=kind)
        return PredictionScore(prediction_id, None, p, None, None, brier(p, 1), brier(p, 0), final_estimate=final)
    if resolution.outcome is Outcome.AMBIGUOUS:
        return PredictionScore(
            prediction_id, resolution.outcome, None, None, None, None, None, UnscoredReason.AMBIGUOUS, kind=kind
        )
    if final is None:
        reason = UnscoredReason.ALL_RETRACTED if estimates and not live else UnscoredReason.NO_ESTIMATE
        return PredictionScore(prediction_id, resolution.outcome, None, None, None, None, None, reason, kind=kind)
    if prediction is not None and kind is Kind.NUMERIC:
        return _numeric_score(prediction, resolution, final)
    spans = _estimate_spans(in_window, close, strict)
    assert spans is not None  # the final estimate is in the window, so it is in force on some day
    if prediction is not None and kind is Kind.CHOICE:
        return _choice_score(prediction, resolution, final, spans)
    outcome = 1 if resolution.outcome is Outcome.YES else 0
    forecast = BinaryForecast(
        final.probability,
        outcome,
        brier(final.probability, outcome),
        _averaged(spans, lambda e: brier(e.probability, outcome)),
        log_score(final.probability, outcome),
        _averaged(spans, lambda e: log_score(e.probability, outcome)),
    )
    return PredictionScore(
        prediction_id,
        resolution.outcome,
        final.probability,
        forecast.brier,
        forecast.time_averaged_brier,
        None,
        None,
        final_estimate=final,
        log_score=forecast.log_score,
        time_averaged_log_score=forecast.time_averaged_log_score,
        forecasts=(forecast,),
    )


def preview_resolution(
    prediction: Prediction,
    data: JournalData,
    outcome: Outcome,
    on: date,
    option: str | None = None,
    value: float | None = None,
) -> PredictionScore:
    """How the prediction would be scored if it were resolved `outcome` (with a choice's `option` or a
    numeric one's `value`) on `on` (nothing is changed)."""
    resolution = Resolution(prediction.id, outcome, on, option=option, value=value)
    return score_prediction(prediction.id, data.with_resolution(resolution))


def wilson_interval(successes: int, n: int, z: float = WILSON_Z_90) -> tuple[float, float]:
    """The Wilson score interval for a binomial proportion (90% by default)."""
    if n <= 0:
        raise ValueError("the Wilson interval needs n > 0")
    phat = successes / n
    denominator = 1 + z * z / n
    centre = (phat + z * z / (2 * n)) / denominator
    margin = z * math.sqrt(phat * (1 - phat) / n + z * z / (4 * n * n)) / denominator
    # At 0 or n successes the exact bound is 0 or 1; rounding would otherwise leave it a hair inside.
    low = 0.0 if successes == 0 else max(0.0, centre - margin)
    high = 1.0 if successes == n else min(1.0, centre + margin)
    return low, high


def calibration_bin_index(probability: float) -> int:
    """Which of the 11 bins (centred on 0, 10, …, 100%) a probability falls in."""
    # Rounding first keeps 0.15 (15.000000000000002%) and 0.35 (34.99999999999999%) on their edges.
    percent = round(probability * 100, 9)
    return min(CALIBRATION_BINS - 1, math.floor((percent + 5) / 10))


def calibration(pairs: Iterable[tuple[float, int]]) -> tuple[CalibrationBin, ...]:
    """Calibration table of (final probability, outcome) pairs in 11 bins, with Wilson 90% intervals."""
    members: list[list[tuple[float, int]]] = [[] for _ in range(CALIBRATION_BINS)]
    for probability, outcome in pairs:
        members[calibration_bin_index(probability)].append((probability, outcome))
    bins = []
    for index, items in enumerate(members):
        lower = max(0.0, index * 10 - 5) / 100
        upper = min(100.0, index * 10 + 5) / 100
        if not items:
            bins.append(CalibrationBin(index * 10, lower, upper, 0, None, None, None, None))
            continue
        n = len(items)
        hits = sum(outcome for _, outcome in items)
        low, high = wilson_interval(hits, n)
        bins.append(CalibrationBin(index * 10, lower, upper, n, sum(p for p, _ in items) / n, hits / n, low, high))
    return tuple(bins)


def decomposition(pairs: Sequence[tuple[float, int]]) -> Decomposition | None:
    """The five-term decomposition over the 11 calibration bins, which sums exactly to the Brier score."""
    if not pairs:
        return None
    n = len(pairs)
    base_rate = sum(outcome for _, outcome in pairs) / n
    members: list[list[tuple[float, int]]] = [[] for _ in range(CALIBRATION_BINS)]
    for probability, outcome in pairs:
        members[calibration_bin_index(probability)].append((probability, outcome))
    reliability = resolution = variance = covariance = 0.0
    for items in members:
        if not items:
            continue
        size = len(items)
        mean_forecast = sum(p for p, _ in items) / size
        frequency = sum(o for _, o in items) / size
        reliability += size * (mean_forecast - frequency) ** 2
        resolution += size * (frequency - base_rate) ** 2
        variance += sum((p - mean_forecast) ** 2 for p, _ in items)
        covariance += 2 * sum((p - mean_forecast) * (o - frequency) for p, o in items)
    yes = [p for p, o in pairs if o == 1]
    no = [p for p, o in pairs if o == 0]
    discrimination = sum(yes) / len(yes) - sum(no) / len(no) if yes and no else None
    return Decomposition(
        reliability / n,
        resolution / n,
        base_rate * (1 - base_rate),
        variance / n,
        covariance / n,
        discrimination,
    )


def quarter_of(day: date) -> str:
    """The calendar quarter a day falls in, as '2025-Q4'."""
    return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"


def by_quarter(
    resolved: Iterable[tuple[date, float | None, float | None]], interval_scored: Iterable[date] = ()
) -> tuple[QuarterScore, ...]:
    """Mean final Brier and baseline score per quarter of resolution date, oldest first, from
    (resolution date, final Brier, final log score) of each resolved prediction; an unscored one has
    None scores and is counted in its quarter's `not_scored`. `interval_scored` holds the resolution
    dates of the numeric predictions that have an interval score, counted apart. Quarters with no
    resolution are not listed."""
    groups: dict[str, list[tuple[float | None, float | None]]] = {}
    for day, brier_score, log in resolved:
        groups.setdefault(quarter_of(day), []).append((brier_score, log))
    numeric: dict[str, int] = {}
    for day in interval_scored:
        numeric[quarter_of(day)] = numeric.get(quarter_of(day), 0) + 1
    quarters = []
    for quarter in sorted(groups.keys() | numeric.keys()):  # the labels' four-digit years sort as dates do
        items = groups.get(quarter, [])
        scored = [(b, log) for b, log in items if b is not None and log is not None]
        n = len(scored)
        quarters.append(
            QuarterScore(
                quarter,
                n,
                sum(b for b, _ in scored) / n if n else None,
                baseline_from_log(sum(log for _, log in scored) / n) if n else None,
                len(items) - n,
                numeric.get(quarter, 0),
            )
        )
    return tuple(quarters)


def _quarter_item(forecasts: Sequence[BinaryForecast]) -> tuple[float | None, float | None]:
    """A resolved prediction's final Brier and log score for its quarter, weighing one however many
    options it has: a choice prediction's are the means over its options (None, None: not scored)."""
    if not forecasts:
        return None, None
    n = len(forecasts)
    return sum(f.brier for f in forecasts) / n, sum(f.log_score for f in forecasts) / n


def score_journal(
    data: JournalData, prediction_ids: Iterable[int] | None = None, strict: bool = False, include_archived: bool = False
) -> ScoreReport:
    """Score every prediction (or the given ones) and the journal as a whole; `strict` counts each
    estimate from the day it was recorded. Archived predictions are scored but left out of the totals
    unless `include_archived`."""
    ids = [p.id for p in data.predictions] if prediction_ids is None else list(prediction_ids)
    scores = tuple(score_prediction(prediction_id, data, strict) for prediction_id in ids)
    archived_ids: set[int] = set() if include_archived else {p.id for p in data.predictions if p.archived}
    left_out = frozenset(prediction_id for prediction_id in ids if prediction_id in archived_ids)
    pairs: list[tuple[float, int]] = []
    finals: list[float] = []
    averages: list[float] = []
    logs: list[float] = []
    averaged_logs: list[float] = []
    resolved: list[tuple[date, float | None, float | None]] = []
    interval_scored: list[date] = []
    for s in scores:
        if s.prediction_id in left_out:
            continue
        resolution = data.resolution_for(s.prediction_id)
        if resolution is not None and s.interval_score is not None:  # interval scores are not Brier-type
            interval_scored.append(resolution.date)
        elif resolution is not None:
            resolved.append((resolution.date, *_quarter_item(s.forecasts)))
        for forecast in s.forecasts:
            pairs.append((forecast.probability, forecast.outcome))
            finals.append(forecast.brier)
            averages.append(forecast.time_averaged_brier)
            logs.append(forecast.log_score)
            averaged_logs.append(forecast.time_averaged_log_score)
    quarters = by_quarter(resolved, interval_scored)
    counted = [s for s in scores if s.prediction_id not in left_out]
    scored = sum(1 for s in counted if s.scored)
    coverage = interval_coverage(s for s in counted if s.covered is not None)
    if not pairs:
        return ScoreReport(
            scores,
            scored,
            None,
            None,
            None,
            calibration(()),
            None,
            archived=left_out,
            by_quarter=quarters,
            interval_coverage=coverage,
        )
    n = len(pairs)
    mean_brier = sum(finals) / n
    return ScoreReport(
        interval_coverage=coverage,
        predictions=scores,
        scored=scored,
        brier=mean_brier,
        time_averaged_brier=sum(averages) / n,
        skill=1 - mean_brier / BASELINE_BRIER,
        calibration=calibration(pairs),
        decomposition=decomposition(pairs),
        archived=left_out,
        log_score=sum(logs) / n,
        time_averaged_log_score=sum(averaged_logs) / n,
        by_quarter=quarters,
    )


def interval_coverage(scores: Iterable[PredictionScore]) -> tuple[IntervalCoverage, ...]:
    """Per confidence level (lowest first), how many of the scored numeric predictions' final intervals
    held the value, with a Wilson 90% interval."""
    by_level: dict[float, list[bool]] = {}
    for s in scores:
        estimate = s.final_estimate
        if s.covered is not None and estimate is not None and estimate.level is not None:
            by_level.setdefault(round(estimate.level, 6), []).append(s.covered)
    rows = []
    for level, held in sorted(by_level.items()):
        low, high = wilson_interval(sum(held), len(held))
        rows.append(IntervalCoverage(level, len(held), sum(held), low, high))
    return tuple(rows)


def coverage_line(row: IntervalCoverage) -> str:
    """'80% intervals: 7 of 10 held the value (90% interval 46–89%)'."""
    return (
        f"{format_percent(row.level)} intervals: {row.covered} of {row.n} held the value "
        f"(90% interval {row.low * 100:.0f}–{row.high * 100:.0f}%)"
    )


def archived_note(report: ScoreReport) -> str:
    """'2 archived predictions not scored; `score --archived` includes them', or '' when none are left out."""
    if not report.archived:
        return ""
    left_out = count_of(len(report.archived), "archived prediction")
    return f"{left_out} not scored; `score --archived` includes them"


def overall_summary(report: ScoreReport) -> dict[str, Any]:
    """The journal-wide scores as plain values, as `score --json` and the markdown export give them."""
    return {
        "scored": report.scored,
        "brier": report.brier,
        "time_averaged_brier": report.time_averaged_brier,
        "baseline_brier": report.baseline_brier,
        "skill": report.skill,
        "log_score": report.log_score,
        "time_averaged_log_score": report.time_averaged_log_score,
        "baseline_score": report.baseline_score,
        "time_averaged_baseline_score": report.time_averaged_baseline_score,
    }


def final_p_text(score: PredictionScore, prediction: Prediction | None) -> str:
    """The probability a score table shows: '70%'; for a choice prediction with the option it was given to
    ('30% Anthropic': the option that happened, or while open the most likely one); '—' when there is none,
    and for a numeric prediction, whose level is no chance. Without `prediction`, the percent alone.

    Option names are user text: the caller shows the result through domain.safe_text."""
    if score.final_probability is None or score.kind is Kind.NUMERIC:
        return "—"
    if score.kind is not Kind.CHOICE or prediction is None:
        return format_percent(score.final_probability)
    happened = [i for i, forecast in enumerate(score.forecasts) if forecast.outcome == 1]
    if happened and happened[0] < len(prediction.options):
        return f"{format_percent(score.final_probability)} {prediction.options[happened[0]]}"
    leading = None if score.final_estimate is None else leading_option(score.final_estimate, prediction)
    if leading is None:
        return format_percent(score.final_probability)
    return f"{format_percent(leading[1])} {leading[0]}"


def shown_confidence(prediction: Prediction, data: JournalData, score: PredictionScore | None = None) -> float | None:
    """The confidence to show beside a prediction: for a resolved one the probability that was scored
    (None when none was), for an open one its latest estimate that is not retracted.

    `score` is the prediction's score when the caller already has it (a pane shows both), so it is not
    computed twice.
    """
    if data.resolution_for(prediction.id) is None:
        latest = latest_estimate(data.estimates_for(prediction.id))
        return None if latest is None else latest.probability
    return (score or score_prediction(prediction.id, data)).final_probability
