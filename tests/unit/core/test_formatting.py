"""Money, dates, percentages and quantities as a client's customers read them: checked against
Babel's own CLDR output (never against strings typed here), with half-up rounding on Decimal,
and never an exception for an odd locale or currency."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

import pytest
from babel import Locale
from babel.dates import format_date
from babel.numbers import (
    format_currency,
    format_decimal,
    format_percent,
    get_currency_precision,
    parse_decimal,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from si_desktop.core import formatting

DAY = datetime.date(2026, 3, 9)  # day 9, month 3: neither can pass for the year "26"

# (API locale, currency): the clients of this market and the awkward ones (no decimals,
# a symbol after the number, a space or an apostrophe as the group separator)
CASES = [
    ("sl-SI", "EUR"), ("de-AT", "EUR"), ("de-DE", "EUR"), ("hr-HR", "EUR"), ("it-IT", "EUR"),
    ("fr-FR", "EUR"), ("nl-NL", "EUR"), ("en-IE", "EUR"), ("en-GB", "GBP"), ("en-US", "USD"),
    ("de-CH", "CHF"), ("is-IS", "ISK"), ("ja-JP", "JPY"), ("hu-HU", "HUF"), ("pl-PL", "PLN"),
    ("cs-CZ", "CZK"), ("sv-SE", "SEK"), ("sr-RS", "RSD"), ("en-GB", "EUR"), ("sl-SI", "USD"),
]


def _babel(locale: str) -> Locale:
    return Locale.parse(locale.replace("-", "_"))


def _half_up(amount: Decimal, currency: str) -> Decimal:
    return amount.quantize(Decimal(1).scaleb(-get_currency_precision(currency)),
                           rounding=ROUND_HALF_UP)


@pytest.mark.parametrize(("locale", "currency"), CASES)
@pytest.mark.parametrize("amount", ["1234.56", "0.5", "1234567.891", "0.125", "-42.005"])
def test_money_is_what_cldr_writes_after_half_up_rounding(
    locale: str, currency: str, amount: str
) -> None:
    value = Decimal(amount)
    expected = format_currency(_half_up(value, currency), currency, locale=_babel(locale))
    assert formatting.money(value, currency, locale) == expected
    assert formatting.money(value, currency, locale.replace("-", "_")) == expected


@pytest.mark.parametrize(("locale", "currency"), CASES)
def test_money_uses_the_symbol_and_the_currencys_decimals(locale: str, currency: str) -> None:
    shown = formatting.money(Decimal("1234.5"), currency, locale)
    symbol = _babel(locale).currency_symbols.get(currency, currency)
    assert symbol in shown
    digits = get_currency_precision(currency)
    assert formatting.currency_digits(currency) == digits
    bare = formatting.bare_amount(Decimal("1234.5"), currency, locale)
    assert bare in shown and symbol not in bare
    assert parse_decimal(bare, locale=_babel(locale)) == _half_up(Decimal("1234.5"), currency)
    separator = _babel(locale).number_symbols["latn"]["decimal"]
    assert (separator in bare) == (digits > 0)  # JPY and ISK: no decimals at all


def test_the_issues_clients_read_their_own_money() -> None:
    """The table of the issue, with CLDR's answer taken from Babel."""
    for locale, currency, amount in [("sl-SI", "EUR", "1234.56"), ("de-AT", "EUR", "1234.56"),
                                     ("en-GB", "GBP", "1234.56"), ("en-US", "USD", "1234.56"),
                                     ("is-IS", "ISK", "1234.56"), ("ja-JP", "JPY", "123456")]:
        shown = formatting.money(Decimal(amount), currency, locale)
        assert currency not in shown  # the symbol, not the code
        assert shown == format_currency(_half_up(Decimal(amount), currency), currency,
                                        locale=_babel(locale))
    assert formatting.money(Decimal("1234.56"), "ISK", "is-IS").startswith("1.235")


@pytest.mark.parametrize("locale", [case[0] for case in CASES])
def test_dates_are_the_locales_short_form_with_the_year_in_full(locale: str) -> None:
    short = format_date(DAY, "short", locale=_babel(locale))
    expected = short if "2026" in short else short.replace("26", "2026")
    assert formatting.date(DAY, locale) == expected
    assert formatting.date(datetime.datetime(2026, 3, 9, 23, 59), locale) == expected


def test_a_two_digit_year_is_written_in_full() -> None:
    for locale in ("de-AT", "en-US", "it-IT"):  # CLDR's short forms: 09.03.26, 3/9/26, …
        assert "2026" not in format_date(DAY, "short", locale=_babel(locale))
        assert formatting.date(DAY, locale).endswith("2026")


@pytest.mark.parametrize("locale", ["sl-SI", "en-GB", "de-CH", "fi-FI", "fr-FR", "ja-JP"])
@pytest.mark.parametrize("rate", ["22", "25.5", "8.1", "0", "20.0"])
def test_percentages_keep_every_decimal_the_rate_has(locale: str, rate: str) -> None:
    value = Decimal(rate)
    shown = formatting.percent(value, locale)
    assert shown == format_percent(value / 100, locale=_babel(locale), decimal_quantization=False)
    assert format_decimal(value, locale=_babel(locale)) in shown


@pytest.mark.parametrize("locale", ["sl-SI", "en-GB", "de-AT", "ja-JP"])
@pytest.mark.parametrize("quantity", ["1", "6.5", "1250", "0.333", "2.50"])
def test_quantities_have_only_their_own_decimals(locale: str, quantity: str) -> None:
    expected = format_decimal(Decimal(quantity).normalize(), locale=_babel(locale),
                              decimal_quantization=False)
    assert formatting.quantity(Decimal(quantity), locale) == expected


