"""A document built from a checked body: what it refers to looked up (unit, customer, taxes,
linked documents, all of the same entity), its defaults filled in from the effective settings
(unit over entity), its totals computed by `core.document_totals`, and its balance kept in
step with its payments.

Everything here runs on a connection inside the caller's transaction, so a document, the
number it takes, the customer it saves and the taxes it creates land together or not at all.
"""

from __future__ import annotations

import datetime
import json
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from si_desktop.core.branding import effective_settings
from si_desktop.core.document_totals import (
    Discount,
    Line,
    LineTax,
    balance,
    document_totals,
)
from si_desktop.sandbox import sequences
from si_desktop.sandbox.document_input import (
    CUSTOMER_TEXT_FIELDS,
    MAX_MAGNITUDE,
    DocumentInput,
    ItemInput,
    TaxRef,
)
from si_desktop.sandbox.errors import Issue, forbidden
from si_desktop.sandbox.ids import Clock
from si_desktop.sandbox.records import CUSTOMERS, DOCUMENTS, TAXES, decimal, plain

DOCUMENT_FIELD_ORDER: tuple[str, ...] = (
    "id", "type", "number", "date", "date_due", "date_valid_till", "date_service",
    "currency_code", "customer_id", "customer", "business_unit_id", "items", "total",
    "total_discount", "taxes", "total_with_tax", "total_paid", "total_due", "paid_in_full",
    "is_draft", "voided_at", "note", "payment_terms", "footer", "signature", "reference",
    "metadata", "linked_documents", "entity_id", "created_at", "updated_at",
)
DEFAULT_DUE_DAYS = 30
DEFAULT_VALID_DAYS = 30


def ordered(doc: Mapping[str, Any]) -> dict[str, Any]:
    """The document's keys in a stable, readable order (a type's own dates only)."""
    out = {key: doc[key] for key in DOCUMENT_FIELD_ORDER if key in doc}
    out.update({key: value for key, value in doc.items() if key not in out})
    return out


# -- what a document refers to


def get_unit(conn: sqlite3.Connection, entity_id: str, unit_id: str) -> dict[str, Any] | None:
    """The business unit if it is the entity's (archived or not)."""
    row = conn.execute("SELECT doc FROM business_units WHERE id=? AND entity_id=?",
                       (unit_id, entity_id)).fetchone()
    if row is None:
        return None
    unit: dict[str, Any] = json.loads(row[0])
    return unit


def active_unit(conn: sqlite3.Connection, entity_id: str, unit_id: str | None,
                issues: list[Issue]) -> dict[str, Any] | None:
    """The unit a new number may come from: the entity's own and not archived (422 at
    `business_unit_id` otherwise)."""
    if unit_id is None:
        return None
    unit = get_unit(conn, entity_id, unit_id)
    if unit is None:
        issues.append(Issue(["business_unit_id"], "This business unit is not one of this "
                            "client's.", "not_found"))
        return None
    if unit.get("deleted_at") is not None:
        issues.append(Issue(["business_unit_id"], "This business unit is archived; a new "
                            "document cannot use it.", "archived"))
        return None
    return unit


def rate_on(tax: Mapping[str, Any], day: datetime.date) -> Decimal | None:
    """The tax's rate on a date: the entry with the newest `valid_from` not after it (an
    entry without `valid_from` has always been valid)."""
    best: tuple[str, Decimal] | None = None
    for entry in tax.get("tax_rates") or ():
        since = entry.get("valid_from") or ""
        if since <= day.isoformat() and (best is None or since >= best[0]):
            best = (since, decimal(entry["rate"]))
    return None if best is None else best[1]


def rate_text(rate: Decimal) -> str:
    """`22`, `9.5`: a rate as a tax made for it is named (`"<rate>%"`)."""
    return format(rate.normalize(), "f")


