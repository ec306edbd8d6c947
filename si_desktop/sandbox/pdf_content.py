"""What a document's PDF says: every word, amount and date already written for the
customer in the document's language, and the branding of the document's business unit.

Built from the stored records (entity, unit, document, the files of its logo and signature)
by the rules the app previews with: `core.branding.effective_settings` for the unit over the
client, `core.document_words` for the words, `core.formatting` for money, dates, rates and
quantities, `core.templates` for the placeholders in the note, terms, footer and signature.
`pdf_layout.py` only draws what this module decided, so the two can be tested apart.

Settings are read as they are now, not as they were at issue time (the contract's choice).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from si_desktop.core import branding, formatting, templates
from si_desktop.core.document_words import title, words_for
from si_desktop.core.file_names import document_pdf_name

DEFAULT_COLOR = "#1d4ed8"
"""The primary colour of a client that has none (the app's previews use the same)."""
DEFAULT_TEMPLATE = "modern"


@dataclass(frozen=True, slots=True)
class Image:
    """A logo or signature image as uploaded (PNG, JPEG, GIF, WEBP or SVG)."""

    data: bytes
    mime_type: str


@dataclass(frozen=True, slots=True)
class Item:
    """One line of the table, every cell already written."""

    name: str
    description: str
    quantity: str
    price: str
    discount: str
    tax: str
    amount: str


@dataclass(frozen=True, slots=True)
class TaxRow:
    """One line of the tax summary: the rate's label, the base it applies to, the tax."""

    label: str
    base: str
    amount: str


@dataclass(frozen=True, slots=True)
class PdfContent:
    """Everything a template draws. All text is plain (never markup)."""

    template: str
    color: str
    """The primary colour as `#rrggbb`."""
    locale: str
    words: Mapping[str, str]
    doc_type: str
    title: str
    number: str
    """The document's number; empty for a draft, which has none yet."""
    mark: str
    """Written across every page: the language's DRAFT or VOID, or empty."""
    seller_name: str
    seller_lines: tuple[str, ...]
    unit_name: str
    customer_name: str
    customer_lines: tuple[str, ...]
    facts: tuple[tuple[str, str], ...]
    items: tuple[Item, ...]
    show_discount: bool
    show_tax: bool
    tax_rows: tuple[TaxRow, ...]
    totals: tuple[tuple[str, str], ...]
    """Subtotal and each tax, above the total."""
    total: tuple[str, str]
    balance: tuple[tuple[str, str], ...]
    """Paid and amount due, when something has been paid."""
    texts: tuple[str, ...]
    """Note and payment terms, placeholders filled."""
    payment_lines: tuple[str, ...]
    footer: str
    signature: str
    logo: Image | None
    logo_scale: int
    signature_image: Image | None
    file_name: str

    @property
    def heading(self) -> str:
        """`Račun 2026-00143`, or the title alone for a draft."""
        return f"{self.title} {self.number}".strip()

    def word(self, key: str) -> str:
        return self.words.get(key, key)


def _text(source: Mapping[str, Any] | None, key: str) -> str:
    if not isinstance(source, Mapping):
        return ""
    value = source.get(key)
    if isinstance(value, bool) or value is None:
        return ""
    return str(value).strip() if isinstance(value, str | int | float) else ""


def _mapping(source: object, key: str) -> Mapping[str, Any]:
    value = source.get(key) if isinstance(source, Mapping) else None
    return value if isinstance(value, Mapping) else {}


def _amount(value: object) -> Decimal | None:
    """A stored JSON number as the Decimal it was written from."""
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        return None
    try:
        found = Decimal(str(value))
    except InvalidOperation:
        return None
    return found if found.is_finite() else None


def _day(value: object) -> datetime.date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _address_lines(source: Mapping[str, Any], locale: str) -> list[str]:
    """Street, place and country, the country named in the document's language."""
    code = _text(source, "country_code")
    country = formatting.territory(code, locale) if code else _text(source, "country")
    places = formatting.place_lines(_text(source, "post_code"), _text(source, "city"),
                                    _text(source, "state"), code)
    lines = [_text(source, "address"), _text(source, "address_2"), *places, country]
    return [line for line in lines if line]


def _seller_lines(entity: Mapping[str, Any], unit: Mapping[str, Any] | None,
                  locale: str, words: Mapping[str, str]) -> tuple[str, ...]:
    """The issuer's address (the unit's, when it has one), tax number and contacts."""
    lines = _address_lines(entity, locale)
    if unit is not None and _address_lines(unit, locale):
        lines = _address_lines(unit, locale)
    tax_number = _text(entity, "tax_number")
    if tax_number:
        lines.append(f"{words['tax_number']}: {tax_number}")
    for key in ("email", "phone", "website"):
        found = (_text(unit, key) if unit is not None else "") or _text(entity, key)
        if found:
            lines.append(found)
    return tuple(lines)


def _customer_lines(customer: Mapping[str, Any], locale: str,
                    words: Mapping[str, str]) -> tuple[str, ...]:
    lines = _address_lines(customer, locale)
    tax_number = _text(customer, "tax_number")
    if tax_number:
        lines.append(f"{words['tax_number']}: {tax_number}")
    return tuple(lines)


def _color(settings: Mapping[str, Any]) -> str:
    try:
        return branding.parse_color(settings.get("primary_color"))
    except ValueError:
        return DEFAULT_COLOR


def _template(settings: Mapping[str, Any]) -> str:
    found = settings.get("pdf_template")
    return found if isinstance(found, str) and found in branding.KNOWN_TEMPLATES else (
        DEFAULT_TEMPLATE)


def _logo_scale(settings: Mapping[str, Any]) -> int:
    value = settings.get("logo_scale_percent")
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 100
    return max(10, min(200, int(value)))


class _Writer:
    """Money, rates, quantities and dates of one document in one language."""

    def __init__(self, currency: str, locale: str) -> None:
        self.currency = currency
        self.locale = locale

    def money(self, value: object) -> str:
        amount = _amount(value)
        return "" if amount is None else formatting.money(amount, self.currency, self.locale)

    def rate(self, value: object) -> str:
        amount = _amount(value)
        return "" if amount is None else formatting.percent(amount, self.locale)

    def quantity(self, value: object, unit: str) -> str:
        amount = _amount(value)
        text = "" if amount is None else formatting.quantity(amount, self.locale)
        return f"{text} {unit}".strip()

    def day(self, value: object) -> str:
        found = _day(value)
        return "" if found is None else formatting.date(found, self.locale)


def _discount_text(item: Mapping[str, Any], write: _Writer) -> str:
    """A line's discounts as given: `10 %`, `5,00 €`, or both."""
    parts = []
    for discount in item.get("discounts") or ():
        if not isinstance(discount, Mapping):
            continue
        if discount.get("type") == "amount":
            parts.append(write.money(discount.get("value")))
        else:
            parts.append(write.rate(discount.get("value")))
    return " + ".join(part for part in parts if part)


def _taxes_of(item: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [tax for tax in item.get("taxes") or () if isinstance(tax, Mapping)]


def _unit_price(item: Mapping[str, Any], currency: str) -> Decimal | None:
    """The net unit price: as given, or for a gross-priced line the gross price without
    its taxes (so that every price in the column is net, like the amounts)."""
    price = _amount(item.get("price"))
    if price is not None:
        return price
    gross = _amount(item.get("gross_price"))
    if gross is None:
        return None
    rates = sum((_amount(t.get("rate")) or Decimal(0) for t in _taxes_of(item)), Decimal(0))
    return formatting.round_money(gross / (1 + rates / 100), currency)


def _items(document: Mapping[str, Any], write: _Writer) -> tuple[Item, ...]:
    found = []
    for item in document.get("items") or ():
        if not isinstance(item, Mapping):
            continue
        taxes = " + ".join(write.rate(tax.get("rate")) for tax in _taxes_of(item))
        found.append(Item(
            name=_text(item, "name"),
            description=_text(item, "description"),
            quantity=write.quantity(item.get("quantity"), _text(item, "unit")),
            price=write.money(_unit_price(item, write.currency)),
            discount=_discount_text(item, write),
            tax=taxes,
            amount=write.money(item.get("total")),
        ))
    return tuple(found)


def _tax_rows(document: Mapping[str, Any], write: _Writer,
              words: Mapping[str, str]) -> tuple[TaxRow, ...]:
    rows = []
    for tax in document.get("taxes") or ():
        if isinstance(tax, Mapping):
            rows.append(TaxRow(f"{words['vat']} {write.rate(tax.get('rate'))}",
                               write.money(tax.get("base")), write.money(tax.get("amount"))))
    return tuple(rows)


def _facts(document: Mapping[str, Any], write: _Writer, words: Mapping[str, str],
           linked: Sequence[str]) -> tuple[tuple[str, str], ...]:
    rows = [(words["date"], write.day(document.get("date")))]
    if document.get("date_service"):
        rows.append((words["service_date"], write.day(document.get("date_service"))))
    if document.get("date_due"):
        rows.append((words["due_date"], write.day(document.get("date_due"))))
    if document.get("date_valid_till"):
        rows.append((words["valid_until"], write.day(document.get("date_valid_till"))))
    reference = _text(document, "reference")
    if reference:
        rows.append((words["reference"], reference))
    if linked:
        rows.append((words["refers_to"], ", ".join(linked)))
    return tuple((label, value) for label, value in rows if value)


def _payment_lines(settings: Mapping[str, Any], words: Mapping[str, str],
                   number: str) -> tuple[str, ...]:
    """The default bank account, as the customer needs it to pay (invoices only)."""
    accounts = [a for a in settings.get("bank_accounts") or () if isinstance(a, Mapping)]
    if not accounts:
        return ()
    account = next((a for a in accounts if a.get("is_default") is True), accounts[0])
    lines = []
    for key, word in (("bank_name", "bank"), ("iban", "iban"), ("account_number", "account"),
                      ("bic", "bic"), ("routing_number", "routing"),
                      ("sort_code", "sort_code")):
        value = _text(account, key)
        if value:
            lines.append(f"{words[word]}: {value}")
    if lines and number:
        lines.append(f"{words['reference']}: {number}")
    return tuple(lines)


def _mark(document: Mapping[str, Any], words: Mapping[str, str]) -> str:
    if document.get("voided_at"):
        return words["void"]
    if document.get("is_draft"):
        return words["draft"]
    return ""


def build_content(
    entity: Mapping[str, Any],
    unit: Mapping[str, Any] | None,
    document: Mapping[str, Any],
    *,
    locale: str | None = None,
    logo: Image | None = None,
    signature: Image | None = None,
    linked_numbers: Sequence[str] = (),
    today: datetime.date | None = None,
) -> PdfContent:
    """The PDF of `document` as the customer receives it, in `locale` (by default the
    client's own), branded by the effective settings of its unit."""
    locale = locale or formatting.client_locale(entity)
    words = words_for(locale)
    settings = branding.effective_settings(_mapping(entity, "settings"),
                                           _mapping(unit, "settings") if unit else None)
    doc_type = _text(document, "type") or "invoice"
    currency = _text(document, "currency_code") or _text(entity, "currency_code") or "EUR"
    write = _Writer(currency, locale)
    draft = document.get("is_draft") is True
    number = "" if draft else _text(document, "number")
    values = templates.document_values(entity, unit, document, locale=locale, today=today)

    def filled(key: str) -> str:
        value = document.get(key)
        return templates.render(value, values).strip() if isinstance(value, str) else ""

    paid = _amount(document.get("total_paid")) or Decimal(0)
    balance: tuple[tuple[str, str], ...] = ()
    if paid and doc_type != "estimate":
        balance = ((words["paid"], write.money(paid)),
                   (words["amount_due"], write.money(document.get("total_due"))))
    items = _items(document, write)
    tax_rows = _tax_rows(document, write, words)
    customer = _mapping(document, "customer")
    return PdfContent(
        template=_template(settings),
        color=_color(settings),
        locale=locale,
        words=words,
        doc_type=doc_type,
        title=title(doc_type, locale),
        number=number,
        mark=_mark(document, words),
        seller_name=_text(entity, "name"),
        seller_lines=_seller_lines(entity, unit, locale, words),
        unit_name=_text(unit, "name") if unit is not None else "",
        customer_name=_text(customer, "name"),
        customer_lines=_customer_lines(customer, locale, words),
        facts=_facts(document, write, words, linked_numbers),
        items=items,
        show_discount=any(item.discount for item in items),
        show_tax=any(item.tax for item in items),
        tax_rows=tax_rows,
        totals=((words["subtotal"], write.money(document.get("total"))),
                *((row.label, row.amount) for row in tax_rows)),
        total=(words["total"], write.money(document.get("total_with_tax"))),
        balance=balance,
        texts=tuple(text for text in (filled("note"), filled("payment_terms")) if text),
        payment_lines=(_payment_lines(settings, words, number)
                       if doc_type == "invoice" else ()),
        footer=filled("footer"),
        signature=filled("signature"),
        logo=logo,
        logo_scale=_logo_scale(settings),
        signature_image=signature,
        file_name=document_pdf_name(doc_type, _text(document, "number"), locale),
    )
