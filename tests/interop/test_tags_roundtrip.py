"""Tags survive every round trip (markdown, JSON, Fatebook CSV), join on import and sync, and are never removed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from domain.formats.fatebook_csv import FATEBOOK_SET
from domain.journal_merge import merge_journals
from domain.model import OWN_SET
from domain.records import journal_from_tables
from domain.tags import MAX_TAGS
from tests.cli_support import RunCli, cli_runner, listing, ok
from tests.clock import TickingClock


def _tags(run_cli: RunCli) -> dict[str, list[str]]:
    return {p["title"]: p["tags"] for p in listing(run_cli) if p["tags"]}


def _tagged_journal(run_cli: RunCli) -> dict[str, list[str]]:
    ok(run_cli("add", "Will it rain?", "--tag", "Weather", "--tag", "uk/london"))
    ok(run_cli("tag", "1", "+ai", "+ai/llm-2025"))
    ok(run_cli("tag", "2", "ai"))
    return _tags(run_cli)


@pytest.mark.parametrize(("fmt", "name"), [("markdown", "out.md"), ("json", "out.json")])
def test_markdown_and_json_exports_carry_tags_back(tmp_path: Path, run_cli: RunCli, fmt: str, name: str) -> None:
    tags = _tagged_journal(run_cli)
    assert tags == {
        "Will it rain?": ["uk/london", "weather"],
        "Commoditization of Base-Level LLMs": ["ai", "ai/llm-2025"],
        "Rise of Specialized LLMs": ["ai"],
    }
    exported = tmp_path / name
    ok(run_cli("export", str(exported), "--format", fmt))
    fresh = cli_runner(tmp_path / "fresh.json", TickingClock())
    ok(fresh("import", str(exported)))
    assert _tags(fresh) == tags


def test_fatebook_csv_export_writes_tags_that_import_reads(tmp_path: Path, run_cli: RunCli) -> None:
    tags = _tagged_journal(run_cli)
    exported = tmp_path / "out.csv"
    ok(run_cli("export", str(exported), "--format", "fatebook-csv"))
    fresh = cli_runner(tmp_path / "fresh.json", TickingClock())
    ok(fresh("import", str(exported)))
    assert {p["title"]: p["tags"] for p in listing(fresh) if p["set"] == FATEBOOK_SET and p["tags"]} == tags


def test_fatebook_labels_are_normalised_and_a_label_that_cannot_be_is_refused(tmp_path: Path, run_cli: RunCli) -> None:
    header = "Question title,Forecast,Forecast created at,Question resolve by,Question tags\n"
    good = tmp_path / "good.csv"
    good.write_text(header + 'Q,0.5,2025-01-01 10:00:00,2025-12-31 00:00:0,"US Politics, AI; ai"\n', encoding="utf-8")
    ok(run_cli("import", str(good)))
    assert _tags(run_cli) == {"Q": ["ai", "us-politics"]}
    bad = tmp_path / "bad.csv"
    bad.write_text(header + "R,0.5,2025-01-01 10:00:00,2025-12-31 00:00:0,café\n", encoding="utf-8")
    before = listing(run_cli)
    result = run_cli("import", str(bad))
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "forecast-journal: error: bad.csv: line 2: not a tag: 'café' "
        "(a tag is 1–40 lower-case letters, digits, '-' and '/', starting with a letter or digit)"
    )
    assert listing(run_cli) == before


def test_an_import_adds_tags_and_never_removes_them(tmp_path: Path, run_cli: RunCli) -> None:
    ok(run_cli("tag", "1", "+mine"))
    exported = tmp_path / "out.json"
    ok(run_cli("export", str(exported), "--format", "json"))
    document = json.loads(exported.read_text())
    document["predictions"][0]["tags"] = ["theirs"]
    document["predictions"][1]["tags"] = ["new"]
    exported.write_text(json.dumps(document))
    first, second = (entry["title"] for entry in document["predictions"][:2])
    result = ok(run_cli("import", str(exported)))
    assert (
        "  1. Commoditization of Base-Level LLMs (existing): 0 estimates, 0 notes, tags added: theirs" in result.stdout
    )
    assert result.stdout.rstrip().endswith("; 2 predictions gained tags")
    assert _tags(run_cli) == {first: ["mine", "theirs"], second: ["new"]}
    assert "Nothing new" in ok(run_cli("import", str(exported))).stdout


def test_an_import_that_would_pass_the_limit_keeps_the_journals_tags(tmp_path: Path, run_cli: RunCli) -> None:
    mine = [f"m{n:02}" for n in range(MAX_TAGS)]
    ok(run_cli("tag", "1", *mine))
    exported = tmp_path / "out.json"
    ok(run_cli("export", str(exported), "--format", "json"))
    document = json.loads(exported.read_text())
    document["predictions"][0]["tags"] = ["theirs"]
    exported.write_text(json.dumps(document))
    result = ok(run_cli("import", str(exported)))
    assert "would give it 21, over the limit of 20; kept the tags of the journal" in result.stderr
    assert listing(run_cli)[0]["tags"] == mine


def test_a_file_with_too_many_tags_on_one_prediction_is_refused(tmp_path: Path, run_cli: RunCli) -> None:
    source = tmp_path / "in.json"
    tags = [f"t{n:02}" for n in range(MAX_TAGS + 1)]
    source.write_text(
        json.dumps({"predictions": [{"title": "T", "set": OWN_SET, "resolve_by": "2027-01-01", "tags": tags}]})
    )
    result = run_cli("import", str(source))
    assert result.exit_code == 1
    assert "in.json: predictions[0]: the prediction would have 21 tags; the limit is 20" in result.stderr


def test_a_sync_merge_joins_tags_changed_on_both_machines(tmp_path: Path, run_cli: RunCli, journal_path: Path) -> None:
    ok(run_cli("tag", "1", "+base", "+gone"))
    base = json.loads(journal_path.read_text())
    ok(run_cli("tag", "1", "+laptop", "-gone"))
    laptop = json.loads(journal_path.read_text())
    desktop = json.loads(json.dumps(base))
    desktop["predictions"]["1"]["tags"] = ["base", "desktop", "gone"]
    desktop["predictions"]["2"]["tags"] = ["only-desktop"]
    merged = journal_from_tables(merge_journals(laptop, desktop, base).tables)
    assert merged.predictions[0].tags == ("base", "desktop", "gone", "laptop")
    assert merged.predictions[1].tags == ("only-desktop",)
    # Changed on one side only: that side's change, a removal included.
    assert journal_from_tables(merge_journals(laptop, base, base).tables).predictions[0].tags == ("base", "laptop")
