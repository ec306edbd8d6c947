"""Cached documents (invoices, estimates, credit notes), customers, taxes and payments, each
filed under its client, and how far each client's documents are refreshed.

As for clients and units (`records.py`): a record is kept as the exact JSON the service sent,
with the columns the Documents tab lists, filters and sorts by beside it; an answer with an
older `updated_at` never overwrites a newer cached one; a record with queued edits is never
deleted as "vanished".

A stored value that cannot be read back (a JSON column damaged by another program) never
stops a read: that record is left out, logged once and counted (`unreadable`), and the
others come back.

The list of a client's documents (`rows`) comes as one JSON array from one SQLite step,
only the listed columns, amounts as exact `Decimal`s: 20,000 documents in a few tens of
milliseconds, without parsing a single document's JSON.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

from si_desktop.core import documents as rules
from si_desktop.core.practice import CurrencyGroup
from si_desktop.store.database import Database, utc_now
from si_desktop.store.records import CachedRecord, normalized_time
from si_desktop.store.scopes import Scope
from si_desktop.store.unreadable import UnreadableRows

log = logging.getLogger("si_desktop.store")

#: The tables this module fills, besides `documents`.
CLIENT_TABLES = ("documents", "customers", "taxes", "payments", "document_sync")


def _json_object(unreadable: UnreadableRows, table: str, key: str, raw: Any) -> dict[str, Any]:
    """`raw` as a JSON object; ValueError (noted) when it is not one."""
    try:
        value = json.loads(raw)
    except (TypeError, ValueError, RecursionError) as error:
        unreadable.note(table, key, error)
        raise ValueError(key) from None
    if not isinstance(value, dict):
        unreadable.note(table, key, TypeError(f"a JSON {type(value).__name__}"))
        raise ValueError(key)
    unreadable.readable(table, key)
    return value


def _records(
    unreadable: UnreadableRows, table: str, rows: Iterable[tuple[str, Any, str]]
) -> list[CachedRecord]:
    """(id, json, fetched_at) rows as records; an unreadable one is left out."""
    out: list[CachedRecord] = []
    for key, raw, fetched in rows:
        try:
            out.append(CachedRecord(_json_object(unreadable, table, key, raw), fetched))
        except ValueError:
            continue
    return out


def _dumps(record: Mapping[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _decimal_text(value: Any) -> str | None:
    number = rules.amount(value)
    return None if number is None else str(number)


def _date_text(value: Any) -> str | None:
    day = rules.parse_date(value)
    return None if day is None else day.isoformat()


def _record_id(record: Mapping[str, Any]) -> str:
    if not isinstance(record, Mapping):
        raise TypeError(f"a record is a JSON object, not {type(record).__name__}")
    record_id = record.get("id")
    if not isinstance(record_id, str) or not record_id:
        raise ValueError("a record without an `id` cannot be cached")
    return record_id


def _owner(record: Mapping[str, Any], entity_id: str | None) -> str:
    owner = _text(record.get("entity_id")) or entity_id
    if not owner:
        raise ValueError(f"{record.get('id')} has no entity_id")
    return owner


_NEWER_ONLY = (
    " WHERE excluded.updated_at IS NULL OR {t}.updated_at IS NULL"
    " OR excluded.updated_at >= {t}.updated_at"
)
_HAS_NO_EDITS = (
    " AND NOT EXISTS (SELECT 1 FROM outbox AS o WHERE o.scope_id = {t}.scope_id"
    " AND o.target_id = {t}.id)"
)


class DocumentRow(NamedTuple):
    """One document as the Documents tab lists it: no JSON parsed, amounts exact.

    `state` is the status without today's date; `status(today)` adds overdue and expired.
    `local` rows are drafts written offline (no number yet); `pending` counts the queued
    edits of the document (the workspace fills both)."""

    id: str
    type: str
    number: str | None
    date: str | None
    date_due: str | None
    date_valid_till: str | None
    customer_id: str | None
    customer_name: str | None
    business_unit_id: str | None
    currency_code: str | None
    total_with_tax: Decimal | None
    total_paid: Decimal | None
    total_due: Decimal | None
    state: str
    updated_at: str | None
    local: bool = False
    pending: int = 0

    def status(self, today: dt.date) -> str:
        """draft, voided, paid, overdue, partially_paid, unpaid, open or expired."""
        return rules.status_from(self.state, self.date_due, self.date_valid_till, today)


def document_row(record: Mapping[str, Any], *, local: bool = False, pending: int = 0
                 ) -> DocumentRow:
    """The row of one document's JSON (a local draft's, or one with edits applied)."""
    customer = record.get("customer")
    name = customer.get("name") if isinstance(customer, Mapping) else None
    return DocumentRow(
        str(record.get("id") or ""),
        rules.document_type_of(record.get("id")) or str(record.get("type") or ""),
        _text(record.get("number")),
        _date_text(record.get("date")),
        _date_text(record.get("date_due")),
        _date_text(record.get("date_valid_till")),
        _text(record.get("customer_id")),
        _text(name),
        _text(record.get("business_unit_id")),
        _text(record.get("currency_code")),
        rules.amount(record.get("total_with_tax")),
        rules.amount(record.get("total_paid")),
        rules.amount(record.get("total_due")),
        rules.base_status(record),
        _text(record.get("updated_at")),
        local,
        pending,
    )


_ROW_COLUMNS = (
    "id, type, number, date, date_due, date_valid_till, customer_id, customer_name,"
    " business_unit_id, currency_code, total_with_tax, total_paid, total_due, state,"
    " updated_at"
)
# The rows as one JSON array, from the covering index `documents_by_date` alone; each row
# already has `local` (false) and `pending` (0) at its end.
_ROWS = (
    f"SELECT json_group_array(json_array({_ROW_COLUMNS}, json('false'), 0)) FROM"
    f" (SELECT {_ROW_COLUMNS} FROM documents WHERE scope_id = ? AND entity_id = ?{{where}}"
    " ORDER BY date DESC, id DESC)"
)


class IssuedNumber(NamedTuple):
    """One number a client was given: which type and unit's sequence, on which date."""

    type: str
    business_unit_id: str | None
    date: str | None
    number: str


