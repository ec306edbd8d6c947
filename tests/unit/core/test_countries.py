from __future__ import annotations

import re

import pytest

from si_desktop.core.countries import COUNTRIES, by_code, by_name, names

EUROPE = (
    "AL AD AM AT AZ BY BE BA BG HR CY CZ DK EE FI FR GE DE GR HU IS IE IT XK LV LI LT LU MT MD "
    "MC ME NL MK NO PL PT RO RU SM RS SK SI ES SE CH TR UA GB VA"
)


def test_table_size_and_shape() -> None:
    assert len(COUNTRIES) >= 60
    for country in COUNTRIES:
        assert re.fullmatch(r"[A-Z]{2}", country.code), country
        assert re.fullmatch(r"[A-Z]{3}", country.currency), country
        assert re.fullmatch(r"[a-z]{2,3}-[A-Z]{2}", country.locale), country
        assert country.locale.endswith(country.code), country
        assert 1 <= len(country.name) <= 100  # the contract's country field limit


def test_codes_and_names_are_unique() -> None:
    assert len({c.code for c in COUNTRIES}) == len(COUNTRIES)
    every_name = [n.casefold() for c in COUNTRIES for n in (c.name, *c.aliases)]
    assert len(set(every_name)) == len(every_name)


def test_sorted_by_name() -> None:
    assert names() == sorted(names())


@pytest.mark.parametrize("code", [*EUROPE.split(), "US", "CA", "AU"])
def test_covers_europe_and_the_big_three(code: str) -> None:
    assert by_code(code) is not None


def test_lookups() -> None:
    slovenia = by_name("slovenia")
    assert slovenia is not None
    assert (slovenia.code, slovenia.currency, slovenia.locale) == ("SI", "EUR", "sl-SI")
    assert by_name("  SLOVENIA ") is slovenia
    assert by_code("si") is slovenia
    assert by_name("Czech Republic") is by_code("CZ")
    assert by_name("united   kingdom") is by_code("GB")
    assert by_name("USA") is by_code("US")
    assert by_name("Atlantis") is None
    assert by_code("ZZ") is None
    assert by_code("") is None


def test_known_currencies() -> None:
    expectations = {"US": "USD", "GB": "GBP", "CH": "CHF", "HR": "EUR", "BG": "EUR", "PL": "PLN"}
    for code, currency in expectations.items():
        country = by_code(code)
        assert country is not None and country.currency == currency
