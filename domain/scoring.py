"""Brier scoring, calibration and the Murphy decomposition.

All scores are on the 0–1 scale: 0 is perfect, 0.25 is what always saying 50% earns, 1 is worst.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from typing import Any

from domain.model import Estimate, JournalData, Outcome, latest_estimate

BASELINE_BRIER = 0.25
SCALE_NOTE = "Brier scores: 0 = perfect, 0.25 = always 50%, 1 = worst"
WILSON_Z_90 = 1.6448536269514722
CALIBRATION_BINS = 11


@dataclass(frozen=True, slots=True)
class PredictionScore:
    """Scores of one prediction. Fields are None where they do not apply."""

    prediction_id: int
    outcome: Outcome | None
    final_probability: float | None
    brier: float | None
    time_averaged_brier: float | None
    if_yes: float | None
    if_no: float | None

    @property
    def scored(self) -> bool:
        """Whether this prediction counts towards the journal's scores."""
        return self.brier is not None


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
    """Murphy's decomposition: Brier = reliability − resolution + uncertainty."""

    reliability: float
    resolution: float
    uncertainty: float


@dataclass(frozen=True, slots=True)
class ScoreReport:
    """Every score of a journal (or of a subset of its predictions)."""

    predictions: tuple[PredictionScore, ...]
    scored: int
    brier: float | None
    time_averaged_brier: float | None
    skill: float | None
    calibration: tuple[CalibrationBin, ...]
    decomposition: Decomposition | None
    baseline_brier: float = BASELINE_BRIER


def brier(probability: float, outcome: int) -> float:
    """The Brier score of one forecast: (p − o)²."""
    return (probability - outcome) ** 2


def final_brier(estimates: Sequence[Estimate], outcome: int, resolved_on: date) -> tuple[float, float] | None:
    """(final probability, its Brier) using the latest estimate dated on or before `resolved_on`."""
    final = latest_estimate(estimates, resolved_on)
    if final is None:
        return None
    return final.probability, brier(final.probability, outcome)


def time_averaged_brier(estimates: Sequence[Estimate], outcome: int, resolved_on: date) -> float | None:
    """Mean of (p_d − o)² over each day d from the first estimate through `resolved_on`, inclusive."""
    in_force_by_day: dict[date, Estimate] = {}
    for estimate in estimates:
        if estimate.date > resolved_on:
            continue
        current = in_force_by_day.get(estimate.date)
        if current is None or estimate.recorded_at >= current.recorded_at:
            in_force_by_day[estimate.date] = estimate
    if not in_force_by_day:
        return None
    # Each estimate is in force from its day to the next estimate's day (or through `resolved_on`):
    # its Brier counts once per day of that span. Spans are counted in days, not as end dates, so
    # that a resolution on date.max does not overflow.
    days = sorted(in_force_by_day)
    spans = [(end - day).days for day, end in pairwise(days)] + [(resolved_on - days[-1]).days + 1]
    total = sum(brier(in_force_by_day[day].probability, outcome) * span for day, span in zip(days, spans, strict=True))
    return total / ((resolved_on - days[0]).days + 1)


def score_prediction(prediction_id: int, data: JournalData) -> PredictionScore:
    """Score one prediction under the journal's rules (see the module docstring and README)."""
    estimates = data.estimates_for(prediction_id)
    resolution = data.resolution_for(prediction_id)
    if resolution is None:
        latest = latest_estimate(estimates)
        if latest is None:
            return PredictionScore(prediction_id, None, None, None, None, None, None)
        p = latest.probability
        return PredictionScore(prediction_id, None, p, None, None, brier(p, 1), brier(p, 0))
    if resolution.outcome is Outcome.AMBIGUOUS:
        return PredictionScore(prediction_id, resolution.outcome, None, None, None, None, None)
    outcome = 1 if resolution.outcome is Outcome.YES else 0
    final = final_brier(estimates, outcome, resolution.date)
    if final is None:
        return PredictionScore(prediction_id, resolution.outcome, None, None, None, None, None)
    averaged = time_averaged_brier(estimates, outcome, resolution.date)
    return PredictionScore(prediction_id, resolution.outcome, final[0], final[1], averaged, None, None)


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
        bins.append(
            CalibrationBin(index * 10, lower, upper, n, sum(p for p, _ in items) / n, hits / n, low, high)
        )
    return tuple(bins)


def murphy_decomposition(pairs: Sequence[tuple[float, int]]) -> Decomposition | None:
    """Reliability, resolution and uncertainty, grouping by distinct forecast value so the identity is exact."""
    if not pairs:
        return None
    n = len(pairs)
    base_rate = sum(outcome for _, outcome in pairs) / n
    groups: dict[float, list[int]] = {}
    for probability, outcome in pairs:
        groups.setdefault(probability, []).append(outcome)
    reliability = 0.0
    resolution = 0.0
    for probability, outcomes in groups.items():
        frequency = sum(outcomes) / len(outcomes)
        reliability += len(outcomes) * (probability - frequency) ** 2
        resolution += len(outcomes) * (frequency - base_rate) ** 2
    return Decomposition(reliability / n, resolution / n, base_rate * (1 - base_rate))


def score_journal(data: JournalData, prediction_ids: Iterable[int] | None = None) -> ScoreReport:
    """Score every prediction (or the given ones) and the journal as a whole."""
    ids = [p.id for p in data.predictions] if prediction_ids is None else list(prediction_ids)
    scores = tuple(score_prediction(prediction_id, data) for prediction_id in ids)
    pairs: list[tuple[float, int]] = []
    finals: list[float] = []
    averages: list[float] = []
    for s in scores:
        if s.final_probability is None or s.brier is None or s.time_averaged_brier is None:
            continue
        pairs.append((s.final_probability, 1 if s.outcome is Outcome.YES else 0))
        finals.append(s.brier)
        averages.append(s.time_averaged_brier)
    if not pairs:
        return ScoreReport(scores, 0, None, None, None, calibration(()), None)
    mean_brier = sum(finals) / len(finals)
    return ScoreReport(
        predictions=scores,
        scored=len(pairs),
        brier=mean_brier,
        time_averaged_brier=sum(averages) / len(averages),
        skill=1 - mean_brier / BASELINE_BRIER,
        calibration=calibration(pairs),
        decomposition=murphy_decomposition(pairs),
    )


def overall_summary(report: ScoreReport) -> dict[str, Any]:
    """The journal-wide scores as plain values, as `score --json` and the markdown export give them."""
    return {
        "scored": report.scored,
        "brier": report.brier,
        "time_averaged_brier": report.time_averaged_brier,
        "baseline_brier": report.baseline_brier,
        "skill": report.skill,
    }
