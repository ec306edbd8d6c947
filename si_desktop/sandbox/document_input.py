"""A document's request body read and checked (CONTRACT.md, "Documents"): every problem
becomes an `Issue` with the path of its field, all of them found in one pass, before anything
is looked up in the database.

What needs the database (does the unit exist and is it active, is the tax the entity's) is
checked by `documents.py`; how totals are computed is `si_desktop.core.document_totals`.
Numbers arrive as `int` or `Decimal` (the body is parsed with `parse_float=Decimal`); text
holding a number is refused, as the vendor's schema types these fields as numbers.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from si_desktop.core import limits
from si_desktop.core.document_totals import MAX_DISCOUNTS, MAX_RATE, MIN_RATE, Discount
from si_desktop.sandbox.errors import Issue, Path
from si_desktop.sandbox.validation import id_issue, metadata_issues

DOCUMENT_TYPES: dict[str, str] = {"invoice": "inv", "estimate": "est", "credit_note": "cre"}
"""Document type → id prefix."""
TYPE_OF_PREFIX = {prefix: doc_type for doc_type, prefix in DOCUMENT_TYPES.items()}
TEXT_FIELDS: tuple[str, ...] = ("note", "payment_terms", "footer", "signature", "reference")
CUSTOMER_TEXT_FIELDS: tuple[str, ...] = (
    "name", "email", "address", "address_2", "post_code", "city", "state", "country",
    "country_code", "tax_number", "company_number", "phone",
)
COMPUTED_FIELDS: tuple[str, ...] = (
    "number", "total", "total_discount", "taxes", "total_with_tax", "total_paid", "total_due",
    "paid_in_full",
)
"""What the server gives a document; a create body that carries one is refused."""
MAX_MAGNITUDE = Decimal(10) ** 12
"""Amounts and quantities stay below a trillion, and no number has more than 15 significant
digits, so that each one is stored and answered exactly as a JSON number."""
MAX_DIGITS = 15
_CURRENCY = re.compile(r"[A-Z]{3}")


@dataclass
class TaxRef:
    """A tax named on an item: by id, by rate, or both (then they must agree)."""

    path: Path
    tax_id: str | None = None
    rate: Decimal | None = None


@dataclass
class ItemInput:
    index: int
    name: str | None
    quantity: Decimal
    price: Decimal | None
    gross_price: Decimal | None
    discounts: list[Discount] = field(default_factory=list)
    taxes: list[TaxRef] = field(default_factory=list)
    description: str | None = None
    unit: str | None = None
    item_id: str | None = None


@dataclass
class DocumentInput:
    """What a create or update body says; for an update, `given` names the keys it sent."""

    given: set[str] = field(default_factory=set)
    items: list[ItemInput] | None = None
    is_draft: bool = False
    dates: dict[str, datetime.date | None] = field(default_factory=dict)
    currency_code: str | None = None
    customer_id: str | None = None
    customer: dict[str, Any] | None = None
    save_customer: bool = False
    business_unit_id: str | None = None
    texts: dict[str, str | None] = field(default_factory=dict)
    metadata: dict[str, str] | None = None
    linked_documents: list[str] | None = None


def parse_date(value: object, path: Path, issues: list[Issue]) -> datetime.date | None:
    """`YYYY-MM-DD`, or a full timestamp whose date counts; `None` stays `None`."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        try:
            if len(text) == 10:
                return datetime.date.fromisoformat(text)
            return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        except ValueError:
            pass
    issues.append(Issue(path, "A date is written YYYY-MM-DD (for example 2026-03-09).",
                        "invalid_date"))
    return None


