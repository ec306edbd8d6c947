"""Every bad document body is a 422 whose issues name the offending fields (all of them at
once), and a state that does not allow an action is a 422 at the field that decides it."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.contract.conftest import (
    create_document,
    create_entity,
    create_unit,
    issue_paths,
    item,
)

pytestmark = pytest.mark.anyio

NO_TAX = "tax_" + "0" * 24


@pytest.mark.parametrize(
    ("body", "paths"),
    [
        ({}, [["items"]]),
        ({"items": []}, [["items"]]),
        ({"items": "one"}, [["items"]]),
        ({"items": [item(name=None)]}, [["items", 0, "name"]]),
        ({"items": [item(name="")]}, [["items", 0, "name"]]),
        ({"items": [item(price=None)]}, [["items", 0, "price"]]),
        ({"items": [item(gross_price=120)]}, [["items", 0, "gross_price"]]),
        ({"items": [item(price="100")]}, [["items", 0, "price"]]),
        ({"items": [item(quantity=True)]}, [["items", 0, "quantity"]]),
        ({"items": [item(price=10**13)]}, [["items", 0, "price"]]),
        ({"items": [item(price=999_999_999, quantity=999_999)]}, [["items", 0]]),
        ({"items": [item(taxes=[{"tax_id": NO_TAX}])]}, [["items", 0, "taxes", 0, "tax_id"]]),
        ({"items": [item(taxes=[{"tax_id": "vat"}])]}, [["items", 0, "taxes", 0, "tax_id"]]),
        ({"items": [item(taxes=[{"rate": 22}, {"rate": 9.5}])]}, [["items", 0, "taxes"]]),
        ({"items": [item(taxes=[{"rate": 101}])]}, [["items", 0, "taxes", 0, "rate"]]),
        ({"items": [item(taxes=[{"rate": -1}])]}, [["items", 0, "taxes", 0, "rate"]]),
        ({"items": [item(taxes=[{}])]}, [["items", 0, "taxes", 0]]),
        ({"items": [item(discounts=[{"value": -5, "type": "percent"}])]},
         [["items", 0, "discounts", 0, "value"]]),
        ({"items": [item(discounts=[{"value": 120, "type": "percent"}])]},
         [["items", 0, "discounts", 0, "value"]]),
        ({"items": [item(discounts=[{"value": 5, "type": "coupon"}])]},
         [["items", 0, "discounts", 0, "type"]]),
        ({"items": [item(discounts=[{"value": 1, "type": "amount"}] * 6)]},
         [["items", 0, "discounts"]]),
        ({"items": [item()], "date": "2026-13-01"}, [["date"]]),
        ({"items": [item()], "date": "15.6.2026"}, [["date"]]),
        ({"items": [item()], "date_due": "soon"}, [["date_due"]]),
        ({"items": [item()], "date": "2026-06-10", "date_due": "2026-06-09"}, [["date_due"]]),
        ({"items": [item()], "date_due": "2026-01-01"}, [["date_due"]]),  # before today
        ({"items": [item()], "currency_code": "euro"}, [["currency_code"]]),
        ({"items": [item()], "customer": {"email": "a@b.c"}}, [["customer", "name"]]),
        ({"items": [item()], "customer": {"name": "A", "country_code": "SVN"}},
         [["customer", "country_code"]]),
        ({"items": [item()], "customer_id": "cus_" + "0" * 24}, [["customer_id"]]),
        ({"items": [item()], "save_customer": True}, [["save_customer"]]),
        ({"items": [item()], "business_unit_id": "unit_" + "0" * 24}, [["business_unit_id"]]),
        ({"items": [item()], "metadata": {"n": 1}}, [["metadata"]]),
        ({"items": [item()], "note": 5}, [["note"]]),
        ({"items": [item()], "is_draft": "yes"}, [["is_draft"]]),
        ({"items": [item()], "number": "2026-00042"}, [["number"]]),
        ({"items": [item()], "total": 100}, [["total"]]),
    ],
)
async def test_a_bad_invoice_body_is_422_at_its_field(
    dated_api: httpx.AsyncClient, body: dict[str, Any], paths: list[list[str | int]],
) -> None:
    entity = await create_entity(dated_api)
    response = await dated_api.post("/invoices", json=body,
                                     headers={"x-entity-id": entity["id"]})
    assert issue_paths(response) == paths
    assert (await dated_api.get("/invoices", headers={"x-entity-id": entity["id"]})
            ).json()["data"] == []


async def test_every_problem_is_reported_at_once(dated_api: httpx.AsyncClient) -> None:
    entity = await create_entity(dated_api)
    response = await dated_api.post("/invoices", headers={"x-entity-id": entity["id"]}, json={
        "date": "yesterday",
        "items": [item(price=1, gross_price=1), item(quantity="2", taxes=[{"rate": 200}])],
    })
    assert sorted(issue_paths(response), key=str) == sorted(
        [["date"], ["items", 0, "gross_price"], ["items", 1, "quantity"],
         ["items", 1, "taxes", 0, "rate"]], key=str)


async def test_a_credit_note_carries_positive_values(dated_api: httpx.AsyncClient) -> None:
    entity = await create_entity(dated_api)
    response = await dated_api.post("/credit-notes", headers={"x-entity-id": entity["id"]},
                                    json={"items": [item(quantity=-1), item(price=-5)]})
    assert issue_paths(response) == [["items", 0, "quantity"], ["items", 1, "price"]]
    returned = await create_document(dated_api, entity["id"], items=[item(quantity=-1)])
    assert returned["total"] == -100  # an invoice may carry a returned item


async def test_an_archived_or_foreign_unit_is_refused(dated_api: httpx.AsyncClient) -> None:
    entity, other = await create_entity(dated_api), await create_entity(dated_api, name="B")
    archived = await create_unit(dated_api, entity["id"])
    await dated_api.delete(f"/business-units/{archived['id']}",
                           headers={"x-entity-id": entity["id"]})
    foreign = await create_unit(dated_api, other["id"])
    for unit in (archived, foreign):
        response = await dated_api.post("/invoices", headers={"x-entity-id": entity["id"]},
                                        json={"items": [item()], "business_unit_id": unit["id"],
                                              "is_draft": True})
        assert issue_paths(response) == [["business_unit_id"]]


async def test_state_errors_point_at_the_deciding_field(dated_api: httpx.AsyncClient) -> None:
    entity = await create_entity(dated_api)
    headers = {"x-entity-id": entity["id"]}
    draft = await create_document(dated_api, entity["id"], is_draft=True)
    issued = await create_document(dated_api, entity["id"])
    assert issue_paths(await dated_api.post(f"/invoices/{draft['id']}/void",
                                            headers=headers)) == [["is_draft"]]
    assert issue_paths(await dated_api.delete(f"/documents/{issued['id']}",
                                              headers=headers)) == [["is_draft"]]
    assert issue_paths(await dated_api.post(f"/documents/{issued['id']}/finalize",
                                            headers=headers)) == [["is_draft"]]
    await dated_api.post(f"/invoices/{issued['id']}/void", headers=headers)
    assert issue_paths(await dated_api.patch(f"/invoices/{issued['id']}", headers=headers,
                                             json={"items": []})) == [["voided_at"]]
    assert issue_paths(await dated_api.post(f"/invoices/{issued['id']}/void", headers=headers,
                                            json={"reason": 7})) == [["reason"]]


async def test_an_update_is_checked_like_a_create(dated_api: httpx.AsyncClient) -> None:
    entity = await create_entity(dated_api)
    invoice = await create_document(dated_api, entity["id"], date="2026-06-10")
    path, headers = f"/invoices/{invoice['id']}", {"x-entity-id": entity["id"]}
    for body, paths in (
        ({"items": []}, [["items"]]),
        ({"date_due": "2026-06-01"}, [["date_due"]]),
        ({"date": None}, [["date"]]),
        ({"items": [item(taxes=[{"tax_id": NO_TAX}])]}, [["items", 0, "taxes", 0, "tax_id"]]),
        ({"customer": {"city": "Kranj"}}, [["customer", "name"]]),
    ):
        assert issue_paths(await dated_api.patch(path, headers=headers, json=body)) == paths
    assert (await dated_api.get(path, headers=headers)).json() == invoice


async def test_a_body_that_is_not_an_object_is_422(dated_api: httpx.AsyncClient) -> None:
    entity = await create_entity(dated_api)
    for content in (b"[1]", b"{not json"):
        response = await dated_api.post("/invoices", content=content, headers={
            "x-entity-id": entity["id"], "content-type": "application/json"})
        assert issue_paths(response) == [[]]
