"""Cached entities, business units and file bytes.

A record is kept as the exact JSON object the service sent, unknown keys included, so that
nothing the client does not understand is ever dropped on the way back. Next to it sit the
few columns the client switcher sorts, filters and shows, filled from the JSON on every write,
and the time the record was fetched.

A record that the service sends with an older `updated_at` than the cached one does not
overwrite it: a list page that was requested before a save must not undo what the save
returned. Records with queued edits are never deleted as "vanished": the outbox still refers
to them, and the conflict path is where their fate is decided.

A stored value that cannot be read back (see `unreadable.py`) never stops a read: that
record reads as not cached, a unit is left out of its client's list, and text that is not
UTF-8 comes back with the bad bytes replaced; `Store.unreadable_rows` counts them.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import repeat
from typing import Any, NamedTuple

from si_desktop.store.database import Database, utc_now
from si_desktop.store.schema import metadata_text
from si_desktop.store.scopes import Scope
from si_desktop.store.unreadable import parse_json_object, tolerating_bad_text

#: Metadata keys read as the bookkeeper's own code for a client, first match wins.
CLIENT_CODE_KEYS = (
    "client_code", "clientCode", "client_number", "client_no", "code", "external_id",
)


class SwitcherRow(NamedTuple):
    """One client in the switcher: only what the list shows, sorts and filters on."""

    id: str
    name: str
    country: str | None
    country_code: str | None
    currency_code: str | None
    tax_number: str | None
    city: str | None
    client_code: str | None
    metadata_text: str
    is_enabled: int | None  # True/False; 1/0 as stored from `Entities.listed`
    updated_at: str | None
    fetched_at: str
    business_units: int
    pending_edits: int


@dataclass(frozen=True, slots=True)
class CachedRecord:
    data: dict[str, Any]
    fetched_at: str


@dataclass(frozen=True, slots=True)
class CachedFile:
    file_id: str
    data: bytes
    content_type: str | None
    fetched_at: str


def _dumps(record: Mapping[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _flag(value: Any) -> int | None:
    return int(value) if isinstance(value, bool) else None


def normalized_time(value: Any) -> str | None:
    """A service timestamp in one comparable spelling (UTC, microseconds, `Z`).

    The raw value stays in the JSON; this column only orders versions of a record.
    """
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return value
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def client_code(record: Mapping[str, Any]) -> str | None:
    metadata = record.get("metadata")
    if not isinstance(metadata, Mapping):
        return None
    for key in CLIENT_CODE_KEYS:
        value = metadata.get(key)
        if isinstance(value, str | int) and not isinstance(value, bool) and str(value):
            return str(value)
    return None


def _record_id(record: Mapping[str, Any]) -> str:
    if not isinstance(record, Mapping):
        raise TypeError(f"a record is a JSON object, not {type(record).__name__}")
    record_id = record.get("id")
    if not isinstance(record_id, str) or not record_id:
        raise ValueError("a record without an `id` cannot be cached")
    return record_id


def _older_guard(table: str) -> str:
    return (
        f" WHERE excluded.updated_at IS NULL OR {table}.updated_at IS NULL"
        f" OR excluded.updated_at >= {table}.updated_at"
    )


_ENTITY_UPSERT = (
    "INSERT INTO entities (scope_id, id, name, country, country_code, currency_code, tax_number,"
    " city, client_code, metadata_text, is_enabled, updated_at, fetched_at, json)"
    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
    " ON CONFLICT (scope_id, id) DO UPDATE SET name = excluded.name,"
    " country = excluded.country, country_code = excluded.country_code,"
    " currency_code = excluded.currency_code, tax_number = excluded.tax_number,"
    " city = excluded.city, client_code = excluded.client_code,"
    " metadata_text = excluded.metadata_text, is_enabled = excluded.is_enabled,"
    " updated_at = excluded.updated_at, fetched_at = excluded.fetched_at, json = excluded.json"
    + _older_guard("entities")
)

_UNIT_UPSERT = (
    "INSERT INTO business_units (scope_id, id, entity_id, name, numbering_index, is_active,"
    " deleted_at, updated_at, fetched_at, json) VALUES (?,?,?,?,?,?,?,?,?,?)"
    " ON CONFLICT (scope_id, id) DO UPDATE SET entity_id = excluded.entity_id,"
    " name = excluded.name, numbering_index = excluded.numbering_index,"
    " is_active = excluded.is_active, deleted_at = excluded.deleted_at,"
    " updated_at = excluded.updated_at, fetched_at = excluded.fetched_at, json = excluded.json"
    + _older_guard("business_units")
)

_SWITCHER = """
SELECT e.id, e.name, e.country, e.country_code, e.currency_code, e.tax_number, e.city,
       e.client_code, e.metadata_text, e.is_enabled, e.updated_at, e.fetched_at,
       (SELECT count(*) FROM business_units AS u
        WHERE u.scope_id = e.scope_id AND u.entity_id = e.id
          AND u.deleted_at IS NULL AND coalesce(u.is_active, 1) = 1),
       (SELECT count(*) FROM outbox AS o WHERE o.scope_id = e.scope_id AND o.entity_id = e.id)
