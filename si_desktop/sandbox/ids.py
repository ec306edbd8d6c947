"""Ids and timestamps the way the service writes them.

Ids look like MongoDB object ids behind a prefix (`ent_6595a27b5d35015c3ef0c3fd`): four bytes of
creation time, five random bytes, a three-byte counter, so they sort roughly by creation.
Timestamps are ISO 8601 UTC with milliseconds (`2024-01-01T00:00:00.000Z`); a sandbox's `Clock`
never repeats one or goes backwards. The clock reads the time from a `wall` function (the real
time unless a test gives another), so a test can put the sandbox on December 31 and then on
January 1 and watch a yearly sequence restart.
"""

from __future__ import annotations

import datetime
import itertools
import os
import random
import threading
from collections.abc import Callable

Wall = Callable[[], datetime.datetime]
"""Where a clock reads the time: an aware datetime (UTC or any zone)."""


def real_time() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def make_id(prefix: str, *, seconds: int, middle: str, counter: int) -> str:
    """An id from explicit parts, for deterministic demo data."""
    return f"{prefix}_{seconds & 0xFFFFFFFF:08x}{middle[:10]:0>10}{counter & 0xFFFFFF:06x}"


def format_ms(ms: int) -> str:
    """Milliseconds since the epoch as the service's timestamp text."""
    moment = datetime.datetime.fromtimestamp(ms // 1000, datetime.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


class Clock:
    """Fresh ids, timestamps and today's date for one sandbox. Timestamps never repeat or go
    backwards, so `updated_at` always moves on a change, even when `wall` is set back."""

    def __init__(self, wall: Wall | None = None) -> None:
        self.wall: Wall = wall or real_time
        self._lock = threading.Lock()
        self._last_ms = 0
        self._counter = itertools.count(random.SystemRandom().randrange(1 << 24))
        self._middle = os.urandom(5).hex()

    def new_id(self, prefix: str) -> str:
        """A fresh id: `<prefix>_<24 hex>`."""
        seconds = int(self.wall().timestamp())
        with self._lock:
            counter = next(self._counter)
        return make_id(prefix, seconds=seconds, middle=self._middle, counter=counter)

    def now(self) -> str:
        """The current time, strictly later than any timestamp this clock gave before."""
        with self._lock:
            ms = int(self.wall().timestamp() * 1000)
            if ms <= self._last_ms:
                ms = self._last_ms + 1
            self._last_ms = ms
            return format_ms(ms)

    def today(self) -> datetime.date:
        """Today's date in UTC: the default date of a new document or payment, and what
        "overdue" and a yearly restart are measured against."""
        return self.wall().astimezone(datetime.UTC).date()

    def later_than(self, previous: str) -> str:
        """A timestamp that is now, and after `previous` even if a clock went backwards."""
        current = self.now()
        if current > previous:
            return current
        parsed = parse_iso(previous)
        if parsed is None:
            return current
        return format_ms(int(parsed.timestamp() * 1000) + 1)


def parse_iso(text: str) -> datetime.datetime | None:
    """A date or date-time in ISO 8601 (a trailing `Z` allowed), as UTC; `None` if not one."""
    try:
        value = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    return value.astimezone(datetime.UTC)


def normalise_timestamp(text: str) -> str | None:
    """Any ISO date or date-time in the service's own spelling, so that text comparison of
    stored timestamps is comparison in time."""
    parsed = parse_iso(text)
    if parsed is None:
        return None
    return format_ms(int(parsed.timestamp() * 1000))
