"""The document endpoints of CONTRACT.md: invoices, estimates and credit notes (create as a
draft or issued, list, get, update by PATCH or PUT, void), and for any type finalize, delete
(drafts only) and next-number. Every call is scoped to one entity (`x-entity-id`); another
entity's document does not exist for it (404).

State errors are 422s with the field that decides them: a void or a delete of the wrong kind
of document points at `is_draft`, a change to a voided one at `voided_at`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.requests import Request
from starlette.routing import Route

from si_desktop.core import limits
from si_desktop.core.document_totals import max_taxes_per_item
from si_desktop.sandbox import sequences
from si_desktop.sandbox.document_input import (
    DOCUMENT_TYPES,
    TYPE_OF_PREFIX,
    read_document,
)
from si_desktop.sandbox.document_model import (
    Context,
    active_unit,
    apply_balance,
    create,
    issue_number,
    update,
)
from si_desktop.sandbox.errors import Issue, invalid, invalid_at, not_found
from si_desktop.sandbox.http import (
    Handler,
    clock_of,
    endpoint,
    json_body,
    no_content,
    sandbox_of,
    scoped_entity,
    today_of,
)
from si_desktop.sandbox.lists import Column, Table, parse_list_request, run_list
from si_desktop.sandbox.records import DOCUMENTS, plain
from si_desktop.sandbox.service import Caller
from si_desktop.sandbox.validation import id_issue

DOCUMENT_TABLE = Table(
    name="documents",
    doc_table="documents",
    columns={
        "id": Column("id"),
        "number": Column("number"),
        "date": Column("date", "date"),
        "date_due": Column("date_due", "date"),
        "date_valid_till": Column("date_valid_till", "date"),
        "customer_id": Column("customer_id"),
        "business_unit_id": Column("business_unit_id"),
        "is_draft": Column("is_draft", "bool"),
        "voided_at": Column("voided_at", "time"),
        "paid_in_full": Column("paid_in_full", "bool"),
        "total_with_tax": Column("total_with_tax", "number"),
        "created_at": Column("created_at", "time"),
        "updated_at": Column("updated_at", "time"),
    },
    query_fields=frozenset({"date", "customer_id", "is_draft", "voided_at", "paid_in_full",
                            "date_due", "business_unit_id", "total_with_tax", "updated_at"}),
    sort_fields=frozenset({"id", "number", "date", "date_due", "date_valid_till",
                           "total_with_tax", "created_at", "updated_at"}),
    json_roots={"metadata": "json_extract(doc, '$.metadata')"},
    default_order=("-date", "-created_at"),
)


def _context(request: Request, caller: Caller, conn: Any, doc_type: str) -> Context:
    return Context(conn, scoped_entity(request, caller), doc_type, clock_of(request),
                   today_of(request))


def _document_id(request: Request, doc_type: str | None) -> tuple[str, str]:
    """The path's document id and its type; 422 at `id` unless it is a document id (of
    `doc_type`, when given)."""
    value = request.path_params["id"]
    prefixes = [DOCUMENT_TYPES[doc_type]] if doc_type else list(TYPE_OF_PREFIX)
    for prefix in prefixes:
        if limits.is_valid_id(value, prefix):
            return str(value), TYPE_OF_PREFIX[prefix]
    spelled = " or ".join(f"{prefix}_" for prefix in prefixes)
    raise invalid_at(["id"], f"A document id here looks like {spelled} followed by 24 hex "
                     "digits.", "invalid_id")


def _stored(ctx: Context, doc_id: str) -> dict[str, Any]:
    doc = DOCUMENTS.get(ctx.conn, ctx.entity_id, doc_id)
    if doc is None:
        raise not_found("Document")
    return doc


def _save(ctx: Context, doc: Mapping[str, Any]) -> dict[str, Any]:
    stored = plain(doc)
    DOCUMENTS.save(ctx.conn, stored)
    result: dict[str, Any] = stored
    return result


def create_handler(doc_type: str) -> Handler:
    async def handler(request: Request, caller: Caller) -> Any:
        entity = scoped_entity(request, caller)
        body = await json_body(request, decimals=True)
        found, issues = read_document(body, doc_type, creating=True,
                                      max_taxes=max_taxes_per_item(entity))
        if issues:
            raise invalid(issues)
        with sandbox_of(request).store.write() as conn:
            ctx = Context(conn, entity, doc_type, clock_of(request), today_of(request))
            doc, issues = create(ctx, found, DOCUMENT_TYPES[doc_type])
            if issues:
                raise invalid(issues)
            return 201, _save(ctx, doc)

    return handler


def list_handler(doc_type: str) -> Handler:
    async def handler(request: Request, caller: Caller) -> Any:
        entity = scoped_entity(request, caller)
        list_request = parse_list_request(request.query_params.multi_items())
        with sandbox_of(request).store.read() as conn:
            return run_list(conn, DOCUMENT_TABLE, list_request,
                            ["entity_id = ?", "type = ?"], [entity["id"], doc_type])

    return handler


def get_handler(doc_type: str) -> Handler:
    async def handler(request: Request, caller: Caller) -> Any:
        doc_id, _ = _document_id(request, doc_type)
        with sandbox_of(request).store.read() as conn:
            return _stored(_context(request, caller, conn, doc_type), doc_id)

    return handler


def update_handler(doc_type: str) -> Handler:
    """PATCH and PUT alike: a partial body; items, when sent, replace all items."""

    async def handler(request: Request, caller: Caller) -> Any:
        doc_id, _ = _document_id(request, doc_type)
        entity = scoped_entity(request, caller)
        body = await json_body(request, decimals=True)
        found, issues = read_document(body, doc_type, creating=False,
                                      max_taxes=max_taxes_per_item(entity))
        with sandbox_of(request).store.write() as conn:
            ctx = Context(conn, entity, doc_type, clock_of(request), today_of(request))
            doc = _stored(ctx, doc_id)
            if doc.get("voided_at") is not None:
                raise invalid_at(["voided_at"], "A voided document is read-only.", "read_only")
            if issues:
                raise invalid(issues)
            more = update(ctx, doc, found, body)
            if more:
                raise invalid(more)
            return _save(ctx, doc)

    return handler


def void_handler(doc_type: str) -> Handler:
    """`{"reason"?}` sets `voided_at` (once: voiding again changes nothing)."""

    async def handler(request: Request, caller: Caller) -> Any:
        doc_id, _ = _document_id(request, doc_type)
        entity = scoped_entity(request, caller)
        body = await json_body(request) if (await request.body()).strip() else {}
        reason = body.get("reason")
        if reason is not None and not isinstance(reason, str):
            raise invalid_at(["reason"], "The reason is text.", "invalid_type")
        with sandbox_of(request).store.write() as conn:
            ctx = Context(conn, entity, doc_type, clock_of(request), today_of(request))
            doc = _stored(ctx, doc_id)
            if doc["is_draft"]:
                raise invalid_at(["is_draft"], "A draft cannot be voided; delete it instead.",
                                 "invalid_state")
            if doc.get("voided_at") is not None:
                return doc
            now = ctx.clock.later_than(doc["updated_at"])
            doc.update({"voided_at": now, "void_reason": reason, "updated_at": now})
            return _save(ctx, doc)

    return handler


async def finalize(request: Request, caller: Caller) -> Any:
    """Issue a draft: it takes the next number of its sequence, on its own date."""
    doc_id, doc_type = _document_id(request, None)
    with sandbox_of(request).store.write() as conn:
        ctx = _context(request, caller, conn, doc_type)
        doc = _stored(ctx, doc_id)
        if not doc["is_draft"]:
            raise invalid_at(["is_draft"], "This document is already issued.", "invalid_state")
        issues: list[Issue] = []
        unit = active_unit(conn, ctx.entity_id, doc.get("business_unit_id"), issues)
        if issues:
            raise invalid(issues)
        issue_number(ctx, doc, unit)
        apply_balance(doc, [])
        doc["updated_at"] = ctx.clock.later_than(doc["updated_at"])
        return _save(ctx, plain(doc))


async def delete_document(request: Request, caller: Caller) -> Any:
    """Drafts only: an issued number is a legal fact (void it instead)."""
    doc_id, doc_type = _document_id(request, None)
    with sandbox_of(request).store.write() as conn:
        ctx = _context(request, caller, conn, doc_type)
        doc = _stored(ctx, doc_id)
        if not doc["is_draft"]:
            raise invalid_at(["is_draft"], "Only a draft can be deleted; void an issued "
                             "document instead.", "invalid_state")
        DOCUMENTS.delete(conn, doc_id)
    return no_content()


async def next_number(request: Request, caller: Caller) -> Any:
    """`{"number"}` the next document of the type would get today, without using it up."""
    entity = scoped_entity(request, caller)
    params = request.query_params
    doc_type = params.get("type")
    issues: list[Issue] = []
    if doc_type not in sequences.SEQUENCE_TYPES:
        issues.append(Issue(["type"], "type is invoice, estimate or credit_note.",
                            "invalid_enum_value"))
    unit_id = params.get("business_unit_id") or None
    if unit_id is not None:
        issue = id_issue(unit_id, "unit", ["business_unit_id"])
        if issue is not None:
            issues.append(issue)
            unit_id = None
    with sandbox_of(request).store.read() as conn:
        unit = active_unit(conn, entity["id"], unit_id, issues)
        if issues:
            raise invalid(issues)
        assert doc_type is not None
        return {"number": sequences.peek(conn, entity, doc_type, unit, today_of(request))}


def _routes() -> list[Route]:
    routes = [
        Route("/documents/next-number", endpoint(next_number), methods=["GET"]),
        Route("/documents/{id}/finalize", endpoint(finalize), methods=["POST"]),
        Route("/documents/{id}", endpoint(delete_document), methods=["DELETE"]),
    ]
    for doc_type, path in (("invoice", "/invoices"), ("estimate", "/estimates"),
                           ("credit_note", "/credit-notes")):
        routes += [
            Route(path, endpoint(create_handler(doc_type)), methods=["POST"]),
            Route(path, endpoint(list_handler(doc_type)), methods=["GET"]),
            Route(path + "/{id}", endpoint(get_handler(doc_type)), methods=["GET"]),
            Route(path + "/{id}", endpoint(update_handler(doc_type)), methods=["PATCH", "PUT"]),
        ]
        if doc_type != "estimate":
            routes.append(Route(path + "/{id}/void", endpoint(void_handler(doc_type)),
                                methods=["POST"]))
    return routes


ROUTES = _routes()
