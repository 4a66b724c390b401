"""The one way user text reaches a terminal: control characters made visible, never emitted.

Titles, notes, set names and file names come from files other people wrote (Fatebook CSV,
shared markdown, JSON) and from paste buffers. Stored, they stay exactly as written; shown,
they pass through `visible` (or `visible_line` for one-line fields) first, so that an escape
sequence such as `ESC ] 0;title BEL` or OSC 52 is printed as harmless symbols instead of
changing the terminal's title or clipboard. The caller still must not parse the result as
Rich or Textual markup: brackets are left as they are, and shown literally by plain-text widgets.
"""

from __future__ import annotations

import re

# Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) and the marks that
# reorder text (U+200E, U+200F, U+061C) can make a title read differently from what it holds.
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# C0 controls, DEL, C1 controls, lone surrogates (they cannot be encoded for the terminal), bidi.
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f\ud800-\udfff{_BIDI}]")
_KEEP_MULTILINE = frozenset("\n\t")
_JSON_UNSAFE = re.compile(f"[\x80-\x9f{_BIDI}]")


def _shown(character: str) -> str:
    code = ord(character)
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode control pictures: ␛ for ESC, ␇ for BEL, ␤ for newline
    if code == 0x7F:
        return "\u2421"  # ␡
    if code <= 0x9F:
        return f"\\x{code:02x}"
    return f"<U+{code:04X}>"


def visible(text: str, *, multiline: bool = True) -> str:
    """`text` safe to print: controls, bidi controls and lone surrogates replaced by visible symbols.

    With `multiline`, newlines and tabs are kept; without, they are shown as symbols too, so that
    a one-line field (a title, a file name in a message) stays on one line.
    """
    if multiline:
        return _UNSAFE.sub(lambda m: m.group() if m.group() in _KEEP_MULTILINE else _shown(m.group()), text)
    return _UNSAFE.sub(lambda m: _shown(m.group()), text)


def visible_line(text: str) -> str:
    """`text` safe to print on one line: like `visible`, with newlines and tabs shown as symbols."""
    return visible(text, multiline=False)


def json_escaped(json_text: str) -> str:
    """JSON text with the characters a terminal could act on written as `\\uXXXX` escapes.

    JSON encoders escape only C0 controls; C1 controls (U+009B starts an escape sequence on some
    terminals) and bidi controls pass through raw. Escaped, the document means exactly the same.
    """
    if json_text.isascii():  # the usual case, checked in a fraction of the time the pattern takes
        return json_text
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json_text)


def is_blank(text: str) -> bool:
    """Whether text looks empty: only whitespace, zero-width characters or controls."""
    return not _INVISIBLE.sub("", text)


# What counts as nothing when deciding if text is empty: whitespace, zero-width and format characters, controls.
_INVISIBLE = re.compile(f"[\\s\x00-\x1f\x7f-\x9f\u00ad\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff{_BIDI}]")
