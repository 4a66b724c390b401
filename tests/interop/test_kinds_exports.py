"""Question kinds in the markdown export and the Fatebook CSV (issue 16).

The markdown export carries a choice prediction's options and probabilities and a numeric one's unit and
intervals exactly, and reads them back; files of the earlier layouts still import. The Fatebook CSV writes
a choice prediction as Fatebook lists a multiple-choice question, one question per option, and leaves
numeric predictions out, saying how many.
"""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from domain.formats.fatebook_csv import render as render_fatebook
from domain.formats.json_listing import journal_to_listing
from domain.formats.markdown import FORMAT_TAG, FORMAT_TAG_V2, render_markdown
from domain.formats.markdown import parse as parse_markdown_export
from domain.model import Estimate, JournalData, Kind, Outcome, Prediction, Resolution
from domain.scoring import score_journal
from tests.cli_support import cli_runner, listing, ok
from tests.clock import TODAY, TickingClock
from tests.interop.test_roundtrip import ANY_TEXT, DAYS, MOMENTS, ONE_LINE, as_journal, journals

NUMBERS = st.floats(allow_nan=False, allow_infinity=False)
HOSTILE = "\x1b]0;pwned\x07[b]B[/b] | a \\| b ~~x~~"


@st.composite
def fractions(draw: st.DrawFn, count: int) -> tuple[float, ...]:
    """`count` probabilities summing to 1 (within the tolerance an estimate is allowed)."""
    weights = draw(st.lists(st.floats(0, 1), min_size=count, max_size=count).filter(lambda w: sum(w) > 0.01))
    total = sum(weights)
    return tuple(w / total for w in weights)


@st.composite
def kinds_journals(draw: st.DrawFn) -> JournalData:
    """A journal of yes/no predictions (test_roundtrip's) with choice and numeric ones after them."""
    data = draw(journals())
    predictions, estimates, resolutions = list(data.predictions), dict(data.estimates), dict(data.resolutions)
    for _ in range(draw(st.integers(1, 3))):
        prediction_id = len(predictions) + 1
        title = f"{draw(ONE_LINE)} {prediction_id}"
        base = Prediction(prediction_id, title, draw(ANY_TEXT), "", draw(DAYS), data.predictions[0].set_name)
        resolution: Resolution | None = None
        if draw(st.booleans()):
            options = tuple(draw(st.lists(st.one_of(ONE_LINE, st.just(HOSTILE)), min_size=2, max_size=5, unique=True)))
            prediction = replace(base, kind=Kind.CHOICE, options=options)
            estimates[prediction_id] = [
                Estimate(prediction_id, max(ps), draw(DAYS), draw(MOMENTS), draw(ANY_TEXT), probabilities=ps)
                for ps in draw(st.lists(fractions(len(options)), max_size=3))
            ]
            if draw(st.booleans()):
                answer = draw(st.sampled_from(options))
                resolution = Resolution(prediction_id, Outcome.ANSWERED, draw(DAYS), draw(ANY_TEXT), option=answer)
        else:
            unit = draw(st.one_of(st.just(""), ONE_LINE, st.just(HOSTILE)))
            prediction = replace(base, kind=Kind.NUMERIC, unit=unit)
            intervals = draw(st.lists(st.tuples(NUMBERS, NUMBERS, st.floats(0.5, 0.99)), max_size=3))
            estimates[prediction_id] = [
                Estimate(prediction_id, level, draw(DAYS), draw(MOMENTS), low=min(a, b), high=max(a, b), level=level)
                for a, b, level in intervals
            ]
            if draw(st.booleans()):
                resolution = Resolution(prediction_id, Outcome.ANSWERED, draw(DAYS), value=draw(NUMBERS))
        if resolution is None and draw(st.booleans()):
            resolution = Resolution(prediction_id, Outcome.AMBIGUOUS, draw(DAYS))
        if resolution is not None:
            resolutions[prediction_id] = resolution
        predictions.append(prediction)
    return JournalData(predictions, estimates, data.notes, resolutions)


@given(kinds_journals())
def test_markdown_export_reads_back_every_kind_exactly(data: JournalData) -> None:
    text = render_markdown(data, score_journal(data), TODAY)
    parsed = as_journal(parse_markdown_export(text, "export.md", TODAY.date()))
    assert journal_to_listing(parsed) == journal_to_listing(data)


def test_markdown_export_through_the_cli_round_trips_every_kind(tmp_path: Path) -> None:
    run = cli_runner(tmp_path / "a.json", TickingClock())
    ok(run("add", "Which lab first?", "--option", "OpenAI", "--option", "Anthropic", "--option", HOSTILE))
    ok(run("add", "Top MMLU score", "--numeric", "--unit", "points"))
    ok(run("estimate", "11", "50", "30", "20"))
    ok(run("estimate", "11", "20", "70", "10"))
    ok(run("estimate", "12", "88..93", "--level", "90"))
    ok(run("resolve", "11", "2"))
    ok(run("resolve", "12", "91.2"))
    ok(run("export", str(tmp_path / "out.md")))
    text = (tmp_path / "out.md").read_text(encoding="utf-8")
    assert "- Kind: choice\n- Option 1: OpenAI\n- Option 2: Anthropic\n" in text
    assert "- Kind: numeric\n- Unit: points\n" in text
    assert "| 0.2, 0.7, 0.1 |" in text and "| 88.0..93.0 at 0.9 |" in text
    assert "- Outcome: answered\n- Option: Anthropic\n" in text and "- Value: 91.2\n" in text
    assert "- Final Brier (multiple choice, 0 to 2): 0.140" in text
    assert "- Interval score: 5 points (the final interval held the value)" in text
    assert "- 90% intervals: 1 of 1 held the value" in text
    other = cli_runner(tmp_path / "b.json", TickingClock())
    ok(other("import", str(tmp_path / "out.md")))
    assert listing(other) == listing(run)


