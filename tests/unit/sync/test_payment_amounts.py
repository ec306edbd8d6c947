"""A payment's amount is a Decimal from the caller to the wire: an amount handed over as text
(`"40.50"`, as a form or a script may have it) is read exactly and sent as a JSON number,
never as the text the service refuses (422), whether sent at once or queued offline."""

from __future__ import annotations

from decimal import Decimal

import pytest

from si_desktop.api.resources.customers import payment_body
from si_desktop.sync.documents import payment_fields
from tests.unit.sync.conftest import Rig
from tests.unit.sync.test_document_pdfs import issued_invoice

pytestmark = pytest.mark.anyio


async def test_an_amount_given_as_text_is_recorded_changed_and_queued_as_a_number(
    rig: Rig,
) -> None:
    ws = rig.workspace
    _entity_id, document_id = await issued_invoice(rig)  # 244.00 due
    recorded = await ws.record_payment(document_id, {"amount": "40.50", "type": "cash"})
    assert recorded.outcome == "sent", recorded
    document = ws.document_now(document_id) or {}
    assert Decimal(str(document["total_paid"])) == Decimal("40.50")
    (payment,) = ws.payments_now(document_id)
    changed = await ws.update_payment(str(payment["id"]), {"amount": " 44 "})
    assert changed.outcome == "sent", changed
    assert Decimal(str((ws.document_now(document_id) or {})["total_paid"])) == 44

    rig.switch.online = False
    ws.connectivity.report_failure("network is unreachable")
    queued = ws.enqueue_payment(document_id, {"amount": "0.10", "type": "cash"})
    assert queued.payload["amount"] == 0.1 and not isinstance(queued.payload["amount"], str)


async def test_the_api_client_sends_a_text_amount_as_a_number(rig: Rig) -> None:
    entity_id, document_id = await issued_invoice(rig)
    payment = await rig.server.payments.create(
        entity_id=entity_id, document_id=document_id, amount="12.34", type="card")
    assert payment.amount == Decimal("12.34")


@pytest.mark.parametrize("given", ["12.34", 12.34, Decimal("12.34")])
def test_every_reading_of_an_amount_gives_the_same_json_number(given: object) -> None:
    assert payment_body({"amount": given})["amount"] == 12.34
    assert payment_fields({"amount": given, "type": "cash"}, create=True)["amount"] == 12.34


@pytest.mark.parametrize("given", ["", "12,34", "abc", "NaN", "1e999999", True, None])
def test_an_amount_that_is_not_a_number_is_refused_before_anything_is_sent(
    given: object,
) -> None:
    with pytest.raises(ValueError):
        payment_body({"amount": given})
    with pytest.raises(ValueError):
        payment_fields({"amount": given, "type": "cash"}, create=True)
