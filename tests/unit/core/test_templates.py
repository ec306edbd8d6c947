from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from si_desktop.core import formatting
from si_desktop.core.sample_document import sample_document
from si_desktop.core.templates import (
    KNOWN_PLACEHOLDERS,
    PLACEHOLDER_GROUPS,
    closest_known,
    document_values,
    email_template,
    find_placeholders,
    placeholders,
    render,
    sample_values,
    unknown,
)

TODAY = datetime.date(2026, 11, 21)

# Shaped like the entity reference's example (seed 003), with a bank account as in seed 004.
ENTITY: dict[str, Any] = {
    "id": "ent_7595a27b5d35015c3ef0c3fe",
    "name": "Space Invoices d.o.o.",
    "address": "Tehnološki park 24",
    "address_2": "Building A",
    "post_code": "1000",
    "city": "Ljubljana",
    "state": None,
    "country": "Slovenia",
    "country_code": "SI",
    "currency_code": "EUR",
    "tax_number": "SI12345678",
    "company_number": "1234567000",
    "email": None,
    "starting_capital": 7500,
    "settings": {
        "number_formats": {
            "invoice": "INV-{yyyy}-{nnnnn}",
            "estimate": "{yyyy}-{nnnnn}",
            "credit_note": "CN-{YYYY}-{NUM}",
            "delivery_note": "DN-{yyyy}-{x}",
        },
        "email_defaults": {"invoice_subject": "Račun {document_number} od {entity_name}"},
        "default_invoice_due_days": 15,
        "default_estimate_valid_days": 10,
        "bank_accounts": [
            {"iban": "SI56 1111", "bank_name": "Other", "is_default": False},
            {
                "id": "ba_6595a27b5d35015c3ef0c3fd",
                "iban": "SI56020170014356205",
                "bic": "LJBASI2X",
                "bank_name": "NLB d.d.",
                "is_default": True,
            },
        ],
    },
}


def test_catalogue_holds_exactly_the_contract_names() -> None:
    names = [info.name for group in PLACEHOLDER_GROUPS for info in group.placeholders]
    contract = [
        "entity_name",
        "entity_email",
        "entity_address",
        "entity_post_code",
        "entity_city",
        "entity_country",
        "entity_tax_number",
        "entity_company_number",
        "entity_starting_capital",
        "unit_name",
        "document_number",
        "document_date",
        "document_due_date",
        "document_valid_until",
        "document_total",
        "document_currency",
        "customer_name",
        "customer_email",
        "invoice_list",
        "payment_instructions",
        "total_amount",
        "overdue_count",
        "bank_account",
        "bank_account.iban",
        "bank_account.bank_name",
        "bank_account.bic",
        "bank_account.account_number",
        "iban",
        "bic",
        "bank_name",
        "account_number",
        "routing_number",
        "sort_code",
        "current_date",
        "current_year",
        "invoice_link",
    ]
    assert names == contract
    assert set(contract) == KNOWN_PLACEHOLDERS
    assert all(info.description for g in PLACEHOLDER_GROUPS for info in g.placeholders)
    assert PLACEHOLDER_GROUPS[0].placeholders[0].token == "{entity_name}"


def test_placeholders_in_order_with_repeats_and_dots() -> None:
    text = "{entity_name}: {bank_account.iban} {entity_name} { spaced } {} {a.} {x.y_z}"
    assert placeholders(text) == ["entity_name", "bank_account.iban", "entity_name", "x.y_z"]
    [first, *_] = find_placeholders(text)
    assert (first.start, first.end) == (0, 13)


def test_unknown_names_once_each() -> None:
    assert unknown("{entity_name} {entity_nmae} {foo} {entity_nmae} {iban}") == [
        "entity_nmae",
        "foo",
    ]
    assert unknown("Nothing here") == []


