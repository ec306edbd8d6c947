"""Template placeholders (`{entity_name}`, `{bank_account.iban}`, …) in e-mail defaults, notes
and footers: finding them, spotting unknown ones, and previewing a template with believable
values taken from the client's own data.

Rendering is a single pass of plain substitution: a value is never expanded again and nothing
is evaluated, so a client's text can never run or reveal anything (no `str.format`).

Sample values are written as the client's customers read them (`core/formatting.py`): dates
and amounts in the client's locale, phrases in its language (`core/document_words.py`), and
the document's total, number and customer those of the sample the branding preview draws
(`core/sample_document.py`), so the e-mail and the page agree. `{document_total}` is the
amount without the currency, as the vendor means it: its own default body writes
`{document_total} {document_currency}`, which would otherwise name the currency twice.
`{total_amount}` and the amounts in `{invoice_list}` carry their currency, having no
companion placeholder.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from si_desktop.core import formatting, numbering
from si_desktop.core.branding import effective_settings, flat_email_defaults
from si_desktop.core.document_words import title, words_for
from si_desktop.core.sample_document import sample_document


@dataclass(frozen=True, slots=True)
class PlaceholderInfo:
    """One known placeholder, for an "Insert placeholder" menu."""

    name: str
    description: str

    @property
    def token(self) -> str:
        """The placeholder as it is written in a template."""
        return "{" + self.name + "}"


@dataclass(frozen=True, slots=True)
class PlaceholderGroup:
    """A submenu of related placeholders."""

    name: str
    placeholders: tuple[PlaceholderInfo, ...]


@dataclass(frozen=True, slots=True)
class Placeholder:
    """One placeholder found in a text, with its span (end exclusive) for highlighting."""

    name: str
    start: int
    end: int


def _group(name: str, *items: tuple[str, str]) -> PlaceholderGroup:
    return PlaceholderGroup(name, tuple(PlaceholderInfo(n, d) for n, d in items))


PLACEHOLDER_GROUPS: tuple[PlaceholderGroup, ...] = (
    _group(
        "Company",
        ("entity_name", "The client business's name"),
        ("entity_email", "Its e-mail address"),
        ("entity_address", "Its street address"),
        ("entity_post_code", "Its post code"),
        ("entity_city", "Its city"),
        ("entity_country", "Its country"),
        ("entity_tax_number", "Its tax (VAT) number"),
        ("entity_company_number", "Its company registration number"),
        ("entity_starting_capital", "Its registered starting capital"),
    ),
    _group("Business unit", ("unit_name", "The business unit's name")),
    _group(
        "Document",
        ("document_number", "The document's number"),
        ("document_date", "The date it was issued"),
        ("document_due_date", "The date payment is due"),
        ("document_valid_until", "The last day an estimate is valid"),
        ("document_total", "The total with tax, without the currency: {document_currency} "
                           "follows it"),
        ("document_currency", "The currency code"),
    ),
    _group(
        "Customer",
        ("customer_name", "The customer's name"),
        ("customer_email", "The customer's e-mail address"),
    ),
    _group(
        "Reminders",
        ("invoice_list", "The list of overdue invoices"),
        ("payment_instructions", "How to pay"),
        ("total_amount", "The total amount overdue, with its currency"),
        ("overdue_count", "How many invoices are overdue"),
    ),
    _group(
        "Bank account",
        ("bank_account", "The default bank account, in one line"),
        ("bank_account.iban", "Its IBAN"),
        ("bank_account.bank_name", "Its bank's name"),
        ("bank_account.bic", "Its BIC (SWIFT code)"),
        ("bank_account.account_number", "Its account number"),
        ("iban", "The default account's IBAN"),
        ("bic", "The default account's BIC (SWIFT code)"),
        ("bank_name", "The default account's bank name"),
        ("account_number", "The default account's account number"),
        ("routing_number", "The default account's routing number (US)"),
        ("sort_code", "The default account's sort code (UK)"),
    ),
    _group(
        "Other",
        ("current_date", "Today's date"),
        ("current_year", "This year"),
        ("invoice_link", "A link where the customer can view the document"),
    ),
)
"""The contract's placeholders, grouped as CONTRACT.md lists them."""

