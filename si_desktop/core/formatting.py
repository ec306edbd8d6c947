"""How a client's customers write money, dates, percentages and quantities: the one place
that formats anything a customer will read (previews, e-mail placeholders, and later the
sandbox's PDFs), so that every surface agrees.

The rules are CLDR's, through Babel: the currency's symbol, where it goes, the separators, and
the currency's own number of decimals (JPY and ISK none, most others two). Locales come in the
API's spelling (`sl-SI`); the underscore spelling (`sl_SI`) is read too. A locale Babel does not
know falls back to its language (`sl-XX` → `sl`), and a missing or malformed one to
`FALLBACK_LOCALE`: a document never fails to show because of a stray locale.

Money is `Decimal` and rounded half-up to the currency's decimals here, before Babel sees it
(Babel itself rounds half-even: 0.125 → 0.12). Floats are not accepted for money.

No Qt and no I/O beyond Babel's own locale data.
"""

from __future__ import annotations

import copy
import datetime
import functools
import re
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent, get_currency_precision

from si_desktop.core import countries

FALLBACK_LOCALE = "en-GB"
"""The locale used when a client has none (or one nobody knows): the app's default for
previews, and an English that writes dates day first, as most of the app's clients do."""

_CURRENCY = re.compile(r"[A-Z]{3}")
_LOCALE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")
_TWO_DIGIT_YEAR = re.compile(r"(?<!y)yy(?!y)")


