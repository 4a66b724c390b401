"""Fixtures shared by every suite (the fixed clock, a journal path in tmp_path), and the reliability figures.

The reliability suites count what they checked in `reliability.support.FIGURES`; the total is printed at the
end of the run, and saved as JSON to the file named by FJ_FIGURES. Under pytest-xdist each worker hands its
counts to the controller, which adds them up.
"""

from __future__ import annotations

import asyncio
import compileall
import contextlib
import gc
import os
import shutil
from pathlib import Path
from typing import Any, TypeVar

import orjson
import pytest
from hypothesis import settings
from reliability.support import FIGURES, HEAVY

from storage.config import CONFIG_ENV_VAR
from tests.cli_support import RunCli, cli_runner
from tests.clock import TickingClock

WORKER_FIGURES = "reliability_figures"
T = TypeVar("T")

# The app tests build and drop hundreds of apps, each tens of thousands of objects. At Python's default
# threshold (a young-generation collection every 700 allocations) the collector ran ~5,800 times in the
# main flows module alone and took a quarter of its CPU time; every 10,000 allocations it runs ~500
# times, and the suite's CPU time drops by about a fifth. Garbage is still collected, in fewer passes.
gc.set_threshold(10_000)

# Property tests draw the same examples at every run (CI ran one that a float's rounding made fail, once in
# many runs); FJ_HEAVY=1 draws new ones each time, as the reliability suites do.
settings.register_profile("repeatable", derandomize=True, database=None)
settings.load_profile("default" if HEAVY else "repeatable")


APP_PACKAGES = [path.parent for path in Path(__file__).parent.parent.glob("*/__init__.py") if path.parent.name != "tests"]


def pytest_configure(config: pytest.Config) -> None:
    """Compile the app's modules once, before the processes the tests start (xdist workers, the CLI, the app
    in tmux) import them; the bytecode this adds is removed at the end.

    Where PYTHONDONTWRITEBYTECODE is set, as on these machines, no process keeps the bytecode it
    compiles, and each of the hundreds the suite starts compiled the app again (about 60 ms of CPU each,
    a tenth of the reliability suites' time).
    """
    if hasattr(config, "workerinput"):
        return
    kept = {cache for package in APP_PACKAGES for cache in package.rglob("__pycache__")}
    for package in APP_PACKAGES:
        compileall.compile_dir(package, quiet=1)

    def remove_added() -> None:
        for package in APP_PACKAGES:
            for cache in set(package.rglob("__pycache__")) - kept:
                shutil.rmtree(cache, ignore_errors=True)

    config.add_cleanup(remove_added)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Spread the tests marked `waits` evenly over the first three quarters of the run.

    In collection order they came in runs, the tmux tests last: xdist's workers then waited at the same
    time while a core stood idle, and the run ended on seconds of waiting. Spread out, each wait overlaps
    the other workers' work, and the run ends on short tests that keep both cores busy.
    """
    items[:] = spread(items, [item.get_closest_marker("waits") is not None for item in items])


def spread(items: list[T], waits: list[bool]) -> list[T]:
    """`items` with those whose `waits` flag is set spread evenly over the first three quarters of the
    others, each kind in its own order."""
    waiting = [item for item, flag in zip(items, waits, strict=True) if flag]
    others = [item for item, flag in zip(items, waits, strict=True) if not flag]
    if not waiting or not others:
        return items
    step = len(others) * 3 / 4 / len(waiting)
    slots: dict[int, list[T]] = {}
    for index, item in enumerate(waiting):
        slots.setdefault(int(index * step), []).append(item)
    return [item for position, other in enumerate(others) for item in (*slots.get(position, ()), other)]


@pytest.fixture(autouse=True)
def settings_file_of_the_test(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the user's settings file: $FORECAST_JOURNAL_CONFIG names one in tmp_path
    (some tests built the app with the default settings path)."""
    monkeypatch.setenv(CONFIG_ENV_VAR, str(tmp_path / "config.toml"))


@pytest.fixture
def clock() -> TickingClock:
    """A fresh clock fixed on 2026-11-29 that ticks one second per call."""
    return TickingClock()


@pytest.fixture
def journal_path(tmp_path: Path) -> Path:
    """Where the test's journal lives."""
    return tmp_path / "journal.json"


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Collect the garbage the raised threshold left, then, on an xdist worker, hand this worker's figures
    to the controller.

    Without the collection here, pytest's final collections (which look for exceptions raised while
    objects are freed) found about a million objects after the worker had said it finished, and xdist
    could interrupt them as it shut the worker down. What is left is frozen: those collections then scan
    only what the teardown frees.
    """
    gc.collect()
    gc.freeze()
    output = getattr(session.config, "workeroutput", None)
    if output is not None:
        output[WORKER_FIGURES] = dict(FIGURES)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    """On the xdist controller, add up a finished worker's figures."""
    FIGURES.update(getattr(node, "workeroutput", {}).get(WORKER_FIGURES, {}))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the figures, and save them where FJ_FIGURES says."""
    if not FIGURES:
        return
    terminalreporter.write_line(
        "reliability figures: " + ", ".join(f"{name}={count}" for name, count in sorted(FIGURES.items()))
    )
    target = os.environ.get("FJ_FIGURES")
    if target:
        Path(target).write_bytes(orjson.dumps(dict(FIGURES), option=orjson.OPT_INDENT_2))


@pytest.fixture(autouse=True)
def keys_without_idle_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keys pressed by a test are handled when `pilot.press` returns, without sleeping.

    Pilot waits twice per key for the process to look idle (a 20 ms sleep at least), most of the app
    tests' time, and that wait was also what let the app's key queue (tui/keys.py) catch up. Here the
    keys go at once, as a burst typed by a person would (tests/tui/test_keys_typeahead.py and the tmux
    test prove the app takes a burst in order), and `press` returns once the key queue has handled
    them all and the screen has processed its messages. Saves and other workers are not waited for:
    tests that need them wait with `settle`.
    """
    import textual.app
    from textual.pilot import Pilot
    from textual.worker import WorkerCancelled

    async def next_turn(*_args: float) -> None:
        await asyncio.sleep(0)

    original = Pilot.press

    async def press(self: Pilot[Any], *keys: str) -> None:
        await original(self, *keys)
        with contextlib.suppress(WorkerCancelled):  # a key that quits the app cancels the queue
            await self.app.workers.wait_for_complete([w for w in self.app.workers if w.group == "keys"])
        await self._wait_for_screen()

    monkeypatch.setattr(textual.app, "wait_for_idle", next_turn)
    monkeypatch.setattr(Pilot, "press", press)


@pytest.fixture
def run_cli(journal_path: Path, clock: TickingClock) -> RunCli:
    """Invoke the CLI in-process on the test journal with the test's clock; pass input= for stdin."""
    return cli_runner(journal_path, clock)
