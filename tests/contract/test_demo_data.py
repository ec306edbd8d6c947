"""Demo data (`clients=N`): believable, varied and deterministic for a seed."""

from __future__ import annotations

import collections
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest

from si_desktop.sandbox import create_app
from tests.fixtures.sandbox import asgi_client

pytestmark = pytest.mark.anyio


@asynccontextmanager
async def demo(key: str, clients: int, seed: int) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(api_key=key, clients=clients, seed=seed)
    try:
        async with asgi_client(app, key) as client:
            yield client
    finally:
        app.state.sandbox.close()


async def everything(client: httpx.AsyncClient, path: str = "/entities",
                     **params: Any) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    cursor = None
    while True:
        query = {"limit": 100, **params}
        if cursor:
            query["next_cursor"] = cursor
        page = (await client.get(path, params=query)).json()
        rows += page["data"]
        cursor = page["pagination"]["next_cursor"]
        if cursor is None:
            return rows


async def units_of(client: httpx.AsyncClient, entity_id: str) -> list[dict[str, Any]]:
    response = await client.get("/business-units", headers={"x-entity-id": entity_id},
                                params={"include_archived": "true", "limit": 100})
    rows: list[dict[str, Any]] = response.json()["data"]
    return rows


async def test_the_same_seed_gives_the_same_clients(sandbox_key: str) -> None:
    async with demo(sandbox_key, 25, 7) as first, demo(sandbox_key, 25, 7) as second:
        a, b = await everything(first), await everything(second)
        assert a == b and len(a) == 25
        assert await units_of(first, a[3]["id"]) == await units_of(second, b[3]["id"])


async def test_another_seed_gives_other_clients(sandbox_key: str) -> None:
    async with demo(sandbox_key, 10, 1) as first, demo(sandbox_key, 10, 2) as second:
        names_a = [e["name"] for e in await everything(first)]
        names_b = [e["name"] for e in await everything(second)]
        assert names_a != names_b


async def test_fewer_clients_are_a_prefix_of_more(sandbox_key: str) -> None:
    async with demo(sandbox_key, 8, 3) as small, demo(sandbox_key, 30, 3) as large:
        assert await everything(small) == (await everything(large))[:8]


async def test_two_hundred_clients_look_like_a_real_firm(sandbox_key: str) -> None:
    async with demo(sandbox_key, 200, 0) as client:
        clients = await everything(client)
        assert len(clients) == 200
        names = " ".join(e["name"] for e in clients)
        for form in ("d.o.o.", "s.p.", "GmbH", "Ltd", "Inc."):
            assert form in names, form
        countries = collections.Counter(e["country_code"] for e in clients)
        assert {"SI", "HR", "AT", "DE", "GB", "US"} <= set(countries)
        disabled = sum(1 for e in clients if not e["is_enabled"])
        assert 8 <= disabled <= 40  # about one in ten
        codes = [e["metadata"]["client_code"] for e in clients]
        assert len(set(codes)) == 200
        for entity in clients:
            assert entity["address"] and entity["city"] and entity["post_code"]
            assert entity["tax_number"] and "@" in entity["email"]
            assert entity["website"].startswith("https://")
            assert entity["email"].split("@")[1] in entity["website"]
        assert len({e["settings"].get("primary_color") for e in clients}) > 5
        assert len({e["settings"].get("pdf_template") for e in clients}) > 3
        assert len({e["settings"]["number_formats"]["invoice"] for e in clients}) > 3


async def test_demo_units_vary(sandbox_key: str) -> None:
    async with demo(sandbox_key, 60, 0) as client:
        counts = []
        archived = overrides = 0
        for entity in await everything(client):
            units = await units_of(client, entity["id"])
            counts.append(len(units))
            assert [u["numbering_index"] for u in units] == list(range(1, len(units) + 1))
            archived += sum(1 for u in units if u["deleted_at"])
            overrides += sum(1 for u in units if u["settings"])
        assert min(counts) == 0 and max(counts) <= 5 and max(counts) >= 3
        assert archived > 0 and overrides > 0


async def test_demo_settings_pass_the_sandboxs_own_validation(sandbox_key: str) -> None:
    async with demo(sandbox_key, 40, 0) as client:
        for entity in await everything(client):
            response = await client.patch(f"/entities/{entity['id']}",
                                          json={"settings": entity["settings"]})
            assert response.status_code == 200, response.text
            for unit in await units_of(client, entity["id"]):
                if unit["deleted_at"]:
                    continue
                answer = await client.patch(f"/business-units/{unit['id']}",
                                            headers={"x-entity-id": entity["id"]},
                                            json={"settings": unit["settings"]})
                assert answer.status_code == 200, answer.text


async def test_demo_clients_are_searchable_by_client_code(sandbox_key: str) -> None:
    async with demo(sandbox_key, 40, 0) as client:
        found = (await client.get("/entities", params={"search": "C-00017"})).json()
        assert [e["metadata"]["client_code"] for e in found["data"]] == ["C-00017"]
