"""Who has access to an entity, as the sandbox keeps it: entity API keys, the account's
people, entity users and invitations (CONTRACT.md, "Client access").

A key is kept only as the SHA-256 of its text: the full key leaves the sandbox once, in the
answer that creates it, and nothing here can show it again. A key has a public id of its own
(`ek_<env>_<24 hex>`, never a key that works) under which lists show it and `DELETE` revokes
it; the holder of the full key may revoke with that too.

The tables live in the sandbox's own database and are made when missing, so a database from
an older sandbox simply gains them.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from si_desktop.sandbox.ids import Clock, format_ms, parse_iso
from si_desktop.sandbox.storage import Store, fold, search_text

INVITATION_DAYS = 7
ROLES: tuple[str, ...] = ("viewer", "editor", "admin")
ROLE_ALIASES: Mapping[str, str] = {"member": "editor"}
"""The seeds' `member` is not a role of its own: it is read as `editor`."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS access_keys (
    id TEXT PRIMARY KEY,
    key_hash TEXT NOT NULL UNIQUE,
    entity_id TEXT NOT NULL,
    account_id TEXT NOT NULL,
    environment TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT,
    revoked_at TEXT,
    search TEXT NOT NULL,
    doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS access_keys_entity ON access_keys (entity_id, created_at, id);
