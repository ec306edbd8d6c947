"""Invoices, estimates and credit notes: create (draft or issued), get, update (PATCH and
PUT), void, finalize, delete, and one entity never seeing another's documents."""

from __future__ import annotations

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

ANSWER_FIELDS = {
    "id", "number", "date", "currency_code", "customer", "customer_id", "business_unit_id",
    "items", "total", "total_discount", "taxes", "total_with_tax", "total_paid", "total_due",
    "paid_in_full", "is_draft", "voided_at", "note", "payment_terms", "footer", "signature",
    "reference", "metadata", "linked_documents", "entity_id", "created_at", "updated_at",
}
WORKED_EXAMPLE = item(quantity=2, price=100, discounts=[{"value": 10, "type": "percent"}],
                      taxes=[{"rate": 22}])


def h(entity: dict[str, Any]) -> dict[str, str]:
    return {"x-entity-id": entity["id"]}


async def test_an_issued_invoice_answers_the_contract_fields(
    dated_api: httpx.AsyncClient,
) -> None:
    entity = await create_entity(dated_api, settings={"default_invoice_due_days": 15})
    invoice = await create_document(dated_api, entity["id"], items=[WORKED_EXAMPLE],
                                    customer={"name": "Kupec d.o.o.", "city": "Kranj"})
    assert set(invoice) >= ANSWER_FIELDS | {"date_due"}
    assert invoice["id"].startswith("inv_") and len(invoice["id"]) == 28
    assert invoice["number"] == "2026-00001" and invoice["is_draft"] is False
    assert invoice["date"] == "2026-06-15"  # today on the sandbox's clock
    assert invoice["date_due"] == "2026-06-30"  # + the entity's 15 due days
    assert invoice["currency_code"] == "EUR" and invoice["entity_id"] == entity["id"]
    assert (invoice["total"], invoice["total_with_tax"], invoice["total_discount"]) == (
        180, 219.6, 20)
    assert (invoice["total_paid"], invoice["total_due"], invoice["paid_in_full"]) == (
        0, 219.6, False)
    (line,) = invoice["items"]
    assert line["id"].startswith("item_") and (line["total"], line["total_with_tax"]) == (
        180, 219.6)
    assert invoice["customer"]["name"] == "Kupec d.o.o." and invoice["customer_id"] is None
    assert invoice["voided_at"] is None and invoice["created_at"] == invoice["updated_at"]


async def test_a_draft_shows_draft_and_takes_no_number(dated_api: httpx.AsyncClient) -> None:
    entity = await create_entity(dated_api)
    draft = await create_document(dated_api, entity["id"], is_draft=True)
    assert draft["is_draft"] is True and draft["number"].startswith("draft-")
    assert draft["paid_in_full"] is False
    issued = await create_document(dated_api, entity["id"])
    assert issued["number"] == "2026-00001"


async def test_texts_default_to_the_units_then_the_entitys(dated_api: httpx.AsyncClient
                                                          ) -> None:
    entity = await create_entity(dated_api, settings={
        "default_invoice_note": "Thank you, {customer_name}!",
        "default_invoice_payment_terms": "30 days net.", "document_footer": "{entity_name}"})
    unit = await create_unit(dated_api, entity["id"], settings={
        "document_footer": "{unit_name} · {entity_name}"})
    plain = await create_document(dated_api, entity["id"])
    assert (plain["note"], plain["payment_terms"], plain["footer"]) == (
        "Thank you, {customer_name}!", "30 days net.", "{entity_name}")
    under = await create_document(dated_api, entity["id"], business_unit_id=unit["id"],
                                  note="", reference="PO-7")
    assert under["footer"] == "{unit_name} · {entity_name}"
    assert under["note"] == "" and under["payment_terms"] == "30 days net."
    assert under["reference"] == "PO-7" and under["business_unit_id"] == unit["id"]


