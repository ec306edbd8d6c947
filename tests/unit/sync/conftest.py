"""Shared pieces for the sync tests: the sandbox over ASGI behind a switch that can take the
network away, a store in the test's folder, and the cache-first workspace over both."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import stamina
from starlette.applications import Starlette

from si_desktop.api import RetryPolicy, SpaceInvoicesClient
from si_desktop.store import Scope, Store
from si_desktop.sync.connection import Connection
from si_desktop.sync.events import Changes
from si_desktop.sync.workspace import Workspace
from tests.fixtures.sandbox import ASGI_BASE_URL


class Switch(httpx.AsyncBaseTransport):
    """The sandbox in-process; `online = False` makes every request fail to connect, as with
    the network unplugged. `requests` records (method, path, X-Request-Id) of what got
    through; `lose_answers` drops that many answers after the sandbox ran the request."""

    def __init__(self, app: Starlette) -> None:
        self.inner = httpx.ASGITransport(app=app)
        self.online = True
        self.lose_answers = 0
        self.requests: list[tuple[str, str, str]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if not self.online:
            raise httpx.ConnectError("network is unreachable", request=request)
        self.requests.append(
            (request.method, request.url.path, request.headers.get("x-request-id", ""))
        )
        response = await self.inner.handle_async_request(request)
        if self.lose_answers > 0 and request.method != "GET":
            self.lose_answers -= 1
            await response.aread()
            raise httpx.ReadError("connection reset by peer", request=request)
        return response

    def writes(self) -> list[tuple[str, str, str]]:
        return [r for r in self.requests if r[0] != "GET"]


@pytest.fixture(autouse=True)
def no_sleeping() -> Iterator[None]:
    with stamina.set_testing(True, attempts=2):
        yield


def client_for(key: str, transport: httpx.AsyncBaseTransport) -> SpaceInvoicesClient:
    return SpaceInvoicesClient(
        api_key=key, base_url=ASGI_BASE_URL, transport=transport, rate_limit_per_min=None,
        retry=RetryPolicy(attempts=2),
    )


def scope_for(key: str) -> Scope:
    return Scope.for_api_key(key, base_url=ASGI_BASE_URL)


@dataclass
class Rig:
    """Everything one test needs; `restart()` is a new store and workspace on the same file."""

    app: Starlette
    key: str
    switch: Switch
    api: SpaceInvoicesClient  # the app's client
    server: SpaceInvoicesClient  # "someone else" editing on the service
    folder: Path
    store: Store
    workspace: Workspace

    def restart(self) -> Workspace:
        self.store.close()
        self.store = Store.open_in(self.folder)
        self.workspace = Workspace(self.store, scope_for(self.key), self.api)
        return self.workspace


@pytest.fixture
async def rig(sandbox_key: str, tmp_path: Path) -> AsyncIterator[Rig]:
    from si_desktop.sandbox import create_app

    app = create_app(api_key=sandbox_key)
    switch = Switch(app)
    api = client_for(sandbox_key, switch)
    server = client_for(sandbox_key, httpx.ASGITransport(app=app))
    store = Store.open_in(tmp_path / "data")
    workspace = Workspace(store, scope_for(sandbox_key), api)
    made = Rig(app, sandbox_key, switch, api, server, tmp_path / "data", store, workspace)
    try:
        yield made
    finally:
        await api.aclose()
        await server.aclose()
        made.store.close()
        app.state.sandbox.close()


async def make_client(server: SpaceInvoicesClient, name: str, **fields: Any) -> str:
    fields.setdefault("country", "Slovenia")
    created = await server.entities.create(name=name, **fields)
    return created.id


@pytest.fixture
async def cached(
    sandbox_app: Starlette, sandbox_key: str, tmp_path: Path
) -> AsyncIterator[tuple[Workspace, Switch, list[Changes]]]:
    """The workspace the window uses, on a cache file, over the sandbox behind a switch,
    with every `Changes` it announces."""
    switch = Switch(sandbox_app)
    store = Store.open_in(tmp_path)
    workspace = Workspace.open(
        Connection(base_url=ASGI_BASE_URL, api_key=sandbox_key), store, transport=switch
    )
    events: list[Changes] = []
    workspace.changes.subscribe(events.append)
    try:
        yield workspace, switch, events
    finally:
        await workspace.aclose()
        store.close()