FROM entities AS e
WHERE e.scope_id = ?
ORDER BY e.name COLLATE NOCASE, e.id
"""


# The client list, sorted by name: `_SWITCHER` without the two counts and the fetch time
# (half its cost, and the list shows none of them). It comes back as one JSON array from one
# step of SQLite, which holds no interpreter lock for the whole read: the thread opening the
# store can read it while the window is built (`Entities.read_ahead`) without taking turns
# with the GUI thread a row at a time, and the GUI thread makes the rows in C.
_LISTED = """
SELECT json_group_array(json_array(id, name, country, country_code, currency_code,
                                   tax_number, city, client_code, metadata_text, is_enabled,
                                   updated_at, '', 0, 0))
FROM (SELECT id, name, country, country_code, currency_code, tax_number, city, client_code,
             metadata_text, is_enabled, updated_at
      FROM entities WHERE scope_id = ? ORDER BY name COLLATE NOCASE, id)
"""
# The same rows for some clients only (a change names them), the ids given as a JSON array
# (then the scope). Each is looked up by its key: `id IN (…)` beside `ORDER BY name` had
# SQLite walk the name index over every client of the scope instead (85 ms at 100,000
# clients, on the GUI thread while a refresh ran; 0.7 ms for 50 clients now).
_LISTED_SOME = _LISTED.replace(
    """FROM (SELECT id, name, country, country_code, currency_code, tax_number, city, client_code,
             metadata_text, is_enabled, updated_at
      FROM entities WHERE scope_id = ? ORDER BY name COLLATE NOCASE, id)""",
    """FROM (SELECT e.id, e.name, e.country, e.country_code, e.currency_code, e.tax_number,
             e.city, e.client_code, e.metadata_text, e.is_enabled, e.updated_at
      FROM (SELECT DISTINCT value AS id FROM json_each(?)) AS wanted
      CROSS JOIN entities AS e ON e.scope_id = ? AND e.id = wanted.id
      ORDER BY e.name COLLATE NOCASE, e.id)""",
)


# The client list's saved order (`Entities.save_order`), read with the list: the ids of
# the clients that have a place, in their places (a place exists only for a cached client
# under the name it was sorted by: see the triggers of schema version 7), and the collation.
_ORDER = """
SELECT (SELECT json_group_array(id) FROM
          (SELECT id FROM client_places WHERE scope_id = ?1 ORDER BY place, id)),
       (SELECT value FROM prefs WHERE scope_id = ?1 AND key = ?2)
"""
ORDER_PREF = "client_list_order"  # the collation the saved places were sorted by
# Each (id, name) given is looked up in the list's covering index, by name and id (never the
# table's rows: 100,000 of them are read in a second that way, in ten by the primary key),
# and placed only if its name is the same to the letter.
_SAVE_ORDER = """
INSERT INTO client_places (scope_id, id, place)
SELECT ?1, e.id, CAST(j.key AS INTEGER) FROM json_each(?2) AS j
CROSS JOIN entities AS e ON e.scope_id = ?1
    AND e.name = json_extract(j.value, '$[1]') COLLATE NOCASE
    AND e.id = json_extract(j.value, '$[0]')
