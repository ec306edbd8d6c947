"""Demo clients with a logo of their own: three in four of them (deterministic for a seed),
stored as the client's logo file, so that their PDFs carry it; the others carry none."""

from __future__ import annotations

import io
from typing import Any

import httpx
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from PIL import Image

from si_desktop.sandbox.demo_logos import HEIGHT, STYLES, WIDTH, logo_png
from tests.contract.test_demo_data import demo, everything

pytestmark = pytest.mark.anyio


def images_on_first_page(data: bytes) -> int:
    document = pdfium.PdfDocument(data)
    try:
        return len(list(document[0].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])))
    finally:
        document.close()


async def logo_files(client: httpx.AsyncClient, entity: dict[str, Any]) -> list[bytes]:
    headers = {"x-entity-id": entity["id"]}
    listed = (await client.get("/files", params={"category": "logo"}, headers=headers)).json()
    found = []
    for file in listed["data"]:
        response = await client.get(httpx.URL(file["url"]).path, headers=headers)
        assert response.status_code == 200
        found.append(response.content)
    return found


async def first_invoice_pdf(client: httpx.AsyncClient, entity: dict[str, Any]) -> bytes:
    headers = {"x-entity-id": entity["id"]}
    invoices = (await client.get("/invoices", params={"limit": 1, "query": '{"is_draft": false}'},
                                 headers=headers)).json()["data"]
    response = await client.get(f"/documents/{invoices[0]['id']}/pdf", headers=headers)
    assert response.status_code == 200
    return response.content


async def test_most_demo_clients_have_a_logo_and_their_pdfs_carry_it(sandbox_key: str) -> None:
    async with demo(sandbox_key, 40, 0) as client:
        entities = await everything(client)
        with_logo = [e for e in entities if e["settings"].get("has_logo") is True]
        without = [e for e in entities if e["settings"].get("has_logo") is not True]
        assert 20 <= len(with_logo) <= 38 and without
        (logo,) = await logo_files(client, with_logo[0])
        image = Image.open(io.BytesIO(logo))
        assert image.format == "PNG" and image.size == (WIDTH, HEIGHT)
        assert images_on_first_page(await first_invoice_pdf(client, with_logo[0])) >= 1
        assert await logo_files(client, without[0]) == []
        assert images_on_first_page(await first_invoice_pdf(client, without[0])) == 0


async def test_the_same_seed_draws_the_same_logos(sandbox_key: str) -> None:
    async with demo(sandbox_key, 6, 3) as first, demo(sandbox_key, 6, 3) as second:
        a, b = await everything(first), await everything(second)
        assert [await logo_files(first, e) for e in a] == [await logo_files(second, e) for e in b]


def test_a_logo_shows_the_initial_in_the_mark_and_the_brand_colour() -> None:
    for style in STYLES:
        image = Image.open(io.BytesIO(logo_png("Čebelica", "#047857", style))).convert("RGBA")
        colours = {colour for _count, colour in image.getcolors(WIDTH * HEIGHT) or []}
        assert (4, 120, 87, 255) in colours  # the mark
        assert (255, 255, 255, 255) in colours  # the initial on it
        assert image.getpixel((WIDTH - 1, 0))[3] == 0  # a transparent ground
