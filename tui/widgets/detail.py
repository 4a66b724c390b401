"""The focused prediction's detail: full text, estimate history (drawn and listed), notes, resolution."""

from __future__ import annotations

import textwrap
from datetime import date

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.reactive import reactive
from textual.widget import Widget

from domain.display import count_of, format_percent
from domain.model import JournalData, Prediction
from domain.safe_text import visible, visible_line
from tui.board import chronological, confidence_history, status_text
from tui.charts import history_chart

# The panel is laid out whole at every layout pass, so it lists only the latest; the export has them all.
LISTED_ESTIMATES = 30
LISTED_NOTES = 20
# Each text (prediction text, note, reason) is cut to its start: laying out a 100,000-character note
# at every layout pass froze the app. The export has every word.
SHOWN_CHARACTERS = 2_000
CHART_ROWS = 4
NOTE_COLUMN = 10 + 2 + 5 + 2  # the date, a gap, the estimate right-aligned in 5 cells, a gap

Part = str | tuple[str, str]
Shown = tuple[Prediction, JournalData, date]


class DetailPanel(VerticalScroll, can_focus=False):
    """Everything about one prediction. The screen calls `show` when the focus or the journal changes."""

    def __init__(self, shown: Shown | None = None) -> None:
        super().__init__(id="detail")
        self._first = shown
        if shown is not None:
            self.border_title = _title(shown[0])

    def compose(self) -> ComposeResult:
        """A single body, drawn at the panel's width."""
        # The first prediction is there from the start, so the first layout already has it.
        yield DetailBody(self._first)

    def show(self, prediction: Prediction, data: JournalData, today: date) -> None:
        """Show `prediction` as recorded in `data`."""
        self.border_title = _title(prediction)
        self.query_one(DetailBody).shown = (prediction, data, today)


def _title(prediction: Prediction) -> Content:
    return Content(f"{prediction.id}. {visible_line(prediction.title)}")


def excerpt(text: str) -> tuple[str, str]:
    """The start of `text`, safe to show, and a line saying how much is left out ("" when nothing is)."""
    if len(text) <= SHOWN_CHARACTERS:
        return visible(text), ""
    rest = len(text) - SHOWN_CHARACTERS
    return visible(text[:SHOWN_CHARACTERS]) + "…", f"… {count_of(rest, 'more character')}; x exports them all"


class DetailBody(Widget):
    """The detail as one piece of text. It is rendered at the width the layout gives it, so a resize
    redraws the history chart without a second layout pass."""

    shown: reactive[Shown | None] = reactive(None, layout=True)

    def __init__(self, shown: Shown | None) -> None:
        super().__init__(id="detail-body")
        self.set_reactive(DetailBody.shown, shown)
        self._layout_width = 0

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """Remember the width the layout offers: `render` runs before the size is final."""
        self._layout_width = width
        return super().get_content_height(container, viewport, width)

    def render(self) -> Content:
        """The detail of the shown prediction."""
        if self.shown is None:
            return Content("No prediction selected.")
        width = max(10, self._layout_width or self.content_size.width or 40)
        return self._render_detail(*self.shown, width)

    def _chart(self, prediction: Prediction, data: JournalData, today: date, width: int) -> list[Part]:
        """The confidence over time, from the first estimate to the resolution (or today)."""
        chart_width = width - 5
        history = confidence_history(prediction, data, today, points=max(2, chart_width))
        rows = history_chart(history, chart_width, CHART_ROWS)
        parts: list[Part] = []
        for index, row in enumerate(rows):
            label = "100%" if index == 0 else ("0%" if index == len(rows) - 1 else "")
            parts += [(f"{label:>4} ", "dim"), (row, "$accent"), "\n"]
        first = min(e.date for e in data.estimates_for(prediction.id)).isoformat()
        resolution = data.resolution_for(prediction.id)
        last = (resolution.date if resolution else today).isoformat()
        parts += [("     " + first + last.rjust(max(len(last) + 1, chart_width - len(first))), "dim"), "\n"]
        return parts

    def _render_detail(self, prediction: Prediction, data: JournalData, today: date, width: int) -> Content:
        # Content rather than rich Groups and Tables: it is measured and drawn at every layout pass,
        # and rich renderables there made up most of the main screen's first paint.
        status, _ = status_text(prediction, data, today)
        parts: list[Part] = []

        def line(text: str = "", style: str = "") -> None:
            parts.extend(((text, style), "\n"))

        def long_text(text: str) -> None:
            shown, left_out = excerpt(text)
            line(shown)
            if left_out:
                line(left_out, "dim")

        line(visible_line(prediction.title), "bold")
        where = f"{visible_line(prediction.set_name)} · resolve by {prediction.resolve_by.isoformat()} · {status}"
        line(where, "dim")
        line()
        long_text(prediction.text)
        line()
        estimates = chronological(list(data.estimates_for(prediction.id)))
        line(f"Confidence history ({count_of(len(estimates), 'estimate')})", "bold underline")
        if estimates:
            parts += self._chart(prediction, data, today, width)
            if len(estimates) > LISTED_ESTIMATES:
                line(f"(latest {LISTED_ESTIMATES} of {len(estimates)} listed)", "dim")
            line(f"{'Date':<10}  {'Est.':>5}  Note", "bold")
            note_width = max(10, width - NOTE_COLUMN)
            for estimate in estimates[-LISTED_ESTIMATES:]:
                # Long notes wrap under the note column, not under the dates.
                shown, left_out = excerpt(estimate.note)
                reason = ("\n" + " " * NOTE_COLUMN).join(textwrap.wrap(shown, note_width))
                line(f"{estimate.date.isoformat()}  {format_percent(estimate.probability):>5}  {reason}")
                if left_out:
                    line(" " * NOTE_COLUMN + left_out, "dim")
        else:
            line("No estimates yet. Press e to add one.", "dim")
        notes = data.notes_for(prediction.id)
        line()
        line(f"Notes ({len(notes)})", "bold underline")
        if len(notes) > LISTED_NOTES:
            line(f"(latest {LISTED_NOTES} of {len(notes)} listed; x exports them all)", "dim")
        for note in notes[-LISTED_NOTES:]:
            line(note.date.isoformat(), "bold $accent")
            long_text(note.text)
        if not notes:
            line("No notes yet. Press n to write one.", "dim")
        line()
        line("Resolution", "bold underline")
        resolution = data.resolution_for(prediction.id)
        if resolution is None:
            line(f"Not resolved ({status}). Press r to resolve.", "dim")
        else:
            line(f"{resolution.outcome.value} on {resolution.date.isoformat()}")
            if resolution.note:
                long_text(resolution.note)
        return Content.assemble(*parts[:-1])
