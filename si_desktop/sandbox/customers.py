"""Customers and taxes of one entity (CONTRACT.md, "Documents"): `POST/GET /customers`,
`GET/PATCH /customers/{id}` (PUT too), `GET/POST /taxes`.

A customer has the fields of a document's `customer`; a document keeps its own copy, so a
later change to the customer leaves issued documents as they were. A tax is a name and its
rates over time; a document takes the rate with the newest `valid_from` not after its date.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from starlette.requests import Request
from starlette.routing import Route

from si_desktop.core.document_totals import MAX_RATE, MIN_RATE
from si_desktop.sandbox.document_input import parse_date, read_customer, read_number
from si_desktop.sandbox.document_model import new_customer, rate_text
from si_desktop.sandbox.errors import Issue, invalid, not_found
from si_desktop.sandbox.http import (
    clock_of,
    endpoint,
    json_body,
    path_id,
    sandbox_of,
    scoped_entity,
)
from si_desktop.sandbox.lists import Column, Table, parse_list_request, run_list
from si_desktop.sandbox.records import CUSTOMERS, TAXES, plain
from si_desktop.sandbox.service import Caller
from si_desktop.sandbox.validation import metadata_issues

CUSTOMER_TABLE = Table(
    name="customers",
    doc_table="customers",
    columns={
        "id": Column("id"),
        "name": Column("name", sort_sql="name_fold", folded_sql="name_fold"),
        "email": Column("email"),
        "tax_number": Column("tax_number"),
        "country_code": Column("country_code"),
        "created_at": Column("created_at", "time"),
        "updated_at": Column("updated_at", "time"),
    },
    query_fields=frozenset({"id", "name", "email", "tax_number", "country_code", "created_at",
                            "updated_at"}),
    sort_fields=frozenset({"id", "name", "email", "country_code", "created_at", "updated_at"}),
    json_roots={"metadata": "json_extract(doc, '$.metadata')"},
    default_order=("created_at",),
)

TAX_TABLE = Table(
    name="taxes",
    doc_table="taxes",
    columns={
        "id": Column("id"),
        "name": Column("name", sort_sql="name_fold", folded_sql="name_fold"),
        "is_default": Column("is_default", "bool"),
        "created_at": Column("created_at", "time"),
        "updated_at": Column("updated_at", "time"),
    },
    query_fields=frozenset({"id", "name", "is_default", "created_at", "updated_at"}),
    sort_fields=frozenset({"id", "name", "is_default", "created_at", "updated_at"}),
    json_roots={},
    default_order=("created_at",),
)


# -- customers


async def create_customer(request: Request, caller: Caller) -> Any:
    entity = scoped_entity(request, caller)
    body = await json_body(request)
    issues: list[Issue] = []
    fields = read_customer(body, [], issues, name_required=True)
    if body.get("metadata") is not None:
        issues += metadata_issues(body["metadata"])
    if issues or fields is None:
        raise invalid(issues)
    record = new_customer(entity["id"], fields, clock_of(request), body.get("metadata"))
    with sandbox_of(request).store.write() as conn:
        CUSTOMERS.save(conn, record)
    return 201, record


async def list_customers(request: Request, caller: Caller) -> Any:
    entity = scoped_entity(request, caller)
    list_request = parse_list_request(request.query_params.multi_items())
    with sandbox_of(request).store.read() as conn:
        return run_list(conn, CUSTOMER_TABLE, list_request, ["entity_id = ?"], [entity["id"]])


def _customer(request: Request, caller: Caller, conn: Any) -> dict[str, Any]:
    entity = scoped_entity(request, caller)
    record = CUSTOMERS.get(conn, entity["id"], path_id(request, "cus"))
    if record is None:
        raise not_found("Customer")
    return record


async def get_customer(request: Request, caller: Caller) -> Any:
    with sandbox_of(request).store.read() as conn:
        return _customer(request, caller, conn)


async def update_customer(request: Request, caller: Caller) -> Any:
    """PATCH and PUT alike: the fields sent replace the customer's; documents keep theirs."""
    body = await json_body(request)
    issues: list[Issue] = []
    fields = read_customer(body, [], issues, name_required=False)
    if "name" in body and body["name"] is None:
        issues.append(Issue(["name"], "A customer keeps a name.", "required"))
    if body.get("metadata") is not None:
        issues += metadata_issues(body["metadata"])
    if issues or fields is None:
        raise invalid(issues)
    with sandbox_of(request).store.write() as conn:
        record = _customer(request, caller, conn)
        record.update(fields)
        if "metadata" in body:
            record["metadata"] = dict(body["metadata"] or {})
        record["updated_at"] = clock_of(request).later_than(record["updated_at"])
        CUSTOMERS.save(conn, record)
    return record


