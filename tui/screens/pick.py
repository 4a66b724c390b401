"""Pick one numbered record (an estimate, a note, an archived prediction) and, where the change
hides something, confirm it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label

from domain.model import Prediction
from domain.validation import InputError, parse_id_number
from tui.screens.confirm import Confirm
from tui.screens.dialog import Dialog, error_line, subject_line
from tui.widgets.field import FieldInput
from tui.widgets.footer import KeyFooter

LISTED = 12
"""The latest records the dialog lists; `forecast-journal show` lists them all."""


@dataclass(frozen=True, slots=True)
class Choice:
    """What the dialog asks for. `lines` are the records by number, `refusal(n)` says why #n cannot be
    picked (None when it can), and `question(n)`, when given, is asked before closing with n."""

    title: str
    hint: str
    what: str
    lines: Sequence[tuple[int, str]]
    default: int | None
    refusal: Callable[[int], str | None]
    question: Callable[[int], str] | None = None
    verb: str = ""
    mark: str = "#"


class PickDialog(Dialog[int]):
    """Ask for a number; enter checks it (and asks for confirmation where the choice says so), escape cancels."""

    BINDINGS = [Binding("enter", "save", "Choose", id="pick-save", tooltip="Go ahead with this number, after a check")]

    def __init__(self, prediction: Prediction | None, choice: Choice) -> None:
        super().__init__()
        self.prediction = prediction
        self.choice = choice

    def compose(self) -> ComposeResult:
        """The records by number and the number field."""
        choice = self.choice
        with Vertical(classes="dialog pick-dialog") as box:
            box.border_title = choice.title
            if self.prediction is not None:
                yield subject_line(self.prediction)
            yield Label(choice.hint, classes="dialog-hint")
            listed = choice.lines[-LISTED:]
            yield Label(Content("\n".join(line for _, line in listed)), classes="pick-lines")
            yield Label(f"{choice.what.capitalize()} number")
            yield FieldInput("" if choice.default is None else str(choice.default), id="number")
            yield error_line()
        yield KeyFooter()


    def action_save(self) -> None:
        """Check the number, then close with it (after confirmation, if asked for); a problem stays here."""
        choice = self.choice
        numbers = [number for number, _ in choice.lines]
        try:
            number = parse_id_number(self.query_one("#number", Input).value, f"{choice.what} number")
            if number not in numbers:
                raise InputError(f"there is no {choice.what} {choice.mark}{number} to choose")
            refusal = choice.refusal(number)
            if refusal is not None:
                raise InputError(refusal)
        except InputError as error:
            self.show_error(str(error))
            return
        if choice.question is None:
            self.dismiss(number)
            return

        def answered(sure: bool | None) -> None:
            if sure:
                self.dismiss(number)

        confirm = Confirm(f"{choice.verb.capitalize()}?", choice.question(number), choice.verb)
        self.app.push_screen(confirm, answered)
