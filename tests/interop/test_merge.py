"""The merge rule: matching by set and title, ids, skipping identical records, conflicts, --dry-run."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from domain.merge import NO_ID, ImportedPrediction, plan_merge
from domain.model import Estimate, JournalData, Note, Outcome, Prediction, Resolution
from tests.cli_support import RunCli, cli_runner, listing, ok
from tests.interop.conftest import FIXTURES

MOMENT = datetime(2025, 1, 1, 12, tzinfo=UTC)


def write_listing(path: Path, predictions: list[dict]) -> Path:
    path.write_text(json.dumps({"predictions": predictions}), encoding="utf-8")
    return path


def test_dry_run_prints_the_changes_and_writes_nothing(run_cli: RunCli, journal_path: Path) -> None:
    ok(run_cli("list"))
    before = journal_path.read_bytes()
    result = ok(run_cli("import", "--dry-run", str(FIXTURES / "fatebook-export.csv")))
    assert journal_path.read_bytes() == before
    assert "nothing was written" in result.stdout
    assert (
        "11. Will it rain in London on 1 March 2025? (new): 2 estimates, 0 notes, resolved yes on 2025-03-02"
        in result.stdout
    )
    assert "4 new predictions, 6 estimates, 0 notes, 3 resolutions" in result.stdout


def test_importing_twice_changes_nothing(run_cli: RunCli, journal_path: Path) -> None:
    ok(run_cli("import", str(FIXTURES / "fatebook-export.csv")))
    after_first = journal_path.read_bytes()
    result = ok(run_cli("import", str(FIXTURES / "fatebook-export.csv")))
    assert journal_path.read_bytes() == after_first
    assert "0 new predictions, 0 estimates, 0 notes, 0 resolutions, 0 corrections (retractions, note edits and removals); 9 identical records" in result.stdout


def test_a_different_resolution_is_reported_and_not_overwritten(tmp_path: Path, run_cli: RunCli) -> None:
    ok(run_cli("resolve", "3", "yes", "--date", "2025-12-01"))
    entry = listing(run_cli)[2]
    entry["resolution"] = {"outcome": "no", "date": "2025-12-02", "note": ""}
    entry["estimates"] = [
        {"date": "2025-11-01", "probability": 0.8, "recorded_at": "2025-11-01T10:00:00+00:00", "note": ""}
    ]
    result = ok(run_cli("import", str(write_listing(tmp_path / "in.json", [entry]))))
    assert "resolved no on 2025-12-02, the journal yes on 2025-12-01; kept the journal's" in result.stderr
    after = listing(run_cli)[2]
    assert after["resolution"]["outcome"] == "yes"
    assert [e["probability"] for e in after["estimates"]] == [0.8]  # the rest of the file still merges


def test_a_matched_prediction_keeps_its_text_and_the_difference_is_reported(tmp_path: Path, run_cli: RunCli) -> None:
    entry = listing(run_cli)[0]
    original_text = entry["text"]
    entry["text"] = "Edited elsewhere"
    result = ok(run_cli("import", str(write_listing(tmp_path / "in.json", [entry]))))
    assert "prediction 1" in result.stderr and "text differ" in result.stderr
    assert listing(run_cli)[0]["text"] == original_text


def test_new_predictions_keep_a_free_id_and_get_a_fresh_one_otherwise(tmp_path: Path, run_cli: RunCli) -> None:
    def entry(prediction_id: int, title: str) -> dict:
        return {
            "id": prediction_id,
            "title": title,
            "text": "",
            "source": "elsewhere",
            "resolve_by": "2027-01-01",
            "set": "Other",
            "estimates": [],
            "notes": [],
            "resolution": None,
        }

    ok(
        run_cli(
            "import",
            str(
                write_listing(
                    tmp_path / "in.json", [entry(3, "Takes id 3?"), entry(40, "Keeps 40"), entry(12, "Keeps 12")]
                )
            ),
        )
    )
    ids = {p["title"]: p["id"] for p in listing(run_cli)}
    assert (ids["Keeps 40"], ids["Keeps 12"], ids["Takes id 3?"]) == (40, 12, 41)
    assert ok(run_cli("add", "Next one")).stdout.startswith("Saved: prediction 42,")


def test_same_set_and_title_in_one_file_become_one_prediction(tmp_path: Path, run_cli: RunCli) -> None:
    estimate = {"date": "2025-11-01", "probability": 0.5, "recorded_at": "2025-11-01T10:00:00+00:00", "note": ""}
    twins = [
        {
            "id": 50,
            "title": "Twin",
            "text": "",
            "source": "",
            "resolve_by": "2027-01-01",
            "set": "S",
            "estimates": [estimate],
            "notes": [],
            "resolution": None,
        },
        {
            "id": 51,
            "title": "Twin",
            "text": "",
            "source": "",
            "resolve_by": "2027-01-01",
            "set": "S",
            "estimates": [estimate],
            "notes": [],
            "resolution": None,
        },
    ]
    ok(run_cli("import", str(write_listing(tmp_path / "in.json", twins))))
    twin = [p for p in listing(run_cli) if p["title"] == "Twin"]
    assert [(p["id"], len(p["estimates"])) for p in twin] == [(50, 2)]


def seeded() -> JournalData:
    prediction = Prediction(1, "Known", "text", "src", date(2025, 12, 31), "Set")
    return JournalData(
        [prediction],
        {1: [Estimate(1, 0.5, date(2025, 2, 1), MOMENT, "why")]},
        {1: [Note(1, date(2025, 2, 2), "hello", MOMENT)]},
        {1: Resolution(1, Outcome.YES, date(2025, 12, 1))},
    )


RECORDS = st.tuples(
    st.lists(st.tuples(st.sampled_from([0.5, 0.25, 1.0]), st.sampled_from(["why", ""])), max_size=5),
    st.lists(st.sampled_from(["hello", "other"]), max_size=5),
)


@given(records=st.lists(st.tuples(st.sampled_from(["Known", "New"]), RECORDS), max_size=4))
def test_merging_the_result_again_adds_nothing(records: list) -> None:
    batch = [
        ImportedPrediction(
            Prediction(NO_ID, title, "text", "src", date(2025, 12, 31), "Set"),
            tuple(Estimate(NO_ID, p, date(2025, 2, 1), MOMENT, note) for p, note in estimates),
            tuple(Note(NO_ID, date(2025, 2, 2), text, MOMENT) for text in notes),
        )
        for title, (estimates, notes) in records
    ]
    data = seeded()
    first = plan_merge(data, batch)
    merged = JournalData(
        [*data.predictions, *first.predictions],
        {pid: [*data.estimates_for(pid), *(e for e in first.estimates if e.prediction_id == pid)] for pid in (1, 2)},
        {pid: [*data.notes_for(pid), *(n for n in first.notes if n.prediction_id == pid)] for pid in (1, 2)},
        dict(data.resolutions),
    )
    second = plan_merge(merged, batch)
    assert not second.changed
    assert second.skipped == sum(item.record_count for item in batch)
    assert not first.conflicts


def test_big_import_reports_progress_through_the_callback(tmp_path: Path) -> None:
    from storage.journal import open_journal

    journal = open_journal(tmp_path / "journal.json")
    batch = [
        ImportedPrediction(
            Prediction(NO_ID, f"Q{i}", "", "", date(2027, 1, 1), "S"),
            tuple(Estimate(NO_ID, 0.5, date(2025, 1, 1), MOMENT) for _ in range(3)),
        )
        for i in range(4)
    ]
    seen: list[int] = []
    journal.merge(batch, progress=seen.append)
    assert sum(seen) == 12
    assert cli_runner(tmp_path / "journal.json")("list", "--json").exit_code == 0
