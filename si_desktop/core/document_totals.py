"""A document's totals by the contract's rules (CONTRACT.md, "Documents", Totals): the one
implementation the sandbox computes documents with and the new-document editor previews with,
so that what a bookkeeper sees while typing is what the service stores.

All money is `Decimal`, rounded half-up to the currency's decimals (EUR 2, JPY 0), per line:

- net prices: subtotal = price × quantity; discount = Σ(percent × subtotal / 100) + Σ(amount),
  every discount on the original subtotal; line total = round(subtotal − discount); each tax
  = round(line total × rate / 100); several taxes on a line add up.
- gross prices: total with tax = round(gross × quantity − discount); total =
  round(total with tax / (1 + Σ rates / 100)); the tax is the difference. With several taxes
  each gets round(total × rate / 100) and the last one takes what is left, so the line's taxes
  always add up to the difference (the contract names only the difference).
- the document: total = Σ line totals; one tax entry per (tax id, rate) with its base and
  amount; total with tax = total + Σ taxes; total discount = Σ the lines' rounded discounts
  (in the terms the line was priced in: net for `price`, gross for `gross_price`).
- what is paid: total due = total with tax − total paid; paid in full when nothing is due.

Plain data in, plain data out: `Line` and `Discount`/`LineTax` are small frozen dataclasses
(`Line.from_item` reads the API's item shape), results are dataclasses of `Decimal`. Nothing
here does I/O, and nothing here validates a request: a caller checks its input first (the
sandbox answers 422, the editor marks the field) and then computes.

Speed: the editor recomputes every line on every keystroke (200 lines well under a frame), so
the rounding quantum is looked up once per currency and the per-line work is a handful of
`Decimal` operations.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from si_desktop.core.formatting import currency_digits

DiscountType = Literal["percent", "amount"]

MAX_DISCOUNTS = 5
"""Most discounts one line may carry."""
MIN_RATE = Decimal(0)
MAX_RATE = Decimal(100)
"""A tax rate is a percentage from 0 to 100 (both included)."""
DEFAULT_MAX_TAXES = 3
"""Taxes per line where the entity's `country_rules` do not say (the reference's United
States example; EU countries allow one, see `max_taxes_per_item`)."""

EU_MEMBER_STATES = frozenset({
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE",
    "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
})
"""One VAT per line in the EU (the reference's Slovenian example reports
`max_taxes_per_item: 1`)."""

_ZERO = Decimal(0)
_HUNDRED = Decimal(100)
_ONE = Decimal(1)


@dataclass(frozen=True, slots=True)
class Discount:
    """A discount on one line: `value` percent of the line's subtotal, or `value` off it."""

    value: Decimal
    type: DiscountType = "percent"


@dataclass(frozen=True, slots=True)
class LineTax:
    """A tax on one line at the rate in force on the document's date. `tax_id` names the
    client's tax (an editor's preview may not have one yet)."""

    rate: Decimal
    tax_id: str | None = None


@dataclass(frozen=True, slots=True)
class Line:
    """One item as the totals see it: exactly one of `price` (net, per unit) or
    `gross_price` (with tax, per unit)."""

    quantity: Decimal = _ONE
    price: Decimal | None = None
    gross_price: Decimal | None = None
    discounts: tuple[Discount, ...] = ()
    taxes: tuple[LineTax, ...] = ()

    @classmethod
    def from_item(cls, item: Mapping[str, Any]) -> Line:
        """A line from the API's item shape (`quantity`, `price` or `gross_price`,
        `discounts: [{value, type}]`, `taxes: [{rate, tax_id?}]`, rates already resolved).

        Numbers may be `Decimal`, `int` or numeric text; a float raises `TypeError` (money is
        never float) and anything else malformed raises `ValueError`.
        """
        quantity = item.get("quantity")
        price, gross = item.get("price"), item.get("gross_price")
        if (price is None) == (gross is None):
            raise ValueError("an item has exactly one of price and gross_price")
        return cls(
            quantity=_ONE if quantity is None else to_decimal(quantity),
            price=None if price is None else to_decimal(price),
            gross_price=None if gross is None else to_decimal(gross),
            discounts=tuple(
                Discount(to_decimal(d["value"]), _discount_type(d.get("type", "percent")))
                for d in item.get("discounts") or ()
            ),
            taxes=tuple(
                LineTax(to_decimal(t["rate"]), t.get("tax_id")) for t in item.get("taxes") or ()
            ),
        )


@dataclass(frozen=True, slots=True)
class TaxAmount:
    """One tax of one line."""

    rate: Decimal
    amount: Decimal
    tax_id: str | None = None


@dataclass(frozen=True, slots=True)
class LineTotals:
    discount: Decimal
    """The line's discounts, rounded (net or gross, as the line is priced)."""
    total: Decimal
    """Net, after discounts."""
    taxes: tuple[TaxAmount, ...]
    total_with_tax: Decimal


@dataclass(frozen=True, slots=True)
class TaxSummary:
    """One entry of a document's `taxes`: every line taxed with `tax_id` at `rate`."""

    tax_id: str | None
    rate: Decimal
    base: Decimal
    amount: Decimal


@dataclass(frozen=True, slots=True)
class DocumentTotals:
    lines: tuple[LineTotals, ...]
    total: Decimal
    total_discount: Decimal
    taxes: tuple[TaxSummary, ...]
    total_tax: Decimal
    total_with_tax: Decimal


