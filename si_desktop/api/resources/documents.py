"""`client.invoices`, `client.estimates`, `client.credit_notes` (one namespace per document
type) and `client.documents` (what any type shares: finalize, delete, next number), all
scoped by `x-entity-id` (CONTRACT.md, "Documents").

The void, finalize, delete and next-number paths are not published by the vendor; each is
kept in one constant below. A create body never carries `number` or a total: the service
assigns numbers when a document is issued and computes every total; the client refuses to
send them rather than have them ignored.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Generic, TypeVar

from si_desktop.api.document_models import (
    DOCUMENT_MODELS,
    CreditNote,
    Document,
    Estimate,
    Invoice,
    NextNumber,
    SentMessage,
)
from si_desktop.api.ids import check_document_id, check_id
from si_desktop.api.resources._base import Resource, write_body
from si_desktop.api.resources._scoped import ScopedList
from si_desktop.core import limits
from si_desktop.core.documents import DOCUMENT_TYPES, TYPE_BY_PREFIX

__all__ = [
    "NEXT_NUMBER_PATH",
    "SERVER_FIELDS",
    "CreditNotes",
    "DocumentActions",
    "DocumentsOfType",
    "Estimates",
    "Invoices",
]

VOID_PATH = "{base}/{id}/void"
FINALIZE_PATH = "/documents/{id}/finalize"
DELETE_PATH = "/documents/{id}"
NEXT_NUMBER_PATH = "/documents/next-number"
PDF_PATH = "/documents/{id}/pdf"
SEND_PATH = "/documents/{id}/send"
MAX_PDF_BYTES = 32 * 1024 * 1024
"""The largest PDF the client reads (a 300-page invoice is a few MB)."""
_LOCALE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8}){0,3}")

#: Fields the service owns: never in a create or update body.
SERVER_FIELDS = frozenset({
    "id", "number", "total", "total_discount", "taxes", "total_with_tax", "total_paid",
    "total_due", "paid_in_full", "voided_at", "entity_id", "created_at", "updated_at",
})

D = TypeVar("D", bound=Document)


def document_body(fields: Mapping[str, Any], *, create: bool) -> dict[str, Any]:
    """A create or update body, checked: no field the service owns, and a create has at
    least one item. ValueError before anything is sent."""
    owned = sorted(SERVER_FIELDS & set(fields))
    if owned:
        raise ValueError(
            "the service assigns numbers and computes totals; do not send "
            + ", ".join(owned)
        )
    items = fields.get("items")
    if create or "items" in fields:
        if not isinstance(items, Sequence) or isinstance(items, str | bytes) or not items:
            raise ValueError("a document needs at least one item")
        if not all(isinstance(item, Mapping) for item in items):
            raise TypeError("each item is a dict, e.g. {'name': 'Work', 'price': 100}")
    return write_body(fields)


class DocumentsOfType(ScopedList[D], Generic[D]):
    """One document type's list, get, create, update (PATCH) and, for invoices and credit
    notes, void."""

    VOIDABLE: ClassVar[bool] = True

    @property
    def document_type(self) -> str:
        return self.MODEL.DOCUMENT_TYPE

    def _check(self, document_id: str) -> str:
        return check_id(document_id, self.MODEL.ID_PREFIX)

    async def get(
        self, document_id: str, *, entity_id: str | None, timeout: float | None = None
    ) -> D:
        self._check(document_id)
        return await self._call(
            "GET", f"{self.PATH}/{document_id}", self.MODEL,
            headers=self._headers(entity_id), timeout=timeout,
        )

    async def create(
        self,
        *,
        entity_id: str | None,
        items: Sequence[Mapping[str, Any]],
        request_id: str | None = None,
        timeout: float | None = None,
        **fields: Any,
    ) -> D:
        """Create a document: issued at once (numbered) unless `is_draft=True`. Amounts may
        be Decimals; they go out as JSON numbers of the same value."""
        body = document_body({"items": list(items), **fields}, create=True)
        return await self._call(
            "POST", self.PATH, self.MODEL,
            json_body=body, headers=self._headers(entity_id), timeout=timeout,
            request_id=request_id,
        )

    async def update(
        self,
        document_id: str,
        *,
        entity_id: str | None,
        request_id: str | None = None,
        timeout: float | None = None,
        **changes: Any,
    ) -> D:
        """Change the given fields (PATCH). A voided document is read-only (the service
        answers 422)."""
        self._check(document_id)
        body = document_body(changes, create=False)
        return await self._call(
            "PATCH", f"{self.PATH}/{document_id}", self.MODEL,
            json_body=body, headers=self._headers(entity_id), timeout=timeout,
            request_id=request_id,
        )

    async def void(
        self,
        document_id: str,
        *,
        entity_id: str | None,
        reason: str | None = None,
        request_id: str | None = None,
        timeout: float | None = None,
    ) -> D:
        """Void an issued document (irreversible; it keeps its number)."""
        if not self.VOIDABLE:
            raise TypeError(f"a {self.document_type.replace('_', ' ')} cannot be voided")
        self._check(document_id)
        body = {} if reason is None else {"reason": reason}
        return await self._call(
            "POST", VOID_PATH.format(base=self.PATH, id=document_id), self.MODEL,
            json_body=body, headers=self._headers(entity_id), timeout=timeout,
            request_id=request_id,
        )


class Invoices(DocumentsOfType[Invoice]):
    PATH = Invoice.PATH
    MODEL = Invoice


class Estimates(DocumentsOfType[Estimate]):
    PATH = Estimate.PATH
    MODEL = Estimate
    VOIDABLE = False


class CreditNotes(DocumentsOfType[CreditNote]):
    PATH = CreditNote.PATH
    MODEL = CreditNote


class DocumentActions(Resource):
    """What any document type shares (`/documents/...`)."""

    def _headers(self, entity_id: str | None) -> dict[str, str]:
        return self._client._scope_headers(entity_id, account=False)

    async def finalize(
        self,
        document_id: str,
        *,
        entity_id: str | None,
        request_id: str | None = None,
        timeout: float | None = None,
    ) -> Document:
        """Issue a draft: the service gives it its number. Returns the document as the
        model of its type (`Invoice`, `Estimate` or `CreditNote`)."""
        check_document_id(document_id)
        model = DOCUMENT_MODELS[TYPE_BY_PREFIX[document_id.partition("_")[0]]]
        return await self._call(
            "POST", FINALIZE_PATH.format(id=document_id), model,
            headers=self._headers(entity_id), timeout=timeout, request_id=request_id,
        )

    async def delete(
        self,
        document_id: str,
        *,
        entity_id: str | None,
        request_id: str | None = None,
        timeout: float | None = None,
    ) -> None:
        """Delete a draft (an issued document cannot be deleted: the service answers 422)."""
        check_document_id(document_id)
        await self._client._request(
            "DELETE", DELETE_PATH.format(id=document_id),
            headers=self._headers(entity_id), timeout=timeout, request_id=request_id,
        )

    async def next_number(
        self,
        *,
        entity_id: str | None,
        document_type: str,
        business_unit_id: str | None = None,
        timeout: float | None = None,
    ) -> str:
        """The number the next document of `document_type` (under the unit, if given) would
        get if issued now; nothing is used up."""
        if document_type not in DOCUMENT_TYPES:
            raise ValueError(f"document_type must be one of {', '.join(DOCUMENT_TYPES)}")
        params = [("type", document_type)]
        if business_unit_id is not None:
            params.append(("business_unit_id", check_id(business_unit_id, "unit")))
        answer = await self._call(
            "GET", NEXT_NUMBER_PATH, NextNumber,
            params=params, headers=self._headers(entity_id), timeout=timeout,
        )
        return answer.number

    async def pdf(
        self,
        document_id: str,
        *,
        entity_id: str | None,
        language: str | None = None,
        timeout: float | None = None,
    ) -> bytes:
        """The document's PDF as the service renders it, in `language` (a locale such as
        `sl-SI`; by default the client's). The bytes are returned as they came; whether
        they are a readable PDF is for the viewer to say."""
        check_document_id(document_id)
        params: list[tuple[str, str]] = []
        if language is not None:
            if not _LOCALE.fullmatch(language):
                raise ValueError("language is a locale such as sl-SI or en-GB")
            params.append(("language", language))
        raw = await self._client._request(
            "GET", PDF_PATH.format(id=document_id), params=params,
            headers={**self._headers(entity_id), "Accept": "application/pdf"},
            timeout=timeout, max_bytes=MAX_PDF_BYTES,
        )
        return raw.content

    async def send(
        self,
        document_id: str,
        *,
        entity_id: str | None,
        to: str,
        subject: str | None = None,
        body_text: str | None = None,
        attach_pdf: bool = True,
        request_id: str | None = None,
        timeout: float | None = None,
    ) -> SentMessage:
        """E-mail the document to `to`. A subject or body left out is the client's e-mail
        default for the type; placeholders are filled by the service. Reuse `request_id`
        when retrying, so that the customer gets one message."""
        check_document_id(document_id)
        if not limits.is_email_address(to):
            raise ValueError("to must be one e-mail address")
        body: dict[str, Any] = {"to": to, "attach_pdf": attach_pdf}
        if subject is not None:
            body["subject"] = subject
        if body_text is not None:
            body["body_text"] = body_text
        return await self._call(
            "POST", SEND_PATH.format(id=document_id), SentMessage, json_body=body,
            headers=self._headers(entity_id), timeout=timeout, request_id=request_id,
        )
