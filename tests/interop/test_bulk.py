"""A large file imports in one locked atomic save, with the progress bar; a second import changes nothing.

How long 100,000 estimates take is measured by `python -m benchmarks` (docs/PERFORMANCE.md), not here.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import orjson
import pytest

from benchmarks.journals import minimal_json_file
from storage.atomic import AtomicJSONStorage
from tests.cli_support import RunCli, ok

QUESTIONS, FORECASTS = 100, 100


def big_fatebook_csv(path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "Question title",
                "Forecast (scale = 0-1)",
                "Forecast created at",
                "Question resolve by",
                "Resolution",
                "Resolved at",
                "Question notes",
            ]
        )
        for q in range(QUESTIONS):
            outcome = ("", "YES", "NO")[q % 3]
            for f in range(FORECASTS):
                writer.writerow(
                    [
                        f"Question {q}",
                        f"{(q * f) % 101 / 100}",
                        f"2025-{1 + f % 12:02d}-{1 + f % 28:02d} 10:{f % 60}:0",
                        "2025-12-31 00:00:0",
                        outcome,
                        "2026-01-02 00:00:0" if outcome else "",
                        f"notes of {q}",
                    ]
                )
    return path


def test_a_large_fatebook_csv_imports_in_one_save_and_a_second_import_changes_nothing(
    tmp_path: Path, run_cli: RunCli, journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = big_fatebook_csv(tmp_path / "big.csv")
    ok(run_cli("list"))
    writes: list[int] = []
    original = AtomicJSONStorage.save

    def counting_save(self: AtomicJSONStorage, data: Mapping[str, dict[str, Any]]) -> None:
        writes.append(len(data.get("estimates", {})))
        original(self, data)

    monkeypatch.setattr(AtomicJSONStorage, "save", counting_save)
    result = ok(run_cli("import", str(source)))
    assert writes == [QUESTIONS * FORECASTS]
    assert f"{QUESTIONS:,} new predictions, {QUESTIONS * FORECASTS:,} estimates" in result.stdout
    monkeypatch.setattr(AtomicJSONStorage, "save", original)
    again = journal_path.read_bytes()
    assert "Nothing new" in ok(run_cli("import", str(source))).stdout
    assert journal_path.read_bytes() == again


def test_a_large_minimal_json_imports_with_the_progress_bar(
    tmp_path: Path, run_cli: RunCli, journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = minimal_json_file(tmp_path / "big.json", QUESTIONS, FORECASTS)
    monkeypatch.setenv("TTY_COMPATIBLE", "1")  # rich draws the bar only on a terminal
    result = ok(run_cli("import", str(source)))
    assert f"{QUESTIONS:,} new predictions, {QUESTIONS * FORECASTS:,} estimates" in result.stdout
    assert f"{QUESTIONS * FORECASTS}/{QUESTIONS * FORECASTS}" in result.stderr  # the bar ran to the end
    stored = orjson.loads(journal_path.read_bytes())["estimates"]
    assert len(stored) == QUESTIONS * FORECASTS
    assert {record["recorded_at"] for record in stored.values()} == {None}
