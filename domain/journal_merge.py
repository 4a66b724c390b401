"""Merging two copies of one journal, record by record, by their uids (domain.uids).

`merge_journals(ours, theirs, base)` takes the raw tables of two journals of the current schema, and
optionally of their common ancestor (git's merge base), and returns one journal that holds every record
of both, none twice. The rule:

- Records are the same record when they have the same uid. A record in only one journal is added. A
  record that changed on one side only (compared with the ancestor) takes that side's change; one that
  changed on both sides, or that differs when there is no ancestor, is merged field by field the same
  way, and where a field changed on both sides:
  - a prediction's or note's texts (title, text and resolve-by; a note's text) keep every version in its
    history (`history`, `revisions`) in the order they were written, the latest current;
  - a prediction archived on one side and not on the other stays unarchived (it is not hidden);
  - the resolutions undone on either side (`undone`) all stay, in the order they were undone;
  - a prediction's tags are every tag of either side (so a tag one side removed stays when the other
    changed the tags too; the result may pass domain.tags.MAX_TAGS, which only limits what a user adds);
  - any other field takes the least value (in JSON order), so that either order gives the same journal.
- A prediction's resolution is kept, removed or changed as the side that changed it says. Two different
  resolutions are both kept: the resolution record holds the others in `conflicting`, the prediction
  counts as open and is shown as "conflicting resolutions" until `resolve` picks one.
- Numbers: a record keeps its number (a prediction its id) unless another record wants it too. Then the
  one that had it in the ancestor keeps it, else the one with the smaller uid (made first); the others are
  renumbered after the largest number in use, in uid order. Renumbered predictions are reported.

Nothing in the rule depends on which journal is `ours`: the merge is commutative, and merging a journal
with itself gives it back. Both journals must have been checked (storage.schema.build) first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

import orjson

from domain.model import UNKNOWN_RECORDED
from domain.records import ESTIMATES, NOTES, PREDICTIONS, RESOLUTIONS, Record
from domain.uids import with_uids
from domain.validation import MAX_PREDICTION_ID, InputError

RawTables = Mapping[str, Mapping[str, Any]]
_MISSING: Any = object()
_VERSIONED = {PREDICTIONS: ("title", "text", "resolve_by"), NOTES: ("text",)}
_HISTORY = {PREDICTIONS: "history", NOTES: "revisions"}


@dataclass(frozen=True, slots=True)
class Renumbered:
    """A prediction whose id changed: on `side` ("ours" or "theirs") it was `old`, now it is `new`."""

    title: str
    side: str
    old: int
    new: int


@dataclass(frozen=True, slots=True)
class JournalMerge:
    """The merged tables, the predictions renumbered, and the conflicts a person should look at."""

    tables: dict[str, dict[str, Any]]
    renumbered: tuple[Renumbered, ...] = ()
    conflicts: tuple[str, ...] = ()


def _json(value: Any) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


def _least(ours: Any, theirs: Any) -> Any:
    return min(ours, theirs, key=_json)


def _pick(base: Any, ours: Any, theirs: Any, both: Callable[[Any, Any], Any]) -> Any:
    """The three-way choice: the value both have, else the one that changed from `base`, else `both(…)`."""
    if ours is _MISSING:
        return base if theirs is _MISSING else theirs
    if theirs is _MISSING or ours == theirs:
        return ours
    if base is not _MISSING and ours == base:
        return theirs
    if base is not _MISSING and theirs == base:
        return ours
    return both(ours, theirs)


def _moment(text: object) -> datetime:
    if isinstance(text, str):
        return datetime.fromisoformat(text)
    return UNKNOWN_RECORDED


def _versions(table: str, record: Record) -> list[tuple[datetime, bytes, Record]]:
    """A prediction's or note's versions, oldest first: (since when, JSON, values)."""
    fields = _VERSIONED[table]
    history = record.get(_HISTORY[table]) or []
    values = [{name: old.get(name) for name in fields} for old in history]
    values.append({name: record.get(name) for name in fields})
    since = [_moment(record.get("recorded_at") if table == NOTES else None)]
    since += [_moment(old.get("recorded_at")) for old in history]
    return [(moment, _json(value), value) for moment, value in zip(since, values, strict=True)]


def _merged_versions(table: str, ours: Record, theirs: Record) -> dict[str, Any]:
    """The versioned fields and the history of both sides' versions, in the order they were written."""
    timeline = sorted(set(map(_frozen, _versions(table, ours))) | set(map(_frozen, _versions(table, theirs))))
    kept: list[tuple[datetime, bytes]] = []
    for moment, value in timeline:
        if not kept or kept[-1][1] != value:
            kept.append((moment, value))
    values = [orjson.loads(value) for _, value in kept]
    history = [
        {**value, "recorded_at": replaced.isoformat()} for value, (replaced, _) in zip(values, kept[1:], strict=False)
    ]
    return {**values[-1], _HISTORY[table]: history}


