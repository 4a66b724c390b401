"""Text, JSON and rich renderings of the journal for the command line."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from domain.display import count_of, format_baseline, format_percent, format_score
from domain.kinds import answer_text, estimate_text, format_number, with_unit
from domain.model import JournalData, Kind, Outcome, Prediction, latest_estimate, status_of
from domain.safe_text import visible_line
from domain.scoring import (
    CHOICE_NOTE,
    DECOMPOSITION_TERMS,
    INTERVAL_NOTE,
    LOG_SCALE_NOTE,
    SCALE_NOTE,
    PredictionScore,
    ScoreReport,
    coverage_line,
    final_p_text,
    overall_summary,
    shown_confidence,
)
from domain.tags import tags_text

if TYPE_CHECKING:
    from rich.table import Table


def prediction_lines(data: JournalData, today: date) -> Iterator[str]:
    """One line per prediction: id, status ("archived" for an archived one), the confidence shown (for a
    resolved prediction the one scored, see domain.scoring.shown_confidence), title, counts, and
    "[conflicting resolutions]" when two machines resolved it differently (domain.journal_merge), then its tags.

    A choice prediction's line adds its options with the latest probabilities, a numeric one's its latest
    interval (its percent column is "—": a level is not a chance), and both their answer once answered."""
    for prediction in data.predictions:
        shown = None if prediction.kind is Kind.NUMERIC else shown_confidence(prediction, data)
        status = "archived" if prediction.archived else status_of(prediction, data.resolution_for(prediction.id), today)
        percent = format_percent(shown) if shown is not None else "—"
        estimates = count_of(len(data.estimates_for(prediction.id)), "estimate")
        counts = f"{estimates}, {count_of(len(data.notes_for(prediction.id)), 'note')}"
        conflict = "  [conflicting resolutions]" if data.conflicting_resolutions(prediction.id) else ""
        tags = f"  tags: {tags_text(prediction.tags)}" if prediction.tags else ""
        yield (
            f"{prediction.id:>3}  {status:<9}  {percent:>6}  {visible_line(prediction.title)}  ({counts}){conflict}"
            f"{_kind_detail(prediction, data)}{tags}"
        )


def _kind_detail(prediction: Prediction, data: JournalData) -> str:
    """'  latest: A 50% · B 50%  answer: A' for a choice or numeric prediction ('' for a yes/no one)."""
    if prediction.kind is Kind.BINARY:
        return ""
    latest = latest_estimate(data.estimates_for(prediction.id))
    if latest is not None:
        parts = [f"latest: {estimate_text(latest, prediction)}"]
    elif prediction.kind is Kind.CHOICE:
        parts = [f"options: {' · '.join(prediction.options)}"]
    else:
        parts = [f"unit: {prediction.unit}"] if prediction.unit else []
    resolution = data.resolution_for(prediction.id)
    if resolution is not None and resolution.outcome is Outcome.ANSWERED:
        parts.append(f"answer: {answer_text(resolution, prediction)}")
    return "".join(f"  {visible_line(part)}" for part in parts)


def _answer(score: PredictionScore, data: JournalData) -> str:
    """The outcome column: 'pending', yes/no/ambiguous, the option that happened or the value, made visible."""
    resolution = data.resolution_for(score.prediction_id)
    if resolution is None:
        return "pending"
    return visible_line(answer_text(resolution, data.prediction(score.prediction_id)))


def score_document(report: ScoreReport, tags: Sequence[str] = ()) -> dict[str, Any]:
    """The `score --json` document: archived predictions are left out (listed by id) unless included;
    `tags` are those that filtered it (`score --tag`)."""
    return {
        "tags": list(tags),
        "scale": SCALE_NOTE,
        "log_scale": LOG_SCALE_NOTE,
        "predictions": [
            {
                "id": s.prediction_id,
                "outcome": None if s.outcome is None else s.outcome.value,
                "final_probability": s.final_probability,
                "brier": s.brier,
                "time_averaged_brier": s.time_averaged_brier,
                "if_yes": s.if_yes,
                "if_no": s.if_no,
                "unscored_reason": None if s.unscored_reason is None else s.unscored_reason.value,
                "log_score": s.log_score,
                "time_averaged_log_score": s.time_averaged_log_score,
                "baseline_score": s.baseline_score,
                "time_averaged_baseline_score": s.time_averaged_baseline_score,
                "kind": s.kind.value,
                "interval_score": s.interval_score,
                "covered": s.covered,
            }
            for s in report.counted
        ],
        "interval_coverage": [
            {"level": row.level, "n": row.n, "covered": row.covered, "low": row.low, "high": row.high}
            for row in report.interval_coverage
        ],
        "archived_left_out": sorted(report.archived),
        "overall": overall_summary(report),
        "calibration": [
            {
                "bin": b.centre,
                "lower": b.lower,
                "upper": b.upper,
                "n": b.n,
                "mean_forecast": b.mean_forecast,
                "observed_frequency": b.observed_frequency,
                "wilson_90_low": b.interval_low,
                "wilson_90_high": b.interval_high,
            }
            for b in report.calibration
        ],
        "decomposition": None
        if report.decomposition is None
        else {name: getattr(report.decomposition, name) for name, _, _ in DECOMPOSITION_TERMS},
        "by_quarter": [
            {
                "quarter": q.quarter,
                "scored": q.scored,
                "brier": q.brier,
                "baseline_score": q.baseline_score,
                "not_scored": q.not_scored,
                "interval_scored": q.interval_scored,
            }
            for q in report.by_quarter
        ],
    }


def score_tables(report: ScoreReport, data: JournalData) -> list[Table]:
    """Rich tables: Brier, log and baseline scores per prediction, why resolved ones are unscored, overall,
    decomposition, calibration and the scores by quarter of resolution. Titles are Text, so never read as
    markup."""
    from rich.table import Table
    from rich.text import Text

    per_prediction = Table(title="Brier scores per prediction", caption=f"{SCALE_NOTE}; {CHOICE_NOTE}")
    for column in ("#", "Prediction", "Outcome", "Final p", "Final Brier", "Time-avg Brier", "If yes / if no"):
        per_prediction.add_column(column, justify="left" if column == "Prediction" else "right")
    logs = Table(title="Log and baseline scores per scored prediction", caption=LOG_SCALE_NOTE)
    for column in ("#", "Prediction", "Log", "Time-avg log", "Baseline", "Time-avg baseline"):
        logs.add_column(column, justify="left" if column == "Prediction" else "right")
    intervals = Table(title="Interval scores per numeric prediction", caption=INTERVAL_NOTE)
    for column in ("#", "Prediction", "Interval score", "Held the value"):
        intervals.add_column(column, justify="left" if column == "Prediction" else "right")
    unscored = Table(title="Resolved but not scored")
    unscored.add_column("#", justify="right")
    unscored.add_column("Why")
    for score in report.counted:
        prediction = data.prediction(score.prediction_id)
        pending = f"{format_score(score.if_yes)} / {format_score(score.if_no)}" if score.if_yes is not None else "—"
        per_prediction.add_row(
            str(score.prediction_id),
            Text(visible_line(prediction.title) if prediction else "?"),
            Text(_answer(score, data)),
            Text(visible_line(final_p_text(score, prediction))),
            format_score(score.brier),
            format_score(score.time_averaged_brier),
            pending,
        )
        if score.unscored_reason is not None:
            unscored.add_row(str(score.prediction_id), score.unscored_reason.value)
        if score.interval_score is not None and prediction is not None:
            intervals.add_row(
                str(score.prediction_id),
                Text(visible_line(prediction.title)),
                Text(visible_line(with_unit(format_number(score.interval_score), prediction.unit))),
                "yes" if score.covered else "no",
            )
        if score.log_score is not None:
            logs.add_row(
                str(score.prediction_id),
                Text(visible_line(prediction.title) if prediction else "?"),
                format_score(score.log_score),
                format_score(score.time_averaged_log_score),
                format_baseline(score.baseline_score),
                format_baseline(score.time_averaged_baseline_score),
            )
    overall = Table(title="Overall", caption="log and baseline: p clipped to [0.001, 0.999]")
    overall.add_column("Measure")
    overall.add_column("Value", justify="right")
    overall.add_row("Scored predictions", str(report.scored))
    overall.add_row("Mean final Brier", format_score(report.brier))
    overall.add_row("Mean time-averaged Brier", format_score(report.time_averaged_brier))
    overall.add_row("Always-50% baseline", format_score(report.baseline_brier))
    overall.add_row("Brier skill score (1 − BS/0.25)", format_score(report.skill))
    overall.add_row("Mean log score", format_score(report.log_score))
    overall.add_row("Mean time-averaged log score", format_score(report.time_averaged_log_score))
    overall.add_row("Mean baseline score", format_baseline(report.baseline_score))
    overall.add_row("Mean time-averaged baseline score", format_baseline(report.time_averaged_baseline_score))
    terms = Table(title="Decomposition: reliability − resolution + uncertainty + variance − covariance = Brier")
    for column in ("Term", "Value", "Meaning"):
        terms.add_column(column, justify="right" if column == "Value" else "left")
    if report.decomposition is not None:
        for name, label, meaning in DECOMPOSITION_TERMS:
            terms.add_row(label, format_score(getattr(report.decomposition, name)), meaning)
    calibration = Table(title="Calibration of final estimates (Wilson 90% interval)")
    for column in ("Bin", "n", "Mean forecast", "Observed", "90% interval"):
        calibration.add_column(column, justify="right")
    for b in report.calibration:
        interval = "—" if b.interval_low is None else f"{b.interval_low:.0%}–{b.interval_high:.0%}"
        calibration.add_row(
            f"{b.centre}%",
            str(b.n),
            "—" if b.mean_forecast is None else format_percent(b.mean_forecast),
            "—" if b.observed_frequency is None else format_percent(b.observed_frequency),
            interval,
        )
    quarters = Table(title="By quarter of resolution date (mean final scores, each prediction once)")
    numeric = any(q.interval_scored for q in report.by_quarter)
    columns = ("Quarter", "Scored", "Brier", "Baseline", "Resolved, not scored")
    for column in (*columns, "Numeric (interval score)") if numeric else columns:
        quarters.add_column(column, justify="left" if column == "Quarter" else "right")
    for q in report.by_quarter:
        cells = (q.quarter, str(q.scored), format_score(q.brier), format_baseline(q.baseline_score), str(q.not_scored))
        quarters.add_row(*cells, *((str(q.interval_scored),) if numeric else ()))
    tables = [per_prediction]
    if logs.row_count:
        tables.append(logs)
    if intervals.row_count:
        tables.append(intervals)
        coverage = Table(title="Interval coverage (Wilson 90% interval)")
        coverage.add_column("Held the value")
        for row in report.interval_coverage:
            coverage.add_row(coverage_line(row))
        tables.append(coverage)
    if unscored.row_count:
        tables.append(unscored)
    tables.append(overall)
    if report.decomposition is not None:
        tables.append(terms)
    tables.append(calibration)
    if quarters.row_count:
        tables.append(quarters)
    return tables
