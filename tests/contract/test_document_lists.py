"""Document lists: every list parameter, `search` over number, customer name and note, and
`query` on each of the contract's document fields, including the incremental refresh by
`updated_at`."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from tests.contract.conftest import (
    Wall,
    create_document,
    create_entity,
    create_unit,
    issue_paths,
    item,
)

pytestmark = pytest.mark.anyio


async def _page(api: httpx.AsyncClient, entity: dict[str, Any], path: str = "/invoices",
                **params: Any) -> dict[str, Any]:
    if isinstance(params.get("query"), dict):
        params["query"] = json.dumps(params["query"])
    response = await api.get(path, params=params, headers={"x-entity-id": entity["id"]})
    assert response.status_code == 200, response.text
    page: dict[str, Any] = response.json()
    return page


async def _numbers(api: httpx.AsyncClient, entity: dict[str, Any], **params: Any) -> list[str]:
    return [doc["number"] for doc in (await _page(api, entity, limit=100, **params))["data"]]


@pytest.fixture
async def book(dated_api: httpx.AsyncClient) -> dict[str, Any]:
    """One client with five invoices in March–May 2026 (one a draft, one voided, one paid,
    one under a unit), an estimate and a credit note."""
    entity = await create_entity(dated_api)
    unit = await create_unit(dated_api, entity["id"])
    customer = (await dated_api.post("/customers", headers={"x-entity-id": entity["id"]},
                                     json={"name": "Zlatarna Celje d.o.o."})).json()
    make = create_document
    docs = {
        "a": await make(dated_api, entity["id"], date="2026-03-05", customer={"name": "Alpha"},
                        note="Spring cleaning", metadata={"project": "P-1"}),
        "b": await make(dated_api, entity["id"], date="2026-04-10", customer_id=customer["id"],
                        items=[item(price=250)]),
        "c": await make(dated_api, entity["id"], date="2026-04-20", business_unit_id=unit["id"],
                        customer={"name": "Gamma"}, items=[item(price=40)]),
        "d": await make(dated_api, entity["id"], date="2026-05-02", is_draft=True,
                        customer={"name": "Delta"}),
        "e": await make(dated_api, entity["id"], date="2026-05-15", customer={"name": "Epsilon"},
                        items=[item(price=7)]),
    }
    headers = {"x-entity-id": entity["id"]}
    await dated_api.post(f"/invoices/{docs['e']['id']}/void", headers=headers)
    await dated_api.post("/payments", headers=headers, json={
        "invoice_id": docs["b"]["id"], "amount": 250, "type": "bank_transfer"})
    await make(dated_api, entity["id"], "/estimates", date="2026-04-01")
    await make(dated_api, entity["id"], "/credit-notes", date="2026-04-02")
    return {"entity": entity, "unit": unit, "customer": customer, **docs}


async def test_the_default_order_is_newest_first_and_each_type_lists_alone(
    dated_api: httpx.AsyncClient, book: dict[str, Any],
) -> None:
    entity = book["entity"]
    listed = (await _page(dated_api, entity, limit=100))["data"]
    assert [doc["id"] for doc in listed] == [book[k]["id"] for k in "edcba"]
    assert len((await _page(dated_api, entity, "/estimates"))["data"]) == 1
    assert len((await _page(dated_api, entity, "/credit-notes"))["data"]) == 1


async def test_limit_cursors_and_total(dated_api: httpx.AsyncClient, book: dict[str, Any]
                                       ) -> None:
    entity = book["entity"]
    first = await _page(dated_api, entity, limit=2, order_by="date")
    assert first["pagination"]["total"] == 5 and first["pagination"]["has_more"] is True
    second = await _page(dated_api, entity, limit=2, order_by="date",
                         next_cursor=first["pagination"]["next_cursor"])
    third = await _page(dated_api, entity, limit=2, order_by="date",
                        next_cursor=second["pagination"]["next_cursor"])
    seen = [doc["id"] for page in (first, second, third) for doc in page["data"]]
    assert seen == [book[k]["id"] for k in "abcde"]
    assert third["pagination"]["next_cursor"] is None
    back = await _page(dated_api, entity, limit=2, order_by="date",
                       prev_cursor=third["pagination"]["prev_cursor"])
    assert back["data"] == second["data"]
    untotalled = await _page(dated_api, entity, include_total_count="false")
    assert untotalled["pagination"]["total"] == -1
    assert issue_paths(await dated_api.get("/invoices", params={"limit": 101}, headers={
        "x-entity-id": entity["id"]})) == [["limit"]]


async def test_order_by_any_sortable_field(dated_api: httpx.AsyncClient, book: dict[str, Any]
                                           ) -> None:
    entity = book["entity"]
    by_total = await _page(dated_api, entity, order_by=["-total_with_tax", "date"])
    totals = [doc["total_with_tax"] for doc in by_total["data"]]
    assert totals == sorted(totals, reverse=True) and totals[0] == 250
    numbers = [n for n in await _numbers(dated_api, entity, order_by="number")]
    assert numbers == sorted(numbers)
    response = await dated_api.get("/invoices", params={"order_by": "customer.tax_number"},
                                   headers={"x-entity-id": entity["id"]})
    assert issue_paths(response) == [["order_by"]]


async def test_search_looks_at_number_customer_name_and_note(
    dated_api: httpx.AsyncClient, book: dict[str, Any],
) -> None:
    entity = book["entity"]
    assert await _numbers(dated_api, entity, search="zlatarna") == [book["b"]["number"]]
    assert await _numbers(dated_api, entity, search="SPRING") == [book["a"]["number"]]
    assert await _numbers(dated_api, entity, search=book["c"]["number"]) == [
        book["c"]["number"]]
    assert await _numbers(dated_api, entity, search="p-1") == [book["a"]["number"]]
    assert await _numbers(dated_api, entity, search="nothing like it") == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"date": {"between": ["2026-04-01", "2026-04-30"]}}, "cb"),
        ({"date": {"gte": "2026-05-01T00:00:00Z"}}, "ed"),
        ({"is_draft": True}, "d"),
        ({"is_draft": False, "voided_at": None}, "cba"),
        ({"voided_at": {"not": None}}, "e"),
        ({"paid_in_full": True}, "b"),
        ({"date_due": {"lt": "2026-05-01"}}, "a"),
        ({"total_with_tax": {"gte": 100}}, "dba"),
        ({"total_with_tax": 40}, "c"),
        ({"metadata.project": "P-1"}, "a"),
    ],
)
async def test_query_on_each_document_field(dated_api: httpx.AsyncClient, book: dict[str, Any],
                                            query: dict[str, Any], expected: str) -> None:
    found = (await _page(dated_api, book["entity"], limit=100, query=query))["data"]
    assert [doc["id"] for doc in found] == [book[k]["id"] for k in expected]


async def test_query_by_customer_and_unit(dated_api: httpx.AsyncClient, book: dict[str, Any]
                                          ) -> None:
    entity = book["entity"]
    by_customer = await _page(dated_api, entity, query={"customer_id": book["customer"]["id"]})
    assert [doc["id"] for doc in by_customer["data"]] == [book["b"]["id"]]
    by_unit = await _page(dated_api, entity, query={"business_unit_id": {
        "in": [book["unit"]["id"]]}})
    assert [doc["id"] for doc in by_unit["data"]] == [book["c"]["id"]]


@pytest.mark.parametrize(
    ("query", "path"),
    [
        ({"number": "2026-00001"}, ["query", "number"]),
        ({"customer.name": "Alpha"}, ["query", "customer.name"]),
        ({"date": {"between": ["2026-01-01"]}}, ["query", "date", "between"]),
        ({"date": "last spring"}, ["query", "date"]),
        ({"total_with_tax": {"gt": "100"}}, ["query", "total_with_tax", "gt"]),
        ({"is_draft": {"near": True}}, ["query", "is_draft", "near"]),
    ],
)
async def test_a_query_the_contract_does_not_allow_is_422(
    dated_api: httpx.AsyncClient, query: dict[str, Any], path: list[str],
) -> None:
    entity = await create_entity(dated_api)
    response = await dated_api.get("/invoices", params={"query": json.dumps(query)},
                                   headers={"x-entity-id": entity["id"]})
    assert issue_paths(response) == [path]


async def test_updated_at_walks_every_change_since_the_last_refresh(
    dated_api: httpx.AsyncClient, wall: Wall,
) -> None:
    """The app's refresh asks for `updated_at >= its last mark`; every kind of change (an
    edit, an issue, a void, a payment) moves a document into that window."""
    entity = await create_entity(dated_api)
    headers = {"x-entity-id": entity["id"]}
    old = await create_document(dated_api, entity["id"])
    draft = await create_document(dated_api, entity["id"], is_draft=True)
    paid = await create_document(dated_api, entity["id"])
    edited = await create_document(dated_api, entity["id"])
    voided = await create_document(dated_api, entity["id"])
    wall.set("2026-06-15T12:00:00+00:00")
    mark = "2026-06-15T12:00:00.000Z"

    async def changed() -> set[str]:
        page = await _page(dated_api, entity, limit=100, order_by="updated_at",
                           query={"updated_at": {"gte": mark}})
        return {doc["id"] for doc in page["data"]}

    assert await changed() == set()
    await dated_api.post(f"/documents/{draft['id']}/finalize", headers=headers)
    await dated_api.post("/payments", headers=headers, json={
        "invoice_id": paid["id"], "amount": 1, "type": "cash"})
    await dated_api.patch(f"/invoices/{edited['id']}", headers=headers, json={"note": "n"})
    await dated_api.post(f"/invoices/{voided['id']}/void", headers=headers)
    assert await changed() == {draft["id"], paid["id"], edited["id"], voided["id"]}
    assert old["id"] not in await changed()
