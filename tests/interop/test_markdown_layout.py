"""The markdown export as a person reads it: estimates by date, line breaks that render, a rounded
summary, and an import that refuses an edited percent that no longer matches its probability."""

from __future__ import annotations

from datetime import UTC, date, datetime
from itertools import pairwise
from pathlib import Path

import frontmatter
import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from domain.formats.markdown import escape_cell, parse, quote_block, render_markdown, unescape_cell
from domain.model import Estimate, JournalData, Note, Outcome, Prediction, Resolution
from domain.scoring import score_journal
from tests.cli_support import RunCli, listing, ok
from tests.clock import TODAY
from tests.interop.test_roundtrip import NOTE_TEXT

RAIN = Prediction(1, "Rain", "Will it rain?", "mine", date(2025, 12, 31), "Weather")


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2025, 3, day, hour, tzinfo=UTC)


def markdown_of(data: JournalData) -> str:
    return render_markdown(data, score_journal(data), TODAY)


def rendered(text: str) -> str:
    """The HTML a CommonMark renderer with GitHub's tables makes of the file's body."""
    body = text.split("\n---\n", 1)[1]
    return MarkdownIt("commonmark").enable("table").render(body)


def rows(text: str) -> list[list[str]]:
    """The estimate table's rows, cell by cell."""
    lines = [line for line in text.split("\n") if line.startswith("| ") and line[2].isdigit()]
    return [line[2:-2].split(" | ") for line in lines]


def test_estimates_are_listed_by_date_then_recording_time_with_their_recorded_numbers() -> None:
    estimates = [
        Estimate(1, 0.3, date(2025, 3, 5), at(5)),
        Estimate(1, 0.4, date(2025, 3, 1), at(6)),  # backdated: recorded after #1, dated before it
        Estimate(1, 0.5, date(2025, 3, 5), at(5, 8)),  # same date as #1, recorded earlier
        Estimate(1, 0.6, date(2025, 3, 5), None),  # unknown recording time: first of its date
    ]
    text = markdown_of(JournalData([RAIN], {1: estimates}))
    assert [(row[0], row[1], row[4]) for row in rows(text)] == [
        ("2", "2025-03-01", at(6).isoformat()),
        ("4", "2025-03-05", "unknown"),
        ("3", "2025-03-05", at(5, 8).isoformat()),
        ("1", "2025-03-05", at(5).isoformat()),
    ]
    parsed = parse(text, "export.md", TODAY.date())
    assert list(parsed[0].estimates) == estimates  # read back in the order they were recorded


def test_a_retraction_names_the_estimate_by_its_recorded_number(tmp_path: Path, run_cli: RunCli) -> None:
    ok(run_cli("estimate", "1", "30", "--date", "2025-06-01"))
    ok(run_cli("estimate", "1", "40", "--date", "2025-03-01"))
    ok(run_cli("retract", "1", "1", "--reason", "typo"))
    target = tmp_path / "out.md"
    ok(run_cli("export", str(target)))
    text = target.read_text(encoding="utf-8")
    shown = [(row[0], row[1], row[2].split(" ")[0]) for row in rows(text)]
    assert shown == [("2", "2025-03-01", "40%"), ("1", "2025-06-01", "~~30%~~")]
    assert "- #1 retracted at " in text and text.rstrip().count("retracted at") == 1
    before = listing(run_cli)
    assert ok(run_cli("import", str(target))).stdout.startswith("Nothing new")
    assert listing(run_cli) == before


def test_line_breaks_in_notes_show_when_the_file_is_rendered() -> None:
    data = JournalData(
        [RAIN],
        {1: [Estimate(1, 0.7, date(2025, 3, 1), at(1), "first\nsecond <br> a|b")]},
        {1: [Note(1, date(2025, 3, 2), "line one\nline two\n\nnew paragraph", at(2))]},
        {1: Resolution(1, Outcome.YES, date(2025, 6, 1), "it did\nat last")},
    )
    html = rendered(markdown_of(data))
    assert "<p>line one<br />\nline two</p>\n<p>new paragraph</p>" in html
    assert "<p>it did<br />\nat last</p>" in html
    assert "<td>first<br>second &lt;br&gt; a|b</td>" in html  # the note's own '<br>' stays text


@given(NOTE_TEXT)
def test_every_note_text_reads_back_exactly_from_its_quote_block_and_its_table_cell(text: str) -> None:
    data = JournalData(
        [RAIN], {1: [Estimate(1, 0.5, date(2025, 3, 1), at(1), text)]}, {1: [Note(1, date(2025, 3, 1), text, at(1))]}
    )
    parsed = parse(markdown_of(data), "export.md", TODAY.date())[0]
    assert parsed.notes[0].text == text
    assert parsed.estimates[0].note == text
    assert unescape_cell(escape_cell(text)) == text
    assert "\n" not in escape_cell(text)


