"""Question kinds through the JSON listing (issue 16): `export --format json` and `import` carry choice and
numeric predictions, their estimates and answers, exactly; an estimate of the wrong shape is refused by name."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli_support import cli_runner, listing, ok
from tests.clock import TickingClock

HOSTILE = "\x1b]0;pwned\x07[b]B[/b]"


def test_json_listing_round_trips_every_kind(tmp_path: Path) -> None:
    run = cli_runner(tmp_path / "a.json", TickingClock())
    ok(run("add", "Which?", "--option", "A", "--option", HOSTILE))
    ok(run("add", "How many?", "--numeric", "--unit", HOSTILE))
    ok(run("estimate", "11", "40", "60"))
    ok(run("estimate", "12", "-1.5..2e3", "--level", "95"))
    ok(run("estimate", "1", "70"))
    ok(run("resolve", "11", HOSTILE))
    ok(run("resolve", "12", "7"))
    ok(run("export", "--format", "json", str(tmp_path / "out.json")))
    other = cli_runner(tmp_path / "b.json", TickingClock())
    ok(other("import", str(tmp_path / "out.json")))
    assert listing(other) == listing(run)


def test_import_refuses_an_estimate_of_the_wrong_shape(tmp_path: Path) -> None:
    run = cli_runner(tmp_path / "a.json", TickingClock())
    ok(run("add", "Which?", "--option", "A", "--option", "B"))
    document = {"predictions": [p for p in listing(run) if p["id"] == 11]}
    document["predictions"][0]["estimates"] = [{"date": "2026-01-01", "probability": 0.5, "note": ""}]
    (tmp_path / "bad.json").write_text(json.dumps(document))
    result = run("import", str(tmp_path / "bad.json"))
    assert result.exit_code == 1
    assert "predictions[0].estimates[0]: a binary estimate for choice prediction" in result.output
