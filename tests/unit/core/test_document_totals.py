"""Document totals by the contract's rules: the vendor's worked example, each rule on its own
(discounts on the original subtotal, several taxes, gross prices, the currency's decimals,
half-up per line), and properties that hold for any document."""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from si_desktop.core import formatting
from si_desktop.core.document_totals import (
    Discount,
    Line,
    LineTax,
    balance,
    document_totals,
    line_totals,
    max_taxes_per_item,
    quantum,
    to_decimal,
)

D = Decimal
VAT = LineTax(D(22), "tax_" + "a" * 24)


def test_the_vendors_worked_example() -> None:
    """2 × 100, 10 % discount, 22 % VAT → 180.00 net, 39.60 VAT, 219.60 with tax."""
    line = Line(quantity=D(2), price=D(100), discounts=(Discount(D(10)),), taxes=(VAT,))
    totals = document_totals([line], "EUR")
    assert totals.total == D("180.00")
    assert totals.total_tax == D("39.60")
    assert totals.total_with_tax == D("219.60")
    assert totals.total_discount == D("20.00")
    (tax,) = totals.taxes
    assert (tax.tax_id, tax.rate, tax.base, tax.amount) == (VAT.tax_id, D(22), D("180.00"),
                                                            D("39.60"))
    assert str(totals.total) == "180.00"  # two places, as money is written


def test_the_worked_example_from_the_api_item_shape() -> None:
    item = {"quantity": 2, "price": 100, "discounts": [{"value": 10, "type": "percent"}],
            "taxes": [{"tax_id": VAT.tax_id, "rate": 22}]}
    assert document_totals([Line.from_item(item)], "EUR").total_with_tax == D("219.60")


def test_every_discount_is_taken_from_the_original_subtotal() -> None:
    # 10 % and 10 % of 100 are 20 off (not 19, as compounding would give), plus 5 off
    line = Line(D(1), D(100), discounts=(Discount(D(10)), Discount(D(10)),
                                         Discount(D(5), "amount")))
    assert line_totals(line, "EUR").total == D("75.00")
    assert line_totals(line, "EUR").discount == D("25.00")


def test_an_amount_discount_is_per_line_not_per_unit() -> None:
    line = Line(D(3), D(10), discounts=(Discount(D(5), "amount"),))
    assert line_totals(line, "EUR").total == D("25.00")


def test_each_line_is_rounded_half_up_before_the_sum() -> None:
    # 0.125 per line: half-up gives 0.13 each (0.39), rounding the sum would give 0.38
    lines = [Line(D(1), D("0.125")) for _ in range(3)]
    assert document_totals(lines, "EUR").total == D("0.39")
    # and the tax of each line is rounded on its own: 0.13 × 50 % = 0.065 → 0.07 each
    taxed = [Line(D(1), D("0.125"), taxes=(LineTax(D(50), "t"),)) for _ in range(3)]
    assert document_totals(taxed, "EUR").total_tax == D("0.21")


def test_half_up_is_not_bankers_rounding() -> None:
    assert line_totals(Line(D(1), D("2.345")), "EUR").total == D("2.35")
    assert line_totals(Line(D(1), D("2.335")), "EUR").total == D("2.34")
    assert line_totals(Line(D(-1), D("2.345")), "EUR").total == D("-2.35")


def test_several_taxes_on_a_line_add_up() -> None:
    state, city = LineTax(D("6.25"), "tax_state"), LineTax(D("2"), "tax_city")
    line = Line(D(3), D("19.99"), taxes=(state, city))
    result = line_totals(line, "USD")
    assert result.total == D("59.97")
    assert [t.amount for t in result.taxes] == [D("3.75"), D("1.20")]
    assert result.total_with_tax == D("64.92")


def test_document_taxes_are_one_entry_per_tax_and_rate() -> None:
    reduced = LineTax(D("9.5"), "tax_" + "b" * 24)
    lines = [Line(D(1), D(100), taxes=(VAT,)), Line(D(2), D(10), taxes=(reduced,)),
             Line(D(1), D(50), taxes=(VAT,)), Line(D(1), D(7))]
    totals = document_totals(lines, "EUR")
    assert [(t.tax_id, t.rate, t.base, t.amount) for t in totals.taxes] == [
        (VAT.tax_id, D(22), D("150.00"), D("33.00")),
        (reduced.tax_id, D("9.5"), D("20.00"), D("1.90")),
    ]
    assert totals.total == D("177.00")
    assert totals.total_with_tax == D("211.90")


