"""What the new-document editor needs besides the totals: numbers as typed in a client's
locale, a tax's rate on a date, the defaults of a new document, the Documents tab's periods."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from si_desktop.core.document_form import (
    PERIODS,
    document_defaults,
    parse_number,
    period_bounds,
    tax_rate_on,
)


@pytest.mark.parametrize(("text", "locale", "value"), [
    ("1.234,5", "sl-SI", Decimal("1234.5")),
    ("1,234.5", "en-GB", Decimal("1234.5")),
    ("12.5", "sl-SI", Decimal("12.5")),  # a decimal point in a Slovenian client's invoice
    ("12,5", "en-GB", Decimal("12.5")),
    ("1.234", "sl-SI", Decimal(1234)),  # the locale's group separator before three digits
    ("1.234", "en-GB", Decimal("1.234")),
    ("1,500", "en-GB", Decimal(1500)),
    ("1.234.567", "sl-SI", Decimal(1234567)),
    ("1 234,50", "fr-FR", Decimal("1234.50")),
    ("22 %", "sl-SI", Decimal(22)),
    ("-3", "sl-SI", Decimal(-3)),
    (".5", "en-GB", Decimal("0.5")),
    ("0.1", "en-GB", Decimal("0.1")),  # never through a float
])
def test_numbers_are_read_as_a_bookkeeper_types_them(text: str, locale: str,
                                                     value: Decimal) -> None:
    found = parse_number(text, locale)
    assert found == value and isinstance(found, Decimal)


@pytest.mark.parametrize("text", ["", " ", "abc", "1e5", "-", "+.", "1,2,3.4.5x", "∞", "NaN"])
def test_anything_else_is_not_a_number(text: str) -> None:
    assert parse_number(text, "sl-SI") is None


def test_a_taxs_rate_is_the_newest_in_force_on_the_date() -> None:
    tax = {"tax_rates": [{"rate": 20}, {"rate": 22, "valid_from": "2013-07-01"},
                         {"rate": 23, "valid_from": "2027-01-01"}]}
    assert tax_rate_on(tax, dt.date(2013, 6, 30)) == Decimal(20)
    assert tax_rate_on(tax, dt.date(2026, 12, 31)) == Decimal(22)
    assert tax_rate_on(tax, dt.date(2027, 1, 1)) == Decimal(23)
    assert tax_rate_on({"tax_rates": [{"rate": 9.5, "valid_from": "2030-01-01"}]},
                       dt.date(2026, 1, 1)) is None
    assert tax_rate_on({"tax_rates": [{"rate": 9.5}]}, dt.date(2026, 1, 1)) == Decimal("9.5")


def test_defaults_come_from_the_units_settings_over_the_clients() -> None:
    entity = {"currency_code": "EUR", "settings": {
        "default_invoice_due_days": 15, "default_invoice_note": "Hvala.",
        "default_invoice_payment_terms": "Plačilo v 15 dneh.", "document_footer": "{entity_name}",
        "default_estimate_valid_days": 10}}
    unit = {"settings": {"default_invoice_note": "Hvala, Bled.", "document_footer": None}}
    today = dt.date(2026, 12, 25)
    own = document_defaults(entity, None, "invoice", today)
    assert (own.date, own.date_due, own.note, own.footer) == (
        today, dt.date(2027, 1, 9), "Hvala.", "{entity_name}")
    under = document_defaults(entity, unit, "invoice", today)
    assert under.note == "Hvala, Bled." and under.footer == "{entity_name}"
    assert under.payment_terms == "Plačilo v 15 dneh."
    estimate = document_defaults(entity, None, "estimate", today)
    assert estimate.date_due is None and estimate.date_valid_till == dt.date(2027, 1, 4)
    assert estimate.note == "" and estimate.currency_code == "EUR"
    credit = document_defaults({}, None, "credit_note", today)
    assert credit.date_due is None and credit.date_valid_till is None
    assert credit.currency_code == "EUR"


def test_periods_are_whole_months_quarters_and_years() -> None:
    today = dt.date(2026, 2, 14)
    assert period_bounds("all", today) == (None, None)
    assert period_bounds("this_month", today) == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert period_bounds("last_month", today) == (dt.date(2026, 1, 1), dt.date(2026, 1, 31))
    assert period_bounds("this_quarter", today) == (dt.date(2026, 1, 1),
                                                    dt.date(2026, 3, 31))
    assert period_bounds("last_quarter", today) == (dt.date(2025, 10, 1),
                                                    dt.date(2025, 12, 31))
    assert period_bounds("this_year", today) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert period_bounds("last_year", today) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert period_bounds("last_12_months", today) == (dt.date(2025, 3, 1),
                                                      dt.date(2026, 2, 28))
    assert len(PERIODS) == 8
    with pytest.raises(ValueError, match="period"):
        period_bounds("fortnight", today)
