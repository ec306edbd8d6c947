"""Rows of the cache that cannot be read back: skipped, logged once, counted, never a crash.

A file can pass `PRAGMA quick_check` and still hold a value that does not parse: a JSON
column cut short or overwritten by another program, text that is not UTF-8. Such a row is
left out of what a read returns (the other rows come back as usual), logged once (table and
row id, never the value: it may hold anything), and counted here, so that the app and the
command line can say "1 cached client could not be read; details in the log". A row that
reads well again later (a refresh wrote it anew) stops counting.

Text that is not UTF-8 is read with the bad bytes replaced (U+FFFD), and logged: the row
stays in the list, with a visible mark where the bytes were.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

log = logging.getLogger("si_desktop.store")
T = TypeVar("T")

#: What the user calls the rows of each table (singular, plural).
_WORDS = {
    "entities": ("cached client", "cached clients"),
    "business_units": ("cached business unit", "cached business units"),
    "outbox": ("queued edit", "queued edits"),
    "prefs": ("saved value", "saved values"),
    "documents": ("cached document", "cached documents"),
    "customers": ("cached customer", "cached customers"),
    "taxes": ("cached tax", "cached taxes"),
    "payments": ("cached payment", "cached payments"),
}


class UnreadableRows:
    """The rows found unreadable so far in one open cache, by table."""

    def __init__(self) -> None:
        self._rows: dict[str, set[str]] = {}
        self._lock = threading.Lock()

    def note(self, table: str, key: str, error: BaseException) -> None:
        """`key` of `table` could not be read (logged the first time)."""
        with self._lock:
            rows = self._rows.setdefault(table, set())
            first = key not in rows
            rows.add(key)
        if first:
            log.warning("a row of the local cache cannot be read and is left out: %s %s "
                        "(%s)", table, key, type(error).__name__)

    def readable(self, table: str, key: str) -> None:
        """`key` of `table` was read well (after a refresh wrote it anew)."""
        rows = self._rows.get(table)
        if rows and key in rows:
            with self._lock:
                rows.discard(key)

    def count(self, table: str | None = None) -> int:
        """How many rows (of `table`, or of all tables) could not be read."""
        with self._lock:
            if table is not None:
                return len(self._rows.get(table, ()))
            return sum(len(rows) for rows in self._rows.values())

    def keys(self, table: str) -> frozenset[str]:
        with self._lock:
            return frozenset(self._rows.get(table, ()))

    def summary(self) -> str:
        """"1 cached client could not be read; details in the log." ("" when none)."""
        with self._lock:
            counts = [(table, len(rows)) for table, rows in self._rows.items() if rows]
        if not counts:
            return ""
        parts = []
        for table, n in counts:
            one, many = _WORDS.get(table, ("row", "rows"))
            parts.append(f"{n} {one if n == 1 else many}")
        text = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        total = sum(n for _, n in counts)
        return f"{text} could not be read; details in the log." if total else ""


def parse_json_object(
    unreadable: UnreadableRows, table: str, key: str, raw: Any
) -> dict[str, Any] | None:
    """`raw` parsed as a JSON object, or None (noted in `unreadable`) when it is not one."""
    try:
        value = json.loads(raw)
    except (TypeError, ValueError, RecursionError) as error:
        unreadable.note(table, key, error)
        return None
    if not isinstance(value, dict):
        unreadable.note(table, key, TypeError(f"a JSON {type(value).__name__}"))
        return None
    unreadable.readable(table, key)
    return value


def _is_bad_text(error: sqlite3.OperationalError) -> bool:
    return str(error).startswith("Could not decode to UTF-8")


def _lenient_text(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")


@contextlib.contextmanager
def _lenient(conn: sqlite3.Connection) -> Iterator[None]:
    conn.text_factory = _lenient_text
    try:
        yield
    finally:
        conn.text_factory = str


def tolerating_bad_text(
    conn: sqlite3.Connection, what: str, read: Callable[[], T]
) -> T:
    """`read()` on `conn`; if SQLite holds text that is not UTF-8, read again with the bad
    bytes replaced (the plain read is the fast one, and almost always enough)."""
    try:
        return read()
    except sqlite3.OperationalError as error:
        if not _is_bad_text(error):
            raise
        log.warning("the local cache holds text that is not UTF-8 (%s); read with the bad "
                    "bytes replaced", what)
    with _lenient(conn):
        return read()
