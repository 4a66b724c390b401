"""Render a journal as a markdown file with YAML front matter.

The layout is meant for people first, and is also read back losslessly by the importer:
- free text (prediction text, notes, resolution notes) is a blockquote, every line prefixed
  with "> " (">" for an empty line), so headings, fences, pipes and `---` inside stay inert;
- estimate notes sit in a table cell with `\\`, `|`, newlines and carriage returns escaped
  as `\\\\`, `\\|`, `\\n` and `\\r`; each cell is padded by exactly one space on each side;
- probabilities are written exactly (Python's shortest round-tripping repr) beside the percent.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from domain.model import JournalData, Prediction, status_of
from domain.scoring import SCALE_NOTE, PredictionScore, ScoreReport

FORMAT_TAG = "forecast-journal-markdown/1"


def format_percent(probability: float) -> str:
    """A probability as a compact percent: 0.7 → '70%', 0.625 → '62.5%'."""
    return f"{round(probability * 100, 6) + 0.0:g}%"  # + 0.0: a -0.0 stored by an older release shows as 0%


def count_of(n: int, noun: str) -> str:
    """'1 note', '2 notes': a count with its noun, plural unless it is one."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def format_score(value: float | None) -> str:
    """A Brier-type score to three decimals, or '—' when there is none."""
    return "—" if value is None else f"{value:.3f}"


def quote_block(text: str) -> str:
    """Text as a markdown blockquote that keeps every character."""
    return "\n".join(f"> {line}" if line else ">" for line in text.split("\n"))


def escape_cell(text: str) -> str:
    """Text for one markdown table cell, reversibly escaped."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "\\n").replace("\r", "\\r")


def overall_summary(report: ScoreReport) -> dict[str, Any]:
    """The journal-wide scores as plain values."""
    return {
        "scored": report.scored,
        "brier": report.brier,
        "time_averaged_brier": report.time_averaged_brier,
        "baseline_brier": report.baseline_brier,
        "skill": report.skill,
    }


def _status_line(prediction: Prediction, data: JournalData, today: date) -> str:
    resolution = data.resolution_for(prediction.id)
    if resolution is None:
        return status_of(prediction, None, today)
    return f"resolved {resolution.outcome.value} on {resolution.date.isoformat()}"


def _score_lines(score: PredictionScore) -> list[str]:
    if score.brier is not None:
        return [
            f"- Final Brier: {format_score(score.brier)} (final estimate {format_percent(score.final_probability or 0)})",
            f"- Time-averaged Brier: {format_score(score.time_averaged_brier)}",
        ]
    if score.if_yes is not None:
        return [
            f"- Pending: Brier {format_score(score.if_yes)} if it resolves yes, "
            f"{format_score(score.if_no)} if it resolves no",
        ]
    return ["- Not scored (no estimate before the resolution, or resolved ambiguous)"]


def _prediction_section(prediction: Prediction, data: JournalData, score: PredictionScore, today: date) -> list[str]:
    lines = [
        f"## {prediction.id}. {prediction.title}",
        "",
        f"- Set: {prediction.set_name}",
        f"- Source: {prediction.source}",
        f"- Resolve by: {prediction.resolve_by.isoformat()}",
        f"- Status: {_status_line(prediction, data, today)}",
        "",
        quote_block(prediction.text),
        "",
    ]
    resolution = data.resolution_for(prediction.id)
    if resolution is not None:
        lines += ["### Resolution", "", f"- Outcome: {resolution.outcome.value}", f"- Date: {resolution.date.isoformat()}"]
        lines += ["", quote_block(resolution.note)] if resolution.note else []
        lines.append("")
    lines += ["### Estimates", ""]
    estimates = data.estimates_for(prediction.id)
    if estimates:
        lines += ["| Date | Estimate | Probability | Recorded at | Note |", "|---|---|---|---|---|"]
        lines += [
            f"| {e.date.isoformat()} | {format_percent(e.probability)} | {e.probability!r} | "
            f"{e.recorded_at.isoformat()} | {escape_cell(e.note)} |"
            for e in estimates
        ]
    else:
        lines.append("No estimates yet.")
    lines += ["", "### Notes", ""]
    notes = data.notes_for(prediction.id)
    for note in notes:
        lines += [f"#### {note.date.isoformat()} (recorded {note.recorded_at.isoformat()})", "", quote_block(note.text), ""]
    if not notes:
        lines += ["No notes yet.", ""]
    lines += ["### Scores", "", *_score_lines(score), ""]
    return lines


def render_markdown(data: JournalData, report: ScoreReport, exported_at: datetime) -> str:
    """The whole journal as markdown: front matter with the overall scores, then one section per prediction."""
    sets = list(dict.fromkeys(p.set_name for p in data.predictions))
    sources = list(dict.fromkeys(p.source for p in data.predictions))
    scores = {s.prediction_id: s for s in report.predictions}
    body: list[str] = []
    for set_name in sets:
        body += [f"# {set_name}", ""]
        for prediction in (p for p in data.predictions if p.set_name == set_name):
            body += _prediction_section(prediction, data, scores[prediction.id], exported_at.date())
    import frontmatter  # here, not at the top: YAML costs 10 ms of every command's start-up

    front_matter = frontmatter.Post(
        "",
        title=" + ".join(sets) if sets else "forecast-journal",
        source=", ".join(sources),
        exported_at=exported_at.isoformat(),
        format=FORMAT_TAG,
        scale=SCALE_NOTE,
        overall=overall_summary(report),
    )
    # The body is not handed to frontmatter.dumps: at 100k estimates each extra copy is ~15 MB.
    text = "\n".join(body).rstrip()
    return f"{frontmatter.dumps(front_matter, sort_keys=False)}\n\n{text}\n"


def default_export_name(today: date) -> str:
    """The file name an export gets when the user names none."""
    return f"forecast-journal-{today.isoformat()}.md"
