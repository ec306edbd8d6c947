"""Small per-scope values the app wants to find again: last refresh, last open client.

Values are JSON. This is not a settings system (that lives with the UI); it holds what belongs
to one account's cache and should go when that cache is cleared.
"""

from __future__ import annotations

import json
from typing import Any

from si_desktop.store.database import Database
from si_desktop.store.scopes import Scope

MAX_VALUE_CHARS = 10_000


class Preferences:
    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, scope: Scope, key: str, default: Any = None) -> Any:
        with self._db.read() as conn:
            scope_id = self._db.scope_id(conn, scope, create=False)
            if scope_id is None:
                return default
            row = conn.execute(
                "SELECT value FROM prefs WHERE scope_id = ? AND key = ?", (scope_id, key)
            ).fetchone()
        if row is None:
            return default
        try:
            return json.loads(row[0])
        except (TypeError, ValueError, RecursionError) as error:  # as if never saved
            self._db.unreadable.note("prefs", key, error)
            return default

    def set(self, scope: Scope, key: str, value: Any) -> None:
        text = json.dumps(value, ensure_ascii=False)
        if len(text) > MAX_VALUE_CHARS:
            raise ValueError(f"preference {key!r} is too large for the cache's small values")
        with self._db.write() as conn:
            scope_id = self._db.scope_id(conn, scope, create=True)
            conn.execute(
                "INSERT INTO prefs (scope_id, key, value) VALUES (?, ?, ?)"
                " ON CONFLICT (scope_id, key) DO UPDATE SET value = excluded.value",
                (scope_id, key, text),
            )

    def delete(self, scope: Scope, key: str) -> bool:
        with self._db.write() as conn:
            scope_id = self._db.scope_id(conn, scope, create=False)
            if scope_id is None:
                return False
            cursor = conn.execute(
                "DELETE FROM prefs WHERE scope_id = ? AND key = ?", (scope_id, key)
            )
            return cursor.rowcount > 0