def _frozen(version: tuple[datetime, bytes, Record]) -> tuple[datetime, bytes]:
    return version[0], version[1]


def _merge_record(table: str, base: Any, ours: Record, theirs: Record) -> Record:
    """A record changed on both sides (or without an ancestor), merged field by field."""
    base_record: Mapping[str, Any] = base if isinstance(base, dict) else {}
    merged: dict[str, Any] = {}
    versioned = (*_VERSIONED.get(table, ()), _HISTORY.get(table, ""))
    for name in sorted(set(ours) | set(theirs) | set(base_record)):
        if name in versioned:
            continue
        both = _BOTH_CHANGED.get(name, _least)
        value = _pick(base_record.get(name, _MISSING), ours.get(name, _MISSING), theirs.get(name, _MISSING), both)
        if value is not _MISSING:
            merged[name] = value
    if table in _VERSIONED:

        def part(record: Mapping[str, Any]) -> Any:
            return {name: record.get(name) for name in versioned} if record else _MISSING

        versions = _pick(
            part(base_record), part(ours), part(theirs), lambda _o, _t: _merged_versions(table, ours, theirs)
        )
        merged.update({name: value for name, value in versions.items() if value or name != _HISTORY[table]})
    return merged


def _undone_union(ours: Any, theirs: Any) -> Any:
    """A prediction's undone resolutions only ever grow: both sides' entries, each once, in the order undone."""
    entries = {_json(entry): entry for entry in [*ours, *theirs]}
    return sorted(entries.values(), key=lambda entry: (str(entry.get("undone_at")), _json(entry)))


def _tags_union(ours: Any, theirs: Any) -> Any:
    """Tags changed on both sides: every tag of either (a merge never removes one), sorted."""
    return sorted({*ours, *theirs})


# How a field changed on both sides is merged, where the least value (`_least`) is not the answer: an
# archive on one side and not the other stays unarchived (it is not hidden), resolutions undone on
# either side all stay in the history, and the tags of either side all stay.
_BOTH_CHANGED: dict[str, Callable[[Any, Any], Any]] = {
    "archived": lambda mine, other: False,
    "undone": _undone_union,
    "tags": _tags_union,
}


def _free_numbers(used: set[int], limit: int | None) -> Iterable[int]:
    start = max(used, default=0) + 1
    top = limit if limit is not None else start + 10**12
    yield from range(start, top + 1)
    yield from (n for n in range(1, min(start, top + 1)) if n not in used)


def _numbers(
    wanted: Mapping[str, int], settled: Mapping[str, int], limit: int | None = None
) -> tuple[dict[str, int], list[str]]:
    """Each uid's number, and the uids that could not keep the number they wanted (see the module)."""
    claimants: dict[int, list[str]] = {}
    for uid, number in wanted.items():
        claimants.setdefault(number, []).append(uid)
    final: dict[str, int] = {}
    displaced: list[str] = []
    for number, uids in claimants.items():
        keeper = next((uid for uid in uids if settled.get(uid) == number), min(uids))
        final[keeper] = number
        displaced += [uid for uid in uids if uid != keeper]
    free = iter(_free_numbers(set(final.values()), limit))
    for uid in sorted(displaced):
        free_number = next(free, None)
        if free_number is None:
            raise InputError(f"the merged journal has no prediction id left: ids go up to {limit:,}")
        final[uid] = free_number
    return final, sorted(displaced)


