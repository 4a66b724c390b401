"""Hand-edited journals: a record out of range, of the wrong type or pointing nowhere gives the
corrupt-journal message naming its table and record, in the CLI and the app, never a traceback.

And what earlier releases could write (any resolve-by date, estimates dated long ago, recording
times in any time zone) still opens and scores.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner

from cli.main import cli
from cli.settings import Settings
from domain.model import Estimate, JournalData, Outcome, Prediction, Resolution
from domain.scoring import score_journal, time_averaged_brier
from domain.validation import MAX_PREDICTION_ID, MAX_TEXT_CHARS, MAX_TITLE_CHARS
from reliability.support import TickingClock
from storage.backups import backup_dir
from storage.errors import JournalCorruptError
from storage.journal import open_journal
from tui.factory import create_app
from tui.screens.error import ErrorScreen

Raw = dict[str, Any]


def _good(path: Path) -> Raw:
    journal = open_journal(path, TickingClock())
    journal.add_estimate(1, 0.6, date(2025, 3, 1), "first")
    journal.add_estimate(2, 0.3, date(2025, 4, 1))
    journal.add_note(2, "a thought", date(2025, 4, 2))
    journal.resolve(2, Outcome.NO, date(2025, 12, 31), "settled")
    return orjson.loads(path.read_bytes())


def _set(table: str, number: str, **fields: Any) -> Callable[[Raw], None]:
    def change(raw: Raw) -> None:
        raw[table][number].update(fields)

    return change


def _rename(table: str, old: str, new: str) -> Callable[[Raw], None]:
    def change(raw: Raw) -> None:
        raw[table][new] = raw[table].pop(old)

    return change


NAIVE = "2025-03-02T10:00:00"
# Each case: how to spoil a good journal, and the "table record N: …" the message must hold.
CASES: dict[str, tuple[Callable[[Raw], None], str]] = {
    "resolution dated 9999-12-31": (_set("resolutions", "2", date="9999-12-31"), "resolutions record 2: field 'date'"),
    "estimate dated 9999-12-31": (_set("estimates", "2", date="9999-12-31"), "estimates record 2: field 'date'"),
    "note dated 9999-12-31": (_set("notes", "1", date="9999-12-31"), "notes record 1: field 'date'"),
    "recorded_at without a time zone": (_set("estimates", "1", recorded_at=NAIVE), "estimates record 1: field 'recorded_at'"),
    "note recorded without a time zone": (_set("notes", "1", recorded_at=NAIVE), "notes record 1: field 'recorded_at'"),
    "week date": (_set("estimates", "1", date="2025-W01-1"), "estimates record 1: field 'date'"),
    "probability as text": (_set("estimates", "2", probability="0.3"), "estimates record 2: field 'probability'"),
    "note as a number": (_set("estimates", "1", note=5), "estimates record 1: field 'note'"),
    "title as a list": (_set("predictions", "3", title=["x"]), "predictions record 3: field 'title'"),
    "resolution note as a number": (_set("resolutions", "2", note=1), "resolutions record 2: field 'note'"),
    "duplicate prediction id": (_set("predictions", "5", id=6), "predictions record 5: holds prediction id 6 (record 6"),
    "prediction under another number": (_rename("predictions", "10", "12"), "predictions record 12: holds prediction id 10"),
    "estimate of a missing prediction": (_set("estimates", "2", prediction_id=42), "estimates record 2: prediction 42"),
    "note of a missing prediction": (_set("notes", "1", prediction_id=42), "notes record 1: prediction 42"),
    "resolution of a missing prediction": (
        lambda raw: raw["resolutions"].update({"42": {**raw["resolutions"]["2"], "prediction_id": 42}}),
        "resolutions record 42: prediction 42",
    ),
    "resolution under another number": (_rename("resolutions", "2", "3"), "resolutions record 3: resolves prediction 2"),
}


def _spoilt(tmp_path: Path, case: str) -> tuple[Path, bytes]:
    path = tmp_path / "journal.json"
    raw = _good(path)
    CASES[case][0](raw)
    bad = orjson.dumps(raw)
    path.write_bytes(bad)
    return path, bad


@pytest.mark.parametrize("case", CASES)
def test_a_hand_edited_record_is_named_in_a_one_line_corrupt_journal_message(tmp_path: Path, case: str) -> None:
    path, bad = _spoilt(tmp_path, case)
    with pytest.raises(JournalCorruptError) as raised:
        open_journal(path, TickingClock())
    message = str(raised.value)
    assert message.startswith(f"{path}: ") and CASES[case][1] in message and "\n" not in message
    for command in (["list"], ["score"], ["list", "--json"], ["estimate", "1", "50"]):
        result = CliRunner().invoke(cli, command, obj=Settings(path, TickingClock()))
        assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.exception
        assert result.stdout == ""
        assert result.stderr.count("\n") == 1 and CASES[case][1] in result.stderr
    assert path.read_bytes() == bad
    assert all(backup.read_bytes() != bad for backup in backup_dir(path).iterdir()), "a corrupt file is never a backup"


@pytest.mark.parametrize("case", ["resolution dated 9999-12-31", "recorded_at without a time zone"])
async def test_the_app_shows_its_error_screen_for_a_hand_edited_record(tmp_path: Path, case: str) -> None:
    path, bad = _spoilt(tmp_path, case)
    app = create_app(path, TickingClock())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ErrorScreen)
        assert CASES[case][1] in app.screen.message
        await pilot.press("q")
    assert path.read_bytes() == bad


def test_what_earlier_releases_could_write_still_opens_and_scores(tmp_path: Path) -> None:
    """Estimates dated long ago, resolve-by on the last day there is, recording times in any zone."""
    path = tmp_path / "journal.json"
    raw = _good(path)
    raw["predictions"]["1"]["resolve_by"] = "9999-12-31"
    raw["estimates"]["1"].update(date="0001-01-01", recorded_at="0001-01-01T00:00:00+14:00")
    raw["estimates"]["2"]["recorded_at"] = "2025-04-01T23:59:59.999999-12:00"
    path.write_bytes(orjson.dumps(raw))
    journal = open_journal(path, TickingClock())
    data = journal.snapshot()
    assert data.prediction(1).resolve_by == date.max  # type: ignore[union-attr]
    journal.resolve(1, Outcome.YES, date(2025, 6, 1))
    assert score_journal(journal.snapshot()).scored == 2
    result = CliRunner().invoke(cli, ["score"], obj=Settings(path, TickingClock()))
    assert result.exit_code == 0, result.output


def test_scoring_near_the_last_date_there_is_does_not_overflow() -> None:
    """Regression: a resolution on 9999-12-31 made the time-averaged Brier add a day past date.max."""
    moment = datetime(2025, 1, 1, tzinfo=UTC)
    estimates = [Estimate(1, 0.8, date.max - timedelta(days=1), moment), Estimate(1, 0.6, date.max, moment)]
    assert time_averaged_brier(estimates, 1, date.max) == pytest.approx((0.2**2 + 0.4**2) / 2)
    data = JournalData(
        [Prediction(1, "T", "", "s", date.max, "S")], {1: estimates}, {}, {1: Resolution(1, Outcome.YES, date.max)}
    )
    assert score_journal(data).brier == pytest.approx(0.4**2)


# What a release before the limits could save: the journal opens with every character, and only new input is limited.
OVER_LIMIT: dict[str, Callable[[Raw], None]] = {
    "prediction id": lambda raw: raw["predictions"].update(
        {str(MAX_PREDICTION_ID + 1): {**raw["predictions"]["1"], "id": MAX_PREDICTION_ID + 1, "title": "far"}}
    ),
    "title": _set("predictions", "4", title="t" * (MAX_TITLE_CHARS + 1)),
    "note": _set("notes", "1", text="n" * (MAX_TEXT_CHARS + 1)),
    "estimate note": _set("estimates", "1", note="n" * (MAX_TEXT_CHARS + 1)),
}


@pytest.mark.parametrize("case", OVER_LIMIT)
def test_a_journal_saved_before_the_limits_opens_with_every_character(tmp_path: Path, case: str) -> None:
    path = tmp_path / "journal.json"
    raw = _good(path)
    OVER_LIMIT[case](raw)
    path.write_bytes(orjson.dumps(raw))
    journal = open_journal(path, TickingClock())
    listed = orjson.loads(CliRunner().invoke(cli, ["list", "--json"], obj=Settings(path, TickingClock())).stdout)
    stored = {p["id"]: p for p in listed["predictions"]}
    assert len(stored) == len(raw["predictions"])
    assert stored[4]["title"] == raw["predictions"]["4"]["title"]
    assert stored[2]["notes"][0]["text"] == raw["notes"]["1"]["text"]
    assert stored[1]["estimates"][0]["note"] == raw["estimates"]["1"]["note"]
    journal.add_estimate(3, 0.5)
    assert len(orjson.loads(path.read_bytes())["estimates"]) == len(raw["estimates"]) + 1
