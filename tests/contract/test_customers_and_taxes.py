"""Customers (create, list, get, PATCH/PUT; documents keep their own copy) and taxes (create,
list; one default per entity)."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from tests.contract.conftest import create_document, create_entity, issue_paths

pytestmark = pytest.mark.anyio

CUSTOMER = {"name": "Zlatarna Celje d.o.o.", "email": "racuni@zlatarna.si",
            "address": "Prešernova ulica 5", "post_code": "3000", "city": "Celje",
            "country": "Slovenia", "country_code": "SI", "tax_number": "SI12345678",
            "company_number": "1234567000", "phone": "+386 3 123 45 67",
            "is_end_consumer": False}


def h(entity: dict[str, Any]) -> dict[str, str]:
    return {"x-entity-id": entity["id"]}


async def test_a_customer_is_created_read_and_changed(dated_api: httpx.AsyncClient) -> None:
    entity = await create_entity(dated_api)
    response = await dated_api.post("/customers", headers=h(entity),
                                    json={**CUSTOMER, "metadata": {"code": "K-7"}})
    assert response.status_code == 201, response.text
    customer = response.json()
    assert customer["id"].startswith("cus_") and customer["entity_id"] == entity["id"]
    assert {key: customer[key] for key in CUSTOMER} == CUSTOMER
    assert customer["metadata"] == {"code": "K-7"}
    path = f"/customers/{customer['id']}"
    assert (await dated_api.get(path, headers=h(entity))).json() == customer
    for method in ("PATCH", "PUT"):
        changed = await dated_api.request(method, path, headers=h(entity),
                                          json={"city": "Maribor", "post_code": "2000"})
        assert changed.status_code == 200
        assert (changed.json()["city"], changed.json()["name"]) == ("Maribor", CUSTOMER["name"])
        assert changed.json()["updated_at"] > customer["updated_at"]


async def test_a_document_keeps_its_copy_of_the_customer(dated_api: httpx.AsyncClient) -> None:
    entity = await create_entity(dated_api)
    customer = (await dated_api.post("/customers", headers=h(entity), json=CUSTOMER)).json()
    invoice = await create_document(dated_api, entity["id"], customer_id=customer["id"],
                                    customer={"email": "ap@zlatarna.si"})
    assert invoice["customer_id"] == customer["id"]
    assert invoice["customer"]["city"] == "Celje"
    assert invoice["customer"]["email"] == "ap@zlatarna.si"  # the document's own override
    await dated_api.patch(f"/customers/{customer['id']}", headers=h(entity),
                          json={"city": "Maribor"})
    again = (await dated_api.get(f"/invoices/{invoice['id']}", headers=h(entity))).json()
    assert again["customer"]["city"] == "Celje"


async def test_save_customer_makes_a_customer_of_the_documents(dated_api: httpx.AsyncClient
                                                              ) -> None:
    entity = await create_entity(dated_api)
    invoice = await create_document(dated_api, entity["id"], save_customer=True,
                                    customer={"name": "Novi kupec s.p.", "city": "Ptuj"})
    saved = (await dated_api.get(f"/customers/{invoice['customer_id']}",
                                 headers=h(entity))).json()
    assert (saved["name"], saved["city"]) == ("Novi kupec s.p.", "Ptuj")
    once = await create_document(dated_api, entity["id"], customer={"name": "Enkratni"})
    assert once["customer_id"] is None
    assert len((await dated_api.get("/customers", headers=h(entity))).json()["data"]) == 1


async def test_customers_list_with_search_and_query(dated_api: httpx.AsyncClient) -> None:
    entity = await create_entity(dated_api)
    names = ["Zlatarna", "alpina", "Lipa"]
    for name in names:
        await dated_api.post("/customers", headers=h(entity), json={
            "name": name, "country_code": "SI" if name != "Lipa" else "HR"})
    listed = (await dated_api.get("/customers", headers=h(entity),
                                  params={"order_by": "name"})).json()
    assert [c["name"] for c in listed["data"]] == ["alpina", "Lipa", "Zlatarna"]
    found = (await dated_api.get("/customers", headers=h(entity), params={
        "search": "LIP", "query": json.dumps({"country_code": "HR"})})).json()
    assert [c["name"] for c in found["data"]] == ["Lipa"]


@pytest.mark.parametrize(
    ("body", "paths"),
    [
        ({}, [["name"]]),
        ({"name": ""}, [["name"]]),
        ({"name": "A", "email": "x" * 256}, [["email"]]),
        ({"name": "A", "is_end_consumer": "no"}, [["is_end_consumer"]]),
        ({"name": "A", "metadata": {"k": 5}}, [["metadata"]]),
    ],
)
async def test_a_bad_customer_is_422(dated_api: httpx.AsyncClient, body: dict[str, Any],
                                     paths: list[Any]) -> None:
    entity = await create_entity(dated_api)
    assert issue_paths(await dated_api.post("/customers", headers=h(entity), json=body)) == (
        paths)


async def test_a_customer_keeps_its_name(dated_api: httpx.AsyncClient) -> None:
    entity = await create_entity(dated_api)
    customer = (await dated_api.post("/customers", headers=h(entity), json=CUSTOMER)).json()
    response = await dated_api.patch(f"/customers/{customer['id']}", headers=h(entity),
                                     json={"name": None})
    assert issue_paths(response) == [["name"]]


async def test_taxes_are_created_and_listed_with_one_default(dated_api: httpx.AsyncClient
                                                             ) -> None:
    entity = await create_entity(dated_api)
    standard = (await dated_api.post("/taxes", headers=h(entity), json={
        "name": "DDV 22 %", "tax_rates": [{"rate": 22}], "is_default": True})).json()
    assert standard["id"].startswith("tax_") and standard["is_default"] is True
    assert standard["tax_rates"] == [{"rate": 22, "valid_from": None}]
    reduced = (await dated_api.post("/taxes", headers=h(entity), json={
        "tax_rates": [{"rate": 9.5}], "is_default": True})).json()
    listed = (await dated_api.get("/taxes", headers=h(entity))).json()["data"]
    assert [(t["id"], t["is_default"]) for t in listed] == [(standard["id"], False),
                                                            (reduced["id"], True)]
    only = (await dated_api.get("/taxes", headers=h(entity), params={
        "query": json.dumps({"is_default": True})})).json()["data"]
    assert [t["name"] for t in only] == ["9.5%"]


@pytest.mark.parametrize(
    ("body", "paths"),
    [
        ({}, [["tax_rates"]]),
        ({"tax_rates": []}, [["tax_rates"]]),
        ({"tax_rates": [{"rate": 120}]}, [["tax_rates", 0, "rate"]]),
        ({"tax_rates": [{"rate": "22"}]}, [["tax_rates", 0, "rate"]]),
        ({"tax_rates": [{"rate": 22, "valid_from": "1.1.2026"}]},
         [["tax_rates", 0, "valid_from"]]),
        ({"tax_rates": [{"rate": 22}, {"rate": 20}]}, [["tax_rates", 1, "valid_from"]]),
        ({"tax_rates": [{"rate": 22}], "name": ""}, [["name"]]),
        ({"tax_rates": [{"rate": 22}], "is_default": "yes"}, [["is_default"]]),
    ],
)
async def test_a_bad_tax_is_422(dated_api: httpx.AsyncClient, body: dict[str, Any],
                                paths: list[Any]) -> None:
    entity = await create_entity(dated_api)
    assert issue_paths(await dated_api.post("/taxes", headers=h(entity), json=body)) == paths
