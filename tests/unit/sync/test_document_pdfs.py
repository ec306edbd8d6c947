"""A document's PDF kept with the document (fetched once per version and language, read
offline once seen, "not available offline yet" otherwise) and "Send by e-mail" through the
outbox (offline it waits; a lost answer never sends twice)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import httpx
import pytest

from si_desktop.store import EditKind
from tests.fixtures.pdf import pdf_text
from tests.fixtures.sandbox import ASGI_BASE_URL
from tests.unit.sync.conftest import Rig, make_client

pytestmark = pytest.mark.anyio

ITEMS = [{"name": "Svetovanje", "quantity": Decimal("2"), "price": Decimal("100.00"),
          "taxes": [{"rate": Decimal("22")}]}]
CUSTOMER = {"name": "Kupec d.o.o.", "email": "racuni@kupec.si"}


async def issued_invoice(rig: Rig) -> tuple[str, str]:
    entity_id = await make_client(rig.server, "Pekarna Novak")
    await rig.workspace.refresh(logos=False)
    saved = await rig.workspace.create_document(
        entity_id, "invoice", {"items": ITEMS, "customer": CUSTOMER}, issue=True)
    assert saved.outcome == "sent", saved
    document_id = saved.service_id or saved.record()["id"]
    return entity_id, str(document_id)


def pdf_requests(rig: Rig) -> list[tuple[str, str, str]]:
    return [r for r in rig.switch.requests if r[1].endswith("/pdf")]


async def messages(rig: Rig) -> list[dict[str, Any]]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=rig.app),
                                 base_url=ASGI_BASE_URL,
                                 headers={"Authorization": f"Bearer {rig.key}"}) as http:
        found: list[dict[str, Any]] = (await http.get("/_sandbox/messages")).json()["data"]
        return found


async def test_a_pdf_is_fetched_once_per_version_and_kept_for_offline(rig: Rig) -> None:
    ws = rig.workspace
    _, document_id = await issued_invoice(rig)
    assert ws.document_pdf_now(document_id) is None
    first = await ws.document_pdf(document_id)
    assert first is not None and "RAČUN" in pdf_text(first)
    assert await ws.document_pdf(document_id) == first  # from the cache
    assert len(pdf_requests(rig)) == 1
    english = await ws.document_pdf(document_id, "en-GB")
    assert english is not None and "INVOICE" in pdf_text(english)
    assert len(pdf_requests(rig)) == 2 and ws.document_pdf_now(document_id) == first

    paid = await ws.record_payment(document_id, {"amount": Decimal("50"),
                                                 "type": "bank_transfer"})
    assert paid.outcome == "sent"
    again = await ws.document_pdf(document_id)  # a new version: fetched again
    assert again is not None and len(pdf_requests(rig)) == 3
    assert "Plačano" in pdf_text(again)

    rig.switch.online = False
    ws.connectivity.report_failure("network is unreachable")
    assert await ws.document_pdf(document_id) == again  # the train
    assert ws.document_pdf_now(document_id) == again


async def test_offline_a_pdf_never_fetched_is_not_available_and_says_offline(
    rig: Rig,
) -> None:
    ws = rig.workspace
    _, document_id = await issued_invoice(rig)
    rig.switch.online = False
    assert await ws.document_pdf(document_id) is None
    assert ws.connectivity.offline
    rig.switch.online = True
    ws.connectivity.report_success()
    assert await ws.document_pdf(document_id) is not None


async def test_a_draft_written_offline_has_no_pdf(rig: Rig) -> None:
    ws = rig.workspace
    entity_id = await make_client(rig.server, "Pekarna Novak")
    await ws.refresh(logos=False)
    rig.switch.online = False
    ws.connectivity.report_failure("network is unreachable")
    saved = await ws.create_document(entity_id, "invoice", {"items": ITEMS}, issue=False)
    assert await ws.document_pdf(saved.edit.target_id) is None


async def test_send_online_is_one_message_with_the_clients_defaults(rig: Rig) -> None:
    ws = rig.workspace
    _, document_id = await issued_invoice(rig)
    result = await ws.send_document(document_id, to="racuni@kupec.si",
                                    subject="Račun {document_number}", body_text="Hvala.")
    assert result.outcome == "sent" and not ws.pending()
    (message,) = await messages(rig)
    number = ws.document_now(document_id)["number"]  # type: ignore[index]
    assert message["subject"] == f"Račun {number}" and message["body_text"] == "Hvala."
    assert message["to"] == "racuni@kupec.si" and message["attach_pdf"] is True


async def test_offline_the_message_waits_in_the_outbox_and_goes_once(rig: Rig) -> None:
    ws = rig.workspace
    _, document_id = await issued_invoice(rig)
    rig.switch.online = False
    ws.connectivity.report_failure("network is unreachable")
    result = await ws.send_document(document_id, to="racuni@kupec.si", attach_pdf=False)
    assert result.pending and [e.kind for e in ws.pending()] == [EditKind.SEND_DOCUMENT]
    shown = ws.document_now(document_id)
    assert shown is not None and shown["_pending"] == ["send"]
    assert shown["number"] and "to" not in shown  # the message changes no field
    assert await messages(rig) == []
    rig.switch.online = True
    rig.switch.lose_answers = 1  # the service sends it, and its answer is lost
    ws.connectivity.report_success()
    await ws.send_pending()
    await ws.send_pending()
    assert not ws.pending()
    (message,) = await messages(rig)
    assert message["attach_pdf"] is False and message["subject"].startswith("Račun ")


async def test_sends_are_refused_for_drafts_and_addresses_that_are_not_one(rig: Rig) -> None:
    ws = rig.workspace
    entity_id, document_id = await issued_invoice(rig)
    with pytest.raises(ValueError, match="e-mail"):
        await ws.send_document(document_id, to="racuni@kupec")
    draft = await ws.create_document(entity_id, "invoice", {"items": ITEMS}, issue=False)
    with pytest.raises(ValueError, match="draft"):
        await ws.send_document(draft.service_id or draft.record()["id"], to="a@kupec.si")
    assert not ws.pending() and await messages(rig) == []
