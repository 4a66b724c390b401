"""Correcting records without rewriting history: show, retract, edit-note, remove-note, edit, archive."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import orjson
from hypothesis import given
from hypothesis import strategies as st

from domain.formats.json_listing import journal_to_listing
from domain.formats.json_listing import parse as parse_listing
from domain.formats.markdown import parse as parse_markdown_export
from domain.formats.markdown import render_markdown
from domain.model import JournalData, NoteRevision, PredictionRevision, Retraction
from domain.scoring import score_journal
from tests.cli_support import RunCli, listing, ok
from tests.clock import TODAY
from tests.interop.test_roundtrip import DAYS, MOMENTS, NOTE_TEXT, ONE_LINE, as_journal, journals


def raw(journal_path: Path) -> dict:
    return orjson.loads(journal_path.read_bytes())


def failed(result: object, journal_path: Path, before: bytes) -> str:
    """Assert a command failed with a one-line error and wrote nothing; return the error."""
    assert result.exit_code != 0, result.output  # type: ignore[attr-defined]
    assert journal_path.read_bytes() == before
    lines = result.output.strip().splitlines()  # type: ignore[attr-defined]
    assert len(lines) == 1, result.output  # type: ignore[attr-defined]
    return lines[0]


def entry(run_cli: RunCli, prediction_id: int) -> dict:
    return next(p for p in listing(run_cli) if p["id"] == prediction_id)


def test_a_typo_is_retracted_kept_and_shown_struck_out_then_unretracted(run_cli: RunCli, journal_path: Path) -> None:
    ok(run_cli("estimate", "1", "40", "--date", "2025-06-01"))
    ok(run_cli("estimate", "1", "4", "--date", "2025-06-02"))
    ok(run_cli("retract", "1", "2", "--reason", "meant 40"))
    estimates = entry(run_cli, 1)["estimates"]
    assert [e["n"] for e in estimates] == [1, 2]
    assert "retracted" not in estimates[0]
    assert estimates[1]["retracted"]["reason"] == "meant 40" and estimates[1]["probability"] == 0.04
    stored = [e for e in raw(journal_path)["estimates"].values() if e["prediction_id"] == 1]
    assert len(stored) == 2 and stored[1]["retracted"]["reason"] == "meant 40"
    shown = ok(run_cli("show", "1")).stdout
    assert "#2  2025-06-02" in shown and "[retracted, backdated]" in shown and "meant 40" in shown
    assert "   40%" in ok(run_cli("list")).stdout.splitlines()[0]  # the retracted 4% is not the latest
    ok(run_cli("unretract", "1", "2"))
    assert "retracted" not in entry(run_cli, 1)["estimates"][1]


def test_retract_mistakes_are_one_line_and_change_nothing(run_cli: RunCli, journal_path: Path) -> None:
    ok(run_cli("estimate", "1", "40"))
    before = journal_path.read_bytes()
    assert "no estimate #2" in failed(run_cli("retract", "1", "2"), journal_path, before)
    assert "no estimate #0" in failed(run_cli("retract", "1", "0"), journal_path, before)
    assert "whole number" in failed(run_cli("retract", "1", "x"), journal_path, before)
    assert "no prediction with id 99" in failed(run_cli("retract", "99", "1"), journal_path, before)
    assert "not retracted" in failed(run_cli("unretract", "1", "1"), journal_path, before)
    ok(run_cli("retract", "1", "1"))
    before = journal_path.read_bytes()
    assert "already retracted" in failed(run_cli("retract", "1", "1"), journal_path, before)


def test_show_json_has_the_listing_fields_numbers_and_markers(run_cli: RunCli) -> None:
    ok(run_cli("estimate", "1", "40", "--date", "2025-06-01"))
    ok(run_cli("estimate", "1", "55"))  # today: after the seed's 2025-12-31 close
    ok(run_cli("note", "1", "first"))
    ok(run_cli("edit-note", "1", "1", "second"))
    document = json.loads(ok(run_cli("show", "1", "--json")).stdout)
    listed = entry(run_cli, 1)
    assert {k: v for k, v in document.items() if k in listed} == {
        **listed,
        "estimates": document["estimates"],
        "notes": document["notes"],
    }
    assert [e["markers"] for e in document["estimates"]] == [["backdated"], ["after close"]]
    assert document["notes"][0]["markers"] == ["edited"] and document["window_close"] == "2025-12-31"
    assert [{k: v for k, v in e.items() if k != "markers"} for e in document["estimates"]] == listed["estimates"]


def test_edit_note_keeps_earlier_texts_and_remove_note_hides_until_edited(run_cli: RunCli, journal_path: Path) -> None:
    ok(run_cli("note", "2", "teh first"))
    ok(run_cli("edit-note", "2", "1", "the first"))
    ok(run_cli("edit-note", "2", "1", "-", input="the first, really"))
    (note,) = entry(run_cli, 2)["notes"]
    assert note["text"] == "the first, really" and note["n"] == 1
    assert [r["text"] for r in note["revisions"]] == ["teh first", "the first"]
    assert note["revisions"][0]["recorded_at"] < note["revisions"][1]["recorded_at"]
    ok(run_cli("remove-note", "2", "1"))
    assert "removed" in entry(run_cli, 2)["notes"][0]
    assert "[edited, removed]" in ok(run_cli("show", "2")).stdout
    before = journal_path.read_bytes()
    assert "already removed" in failed(run_cli("remove-note", "2", "1"), journal_path, before)
    assert "empty" in failed(run_cli("edit-note", "2", "1", "  "), journal_path, before)
    assert "no note #2" in failed(run_cli("edit-note", "2", "2", "x"), journal_path, before)
    ok(run_cli("edit-note", "2", "1", "the first, really"))  # brings it back, same text
    note = entry(run_cli, 2)["notes"][0]
    assert "removed" not in note and len(note["revisions"]) == 2


def test_edit_changes_own_predictions_only_and_keeps_history(run_cli: RunCli, journal_path: Path) -> None:
    ok(run_cli("add", "Mine", "--text", "old text", "--resolve-by", "2027-01-01"))
    own = listing(run_cli)[-1]
    pid = str(own["id"])
    before = journal_path.read_bytes()
    assert "only 'Own predictions'" in failed(run_cli("edit", "1", "--title", "x"), journal_path, before)
    assert "--title" in failed(run_cli("edit", pid), journal_path, before)
    assert "resolve-by" in failed(run_cli("edit", pid, "--resolve-by", "2027-02-30"), journal_path, before)
    assert "empty" in failed(run_cli("edit", pid, "--title", " "), journal_path, before)
    ok(run_cli("edit", pid, "--title", "Mine, clearer", "--resolve-by", "2027-03-01"))
    edited = entry(run_cli, own["id"])
    assert (edited["title"], edited["text"], edited["resolve_by"]) == ("Mine, clearer", "old text", "2027-03-01")
    assert [(h["title"], h["resolve_by"]) for h in edited["history"]] == [("Mine", "2027-01-01")]
    ok(run_cli("resolve", pid, "yes", "--date", "2026-11-01"))
    before = journal_path.read_bytes()
    assert "cannot move" in failed(run_cli("edit", pid, "--resolve-by", "2027-06-01"), journal_path, before)
    ok(run_cli("edit", pid, "--text", "new text"))
    assert len(entry(run_cli, own["id"])["history"]) == 2


def test_archive_and_unarchive(run_cli: RunCli, journal_path: Path) -> None:
    assert entry(run_cli, 3)["archived"] is False
    ok(run_cli("archive", "3"))
    assert entry(run_cli, 3)["archived"] is True and raw(journal_path)["predictions"]["3"]["archived"] is True
    before = journal_path.read_bytes()
    assert "already archived" in failed(run_cli("archive", "3"), journal_path, before)
    ok(run_cli("unarchive", "3"))
    assert entry(run_cli, 3)["archived"] is False


@st.composite
def corrected_journals(draw: st.DrawFn) -> JournalData:
    """Any journal, with retractions, edited and removed notes, edited and archived predictions."""
    data = draw(journals())
    predictions = [
        replace(
            p,
            archived=draw(st.booleans()),
            history=tuple(
                PredictionRevision(draw(ONE_LINE), draw(st.one_of(st.just(""), NOTE_TEXT)), draw(DAYS), draw(MOMENTS))
                for _ in range(draw(st.integers(0, 2)))
            ),
        )
        for p in data.predictions
    ]
    retraction = st.one_of(st.none(), st.builds(Retraction, MOMENTS, st.one_of(st.just(""), NOTE_TEXT)))
    estimates = {k: [replace(e, retracted=draw(retraction)) for e in v] for k, v in data.estimates.items()}
    revisions = st.lists(st.builds(NoteRevision, NOTE_TEXT, MOMENTS), max_size=2).map(tuple)
    notes = {
        k: [replace(n, revisions=draw(revisions), removed=draw(st.one_of(st.none(), MOMENTS))) for n in v]
        for k, v in data.notes.items()
    }
    return JournalData(predictions, estimates, notes, data.resolutions)


@given(corrected_journals())
def test_markdown_and_json_carry_every_correction(data: JournalData) -> None:
    markdown = render_markdown(data, score_journal(data), TODAY)
    assert journal_to_listing(as_journal(parse_markdown_export(markdown, "x.md", TODAY.date()))) == journal_to_listing(
        data
    )
    listed = json.dumps(journal_to_listing(data))
    assert journal_to_listing(as_journal(parse_listing(listed, "x.json", TODAY.date()))) == journal_to_listing(data)


def test_fatebook_export_leaves_retracted_estimates_out(run_cli: RunCli, journal_path: Path) -> None:
    ok(run_cli("estimate", "1", "40", "--date", "2025-06-01"))
    ok(run_cli("estimate", "1", "97", "--date", "2025-06-02"))
    ok(run_cli("retract", "1", "2"))
    csv = ok(run_cli("export", "-", "--format", "fatebook-csv")).stdout
    assert ",40," in csv and ",97," not in csv