# -- taxes


def _tax_rates(value: object, issues: list[Issue]) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not value:
        issues.append(Issue(["tax_rates"], "A tax needs at least one rate: "
                            "[{rate, valid_from?}].", "required" if value is None
                            else "invalid_type"))
        return []
    rates: list[dict[str, Any]] = []
    seen: set[str | None] = set()
    for index, entry in enumerate(value):
        path: list[str | int] = ["tax_rates", index]
        if not isinstance(entry, dict):
            issues.append(Issue(path, "A rate is {rate, valid_from?}.", "invalid_type"))
            continue
        rate = read_number(entry.get("rate"), [*path, "rate"], issues)
        if rate is not None and not MIN_RATE <= rate <= MAX_RATE:
            issues.append(Issue([*path, "rate"], "A tax rate is a percentage from 0 to 100.",
                                "too_small" if rate < MIN_RATE else "too_big"))
            rate = None
        since = parse_date(entry.get("valid_from"), [*path, "valid_from"], issues)
        key = since.isoformat() if since else None
        if key in seen:
            issues.append(Issue([*path, "valid_from"], "Two rates start on the same day.",
                                "duplicate"))
        seen.add(key)
        if rate is not None:
            rates.append({"rate": rate, "valid_from": key})
    return sorted(rates, key=lambda entry: entry["valid_from"] or "")


async def create_tax(request: Request, caller: Caller) -> Any:
    """`{name?, tax_rates: [{rate, valid_from?}], is_default?}`; a default tax takes the place
    of the entity's previous default."""
    entity = scoped_entity(request, caller)
    body = await json_body(request, decimals=True)
    issues: list[Issue] = []
    rates = _tax_rates(body.get("tax_rates"), issues)
    name = body.get("name")
    if name is not None and (not isinstance(name, str) or not name.strip()):
        issues.append(Issue(["name"], "A tax's name is non-empty text.", "invalid_string"))
    is_default = body.get("is_default", False)
    if not isinstance(is_default, bool):
        issues.append(Issue(["is_default"], "true or false is expected.", "invalid_type"))
    if issues:
        raise invalid(issues)
    rate: Decimal = rates[-1]["rate"]
    clock = clock_of(request)
    now = clock.now()
    tax = plain({"id": clock.new_id("tax"), "entity_id": entity["id"],
                 "name": name or f"{rate_text(rate)}%", "tax_rates": rates,
                 "is_default": is_default, "created_at": now, "updated_at": now})
    with sandbox_of(request).store.write() as conn:
        if is_default:
            for other in TAXES.where(conn, "entity_id=? AND is_default=1", [entity["id"]]):
                other["is_default"] = False
                other["updated_at"] = clock.later_than(other["updated_at"])
                TAXES.save(conn, other)
        TAXES.save(conn, tax)
    return 201, tax


async def list_taxes(request: Request, caller: Caller) -> Any:
    entity = scoped_entity(request, caller)
    list_request = parse_list_request(request.query_params.multi_items())
    with sandbox_of(request).store.read() as conn:
        return run_list(conn, TAX_TABLE, list_request, ["entity_id = ?"], [entity["id"]])


ROUTES = [
    Route("/customers", endpoint(create_customer), methods=["POST"]),
    Route("/customers", endpoint(list_customers), methods=["GET"]),
    Route("/customers/{id}", endpoint(get_customer), methods=["GET"]),
    Route("/customers/{id}", endpoint(update_customer), methods=["PATCH", "PUT"]),
    Route("/taxes", endpoint(create_tax), methods=["POST"]),
    Route("/taxes", endpoint(list_taxes), methods=["GET"]),
]
