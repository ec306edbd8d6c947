"""Resource ids are checked before they go anywhere near a URL or a header.

Space Invoices ids are `<prefix>_<24 hex>`; anything else (a `/`, `..`, `?`, `#`, `%`,
whitespace, a newline) raises `ValueError` and no request is sent.
"""

from __future__ import annotations

import re

from si_desktop.api.errors import redact

__all__ = ["check_id"]

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
