"""`client.customers`, `client.taxes` and `client.payments`: what a client's documents are
written with and paid by (CONTRACT.md, "Documents"), each scoped by `x-entity-id`."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

from si_desktop.api.document_models import Customer, Payment, Tax
from si_desktop.api.ids import check_document_id, check_id
from si_desktop.api.pagination import SkippedCallback
from si_desktop.api.resources._base import MAX_PAGE_SIZE, write_body
from si_desktop.api.resources._scoped import ScopedList
from si_desktop.core.documents import amount as read_amount
from si_desktop.core.documents import document_type_of

__all__ = ["PAYMENT_TYPES", "Customers", "Payments", "Taxes"]

PAYMENT_TYPES = frozenset({
    "cash", "bank_transfer", "card", "check", "paypal", "coupon", "other", "credit_note",
    "advance",
})
#: The field of a payment that names its document, per document type.
PAYMENT_DOCUMENT_FIELD = {"invoice": "invoice_id", "credit_note": "credit_note_id"}


class Customers(ScopedList[Customer]):
    """`/customers`: list, get, create, update (PATCH)."""

    PATH = "/customers"
    MODEL = Customer

    async def get(
        self, customer_id: str, *, entity_id: str | None, timeout: float | None = None
    ) -> Customer:
        check_id(customer_id, "cus")
        return await self._call(
            "GET", f"{self.PATH}/{customer_id}", Customer,
            headers=self._headers(entity_id), timeout=timeout,
        )

    async def create(
        self,
        *,
        entity_id: str | None,
        name: str,
        request_id: str | None = None,
        timeout: float | None = None,
        **fields: Any,
    ) -> Customer:
        body = write_body({"name": name, **fields})
        return await self._call(
            "POST", self.PATH, Customer,
            json_body=body, headers=self._headers(entity_id), timeout=timeout,
            request_id=request_id,
        )

    async def update(
        self,
        customer_id: str,
        *,
        entity_id: str | None,
        request_id: str | None = None,
        timeout: float | None = None,
        **changes: Any,
    ) -> Customer:
        check_id(customer_id, "cus")
        return await self._call(
            "PATCH", f"{self.PATH}/{customer_id}", Customer,
            json_body=write_body(changes), headers=self._headers(entity_id),
            timeout=timeout, request_id=request_id,
        )


class Taxes(ScopedList[Tax]):
    """`/taxes`: list and create. A tax's rate for a document: `Tax.rate_on(date)`."""

    PATH = "/taxes"
    MODEL = Tax

    async def create(
        self,
        *,
        entity_id: str | None,
        tax_rates: Sequence[Mapping[str, Any]],
        request_id: str | None = None,
        timeout: float | None = None,
        **fields: Any,
    ) -> Tax:
        """Create a tax, e.g. `tax_rates=[{"rate": Decimal("22")}]`, `name="VAT"`."""
        rates = list(tax_rates)
        if not rates:
            raise ValueError("a tax needs at least one rate")
        for entry in rates:
            rate = read_amount(entry.get("rate")) if isinstance(entry, Mapping) else None
            if rate is None or not 0 <= rate <= 100:
                raise ValueError("a tax rate is a number from 0 to 100")
        body = write_body({"tax_rates": rates, **fields})
        return await self._call(
            "POST", self.PATH, Tax,
            json_body=body, headers=self._headers(entity_id), timeout=timeout,
            request_id=request_id,
        )


class Payments(ScopedList[Payment]):
    """`/payments`: list (filter by document through `query`), create, update, delete. A
    payment moves its document's `total_paid`, `total_due` and `paid_in_full` at once."""

    PATH = "/payments"
    MODEL = Payment

    def _check(self, payment_id: str) -> str:
        return check_id(payment_id, "pay")

    async def for_document(
        self,
        document_id: str,
        *,
        entity_id: str | None,
        page_size: int = MAX_PAGE_SIZE,
        timeout: float | None = None,
        on_skipped: SkippedCallback | None = None,
    ) -> AsyncIterator[Payment]:
        """Every payment of one invoice or credit note."""
        async for payment in self.iterate(
            entity_id=entity_id, page_size=page_size, query=document_query(document_id),
            timeout=timeout, on_skipped=on_skipped,
        ):
            yield payment

    async def create(
        self,
        *,
        entity_id: str | None,
        document_id: str,
        amount: Decimal | int | float | str,
        type: str,
        request_id: str | None = None,
        timeout: float | None = None,
        **fields: Any,
    ) -> Payment:
        """Record a payment of `amount` (> 0) on the invoice or credit note `document_id`;
        `type` one of `PAYMENT_TYPES`; optional `date`, `reference`, `note`, `metadata`."""
        body = payment_body({**document_query(document_id), "amount": amount, "type": type,
                             **fields})
        return await self._call(
            "POST", self.PATH, Payment,
            json_body=body, headers=self._headers(entity_id), timeout=timeout,
            request_id=request_id,
        )

    async def update(
        self,
        payment_id: str,
        *,
        entity_id: str | None,
        request_id: str | None = None,
        timeout: float | None = None,
        **changes: Any,
    ) -> Payment:
        """Change any of amount, type, date, reference, note."""
        self._check(payment_id)
        return await self._call(
            "PATCH", f"{self.PATH}/{payment_id}", Payment,
            json_body=payment_body(changes), headers=self._headers(entity_id),
            timeout=timeout, request_id=request_id,
        )

    async def delete(
        self,
        payment_id: str,
        *,
        entity_id: str | None,
        request_id: str | None = None,
        timeout: float | None = None,
    ) -> None:
        self._check(payment_id)
        await self._client._request(
            "DELETE", f"{self.PATH}/{payment_id}",
            headers=self._headers(entity_id), timeout=timeout, request_id=request_id,
        )


def document_query(document_id: str) -> dict[str, str]:
    """`{"invoice_id": …}` or `{"credit_note_id": …}`: the field that names the document."""
    check_document_id(document_id)
    field = PAYMENT_DOCUMENT_FIELD.get(document_type_of(document_id) or "")
    if field is None:
        raise ValueError("only invoices and credit notes take payments")
    return {field: document_id}


def payment_body(fields: Mapping[str, Any]) -> dict[str, Any]:
    """A payment body, checked before anything is sent: a positive amount (numeric text is
    read exactly into a Decimal, and goes out as a JSON number), a known type."""
    fields = dict(fields)
    if "amount" in fields:
        number = read_amount(fields["amount"])
        if number is None or number <= 0:
            raise ValueError("a payment amount is a number above 0")
        fields["amount"] = number  # sent as a JSON number: the service refuses money as text
    if "type" in fields and fields["type"] not in PAYMENT_TYPES:
        raise ValueError("payment type must be one of " + ", ".join(sorted(PAYMENT_TYPES)))
    return write_body(fields)
