"""The year-end rules: last number, first after 1 January, where each figure comes from, and
each warning (no year, two sequences giving the same number, a first number below issued)."""

from __future__ import annotations

import datetime
from typing import Any, NamedTuple

from si_desktop.core.year_end import (
    ClientNumbering,
    SequenceYearEnd,
    Source,
    WarningKind,
    can_give_same_number,
    year_end,
)

TODAY = datetime.date(2026, 11, 20)


class Issued(NamedTuple):
    type: str
    business_unit_id: str | None
    date: str | None
    number: str


def entity(**settings: Any) -> dict[str, Any]:
    return {"id": "ent_1", "name": "Kras d.o.o.", "settings": settings}


def unit(n: int, **extra: Any) -> dict[str, Any]:
    return {"id": f"unit_{n}", "name": f"Shop {n}", "numbering_index": n,
            "deleted_at": None, "is_active": True, **extra}


def row(rows: list[SequenceYearEnd], doc: str = "invoice",
        unit_id: str | None = None) -> SequenceYearEnd:
    return next(r for r in rows if r.doc_type == doc and r.unit_id == unit_id)


def kinds(found: SequenceYearEnd) -> list[WarningKind]:
    return [warning.kind for warning in found.warnings]


def test_a_yearly_format_restarts_and_its_last_number_comes_from_the_cache() -> None:
    issued = [Issued("invoice", None, "2026-03-02", "2026-00001"),
              Issued("invoice", None, "2026-10-30", "2026-00042"),
              Issued("invoice", None, "2025-12-30", "2025-00099")]
    rows = year_end(ClientNumbering(entity(), [], issued), today=TODAY)
    found = row(rows)
    assert (found.last_number, found.last_source) == ("2026-00042", Source.CACHE)
    assert found.issued_this_year == 2
    assert found.restarts and found.next_first == 1 and found.next_number == "2027-00001"
    assert found.warnings == ()
    assert [r.doc_type for r in rows] == ["invoice", "estimate", "credit_note"]
    assert row(rows, "estimate").last_source is Source.NONE


def test_the_services_counter_wins_over_the_cache() -> None:
    issued = [Issued("invoice", None, "2026-10-30", "2026-00042")]
    counters = {("invoice", None): "2026-00143"}
    found = row(year_end(ClientNumbering(entity(), [], issued, counters), today=TODAY))
    assert (found.last_sequence, found.last_source) == (142, Source.SERVICE)
    assert found.last_number == "2026-00142"


def test_a_format_without_a_year_keeps_counting_and_is_warned_about() -> None:
    settings = {"number_formats": {"invoice": "R-{nnnnn}"}}
    issued = [Issued("invoice", None, "2025-05-01", "R-00300"),
              Issued("invoice", None, "2026-01-05", "R-00301")]
    found = row(year_end(ClientNumbering(entity(**settings), [], issued), today=TODAY))
    assert not found.restarts
    assert found.next_first == 302 and found.next_number == "R-00302"
    assert kinds(found) == [WarningKind.NO_YEAR]


def test_units_sharing_a_format_without_u_can_give_the_same_number() -> None:
    settings = {"unit_number_formats": {"invoice": "{yyyy}-{nnnnn}"}}
    rows = year_end(ClientNumbering(entity(**settings), [unit(1), unit(2)], []), today=TODAY)
    first, second, own = row(rows, unit_id="unit_1"), row(rows, unit_id="unit_2"), row(rows)
    assert kinds(first) == [WarningKind.SHARED_NUMBERS] * 2
    assert {w.other_unit_id for w in first.warnings} == {None, "unit_2"}
    assert {w.other_unit_name for w in own.warnings} == {"Shop 1", "Shop 2"}
    # estimates keep the default unit format with {u}: no clash there
    assert row(rows, "estimate", "unit_1").warnings == ()
    assert kinds(second) == [WarningKind.SHARED_NUMBERS] * 2


def test_the_default_formats_never_clash_and_archived_units_are_left_out() -> None:
    units = [unit(1), unit(2), unit(3, deleted_at="2026-01-01T00:00:00Z", is_active=False)]
    rows = year_end(ClientNumbering(entity(), units, []), today=TODAY)
    assert all(r.warnings == () for r in rows)
    assert {r.unit_id for r in rows} == {None, "unit_1", "unit_2"}


def test_padding_decides_whether_two_unit_numbers_can_meet() -> None:
    years = (2026,)
    # unit 1's 100001st invoice and unit 11's first: 2026 1 100001 = 2026 11 00001
    assert can_give_same_number("{yyyy}{u}{nnnnn}", 1, "{yyyy}{u}{nnnnn}", 11, years)
    assert not can_give_same_number("{yyyy}-{u}-{nnnnn}", 1, "{yyyy}-{u}-{nnnnn}", 11, years)
    # "1" + "00001" needs a six-digit sequence with a leading zero: never given
    assert not can_give_same_number("{u}{nnnnn}", 1, "{u}{nnnnn}", 10, years)
    assert can_give_same_number("{yy}/{nnnn}", None, "{yy}/{nn}", None, years)
    assert not can_give_same_number("INV-{yyyy}-{nnnn}", None, "{yyyy}-{nnnn}", None, years)


def test_a_first_number_below_what_was_issued_is_warned_about() -> None:
    settings = {"unit_number_sequence_starts": {"invoice": {"unit_1": 50}}}
    issued = [Issued("invoice", "unit_1", f"2026-0{month}-01", f"2026-1-{n:05d}")
              for month, n in ((1, 1), (2, 2), (3, 80))]
    found = row(year_end(ClientNumbering(entity(**settings), [unit(1)], issued), today=TODAY),
                unit_id="unit_1")
    assert kinds(found) == [WarningKind.FIRST_BELOW_ISSUED]
    assert (found.warnings[0].first, found.warnings[0].last) == (50, 80)


def test_a_first_number_the_sequence_began_at_is_no_problem() -> None:
    settings = {"number_sequence_starts": {"invoice": 143}}
    issued = [Issued("invoice", None, "2026-06-01", "2026-00143"),
              Issued("invoice", None, "2026-07-01", "2026-00144")]
    found = row(year_end(ClientNumbering(entity(**settings), [], issued), today=TODAY))
    assert found.warnings == ()
    assert found.last_sequence == 144


def test_a_counter_standing_at_the_first_number_leaves_the_last_to_the_cache() -> None:
    settings = {"number_sequence_starts": {"invoice": 500}}
    counters = {("invoice", None): "2026-00500"}
    found = row(year_end(ClientNumbering(entity(**settings), [], [], counters), today=TODAY))
    assert (found.last_sequence, found.last_source) == (None, Source.SERVICE)
    assert found.next_number == "2027-00001"