async def test_an_estimate_is_valid_till_and_has_no_due_date(dated_api: httpx.AsyncClient
                                                             ) -> None:
    entity = await create_entity(dated_api, settings={"default_estimate_valid_days": 10})
    estimate = await create_document(dated_api, entity["id"], "/estimates",
                                     date="2026-06-01")
    assert estimate["id"].startswith("est_") and "date_due" not in estimate
    assert estimate["date_valid_till"] == "2026-06-11"
    assert estimate["paid_in_full"] is False
    response = await dated_api.post("/estimates", headers=h(entity), json={
        "items": [item()], "date_due": "2026-07-01"})
    assert issue_paths(response) == [["date_due"]]


async def test_a_credit_note_names_its_invoice(dated_api: httpx.AsyncClient) -> None:
    entity = await create_entity(dated_api)
    invoice = await create_document(dated_api, entity["id"])
    note = await create_document(dated_api, entity["id"], "/credit-notes",
                                 linked_documents=[invoice["id"]], items=[item(price=40)])
    assert note["id"].startswith("cre_") and note["number"] == "CN-2026-00001"
    assert note["linked_documents"] == [invoice["id"]] and note["total"] == 40
    response = await dated_api.post("/credit-notes", headers=h(entity), json={
        "items": [item()], "linked_documents": ["inv_" + "0" * 24]})
    assert issue_paths(response) == [["linked_documents", 0]]


async def test_get_answers_what_create_answered(dated_api: httpx.AsyncClient) -> None:
    entity = await create_entity(dated_api)
    invoice = await create_document(dated_api, entity["id"], items=[WORKED_EXAMPLE])
    response = await dated_api.get(f"/invoices/{invoice['id']}", headers=h(entity))
    assert response.status_code == 200 and response.json() == invoice
    missing = await dated_api.get("/invoices/inv_" + "0" * 24, headers=h(entity))
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    assert issue_paths(await dated_api.get(f"/estimates/{invoice['id']}",
                                           headers=h(entity))) == [["id"]]
    assert issue_paths(await dated_api.get("/invoices/42", headers=h(entity))) == [["id"]]


@pytest.mark.parametrize("method", ["PATCH", "PUT"])
async def test_an_update_changes_what_it_sends(dated_api: httpx.AsyncClient, wall: Wall,
                                               method: str) -> None:
    entity = await create_entity(dated_api)
    invoice = await create_document(dated_api, entity["id"], note="First")
    wall.set("2026-06-15T11:00:00+00:00")
    response = await dated_api.request(method, f"/invoices/{invoice['id']}", headers=h(entity),
                                       json={"note": "Second", "items": [WORKED_EXAMPLE]})
    assert response.status_code == 200, response.text
    updated = response.json()
    assert updated["note"] == "Second" and updated["number"] == invoice["number"]
    assert updated["total_with_tax"] == 219.6 and updated["updated_at"] > invoice["updated_at"]
    assert updated["footer"] == invoice["footer"] and updated["created_at"] == invoice[
        "created_at"]
    again = await dated_api.get(f"/invoices/{invoice['id']}", headers=h(entity))
    assert again.json() == updated


async def test_a_new_date_keeps_the_payment_terms(dated_api: httpx.AsyncClient) -> None:
    entity = await create_entity(dated_api)
    draft = await create_document(dated_api, entity["id"], is_draft=True, date="2026-06-01",
                                  date_due="2026-06-09")
    moved = (await dated_api.patch(f"/invoices/{draft['id']}", headers=h(entity),
                                   json={"date": "2026-06-10"})).json()
    assert (moved["date"], moved["date_due"]) == ("2026-06-10", "2026-06-18")


