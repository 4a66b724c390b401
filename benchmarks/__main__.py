"""Run every benchmark and print a markdown table: `python -m benchmarks [--runs N] [--sizes 100,10000,100000]`.

Each figure is the median of several runs; each ratio compares two figures measured in this same invocation.
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import orjson
from tinydb import TinyDB

from benchmarks.journals import build_journal, minimal_json_file
from domain.scoring import score_journal
from storage.exporting import export_markdown as export_journal_markdown
from storage.journal import open_journal

BIN = Path(sys.executable).parent
FORECAST_JOURNAL = str(BIN / "forecast-journal")


def median_ms(action: Callable[[], object], runs: int) -> float:
    """Median wall time of `action` in milliseconds over `runs` runs."""
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings) * 1000


def save_one_estimate(path: Path, runs: int) -> float:
    journal = open_journal(path)
    return median_ms(lambda: journal.add_estimate(1, 0.5, note="benchmark"), runs)


def save_one_estimate_stock_tinydb(path: Path, work: Path, runs: int) -> float:
    stock = work / "stock.json"
    shutil.copy(path, stock)
    table = TinyDB(stock).table("estimates")
    record = {"prediction_id": 1, "probability": 0.5, "date": "2025-12-31", "recorded_at": "x", "note": "benchmark"}
    return median_ms(lambda: table.insert(record), runs)


def fsynced_append(work: Path, runs: int) -> float:
    log = work / "append.log"
    line = orjson.dumps({"prediction_id": 1, "probability": 0.5, "date": "2025-12-31", "note": "benchmark"}) + b"\n"

    def append() -> None:
        fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)

    return median_ms(append, runs)


def open_and_score(path: Path, runs: int) -> float:
    return median_ms(lambda: score_journal(open_journal(path).snapshot()), runs)


def export_markdown(path: Path, work: Path, runs: int) -> float:
    journal = open_journal(path)
    journal.snapshot()
    return median_ms(lambda: export_journal_markdown(journal, work / "export.md", overwrite=True), runs)


def command_ms(argv: list[str], runs: int, env: dict[str, str] | None = None) -> float:
    def run() -> None:
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)

    run()
    return median_ms(run, runs)


def jrnl_environment(work: Path, entries: int) -> tuple[str, dict[str, str]]:
    """A jrnl installed in its own venv (never a dependency of the app) with a journal of `entries` entries."""
    venv = Path(tempfile.gettempdir()) / "forecast-journal-bench-jrnl"
    jrnl = venv / "bin" / "jrnl"
    if not jrnl.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "jrnl"], check=True)
    journal = work / "jrnl.txt"
    journal.write_text(
        "".join(
            f"[2025-01-{1 + i % 28:02d} {i % 24:02d}:00] Entry {i}\nBody of entry {i}.\n\n" for i in range(entries)
        ),
        encoding="utf-8",
    )
    config = work / "config" / "jrnl"
    config.mkdir(parents=True, exist_ok=True)
    (config / "jrnl.yaml").write_text(
        textwrap.dedent(
            f"""\
            colors: {{body: none, date: none, tags: none, title: none}}
            default_hour: 9
            default_minute: 0
            editor: ''
            encrypt: false
            highlight: false
            indent_character: '|'
            journals: {{default: {{journal: {journal}}}}}
            linewrap: 79
            tagsymbols: '#@'
            template: false
            timeformat: '%F %r'
            version: v4.6
            """
        ),
        encoding="utf-8",
    )
    return str(jrnl), {**os.environ, "XDG_CONFIG_HOME": str(work / "config")}


FIRST_PAINT = """
import asyncio, sys, time
start = time.perf_counter()
from pathlib import Path
{imports}

async def main() -> None:
    app = {make_app}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.005)
        while not ({mounted}):
            await pilot.pause(0.005)
        print((time.perf_counter() - start) * 1000)

