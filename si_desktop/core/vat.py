"""Tax numbers: the VAT prefix a client's country uses, and one spelling of a number for
finding the same number typed another way ("SI 1234-5678" and "12345678").

A VAT number in the European Union starts with its country's two-letter prefix, which is the
ISO country code except for Greece (EL). Northern Ireland's traders use XI beside the United
Kingdom's GB. A national number without a prefix is fine anywhere: only a prefix that
belongs to another country is worth a question, since a client's own tax number is issued
by its own country.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

EU_VAT_PREFIXES: dict[str, str] = {
    "AT": "AT", "BE": "BE", "BG": "BG", "CY": "CY", "CZ": "CZ", "DE": "DE", "DK": "DK",
    "EE": "EE", "ES": "ES", "FI": "FI", "FR": "FR", "GR": "EL", "HR": "HR", "HU": "HU",
    "IE": "IE", "IT": "IT", "LT": "LT", "LU": "LU", "LV": "LV", "MT": "MT", "NL": "NL",
    "PL": "PL", "PT": "PT", "RO": "RO", "SE": "SE", "SI": "SI", "SK": "SK",
}
"""ISO country code of each member state → the prefix its VAT numbers start with."""

OTHER_VAT_PREFIXES: dict[str, tuple[str, ...]] = {"GB": ("GB", "XI")}
"""Prefixes outside the union that are read the same way (the United Kingdom's, and
Northern Ireland's XI for goods)."""

_COUNTRY_OF_PREFIX: dict[str, str] = {
    **{prefix: code for code, prefix in EU_VAT_PREFIXES.items()},
    "GB": "GB", "XI": "GB",
}
_NOT_TEXT = re.compile(r"[^0-9A-Z]")


@dataclass(frozen=True, slots=True)
class PrefixMismatch:
    """A tax number whose first two letters are not its country's VAT prefix."""

    found: str  # the number's first two letters
    found_country: str | None  # the ISO code of the country that uses them, if any
    expected: tuple[str, ...]  # the prefixes of the client's country (none: no VAT prefix)


def compact(tax_number: str) -> str:
    """Upper case, letters and digits only: "si 1234-5678" → "SI12345678"."""
    return _NOT_TEXT.sub("", tax_number.upper())


def expected_prefixes(country_code: str) -> tuple[str, ...]:
    """The VAT prefixes of a country's own numbers; () for a country without one here."""
    code = country_code.strip().upper()
    if code in EU_VAT_PREFIXES:
        return (EU_VAT_PREFIXES[code],)
    return OTHER_VAT_PREFIXES.get(code, ())


def prefix_mismatch(tax_number: str, country_code: str) -> PrefixMismatch | None:
    """The mismatch when `tax_number` starts with another country's VAT prefix than
    `country_code`'s (or, in Greece, with GR instead of EL); None when it has none, or the
    right one, or letters that are nobody's VAT prefix (a national number)."""
    number = compact(tax_number)
    head = number[:2]
    if len(number) < 3 or not head.isalpha():
        return None
    expected = expected_prefixes(country_code)
    if head in expected:
        return None
    if head in _COUNTRY_OF_PREFIX:
        return PrefixMismatch(head, _COUNTRY_OF_PREFIX[head], expected)
    if head == country_code.strip().upper() and expected:  # Greece: GR, not EL
        return PrefixMismatch(head, None, expected)
    return None


def tax_key(tax_number: str) -> str:
    """One spelling of a number for comparing: compact, without a VAT prefix, so that the
    VAT number "SI12345678" and the tax number "12345678" are found to be the same."""
    number = compact(tax_number)
    if number[:2] in _COUNTRY_OF_PREFIX and len(number) > 2:
        return number[2:]
    return number