KNOWN_PLACEHOLDERS: frozenset[str] = frozenset(
    info.name for group in PLACEHOLDER_GROUPS for info in group.placeholders
)

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\}")


def find_placeholders(text: str) -> list[Placeholder]:
    """Every placeholder in the text with its span, in order of appearance."""
    return [Placeholder(m.group(1), m.start(), m.end()) for m in _PLACEHOLDER.finditer(text)]


def placeholders(text: str) -> list[str]:
    """The placeholder names in the text in order of appearance, repeats included.

    A name is letters, digits and underscores, with dots between parts
    (`bank_account.iban`); other braces (`{ x }`, `{}`) are not placeholders.
    """
    return [found.name for found in find_placeholders(text)]


def unknown(text: str) -> list[str]:
    """Placeholder names the contract does not know, each once, in order of appearance."""
    return list(dict.fromkeys(n for n in placeholders(text) if n not in KNOWN_PLACEHOLDERS))


def closest_known(name: str) -> str | None:
    """The known placeholder a mistyped name most likely meant, for "did you mean"."""
    if name in KNOWN_PLACEHOLDERS:
        return name
    lowered = name.strip().lower()
    if lowered in KNOWN_PLACEHOLDERS:
        return lowered
    matches = difflib.get_close_matches(lowered, sorted(KNOWN_PLACEHOLDERS), n=1, cutoff=0.6)
    return matches[0] if matches else None


def render(text: str, values: Mapping[str, str]) -> str:
    """The text with every known placeholder that has a value replaced by it.

    Unknown placeholders, known ones without a value, and any other braces stay exactly as
    written, so a preview shows what is missing.
    """

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        value = values.get(name) if name in KNOWN_PLACEHOLDERS else None
        return value if isinstance(value, str) else match.group(0)

    return _PLACEHOLDER.sub(replace, text)


# --- sample values -----------------------------------------------------------------------

SAMPLE_OVERDUE = (Decimal("480.00"), Decimal("754.50"))
SAMPLE_LINK = "https://invoices.example.com/view/sample"


def _text(source: Mapping[str, Any] | None, key: str) -> str | None:
    """A field as non-empty text, or `None` when it is missing, empty or not text-like."""
    if not isinstance(source, Mapping):
        return None
    value = source.get(key)
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _as_mapping(value: object) -> Mapping[str, Any] | None:
    """The value when it is a mapping; previews are fed cached JSON of any shape."""
    return value if isinstance(value, Mapping) else None


def _mapping(source: object, key: str) -> Mapping[str, Any]:
    value = source.get(key) if isinstance(source, Mapping) else None
    return value if isinstance(value, Mapping) else {}


