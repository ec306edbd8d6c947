"""Totals as the service stores them (the rules themselves are tested in
tests/unit/core/test_document_totals.py): the worked example over HTTP, several taxes where
the country allows them, gross prices, taxes named by id or by rate, rates over time."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.contract.conftest import create_document, create_entity, issue_paths, item

pytestmark = pytest.mark.anyio


def h(entity: dict[str, Any]) -> dict[str, str]:
    return {"x-entity-id": entity["id"]}


async def _tax(api: httpx.AsyncClient, entity: dict[str, Any], **body: Any) -> dict[str, Any]:
    response = await api.post("/taxes", json=body, headers=h(entity))
    assert response.status_code == 201, response.text
    tax: dict[str, Any] = response.json()
    return tax


async def test_the_vendors_worked_example(dated_api: httpx.AsyncClient) -> None:
    entity = await create_entity(dated_api)
    vat = await _tax(dated_api, entity, name="DDV 22 %", tax_rates=[{"rate": 22}])
    invoice = await create_document(dated_api, entity["id"], items=[item(
        quantity=2, price=100, discounts=[{"value": 10, "type": "percent"}],
        taxes=[{"tax_id": vat["id"]}])])
    assert (invoice["total"], invoice["total_with_tax"]) == (180, 219.6)
    assert invoice["taxes"] == [{"tax_id": vat["id"], "rate": 22, "base": 180, "amount": 39.6}]
    assert invoice["items"][0]["taxes"] == [{"tax_id": vat["id"], "rate": 22, "amount": 39.6}]


async def test_amounts_are_exact_decimals_in_the_json(dated_api: httpx.AsyncClient) -> None:
    """0.1 is sent as the JSON number 0.1 and summed as a decimal, never as a float."""
    entity = await create_entity(dated_api)
    invoice = await create_document(dated_api, entity["id"], items=[
        item(quantity=3, price=0.1), item(quantity=1, price=0.2, taxes=[{"rate": 9.5}])])
    assert invoice["total"] == 0.5 and invoice["total_with_tax"] == 0.52
    response = await dated_api.get(f"/invoices/{invoice['id']}", headers=h(entity))
    assert '"total_with_tax":0.52' in response.text.replace(" ", "")


async def test_a_rate_uses_the_entitys_tax_or_makes_one(dated_api: httpx.AsyncClient) -> None:
    entity = await create_entity(dated_api)
    reduced = await _tax(dated_api, entity, tax_rates=[{"rate": 9.5}])
    assert reduced["name"] == "9.5%"
    invoice = await create_document(dated_api, entity["id"], items=[
        item(taxes=[{"rate": 9.5}]), item(taxes=[{"rate": 22}]), item(taxes=[{"rate": 22}])])
    ids = [line["taxes"][0]["tax_id"] for line in invoice["items"]]
    assert ids[0] == reduced["id"] and ids[1] == ids[2] != reduced["id"]
    taxes = (await dated_api.get("/taxes", headers=h(entity))).json()["data"]
    assert sorted(tax["name"] for tax in taxes) == ["22%", "9.5%"]
    assert [(t["rate"], t["base"], t["amount"]) for t in invoice["taxes"]] == [
        (9.5, 100, 9.5), (22, 200, 44)]


async def test_a_taxs_rate_is_the_one_in_force_on_the_documents_date(
    dated_api: httpx.AsyncClient,
) -> None:
    entity = await create_entity(dated_api)
    vat = await _tax(dated_api, entity, name="VAT", tax_rates=[
        {"rate": 22, "valid_from": "2026-07-01"}, {"rate": 20}])
    assert [r["valid_from"] for r in vat["tax_rates"]] == [None, "2026-07-01"]
    june = await create_document(dated_api, entity["id"], date="2026-06-30",
                                 items=[item(taxes=[{"tax_id": vat["id"]}])])
    july = await create_document(dated_api, entity["id"], date="2026-07-01",
                                 items=[item(taxes=[{"tax_id": vat["id"]}])])
    assert (june["total_with_tax"], july["total_with_tax"]) == (120, 122)
    later = await _tax(dated_api, entity, tax_rates=[{"rate": 5, "valid_from": "2027-01-01"}])
    response = await dated_api.post("/invoices", headers=h(entity), json={
        "items": [item(taxes=[{"tax_id": later["id"]}])]})
    assert issue_paths(response) == [["items", 0, "taxes", 0, "tax_id"]]
    wrong = await dated_api.post("/invoices", headers=h(entity), json={
        "date": "2026-06-01", "items": [item(taxes=[{"tax_id": vat["id"], "rate": 22}])]})
    assert issue_paths(wrong) == [["items", 0, "taxes", 0, "rate"]]


async def test_several_taxes_where_the_country_allows_them(dated_api: httpx.AsyncClient
                                                           ) -> None:
    entity = await create_entity(dated_api, name="Summit LLC", country="United States")
    assert entity["country_rules"]["max_taxes_per_item"] == 3
    state = await _tax(dated_api, entity, name="State", tax_rates=[{"rate": 6.25}])
    city = await _tax(dated_api, entity, name="City", tax_rates=[{"rate": 2}])
    invoice = await create_document(dated_api, entity["id"], items=[
        item(quantity=3, price=19.99, taxes=[{"tax_id": state["id"]}, {"tax_id": city["id"]}])])
    assert invoice["currency_code"] == "USD"
    assert (invoice["total"], invoice["total_with_tax"]) == (59.97, 64.92)
    assert [(t["tax_id"], t["amount"]) for t in invoice["taxes"]] == [
        (state["id"], 3.75), (city["id"], 1.2)]


async def test_a_gross_price_keeps_what_the_customer_was_quoted(dated_api: httpx.AsyncClient
                                                                ) -> None:
    entity = await create_entity(dated_api)
    invoice = await create_document(dated_api, entity["id"], items=[
        item(price=None, gross_price=9.99, quantity=3, taxes=[{"rate": 22}])])
    line = invoice["items"][0]
    assert (line["price"], line["gross_price"]) == (None, 9.99)
    assert (invoice["total_with_tax"], invoice["total"], invoice["taxes"][0]["amount"]) == (
        29.97, 24.57, 5.4)


async def test_yen_have_no_decimals(dated_api: httpx.AsyncClient) -> None:
    entity = await create_entity(dated_api, name="Sakura KK", country="Japan",
                                 country_code="JP", currency_code="JPY")
    invoice = await create_document(dated_api, entity["id"], items=[
        item(quantity=3, price=333.5, taxes=[{"rate": 10}])])
    assert (invoice["total"], invoice["total_with_tax"]) == (1001, 1101)


async def test_a_credit_notes_totals_are_positive(dated_api: httpx.AsyncClient) -> None:
    entity = await create_entity(dated_api)
    note = await create_document(dated_api, entity["id"], "/credit-notes", items=[
        item(quantity=2, price=50, taxes=[{"rate": 22}])])
    assert (note["total"], note["total_with_tax"], note["total_due"]) == (100, 122, 122)


async def test_an_update_recomputes_totals_and_balance(dated_api: httpx.AsyncClient) -> None:
    entity = await create_entity(dated_api)
    invoice = await create_document(dated_api, entity["id"], items=[item(price=100)])
    await dated_api.post("/payments", headers=h(entity), json={
        "invoice_id": invoice["id"], "amount": 50, "type": "cash"})
    updated = (await dated_api.patch(f"/invoices/{invoice['id']}", headers=h(entity), json={
        "items": [item(price=30)]})).json()
    assert (updated["total_with_tax"], updated["total_paid"], updated["total_due"]) == (
        30, 50, -20)
    assert updated["paid_in_full"] is True
    yen = (await dated_api.patch(f"/invoices/{invoice['id']}", headers=h(entity), json={
        "currency_code": "JPY"})).json()
    assert (yen["total"], yen["total_due"]) == (30, -20)  # the stored items, recomputed
    rounded = (await dated_api.patch(f"/invoices/{invoice['id']}", headers=h(entity), json={
        "items": [item(price=30.5)]})).json()
    assert (rounded["total"], rounded["total_due"]) == (31, -19)
