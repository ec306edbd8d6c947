"""The first things a client does: authenticate, create an entity, read it back, list."""

from __future__ import annotations

import httpx
import pytest

from tests.contract.conftest import create_entity

pytestmark = pytest.mark.anyio


async def test_create_get_and_list_an_entity(api: httpx.AsyncClient) -> None:
    created = await create_entity(api, name="Smoke d.o.o.")
    fetched = (await api.get(f"/entities/{created['id']}")).json()
    assert fetched == created
    page = (await api.get("/entities")).json()
    assert [entity["id"] for entity in page["data"]] == [created["id"]]
    assert page["pagination"] == {
        "total": 1, "next_cursor": None, "prev_cursor": None, "has_more": False
    }