def _row(values: list[Any], decimal: type[Decimal] = Decimal) -> DocumentRow:
    for index in (10, 11, 12):  # the amounts, as exact text
        if values[index] is not None:
            values[index] = decimal(values[index])
    # `tuple.__new__` is the NamedTuple's own constructor without its Python frame
    return tuple.__new__(DocumentRow, values)


_DOCUMENT_UPSERT = (
    "INSERT INTO documents (scope_id, id, entity_id, type, number, date, date_due,"
    " date_valid_till, customer_id, customer_name, business_unit_id, currency_code,"
    " total_with_tax, total_paid, total_due, state, updated_at, fetched_at, json)"
    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
    " ON CONFLICT (scope_id, id) DO UPDATE SET entity_id = excluded.entity_id,"
    " type = excluded.type, number = excluded.number, date = excluded.date,"
    " date_due = excluded.date_due, date_valid_till = excluded.date_valid_till,"
    " customer_id = excluded.customer_id, customer_name = excluded.customer_name,"
    " business_unit_id = excluded.business_unit_id, currency_code = excluded.currency_code,"
    " total_with_tax = excluded.total_with_tax, total_paid = excluded.total_paid,"
    " total_due = excluded.total_due, state = excluded.state,"
    " updated_at = excluded.updated_at, fetched_at = excluded.fetched_at, json = excluded.json"
    + _NEWER_ONLY.format(t="documents")
)


