"""What to send when a user saves: only the fields they changed, and of `settings` only the
top-level keys they changed, because the service replaces each settings key that is sent and
keeps the rest (CONTRACT.md, "Settings merge on update")."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def as_json(model: Any) -> dict[str, Any]:
    """A model (or a JSON object) as plain JSON: what the store keeps, the editors hold and
    the changes are computed on. The models round-trip, so both kinds give the same JSON."""
    if isinstance(model, Mapping):
        return dict(model)
    dumped: dict[str, Any] = model.model_dump(mode="json")
    return dumped

# Fields a user cannot change once an entity exists, or that the server owns.
ENTITY_FIXED_FIELDS = frozenset(
    {
        "id",
        "account_id",
        "country",
        "country_code",
        "environment",
        "country_rules",
        "created_at",
        "updated_at",
        "is_enabled",  # changed through enable/disable, not by update
    }
)
UNIT_FIXED_FIELDS = frozenset(
    {"id", "entity_id", "numbering_index", "is_active", "deleted_at", "created_at", "updated_at"}
)


def _normalise(value: Any) -> Any:
    """Empty text and a missing value mean the same to a user."""
    return None if value == "" else value


def settings_changes(
    original: Mapping[str, Any] | None, edited: Mapping[str, Any]
) -> dict[str, Any]:
    """The top-level settings keys whose value differs. A key missing from `edited` is left
    alone (an editor may know only some keys); clearing a key means sending it as None."""
    before = dict(original or {})
    return {key: value for key, value in edited.items() if before.get(key) != value}


def _changes(
    original: Mapping[str, Any], edited: Mapping[str, Any], fixed: frozenset[str]
) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for key, value in edited.items():
        if key in fixed:
            continue
        if key == "settings":
            if not isinstance(value, Mapping):
                continue
            settings = settings_changes(original.get("settings"), value)
            if settings:
                changes["settings"] = settings
        elif _normalise(original.get(key)) != _normalise(value):
            changes[key] = _normalise(value) if key != "metadata" else dict(value or {})
    return changes


def entity_changes(original: Mapping[str, Any], edited: Mapping[str, Any]) -> dict[str, Any]:
    """The partial update body for an entity: changed fields only; fixed fields never."""
    return _changes(original, edited, ENTITY_FIXED_FIELDS)


def unit_changes(original: Mapping[str, Any], edited: Mapping[str, Any]) -> dict[str, Any]:
    """The partial update body for a business unit."""
    return _changes(original, edited, UNIT_FIXED_FIELDS)
