"""Sync a journal through git: commit it, fetch, merge by record ids (domain.journal_merge), push.

It runs the user's own `git`. The journal's merge is registered as a git merge driver (in .git/config,
named by a `.gitattributes` line), so a plain `git merge` or `git pull` merges the journal the same way.
Only the journal and its `.gitattributes` and `.gitignore` are ever committed: the folder may be a
repository for other things too.

Faults leave the journal and its local commit as they were: an unreachable remote, a rejected push or
one that wants credentials is reported in one line (the push is pending); a remote journal that cannot
be read, or is of a newer schema, is refused before anything is merged, naming its commit. A sync killed
half-way is finished by the next one: it completes an unfinished merge by merging the remote's journal
into what the journal holds then (the merged records, and anything written since), so nothing is lost.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from domain.journal_merge import JournalMerge, describe_changes, merge_journals
from domain.records import PREDICTIONS
from storage import schema
from storage.atomic import AtomicJSONStorage, replace_atomically
from storage.errors import JournalError
from storage.layout import Tables
from storage.paths import refuse_special

DRIVER = "forecast-journal"
REMOTE = "origin"
# Never ask for a password or a passphrase: a sync that needs one fails with a message instead.
_QUIET = {"GIT_TERMINAL_PROMPT": "0", "GCM_INTERACTIVE": "never", "GIT_SSH_COMMAND": "ssh -o BatchMode=yes"}


class SyncError(JournalError):
    """A sync step failed; the message is one line for the user."""


Outcome = Literal["pushed", "pending", "local", "unchanged", "merged"]
"""How a sync ended: pushed; the push is pending (offline, rejected, credentials); committed with no remote
set; nothing to sync; or merged the remote's changes with nothing to push back."""


@dataclass
class SyncReport:
    """What a sync did, as lines for the user, and how it ended."""

    lines: list[str] = field(default_factory=list)
    merge: JournalMerge | None = None
    outcome: Outcome = "unchanged"


def have_git() -> bool:
    """Whether a `git` command is on the PATH."""
    return shutil.which("git") is not None


def _git(folder: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **_QUIET}
    if "GIT_SSH_COMMAND" in os.environ:
        env["GIT_SSH_COMMAND"] = os.environ["GIT_SSH_COMMAND"]
    try:
        done = subprocess.run(["git", *args], cwd=folder, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise SyncError("git is not installed: sync needs the git command") from None
    if check and done.returncode != 0:
        raise SyncError(f"git {args[0]} failed: {_first_line(done.stderr or done.stdout)}")
    return done


def _first_line(text: str) -> str:
    """The line of git's output that says what went wrong: a rejected ref, else an error, else the first."""
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("hint:")]
    for telling in (("! [",), ("fatal:", "error:")):
        found = next((line for line in lines if line.startswith(telling)), None)
        if found is not None:
            return found.removeprefix("! ")
    return lines[0] if lines else "no message"


def _top(folder: Path) -> Path | None:
    done = _git(folder, "rev-parse", "--show-toplevel", check=False)
    return Path(done.stdout.strip()) if done.returncode == 0 else None


def driver_command() -> str:
    """The merge driver's command line, as git runs it (%O ancestor, %A ours and the result, %B theirs)."""
    python = shlex.quote(sys.executable)
    return f'{python} -c "from cli.main import main; main()" merge-driver %O %A %B'


