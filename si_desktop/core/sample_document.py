"""The sample document the previews show for a client: a domestic customer of the client's
own country, two lines in the client's language priced in its currency, the country's
standard VAT rate, and the totals computed as the contract says the service computes them.

The branding preview draws it and the e-mail preview takes its total and customer, so the
two agree. Qt-free, so the sandbox can use the same sample later.

Totals follow CONTRACT.md ("Totals"): `Decimal`, half-up to the currency's decimals; a line's
total is round(price × quantity); each line's tax is round(line total × rate / 100) (the
sandbox rounds tax per line, and so does the preview); the document's total is the sum of the
line totals, its tax the sum of the lines' taxes, and the total with tax their sum.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from si_desktop.core import formatting
from si_desktop.core.document_words import words_for

VAT_RATES: Mapping[str, Decimal] = MappingProxyType({
    # the 27 member states of the EU
    "AT": Decimal("20"), "BE": Decimal("21"), "BG": Decimal("20"), "CY": Decimal("19"),
    "CZ": Decimal("21"), "DE": Decimal("19"), "DK": Decimal("25"), "EE": Decimal("24"),
    "ES": Decimal("21"), "FI": Decimal("25.5"), "FR": Decimal("20"), "GR": Decimal("24"),
    "HR": Decimal("25"), "HU": Decimal("27"), "IE": Decimal("23"), "IT": Decimal("22"),
    "LT": Decimal("21"), "LU": Decimal("17"), "LV": Decimal("21"), "MT": Decimal("18"),
    "NL": Decimal("21"), "PL": Decimal("23"), "PT": Decimal("23"), "RO": Decimal("21"),
    "SE": Decimal("25"), "SI": Decimal("22"), "SK": Decimal("23"),
    # others with one national standard rate
    "AL": Decimal("20"), "BA": Decimal("17"), "CH": Decimal("8.1"), "GB": Decimal("20"),
    "IS": Decimal("24"), "JP": Decimal("10"), "LI": Decimal("8.1"), "ME": Decimal("21"),
    "MK": Decimal("18"), "NO": Decimal("25"), "RS": Decimal("20"), "TR": Decimal("20"),
    "UA": Decimal("20"),
})
"""Standard VAT (GST, consumption tax) rates in percent, as of 2026-12-02.

Recent changes taken in: Estonia 22 → 24 (2025-07-01), Romania 19 → 21 (2025-08-01), Slovakia
20 → 23 (2025-01-01), Finland 24 → 25.5 (2024-09-01), Switzerland and Liechtenstein 7.7 → 8.1
(2024-01-01). Countries without one national rate (the United States' sales taxes, Canada's
provincial ones) are left out on purpose: their sample shows no tax rather than a made-up one.
Re-check this table against the national tax authorities when a rate changes."""

_BASE_PRICES = (Decimal("320"), Decimal("85"))
"""The two sample lines' prices in euro: a month of bookkeeping and an hour of advice."""

_PRICE_SCALE: Mapping[str, Decimal] = MappingProxyType({
    "ALL": Decimal(100), "BAM": Decimal(2), "CZK": Decimal(25), "DKK": Decimal("7.5"),
    "HUF": Decimal(400), "INR": Decimal(100), "ISK": Decimal(150), "JPY": Decimal(150),
    "KRW": Decimal(1500), "MKD": Decimal(60), "NOK": Decimal(12), "PLN": Decimal(4),
    "RON": Decimal(5), "RSD": Decimal(120), "SEK": Decimal(11), "TRY": Decimal(40),
    "UAH": Decimal(45),
})
"""Roughly how many units of a currency buy one euro, so that a Japanese client's sample
bills ¥48,000 for a month of bookkeeping rather than ¥320 (round figures: a sample, not a
rate). Currencies not listed are priced as euro."""

SAMPLE_EMAIL = "accounts@customer.example"


@dataclass(frozen=True, slots=True)
class Customer:
    """The sample customer as its address block shows it."""

    name: str
    lines: tuple[str, ...]
    email: str = SAMPLE_EMAIL


