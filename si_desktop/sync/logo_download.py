"""Fetching the logo a client's documents carry from the service, for a cache that has not
seen it yet (the refresh caches logos; an editor opened before then asks here)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the client (httpx, pydantic) is imported by the first request
    from si_desktop.api import File, SpaceInvoicesClient


async def _newest_logo(
    api: SpaceInvoicesClient, entity_id: str, unit_id: str | None
) -> File | None:
    newest: File | None = None
    async for found in api.files.iterate(
        entity_id=entity_id, category="logo", business_unit_id=unit_id
    ):
        if unit_id is None and found.business_unit_id:
            continue
        if newest is None or (found.created_at or "") >= (newest.created_at or ""):
            newest = found
    return newest


async def _unit_logo(api: SpaceInvoicesClient, entity_id: str, unit: Mapping[str, Any]) -> bytes:
    file_id = unit.get("logo_file_id")
    unit_id = str(unit.get("id"))
    async for found in api.files.iterate(
        entity_id=entity_id, category="logo", business_unit_id=unit_id
    ):
        if found.id == file_id:
            return await api.files.download(found)
    async for found in api.files.iterate(entity_id=entity_id, category="logo"):
        if found.id == file_id:
            return await api.files.download(found)
    raise LookupError(f"the unit's logo {file_id} is not among the client's files")


async def download_logo(
    api: SpaceInvoicesClient, entity: Mapping[str, Any], unit: Mapping[str, Any] | None = None
) -> tuple[bytes | None, str | None]:
    """The logo a document issued for the client (or under the unit) carries, and whose it
    is: `("unit" | "entity")`, or `(None, None)` when there is none. A logo that cannot be
    found or fetched counts as none; the editor then offers to upload one."""
    entity_id = str(entity.get("id"))
    try:
        if unit is not None and unit.get("logo_file_id"):
            return await _unit_logo(api, entity_id, unit), "unit"
        settings = entity.get("settings") or {}
        if settings.get("has_logo") is True:
            found = await _newest_logo(api, entity_id, None)
            if found is not None:
                return await api.files.download(found), "entity"
    except (LookupError, ValueError):
        return None, None
    return None, None
