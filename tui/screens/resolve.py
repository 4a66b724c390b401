"""The resolve dialog: y, n or a picks the outcome, with a date and an optional note; enter confirms.
A resolved prediction can be unresolved. It shows the resolve-by date, the estimate that will be scored
and the Brier it will get, and warns when the date is before every estimate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from domain.display import format_percent, format_score
from domain.kinds import answer_text, estimate_text, format_number, parse_answer, with_unit
from domain.model import Estimate, JournalData, Kind, Outcome, Prediction, Resolution, default_resolution_date
from domain.safe_text import visible_line
from domain.scoring import brier, preview_resolution
from domain.validation import InputError, check_text, parse_date
from tui.screens.dialog import Dialog, error_line, subject_line
from tui.widgets.date_input import DateInput
from tui.widgets.field import PlainInput
from tui.widgets.footer import KeyFooter


@dataclass(frozen=True, slots=True)
class ResolveRequest:
    """Resolve with `outcome` (a choice's `option`, a numeric one's `value`) on `on` (with `note`), or
    unresolve when `outcome` is None."""

    outcome: Outcome | None
    on: date
    note: str = ""
    option: str | None = None
    value: float | None = None


class ResolveDialog(Dialog[ResolveRequest]):
    """Pick yes, no or ambiguous (or unresolve a resolved prediction), then confirm with enter."""

    BINDINGS = [
        Binding("y", "pick('yes')", "Yes", id="resolve-yes", tooltip="It came true", priority=True),
        Binding("n", "pick('no')", "No", id="resolve-no", tooltip="It did not come true", priority=True),
        Binding(
            "a", "pick('ambiguous')", "Ambiguous", id="resolve-ambiguous", tooltip="No clear answer", priority=True
        ),
        Binding("u", "pick('unresolve')", "Unresolve", id="resolve-undo", tooltip="Make it open again", priority=True),
        Binding("enter", "save", "Confirm", id="resolve-confirm", tooltip="Save the choice shown"),
    ]

    def __init__(
        self, prediction: Prediction, resolution: Resolution | None, today: date, data: JournalData | None = None
    ) -> None:
        super().__init__()
        self.prediction = prediction
        self.resolution = resolution
        self.today = today
        self.data = data
        self.choice: str | None = None

    def compose(self) -> ComposeResult:
        """Current state, the choice, and the date."""
        with Vertical(classes="dialog", id="resolve-dialog") as box:
            box.border_title = "Resolve"
            yield subject_line(self.prediction)
            if self.resolution is not None:
                yield Label(
                    f"Resolved {visible_line(answer_text(self.resolution, self.prediction))} on "
                    f"{self.resolution.date.isoformat()}. Press u to unresolve, then enter.",
                    classes="dialog-hint",
                    markup=False,
                )
            elif self.prediction.kind is Kind.BINARY:
                yield Label("Open. Press y (yes), n (no) or a (ambiguous), then enter.", classes="dialog-hint")
            else:
                yield from self.answer_fields()
            yield Static("Choice: none yet", id="choice")
            if self.resolution is None:
                overdue = " (overdue)" if self.today > self.prediction.resolve_by else ""
                yield Label(f"Resolve by: {self.prediction.resolve_by.isoformat()}{overdue}", id="resolve-by")
                yield Label("Date the answer became known (YYYY-MM-DD)")
                default = default_resolution_date(self.prediction, self.today)
                yield DateInput(default.isoformat(), id="date")
                yield Static(self.scoring_preview(default), id="scoring", markup=False)
                yield Label("Note, optional: how it was resolved (tab to reach it)")
                yield PlainInput(id="note", placeholder="e.g. the source that settled it")
            yield error_line()
        yield KeyFooter()

    def answer_fields(self) -> ComposeResult:
        """A choice's options, numbered, or a numeric question's unit, and the field to type the answer in."""
        if self.prediction.kind is Kind.CHOICE:
            yield Label(
                "Open. Type the option that happened (its number or name), or ambiguous:", classes="dialog-hint"
            )
            for n, option in enumerate(self.prediction.options, 1):
                yield Label(f"{n}. {visible_line(option)}", markup=False)
        else:
            unit = f" ({visible_line(self.prediction.unit)})" if self.prediction.unit else ""
            yield Label(f"Open. Type the value{unit}, or ambiguous:", classes="dialog-hint", markup=False)
        yield PlainInput(id="answer", placeholder="e.g. 2" if self.prediction.kind is Kind.CHOICE else "e.g. 15.3")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer y/n/a for an open yes/no prediction and u for a resolved one; in a text field, letters are text."""
        if action == "pick":
            if self.focused is not None and self.focused.id in ("note", "answer"):
                return False
            unresolving = parameters == ("unresolve",)
            if not unresolving and self.prediction.kind is not Kind.BINARY:
                return False
            return unresolving == (self.resolution is not None)
        return True

    def action_pick(self, choice: str) -> None:
        """Remember the choice and show it."""
        self.choice = choice
        self.clear_error()
        shown = "unresolve (make it open again)" if choice == "unresolve" else choice
        self.query_one("#choice", Static).update(f"Choice: {shown}")
        self.update_preview()

    def on_input_changed(self, event: Input.Changed) -> None:
        """A new date changes which estimate is scored."""
        if event.input.id in ("date", "answer"):
            self.update_preview()

    def update_preview(self) -> None:
        """Show what the date and outcome chosen so far would score."""
        if self.resolution is not None:
            return
        try:
            on = parse_date(self.query_one("#date", DateInput).value, self.today)
        except InputError:
            self.query_one("#scoring", Static).update("Scored: — (type a date)")
            return
        self.query_one("#scoring", Static).update(self.scoring_preview(on))

    def scoring_preview(self, on: date) -> str:
        """The estimate that resolving on `on` scores and its Brier (per outcome until one is picked),
        or why nothing would be scored."""
        if self.data is None:
            return ""
        estimates = self.data.estimates_for(self.prediction.id)
        if estimates and all(on < e.date for e in estimates):
            return f"Warning: {on.isoformat()} is before every estimate, so none of them would be scored."
        # The window, and so the estimate scored, does not depend on the outcome.
        kind = self.prediction.kind
        if kind is Kind.BINARY:
            score = preview_resolution(self.prediction, self.data, Outcome.YES, on)
        else:  # any answer its kind takes will do
            first = self.prediction.options[0] if kind is Kind.CHOICE else None
            value = 0.0 if kind is Kind.NUMERIC else None
            score = preview_resolution(self.prediction, self.data, Outcome.ANSWERED, on, first, value)
        final = score.final_estimate
        if final is None:
            reason = score.unscored_reason.value if score.unscored_reason is not None else "no estimate"
            return f"Not scored: {reason}."
        number = next(i for i, e in enumerate(estimates, 1) if e is final)
        if self.prediction.kind is not Kind.BINARY:
            return self.answer_preview(number, final, on)
        scored = f"Scored: estimate #{number}, {format_percent(final.probability)} of {final.date.isoformat()}"
        if self.choice == "ambiguous":
            return f"{scored}; ambiguous is not scored."
        if_yes, if_no = format_score(brier(final.probability, 1)), format_score(brier(final.probability, 0))
        if self.choice in ("yes", "no"):
            return f"{scored} → Brier {if_yes if self.choice == 'yes' else if_no}"
        return f"{scored} → Brier {if_yes} if yes, {if_no} if no"

    def answer_preview(self, number: int, final: Estimate, on: date) -> str:
        """The estimate a choice or numeric answer scores, and its score once the answer typed is valid."""
        scored = f"Scored: estimate #{number}, {visible_line(estimate_text(final, self.prediction))} of {final.date}"
        try:
            typed = next((field.value for field in self.query("#answer").results(Input)), "")  # none while composing
            answer = parse_answer(typed, self.prediction)
        except InputError:
            return scored
        if self.data is None or answer.outcome is Outcome.AMBIGUOUS:
            return f"{scored}; ambiguous is not scored." if self.data else scored
        score = preview_resolution(self.prediction, self.data, answer.outcome, on, answer.option, answer.value)
        if score.interval_score is not None:
            held = "held the value" if score.covered else "missed the value"
            shown = visible_line(with_unit(format_number(score.interval_score), self.prediction.unit))
            return f"{scored} → interval score {shown}, {held}"
        return f"{scored} → Brier {format_score(score.brier)} (0–2)"

    def draft(self) -> tuple[str, str]:
        """The resolution note typed so far (only an open prediction's dialog has one)."""
        notes = self.query("#note").results(Input)
        return next((field.value for field in notes), ""), "resolution note"

    def action_save(self) -> None:
        """Validate, then close with the request."""
        if self.resolution is None and self.prediction.kind is not Kind.BINARY:
            self.save_answer()
            return
        if self.choice is None:
            keys = "u" if self.resolution is not None else "y, n or a"
            self.show_error(f"pick an outcome first: press {keys}")
            return
        if self.choice == "unresolve":
            self.dismiss(ResolveRequest(None, self.today))
            return
        try:
            on = parse_date(self.query_one("#date", DateInput).value, self.today)
            note = check_text(self.query_one("#note", Input).value.strip(), "note")
        except InputError as error:
            self.show_error(str(error))
            return
        self.dismiss(ResolveRequest(Outcome(self.choice), on, note))

    def save_answer(self) -> None:
        """Close with the answer typed for a choice or numeric prediction; a problem stays in the dialog."""
        try:
            answer = parse_answer(self.query_one("#answer", Input).value, self.prediction)
            on = parse_date(self.query_one("#date", DateInput).value, self.today)
            note = check_text(self.query_one("#note", Input).value.strip(), "note")
        except InputError as error:
            self.show_error(str(error))
            return
        self.dismiss(ResolveRequest(answer.outcome, on, note, answer.option, answer.value))
