"""Scopes: which account and environment a row belongs to.

Two accounts, or the live and sandbox side of one, never see each other's rows, even when the
service hands out the same ids. A scope names the account by a fingerprint of its key, never
the key itself: the cache file may be copied, backed up or attached to a bug report, and a
key in it would be a key leaked.
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from si_desktop.store.database import Database

ENVIRONMENTS = ("live", "sandbox")
_KEY_PREFIXES = ("sk_", "ek_")


@dataclass(frozen=True, slots=True)
class Scope:
    """An account (by fingerprint) and an environment ("live" or "sandbox")."""

    account: str
    environment: str

    def __post_init__(self) -> None:
        if self.environment not in ENVIRONMENTS:
            raise ValueError(f"environment must be one of {ENVIRONMENTS}, not {self.environment!r}")
        if not self.account:
            raise ValueError("a scope needs an account fingerprint")
        if self.account.startswith(_KEY_PREFIXES):
            raise ValueError("a scope names an account by fingerprint, never by its API key")

    @classmethod
    def for_api_key(
        cls, api_key: str, *, base_url: str = "", environment: str | None = None
    ) -> Scope:
        """The scope of a key: a SHA-256 fingerprint of the key and the service it talks to.

        The base URL is part of the fingerprint so that the demo sandbox and the real service
        never share rows even if a key string were reused. The environment is read from the key
        (`sk_live_…`, `ek_sandbox_…`) unless given.
        """
        if not api_key:
            raise ValueError("an empty API key has no scope")
        if environment is None:
            environment = environment_of_key(api_key)
        material = f"{base_url.strip().rstrip('/').lower()}\n{api_key}".encode()
        return cls("fp_" + hashlib.sha256(material).hexdigest()[:32], environment)


def environment_of_key(api_key: str) -> str:
    """"live" or "sandbox" from a key's prefix; ValueError for a key of neither shape."""
    for environment in ENVIRONMENTS:
        if api_key.startswith((f"sk_{environment}_", f"ek_{environment}_")):
            return environment
    raise ValueError("the key's environment cannot be read from its prefix; pass environment=")


@dataclass(frozen=True, slots=True)
class ScopeCounts:
    """How many rows one scope holds (or, from `Scopes.clear`, held)."""

    entities: int = 0
    business_units: int = 0
    files: int = 0
    file_bytes: int = 0
    queued_edits: int = 0
    preferences: int = 0
    archived_business_units: int = 0  # of `business_units`
    documents: int = 0


@dataclass(frozen=True, slots=True)
class ScopeSummary:
    scope: Scope
    created_at: str
    counts: ScopeCounts
    last_fetched_at: str | None


class Scopes:
    """Listing the scopes a file holds and clearing one ("clear cache")."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def list(self) -> list[ScopeSummary]:
        with self._db.read() as conn:
            rows = conn.execute(
                "SELECT id, account, environment, created_at FROM scopes ORDER BY id"
            ).fetchall()
            summaries = []
            for scope_id, account, environment, created_at in rows:
                last = conn.execute(
                    "SELECT max(fetched_at) FROM entities WHERE scope_id = ?", (scope_id,)
                ).fetchone()[0]
                summaries.append(
                    ScopeSummary(
                        Scope(account, environment),
                        created_at,
                        _counts(conn, scope_id),
                        last,
                    )
                )
        return summaries

    def counts(self, scope: Scope) -> ScopeCounts:
        with self._db.read() as conn:
            scope_id = self._db.scope_id(conn, scope, create=False)
            return ScopeCounts() if scope_id is None else _counts(conn, scope_id)

    def clear(self, scope: Scope, *, include_queued_edits: bool = False) -> ScopeCounts:
        """Delete a scope's cached records, files and preferences in one transaction.

        Queued edits are what the user typed and not yet sent; they stay unless
        `include_queued_edits` is true (the UI asks first, showing `counts().queued_edits`).
        Returns what was deleted.
        """
        with self._db.write() as conn:
            scope_id = self._db.scope_id(conn, scope, create=False)
            if scope_id is None:
                return ScopeCounts()
            before = _counts(conn, scope_id)
            for table in ("entities", "business_units", "files", "prefs", "documents",
                          "customers", "taxes", "payments", "document_sync"):
                conn.execute(f"DELETE FROM {table} WHERE scope_id = ?", (scope_id,))
            if include_queued_edits or before.queued_edits == 0:
                conn.execute("DELETE FROM outbox WHERE scope_id = ?", (scope_id,))
                conn.execute("DELETE FROM scopes WHERE id = ?", (scope_id,))
                return before
        return ScopeCounts(
            before.entities, before.business_units, before.files, before.file_bytes, 0,
            before.preferences, before.archived_business_units, before.documents,
        )


def _counts(conn: sqlite3.Connection, scope_id: int) -> ScopeCounts:
    def one(sql: str) -> int:
        return int(conn.execute(sql, (scope_id,)).fetchone()[0] or 0)

    return ScopeCounts(
        entities=one("SELECT count(*) FROM entities WHERE scope_id = ?"),
        business_units=one("SELECT count(*) FROM business_units WHERE scope_id = ?"),
        files=one("SELECT count(*) FROM files WHERE scope_id = ?"),
        file_bytes=one("SELECT sum(length(data)) FROM files WHERE scope_id = ?"),
        queued_edits=one("SELECT count(*) FROM outbox WHERE scope_id = ?"),
        preferences=one("SELECT count(*) FROM prefs WHERE scope_id = ?"),
        archived_business_units=one(
            "SELECT count(*) FROM business_units WHERE scope_id = ?"
            " AND (deleted_at IS NOT NULL OR coalesce(is_active, 1) = 0)"),
        documents=one("SELECT count(*) FROM documents WHERE scope_id = ?"),
    )
