"""Helpers for the contract suite. Everything goes through HTTP: an `httpx.AsyncClient` over
`httpx.ASGITransport` (in-process) or over a real loopback port."""

from __future__ import annotations

import datetime
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from si_desktop.sandbox import create_app
from si_desktop.sandbox.ids import Clock
from tests.fixtures.sandbox import asgi_client


@pytest.fixture
async def api(sandbox_app: Starlette, sandbox_key: str) -> AsyncIterator[httpx.AsyncClient]:
    """An authenticated client of a fresh, empty in-memory sandbox."""
    async with asgi_client(sandbox_app, sandbox_key) as client:
        yield client


async def create_entity(api: httpx.AsyncClient, **fields: Any) -> dict[str, Any]:
    body = {"name": "Acme d.o.o.", "country": "Slovenia", **fields}
    response = await api.post("/entities", json=body)
    assert response.status_code in (200, 201), response.text
    entity: dict[str, Any] = response.json()
    return entity


async def create_unit(api: httpx.AsyncClient, entity_id: str, **fields: Any) -> dict[str, Any]:
    body = {"name": "Shop", **fields}
    response = await api.post("/business-units", json=body, headers={"x-entity-id": entity_id})
    assert response.status_code in (200, 201), response.text
    unit: dict[str, Any] = response.json()
    return unit


def issue_paths(response: httpx.Response) -> list[list[str | int]]:
    """The `path` of every issue of a 422 answer."""
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["code"] == "validation_error"
    assert isinstance(body["message"], str) and body["message"]
    return [issue["path"] for issue in body["cause"]["issues"]]


class Wall:
    """A settable clock for the sandbox (`Clock(wall=…)`): tests move it across a year end."""

    def __init__(self, moment: str) -> None:
        self.moment = datetime.datetime.fromisoformat(moment)

    def __call__(self) -> datetime.datetime:
        return self.moment

    def set(self, moment: str) -> None:
        self.moment = datetime.datetime.fromisoformat(moment)


@pytest.fixture
def wall() -> Wall:
    return Wall("2026-06-15T10:00:00+00:00")


@pytest.fixture
async def dated_api(sandbox_key: str, wall: Wall) -> AsyncIterator[httpx.AsyncClient]:
    """A client of a fresh sandbox whose clock reads `wall`."""
    app = create_app(api_key=sandbox_key, clock=Clock(wall))
    try:
        async with asgi_client(app, sandbox_key) as client:
            yield client
    finally:
        app.state.sandbox.close()


def item(**fields: Any) -> dict[str, Any]:
    """A document item: one unit of work at 100 unless told otherwise."""
    return {"name": "Consulting", "quantity": 1, "price": 100, **fields}


async def create_document(api: httpx.AsyncClient, entity_id: str, path: str = "/invoices",
                          **body: Any) -> dict[str, Any]:
    body.setdefault("items", [item()])
    response = await api.post(path, json=body, headers={"x-entity-id": entity_id})
    assert response.status_code == 201, response.text
    document: dict[str, Any] = response.json()
    return document
