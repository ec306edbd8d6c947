"""Document numbers, as CONTRACT.md ("Documents", Numbers) gives them out.

- One sequence per entity × document type × business unit (or none). Without a unit the
  type's `number_formats` entry applies, with one the type's `unit_number_formats` entry (an
  entity setting shared by all units; a plain string serves every type), `{u…}` being the
  unit's `numbering_index`. Formats are rendered by `si_desktop.core.numbering`, the same
  code the editors preview with.
- A format with a year token restarts each calendar year of the document's `date` (the
  contract's reading of an unknown): the year is part of the sequence's key. A format without
  one runs on forever.
- Next = max(last issued + 1, the configured first number: `number_sequence_starts[type]`,
  or `unit_number_sequence_starts[type][unit_id]` under a unit). A number is taken only when
  a document is issued; a draft and `next-number` take nothing.
- A first number is a fact about the year it was set in: the sandbox notes the year (of its
  clock) whenever a first number changes, and a yearly sequence honours it in that year only,
  so a client that moved to the service in June with invoice 143 starts next January at 1
  again. A first number with no year noted (set before the sandbox kept them) applies in
  every year, as the contract's formula reads.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from si_desktop.core import numbering

SEQUENCE_TYPES: tuple[str, ...] = ("invoice", "estimate", "credit_note")
"""The document types the sandbox numbers."""
NO_UNIT = ""
"""The unit key of a sequence without a business unit."""


@dataclass(frozen=True)
class Sequence:
    """Where a document's number comes from: the key of its counter and its format."""

    entity_id: str
    doc_type: str
    unit_id: str
    unit_index: int | None
    fmt: str
    period: int
    """The document's year when the format holds one, else 0."""


def _settings(entity: Mapping[str, Any]) -> Mapping[str, Any]:
    settings = entity.get("settings")
    return settings if isinstance(settings, Mapping) else {}


def number_format(settings: Mapping[str, Any], doc_type: str, *, unit: bool) -> str:
    """The format a document of the type gets: the entity's own when valid, else the
    default (`{yyyy}-{nnnnn}`, or `{yyyy}-{u}-{nnnnn}` under a unit)."""
    if unit:
        formats = settings.get("unit_number_formats")
        fmt = formats.get(doc_type) if isinstance(formats, Mapping) else formats
        default = numbering.DEFAULT_UNIT_FORMAT
    else:
        formats = settings.get("number_formats")
        fmt = formats.get(doc_type) if isinstance(formats, Mapping) else None
        default = numbering.DEFAULT_FORMAT
    if isinstance(fmt, str) and _valid(fmt, unit):
        return fmt
    return default


@functools.lru_cache(maxsize=256)
def _valid(fmt: str, unit: bool) -> bool:
    return not numbering.problems(fmt, unit=unit)


def sequence_for(entity: Mapping[str, Any], doc_type: str, unit: Mapping[str, Any] | None,
                 on: date) -> Sequence:
    fmt = number_format(_settings(entity), doc_type, unit=unit is not None)
    return Sequence(
        entity_id=str(entity["id"]),
        doc_type=doc_type,
        unit_id=str(unit["id"]) if unit is not None else NO_UNIT,
        unit_index=int(unit["numbering_index"]) if unit is not None else None,
        fmt=fmt,
        period=on.year if _yearly(fmt) else 0,
    )


@functools.lru_cache(maxsize=256)
def _yearly(fmt: str) -> bool:
    return numbering.has_year_token(fmt)


def configured_first_numbers(settings: Mapping[str, Any]) -> dict[tuple[str, str], int]:
    """(document type, unit id or `NO_UNIT`) → the first number the settings configure."""
    found: dict[tuple[str, str], int] = {}
    starts = settings.get("number_sequence_starts")
    if isinstance(starts, Mapping):
        for doc_type, value in starts.items():
            if _whole(value):
                found[(str(doc_type), NO_UNIT)] = value
    unit_starts = settings.get("unit_number_sequence_starts")
    if isinstance(unit_starts, Mapping):
        for doc_type, per_unit in unit_starts.items():
            if isinstance(per_unit, Mapping):
                for unit_id, value in per_unit.items():
                    if _whole(value):
                        found[(str(doc_type), str(unit_id))] = value
    return found


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def note_first_numbers(conn: sqlite3.Connection, entity_id: str,
                       before: Mapping[str, Any], after: Mapping[str, Any], year: int) -> None:
    """Remember the year of every first number that the change from `before` to `after`
    settings set or moved (and forget the cleared ones)."""
    old, new = configured_first_numbers(before), configured_first_numbers(after)
    for (doc_type, unit_id), value in new.items():
        if old.get((doc_type, unit_id)) != value:
            conn.execute("INSERT OR REPLACE INTO first_numbers VALUES (?,?,?,?,?)",
                         (entity_id, doc_type, unit_id, value, year))
    for doc_type, unit_id in old.keys() - new.keys():
        conn.execute("DELETE FROM first_numbers WHERE entity_id=? AND doc_type=? AND unit_id=?",
                     (entity_id, doc_type, unit_id))


def _first_number(conn: sqlite3.Connection, sequence: Sequence,
                  settings: Mapping[str, Any]) -> int:
    configured = configured_first_numbers(settings).get((sequence.doc_type, sequence.unit_id))
    if configured is None:
        return 1
    if sequence.period == 0:
        return configured
    noted = conn.execute(
        "SELECT value, year FROM first_numbers WHERE entity_id=? AND doc_type=? AND unit_id=?",
        (sequence.entity_id, sequence.doc_type, sequence.unit_id),
    ).fetchone()
    if noted is None or noted[0] != configured or noted[1] == sequence.period:
        return configured
    return 1


def last_issued(conn: sqlite3.Connection, sequence: Sequence) -> int:
    row = conn.execute(
        "SELECT last FROM sequences WHERE entity_id=? AND doc_type=? AND unit_id=? AND period=?",
        (sequence.entity_id, sequence.doc_type, sequence.unit_id, sequence.period),
    ).fetchone()
    return int(row[0]) if row else 0


def _next(conn: sqlite3.Connection, entity: Mapping[str, Any], sequence: Sequence) -> int:
    return max(last_issued(conn, sequence) + 1, _first_number(conn, sequence, _settings(entity)))


def render(sequence: Sequence, number: int, on: date) -> str:
    return numbering.render(sequence.fmt, number=number, on=on, unit_index=sequence.unit_index)


def peek(conn: sqlite3.Connection, entity: Mapping[str, Any], doc_type: str,
         unit: Mapping[str, Any] | None, on: date) -> str:
    """The number a document of the type issued on `on` would get, without using it up."""
    sequence = sequence_for(entity, doc_type, unit, on)
    return render(sequence, _next(conn, entity, sequence), on)


def take(conn: sqlite3.Connection, entity: Mapping[str, Any], doc_type: str,
         unit: Mapping[str, Any] | None, on: date) -> str:
    """The next number of the document's sequence, used up (call inside the transaction
    that stores the issued document)."""
    sequence = sequence_for(entity, doc_type, unit, on)
    number = _next(conn, entity, sequence)
    set_last(conn, sequence, number)
    return render(sequence, number, on)


def set_last(conn: sqlite3.Connection, sequence: Sequence, last: int) -> None:
    conn.execute("INSERT OR REPLACE INTO sequences VALUES (?,?,?,?,?)",
                 (sequence.entity_id, sequence.doc_type, sequence.unit_id, sequence.period,
                  last))
