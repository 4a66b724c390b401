"""The journal file's bytes: one record per line, tables and keys in a stable order.

A journal is a TinyDB database, one JSON object of tables of numbered records. It is written as

    {
    "estimates": {
    "1": {"date":"2025-01-01","note":"","prediction_id":4,"probability":0.44,"recorded_at":"…"},
    "2": {…}
    },
    "meta": {
    "1": {"schema_version":2}
    },
    "resolutions": {
    }
    }

tables by name, records by number, each record's keys sorted, so `git diff` shows one line per
record changed. A JSON string never holds a raw line break, so every line but the first and last
is a table's opening or closing line or one whole record.

`Tables` holds a journal's tables as their record lines (`bodies`) and/or parsed. A file this
program wrote is split into bodies without parsing them (`split`); a table is parsed when first
used; and a write reuses the bodies of the tables it did not change. So recording an estimate in a
journal of 100,000 neither parses nor re-serialises them (docs/PERFORMANCE.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import orjson

Table = dict[str, Any]
Body = bytes | memoryview

_OPEN = b"{\n"
_CLOSE = b"\n}\n"


def record_lines(records: Iterable[tuple[int, dict[str, Any]]]) -> bytes:
    """The lines of numbered records, in the order given, joined by ",\\n" (no final line break)."""
    return b",\n".join(
        b'"%d": %s' % (number, orjson.dumps(record, option=orjson.OPT_SORT_KEYS)) for number, record in records
    )


def table_body(table: Table) -> bytes:
    """A parsed table's record lines, by record number."""
    return record_lines(sorted((int(number), record) for number, record in table.items()))


def split(raw: bytes) -> dict[str, Body] | None:
    """The record lines of each table of a file in this layout, unparsed; None when `raw` is not laid out so.

    Only the table lines are looked at: call it on bytes known to be valid (written by this program).
    """
    if raw == _OPEN + _CLOSE:
        return {}
    if not (raw.startswith(_OPEN) and raw.endswith(_CLOSE)):
        return None
    view = memoryview(raw)
    bodies: dict[str, Body] = {}
    position = len(_OPEN)
    while True:
        header_end = raw.find(b"\n", position)
        header = raw[position:header_end]
        if header_end < 0 or not (header.startswith(b'"') and header.endswith(b'": {')):
            return None
        name = orjson.loads(header[:-3])
        close = raw.find(b"\n}", header_end)
        if close < 0 or not isinstance(name, str) or name in bodies:
            return None
        bodies[name] = view[header_end + 1 : close] if close > header_end else b""
        position = close + 2
        if raw.startswith(b",\n", position):
            position += 2
        elif position == len(raw) - len(_CLOSE):
            return bodies
        else:
            return None


def last_number(body: Body) -> int:
    """The number of a body's last record (0 for an empty body): the largest, as bodies are in number order."""
    if not body:
        return 0
    size = 256
    while True:  # read back from the end: a record line may be long, a body is long
        tail = bytes(body[-size:])
        newline = tail.rfind(b"\n")
        if newline >= 0 or size >= len(body):
            line = tail[newline + 1 :]
            return int(line[1 : line.index(b'"', 1)])
        size *= 16


class Tables(Mapping[str, Table]):
    """A journal's tables, each held as its record lines, parsed, or both; parsed on first use.

    Never changed in place: `changed` and `appended` return new Tables sharing the untouched tables.
    """

    def __init__(self, parsed: Mapping[str, Table], bodies: Mapping[str, Body] | None = None) -> None:
        self._parsed: dict[str, Table] = dict(parsed)
        self._bodies: dict[str, Body] = dict(bodies or {})
        self._names = sorted(set(self._parsed) | set(self._bodies))

    def __getitem__(self, name: str) -> Table:
        table = self._parsed.get(name)
        if table is None:
            body = self._bodies[name]  # KeyError for an unknown table, as a dict
            table = orjson.loads(b"{" + body + b"}")
            self._parsed[name] = table
        return table

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def body(self, name: str) -> Body:
        """The table's record lines (serialised once, then kept)."""
        body = self._bodies.get(name)
        if body is None:
            body = table_body(self._parsed[name])
            self._bodies[name] = body
        return body

    def changed(self, changes: Mapping[str, Table]) -> Tables:
        """These tables with whole tables replaced by `changes`."""
        parsed = {name: table for name, table in self._parsed.items() if name not in changes} | dict(changes)
        bodies = {name: body for name, body in self._bodies.items() if name not in changes}
        return Tables(parsed, bodies)

    def appended(self, name: str, records: Iterable[dict[str, Any]]) -> tuple[Tables, list[str]]:
        """These tables with `records` added to table `name` under new numbers after the largest; and the numbers."""
        table = self._parsed.get(name)
        body = self._bodies.get(name)
        # A body is in number order, so its last number is the largest; a table parsed from a file
        # edited by hand may not be.
        first = (last_number(body) if body is not None else max(map(int, table or {}), default=0)) + 1
        numbered = list(enumerate(records, start=first))
        added = {str(number): record for number, record in numbered}
        parsed = dict(self._parsed)
        bodies = dict(self._bodies)
        if table is not None or body is None:
            parsed[name] = (table or {}) | added
        if body is not None and numbered:
            # Bodies are in number order and the new numbers are larger, so they go at the end.
            bodies[name] = b"".join((body, b",\n", record_lines(numbered))) if body else record_lines(numbered)
        return Tables(parsed, bodies), list(added)

    def serialise(self) -> bytes:
        """The whole file in this layout."""
        parts: list[Body] = [_OPEN]
        for index, name in enumerate(self._names):
            body = self.body(name)
            parts += [b",\n" if index else b"", orjson.dumps(name), b": {\n", body, b"\n}" if body else b"}"]
        parts.append(_CLOSE)
        return b"".join(parts)
