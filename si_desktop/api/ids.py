"""Resource ids are checked before they go anywhere near a URL or a header.

Space Invoices ids are `<prefix>_<24 hex>`; anything else (a `/`, `..`, `?`, `#`, `%`,
whitespace, a newline) raises `ValueError` and no request is sent. Opaque ids (entity keys,
invitations, users: CONTRACT.md, "Ids") are checked by `check_opaque_id`.
"""

from __future__ import annotations

import re

from si_desktop.api.errors import redact

__all__ = ["check_id", "check_opaque_id"]

_HEX24 = re.compile(r"[0-9a-fA-F]{24}", re.ASCII)
PREFIXES = frozenset({"ent", "unit", "acc", "file", "ba"})


def check_id(value: object, prefix: str) -> str:
    """`value` if it is a `<prefix>_<24 hex>` id, else `ValueError`."""
    if prefix not in PREFIXES:
        raise ValueError(f"unknown id prefix {prefix!r}")
    if not isinstance(value, str):
        raise ValueError(f"expected a {prefix}_… id, got {type(value).__name__}")
    head, sep, tail = value.partition("_")
    if head != prefix or not sep or _HEX24.fullmatch(tail) is None:
        shown = value if len(value) <= 40 else value[:40] + "…"
        raise ValueError(f"not a valid {prefix}_… id: {redact(shown)!r}")
    return value


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
