"""Command-palette entries made from a screen's key bindings, so every key is also a command."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from textual.app import App, SystemCommand
from textual.screen import Screen


def binding_commands(app: App[Any], screen: Screen[object], skip: set[str]) -> Iterator[SystemCommand]:
    """One command per enabled, described binding of `screen` (and the app), except actions in `skip`."""
    seen = set(skip)
    for active in screen.active_bindings.values():
        binding = active.binding
        if binding.description and binding.action not in seen and active.enabled:
            seen.add(binding.action)
            run = partial(app.run_action, binding.action, active.node)
            yield SystemCommand(binding.description, binding.tooltip, run)
