"""Hostile titles, set names and file names in every CLI output: shown literally, with control characters
made visible, never read as markup and never a traceback."""

from __future__ import annotations

import re
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner, Result

from cli.main import cli
from cli.settings import Settings
from domain.safe_text import visible_line
from tests.cli_support import RunCli
from tests.clock import TickingClock
from tests.hostile import HOSTILE, UNSAFE, hostile_items, write_hostile_journal

SGR = re.compile(r"\x1b\[[0-9;]*m")  # colours and bold, which rich writes to a terminal
HOSTILE_NAME = "\x1b]0;x\x07[b]evil\u202e.json"  # a file name: anything but '/' and NUL


def safe(result: Result) -> str:
    """The output (stdout and stderr) of a command that ran to its end, checked: no traceback, no control
    character."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert not UNSAFE.search(result.output), repr(result.output)
    return result.output


def run_wide(journal_path: Path, clock: TickingClock, *args: str, terminal: bool = False) -> Result:
    """Run a command with a console wide enough for a 300-character title; `terminal` makes rich write
    as to a colour terminal."""
    env = {"COLUMNS": "1000"} | ({"FORCE_COLOR": "1", "TERM": "xterm-256color"} if terminal else {})
    return CliRunner(env=env).invoke(cli, list(args), obj=Settings(journal_path, clock))


@pytest.fixture
def hostile_journal(journal_path: Path) -> Path:
    """The seeds plus a prediction, set and notes for each hostile string."""
    write_hostile_journal(journal_path, hostile_items())
    return journal_path


def test_list_shows_titles_literally(hostile_journal: Path, run_cli: RunCli) -> None:
    output = safe(run_cli("list"))
    for title in HOSTILE:
        assert visible_line(title) in output


def test_score_shows_titles_literally_and_makes_no_link(hostile_journal: Path, clock: TickingClock) -> None:
    output = safe(run_wide(hostile_journal, clock, "score"))
    for title in HOSTILE:
        assert visible_line(title) in output
    on_terminal = run_wide(hostile_journal, clock, "score", terminal=True)
    assert on_terminal.exit_code == 0, on_terminal.output
    assert "\x1b[" in on_terminal.output  # it did write as to a terminal
    plain = SGR.sub("", on_terminal.output)
    assert not UNSAFE.search(plain), repr(plain)  # no hyperlink (OSC 8), no other escape
    assert "[link=http://x/]linked[/link]" in plain


def test_score_of_an_unknown_hostile_set_is_one_safe_line(hostile_journal: Path, run_cli: RunCli) -> None:
    result = run_cli("score", "--set", "\x1b]0;x\x07[/]nope")
    assert result.exit_code == 1
    assert safe(result).count("\n") == 1 and "[/]nope" in result.stderr


def test_import_summary_and_conflicts_show_titles_and_file_name_literally(
    hostile_journal: Path, tmp_path: Path, clock: TickingClock, run_cli: RunCli
) -> None:
    listing = tmp_path / HOSTILE_NAME
    listing.write_text(run_cli("list", "--json").output, encoding="utf-8")  # JSON, for programs
    fresh = tmp_path / "fresh.json"

    def into_fresh(*args: str) -> Result:
        return CliRunner().invoke(cli, list(args), obj=Settings(fresh, clock))

    for args in (("import", "--dry-run", str(listing)), ("import", str(listing))):
        output = safe(into_fresh(*args))
        assert visible_line(HOSTILE_NAME) in output
        for title in HOSTILE:
            assert visible_line(title) in output
    # The same predictions resolved differently: each difference is a conflict that quotes the title.
    listing.write_text(listing.read_text(encoding="utf-8").replace('"outcome": "yes"', '"outcome": "no"'))
    conflicts = into_fresh("import", str(listing))
    assert "conflict: " in safe(conflicts)


def test_add_and_a_duplicate_quote_the_title_literally(run_cli: RunCli) -> None:
    title = "[link=http://x/]Will [X] \x1b]0;x\x07 happen[/]"
    added = run_cli("add", title)
    assert added.exit_code == 0
    assert visible_line(title) in safe(added)
    duplicate = run_cli("add", title)
    assert duplicate.exit_code == 1
    assert "[link=http://x/]Will [X]" in safe(duplicate)


def test_seed_names_its_hostile_set_literally(tmp_path: Path, run_cli: RunCli) -> None:
    name = "[b]LLM Predictions For 2026 \x1b]0;x\x07\u202e"
    seed = tmp_path / HOSTILE_NAME
    seed.write_text(  # in the front matter, written with YAML's escapes
        '---\ntitle: "[b]LLM Predictions For 2026 \\e]0;x\\a\\u202e"\n---\n\n21-Nov-25\n\nModel: GPT-4o\n\n'
        "# Prompt\n\nPredict.\n\n# Output\n\n## 1. **[/] \x1b[2J Will it rain?**\nBody [link=http://x/]text[/link].\n",
        encoding="utf-8",
    )
    output = safe(run_cli("seed", str(seed)))
    assert visible_line(name) in output
    assert "1 prediction" in output


@pytest.mark.parametrize(
    "args",
    [
        ("import", "MISSING"),  # the file does not exist
        ("import", "EMPTY"),  # the file is empty
        ("seed", "EMPTY"),
        ("estimate", "1", "\x1b]0;x\x07[/]"),
        ("note", "\x1b[2J[/]", "text"),
    ],
)
def test_error_messages_echo_hostile_names_on_one_safe_line(
    tmp_path: Path, run_cli: RunCli, args: tuple[str, ...]
) -> None:
    empty = tmp_path / HOSTILE_NAME
    empty.write_bytes(b"")
    paths = {"MISSING": str(tmp_path / ("missing" + HOSTILE_NAME)), "EMPTY": str(empty)}
    result = run_cli(*(paths.get(arg, arg) for arg in args))
    assert result.exit_code != 0
    output = safe(result)
    assert output.count("\n") == 1 and output.startswith("forecast-journal: error: ")
    assert "[b]evil" in output or "[/]" in output


def test_recover_lists_a_hostile_journal_path_literally(tmp_path: Path, clock: TickingClock) -> None:
    journal = tmp_path / HOSTILE_NAME
    CliRunner().invoke(cli, ["list"], obj=Settings(journal, clock))
    output = safe(CliRunner().invoke(cli, ["recover"], obj=Settings(journal, clock)))
    assert visible_line(str(journal)) in output


@pytest.mark.parametrize("command", [("list", "--json"), ("export", "--format", "json", "-")])
def test_json_output_escapes_what_a_terminal_could_act_on_and_keeps_every_character(
    hostile_journal: Path, run_cli: RunCli, command: tuple[str, ...]
) -> None:
    output = safe(run_cli(*command))
    titles = {p["title"] for p in orjson.loads(output)["predictions"]}
    assert set(HOSTILE) <= titles
