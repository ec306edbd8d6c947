"""The work behind the settings editors (number formats, branding, e-mail defaults), for a
client and for one of its business units. No Qt.

Editors hold plain JSON (`model_dump(mode="json")`), so what they show and compare is what
the server sent, unknown keys included. Saving sends only the top-level settings keys that
changed (the service replaces each key that is sent and keeps the rest). A logo is a file:
uploading or removing one is queued and sent at once, independent of the editors' Save.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from si_desktop.sync.changes import as_json
from si_desktop.sync.workspace import Workspace

if TYPE_CHECKING:  # the models (pydantic) are imported by the first save or request
    pass

LOGO_MAX_BYTES = 5 * 1024 * 1024
"""The largest logo the service takes."""

LOGO_EXTENSIONS: dict[str, str] = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
}
"""The logo files an editor offers, by extension, with their content type."""

LOGO_HEAD_BYTES = 64
"""How much of a file `logo_file_problem` needs to see to tell what it really holds."""


def sniff_image(head: bytes) -> str | None:
    """The content type the first bytes of a file announce, or None for anything that is not
    one of the logo kinds (a PDF or a text file renamed `.png` must not pass as a logo)."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if text.startswith((b"<svg", b"<?xml", b"<!--", b"<!DOCTYPE svg")):
        return "image/svg+xml"
    return None


@dataclass(frozen=True)
class EditorData:
    """What a settings editor shows: the client, the unit when the editor is scoped to one,
    the client's active units (for unit number previews) and the logo a document would
    carry (the unit's own, else the client's), with where it comes from."""

    entity: dict[str, Any]
    unit: dict[str, Any] | None = None
    units: list[dict[str, Any]] = field(default_factory=list)
    logo: bytes | None = None
    logo_source: str | None = None  # "unit", "entity" or None when there is no logo

    @property
    def entity_id(self) -> str:
        return str(self.entity.get("id", ""))


def logo_file_problem(filename: str, size: int, head: bytes = b"") -> str | None:
    """A sentence when a file cannot be a logo: wrong kind, empty or larger than 5 MB.

    `head` (the first `LOGO_HEAD_BYTES` bytes) is checked too when given: the file must really
    be the image its extension names.
    """
    extension = os.path.splitext(filename)[1].lower()
    if extension not in LOGO_EXTENSIONS:
        return "A logo must be a PNG, JPEG, WEBP or SVG image."
    if size <= 0:
        return "The file is empty."
    if size > LOGO_MAX_BYTES:
        megabytes = size / (1024 * 1024)
        return f"The file is {megabytes:.1f} MB; a logo can be at most 5 MB."
    if not head:
        return None  # only the name and size are known yet; the upload checks the bytes
    kind = sniff_image(head)
    if kind is None:
        return "The file is not an image, whatever its name says."
    if kind != LOGO_EXTENSIONS[extension]:
        return "The file's contents do not match its extension."
    return None


# --- loading -------------------------------------------------------------------------------


async def load_editor_data(
    workspace: Workspace,
    entity_id: str,
    unit_id: str | None = None,
    *,
    units: bool = False,
    logo: bool = False,
) -> EditorData:
    """The client (and unit) an editor works on, with its units and logo when asked."""
    entity = as_json(await workspace.load_client(entity_id))
    unit = None
    if unit_id is not None:
        unit = as_json(await workspace.load_unit(entity_id, unit_id))
    listed = [as_json(found) for found in await workspace.list_units(entity_id)] if units else []
    image, source = (None, None)
    if logo:
        image, source = await workspace.editor_logo(entity, unit)
    return _editor_data(entity, unit, listed, image, source)


def editor_data_now(
    workspace: Workspace,
    entity_id: str,
    unit_id: str | None = None,
    *,
    units: bool = False,
    logo: bool = False,
) -> EditorData | None:
    """What `load_editor_data` would return, read from the cache at once (see
    `Workspace.client_now`); None when only the service can answer."""
    entity = workspace.client_now(entity_id)
    if entity is None:
        return None
    unit = None
    if unit_id is not None:
        unit = workspace.unit_now(unit_id)
        if unit is None:
            return None
    listed = workspace.units_now(entity_id) if units else []
    image, source = (None, None)
    if logo:
        known = workspace.logo_now(entity, unit)
        if known is None:
            return None
        image, source = known
    return _editor_data(entity, unit, listed, image, source)