@dataclass
class TaxBook:
    """The entity's taxes, and the ones a document is about to create for a bare rate."""

    entity_id: str
    taxes: list[dict[str, Any]]
    created: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def load(cls, conn: sqlite3.Connection, entity_id: str) -> TaxBook:
        taxes = TAXES.where(conn, "entity_id=? ORDER BY is_default DESC, created_at, id",
                            [entity_id])
        return cls(entity_id, taxes)

    def resolve(self, ref: TaxRef, day: datetime.date, clock: Clock, issues: list[Issue]
                ) -> LineTax | None:
        if ref.tax_id is not None:
            tax = next((t for t in self.taxes if t["id"] == ref.tax_id), None)
            if tax is None:
                issues.append(Issue([*ref.path, "tax_id"], "This tax is not one of this "
                                    "client's.", "not_found"))
                return None
            rate = rate_on(tax, day)
            if rate is None:
                issues.append(Issue([*ref.path, "tax_id"], f"This tax has no rate on "
                                    f"{day.isoformat()}.", "invalid_date"))
                return None
            if ref.rate is not None and ref.rate != rate:
                issues.append(Issue([*ref.path, "rate"], f"This tax's rate on "
                                    f"{day.isoformat()} is {rate_text(rate)} %.", "invalid"))
                return None
            return LineTax(rate, tax["id"])
        assert ref.rate is not None
        for tax in self.taxes:
            if rate_on(tax, day) == ref.rate:
                return LineTax(ref.rate, tax["id"])
        return LineTax(ref.rate, self._create(ref.rate, clock)["id"])

    def _create(self, rate: Decimal, clock: Clock) -> dict[str, Any]:
        """A tax named `"<rate>%"` for a rate the entity has no tax for yet."""
        now = clock.now()
        tax = {"id": clock.new_id("tax"), "entity_id": self.entity_id,
               "name": f"{rate_text(rate)}%", "tax_rates": [{"rate": rate, "valid_from": None}],
               "is_default": False, "created_at": now, "updated_at": now}
        self.taxes.append(tax)
        self.created.append(tax)
        return tax

    def save_created(self, conn: sqlite3.Connection) -> None:
        TAXES.save_many(conn, [plain(tax) for tax in self.created])


def customer_fields(record: Mapping[str, Any]) -> dict[str, Any]:
    """A customer as a document keeps it: its text fields and `is_end_consumer`."""
    return {key: record.get(key) for key in (*CUSTOMER_TEXT_FIELDS, "is_end_consumer")}


def new_customer(entity_id: str, fields: Mapping[str, Any], clock: Clock,
                 metadata: Mapping[str, Any] | None = None) -> dict[str, Any]:
    now = clock.now()
    return {"id": clock.new_id("cus"), "entity_id": entity_id, **customer_fields(fields),
            "metadata": dict(metadata or {}), "created_at": now, "updated_at": now}


# -- lines and totals


def _line(item: ItemInput, taxes: Sequence[LineTax]) -> Line:
    return Line(item.quantity, item.price, item.gross_price, tuple(item.discounts),
                tuple(taxes))


def stored_line(item: Mapping[str, Any]) -> Line:
    """A stored item back as a `Line` (for totals recomputed without new items)."""
    return Line(
        decimal(item["quantity"]),
        None if item.get("price") is None else decimal(item["price"]),
        None if item.get("gross_price") is None else decimal(item["gross_price"]),
        tuple(Discount(decimal(d["value"]), d["type"]) for d in item.get("discounts") or ()),
        tuple(LineTax(decimal(t["rate"]), t.get("tax_id")) for t in item.get("taxes") or ()),
    )


def item_json(item: ItemInput, line: Line, clock: Clock) -> dict[str, Any]:
    """An item as stored, before its totals are added."""
    return {
        "id": clock.new_id("item"),
        "name": item.name,
        "description": item.description,
        "item_id": item.item_id,
        "quantity": item.quantity,
        "unit": item.unit,
        "price": item.price,
        "gross_price": item.gross_price,
        "discounts": [{"value": d.value, "type": d.type} for d in item.discounts],
        "taxes": [{"tax_id": t.tax_id, "rate": t.rate} for t in line.taxes],
    }


