"""Payments (CONTRACT.md, "Documents", Payments; the UI kit's generated `payment` schema):
`POST /payments`, `GET /payments` (filter by `invoice_id` through `query`),
`PATCH /payments/{id}`, `DELETE /payments/{id}`, each scoped by `x-entity-id`.

A payment belongs to one issued invoice or credit note and moves that document's
`total_paid`, `total_due` and `paid_in_full` (and `updated_at`, so an incremental refresh
sees it) in the same transaction. A draft or a voided document takes none (422); an amount
above what is due is accepted and leaves the document overpaid (`total_due` negative).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from starlette.requests import Request
from starlette.routing import Route

from si_desktop.core.document_totals import quantum
from si_desktop.core.formatting import currency_digits
from si_desktop.sandbox.document_input import parse_date, read_number
from si_desktop.sandbox.document_model import refresh_balance
from si_desktop.sandbox.errors import Issue, invalid, not_found
from si_desktop.sandbox.http import (
    clock_of,
    endpoint,
    json_body,
    no_content,
    path_id,
    sandbox_of,
    scoped_entity,
    today_of,
)
from si_desktop.sandbox.lists import Column, Table, parse_list_request, run_list
from si_desktop.sandbox.records import DOCUMENTS, PAYMENTS, plain
from si_desktop.sandbox.service import Caller
from si_desktop.sandbox.validation import id_issue, metadata_issues

PAYMENT_TYPES: tuple[str, ...] = ("cash", "bank_transfer", "card", "check", "paypal",
                                  "coupon", "other", "credit_note", "advance")
PAYMENT_FIELD_ORDER: tuple[str, ...] = (
    "id", "entity_id", "invoice_id", "credit_note_id", "amount", "type", "date", "reference",
    "note", "metadata", "created_at", "updated_at",
)
DOCUMENT_KEYS = {"invoice_id": "inv", "credit_note_id": "cre"}

PAYMENT_TABLE = Table(
    name="payments",
    doc_table="payments",
    columns={
        "id": Column("id"),
        "invoice_id": Column("invoice_id"),
        "credit_note_id": Column("credit_note_id"),
        "type": Column("type"),
        "amount": Column("amount", "number"),
        "date": Column("date", "date"),
        "created_at": Column("created_at", "time"),
        "updated_at": Column("updated_at", "time"),
    },
    query_fields=frozenset({"id", "invoice_id", "credit_note_id", "type", "amount", "date",
                            "created_at", "updated_at"}),
    sort_fields=frozenset({"id", "type", "amount", "date", "created_at", "updated_at"}),
    json_roots={"metadata": "json_extract(doc, '$.metadata')"},
    default_order=("created_at",),
)


def _fields(body: dict[str, Any], issues: list[Issue], *, creating: bool) -> dict[str, Any]:
    """The payment fields a body sets (amount still unchecked against the currency)."""
    found: dict[str, Any] = {}
    if creating or "amount" in body:
        amount = read_number(body.get("amount"), ["amount"], issues)
        if amount is not None and amount <= 0:
            issues.append(Issue(["amount"], "A payment's amount is more than 0.", "too_small"))
        elif amount is not None:
            found["amount"] = amount
    if creating or "type" in body:
        if body.get("type") not in PAYMENT_TYPES:
            issues.append(Issue(["type"], "type is one of " + ", ".join(PAYMENT_TYPES) + ".",
                                "invalid_enum_value"))
        else:
            found["type"] = body["type"]
    if body.get("date") is not None or ("date" in body and not creating):
        day = parse_date(body.get("date"), ["date"], issues)
        if day is None and not any(issue.path == ["date"] for issue in issues):
            issues.append(Issue(["date"], "A payment has a date.", "required"))
        found["date"] = day
    for key in ("reference", "note"):
        if key in body:
            if body[key] is not None and not isinstance(body[key], str):
                issues.append(Issue([key], "Text is expected.", "invalid_type"))
            else:
                found[key] = body[key]
    if "metadata" in body:
        more = metadata_issues(body["metadata"]) if body["metadata"] is not None else []
        issues += more
        if not more:
            found["metadata"] = dict(body["metadata"] or {})
    return found


def _target(body: dict[str, Any], issues: list[Issue]) -> tuple[str, str] | None:
    """Which document the payment is for: (`invoice_id` or `credit_note_id`, its id)."""
    given = [key for key in DOCUMENT_KEYS if body.get(key) is not None]
    if len(given) != 1:
        issues.append(Issue(["invoice_id"], "A payment is for one invoice (invoice_id) or one "
                            "credit note (credit_note_id).", "invalid_combination"
                            if given else "required"))
        return None
    key = given[0]
    issue = id_issue(body[key], DOCUMENT_KEYS[key], [key])
    if issue is not None:
        issues.append(issue)
        return None
    return key, str(body[key])


def _payable(conn: Any, entity_id: str, key: str, doc_id: str) -> dict[str, Any]:
    """The document a payment moves: the entity's own, issued and not voided (422 at the
    payment's `invoice_id` / `credit_note_id` otherwise)."""
    doc = DOCUMENTS.get(conn, entity_id, doc_id)
    if doc is None:
        raise invalid([Issue([key], "This document is not one of this client's.",
                             "not_found")])
    if doc["is_draft"]:
        raise invalid([Issue([key], "A draft takes no payments; issue it first.",
                             "invalid_state")])
    if doc.get("voided_at") is not None:
        raise invalid([Issue([key], "A voided document takes no payments.",
                             "invalid_state")])
    return doc


