"""Model-based test: random sequences of journal operations, checked against an in-memory model after every step."""

from __future__ import annotations

import math
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from domain.model import BINARY_OUTCOMES, Outcome
from domain.safe_text import is_blank
from domain.validation import InputError
from reliability.support import FIGURES, HEAVY, TickingClock
from storage.journal import Journal, open_journal

IDS = st.integers(min_value=0, max_value=11)
DAYS_AGO = st.integers(min_value=-2, max_value=400)
TEXT = st.text(max_size=30)  # includes lone surrogates, which the journal must refuse
PROBABILITIES = st.floats(-0.5, 1.5) | st.sampled_from([math.nan, math.inf])


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@dataclass
class Model:
    """What the journal should hold: estimates and notes per prediction in order, and resolutions."""

    estimates: dict[int, list[tuple[float, date, str]]] = field(default_factory=dict)
    notes: dict[int, list[tuple[date, str]]] = field(default_factory=dict)
    resolutions: dict[int, tuple[Outcome, date, str]] = field(default_factory=dict)


class JournalMachine(RuleBasedStateMachine):
    """Drives a real journal file and a Model side by side."""

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="fj-model-"))
        self.path = self.folder / "journal.json"
        self.clock = TickingClock()
        self.journal: Journal = open_journal(self.path, self.clock)
        self.model = Model()
        self.today = self.clock().date()

    def teardown(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def _refused(self, action: object) -> None:
        """A refused operation raises InputError and leaves the file byte-identical."""
        before = self.path.read_bytes()
        try:
            action()  # type: ignore[operator]
        except InputError:
            assert self.path.read_bytes() == before
            FIGURES["model steps refused"] += 1
            return
        raise AssertionError("the journal accepted what the model refuses")

    def _valid(self, pid: int, days_ago: int, text: str) -> bool:
        return 1 <= pid <= 10 and days_ago >= 0 and _encodable(text)

    @rule(pid=IDS, probability=PROBABILITIES, days_ago=DAYS_AGO, note=TEXT)
    def estimate(self, pid: int, probability: float, days_ago: int, note: str) -> None:
        on = self.today - timedelta(days=days_ago)
        action = lambda: self.journal.add_estimate(pid, probability, on, note)  # noqa: E731
        if self._valid(pid, days_ago, note) and 0.0 <= probability <= 1.0:
            action()
            self.model.estimates.setdefault(pid, []).append((probability, on, note))
        else:
            self._refused(action)

    @rule(pid=IDS, text=TEXT, days_ago=DAYS_AGO)
    def note(self, pid: int, text: str, days_ago: int) -> None:
        on = self.today - timedelta(days=days_ago)
        action = lambda: self.journal.add_note(pid, text, on)  # noqa: E731
        if self._valid(pid, days_ago, text) and not is_blank(text):
            action()
            self.model.notes.setdefault(pid, []).append((on, text))
        else:
            self._refused(action)

    @rule(pid=IDS, outcome=st.sampled_from(BINARY_OUTCOMES), days_ago=DAYS_AGO, note=TEXT)
    def resolve(self, pid: int, outcome: Outcome, days_ago: int, note: str) -> None:
        on = self.today - timedelta(days=days_ago)
        action = lambda: self.journal.resolve(pid, outcome, on, note)  # noqa: E731
        if self._valid(pid, days_ago, note) and pid not in self.model.resolutions:
            action()
            self.model.resolutions[pid] = (outcome, on, note)
        else:
            self._refused(action)

    @rule(pid=IDS)
    def unresolve(self, pid: int) -> None:
        action = lambda: self.journal.unresolve(pid)  # noqa: E731
        if pid in self.model.resolutions:
            action()
            del self.model.resolutions[pid]
        else:
            self._refused(action)

    @rule()
    def reopen_from_disk(self) -> None:
        self.journal = open_journal(self.path, self.clock)

    @invariant()
    def matches_the_model(self) -> None:
        FIGURES["model steps checked"] += 1
        for journal in (self.journal, Journal(self.path, self.clock)):
            data = journal.snapshot()
            assert [p.id for p in data.predictions] == list(range(1, 11))
            for pid in range(1, 11):
                estimates = [(e.probability, e.date, e.note) for e in data.estimates_for(pid)]
                assert estimates == self.model.estimates.get(pid, [])
                assert [(n.date, n.text) for n in data.notes_for(pid)] == self.model.notes.get(pid, [])
                resolution = data.resolution_for(pid)
                got = None if resolution is None else (resolution.outcome, resolution.date, resolution.note)
                assert got == self.model.resolutions.get(pid)


JournalMachine.TestCase.settings = settings(
    max_examples=200 if HEAVY else 40,
    stateful_step_count=30,
    deadline=None,
    derandomize=not HEAVY,
    suppress_health_check=[HealthCheck.too_slow],
)
TestJournalModel = JournalMachine.TestCase