_OPEN_INVOICE = "type = 'invoice' AND state IN ('unpaid', 'partially_paid')"
_DUE = "coalesce(total_due, total_with_tax)"
# Per client and document currency, in one pass over the documents: overdue invoices (count
# and what is still due on each, as exact text), what is due on every unpaid invoice,
# drafts of any type, and the date of the last issued, not voided invoice. A client with
# neither documents nor a bookkeeper is left out (it has nothing to show). Amounts are
# summed in Python as Decimals: SQLite would add them as floats.
_ATTENTION = (
    "SELECT e.id, e.currency_code, json_extract(e.json, ?3), d.currency, d.overdue,"
    " d.overdue_dues, d.unpaid_dues, d.drafts, d.last_issued FROM entities AS e"
    " LEFT JOIN (SELECT entity_id, coalesce(currency_code, '') AS currency,"
    f" count(CASE WHEN {_OPEN_INVOICE} AND date_due < ?1 THEN 1 END) AS overdue,"
    f" group_concat(CASE WHEN {_OPEN_INVOICE} AND date_due < ?1 THEN {_DUE} END, ' ')"
    " AS overdue_dues,"
    f" group_concat(CASE WHEN {_OPEN_INVOICE} THEN {_DUE} END, ' ') AS unpaid_dues,"
    " count(CASE WHEN state = 'draft' THEN 1 END) AS drafts,"
    " max(CASE WHEN type = 'invoice' AND state NOT IN ('draft', 'voided') THEN date END)"
    " AS last_issued"
    " FROM documents WHERE scope_id = ?2{documents} GROUP BY entity_id, currency) AS d"
    " ON d.entity_id = e.id WHERE e.scope_id = ?2{entities}"
    # a substring test first: parsing every client's JSON for a key few have is the cost
    " AND (d.entity_id IS NOT NULL OR (instr(e.json, ?5) > 0"
    " AND json_extract(e.json, ?3) IS NOT NULL))"
)
_SOME_DOCUMENTS = " AND entity_id IN (SELECT value FROM json_each(?4))"
_SOME_ENTITIES = " AND e.id IN (SELECT value FROM json_each(?4))"


class Attention(NamedTuple):
    """One client's practice-list inputs: its currency, its bookkeeper (the metadata value)
    and its documents summed up per currency."""

    currency: str | None
    bookkeeper: str | None
    groups: list[CurrencyGroup]


def _attention(rows: Iterable[Any]) -> dict[str, Attention]:
    """`DocumentsCache.attention` from its query's rows. A firm has a few currencies and
    bookkeepers, shared by many clients: each is one string (interned), not one a row."""
    found: dict[str, Attention] = {}
    for (entity_id, currency, keeper, code, overdue, overdue_dues, unpaid_dues, drafts,
         last) in rows:
        item = found.get(entity_id)
        if item is None:
            item = found[entity_id] = Attention(
                _shared(currency), _shared(keeper), [])
        if code is not None:
            item.groups.append(CurrencyGroup(
                sys.intern(str(code)), int(overdue or 0), _dues(overdue_dues),
                _dues(unpaid_dues), int(drafts or 0), _text(last)))
    return found


def _shared(value: Any) -> str | None:
    return sys.intern(value) if isinstance(value, str) else None


def metadata_path(key: str) -> str:
    """The JSON path of a client's metadata value `key` (quoted: a key may hold dots)."""
    return '$.metadata."' + key.replace('"', "") + '"'


def _dues(text: Any) -> tuple[Decimal, ...]:
    found: list[Decimal] = []
    for part in str(text or "").split():
        number = rules.amount(part)
        if number is not None:
            found.append(number)
    return tuple(found)