def test_a_yes_no_export_of_the_second_layout_still_imports() -> None:
    data = JournalData(
        [Prediction(1, "Rain?", "", "", TODAY.date(), "Mine")],
        {1: [Estimate(1, 0.7, TODAY.date(), TODAY, "dry")]},
        {},
        {1: Resolution(1, Outcome.NO, TODAY.date())},
    )
    text = render_markdown(data, score_journal(data), TODAY)
    assert f"format: {FORMAT_TAG}" in text
    old = text.replace(f"format: {FORMAT_TAG}", f"format: {FORMAT_TAG_V2}")
    parsed = as_journal(parse_markdown_export(old, "old.md", TODAY.date()))
    assert journal_to_listing(parsed) == journal_to_listing(data)


def test_a_choice_estimate_edited_to_disagree_with_its_words_or_to_a_bad_sum_is_refused(tmp_path: Path) -> None:
    run = cli_runner(tmp_path / "a.json", TickingClock())
    ok(run("add", "Which?", "--option", "A", "--option", "B"))
    ok(run("estimate", "11", "40", "60"))
    ok(run("export", str(tmp_path / "out.md")))
    text = (tmp_path / "out.md").read_text(encoding="utf-8")
    other = cli_runner(tmp_path / "b.json", TickingClock())
    (tmp_path / "words.md").write_text(text.replace("| A 40% · B 60%", "| A 45% · B 55%"), encoding="utf-8")
    result = other("import", str(tmp_path / "words.md"))
    assert result.exit_code == 1
    assert "the Estimate column says 'A 45% · B 55%' but the Probabilities column says 0.4, 0.6" in result.output
    (tmp_path / "sum.md").write_text(text.replace("| 0.4, 0.6 |", "| 0.4, 0.7 |"), encoding="utf-8")
    result = other("import", str(tmp_path / "sum.md"))
    assert result.exit_code == 1
    assert "probabilities sum to 110%, not 100%" in result.output
    assert listing(other) == listing(cli_runner(tmp_path / "c.json", TickingClock()))


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_fatebook_export_writes_a_choice_prediction_one_question_per_option() -> None:
    prediction = Prediction(1, "Which lab?", "", "", TODAY.date(), "Mine", kind=Kind.CHOICE, options=("A", "B", "C"))
    estimates = [
        Estimate(1, 0.5, TODAY.date(), TODAY, probabilities=(0.5, 0.3, 0.2)),
        Estimate(1, 0.6, TODAY.date(), TODAY, probabilities=(0.1, 0.6, 0.3)),
    ]
    data = JournalData([prediction], {1: estimates}, {}, {1: Resolution(1, Outcome.ANSWERED, TODAY.date(), option="B")})
    rows = _rows(render_fatebook(data, TODAY))
    assert [(r["questionTitle"], r["forecast"], r["resolution"]) for r in rows] == [
        ("Which lab?: A", "50", "NO"),
        ("Which lab?: A", "10", "NO"),
        ("Which lab?: B", "30", "YES"),
        ("Which lab?: B", "60", "YES"),
        ("Which lab?: C", "20", "NO"),
        ("Which lab?: C", "30", "NO"),
    ]


def test_fatebook_export_leaves_numeric_predictions_out_and_says_how_many(tmp_path: Path) -> None:
    run = cli_runner(tmp_path / "a.json", TickingClock())
    ok(run("add", "How many?", "--numeric"))
    ok(run("add", "How much?", "--numeric", "--unit", "GW"))
    ok(run("estimate", "11", "1..2"))
    ok(run("add", "Which?", "--option", "A", "--option", "B"))
    ok(run("resolve", "13", "ambiguous"))
    result = ok(run("export", "--format", "fatebook-csv", str(tmp_path / "out.csv")))
    assert "note: left out 2 numeric predictions: Fatebook's CSV has no numeric questions" in result.stderr
    titles = {row["questionTitle"]: row["resolution"] for row in _rows((tmp_path / "out.csv").read_text())}
    assert "How many?" not in titles and "How much?" not in titles
    assert (titles["Which?: A"], titles["Which?: B"]) == ("AMBIGUOUS", "AMBIGUOUS")
    quiet = cli_runner(tmp_path / "b.json", TickingClock())
    assert "left out" not in ok(quiet("export", "--format", "fatebook-csv", str(tmp_path / "b.csv"))).stderr