asyncio.run(main())
"""

# Both apps are waited for the same way: pause 5 ms at a time until their content is mounted. Each
# pause lets the screen handle what is pending and ends with a refresh of the screen, so the content
# has been painted when the loop ends. (An idle wait, `pilot.pause()`, sleeps 20 ms or more at a time;
# it padded the minimal app's figure by ~60 ms in the first version of this benchmark.)
MINIMAL_APP = {
    "imports": "from textual.app import App\nfrom textual.widgets import Footer, Header, Static\n"
    "class Minimal(App):\n    def compose(self):\n"
    "        yield Header()\n        yield Static('hello')\n        yield Footer()",
    "make_app": "Minimal()",
    "mounted": "app.screen.query(Static)",
}

# Every prediction's pane, not just the first: the board is complete when this returns.
JOURNAL_APP = {
    "imports": "from storage.journal import system_clock\nfrom tui.factory import create_app\n"
    "from tui.screens.main import MainScreen\nfrom tui.widgets.pane import PredictionPane",
    "make_app": "create_app(Path(sys.argv[1]), system_clock)",
    "mounted": "isinstance(app.screen, MainScreen)\n"
    "               and len(app.screen.query(PredictionPane)) == len(app.screen.board.data.predictions)",
}


def first_paint_ms(path: Path, runs: int) -> tuple[float, float]:
    """Median first paint of (our app, the minimal app). Their runs alternate, so a slow spell on this
    shared machine hits both alike; the first run of each warms the disk cache and is dropped."""
    codes = [FIRST_PAINT.format(**JOURNAL_APP), FIRST_PAINT.format(**MINIMAL_APP)]
    timings: list[list[float]] = [[], []]
    for _ in range(runs + 1):
        for code, times in zip(codes, timings, strict=True):
            output = subprocess.run([sys.executable, "-c", code, str(path)], check=True, capture_output=True, text=True)
            times.append(float(output.stdout.strip().splitlines()[-1]))
    ours, minimal = (statistics.median(times[1:]) for times in timings)
    return ours, minimal


PEAK_MEMORY = """
import resource, sys
from pathlib import Path
from domain.scoring import score_journal
from storage.exporting import export_markdown
from storage.journal import open_journal
journal = open_journal(Path(sys.argv[1]))
score_journal(journal.snapshot())
journal.add_estimate(1, 0.5)
export_markdown(journal, Path(sys.argv[2]), overwrite=True)
# VmHWM is this process's own peak; ru_maxrss can carry over the parent's peak through exec.
status = Path("/proc/self/status")
if status.exists():
    print(next(int(line.split()[1]) for line in status.read_text().splitlines() if line.startswith("VmHWM")) / 1024)
else:
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def peak_memory_mib(path: Path, work: Path) -> float:
    output = subprocess.run(
        [sys.executable, "-c", PEAK_MEMORY, str(path), str(work / "mem.md")], check=True, capture_output=True, text=True
    )
    return float(output.stdout.strip())


WRITE_PEAK = """
import atexit, sys
from pathlib import Path

def peak() -> None:
    status = Path("/proc/self/status").read_text().splitlines()
    print(next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) / 1024, file=sys.stderr)

atexit.register(peak)
sys.argv[0] = "forecast-journal"
from cli.main import main
main()
"""

WRITE = ["estimate", "4", "44"]


def whole_process_write(path: Path, work: Path, runs: int) -> tuple[float, float, float]:
    """Medians of `forecast-journal --journal J estimate 4 44` on `path` and on a fresh journal (their
    runs alternate; the first of each is dropped), and the command's peak memory (VmHWM) on `path`."""
    fresh = work / "fresh.json"
    subprocess.run([FORECAST_JOURNAL, "--journal", str(fresh), "list"], check=True, stdout=subprocess.DEVNULL)
    timings: list[list[float]] = [[], []]
    for _ in range(runs + 1):
        for journal, times in zip((path, fresh), timings, strict=True):
            start = time.perf_counter()
            subprocess.run([FORECAST_JOURNAL, "--journal", str(journal), *WRITE], check=True, stdout=subprocess.DEVNULL)
            times.append((time.perf_counter() - start) * 1000)
    ours, baseline = (statistics.median(times[1:]) for times in timings)
    # Run in-process with the entry point's own code, so that VmHWM is the command's peak alone.
    output = subprocess.run(
        [sys.executable, "-c", WRITE_PEAK, "--journal", str(path), *WRITE], check=True, capture_output=True, text=True
    )
    return ours, baseline, float(output.stderr.strip().splitlines()[-1])


def import_minimal_json_s(work: Path, runs: int) -> float:
    """Median seconds of `forecast-journal import` of 100,000 estimates (1,000 predictions of 100,
    each only a date and a probability) into a new journal."""
    source = minimal_json_file(work / "minimal-100k.json", 1_000, 100)

    def run() -> None:
        target = work / "import-target.json"
        for leftover in work.glob("import-target.json*"):
            shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
        subprocess.run(
            [FORECAST_JOURNAL, "--journal", str(target), "import", str(source)], check=True, capture_output=True
        )

    return median_ms(run, runs) / 1000


MINIMAL_SCRIPT = """
from textual.app import App
from textual.widgets import Footer, Header, Static

class Minimal(App):
    def compose(self):
        yield Header()
        yield Static("1. Minimal")
        yield Footer()

Minimal().run()
"""


def _until_drawn(tmux: list[str], session: str, marker: str, start: float, timeout: float = 30.0) -> float:
    while time.perf_counter() - start < timeout:
        screen = subprocess.run(
            [*tmux, "capture-pane", "-p", "-t", session], capture_output=True, text=True, check=False
        ).stdout
        if marker in screen:
            return (time.perf_counter() - start) * 1000
        time.sleep(0.002)
    raise RuntimeError(f"{marker!r} never appeared in tmux session {session}")


