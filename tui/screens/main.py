"""The main screen: the prediction panes grouped by set, and the focused prediction's detail."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.events import Resize
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Label

from domain.export import format_percent
from domain.model import JournalData, Prediction, latest_estimate
from domain.validation import InputError
from storage.errors import JournalError
from storage.journal import Journal
from tui.board import SetView, build_board
from tui.screens.add import AddPredictionDialog, NewPrediction
from tui.screens.brier import BrierScreen
from tui.screens.estimate import EstimateDialog, EstimateRequest
from tui.screens.export import ExportDialog
from tui.screens.note import NoteEditor, NoteRequest
from tui.screens.resolve import ResolveDialog, ResolveRequest
from tui.widgets.detail import DetailPanel
from tui.widgets.pane import PredictionPane

POLL_SECONDS = 1.0
NARROW = 110
COLUMNS = 2
FOCUS = Binding.Group("Focus ", compact=True)  # the space keeps the compact footer readable
MOVE = Binding.Group("Move", compact=True)


def _focus_bindings() -> list[Binding]:
    return [
        Binding(
            str(slot % 10),
            f"focus_slot({slot})",
            f"Focus {slot}",
            id=f"focus-{slot}",
            tooltip="Focus one of the first ten panes (0 is the tenth)",
            group=FOCUS,
        )
        for slot in range(1, 11)
    ]


def _move_bindings() -> list[Binding]:
    # Priority, so the scrolling board does not take the arrow keys for itself.
    moves = (
        ("up,k", -COLUMNS, "Up", "↑k"),
        ("down,j", COLUMNS, "Down", "↓j"),
        ("left", -1, "Left", "←"),
        ("right", 1, "Right", "→"),
    )
    return [
        Binding(
            keys,
            f"move({delta})",
            name,
            key_display=shown,
            id=f"move-{name.lower()}",
            tooltip="Move between panes",
            group=MOVE,
            priority=True,
        )
        for keys, delta, name, shown in moves
    ]


@dataclass
class Board:
    """A journal snapshot with the panes computed from it."""

    data: JournalData
    sets: tuple[SetView, ...]


class MainScreen(Screen[None]):
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

    def __init__(self, journal: Journal, board: Board) -> None:
        super().__init__()
        self.journal = journal
        self.board = board
        self.focused_id: int | None = None
        self._last_poll_error = ""

    def compose(self) -> ComposeResult:
        """The board of panes beside the detail."""
        yield Header()
        with Horizontal(id="main"):
            yield VerticalScroll(id="board", can_focus=False)
            yield DetailPanel()
        yield Footer()

    async def on_mount(self) -> None:
        """Show the panes, focus the first one, and start watching the file."""
        await self._rebuild(self.board)
        panes = self._panes()
        if panes:
            panes[0].focus()
        self.set_interval(POLL_SECONDS, self.check_for_changes)

    def on_resize(self, event: Resize) -> None:
        """Squeeze the footer on narrow terminals so more keys fit."""
        self.query_one(Footer).compact = event.size.width < NARROW

    def _panes(self) -> list[PredictionPane]:
        return list(self.query(PredictionPane))

    @property
    def today(self) -> date:
        """Today by the journal's clock."""
        return self.journal.today()

    async def _rebuild(self, board: Board) -> None:
        container = self.query_one("#board", VerticalScroll)
        await container.remove_children()
        slot = 1
        for set_view in board.sets:
            grid = Grid(classes="set-grid")
            panes = []
            for view in set_view.panes:
                panes.append(PredictionPane(view, slot if slot <= 10 else None))
                slot += 1
            count = len(set_view.panes)
            title = Label(f"{set_view.name} · {count} prediction{'s' if count != 1 else ''}", classes="set-title")
            await container.mount(title, grid)
            await grid.mount_all(panes)
        if not board.sets:
            await container.mount(Label("No predictions yet. Press a to add one.", classes="set-title"))

    async def show_board(self, board: Board, focus_id: int | None = None) -> None:
        """Show a new snapshot: update the panes in place, or lay them out again when the sets changed."""
        layout = [(s.name, [p.prediction_id for p in s.panes]) for s in board.sets]
        current = [(s.name, [p.prediction_id for p in s.panes]) for s in self.board.sets]
        self.board = board
        if layout != current:
            keep = focus_id if focus_id is not None else self.focused_id
            await self._rebuild(board)
            target = next((p for p in self._panes() if p.prediction_id == keep), None)
            (target or next(iter(self._panes()), None) or self).focus()
        else:
            views = {view.prediction_id: view for s in board.sets for view in s.panes}
            for pane in self._panes():
                pane.show(views[pane.prediction_id])
            if focus_id is not None:
                self.query_one(f"#pane-{focus_id}", PredictionPane).focus()
        self._show_detail()

    def _show_detail(self) -> None:
        prediction = self.focused_prediction()
        if prediction is not None:
            self.query_one(DetailPanel).show(prediction, self.board.data, self.today)

    def focused_prediction(self) -> Prediction | None:
        """The prediction whose pane has focus."""
        return None if self.focused_id is None else self.board.data.prediction(self.focused_id)

    def on_prediction_pane_focused(self, message: PredictionPane.Focused) -> None:
        """Follow the focus with the detail."""
        self.focused_id = message.prediction_id
        self._show_detail()

    def action_focus_slot(self, slot: int) -> None:
        """Focus the pane with this number key (the current set's first ten)."""
        panes = self._panes()
        if slot <= len(panes):
            self._focus_pane(panes[slot - 1])

    def action_move(self, delta: int) -> None:
        """Move the focus between panes."""
        panes = self._panes()
        if not panes:
            return
        ids = [p.prediction_id for p in panes]
        index = ids.index(self.focused_id) if self.focused_id in ids else 0
        self._focus_pane(panes[max(0, min(len(panes) - 1, index + delta))])

    def _focus_pane(self, pane: PredictionPane) -> None:
        # Set the focused prediction now: a key pressed right after must act on this pane,
        # even before the pane's Focused message arrives.
        self.focused_id = pane.prediction_id
        pane.focus()
        self._show_detail()

    def _require_prediction(self) -> Prediction | None:
        prediction = self.focused_prediction()
        if prediction is None:
            self.notify("No prediction is focused.", severity="warning")
        return prediction

    def action_estimate(self) -> None:
        """Open the estimate dialog for the focused prediction."""
        prediction = self._require_prediction()
        if prediction is None:
            return
        latest = latest_estimate(self.board.data.estimates_for(prediction.id))
        shown = format_percent(latest.probability) if latest else "none yet"

        def done(request: EstimateRequest | None) -> None:
            if request is not None:
                self.save(
                    lambda journal: journal.add_estimate(prediction.id, request.probability, request.on),
                    f"Saved: prediction {prediction.id} at {format_percent(request.probability)} "
                    f"on {request.on.isoformat()}.",
                )

        self.app.push_screen(EstimateDialog(prediction, shown, self.today), done)

    def action_note(self) -> None:
        """Open the note editor for the focused prediction."""
        prediction = self._require_prediction()
        if prediction is None:
            return

        def done(request: NoteRequest | None) -> None:
            if request is not None:
                self.save(
                    lambda journal: journal.add_note(prediction.id, request.text, request.on),
                    f"Saved: note on prediction {prediction.id} dated {request.on.isoformat()}.",
                )

        self.app.push_screen(NoteEditor(prediction, self.today), done)

    def action_resolve(self) -> None:
        """Open the resolve dialog for the focused prediction."""
        prediction = self._require_prediction()
        if prediction is None:
            return

        def done(request: ResolveRequest | None) -> None:
            if request is None:
                return
            if request.outcome is None:
                self.save(
                    lambda journal: journal.unresolve(prediction.id),
                    f"Saved: prediction {prediction.id} is open again.",
                )
                return
            outcome = request.outcome
            self.save(
                lambda journal: journal.resolve(prediction.id, outcome, request.on),
                f"Saved: prediction {prediction.id} resolved {outcome.value} on {request.on.isoformat()}.",
            )

        resolution = self.board.data.resolution_for(prediction.id)
        self.app.push_screen(ResolveDialog(prediction, resolution, self.today), done)

    def action_brier(self) -> None:
        """Open the Brier view."""
        self.app.push_screen(BrierScreen(self.board.data, [s.name for s in self.board.sets], self.today))

    def action_export(self) -> None:
        """Open the export dialog."""

        def done(target: Path | None) -> None:
            if target is not None:
                self.export(target)

        self.app.push_screen(ExportDialog(self.today), done)

    def action_add(self) -> None:
        """Open the add-prediction dialog."""

        def done(new: NewPrediction | None) -> None:
            if new is None:
                return

            self.save(
                lambda journal: journal.add_own_prediction(new.title, new.text, new.resolve_by.isoformat()).id,
                f"Saved: added “{new.title}”.",
                focus_new=True,
            )

        self.app.push_screen(AddPredictionDialog(self.today), done)

    @work(thread=True, group="write")
    def save(self, change: Callable[[Journal], object], notice: str, focus_new: bool = False) -> None:
        """Write through the journal (which holds its lock only while writing), then re-read it."""
        try:
            result = change(self.journal)
            data = self.journal.snapshot()
        except (InputError, JournalError) as error:
            self.post_message(self.Failed(str(error)))
            return
        focus_id = result if focus_new and isinstance(result, int) else None
        self.post_message(self.Changed(Board(data, build_board(data, self.today)), notice, focus_id))

    @work(thread=True, group="write")
    def export(self, target: Path) -> None:
        """Write the markdown export and say where it went."""
        try:
            written = self.journal.export_markdown(target)
        except JournalError as error:
            self.post_message(self.Failed(str(error)))
            return
        self.post_message(self.Changed(self.board, f"Exported to {written}"))

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
            self.notify(message.notice, timeout=8)

    def on_main_screen_failed(self, message: Failed) -> None:
        """Show a problem on one line."""
        self.notify(message.text, title="Not saved", severity="error", timeout=10)
