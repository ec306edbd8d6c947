"""Rules about documents (invoices, estimates, credit notes) that need no I/O: which type an
id names, reading the service's amounts and dates, and a document's status.

Amounts. The cache and the outbox hold a document as the JSON the service sent, where an
amount is a JSON number (read by the JSON decoder as `int` or `float`) or, from some
servers, a numeric string. `amount()` reads any of them as a `Decimal`: a float by its
shortest representation (`repr`), which gives back the very digits the service wrote for
any number of at most 15 significant digits (every amount, quantity and rate a document
holds), so no binary fraction ever reaches a sum. Money is never computed on floats.

Status (CONTRACT.md, "Status is derived, never sent"): draft, voided, paid, overdue,
partially paid, unpaid, in that order; an estimate is a draft, or open, shown expired after
`date_valid_till`. The part that depends on today (overdue, expired) is `status()`'s; the
rest (`base_status()`) can be stored and indexed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, Final

__all__ = [
    "BASE_STATUSES",
    "DOCUMENT_TYPES",
    "LOCAL_PREFIX",
    "STATUSES",
    "TYPE_BY_PREFIX",
    "TYPE_PREFIXES",
    "amount",
    "base_status",
    "document_type_of",
    "id_prefix_of",
    "json_number",
    "parse_date",
    "status",
    "status_from",
]

#: The document types this app issues, and each one's id prefix (CONTRACT.md, "Ids").
TYPE_PREFIXES: Final[Mapping[str, str]] = {
    "invoice": "inv", "estimate": "est", "credit_note": "cre",
}
DOCUMENT_TYPES: Final = tuple(TYPE_PREFIXES)
TYPE_BY_PREFIX: Final[Mapping[str, str]] = {p: t for t, p in TYPE_PREFIXES.items()}
LOCAL_PREFIX: Final = "local_"  # a record created offline (see `store.outbox.new_local_id`)

#: Every status a document can show, in the contract's order of precedence.
STATUSES: Final = (
    "draft", "voided", "paid", "overdue", "partially_paid", "unpaid", "open", "expired",
)
#: The statuses that do not depend on today's date (stored in the cache's index).
BASE_STATUSES: Final = ("draft", "voided", "paid", "partially_paid", "unpaid", "open")


def id_prefix_of(document_type: str) -> str:
    """`inv`, `est` or `cre`; ValueError for a type this app does not issue."""
    try:
        return TYPE_PREFIXES[document_type]
    except KeyError:
        raise ValueError(
            f"document type must be one of {', '.join(DOCUMENT_TYPES)}, not {document_type!r}"
        ) from None


def document_type_of(document_id: object) -> str | None:
    """The type a document id names (`inv_…` → "invoice"; a local draft's `local_inv_…`
    too), or None for anything else."""
    if not isinstance(document_id, str):
        return None
    head = document_id.removeprefix(LOCAL_PREFIX).partition("_")[0]
    return TYPE_BY_PREFIX.get(head)


def amount(value: object) -> Decimal | None:
    """A JSON amount (int, float, numeric string, or a Decimal) as a finite Decimal; None for
    a missing, boolean, non-numeric or infinite value (see the module docstring)."""
    if value is None or isinstance(value, bool):
        return None
    try:
        if isinstance(value, Decimal):
            number = value
        elif isinstance(value, int | float):
            number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        elif isinstance(value, str):
            number = Decimal(value.strip())
        else:
            return None
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def json_number(value: Decimal) -> int | float:
    """A Decimal as the JSON number with the same value (an int when it is whole), for a
    body or a queued edit; ValueError when a JSON number read as a double could not carry
    its digits exactly (more than 15 significant digits)."""
    if not value.is_finite():
        raise ValueError("an amount must be a finite number")
    if value == value.to_integral_value() and abs(value) < 2**53:
        return int(value)
    as_float = float(value)
    if Decimal(repr(as_float)) != value:  # the double's shortest digits are not these
        raise ValueError(f"{value} has more digits than an amount can carry")
    return as_float


def parse_date(value: object) -> dt.date | None:
    """A document date: `YYYY-MM-DD` or a full timestamp (its date is taken as written);
    None when missing or unreadable."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _document_type(document: Mapping[str, Any]) -> str | None:
    return document_type_of(document.get("id")) or (
        str(document["type"]) if isinstance(document.get("type"), str) else None
    )


def base_status(document: Mapping[str, Any]) -> str:
    """The status without today's date: draft, voided, paid, partially_paid or unpaid (an
    estimate: draft or open)."""
    if document.get("is_draft") is True:
        return "draft"
    if _document_type(document) == "estimate":
        return "open"
    if document.get("voided_at"):
        return "voided"
    if document.get("paid_in_full") is True:
        return "paid"
    paid = amount(document.get("total_paid"))
    if paid is not None and paid > 0:
        return "partially_paid"
    return "unpaid"


def status(document: Mapping[str, Any], today: dt.date) -> str:
    """The status a document shows today (see the module docstring): an unpaid or partly
    paid invoice whose `date_due` is before today is overdue; an open estimate whose
    `date_valid_till` is before today is expired."""
    return status_from(base_status(document), document.get("date_due"),
                       document.get("date_valid_till"), today)


def status_from(base: str, date_due: object, date_valid_till: object, today: dt.date) -> str:
    """`status()` from a stored base status and the two dates (what the cache's rows hold)."""
    if base in ("unpaid", "partially_paid"):
        due = parse_date(date_due)
        if due is not None and due < today:
            return "overdue"
    elif base == "open":
        valid = parse_date(date_valid_till)
        if valid is not None and valid < today:
            return "expired"
    return base
