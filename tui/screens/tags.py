"""Tags in the app: the dialog that edits a prediction's tags, and the one that picks a tag to filter by."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from domain.display import count_of
from domain.model import Prediction
from domain.tags import MAX_TAGS, parse_tag
from domain.validation import InputError
from tui.board import shown_tags
from tui.screens.dialog import Dialog, error_line, subject_line
from tui.widgets.field import FieldInput
from tui.widgets.footer import KeyFooter

ALL_TAGS = "all"
"""The id of the tag picker's option that shows every prediction (a tag's option id is '#' and the tag)."""


def typed_tags(text: str) -> tuple[str, ...]:
    """The tags typed in `text`, separated by spaces or commas, each with or without its '#': sorted, without
    repeats; InputError for a word that is not a tag or for more than MAX_TAGS."""
    words = text.replace(",", " ").split()
    tags = sorted({parse_tag(word.removeprefix("#")) for word in words})
    if len(tags) > MAX_TAGS:
        raise InputError(f"{len(tags)} tags; a prediction has at most {MAX_TAGS}")
    return tuple(tags)


@dataclass(frozen=True, slots=True)
class TagEdit:
    """The tags to add to and remove from a prediction."""

    add: tuple[str, ...]
    remove: tuple[str, ...]


class TagsDialog(Dialog[TagEdit]):
    """Edit the focused prediction's tags as one line of text; enter saves, escape cancels."""

    BINDINGS = [Binding("enter", "save", "Save", id="tags-save", tooltip="Save the tags")]

    def __init__(self, prediction: Prediction) -> None:
        super().__init__()
        self.prediction = prediction

    def compose(self) -> ComposeResult:
        """The tags field, prefilled with the prediction's tags."""
        with Vertical(classes="dialog", id="tags-dialog") as box:
            box.border_title = "Tags"
            yield subject_line(self.prediction)
            yield Label(
                f"Lower-case words, digits, '-' and '/', separated by spaces; at most {MAX_TAGS}. "
                "Clear the line to remove them all.",
                classes="dialog-hint",
            )
            yield Label("Tags")
            yield FieldInput(" ".join(self.prediction.tags), placeholder="e.g. ai work/2026", id="tags")
            yield error_line()
        yield KeyFooter()

    def action_save(self) -> None:
        """Check every tag, then close with what to add and remove; a problem stays in the dialog."""
        try:
            tags = set(typed_tags(self.query_one("#tags", Input).value))
        except InputError as error:
            self.show_error(str(error))
            return
        old = set(self.prediction.tags)
        self.dismiss(TagEdit(tuple(sorted(tags - old)), tuple(sorted(old - tags))))


def tags_in_use(predictions: Iterable[Prediction]) -> list[tuple[str, int]]:
    """Each tag of `predictions` with how many of them have it, by tag."""
    counts = Counter(tag for prediction in predictions for tag in prediction.tags)
    return sorted(counts.items())


@dataclass(frozen=True, slots=True)
class TagChoice:
    """The tag picked to filter by; None shows every prediction."""

    tag: str | None


class TagFilterDialog(Dialog[TagChoice]):
    """Pick a tag in use, or all predictions; enter picks, escape leaves the filter as it was."""

    BINDINGS = [Binding("enter", "save", "Pick", id="tag-filter-pick", tooltip="Show only this tag")]

    def __init__(self, tags: list[tuple[str, int]], current: str | None, noun: str = "prediction") -> None:
        super().__init__()
        self.tags = tags
        self.current = current
        self.noun = noun

    def compose(self) -> ComposeResult:
        """The tags in use, the current one highlighted."""
        options = [Option(f"All {self.noun}s (no tag filter)", id=ALL_TAGS)]
        options += [
            Option(Content(f"{shown_tags([tag])}  ({count_of(n, self.noun)})"), id=f"#{tag}") for tag, n in self.tags
        ]
        with Vertical(classes="dialog", id="tag-filter-dialog") as box:
            box.border_title = "Filter by tag"
            yield Label(
                "Show only the predictions with a tag." if self.tags else "No prediction has a tag yet: # adds some.",
                classes="dialog-hint",
            )
            picker = OptionList(*options, id="tag-options")
            names = [tag for tag, _ in self.tags]
            picker.highlighted = 1 + names.index(self.current) if self.current in names else 0
            yield picker
        yield KeyFooter()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """enter (or a click) on an option picks it."""
        event.stop()
        self.pick(event.option.id)

    def action_save(self) -> None:
        """Pick the highlighted option."""
        picker = self.query_one(OptionList)
        if picker.highlighted is not None:
            self.pick(picker.get_option_at_index(picker.highlighted).id)

    def pick(self, option_id: str | None) -> None:
        """Close with the tag of the option (None for all predictions)."""
        tag = None if option_id in (None, ALL_TAGS) else option_id.removeprefix("#")
        self.dismiss(TagChoice(tag))