@dataclass
class _Side:
    """One journal's records by uid, with each record's number and its prediction given by uid."""

    records: dict[str, dict[str, Record]]
    numbers: dict[str, dict[str, int]]

    @classmethod
    def of(cls, tables: RawTables) -> _Side:
        tables = with_uids(tables)
        predictions = tables.get(PREDICTIONS, {})
        owner = {int(number): record["uid"] for number, record in predictions.items()}
        side = cls({}, {})
        for name in (PREDICTIONS, ESTIMATES, NOTES, RESOLUTIONS):
            records: dict[str, Record] = {}
            numbers: dict[str, int] = {}
            for number, found in tables.get(name, {}).items():
                if name == PREDICTIONS:
                    record = {key: value for key, value in found.items() if key != "id"}
                else:
                    record = {**found, "prediction_id": owner[found["prediction_id"]]}
                key = record["prediction_id"] if name == RESOLUTIONS else record["uid"]
                records[key] = record
                numbers[key] = int(number)
            side.records[name] = records
            side.numbers[name] = numbers
        return side


def _candidates(record: Record | None) -> frozenset[bytes]:
    """A resolution record's resolutions (itself and those it conflicts with), each as JSON."""
    if record is None:
        return frozenset()
    main = {key: value for key, value in record.items() if key not in ("conflicting", "prediction_id")}
    return frozenset(_json(item) for item in [main, *record.get("conflicting", [])])


def _resolution(prediction_uid: str, candidates: frozenset[bytes]) -> Record | None:
    """The resolution record of these resolutions: the same answer given twice counts once (the smaller uid)."""
    by_answer: dict[bytes, Record] = {}
    for item in map(orjson.loads, candidates):
        answer = _json({key: value for key, value in item.items() if key != "uid"})
        if answer not in by_answer or item["uid"] < by_answer[answer]["uid"]:
            by_answer[answer] = item
    if not by_answer:
        return None
    first, *others = sorted(by_answer.values(), key=lambda item: (item["date"], item["outcome"], _json(item)))
    record = {**first, "prediction_id": prediction_uid}
    if others:
        record["conflicting"] = others
    return record


def merge_journals(ours: RawTables, theirs: RawTables, base: RawTables | None = None) -> JournalMerge:
    """Merge two journals' tables by record uid (the rule: this module's docstring)."""
    sides = [_Side.of(ours), _Side.of(theirs)]
    ancestor = _Side.of(base) if base is not None else _Side({}, {})
    merged: dict[str, dict[str, Record]] = {}
    conflicts: list[str] = []
    for name in (PREDICTIONS, ESTIMATES, NOTES):
        mine, other, old = (s.records.get(name, {}) for s in (*sides, ancestor))
        table: dict[str, Record] = {}
        for uid in sorted(mine.keys() | other.keys() | old.keys()):
            base_record, a, b = (r.get(uid, _MISSING) for r in (old, mine, other))
            table[uid] = _pick(base_record, a, b, partial(_merge_record, name, base_record))
        merged[name] = table
    predictions = merged[PREDICTIONS]

    def wanted_numbers(name: str) -> tuple[dict[str, int], dict[str, int]]:
        mine, other, old = (s.numbers.get(name, {}) for s in (*sides, ancestor))
        wanted = {
            uid: _pick(old.get(uid, _MISSING), mine.get(uid, _MISSING), other.get(uid, _MISSING), min)
            for uid in merged[name]
        }
        return wanted, old

    ids, displaced = _numbers(*wanted_numbers(PREDICTIONS), limit=MAX_PREDICTION_ID)
    renumbered = [
        Renumbered(predictions[uid]["title"], label, numbers[uid], ids[uid])
        for uid in displaced
        for label, numbers in zip(("ours", "theirs"), (s.numbers[PREDICTIONS] for s in sides), strict=True)
        if uid in numbers and numbers[uid] != ids[uid]
    ]
    tables: dict[str, dict[str, Any]] = {
        PREDICTIONS: {str(ids[uid]): {**record, "id": ids[uid]} for uid, record in predictions.items()}
    }
    for name in (ESTIMATES, NOTES):
        numbers, _ = _numbers(*wanted_numbers(name))
        tables[name] = {
            str(numbers[uid]): {**record, "prediction_id": ids[record["prediction_id"]]}
            for uid, record in merged[name].items()
        }
    resolutions: dict[str, Any] = {}
    mine, other, old = (s.records.get(RESOLUTIONS, {}) for s in (*sides, ancestor))
    for prediction_uid in sorted(mine.keys() | other.keys() | old.keys()):
        # Here "no resolution" is a state like any other: one side's unresolve is a change.
        base_state = _candidates(old.get(prediction_uid)) if base is not None else _MISSING
        a, b = (_candidates(r.get(prediction_uid)) for r in (mine, other))
        record = _resolution(prediction_uid, _pick(base_state, a, b, frozenset.union))
        if record is None:
            continue
        pid = ids[prediction_uid]
        resolutions[str(pid)] = {**record, "prediction_id": pid}
        if "conflicting" in record:
            answers = ", ".join(f"{item['outcome']} on {item['date']}" for item in [record, *record["conflicting"]])
            title = predictions[prediction_uid]["title"]
            conflicts.append(
                f"prediction {pid} ({title!r}) has conflicting resolutions ({answers}): "
                f"'resolve {pid} OUTCOME' picks one"
            )
    tables[RESOLUTIONS] = resolutions
    conflicts += _note_conflicts(merged[NOTES], sides, ids)
    for name in sorted((set(ours) | set(theirs)) - set(tables)):
        tables[name] = _least(dict(ours.get(name, {})), dict(theirs.get(name, {})))
    ordered = {name: dict(sorted(tables[name].items(), key=lambda item: int(item[0]))) for name in sorted(tables)}
    return JournalMerge(ordered, tuple(renumbered), tuple(conflicts))


