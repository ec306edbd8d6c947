"""Typed views of documents (invoices, estimates, credit notes), customers, taxes and
payments, under the same three rules as `models.py`: unknown keys kept, exactly what was
received dumped back, strict types, and each record's id checked against the contract.

Amounts, quantities and rates are `JsonDecimal`: a `Decimal` read from the JSON number (or
numeric string) the service sent, exactly (see `core.documents.amount`), that dumps back to
the very value it was read from, so `Model.model_validate(d).model_dump(mode="json") == d`
still holds. Arithmetic on one gives a plain `Decimal`; money is never a float here. A
boolean, a non-numeric string, NaN or an infinity is refused like any value of the wrong
type.

Dates stay the service's strings (`YYYY-MM-DD` or a full timestamp, CONTRACT.md "Documents");
`document_date`, `due_date` and `valid_till` read them as dates.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, ClassVar

from pydantic import GetCoreSchemaHandler
from pydantic_core import PydanticCustomError, core_schema

from si_desktop.api.models import SIModel, _Record
from si_desktop.core import documents as rules

__all__ = [
    "DOCUMENT_MODELS",
    "CreditNote",
    "Customer",
    "Document",
    "DocumentCustomer",
    "DocumentItem",
    "DocumentTax",
    "Estimate",
    "Invoice",
    "ItemDiscount",
    "ItemTax",
    "JsonDecimal",
    "NextNumber",
    "Payment",
    "SentMessage",
    "Tax",
    "TaxRate",
]


class JsonDecimal(Decimal):
    """A JSON number as a `Decimal` that remembers the JSON value it came from."""

    __slots__ = ("json_value",)
    json_value: int | float | str | None

    @classmethod
    def read(cls, value: Any) -> JsonDecimal:
        """`value` (int, float, numeric string or Decimal) as a JsonDecimal; ValueError for
        anything else."""
        number = rules.amount(value)
        if number is None:
            raise ValueError("not a finite number")
        made = cls(number)
        made.json_value = value if isinstance(value, int | float | str) else None
        return made

    def to_json(self) -> int | float | str:
        """The JSON value it was read from, or (made in code) the JSON number of its value."""
        kept = getattr(self, "json_value", None)
        return kept if kept is not None else rules.json_number(Decimal(self))

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            _read_decimal,
            serialization=core_schema.plain_serializer_function_ser_schema(
                _dump_decimal, when_used="json"
            ),
        )


def _read_decimal(value: Any) -> JsonDecimal:
    if isinstance(value, JsonDecimal):
        return value
    try:
        return JsonDecimal.read(value)
    except ValueError:
        raise PydanticCustomError(
            "decimal_type", "Input should be a finite number or a numeric string"
        ) from None


def _dump_decimal(value: Decimal) -> int | float | str:
    if isinstance(value, JsonDecimal):
        return value.to_json()
    return rules.json_number(value)


# --- pieces of a document ------------------------------------------------------------------


class DocumentCustomer(SIModel):
    """The customer as written on the document (a copy, or the fields typed in)."""

    name: str | None = None
    email: str | None = None
    address: str | None = None
    address_2: str | None = None
    post_code: str | None = None
    city: str | None = None
    state: str | None = None
    country: str | None = None
    country_code: str | None = None
    tax_number: str | None = None
    company_number: str | None = None
    phone: str | None = None
    is_end_consumer: bool | None = None


class ItemDiscount(SIModel):
    value: JsonDecimal | None = None
    type: str | None = None  # "percent" or "amount"


class ItemTax(SIModel):
    tax_id: str | None = None
    rate: JsonDecimal | None = None
    name: str | None = None
    amount: JsonDecimal | None = None


class DocumentItem(SIModel):
    """One line: `price` (net) or `gross_price`, with the totals the server computed."""

    name: str | None = None
    item_id: str | None = None
    description: str | None = None
    quantity: JsonDecimal | None = None
    unit: str | None = None
    price: JsonDecimal | None = None
    gross_price: JsonDecimal | None = None
    discounts: list[ItemDiscount] | None = None
    taxes: list[ItemTax] | None = None
    total: JsonDecimal | None = None
    total_discount: JsonDecimal | None = None
    total_with_tax: JsonDecimal | None = None


class DocumentTax(SIModel):
    """One entry of a document's tax summary: per (tax_id, rate)."""

    tax_id: str | None = None
    rate: JsonDecimal | None = None
    base: JsonDecimal | None = None
    amount: JsonDecimal | None = None
    name: str | None = None


# --- documents -----------------------------------------------------------------------------


