"""The document rules without I/O: ids to types, amounts read exactly, status."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from si_desktop.core import documents as rules


def test_an_id_names_its_type_local_drafts_too() -> None:
    assert rules.document_type_of("inv_" + "1" * 24) == "invoice"
    assert rules.document_type_of("local_est_abc") == "estimate"
    assert rules.document_type_of("cre_x") == "credit_note"
    assert rules.document_type_of("ent_" + "1" * 24) is None
    assert rules.document_type_of(None) is None
    assert rules.id_prefix_of("credit_note") == "cre"
    with pytest.raises(ValueError):
        rules.id_prefix_of("receipt")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(219.6, Decimal("219.6")), (0.1, Decimal("0.1")), (100, Decimal(100)),
     ("12.30", Decimal("12.30")), (Decimal("1.5"), Decimal("1.5")), (True, None),
     ("abc", None), (float("nan"), None), ("Infinity", None), (None, None), ([1], None)],
)
def test_amounts_are_read_exactly(value: object, expected: Decimal | None) -> None:
    assert rules.amount(value) == expected


def test_a_json_number_carries_the_digits_or_is_refused() -> None:
    assert rules.json_number(Decimal("219.60")) == 219.6
    assert rules.json_number(Decimal("100.00")) == 100
    assert isinstance(rules.json_number(Decimal("100.00")), int)
    assert rules.json_number(Decimal("0.1")) == 0.1
    with pytest.raises(ValueError):
        rules.json_number(Decimal("0.12345678901234567"))
    with pytest.raises(ValueError):
        rules.json_number(Decimal("NaN"))


def test_dates_read_both_spellings() -> None:
    assert rules.parse_date("2026-03-02") == dt.date(2026, 3, 2)
    assert rules.parse_date("2026-03-02T23:59:59.000Z") == dt.date(2026, 3, 2)
    assert rules.parse_date("02.03.2026") is None
    assert rules.parse_date(None) is None


def test_status_order_and_todays_part() -> None:
    today = dt.date(2026, 5, 1)
    base = {"id": "inv_" + "1" * 24, "is_draft": False, "date_due": "2026-04-30"}
    assert rules.status({**base, "is_draft": True, "voided_at": "x"}, today) == "draft"
    assert rules.status({**base, "voided_at": "x", "paid_in_full": True}, today) == "voided"
    assert rules.status({**base, "paid_in_full": True}, today) == "paid"
    assert rules.status(base, today) == "overdue"
    assert rules.status({**base, "date_due": "2026-05-01", "total_paid": "0.01"},
                        today) == "partially_paid"
    assert rules.status({**base, "date_due": "2026-05-01", "total_paid": 0}, today) == "unpaid"
    assert rules.base_status(base) == "unpaid"
    estimate = {"id": "est_" + "1" * 24, "is_draft": False, "date_valid_till": "2026-04-30"}
    assert rules.status(estimate, today) == "expired"
    assert rules.status({**estimate, "date_valid_till": "2026-05-01"}, today) == "open"