def apply_totals(doc: dict[str, Any], lines: Sequence[Line], issues: list[Issue]) -> None:
    """Put the totals of `lines` on `doc` and its items (which are in the same order)."""
    totals = document_totals(lines, doc["currency_code"])
    before = len(issues)
    for index, (item, line) in enumerate(zip(doc["items"], totals.lines, strict=True)):
        if max(abs(line.total), abs(line.total_with_tax)) >= MAX_MAGNITUDE:
            issues.append(Issue(["items", index], "This item's total must stay below a "
                                "trillion.", "too_big"))
        item["discount"] = line.discount
        item["taxes"] = [{"tax_id": tax["tax_id"], "rate": tax["rate"], "amount": amount.amount}
                         for tax, amount in zip(item["taxes"], line.taxes, strict=True)]
        item["total"] = line.total
        item["total_with_tax"] = line.total_with_tax
    if len(issues) == before and max(abs(totals.total_with_tax),
                                     abs(totals.total)) >= MAX_MAGNITUDE:
        issues.append(Issue(["items"], "The document's total must stay below a trillion.",
                            "too_big"))
    doc["total"] = totals.total
    doc["total_discount"] = totals.total_discount
    doc["taxes"] = [{"tax_id": t.tax_id, "rate": t.rate, "base": t.base, "amount": t.amount}
                    for t in totals.taxes]
    doc["total_with_tax"] = totals.total_with_tax


def apply_balance(doc: dict[str, Any], payments: Sequence[Decimal]) -> None:
    """`total_paid`, `total_due` and `paid_in_full` from the document's payments. Drafts and
    estimates take no payments and are never paid in full."""
    state = balance(decimal(doc["total_with_tax"]), payments, doc["currency_code"])
    doc["total_paid"] = state.total_paid
    doc["total_due"] = state.total_due
    payable = not doc["is_draft"] and doc["type"] != "estimate"
    doc["paid_in_full"] = payable and state.paid_in_full


def payments_of(conn: sqlite3.Connection, document_id: str) -> list[Decimal]:
    rows = conn.execute("SELECT doc FROM payments WHERE document_id=?", (document_id,))
    return [decimal(json.loads(row[0])["amount"]) for row in rows]


def refresh_balance(conn: sqlite3.Connection, doc: dict[str, Any], clock: Clock) -> None:
    """After a payment changed: the document's balance and `updated_at`, saved."""
    apply_balance(doc, payments_of(conn, doc["id"]))
    doc["updated_at"] = clock.later_than(doc["updated_at"])
    DOCUMENTS.save(conn, plain(doc))


# -- create and update


@dataclass
class Context:
    """What building a document needs besides its body."""

    conn: sqlite3.Connection
    entity: Mapping[str, Any]
    doc_type: str
    clock: Clock
    today: datetime.date

    @property
    def entity_id(self) -> str:
        return str(self.entity["id"])


def _settings(entity: Mapping[str, Any], unit: Mapping[str, Any] | None) -> dict[str, Any]:
    own = entity.get("settings")
    unit_settings = unit.get("settings") if unit is not None else None
    return effective_settings(own if isinstance(own, Mapping) else {},
                              unit_settings if isinstance(unit_settings, Mapping) else None)


def _days(settings: Mapping[str, Any], key: str, default: int) -> int:
    value = settings.get(key)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return default


def default_texts(settings: Mapping[str, Any], doc_type: str) -> dict[str, Any]:
    """The texts a document takes when its body leaves them out (placeholders kept)."""
    return {
        "note": settings.get(f"default_{doc_type}_note"),
        "payment_terms": settings.get(f"default_{doc_type}_payment_terms"),
        "footer": settings.get("document_footer"),
        "signature": settings.get("default_document_signature"),
        "reference": None,
    }


def _due_key(doc_type: str) -> str | None:
    return {"invoice": "date_due", "estimate": "date_valid_till"}.get(doc_type)


def _check_due(doc: Mapping[str, Any], doc_type: str, issues: list[Issue]) -> None:
    key = _due_key(doc_type)
    if key is not None and doc.get(key) is not None and doc[key] < doc["date"]:
        issues.append(Issue([key], f"{key} cannot be before the document's date "
                            f"({doc['date']}).", "too_small"))


def _lines(ctx: Context, items: Sequence[ItemInput], day: datetime.date, book: TaxBook,
           issues: list[Issue]) -> tuple[list[dict[str, Any]], list[Line]]:
    stored: list[dict[str, Any]] = []
    lines: list[Line] = []
    for item in items:
        taxes = [book.resolve(ref, day, ctx.clock, issues) for ref in item.taxes]
        line = _line(item, [tax for tax in taxes if tax is not None])
        stored.append(item_json(item, line, ctx.clock))
        lines.append(line)
    return stored, lines