@pytest.mark.parametrize("odd", ["", "xx-YY", "zz", "not a locale!", "sl-SI-x-extra!",
                                 None, 42, "-", "__"])
def test_odd_locales_fall_back_and_never_raise(odd: object) -> None:
    fallback = formatting.money(Decimal("1234.5"), "EUR", formatting.FALLBACK_LOCALE)
    assert formatting.money(Decimal("1234.5"), "EUR", odd) == fallback  # type: ignore[arg-type]
    assert formatting.date(DAY, odd) == formatting.date(  # type: ignore[arg-type]
        DAY, formatting.FALLBACK_LOCALE)
    formatting.percent(Decimal(22), odd)  # type: ignore[arg-type]
    formatting.quantity(Decimal(2), odd)  # type: ignore[arg-type]


def test_an_unknown_region_keeps_its_language() -> None:
    assert formatting.money(Decimal("1234.5"), "EUR", "sl-XX") == format_currency(
        Decimal("1234.50"), "EUR", locale="sl")
    assert formatting.date(DAY, "sl-XX") == formatting.date(DAY, "sl-SI")


def test_odd_currencies_and_amounts_never_raise() -> None:
    assert formatting.money(Decimal("1.5"), "eur", "sl-SI") == formatting.money(
        Decimal("1.5"), "EUR", "sl-SI")
    assert "XYZ" in formatting.money(Decimal("1.5"), "XYZ", "sl-SI")
    odd = formatting.money(Decimal("1.5"), "€uro", "sl-SI")
    assert odd.endswith("€uro") and odd.startswith(formatting.bare_amount(
        Decimal("1.5"), "EUR", "sl-SI"))
    assert formatting.money(Decimal("NaN"), "EUR", "sl-SI") == "NaN"
    assert formatting.money(Decimal("-0.001"), "EUR", "en-GB") == formatting.money(
        Decimal(0), "EUR", "en-GB")  # never "-£0.00"


def test_a_float_is_never_taken_for_money() -> None:
    # 0.125 as a float is a hair below 1/8: rounding through it would give 0.12
    assert formatting.money(0.125, "EUR", "en-GB") == "0.125"  # type: ignore[arg-type]
    assert formatting.round_money(Decimal("0.125"), "EUR") == Decimal("0.13")


def test_client_locale_comes_from_the_client_or_its_country() -> None:
    assert formatting.client_locale({"locale": "de-AT", "country_code": "SI"}) == "de-AT"
    assert formatting.client_locale({"locale": None, "country_code": "si"}) == "sl-SI"
    assert formatting.client_locale({"country_code": "XX"}) == formatting.FALLBACK_LOCALE
    assert formatting.client_locale(None) == formatting.FALLBACK_LOCALE
    assert formatting.territory("SI", "sl-SI") == _babel("sl-SI").territories["SI"]


# --- rounding properties -------------------------------------------------------------------

amounts = st.decimals(min_value=Decimal("-1e9"), max_value=Decimal("1e9"), places=6,
                      allow_nan=False, allow_infinity=False)
currencies = st.sampled_from(["EUR", "GBP", "JPY", "ISK", "CHF", "HUF", "KWD"])


@settings(max_examples=300, deadline=None)
@given(amount=amounts, currency=currencies)
def test_rounding_is_half_up_to_the_currencys_decimals(amount: Decimal, currency: str) -> None:
    digits = get_currency_precision(currency)
    step = Decimal(1).scaleb(-digits)
    rounded = formatting.round_money(amount, currency)
    assert rounded.as_tuple().exponent == -digits
    assert abs(rounded - amount) <= step / 2
    if abs(rounded - amount) == step / 2:  # exactly half way: away from zero
        assert abs(rounded) > abs(amount)
    assert formatting.round_money(rounded, currency) == rounded


@settings(max_examples=200, deadline=None)
@given(whole=st.integers(min_value=0, max_value=10**9), currency=currencies,
       negative=st.booleans())
def test_halves_always_round_away_from_zero(whole: int, currency: str, negative: bool) -> None:
    step = Decimal(1).scaleb(-get_currency_precision(currency))
    sign = -1 if negative else 1
    halfway = sign * (whole * step + step / 2)
    assert formatting.round_money(halfway, currency) == sign * (whole + 1) * step


@settings(max_examples=200, deadline=None)
@given(amount=amounts, currency=currencies,
       locale=st.sampled_from(["sl-SI", "en-GB", "de-AT", "ja-JP", "is-IS", "de-CH"]))
def test_what_is_shown_reads_back_as_the_rounded_amount(
    amount: Decimal, currency: str, locale: str
) -> None:
    shown = formatting.bare_amount(abs(amount), currency, locale)
    assert parse_decimal(shown, locale=_babel(locale)) == formatting.round_money(
        abs(amount), currency)
    assert formatting.money(amount, currency, locale) == formatting.money(
        formatting.round_money(amount, currency), currency, locale)


@pytest.mark.parametrize(("parts", "expected"), [
    (("1000", "Ljubljana", "", "SI"), ["1000 Ljubljana"]),
    (("EC1A 1BB", "London", "", "GB"), ["London EC1A 1BB"]),
    (("94102", "San Francisco", "CA", "US"), ["San Francisco, CA 94102"]),
    (("10115", "Berlin", "", "de"), ["10115 Berlin"]),
    (("", "Zagreb", "", "HR"), ["Zagreb"]),
    (("20121", "Milano", "MI", "IT"), ["20121 Milano", "MI"]),
    (("", "", "", "US"), []),
])
def test_the_place_line_as_each_country_writes_it(parts: tuple[str, str, str, str],
                                                  expected: list[str]) -> None:
    assert formatting.place_lines(*parts) == expected
