"""A multiple-choice question in a Fatebook CSV is one choice prediction (issue 16).

Fatebook's own export lists a multiple-choice question option by option ("Multiple choice option"),
and our export writes one "TITLE: OPTION" question per option with the option in "multipleChoiceOption";
both read back as one choice prediction: its options in order, the options' forecasts at one time as one
estimate, the option resolved YES as the answer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from domain.checks import ImportFileError
from domain.formats.fatebook_csv import FATEBOOK_SET
from domain.formats.fatebook_csv import parse as parse_fatebook_csv
from domain.model import Kind, Outcome
from tests.cli_support import cli_runner, listing, ok
from tests.clock import TODAY, TickingClock

HEADER = (
    "Question title,Multiple choice option,Forecast (scale = 0-1),Forecast created at,"
    "Question resolve by,Resolution,Resolved at,Question notes\n"
)


def _csv(*rows: str) -> str:
    return HEADER + "".join(f"{row},\n" for row in rows)  # an empty "Question notes"


def test_fatebooks_multiple_choice_rows_are_one_choice_prediction() -> None:
    text = _csv(
        "Who wins?,Alice,0.2,2025-01-02 10:00:0,2025-02-01,NO,2025-02-02",
        "Who wins?,Bob,0.5,2025-01-02 10:00:0,2025-02-01,YES,2025-02-02",
        "Who wins?,Carol,0.3,2025-01-02 10:00:0,2025-02-01,NO,2025-02-02",
        "Who wins?,Bob,0.7,2025-01-05 08:00:0,2025-02-01,YES,2025-02-02",  # Bob alone changed
        "Who wins?,Carol,0.1,2025-01-05 08:00:0,2025-02-01,NO,2025-02-02",
    )
    [item] = parse_fatebook_csv(text, "f.csv", TODAY.date())
    assert (item.prediction.title, item.prediction.kind, item.prediction.options) == (
        "Who wins?",
        Kind.CHOICE,
        ("Alice", "Bob", "Carol"),
    )
    assert [(e.date.isoformat(), e.probabilities, e.probability) for e in item.estimates] == [
        ("2025-01-02", (0.2, 0.5, 0.3), 0.5),
        ("2025-01-05", (0.2, 0.7, 0.1), 0.7),  # Alice keeps her earlier forecast, as Fatebook shows it
    ]
    assert item.resolution is not None
    assert (item.resolution.outcome, item.resolution.option, item.resolution.date.isoformat()) == (
        Outcome.ANSWERED,
        "Bob",
        "2025-02-02",
    )


def test_forecasts_a_little_off_100_are_scaled_and_all_ambiguous_is_ambiguous() -> None:
    text = _csv(
        "Q,A,0.33,2025-01-02,2025-02-01,AMBIGUOUS,2025-02-02",
        "Q,B,0.33,2025-01-02,2025-02-01,AMBIGUOUS,2025-02-02",
        "Q,C,0.33,2025-01-02,2025-02-01,AMBIGUOUS,2025-02-02",
    )
    [item] = parse_fatebook_csv(text, "f.csv", TODAY.date())
    assert item.estimates[0].probabilities == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    assert item.resolution is not None and item.resolution.outcome is Outcome.AMBIGUOUS


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            ["Q,A,0.5,2025-01-02,2025-02-01,,", "Q,B,0.3,2025-01-02,2025-02-01,,"],
            "f.csv: line 2: the options' forecasts at 2025-01-02 sum to 80%, not 100%",
        ),
        (
            ["Q,A,0.5,2025-01-02,2025-02-01,,", "Q,B,0.5,2025-01-02,2025-02-01,,", "Q,C,0.5,2025-01-03,2025-02-01,,"],
            "f.csv: line 2: option 'C' has no forecast at 2025-01-02 or before",
        ),
        (
            ["Q,A,0.5,2025-01-02,2025-02-01,YES,2025-02-02", "Q,B,0.5,2025-01-02,2025-02-01,YES,2025-02-02"],
            "f.csv: line 2: options 'A' and 'B' are both resolved YES",
        ),
        (
            ["Q,A,0.5,2025-01-02,2025-02-01,NO,2025-02-02", "Q,B,0.5,2025-01-02,2025-02-01,NO,2025-02-02"],
            "f.csv: line 2: no option is resolved YES (Fatebook's OTHER",
        ),
        (["Q,A,1,2025-01-02,2025-02-01,,"], "f.csv: line 2: 'Q': a choice prediction has 2 to 12 options, not 1"),
        (
            ["Q,A,0.5,2025-01-02,2025-02-01,,", "Q,,0.5,2025-01-02,2025-02-01,,"],
            "f.csv: line 3: question 'Q' has rows with and without a multiple choice option",
        ),
    ],
)
def test_a_multiple_choice_question_that_is_not_one_choice_prediction_is_refused(rows: list[str], message: str) -> None:
    with pytest.raises(ImportFileError, match="^" + message.replace("(", r"\(").replace("?", r"\?")):
        parse_fatebook_csv(_csv(*rows), "f.csv", TODAY.date())


def _carried(entry: dict[str, Any]) -> dict[str, Any]:
    """What a Fatebook CSV carries of a listing entry (not ids, set, source, uids, estimate notes, or the
    recording time of a backdated estimate, which is written as its date alone)."""
    return {
        "title": entry["title"],
        "text": entry["text"],
        "kind": entry["kind"],
        "options": entry["options"],
        "resolve_by": entry["resolve_by"],
        "tags": entry["tags"],
        "estimates": [{key: e[key] for key in ("date", "probabilities")} for e in entry["estimates"]],
        "resolution": entry["resolution"],
    }


def test_our_export_of_a_choice_prediction_imports_as_the_same_prediction(tmp_path: Path) -> None:
    run = cli_runner(tmp_path / "a.json", TickingClock())
    ok(run("add", "Which lab first?", "--option", "OpenAI", "--option", "Anthropic: EU", "--option", "=cmd"))
    ok(run("estimate", "11", "50", "30", "20", "--date", "2025-01-10"))  # backdated: written as a date alone
    ok(run("estimate", "11", "12.5", "62.5", "25", "--date", "2025-01-10"))  # the same day again
    ok(run("estimate", "11", "10", "80", "10"))
    ok(run("resolve", "11", "Anthropic: EU", "--date", "2025-12-01"))
    ok(run("add", "Still open?", "--option", "A", "--option", "B"))
    ok(run("export", "--format", "fatebook-csv", str(tmp_path / "out.csv")))
    [original, still_open] = [p for p in listing(run) if p["kind"] == "choice"]

    fresh = cli_runner(tmp_path / "b.json", TickingClock())
    ok(fresh("import", str(tmp_path / "out.csv")))
    imported = {p["title"]: p for p in listing(fresh) if p["set"] == FATEBOOK_SET}
    assert _carried(imported["Which lab first?"]) == _carried(original)
    assert _carried(imported["Still open?"]) == _carried(still_open)
    estimates = imported["Which lab first?"]["estimates"]
    assert estimates[-1]["recorded_at"] == original["estimates"][-1]["recorded_at"]
    assert [e["probabilities"] for e in estimates] == [
        [0.5, 0.3, 0.2],
        [0.125, 0.625, 0.25],
        [0.1, 0.8, 0.1],
    ]