WHERE e.name = json_extract(j.value, '$[1]') COLLATE BINARY
"""


@dataclass(frozen=True, slots=True)
class SavedOrder:
    """The client list as the app last sorted it: the ids of the cached clients that kept
    their places (not renamed since, nor new) in that order, and the collation it was
    sorted by (the app's own description of its sort)."""

    collation: str
    ids: list[str]


@dataclass(frozen=True, slots=True)
class _ReadAhead:
    scope: Scope
    writes: int  # `Database.writes` before the read: a write since makes it stale
    rows: str  # the JSON array
    order: tuple[str | None, str | None]  # `_ORDER`'s answer, read in the same snapshot


def _json_in_parts(items: Sequence[Any], part: int = 5_000) -> str:
    """`json.dumps(list(items))`, a part at a time: one call over 100,000 items holds the
    interpreter lock for some 40 ms, a stall of the window when a worker thread makes it."""
    return "[" + ",".join(
        json.dumps(list(items[start : start + part]), ensure_ascii=False,
                   separators=(",", ":"))[1:-1]
        for start in range(0, len(items), part) if items[start : start + part]
    ) + "]"


def _saved_order(ids: str | None, collation: str | None) -> SavedOrder | None:
    if ids is None or collation is None:
        return None
    try:
        found, how = json.loads(ids), json.loads(collation)
    except ValueError:  # written by `save_order` only; a damaged value is no order
        return None
    if not isinstance(how, str) or not isinstance(found, list):
        return None
    return SavedOrder(how, found)


def _switcher_row(row: tuple[Any, ...]) -> SwitcherRow:
    enabled = row[9]
    return SwitcherRow(
        row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8],
        None if enabled is None else bool(enabled), row[10], row[11], row[12], row[13],
    )


