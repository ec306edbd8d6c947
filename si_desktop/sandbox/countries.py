"""What the service derives from a country name: its code, currency and locale, and the
country rules it reports back. Names are matched case-insensitively, in English, in the
country's own language, or as the two-letter code."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Country:
    name: str
    code: str
    currency: str
    locale: str
    eu: bool
    aliases: tuple[str, ...] = ()


COUNTRIES: tuple[Country, ...] = (
    Country("Slovenia", "SI", "EUR", "sl-SI", True, ("Slovenija",)),
    Country("Croatia", "HR", "EUR", "hr-HR", True, ("Hrvatska",)),
    Country("Austria", "AT", "EUR", "de-AT", True, ("Österreich", "Osterreich")),
    Country("Germany", "DE", "EUR", "de-DE", True, ("Deutschland",)),
    Country("Italy", "IT", "EUR", "it-IT", True, ("Italia",)),
    Country("France", "FR", "EUR", "fr-FR", True, ()),
    Country(
        "United Kingdom",
        "GB",
        "GBP",
        "en-GB",
        False,
        ("UK", "Great Britain", "England", "Scotland", "Wales", "Northern Ireland"),
    ),
    Country(
        "United States",
        "US",
        "USD",
        "en-US",
        False,
        ("USA", "United States of America", "U.S.", "U.S.A.", "America"),
    ),
    Country("Spain", "ES", "EUR", "es-ES", True, ("España",)),
    Country("Netherlands", "NL", "EUR", "nl-NL", True, ("The Netherlands", "Nederland")),
    Country("Belgium", "BE", "EUR", "nl-BE", True, ("België", "Belgique")),
    Country("Ireland", "IE", "EUR", "en-IE", True, ()),
    Country("Portugal", "PT", "EUR", "pt-PT", True, ()),
    Country("Hungary", "HU", "HUF", "hu-HU", True, ("Magyarország",)),
    Country("Poland", "PL", "PLN", "pl-PL", True, ("Polska",)),
    Country("Czechia", "CZ", "CZK", "cs-CZ", True, ("Czech Republic", "Česko")),
    Country("Switzerland", "CH", "CHF", "de-CH", False, ("Schweiz", "Suisse", "Svizzera")),
    Country("Serbia", "RS", "RSD", "sr-RS", False, ("Srbija",)),
)

_BY_NAME: dict[str, Country] = {}
for _country in COUNTRIES:
    for _name in (_country.name, _country.code, *_country.aliases):
        _BY_NAME[_name.casefold()] = _country
_BY_CODE = {country.code: country for country in COUNTRIES}


def lookup(name: object) -> Country | None:
    """The country a name (or two-letter code) means, if the sandbox knows it."""
    if not isinstance(name, str):
        return None
    return _BY_NAME.get(name.strip().casefold())


def by_code(code: object) -> Country | None:
    if not isinstance(code, str):
        return None
    return _BY_CODE.get(code.upper())


_FEATURES: dict[str, list[str]] = {
    "SI": [
        "tax_clause_defaults",
        "epc_qr",
        "furs",
        "eslog",
        "upn_qr",
        "kir_report",
        "si_yearly_tax_report",
    ],
    "HR": ["tax_clause_defaults", "epc_qr", "fina"],
    "AT": ["tax_clause_defaults", "epc_qr"],
    "DE": ["tax_clause_defaults", "epc_qr", "zugferd"],
    "IT": ["tax_clause_defaults", "epc_qr"],
    "FR": ["tax_clause_defaults", "epc_qr"],
    "PT": ["tax_clause_defaults", "epc_qr", "pt"],
}


def country_rules(code: object) -> dict[str, Any]:
    """The read-only `country_rules` of an entity: one tax per item in the EU (the reference's
    Slovenian example), three elsewhere (its United States example)."""
    country = by_code(code)
    if country is None:
        return {"max_taxes_per_item": 3, "features": []}
    if country.eu:
        features = _FEATURES.get(country.code, ["tax_clause_defaults", "epc_qr"])
        return {"max_taxes_per_item": 1, "features": list(features)}
    return {"max_taxes_per_item": 3, "features": []}