async def test_a_sent_full_document_changes_nothing_it_may_not(dated_api: httpx.AsyncClient
                                                              ) -> None:
    """A client may send a document back as it read it: read-only values that did not change
    are accepted, a changed number or a change of state is refused."""
    entity = await create_entity(dated_api)
    invoice = await create_document(dated_api, entity["id"])
    path = f"/invoices/{invoice['id']}"
    same = await dated_api.put(path, headers=h(entity), json={**invoice, "note": "Hi"})
    assert same.status_code == 200 and same.json()["note"] == "Hi"
    assert issue_paths(await dated_api.patch(path, headers=h(entity),
                                             json={"number": "2026-99999"})) == [["number"]]
    assert issue_paths(await dated_api.patch(path, headers=h(entity),
                                             json={"is_draft": True})) == [["is_draft"]]
    unit = await create_unit(dated_api, entity["id"])
    assert issue_paths(await dated_api.patch(path, headers=h(entity), json={
        "business_unit_id": unit["id"]})) == [["business_unit_id"]]


async def test_void_keeps_the_number_and_makes_the_document_read_only(
    dated_api: httpx.AsyncClient, wall: Wall,
) -> None:
    entity = await create_entity(dated_api)
    invoice = await create_document(dated_api, entity["id"])
    wall.set("2026-06-16T09:00:00+00:00")
    response = await dated_api.post(f"/invoices/{invoice['id']}/void", headers=h(entity),
                                    json={"reason": "Wrong customer"})
    assert response.status_code == 200
    voided = response.json()
    assert voided["voided_at"].startswith("2026-06-16") and voided["number"] == invoice[
        "number"]
    assert voided["updated_at"] == voided["voided_at"]
    again = await dated_api.post(f"/invoices/{invoice['id']}/void", headers=h(entity))
    assert again.status_code == 200 and again.json() == voided  # irreversible, once
    edit = await dated_api.patch(f"/invoices/{invoice['id']}", headers=h(entity),
                                 json={"note": "late"})
    assert issue_paths(edit) == [["voided_at"]]
    note = await create_document(dated_api, entity["id"], "/credit-notes")
    assert (await dated_api.post(f"/credit-notes/{note['id']}/void", headers=h(entity))
            ).json()["voided_at"] is not None


async def test_estimates_have_no_void(dated_api: httpx.AsyncClient) -> None:
    entity = await create_entity(dated_api)
    estimate = await create_document(dated_api, entity["id"], "/estimates")
    response = await dated_api.post(f"/estimates/{estimate['id']}/void", headers=h(entity))
    assert response.status_code in (404, 405)


async def test_finalize_issues_a_draft_once(dated_api: httpx.AsyncClient) -> None:
    entity = await create_entity(dated_api)
    draft = await create_document(dated_api, entity["id"], "/estimates", is_draft=True)
    response = await dated_api.post(f"/documents/{draft['id']}/finalize", headers=h(entity))
    assert response.status_code == 200, response.text
    issued = response.json()
    assert issued["is_draft"] is False and issued["number"] == "2026-00001"
    assert issued["updated_at"] > draft["updated_at"] and issued["id"] == draft["id"]
    again = await dated_api.post(f"/documents/{draft['id']}/finalize", headers=h(entity))
    assert issue_paths(again) == [["is_draft"]]


async def test_only_drafts_are_deleted(dated_api: httpx.AsyncClient) -> None:
    entity = await create_entity(dated_api)
    draft = await create_document(dated_api, entity["id"], "/credit-notes", is_draft=True)
    response = await dated_api.delete(f"/documents/{draft['id']}", headers=h(entity))
    assert response.status_code == 204 and response.content == b""
    gone = await dated_api.get(f"/credit-notes/{draft['id']}", headers=h(entity))
    assert gone.status_code == 404
    issued = await create_document(dated_api, entity["id"])
    refused = await dated_api.delete(f"/documents/{issued['id']}", headers=h(entity))
    assert issue_paths(refused) == [["is_draft"]]
    assert (await dated_api.get(f"/invoices/{issued['id']}", headers=h(entity))
            ).status_code == 200


