"""Resource ids are checked before they go anywhere near a URL or a header.

CONTRACT.md, "Ids": the service's records have ids `<prefix>_<24 hex>` (clients, units,
accounts, files, bank accounts, documents `inv_`/`est_`/`cre_`, customers `cus_`, items
`item_`, taxes `tax_`); other ids are opaque tokens. Payments (`pay_`: the contract names no
shape for them) are checked by `check_id` as `<prefix>_<6–64 letters or digits>`, which also
admits 24 hex; entity keys, invitations and users by `check_opaque_id`. Anything else (a `/`,
`..`, `?`, `#`, `%`, whitespace, a newline) raises `ValueError` and no request is sent.
"""

from __future__ import annotations

import re

from si_desktop.api.errors import redact
from si_desktop.core.documents import TYPE_BY_PREFIX

__all__ = ["DOCUMENT_PREFIXES", "HEX_PREFIXES", "OPAQUE_PREFIXES", "check_document_id",
           "check_id", "check_opaque_id"]

_HEX24 = re.compile(r"[0-9a-fA-F]{24}", re.ASCII)
_TOKEN = re.compile(r"[A-Za-z0-9]{6,64}", re.ASCII)
HEX_PREFIXES = frozenset(
    {"ent", "unit", "acc", "file", "ba", "inv", "est", "cre", "cus", "item", "tax"}
)
TOKEN_PREFIXES = frozenset({"pay"})
PREFIXES = HEX_PREFIXES | TOKEN_PREFIXES
DOCUMENT_PREFIXES = frozenset(TYPE_BY_PREFIX)


def check_id(value: object, prefix: str) -> str:
    """`value` if it is an id of the contract's shape for `prefix`, else `ValueError`."""
    if prefix not in PREFIXES:
        raise ValueError(f"unknown id prefix {prefix!r}")
    if not isinstance(value, str):
        raise ValueError(f"expected a {prefix}_… id, got {type(value).__name__}")
    head, sep, tail = value.partition("_")
    shape = _HEX24 if prefix in HEX_PREFIXES else _TOKEN
    if head != prefix or not sep or shape.fullmatch(tail) is None:
        shown = value if len(value) <= 40 else value[:40] + "…"
        raise ValueError(f"not a valid {prefix}_… id: {redact(shown)!r}")
    return value


def check_document_id(value: object) -> str:
    """`value` if it is an invoice, estimate or credit note id (`inv_`, `est_`, `cre_`)."""
    head = value.partition("_")[0] if isinstance(value, str) else ""
    if head not in DOCUMENT_PREFIXES:
        shown = redact(value[:40]) if isinstance(value, str) else type(value).__name__
        raise ValueError(f"not a document id (inv_, est_ or cre_): {shown!r}")
    return check_id(value, head)


_OPAQUE = re.compile(r"[a-z]+(?:_[a-z0-9]+)*_[A-Za-z0-9]{6,64}", re.ASCII)
OPAQUE_PREFIXES: dict[str, tuple[str, ...]] = {
    "ek": ("ek_live_", "ek_sandbox_"),
    "einv": ("einv_",),
    "usr": ("usr_",),
}


def check_opaque_id(value: object, kind: str) -> str:
    """`value` if it is an opaque id of `kind` ("ek", "einv", "usr"), else `ValueError`."""
    prefixes = OPAQUE_PREFIXES.get(kind)
    if prefixes is None:
        raise ValueError(f"unknown id kind {kind!r}")
    if not isinstance(value, str):
        raise ValueError(f"expected a {kind}_… id, got {type(value).__name__}")
    if _OPAQUE.fullmatch(value) is None or not value.startswith(prefixes):
        raise ValueError(f"not a valid {kind}_… id")  # never echoed: it may be a key
    return value
