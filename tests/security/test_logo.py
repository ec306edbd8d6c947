"""A logo larger than 5 MB or not an image is refused before anything is uploaded, and the
sandbox refuses it too."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from starlette.applications import Starlette

from si_desktop.ui.context import AppContext
from si_desktop.ui.editors.branding import BrandingPage
from tests.fixtures.sandbox import asgi_client
from tests.ui.editors.conftest import PNG, Sandbox, open_page

LIMIT = 5 * 1024 * 1024


@pytest.fixture
def sandbox(qtbot: QtBot, context: AppContext, sandbox_app: Starlette,
            sandbox_key: str) -> Iterator[Sandbox]:
    yield Sandbox(context, sandbox_app, sandbox_key)


def test_the_branding_page_refuses_before_uploading(
    qtbot: QtBot, sandbox: Sandbox, tmp_path: Path
) -> None:
    client = sandbox.client()
    page = open_page(qtbot, BrandingPage, sandbox.context, client["id"])
    before = len(sandbox.recorder.writes())
    big = tmp_path / "big.png"
    with big.open("wb") as handle:
        handle.write(PNG)
        handle.truncate(LIMIT + 1)
    assert not page.upload_logo_file(big)
    assert "at most 5 MB" in page.logo_message.text()
    for name, data in (("notes.txt", b"hello"), ("logo.gif", b"GIF89a"), ("x.exe", b"MZ")):
        path = tmp_path / name
        path.write_bytes(data)
        assert not page.upload_logo_file(path)
        assert "PNG, JPEG, WEBP or SVG" in page.logo_message.text()
    disguised = tmp_path / "photo.png"
    disguised.write_bytes(b"\xff\xd8\xff\xe0 a JPEG called .png")
    assert not page.upload_logo_file(disguised)
    assert "do not match" in page.logo_message.text()
    pdf = tmp_path / "logo.png"
    pdf.write_bytes(b"%PDF-1.7\n a document renamed to look like a logo")
    assert not page.upload_logo_file(pdf)
    assert "not an image" in page.logo_message.text()
    assert len(sandbox.recorder.writes()) == before  # nothing left the machine


@pytest.mark.anyio
async def test_the_sandbox_refuses_too(sandbox_app: Starlette, sandbox_key: str) -> None:
    async with asgi_client(sandbox_app, sandbox_key) as api:
        entity = (await api.post("/entities", json={"name": "K", "country": "Slovenia"})).json()
        headers = {"x-entity-id": entity["id"]}
        for name, data in (
            ("big.png", PNG + b"\x00" * (LIMIT + 1 - len(PNG))),
            ("logo.png", b"%PDF-1.7 not an image"),
        ):
            response = await api.post(
                "/files", headers=headers, data={"category": "logo"},
                files={"file": (name, data, "application/octet-stream")},
            )
            assert response.status_code == 422, (name, response.text)
        listed = (await api.get("/files", headers=headers)).json()["data"]
        assert listed == []