def _whole(value: object, default: int, low: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        return default
    return value


def _capital(value: object) -> Decimal | None:
    """The starting capital as a Decimal (JSON gives a number), or None."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        found = Decimal(str(value))
    except InvalidOperation:
        return None
    return found if found.is_finite() else None


def _default_bank_account(settings: Mapping[str, Any]) -> Mapping[str, Any] | None:
    accounts = settings.get("bank_accounts")
    if not isinstance(accounts, list):
        return None
    usable = [account for account in accounts if isinstance(account, Mapping)]
    for account in usable:
        if account.get("is_default") is True:
            return account
    return usable[0] if usable else None


def _number_format(
    settings: Mapping[str, Any], unit: Mapping[str, Any] | None, doc_type: str
) -> tuple[str, int, int | None]:
    """The client's own format for the document type (the shared unit format under a unit),
    its first number and the unit's index; the default format when the client's is missing
    or invalid."""
    starts = _mapping(settings, "number_sequence_starts")
    first = _whole(starts.get(doc_type), 1, low=1)
    if unit is not None:
        formats = settings.get("unit_number_formats")
        fmt = formats.get(doc_type) if isinstance(formats, Mapping) else formats
        if not isinstance(fmt, str) or numbering.problems(fmt, unit=True):
            fmt = numbering.DEFAULT_UNIT_FORMAT
        return fmt, first, _whole(unit.get("numbering_index"), 1)
    fmt = _mapping(settings, "number_formats").get(doc_type)
    if not isinstance(fmt, str) or numbering.problems(fmt):
        fmt = numbering.DEFAULT_FORMAT
    return fmt, first, None


def sample_values(
    entity: Mapping[str, Any],
    unit: Mapping[str, Any] | None = None,
    *,
    doc_type: str = "invoice",
    today: datetime.date | None = None,
) -> dict[str, str]:
    """Believable values for a template preview, built from the client's own data.

    The client's fields are used where it has them; a placeholder whose data the client
    lacks (no e-mail, no bank account, …) is left out, so the preview keeps it visible as
    `{entity_email}` instead of inventing a value. Document, customer and date values are
    always given, written in the client's locale. Missing, `None` or oddly typed fields
    never raise.
    """
    today = today or datetime.date.today()
    entity = _as_mapping(entity) or {}
    unit = _as_mapping(unit)
    settings = effective_settings(
        _mapping(entity, "settings"), _mapping(unit, "settings") if unit else None
    )
    currency = _text(entity, "currency_code") or "EUR"
    locale = formatting.client_locale(entity)
    words = words_for(locale)
    sample = sample_document(entity)
    fmt, first, unit_index = _number_format(_mapping(entity, "settings"), unit, doc_type)
    number = numbering.render(fmt, number=first, on=today, unit_index=unit_index)
    invoice_fmt, invoice_first, _ = _number_format(_mapping(entity, "settings"), unit, "invoice")
    due_days = _whole(settings.get("default_invoice_due_days"), 30)
    valid_days = _whole(settings.get("default_estimate_valid_days"), 30)

    def money(amount: Decimal) -> str:
        return formatting.money(amount, currency, locale)

    def day(value: datetime.date) -> str:
        return formatting.date(value, locale)

    values: dict[str, str] = {
        "entity_name": _text(entity, "name") or words["your_company"],
        "unit_name": (_text(unit, "name") if unit else None) or words["head_office"],
        "document_number": number,
        "document_date": day(today),
        "document_due_date": day(today + datetime.timedelta(days=due_days)),
        "document_valid_until": day(today + datetime.timedelta(days=valid_days)),
        "document_total": formatting.bare_amount(sample.total, currency, locale),
        "document_currency": currency,
        "customer_name": sample.customer.name,
        "customer_email": sample.customer.email,
        "total_amount": money(sum(SAMPLE_OVERDUE, Decimal(0))),
        "overdue_count": str(len(SAMPLE_OVERDUE)),
        "current_date": day(today),
        "current_year": str(today.year),
        "invoice_link": SAMPLE_LINK,
    }
    values["invoice_list"] = "\n".join(
        numbering.render(invoice_fmt, number=invoice_first + i, on=today, unit_index=unit_index)
        + f" – {money(amount)}"
        for i, amount in enumerate(SAMPLE_OVERDUE)
    )

    _entity_values(values, entity, money)
    account = _default_bank_account(settings)
    if account is not None:
        _bank_values(values, account, words, money(sample.total), number)
    return values


def _entity_values(values: dict[str, str], entity: Mapping[str, Any],
                   money: Callable[[Decimal], str]) -> None:
    """The client's own fields it has (a missing one is left out, to stay visible)."""
    for placeholder, field in (
        ("entity_email", "email"),
        ("entity_post_code", "post_code"),
        ("entity_city", "city"),
        ("entity_country", "country"),
        ("entity_tax_number", "tax_number"),
        ("entity_company_number", "company_number"),
    ):
        found = _text(entity, field)
        if found is not None:
            values[placeholder] = found
    address = ", ".join(
        part for part in (_text(entity, "address"), _text(entity, "address_2")) if part
    )
    if address:
        values["entity_address"] = address
    capital = _capital(entity.get("starting_capital"))
    if capital is not None:
        values["entity_starting_capital"] = money(capital)


def _document_day(value: object) -> datetime.date | None:
    """A document date as the service sends it (`YYYY-MM-DD` or a full timestamp)."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None


def document_values(
    entity: Mapping[str, Any],
    unit: Mapping[str, Any] | None,
    document: Mapping[str, Any],
    *,
    locale: str | None = None,
    today: datetime.date | None = None,
) -> dict[str, str]:
    """The values of a real document's placeholders, for its e-mail, note and footer.

    Written as the customer reads them (dates and amounts in `locale`, by default the
    client's): `{document_total}` is the total with tax without the currency. A value the
    document or client lacks (an estimate has no due date, a client no bank account, no
    link exists) is left out, so the text keeps `{document_due_date}` visible and a sender
    can see what is missing. Oddly typed fields never raise.
    """
    today = today or datetime.date.today()
    entity = _as_mapping(entity) or {}
    unit = _as_mapping(unit)
    document = _as_mapping(document) or {}
    settings = effective_settings(
        _mapping(entity, "settings"), _mapping(unit, "settings") if unit else None
    )
    locale = locale or formatting.client_locale(entity)
    words = words_for(locale)
    currency = _text(document, "currency_code") or _text(entity, "currency_code") or "EUR"

    def money(amount: Decimal) -> str:
        return formatting.money(amount, currency, locale)

    values: dict[str, str] = {
        "document_currency": currency,
        "current_date": formatting.date(today, locale),
        "current_year": str(today.year),
    }
    name = _text(entity, "name")
    if name is not None:
        values["entity_name"] = name
    unit_name = (_text(unit, "name") if unit else None) or name
    if unit_name is not None:
        values["unit_name"] = unit_name
    number = _text(document, "number")
    if number is not None and document.get("is_draft") is not True:
        values["document_number"] = number
    for placeholder, field in (("document_date", "date"), ("document_due_date", "date_due"),
                               ("document_valid_until", "date_valid_till")):
        day = _document_day(document.get(field))
        if day is not None:
            values[placeholder] = formatting.date(day, locale)
    total = _capital(document.get("total_with_tax"))
    if total is not None:
        values["document_total"] = formatting.bare_amount(total, currency, locale)
    customer = _mapping(document, "customer")
    for placeholder, field in (("customer_name", "name"), ("customer_email", "email")):
        found = _text(customer, field)
        if found is not None:
            values[placeholder] = found
    _entity_values(values, entity, money)
    account = _default_bank_account(settings)
    if account is not None:
        due = _capital(document.get("total_due"))
        amount = due if due is not None else total
        _bank_values(values, account, words, money(amount) if amount is not None else "",
                     values.get("document_number", ""))
    return values


def _bank_values(values: dict[str, str], account: Mapping[str, Any], words: Mapping[str, str],
                 total: str, number: str) -> None:
    """The bank placeholders of the default account, labelled in the client's language."""
    fields = {
        key: found
        for key in ("iban", "bic", "bank_name", "account_number", "routing_number", "sort_code")
        if (found := _text(account, key)) is not None
    }
    for key, found in fields.items():
        values[key] = found
        if key in ("iban", "bic", "bank_name", "account_number"):
            values[f"bank_account.{key}"] = found
    summary = ", ".join(
        (label + " " if label else "") + found
        for label, key in (
            ("", "bank_name"),
            (words["iban"], "iban"),
            (words["account"], "account_number"),
            (words["bic"], "bic"),
            (words["routing"], "routing_number"),
            (words["sort_code"], "sort_code"),
        )
        if (found := fields.get(key)) is not None
    )
    if not summary:
        return
    values["bank_account"] = summary
    how = fields.get("iban") or fields.get("account_number")
    if how is not None:
        account_text = how + (f" ({fields['bic']})" if "bic" in fields else "")
        values["payment_instructions"] = (
            words["payment_instructions"]
            .replace("{amount}", total)
            .replace("{account}", account_text)
            .replace("{reference}", number)
        )


def email_template(
    entity: Mapping[str, Any], unit: Mapping[str, Any] | None, doc_type: str
) -> tuple[str, str]:
    """(subject, body) of the client's effective e-mail defaults for the document type
    (the unit's per key over the client's), placeholders not yet filled. A client without
    a subject for the type gets `"<Title> {document_number}"` in its language, so that a
    message never leaves without one; a missing body stays empty."""
    entity = _as_mapping(entity) or {}
    unit = _as_mapping(unit)
    settings = effective_settings(
        _mapping(entity, "settings"), _mapping(unit, "settings") if unit else None
    )
    defaults = flat_email_defaults(_mapping(settings, "email_defaults"))
    subject = defaults.get(f"{doc_type}_subject")
    body = defaults.get(f"{doc_type}_body")
    if not isinstance(subject, str) or not subject.strip():
        locale = formatting.client_locale(entity)
        subject = f"{title(doc_type, locale)} {{document_number}}"
    return subject, body if isinstance(body, str) else ""
