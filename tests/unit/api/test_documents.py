"""Documents, customers, taxes and payments in the API client: the contract's paths, bodies
and headers; ids checked before anything is sent; amounts as Decimal, never float; lists
that skip a bad record and walk every page; typed errors."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from si_desktop.api import (
    CreditNote,
    Customer,
    Estimate,
    Invoice,
    JsonDecimal,
    Payment,
    RecordPage,
    RetryPolicy,
    Tax,
    errors,
)
from si_desktop.api.document_models import DOCUMENT_MODELS
from si_desktop.api.ids import check_document_id, check_id
from si_desktop.api.models import record_checker
from tests.unit.api.conftest import ENT_ID, UNIT_ID, FakeServer, fail, make_client, ok, page

pytestmark = pytest.mark.anyio

INV = "inv_" + "1" * 24
EST = "est_" + "2" * 24
CRE = "cre_" + "3" * 24
CUS = "cus_" + "4" * 24
TAX = "tax_" + "5" * 24
PAY = "pay_" + "6" * 24


def worked_example(**over: Any) -> dict[str, Any]:
    """The vendor's worked example (CONTRACT.md, "Totals"): 2 × 100, 10 % discount, 22 % VAT
    → 180.00 net, 39.60 VAT, 219.60 with tax, as a server answers it."""
    document: dict[str, Any] = {
        "id": INV,
        "number": "2026-00001",
        "date": "2026-03-02",
        "date_due": "2026-04-01",
        "currency_code": "EUR",
        "customer": {"name": "Kupec d.o.o.", "country": "Slovenia", "x-crm": {"id": 7}},
        "customer_id": CUS,
        "business_unit_id": None,
        "items": [{
            "name": "Consulting", "quantity": 2, "price": 100,
            "discounts": [{"value": 10, "type": "percent"}],
            "taxes": [{"tax_id": TAX, "rate": 22}],
            "total": 180.0, "total_with_tax": 219.6,
        }],
        "total": 180.0,
        "total_discount": 20.0,
        "taxes": [{"tax_id": TAX, "rate": 22, "base": 180.0, "amount": 39.6}],
        "total_with_tax": 219.6,
        "total_paid": 0,
        "total_due": 219.6,
        "paid_in_full": False,
        "is_draft": False,
        "voided_at": None,
        "note": "Thank you", "payment_terms": None, "footer": "{entity_name}",
        "signature": None, "reference": None, "metadata": {"po": "77"},
        "linked_documents": [],
        "entity_id": ENT_ID,
        "created_at": "2026-03-02T10:00:00.000Z",
        "updated_at": "2026-03-02T10:00:00.000Z",
        "future_field": {"kept": True},
    }
    document.update(over)
    return document


# -- models ---------------------------------------------------------------------------------


def test_the_worked_example_reads_as_decimals_and_dumps_back_unchanged() -> None:
    data = worked_example()
    invoice = Invoice.model_validate(data)
    assert invoice.model_dump(mode="json") == data
    assert invoice.total == Decimal("180.00")
    assert invoice.taxes is not None and invoice.taxes[0].amount == Decimal("39.60")
    assert invoice.total_with_tax == Decimal("219.60")
    assert isinstance(invoice.total_with_tax, Decimal)
    # sums are exact: 0.1 + 0.2 is 0.3 on Decimals, and the float never shows
    assert Decimal(invoice.total) + Decimal(invoice.taxes[0].amount) == invoice.total_with_tax
    assert invoice.document_date == dt.date(2026, 3, 2)
    assert invoice.unknown_keys() == {"future_field": {"kept": True}}


def test_amounts_may_come_as_strings_and_dates_as_timestamps() -> None:
    data = worked_example(total="180.00", total_paid="0.10", date="2026-03-02T23:30:00+01:00")
    invoice = Invoice.model_validate(data)
    assert invoice.total_paid == Decimal("0.1")
    assert invoice.document_date == dt.date(2026, 3, 2)  # the date as written
    assert invoice.model_dump(mode="json") == data  # the string comes back a string


@pytest.mark.parametrize(
    ("over", "today", "status"),
    [
        ({"is_draft": True, "number": "draft-1"}, dt.date(2030, 1, 1), "draft"),
        ({"voided_at": "2026-03-05T00:00:00Z"}, dt.date(2030, 1, 1), "voided"),
        ({"paid_in_full": True, "total_paid": 219.6}, dt.date(2030, 1, 1), "paid"),
        ({}, dt.date(2026, 4, 2), "overdue"),
        ({"total_paid": 10}, dt.date(2026, 4, 1), "partially_paid"),
        ({"total_paid": 10}, dt.date(2026, 5, 1), "overdue"),
        ({}, dt.date(2026, 4, 1), "unpaid"),
    ],
)
def test_status_is_derived_in_the_contracts_order(
    over: dict[str, Any], today: dt.date, status: str
) -> None:
    assert Invoice.model_validate(worked_example(**over)).status(today) == status


def test_an_estimate_is_open_then_expired() -> None:
    estimate = Estimate.model_validate(
        worked_example(id=EST, date_due=None, date_valid_till="2026-04-01")
    )
    assert estimate.status(dt.date(2026, 4, 1)) == "open"
    assert estimate.status(dt.date(2026, 4, 2)) == "expired"


@pytest.mark.parametrize(
    "bad",
    [
        {"total": True},
        {"total": "12,30"},
        {"total": "NaN"},
        {"total": [1]},
        {"is_draft": "false"},
        {"items": [{"quantity": "two"}]},
        {"id": "inv_12"},
        {"id": EST},  # an estimate's id on an invoice
        {"customer": "Kupec"},
    ],
)
def test_a_value_of_the_wrong_shape_is_refused_by_model_and_checker_alike(
    bad: dict[str, Any],
) -> None:
    data = worked_example(**bad)
    with pytest.raises(ValueError):  # pydantic.ValidationError is a ValueError
        Invoice.model_validate(data)
    with pytest.raises(ValueError):
        record_checker(Invoice)(data)


@given(st.one_of(
    st.integers(min_value=-(10**12), max_value=10**12),
    st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False),
    st.floats(min_value=-(10**9), max_value=10**9, allow_nan=False).map(lambda f: round(f, 2)),
))
def test_any_amount_dumps_back_as_it_came(value: Any) -> None:
    raw = str(value) if isinstance(value, Decimal) else value
    invoice = Invoice.model_validate({"id": INV, "total": raw})
    assert invoice.model_dump(mode="json") == {"id": INV, "total": raw}
    assert invoice.total == Decimal(str(raw))


def test_a_decimal_made_in_code_dumps_as_a_json_number() -> None:
    invoice = Invoice(id=INV, total=JsonDecimal("219.60"))
    assert invoice.model_dump(mode="json") == {"id": INV, "total": 219.6}
    assert json.dumps(invoice.model_dump(mode="json")) == '{"id": "' + INV + '", "total": 219.6}'


def test_customers_taxes_and_payments() -> None:
    customer = Customer.model_validate({"id": CUS, "name": "Kupec", "x": 1})
    assert customer.model_dump(mode="json") == {"id": CUS, "name": "Kupec", "x": 1}
    tax = Tax.model_validate({"id": TAX, "name": "VAT", "tax_rates": [
        {"rate": 22}, {"rate": "9.5", "valid_from": "2026-07-01"}, {"rate": 20,
                                                                    "valid_from": "2027-01-01"},
    ]})
    assert tax.rate_on(dt.date(2026, 6, 30)) == Decimal("22")
    assert tax.rate_on(dt.date(2026, 7, 1)) == Decimal("9.5")
    assert tax.rate_on(dt.date(2027, 1, 1)) == Decimal("20")
    payment = Payment.model_validate({"id": PAY, "invoice_id": INV, "amount": 100.5})
    assert payment.amount == Decimal("100.5") and payment.document_id == INV
    with pytest.raises(ValueError):
        Payment.model_validate({"id": "pay_x/../y", "amount": 1})


def test_document_ids_and_their_prefixes() -> None:
    for document_id in (INV, EST, CRE):
        assert check_document_id(document_id) == document_id
    for bad in ("ent_" + "1" * 24, "inv_" + "1" * 23, "inv_../x", "local_inv_" + "a" * 32, 5):
        with pytest.raises(ValueError):
            check_document_id(bad)
    assert check_id("pay_Ab12cd", "pay") == "pay_Ab12cd"  # opaque: 6 to 64 letters/digits
    for bad in ("pay_ab", "pay_a/b12345", "pay_" + "a" * 65, "pay_abc 123"):
        with pytest.raises(ValueError):
            check_id(bad, "pay")
    assert {model.DOCUMENT_TYPE for model in DOCUMENT_MODELS.values()} == {
        "invoice", "estimate", "credit_note"}


# -- requests -------------------------------------------------------------------------------


def _query(request: httpx.Request) -> list[tuple[str, str]]:
    return parse_qsl(request.url.query.decode(), keep_blank_values=True)


async def test_each_document_type_lists_at_its_path_with_the_entity_header() -> None:
    server = FakeServer(ok(page([worked_example()])), ok(page([worked_example(id=EST)])),
                        ok(page([worked_example(id=CRE)])))
    async with make_client(server) as si:
        invoices = await si.invoices.list(
            entity_id=ENT_ID, limit=50, order_by="-date",
            query={"date": {"between": ["2025-01-01", "2025-12-31"]}, "is_draft": False},
            search="Kupec",
        )
        estimates = await si.estimates.list(entity_id=ENT_ID)
        credit_notes = await si.credit_notes.list(entity_id=ENT_ID)
    assert [r.url.path for r in server.requests] == ["/invoices", "/estimates",
                                                     "/credit-notes"]
    assert all(r.headers["x-entity-id"] == ENT_ID for r in server.requests)
    assert len({r.headers["x-request-id"] for r in server.requests}) == 3
    assert dict(_query(server.requests[0])) == {
        "limit": "50", "order_by": "-date", "search": "Kupec",
        "query": '{"date":{"between":["2025-01-01","2025-12-31"]},"is_draft":false}',
    }
    assert isinstance(invoices.data[0], Invoice)
    assert isinstance(estimates.data[0], Estimate)
    assert isinstance(credit_notes.data[0], CreditNote)


async def test_a_bad_document_in_a_page_is_skipped_and_the_rest_come_through(
    caplog: pytest.LogCaptureFixture,
) -> None:
    records = [worked_example(), worked_example(id="inv_zz", total=1),
               worked_example(id="inv_" + "7" * 24, total="lots")]
    server = FakeServer(ok(page(records)))
    async with make_client(server) as si:
        with caplog.at_level(logging.WARNING, logger="si_desktop.api"):
            listed = await si.invoices.list(entity_id=ENT_ID)
            as_records = await si.invoices.list_records(entity_id=ENT_ID)
    assert [d.id for d in listed.data] == [INV]
    assert [s.id for s in listed.skipped] == ["inv_zz", "inv_" + "7" * 24]
    assert "total" in listed.skipped[1].reason and "lots" not in listed.skipped[1].reason
    assert isinstance(as_records, RecordPage)
    assert as_records.data == [worked_example()]
    assert [s.id for s in as_records.skipped] == ["inv_zz", "inv_" + "7" * 24]


async def test_iterate_records_walks_every_page_once() -> None:
    second = worked_example(id="inv_" + "8" * 24)
    server = FakeServer(ok(page([worked_example()], next_cursor="c1")),
                        ok(page([worked_example(), second])))
    async with make_client(server) as si:
        walked = [r async for r in si.invoices.iterate_records(
            entity_id=ENT_ID, query={"updated_at": {"gte": "2026-01-01T00:00:00Z"}})]
        server.replies[:] = [ok(page([worked_example()], next_cursor="c1")),
                             ok(page([worked_example(), second]))]
        models = [d.id async for d in si.invoices.iterate(entity_id=ENT_ID)]
    assert [r["id"] for r in walked] == [INV, second["id"]]
    assert models == [INV, second["id"]]
    assert dict(_query(server.requests[1]))["next_cursor"] == "c1"
    assert "updated_at" in dict(_query(server.requests[0]))["query"]


async def test_create_sends_decimals_as_json_numbers_and_never_a_number_or_total() -> None:
    server = FakeServer(ok(worked_example(is_draft=True, number="draft-1"), 201))
    async with make_client(server) as si:
        created = await si.invoices.create(
            entity_id=ENT_ID, is_draft=True,
            items=[{"name": "Consulting", "quantity": Decimal("2"), "price": Decimal("100.00"),
                    "discounts": [{"value": Decimal("10"), "type": "percent"}],
                    "taxes": [{"rate": Decimal("22")}]}],
            customer={"name": "Kupec d.o.o."}, business_unit_id=UNIT_ID,
            request_id="save-1",
        )
        with pytest.raises(ValueError, match="number"):
            await si.invoices.create(entity_id=ENT_ID, items=[{"name": "x"}], number="1")
        with pytest.raises(ValueError, match="total_with_tax"):
            await si.invoices.update(INV, entity_id=ENT_ID, total_with_tax=Decimal(1))
        with pytest.raises(ValueError, match="at least one item"):
            await si.invoices.create(entity_id=ENT_ID, items=[])
        with pytest.raises(ValueError, match="digits"):
            await si.invoices.create(entity_id=ENT_ID,
                                     items=[{"price": Decimal("0.1000000000000000000001")}])
    assert len(server.requests) == 1
    request = server.last
    assert (request.method, request.url.path) == ("POST", "/invoices")
    assert request.headers["x-request-id"] == "save-1"
    assert request.headers["x-entity-id"] == ENT_ID
    # JSON numbers, never strings (httpx writes ", " and ": " or not, by version)
    assert re.search(rb'"price":\s*100,', request.content)
    assert re.search(rb'"quantity":\s*2,', request.content)
    assert server.body()["items"][0]["price"] == 100
    assert created.is_draft is True


async def test_update_void_finalize_delete_and_next_number() -> None:
    server = FakeServer(
        ok(worked_example(note="changed")),
        ok(worked_example(voided_at="2026-03-05T00:00:00Z")),
        ok(worked_example(id=CRE, number="CN-1")),
        httpx.Response(204),
        ok({"number": "2026-00042"}),
    )
    async with make_client(server) as si:
        updated = await si.invoices.update(INV, entity_id=ENT_ID, note="changed")
        voided = await si.invoices.void(INV, entity_id=ENT_ID, reason="Wrong customer")
        finalized = await si.documents.finalize(CRE, entity_id=ENT_ID, request_id="issue-1")
        deleted = await si.documents.delete(INV, entity_id=ENT_ID)
        number = await si.documents.next_number(
            entity_id=ENT_ID, document_type="invoice", business_unit_id=UNIT_ID)
        with pytest.raises(TypeError):
            await si.estimates.void(EST, entity_id=ENT_ID)
    calls = [(r.method, r.url.path) for r in server.requests]
    assert calls == [
        ("PATCH", f"/invoices/{INV}"),
        ("POST", f"/invoices/{INV}/void"),
        ("POST", f"/documents/{CRE}/finalize"),
        ("DELETE", f"/documents/{INV}"),
        ("GET", "/documents/next-number"),
    ]
    assert server.body(0) == {"note": "changed"}
    assert server.body(1) == {"reason": "Wrong customer"}
    assert server.requests[2].content == b""
    assert _query(server.requests[4]) == [("type", "invoice"), ("business_unit_id", UNIT_ID)]
    assert updated.note == "changed" and voided.voided_at is not None
    assert isinstance(finalized, CreditNote) and finalized.number == "CN-1"
    assert deleted is None and number == "2026-00042"


@pytest.mark.parametrize(
    "call",
    [
        lambda si: si.invoices.get("inv_../../entities", entity_id=ENT_ID),
        lambda si: si.invoices.get(EST, entity_id=ENT_ID),
        lambda si: si.estimates.update("est_1", entity_id=ENT_ID, note="x"),
        lambda si: si.credit_notes.void("cre_?x=1", entity_id=ENT_ID),
        lambda si: si.documents.finalize("local_inv_" + "a" * 32, entity_id=ENT_ID),
        lambda si: si.documents.delete("ent_" + "1" * 24, entity_id=ENT_ID),
        lambda si: si.documents.next_number(entity_id=ENT_ID, document_type="receipt"),
        lambda si: si.documents.next_number(entity_id=ENT_ID, document_type="invoice",
                                            business_unit_id="unit_x"),
        lambda si: si.invoices.list(entity_id="ent_bad"),
        lambda si: si.customers.get("cus_" + "g" * 24, entity_id=ENT_ID),
        lambda si: si.payments.update("pay_a/b", entity_id=ENT_ID, note="x"),
        lambda si: si.payments.delete("pay_\n12345", entity_id=ENT_ID),
        lambda si: si.payments.create(entity_id=ENT_ID, document_id=EST, amount=1,
                                      type="cash"),
    ],
)
async def test_an_id_of_the_wrong_shape_never_reaches_a_request(call: Any) -> None:
    server = FakeServer(ok({}))
    async with make_client(server) as si:
        with pytest.raises(ValueError):
            await call(si)
    assert server.requests == []


async def test_customers_taxes_and_payments_requests() -> None:
    server = FakeServer(
        ok({"id": CUS, "name": "Kupec"}, 201),
        ok({"id": CUS, "name": "Kupec 2"}),
        ok(page([{"id": TAX, "name": "VAT", "tax_rates": [{"rate": 22}]}])),
        ok({"id": TAX, "tax_rates": [{"rate": 9.5}]}, 201),
        ok({"id": PAY, "invoice_id": INV, "amount": 219.6, "type": "bank_transfer"}, 201),
        ok(page([{"id": PAY, "invoice_id": INV, "amount": 219.6}])),
        ok({"id": PAY, "amount": 100}),
        httpx.Response(204),
    )
    async with make_client(server) as si:
        customer = await si.customers.create(entity_id=ENT_ID, name="Kupec", city="Kranj")
        await si.customers.update(CUS, entity_id=ENT_ID, name="Kupec 2")
        taxes = [t async for t in si.taxes.iterate(entity_id=ENT_ID)]
        await si.taxes.create(entity_id=ENT_ID, tax_rates=[{"rate": Decimal("9.5")}])
        payment = await si.payments.create(
            entity_id=ENT_ID, document_id=INV, amount=Decimal("219.60"), type="bank_transfer",
            date="2026-03-10", reference="SI00 123")
        paid = [p async for p in si.payments.for_document(INV, entity_id=ENT_ID)]
        await si.payments.update(PAY, entity_id=ENT_ID, amount=Decimal("100"))
        await si.payments.delete(PAY, entity_id=ENT_ID)
        for bad in ({"amount": 0, "type": "cash"}, {"amount": Decimal("-1"), "type": "cash"},
                    {"amount": 5, "type": "bitcoin"}):
            with pytest.raises(ValueError):
                await si.payments.create(entity_id=ENT_ID, document_id=INV, **bad)
        with pytest.raises(ValueError):
            await si.taxes.create(entity_id=ENT_ID, tax_rates=[{"rate": 101}])
    calls = [(r.method, r.url.path) for r in server.requests]
    assert calls == [
        ("POST", "/customers"), ("PATCH", f"/customers/{CUS}"), ("GET", "/taxes"),
        ("POST", "/taxes"), ("POST", "/payments"), ("GET", "/payments"),
        ("PATCH", f"/payments/{PAY}"), ("DELETE", f"/payments/{PAY}"),
    ]
    assert server.body(0) == {"name": "Kupec", "city": "Kranj"}
    assert server.body(3) == {"tax_rates": [{"rate": 9.5}]}
    assert server.body(4) == {"invoice_id": INV, "amount": 219.6, "type": "bank_transfer",
                              "date": "2026-03-10", "reference": "SI00 123"}
    assert dict(_query(server.requests[5]))["query"] == json.dumps(
        {"invoice_id": INV}, separators=(",", ":"))
    assert server.body(6) == {"amount": 100}
    assert customer.id == CUS and taxes[0].name == "VAT"
    assert payment.amount == Decimal("219.6") and [p.id for p in paid] == [PAY]


async def test_a_refused_create_is_a_validation_error_with_field_paths() -> None:
    issues = [{"code": "too_small", "path": ["items", 0, "quantity"], "message": "negative"},
              {"code": "invalid", "path": ["business_unit_id"], "message": "archived"}]
    server = FakeServer(fail(422, "validation_error", "Invalid document",
                             cause={"issues": issues}))
    async with make_client(server) as si:
        with pytest.raises(errors.ValidationError) as caught:
            await si.invoices.create(entity_id=ENT_ID, items=[{"name": "x", "quantity": -1}])
    assert [issue.path for issue in caught.value.issues] == [
        ("items", 0, "quantity"), ("business_unit_id",)]
    assert caught.value.request_id == server.last.headers["x-request-id"]


async def test_a_retried_create_repeats_its_request_id() -> None:
    server = FakeServer(fail(503), fail(502), ok(worked_example(), 201))
    async with make_client(server, retry=RetryPolicy(attempts=3)) as si:
        await si.invoices.create(entity_id=ENT_ID, items=[{"name": "x", "price": 1}])
    assert len({r.headers["x-request-id"] for r in server.requests}) == 1
    assert len(server.requests) == 3


async def test_a_finalize_answer_that_is_not_a_document_is_malformed() -> None:
    server = FakeServer(ok({"id": INV, "total": "a lot"}))
    async with make_client(server) as si:
        with pytest.raises(errors.MalformedResponseError):
            await si.documents.finalize(INV, entity_id=ENT_ID)


async def test_pdf_and_send_follow_the_contract() -> None:
    pdf = b"%PDF-1.7\n...\n%%EOF"
    server = FakeServer(
        httpx.Response(200, content=pdf, headers={"content-type": "application/pdf"}),
        ok({"message_id": "msg_" + "7" * 24, "status": "sent", "to": "a@kupec.si",
            "subject": "Račun 1", "extra": 1}),
    )
    async with make_client(server) as si:
        data = await si.documents.pdf(INV, entity_id=ENT_ID, language="sl-SI")
        sent = await si.documents.send(INV, entity_id=ENT_ID, to="a@kupec.si",
                                       body_text="Hvala.", attach_pdf=False,
                                       request_id="send-1")
    assert data == pdf
    first, second = server.requests
    assert (first.method, first.url.path) == ("GET", f"/documents/{INV}/pdf")
    assert _query(first) == [("language", "sl-SI")]
    assert first.headers["accept"] == "application/pdf"
    assert first.headers["x-entity-id"] == ENT_ID
    assert (second.method, second.url.path) == ("POST", f"/documents/{INV}/send")
    assert server.body(1) == {"to": "a@kupec.si", "attach_pdf": False, "body_text": "Hvala."}
    assert second.headers["x-request-id"] == "send-1"
    assert sent.message_id.startswith("msg_") and sent.status == "sent"
    assert sent.model_dump(mode="json")["extra"] == 1  # unknown keys kept


@pytest.mark.parametrize("call", [
    lambda si: si.documents.pdf("ent_" + "1" * 24, entity_id=ENT_ID),
    lambda si: si.documents.pdf(INV, entity_id=ENT_ID, language="../x"),
    lambda si: si.documents.send(INV, entity_id=ENT_ID, to="Ana <a@kupec.si>"),
    lambda si: si.documents.send("local_inv_" + "a" * 32, entity_id=ENT_ID, to="a@kupec.si"),
])
async def test_pdf_and_send_refuse_before_sending(call: Any) -> None:
    server = FakeServer(ok({}))
    async with make_client(server) as si:
        with pytest.raises(ValueError):
            await call(si)
    assert server.requests == []