def test_the_same_tax_at_two_rates_gives_two_entries() -> None:
    old, new = LineTax(D(20), "tax_x"), LineTax(D(22), "tax_x")
    totals = document_totals([Line(D(1), D(10), taxes=(old,)), Line(D(1), D(10), taxes=(new,))],
                             "EUR")
    assert [(t.rate, t.amount) for t in totals.taxes] == [(D(20), D("2.00")), (D(22), D("2.20"))]


def test_a_gross_price_is_split_into_net_and_tax() -> None:
    line = Line(D(1), gross_price=D("122"), taxes=(VAT,))
    result = line_totals(line, "EUR")
    assert (result.total, result.taxes[0].amount, result.total_with_tax) == (
        D("100.00"), D("22.00"), D("122.00"))


def test_a_gross_price_keeps_the_total_with_tax_the_customer_was_quoted() -> None:
    # 3 × 9.99 gross at 22 %: 29.97 with tax whatever the split
    result = line_totals(Line(D(3), gross_price=D("9.99"), taxes=(VAT,)), "EUR")
    assert result.total_with_tax == D("29.97")
    assert result.total == D("24.57")  # 29.97 / 1.22 = 24.565… → 24.57
    assert result.taxes[0].amount == D("5.40")


def test_a_gross_line_with_several_taxes_shares_out_the_difference() -> None:
    taxes = (LineTax(D("6.25"), "a"), LineTax(D("2"), "b"), LineTax(D("1.5"), "c"))
    result = line_totals(Line(D(1), gross_price=D("109.75"), discounts=(Discount(D(1), "amount"),),
                              taxes=taxes), "USD")
    assert result.total_with_tax == D("108.75")
    assert result.total == D("99.09")  # 108.75 / 1.0975
    assert sum(t.amount for t in result.taxes) == result.total_with_tax - result.total
    assert [t.amount for t in result.taxes[:2]] == [D("6.19"), D("1.98")]


def test_a_gross_discount_comes_off_the_gross_amount() -> None:
    line = Line(D(2), gross_price=D(100), discounts=(Discount(D(10)),), taxes=(VAT,))
    result = line_totals(line, "EUR")
    assert result.total_with_tax == D("180.00")
    assert result.total == D("147.54")  # 180 / 1.22 = 147.540…
    assert result.discount == D("20.00")


def test_a_gross_price_without_tax_is_the_net_price() -> None:
    result = line_totals(Line(D(2), gross_price=D("5.5")), "EUR")
    assert result.total == result.total_with_tax == D("11.00")
    assert result.taxes == ()


@pytest.mark.parametrize(("currency", "expected"), [("EUR", "0.01"), ("JPY", "1"),
                                                    ("KWD", "0.001"), ("XYZ", "0.01")])
def test_amounts_take_the_currencys_decimals(currency: str, expected: str) -> None:
    assert quantum(currency) == D(expected)
    line = Line(D(3), D("333.3333"), taxes=(LineTax(D(10), "t"),))
    result = line_totals(line, currency)
    assert result.total == result.total.quantize(D(expected))
    assert result.total.as_tuple().exponent == D(expected).as_tuple().exponent


def test_yen_are_whole() -> None:
    result = line_totals(Line(D(3), D(1050), taxes=(LineTax(D(10), "t"),)), "JPY")
    assert (result.total, result.taxes[0].amount) == (D(3150), D(315))
    assert str(result.total_with_tax) == "3465"


def test_no_line_no_totals() -> None:
    totals = document_totals([], "EUR")
    assert (totals.total, totals.total_tax, totals.total_with_tax, totals.taxes) == (
        D("0.00"), D("0.00"), D("0.00"), ())


def test_a_full_discount_is_zero_and_never_minus_zero() -> None:
    line = Line(D(-2), D("10"), discounts=(Discount(D(100)),), taxes=(VAT,))
    result = line_totals(line, "EUR")
    assert str(result.total) == "0.00" and str(result.taxes[0].amount) == "0.00"