def test_closest_known() -> None:
    assert closest_known("entity_nmae") == "entity_name"
    assert closest_known("Document_Number") == "document_number"
    assert closest_known("bank_account.ibna") == "bank_account.iban"
    assert closest_known("iban") == "iban"
    assert closest_known("zzzzzz") is None


def test_render_replaces_only_known_placeholders_with_values() -> None:
    values = {"entity_name": "Acme", "foo": "never", "document_number": "{entity_name}"}
    text = "{entity_name} {foo} {customer_name} {document_number} { entity_name } {{x}}"
    assert render(text, values) == "Acme {foo} {customer_name} {entity_name} { entity_name } {{x}}"


def test_render_evaluates_nothing() -> None:
    text = "{entity_name.__class__} {0} {entity_name!r} {entity_name:>10}"
    assert render(text, {"entity_name": "Acme"}) == text


def test_sample_values_from_the_clients_own_data() -> None:
    values = sample_values(ENTITY, today=TODAY)
    assert values["entity_name"] == "Space Invoices d.o.o."
    assert values["entity_address"] == "Tehnološki park 24, Building A"
    assert values["entity_tax_number"] == "SI12345678"
    # no locale of its own: its country's (sl-SI), as the service derives it
    assert values["entity_starting_capital"] == formatting.money(Decimal(7500), "EUR", "sl-SI")
    assert values["document_number"] == "INV-2026-00001"
    assert values["document_date"] == formatting.date(TODAY, "sl-SI")
    assert values["document_due_date"] == formatting.date(datetime.date(2026, 12, 6), "sl-SI")
    assert values["document_valid_until"] == formatting.date(datetime.date(2026, 12, 1),
                                                             "sl-SI")
    assert values["document_currency"] == "EUR"
    assert values["iban"] == values["bank_account.iban"] == "SI56020170014356205"
    assert values["bic"] == "LJBASI2X"
    assert values["bank_account"] == "NLB d.d., IBAN SI56020170014356205, BIC LJBASI2X"
    assert "SI56020170014356205" in values["payment_instructions"]
    assert values["invoice_list"].splitlines()[1].startswith("INV-2026-00002")
    assert values["current_year"] == "2026"
    assert values["customer_name"] and values["customer_email"]
    assert "entity_email" not in values  # the client has none: the preview shows {entity_email}
    assert "sort_code" not in values
    assert set(values) <= KNOWN_PLACEHOLDERS


# the vendor's default invoice body ends "Total Amount: {document_total} {document_currency}"
VENDOR_BODY = "Please find invoice {document_number} attached.\n" \
              "Total Amount: {document_total} {document_currency}"


@pytest.mark.parametrize(("locale", "country", "currency"), [
    ("sl-SI", "SI", "EUR"), ("en-US", "US", "USD"), ("en-GB", "GB", "GBP"),
    ("de-AT", "AT", "EUR"), ("ja-JP", "JP", "JPY"), ("is-IS", "IS", "ISK"),
])
def test_the_vendors_default_body_names_the_currency_once(
    locale: str, country: str, currency: str
) -> None:
    entity = {"name": "X", "locale": locale, "country_code": country, "currency_code": currency}
    values = sample_values(entity, today=TODAY)
    line = render(VENDOR_BODY, values).splitlines()[1]
    symbol = formatting.babel_locale(locale).currency_symbols.get(currency, currency)
    assert line.count(currency) == 1
    assert symbol == currency or symbol not in line
    total = sample_document(entity).total
    assert line == f"Total Amount: {formatting.bare_amount(total, currency, locale)} {currency}"


