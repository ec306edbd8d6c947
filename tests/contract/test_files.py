"""Files: multipart upload of images, URLs the sandbox serves, lists with filters, and the
logo flags an upload sets."""

from __future__ import annotations

import struct
import zlib

import httpx
import pytest

from tests.contract.conftest import create_entity, create_unit, issue_paths

pytestmark = pytest.mark.anyio


def png_bytes() -> bytes:
    """A real 1×1 PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)
            + chunk(b"IEND", b""))


IMAGES = {
    "logo.png": (png_bytes(), "image/png"),
    "logo.jpg": (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32, "image/jpeg"),
    "logo.gif": (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "image/gif"),
    "logo.webp": (b"RIFF\x1a\x00\x00\x00WEBPVP8L" + b"\x00" * 14, "image/webp"),
    "logo.svg": (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"'
                 b' width="1" height="1"/>', "image/svg+xml"),
}


async def upload(api: httpx.AsyncClient, entity_id: str, name: str = "logo.png",
                 data: bytes | None = None, **fields: str) -> httpx.Response:
    content = IMAGES[name][0] if data is None else data
    form = {"category": "logo", **fields}
    return await api.post("/files", headers={"x-entity-id": entity_id},
                          files={"file": (name, content, "application/octet-stream")},
                          data=form)


@pytest.mark.parametrize("name", sorted(IMAGES))
async def test_every_image_type_uploads_and_is_served_back(api: httpx.AsyncClient,
                                                           name: str) -> None:
    entity = await create_entity(api)
    response = await upload(api, entity["id"], name)
    assert response.status_code == 201, response.text
    stored = response.json()
    assert stored["id"].startswith("file_")
    assert stored["secure_url"] == stored["secureUrl"] == stored["url"]
    served = await api.get(stored["secure_url"])
    assert served.status_code == 200
    assert served.content == IMAGES[name][0]
    assert served.headers["content-type"].startswith(IMAGES[name][1])


async def test_a_logo_upload_sets_has_logo(api: httpx.AsyncClient) -> None:
    entity = await create_entity(api)
    assert not entity["settings"].get("has_logo")
    await upload(api, entity["id"])
    after = (await api.get(f"/entities/{entity['id']}")).json()
    assert after["settings"]["has_logo"] is True
    assert after["updated_at"] > entity["updated_at"]
    await upload(api, entity["id"], category="signature")
    after = (await api.get(f"/entities/{entity['id']}")).json()
    assert after["settings"]["has_signature"] is True


async def test_a_unit_logo_upload_sets_the_units_logo_file_id(api: httpx.AsyncClient) -> None:
    entity = await create_entity(api)
    unit = await create_unit(api, entity["id"])
    response = await upload(api, entity["id"], business_unit_id=unit["id"])
    assert response.status_code == 201
    file_id = response.json()["id"]
    assert response.json()["business_unit_id"] == unit["id"]
    got = (await api.get(f"/business-units/{unit['id']}",
                         headers={"x-entity-id": entity["id"]})).json()
    assert got["logo_file_id"] == file_id
    assert not (await api.get(f"/entities/{entity['id']}")).json()["settings"].get("has_logo")


async def test_files_are_listed_with_category_and_unit_filters(api: httpx.AsyncClient) -> None:
    entity = await create_entity(api)
    unit = await create_unit(api, entity["id"])
    headers = {"x-entity-id": entity["id"]}
    logo = (await upload(api, entity["id"])).json()
    signature = (await upload(api, entity["id"], "logo.gif", category="signature")).json()
    unit_logo = (await upload(api, entity["id"], business_unit_id=unit["id"])).json()
    everything = (await api.get("/files", headers=headers)).json()
    assert [f["id"] for f in everything["data"]] == [logo["id"], signature["id"],
                                                     unit_logo["id"]]
    assert everything["pagination"]["total"] == 3
    logos = (await api.get("/files", headers=headers, params={"category": "logo"})).json()
    assert [f["id"] for f in logos["data"]] == [logo["id"], unit_logo["id"]]
    of_unit = (await api.get("/files", headers=headers,
                             params={"business_unit_id": unit["id"]})).json()
    assert [f["id"] for f in of_unit["data"]] == [unit_logo["id"]]
    one = (await api.get(f"/files/{logo['id']}", headers=headers)).json()
    assert one["id"] == logo["id"] and one["secure_url"] == logo["secure_url"]
    assert issue_paths(await api.get("/files", headers=headers, params={"category": "x"}))


async def test_files_of_another_entity_are_not_visible(api: httpx.AsyncClient) -> None:
    mine = await create_entity(api, name="Mine")
    theirs = await create_entity(api, name="Theirs")
    stored = (await upload(api, theirs["id"])).json()
    headers = {"x-entity-id": mine["id"]}
    assert (await api.get(f"/files/{stored['id']}", headers=headers)).status_code == 404
    assert (await api.get("/files", headers=headers)).json()["data"] == []


async def test_files_up_to_5_mb(api: httpx.AsyncClient) -> None:
    entity = await create_entity(api)
    png = png_bytes()
    limit = 5 * 1024 * 1024
    fits = png + b"\x00" * (limit - len(png))
    assert (await upload(api, entity["id"], data=fits)).status_code == 201
    too_big = await upload(api, entity["id"], data=fits + b"\x00")
    assert issue_paths(too_big) == [["file"]]


async def test_other_file_types_are_refused(api: httpx.AsyncClient) -> None:
    entity = await create_entity(api)
    response = await upload(api, entity["id"], "logo.png", data=b"%PDF-1.7 not an image")
    assert issue_paths(response) == [["file"]]


async def test_category_and_file_are_required(api: httpx.AsyncClient) -> None:
    entity = await create_entity(api)
    headers = {"x-entity-id": entity["id"]}
    bad_category = await upload(api, entity["id"], category="banner")
    assert issue_paths(bad_category) == [["category"]]
    no_file = await api.post("/files", headers=headers, data={"category": "logo"},
                             files={"other": ("x.txt", b"x", "text/plain")})
    assert ["file"] in issue_paths(no_file)


async def test_a_unit_of_another_entity_cannot_get_a_logo(api: httpx.AsyncClient) -> None:
    mine = await create_entity(api, name="Mine")
    theirs = await create_entity(api, name="Theirs")
    unit = await create_unit(api, theirs["id"])
    response = await upload(api, mine["id"], business_unit_id=unit["id"])
    assert response.status_code == 404
    malformed = await upload(api, mine["id"], business_unit_id="unit_1")
    assert issue_paths(malformed) == [["business_unit_id"]]


async def test_unknown_file_content_is_404(api: httpx.AsyncClient) -> None:
    assert (await api.get("/files/file_" + "0" * 24 + "/content")).status_code == 404


async def test_upload_image_is_the_same_upload(api: httpx.AsyncClient) -> None:
    entity = await create_entity(api)
    response = await api.post("/upload/image", headers={"x-entity-id": entity["id"]},
                              files={"file": ("logo.png", png_bytes(), "image/png")},
                              data={"category": "logo"})
    assert response.status_code == 201
    assert (await api.get(response.json()["secureUrl"])).content == png_bytes()


async def test_a_malformed_multipart_body_is_400(api: httpx.AsyncClient) -> None:
    entity = await create_entity(api)
    response = await api.post("/files", headers={
        "x-entity-id": entity["id"], "content-type": "multipart/form-data; boundary=xyz"},
        content=b"--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n")
    assert response.status_code in (400, 422)
    assert set(response.json()) >= {"code", "message"}


async def test_two_files_in_one_upload_are_refused(api: httpx.AsyncClient) -> None:
    entity = await create_entity(api)
    response = await api.post("/files", headers={"x-entity-id": entity["id"]},
                              data={"category": "logo"},
                              files=[("file", ("a.png", png_bytes(), "image/png")),
                                     ("file", ("b.png", png_bytes(), "image/png"))])
    assert response.status_code == 400
    assert response.json()["code"] == "bad_request"
