"""The sample invoice the previews draw: this client's own name, address, number format,
colours, logo, bank account, footer and signature, with two made-up lines for a made-up
customer. Built from the settings as the editor shows them now (saved or not)."""

from __future__ import annotations

import copy
import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale

from si_desktop.core import branding, templates

DEFAULT_COLOR = "#1d4ed8"
"""The primary colour a preview uses when the client has none."""

DEFAULT_TEMPLATE = "modern"

_TAX_RATES = {
    "AT": 20.0, "BE": 21.0, "BG": 20.0, "CH": 8.1, "CY": 19.0, "CZ": 21.0, "DE": 19.0,
    "DK": 25.0, "EE": 22.0, "ES": 21.0, "FI": 25.5, "FR": 20.0, "GB": 20.0, "GR": 24.0,
    "HR": 25.0, "HU": 27.0, "IE": 23.0, "IT": 22.0, "LT": 21.0, "LU": 17.0, "LV": 21.0,
    "MT": 18.0, "NL": 21.0, "NO": 25.0, "PL": 23.0, "PT": 23.0, "RO": 19.0, "RS": 20.0,
    "SE": 25.0, "SI": 22.0, "SK": 23.0,
}
_DEFAULT_TAX_RATE = 20.0


def tr(text: str) -> str:
    return QCoreApplication.translate("InvoicePreview", text)


@dataclass(frozen=True)
class SampleLine:
    description: str
    quantity: float
    unit: str
    price: float

    @property
    def amount(self) -> float:
        return round(self.quantity * self.price, 2)


@dataclass(frozen=True)
class SampleInvoice:
    """Everything a template draws. Every string is plain text (never markup)."""

    template: str = DEFAULT_TEMPLATE
    color: str = DEFAULT_COLOR
    seller_name: str = ""
    seller_lines: tuple[str, ...] = ()
    unit_name: str = ""
    customer_name: str = templates.SAMPLE_CUSTOMER_NAME
    customer_lines: tuple[str, ...] = ()
    title: str = ""
    number: str = ""
    facts: tuple[tuple[str, str], ...] = ()
    lines: tuple[SampleLine, ...] = ()
    tax_rate: float = 0.0
    currency: str = "EUR"
    locale: str = "en_GB"
    note: str = ""
    payment_terms: str = ""
    payment_lines: tuple[str, ...] = ()
    footer: str = ""
    signature: str = ""
    logo: bytes | None = None
    logo_scale: int = 100
    labels: Mapping[str, str] = field(default_factory=dict)

    @property
    def subtotal(self) -> float:
        return round(sum(line.amount for line in self.lines), 2)

    @property
    def tax(self) -> float:
        return round(self.subtotal * self.tax_rate / 100, 2)

    @property
    def total(self) -> float:
        return round(self.subtotal + self.tax, 2)

    def money(self, amount: float) -> str:
        """An amount in the client's locale with its currency code."""
        locale = QLocale(self.locale.replace("-", "_")) if self.locale else QLocale.c()
        return f"{locale.toString(float(amount), 'f', 2)} {self.currency}"

    def quantity(self, value: float) -> str:
        locale = QLocale(self.locale.replace("-", "_")) if self.locale else QLocale.c()
        text = locale.toString(float(value), "f", 2)
        return text[:-3] if value == int(value) else text

    def label(self, key: str) -> str:
        return self.labels.get(key, key)


def labels() -> dict[str, str]:
    """The words on the sample invoice, in the app's language."""
    return {
        "bill_to": tr("Bill to"),
        "number": tr("Number"),
        "date": tr("Date"),
        "due": tr("Due date"),
        "description": tr("Description"),
        "quantity": tr("Qty"),
        "price": tr("Price"),
        "amount": tr("Amount"),
        "subtotal": tr("Subtotal"),
        "tax": tr("VAT"),
        "total": tr("Total"),
        "payment": tr("Payment"),
        "notes": tr("Notes"),
        "sample": tr("Sample"),
    }


def _text(source: Mapping[str, Any] | None, key: str) -> str:
    if not isinstance(source, Mapping):
        return ""
    value = source.get(key)
    return value.strip() if isinstance(value, str) else ""


def _address_lines(source: Mapping[str, Any]) -> list[str]:
    lines = [_text(source, "address"), _text(source, "address_2")]
    place = " ".join(part for part in (_text(source, "post_code"), _text(source, "city")) if part)
    lines += [place, _text(source, "country")]
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

    try:
        color = branding.parse_color(effective.get("primary_color"))
    except ValueError:
        color = DEFAULT_COLOR
    template = effective.get("pdf_template")
    seller_lines = _address_lines(entity)
    if unit_copy is not None and _address_lines(unit_copy):
        seller_lines = _address_lines(unit_copy)
    tax_number = _text(entity, "tax_number")
    if tax_number:
        seller_lines.append(tr("Tax number: {value}").replace("{value}", tax_number))
    email = _text(unit_copy, "email") or _text(entity, "email")
    if email:
        seller_lines.append(email)

    payment: list[str] = []
    for key, label in (
        ("bank_name", tr("Bank")),
        ("iban", tr("IBAN")),
        ("account_number", tr("Account")),
        ("bic", tr("BIC")),
        ("routing_number", tr("Routing")),
        ("sort_code", tr("Sort code")),
    ):
        if key in values:
            payment.append(f"{label}: {values[key]}")
    if payment:
        payment.append(tr("Reference: {value}").replace("{value}", values["document_number"]))

    country = _text(entity, "country_code").upper()
    taxed = entity.get("is_tax_subject") is not False
    rate = _TAX_RATES.get(country, _DEFAULT_TAX_RATE) if taxed else 0.0

    def rendered(key: str) -> str:
        value = effective.get(key)
        return templates.render(value, values).strip() if isinstance(value, str) else ""

    return SampleInvoice(
        template=template if isinstance(template, str) and template else DEFAULT_TEMPLATE,
        color=color,
        seller_name=_text(entity, "name") or tr("Your company"),
        seller_lines=tuple(seller_lines),
        unit_name=_text(unit_copy, "name") if unit_copy is not None else "",
        customer_name=templates.SAMPLE_CUSTOMER_NAME,
        customer_lines=(
            tr("12 Harbour Road"),
            tr("Bristol BS1 4DJ"),
            tr("United Kingdom"),
            templates.SAMPLE_CUSTOMER_EMAIL,
        ),
        title=tr("Invoice"),
        number=values["document_number"],
        facts=(
            (tr("Date"), values["document_date"]),
            (tr("Due date"), values["document_due_date"]),
        ),
        lines=(
            SampleLine(tr("Bookkeeping services, monthly"), 1, tr("pc"), 320.0),
            SampleLine(tr("Advisory hours"), 6.5, tr("h"), 85.0),
        ),
        tax_rate=rate,
        currency=values["document_currency"],
        locale=_text(entity, "locale") or "en-GB",
        note=rendered("default_invoice_note"),
        payment_terms=rendered("default_invoice_payment_terms"),
        payment_lines=tuple(payment),
        footer=rendered("document_footer"),
        signature=rendered("default_document_signature"),
        logo=logo,
        logo_scale=_whole(effective.get("logo_scale_percent"), 100, 10, 200),
        labels=labels(),
    )