# --- locales -------------------------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _parse(locale: str) -> Locale:
    try:
        return Locale.parse(locale.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        language = locale.replace("-", "_").split("_")[0]
        try:
            return Locale.parse(language)
        except (UnknownLocaleError, ValueError, TypeError):
            return Locale.parse(FALLBACK_LOCALE.replace("-", "_"))


def babel_locale(locale: object) -> Locale:
    """The Babel locale for an API locale (`sl-SI`), falling back as the module says."""
    if not isinstance(locale, str) or not _LOCALE.fullmatch(locale.strip()):
        return _parse(FALLBACK_LOCALE)
    return _parse(locale.strip())


def client_locale(entity: Mapping[str, Any] | None) -> str:
    """The locale a client's documents are written in: its own `locale`, else the one its
    country implies (as the service derives it), else `FALLBACK_LOCALE`."""
    if isinstance(entity, Mapping):
        locale = entity.get("locale")
        if isinstance(locale, str) and _LOCALE.fullmatch(locale.strip()):
            return locale.strip()
        code = entity.get("country_code")
        country = countries.by_code(code) if isinstance(code, str) else None
        if country is not None:
            return country.locale
    return FALLBACK_LOCALE


# --- money ---------------------------------------------------------------------------------


def _currency(code: object) -> str | None:
    """The ISO 4217 code, upper-cased, or None for anything that is not three letters."""
    if not isinstance(code, str):
        return None
    code = code.strip().upper()
    return code if _CURRENCY.fullmatch(code) else None


def currency_digits(currency: str) -> int:
    """How many decimals the currency is written with (CLDR: EUR 2, JPY 0, ISK 0); 2 for a
    code CLDR does not know or a malformed one."""
    code = _currency(currency)
    return get_currency_precision(code) if code is not None else 2


def _decimal(amount: object) -> Decimal | None:
    """The amount as a finite Decimal; ints and numeric strings are read, floats are not
    (money is never float), nor NaN or infinities."""
    if isinstance(amount, bool | float):
        return None
    try:
        value = amount if isinstance(amount, Decimal) else Decimal(str(amount))
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


def round_money(amount: Decimal, currency: str) -> Decimal:
    """The amount rounded half-up to the currency's decimals (the contract's rule)."""
    quantum = Decimal(1).scaleb(-currency_digits(currency))
    rounded = amount.quantize(quantum, rounding=ROUND_HALF_UP)
    return rounded if rounded else abs(rounded)  # never "-0,00 €"


def money(amount: Decimal, currency: str, locale: str) -> str:
    """The amount as the client's customers read it: `1.234,56 €` (sl-SI), `£1,234.56`
    (en-GB), `￥123,456` (ja-JP). A currency that is not a three-letter code is written
    after the number as given; an amount that is not a finite number is written as given."""
    value = _decimal(amount)
    if value is None:
        return str(amount)
    code = _currency(currency)
    if code is None:
        text = currency.strip() if isinstance(currency, str) else ""
        return f"{bare_amount(value, '', locale)} {text}".strip()
    return format_currency(round_money(value, code), code, locale=babel_locale(locale))


def bare_amount(value: Decimal, currency: str, locale: str) -> str:
    """The amount as `money` writes it but without the currency (`1.234,56`): for
    `{document_total}`, which the vendor's templates follow with `{document_currency}`."""
    number = _decimal(value)
    if number is None:
        return str(value)
    where = babel_locale(locale)
    pattern = copy.copy(where.decimal_formats[None])
    digits = currency_digits(currency)
    pattern.frac_prec = (digits, digits)
    return str(pattern.apply(round_money(number, currency), where))


# --- dates, percentages, quantities --------------------------------------------------------


def load_locale_data(locale: str) -> None:
    """Read Babel's data for `locale` now, and its data shared by every locale the first
    time (25 ms of Python on an idle machine): the window does this on a worker thread at
    start-up, so that the first amount or date it shows costs only its formatting."""
    money(Decimal(1), "EUR", locale)
    date(datetime.date(2000, 1, 1), locale)


@functools.lru_cache(maxsize=64)
def _date_pattern(where: Locale) -> str:
    """The locale's short date pattern with the year in full: a document is read for years,
    so `09.03.26` (de-AT short) becomes `09.03.2026` while `9. 3. 2026` (sl) stays."""
    pattern = where.date_formats["short"].pattern
    return _TWO_DIGIT_YEAR.sub("y", pattern)


def date(value: datetime.date, locale: str) -> str:
    """The date in the locale's customary short form, year in full: `9. 3. 2026` (sl-SI),
    `09/03/2026` (en-GB), `2026/03/09` (ja-JP). A datetime is shown by its date."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    where = babel_locale(locale)
    return format_date(value, _date_pattern(where), locale=where)


def percent(rate: Decimal, locale: str) -> str:
    """A rate given in percent (22, 25.5, 8.1) as the locale writes it: `22 %` (sl-SI),
    `22%` (en-GB), `25,5 %` (fi-FI); every decimal the rate has is kept."""
    value = _decimal(rate)
    if value is None:
        return f"{rate} %"
    return format_percent(value.scaleb(-2), locale=babel_locale(locale),
                          decimal_quantization=False)


def quantity(value: Decimal, locale: str) -> str:
    """A quantity with the locale's separators and only the decimals it has: `6,5`, `1`,
    `1.250` (sl-SI for 1250)."""
    number = _decimal(value)
    if number is None:
        return str(value)
    return format_decimal(number, locale=babel_locale(locale), decimal_quantization=False)


def territory(code: str, locale: str) -> str:
    """A country's name in the locale's language (`SI` in sl-SI: `Slovenija`), or the code
    itself when CLDR has no name for it."""
    upper = code.strip().upper() if isinstance(code, str) else ""
    found = babel_locale(locale).territories.get(upper)
    return found if isinstance(found, str) else upper


# --- addresses -----------------------------------------------------------------------------

_CITY_FIRST = frozenset({"GB", "IE", "IM", "JE", "GG", "LV"})
"""Countries that write the town before the post code: `London EC1A 1BB`."""
_CITY_STATE_FIRST = frozenset({"US", "CA", "AU"})
"""Countries that write `Town, ST 12345` (the state, or province, between)."""


def place_lines(post_code: str, city: str, state: str, country_code: str) -> list[str]:
    """The post-code-and-town line of an address as the country writes it (`1000
    Ljubljana`, `London EC1A 1BB`, `San Francisco, CA 94102`), then the state on a line of
    its own where the country does not put it there. Empty parts are left out."""
    post_code, city, state = post_code.strip(), city.strip(), state.strip()
    code = country_code.strip().upper() if isinstance(country_code, str) else ""
    if code in _CITY_STATE_FIRST:
        tail = " ".join(part for part in (state, post_code) if part)
        return [", ".join(part for part in (city, tail) if part)] if city or tail else []
    parts = (city, post_code) if code in _CITY_FIRST else (post_code, city)
    place = " ".join(part for part in parts if part)
    return [line for line in (place, state) if line]