def test_the_balance_follows_the_payments() -> None:
    unpaid = balance(D("219.60"), [], "EUR")
    assert (unpaid.total_paid, unpaid.total_due, unpaid.paid_in_full) == (
        D("0.00"), D("219.60"), False)
    part = balance(D("219.60"), [D("100"), D("19.6")], "EUR")
    assert (part.total_paid, part.total_due, part.paid_in_full) == (D("119.60"), D("100.00"),
                                                                    False)
    full = balance(D("219.60"), [D("119.60"), D("100")], "EUR")
    assert (full.total_due, full.paid_in_full) == (D("0.00"), True)
    over = balance(D("219.60"), [D("300")], "EUR")
    assert (over.total_due, over.paid_in_full) == (D("-80.40"), True)


@pytest.mark.parametrize(
    ("entity", "expected"),
    [
        ({"country_code": "SI", "country_rules": {"max_taxes_per_item": 1}}, 1),
        ({"country_code": "US", "country_rules": {"max_taxes_per_item": 3}}, 3),
        ({"country_code": "US", "country_rules": {"max_taxes_per_item": 2}}, 2),
        ({"country_code": "SI"}, 1),  # rules missing: the EU allows one VAT
        ({"country_code": "de", "country_rules": {}}, 1),
        ({"country_code": "CH"}, 3),
        ({"country_code": "US", "country_rules": {"max_taxes_per_item": True}}, 3),
        ({}, 3),
        (None, 3),
    ],
)
def test_max_taxes_per_item_follows_the_country_rules(entity: object, expected: int) -> None:
    assert max_taxes_per_item(entity) == expected  # type: ignore[arg-type]


def test_money_is_never_float() -> None:
    with pytest.raises(TypeError):
        to_decimal(0.1)
    with pytest.raises(TypeError):
        to_decimal(True)
    with pytest.raises(ValueError):
        to_decimal("NaN")
    with pytest.raises(ValueError):
        to_decimal("ten")
    with pytest.raises(TypeError):
        Line.from_item({"price": 0.1})
    with pytest.raises(ValueError):
        Line.from_item({"price": 1, "gross_price": 1})
    with pytest.raises(ValueError):
        Line.from_item({"quantity": 1})
    with pytest.raises(ValueError):
        Line.from_item({"price": 1, "discounts": [{"value": 1, "type": "half"}]})
    assert to_decimal("12.30") == D("12.30") and to_decimal(7) == D(7)


# -- properties


money = st.decimals(min_value=D("-100000"), max_value=D("100000"), places=4, allow_nan=False,
                    allow_infinity=False)
amounts = st.decimals(min_value=D(0), max_value=D("1000"), places=2, allow_nan=False,
                      allow_infinity=False)
quantities = st.decimals(min_value=D("-50"), max_value=D("500"), places=3, allow_nan=False,
                         allow_infinity=False)
rates = st.sampled_from([D(0), D(5), D("9.5"), D(20), D(22), D("25.5"), D(100), D("8.1")])
discounts = st.lists(
    st.one_of(
        st.builds(Discount, st.decimals(min_value=D(0), max_value=D(100), places=2,
                                        allow_nan=False, allow_infinity=False),
                  st.just("percent")),
        st.builds(Discount, amounts, st.just("amount")),
    ),
    max_size=5,
).map(tuple)
taxes = st.lists(st.builds(LineTax, rates, st.sampled_from(["tax_a", "tax_b", "tax_c"])),
                 max_size=3, unique_by=lambda t: t.tax_id).map(tuple)


@st.composite
def lines(draw: st.DrawFn, gross: bool | None = None) -> Line:
    if gross is None:
        gross = draw(st.booleans())
    price = draw(money)
    return Line(draw(quantities), None if gross else price, price if gross else None,
                draw(discounts), draw(taxes))


currencies = st.sampled_from(["EUR", "JPY", "USD", "KWD"])


