"""Typed views of who has access to an entity (CONTRACT.md, "Client access"): entity API
keys, entity users, invitations and the stand-in dashboard token.

They follow `models.SIModel`'s rules (unknown keys kept, nothing added, strict types). Their
ids are opaque (`ek_live_…`, `einv_…`, `usr_…`) and checked by `ids.check_opaque_id`; a
record whose id fails is skipped from a list like any other.

A new key's full text is a secret: `NewEntityApiKey` holds it apart from the key's record,
never prints it (`repr`), and is not a model that could be dumped or cached by accident.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import field_validator

from si_desktop.api.ids import check_id, check_opaque_id
from si_desktop.api.models import SIModel

__all__ = [
    "ROLES",
    "DashboardToken",
    "EntityApiKey",
    "EntityUser",
    "Invitation",
    "NewEntityApiKey",
    "role_of",
]

ROLES = ("viewer", "editor", "admin")
_ROLE_ALIASES = {"member": "editor"}


def role_of(value: object) -> str | None:
    """The role as the app knows it (`member` is `editor`), or None for one it does not."""
    if not isinstance(value, str):
        return None
    value = _ROLE_ALIASES.get(value, value)
    return value if value in ROLES else None


def _opaque(value: str, kind: str) -> str:
    try:
        return check_opaque_id(value, kind)
    except ValueError:
        raise ValueError(f"the id is not a {kind}_… id") from None


def _entity(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return check_id(value, "ent")
    except ValueError:
        raise ValueError("entity_id is not shaped ent_<24 hex>") from None


class _AccessRecord(SIModel):
    @field_validator("entity_id", check_fields=False)
    @classmethod
    def _entity_id(cls, value: str | None) -> str | None:
        return _entity(value)


class EntityApiKey(_AccessRecord):
    """An entity key as lists show it: never the key itself."""

    id: str
    entity_id: str | None = None
    name: str | None = None
    environment: str | None = None
    prefix_hint: str | None = None
    created_at: str | None = None
    expires_at: str | None = None

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        return _opaque(value, "ek")


class EntityUser(_AccessRecord):
    """Someone with access to the entity, and their role."""

    user_id: str
    entity_id: str | None = None
    role: str | None = None
    email: str | None = None
    name: str | None = None
    invited_by_user_id: str | None = None
    created_at: str | None = None

    @field_validator("user_id")
    @classmethod
    def _user_id(cls, value: str) -> str:
        return _opaque(value, "usr")

    @property
    def known_role(self) -> str | None:
        return role_of(self.role)


class Invitation(_AccessRecord):
    """An invitation to an e-mail address: pending, accepted or expired (7 days)."""

    id: str
    entity_id: str | None = None
    email: str | None = None
    role: str | None = None
    status: str | None = None
    expires_at: str | None = None
    created_at: str | None = None

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        return _opaque(value, "einv")

    @property
    def known_role(self) -> str | None:
        return role_of(self.role)


@dataclass(frozen=True)
class NewEntityApiKey:
    """What creating a key answers: its record (under the id lists use) and, once, the
    key's full text. `repr()` and `str()` never show the secret."""

    record: EntityApiKey
    secret: str = field(repr=False)

    def __str__(self) -> str:
        return f"new entity key {self.record.prefix_hint or ''}…"

    @classmethod
    def from_answer(cls, body: Mapping[str, Any]) -> NewEntityApiKey:
        """The answer carries the key in `key` or (as CONTRACT.md has it) in `id`; the
        record's own id is `key_id` when the service sends one."""
        secret = body.get("key") if isinstance(body.get("key"), str) else body.get("id")
        if not isinstance(secret, str) or not secret.startswith(("ek_live_", "ek_sandbox_")):
            raise ValueError("the answer holds no entity key")
        record = {k: v for k, v in body.items() if k not in ("key", "key_id")}
        record["id"] = body["key_id"] if isinstance(body.get("key_id"), str) else secret
        return cls(EntityApiKey.model_validate(record), secret)


@dataclass(frozen=True)
class DashboardToken:
    """The stand-in dashboard token: a secret, never printed."""

    token: str = field(repr=False)
    expires_at: str | None = None