def _customer(ctx: Context, found: DocumentInput, issues: list[Issue]
              ) -> tuple[str | None, dict[str, Any] | None, dict[str, Any] | None]:
    """(customer_id, the document's customer, a customer record to create)."""
    snapshot: dict[str, Any] | None = None
    if found.customer_id is not None:
        record = CUSTOMERS.get(ctx.conn, ctx.entity_id, found.customer_id)
        if record is None:
            issues.append(Issue(["customer_id"], "This customer is not one of this client's.",
                                "not_found"))
            return None, None, None
        snapshot = customer_fields(record)
        snapshot.update(found.customer or {})
        return found.customer_id, snapshot, None
    if found.customer is None:
        return None, None, None
    snapshot = customer_fields(found.customer)
    if found.save_customer:
        record = new_customer(ctx.entity_id, snapshot, ctx.clock)
        return record["id"], snapshot, record
    return None, snapshot, None


def _linked(ctx: Context, ids: list[str], issues: list[Issue]) -> None:
    for index, doc_id in enumerate(ids):
        if DOCUMENTS.get(ctx.conn, ctx.entity_id, doc_id) is None:
            issues.append(Issue(["linked_documents", index], "This document is not one of "
                                "this client's.", "not_found"))


def issue_number(ctx: Context, doc: dict[str, Any], unit: Mapping[str, Any] | None) -> None:
    """Give an issued document its number (a disabled client issues nothing: 403)."""
    if not ctx.entity.get("is_enabled", True):
        raise forbidden("This client is disabled: it keeps its documents but cannot issue "
                        "new ones.")
    doc["number"] = sequences.take(ctx.conn, ctx.entity, ctx.doc_type, unit,
                                   datetime.date.fromisoformat(doc["date"]))
    doc["is_draft"] = False


def draft_number(doc_id: str) -> str:
    return "draft-" + doc_id[-12:]


def create(ctx: Context, found: DocumentInput, prefix: str) -> tuple[dict[str, Any],
                                                                      list[Issue]]:
    """A new document (not yet stored) and every problem found on the way."""
    issues: list[Issue] = []
    unit = active_unit(ctx.conn, ctx.entity_id, found.business_unit_id, issues)
    settings = _settings(ctx.entity, unit)
    day = found.dates.get("date") or ctx.today
    doc: dict[str, Any] = {"id": ctx.clock.new_id(prefix), "type": ctx.doc_type,
                           "date": day.isoformat()}
    doc["number"] = draft_number(doc["id"])
    if ctx.doc_type == "invoice":
        due = found.dates.get("date_due") or day + datetime.timedelta(
            days=_days(settings, "default_invoice_due_days", DEFAULT_DUE_DAYS))
        doc["date_due"] = due.isoformat()
    elif ctx.doc_type == "estimate":
        valid = found.dates.get("date_valid_till") or day + datetime.timedelta(
            days=_days(settings, "default_estimate_valid_days", DEFAULT_VALID_DAYS))
        doc["date_valid_till"] = valid.isoformat()
    _check_due(doc, ctx.doc_type, issues)
    service = found.dates.get("date_service")
    doc["date_service"] = service.isoformat() if service else None
    doc["currency_code"] = found.currency_code or ctx.entity.get("currency_code") or "EUR"
    customer_id, snapshot, record = _customer(ctx, found, issues)
    doc.update({"customer_id": customer_id, "customer": snapshot,
                "business_unit_id": found.business_unit_id})
    book = TaxBook.load(ctx.conn, ctx.entity_id)
    doc["items"], lines = _lines(ctx, found.items or [], day, book, issues)
    if not issues:
        apply_totals(doc, lines, issues)
    texts = default_texts(settings, ctx.doc_type)
    texts.update(found.texts)
    doc.update(texts)
    doc["metadata"] = dict(found.metadata or {})
    doc["linked_documents"] = list(found.linked_documents or [])
    _linked(ctx, doc["linked_documents"], issues)
    doc.update({"is_draft": True, "voided_at": None, "entity_id": ctx.entity_id})
    if issues:
        return doc, issues
    apply_balance(doc, [])
    if not found.is_draft:
        issue_number(ctx, doc, unit)
        apply_balance(doc, [])
    now = ctx.clock.now()
    doc["created_at"] = doc["updated_at"] = now
    if record is not None:
        CUSTOMERS.save(ctx.conn, plain(record))
    book.save_created(ctx.conn)
    return ordered(doc), issues


