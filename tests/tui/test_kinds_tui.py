"""Question kinds in the app (issue 16): the estimate dialog fits the kind (a field per option with a
running total; low, high and level), and the resolve dialog takes an option or a value."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static
from tui_support import AppFactory, go_to, press, settle, wait_until

from domain.kinds import Question
from domain.model import JournalData, Kind
from storage.journal import open_journal
from tests.clock import TickingClock
from tui.app import ForecastApp
from tui.screens.estimate import EstimateDialog
from tui.screens.resolve import ResolveDialog

HOSTILE = "\x1b]0;pwned\x07[b]B[/b]"


def _journal(path: Path) -> tuple[int, int]:
    journal = open_journal(path, TickingClock())
    choice = journal.add_own_prediction("Which?", "", None, question=Question(Kind.CHOICE, ("A", HOSTILE, "C")))
    numeric = journal.add_own_prediction("How many?", "", None, question=Question(Kind.NUMERIC, unit="GW"))
    return choice.id, numeric.id


def snapshot(app: ForecastApp) -> JournalData:
    assert app.journal is not None
    return app.journal.snapshot()


def _fill(screen: object, values: dict[str, str]) -> None:
    for selector, value in values.items():
        screen.query_one(selector, Input).value = value  # type: ignore[attr-defined]


def _shown(screen: object, selector: str) -> str:
    return str(screen.query_one(selector, Static).content)  # type: ignore[attr-defined]


async def test_choice_prediction_estimated_and_resolved_in_the_app(journal_path: Path, make_app: AppFactory) -> None:
    choice, _ = _journal(journal_path)
    app = make_app(journal_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await go_to(pilot, choice)
        await press(pilot, "e")
        screen = app.screen
        assert isinstance(screen, EstimateDialog)
        labels = " ".join(str(label.content) for label in screen.query("Label"))
        assert "2. ␛]0;pwned␇[b]B[/b]" in labels and "\x1b" not in labels
        _fill(screen, {"#option-1": "50", "#option-2": "30"})
        await settle(pilot)
        assert _shown(screen, "#total") == "Total: 80% of 100%"
        await press(pilot, "enter")
        assert app.screen is screen and "sum to 100" in _shown(screen, ".dialog-error")
        _fill(screen, {"#option-3": "20"})
        await settle(pilot)
        assert _shown(screen, "#total") == "Total: 100% of 100% ✓"
        await press(pilot, "enter")
        await wait_until(pilot, lambda: bool(snapshot(app).estimates_for(choice)))
        assert snapshot(app).estimates_for(choice)[0].probabilities == (0.5, 0.3, 0.2)
        await press(pilot, "r")
        resolve = app.screen
        assert isinstance(resolve, ResolveDialog)
        _fill(resolve, {"#answer": "2"})
        await settle(pilot)
        assert "Brier 0.780 (0–2)" in _shown(resolve, "#scoring")
        await press(pilot, "enter")
        await wait_until(pilot, lambda: snapshot(app).resolution_for(choice) is not None)
        assert snapshot(app).resolution_for(choice).option == HOSTILE  # type: ignore[union-attr]


async def test_numeric_prediction_estimated_and_resolved_in_the_app(journal_path: Path, make_app: AppFactory) -> None:
    _, numeric = _journal(journal_path)
    app = make_app(journal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await go_to(pilot, numeric)
        await press(pilot, "e")
        screen = app.screen
        assert isinstance(screen, EstimateDialog)
        _fill(screen, {"#low": "18", "#high": "12"})
        await press(pilot, "enter")
        assert "above its high" in _shown(screen, ".dialog-error")
        _fill(screen, {"#low": "12", "#high": "18", "#level": "90"})
        await press(pilot, "enter")
        await wait_until(pilot, lambda: bool(snapshot(app).estimates_for(numeric)))
        estimate = snapshot(app).estimates_for(numeric)[0]
        assert (estimate.low, estimate.high, estimate.level) == (12.0, 18.0, 0.9)
        await press(pilot, "r")
        resolve = app.screen
        assert isinstance(resolve, ResolveDialog)
        _fill(resolve, {"#answer": "20"})
        await settle(pilot)
        assert "interval score 46 GW, missed the value" in _shown(resolve, "#scoring")
        await press(pilot, "enter")
        await wait_until(pilot, lambda: snapshot(app).resolution_for(numeric) is not None)
        assert snapshot(app).resolution_for(numeric).value == 20.0  # type: ignore[union-attr]


async def test_the_latest_estimate_line_shows_an_option_name_literally(journal_path: Path, make_app: AppFactory) -> None:
    choice, _ = _journal(journal_path)
    open_journal(journal_path, TickingClock()).add_choice_estimate(choice, (0.2, 0.5, 0.3))
    app = make_app(journal_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await go_to(pilot, choice)
        await press(pilot, "e")
        assert isinstance(app.screen, EstimateDialog)
        (hint,) = [label for label in app.screen.query(".dialog-hint") if "Latest estimate" in str(label.render())]
        assert "␛]0;pwned␇[b]B[/b] 50%" in str(hint.render())
