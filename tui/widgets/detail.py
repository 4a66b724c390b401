"""The focused prediction's detail: full text, estimate history (drawn and listed), notes, resolution."""

from __future__ import annotations

from datetime import date

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.events import Resize
from textual.widgets import Static

from domain.export import format_percent
from domain.model import JournalData, Prediction
from tui.board import chronological, confidence_history, status_text
from tui.charts import history_chart

LISTED_ESTIMATES = 30
CHART_ROWS = 4


class DetailPanel(VerticalScroll, can_focus=False):
    """Everything about one prediction. The screen calls `show` when the focus or the journal changes."""

    def __init__(self) -> None:
        super().__init__(id="detail")
        self._shown: tuple[Prediction, JournalData, date] | None = None

    def compose(self) -> ComposeResult:
        """A single body that is re-rendered as a whole."""
        yield Static("No prediction selected.", id="detail-body")

    def show(self, prediction: Prediction, data: JournalData, today: date) -> None:
        """Show `prediction` as recorded in `data`."""
        self._shown = (prediction, data, today)
        self.border_title = f"{prediction.id}. {prediction.title}"
        self.query_one("#detail-body", Static).update(self._render_detail(prediction, data, today))

    def on_resize(self, event: Resize) -> None:
        """Redraw the history chart at the new width."""
        if self._shown is not None:
            self.show(*self._shown)

    def _chart(self, prediction: Prediction, data: JournalData, today: date, width: int) -> RenderableType:
        """The confidence over time, from the first estimate to the resolution (or today)."""
        chart_width = width - 5
        history = confidence_history(prediction, data, today, points=max(2, chart_width))
        grid = Table.grid(padding=(0, 1, 0, 0))
        grid.add_column(justify="right", style="dim", no_wrap=True)
        grid.add_column(style="cyan", no_wrap=True)
        rows = history_chart(history, chart_width, CHART_ROWS)
        for index, row in enumerate(rows):
            grid.add_row("100%" if index == 0 else ("0%" if index == len(rows) - 1 else ""), row)
        first = min(e.date for e in data.estimates_for(prediction.id)).isoformat()
        resolution = data.resolution_for(prediction.id)
        last = (resolution.date if resolution else today).isoformat()
        grid.add_row("", Text(first + last.rjust(max(len(last) + 1, chart_width - len(first))), style="dim"))
        return grid

    def _render_detail(self, prediction: Prediction, data: JournalData, today: date) -> RenderableType:
        width = max(10, (self.scrollable_content_region.width or 40) - 1)
        status, _ = status_text(prediction, data, today)
        parts: list[RenderableType] = [
            Text(prediction.title, style="bold"),
            Text(f"{prediction.set_name} · resolve by {prediction.resolve_by.isoformat()} · {status}", style="dim"),
            Text(""),
            Text(prediction.text),
            Text(""),
        ]
        estimates = chronological(list(data.estimates_for(prediction.id)))
        counted = "1 estimate" if len(estimates) == 1 else f"{len(estimates)} estimates"
        parts.append(Text(f"Confidence history ({counted})", style="bold underline"))
        if estimates:
            parts.append(self._chart(prediction, data, today, width))
            table = Table(box=None, show_edge=False, pad_edge=False, width=width - 1)
            table.add_column("Date", no_wrap=True)
            table.add_column("Est.", justify="right", no_wrap=True)
            table.add_column("Note", ratio=1)
            if len(estimates) > LISTED_ESTIMATES:
                parts.append(Text(f"(latest {LISTED_ESTIMATES} of {len(estimates)} listed)", style="dim"))
            for estimate in estimates[-LISTED_ESTIMATES:]:
                table.add_row(estimate.date.isoformat(), format_percent(estimate.probability), estimate.note)
            parts.append(table)
        else:
            parts.append(Text("No estimates yet. Press e to add one.", style="dim"))
        parts += [Text(""), Text(f"Notes ({len(data.notes_for(prediction.id))})", style="bold underline")]
        for note in data.notes_for(prediction.id):
            parts += [Text(note.date.isoformat(), style="bold cyan"), Text(note.text)]
        if not data.notes_for(prediction.id):
            parts.append(Text("No notes yet. Press n to write one.", style="dim"))
        parts += [Text(""), Text("Resolution", style="bold underline")]
        resolution = data.resolution_for(prediction.id)
        if resolution is None:
            parts.append(Text(f"Not resolved ({status}). Press r to resolve.", style="dim"))
        else:
            parts.append(Text(f"{resolution.outcome.value} on {resolution.date.isoformat()}"))
            if resolution.note:
                parts.append(Text(resolution.note))
        return Group(*parts)
