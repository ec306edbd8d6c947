"""The practice list's figures per client: overdue count and amount in the client's own
currency (never mixed with another), drafts, the unpaid total, the last issued invoice and
the quick filters and sorts over them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from si_desktop.core.practice import (
    NO_FIGURES,
    ClientFigures,
    CurrencyGroup,
    Filter,
    client_figures,
    passes,
    sort_value,
)


def group(currency: str, overdue: tuple[str, ...] = (), unpaid: tuple[str, ...] = (),
          drafts: int = 0, last: str | None = None) -> CurrencyGroup:
    return CurrencyGroup(currency, len(overdue), tuple(map(Decimal, overdue)),
                         tuple(map(Decimal, unpaid)), drafts, last)


def test_amounts_in_other_currencies_are_kept_apart_never_added() -> None:
    figures = client_figures("eur", " Maja ", [
        group("EUR", overdue=("100.10",), unpaid=("100.10", "50")),
        group("USD", overdue=("999",), unpaid=("999",), last="2026-05-01"),
        group("", overdue=("0.90",), unpaid=("0.90",), drafts=2, last="2026-04-01"),
    ])
    assert figures.currency == "EUR"
    assert figures.overdue_count == 3  # counted in every currency
    assert figures.overdue_amount == Decimal("101.00")  # EUR and no-currency only
    assert figures.unpaid_amount == Decimal("151.00")
    assert figures.other_overdue == {"USD": Decimal("999")}
    assert figures.other_unpaid == {"USD": Decimal("999")}
    assert figures.drafts == 2
    assert figures.last_issued == dt.date(2026, 5, 1)
    assert figures.bookkeeper == "Maja"
    assert figures.needs_attention and figures.has_unpaid


def test_many_clients_share_their_texts_and_empty_mappings() -> None:
    """The window keeps the figures of every cached client (100,000 in a large firm): what
    clients have in common is one object, and a figure has no `__dict__` (issue 23, B5)."""
    first = client_figures("eur", "Maja Novak", [group("EUR", overdue=("10",))])
    second = client_figures("".join(["E", "UR"]), "".join(["Maja ", "Novak"]), [])
    assert first.currency is second.currency
    assert first.bookkeeper is second.bookkeeper
    assert first.other_overdue is second.other_unpaid  # the one empty mapping
    assert not first.other_overdue and first.other_overdue == {}
    assert not hasattr(first, "__dict__")


def test_a_client_without_documents_needs_nothing() -> None:
    figures = client_figures("EUR", None, [])
    assert figures == ClientFigures("EUR")
    assert not figures.needs_attention and not figures.has_unpaid
    assert figures.last_issued is None


def test_sorts_put_the_most_urgent_first() -> None:
    many = ClientFigures("EUR", overdue_count=3, overdue_amount=Decimal(10))
    few_but_large = ClientFigures("EUR", overdue_count=1, overdue_amount=Decimal(10_000),
                                  unpaid_amount=Decimal(10_000))
    assert sort_value(many, "overdue") > sort_value(few_but_large, "overdue")
    assert sort_value(few_but_large, "unpaid") > sort_value(many, "unpaid")
    late = ClientFigures("EUR", last_issued=dt.date(2026, 6, 1))
    assert sort_value(late, "last_invoice") > sort_value(NO_FIGURES, "last_invoice")
    assert sort_value(many, "name") == sort_value(late, "name")


def test_quick_filters() -> None:
    overdue = ClientFigures("EUR", overdue_count=1, bookkeeper="Maja")
    drafts = ClientFigures("EUR", drafts=1)
    calm = ClientFigures("EUR")
    assert passes(overdue, Filter("attention"), disabled=False, country="SI")
    assert passes(drafts, Filter("attention"), disabled=False, country="SI")
    assert not passes(calm, Filter("attention"), disabled=False, country="SI")
    assert passes(overdue, Filter("overdue"), disabled=False, country="SI")
    assert not passes(drafts, Filter("overdue"), disabled=False, country="SI")
    assert passes(drafts, Filter("drafts"), disabled=False, country="SI")
    assert passes(calm, Filter("disabled"), disabled=True, country="SI")
    assert not passes(calm, Filter("disabled"), disabled=False, country="SI")
    assert passes(overdue, Filter("mine", "maja"), disabled=False, country="SI")
    assert not passes(calm, Filter("mine", "maja"), disabled=False, country="SI")
    assert not passes(calm, Filter("mine", ""), disabled=False, country="SI")
    assert passes(calm, Filter("country", "si"), disabled=False, country="SI")
    assert not passes(calm, Filter("country", "HR"), disabled=False, country="SI")
    assert passes(calm, Filter(), disabled=False, country="")
