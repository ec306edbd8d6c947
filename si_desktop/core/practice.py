"""What needs attention per client (the practice list): overdue invoices, drafts waiting,
the unpaid total, the date of the last issued invoice and the assigned bookkeeper.

Amounts are kept per currency and never added across currencies: the figure shown is the
sum in the client's own currency (a document without a currency is taken to be in it), and
what is owed in other currencies is kept beside it (`other_overdue`, `other_unpaid`) so a
view can say that there is more without inventing a conversion. Counts cover every
currency. Only invoices count as overdue or unpaid: an estimate is not owed, a draft is not
issued and a voided invoice is not owed any more.
"""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import NamedTuple

ZERO = Decimal(0)
NOTHING_ELSE: Mapping[str, Decimal] = MappingProxyType({})
"""No amounts in other currencies: one shared empty mapping, not two new dicts a client."""
DEFAULT_BOOKKEEPER_KEY = "bookkeeper"  # the client metadata key naming its bookkeeper

SORTS = ("name", "overdue", "unpaid", "last_invoice")
"""The orders the client list offers (besides by name, the most urgent first)."""


class CurrencyGroup(NamedTuple):
    """One client's documents in one currency, as the cache sums them up ("" when the
    documents name no currency)."""

    currency: str
    overdue_count: int
    overdue_dues: tuple[Decimal, ...]  # what is still due on each overdue invoice
    unpaid_dues: tuple[Decimal, ...]  # on each unpaid or partly paid invoice (overdue too)
    drafts: int
    last_issued: str | None  # ISO date of the latest issued, not voided invoice


@dataclass(frozen=True, slots=True)
class ClientFigures:
    """The practice list's figures for one client. The window keeps one for every cached
    client with documents or a bookkeeper (100,000 in a large firm), so it has slots, and
    its texts and empty mappings are shared between clients."""

    currency: str  # the client's currency, in which the amounts below are
    overdue_count: int = 0  # overdue invoices in any currency
    overdue_amount: Decimal = ZERO  # due on them, in the client's currency only
    unpaid_amount: Decimal = ZERO  # due on every unpaid invoice, in the client's currency
    drafts: int = 0
    last_issued: dt.date | None = None
    bookkeeper: str = ""
    other_overdue: Mapping[str, Decimal] = field(default_factory=lambda: NOTHING_ELSE)
    other_unpaid: Mapping[str, Decimal] = field(default_factory=lambda: NOTHING_ELSE)

    @property
    def needs_attention(self) -> bool:
        """Overdue invoices or drafts waiting to be issued."""
        return self.overdue_count > 0 or self.drafts > 0

    @property
    def has_unpaid(self) -> bool:
        return self.unpaid_amount > 0 or any(v > 0 for v in self.other_unpaid.values())


NO_FIGURES = ClientFigures(currency="")


def client_figures(currency: str | None, bookkeeper: str | None,
                   groups: Collection[CurrencyGroup]) -> ClientFigures:
    """One client's figures from its documents summed up per currency. The currency and
    the bookkeeper are interned: a firm has a few of each, shared by many clients; and the
    clients without documents share their figures too (`_without_documents`)."""
    own = sys.intern((currency or "").upper())
    keeper = sys.intern((bookkeeper or "").strip())
    if not groups:
        return _without_documents(own, keeper)
    overdue_count = drafts = 0
    overdue, unpaid = ZERO, ZERO
    other_overdue: dict[str, Decimal] = {}
    other_unpaid: dict[str, Decimal] = {}
    last: str | None = None
    for group in groups:
        overdue_count += group.overdue_count
        drafts += group.drafts
        if group.last_issued and (last is None or group.last_issued > last):
            last = group.last_issued
        code = group.currency.upper()
        if not code or code == own:
            overdue += sum(group.overdue_dues, ZERO)
            unpaid += sum(group.unpaid_dues, ZERO)
            continue
        _add(other_overdue, code, group.overdue_dues)
        _add(other_unpaid, code, group.unpaid_dues)
    return ClientFigures(
        own, overdue_count, overdue, unpaid, drafts, _date(last), keeper,
        other_overdue or NOTHING_ELSE, other_unpaid or NOTHING_ELSE,
    )


@functools.lru_cache(maxsize=4096)
def _without_documents(currency: str, bookkeeper: str) -> ClientFigures:
    """The figures of a client with no cached documents: only its currency and bookkeeper,
    the same object for every such client (figures are immutable)."""
    return ClientFigures(currency, bookkeeper=bookkeeper)


def _add(totals: dict[str, Decimal], code: str, dues: tuple[Decimal, ...]) -> None:
    if dues:
        totals[code] = totals.get(code, ZERO) + sum(dues, ZERO)


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def sort_value(figures: ClientFigures, sort: str) -> tuple[Decimal, Decimal]:
    """How far forward `sort` puts a client (larger first; ties keep name order). Amounts
    in the client's currency are compared as numbers across clients: the list orders by
    "who owes most", it converts nothing."""
    if sort == "overdue":
        return Decimal(figures.overdue_count), figures.overdue_amount
    if sort == "unpaid":
        return figures.unpaid_amount, ZERO
    if sort == "last_invoice" and figures.last_issued is not None:
        return Decimal(figures.last_issued.toordinal()), ZERO
    return ZERO, ZERO


FILTERS = ("all", "attention", "overdue", "drafts", "disabled", "mine", "country")
"""The client list's quick filters."""


class Filter(NamedTuple):
    """A quick filter: its kind and, for "mine" and "country", what it compares with."""

    kind: str = "all"
    value: str = ""


def passes(figures: ClientFigures, chosen: Filter, *, disabled: bool, country: str) -> bool:
    """Whether a client passes the quick filter `chosen`."""
    kind = chosen.kind
    if kind == "attention":
        return figures.needs_attention
    if kind == "overdue":
        return figures.overdue_count > 0
    if kind == "drafts":
        return figures.drafts > 0
    if kind == "disabled":
        return disabled
    if kind == "mine":
        mine = chosen.value.strip().casefold()
        return bool(mine) and figures.bookkeeper.casefold() == mine
    if kind == "country":
        return country.upper() == chosen.value.upper()
    return True
