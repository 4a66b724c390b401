"""A file of 100k estimates imports in one locked atomic save, well under a minute."""

from __future__ import annotations

import csv
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from storage.atomic import AtomicJSONStorage
from tests.cli_support import RunCli, ok

QUESTIONS, FORECASTS = 1_000, 100


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


def test_100k_estimates_import_in_one_save_within_the_time_limit(
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
    started = time.perf_counter()
    result = ok(run_cli("import", str(source)))
    elapsed = time.perf_counter() - started
    assert writes == [QUESTIONS * FORECASTS]
    assert f"{QUESTIONS:,} new predictions, {QUESTIONS * FORECASTS:,} estimates" in result.stdout
    assert elapsed < 30, f"importing 100k estimates took {elapsed:.1f}s"
    monkeypatch.setattr(AtomicJSONStorage, "save", original)
    again = journal_path.read_bytes()
    assert "Nothing new" in ok(run_cli("import", str(source))).stdout
    assert journal_path.read_bytes() == again
