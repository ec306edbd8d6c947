"""Payments: each one moves its document's total_paid, total_due and paid_in_full at once
(and its updated_at); drafts and voided documents take none; list, update and delete."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from tests.contract.conftest import Wall, create_document, create_entity, issue_paths, item

pytestmark = pytest.mark.anyio

PAYMENT_FIELDS = {"id", "entity_id", "invoice_id", "credit_note_id", "amount", "type", "date",
                  "reference", "note", "metadata", "created_at", "updated_at"}


def h(entity: dict[str, Any]) -> dict[str, str]:
    return {"x-entity-id": entity["id"]}


async def _pay(api: httpx.AsyncClient, entity: dict[str, Any], **body: Any) -> dict[str, Any]:
    body.setdefault("type", "bank_transfer")
    response = await api.post("/payments", json=body, headers=h(entity))
    assert response.status_code == 201, response.text
    payment: dict[str, Any] = response.json()
    return payment


async def _invoice(api: httpx.AsyncClient, entity: dict[str, Any], doc_id: str,
                   path: str = "/invoices") -> dict[str, Any]:
    document: dict[str, Any] = (await api.get(f"{path}/{doc_id}", headers=h(entity))).json()
    return document


async def test_payments_move_the_balance_at_once(dated_api: httpx.AsyncClient, wall: Wall
                                                 ) -> None:
    entity = await create_entity(dated_api)
    invoice = await create_document(dated_api, entity["id"], items=[item(
        quantity=2, price=100, discounts=[{"value": 10, "type": "percent"}],
        taxes=[{"rate": 22}])])
    wall.set("2026-06-20T09:00:00+00:00")
    first = await _pay(dated_api, entity, invoice_id=invoice["id"], amount=100,
                       reference="SI00 2026-00001", metadata={"bank": "NLB"})
    assert set(first) >= PAYMENT_FIELDS and first["id"].startswith("pay_")
    assert (first["amount"], first["date"], first["credit_note_id"]) == (100, "2026-06-20",
                                                                         None)
    part = await _invoice(dated_api, entity, invoice["id"])
    assert (part["total_paid"], part["total_due"], part["paid_in_full"]) == (100, 119.6, False)
    assert part["updated_at"] > invoice["updated_at"]
    await _pay(dated_api, entity, invoice_id=invoice["id"], amount=119.6, type="card",
               date="2026-06-21")
    paid = await _invoice(dated_api, entity, invoice["id"])
    assert (paid["total_paid"], paid["total_due"], paid["paid_in_full"]) == (219.6, 0, True)


async def test_paying_more_than_is_due_leaves_it_overpaid(dated_api: httpx.AsyncClient) -> None:
    entity = await create_entity(dated_api)
    invoice = await create_document(dated_api, entity["id"])
    await _pay(dated_api, entity, invoice_id=invoice["id"], amount=150)
    over = await _invoice(dated_api, entity, invoice["id"])
    assert (over["total_due"], over["paid_in_full"]) == (-50, True)


async def test_update_and_delete_move_the_balance_back(dated_api: httpx.AsyncClient) -> None:
    entity = await create_entity(dated_api)
    invoice = await create_document(dated_api, entity["id"])
    payment = await _pay(dated_api, entity, invoice_id=invoice["id"], amount=100)
    response = await dated_api.patch(f"/payments/{payment['id']}", headers=h(entity), json={
        "amount": 40, "type": "cash", "date": "2026-06-01", "note": "at the counter"})
    assert response.status_code == 200, response.text
    changed = response.json()
    assert (changed["amount"], changed["type"], changed["date"], changed["note"]) == (
        40, "cash", "2026-06-01", "at the counter")
    assert changed["updated_at"] > payment["updated_at"]
    assert (await _invoice(dated_api, entity, invoice["id"]))["total_due"] == 60
    deleted = await dated_api.delete(f"/payments/{payment['id']}", headers=h(entity))
    assert deleted.status_code == 204
    back = await _invoice(dated_api, entity, invoice["id"])
    assert (back["total_paid"], back["total_due"], back["paid_in_full"]) == (0, 100, False)
    missing = await dated_api.delete(f"/payments/{payment['id']}", headers=h(entity))
    assert missing.status_code == 404


async def test_a_credit_note_takes_payments_too(dated_api: httpx.AsyncClient) -> None:
    entity = await create_entity(dated_api)
    note = await create_document(dated_api, entity["id"], "/credit-notes")
    await _pay(dated_api, entity, credit_note_id=note["id"], amount=100)
    refunded = await _invoice(dated_api, entity, note["id"], "/credit-notes")
    assert (refunded["total_paid"], refunded["paid_in_full"]) == (100, True)


async def test_drafts_voided_documents_and_estimates_take_no_payment(
    dated_api: httpx.AsyncClient,
) -> None:
    entity = await create_entity(dated_api)
    draft = await create_document(dated_api, entity["id"], is_draft=True)
    voided = await create_document(dated_api, entity["id"])
    paid_before = await _pay(dated_api, entity, invoice_id=voided["id"], amount=10)
    await dated_api.post(f"/invoices/{voided['id']}/void", headers=h(entity))
    estimate = await create_document(dated_api, entity["id"], "/estimates")
    for body, path in (
        ({"invoice_id": draft["id"]}, ["invoice_id"]),
        ({"invoice_id": voided["id"]}, ["invoice_id"]),
        ({"invoice_id": estimate["id"]}, ["invoice_id"]),
        ({"credit_note_id": voided["id"]}, ["credit_note_id"]),
    ):
        response = await dated_api.post("/payments", headers=h(entity), json={
            **body, "amount": 5, "type": "cash"})
        assert issue_paths(response) == [path]
    edit = await dated_api.patch(f"/payments/{paid_before['id']}", headers=h(entity),
                                 json={"amount": 1})
    assert issue_paths(edit) == [["invoice_id"]]  # a voided document is read-only


@pytest.mark.parametrize(
    ("body", "paths"),
    [
        ({"amount": 10, "type": "cash"}, [["invoice_id"]]),
        ({"amount": 0}, [["amount"]]),
        ({"amount": -5}, [["amount"]]),
        ({"amount": "5"}, [["amount"]]),
        ({"amount": 1.234}, [["amount"]]),  # EUR has two decimals
        ({"type": "barter"}, [["type"]]),
        ({"date": "tomorrow"}, [["date"]]),
        ({"reference": 5}, [["reference"]]),
        ({"metadata": {"x": 1}}, [["metadata"]]),
        ({"credit_note_id": "cre_" + "0" * 24}, [["invoice_id"]]),
    ],
)
async def test_a_bad_payment_is_422_at_its_field(dated_api: httpx.AsyncClient,
                                                 body: dict[str, Any], paths: list[Any]
                                                 ) -> None:
    entity = await create_entity(dated_api)
    invoice = await create_document(dated_api, entity["id"])
    full = {"invoice_id": invoice["id"], "amount": 10, "type": "cash", **body}
    if paths == [["invoice_id"]] and "credit_note_id" not in body:
        full.pop("invoice_id")
    response = await dated_api.post("/payments", headers=h(entity), json=full)
    assert issue_paths(response) == paths
    assert (await _invoice(dated_api, entity, invoice["id"]))["total_paid"] == 0


async def test_payments_list_by_invoice(dated_api: httpx.AsyncClient) -> None:
    entity = await create_entity(dated_api)
    one = await create_document(dated_api, entity["id"])
    two = await create_document(dated_api, entity["id"])
    a = await _pay(dated_api, entity, invoice_id=one["id"], amount=10)
    b = await _pay(dated_api, entity, invoice_id=two["id"], amount=20, reference="REF-20")
    c = await _pay(dated_api, entity, invoice_id=one["id"], amount=30)

    async def listed(**params: Any) -> list[str]:
        response = await dated_api.get("/payments", headers=h(entity), params=params)
        assert response.status_code == 200, response.text
        return [payment["id"] for payment in response.json()["data"]]

    assert await listed() == [a["id"], b["id"], c["id"]]
    assert await listed(query=json.dumps({"invoice_id": one["id"]})) == [a["id"], c["id"]]
    assert await listed(query=json.dumps({"amount": {"gte": 20}}), order_by="-amount") == [
        c["id"], b["id"]]
    assert await listed(search="ref-20") == [b["id"]]
    assert issue_paths(await dated_api.get("/payments", headers=h(entity), params={
        "query": json.dumps({"bank": "NLB"})})) == [["query", "bank"]]
