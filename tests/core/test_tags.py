"""Tags (issue 14): the one parser, the record that stores them, `Journal.retag`, and the CLI's tag options."""

from __future__ import annotations

import json
import string
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.model import Prediction
from domain.records import RecordError, prediction_from_record, prediction_to_record
from domain.tags import MAX_TAGS, has_tags, parse_tag, parse_tag_changes, tag_from_label
from domain.validation import InputError
from storage.journal import Journal
from tests.cli_support import RunCli, listing, ok

ALPHABET = string.ascii_lowercase + string.digits + "-/"
TAGS = st.from_regex(r"[a-z0-9][a-z0-9/-]{0,39}", fullmatch=True)


def _prediction(tags: tuple[str, ...] = ()) -> Prediction:
    return Prediction(1, "Title", "", "", date(2027, 1, 1), "Own predictions", tags=tags)


@given(TAGS)
def test_an_accepted_tag_round_trips_through_the_record(tag: str) -> None:
    assert parse_tag(tag) == tag
    record = prediction_to_record(_prediction((tag,)))
    assert prediction_from_record(json.loads(json.dumps(record))).tags == (tag,)


@given(TAGS, st.characters().filter(lambda c: c not in ALPHABET + string.ascii_uppercase))
def test_anything_outside_the_alphabet_is_refused_by_the_parser_and_the_record(tag: str, bad: str) -> None:
    text = f"{tag}{bad}x"
    with pytest.raises(InputError, match=r"^not a tag: "):
        parse_tag(text)
    with pytest.raises(RecordError, match="field 'tags'"):
        prediction_from_record({**prediction_to_record(_prediction()), "tags": [text]})


@pytest.mark.parametrize("text", ["", " ", "-work", "/a", "a" * 41, "wörk", "a b", "\u212a", "a_b", "[red]x"])
def test_bad_tags_are_refused_in_one_line(text: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_tag(text)
    assert "\n" not in str(caught.value) and str(caught.value).startswith("not a tag: ")


def test_typed_tags_are_stripped_and_lower_cased() -> None:
    assert parse_tag("  Work/AI-2027 ") == "work/ai-2027"
    assert parse_tag("a" * 40) == "a" * 40


def test_tag_changes_read_plus_minus_and_bare_arguments() -> None:
    assert parse_tag_changes(["+b", "a", "-c", "+A"]) == (("a", "b"), ("c",))
    with pytest.raises(InputError, match="both added and removed"):
        parse_tag_changes(["+a", "-a"])
    with pytest.raises(InputError, match="no tags given"):
        parse_tag_changes([])


def test_labels_from_other_tools_are_normalised() -> None:
    assert tag_from_label(" US  Politics ") == "us-politics"
    with pytest.raises(InputError):
        tag_from_label("café")


def test_has_tags_needs_every_given_tag() -> None:
    prediction = _prediction(("a", "b"))
    assert has_tags(prediction, ["a", "b"]) and has_tags(prediction, [])
    assert not has_tags(prediction, ["a", "c"])


def test_records_without_tags_have_none_and_bad_shapes_are_refused() -> None:
    record = prediction_to_record(_prediction())
    assert prediction_from_record({k: v for k, v in record.items() if k != "tags"}).tags == ()
    assert prediction_from_record({**record, "tags": ["b", "a", "b"]}).tags == ("a", "b")
    for bad in ("work", [1], {"a": 1}):
        with pytest.raises(RecordError, match="field 'tags' should be a list of tags"):
            prediction_from_record({**record, "tags": bad})
    # The limit is checked where tags come in: a journal whose sync merge went over it still opens.
    many = [f"t{n:02}" for n in range(MAX_TAGS + 5)]
    assert prediction_from_record({**record, "tags": many}).tags == tuple(many)


def _own(journal: Journal) -> int:
    return journal.add_own_prediction("Will it rain?", "", "2027-01-01").id


def test_retag_adds_and_removes_and_keeps_the_file_readable(journal: Journal, journal_path: Path) -> None:
    prediction_id = _own(journal)
    assert journal.retag(prediction_id, add=["b", "A"]).tags == ("a", "b")
    assert journal.retag(prediction_id, add=["c"], remove=["a"]).tags == ("b", "c")
    stored = json.loads(journal_path.read_text())["predictions"][str(prediction_id)]
    assert stored["tags"] == ["b", "c"]
    assert journal.snapshot().prediction(prediction_id).tags == ("b", "c")  # type: ignore[union-attr]


def test_any_prediction_may_be_tagged(journal: Journal) -> None:
    seed = journal.snapshot().predictions[0]
    assert journal.retag(seed.id, add=["seeded"]).tags == ("seeded",)


def test_retag_refuses_no_change_bad_tags_and_too_many(journal: Journal) -> None:
    prediction_id = _own(journal)
    journal.retag(prediction_id, add=[f"t{n:02}" for n in range(MAX_TAGS)])
    before = journal.snapshot()
    with pytest.raises(InputError, match="nothing to change"):
        journal.retag(prediction_id, add=["t00"], remove=["absent"])
    with pytest.raises(InputError, match=f"prediction {prediction_id} would have 21 tags; the limit is 20"):
        journal.retag(prediction_id, add=["one-more"])
    with pytest.raises(InputError, match="not a tag"):
        journal.retag(prediction_id, add=["no spaces"])
    assert journal.snapshot() == before


def test_a_prediction_over_the_limit_can_still_lose_tags(journal: Journal, journal_path: Path) -> None:
    prediction_id = _own(journal)
    raw = json.loads(journal_path.read_text())
    raw["predictions"][str(prediction_id)]["tags"] = [f"t{n:02}" for n in range(MAX_TAGS + 2)]
    journal_path.write_text(json.dumps(raw))
    assert len(journal.retag(prediction_id, remove=["t00"]).tags) == MAX_TAGS + 1


def test_the_tag_command_adds_removes_and_prints_the_tags(run_cli: RunCli) -> None:
    assert (
        ok(run_cli("tag", "1", "+AI", "work", "-absent", "+x")).stdout == "Saved: prediction 1 has tags: ai, work, x.\n"
    )
    assert ok(run_cli("tag", "1", "-ai", "-work", "-x")).stdout == "Saved: prediction 1 has no tags.\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("tag", "1", "+bad tag"), "not a tag: 'bad tag'"),
        (("tag", "1", "+[red]x"), "not a tag: '[red]x'"),
        (("tag", "1", "+a", "-a"), "tag 'a' is both added and removed"),
        (("tag", "1", "-absent"), "prediction 1: nothing to change"),
        (("tag", "999", "+a"), "999"),
        (("add", "New one", "--tag", "no/"), None),
        (("add", "New one", "--tag", "-x"), "not a tag: '-x'"),
        (("list", "--tag", "Ü"), "not a tag: 'Ü'"),
        (("score", "--tag", "a b"), "not a tag: 'a b'"),
    ],
)
def test_a_bad_tag_is_refused_in_one_line_and_changes_nothing(
    run_cli: RunCli, args: tuple[str, ...], message: str | None
) -> None:
    ok(run_cli("tag", "1", "+keep"))
    before = listing(run_cli)
    result = run_cli(*args)
    if message is None:  # 'no/' is a tag: the control case
        assert result.exit_code == 0, result.output
        return
    assert result.exit_code != 0 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert listing(run_cli) == before


