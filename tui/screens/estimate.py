"""The estimate dialog: a percent (one per option, with a running total, for a multiple-choice question;
low, high and level for a numeric one), a date (today by default) and an optional short reason."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from domain.display import format_percent
from domain.kinds import SUM_TOLERANCE, estimate_text, parse_choice_percents, parse_interval, parse_level
from domain.model import Estimate, Kind, Prediction, Resolution
from domain.safe_text import visible_line
from domain.scoring import window_close
from domain.validation import InputError, check_text, parse_date, parse_percent
from tui.screens.dialog import Dialog, error_line, subject_line
from tui.widgets.field import FieldInput
from tui.widgets.footer import KeyFooter

if TYPE_CHECKING:
    from storage.journal import Journal


@dataclass(frozen=True, slots=True)
class EstimateRequest:
    """A validated estimate to record: a probability, a choice's `probabilities`, or a numeric interval."""

    probability: float
    on: date
    note: str = ""
    probabilities: tuple[float, ...] | None = None
    interval: tuple[float, float, float] | None = None  # low, high, level

    def save(self, journal: Journal, prediction_id: int) -> Estimate:
        """Record it in the journal."""
        if self.probabilities is not None:
            return journal.add_choice_estimate(prediction_id, self.probabilities, self.on, self.note)
        if self.interval is not None:
            return journal.add_interval_estimate(prediction_id, *self.interval, self.on, self.note)
        return journal.add_estimate(prediction_id, self.probability, self.on, self.note)

    def shown(self, prediction: Prediction) -> str:
        """What was estimated, safe to show: '70%', 'A 50% · B 50%' or '12..18 GW at 80%'."""
        low, high, level = self.interval or (None, None, None)
        estimate = Estimate(
            prediction.id,
            self.probability,
            self.on,
            None,
            probabilities=self.probabilities,
            low=low,
            high=high,
            level=level,
        )
        return visible_line(estimate_text(estimate, prediction))


class EstimateDialog(Dialog[EstimateRequest]):
    """Ask for a confidence estimate. enter saves, escape cancels."""

    BINDINGS = [Binding("enter", "save", "Save", id="estimate-save", tooltip="Record the estimate")]

    def __init__(self, prediction: Prediction, latest: str, today: date, resolution: Resolution | None = None) -> None:
        super().__init__()
        self.prediction = prediction
        self.latest = latest
        self.today = today
        self.resolution = resolution

    def compose(self) -> ComposeResult:
        """Percent, date and note fields."""
        with Vertical(classes="dialog", id="estimate-dialog") as box:
            box.border_title = "New estimate"
            yield subject_line(self.prediction)
            yield Label(f"Latest estimate: {self.latest}", classes="dialog-hint", markup=False)
            yield from self.estimate_fields()
            yield Label("Date (YYYY-MM-DD)")
            yield FieldInput(self.today.isoformat(), id="date")
            yield Label("Note, optional: a short reason (tab to reach it)")
            yield FieldInput(placeholder="e.g. price cuts everywhere", id="note")
            warning = Static(self.scoring_warning(self.today), id="not-scored", markup=False)
            warning.display = bool(warning.content)
            yield warning
            yield error_line()
        yield KeyFooter()

    def estimate_fields(self) -> ComposeResult:
        """The fields of the prediction's kind: a percent; one per option and the total; low, high, level."""
        kind = self.prediction.kind
        if kind is Kind.CHOICE:
            yield Label("Percent for each option (they must sum to 100)")
            for n, option in enumerate(self.prediction.options, 1):
                yield Label(f"{n}. {visible_line(option)}", markup=False)
                yield FieldInput(placeholder="e.g. 25", id=f"option-{n}", classes="option-percent")
            yield Static("Total: 0% of 100%", id="total", markup=False)
        elif kind is Kind.NUMERIC:
            unit = f" ({visible_line(self.prediction.unit)})" if self.prediction.unit else ""
            yield Label(f"Central interval the value will fall in{unit}: low, then high", markup=False)
            yield FieldInput(placeholder="e.g. 12", id="low")
            yield FieldInput(placeholder="e.g. 18", id="high")
            yield Label("Confidence level, percent (50–99)")
            yield FieldInput("80", id="level")
        else:
            yield Label("Confidence it comes true (percent, 0–100)")
            yield FieldInput(placeholder="e.g. 70", id="percent")

    def option_texts(self) -> list[str]:
        """The option percents as typed, in option order."""
        return [field.value for field in self.query(".option-percent").results(Input)]

    def scoring_warning(self, on: date) -> str:
        """Why an estimate dated `on` would not be scored: it is after the window's close."""
        close = window_close(self.prediction, self.resolution)
        if on <= close:
            return ""
        why = "resolved" if self.resolution is not None else "past its resolve-by date"
        return (
            f"Not scored: the prediction is {why}, so its window closed on {close.isoformat()}. "
            "An estimate dated after that is kept but never scored."
        )

    def on_input_changed(self, event: Input.Changed) -> None:
        """Keep the options' running total; say whether the date typed would be scored."""
        if event.input.has_class("option-percent"):
            self.update_total()
        if event.input.id != "date":
            return
        try:
            on = parse_date(event.value, self.today)
        except InputError:
            return
        warning = self.query_one("#not-scored", Static)
        text = self.scoring_warning(on)
        if warning.content != text:  # the date field reports its first value as the dialog opens: no redraw
            warning.update(text)
        warning.display = bool(text)

    def update_total(self) -> None:
        """Show the sum of the option percents typed so far (blank counts as 0)."""
        total = 0.0
        for text in self.option_texts():
            try:
                total += parse_percent(text) if text.strip() else 0.0
            except InputError:
                self.query_one("#total", Static).update("Total: — (a percent is not a number)")
                return
        done = " ✓" if math.isclose(total, 1.0, abs_tol=SUM_TOLERANCE) else ""
        self.query_one("#total", Static).update(f"Total: {format_percent(total)} of 100%{done}")

    def action_save(self) -> None:
        """Validate, then close with the request; a problem stays in the dialog."""
        try:
            request = self.request()
        except InputError as error:
            self.show_error(str(error))
            return
        self.dismiss(request)

    def request(self) -> EstimateRequest:
        """The estimate the fields give, checked as the CLI checks it."""
        kind = self.prediction.kind
        probabilities = interval = None
        if kind is Kind.CHOICE:
            typed = [text if text.strip() else "0" for text in self.option_texts()]  # blank is 0, as in the total
            probabilities = parse_choice_percents(typed, len(self.prediction.options))
            probability = max(probabilities)
        elif kind is Kind.NUMERIC:
            low = self.query_one("#low", Input).value.strip()
            high = self.query_one("#high", Input).value.strip()
            level = parse_level(self.query_one("#level", Input).value)
            interval = (*parse_interval(f"{low}..{high}"), level)
            probability = level
        else:
            probability = parse_percent(self.query_one("#percent", Input).value)
        on = parse_date(self.query_one("#date", Input).value, self.today)
        note = check_text(self.query_one("#note", Input).value.strip(), "note")
        return EstimateRequest(probability, on, note, probabilities, interval)