def tmux_first_paint_ms(path: Path, work: Path, runs: int) -> tuple[float, float]:
    """Median time from launch to the first panes drawn in a real terminal (tmux, 120×40) of (our app,
    a bare Textual app); their runs alternate and the first of each is dropped."""
    minimal = work / "minimal_app.py"
    minimal.write_text(MINIMAL_SCRIPT, encoding="utf-8")
    apps = [
        (shlex.join([FORECAST_JOURNAL, "--journal", str(path)]), "1. Commoditization"),
        (shlex.join([sys.executable, str(minimal)]), "1. Minimal"),
    ]
    # A server of our own, kept up by an idle session: starting a server is not part of either app's time.
    tmux = ["tmux", "-L", f"fj-bench-{os.getpid()}"]
    subprocess.run([*tmux, "new-session", "-d", "-s", "idle", "sleep 3600"], check=True)
    timings: list[list[float]] = [[], []]
    try:
        for run in range(runs + 1):
            for (command, marker), times in zip(apps, timings, strict=True):
                session = f"run-{run}"
                start = time.perf_counter()
                subprocess.run(
                    [*tmux, "new-session", "-d", "-s", session, "-x", "120", "-y", "40", command], check=True
                )
                try:
                    times.append(_until_drawn(tmux, session, marker, start))
                finally:
                    subprocess.run([*tmux, "kill-session", "-t", session], check=False, capture_output=True)
    finally:
        subprocess.run([*tmux, "kill-server"], check=False, capture_output=True)
    ours, bare = (statistics.median(times[1:]) for times in timings)
    return ours, bare


def main() -> None:
    """Build the journals, run every measurement, print the results as markdown."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--runs", type=int, default=7, help="runs per figure (the median is reported)")
    parser.add_argument("--sizes", default="100,10000,100000", help="journal sizes in estimates")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    print(f"Machine: {platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} cores")
    print(f"Runs per figure: {args.runs} (medians)\n")
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="fj-bench-") as scratch:
        work = Path(scratch)
        for size in sizes:
            print(f"… {size} estimates", file=sys.stderr)
            path = build_journal(work / f"journal-{size}.json", size)
            label = f"{size:,} estimates"
            ours = save_one_estimate(path, args.runs)
            stock = save_one_estimate_stock_tinydb(path, work, max(3, args.runs // 2))
            floor = fsynced_append(work, args.runs)
            rows.append(
                (
                    f"Save one estimate, {label}",
                    f"{ours:.1f} ms",
                    f"stock TinyDB {stock:.1f} ms ({stock / ours:.1f}× ours); fsync'd append {floor:.1f} ms",
                )
            )
            rows.append((f"Open + every score, {label}", f"{open_and_score(path, args.runs):.1f} ms", ""))
            rows.append((f"Export markdown, {label}", f"{export_markdown(path, work, args.runs):.1f} ms", ""))
            app, minimal = first_paint_ms(path, args.runs)
            rows.append(
                (
                    f"TUI first paint, {label}",
                    f"{app:.0f} ms",
                    f"minimal Textual app {minimal:.0f} ms ({app / minimal:.2f}×)",
                )
            )
            rows.append(
                (f"Peak memory, {label}", f"{peak_memory_mib(path, work):.0f} MiB", "open, score, save, export")
            )
            if size == 10_000 and shutil.which("tmux"):
                app, bare = tmux_first_paint_ms(path, work, args.runs)
                rows.append(
                    (
                        f"TUI first paint in tmux, {label}",
                        f"{app:.0f} ms",
                        f"bare Textual app {bare:.0f} ms ({app / bare:.2f}×)",
                    )
                )
            if size == 100_000:
                write, fresh, peak = whole_process_write(path, work, args.runs)
                rows.append(
                    (
                        f"`forecast-journal estimate 4 44`, {label}",
                        f"{write:.0f} ms",
                        f"fresh journal {fresh:.0f} ms ({write / fresh:.2f}×); peak {peak:.0f} MiB",
                    )
                )
                rows.append(
                    (
                        f"`forecast-journal import` of a minimal JSON file, {label}",
                        f"{import_minimal_json_s(work, max(3, args.runs // 2)):.1f} s",
                        "into a new journal, with the progress bar",
                    )
                )
            if size == sizes[0]:
                jrnl, jrnl_env = jrnl_environment(work, size)
                ours_list = command_ms([FORECAST_JOURNAL, "--journal", str(path), "list"], args.runs)
                theirs = command_ms([jrnl, "-n", "3"], args.runs, jrnl_env)
                rows.append(
                    (
                        f"`forecast-journal list`, {label}",
                        f"{ours_list:.0f} ms",
                        f"`jrnl -n 3` on {size} entries {theirs:.0f} ms ({theirs / ours_list:.2f}× ours)",
                    )
                )
                ours_json = command_ms([FORECAST_JOURNAL, "--journal", str(path), "list", "--json"], args.runs)
                tinydb = command_ms([sys.executable, "-c", "import tinydb"], args.runs)
                rows.append(
                    (
                        f"`forecast-journal list --json`, {label}",
                        f"{ours_json:.0f} ms",
                        f"`python -c 'import tinydb'` {tinydb:.0f} ms ({ours_json / tinydb:.2f}×)",
                    )
                )
    print("| Figure | Ours | Compared with |")
    print("|---|---|---|")
    for figure, value, comparison in rows:
        print(f"| {figure} | {value} | {comparison} |")


if __name__ == "__main__":
    main()
