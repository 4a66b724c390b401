"""The footer of every screen: Textual's Footer, with its keys from the start and rebuilt only when they change."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

KeysShown = tuple[tuple[tuple[Binding, bool, str], ...], bool]


class KeyFooter(Footer):
    """Textual's Footer, with its keys in its first composition and rebuilt only when the keys it shows, or
    whether they are enabled, change.

    Footer starts empty and fills in after the screen's first refresh, then rebuilds every key whenever the
    screen's bindings may have changed: each focus change, each screen pushed or popped, each reactive that
    refreshes bindings. Most of these change nothing it shows, and each rebuild mounts a dozen widgets and
    lays the screen out again (about a third of the app's layouts while typing in a dialog, and one more
    layout for every screen and dialog opened).
    """

    _shown: KeysShown | None = None

    def _keys_shown(self) -> KeysShown:
        keys = tuple(
            (binding, enabled, tooltip)
            for _node, binding, enabled, tooltip in self.screen.active_bindings.values()
            if binding.show
        )
        return keys, self.show_command_palette

    def compose(self) -> ComposeResult:
        """The keys the screen has now (a focus change that changes them rebuilds the footer)."""
        self.set_reactive(Footer._bindings_ready, True)
        self._shown = self._keys_shown()
        for widget in super().compose():
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                # A key starts compact and is then bound to the footer's style: set the footer's style
                # first, which spares each key two restyles (its class added as it mounts, then removed).
                # The palette key is not bound, and stays compact.
                widget.set_reactive(FooterKey.compact, self.compact)
                widget.set_class(self.compact, "-compact", update=False)
            yield widget

    async def recompose(self) -> None:
        """Rebuild the keys, unless they are the ones already shown (or the footer has left its screen)."""
        if not self.is_attached or self._pruning:
            return
        shown = self._keys_shown()
        if shown == self._shown:
            return
        self._shown = shown
        await super().recompose()
