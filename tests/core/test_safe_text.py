"""The one sanitising path: what it lets through, what it shows instead, and that JSON keeps its meaning."""

from __future__ import annotations

import json
import re

from hypothesis import given
from hypothesis import strategies as st

from domain.safe_text import is_blank, json_escaped, visible, visible_line

# What must never reach a terminal raw.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
ANY_TEXT = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=60)


@given(ANY_TEXT)
def test_visible_text_holds_no_control_and_only_the_line_breaks_given(text: str) -> None:
    shown = visible(text)
    assert not UNSAFE.search(shown)
    assert shown.count("\n") == text.count("\n") and shown.count("\t") == text.count("\t")
    line = visible_line(text)
    assert not UNSAFE.search(line) and "\n" not in line and "\t" not in line


@given(st.text(alphabet=st.characters(exclude_categories=("Cc", "Cs", "Cf")), max_size=60))
def test_text_without_controls_is_shown_exactly(text: str) -> None:
    assert visible(text) == text
    assert visible_line(text) == text


def test_escape_sequences_and_bidi_controls_become_symbols() -> None:
    assert visible_line("\x1b]0;title\x07x") == "␛]0;title␇x"
    assert visible_line("a\nb\tc") == "a␊b␉c"
    assert visible("a\nb\tc\x1b[2J") == "a\nb\tc␛[2J"
    assert visible_line("\x9b31m") == "\\x9b31m"
    assert visible_line("\u202eevil") == "<U+202E>evil"
    assert visible_line("[b]Will [X] happen[/]") == "[b]Will [X] happen[/]"  # brackets are not this module's business


@given(st.dictionaries(st.text(max_size=5), ANY_TEXT.filter(lambda t: not re.search("[\ud800-\udfff]", t)), max_size=4))
def test_escaped_json_means_the_same_and_holds_no_c1_or_bidi(document: dict[str, str]) -> None:
    text = json.dumps(document, ensure_ascii=False)
    escaped = json_escaped(text)
    assert json.loads(escaped) == document
    assert not re.search("[\x80-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]", escaped)


def test_text_that_only_looks_empty_is_blank() -> None:
    for text in ("", "   ", "\u200b", "\x00", "\n\t", "\u200d\ufeff", "\u202e"):
        assert is_blank(text), repr(text)
    for text in ("a", " x ", "0", "🎉"):
        assert not is_blank(text), repr(text)
