"""Rows for the records documents bring (customers, taxes, documents, payments): one JSON
document per row plus the columns lists filter and sort by, always read and written on a
connection inside the caller's transaction (`Store.write()` / `Store.read()`).

Money leaves the sandbox as JSON numbers, so a document is turned into plain JSON once, here,
before it is stored or answered: `Decimal` becomes an int when whole and a float otherwise.
Every amount the sandbox stores is rounded to its currency and stays below 10¹², where a
float's shortest form is the decimal itself (`219.6`), so nothing is lost on the way.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any

from si_desktop.sandbox.storage import fold, search_text

Row = tuple[Any, ...]


def plain(value: Any) -> Any:
    """`value` with every `Decimal` inside it as a JSON number (int when whole)."""
    if isinstance(value, Decimal):
        return _number(value)
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value


def decimal(value: object) -> Decimal:
    """A stored JSON number (int or float) back as the `Decimal` it was written from."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"not a stored number: {value!r}")
    return Decimal(str(value))


def _number(value: object) -> int | float:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def _dump(doc: Mapping[str, Any]) -> str:
    """The record's JSON, with any `Decimal` written as `plain` writes it."""
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"), default=_number)


class RecordTable:
    """One table of records: `row(doc)` gives its column values, `doc` last."""

    def __init__(self, table: str, row: Callable[[Mapping[str, Any]], Row]) -> None:
        self.table = table
        self._row = row

    def _insert_sql(self, width: int) -> str:
        return f"INSERT OR REPLACE INTO {self.table} VALUES ({','.join('?' * width)})"

    def save(self, conn: sqlite3.Connection, doc: Mapping[str, Any]) -> None:
        """Insert or replace the record."""
        row = self._row(doc)
        conn.execute(self._insert_sql(len(row)), row)

    def save_many(self, conn: sqlite3.Connection, docs: Iterable[Mapping[str, Any]]) -> None:
        rows = [self._row(doc) for doc in docs]
        if rows:
            conn.executemany(self._insert_sql(len(rows[0])), rows)

    def get(self, conn: sqlite3.Connection, entity_id: str, record_id: str
            ) -> dict[str, Any] | None:
        """The record, if it belongs to the entity (another entity's record does not exist
        for this one)."""
        row = conn.execute(f"SELECT doc FROM {self.table} WHERE id=? AND entity_id=?",
                           (record_id, entity_id)).fetchone()
        return None if row is None else dict(json.loads(row[0]))

    def delete(self, conn: sqlite3.Connection, record_id: str) -> None:
        conn.execute(f"DELETE FROM {self.table} WHERE id=?", (record_id,))

    def where(self, conn: sqlite3.Connection, condition: str, args: Iterable[Any]
              ) -> list[dict[str, Any]]:
        """Every record matching an SQL condition on this table's columns."""
        rows = conn.execute(f"SELECT doc FROM {self.table} WHERE {condition}",
                            list(args)).fetchall()
        return [dict(json.loads(row[0])) for row in rows]


CUSTOMER_SEARCH_FIELDS = ("id", "name", "email", "address", "city", "post_code", "country",
                          "tax_number", "company_number", "phone")
TAX_SEARCH_FIELDS = ("id", "name")
PAYMENT_SEARCH_FIELDS = ("id", "reference", "note", "type")


def _customer_row(doc: Mapping[str, Any]) -> Row:
    return (doc["id"], doc["entity_id"], doc["name"], fold(doc["name"]), doc.get("email"),
            doc.get("tax_number"), doc.get("country_code"), doc["created_at"],
            doc["updated_at"], search_text(doc, CUSTOMER_SEARCH_FIELDS), _dump(doc))


def _tax_row(doc: Mapping[str, Any]) -> Row:
    return (doc["id"], doc["entity_id"], doc["name"], fold(doc["name"]),
            1 if doc.get("is_default") else 0, doc["created_at"], doc["updated_at"],
            search_text(doc, TAX_SEARCH_FIELDS), _dump(doc))


def document_search(doc: Mapping[str, Any]) -> str:
    """What `search` looks through on a document: its number, its customer's name, its note
    (and its metadata values, as on every list)."""
    customer = doc.get("customer")
    name = customer.get("name") if isinstance(customer, Mapping) else None
    return search_text({"number": doc.get("number"), "customer": name, "note": doc.get("note"),
                        "metadata": doc.get("metadata")}, ("number", "customer", "note"))


def _document_row(doc: Mapping[str, Any]) -> Row:
    return (doc["id"], doc["entity_id"], doc["type"], doc["number"], doc["date"],
            doc.get("date_due"), doc.get("date_valid_till"), doc.get("customer_id"),
            doc.get("business_unit_id"), 1 if doc["is_draft"] else 0, doc.get("voided_at"),
            1 if doc.get("paid_in_full") else 0, float(doc["total_with_tax"]),
            doc["created_at"], doc["updated_at"], document_search(doc), _dump(doc))


def _payment_row(doc: Mapping[str, Any]) -> Row:
    document_id = doc.get("invoice_id") or doc.get("credit_note_id")
    return (doc["id"], doc["entity_id"], document_id, doc.get("invoice_id"),
            doc.get("credit_note_id"), doc["type"], float(doc["amount"]), doc["date"],
            doc["created_at"], doc["updated_at"], search_text(doc, PAYMENT_SEARCH_FIELDS),
            _dump(doc))


CUSTOMERS = RecordTable("customers", _customer_row)
TAXES = RecordTable("taxes", _tax_row)
DOCUMENTS = RecordTable("documents", _document_row)
PAYMENTS = RecordTable("payments", _payment_row)