class Documents:
    """Cached invoices, estimates and credit notes, each filed under its client."""

    def __init__(self, db: Database, unreadable: UnreadableRows) -> None:
        self._db = db
        self.unreadable = unreadable

    def upsert(
        self,
        scope: Scope,
        records: Iterable[Mapping[str, Any]],
        *,
        entity_id: str | None = None,
        fetched_at: str | None = None,
    ) -> int:
        """Insert or update documents in one transaction (an older answer never overwrites
        a newer one). A document's client is its `entity_id`, else the argument (the
        `x-entity-id` it was fetched with). Returns how many were written."""
        fetched = fetched_at or utc_now()
        with self._db.write() as conn:
            scope_id = self._db.scope_id(conn, scope, create=True)
            rows = [self._values(scope_id, record, entity_id, fetched) for record in records]
            cursor = conn.executemany(_DOCUMENT_UPSERT, rows)
            return max(cursor.rowcount, 0)

    @staticmethod
    def _values(
        scope_id: int | None, record: Mapping[str, Any], entity_id: str | None, fetched: str
    ) -> tuple[Any, ...]:
        document_id = _record_id(record)
        kind = rules.document_type_of(document_id)
        if kind is None:
            raise ValueError(f"{document_id} is not a document id")
        row = document_row(record)
        return (
            scope_id, document_id, _owner(record, entity_id), kind, row.number, row.date,
            row.date_due, row.date_valid_till, row.customer_id, row.customer_name,
            row.business_unit_id, row.currency_code, _decimal_text(row.total_with_tax),
            _decimal_text(row.total_paid), _decimal_text(row.total_due), row.state,
            normalized_time(record.get("updated_at")), fetched, _dumps(record),
        )

    def get(self, scope: Scope, document_id: str) -> dict[str, Any] | None:
        found = self.get_record(scope, document_id)
        return None if found is None else found.data

    def get_record(self, scope: Scope, document_id: str) -> CachedRecord | None:
        """The document's JSON and when it was fetched; None when not cached (or
        unreadable)."""
        with self._db.read() as conn:
            scope_id = self._db.scope_id(conn, scope, create=False)
            if scope_id is None:
                return None
            row = conn.execute(
                "SELECT id, json, fetched_at FROM documents WHERE scope_id = ? AND id = ?",
                (scope_id, document_id),
            ).fetchone()
        found = _records(self.unreadable, "documents", [row] if row else [])
        return found[0] if found else None

    def versions(self, scope: Scope, document_ids: Iterable[str]) -> dict[str, str | None]:
        """The cached `updated_at` (normalized) of those of `document_ids` that are cached."""
        with self._db.read() as conn:
            scope_id = self._db.scope_id(conn, scope, create=False)
            if scope_id is None:
                return {}
            rows = conn.execute(
                "SELECT id, updated_at FROM documents WHERE scope_id = ?"
                " AND id IN (SELECT value FROM json_each(?))",
                (scope_id, json.dumps(list(document_ids))),
            )
            return {str(row[0]): row[1] for row in rows}

    def entity_of(self, scope: Scope, document_id: str) -> str | None:
        """The client a cached document belongs to."""
        with self._db.read() as conn:
            scope_id = self._db.scope_id(conn, scope, create=False)
            if scope_id is None:
                return None
            row = conn.execute(
                "SELECT entity_id FROM documents WHERE scope_id = ? AND id = ?",
                (scope_id, document_id),
            ).fetchone()
        return None if row is None else str(row[0])

    def for_entity(
        self,
        scope: Scope,
        entity_id: str,
        *,
        document_type: str | None = None,
        since: dt.date | None = None,
    ) -> list[CachedRecord]:
        """A client's documents (of one type; dated `since` or later), newest first."""
        where, args = self._filters(document_type, since)
        with self._db.read() as conn:
            scope_id = self._db.scope_id(conn, scope, create=False)
            if scope_id is None:
                return []
            rows = conn.execute(
                "SELECT id, json, fetched_at FROM documents WHERE scope_id = ?"
                f" AND entity_id = ?{where} ORDER BY date DESC, id DESC",
                (scope_id, entity_id, *args),
            ).fetchall()
        return _records(self.unreadable, "documents", rows)

    def rows(
        self,
        scope: Scope,
        entity_id: str,
        *,
        document_type: str | None = None,
        since: dt.date | None = None,
    ) -> list[DocumentRow]:
        """A client's documents as the Documents tab lists them, newest first (see
        `DocumentRow`); read from an index alone (20,000 documents: tens of
        milliseconds)."""
        where, args = self._filters(document_type, since)
        with self._db.read() as conn:
            scope_id = self._db.scope_id(conn, scope, create=False)
            if scope_id is None:
                return []
            text = conn.execute(_ROWS.format(where=where),
                                (scope_id, entity_id, *args)).fetchone()[0]
        return [_row(values) for values in json.loads(text)]

    @staticmethod
    def _filters(document_type: str | None, since: dt.date | None) -> tuple[str, list[str]]:
        where, args = "", []
        if document_type is not None:
            rules.id_prefix_of(document_type)  # a type this app knows, else ValueError
            where += " AND type = ?"
            args.append(document_type)
        if since is not None:
            where += " AND date >= ?"
            args.append(since.isoformat())
        return where, args

    def issued_numbers(
        self, scope: Scope, entity_id: str, *, since: dt.date | None = None
    ) -> list[IssuedNumber]:
        """The numbers of a client's issued documents (voided ones too: their numbers were
        used up), dated `since` or later, oldest first; drafts have none."""
        where, args = self._filters(None, since)
        with self._db.read() as conn:
            scope_id = self._db.scope_id(conn, scope, create=False)
            if scope_id is None:
                return []
            rows = conn.execute(
                "SELECT type, business_unit_id, date, number FROM documents"
                " WHERE scope_id = ? AND entity_id = ? AND state != 'draft'"
                f" AND number IS NOT NULL{where} ORDER BY date, id",
                (scope_id, entity_id, *args),
            ).fetchall()
        return [IssuedNumber(str(kind), unit, day, str(number))
                for kind, unit, day, number in rows]

    def latest_issued(self, scope: Scope, document_type: str
                      ) -> dict[str, tuple[str, str | None]]:
        """Every client's most recent issued, not voided document of the type issued without
        a business unit (the one a Branding page shows as "Last real invoice"), as
        entity id → (document id, updated_at): one query for the whole firm."""
        rules.id_prefix_of(document_type)
        with self._db.read() as conn:
            scope_id = self._db.scope_id(conn, scope, create=False)
            if scope_id is None:
                return {}
            rows = conn.execute(
                "SELECT entity_id, id, updated_at FROM documents WHERE scope_id = ?"
                " AND type = ? AND state NOT IN ('draft', 'voided') AND number IS NOT NULL"
                " AND business_unit_id IS NULL ORDER BY entity_id, date DESC, id DESC",
                (scope_id, document_type)).fetchall()
        latest: dict[str, tuple[str, str | None]] = {}
        for entity_id, document_id, updated_at in rows:
            latest.setdefault(str(entity_id), (str(document_id), updated_at))
        return latest

    def attention(self, scope: Scope, today: dt.date, bookkeeper_key: str,
                  entity_ids: Iterable[str] | None = None) -> dict[str, Attention]:
        """Per cached client with documents or a bookkeeper (every one, or only among
        `entity_ids`), what the practice list needs: one aggregate query over the documents
        (`core.practice` makes the figures)."""
        some = entity_ids is not None
        sql = _ATTENTION.format(documents=_SOME_DOCUMENTS if some else "",
                                entities=_SOME_ENTITIES if some else "")
        with self._db.read() as conn:
            scope_id = self._db.scope_id(conn, scope, create=False)
            if scope_id is None:
                return {}
            path = metadata_path(bookkeeper_key)
            args: list[Any] = [today.isoformat(), scope_id, path,
                               json.dumps(list(entity_ids or ())),
                               json.dumps(bookkeeper_key.replace('"', ""), ensure_ascii=False)]
            # row by row, not `fetchall`: at 100,000 clients a list of every row beside
            # what is made of them was the window's peak of memory
            return _attention(conn.execute(sql, args))

    def count(self, scope: Scope, entity_id: str | None = None) -> int:
        with self._db.read() as conn:
            scope_id = self._db.scope_id(conn, scope, create=False)
            if scope_id is None:
                return 0
            if entity_id is None:
                row = conn.execute("SELECT count(*) FROM documents WHERE scope_id = ?",
                                   (scope_id,))
            else:
                row = conn.execute(
                    "SELECT count(*) FROM documents WHERE scope_id = ? AND entity_id = ?",
                    (scope_id, entity_id))
            return int(row.fetchone()[0])

    def delete_missing(
        self,
        scope: Scope,
        entity_id: str,
        document_type: str,
        since: dt.date,
        present_ids: Iterable[str],
        *,
        fetched_before: str | None = None,
    ) -> list[str]:
        """After a full read of a client's documents of one type dated `since` or later:
        delete the cached ones of that range the service no longer has (deleted drafts),
        except those with queued edits and those fetched at or after `fetched_before` (the
        read's start: a document a save cached meanwhile is newer than the list). Returns
        the ids deleted."""
        with self._db.write() as conn:
            scope_id = self._db.scope_id(conn, scope, create=False)
            if scope_id is None:
                return []
            conn.execute("CREATE TEMP TABLE IF NOT EXISTS present_ids (id TEXT PRIMARY KEY)")
            conn.execute("DELETE FROM temp.present_ids")
            conn.executemany("INSERT OR IGNORE INTO temp.present_ids (id) VALUES (?)",
                             ((i,) for i in present_ids))
            gone = [row[0] for row in conn.execute(
                "SELECT id FROM documents WHERE scope_id = ? AND entity_id = ? AND type = ?"
                " AND date >= ? AND fetched_at < ?"
                " AND id NOT IN (SELECT id FROM temp.present_ids)"
                + _HAS_NO_EDITS.format(t="documents"),
                (scope_id, entity_id, document_type, since.isoformat(),
                 fetched_before or "9999"),
            )]
            conn.execute("DELETE FROM temp.present_ids")
            self._delete(conn, scope_id, gone)
            return gone

    def delete(self, scope: Scope, document_id: str) -> bool:
        """Forget one document and its payments (a deleted draft)."""
        with self._db.write() as conn:
            scope_id = self._db.scope_id(conn, scope, create=False)
            if scope_id is None:
                return False
            return self._delete(conn, scope_id, [document_id]) > 0

    @staticmethod
    def _delete(conn: sqlite3.Connection, scope_id: int, ids: list[str]) -> int:
        rows = [(scope_id, document_id) for document_id in ids]
        conn.executemany("DELETE FROM payments WHERE scope_id = ? AND document_id = ?", rows)
        cursor = conn.executemany("DELETE FROM documents WHERE scope_id = ? AND id = ?", rows)
        return max(cursor.rowcount, 0)