# A street and a "post code + city" line as each country writes them (Japan: the post code
# first, then the address from the prefecture down).
_ADDRESSES: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "AT": ("Mariahilfer Straße 12", "1070 Wien"),
    "CH": ("Bahnhofstrasse 12", "8001 Zürich"),
    "DE": ("Musterstraße 12", "10115 Berlin"),
    "FR": ("12 rue de la République", "69002 Lyon"),
    "GB": ("12 Harbour Road", "Bristol BS1 4DJ"),
    "HR": ("Ilica 12", "10000 Zagreb"),
    "IE": ("12 Harbour Road", "Dublin D02 X285"),
    "IT": ("Via Roma 12", "20121 Milano MI"),
    "JP": ("〒100-0005", "東京都千代田区丸の内1-1-1"),
    "SI": ("Tržaška cesta 12", "1000 Ljubljana"),
    "US": ("12 Market Street", "San Francisco, CA 94102"),
})


@dataclass(frozen=True, slots=True)
class Line:
    """One item line. `total` is the contract's line total, rounded for the currency."""

    description: str
    quantity: Decimal
    unit: str
    price: Decimal
    total: Decimal
    tax: Decimal


@dataclass(frozen=True, slots=True)
class SampleDocument:
    """What a preview shows of the money: the lines, the rate (None: no tax line) and
    totals, in `currency`, for a client writing in `locale`."""

    customer: Customer
    lines: tuple[Line, ...]
    rate: Decimal | None
    currency: str
    locale: str
    subtotal: Decimal
    tax: Decimal
    total: Decimal


def _text(source: Mapping[str, Any] | None, key: str) -> str:
    value = source.get(key) if isinstance(source, Mapping) else None
    return value.strip() if isinstance(value, str) else ""


def standard_vat_rate(country_code: object) -> Decimal | None:
    """The country's standard rate in percent, or None when the table has none for it."""
    if not isinstance(country_code, str):
        return None
    return VAT_RATES.get(country_code.strip().upper())


def make_line(description: str, quantity: Decimal, unit: str, price: Decimal,
              rate: Decimal | None, currency: str) -> Line:
    """A line with its total and tax rounded half-up for the currency (contract rules)."""
    total = formatting.round_money(price * quantity, currency)
    tax = formatting.round_money(total * rate / 100, currency) if rate else Decimal(0)
    return Line(description, quantity, unit, price, total, tax)


def totals(lines: tuple[Line, ...], currency: str) -> tuple[Decimal, Decimal, Decimal]:
    """(subtotal, tax, total with tax) of the lines: sums of their rounded amounts."""
    subtotal = formatting.round_money(sum((line.total for line in lines), Decimal(0)), currency)
    tax = formatting.round_money(sum((line.tax for line in lines), Decimal(0)), currency)
    return subtotal, tax, subtotal + tax


def sample_customer(entity: Mapping[str, Any], locale: str) -> Customer:
    """A customer in the client's own country (so the VAT shown is the domestic one), named
    and addressed as that country writes it; for a country without a sample address, one in
    the client's own town."""
    words = words_for(locale)
    code = _text(entity, "country_code").upper()
    address = _ADDRESSES.get(code)
    if address is None:
        town = " ".join(p for p in (_text(entity, "post_code"), _text(entity, "city")) if p)
        address = (town,) if town else ()
    country = formatting.territory(code, locale) if code else _text(entity, "country")
    return Customer(words["sample_customer"],
                    tuple(line for line in (*address, country) if line))


def sample_document(entity: Mapping[str, Any]) -> SampleDocument:
    """The sample for a client: its locale's words and formats, its currency, its country's
    standard rate (none when the client is not a VAT payer or the country has no one rate)."""
    entity = entity if isinstance(entity, Mapping) else {}
    locale = formatting.client_locale(entity)
    words = words_for(locale)
    currency = (_text(entity, "currency_code") or "EUR").upper()
    taxed = entity.get("is_tax_subject") is not False
    rate = standard_vat_rate(_text(entity, "country_code")) if taxed else None
    scale = _PRICE_SCALE.get(currency, Decimal(1))
    monthly, hourly = (price * scale for price in _BASE_PRICES)
    lines = (
        make_line(words["line_bookkeeping"], Decimal(1), words["unit_piece"], monthly, rate,
                  currency),
        make_line(words["line_advisory"], Decimal("6.5"), words["unit_hour"], hourly, rate,
                  currency),
    )
    subtotal, tax, total = totals(lines, currency)
    return SampleDocument(sample_customer(entity, locale), lines, rate, currency, locale,
                          subtotal, tax, total)
