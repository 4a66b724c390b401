"""The footer of every screen: the screen's keys, drawn as one line by one widget."""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Spacing
from textual.screen import Screen
from textual.widget import Widget

PALETTE_EDGE = "▏"
"""Drawn at the left of the palette's key (Textual's `vkey` border)."""
PALETTE_KEY_PADDING = Spacing(0, 0, 0, 0)
PALETTE_DESCRIPTION_PADDING = Spacing(0, 0, 0, 1)
"""Textual draws the palette's key compact at any width."""


@dataclass(frozen=True)
class ShownKey:
    """A key the footer shows: what to press and what it does."""

    key: str
    key_display: str
    description: str
    tooltip: str


@dataclass(frozen=True)
class DrawnKey:
    """A key as drawn: the columns from `start` up to, not including, `end` (a key that does not fit ends
    under the palette's key or past the edge)."""

    key: ShownKey
    start: int
    end: int


class KeyFooter(Widget, can_focus=False):
    """The keys of the screen it is on, on one line at the bottom; the command palette's key on the right.

    It looks and acts as Textual's Footer (a click presses a key; hovering shows its tooltip), which is a
    container of one widget per key: it mounted a dozen widgets for each screen and dialog shown and
    rebuilt them when the keys changed, a fifth of what starting the app or opening a dialog cost. Here a
    change of keys only redraws one line. Its spacing comes from the component classes in app.tcss.

    No screen here shows a key that does nothing now (each `check_action` answers True or False, never
    None), so there is no dimmed style.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "key-footer--key",
        "key-footer--description",
        "key-footer--item",
        "key-footer--hover",
        "key-footer--palette",
    }

    def __init__(self) -> None:
        super().__init__()
        self.keys: tuple[ShownKey, ...] = ()
        self.palette: ShownKey | None = None
        self.drawn: tuple[DrawnKey, ...] = ()
        self._hovered: ShownKey | None = None
        self._update_pending = False

    def on_mount(self) -> None:
        """Take the screen's keys and follow their changes."""
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._update_keys()

    def on_unmount(self) -> None:
        """Stop following the screen's keys."""
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        # As Textual's Footer: read the keys once the change is complete, and not while the app has lost
        # focus (its focused widget is then gone for a moment).
        if screen is self.screen and screen.app.app_focus and not self._update_pending:
            self._update_pending = True
            self.call_after_refresh(self._update_keys)

    def _update_keys(self) -> None:
        """Read the keys the screen shows now; redraw only if they changed."""
        self._update_pending = False
        if not self.is_attached:
            return
        active = self.screen.active_bindings
        keys: dict[str, ShownKey] = {}
        for _node, binding, _enabled, tooltip in active.values():
            if binding.show and binding.action not in keys:  # one key per action, as Textual's Footer
                keys[binding.action] = ShownKey(
                    binding.key, self.app.get_key_display(binding), binding.description, tooltip
                )
        palette = None
        if self.app.ENABLE_COMMAND_PALETTE and self.app.COMMAND_PALETTE_BINDING in active:
            binding = active[self.app.COMMAND_PALETTE_BINDING].binding
            tooltip = binding.tooltip or binding.description
            palette = ShownKey(binding.key, self.app.get_key_display(binding), binding.description, tooltip)
        shown = tuple(keys.values())
        if (shown, palette) != (self.keys, self.palette):
            self.keys, self.palette = shown, palette
            self.refresh()

    def render(self) -> Text:
        """The keys from the left, each in its own colours; the palette's key at the right edge."""
        line = Text(no_wrap=True, overflow="crop", end="")
        drawn: list[DrawnKey] = []
        key_padding = self.get_component_styles("key-footer--key").padding
        description_padding = self.get_component_styles("key-footer--description").padding
        gap = self.get_component_styles("key-footer--item").margin.right
        for key in self.keys:
            start = line.cell_len
            line.append_text(self._item_text(key, self._key_text(key, key_padding, description_padding)))
            drawn.append(DrawnKey(key, start, line.cell_len))
            line.append(" " * gap)
        palette = self.palette
        palette_styles = self.get_component_styles("key-footer--palette")
        if palette is not None and palette_styles.display != "none":
            text = self._item_text(
                palette,
                Text.assemble(
                    (PALETTE_EDGE, self.get_component_rich_style("key-footer--palette")),
                    self._key_text(palette, PALETTE_KEY_PADDING, PALETTE_DESCRIPTION_PADDING),
                    " " * palette_styles.padding.right,
                ),
            )
            start = self.size.width - text.cell_len
            line.truncate(start, pad=True)  # keys that do not fit go under the palette's key, as in Footer
            line.append_text(text)
            drawn.append(DrawnKey(palette, start, line.cell_len))
        self.drawn = tuple(drawn)
        return line

    def _key_text(self, key: ShownKey, key_padding: Spacing, description_padding: Spacing) -> Text:
        """A key and its description, each padded and in its own colours."""
        # Partial styles: the key's own colours over the item's background, which lights up under the pointer.
        return Text.assemble(
            (
                " " * key_padding.left + key.key_display + " " * key_padding.right,
                self.get_component_rich_style("key-footer--key", partial=True),
            ),
            (
                " " * description_padding.left + key.description + " " * description_padding.right,
                self.get_component_rich_style("key-footer--description", partial=True),
            ),
        )

    def _item_text(self, key: ShownKey, text: Text) -> Text:
        """`text` over the item's background: lit when the pointer is on `key`."""
        text.stylize_before(self._item_style(key))
        return text

    def _item_style(self, key: ShownKey) -> Style:
        if key == self._hovered:
            return self.get_component_rich_style("key-footer--item", "key-footer--hover")
        return self.get_component_rich_style("key-footer--item")

    def key_at(self, x: int) -> ShownKey | None:
        """The key drawn at column `x`, if any (the palette's key, drawn last, lies over any other)."""
        return next((drawn.key for drawn in reversed(self.drawn) if drawn.start <= x < drawn.end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """Light up the key under the pointer and show its tooltip."""
        self._hover(self.key_at(event.x))

    def on_leave(self) -> None:
        """No key is lit once the pointer leaves."""
        self._hover(None)

    def _hover(self, key: ShownKey | None) -> None:
        if key != self._hovered:
            self._hovered = key
            self.tooltip = key.tooltip if key is not None and key.tooltip else None
            self.set_class(key is not None, "-over-key")  # the pointer's shape, where the terminal shows it
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """Press the key that was clicked."""
        key = self.key_at(event.x)
        if key is not None:
            self.app.simulate_key(key.key)