def _with_ids(conn: sqlite3.Connection, ids: Iterable[str]) -> None:
    """Fill the connection's temporary id list (for "delete what the service no longer has")."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS present_ids (id TEXT PRIMARY KEY)")
    conn.execute("DELETE FROM temp.present_ids")
    conn.executemany(
        "INSERT OR IGNORE INTO temp.present_ids (id) VALUES (?)", ((i,) for i in ids)
    )


_HAS_NO_EDITS = (
    " AND NOT EXISTS (SELECT 1 FROM outbox AS o WHERE o.scope_id = {t}.scope_id"
    " AND (o.target_id = {t}.id OR o.entity_id = {t}.id))"
)


class Entities:
    """Cached entities (the bookkeeper's clients) of each scope."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._ahead: _ReadAhead | None = None

    def upsert(
        self,
        scope: Scope,
        records: Iterable[Mapping[str, Any]],
        *,
        fetched_at: str | None = None,
    ) -> int:
        """Insert or update many entities in one transaction; returns how many were written."""
        fetched = fetched_at or utc_now()
        with self._db.write() as conn:
            scope_id = self._db.scope_id(conn, scope, create=True)
            rows = [
                (
                    scope_id,
                    _record_id(record),
                    _text(record.get("name")) or "",
                    _text(record.get("country")),
                    _text(record.get("country_code")),
                    _text(record.get("currency_code")),
                    _text(record.get("tax_number")),
                    _text(record.get("city")),
                    client_code(record),
                    metadata_text(record),
                    _flag(record.get("is_enabled")),
                    normalized_time(record.get("updated_at")),
                    fetched,
                    _dumps(record),
                )
                for record in records
            ]
            cursor = conn.executemany(_ENTITY_UPSERT, rows)
            return max(cursor.rowcount, 0)

    def get(self, scope: Scope, entity_id: str) -> dict[str, Any] | None:
        """The entity's full JSON as the service sent it, or None."""
        record = self.get_record(scope, entity_id)
        return None if record is None else record.data

    def get_record(self, scope: Scope, entity_id: str) -> CachedRecord | None:
        return _get(self._db, "entities", scope, entity_id)

    def switcher_rows(self, scope: Scope) -> list[SwitcherRow]:
        """Every client of a scope, sorted by name, with only the switcher's columns."""
        with self._db.read() as conn:
            scope_id = self._db.scope_id(conn, scope, create=False)
            if scope_id is None:
                return []
            return tolerating_bad_text(
                conn, "the client list",
                lambda: list(map(_switcher_row, conn.execute(_SWITCHER, (scope_id,)))),
            )

    def listed(self, scope: Scope) -> list[SwitcherRow]:
        """Every client of a scope as the client list shows it, sorted by name: the columns
        of `switcher_rows` without `fetched_at` (empty) and the two counts (0), and with
        `is_enabled` as stored (1, 0 or None). Read ahead (`read_ahead`), if nothing was
        written since."""
        return self.listed_in_order(scope)[0]

    def listed_in_order(self, scope: Scope) -> tuple[list[SwitcherRow], SavedOrder | None]:
        """`listed(scope)`, and in the same snapshot the order the app saved for them
        (`save_order`; None if it never did)."""
        ahead, self._ahead = self._ahead, None
        if ahead is not None and ahead.scope == scope and ahead.writes == self._db.writes:
            rows, order = ahead.rows, ahead.order
        else:
            rows, order = self._read_listed(scope)
        # `tuple.__new__` is `_make` without its Python frame and length check: the query
        # gives every row its 14 columns
        listed = list(map(tuple.__new__, repeat(SwitcherRow), json.loads(rows)))
        return listed, _saved_order(*order)

    def read_ahead(self, scope: Scope) -> None:
        """Read `listed_in_order(scope)` now, for its next call (the thread that opens the
        store calls this while the window is being built: the read is the cache's share of
        the first paint)."""
        writes = self._db.writes
        rows, order = self._read_listed(scope)
        self._ahead = _ReadAhead(scope, writes, rows, order)

    def _read_listed(self, scope: Scope) -> tuple[str, tuple[str | None, str | None]]:
        with self._db.read() as conn:
            scope_id = self._db.scope_id(conn, scope, create=False)
            if scope_id is None:
                return "[]", (None, None)
            rows = tolerating_bad_text(
                conn, "the client list",
                lambda: str(conn.execute(_LISTED, (scope_id,)).fetchone()[0]),
            )
            ids, collation = conn.execute(_ORDER, (scope_id, ORDER_PREF)).fetchone()
            return rows, (ids, collation)

    def save_order(self, scope: Scope, collation: str,
                   ordered: Sequence[tuple[str, str]]) -> int:
        """Save the client list's order as the app sorted it by `collation`: `ordered` is
        every client's (id, name) in that order. A client renamed or gone since it was
        sorted gets no place (its name is checked here), so that a saved place is always
        true of the client's name now. Returns how many places were saved."""
        with self._db.write() as conn:
            scope_id = self._db.scope_id(conn, scope, create=False)
            if scope_id is None:
                return 0
            conn.execute("DELETE FROM client_places WHERE scope_id = ?", (scope_id,))
            cursor = conn.execute(_SAVE_ORDER, (scope_id, _json_in_parts(ordered)))
            conn.execute(
                "INSERT INTO prefs (scope_id, key, value) VALUES (?, ?, ?)"
                " ON CONFLICT (scope_id, key) DO UPDATE SET value = excluded.value",
                (scope_id, ORDER_PREF, json.dumps(collation, ensure_ascii=False)),
            )
            return max(cursor.rowcount, 0)

    def listed_some(self, scope: Scope, entity_ids: Iterable[str]) -> list[SwitcherRow]:
        """`listed` for the clients `entity_ids` only (those still cached), in name order:
        what a change event names, without reading every client again."""
        with self._db.read() as conn:
            scope_id = self._db.scope_id(conn, scope, create=False)
            if scope_id is None:
                return []
            wanted = json.dumps(list(entity_ids))
            rows = tolerating_bad_text(
                conn, "the client list",
                lambda: str(conn.execute(_LISTED_SOME, (wanted, scope_id)).fetchone()[0]),
            )
        return list(map(tuple.__new__, repeat(SwitcherRow), json.loads(rows)))

    def all(self, scope: Scope) -> list[dict[str, Any]]:
        """Every cached client's JSON in name order, in one read (the firm-wide tools compare
        all of them; a row that cannot be read is left out, as elsewhere)."""
        return _all(self._db, "entities", scope, "name COLLATE NOCASE, id")

    def extract(self, scope: Scope, paths: Sequence[str]) -> list[tuple[str, list[Any]]]:
        """Per cached client (name order), its id and the values at the JSON `paths`
        (`$.settings.document_footer`, …; one null follows them), picked by SQLite without
        parsing the rest of the record: the firm-wide comparison of thousands of clients
        reads only what it compares. A row that cannot be read is left out."""
        return [(record_id, values) for record_id, _, values in
                _extract(self._db, "entities", scope, paths, "name COLLATE NOCASE, id")]

    def versions(self, scope: Scope) -> dict[str, str | None]:
        """Each client's `updated_at`, by id. Read row by row: SQLite lets go of the
        interpreter lock at every row, so a worker thread reading 100,000 of them leaves
        the window its turns (`listed`'s one JSON array holds the lock for its whole
        decoding, about a third of a second at 100,000 clients)."""
        with self._db.read() as conn:
            scope_id = self._db.scope_id(conn, scope, create=False)
            if scope_id is None:
                return {}
            found: dict[str, str | None] = tolerating_bad_text(
                conn, "the client list", lambda: dict(conn.execute(
                    "SELECT id, updated_at FROM entities WHERE scope_id = ?", (scope_id,))))
            return found

    def ids(self, scope: Scope) -> set[str]:
        with self._db.read() as conn:
            scope_id = self._db.scope_id(conn, scope, create=False)
            if scope_id is None:
                return set()
            rows = conn.execute("SELECT id FROM entities WHERE scope_id = ?", (scope_id,))
            return {row[0] for row in rows}

    def count(self, scope: Scope) -> int:
        with self._db.read() as conn:
            scope_id = self._db.scope_id(conn, scope, create=False)
            if scope_id is None:
                return 0
            row = conn.execute("SELECT count(*) FROM entities WHERE scope_id = ?", (scope_id,))
            return int(row.fetchone()[0])

    def delete_missing(self, scope: Scope, present_ids: Iterable[str]) -> int:
        """After a full walk of the list: delete the entities (and their units) the service no
        longer returned, except those with queued edits. Returns how many entities went."""
        with self._db.write() as conn:
            scope_id = self._db.scope_id(conn, scope, create=False)
            if scope_id is None:
                return 0
            _with_ids(conn, present_ids)
            gone = [
                row[0]
                for row in conn.execute(
                    "SELECT id FROM entities WHERE scope_id = ?"
                    " AND id NOT IN (SELECT id FROM temp.present_ids)"
                    + _HAS_NO_EDITS.format(t="entities"),
                    (scope_id,),
                )
            ]
            self._delete(conn, scope_id, gone)
            conn.execute("DELETE FROM temp.present_ids")
            return len(gone)

    def delete(self, scope: Scope, entity_id: str) -> bool:
        """Delete one entity and its units (e.g. a local placeholder once its create is sent)."""
        with self._db.write() as conn:
            scope_id = self._db.scope_id(conn, scope, create=False)
            if scope_id is None:
                return False
            return self._delete(conn, scope_id, [entity_id]) > 0

    def adopt_id(self, scope: Scope, local_id: str, service_id: str) -> None:
        """A client created offline now exists on the service: its placeholder goes and the
        units filed under the local id move to the service id."""
        with self._db.write() as conn:
            scope_id = self._db.scope_id(conn, scope, create=False)
            if scope_id is None:
                return
            conn.execute(
                "UPDATE business_units SET entity_id = ? WHERE scope_id = ? AND entity_id = ?",
                (service_id, scope_id, local_id),
            )
            conn.execute(
                "DELETE FROM entities WHERE scope_id = ? AND id = ?", (scope_id, local_id)
            )

    @staticmethod
    def _delete(conn: sqlite3.Connection, scope_id: int, ids: list[str]) -> int:
        from si_desktop.store.documents import delete_client_rows

        rows = [(scope_id, entity_id) for entity_id in ids]
        conn.executemany(
            "DELETE FROM business_units WHERE scope_id = ? AND entity_id = ?", rows
        )
        delete_client_rows(conn, rows)  # its documents, customers, taxes and payments
        cursor = conn.executemany("DELETE FROM entities WHERE scope_id = ? AND id = ?", rows)
        return max(cursor.rowcount, 0)


class Units:
    """Cached business units, each filed under its entity."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def upsert(
        self,
        scope: Scope,
        units: Iterable[Mapping[str, Any]],
        *,
        entity_id: str | None = None,
        fetched_at: str | None = None,
    ) -> int:
        """Insert or update units in one transaction. A unit's entity is its `entity_id`
        field, else the `entity_id` argument (the `x-entity-id` the list was fetched with)."""
        fetched = fetched_at or utc_now()
        with self._db.write() as conn:
            scope_id = self._db.scope_id(conn, scope, create=True)
            return self._upsert(conn, scope_id, units, entity_id, fetched)

    @staticmethod
    def _upsert(
        conn: sqlite3.Connection,
        scope_id: int | None,
        units: Iterable[Mapping[str, Any]],
        entity_id: str | None,
        fetched: str,
    ) -> int:
        rows = []
        for unit in units:
            unit_id = _record_id(unit)
            owner = _text(unit.get("entity_id")) or entity_id
            if not owner:
                raise ValueError(f"business unit {unit_id} has no entity_id")
            index = unit.get("numbering_index")
            rows.append(
                (
                    scope_id,
                    unit_id,
                    owner,
                    _text(unit.get("name")) or "",
                    index if isinstance(index, int) and not isinstance(index, bool) else None,
                    _flag(unit.get("is_active")),
                    _text(unit.get("deleted_at")),
                    normalized_time(unit.get("updated_at")),
                    fetched,
                    _dumps(unit),
                )
            )
        cursor = conn.executemany(_UNIT_UPSERT, rows)
        return max(cursor.rowcount, 0)

    def replace_for_entity(
        self,
        scope: Scope,
        entity_id: str,
        units: Iterable[Mapping[str, Any]],
        *,
        fetched_at: str | None = None,
    ) -> tuple[int, int]:
        """A full refresh of one entity's units (archived included): upsert them and delete
        the ones no longer there (except those with queued edits), in one transaction.
        Returns (written, deleted)."""
        fetched = fetched_at or utc_now()
        units = list(units)
        with self._db.write() as conn:
            scope_id = self._db.scope_id(conn, scope, create=True)
            written = self._upsert(conn, scope_id, units, entity_id, fetched)
            _with_ids(conn, (_record_id(unit) for unit in units))
            cursor = conn.execute(
                "DELETE FROM business_units WHERE scope_id = ? AND entity_id = ?"
                " AND id NOT IN (SELECT id FROM temp.present_ids)"
                + _HAS_NO_EDITS.format(t="business_units"),
                (scope_id, entity_id),
            )
            conn.execute("DELETE FROM temp.present_ids")
            return written, max(cursor.rowcount, 0)

    def get(self, scope: Scope, unit_id: str) -> dict[str, Any] | None:
        record = self.get_record(scope, unit_id)
        return None if record is None else record.data

    def get_record(self, scope: Scope, unit_id: str) -> CachedRecord | None:
        return _get(self._db, "business_units", scope, unit_id)

    def for_entity(
        self, scope: Scope, entity_id: str, *, include_archived: bool = True
    ) -> list[dict[str, Any]]:
        """An entity's units in numbering order, as the service sent them."""
        return [
            record.data
            for record in self.records_for_entity(
                scope, entity_id, include_archived=include_archived
            )
        ]

    def records_for_entity(
        self, scope: Scope, entity_id: str, *, include_archived: bool = True
    ) -> list[CachedRecord]:
        active = "" if include_archived else " AND deleted_at IS NULL AND coalesce(is_active, 1)"
        with self._db.read() as conn:
            scope_id = self._db.scope_id(conn, scope, create=False)
            if scope_id is None:
                return []
            rows = tolerating_bad_text(conn, "business units", lambda: conn.execute(
                "SELECT id, json, fetched_at FROM business_units WHERE scope_id = ?"
                " AND entity_id = ?" + active + " ORDER BY numbering_index IS NULL,"
                " numbering_index, name COLLATE NOCASE, id",
                (scope_id, entity_id),
            ).fetchall())
        unreadable = self._db.unreadable
        records = []
        for unit_id, raw, fetched in rows:  # a unit that cannot be read is left out
            data = parse_json_object(unreadable, "business_units", unit_id, raw)
            if data is not None:
                records.append(CachedRecord(data, fetched))
        return records

    def all(self, scope: Scope) -> list[dict[str, Any]]:
        """Every cached unit's JSON (of every client, archived ones too), in one read."""
        return _all(self._db, "business_units", scope, "entity_id, numbering_index, id")

    def extract(
        self, scope: Scope, paths: Sequence[str], *, mentioning: Sequence[str] = ()
    ) -> list[tuple[str, str, list[Any]]]:
        """`Entities.extract` for every cached unit: (id, entity id, values); with
        `mentioning`, only the units whose JSON holds one of those keys (a unit that never
        names `document_footer` cannot override it, and its record is not parsed at all)."""
        return _extract(self._db, "business_units", scope, paths,
                        "entity_id, numbering_index, id", mentioning)

    def delete(self, scope: Scope, unit_id: str) -> bool:
        with self._db.write() as conn:
            scope_id = self._db.scope_id(conn, scope, create=False)
            if scope_id is None:
                return False
            cursor = conn.execute(
                "DELETE FROM business_units WHERE scope_id = ? AND id = ?", (scope_id, unit_id)
            )
            return cursor.rowcount > 0


class Files:
    """File bytes (logos, signatures) by the service's file id."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def put(
        self,
        scope: Scope,
        file_id: str,
        data: bytes,
        *,
        content_type: str | None = None,
        fetched_at: str | None = None,
    ) -> None:
        if not file_id:
            raise ValueError("a file needs an id")
        with self._db.write() as conn:
            scope_id = self._db.scope_id(conn, scope, create=True)
            conn.execute(
                "INSERT INTO files (scope_id, id, content_type, data, fetched_at)"
                " VALUES (?,?,?,?,?) ON CONFLICT (scope_id, id) DO UPDATE SET"
                " content_type = excluded.content_type, data = excluded.data,"
                " fetched_at = excluded.fetched_at",
                (scope_id, file_id, content_type, bytes(data), fetched_at or utc_now()),
            )

    def get(self, scope: Scope, file_id: str) -> CachedFile | None:
        with self._db.read() as conn:
            scope_id = self._db.scope_id(conn, scope, create=False)
            if scope_id is None:
                return None
            row = conn.execute(
                "SELECT data, content_type, fetched_at FROM files WHERE scope_id = ? AND id = ?",
                (scope_id, file_id),
            ).fetchone()
        if row is None:
            return None
        return CachedFile(file_id, bytes(row[0]), row[1], row[2])

    def delete(self, scope: Scope, file_id: str) -> bool:
        with self._db.write() as conn:
            scope_id = self._db.scope_id(conn, scope, create=False)
            if scope_id is None:
                return False
            cursor = conn.execute(
                "DELETE FROM files WHERE scope_id = ? AND id = ?", (scope_id, file_id)
            )
            return cursor.rowcount > 0

    def replace_family(self, scope: Scope, family: str, file_id: str, data: bytes, *,
                       content_type: str | None = None) -> None:
        """Keep `data` under `file_id` as the one file whose id starts with `family` (a
        document's PDF in one language: a newer version replaces the older ones)."""
        if not file_id.startswith(family):
            raise ValueError("the file's id must start with its family")
        with self._db.write() as conn:
            scope_id = self._db.scope_id(conn, scope, create=True)
            conn.execute("DELETE FROM files WHERE scope_id = ? AND substr(id, 1, ?) = ?",
                         (scope_id, len(family), family))
            self.put(scope, file_id, data, content_type=content_type)

    def newest_of_family(self, scope: Scope, family: str) -> CachedFile | None:
        """The most recently fetched file whose id starts with `family`."""
        with self._db.read() as conn:
            scope_id = self._db.scope_id(conn, scope, create=False)
            if scope_id is None:
                return None
            row = conn.execute(
                "SELECT id, data, content_type, fetched_at FROM files WHERE scope_id = ?"
                " AND substr(id, 1, ?) = ? ORDER BY fetched_at DESC LIMIT 1",
                (scope_id, len(family), family),
            ).fetchone()
        return None if row is None else CachedFile(row[0], bytes(row[1]), row[2], row[3])


def _get(db: Database, table: str, scope: Scope, record_id: str) -> CachedRecord | None:
    with db.read() as conn:
        scope_id = db.scope_id(conn, scope, create=False)
        if scope_id is None:
            return None
        row = tolerating_bad_text(conn, table, lambda: conn.execute(
            f"SELECT json, fetched_at FROM {table} WHERE scope_id = ? AND id = ?",
            (scope_id, record_id),
        ).fetchone())
    if row is None:
        return None
    data = parse_json_object(db.unreadable, table, record_id, row[0])
    return None if data is None else CachedRecord(data, row[1])  # unreadable: as if not cached


def _all(db: Database, table: str, scope: Scope, order: str) -> list[dict[str, Any]]:
    with db.read() as conn:
        scope_id = db.scope_id(conn, scope, create=False)
        if scope_id is None:
            return []
        rows = tolerating_bad_text(conn, table, lambda: conn.execute(
            f"SELECT id, json FROM {table} WHERE scope_id = ? ORDER BY {order}", (scope_id,)
        ).fetchall())
    found = (parse_json_object(db.unreadable, table, record_id, raw) for record_id, raw in rows)
    return [data for data in found if data is not None]


def _extract(db: Database, table: str, scope: Scope, paths: Sequence[str], order: str,
             mentioning: Sequence[str] = ()) -> list[tuple[str, str, list[Any]]]:
    if not paths:
        raise ValueError("name at least one JSON path")
    owner = "entity_id" if table == "business_units" else "id"
    # One JSON array of [id, owner, [values…]] rows, parsed by one json.loads: far cheaper
    # than a parse per row. json_extract with several paths answers an array of them; a
    # constant second path keeps that shape when one path is asked for.
    picks = ", ".join("?" for _ in (*paths, "$.__none__"))
    # The stored JSON is written by `_dumps` (keys never escaped), so a key is found as text.
    keys = [json.dumps(key) for key in mentioning]
    having = f" AND ({' OR '.join('instr(json, ?) > 0' for _ in keys)})" if keys else ""
    sql = (f"SELECT json_group_array(json_array(id, {owner}, json(json_extract(json, {picks}))))"
           f" FROM (SELECT id, {owner}, json FROM {table}"
           f" WHERE scope_id = ?{having} AND json_valid(json) ORDER BY {order})")
    with db.read() as conn:
        scope_id = db.scope_id(conn, scope, create=False)
        if scope_id is None:
            return []
        row = tolerating_bad_text(conn, table, lambda: conn.execute(
            sql, (*paths, "$.__none__", scope_id, *keys)).fetchone())
    # each row's values end with the constant path's (null): harmless to callers that read
    # them by position, and cheaper than a copy of every list without it
    rows: list[tuple[str, str, list[Any]]] = parse_json_array(row[0] if row else None) or []
    return rows


def parse_json_array(raw: Any) -> list[Any] | None:
    try:
        value = json.loads(raw)
    except (TypeError, ValueError, RecursionError):
        return None
    return value if isinstance(value, list) else None
