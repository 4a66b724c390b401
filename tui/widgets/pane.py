"""A prediction pane: number and title, latest confidence with a sparkline (marking the window's close),
note count, status (on the bottom border) and tags (on the top border)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from domain.display import count_of
from domain.safe_text import visible_line
from tui.board import PaneView, shown_tags
from tui.charts import CLOSE_MARK, CLOSE_STYLE, SERIES_STYLE, sparkline, split_at_close

STATUS_CLASSES = ("open", "overdue", "yes", "no", "ambiguous")


def pane_tags(view: PaneView) -> Content | None:
    """The tags for the pane's top border, '#ai #work' (the border cuts them with … when narrow)."""
    return Content(shown_tags(view.tags)) if view.tags else None


class PredictionPane(Widget, can_focus=True):
    """One prediction of the board. Posts `PredictionPane.Focused` when it gets focus."""

    view: reactive[PaneView | None] = reactive(None, layout=False)

    @dataclass
    class Focused(Message):
        """The user moved to this pane."""

        prediction_id: int

    def __init__(self, view: PaneView) -> None:
        # Classes and titles go in before mounting: changing them on a new widget costs a style
        # update each, which was most of the cost of building the board.
        super().__init__(id=f"pane-{view.prediction_id}", classes=f"pane -{view.kind}")
        self.prediction_id = view.prediction_id
        self.set_reactive(PredictionPane.view, view)
        self.border_subtitle = view.status
        self.border_title = pane_tags(view)

    def show(self, view: PaneView) -> None:
        """Show new contents (called by the screen when the journal changes)."""
        self.view = view
        self.border_title = pane_tags(view)
        for kind in STATUS_CLASSES:
            self.set_class(view.kind == kind, f"-{kind}")
        self._fit_status()

    def on_resize(self) -> None:
        """A narrower pane shows the shorter status, so that a resolved one keeps its Brier in sight."""
        self._fit_status()

    def _fit_status(self) -> None:
        view = self.view
        assert view is not None
        # The bottom border keeps three cells at each end: its corner, a line and the blank beside the text.
        room = self.outer_size.width - 6
        # The full status, else without "resolved", else only its score: the Brier score always shows.
        fallbacks = (view.status, view.short_status, view.short_status.rpartition(" · ")[2])
        status = next((text for text in fallbacks if cell_len(text) <= room), fallbacks[-1])
        if self.border_subtitle != status:
            self.border_subtitle = status

    def render(self) -> Content:
        """Title, confidence and sparkline (after the window's close: dim, past a ┊), counts."""
        view = self.view
        assert view is not None
        width = max(4, self.content_size.width - len(view.latest) - 2)
        before, after = split_at_close(view.history.values, width, view.history.closed_from)
        closed = (CLOSE_MARK, CLOSE_STYLE) if view.history.closed_from is not None else ""
        return Content.assemble(
            (f"{view.prediction_id}. {visible_line(view.title)}", "b"),
            "\n",
            (view.latest, "b"),
            "  ",
            (sparkline(before, len(before)), SERIES_STYLE),
            closed,
            (sparkline(after, len(after)), "dim"),
            "\n",
            (f"{count_of(view.notes, 'note')} · {count_of(view.estimates, 'estimate')}", "dim"),
        )

    def on_focus(self) -> None:
        """Tell the screen which prediction is focused."""
        self.post_message(self.Focused(self.prediction_id))
