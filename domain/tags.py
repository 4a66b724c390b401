"""Tags: short lower-case labels a user puts on predictions to group and filter them.

A tag is 1–40 characters of lower-case ASCII letters, digits, `-` and `/`, starting with a letter or
digit (`work`, `ai/2027`, `us-election`). Typed tags are stripped and lower-cased; anything else is
refused. A prediction's tags are sorted and without repeats; a user gives one at most MAX_TAGS.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from domain.model import Prediction
from domain.safe_text import visible_line
from domain.validation import InputError, quoted

MAX_TAGS = 20
"""The most tags one prediction may have."""
MAX_TAG_CHARS = 40
"""The longest tag."""

_TAG = re.compile(rf"[a-z0-9][a-z0-9/-]{{0,{MAX_TAG_CHARS - 1}}}")
_RULE = f"a tag is 1–{MAX_TAG_CHARS} lower-case letters, digits, '-' and '/', starting with a letter or digit"


def parse_tag(text: str) -> str:
    """The tag `text` names (stripped, lower-cased); InputError naming it when it is not a tag."""
    # isascii first: str.lower() maps some non-ASCII letters (the Kelvin sign) to ASCII ones.
    tag = text.strip()
    if not tag.isascii() or _TAG.fullmatch(tag.lower()) is None:
        raise InputError(f"not a tag: {quoted(tag)} ({_RULE})")
    return tag.lower()


def parse_tags(texts: Iterable[str]) -> tuple[str, ...]:
    """Tags, sorted and without repeats; InputError for a bad one. Their number is checked apart
    (`checked_count`), where tags come in: a journal whose sync merge gave a prediction more still opens."""
    return tuple(sorted({parse_tag(text) for text in texts}))


def checked_count(tags: Sequence[str], what: str = "a prediction") -> tuple[str, ...]:
    """`tags` as a tuple; InputError when `what` would have more than MAX_TAGS."""
    if len(tags) > MAX_TAGS:
        raise InputError(f"{what} would have {len(tags)} tags; the limit is {MAX_TAGS}")
    return tuple(tags)


def tag_changes(add: Iterable[str], remove: Iterable[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The tags to add and to remove, each parsed, sorted and without repeats; a tag in both is refused."""
    added, removed = parse_tags(add), parse_tags(remove)
    both = set(added) & set(removed)
    if both:
        raise InputError(f"tag {quoted(min(both))} is both added and removed")
    return added, removed


def parse_tag_changes(args: Sequence[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The tags to add and to remove, from arguments `+tag` (add), `-tag` (remove) or a bare `tag` (add).

    As `tag_changes`; no argument at all is refused."""
    if not args:
        raise InputError("no tags given: add one with +TAG, remove one with -TAG")
    removing = [arg.startswith("-") for arg in args]
    return tag_changes(
        [arg.removeprefix("+") for arg, minus in zip(args, removing, strict=True) if not minus],
        [arg[1:] for arg, minus in zip(args, removing, strict=True) if minus],
    )


def tag_from_label(label: str) -> str:
    """A tag from another tool's label: lower-cased, each run of spaces made one `-`; InputError when
    that is still not a tag."""
    return parse_tag("-".join(label.split()))


def has_tags(prediction: Prediction, tags: Iterable[str]) -> bool:
    """Whether the prediction has every one of `tags`."""
    return set(tags).issubset(prediction.tags)


def tags_text(tags: Sequence[str]) -> str:
    """Tags as a terminal shows them: `a, b` (through domain.safe_text, like all displayed text)."""
    return visible_line(", ".join(tags))
