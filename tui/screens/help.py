"""Help: every key of the screen it was opened from, built from that screen's bindings, and how to read
the scores (also shown in the Brier view)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.console import Group
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from domain.score_guide import SCORE_GUIDE
from tui.screens.fitted import Fitted
from tui.widgets.footer import KeyFooter


@dataclass(frozen=True, slots=True)
class HelpRow:
    """One line of help: the keys, what they do, and a longer explanation."""

    keys: str
    description: str
    tooltip: str


def help_rows(screen: Screen[object]) -> list[HelpRow]:
    """The active bindings of `screen` (and the app), keys with the same meaning on one row."""
    rows: dict[str, tuple[list[str], Binding]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.description or active.node not in (screen, screen.app):
            continue
        label = binding.group.description if binding.group is not None else binding.description
        keys, _ = rows.setdefault(label, ([], binding))
        shown = screen.app.get_key_display(binding.with_key(key))
        if shown not in keys:
            keys.append(shown)
    return [HelpRow(" ".join(keys), label, binding.tooltip) for label, (keys, binding) in rows.items()]


def accent(app: App[Any]) -> Style:
    """Bold in the theme's text accent, for the names in a rich table (rich styles cannot name $variables)."""
    return Style.parse(f"bold {app.theme_variables['text-accent']}")


def score_guide_table(app: App[Any]) -> Table:
    """Each score and how to read it in one line (domain.score_guide), the meanings wrapping."""
    table = Table(box=None, expand=True, show_header=False, pad_edge=False)
    table.add_column("Score", style=accent(app), no_wrap=True)
    table.add_column("How to read it")
    for name, meaning in SCORE_GUIDE:
        table.add_row(name, meaning)
    return table


class HelpScreen(ModalScreen[None], Fitted[None]):
    """A list of keys; escape, q, ? or f1 closes it."""

    BINDINGS = [Binding("escape,q,question_mark,f1", "close", "Close", id="help-close", tooltip="Close the help")]

    def __init__(self, rows: list[HelpRow]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        """The table of keys."""
        table = Table(box=None, expand=True, show_header=True, header_style="bold")
        # No column is kept from wrapping: on a narrow terminal each wraps at spaces, not just the details.
        table.add_column("Key", style=accent(self.app))
        table.add_column("Action")
        table.add_column("Details", style="dim")
        for row in self.rows:
            table.add_row(row.keys, row.description, row.tooltip)
        with VerticalScroll(classes="dialog", id="help-dialog") as box:
            box.border_title = "Keys"
            guide = Group(Text(""), Text("How to read the scores", style="bold underline"), score_guide_table(self.app))
            yield Static(table)
            yield Static(guide, id="help-score-guide")
        yield KeyFooter()

    def action_close(self) -> None:
        """Back to the screen the help was opened from."""
        self.dismiss(None)