def _editor_data(
    entity: dict[str, Any],
    unit: dict[str, Any] | None,
    listed: list[dict[str, Any]],
    image: bytes | None,
    source: str | None,
) -> EditorData:
    active = [
        found for found in listed
        if not found.get("deleted_at") and found.get("is_active") is not False
    ]
    active.sort(key=lambda found: int(found.get("numbering_index") or 0))
    return EditorData(entity=entity, unit=unit, units=active, logo=image, logo_source=source)


# --- saving --------------------------------------------------------------------------------


async def save_entity_settings(
    workspace: Workspace, data: EditorData, settings: Mapping[str, Any], *,
    initiator: object | None = None,
) -> EditorData:
    """Save the editor's settings keys: the workspace sends those whose value differs from
    the client's, nothing else. Returns the editor's data with the client as it now shows."""
    saved = await workspace.update_client(data.entity, {"settings": dict(settings)},
                                          initiator=initiator)
    return data if saved == data.entity else dataclasses.replace(data, entity=saved)


async def save_unit_settings(
    workspace: Workspace, data: EditorData, settings: Mapping[str, Any], *,
    initiator: object | None = None,
) -> EditorData:
    """Save the unit's changed settings keys; `None` for a key takes the client's value
    again (the service clears it)."""
    if data.unit is None:
        raise ValueError("these editor data hold no business unit")
    saved = await workspace.update_unit(data.unit, {"settings": dict(settings)},
                                        initiator=initiator)
    return data if saved == data.unit else dataclasses.replace(data, unit=saved)


# --- logos ---------------------------------------------------------------------------------


async def upload_logo(
    workspace: Workspace, data: EditorData, *, content: bytes, filename: str,
    initiator: object | None = None,
) -> EditorData:
    """Queue a logo for the client, or for the unit when the data hold one, and send the
    queue: like any edit it is committed first (offline it waits, shown pending) and sent
    once, conflict-checked (`sync.sender`). Returns the data as the cache now shows them;
    a refusal while the user waits is raised."""
    problem = logo_file_problem(filename, len(content), content[:LOGO_HEAD_BYTES])
    if problem is not None:
        raise ValueError(problem)
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    kind = LOGO_EXTENSIONS[os.path.splitext(name)[1].lower()]
    unit_id = str(data.unit["id"]) if data.unit is not None else None
    result = await workspace.set_logo(
        data.entity_id, unit_id, content=bytes(content), filename=name, content_type=kind,
        initiator=initiator,
    )
    result.record()
    return await _logo_data(workspace, data)


async def remove_logo(
    workspace: Workspace, data: EditorData, *, initiator: object | None = None
) -> EditorData:
    """Queue taking the logo off, and send the queue: the unit's own (it then shows the
    client's again) or the client's (`has_logo` false)."""
    unit_id = str(data.unit["id"]) if data.unit is not None else None
    result = await workspace.remove_logo(data.entity_id, unit_id, initiator=initiator)
    result.record()
    return await _logo_data(workspace, data)


async def _logo_data(workspace: Workspace, data: EditorData) -> EditorData:
    """The editor's data as the cache shows them now, queued edits on top."""
    entity = workspace.client_now(data.entity_id) or data.entity
    unit = data.unit
    if unit is not None:
        unit = workspace.unit_now(str(unit["id"])) or unit
    shown = workspace.logo(data.entity_id, str(unit["id"]) if unit is not None else None)
    image: bytes | None
    source: str | None
    if shown is not None:
        image, source = shown.data, shown.source
    else:
        image, source = await workspace.editor_logo(entity, unit)
    return dataclasses.replace(data, entity=entity, unit=unit, logo=image, logo_source=source)
