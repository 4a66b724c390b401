"""Question kinds (issue 16): adding choice and numeric predictions, their estimates and answers, through
the CLI and the journal; what is refused, and the record checks that refuse a record of the wrong shape."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.kinds import (
    Question,
    answer_text,
    estimate_text,
    parse_answer,
    parse_choice_percents,
    parse_interval,
    parse_level,
    parse_options,
    parse_question,
)
from domain.model import Kind, Outcome
from domain.records import RecordError, check_tables, journal_from_tables
from domain.validation import InputError
from storage.journal import Journal
from tests.cli_support import RunCli, cli_runner, listing, ok
from tests.clock import TickingClock

HOSTILE = "\x1b]0;pwned\x07[b]x[/b]"


@pytest.fixture
def run_cli(journal_path: Path, clock: TickingClock) -> RunCli:
    return cli_runner(journal_path, clock)


def _add(run_cli: RunCli, *args: str) -> int:
    ok(run_cli("add", *args))
    return int(listing(run_cli)[-1]["id"])


def _entry(run_cli: RunCli, prediction_id: int) -> dict[str, Any]:
    return next(p for p in listing(run_cli) if p["id"] == prediction_id)


def test_choice_prediction_from_add_to_resolution(run_cli: RunCli) -> None:
    pid = _add(run_cli, "Which lab first?", "--option", "A", "--option", HOSTILE, "--option", "C")
    ok(run_cli("estimate", str(pid), "50", "30", "20"))
    ok(run_cli("estimate", str(pid), "20%", "70", "10", "--date", "2026-11-28"))
    result = ok(run_cli("resolve", str(pid), "2"))
    assert "\x1b" not in result.output and "␛]0;pwned␇[b]x[/b]" in result.output
    entry = _entry(run_cli, pid)
    assert entry["kind"] == "choice" and entry["options"] == ["A", HOSTILE, "C"] and "unit" not in entry
    assert [e["probabilities"] for e in entry["estimates"]] == [[0.5, 0.3, 0.2], [0.2, 0.7, 0.1]]
    assert all("probability" not in e for e in entry["estimates"])
    assert entry["resolution"]["option"] == HOSTILE and entry["resolution"]["outcome"] == "answered"


def test_numeric_prediction_from_add_to_resolution(run_cli: RunCli) -> None:
    pid = _add(run_cli, "Top MMLU score", "--numeric", "--unit", "points")
    ok(run_cli("estimate", str(pid), "12..18"))
    ok(run_cli("estimate", str(pid), "-3.5..20", "--level", "90"))
    assert "15.3 points" in ok(run_cli("resolve", str(pid), "15.3")).output
    entry = _entry(run_cli, pid)
    assert entry["kind"] == "numeric" and entry["unit"] == "points" and "options" not in entry
    assert [(e["low"], e["high"], e["level"]) for e in entry["estimates"]] == [(12.0, 18.0, 0.8), (-3.5, 20.0, 0.9)]
    assert entry["resolution"]["value"] == 15.3


def test_binary_records_are_unchanged(run_cli: RunCli) -> None:
    ok(run_cli("estimate", "1", "70"))
    ok(run_cli("resolve", "1", "yes"))
    entry = _entry(run_cli, 1)
    assert entry["kind"] == "binary" and "options" not in entry and "unit" not in entry
    assert set(entry["estimates"][0]) == {"n", "date", "probability", "recorded_at", "note"}
    assert set(entry["resolution"]) == {"outcome", "date", "note"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--option", "A"), "2 to 12 options, not 1"),
        (tuple(arg for n in range(13) for arg in ("--option", f"o{n}")), "not 13"),
        (("--option", "A", "--option", " A "), "given twice"),
        (("--option", "A", "--option", "\u200b"), "option 2 is empty"),
        (("--option", "A", "--option", "x\ny"), "must be one line"),
        (("--option", "A", "--option", "B", "--numeric"), "not both"),
        (("--unit", "GW"), "--unit is for a numeric prediction"),
    ],
)
def test_add_refuses_bad_questions(run_cli: RunCli, journal_path: Path, args: tuple[str, ...], message: str) -> None:
    ok(run_cli("list"))
    before = journal_path.read_bytes()
    result = run_cli("add", "Q", *args)
    assert result.exit_code == 1 and message in result.output and len(result.output.splitlines()) == 1
    assert journal_path.read_bytes() == before


@pytest.mark.parametrize(
    ("kind", "args", "message"),
    [
        ("choice", ("50", "30"), "3 options, 2 percents"),
        ("choice", ("50", "30", "30"), "sum to 100, and these sum to 110"),
        ("choice", ("50", "30", "19.8"), "sum to 99.8"),
        ("choice", ("50", "30", "x"), "percent must be a number"),
        ("choice", ("12..18",), "an interval is for a numeric prediction"),
        ("numeric", ("70",), "give its interval as LOW..HIGH"),
        ("numeric", ("18..12",), "low 18 is above its high 12"),
        ("numeric", ("1..2", "--level", "40"), "a percent from 50 to 99"),
        ("numeric", ("1..2", "--level", "99.5"), "a percent from 50 to 99"),
        ("numeric", ("1..2", "--level", "120"), "the level must be a percent from 50 to 99 such as 90, got '120'"),
        ("numeric", ("1..1e999",), "too large"),
        ("numeric", ("a..2",), "is not a number"),
        ("binary", ("50", "50"), "give one percent, not 2"),
        ("binary", ("70", "--level", "90"), "--level is for a numeric prediction"),
    ],
)
def test_estimate_refuses_what_does_not_fit(
    run_cli: RunCli, journal_path: Path, kind: str, args: tuple[str, ...], message: str
) -> None:
    question = {"choice": ("--option", "A", "--option", "B", "--option", "C"), "numeric": ("--numeric",)}
    ok(run_cli("list"))
    pid = 1 if kind == "binary" else _add(run_cli, "Q", *question[kind])
    before = journal_path.read_bytes()
    result = run_cli("estimate", str(pid), *args)
    assert result.exit_code == 1 and message in result.output and len(result.output.splitlines()) == 1
    assert journal_path.read_bytes() == before


def test_choice_sums_within_a_tenth_are_taken() -> None:
    assert parse_choice_percents(["33.3", "33.3", "33.3"], 3) == pytest.approx((0.333, 0.333, 0.333))
    with pytest.raises(InputError):
        parse_choice_percents(["33.3", "33.3", "33.2"], 3)


def test_resolve_takes_option_names_and_numbers_and_ambiguous(run_cli: RunCli) -> None:
    pid = _add(run_cli, "Q", "--option", "2", "--option", "1", "--option", "ambiguous")
    # An exact name wins over a number; 'ambiguous' always means ambiguous.
    ok(run_cli("resolve", str(pid), "1"))
    assert _entry(run_cli, pid)["resolution"]["option"] == "1"
    ok(run_cli("unresolve", str(pid)))
    ok(run_cli("resolve", str(pid), "ambiguous"))
    assert _entry(run_cli, pid)["resolution"] == {"outcome": "ambiguous", "date": "2026-11-29", "note": ""}
    ok(run_cli("unresolve", str(pid)))
    ok(run_cli("resolve", str(pid), "3"))
    assert _entry(run_cli, pid)["resolution"]["option"] == "ambiguous"
    ok(run_cli("unresolve", str(pid)))
    result = run_cli("resolve", str(pid), "4")
    assert result.exit_code == 1 and "not an option's name or number (1–3)" in result.output


def test_resolve_refuses_what_does_not_fit(run_cli: RunCli) -> None:
    numeric = _add(run_cli, "N", "--numeric")
    assert "is not a number" in run_cli("resolve", str(numeric), "yes").output
    assert "outcome must be yes, no or ambiguous" in run_cli("resolve", "1", "answered").output
    assert "outcome must be yes, no or ambiguous" in run_cli("resolve", "1", "15.3").output


def test_journal_refuses_estimates_and_answers_of_another_kind(journal: Journal) -> None:
    choice = journal.add_own_prediction("C", "", None, question=Question(Kind.CHOICE, ("a", "b")))
    numeric = journal.add_own_prediction("N", "", None, question=Question(Kind.NUMERIC, unit="GW"))
    with pytest.raises(InputError, match="a binary estimate for choice prediction"):
        journal.add_estimate(choice.id, 0.5)
    with pytest.raises(InputError, match="3 probabilities for 2 options"):
        journal.add_choice_estimate(choice.id, (0.2, 0.3, 0.5))
    with pytest.raises(InputError, match="a choice estimate for numeric prediction"):
        journal.add_choice_estimate(numeric.id, (0.5, 0.5))
    with pytest.raises(InputError, match="a numeric estimate for binary prediction"):
        journal.add_interval_estimate(1, 1, 2, 0.8)
    with pytest.raises(InputError, match="is not an option"):
        journal.resolve(choice.id, Outcome.ANSWERED, option="c")
    with pytest.raises(InputError, match="answered, or ambiguous, not yes"):
        journal.resolve(numeric.id, Outcome.YES)
    with pytest.raises(InputError, match="yes/no question"):
        journal.resolve(1, Outcome.ANSWERED, value=3.0)
    assert not journal.snapshot().estimates_for(choice.id) and journal.snapshot().resolution_for(1) is None


def _tables(journal_path: Path) -> dict[str, dict[str, Any]]:
    raw: dict[str, dict[str, Any]] = json.loads(journal_path.read_text())
    return {name: table for name, table in raw.items() if name != "_meta" and isinstance(table, dict)}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t, c, n: t["estimates"]["1"].update(prediction_id=c), "a binary estimate for choice prediction"),
        (lambda t, c, n: t["estimates"]["2"].update(probabilities=[0.5, 0.5, 0.0]), "3 probabilities for 2 options"),
        (lambda t, c, n: t["estimates"]["2"].update(probabilities=[0.5, 0.6]), "sum to 110%"),
        (lambda t, c, n: t["estimates"]["3"].update(level=0.3), "level must be between"),
        (lambda t, c, n: t["estimates"]["3"].update(low=9.0), "above its high"),
        (lambda t, c, n: t["estimates"]["3"].update(prediction_id=c), "a numeric estimate for choice prediction"),
        (lambda t, c, n: t["predictions"][str(c)].update(kind="multiple"), "unknown kind 'multiple'"),
        (lambda t, c, n: t["predictions"][str(c)].update(options=["a", "a"]), "given twice"),
        (lambda t, c, n: t["predictions"][str(n)].update(options=["a", "b"]), "a numeric prediction has no options"),
        (lambda t, c, n: t["resolutions"][str(c)].update(option="z"), "'z' is not an option"),
        (lambda t, c, n: t["resolutions"][str(c)].update(outcome="yes"), "has no option or value"),
        (lambda t, c, n: t["resolutions"][str(c)].pop("option"), "has an option or a value"),
        (lambda t, c, n: t["resolutions"][str(n)].update(value=None, option="a"), "answered by a finite number"),
    ],
)
def test_records_of_the_wrong_shape_are_refused_by_name(
    journal: Journal, journal_path: Path, change: Any, message: str
) -> None:
    """The fast check (check_tables) and the full parser both refuse, with the same message."""
    choice = journal.add_own_prediction("C", "", None, question=Question(Kind.CHOICE, ("a", "b")))
    numeric = journal.add_own_prediction("N", "", None, question=Question(Kind.NUMERIC))
    journal.add_estimate(1, 0.5)
    journal.add_choice_estimate(choice.id, (0.5, 0.5))
    journal.add_interval_estimate(numeric.id, 1, 2, 0.8)
    journal.resolve(choice.id, Outcome.ANSWERED, option="a")
    journal.resolve(numeric.id, Outcome.ANSWERED, value=1.5)
    tables = _tables(journal_path)
    check_tables(tables)  # as written: valid
    change(tables, choice.id, numeric.id)
    with pytest.raises(RecordError, match=message) as full:
        journal_from_tables(tables)
    with pytest.raises(RecordError) as fast:
        check_tables(tables)
    assert str(fast.value) == str(full.value)


def test_a_journal_without_kinds_reads_as_binary(journal: Journal, journal_path: Path) -> None:
    tables = _tables(journal_path)
    for record in tables["predictions"].values():
        record.pop("kind", None)
    assert all(p.kind is Kind.BINARY for p in journal_from_tables(tables).predictions)


def test_parsers() -> None:
    assert parse_options([" a ", "b"]) == ("a", "b")
    assert parse_interval(" -2..3.5 ") == (-2.0, 3.5)
    assert parse_level(None) == 0.8 and parse_level("90%") == 0.9
    assert parse_question() == Question()
    with pytest.raises(InputError, match=r"LOW\.\.HIGH"):
        parse_interval("12-18")
    for level in ("120", "30", "abc", "-5"):  # out of 0–100 or not a number: still said in the level's terms
        with pytest.raises(InputError, match=f"the level must be a percent from 50 to 99 such as 90, got '{level}'"):
            parse_level(level)


def test_texts_for_display(journal: Journal) -> None:
    choice = journal.add_own_prediction("C", "", None, question=Question(Kind.CHOICE, ("a", "b")))
    numeric = journal.add_own_prediction("N", "", None, question=Question(Kind.NUMERIC, unit="GW"))
    estimate = journal.add_choice_estimate(choice.id, (0.25, 0.75))
    interval = journal.add_interval_estimate(numeric.id, 12, 18.5, 0.9)
    assert estimate.probability == 0.75  # the leading option's
    assert estimate_text(estimate, choice) == "a 25% · b 75%"
    assert estimate_text(interval, numeric) == "12..18.5 GW at 90%"
    answer = journal.resolve(numeric.id, Outcome.ANSWERED, date(2026, 11, 1), value=15.0)
    assert answer_text(answer, numeric) == "15 GW"
    assert parse_answer("a", choice).option == "a" and parse_answer("2", choice).option == "b"


@given(st.lists(st.integers(0, 1000), min_size=2, max_size=12))
def test_any_percents_summing_to_100_are_taken(weights: list[int]) -> None:
    total = sum(weights) or 1
    percents = [f"{100 * w / total:.4f}" for w in weights]
    if abs(sum(float(p) for p in percents) - 100) <= 0.1:
        assert len(parse_choice_percents(percents, len(weights))) == len(weights)