class _ClientRecords:
    """Records of one simple kind filed under their client (customers, taxes)."""

    TABLE = ""

    def __init__(self, db: Database, unreadable: UnreadableRows) -> None:
        self._db = db
        self.unreadable = unreadable

    _UPSERT = ""  # the INSERT … ON CONFLICT of `TABLE`, with `_row`'s columns
    _ORDER = "id"

    def _row(self, scope_id: int | None, record: Mapping[str, Any], entity_id: str | None,
             fetched: str) -> tuple[Any, ...]:
        raise NotImplementedError  # each kind says which columns it fills

    def upsert(
        self,
        scope: Scope,
        records: Iterable[Mapping[str, Any]],
        *,
        entity_id: str | None = None,
        fetched_at: str | None = None,
    ) -> int:
        fetched = fetched_at or utc_now()
        with self._db.write() as conn:
            scope_id = self._db.scope_id(conn, scope, create=True)
            rows = [self._row(scope_id, record, entity_id, fetched) for record in records]
            return max(conn.executemany(self._UPSERT, rows).rowcount, 0)

    def replace_for_entity(
        self,
        scope: Scope,
        entity_id: str,
        records: Iterable[Mapping[str, Any]],
        *,
        fetched_at: str | None = None,
    ) -> tuple[int, int]:
        """A full read of one client's records: upsert them and delete those no longer
        there (except with queued edits), in one transaction. Returns (written, deleted)."""
        fetched = fetched_at or utc_now()
        records = list(records)
        with self._db.write() as conn:
            scope_id = self._db.scope_id(conn, scope, create=True)
            rows = [self._row(scope_id, record, entity_id, fetched) for record in records]
            written = max(conn.executemany(self._UPSERT, rows).rowcount, 0)
            present = json.dumps([_record_id(record) for record in records])
            cursor = conn.execute(
                f"DELETE FROM {self.TABLE} WHERE scope_id = ? AND entity_id = ?"
                " AND id NOT IN (SELECT value FROM json_each(?))"
                + _HAS_NO_EDITS.format(t=self.TABLE),
                (scope_id, entity_id, present),
            )
            return written, max(cursor.rowcount, 0)

    def for_entity(self, scope: Scope, entity_id: str) -> list[CachedRecord]:
        with self._db.read() as conn:
            scope_id = self._db.scope_id(conn, scope, create=False)
            if scope_id is None:
                return []
            rows = conn.execute(
                f"SELECT id, json, fetched_at FROM {self.TABLE} WHERE scope_id = ?"
                f" AND entity_id = ? ORDER BY {self._ORDER}",
                (scope_id, entity_id),
            ).fetchall()
        return _records(self.unreadable, self.TABLE, rows)

    def get(self, scope: Scope, record_id: str) -> dict[str, Any] | None:
        with self._db.read() as conn:
            scope_id = self._db.scope_id(conn, scope, create=False)
            if scope_id is None:
                return None
            row = conn.execute(
                f"SELECT id, json, fetched_at FROM {self.TABLE} WHERE scope_id = ? AND id = ?",
                (scope_id, record_id),
            ).fetchone()
        found = _records(self.unreadable, self.TABLE, [row] if row else [])
        return found[0].data if found else None