def test_list_and_score_show_only_predictions_with_all_the_tags(run_cli: RunCli) -> None:
    ok(run_cli("tag", "1", "+ai", "+llm"))
    ok(run_cli("tag", "2", "+ai"))
    ok(run_cli("estimate", "1", "70", "--date", "2025-06-01"))
    ok(run_cli("resolve", "1", "yes", "--date", "2025-12-01"))
    lines = ok(run_cli("list", "--tag", "ai")).stdout.splitlines()
    assert [line.split()[0] for line in lines] == ["1", "2"] and lines[0].endswith("tags: ai, llm")
    assert [
        p["id"] for p in json.loads(ok(run_cli("list", "--json", "--tag", "ai", "--tag", "LLM")).stdout)["predictions"]
    ] == [1]
    assert ok(run_cli("list", "--tag", "nothing")).stdout == "No prediction is tagged nothing.\n"
    document = json.loads(ok(run_cli("score", "--json", "--tag", "llm")).stdout)
    assert document["tags"] == ["llm"] and [s["id"] for s in document["predictions"]] == [1]
    assert json.loads(ok(run_cli("score", "--json")).stdout)["tags"] == []
    assert ok(run_cli("score", "--tag", "llm", "--tag", "ai")).stdout.startswith(
        "Only the predictions tagged ai, llm.\n"
    )
    ok(run_cli("add", "Will it snow?", "--tag", "ai"))
    result = run_cli("score", "--tag", "llm", "--set", "Own predictions")
    assert result.exit_code == 1 and "no prediction of that set is tagged llm" in result.stderr


def test_add_tags_a_new_prediction_and_show_prints_tags(run_cli: RunCli) -> None:
    result = ok(run_cli("add", "Will it snow?", "--tag", "Weather", "--tag", "uk"))
    assert result.stdout.endswith(", tagged uk, weather.\n")
    new = listing(run_cli)[-1]
    assert new["tags"] == ["uk", "weather"]
    assert "Tags: uk, weather" in ok(run_cli("show", str(new["id"]))).stdout.splitlines()
    assert "Tags: none" in ok(run_cli("show", "1")).stdout.splitlines()


def test_adding_a_title_that_exists_gives_the_existing_prediction_no_tags(run_cli: RunCli) -> None:
    ok(run_cli("add", "Will it snow?"))
    result = run_cli("add", "Will it snow?", "--tag", "weather")
    assert result.exit_code == 1 and "already has a prediction titled" in result.stderr
    assert listing(run_cli)[-1]["tags"] == []


def test_the_shipped_seeds_have_no_tags(run_cli: RunCli) -> None:
    assert all(p["tags"] == [] for p in listing(run_cli))
