"""Stable record ids: every prediction, estimate, note and resolution carries a `uid`, a ULID.

A ULID is 26 characters of Crockford base32: 48 bits of milliseconds since 1970 (so ids sort by
when their records were made) and 80 bits of randomness. The number a person types (a prediction's
id, an estimate's #n) can change when journals merge; the uid never does, and journals merge by it
(domain.journal_merge).

A new record's randomness comes from the caller (storage passes os.urandom). A record that has no
uid yet (a journal from before schema 3, a hand-edited line) gets one derived from its table, its
record number and the fields that never change after it was made (`derived_uid`): two machines
upgrading copies of one file give each record the same uid, so that their journals later merge
record by record instead of holding every old record twice; and a later correction (a retraction,
an edited note) does not change the uid it would be given.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import orjson

from domain.records import ESTIMATES, NOTES, PREDICTIONS, RESOLUTIONS

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
UID_LENGTH = 26
RANDOM_BYTES = 10
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

Record = Mapping[str, Any]


def ulid(moment: datetime, randomness: bytes) -> str:
    """The ULID of `moment` (a timezone-aware time; its milliseconds since 1970) and 10 random bytes."""
    if len(randomness) != RANDOM_BYTES:
        raise ValueError(f"a ULID takes {RANDOM_BYTES} random bytes, got {len(randomness)}")
    milliseconds = max(0, min(int((moment - _EPOCH).total_seconds() * 1000), 2**48 - 1))
    value = (milliseconds << 80) | int.from_bytes(randomness, "big")
    return "".join(CROCKFORD[(value >> shift) & 31] for shift in range(125, -1, -5))


def is_uid(value: object) -> bool:
    """Whether `value` is a ULID as this program writes them."""
    return (
        isinstance(value, str)
        and len(value) == UID_LENGTH
        and value[0] in "01234567"
        and all(char in CROCKFORD for char in value)
    )


def _moment(text: object) -> datetime | None:
    """A record's recording time or date as a timezone-aware time, None when it has neither."""
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _first_text(record: Record, field: str, earlier: str) -> object:
    """A field's first value: the oldest of its earlier versions (`earlier` list), else the field."""
    history = record.get(earlier)
    if isinstance(history, list) and history and isinstance(history[0], dict):
        return history[0].get(field)
    return record.get(field)


def _identity(table: str, record: Record) -> object:
    """The fields of a record that no correction changes."""
    if table == PREDICTIONS:
        return [record.get("id"), record.get("set"), record.get("source"), _first_text(record, "title", "history")]
    if table == ESTIMATES:
        return [record.get(name) for name in ("prediction_id", "date", "probability", "recorded_at", "note")]
    if table == NOTES:
        return [record.get(name) for name in ("prediction_id", "date", "recorded_at")] + [
            _first_text(record, "text", "revisions")
        ]
    return {key: value for key, value in record.items() if key not in ("uid", "conflicting")}


def derived_uid(table: str, number: str, record: Record) -> str:
    """The uid a record without one gets: its time (recording time, else date, else 1970) and a
    hash of its table, number and unchanging fields."""
    moment = _moment(record.get("recorded_at")) or _moment(record.get("date")) or _EPOCH
    seed = orjson.dumps([table, number, _identity(table, record)], option=orjson.OPT_SORT_KEYS)
    return ulid(moment, hashlib.sha256(seed).digest()[:RANDOM_BYTES])


def with_uids(tables: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """The tables with a uid given (`derived_uid`) to every record of the four record tables (and every
    conflicting resolution) that has none, or one another record of its table already has; other records
    are left as they are."""
    result: dict[str, dict[str, Any]] = {name: dict(table) for name, table in tables.items()}
    for name in (PREDICTIONS, ESTIMATES, NOTES, RESOLUTIONS):
        seen: set[str] = set()
        table = result.get(name, {})
        for number, found in table.items():
            if not isinstance(found, dict):
                continue
            record = found
            uid = found.get("uid")
            if not isinstance(uid, str) or not is_uid(uid) or uid in seen:
                uid = derived_uid(name, number, found)
                record = {**found, "uid": uid}
            seen.add(uid)
            others = record.get("conflicting")
            if name == RESOLUTIONS and isinstance(others, list):
                record = {
                    **record,
                    "conflicting": [
                        other
                        if not isinstance(other, dict) or is_uid(other.get("uid"))
                        else {**other, "uid": derived_uid(name, f"{number}.{index}", other)}
                        for index, other in enumerate(others)
                    ],
                }
            if record != found:
                table[number] = record
    return result