class Customers(_ClientRecords):
    """A client's saved customers, by name."""

    TABLE = "customers"
    _ORDER = "name COLLATE NOCASE, id"
    _UPSERT = (
        "INSERT INTO customers (scope_id, id, entity_id, name, updated_at, fetched_at, json)"
        " VALUES (?,?,?,?,?,?,?) ON CONFLICT (scope_id, id) DO UPDATE SET"
        " entity_id = excluded.entity_id, name = excluded.name,"
        " updated_at = excluded.updated_at, fetched_at = excluded.fetched_at,"
        " json = excluded.json" + _NEWER_ONLY.format(t="customers")
    )

    def _row(self, scope_id: int | None, record: Mapping[str, Any], entity_id: str | None,
             fetched: str) -> tuple[Any, ...]:
        return (scope_id, _record_id(record), _owner(record, entity_id),
                _text(record.get("name")) or "", normalized_time(record.get("updated_at")),
                fetched, _dumps(record))


class Taxes(_ClientRecords):
    """A client's taxes."""

    TABLE = "taxes"
    _UPSERT = (
        "INSERT INTO taxes (scope_id, id, entity_id, updated_at, fetched_at, json)"
        " VALUES (?,?,?,?,?,?) ON CONFLICT (scope_id, id) DO UPDATE SET"
        " entity_id = excluded.entity_id, updated_at = excluded.updated_at,"
        " fetched_at = excluded.fetched_at, json = excluded.json"
        + _NEWER_ONLY.format(t="taxes")
    )

    def _row(self, scope_id: int | None, record: Mapping[str, Any], entity_id: str | None,
             fetched: str) -> tuple[Any, ...]:
        return (scope_id, _record_id(record), _owner(record, entity_id),
                normalized_time(record.get("updated_at")), fetched, _dumps(record))