CREATE TABLE IF NOT EXISTS access_people (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    email TEXT NOT NULL,
    email_fold TEXT NOT NULL,
    name TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (account_id, email_fold)
);
CREATE TABLE IF NOT EXISTS access_users (
    id TEXT PRIMARY KEY,
    entity_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    role TEXT NOT NULL,
    created_at TEXT NOT NULL,
    search TEXT NOT NULL,
    doc TEXT NOT NULL,
    UNIQUE (entity_id, user_id)
);
CREATE INDEX IF NOT EXISTS access_users_entity ON access_users (entity_id, created_at, id);
CREATE TABLE IF NOT EXISTS access_invitations (
    id TEXT PRIMARY KEY,
    entity_id TEXT NOT NULL,
    email_fold TEXT NOT NULL,
    role TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    accepted_at TEXT,
    search TEXT NOT NULL,
    doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS access_invitations_entity
    ON access_invitations (entity_id, created_at, id);
"""

USER_FIELD_ORDER = ("user_id", "entity_id", "role", "email", "name", "invited_by_user_id",
                    "created_at")
INVITATION_FIELD_ORDER = ("id", "entity_id", "email", "role", "status", "expires_at",
                          "created_at")
KEY_FIELD_ORDER = ("id", "entity_id", "name", "environment", "prefix_hint", "created_at",
                   "expires_at")
_PREFIX_HINT_HEX = 4


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def _dump(doc: Mapping[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"))


def _ordered(doc: Mapping[str, Any], order: tuple[str, ...]) -> dict[str, Any]:
    return {key: doc.get(key) for key in order}


def later(stamp: str, *, seconds: int) -> str:
    """`stamp` (the service's spelling) moved on by `seconds`."""
    moment = parse_iso(stamp)
    assert moment is not None
    return format_ms(int(moment.timestamp() * 1000) + seconds * 1000)


@dataclass(frozen=True)
class EntityKey:
    """What an entity key may act for."""

    id: str
    account_id: str
    environment: str
    entity_id: str


@dataclass(frozen=True)
class KeyRefusal:
    """Why a key that looks like an entity key is not accepted."""

    reason: str  # "unknown", "revoked" or "expired"


class AccessBook:
    """The access tables of one sandbox database; every method is one transaction."""

    def __init__(self, store: Store, clock: Clock) -> None:
        self.store = store
        self.clock = clock
        with store.write() as conn:
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)

    # -- entity API keys -----------------------------------------------------------------

    def create_key(
        self, *, account_id: str, environment: str, entity_id: str, name: str | None,
        ttl: int | None, now: str | None = None,
    ) -> tuple[str, dict[str, Any]]:
        """A new key: its full text (shown once, never kept) and its public record."""
        now = now or self.clock.now()
        key = f"ek_{environment}_{secrets.token_hex(16)}"
        public_id = f"ek_{environment}_{secrets.token_hex(12)}"
        doc = _ordered({
            "id": public_id,
            "entity_id": entity_id,
            "name": name,
            "environment": environment,
            "prefix_hint": key[: len(f"ek_{environment}_") + _PREFIX_HINT_HEX],
            "created_at": now,
            "expires_at": later(now, seconds=ttl) if ttl is not None else None,
        }, KEY_FIELD_ORDER)
        with self.store.write() as conn:
            conn.execute(
                "INSERT INTO access_keys VALUES (?,?,?,?,?,?,?,?,?,?)",
                (public_id, key_hash(key), entity_id, account_id, environment, now,
                 doc["expires_at"], None, search_text(doc, ("name", "prefix_hint")),
                 _dump(doc)),
            )
        return key, doc

    def find_key(self, entity_id: str, id_or_key: str) -> dict[str, Any] | None:
        """A key of the entity that is not revoked, by its public id or its full text."""
        with self.store.read() as conn:
            row = conn.execute(
                "SELECT doc FROM access_keys WHERE entity_id=? AND revoked_at IS NULL "
                "AND (id=? OR key_hash=?)",
                (entity_id, id_or_key, key_hash(id_or_key)),
            ).fetchone()
        return None if row is None else dict(json.loads(row[0]))

    def revoke_key(self, key_id: str) -> None:
        with self.store.write() as conn:
            conn.execute("UPDATE access_keys SET revoked_at=? WHERE id=?",
                         (self.clock.now(), key_id))

    def authenticate(self, key: str) -> EntityKey | KeyRefusal:
        """Who an `ek_` key acts for, or why it is refused."""
        with self.store.read() as conn:
            row = conn.execute(
                "SELECT id, account_id, environment, entity_id, expires_at, revoked_at "
                "FROM access_keys WHERE key_hash=?", (key_hash(key),),
            ).fetchone()
        if row is None:
            return KeyRefusal("unknown")
        if row[5] is not None:
            return KeyRefusal("revoked")
        if row[4] is not None and row[4] <= self.clock.now():
            return KeyRefusal("expired")
        return EntityKey(id=row[0], account_id=row[1], environment=row[2], entity_id=row[3])

    # -- people, entity users ------------------------------------------------------------

    def person(self, account_id: str, email: str) -> dict[str, Any] | None:
        """Someone the account knows (has an account of their own), by e-mail."""
        with self.store.read() as conn:
            row = conn.execute(
                "SELECT id, email, name FROM access_people WHERE account_id=? AND email_fold=?",
                (account_id, fold(email)),
            ).fetchone()
        return None if row is None else {"id": row[0], "email": row[1], "name": row[2]}

    def add_person(self, account_id: str, email: str, name: str | None) -> dict[str, Any]:
        found = self.person(account_id, email)
        if found is not None:
            return found
        person = {"id": self.clock.new_id("usr"), "email": email, "name": name}
        with self.store.write() as conn:
            conn.execute("INSERT INTO access_people VALUES (?,?,?,?,?,?)",
                         (person["id"], account_id, email, fold(email), name,
                          self.clock.now()))
        return person

    def add_user(
        self, entity_id: str, person: Mapping[str, Any], role: str, *,
        invited_by: str | None = None, now: str | None = None,
    ) -> dict[str, Any]:
        doc = _ordered({
            "user_id": person["id"],
            "entity_id": entity_id,
            "role": role,
            "email": person["email"],
            "name": person.get("name"),
            "invited_by_user_id": invited_by,
            "created_at": now or self.clock.now(),
        }, USER_FIELD_ORDER)
        with self.store.write() as conn:
            conn.execute(
                "INSERT INTO access_users VALUES (?,?,?,?,?,?,?)",
                (f"{entity_id}:{person['id']}", entity_id, person["id"], role,
                 doc["created_at"], search_text(doc, ("email", "name", "role")), _dump(doc)),
            )
        return doc

    def user(self, entity_id: str, user_id: str) -> dict[str, Any] | None:
        with self.store.read() as conn:
            row = conn.execute(
                "SELECT doc FROM access_users WHERE entity_id=? AND user_id=?",
                (entity_id, user_id),
            ).fetchone()
        return None if row is None else dict(json.loads(row[0]))

    def user_by_email(self, entity_id: str, email: str) -> dict[str, Any] | None:
        wanted = fold(email)
        with self.store.read() as conn:
            rows = conn.execute("SELECT doc FROM access_users WHERE entity_id=?",
                                (entity_id,)).fetchall()
        for (raw,) in rows:
            doc = dict(json.loads(raw))
            if fold(str(doc.get("email") or "")) == wanted:
                return doc
        return None

    def roles(self, entity_id: str) -> dict[str, str]:
        """Every user of the entity and their role."""
        with self.store.read() as conn:
            rows = conn.execute("SELECT user_id, role FROM access_users WHERE entity_id=?",
                                (entity_id,)).fetchall()
        return {str(user_id): str(role) for user_id, role in rows}

    def set_role(self, entity_id: str, user_id: str, role: str) -> dict[str, Any]:
        doc = self.user(entity_id, user_id)
        assert doc is not None
        doc["role"] = role
        with self.store.write() as conn:
            conn.execute(
                "UPDATE access_users SET role=?, search=?, doc=? WHERE entity_id=? AND user_id=?",
                (role, search_text(doc, ("email", "name", "role")), _dump(doc), entity_id,
                 user_id),
            )
        return doc

    def remove_user(self, entity_id: str, user_id: str) -> None:
        with self.store.write() as conn:
            conn.execute("DELETE FROM access_users WHERE entity_id=? AND user_id=?",
                         (entity_id, user_id))

    # -- invitations -----------------------------------------------------------------------

    def invite(self, entity_id: str, email: str, role: str, *,
               now: str | None = None) -> dict[str, Any]:
        now = now or self.clock.now()
        doc = _ordered({
            "id": self.clock.new_id("einv"),
            "entity_id": entity_id,
            "email": email,
            "role": role,
            "status": "pending",
            "expires_at": later(now, seconds=INVITATION_DAYS * 86400),
            "created_at": now,
        }, INVITATION_FIELD_ORDER)
        with self.store.write() as conn:
            conn.execute(
                "INSERT INTO access_invitations VALUES (?,?,?,?,?,?,?,?,?)",
                (doc["id"], entity_id, fold(email), role, now, doc["expires_at"], None,
                 search_text(doc, ("email", "role")), _dump(doc)),
            )
        return self.render_invitation(doc)

    def invitation(self, entity_id: str, invitation_id: str) -> dict[str, Any] | None:
        with self.store.read() as conn:
            row = conn.execute(
                "SELECT doc FROM access_invitations WHERE entity_id=? AND id=?",
                (entity_id, invitation_id),
            ).fetchone()
        return None if row is None else self.render_invitation(json.loads(row[0]))

    def pending_invitation(self, entity_id: str, email: str) -> dict[str, Any] | None:
        """The invitation to `email` that can still be accepted, if one is out."""
        with self.store.read() as conn:
            rows = conn.execute(
                "SELECT doc FROM access_invitations WHERE entity_id=? AND email_fold=? "
                "AND accepted_at IS NULL", (entity_id, fold(email)),
            ).fetchall()
        for (raw,) in rows:
            doc = self.render_invitation(json.loads(raw))
            if doc["status"] == "pending":
                return doc
        return None

    def renew_invitation(self, invitation_id: str) -> None:
        """Resend: seven days from now."""
        with self.store.write() as conn:
            row = conn.execute("SELECT doc FROM access_invitations WHERE id=?",
                               (invitation_id,)).fetchone()
            doc = dict(json.loads(row[0]))
            doc["expires_at"] = later(self.clock.now(), seconds=INVITATION_DAYS * 86400)
            conn.execute("UPDATE access_invitations SET expires_at=?, doc=? WHERE id=?",
                         (doc["expires_at"], _dump(doc), invitation_id))

    def accept_invitation(self, invitation_id: str) -> None:
        now = self.clock.now()
        with self.store.write() as conn:
            row = conn.execute("SELECT doc FROM access_invitations WHERE id=?",
                               (invitation_id,)).fetchone()
            doc = dict(json.loads(row[0]))
            doc["accepted_at"] = now
            conn.execute("UPDATE access_invitations SET accepted_at=?, doc=? WHERE id=?",
                         (now, _dump(doc), invitation_id))

    def cancel_invitation(self, invitation_id: str) -> None:
        with self.store.write() as conn:
            conn.execute("DELETE FROM access_invitations WHERE id=?", (invitation_id,))

    def render_invitation(self, doc: Mapping[str, Any]) -> dict[str, Any]:
        """An invitation as the service shows it: its status worked out now."""
        shown = {key: value for key, value in doc.items() if key != "accepted_at"}
        if doc.get("accepted_at"):
            shown["status"] = "accepted"
        elif str(doc.get("expires_at") or "") <= self.clock.now():
            shown["status"] = "expired"
        else:
            shown["status"] = "pending"
        return _ordered(shown, INVITATION_FIELD_ORDER)
