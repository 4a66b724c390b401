"""The focused prediction's detail: tags, full text, estimate history (drawn and listed, each estimate with its
number and markers), notes (numbered; removed ones hidden), resolution."""

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
from domain.kinds import answer_text, estimate_text
from domain.markers import RETRACTED, estimate_markers
from domain.model import Estimate, JournalData, Kind, Note, Outcome, Prediction, Resolution, date_order
from domain.safe_text import visible, visible_line
from domain.scoring import window_close
from tui.board import estimates_in_force, shown_tags, status_text
from tui.charts import (
    BAND_STYLE,
    CLOSE_MARK,
    CLOSE_STYLE,
    LABEL_WIDTH,
    OUTCOME_MARK,
    VALUE_MARK,
    VALUE_STYLE,
    choice_plot,
    history_plot,
    interval_plot,
    option_mark,
)

# The panel is laid out whole at every layout pass, so it lists only the latest; the export has them all.
LISTED_ESTIMATES = 30
LISTED_NOTES = 20
# Each text (prediction text, note, reason) is cut to its start: laying out a 100,000-character note
# at every layout pass froze the app. The export has every word.
SHOWN_CHARACTERS = 2_000
# The history chart's rows of plot: the fewest, and the most it grows to when the panel has room below.
CHART_ROWS = 5
CHART_MAX_ROWS = 15
ESTIMATE_COLUMNS = 10 + 2 + 5 + 2  # the date, a gap, the estimate right-aligned in 5 cells, a gap
MARKER_STYLE = "italic $text-warning"
CLOSE_AFTER = "; later estimates are not scored"

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
        self._room = 0
        self._drawn: dict[tuple[int, int], Content] = {}

    def watch_shown(self) -> None:
        """Another prediction or snapshot: draw it afresh."""
        self._drawn.clear()

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """Remember the width and height the layout offers: `render` runs before the size is final."""
        self._layout_width = width
        self._room = container.height
        return super().get_content_height(container, viewport, width)

    def render(self) -> Content:
        """The detail of the shown prediction."""
        if self.shown is None:
            return Content("No prediction selected.")
        width = max(20, self._layout_width or self.content_size.width or 40)
        detail = self._drawn_at(width, CHART_ROWS)
        # The chart grows into the room the rest leaves in the panel (lines counted without word wrap).
        spare = self._room - 1 - sum(max(1, -(-len(line) // width)) for line in detail.plain.split("\n"))
        if spare > 1 and self.shown[1].estimates_for(self.shown[0].id):
            detail = self._drawn_at(width, min(CHART_MAX_ROWS, CHART_ROWS + spare))
        return detail

    def _drawn_at(self, width: int, rows: int) -> Content:
        """The detail at this width with `rows` rows of chart, drawn once: layout asks for it several times."""
        assert self.shown is not None
        if (width, rows) not in self._drawn:
            self._drawn[width, rows] = self._render_detail(*self.shown, width, rows)
        return self._drawn[width, rows]

    def _chart(self, prediction: Prediction, data: JournalData, today: date, width: int, rows: int) -> list[Part]:
        """The estimates over time with `rows` rows of plot, from the first estimate that counts (not
        retracted) to the resolution (or today): a yes/no prediction's confidence as a step line (its yes or
        no outcome a ● after its end), a choice one's probabilities stacked with a legend of its options (the
        option that happened a ●), a numeric one's interval band (the value resolved a line across). Past
        the window's close (┊) it is drawn dim. Empty when every estimate is retracted."""
        in_force, closed_from = estimates_in_force(prediction, data, today, points=max(2, width - LABEL_WIDTH - 1))
        if not in_force:
            return []
        counted = [e.date for e in data.estimates_for(prediction.id) if e.retracted is None]
        resolution = data.resolution_for(prediction.id)
        # The same span as estimates_in_force: an estimate after the resolution stretches it.
        first, last = min(counted), max(resolution.date if resolution else today, *counted)
        legend: list[Part] = []
        indent = " " * LABEL_WIDTH
        if prediction.kind is Kind.CHOICE:
            answer = None
            if resolution is not None and resolution.option in prediction.options:
                answer = prediction.options.index(resolution.option)
            probabilities = [e.probabilities or () for e in in_force]
            lines = choice_plot(
                probabilities, width, rows + 2, first=first, last=last, closed_from=closed_from, answer=answer
            )
            legend = _option_legend(prediction.options, width)
            if resolution is not None and answer is not None:
                legend += [indent, (OUTCOME_MARK, "bold"), (f" {_answered(resolution, prediction)}", "dim"), "\n"]
        elif prediction.kind is Kind.NUMERIC:
            value = resolution.value if resolution is not None else None
            intervals = [(e.low or 0.0, e.high or 0.0) for e in in_force]
            lines = interval_plot(
                intervals, width, rows + 2, first=first, last=last, closed_from=closed_from, value=value
            )
            levels = sorted({e.level for e in in_force if e.level is not None})
            shown = "–".join(format_percent(level) for level in (levels[0], levels[-1])[: min(2, len(levels))])
            legend = [indent, ("█", BAND_STYLE), (f" interval in force ({shown})", "dim"), "\n"]
            if resolution is not None and value is not None:
                legend += [indent, (VALUE_MARK, VALUE_STYLE), (f" {_answered(resolution, prediction)}", "dim"), "\n"]
        else:
            outcome = None if resolution is None else {Outcome.YES: 1.0, Outcome.NO: 0.0}.get(resolution.outcome)
            values = [e.probability for e in in_force]
            lines = history_plot(
                values, width, rows + 2, first=first, last=last, closed_from=closed_from, outcome=outcome
            )
            if outcome is not None and resolution is not None:
                legend = [indent, (OUTCOME_MARK, "bold"), (f" resolved {resolution.outcome.value}", "dim"), "\n"]
        parts: list[Part] = []
        for line in lines:
            parts += [*line, "\n"]
        if closed_from is not None:
            close = f" window closed {window_close(prediction, resolution).isoformat()}"
            if len(indent + close + CLOSE_AFTER) <= width:
                close += CLOSE_AFTER
            parts += [indent if len(indent + close) <= width else "", (CLOSE_MARK, CLOSE_STYLE), (close, "dim"), "\n"]
        return parts + legend

    def _estimate_lines(self, prediction: Prediction, data: JournalData, width: int) -> list[Part]:
        """The latest estimates by date, each with its number (recording order), markers and note."""
        resolution = data.resolution_for(prediction.id)
        close = window_close(prediction, resolution)
        numbered = sorted(enumerate(data.estimates_for(prediction.id), 1), key=lambda x: date_order(x[1]))
        number_width = len(str(len(numbered))) + 1
        note_column = number_width + 2 + ESTIMATE_COLUMNS
        note_width = max(10, width - note_column)
        parts: list[Part] = []
        if len(numbered) > LISTED_ESTIMATES:
            parts += [(f"(latest {LISTED_ESTIMATES} of {len(numbered)} listed)", "dim"), "\n"]
        parts += [(f"{'#':>{number_width}}  {'Date':<10}  {'Est.':>5}  Note", "bold"), "\n"]
        for number, estimate in numbered[-LISTED_ESTIMATES:]:
            binary = prediction.kind is Kind.BINARY
            head = f"{'#' + str(number):>{number_width}}  {estimate.date.isoformat()}  "
            head += f"{format_percent(estimate.probability) if binary else '':>5}"
            parts.append((head, "" if estimate.retracted is None else "strike dim"))
            if not binary:  # a choice's probabilities or a numeric interval: a line of its own
                parts += ["\n", (" " * (number_width + 2) + visible_line(estimate_text(estimate, prediction)), "")]
            markers = [_marker_label(marker, estimate) for marker in estimate_markers(estimate, close)]
            shown, left_out = excerpt(estimate.note)
            parts += _note_beside(markers, shown, note_width, note_column)
            if left_out:
                parts += [(" " * note_column + left_out, "dim"), "\n"]
        return parts

    def _render_detail(self, prediction: Prediction, data: JournalData, today: date, width: int, rows: int) -> Content:
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
        if prediction.tags:
            line(shown_tags(prediction.tags), "$text-accent")
        line()
        long_text(prediction.text)
        line()
        estimates = data.estimates_for(prediction.id)
        line(f"Confidence history ({count_of(len(estimates), 'estimate')})", "bold underline")
        if estimates:
            parts += self._chart(prediction, data, today, width, rows)
            parts += self._estimate_lines(prediction, data, width)
        else:
            line("No estimates yet. Press e to add one.", "dim")
        numbered_notes = list(enumerate(data.notes_for(prediction.id), 1))
        notes = [(number, note) for number, note in numbered_notes if note.removed is None]
        removed = [number for number, note in numbered_notes if note.removed is not None]
        line()
        line(f"Notes ({len(notes)})", "bold underline")
        if len(notes) > LISTED_NOTES:
            line(f"(latest {LISTED_NOTES} of {len(notes)} listed; x exports them all)", "dim")
        for number, note in notes[-LISTED_NOTES:]:
            parts += [(f"#{number}  {note.date.isoformat()}", "bold $text-accent"), _edited(note), "\n"]
            long_text(note.text)
        if removed:
            hidden = ", ".join(f"#{number}" for number in removed)
            line(f"{count_of(len(removed), 'removed note')} hidden: {hidden}", "dim")
        elif not notes:
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
        for undone in prediction.undone:
            answer = visible_line(answer_text(undone.resolution(prediction.id), prediction))
            line(f"undone: {answer} on {undone.date.isoformat()}", "dim")
            if undone.note:
                long_text(undone.note)
        return Content.assemble(*parts[:-1])


def _answered(resolution: Resolution, prediction: Prediction) -> str:
    """'resolved OPTION' or 'resolved 15.3 GW', safe to show."""
    return f"resolved {visible_line(answer_text(resolution, prediction))}"


def _option_legend(options: tuple[str, ...], width: int) -> list[Part]:
    """Each option's mark and name (safe to show, cut to fit), as many to a line as fit in `width`."""
    parts: list[Part] = []
    used = 0
    for index, option in enumerate(options):
        name = visible_line(option)
        room = width - LABEL_WIDTH - 2
        if len(name) > room:
            name = name[: max(1, room - 1)] + "…"
        entry = 2 + len(name)
        if used and used + 2 + entry > width:
            parts.append("\n")
            used = 0
        if not used:
            parts.append(" " * LABEL_WIDTH)
            used = LABEL_WIDTH
        else:
            parts.append("  ")
            used += 2
        parts += [option_mark(index), (f" {name}", "")]
        used += entry
    return [*parts, "\n"] if parts else []


def _marker_label(marker: str, estimate: Estimate) -> str:
    """A marker as shown: a retraction carries its reason."""
    if marker != RETRACTED or estimate.retracted is None:
        return marker
    return f"retracted: {visible_line(estimate.retracted.reason) or 'no reason given'}"


def _note_beside(markers: list[str], note: str, width: int, column: int) -> list[Part]:
    """The markers, then `note`, from the end of an estimate's line. Both wrap under `column`, not under
    the dates; a marker is never split unless it is wider than a line. The note starts beside the last
    marker when that leaves it at least half the line."""
    rows: list[str] = []
    for marker in markers:
        if rows and len(rows[-1]) + 3 + len(marker) <= width:
            rows[-1] += " · " + marker
        else:
            rows += textwrap.wrap(marker, width) or [marker]
    indent = "\n" + " " * column
    parts: list[Part] = []
    for index, row in enumerate(rows):
        parts += [indent if index else "  ", (row, MARKER_STYLE)]
    beside = len(rows[-1]) + 2 if rows and len(rows[-1]) + 2 <= width // 2 else 0
    # The note wraps as if the last marker were spaces at its start; those spaces are then dropped.
    wrapped = textwrap.wrap(note, width, initial_indent=" " * beside)
    if wrapped:
        first = wrapped[0][beside:]
        parts += ["  " + first if beside or not rows else indent + first]
        parts += [indent + row for row in wrapped[1:]]
    parts.append("\n")
    return parts


def _edited(note: Note) -> Part:
    """'edited N times' beside a note whose text was replaced."""
    if not note.edited:
        return ""
    times = "once" if len(note.revisions) == 1 else f"{len(note.revisions)} times"
    return (f"  edited {times}", "italic dim")