def init(journal_path: Path, remote: str | None) -> list[str]:
    """Make the journal's folder a git repository (or use the one it is in), register the merge driver,
    write `.gitattributes` and `.gitignore` lines for the journal, commit them with it, and set the remote."""
    if not have_git():
        raise SyncError("git is not installed: sync needs the git command")
    folder = journal_path.parent
    lines = []
    if _top(folder) is None:
        _git(folder, "init", "-q")
        lines.append(f"Made {folder} a git repository.")
    _git(folder, "config", f"merge.{DRIVER}.name", "forecast-journal: merge by record ids")
    _git(folder, "config", f"merge.{DRIVER}.driver", driver_command())
    name = journal_path.name
    _add_lines(folder / ".gitattributes", [f"/{name} merge={DRIVER}"])
    _add_lines(
        folder / ".gitignore",
        [
            f"/{name}.lock",
            f"/{name}.backups/",
            f"/{name}.drafts.json",
            f"/{name}.crash.txt",
            f"/.{name}.fj-tmp-*",
            f"/.{name}.drafts.json.fj-tmp-*",
        ],
    )
    paths = [name, ".gitattributes", ".gitignore"]
    _git(folder, "add", "--", *paths)
    if _git(folder, "diff", "--cached", "--quiet", "--", *paths, check=False).returncode:
        _git(folder, "commit", "-q", "-m", "forecast-journal: track the journal", "--", *paths)
        lines.append(f"Committed {name} with its .gitattributes and .gitignore.")
    if remote:
        have = _git(folder, "remote", check=False).stdout.split()
        _git(folder, "remote", "set-url" if REMOTE in have else "add", REMOTE, remote)
        lines.append(f"Remote {REMOTE}: {remote}")
    lines.append("Ready: 'forecast-journal sync' commits, merges and pushes the journal.")
    return lines


def _add_lines(path: Path, wanted: list[str]) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    missing = [line for line in wanted if line not in text.splitlines()]
    if missing:
        separator = "" if not text or text.endswith("\n") else "\n"
        path.write_text(text + separator + "".join(f"{line}\n" for line in missing), encoding="utf-8")