@dataclass(frozen=True, slots=True)
class Balance:
    total_paid: Decimal
    total_due: Decimal
    """Negative when more was paid than was owed (shown as overpaid)."""
    paid_in_full: bool


def to_decimal(value: object) -> Decimal:
    """`Decimal`, `int` or numeric text as a finite `Decimal`; floats are refused."""
    if isinstance(value, bool):
        raise TypeError("true/false is not a number")
    if isinstance(value, float):
        raise TypeError("money and quantities are never float; pass Decimal, int or text")
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int | str):
        try:
            number = Decimal(value)
        except ArithmeticError as exc:
            raise ValueError(f"not a number: {value!r}") from exc
    else:
        raise TypeError(f"not a number: {value!r}")
    if not number.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    return number


def _discount_type(value: object) -> DiscountType:
    if value == "percent":
        return "percent"
    if value == "amount":
        return "amount"
    raise ValueError(f"a discount is percent or amount, not {value!r}")


@functools.lru_cache(maxsize=64)
def quantum(currency: str) -> Decimal:
    """The smallest amount of the currency (0.01 for EUR, 1 for JPY)."""
    return _ONE.scaleb(-currency_digits(currency))


def _round(amount: Decimal, step: Decimal) -> Decimal:
    """Half-up to `step`, as `formatting.round_money` does (and never a negative zero)."""
    rounded = amount.quantize(step, rounding=ROUND_HALF_UP)
    return rounded if rounded else abs(rounded)


def max_taxes_per_item(entity: Mapping[str, Any] | None) -> int:
    """How many taxes one line may carry for this client: its `country_rules` when the
    service sent them, else one in the EU and `DEFAULT_MAX_TAXES` elsewhere."""
    if not isinstance(entity, Mapping):
        return DEFAULT_MAX_TAXES
    rules = entity.get("country_rules")
    if isinstance(rules, Mapping):
        value = rules.get("max_taxes_per_item")
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
    code = entity.get("country_code")
    if isinstance(code, str) and code.upper() in EU_MEMBER_STATES:
        return 1
    return DEFAULT_MAX_TAXES


def _discount(subtotal: Decimal, discounts: Sequence[Discount]) -> Decimal:
    off = _ZERO
    for discount in discounts:
        if discount.type == "percent":
            off += subtotal * discount.value / _HUNDRED
        else:
            off += discount.value
    return off


def line_totals(line: Line, currency: str) -> LineTotals:
    """One line's discount, total, taxes and total with tax."""
    step = quantum(currency)
    if line.gross_price is not None:
        return _gross_line(line, line.gross_price, step)
    price = line.price if line.price is not None else _ZERO
    subtotal = price * line.quantity
    discount = _discount(subtotal, line.discounts)
    total = _round(subtotal - discount, step)
    taxes = tuple(
        TaxAmount(tax.rate, _round(total * tax.rate / _HUNDRED, step), tax.tax_id)
        for tax in line.taxes
    )
    with_tax = total
    for tax in taxes:
        with_tax += tax.amount
    return LineTotals(_round(discount, step), total, taxes, with_tax)


def _gross_line(line: Line, gross: Decimal, step: Decimal) -> LineTotals:
    subtotal = gross * line.quantity
    discount = _discount(subtotal, line.discounts)
    with_tax = _round(subtotal - discount, step)
    rates = _ZERO
    for tax in line.taxes:
        rates += tax.rate
    total = _round(with_tax / (_ONE + rates / _HUNDRED), step) if rates else with_tax
    left = with_tax - total
    amounts: list[TaxAmount] = []
    for index, tax in enumerate(line.taxes):
        if index == len(line.taxes) - 1:
            amount = left
        else:
            amount = _round(total * tax.rate / _HUNDRED, step)
            left -= amount
        amounts.append(TaxAmount(tax.rate, amount, tax.tax_id))
    return LineTotals(_round(discount, step), total, tuple(amounts), with_tax)


def document_totals(lines: Iterable[Line], currency: str) -> DocumentTotals:
    """Every line's totals and the document's: total, discount, taxes per (tax id, rate),
    total tax and total with tax."""
    computed = tuple(line_totals(line, currency) for line in lines)
    total = total_discount = total_tax = _ZERO
    summary: dict[tuple[str | None, Decimal], list[Decimal]] = {}
    for line in computed:
        total += line.total
        total_discount += line.discount
        for tax in line.taxes:
            total_tax += tax.amount
            entry = summary.get((tax.tax_id, tax.rate))
            if entry is None:
                summary[(tax.tax_id, tax.rate)] = [line.total, tax.amount]
            else:
                entry[0] += line.total
                entry[1] += tax.amount
    taxes = tuple(
        TaxSummary(tax_id, rate, base, amount)
        for (tax_id, rate), (base, amount) in summary.items()
    )
    step = quantum(currency)
    return DocumentTotals(
        computed,
        _round(total, step),
        _round(total_discount, step),
        taxes,
        _round(total_tax, step),
        _round(total + total_tax, step),
    )


def balance(total_with_tax: Decimal, payments: Iterable[Decimal], currency: str) -> Balance:
    """What is paid and what is still due; paid in full when nothing is due (an overpaid
    document is paid in full, its due amount negative)."""
    step = quantum(currency)
    paid = _ZERO
    for amount in payments:
        paid += amount
    paid = _round(paid, step)
    due = _round(total_with_tax - paid, step)
    return Balance(paid, due, due <= _ZERO)
