"""The main screen: the prediction panes grouped by set (all of them, or those with one tag), the focused
prediction's detail, and a line saying how many predictions are due for review."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen
from textual.signal import Signal
from textual.widget import Widget
from textual.widgets import Label, Static

from domain.display import count_of
from domain.kinds import answer_text, estimate_text
from domain.model import JournalData, Prediction, Resolution, latest_estimate
from domain.review import DueItem, DueReason, due_items
from domain.safe_text import visible_line
from domain.validation import InputError
from storage.drafts import drafts_path, drop_draft, note_draft_key
from storage.errors import JournalError
from storage.journal import Journal
from tui.board import SetView, build_board, shown_tags
from tui.screens.fitted import Fitted
from tui.widgets.detail import DetailPanel
from tui.widgets.footer import KeyFooter
from tui.widgets.pane import PredictionPane

if TYPE_CHECKING:
    from tui.screens.add import NewPrediction
    from tui.screens.edit_note import NoteEdit
    from tui.screens.edit_prediction import PredictionEdit
    from tui.screens.estimate import EstimateRequest
    from tui.screens.note import NoteRequest
    from tui.screens.resolve import ResolveRequest
    from tui.screens.retract import RetractRequest
    from tui.screens.tags import TagChoice, TagEdit

# Each dialog is imported when it is first opened: importing them all (and the TextArea, Input and
# Select widgets they use) at start-up delayed the first paint by ~15 ms.

POLL_SECONDS = 1.0
FOCUS = Binding.Group("Go to prediction", compact=True)
MOVE = Binding.Group("Move", compact=True)
# The focus and move keys have show=False: help (?) and the palette list them. In the footer they pushed
# Quit and Help out of sight at 80 columns, and every footer item is rebuilt each time the focus moves.


TYPE_AHEAD_SECONDS = 0.5
"""A digit typed within this long of the one before extends the number: 1 then 2 goes to prediction 12."""
LONGEST_ID = 9
"""Digits of the longest id type-ahead builds; a further digit starts a new number."""


def _focus_bindings() -> list[Binding]:
    return [
        Binding(
            str(digit),
            f"type_digit({digit})",
            f"Go to {digit}",
            id=f"focus-{digit}",
            tooltip="Go to the prediction with that number; type 1 then 2 quickly for 12",
            group=FOCUS,
            show=False,
        )
        for digit in (*range(1, 10), 0)
    ]


def _move_bindings() -> list[Binding]:
    # Priority, so the scrolling board does not take the arrow keys for itself.
    moves = (
        ("up,k", "move_row(-1)", "Up", "↑k"),
        ("down,j", "move_row(1)", "Down", "↓j"),
        ("left", "move(-1)", "Left", "←"),
        ("right", "move(1)", "Right", "→"),
    )
    return [
        Binding(
            keys,
            action,
            name,
            key_display=shown,
            id=f"move-{name.lower()}",
            tooltip="Move between panes",
            group=MOVE,
            priority=True,
            show=False,
        )
        for keys, action, name, shown in moves
    ]


@dataclass
class Board:
    """A journal snapshot with the panes computed from it."""

    data: JournalData
    sets: tuple[SetView, ...]


RequestT = TypeVar("RequestT")


@dataclass(frozen=True)
class Change:
    """A write through the journal and the notice to show once it is saved. With `focus_new`, `write`
    returns the id of a new prediction, and its pane gets the focus."""

    write: Callable[[Journal], object]
    notice: str
    focus_new: bool = False


def shown_sets(board: Board, tag: str | None) -> list[SetView]:
    """The sets and panes on the board: every one, or only the panes with `tag` (and the sets that have any)."""
    if tag is None:
        return list(board.sets)
    sets = (SetView(s.name, tuple(p for p in s.panes if tag in p.tags)) for s in board.sets)
    return [s for s in sets if s.panes]


def board_widgets(board: Board, tag: str | None = None) -> list[Widget]:
    """A title and a grid of panes per set shown (see `shown_sets`)."""
    widgets: list[Widget] = []
    sets = shown_sets(board, tag)
    for set_view in sets:
        panes = [PredictionPane(view) for view in set_view.panes]
        count = len(set_view.panes)
        title = Content(f"{visible_line(set_view.name)} · {count_of(count, 'prediction')}")
        widgets.append(Label(title, classes="set-title"))
        widgets.append(Grid(*panes, classes="set-grid"))
    if not board.sets:
        widgets.append(Label("No predictions yet. Press a to add one.", classes="set-title"))
    elif not sets:
        widgets.append(Label(Content(f"No prediction has {shown_tags([tag or ''])}."), classes="set-title"))
    return widgets


DUE_WORDS = {DueReason.OVERDUE: "overdue", DueReason.SOON: "resolving soon", DueReason.STALE: "stale"}


def due_line(items: tuple[DueItem, ...]) -> str:
    """'3 due: 2 overdue, 1 stale — press u to review', or '' when nothing is due."""
    if not items:
        return ""
    counts = [(DUE_WORDS[reason], sum(item.reason is reason for item in items)) for reason in DueReason]
    reasons = ", ".join(f"{n} {word}" for word, n in counts if n)
    return f"{len(items)} due: {reasons} — press u to review"


class MainScreen(Fitted[None]):
    """The journal at a glance. Writes and polling run in workers; results come back as messages."""

    BINDINGS = [
        *_focus_bindings(),
        *_move_bindings(),
        Binding("e", "estimate", "Estimate", id="estimate", tooltip="Record a new confidence estimate"),
        Binding("n", "note", "Note", id="note", tooltip="Write a dated note"),
        Binding("r", "resolve", "Resolve", id="resolve", tooltip="Resolve yes/no/ambiguous, or unresolve"),
        Binding("b", "brier", "Brier", id="brier", tooltip="Brier scores, calibration and decomposition"),
        Binding("x", "export", "Export", id="export", tooltip="Write the journal as markdown"),
        Binding("a", "add", "Add", id="add", tooltip="Add a prediction of your own"),
        Binding(
            "u", "review", "Review", id="review", tooltip="Walk through what is due: overdue, resolving soon, stale",
            show=False,
        ),
        Binding(
            "number_sign", "edit_tags", "Tags", key_display="#", id="edit-tags",
            tooltip="Edit the prediction's tags", show=False,
        ),
        Binding(
            "f", "pick_tag", "Tag filter", id="tag-filter", tooltip="Show only the predictions with a tag", show=False
        ),
        Binding(
            "escape", "clear_tag_filter", "Show all", id="clear-tag-filter",
            tooltip="Clear the tag filter: show every prediction", show=False,
        ),
        # Like the other corrections, out of the footer (help and the palette list it): at 80 columns
        # it pushed "? Help" out of sight.
        Binding(
            "t", "retract", "Retract", id="retract", tooltip="Take back a mistyped estimate (kept, never scored)",
            show=False,
        ),
        *(
            Binding(key, action, name, id=action.replace("_", "-"), tooltip=tip, show=False)
            for key, action, name, tip in (
                ("T", "unretract", "Unretract", "Let a retracted estimate count again"),
                ("m", "edit_note", "Edit note", "Change a note's text; the earlier text is kept"),
                ("d", "remove_note", "Remove note", "Hide a note (kept in the file; edit it to bring it back)"),
                ("p", "edit_prediction", "Edit prediction", "Change your own prediction's title, text or resolve-by"),
                ("z", "archive", "Archive", "Take the prediction out of the panes and scores (kept in the file)"),
                ("Z", "unarchive", "Unarchive", "Bring an archived prediction back"),
            )
        ),
        *(
            # Priority: the board, an ancestor of the focused pane, would scroll itself instead.
            Binding(key, f"scroll_detail({step})", name, id=f"detail-{key}", tooltip=tip, show=False, priority=True)
            for key, step, name, tip in (
                ("pagedown", 1, "Detail down", "Scroll the detail panel down a page"),
                ("pageup", -1, "Detail up", "Scroll the detail panel up a page"),
            )
        ),
    ]

    @dataclass
    class Changed(Message):
        """The journal on disk changed (a save here, or another process)."""

        board: Board
        notice: str = ""
        focus_id: int | None = None

    @dataclass
    class Failed(Message):
        """A save or a re-read failed; `text` is one line for the user."""

        text: str

    focused_id: var[int | None] = var(None, init=False)
    """The prediction whose pane has focus; the detail panel follows it (`watch_focused_id`)."""

    def __init__(self, journal: Journal, board: Board) -> None:
        super().__init__()
        self.journal = journal
        self.board = board
        first = next((p for s in board.sets for p in s.panes), None)
        # The first pane gets the focus on mount, and the composed detail already shows it.
        self.set_reactive(MainScreen.focused_id, None if first is None else first.prediction_id)
        self._last_poll_error = ""
        self.monotonic: Callable[[], float] = time.monotonic
        """The clock that decides whether a digit extends the number typed before it (tests replace it)."""
        self._typed = ""
        self._typed_at = 0.0
        self._typed_target: int | None = None
        self.tag_filter: str | None = None
        """The tag whose predictions alone are shown (None: every prediction)."""
        self.data_changed: Signal[JournalData] = Signal(self, "data-changed")
        """Published with the journal of each new board shown, so that the review queue follows it."""

    def compose(self) -> ComposeResult:
        """The due line and the filter line above the board of panes, beside the detail."""
        text = due_line(due_items(self.board.data, self.today))
        due = Static(Content(text), id="due-line")
        due.display = bool(text)
        yield due
        filter_line = Static(id="filter-line")
        filter_line.display = False
        yield filter_line
        with Horizontal(id="main"):
            # The first board is composed rather than mounted afterwards: one layout pass, not two.
            yield VerticalScroll(*board_widgets(self.board), id="board", can_focus=False)
            prediction = self.focused_prediction()
            yield DetailPanel(None if prediction is None else (prediction, self.board.data, self.today))
        yield KeyFooter()

    def on_mount(self) -> None:
        """Focus the first pane and start watching the file."""
        # The board and the detail always show a scrollbar (overflow-y: scroll in app.tcss). Made here,
        # before the first layout, they do not cost a second and a third layout pass when they appear.
        for panel in (self.query_one("#board", VerticalScroll), self.query_one(DetailPanel)):
            panel.show_vertical_scrollbar = True
            panel.vertical_scrollbar.display = True
        panes = self._panes()
        if panes:
            panes[0].focus()
        self.set_interval(POLL_SECONDS, self.check_for_changes)

    def _panes(self) -> list[PredictionPane]:
        return list(self.query(PredictionPane))

    @property
    def today(self) -> date:
        """Today by the journal's clock."""
        return self.journal.today()

    def _layout(self, board: Board) -> list[tuple[str, list[int]]]:
        return [(s.name, [p.prediction_id for p in s.panes]) for s in shown_sets(board, self.tag_filter)]

    async def _rebuild(self, board: Board, focus_id: int | None = None) -> None:
        """Lay the panes out again, keeping the focus on `focus_id` (or the focused prediction) when it is shown."""
        keep = focus_id if focus_id is not None else self.focused_id
        container = self.query_one("#board", VerticalScroll)
        await container.remove_children()
        await container.mount_all(board_widgets(board, self.tag_filter))
        target = next((p for p in self._panes() if p.prediction_id == keep), None)
        (target or next(iter(self._panes()), None) or self).focus()
        if target is not None:
            # Focusing scrolls to a pane already laid out; new panes are laid out at the next refresh.
            self.call_after_refresh(target.scroll_visible, animate=False)

    async def show_board(self, board: Board, focus_id: int | None = None) -> None:
        """Show a new snapshot: update the panes in place, or lay them out again when the sets changed."""
        layout = self._layout(board)
        current = self._layout(self.board)
        self.board = board
        if layout != current:
            await self._rebuild(board, focus_id)
        else:
            views = {view.prediction_id: view for s in board.sets for view in s.panes}
            for pane in self._panes():
                pane.show(views[pane.prediction_id])
            if focus_id is not None:
                self.query_one(f"#pane-{focus_id}", PredictionPane).focus()
        # The focused prediction may read differently in the new snapshot, even if the focus stays.
        self.mutate_reactive(MainScreen.focused_id)
        self.show_lines()
        self.data_changed.publish(board.data)

    def show_lines(self) -> None:
        """The due line (hidden when nothing is due) and the filter line (hidden when there is no filter)."""
        due = self.query_one("#due-line", Static)
        text = due_line(due_items(self.board.data, self.today))
        due.update(Content(text))
        due.display = bool(text)
        filter_line = self.query_one("#filter-line", Static)
        filter_line.display = self.tag_filter is not None
        if self.tag_filter is not None:
            shown = sum(len(s.panes) for s in shown_sets(self.board, self.tag_filter))
            total = sum(len(s.panes) for s in self.board.sets)
            filter_line.update(
                Content(
                    f"Showing only {shown_tags([self.tag_filter])}: {shown} of {count_of(total, 'prediction')}"
                    " — f picks another tag, escape shows all"
                )
            )

    def watch_focused_id(self) -> None:
        """Show the focused prediction in the detail panel."""
        prediction = self.focused_prediction()
        if prediction is not None:
            self.query_one(DetailPanel).show(prediction, self.board.data, self.today)

    def focused_prediction(self) -> Prediction | None:
        """The prediction whose pane has focus."""
        return None if self.focused_id is None else self.board.data.prediction(self.focused_id)

    def on_prediction_pane_focused(self, message: PredictionPane.Focused) -> None:
        """Follow the focus with the detail."""
        self.focused_id = message.prediction_id

    def action_type_digit(self, digit: int) -> None:
        """Go to the prediction whose id is the digits typed so far: a digit within TYPE_AHEAD_SECONDS of the
        one before extends the number, as long as the focus stayed where that number put it."""
        now = self.monotonic()
        extends = (
            self._typed
            and now - self._typed_at <= TYPE_AHEAD_SECONDS
            and len(self._typed) < LONGEST_ID
            and self.focused_id == self._typed_target
        )
        self._typed = f"{self._typed if extends else ''}{digit}"
        self._typed_at = now
        wanted = int(self._typed)
        pane = next((p for p in self._panes() if p.prediction_id == wanted), None)
        if pane is not None:
            self._focus_pane(pane)
        else:
            prediction = self.board.data.prediction(wanted)
            where = " (archived; Z brings it back)" if prediction is not None and prediction.archived else ""
            self.notify(f"No prediction {wanted} on the board{where}.", severity="warning", timeout=3, markup=False)
        self._typed_target = self.focused_id

    def on_screen_suspend(self) -> None:
        """A dialog or view opened: the next digit starts a new number."""
        self._typed = ""

    def action_move(self, delta: int) -> None:
        """Move the focus between panes."""
        panes = self._panes()
        if not panes:
            return
        ids = [p.prediction_id for p in panes]
        index = ids.index(self.focused_id) if self.focused_id in ids else 0
        self._focus_pane(panes[max(0, min(len(panes) - 1, index + delta))])

    def action_move_row(self, rows: int) -> None:
        """Move the focus a row of panes up or down: as many panes as a row holds at this width."""
        grids = self.query(".set-grid").results(Grid)
        grid = next(grids, None)
        self.action_move(rows * (grid.styles.grid_size_columns if grid is not None else 1))

    def action_scroll_detail(self, step: int) -> None:
        """Page the detail panel down (1) or up (-1)."""
        detail = self.query_one(DetailPanel)
        if step > 0:
            detail.scroll_page_down()
        else:
            detail.scroll_page_up()

    def _focus_pane(self, pane: PredictionPane) -> None:
        # Set the focused prediction now: a key pressed right after must act on this pane,
        # even before the pane's Focused message arrives.
        self.focused_id = pane.prediction_id
        # Into view at once and no further than needed: an animated scroll lags behind fast keys.
        pane.focus(scroll_visible=False)
        self.call_after_refresh(pane.scroll_visible, animate=False)

    def _ask(self, dialog: Screen[RequestT | None], change: Callable[[RequestT], Change]) -> None:
        """Open `dialog`; when it closes with a request, save the change asked for."""

        def done(request: RequestT | None) -> None:
            if request is not None:
                self.save(change(request))

        self.app.push_screen(dialog, done)

    def _ask_about_focused(
        self,
        dialog: Callable[[Prediction], Screen[RequestT | None]],
        change: Callable[[Prediction, RequestT], Change],
    ) -> None:
        """Open a dialog about the focused prediction and save the change asked for (see `_ask`)."""

        def ask(prediction: Prediction) -> None:
            self._ask(dialog(prediction), lambda request: change(prediction, request))

        self._with_focused(ask)

    def _with_focused(self, ask: Callable[[Prediction], None]) -> None:
        """Call `ask` with the focused prediction, or say that none is."""
        prediction = self.focused_prediction()
        if prediction is None:
            self.notify("No prediction is focused.", severity="warning")
            return
        ask(prediction)

    def action_estimate(self) -> None:
        """Open the estimate dialog for the focused prediction."""
        self._with_focused(self.ask_estimate)

    def ask_estimate(self, prediction: Prediction) -> None:
        """Open the estimate dialog for `prediction` and save the estimate given (the review queue asks too)."""
        from tui.screens.estimate import EstimateDialog

        latest = latest_estimate(self.board.data.estimates_for(prediction.id))
        shown = visible_line(estimate_text(latest, prediction)) if latest else "none yet"
        dialog = EstimateDialog(prediction, shown, self.today, self.board.data.resolution_for(prediction.id))

        def change(request: EstimateRequest) -> Change:
            return Change(
                lambda journal: request.save(journal, prediction.id),
                f"Saved: prediction {prediction.id} at {request.shown(prediction)} on {request.on.isoformat()}.",
            )

        self._ask(dialog, change)

    def action_note(self) -> None:
        """Open the note editor for the focused prediction."""
        from tui.screens.note import NoteEditor

        drafts = drafts_path(self.journal.path)

        def change(prediction: Prediction, request: NoteRequest) -> Change:
            def write(journal: Journal) -> object:
                note = journal.add_note(prediction.id, request.text, request.on)
                with contextlib.suppress(OSError):  # the note is saved; a draft left behind is only offered again
                    drop_draft(drafts, note_draft_key(prediction.id))
                return note

            return Change(write, f"Saved: note on prediction {prediction.id} dated {request.on.isoformat()}.")

        self._ask_about_focused(lambda prediction: NoteEditor(prediction, self.today, drafts), change)

    def action_resolve(self) -> None:
        """Open the resolve dialog for the focused prediction."""
        self._with_focused(self.ask_resolve)

    def ask_resolve(self, prediction: Prediction) -> None:
        """Open the resolve dialog for `prediction` and save the resolution given (the review queue asks too)."""
        from tui.screens.resolve import ResolveDialog

        data = self.board.data
        dialog = ResolveDialog(prediction, data.resolution_for(prediction.id), self.today, data)

        def change(request: ResolveRequest) -> Change:
            outcome = request.outcome
            if outcome is None:
                return Change(
                    lambda journal: journal.unresolve(prediction.id),
                    f"Saved: prediction {prediction.id} is open again.",
                )
            answer = Resolution(prediction.id, outcome, request.on, option=request.option, value=request.value)
            return Change(
                lambda journal: journal.resolve(
                    prediction.id, outcome, request.on, request.note, request.option, request.value
                ),
                f"Saved: prediction {prediction.id} resolved {visible_line(answer_text(answer, prediction))} "
                f"on {request.on.isoformat()}.",
            )

        self._ask(dialog, change)

    def action_retract(self) -> None:
        """Open the retract dialog for one of the focused prediction's estimates."""
        from tui.screens.retract import RetractDialog

        def dialog(prediction: Prediction) -> RetractDialog:
            return RetractDialog(prediction, list(self.board.data.estimates_for(prediction.id)))

        def change(prediction: Prediction, request: RetractRequest) -> Change:
            return Change(
                lambda journal: journal.retract(prediction.id, request.number, request.reason),
                f"Saved: estimate #{request.number} of prediction {prediction.id} is retracted.",
            )

        prediction = self.focused_prediction()
        if prediction is not None and not self.board.data.estimates_for(prediction.id):
            self.notify("This prediction has no estimates to retract.", severity="warning")
            return
        self._ask_about_focused(dialog, change)

    def action_unretract(self) -> None:
        """Pick a retracted estimate of the focused prediction and let it count again."""
        from tui.screens.pick import Choice, PickDialog
        from tui.screens.retract import estimate_line

        def dialog(prediction: Prediction) -> PickDialog:
            estimates = self.board.data.estimates_for(prediction.id)
            retracted = [n for n, e in enumerate(estimates, 1) if e.retracted is not None]
            choice = Choice(
                "Unretract an estimate",
                "It counts again in the scores.",
                "estimate",
                [(n, estimate_line(n, e)) for n, e in enumerate(estimates, 1)],
                retracted[-1] if retracted else None,
                lambda n: None if n in retracted else f"estimate #{n} is not retracted",
            )
            return PickDialog(prediction, choice)

        def change(prediction: Prediction, number: int) -> Change:
            return Change(
                lambda journal: journal.unretract(prediction.id, number),
                f"Saved: estimate #{number} of prediction {prediction.id} counts again.",
            )

        prediction = self.focused_prediction()
        if prediction is not None and all(e.retracted is None for e in self.board.data.estimates_for(prediction.id)):
            self.notify("This prediction has no retracted estimate.", severity="warning")
            return
        self._ask_about_focused(dialog, change)

    def _has_notes(self) -> bool:
        prediction = self.focused_prediction()
        if prediction is not None and not self.board.data.notes_for(prediction.id):
            self.notify("This prediction has no notes.", severity="warning")
            return False
        return True

    def action_edit_note(self) -> None:
        """Pick a note of the focused prediction and change its text (storage keeps the earlier text)."""
        from tui.screens.edit_note import EditNoteDialog

        def change(prediction: Prediction, request: NoteEdit) -> Change:
            return Change(
                lambda journal: journal.edit_note(prediction.id, request.number, request.text),
                f"Saved: note #{request.number} of prediction {prediction.id} (the earlier text is kept).",
            )

        if self._has_notes():
            self._ask_about_focused(
                lambda prediction: EditNoteDialog(prediction, self.board.data.notes_for(prediction.id)), change
            )

    def action_remove_note(self) -> None:
        """Pick a note of the focused prediction and hide it, after confirmation."""
        from tui.screens.edit_note import note_line
        from tui.screens.pick import Choice, PickDialog

        def dialog(prediction: Prediction) -> PickDialog:
            notes = self.board.data.notes_for(prediction.id)
            shown = [n for n, note in enumerate(notes, 1) if note.removed is None]
            choice = Choice(
                "Remove a note",
                "It is hidden and stays in the file; editing it (m) brings it back.",
                "note",
                [(n, note_line(n, note)) for n, note in enumerate(notes, 1)],
                shown[-1] if shown else None,
                lambda n: None if n in shown else f"note #{n} is already removed",
                lambda n: f"Remove note #{n} ({note_line(n, notes[n - 1]).split(maxsplit=1)[1]})?",
                "remove",
            )
            return PickDialog(prediction, choice)

        def change(prediction: Prediction, number: int) -> Change:
            return Change(
                lambda journal: journal.remove_note(prediction.id, number),
                f"Saved: note #{number} of prediction {prediction.id} is removed.",
            )

        if self._has_notes():
            self._ask_about_focused(dialog, change)

    def action_edit_prediction(self) -> None:
        """Open the editor for the focused prediction (only the user's own can be changed)."""
        from domain.model import OWN_SET
        from tui.screens.edit_prediction import EditPredictionDialog

        def dialog(prediction: Prediction) -> EditPredictionDialog:
            data = self.board.data
            titles = {p.title for p in data.predictions if p.set_name == OWN_SET and p.id != prediction.id}
            return EditPredictionDialog(prediction, data.resolution_for(prediction.id), titles, self.today)

        def change(prediction: Prediction, request: PredictionEdit) -> Change:
            return Change(
                lambda journal: journal.edit_prediction(prediction.id, request.title, request.text, request.resolve_by),
                f"Saved: prediction {prediction.id} (the old values are kept).",
            )

        self._ask_about_focused(dialog, change)

    def action_archive(self) -> None:
        """Archive the focused prediction, after confirmation."""
        from tui.screens.confirm import Confirm

        def dialog(prediction: Prediction) -> Confirm:
            question = (
                f"Archive {prediction.id}. {visible_line(prediction.title)}? It leaves the panes and the scores, "
                "and stays in the file and the export (Z brings it back)."
            )
            return Confirm("Archive?", question, "archive")

        def change(prediction: Prediction, _sure: bool) -> Change:
            return Change(
                lambda journal: journal.set_archived(prediction.id, True),
                f"Saved: prediction {prediction.id} is archived.",
            )

        prediction = self.focused_prediction()
        if prediction is not None and prediction.archived:
            self.notify("This prediction is already archived; Z brings it back.", severity="warning")
            return
        self._ask_about_focused(dialog, change)

    def action_unarchive(self) -> None:
        """Pick an archived prediction by id and bring it back."""
        from tui.screens.pick import Choice, PickDialog

        archived = [p for p in self.board.data.predictions if p.archived]
        if not archived:
            self.notify("No prediction is archived.", severity="warning")
            return
        ids = [p.id for p in archived]
        focused = self.focused_id
        choice = Choice(
            "Unarchive a prediction",
            "It comes back to the panes and the scores.",
            "prediction",
            [(p.id, f"{p.id:>4}. {visible_line(p.title)[:60]}") for p in archived],
            focused if focused in ids else ids[-1],
            lambda _n: None,
            mark="",
        )

        def change(prediction_id: int) -> Change:
            return Change(
                lambda journal: journal.set_archived(prediction_id, False).id,
                f"Saved: prediction {prediction_id} is back.",
                focus_new=True,
            )

        self._ask(PickDialog(None, choice), change)

    def action_brier(self) -> None:
        """Open the Brier view."""
        from tui.screens.brier import BrierScreen

        sets = [s.name for s in self.board.sets]
        self.app.push_screen(BrierScreen(self.board.data, sets, self.today, self.tag_filter))

    def action_edit_tags(self) -> None:
        """Open the tags dialog for the focused prediction."""
        from tui.screens.tags import TagsDialog

        def change(prediction: Prediction, edit: TagEdit) -> Change:
            added = f"{shown_tags(edit.add)} added" if edit.add else ""
            removed = f"{shown_tags(edit.remove)} removed" if edit.remove else ""
            what = "; ".join(part for part in (added, removed) if part) or "tags unchanged"
            return Change(
                lambda journal: journal.retag(prediction.id, edit.add, edit.remove),
                f"Saved: prediction {prediction.id}: {what}.",
            )

        self._ask_about_focused(TagsDialog, change)

    def action_pick_tag(self) -> None:
        """Pick a tag in use and show only the predictions with it (or pick all of them again)."""
        from tui.screens.tags import TagFilterDialog, tags_in_use

        async def picked(choice: TagChoice | None) -> None:
            if choice is not None and choice.tag != self.tag_filter:
                await self.filter_by(choice.tag)

        tags = tags_in_use(p for p in self.board.data.predictions if not p.archived)
        self.app.push_screen(TagFilterDialog(tags, self.tag_filter), picked)

    async def action_clear_tag_filter(self) -> None:
        """Show every prediction again."""
        await self.filter_by(None)

    async def filter_by(self, tag: str | None) -> None:
        """Show only the panes with `tag` (every pane when None)."""
        self.tag_filter = tag
        await self._rebuild(self.board)
        self.show_lines()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """escape clears the tag filter only when there is one (otherwise it is not bound here)."""
        if action == "clear_tag_filter":
            return self.tag_filter is not None
        return True

    def action_review(self) -> None:
        """Open the review queue: what is due, one at a time."""
        from tui.screens.queue import QueueScreen

        self.app.push_screen(
            QueueScreen(self.board.data, self.today, self.data_changed, self.ask_resolve, self.ask_estimate)
        )

    def action_export(self) -> None:
        """Open the export dialog; it writes the file and closes with the path written."""
        from tui.screens.export import ExportDialog

        def done(written: Path | None) -> None:
            if written is not None:
                self.notify(f"Exported to {visible_line(str(written))}", timeout=8, markup=False)

        self.app.push_screen(ExportDialog(self.journal, self.today), done)

    def action_add(self) -> None:
        """Open the add-prediction dialog."""
        from tui.screens.add import AddPredictionDialog

        def change(new: NewPrediction) -> Change:
            return Change(
                lambda journal: journal.add_own_prediction(new.title, new.text, new.resolve_by.isoformat()).id,
                f"Saved: added “{new.title}”.",
                focus_new=True,
            )

        self._ask(AddPredictionDialog(self.today), change)

    @work(thread=True, group="write")
    def save(self, change: Change) -> bool:
        """Write through the journal (which holds its lock only while writing), then re-read it.

        Returns whether the change was saved: quitting waits for this (ForecastApp.action_quit).
        """
        try:
            result = change.write(self.journal)
            data = self.journal.snapshot()
        except (InputError, JournalError) as error:
            self.post_message(self.Failed(str(error)))
            return False
        focus_id = result if change.focus_new and isinstance(result, int) else None
        self.post_message(self.Changed(Board(data, build_board(data, self.today)), change.notice, focus_id))
        return True

    @work(thread=True, exclusive=True, group="poll")
    def check_for_changes(self) -> None:
        """Re-read the file if another process changed it (cheap when it did not)."""
        try:
            data = self.journal.snapshot()
        except JournalError as error:
            if str(error) != self._last_poll_error:
                self._last_poll_error = str(error)
                self.post_message(self.Failed(str(error)))
            return
        self._last_poll_error = ""
        if data is not self.board.data:
            self.post_message(self.Changed(Board(data, build_board(data, self.today))))

    async def on_main_screen_changed(self, message: Changed) -> None:
        """Show the new journal contents and any notice."""
        if message.board is not self.board:
            await self.show_board(message.board, message.focus_id)
        if message.notice:
            self.notify(visible_line(message.notice), timeout=8, markup=False)

    def on_main_screen_failed(self, message: Failed) -> None:
        """Show a problem on one line."""
        self.notify(visible_line(message.text), title="Not saved", severity="error", timeout=10, markup=False)
