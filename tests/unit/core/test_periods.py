"""Export periods: quick choices, labels and pieces of at most 366 days."""

from __future__ import annotations

import datetime
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from si_desktop.core.periods import MAX_DAYS, Period, month, quarter, quick_choice, year

D = datetime.date


@pytest.mark.parametrize(("name", "today", "expected"), [
    ("last_month", D(2026, 1, 15), Period(D(2025, 12, 1), D(2025, 12, 31))),
    ("last_month", D(2024, 3, 31), Period(D(2024, 2, 1), D(2024, 2, 29))),
    ("last_quarter", D(2026, 10, 2), Period(D(2026, 7, 1), D(2026, 9, 30))),
    ("last_quarter", D(2026, 2, 2), Period(D(2025, 10, 1), D(2025, 12, 31))),
    ("last_year", D(2026, 6, 1), Period(D(2025, 1, 1), D(2025, 12, 31))),
    ("this_year", D(2026, 6, 1), Period(D(2026, 1, 1), D(2026, 12, 31))),
])
def test_quick_choices(name: str, today: datetime.date, expected: Period) -> None:
    assert quick_choice(name, today) == expected


def test_labels_name_whole_quarters_months_and_years() -> None:
    assert quarter(2026, 3).label() == "Q3 2026"
    assert month(2026, 2).label() == "2026-02"
    assert year(2024).label() == "2024"
    assert Period(D(2026, 7, 1), D(2026, 9, 15)).label() == "2026-07-01 – 2026-09-15"


def test_a_leap_year_is_one_piece_and_a_day_more_is_two() -> None:
    assert year(2024).pieces() == [year(2024)]
    longer = Period(D(2024, 1, 1), D(2025, 1, 1))
    assert longer.pieces() == [year(2024), Period(D(2025, 1, 1), D(2025, 1, 1))]


def test_a_reversed_period_is_refused() -> None:
    with pytest.raises(ValueError):
        Period(D(2026, 2, 1), D(2026, 1, 1))


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 1, 1)),
       st.integers(min_value=0, max_value=3000), st.integers(min_value=1, max_value=MAX_DAYS))
def test_pieces_cover_the_period_in_order_without_gaps(
    start: datetime.date, length: int, max_days: int,
) -> None:
    period = Period(start, start + datetime.timedelta(days=length))
    pieces = period.pieces(max_days)
    assert pieces[0].start == period.start and pieces[-1].end == period.end
    assert all(piece.days <= max_days for piece in pieces)
    one_day = datetime.timedelta(days=1)
    assert all(b.start == a.end + one_day for a, b in itertools.pairwise(pieces))
    assert sum(piece.days for piece in pieces) == period.days
