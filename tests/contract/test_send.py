"""`POST /documents/{id}/send`: the sandbox records the message a customer would get (the
client's e-mail defaults for the document's type, placeholders filled) and answers as the
contract says; `GET /_sandbox/messages` shows the record to tests."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from si_desktop.sandbox import create_app
from tests.contract.conftest import create_document, create_entity, create_unit, issue_paths, item
from tests.fixtures.sandbox import asgi_client

pytestmark = pytest.mark.anyio


def h(entity: dict[str, Any]) -> dict[str, str]:
    return {"x-entity-id": entity["id"]}


async def send(api: httpx.AsyncClient, entity: dict[str, Any], document: dict[str, Any],
               **body: Any) -> httpx.Response:
    return await api.post(f"/documents/{document['id']}/send", headers=h(entity), json=body)


async def messages(api: httpx.AsyncClient, **params: str) -> list[dict[str, Any]]:
    response = await api.get("/_sandbox/messages", params=params)
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()["data"]
    return found


async def test_a_message_takes_the_clients_defaults_with_every_placeholder_filled(
    dated_api: httpx.AsyncClient,
) -> None:
    entity = await create_entity(dated_api, name="Kras d.o.o.")  # Slovenian defaults
    invoice = await create_document(dated_api, entity["id"], customer={
        "name": "Kupec d.o.o.", "email": "racuni@kupec.si"}, items=[item(taxes=[{"rate": 22}])])
    response = await send(dated_api, entity, invoice, to="racuni@kupec.si", attach_pdf=True)
    assert response.status_code == 200, response.text
    answer = response.json()
    assert set(answer) == {"message_id", "status", "to", "subject"}
    assert answer["message_id"].startswith("msg_") and answer["status"] == "sent"
    assert answer["to"] == "racuni@kupec.si"
    assert answer["subject"] == "Račun 2026-00001 od Kras d.o.o."
    (message,) = await messages(dated_api)
    assert message["id"] == answer["message_id"] and message["document_id"] == invoice["id"]
    assert message["subject"] == answer["subject"]
    assert message["body_text"] == ("V priponki vam pošiljamo račun 2026-00001.\n"
                                    "Rok plačila: 15. 7. 2026.")
    assert message["attach_pdf"] is True and message["pdf_file_name"] == "Račun 2026-00001.pdf"
    assert message["pdf_size"] > 1000 and message["language"] == "sl-SI"


async def test_the_units_defaults_win_key_by_key_and_given_texts_are_filled_too(
    dated_api: httpx.AsyncClient,
) -> None:
    entity = await create_entity(dated_api, name="Alpine Ltd", country="United Kingdom")
    unit = await create_unit(dated_api, entity["id"], name="Bristol shop", settings={
        "email_defaults": {"invoice_subject": "{unit_name}: invoice {document_number}"}})
    invoice = await create_document(dated_api, entity["id"], business_unit_id=unit["id"],
                                    customer={"name": "Buyer plc"})
    response = await send(dated_api, entity, invoice, to="ap@buyer.example")
    assert response.json()["subject"] == f"Bristol shop: invoice {invoice['number']}"
    (message,) = await messages(dated_api)
    assert message["body_text"].startswith(f"Please find invoice {invoice['number']} attached")
    assert message["attach_pdf"] is True  # by default
    response = await send(dated_api, entity, invoice, to="ap@buyer.example",
                          subject="For {customer_name}: {document_total} {document_currency}",
                          body_text="Hello {customer_name}, {no_such_thing}.",
                          attach_pdf=False)
    assert response.json()["subject"] == "For Buyer plc: 100.00 GBP"
    last = (await messages(dated_api))[-1]
    assert last["body_text"] == "Hello Buyer plc, {no_such_thing}."  # unknown: kept
    assert last["attach_pdf"] is False and last["pdf_file_name"] is None


async def test_bad_recipients_drafts_and_bodies_are_refused_and_nothing_is_recorded(
    dated_api: httpx.AsyncClient,
) -> None:
    entity = await create_entity(dated_api)
    invoice = await create_document(dated_api, entity["id"])
    for to in ("not an address", "a@b", "Ana <ana@kupec.si>", "a@kupec.si, b@kupec.si", ""):
        assert issue_paths(await send(dated_api, entity, invoice, to=to)) == [["to"]]
    assert issue_paths(await send(dated_api, entity, invoice)) == [["to"]]
    assert issue_paths(await send(dated_api, entity, invoice, to="a@kupec.si",
                                  attach_pdf="yes", subject=3)) == [["subject"],
                                                                    ["attach_pdf"]]
    draft = await create_document(dated_api, entity["id"], is_draft=True)
    assert issue_paths(await send(dated_api, entity, draft, to="a@kupec.si")) == [
        ["is_draft"]]
    assert await messages(dated_api) == []


async def test_a_repeated_request_id_records_one_message(dated_api: httpx.AsyncClient) -> None:
    entity = await create_entity(dated_api)
    invoice = await create_document(dated_api, entity["id"])
    headers = {**h(entity), "x-request-id": "send-once-1"}
    answers = [await dated_api.post(f"/documents/{invoice['id']}/send", headers=headers,
                                    json={"to": "a@kupec.si"}) for _ in range(2)]
    assert answers[0].json() == answers[1].json()
    assert len(await messages(dated_api)) == 1


async def test_messages_are_seen_only_by_their_account_and_filtered_by_client(
    sandbox_app: Starlette, sandbox_key: str,
) -> None:
    async with asgi_client(sandbox_app, sandbox_key) as api:
        first = await create_entity(api, name="Prva d.o.o.")
        second = await create_entity(api, name="Druga d.o.o.")
        one = await create_document(api, first["id"])
        two = await create_document(api, second["id"])
        await send(api, first, one, to="a@kupec.si")
        await send(api, second, two, to="b@kupec.si")
        assert [m["to"] for m in await messages(api)] == ["a@kupec.si", "b@kupec.si"]
        only = await api.get("/_sandbox/messages", headers=h(second))
        assert [m["to"] for m in only.json()["data"]] == ["b@kupec.si"]
        assert [m["to"] for m in await messages(api, document_id=one["id"])] == ["a@kupec.si"]
    other_key = "sk_live_" + "f" * 32
    other = create_app(api_key=other_key)
    try:
        async with asgi_client(other, other_key) as stranger:
            assert await messages(stranger) == []
            response = await stranger.post(f"/documents/{one['id']}/send",
                                           json={"to": "x@kupec.si"})
            assert response.status_code in (400, 404)
    finally:
        other.state.sandbox.close()