@given(st.lists(st.text(st.sampled_from("ab"), max_size=3), min_size=1, max_size=6))
def test_a_rendered_quote_block_breaks_where_the_text_does(lines: list[str]) -> None:
    html = MarkdownIt("commonmark").render(quote_block("\n".join(lines)))
    breaks = sum(1 for line, following in pairwise(lines) if line and following)
    assert html.count("<br />") == breaks
    assert "\\" not in html


def test_the_summary_has_the_scores_rounded_and_the_calibration_table_and_the_front_matter_full_precision(
    run_cli: RunCli, tmp_path: Path
) -> None:
    for prediction, percent, outcome in ((1, "70", "yes"), (2, "20", "no"), (3, "33.3", "yes")):
        ok(run_cli("estimate", str(prediction), percent, "--date", "2025-03-01"))
        ok(run_cli("resolve", str(prediction), outcome, "--date", "2025-06-01"))
    target = tmp_path / "out.md"
    ok(run_cli("export", str(target)))
    text = target.read_text(encoding="utf-8")
    overall = frontmatter.loads(text)["overall"]
    assert overall["brier"] == pytest.approx((0.3**2 + 0.2**2 + 0.667**2) / 3)
    assert len(repr(overall["brier"])) > 6  # full precision
    summary = text.split("\n---\n", 1)[1].split("\n# Commoditization", 1)[0].split("\n# LLM", 1)[0]
    assert summary.lstrip().startswith("# Summary")
    assert f"| Brier score of final estimates | {overall['brier']:.3f} |" in summary
    assert "| Scored predictions | 3 |" in summary
    assert "| Bin | Predictions | Mean forecast | Came true | 90% interval |" in summary
    assert "| 20% | 1 | 20% | 0% |" in summary
    assert "| 30% | 1 | 33% | 100% |" in summary
    assert "| 70% | 1 | 70% | 100% |" in summary
    assert "| 0% | 0 |" not in summary  # empty bins take no row
    assert summary.index("# Summary") < text.index("## 1. ")


def test_a_journal_with_nothing_scored_says_so_in_its_summary() -> None:
    text = markdown_of(JournalData([RAIN]))
    assert "No resolved prediction is scored yet." in text
    assert parse(text, "export.md", TODAY.date())[0].prediction == RAIN


@pytest.mark.parametrize(("shown", "new"), [("70%", "75%"), ("70%", "0.7")])
def test_an_estimate_column_edited_to_disagree_with_the_probability_is_refused_naming_the_line(
    tmp_path: Path, run_cli: RunCli, journal_path: Path, shown: str, new: str
) -> None:
    text = markdown_of(JournalData([RAIN], {1: [Estimate(1, 0.7, date(2025, 3, 1), at(1))]}))
    old_row = next(line for line in text.split("\n") if line.startswith("| 1 | 2025-03-01"))
    number = text.split("\n").index(old_row) + 1
    source = tmp_path / "in.md"
    source.write_text(text.replace(f"| {shown} |", f"| {new} |", 1), encoding="utf-8")
    ok(run_cli("list"))
    before = journal_path.read_bytes()
    result = run_cli("import", str(source))
    assert result.exit_code == 1
    assert f"in.md: line {number}: the Estimate column says {new!r} but the Probability column says 0.7 (70%)" in (
        result.stderr
    )
    assert journal_path.read_bytes() == before


FIRST_LAYOUT = """---
title: Weather
format: forecast-journal-markdown/1
---

# Weather

## 1. Rain

- Set: Weather
- Source: mine
- Resolve by: 2025-12-31
- Status: overdue

> Will it rain?\\
> Today?

### Estimates

| Date | Estimate | Probability | Recorded at | Note |
|---|---|---|---|---|
| 2025-03-05 | 30% | 0.3 | 2025-03-05T09:00:00+00:00 | a\\nb <br> |
| 2025-03-01 | 40% | 0.4 | 2025-03-06T09:00:00+00:00 |  |

### Notes

No notes yet.

### Scores

- Pending
"""


def test_a_file_of_the_first_layout_still_reads_as_it_was_written() -> None:
    [item] = parse(FIRST_LAYOUT, "old.md", TODAY.date())
    assert item.prediction.text == "Will it rain?\\\nToday?"  # no hard breaks then: the backslash was text
    assert [(e.probability, e.note) for e in item.estimates] == [(0.3, "a\nb <br>"), (0.4, "")]
