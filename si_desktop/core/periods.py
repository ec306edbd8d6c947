"""Periods of an export: the quick choices (last month, last quarter, last year, this year)
and a long period cut into the consecutive pieces the service takes (CONTRACT.md,
"Exports": `date_from`..`date_to` inclusive, at most 366 days).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

MAX_DAYS = 366
QUICK_CHOICES = ("last_month", "last_quarter", "last_year", "this_year")


@dataclass(frozen=True, order=True)
class Period:
    """The days from `start` to `end`, both counted."""

    start: datetime.date
    end: datetime.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"a period ends on or after its start ({self.start} – {self.end})")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def pieces(self, max_days: int = MAX_DAYS) -> list[Period]:
        """Consecutive periods of at most `max_days` days each that together are this one
        (one piece when it is short enough)."""
        if max_days < 1:
            raise ValueError("a piece has at least one day")
        out: list[Period] = []
        start = self.start
        while start <= self.end:
            end = min(self.end, start + datetime.timedelta(days=max_days - 1))
            out.append(Period(start, end))
            start = end + datetime.timedelta(days=1)
        return out

    def label(self) -> str:
        """`Q3 2026`, `2026-07`, `2026`, or `2026-07-01 – 2026-09-15`: a whole quarter,
        month or year by its name, any other period by its days."""
        year = self.start.year
        if self.start.day == 1 and self.end == _month_end(self.end):
            months = (self.end.year - year) * 12 + self.end.month - self.start.month + 1
            if months == 12 and self.start.month == 1:
                return str(year)
            if months == 3 and self.start.month % 3 == 1:
                return f"Q{(self.start.month - 1) // 3 + 1} {year}"
            if months == 1:
                return f"{year}-{self.start.month:02d}"
        return f"{self.start.isoformat()} – {self.end.isoformat()}"


def _month_end(day: datetime.date) -> datetime.date:
    following = day.replace(day=28) + datetime.timedelta(days=4)
    return following - datetime.timedelta(days=following.day)


def month(year: int, number: int) -> Period:
    start = datetime.date(year, number, 1)
    return Period(start, _month_end(start))


def quarter(year: int, number: int) -> Period:
    if not 1 <= number <= 4:
        raise ValueError("a quarter is 1 to 4")
    first = month(year, 3 * number - 2)
    return Period(first.start, month(year, 3 * number).end)


def year(number: int) -> Period:
    return Period(datetime.date(number, 1, 1), datetime.date(number, 12, 31))


def quick_choice(name: str, today: datetime.date) -> Period:
    """One of `QUICK_CHOICES` as seen on `today`: the whole previous month, quarter or year,
    or this calendar year."""
    if name == "last_month":
        last = today.replace(day=1) - datetime.timedelta(days=1)
        return month(last.year, last.month)
    if name == "last_quarter":
        current = (today.month - 1) // 3 + 1
        return quarter(today.year, current - 1) if current > 1 else quarter(today.year - 1, 4)
    if name == "last_year":
        return year(today.year - 1)
    if name == "this_year":
        return year(today.year)
    raise ValueError(f"not a quick choice: {name!r}")