def _check_amount(amount: Decimal | None, doc: dict[str, Any]) -> None:
    if amount is not None and amount != amount.quantize(quantum(doc["currency_code"])):
        raise invalid([Issue(["amount"], f"{doc['currency_code']} amounts have at most "
                             f"{currency_digits(doc['currency_code'])} decimals.",
                             "too_precise")])


def _ordered(payment: dict[str, Any]) -> dict[str, Any]:
    out = {key: payment.get(key) for key in PAYMENT_FIELD_ORDER}
    out.update({key: value for key, value in payment.items() if key not in out})
    return out


def _date_text(value: datetime.date | None, fallback: datetime.date) -> str:
    return (value or fallback).isoformat()


async def create_payment(request: Request, caller: Caller) -> Any:
    entity = scoped_entity(request, caller)
    body = await json_body(request, decimals=True)
    issues: list[Issue] = []
    target = _target(body, issues)
    fields = _fields(body, issues, creating=True)
    if issues or target is None:
        raise invalid(issues)
    key, doc_id = target
    clock = clock_of(request)
    with sandbox_of(request).store.write() as conn:
        doc = _payable(conn, entity["id"], key, doc_id)
        _check_amount(fields["amount"], doc)
        now = clock.now()
        payment = _ordered({
            "id": clock.new_id("pay"), "entity_id": entity["id"], "invoice_id": None,
            "credit_note_id": None, key: doc_id, "amount": fields["amount"],
            "type": fields["type"], "date": _date_text(fields.get("date"), today_of(request)),
            "reference": fields.get("reference"), "note": fields.get("note"),
            "metadata": fields.get("metadata") or {}, "created_at": now, "updated_at": now,
        })
        stored = plain(payment)
        PAYMENTS.save(conn, stored)
        refresh_balance(conn, doc, clock)
    return 201, stored


async def list_payments(request: Request, caller: Caller) -> Any:
    entity = scoped_entity(request, caller)
    list_request = parse_list_request(request.query_params.multi_items())
    with sandbox_of(request).store.read() as conn:
        return run_list(conn, PAYMENT_TABLE, list_request, ["entity_id = ?"], [entity["id"]])


def _payment_and_document(request: Request, caller: Caller, conn: Any
                          ) -> tuple[dict[str, Any], dict[str, Any]]:
    entity = scoped_entity(request, caller)
    payment = PAYMENTS.get(conn, entity["id"], path_id(request, "pay"))
    if payment is None:
        raise not_found("Payment")
    key = "invoice_id" if payment.get("invoice_id") else "credit_note_id"
    return payment, _payable(conn, entity["id"], key, payment[key])


async def update_payment(request: Request, caller: Caller) -> Any:
    """Any of amount, type, date, reference, note (and metadata)."""
    body = await json_body(request, decimals=True)
    issues: list[Issue] = []
    fields = _fields(body, issues, creating=False)
    for key in DOCUMENT_KEYS:
        if key in body:
            issues.append(Issue([key], "A payment stays with its document; delete it and "
                                "record a new one instead.", "read_only"))
    if issues:
        raise invalid(issues)
    clock = clock_of(request)
    with sandbox_of(request).store.write() as conn:
        payment, doc = _payment_and_document(request, caller, conn)
        _check_amount(fields.get("amount"), doc)
        if "date" in fields:
            fields["date"] = fields["date"].isoformat()
        payment.update(plain(fields))
        payment["updated_at"] = clock.later_than(payment["updated_at"])
        PAYMENTS.save(conn, payment)
        refresh_balance(conn, doc, clock)
    return payment


async def delete_payment(request: Request, caller: Caller) -> Any:
    with sandbox_of(request).store.write() as conn:
        payment, doc = _payment_and_document(request, caller, conn)
        PAYMENTS.delete(conn, payment["id"])
        refresh_balance(conn, doc, clock_of(request))
    return no_content()


ROUTES = [
    Route("/payments", endpoint(create_payment), methods=["POST"]),
    Route("/payments", endpoint(list_payments), methods=["GET"]),
    Route("/payments/{id}", endpoint(update_payment), methods=["PATCH", "PUT"]),
    Route("/payments/{id}", endpoint(delete_payment), methods=["DELETE"]),
]
