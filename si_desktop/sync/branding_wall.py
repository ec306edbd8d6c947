"""Firm → Branding wall…: what the wall knows of each client, read from the cache alone.

A `WallClient` carries what a tile shows and filters on (name, country, template, primary
colour, logo, contrast) and what its thumbnail is drawn from: the client's last issued invoice
(its id and version, when the cache holds one; whether its PDF is cached is the thumbnail
renderer's question) and, for the app's own preview when there is none, the client's record
with a fingerprint of it, so that a cached preview is drawn again only when the client
changed. Nothing here asks the service: the wall shows 5,000 clients without a request.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from si_desktop.core import branding
from si_desktop.sync.workspace import Workspace

DEFAULT_TEMPLATE = "modern"


@dataclass(frozen=True)
class WallClient:
    entity_id: str
    name: str
    country: str
    country_code: str
    template: str
    color: str
    contrast: float
    """The WCAG contrast of the primary colour against white."""
    has_logo: bool
    entity: Mapping[str, Any]
    """The client's record as shown (queued edits applied), for the preview."""
    fingerprint: str
    """Changes whenever anything the preview draws may have changed."""
    last_invoice_id: str | None
    last_invoice_version: str | None

    @property
    def low_contrast(self) -> bool:
        return self.contrast < branding.WCAG_AA


def wall_client(entity: Mapping[str, Any], last: tuple[str, str | None] | None,
                logo_id: str | None) -> WallClient:
    """One client's tile, from its record, its last invoice (id, version) and its logo's
    cached file id."""
    raw = entity.get("settings")
    settings: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
    color = branding.primary_color(settings)
    template = settings.get("pdf_template")
    has_logo = settings.get("has_logo") is True
    text = json.dumps(entity, sort_keys=True, default=str) + f"|{logo_id}"
    return WallClient(
        entity_id=str(entity.get("id") or ""),
        name=str(entity.get("name") or ""),
        country=str(entity.get("country") or ""),
        country_code=str(entity.get("country_code") or ""),
        template=template if isinstance(template, str) and template else DEFAULT_TEMPLATE,
        color=color,
        contrast=branding.contrast_ratio(color, branding.WHITE),
        has_logo=has_logo,
        entity=entity,
        fingerprint=hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest(),
        last_invoice_id=last[0] if last else None,
        last_invoice_version=last[1] if last else None,
    )


def wall_clients(workspace: Workspace, entity_ids: Iterable[str] | None = None
                 ) -> list[WallClient]:
    """The tiles of every cached client in the client list's order (or of `entity_ids`,
    those still cached). Thousands of records: run it off the GUI thread."""
    rows = workspace.clients()
    if entity_ids is not None:
        wanted = set(entity_ids)
        rows = [row for row in rows if row.id in wanted]
    latest = workspace.store.documents.latest_issued(workspace.scope, "invoice")
    found: list[WallClient] = []
    for row in rows:
        entity = workspace.client_now(row.id)
        if entity is None:
            continue
        logo = workspace.logo(row.id) if _has_logo(entity) else None
        found.append(wall_client(entity, latest.get(row.id),
                                 logo.file_id if logo is not None else None))
    return found


def _has_logo(entity: Mapping[str, Any]) -> bool:
    settings = entity.get("settings")
    return isinstance(settings, Mapping) and settings.get("has_logo") is True