def payment_document(record: Mapping[str, Any]) -> str | None:
    """The invoice or credit note a payment is on."""
    return _text(record.get("invoice_id")) or _text(record.get("credit_note_id"))


class Payments(_ClientRecords):
    """Payments, filed under their client and their document."""

    TABLE = "payments"
    _ORDER = "date, id"
    _UPSERT = (
        "INSERT INTO payments (scope_id, id, entity_id, document_id, date, updated_at,"
        " fetched_at, json) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (scope_id, id) DO UPDATE SET"
        " entity_id = excluded.entity_id, document_id = excluded.document_id,"
        " date = excluded.date, updated_at = excluded.updated_at,"
        " fetched_at = excluded.fetched_at, json = excluded.json"
        + _NEWER_ONLY.format(t="payments")
    )

    def _row(self, scope_id: int | None, record: Mapping[str, Any], entity_id: str | None,
             fetched: str) -> tuple[Any, ...]:
        document_id = payment_document(record)
        if not document_id:
            raise ValueError(f"payment {record.get('id')} names no document")
        return (scope_id, _record_id(record), _owner(record, entity_id), document_id,
                _date_text(record.get("date")), normalized_time(record.get("updated_at")),
                fetched, _dumps(record))

    def for_document(self, scope: Scope, document_id: str) -> list[CachedRecord]:
        """A document's payments, oldest first."""
        with self._db.read() as conn:
            scope_id = self._db.scope_id(conn, scope, create=False)
            if scope_id is None:
                return []
            rows = conn.execute(
                "SELECT id, json, fetched_at FROM payments WHERE scope_id = ?"
                " AND document_id = ? ORDER BY date, id",
                (scope_id, document_id),
            ).fetchall()
        return _records(self.unreadable, "payments", rows)

    def replace_for_document(
        self,
        scope: Scope,
        entity_id: str,
        document_id: str,
        records: Iterable[Mapping[str, Any]],
        *,
        fetched_at: str | None = None,
    ) -> tuple[int, int]:
        """A full read of one document's payments: upsert them, delete the others (except
        with queued edits). Returns (written, deleted)."""
        fetched = fetched_at or utc_now()
        records = list(records)
        with self._db.write() as conn:
            scope_id = self._db.scope_id(conn, scope, create=True)
            rows = [self._row(scope_id, record, entity_id, fetched) for record in records]
            written = max(conn.executemany(self._UPSERT, rows).rowcount, 0)
            present = json.dumps([_record_id(record) for record in records])
            cursor = conn.execute(
                "DELETE FROM payments WHERE scope_id = ? AND document_id = ?"
                " AND id NOT IN (SELECT value FROM json_each(?))"
                + _HAS_NO_EDITS.format(t="payments"),
                (scope_id, document_id, present),
            )
            return written, max(cursor.rowcount, 0)

    def delete(self, scope: Scope, payment_id: str) -> bool:
        with self._db.write() as conn:
            scope_id = self._db.scope_id(conn, scope, create=False)
            if scope_id is None:
                return False
            return conn.execute("DELETE FROM payments WHERE scope_id = ? AND id = ?",
                                (scope_id, payment_id)).rowcount > 0

    def document_of(self, scope: Scope, payment_id: str) -> str | None:
        with self._db.read() as conn:
            scope_id = self._db.scope_id(conn, scope, create=False)
            if scope_id is None:
                return None
            row = conn.execute(
                "SELECT document_id FROM payments WHERE scope_id = ? AND id = ?",
                (scope_id, payment_id),
            ).fetchone()
        return None if row is None else str(row[0])