class Document(_Record):
    """What invoices, estimates and credit notes share. Status is derived (`status()`),
    never sent."""

    DOCUMENT_TYPE: ClassVar[str] = ""
    PATH: ClassVar[str] = ""

    id: str
    number: str | None = None
    date: str | None = None
    date_due: str | None = None
    date_valid_till: str | None = None
    date_service: str | None = None
    currency_code: str | None = None
    customer: DocumentCustomer | None = None
    customer_id: str | None = None
    business_unit_id: str | None = None
    items: list[DocumentItem] | None = None
    total: JsonDecimal | None = None
    total_discount: JsonDecimal | None = None
    taxes: list[DocumentTax] | None = None
    total_with_tax: JsonDecimal | None = None
    total_paid: JsonDecimal | None = None
    total_due: JsonDecimal | None = None
    paid_in_full: bool | None = None
    is_draft: bool | None = None
    voided_at: str | None = None
    note: str | None = None
    payment_terms: str | None = None
    footer: str | None = None
    signature: str | None = None
    reference: str | None = None
    metadata: dict[str, Any] | None = None
    linked_documents: list[Any] | None = None
    entity_id: str | None = None
    created_at: str | None = None
    updated_at: str | None = None

    @property
    def document_type(self) -> str:
        return self.DOCUMENT_TYPE

    @property
    def document_date(self) -> dt.date | None:
        return rules.parse_date(self.date)

    @property
    def due_date(self) -> dt.date | None:
        return rules.parse_date(self.date_due)

    @property
    def valid_till(self) -> dt.date | None:
        return rules.parse_date(self.date_valid_till)

    def status(self, today: dt.date | None = None) -> str:
        """draft, voided, paid, overdue, partially_paid or unpaid (estimates: draft, open
        or expired), as of `today` (default: today, local time)."""
        return rules.status(
            {"id": self.id, "is_draft": self.is_draft, "voided_at": self.voided_at,
             "paid_in_full": self.paid_in_full, "total_paid": self.total_paid,
             "date_due": self.date_due, "date_valid_till": self.date_valid_till},
            today or dt.date.today(),
        )


class Invoice(Document):
    ID_PREFIX: ClassVar[str] = "inv"
    DOCUMENT_TYPE: ClassVar[str] = "invoice"
    PATH: ClassVar[str] = "/invoices"


class Estimate(Document):
    ID_PREFIX: ClassVar[str] = "est"
    DOCUMENT_TYPE: ClassVar[str] = "estimate"
    PATH: ClassVar[str] = "/estimates"


class CreditNote(Document):
    ID_PREFIX: ClassVar[str] = "cre"
    DOCUMENT_TYPE: ClassVar[str] = "credit_note"
    PATH: ClassVar[str] = "/credit-notes"


#: The model of each document type.
DOCUMENT_MODELS: dict[str, type[Document]] = {
    model.DOCUMENT_TYPE: model for model in (Invoice, Estimate, CreditNote)
}


# --- customers, taxes, payments ------------------------------------------------------------


class Customer(_Record):
    """A customer of the client, kept for reuse on documents."""

    ID_PREFIX: ClassVar[str] = "cus"

    id: str
    name: str | None = None
    email: str | None = None
    address: str | None = None
    address_2: str | None = None
    post_code: str | None = None
    city: str | None = None
    state: str | None = None
    country: str | None = None
    country_code: str | None = None
    tax_number: str | None = None
    company_number: str | None = None
    phone: str | None = None
    is_end_consumer: bool | None = None
    metadata: dict[str, Any] | None = None
    entity_id: str | None = None
    created_at: str | None = None
    updated_at: str | None = None


class TaxRate(SIModel):
    rate: JsonDecimal | None = None
    valid_from: str | None = None


class Tax(_Record):
    """A tax of the client with its rates over time."""

    ID_PREFIX: ClassVar[str] = "tax"

    id: str
    name: str | None = None
    tax_rates: list[TaxRate] | None = None
    is_default: bool | None = None
    entity_id: str | None = None
    created_at: str | None = None
    updated_at: str | None = None

    def rate_on(self, day: dt.date) -> Decimal | None:
        """The rate for a document dated `day`: the newest `valid_from` not after it (a
        rate without `valid_from` has always applied)."""
        best: tuple[dt.date, Decimal] | None = None
        for entry in self.tax_rates or ():
            if entry.rate is None:
                continue
            start = rules.parse_date(entry.valid_from) or dt.date.min
            if start <= day and (best is None or start >= best[0]):
                best = (start, Decimal(entry.rate))
        return None if best is None else best[1]


class Payment(_Record):
    """A payment on an invoice or a credit note."""

    ID_PREFIX: ClassVar[str] = "pay"

    id: str
    invoice_id: str | None = None
    credit_note_id: str | None = None
    amount: JsonDecimal | None = None
    type: str | None = None
    date: str | None = None
    reference: str | None = None
    note: str | None = None
    metadata: dict[str, Any] | None = None
    entity_id: str | None = None
    created_at: str | None = None
    updated_at: str | None = None

    @property
    def document_id(self) -> str | None:
        return self.invoice_id or self.credit_note_id


class NextNumber(SIModel):
    """`GET /documents/next-number`: the number the next issued document would get."""

    number: str


class SentMessage(SIModel):
    """`POST /documents/{id}/send`: the message the service took (CONTRACT.md, "Send")."""

    message_id: str
    status: str
    to: str
    subject: str | None = None