def test_sample_values_are_written_for_the_clients_customers() -> None:
    """The e-mail says what the page says: same total, customer and words."""
    british = {"name": "Oak Ltd", "locale": "en-GB", "country_code": "GB",
               "currency_code": "GBP",
               "settings": {"bank_accounts": [{"account_number": "12345678",
                                               "sort_code": "12-34-56"}]}}
    values = sample_values(british, today=TODAY)
    sample = sample_document(british)
    assert values["document_date"] == "21/11/2026"  # CLDR en-GB, year in full
    assert values["document_total"] == formatting.bare_amount(sample.total, "GBP", "en-GB")
    assert values["customer_name"] == sample.customer.name
    assert values["total_amount"] == formatting.money(Decimal("1234.50"), "GBP", "en-GB")
    assert values["total_amount"].startswith("£")
    assert values["invoice_list"].splitlines()[0].endswith(
        formatting.money(Decimal(480), "GBP", "en-GB"))
    assert values["bank_account"] == "Account 12345678, Sort code 12-34-56"
    assert values["payment_instructions"].startswith("Please pay £")
    slovenian = sample_values({**ENTITY, "locale": "sl-SI"}, today=TODAY)
    assert slovenian["payment_instructions"].startswith("Prosimo, plačajte")
    assert slovenian["unit_name"] == "Sedež"


def test_sample_values_per_document_type() -> None:
    assert sample_values(ENTITY, doc_type="credit_note", today=TODAY)["document_number"] == (
        "CN-2026-1"
    )
    # An invalid format falls back to the default.
    assert sample_values(ENTITY, doc_type="delivery_note", today=TODAY)["document_number"] == (
        "2026-00001"
    )
    # A type without a format falls back too.
    assert sample_values(ENTITY, doc_type="advance_invoice", today=TODAY)["document_number"] == (
        "2026-00001"
    )


def test_sample_values_uses_sequence_starts() -> None:
    entity = {
        **ENTITY,
        "settings": {**ENTITY["settings"], "number_sequence_starts": {"invoice": 120}},
    }
    assert sample_values(entity, today=TODAY)["document_number"] == "INV-2026-00120"


def test_sample_values_under_a_unit() -> None:
    unit = {
        "name": "Ljubljana Store",
        "numbering_index": 2,
        "settings": {
            "bank_accounts": [{"iban": "DE89370400440532013000", "bank_name": "Unit bank"}],
            "default_invoice_due_days": 5,
        },
    }
    values = sample_values(ENTITY, unit, today=TODAY)
    assert values["unit_name"] == "Ljubljana Store"
    assert values["document_number"] == "2026-2-00001"
    assert values["iban"] == "DE89370400440532013000"
    assert values["document_due_date"] == formatting.date(datetime.date(2026, 11, 26), "sl-SI")
    entity = {
        **ENTITY,
        "settings": {**ENTITY["settings"], "unit_number_formats": {"invoice": "{u}/{yy}/{nnn}"}},
    }
    assert sample_values(entity, unit, today=TODAY)["document_number"] == "2/26/001"
    entity["settings"]["unit_number_formats"] = "U{uu}-{NUM}"
    assert sample_values(entity, unit, today=TODAY)["document_number"] == "U02-1"


@pytest.mark.parametrize(
    "entity",
    [
        {},
        {"name": None, "settings": None},
        {"name": 5, "currency_code": ["x"], "settings": "odd"},
        {"settings": {"number_formats": None, "bank_accounts": None}},
        {
            "settings": {
                "number_formats": {"invoice": 7},
                "bank_accounts": "odd",
                "default_invoice_due_days": "30",
                "number_sequence_starts": [1],
            }
        },
        {"settings": {"bank_accounts": [None, 3, {"iban": None, "is_default": True}]}},
        {"settings": {"default_invoice_due_days": True, "email_defaults": "odd"}},
        {"starting_capital": True, "address": "  ", "post_code": 1000},
    ],
)
def test_sample_values_never_crash(entity: dict[str, Any]) -> None:
    values = sample_values(entity, today=TODAY)
    assert values["document_number"] == "2026-00001"
    assert values["entity_name"]
    odd_unit: Any = {"numbering_index": "two", "settings": 4, "name": None}
    assert sample_values(entity, odd_unit, today=TODAY)["document_number"] == "2026-1-00001"