def _shift(value: str | None, by: datetime.timedelta) -> str | None:
    return None if value is None else (datetime.date.fromisoformat(value) + by).isoformat()


def update(ctx: Context, doc: dict[str, Any], found: DocumentInput, body: Mapping[str, Any]
           ) -> list[Issue]:
    """Apply a partial body to a stored document (in place); the problems, if any."""
    issues: list[Issue] = []
    if doc.get("voided_at") is not None:
        return [Issue(["voided_at"], "A voided document is read-only.", "read_only")]
    if "is_draft" in body and body["is_draft"] is not None and body["is_draft"] != doc[
            "is_draft"]:
        issues.append(Issue(["is_draft"], "A draft is issued with finalize, and an issued "
                            "document stays issued.", "read_only"))
    if body.get("number") is not None and body["number"] != doc["number"]:
        issues.append(Issue(["number"], "A document's number is given by the service and "
                            "never changes.", "read_only"))
    if "business_unit_id" in body and found.business_unit_id != doc.get("business_unit_id"):
        if not doc["is_draft"]:
            issues.append(Issue(["business_unit_id"], "An issued document keeps the business "
                                "unit its number came from.", "read_only"))
        else:
            active_unit(ctx.conn, ctx.entity_id, found.business_unit_id, issues)
            doc["business_unit_id"] = found.business_unit_id
    old_day = datetime.date.fromisoformat(doc["date"])
    day = found.dates.get("date") or old_day
    due_key = _due_key(ctx.doc_type)
    if day != old_day:
        doc["date"] = day.isoformat()
        if due_key is not None and due_key not in body:
            doc[due_key] = _shift(doc.get(due_key), day - old_day)  # the same terms
    if due_key is not None and found.dates.get(due_key) is not None:
        doc[due_key] = found.dates[due_key].isoformat()  # type: ignore[union-attr]
    if "date_service" in found.dates:
        service = found.dates["date_service"]
        doc["date_service"] = service.isoformat() if service else None
    _check_due(doc, ctx.doc_type, issues)
    if found.currency_code is not None:
        doc["currency_code"] = found.currency_code
    _update_customer(ctx, doc, found, body, issues)
    book = TaxBook.load(ctx.conn, ctx.entity_id)
    if found.items is not None:
        doc["items"], lines = _lines(ctx, found.items, day, book, issues)
    else:
        lines = [stored_line(item) for item in doc["items"]]
    doc.update(found.texts)
    if found.metadata is not None:
        doc["metadata"] = found.metadata
    if found.linked_documents is not None:
        doc["linked_documents"] = found.linked_documents
        _linked(ctx, found.linked_documents, issues)
    if issues:
        return issues
    apply_totals(doc, lines, issues)
    apply_balance(doc, payments_of(ctx.conn, doc["id"]))
    if issues:
        return issues
    book.save_created(ctx.conn)
    doc["updated_at"] = ctx.clock.later_than(doc["updated_at"])
    return issues


def _update_customer(ctx: Context, doc: dict[str, Any], found: DocumentInput,
                     body: Mapping[str, Any], issues: list[Issue]) -> None:
    """`customer_id` sent: link that customer (its fields, with `customer` on top); `null`
    unlinks. `customer` sent replaces the document's customer (and with `save_customer`
    saves it as a customer of the client when none is linked)."""
    if found.customer_id is not None:
        customer_id, snapshot, _ = _customer(ctx, found, issues)
        if customer_id is not None:
            doc["customer_id"], doc["customer"] = customer_id, snapshot
        return
    if "customer_id" in body and body["customer_id"] is None:
        doc["customer_id"] = None
    if "customer" in body:
        doc["customer"] = None if found.customer is None else customer_fields(found.customer)
        if found.save_customer and doc["customer"] is not None and not doc.get("customer_id"):
            record = new_customer(ctx.entity_id, doc["customer"], ctx.clock)
            CUSTOMERS.save(ctx.conn, plain(record))
            doc["customer_id"] = record["id"]
