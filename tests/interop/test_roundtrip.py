"""Lossless round-trips: markdown export → import → same `list --json`; the same for the JSON listing."""

from __future__ import annotations

import json
import tempfile
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.formats.json_listing import journal_to_listing
from domain.formats.json_listing import parse as parse_listing
from domain.formats.markdown import parse as parse_markdown_export
from domain.formats.markdown import render_markdown
from domain.model import BINARY_OUTCOMES, Estimate, JournalData, Note, Outcome, Prediction, Resolution
from domain.safe_text import is_blank
from domain.scoring import score_journal
from storage.journal import open_journal
from tests.cli_support import cli_runner, ok
from tests.clock import TODAY, TickingClock

NASTY_LINES = [
    "# A heading",
    "## 3. Looks like a prediction",
    "### Notes",
    "#### 2025-01-01 (recorded 2025-01-01T00:00:00+00:00)",
    "a | b | c",
    "| Date | Estimate | Probability | Recorded at | Note |",
    "```python",
    "```",
    "---",
    "",
    "   leading and trailing   ",
    "emoji 🎉🔮 ünïcödé 中文 עברית",
    "> already quoted",
    ">",
    "back\\slash \\| \\n",
    "carriage\rreturn",
    "line\u2028separator\x85next",
    "- Set: Not a set",
    "No notes yet.",
]
CHARACTERS = st.characters(exclude_categories=("Cs",))
NOTE_TEXT = (
    st.lists(st.one_of(st.sampled_from(NASTY_LINES), st.text(CHARACTERS, max_size=20)), min_size=1, max_size=6)
    .map("\n".join)
    .filter(lambda text: not is_blank(text))
)
ANY_TEXT = st.one_of(st.just(""), NOTE_TEXT)
ONE_LINE = (
    st.text(CHARACTERS, min_size=1, max_size=30)
    .map(lambda text: text.replace("\n", " ").replace("\r", " ").strip())
    .filter(lambda text: not is_blank(text))
)
ZONES = st.sampled_from([UTC, timezone(timedelta(hours=-5)), timezone(timedelta(hours=5, minutes=30))])
MOMENTS = st.datetimes(datetime(2020, 1, 1), datetime(2026, 11, 28), timezones=ZONES)
DAYS = st.dates(date(2020, 1, 1), TODAY.date())


@st.composite
def journals(draw: st.DrawFn) -> JournalData:
    """Any journal the app could hold, with nasty free text everywhere it is allowed."""
    sets = draw(st.lists(ONE_LINE, min_size=1, max_size=3, unique=True))
    count = draw(st.integers(1, 5))
    titles = draw(st.lists(ONE_LINE, min_size=count, max_size=count, unique=True))
    predictions = [
        Prediction(
            i + 1,
            title,
            draw(ANY_TEXT),
            draw(st.one_of(st.just(""), ONE_LINE)),
            draw(DAYS),
            draw(st.sampled_from(sets)),
        )
        for i, title in enumerate(titles)
    ]
    estimates, notes, resolutions = {}, {}, {}
    for p in predictions:
        estimates[p.id] = [
            Estimate(p.id, draw(st.floats(0, 1)), draw(DAYS), draw(MOMENTS), draw(ANY_TEXT))
            for _ in range(draw(st.integers(0, 3)))
        ]
        notes[p.id] = [Note(p.id, draw(DAYS), draw(NOTE_TEXT), draw(MOMENTS)) for _ in range(draw(st.integers(0, 3)))]
        if draw(st.booleans()):
            resolutions[p.id] = Resolution(p.id, draw(st.sampled_from(BINARY_OUTCOMES)), draw(DAYS), draw(ANY_TEXT))
    return JournalData(predictions, estimates, notes, resolutions)


def as_journal(batch: list) -> JournalData:
    items = sorted(batch, key=lambda item: item.prediction.id)
    return JournalData(
        [item.prediction for item in items],
        {item.prediction.id: list(item.estimates) for item in items},
        {item.prediction.id: list(item.notes) for item in items},
        {item.prediction.id: item.resolution for item in items if item.resolution is not None},
    )


@given(journals())
def test_markdown_parser_reads_back_every_fact_the_export_writes(data: JournalData) -> None:
    text = render_markdown(data, score_journal(data), TODAY)
    parsed = as_journal(parse_markdown_export(text, "export.md", TODAY.date()))
    assert journal_to_listing(parsed) == journal_to_listing(data)


@given(journals())
def test_json_parser_reads_back_the_listing(data: JournalData) -> None:
    text = json.dumps(journal_to_listing(data))
    parsed = as_journal(parse_listing(text, "list.json", TODAY.date()))
    assert journal_to_listing(parsed) == journal_to_listing(data)


def build_journal(path: Path, own: list[tuple[str, str]], notes: list[str], estimate_notes: list[str]) -> None:
    """A journal with the seed set, predictions of the user's own, and the generated notes spread over them."""
    from domain.own_prediction import own_prediction

    journal = open_journal(path, TickingClock())
    for title, text in own:
        journal.merge([own_prediction(title, text, "2027-06-30", journal.today())])
    ids = [p.id for p in journal.snapshot().predictions]
    for index, text in enumerate(notes):
        journal.add_note(ids[index * 7 % len(ids)], text, date(2025, 1, 1) + timedelta(days=index))
    for index, text in enumerate(estimate_notes):
        journal.add_estimate(ids[index * 3 % len(ids)], (index % 11) / 10, date(2025, 6, 1), text)
    journal.resolve(ids[-1], Outcome.NO, date(2026, 1, 1), notes[0])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    own=st.lists(st.tuples(ONE_LINE, ANY_TEXT), max_size=3, unique_by=lambda pair: pair[0]),
    notes=st.lists(NOTE_TEXT, min_size=1, max_size=6),
    estimate_notes=st.lists(ANY_TEXT, max_size=4),
)
def test_export_then_import_into_an_empty_journal_gives_the_same_listing(
    own: list[tuple[str, str]], notes: list[str], estimate_notes: list[str]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        original, copy, exported = Path(folder) / "a.json", Path(folder) / "b.json", Path(folder) / "export.md"
        build_journal(original, own, notes, estimate_notes)
        run_original, run_copy = cli_runner(original), cli_runner(copy)
        ok(run_original("export", str(exported)))
        ok(run_copy("import", str(exported)))
        assert ok(run_copy("list", "--json")).stdout == ok(run_original("list", "--json")).stdout
        again = Path(folder) / "again.md"
        ok(run_copy("export", str(again)))
        assert ok(run_copy("import", str(again))).stdout.startswith("Nothing new")


def test_json_export_prints_exactly_what_list_json_prints(tmp_path: Path) -> None:
    run = cli_runner(tmp_path / "journal.json")
    ok(run("note", "2", "emoji 🎉\n| pipe |"))
    ok(run("estimate", "2", "40"))
    listed = ok(run("list", "--json")).stdout
    assert ok(run("export", "--format", "json", "-")).stdout == listed
    target = tmp_path / "out.json"
    ok(run("export", "--format", "json", str(target)))
    assert target.read_text(encoding="utf-8") == listed
    fresh = cli_runner(tmp_path / "fresh.json")
    ok(fresh("import", str(target)))
    assert ok(fresh("list", "--json")).stdout == listed