async def test_a_disabled_client_keeps_drafts_but_issues_nothing(
    dated_api: httpx.AsyncClient,
) -> None:
    entity = await create_entity(dated_api)
    await dated_api.post(f"/entities/{entity['id']}/disable")
    draft = await create_document(dated_api, entity["id"], is_draft=True)
    refused = await dated_api.post("/invoices", headers=h(entity), json={"items": [item()]})
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    finalize = await dated_api.post(f"/documents/{draft['id']}/finalize", headers=h(entity))
    assert finalize.status_code == 403
    await dated_api.post(f"/entities/{entity['id']}/enable")
    assert (await create_document(dated_api, entity["id"]))["number"] == "2026-00001"


async def test_x_entity_id_is_needed_when_the_key_sees_several(dated_api: httpx.AsyncClient
                                                              ) -> None:
    only = await create_entity(dated_api, name="Only")
    response = await dated_api.post("/invoices", json={"items": [item()]})
    assert response.status_code == 201 and response.json()["entity_id"] == only["id"]
    await create_entity(dated_api, name="Second")
    for response in (await dated_api.get("/invoices"),
                     await dated_api.post("/invoices", json={"items": [item()]}),
                     await dated_api.get("/documents/next-number", params={"type": "invoice"}),
                     await dated_api.get("/customers"), await dated_api.get("/taxes"),
                     await dated_api.get("/payments")):
        assert response.status_code == 400


async def test_nothing_is_visible_across_entities(dated_api: httpx.AsyncClient) -> None:
    mine, theirs = await create_entity(dated_api, name="Mine"), await create_entity(
        dated_api, name="Theirs")
    unit = await create_unit(dated_api, theirs["id"])
    customer = (await dated_api.post("/customers", headers=h(theirs),
                                     json={"name": "Their customer"})).json()
    tax = (await dated_api.post("/taxes", headers=h(theirs),
                                json={"tax_rates": [{"rate": 22}]})).json()
    invoice = await create_document(dated_api, theirs["id"], customer_id=customer["id"])
    draft = await create_document(dated_api, theirs["id"], is_draft=True)
    payment = (await dated_api.post("/payments", headers=h(theirs), json={
        "invoice_id": invoice["id"], "amount": 10, "type": "cash"})).json()
    me = h(mine)
    for response in (
        await dated_api.get(f"/invoices/{invoice['id']}", headers=me),
        await dated_api.patch(f"/invoices/{invoice['id']}", headers=me, json={"note": "x"}),
        await dated_api.post(f"/invoices/{invoice['id']}/void", headers=me),
        await dated_api.post(f"/documents/{draft['id']}/finalize", headers=me),
        await dated_api.delete(f"/documents/{draft['id']}", headers=me),
        await dated_api.get(f"/customers/{customer['id']}", headers=me),
        await dated_api.patch(f"/payments/{payment['id']}", headers=me, json={"amount": 1}),
        await dated_api.delete(f"/payments/{payment['id']}", headers=me),
    ):
        assert response.status_code == 404, response.text
    for path in ("/invoices", "/customers", "/taxes", "/payments"):
        assert (await dated_api.get(path, headers=me)).json()["data"] == []
    refused = await dated_api.post("/invoices", headers=me, json={
        "customer_id": customer["id"], "business_unit_id": unit["id"],
        "items": [item(taxes=[{"tax_id": tax["id"]}])]})
    assert sorted(issue_paths(refused)) == [["business_unit_id"], ["customer_id"],
                                            ["items", 0, "taxes", 0, "tax_id"]]
    paid = await dated_api.post("/payments", headers=me, json={
        "invoice_id": invoice["id"], "amount": 5, "type": "cash"})
    assert issue_paths(paid) == [["invoice_id"]]
    next_number = await dated_api.get("/documents/next-number", headers=me, params={
        "type": "invoice", "business_unit_id": unit["id"]})
    assert issue_paths(next_number) == [["business_unit_id"]]
    assert (await dated_api.get(f"/invoices/{invoice['id']}", headers=h(theirs))
            ).json()["total_paid"] == 10  # untouched by the attempts above