@settings(max_examples=150, deadline=None)
@given(st.lists(lines(), max_size=10), currencies)
def test_the_document_adds_up(items: list[Line], currency: str) -> None:
    totals = document_totals(items, currency)
    step = quantum(currency)
    assert totals.total == sum((line.total for line in totals.lines), D(0))
    assert totals.total_tax == sum((t.amount for t in totals.taxes), D(0))
    assert totals.total_with_tax == totals.total + totals.total_tax
    assert totals.total_with_tax == sum((line.total_with_tax for line in totals.lines), D(0))
    for line in totals.lines:
        assert line.total_with_tax == line.total + sum((t.amount for t in line.taxes), D(0))
        for amount in (line.total, line.discount, line.total_with_tax,
                       *(t.amount for t in line.taxes)):
            assert amount == amount.quantize(step)
    for entry in totals.taxes:
        assert entry.base == sum(
            (line.total for line, item in zip(totals.lines, items, strict=True)
             if any((t.tax_id, t.rate) == (entry.tax_id, entry.rate) for t in item.taxes)),
            D(0))


@settings(max_examples=150, deadline=None)
@given(lines(gross=False), currencies)
def test_a_net_line_is_within_half_a_step_of_the_exact_figures(line: Line, currency: str
                                                              ) -> None:
    assert line.price is not None
    step = quantum(currency)
    exact = line.price * line.quantity - sum(
        (d.value * line.price * line.quantity / 100 if d.type == "percent" else d.value
         for d in line.discounts), D(0))
    result = line_totals(line, currency)
    assert abs(result.total - exact) <= step / 2
    for tax, amount in zip(line.taxes, result.taxes, strict=True):
        assert abs(amount.amount - result.total * tax.rate / 100) <= step / 2


@settings(max_examples=150, deadline=None)
@given(lines(gross=True), currencies)
def test_a_gross_line_keeps_its_gross_total(line: Line, currency: str) -> None:
    assert line.gross_price is not None
    step = quantum(currency)
    result = line_totals(line, currency)
    off = sum((d.value * line.gross_price * line.quantity / 100 if d.type == "percent"
               else d.value for d in line.discounts), D(0))
    assert abs(result.total_with_tax - (line.gross_price * line.quantity - off)) <= step / 2
    rates = sum((t.rate for t in line.taxes), D(0))
    assert abs(result.total * (1 + rates / 100) - result.total_with_tax) <= (
        step / 2 * (1 + rates / 100))


@settings(max_examples=80, deadline=None)
@given(st.lists(lines(), max_size=8), currencies, st.randoms(use_true_random=False))
def test_the_order_of_the_lines_does_not_change_the_totals(
    items: list[Line], currency: str, rng: random.Random
) -> None:
    shuffled = list(items)
    rng.shuffle(shuffled)
    first, second = document_totals(items, currency), document_totals(shuffled, currency)
    assert (first.total, first.total_tax, first.total_with_tax, first.total_discount) == (
        second.total, second.total_tax, second.total_with_tax, second.total_discount)
    assert sorted((t.tax_id or "", t.rate, t.base, t.amount) for t in first.taxes) == sorted(
        (t.tax_id or "", t.rate, t.base, t.amount) for t in second.taxes)


@settings(max_examples=200, deadline=None)
@given(lines(), currencies)
def test_a_negative_quantity_mirrors_the_line(line: Line, currency: str) -> None:
    """Half-up rounds away from zero, so a returned item is exactly the negative of a sold
    one (amount discounts aside, which do not scale with the quantity)."""
    line = Line(line.quantity, line.price, line.gross_price,
                tuple(d for d in line.discounts if d.type == "percent"), line.taxes)
    mirrored = Line(-line.quantity, line.price, line.gross_price, line.discounts, line.taxes)
    a, b = line_totals(line, currency), line_totals(mirrored, currency)
    assert (a.total, a.total_with_tax) == (-b.total, -b.total_with_tax)
    assert [t.amount for t in a.taxes] == [-t.amount for t in b.taxes]


@settings(max_examples=300, deadline=None)
@given(money, currencies)
def test_rounding_is_formattings_round_money(amount: Decimal, currency: str) -> None:
    total = line_totals(Line(D(1), amount), currency).total
    assert total == formatting.round_money(amount, currency)
    assert total == amount.quantize(quantum(currency), rounding=ROUND_HALF_UP) or total == 0