@dataclass(frozen=True, slots=True)
class DocumentSyncState:
    """How far one client's documents are refreshed (see the `document_sync` table)."""

    entity_id: str
    window_start: str | None = None  # YYYY-MM-DD: every document dated from here is cached
    high_water: str | None = None  # the newest `updated_at` seen (normalized)
    full_at: str | None = None  # when the last full read of the window ended
    checked_at: str | None = None  # when the last read (full or incremental) ended


class DocumentSync:
    """Per client, how far its documents are refreshed, and which client is due next."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, scope: Scope, entity_id: str) -> DocumentSyncState | None:
        with self._db.read() as conn:
            scope_id = self._db.scope_id(conn, scope, create=False)
            if scope_id is None:
                return None
            row = conn.execute(
                "SELECT entity_id, window_start, high_water, full_at, checked_at"
                " FROM document_sync WHERE scope_id = ? AND entity_id = ?",
                (scope_id, entity_id),
            ).fetchone()
        return None if row is None else DocumentSyncState(*row)

    def put(self, scope: Scope, state: DocumentSyncState) -> None:
        with self._db.write() as conn:
            scope_id = self._db.scope_id(conn, scope, create=True)
            conn.execute(
                "INSERT INTO document_sync (scope_id, entity_id, window_start, high_water,"
                " full_at, checked_at) VALUES (?,?,?,?,?,?) ON CONFLICT (scope_id, entity_id)"
                " DO UPDATE SET window_start = excluded.window_start,"
                " high_water = excluded.high_water, full_at = excluded.full_at,"
                " checked_at = excluded.checked_at",
                (scope_id, state.entity_id, state.window_start, state.high_water,
                 state.full_at, state.checked_at),
            )

    def due(self, scope: Scope, *, limit: int, skip: Iterable[str] = ()) -> list[str]:
        """Up to `limit` cached clients whose documents were checked longest ago (never
        checked first), without the clients in `skip` and those created offline."""
        with self._db.read() as conn:
            scope_id = self._db.scope_id(conn, scope, create=False)
            if scope_id is None:
                return []
            rows = conn.execute(
                "SELECT e.id FROM entities AS e LEFT JOIN document_sync AS s"
                " ON s.scope_id = e.scope_id AND s.entity_id = e.id"
                " WHERE e.scope_id = ? AND e.id NOT LIKE 'local\\_%' ESCAPE '\\'"
                " AND e.id NOT IN (SELECT value FROM json_each(?))"
                " ORDER BY s.checked_at IS NOT NULL, s.checked_at, e.id LIMIT ?",
                (scope_id, json.dumps(list(skip)), limit),
            ).fetchall()
        return [str(row[0]) for row in rows]


def delete_client_rows(conn: sqlite3.Connection, rows: list[tuple[int, str]]) -> None:
    """Forget everything this module keeps of the clients in `rows` ((scope_id, entity_id)
    pairs): clients the service no longer lists."""
    for table in CLIENT_TABLES:
        conn.executemany(f"DELETE FROM {table} WHERE scope_id = ? AND entity_id = ?", rows)
