"""Documents as the workspace shows them and queues them: the rules of a document written
offline, of issuing, voiding and deleting, and of payments, with no network and no Qt.

A document the workspace hands out is the service's JSON with the user's queued edits
applied, plus these keys (never sent, never cached):

- `"_local": True` — a draft written offline, "not yet on Space Invoices, no number yet":
  it exists only as a queued create in the outbox. Its `id` is a local one (`local_inv_…`),
  `number` is None, `is_draft` is True, there are no totals until the service computes
  them, and `"_type"` names its type.
- `"_pending": [...]` — what the user did that the service has not confirmed yet, in order:
  "create", "update", "issue", "void", "delete" (for a payment also "create", "update",
  "delete"). A queued issue does not make a document issued: it stays a draft, without a
  number, until the service answers.
- `"_held": True` — one of those edits is held for the user (a conflict, a refusal).

A queued change shows as typed (a changed `items` list too), while the totals stay the
service's last ones until it answers: the editor previews totals by the contract's rules.

Legal rules (numbers are legal facts). A create is always sent as a draft (`is_draft: true`);
a draft is issued only by the user's own "Issue" (`issue_document`, or
`create_document(..., issue=True)`, which queues the create and then the issue). A draft
written offline can be changed or deleted before it is sent: the change goes into its queued
create, a delete takes the create back out and nothing is ever sent. Voids and changes of
issued documents queue like any edit and are checked against the version the user acted on
before they go (see `sync.sender`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from si_desktop.core.documents import (
    DOCUMENT_TYPES,
    amount,
    document_type_of,
    json_number,
)
from si_desktop.store import EditKind, QueuedEdit
from si_desktop.sync.conflicts import apply_edits

LOCAL = "_local"
PENDING = "_pending"
HELD = "_held"
TYPE = "_type"

#: Fields the service owns: never in what the user writes.
SERVER_FIELDS = frozenset({
    "id", "number", "total", "total_discount", "taxes", "total_with_tax", "total_paid",
    "total_due", "paid_in_full", "voided_at", "entity_id", "created_at", "updated_at",
    "is_draft",
})

#: The fields an issue, a void or a delete is checked against: changed on the service since
#: the user acted, the action waits for the user to confirm it (see `sync.sender`).
WATCHED: Mapping[EditKind, tuple[str, ...]] = {
    EditKind.ISSUE_DOCUMENT: (
        "is_draft", "items", "customer", "customer_id", "date", "date_due", "date_valid_till",
        "currency_code", "business_unit_id", "note", "payment_terms", "total_with_tax",
    ),
    EditKind.VOID_DOCUMENT: (
        "voided_at", "is_draft", "number", "items", "customer", "total_with_tax",
        "total_paid", "paid_in_full",
    ),
    EditKind.DELETE_DOCUMENT: ("is_draft", "items", "customer", "total_with_tax"),
}

_PENDING_WORD = {
    EditKind.CREATE_DOCUMENT: "create", EditKind.UPDATE_DOCUMENT: "update",
    EditKind.ISSUE_DOCUMENT: "issue", EditKind.VOID_DOCUMENT: "void",
    EditKind.DELETE_DOCUMENT: "delete", EditKind.SEND_DOCUMENT: "send",
    EditKind.CREATE_PAYMENT: "create",
    EditKind.UPDATE_PAYMENT: "update", EditKind.DELETE_PAYMENT: "delete",
    EditKind.CREATE_CUSTOMER: "create",
}
PAYMENT_TYPES = frozenset({
    "cash", "bank_transfer", "card", "check", "paypal", "coupon", "other", "credit_note",
    "advance",
})


def plain(value: Any) -> Any:
    """`value` as plain JSON for the outbox: a Decimal becomes the JSON number of the same
    value (`core.documents.json_number`: ValueError when one could not carry it exactly)."""
    if isinstance(value, Decimal):
        return json_number(value)
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def check_document_type(document_type: str) -> str:
    if document_type not in DOCUMENT_TYPES:
        raise ValueError(f"document type must be one of {', '.join(DOCUMENT_TYPES)}")
    return document_type


def document_fields(fields: Mapping[str, Any], *, create: bool) -> dict[str, Any]:
    """What the user wrote, checked and made plain: no field the service owns (numbers,
    totals, `is_draft`: a document is issued only by `issue_document`), at least one item
    on a create. ValueError otherwise."""
    owned = sorted(SERVER_FIELDS & set(fields))
    if owned:
        raise ValueError("these are the service's to set: " + ", ".join(owned))
    body: dict[str, Any] = plain({k: v for k, v in fields.items() if not k.startswith("_")})
    if create or "items" in body:
        items = body.get("items")
        if not isinstance(items, list) or not items or not all(
                isinstance(item, dict) for item in items):
            raise ValueError("a document needs at least one item")
    return body


def payment_fields(fields: Mapping[str, Any], *, create: bool) -> dict[str, Any]:
    """A payment as the user wrote it, checked: an amount above 0 (a Decimal, or a number
    or numeric text read exactly into one), a known type."""
    body: dict[str, Any] = plain({k: v for k, v in fields.items() if not k.startswith("_")})
    if create or "amount" in body:
        number = amount(body.get("amount"))
        if number is None or number <= 0:
            raise ValueError("a payment needs an amount above 0")
        # read exactly, queued as the JSON number: the service refuses money as text
        body["amount"] = json_number(number)
    if (create or "type" in body) and body.get("type") not in PAYMENT_TYPES:
        raise ValueError("payment type must be one of " + ", ".join(sorted(PAYMENT_TYPES)))
    for key in ("id", "invoice_id", "credit_note_id", "entity_id"):
        if key in fields:
            raise ValueError(f"{key} is not the user's to set")
    return body


def marked(record: Mapping[str, Any], edits: Iterable[QueuedEdit]) -> dict[str, Any]:
    """A cached record with its queued edits applied and marked (see the module
    docstring)."""
    edits = list(edits)
    out = apply_edits(record, edits)
    if edits:
        out[PENDING] = [_PENDING_WORD.get(e.kind, e.kind.value) for e in edits]
        if any(e.state == "conflict" for e in edits):
            out[HELD] = True
    return out


def local_record(create: QueuedEdit, later: Iterable[QueuedEdit]) -> dict[str, Any]:
    """A record written offline, from its queued create (and the edits queued after it)."""
    base: dict[str, Any] = {**create.payload, "id": create.target_id,
                            "entity_id": create.entity_id, "created_at": create.created_at,
                            "updated_at": create.updated_at}
    if create.kind is EditKind.CREATE_DOCUMENT:
        base.update(number=None, is_draft=True, voided_at=None)
        base[TYPE] = document_type_of(create.target_id)
    out = marked(base, [create, *later])
    out[LOCAL] = True
    return out


def is_draft(document: Mapping[str, Any]) -> bool:
    return document.get("is_draft") is True or document.get(LOCAL) is True
