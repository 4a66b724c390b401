"""`forecast-journal sync` with real git: a bare remote and two clones in tmp_path, both writing while apart."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from domain.model import Outcome
from domain.records import ESTIMATES, NOTES, PREDICTIONS
from storage.journal import open_journal
from tests.cli_support import cli_runner, ok
from tests.clock import TickingClock
from tests.sync.git_support import git, tables, uids


def test_two_machines_write_apart_sync_and_end_with_the_same_journal(machines: tuple[Path, Path, Path]) -> None:
    remote, laptop, desktop = machines
    assert tables(laptop) == tables(desktop)
    for path, percent, title, outcome in (
        (laptop, 0.3, "Laptop's", Outcome.YES),
        (desktop, 0.8, "Desktop's", Outcome.NO),
    ):
        journal = open_journal(path, TickingClock())
        journal.add_estimate(5, percent)
        journal.add_note(5, f"{title} note")
        journal.add_own_prediction(f"{title} question", "", "2027-06-30")
        journal.resolve(2, outcome, date(2026, 6, 1))
    laptop_before, desktop_before = tables(laptop), tables(desktop)

    first = ok(cli_runner(laptop)("sync")).stdout
    assert "Committed: 1 resolution on #2; 1 estimate, 1 note on #5; 1 new prediction (#11)" in first
    second = ok(cli_runner(desktop)("sync")).stdout
    assert "Renumbered:" in second and "11" in second and "is now 12" in second
    assert "conflicting resolutions" in second
    third = ok(cli_runner(laptop)("sync")).stdout
    # Whichever machine's #11 became #12 is told so in its own words, also when the other machine's
    # merge did it and reaches this one as a fast-forward.
    told = [output for output in (second, third) if "Renumbered: your prediction 11" in output]
    assert len(told) == 1 and "is now 12" in told[0]

    assert tables(laptop) == tables(desktop)
    for name in (PREDICTIONS, ESTIMATES, NOTES):
        assert (
            uids(laptop, name)
            == uids(desktop, name)
            == {record["uid"] for side in (laptop_before, desktop_before) for record in side[name].values()}
        )
    listing = ok(cli_runner(laptop)("list")).stdout
    (line,) = [line for line in listing.splitlines() if line.lstrip().startswith("2 ")]
    assert "[conflicting resolutions]" in line
    shown = ok(cli_runner(desktop)("show", "2")).stdout
    assert "Conflicting resolutions" in shown and "yes on 2026-06-01" in shown and "no on 2026-06-01" in shown
    ok(cli_runner(desktop)("resolve", "2", "no"))  # picks one
    assert "[conflicting resolutions]" not in ok(cli_runner(desktop)("list")).stdout
    assert git(remote, "log", "--format=%s", "-1").startswith("forecast-journal: merge")


def test_a_plain_git_pull_merges_the_journal_the_same_way(machines: tuple[Path, Path, Path]) -> None:
    _, laptop, desktop = machines
    open_journal(laptop, TickingClock()).add_estimate(1, 0.1)
    ok(cli_runner(laptop)("sync"))
    open_journal(desktop, TickingClock()).add_estimate(1, 0.9)
    git(desktop.parent, "commit", "-q", "-am", "by hand")
    git(desktop.parent, "pull", "-q", "--no-rebase", "--no-edit")
    probabilities = [r["probability"] for r in tables(desktop)[ESTIMATES].values()]
    assert sorted(probabilities) == [0.1, 0.9]


def test_only_the_journal_is_committed_in_a_repository_used_for_other_things(
    machines: tuple[Path, Path, Path],
) -> None:
    _, laptop, _ = machines
    (laptop.parent / "dotfile").write_text("mine\n")
    git(laptop.parent, "add", "dotfile")
    open_journal(laptop, TickingClock()).add_note(1, "thought")
    ok(cli_runner(laptop)("sync"))
    assert git(laptop.parent, "show", "--name-only", "--format=", "HEAD").split() == ["journal.json"]
    assert "A  dotfile" in git(laptop.parent, "status", "--short")


def test_offline_commits_locally_and_says_the_push_is_pending(machines: tuple[Path, Path, Path]) -> None:
    remote, laptop, _ = machines
    remote.rename(remote.with_name("gone.git"))
    open_journal(laptop, TickingClock()).add_note(1, "on a train")
    result = ok(cli_runner(laptop)("sync"))
    assert "push is pending" in result.stdout
    assert git(laptop.parent, "log", "--format=%s", "-1").strip() == "1 note on #1"


def test_a_corrupt_remote_journal_is_refused_naming_its_commit(machines: tuple[Path, Path, Path]) -> None:
    _, laptop, desktop = machines
    (desktop).write_text('{"meta": {"1": {"schema_version": 99}}}')
    git(desktop.parent, "commit", "-q", "-am", "from the future")
    git(desktop.parent, "push", "-q")
    head = git(desktop.parent, "rev-parse", "HEAD")[:12]
    open_journal(laptop, TickingClock()).add_note(1, "kept")
    before = laptop.read_bytes()
    result = cli_runner(laptop)("sync")
    assert result.exit_code == 1 and f"commit {head}" in result.stderr and "newer" in result.stderr
    assert laptop.read_bytes() == before


def test_an_unresolve_is_committed_as_such_and_a_second_sync_has_nothing_to_do(
    machines: tuple[Path, Path, Path],
) -> None:
    _, laptop, _ = machines
    journal = open_journal(laptop, TickingClock())
    journal.resolve(5, Outcome.YES, date(2026, 6, 1))
    ok(cli_runner(laptop)("sync"))
    journal.unresolve(5)
    assert "Committed: 1 resolution undone on #5" in ok(cli_runner(laptop)("sync")).stdout
    assert git(laptop.parent, "log", "--format=%s", "-1").strip() == "1 resolution undone on #5"
    (again,) = ok(cli_runner(laptop)("sync")).stdout.splitlines()
    assert again.startswith("Nothing to sync: the journal here and on origin/")


@pytest.mark.parametrize(
    "name",
    [
        "journal.sync-conflict-20261129-101500-ABCDEF7.json",
        "journal (Tester's conflicted copy 2026-11-29).json",
    ],
    ids=["Syncthing", "Dropbox"],
)
def test_every_command_names_a_file_syncers_conflict_copy(journal_path: Path, name: str) -> None:
    run = cli_runner(journal_path)
    ok(run("list"))
    for other in ("journal.json.bak", "journal-old.json", "other.sync-conflict-20261129-101500-ABCDEF7.json"):
        (journal_path.parent / other).write_bytes(journal_path.read_bytes())
    (journal_path.parent / "journal (conflicted copy 2026-11-29).json").mkdir()
    assert ok(run("list")).stderr == ""
    copy = journal_path.parent / name
    copy.write_bytes(journal_path.read_bytes())
    for command in (("list",), ("note", "1", "a thought"), ("show", "1")):
        (line,) = ok(run(*command)).stderr.splitlines()
        assert str(copy) in line and "forecast-journal merge FILE" in line
    merged = ok(run("merge", str(copy)))
    assert merged.stderr == "" and "the copy can be deleted" in merged.stdout
