"""The settings editors' sync work against the sandbox: only changed keys are sent, unit
overrides clear with None, logos upload, download and go away."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from si_desktop.store import Store
from si_desktop.sync.connection import Connection
from si_desktop.sync.logo_download import download_logo
from si_desktop.sync.settings import (
    LOGO_MAX_BYTES,
    load_editor_data,
    logo_file_problem,
    remove_logo,
    save_entity_settings,
    save_unit_settings,
    upload_logo,
)
from si_desktop.sync.workspace import Workspace
from tests.fixtures.sandbox import ASGI_BASE_URL

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99"
    b"=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)

pytestmark = pytest.mark.anyio


class Recorder(httpx.AsyncBaseTransport):
    """The sandbox over ASGI, remembering every request body it was sent."""

    def __init__(self, app: Starlette) -> None:
        self.inner = httpx.ASGITransport(app=app)
        self.sent: list[tuple[str, str, Any]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body: Any = None
        if request.headers.get("content-type", "").startswith("application/json"):
            body = json.loads(request.content or b"null")
        self.sent.append((request.method, request.url.path, body))
        return await self.inner.handle_async_request(request)

    def writes(self) -> list[tuple[str, str, Any]]:
        return [sent for sent in self.sent if sent[0] in ("PATCH", "PUT", "POST")]


@pytest.fixture(params=["memory", "file"])
async def workspace(
    request: pytest.FixtureRequest, sandbox_app: Starlette, sandbox_key: str, tmp_path: Path
) -> AsyncIterator[tuple[Workspace, Recorder]]:
    """The same work through the workspace on a cache in memory (the app without a cache
    file) and on the cache file (saves and logos through its outbox either way)."""
    recorder = Recorder(sandbox_app)
    connection = Connection(base_url=ASGI_BASE_URL, api_key=sandbox_key)
    store: Store | None = None
    if request.param == "memory":
        space = Workspace.in_memory(connection, transport=recorder)
    else:
        store = Store.open_in(tmp_path)
        space = Workspace.open(connection, store, transport=recorder)
    try:
        yield space, recorder
    finally:
        await space.aclose()
        if store is not None:
            store.close()


async def _client(space: Workspace) -> str:
    entity = (await space.create_client(name="Kovač d.o.o.", country="Slovenia")).view
    assert entity is not None
    return entity.id


async def test_save_entity_settings_sends_only_changed_keys(
    workspace: tuple[Workspace, Recorder],
) -> None:
    space, recorder = workspace
    entity_id = await _client(space)
    data = await load_editor_data(space, entity_id)
    settings = data.entity["settings"]
    edited = {
        "number_formats": {**settings["number_formats"], "invoice": "R-{yyyy}-{nnnn}"},
        "email_defaults": settings["email_defaults"],  # unchanged: not sent
    }
    recorder.sent.clear()
    saved = await save_entity_settings(space, data, edited)
    assert recorder.writes() == [
        (
            "PATCH",
            f"/entities/{entity_id}",
            {"settings": {"number_formats": edited["number_formats"]}},
        )
    ]
    assert saved.entity["settings"]["number_formats"]["invoice"] == "R-{yyyy}-{nnnn}"
    assert saved.entity["settings"]["email_defaults"] == settings["email_defaults"]

    recorder.sent.clear()
    again = await save_entity_settings(space, saved, edited)
    assert again is saved
    assert recorder.writes() == []


async def test_unit_override_and_back_to_the_client_value(
    workspace: tuple[Workspace, Recorder],
) -> None:
    space, recorder = workspace
    entity_id = await _client(space)
    unit = (await space.create_unit(entity_id, {"name": "Trgovina Center"})).view
    assert unit is not None
    data = await load_editor_data(space, entity_id, unit.id, units=True)
    assert data.unit is not None and [u["id"] for u in data.units] == [unit.id]

    data = await save_unit_settings(space, data, {"primary_color": "#123456"})
    assert data.unit is not None and data.unit["settings"]["primary_color"] == "#123456"
    recorder.sent.clear()
    data = await save_unit_settings(space, data, {"primary_color": None, "pdf_template": None})
    assert recorder.writes() == [
        ("PATCH", f"/business-units/{unit.id}", {"settings": {"primary_color": None}})
    ]
    assert data.unit is not None and "primary_color" not in data.unit["settings"]


async def test_logo_upload_download_and_remove_for_client_and_unit(
    workspace: tuple[Workspace, Recorder],
) -> None:
    space, _ = workspace
    entity_id = await _client(space)
    data = await load_editor_data(space, entity_id, logo=True)
    assert data.logo is None and data.logo_source is None

    data = await upload_logo(space, data, content=PNG, filename="/home/me/logo.png")
    assert data.entity["settings"]["has_logo"] is True
    assert data.logo == PNG and data.logo_source == "entity"
    assert await download_logo(await space.api(), data.entity) == (PNG, "entity")

    unit = (await space.create_unit(entity_id, {"name": "Podružnica"})).view
    assert unit is not None
    unit_data = await load_editor_data(space, entity_id, unit.id, logo=True)
    assert unit_data.logo_source == "entity"  # inherited from the client
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="2"/>'
    unit_data = await upload_logo(space, unit_data, content=svg, filename="unit.svg")
    assert unit_data.unit is not None and unit_data.unit["logo_file_id"]
    assert await download_logo(await space.api(), unit_data.entity, unit_data.unit) == (svg, "unit")
    unit_data = await remove_logo(space, unit_data)
    assert unit_data.unit is not None and unit_data.unit["logo_file_id"] is None
    assert (unit_data.logo, unit_data.logo_source) == (PNG, "entity")

    data = await remove_logo(space, data)
    assert data.entity["settings"]["has_logo"] is False
    assert await download_logo(await space.api(), data.entity) == (None, None)


async def test_upload_refuses_what_cannot_be_a_logo(workspace: tuple[Workspace, Recorder]) -> None:
    space, recorder = workspace
    entity_id = await _client(space)
    data = await load_editor_data(space, entity_id)
    recorder.sent.clear()
    with pytest.raises(ValueError, match="PNG, JPEG, WEBP or SVG"):
        await upload_logo(space, data, content=PNG, filename="logo.gif")
    assert recorder.writes() == []


def test_logo_file_problem() -> None:
    assert logo_file_problem("Logo.PNG", 10, PNG) is None
    assert logo_file_problem("logo.svg", 10) is None
    assert logo_file_problem("logo.bmp", 10) == "A logo must be a PNG, JPEG, WEBP or SVG image."
    assert logo_file_problem("logo.png", 0) == "The file is empty."
    too_big = logo_file_problem("logo.jpg", LOGO_MAX_BYTES + 1)
    assert too_big is not None and "at most 5 MB" in too_big
    assert logo_file_problem("logo.jpg", LOGO_MAX_BYTES) is None
    assert logo_file_problem("logo.jpg", 10, PNG) == (
        "The file's contents do not match its extension."
    )


@pytest.mark.parametrize(
    ("name", "head"),
    [
        ("logo.png", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"),
        ("logo.png", b"just some text that is no image"),
        ("logo.svg", b"%PDF-1.4"),
        ("logo.webp", b"RIFF\x00\x00\x00\x00WAVEfmt "),
    ],
)
def test_a_file_that_is_no_image_is_refused_whatever_its_name(name: str, head: bytes) -> None:
    assert logo_file_problem(name, 100, head) == (
        "The file is not an image, whatever its name says."
    )


@pytest.mark.parametrize(
    ("name", "head"),
    [
        ("logo.webp", b"RIFF\x24\x00\x00\x00WEBPVP8 "),
        ("logo.svg", b"\xef\xbb\xbf  <?xml version='1.0'?><svg"),
        ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
        ("logo.jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF"),
    ],
)
def test_real_images_pass_by_their_contents(name: str, head: bytes) -> None:
    assert logo_file_problem(name, 100, head) is None
