"""What the new-document editor and the Documents tab need besides the totals, with no I/O
and no Qt: numbers as a bookkeeper types them, a tax's rate on a date, the defaults a new
document of a client (and business unit) starts with, and the periods the list filters by.

Numbers. A bookkeeper types `1.234,50` in a Slovenian client's invoice and `1,234.50` in a
British one's, and often `12.5` in either: `parse_number` reads the locale's own separators
and the other common spelling too, and never goes through a float. Where one separator
could be either (`1.234`), it is a group separator when exactly three digits follow it and
it is the locale's group separator, else the decimal point.

Defaults (CONTRACT.md, "Documents"): the effective settings of the unit (`core.branding`)
give the note and payment terms of the type (`default_<type>_note`,
`default_<type>_payment_terms`), the footer (`document_footer`), the signature
(`default_document_signature`), and the due days (`default_invoice_due_days`) or the days
an estimate stays valid (`default_estimate_valid_days`), 30 when not set.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from babel.numbers import get_group_symbol

from si_desktop.core.branding import effective_settings
from si_desktop.core.documents import amount, parse_date
from si_desktop.core.formatting import babel_locale

DEFAULT_DAYS: Final = 30
"""Due days of an invoice and valid days of an estimate when the settings do not say."""

PERIODS: Final = (
    "all", "this_month", "last_month", "this_quarter", "last_quarter", "this_year",
    "last_year", "last_12_months",
)
"""The periods the Documents tab filters by, in the order it offers them."""

OUTSTANDING: Final = frozenset({"unpaid", "partially_paid", "overdue"})
"""The statuses of a document with money still due."""

_PLAIN = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_IGNORED = str.maketrans("", "", " \u00a0\u202f\u2009'’")


def parse_number(text: str, locale: str) -> Decimal | None:
    """A number as typed (`1.234,5`, `1,234.5`, `12.5`, `-3`, `22 %`) as a Decimal, read
    with the separators of `locale` (see the module docstring); None for anything that is
    not one number (letters, two signs, an exponent)."""
    cleaned = text.translate(_IGNORED).rstrip("%")
    if not cleaned:
        return None
    group = get_group_symbol(babel_locale(locale))
    cleaned = cleaned.replace("\u2212", "-")  # a typographic minus
    if "," in cleaned and "." in cleaned:
        point = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
        other = "." if point == "," else ","
        cleaned = cleaned.replace(other, "").replace(point, ".")
    else:
        separator = "," if "," in cleaned else "." if "." in cleaned else ""
        if separator:
            head, _, tail = cleaned.rpartition(separator)
            grouping = cleaned.count(separator) > 1 or (
                separator == group and len(tail) == 3 and head.lstrip("+-") != "")
            cleaned = cleaned.replace(separator, "") if grouping else \
                cleaned.replace(separator, ".")
    if not _PLAIN.fullmatch(cleaned):
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def tax_rate_on(tax: Mapping[str, Any], day: dt.date) -> Decimal | None:
    """The rate of one of the client's taxes for a document dated `day`: its newest rate
    whose `valid_from` is not after the day (a rate without `valid_from` always applies);
    None when none applies yet."""
    rates = tax.get("tax_rates")
    best: tuple[dt.date, Decimal] | None = None
    for entry in rates if isinstance(rates, Sequence) and not isinstance(rates, str) else ():
        if not isinstance(entry, Mapping):
            continue
        rate = amount(entry.get("rate"))
        if rate is None:
            continue
        since = parse_date(entry.get("valid_from")) or dt.date.min
        if since <= day and (best is None or since >= best[0]):
            best = (since, rate)
    if best is None:  # the older spelling: one `rate` on the tax itself
        rate = amount(tax.get("rate"))
        return rate
    return best[1]


@dataclass(frozen=True)
class DocumentDefaults:
    """What a new document of a type starts with, for a client and (optionally) a unit."""

    date: dt.date
    date_due: dt.date | None  # invoices
    date_valid_till: dt.date | None  # estimates
    note: str
    payment_terms: str
    footer: str
    signature: str
    currency_code: str


def _days(settings: Mapping[str, Any], key: str) -> int:
    value = settings.get(key)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return DEFAULT_DAYS


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def document_defaults(
    entity: Mapping[str, Any],
    unit: Mapping[str, Any] | None,
    document_type: str,
    today: dt.date,
) -> DocumentDefaults:
    """The defaults of a new document (see the module docstring): the effective settings
    of the unit over the client's."""
    own = entity.get("settings")
    unit_settings = unit.get("settings") if unit is not None else None
    settings = effective_settings(own if isinstance(own, Mapping) else {},
                                  unit_settings if isinstance(unit_settings, Mapping) else None)
    due = valid = None
    if document_type == "invoice":
        due = today + dt.timedelta(days=_days(settings, "default_invoice_due_days"))
    elif document_type == "estimate":
        valid = today + dt.timedelta(days=_days(settings, "default_estimate_valid_days"))
    currency = entity.get("currency_code")
    return DocumentDefaults(
        date=today,
        date_due=due,
        date_valid_till=valid,
        note=_text(settings.get(f"default_{document_type}_note")),
        payment_terms=_text(settings.get(f"default_{document_type}_payment_terms")),
        footer=_text(settings.get("document_footer")),
        signature=_text(settings.get("default_document_signature")),
        currency_code=currency if isinstance(currency, str) and currency else "EUR",
    )


def _quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def _months_before(day: dt.date, months: int) -> dt.date:
    """The first of the month `months` before `day`'s month."""
    index = day.year * 12 + day.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def period_bounds(period: str, today: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day (both included) of one of `PERIODS` around `today`;
    (None, None) for "all". ValueError for a period that is not one of them."""
    if period == "all":
        return None, None
    month = dt.date(today.year, today.month, 1)
    if period == "this_month":
        return month, _months_before(today, -1) - dt.timedelta(days=1)
    if period == "last_month":
        return _months_before(today, 1), month - dt.timedelta(days=1)
    quarter = _quarter_start(today)
    if period == "this_quarter":
        return quarter, _months_before(quarter, -3) - dt.timedelta(days=1)
    if period == "last_quarter":
        return _months_before(quarter, 3), quarter - dt.timedelta(days=1)
    if period == "this_year":
        return dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
    if period == "last_year":
        return dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31)
    if period == "last_12_months":
        return _months_before(today, 11), _months_before(today, -1) - dt.timedelta(days=1)
    raise ValueError(f"period must be one of {', '.join(PERIODS)}, not {period!r}")
