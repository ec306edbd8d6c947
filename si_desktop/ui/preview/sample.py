"""The sample invoice the previews draw: this client's own name, address, number format,
colours, logo, bank account, footer and signature, with the sample document of
`core/sample_document.py` (a domestic customer, two lines, the country's VAT rate, totals by
the contract's rules). Built from the settings as the editor shows them now (saved or not).

Everything on the page is written for the client's customers, not for the bookkeeper: the
words in the client's language (`core/document_words.py`), money, dates, percentages and
quantities in its locale (`core/formatting.py`). A Slovenian window shows a British client's
invoice in English, with pounds and British dates."""

from __future__ import annotations

import copy
import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from si_desktop.core import branding, formatting, templates
from si_desktop.core.document_words import words_for
from si_desktop.core.sample_document import sample_document

DEFAULT_COLOR = "#1d4ed8"
"""The primary colour a preview uses when the client has none."""

DEFAULT_TEMPLATE = "modern"


@dataclass(frozen=True)
class SampleLine:
    description: str
    quantity: Decimal
    unit: str
    price: Decimal
    amount: Decimal
    """The line's total, rounded for the currency."""


@dataclass(frozen=True)
class SampleInvoice:
    """Everything a template draws. Every string is plain text (never markup); amounts are
    Decimal, already rounded as the service would round them."""

    template: str = DEFAULT_TEMPLATE
    color: str = DEFAULT_COLOR
    seller_name: str = ""
    seller_lines: tuple[str, ...] = ()
    unit_name: str = ""
    customer_name: str = ""
    customer_lines: tuple[str, ...] = ()
    title: str = ""
    number: str = ""
    facts: tuple[tuple[str, str], ...] = ()
    lines: tuple[SampleLine, ...] = ()
    tax_rate: Decimal | None = None
    """The VAT rate in percent; None: no tax line (not a VAT payer, or no one national rate)."""
    subtotal: Decimal = Decimal(0)
    tax: Decimal = Decimal(0)
    total: Decimal = Decimal(0)
    currency: str = "EUR"
    locale: str = formatting.FALLBACK_LOCALE
    note: str = ""
    payment_terms: str = ""
    payment_lines: tuple[str, ...] = ()
    footer: str = ""
    signature: str = ""
    logo: bytes | None = None
    logo_scale: int = 100
    labels: Mapping[str, str] = field(default_factory=dict)
    """The document's words in the client's language (`core/document_words.py`)."""

    def money(self, amount: Decimal) -> str:
        """An amount as the client's customers read it (`1.234,56 €`, `£1,234.56`)."""
        return formatting.money(amount, self.currency, self.locale)

    def quantity(self, value: Decimal) -> str:
        return formatting.quantity(value, self.locale)

    def percent(self, rate: Decimal) -> str:
        return formatting.percent(rate, self.locale)

    def label(self, key: str) -> str:
        return self.labels.get(key, key)


def _text(source: Mapping[str, Any] | None, key: str) -> str:
    if not isinstance(source, Mapping):
        return ""
    value = source.get(key)
    return value.strip() if isinstance(value, str) else ""


def _address_lines(source: Mapping[str, Any], locale: str) -> list[str]:
    """The address as the client's customers read it: the country named in their language
    (the service stores it in English: "Austria" is "Österreich" on an Austrian invoice)."""
    lines = [_text(source, "address"), _text(source, "address_2")]
    place = " ".join(part for part in (_text(source, "post_code"), _text(source, "city")) if part)
    code = _text(source, "country_code")
    country = formatting.territory(code, locale) if code else _text(source, "country")
    lines += [place, country]
    return [line for line in lines if line]


def _settings(source: Mapping[str, Any] | None) -> dict[str, Any]:
    found = source.get("settings") if isinstance(source, Mapping) else None
    return dict(found) if isinstance(found, Mapping) else {}


def _whole(value: object, default: int, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return default
    return max(low, min(high, int(value)))


def build_sample_invoice(
    entity: Mapping[str, Any],
    unit: Mapping[str, Any] | None = None,
    *,
    overrides: Mapping[str, Any] | None = None,
    logo: bytes | None = None,
    today: datetime.date | None = None,
) -> SampleInvoice:
    """The sample invoice for a client, or for one of its units.

    `overrides` are settings keys as an editor holds them now: they replace the client's
    keys (or, for a unit, the unit's own; a value of None there means "use the client's").
    """
    today = today or datetime.date.today()
    client: dict[str, Any] = copy.deepcopy(dict(entity))
    entity_settings = _settings(client)
    unit_copy: dict[str, Any] | None = None
    if unit is None:
        entity_settings.update(overrides or {})
        client["settings"] = entity_settings
        effective = branding.effective_settings(entity_settings, None)
    else:
        unit_copy = copy.deepcopy(dict(unit))
        unit_settings = _settings(unit_copy)
        for key, value in (overrides or {}).items():
            if value is None:
                unit_settings.pop(key, None)
            else:
                unit_settings[key] = value
        unit_copy["settings"] = unit_settings
        effective = branding.effective_settings(entity_settings, unit_settings)
    values = templates.sample_values(client, unit_copy, today=today)
    sample = sample_document(client)
    words = words_for(sample.locale)

    try:
        color = branding.parse_color(effective.get("primary_color"))
    except ValueError:
        color = DEFAULT_COLOR
    template = effective.get("pdf_template")
    seller_lines = _address_lines(entity, sample.locale)
    if unit_copy is not None and _address_lines(unit_copy, sample.locale):
        seller_lines = _address_lines(unit_copy, sample.locale)
    tax_number = _text(entity, "tax_number")
    if tax_number:
        seller_lines.append(f"{words['tax_number']}: {tax_number}")
    email = _text(unit_copy, "email") or _text(entity, "email")
    if email:
        seller_lines.append(email)

    payment: list[str] = []
    for key, word in (
        ("bank_name", "bank"),
        ("iban", "iban"),
        ("account_number", "account"),
        ("bic", "bic"),
        ("routing_number", "routing"),
        ("sort_code", "sort_code"),
    ):
        if key in values:
            payment.append(f"{words[word]}: {values[key]}")
    if payment:
        payment.append(f"{words['reference']}: {values['document_number']}")

    def rendered(key: str) -> str:
        value = effective.get(key)
        return templates.render(value, values).strip() if isinstance(value, str) else ""

    return SampleInvoice(
        template=template if isinstance(template, str) and template else DEFAULT_TEMPLATE,
        color=color,
        seller_name=_text(entity, "name") or words["your_company"],
        seller_lines=tuple(seller_lines),
        unit_name=_text(unit_copy, "name") if unit_copy is not None else "",
        customer_name=sample.customer.name,
        customer_lines=(*sample.customer.lines, sample.customer.email),
        title=words["invoice"],
        number=values["document_number"],
        facts=(
            (words["date"], values["document_date"]),
            (words["due_date"], values["document_due_date"]),
        ),
        lines=tuple(
            SampleLine(line.description, line.quantity, line.unit, line.price, line.total)
            for line in sample.lines
        ),
        tax_rate=sample.rate,
        subtotal=sample.subtotal,
        tax=sample.tax,
        total=sample.total,
        currency=sample.currency,
        locale=sample.locale,
        note=rendered("default_invoice_note"),
        payment_terms=rendered("default_invoice_payment_terms"),
        payment_lines=tuple(payment),
        footer=rendered("document_footer"),
        signature=rendered("default_document_signature"),
        logo=logo,
        logo_scale=_whole(effective.get("logo_scale_percent"), 100, 10, 200),
        labels=words,
    )