def read_number(value: object, path: Path, issues: list[Issue]) -> Decimal | None:
    """A JSON number as `Decimal`; anything else (text, true/false, null) is an issue."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        issues.append(Issue(path, "A number is expected.", "invalid_type"))
        return None
    number = Decimal(value)
    if not number.is_finite() or abs(number) >= MAX_MAGNITUDE:
        issues.append(Issue(path, "The number must be below a trillion.", "too_big"))
        return None
    if len(number.as_tuple().digits) > MAX_DIGITS:
        issues.append(Issue(path, f"A number may have at most {MAX_DIGITS} significant digits.",
                            "too_precise"))
        return None
    return number


def _text(value: object, path: Path, issues: list[Issue], *, required: bool = False
          ) -> str | None:
    if value is None:
        if required:
            issues.append(Issue(path, "This field is required.", "required"))
        return None
    if not isinstance(value, str):
        issues.append(Issue(path, "Text is expected.", "invalid_type"))
        return None
    if required and not value.strip():
        issues.append(Issue(path, "This field cannot be empty.", "too_small"))
        return None
    return value


def _bool(body: Mapping[str, Any], key: str, issues: list[Issue]) -> bool:
    value = body.get(key)
    if value is None:
        return False
    if not isinstance(value, bool):
        issues.append(Issue([key], "true or false is expected.", "invalid_type"))
        return False
    return value


def read_customer(value: object, path: Path, issues: list[Issue], *, name_required: bool
                  ) -> dict[str, Any] | None:
    """A customer object (the document's `customer`, or a customer record's fields)."""
    if value is None:
        return None
    if not isinstance(value, Mapping):
        issues.append(Issue(path, "The customer must be an object.", "invalid_type"))
        return None
    given = {key: value[key] for key in CUSTOMER_TEXT_FIELDS if key in value}
    before = len(issues)
    for key, message in limits.entity_problems(
        {k: v for k, v in given.items() if v is not None}, creating=False
    ).items():
        issues.append(Issue([*path, key], message.replace("Name", "The customer's name"),
                            "invalid_string"))
    if name_required and value.get("name") is None:
        issues.append(Issue([*path, "name"], "The customer's name is required.", "required"))
    if "is_end_consumer" in value and value["is_end_consumer"] is not None and not isinstance(
        value["is_end_consumer"], bool
    ):
        issues.append(Issue([*path, "is_end_consumer"], "true or false is expected.",
                            "invalid_type"))
    customer = dict(given)
    if "is_end_consumer" in value:
        customer["is_end_consumer"] = value["is_end_consumer"]
    return customer if len(issues) == before else None


def _discounts(value: object, path: Path, issues: list[Issue]) -> list[Discount]:
    if value is None:
        return []
    if not isinstance(value, list):
        issues.append(Issue(path, "Discounts are a list.", "invalid_type"))
        return []
    if len(value) > MAX_DISCOUNTS:
        issues.append(Issue(path, f"An item can have at most {MAX_DISCOUNTS} discounts; this "
                            f"one has {len(value)}.", "too_big"))
        return []
    found: list[Discount] = []
    for index, raw in enumerate(value):
        where = [*path, index]
        if not isinstance(raw, Mapping):
            issues.append(Issue(where, "A discount is an object {value, type}.", "invalid_type"))
            continue
        kind = raw.get("type", "percent")
        if kind not in ("percent", "amount"):
            issues.append(Issue([*where, "type"], "A discount's type is percent or amount.",
                                "invalid_enum_value"))
            continue
        amount = read_number(raw.get("value"), [*where, "value"], issues)
        if amount is None:
            continue
        if amount < 0:
            issues.append(Issue([*where, "value"], "A discount cannot be negative.",
                                "too_small"))
        elif kind == "percent" and amount > 100:
            issues.append(Issue([*where, "value"], "A percentage discount is at most 100.",
                                "too_big"))
        else:
            found.append(Discount(amount, "percent" if kind == "percent" else "amount"))
    return found


def _rate(value: object, path: Path, issues: list[Issue]) -> Decimal | None:
    rate = read_number(value, path, issues)
    if rate is not None and not MIN_RATE <= rate <= MAX_RATE:
        issues.append(Issue(path, "A tax rate is a percentage from 0 to 100.",
                            "too_small" if rate < MIN_RATE else "too_big"))
        return None
    return rate


def _taxes(value: object, path: Path, issues: list[Issue], max_taxes: int) -> list[TaxRef]:
    if value is None:
        return []
    if not isinstance(value, list):
        issues.append(Issue(path, "Taxes are a list.", "invalid_type"))
        return []
    if len(value) > max_taxes:
        issues.append(Issue(path, f"This client's country allows {max_taxes} tax"
                            f"{'' if max_taxes == 1 else 'es'} per item; this one has "
                            f"{len(value)}.", "too_big"))
        return []
    found: list[TaxRef] = []
    for index, raw in enumerate(value):
        where = [*path, index]
        if not isinstance(raw, Mapping) or (raw.get("tax_id") is None
                                            and raw.get("rate") is None):
            issues.append(Issue(where, "A tax is {tax_id} or {rate}.", "invalid_type"))
            continue
        ref = TaxRef(where)
        if raw.get("tax_id") is not None:
            issue = id_issue(raw["tax_id"], "tax", [*where, "tax_id"])
            if issue is not None:
                issues.append(issue)
                continue
            ref.tax_id = str(raw["tax_id"])
        if raw.get("rate") is not None:
            ref.rate = _rate(raw["rate"], [*where, "rate"], issues)
            if ref.rate is None:
                continue
        found.append(ref)
    ids = [ref.tax_id for ref in found if ref.tax_id is not None]
    if len(ids) != len(set(ids)):
        issues.append(Issue(path, "An item names the same tax twice.", "duplicate"))
    return found


def read_item(raw: object, index: int, issues: list[Issue], *, credit_note: bool,
              max_taxes: int) -> ItemInput | None:
    path: Path = ["items", index]
    if not isinstance(raw, Mapping):
        issues.append(Issue(path, "An item is an object.", "invalid_type"))
        return None
    before = len(issues)
    name = _text(raw.get("name"), [*path, "name"], issues, required=True)
    item_id = raw.get("item_id")
    if item_id is not None:
        issue = id_issue(item_id, "item", [*path, "item_id"])
        if issue is not None:
            issues.append(issue)
    quantity: Decimal | None = Decimal(1)
    if raw.get("quantity") is not None:
        quantity = read_number(raw["quantity"], [*path, "quantity"], issues)
    price_given, gross_given = raw.get("price") is not None, raw.get("gross_price") is not None
    price = gross = None
    if price_given and gross_given:
        issues.append(Issue([*path, "gross_price"], "Send price or gross_price, not both.",
                            "invalid_combination"))
    elif not price_given and not gross_given:
        issues.append(Issue([*path, "price"], "An item needs a price (or a gross_price).",
                            "required"))
    elif price_given:
        price = read_number(raw["price"], [*path, "price"], issues)
    else:
        gross = read_number(raw["gross_price"], [*path, "gross_price"], issues)
    if credit_note:
        for key, value in (("quantity", quantity), ("price", price), ("gross_price", gross)):
            if value is not None and value < 0:
                issues.append(Issue([*path, key], "A credit note carries positive values; the "
                                    "service applies the sign.", "too_small"))
    discounts = _discounts(raw.get("discounts"), [*path, "discounts"], issues)
    taxes = _taxes(raw.get("taxes"), [*path, "taxes"], issues, max_taxes)
    description = _text(raw.get("description"), [*path, "description"], issues)
    unit = _text(raw.get("unit"), [*path, "unit"], issues)
    if len(issues) != before or quantity is None:
        return None
    return ItemInput(index, name, quantity, price, gross, discounts, taxes, description, unit,
                     None if item_id is None else str(item_id))


def _items(body: Mapping[str, Any], issues: list[Issue], *, credit_note: bool,
           max_taxes: int) -> list[ItemInput] | None:
    value = body.get("items")
    if value is None:
        issues.append(Issue(["items"], "A document needs at least one item.", "required"))
        return None
    if not isinstance(value, list):
        issues.append(Issue(["items"], "Items are a list.", "invalid_type"))
        return None
    if not value:
        issues.append(Issue(["items"], "A document needs at least one item.", "too_small"))
        return None
    items = [read_item(raw, index, issues, credit_note=credit_note, max_taxes=max_taxes)
             for index, raw in enumerate(value)]
    return [item for item in items if item is not None]


DATE_FIELDS: dict[str, tuple[str, ...]] = {
    "invoice": ("date", "date_due", "date_service"),
    "estimate": ("date", "date_valid_till", "date_service"),
    "credit_note": ("date", "date_service"),
}


def read_document(body: Mapping[str, Any], doc_type: str, *, creating: bool, max_taxes: int
                  ) -> tuple[DocumentInput, list[Issue]]:
    """The body of a create (`creating`) or an update, and every problem in it."""
    issues: list[Issue] = []
    found = DocumentInput(given=set(body))
    if creating:
        for key in COMPUTED_FIELDS:
            if body.get(key) is not None:
                issues.append(Issue([key], f"{key} is given by the service, never sent.",
                                    "read_only"))
    if creating or "items" in body:
        found.items = _items(body, issues, credit_note=doc_type == "credit_note",
                             max_taxes=max_taxes)
    found.is_draft = _bool(body, "is_draft", issues)
    for key in ("date_due", "date_valid_till"):
        if body.get(key) is not None and key not in DATE_FIELDS[doc_type]:
            issues.append(Issue([key], f"A {doc_type.replace('_', ' ')} has no {key}.",
                                "unrecognized_key"))
    for key in DATE_FIELDS[doc_type]:
        if key in body:
            found.dates[key] = parse_date(body[key], [key], issues)
    if "date" in body and body["date"] is None:
        issues.append(Issue(["date"], "A document has a date.", "required"))
    if body.get("currency_code") is not None:
        code = body["currency_code"]
        if not isinstance(code, str) or not _CURRENCY.fullmatch(code):
            issues.append(Issue(["currency_code"], "A currency is three capital letters, "
                                "such as EUR.", "invalid_string"))
        else:
            found.currency_code = code
    for key, prefix in (("customer_id", "cus"), ("business_unit_id", "unit")):
        if body.get(key) is not None:
            issue = id_issue(body[key], prefix, [key])
            if issue is not None:
                issues.append(issue)
            else:
                setattr(found, key, str(body[key]))
    found.customer = read_customer(body.get("customer"), ["customer"], issues,
                                   name_required=body.get("customer_id") is None)
    found.save_customer = _bool(body, "save_customer", issues)
    if found.save_customer and body.get("customer") is None:
        issues.append(Issue(["save_customer"], "save_customer needs a customer to save.",
                            "invalid_combination"))
    for key in TEXT_FIELDS:
        if key in body:
            found.texts[key] = _text(body[key], [key], issues)
    if body.get("metadata") is not None:
        more = metadata_issues(body["metadata"])
        issues += more
        if not more:
            found.metadata = dict(body["metadata"])
    if body.get("linked_documents") is not None:
        found.linked_documents = _linked(body["linked_documents"], issues)
    return found, issues


def _linked(value: object, issues: list[Issue]) -> list[str] | None:
    if not isinstance(value, list):
        issues.append(Issue(["linked_documents"], "Linked documents are a list of ids.",
                            "invalid_type"))
        return None
    found: list[str] = []
    for index, item in enumerate(value):
        prefix = item.split("_", 1)[0] if isinstance(item, str) else ""
        issue = id_issue(item, prefix if prefix in TYPE_OF_PREFIX else "inv",
                         ["linked_documents", index])
        if issue is not None:
            issues.append(issue)
        else:
            found.append(str(item))
    return found