def journal_tables(raw: bytes, where: str) -> dict[str, dict[str, Any]]:
    """A journal's tables from its bytes, upgraded to the current schema and checked as opening it checks;
    a SyncError names `where` (a file or a commit) when they are corrupt or of a newer schema."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "journal.json"
        path.write_bytes(raw)
        try:
            tables: schema.RawJournal = AtomicJSONStorage(path).load() or {}
            version = schema.schema_version(path, tables)
            upgraded = schema.upgraded(path, tables, version)
            schema.build(path, upgraded)
        except JournalError as error:
            reason = str(error).removeprefix(f"{path}: ")
            raise SyncError(f"the journal in {where} cannot be merged: {reason}; nothing was changed") from None
    return upgraded


def merge_files(base: Path, ours: Path, theirs: Path) -> JournalMerge:
    """The merge driver: merge the three journal files, writing the result over `ours`."""
    merged = merge_journals(
        journal_tables(ours.read_bytes(), str(ours)),
        journal_tables(theirs.read_bytes(), str(theirs)),
        journal_tables(base.read_bytes(), str(base)) if base.stat().st_size else None,
    )
    replace_atomically(ours, Tables(merged.tables).serialise())
    return merged


def merge_copy(
    journal_path: Path, lock: Callable[[], AbstractContextManager[None]], source: Path, dry_run: bool
) -> list[str]:
    """Merge another journal file (a file syncer's conflict copy, say) into the journal by record ids,
    without an ancestor; with `dry_run` only say what it would change."""
    refuse_special(source, "the file to merge")
    try:
        raw = source.read_bytes()
    except OSError as error:
        raise SyncError(f"{source}: cannot be read ({error.strerror or error})") from None
    theirs = journal_tables(raw, str(source))
    with lock():
        ours = journal_tables(journal_path.read_bytes(), str(journal_path))
        merged = merge_journals(ours, theirs)
        if merged.tables == ours:
            return [
                f"Nothing to merge: the journal already holds every record of {source.name}; the copy can be deleted."
            ]
        change = describe_changes(ours, merged.tables)
        if dry_run:
            return [f"Would merge from {source.name}: {change} (dry run: nothing changed)", *merged.conflicts]
        replace_atomically(journal_path, Tables(merged.tables).serialise())
    lines = [f"Merged from {source.name}: {change}. The copy can now be deleted."]
    for moved in merged.renumbered:
        where = "the journal" if moved.side == "ours" else "the copy"
        lines.append(f"Renumbered: prediction {moved.old} {moved.title!r} from {where} is now {moved.new}.")
    return lines + list(merged.conflicts)


def _show(folder: Path, revision: str, name: str) -> bytes | None:
    done = subprocess.run(
        ["git", "show", f"{revision}:./{name}"], cwd=folder, capture_output=True, check=False, env=os.environ
    )
    return done.stdout if done.returncode == 0 else None


def sync(journal_path: Path, lock: Callable[[], AbstractContextManager[None]]) -> SyncReport:
    """Commit the journal, fetch, merge the remote's journal by record ids, push (see the module).

    `lock()` holds the journal's exclusive lock (Journal.exclusive) while git reads or changes the file.
    """
    if not have_git():
        raise SyncError("git is not installed: sync needs the git command")
    folder, name = journal_path.parent, journal_path.name
    if _top(folder) is None or not _git(folder, "config", f"merge.{DRIVER}.driver", check=False).stdout.strip():
        raise SyncError(f"{folder} is not set up for sync: run 'forecast-journal sync init [REMOTE]' first")
    report = SyncReport()
    with lock():
        finished = _finish_unfinished_merge(folder, name)
        committed = _commit(folder, name)
    report.lines += [line for line in (finished, committed) if line]
    if REMOTE not in _git(folder, "remote", check=False).stdout.split():
        report.lines.append("No remote: the journal is committed here only ('sync init REMOTE' sets one).")
        report.outcome = "local"
        return report
    fetched = _git(folder, "fetch", "-q", REMOTE, check=False)
    if fetched.returncode:
        report.lines.append(f"Cannot reach {REMOTE}, the push is pending: {_first_line(fetched.stderr)}")
        report.outcome = "pending"
        return report
    branch = _git(folder, "rev-parse", "--abbrev-ref", "HEAD").stdout.strip()
    upstream = f"{REMOTE}/{branch}"
    remote_head = _git(folder, "rev-parse", "-q", "--verify", f"{upstream}^{{commit}}", check=False).stdout.strip()
    if remote_head:
        with lock():
            # What was written while the lock was free (during the fetch): git merges only what is committed.
            written_meanwhile = _commit(folder, name)
            report.lines += [written_meanwhile] if written_meanwhile else []
            report.merge = _merge(folder, name, upstream, remote_head, report)
    if remote_head and _git(folder, "rev-parse", "HEAD").stdout.strip() == remote_head:
        if not report.lines:
            report.lines.append(f"Nothing to sync: the journal here and on {upstream} are the same.")
        report.outcome = "merged" if report.merge is not None else "unchanged"
        return report
    pushed = _git(folder, "push", "-q", "-u", REMOTE, f"HEAD:{branch}", check=False)
    if pushed.returncode:
        report.lines.append(f"The push failed, it is pending: {_first_line(pushed.stderr)}")
        report.outcome = "pending"
    else:
        report.lines.append(f"Pushed to {upstream}.")
        report.outcome = "pushed"
    return report


def _finish_unfinished_merge(folder: Path, name: str) -> str | None:
    """Complete the merge a sync killed half-way left: the remote's journal merged into what the journal
    holds now (the merge driver's result or not yet, and anything written since), committed as the merge.
    Aborting it instead would reset the journal to the last commit, and lose what was written since."""
    merge_head = _git(folder, "rev-parse", "-q", "--verify", "MERGE_HEAD", check=False).stdout.strip()
    if not merge_head:
        return None
    journal, short = folder / name, merge_head[:12]
    theirs_raw = _show(folder, merge_head, name)
    if theirs_raw is not None:
        ours = journal_tables(journal.read_bytes(), str(journal))
        base_commit = _git(folder, "merge-base", "HEAD", merge_head, check=False).stdout.strip()
        base_raw = _show(folder, base_commit, name) if base_commit else None
        merged = merge_journals(
            ours,
            journal_tables(theirs_raw, f"commit {short}"),
            journal_tables(base_raw, f"commit {base_commit[:12]}") if base_raw else None,
        )
        if merged.tables != ours:
            replace_atomically(journal, Tables(merged.tables).serialise())
    _git(folder, "add", "--", name)
    _git(folder, "commit", "-q", "--no-edit", "-m", f"forecast-journal: finish the merge of {short}")
    return f"Finished the merge of commit {short} that an interrupted sync left."


def _commit(folder: Path, name: str) -> str | None:
    """Commit the journal (and its git files) if they changed: the line saying so, else None."""
    paths = [name, ".gitattributes", ".gitignore"]
    _git(folder, "add", "--", *[p for p in paths if (folder / p).exists()])
    if not _git(folder, "diff", "--cached", "--quiet", "--", *paths, check=False).returncode:
        return None
    before = _show(folder, "HEAD", name)
    now = (folder / name).read_bytes()
    message = describe_changes(
        journal_tables(before, "HEAD") if before else {}, journal_tables(now, str(folder / name))
    )
    _git(folder, "commit", "-q", "-m", message, "--", *paths)
    return f"Committed: {message}"


def _merge(folder: Path, name: str, upstream: str, remote_head: str, report: SyncReport) -> JournalMerge | None:
    if _git(folder, "merge-base", "--is-ancestor", remote_head, "HEAD", check=False).returncode == 0:
        return None
    short = remote_head[:12]
    theirs_raw = _show(folder, remote_head, name)
    merged = None
    if theirs_raw is not None:
        theirs = journal_tables(theirs_raw, f"commit {short} ({upstream})")
        ours_raw = _show(folder, "HEAD", name)
        base_commit = _git(folder, "merge-base", "HEAD", remote_head, check=False).stdout.strip()
        base_raw = _show(folder, base_commit, name) if base_commit else None
        if ours_raw is not None:
            merged = merge_journals(
                journal_tables(ours_raw, "HEAD"),
                theirs,
                journal_tables(base_raw, f"commit {base_commit[:12]}") if base_raw else None,
            )
    message = f"forecast-journal: merge {upstream}"
    done = _git(folder, "merge", "-q", "--no-edit", "-m", message, remote_head, check=False)
    if done.returncode:
        _git(folder, "merge", "--abort", check=False)
        raise SyncError(f"could not merge commit {short} ({upstream}): {_first_line(done.stderr or done.stdout)}")
    report.lines.append(f"Merged {upstream} ({short}).")
    if merged is not None:
        for moved in merged.renumbered:
            if moved.side == "theirs":  # this machine's own renumbered predictions are said below
                report.lines.append(
                    f"Renumbered: prediction {moved.old} {moved.title!r} from the other machine is now {moved.new}."
                )
        if ours_raw is not None:
            report.lines += _renumbered_here(journal_tables(ours_raw, "HEAD"), folder / name)
        report.lines.extend(merged.conflicts)
    return merged


def _renumbered_here(before: dict[str, dict[str, Any]], merged_path: Path) -> list[str]:
    """This machine's predictions whose number the merge changed, by uid: whether the merge here renumbered
    them or the other machine's merge did (which reaches this machine as a fast-forward)."""
    was = {
        record.get("uid"): (int(number), record.get("title", ""))
        for number, record in before.get(PREDICTIONS, {}).items()
    }
    after = journal_tables(merged_path.read_bytes(), str(merged_path))
    lines = []
    for number, record in after.get(PREDICTIONS, {}).items():
        old = was.get(record.get("uid"))
        if old is not None and old[0] != int(number):
            lines.append(f"Renumbered: your prediction {old[0]} {old[1]!r} is now {number}.")
    return lines
