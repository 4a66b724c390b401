"""Fixtures of the reliability suites. Set FJ_HEAVY=1 for the heavier variants, FJ_FIGURES=FILE to save the figures."""

from __future__ import annotations

import os
from pathlib import Path

import orjson
import pytest

from reliability.support import FIGURES




def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not FIGURES:
        return
    terminalreporter.write_line(
        "reliability figures: " + ", ".join(f"{name}={count}" for name, count in sorted(FIGURES.items()))
    )
    target = os.environ.get("FJ_FIGURES")
    if target:
        Path(target).write_bytes(orjson.dumps(dict(FIGURES), option=orjson.OPT_INDENT_2))