def test_sample_values_defaults_today() -> None:
    before = datetime.date.today()
    shown = sample_values({})["current_date"]
    assert shown in {formatting.date(day, formatting.FALLBACK_LOCALE)
                     for day in (before, datetime.date.today())}


@settings(max_examples=100, deadline=None)
@given(text=st.text(alphabet=st.characters(blacklist_characters="{}"), max_size=40))
def test_render_is_identity_without_placeholders(text: str) -> None:
    assert render(text, sample_values(ENTITY, today=TODAY)) == text


@settings(max_examples=100, deadline=None)
@given(text=st.text(alphabet="{}ab_.é ", max_size=30))
def test_render_leaves_texts_without_known_placeholders_alone(text: str) -> None:
    if not set(placeholders(text)) & KNOWN_PLACEHOLDERS:
        assert render(text, {"entity_name": "X"}) == text


INVOICE: dict[str, Any] = {
    "id": "inv_7595a27b5d35015c3ef0c3fe", "type": "invoice", "number": "INV-2026-00143",
    "date": "2026-11-20", "date_due": "2026-12-05T00:00:00.000Z", "currency_code": "EUR",
    "customer": {"name": "Kupec d.o.o.", "email": "racuni@kupec.si"},
    "total_with_tax": 1234.5, "total_due": 234.5, "is_draft": False,
}


def test_a_real_documents_values_in_the_documents_language() -> None:
    values = document_values(ENTITY, None, INVOICE, today=TODAY)
    assert values["document_number"] == "INV-2026-00143"
    assert values["document_date"] == "20. 11. 2026"
    assert values["document_due_date"] == "5. 12. 2026"  # from a full timestamp too
    assert values["document_total"] == "1.234,50" and values["document_currency"] == "EUR"
    assert (values["customer_name"], values["customer_email"]) == ("Kupec d.o.o.",
                                                                   "racuni@kupec.si")
    assert values["entity_name"] == values["unit_name"] == "Space Invoices d.o.o."
    assert values["iban"] == "SI56020170014356205"
    assert "234,50\u00a0€" in values["payment_instructions"]  # what is still due
    assert "INV-2026-00143" in values["payment_instructions"]
    assert "document_valid_until" not in values and "invoice_link" not in values
    english = document_values(ENTITY, {"name": "Koper"}, INVOICE, locale="en-GB", today=TODAY)
    assert english["document_date"] == "20/11/2026" and english["document_total"] == "1,234.50"
    assert english["unit_name"] == "Koper"
    rendered = render("{document_number} – {document_valid_until}", english)
    assert rendered == "INV-2026-00143 – {document_valid_until}"


def test_a_draft_has_no_number_to_fill_and_odd_records_never_raise() -> None:
    draft = {**INVOICE, "is_draft": True, "number": "draft-1234"}
    assert "document_number" not in document_values(ENTITY, None, draft, today=TODAY)
    odd: Any = {"date": 7, "customer": "x", "total_with_tax": "abc", "number": None}
    values = document_values(odd, odd, odd, today=TODAY)
    assert values["current_year"] == "2026" and "document_total" not in values


def test_the_e_mail_template_of_a_type_unit_over_client_key_by_key() -> None:
    assert email_template(ENTITY, None, "invoice") == (
        "Račun {document_number} od {entity_name}", "")
    unit = {"settings": {"email_defaults": {"invoice": {"body": "Lep pozdrav, {unit_name}"}}}}
    assert email_template(ENTITY, unit, "invoice") == (
        "Račun {document_number} od {entity_name}", "Lep pozdrav, {unit_name}")
    assert email_template(ENTITY, None, "credit_note") == ("Dobropis {document_number}", "")
    assert email_template({"locale": "de-AT"}, None, "estimate") == (
        "Angebot {document_number}", "")