def _note_conflicts(notes: Mapping[str, Record], sides: list[_Side], ids: Mapping[str, int]) -> list[str]:
    """A line for each note whose texts went different ways on the two sides."""
    lines = []
    for uid, note in notes.items():
        texts = [_versions(NOTES, s.records[NOTES][uid]) for s in sides if uid in s.records.get(NOTES, {})]
        if len(texts) == 2:
            mine, other = ([value for _, value, _ in versions] for versions in texts)
            if mine[: len(other)] != other and other[: len(mine)] != mine:
                lines.append(
                    f"prediction {ids[note['prediction_id']]}: the note of {note['date']} was edited on both "
                    "machines; both texts are kept in its history, the later one current"
                )
    return lines


_KINDS = ((ESTIMATES, "estimate"), (NOTES, "note"), (RESOLUTIONS, "resolution"))
_UNDONE = "resolution undone"


def _without_undone(record: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in record.items() if key != "undone"}


def _plural(label: str, count: int) -> str:
    if count == 1:
        return label
    return "resolutions undone" if label == _UNDONE else f"{label}s"


def describe_changes(before: RawTables, after: RawTables) -> str:
    """What changed from one version of a journal to the next, as a person would say it: "2 estimates,
    1 note on #5; 1 new prediction (#12)". Records are told apart by uid; a changed one counts as "edited"."""
    old = {name: {r["uid"]: r for r in before.get(name, {}).values()} for name in (PREDICTIONS, *dict(_KINDS))}
    counts: dict[int, dict[str, int]] = {}
    new_predictions = []
    for record in after.get(PREDICTIONS, {}).values():
        earlier = old[PREDICTIONS].get(record.get("uid"))
        if earlier is None:
            new_predictions.append(record["id"])
        elif _without_undone(earlier) != _without_undone(record):
            counts.setdefault(record["id"], {}).setdefault("prediction edit", 0)
            counts[record["id"]]["prediction edit"] += 1
    for name, kind in _KINDS:
        for record in after.get(name, {}).values():
            earlier = old[name].get(record.get("uid"))
            if earlier != record:
                label = kind if earlier is None else f"{kind} edit"
                per = counts.setdefault(record["prediction_id"], {})
                per[label] = per.get(label, 0) + 1
    # An unresolve removes the resolution (and records it in the prediction's `undone`, not an edit).
    kept = {record.get("uid") for record in after.get(RESOLUTIONS, {}).values()}
    for uid, record in old[RESOLUTIONS].items():
        if uid not in kept:
            per = counts.setdefault(record["prediction_id"], {})
            per[_UNDONE] = per.get(_UNDONE, 0) + 1
    parts = [
        ", ".join(f"{n} {_plural(label, n)}" for label, n in sorted(per.items())) + f" on #{pid}"
        for pid, per in sorted(counts.items())
    ]
    if new_predictions:
        ids = ", ".join(f"#{pid}" for pid in sorted(new_predictions))
        parts.append(f"{len(new_predictions)} new prediction{'s' if len(new_predictions) != 1 else ''} ({ids})")
    return "; ".join(parts) or "journal changes"
