"""The cache-first workspace against the sandbox on a loopback port that goes away and comes
back: every client readable with the service stopped, an edit made offline surviving a
restart and arriving exactly once, and a conflict next to an automatic merge."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
import stamina

from si_desktop.api import RetryPolicy, SpaceInvoicesClient
from si_desktop.sandbox import SandboxServer
from si_desktop.store import Scope, Store
from si_desktop.sync.conflicts import TAKE_MINE
from si_desktop.sync.workspace import Workspace

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.anyio]
CLIENTS = 15


@pytest.fixture(autouse=True)
def no_sleeping() -> Iterator[None]:
    with stamina.set_testing(True, attempts=2):
        yield


class Counting(httpx.AsyncBaseTransport):
    """A real HTTP transport that remembers every write that reached the server."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.writes: list[tuple[str, str, str]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if request.method != "GET":
            self.writes.append(
                (request.method, request.url.path, request.headers["x-request-id"])
            )
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


class App:
    """What a running app holds: a store on the data folder, a client, the workspace.
    `restart()` drops them all and builds new ones on the same file."""

    def __init__(self, server: SandboxServer, folder: Path) -> None:
        self.server, self.folder = server, folder
        self.transport = Counting()
        self.scope = Scope.for_api_key(server.api_key, base_url=server.url)
        self._open()

    def _open(self) -> None:
        self.store = Store.open_in(self.folder)
        self.api = SpaceInvoicesClient(api_key=self.server.api_key, base_url=self.server.url,
                                       transport=self.transport, retry=RetryPolicy(attempts=2))
        self.workspace = Workspace(self.store, self.scope, self.api)

    async def restart(self) -> Workspace:
        await self.close()
        self.transport = Counting()
        self._open()
        return self.workspace

    async def close(self) -> None:
        await self.api.aclose()
        self.store.close()


@pytest.fixture
def server(sandbox_key: str, tmp_path: Path) -> Iterator[SandboxServer]:
    served = SandboxServer(db_path=str(tmp_path / "sandbox.sqlite3"), api_key=sandbox_key,
                           clients=CLIENTS, seed=11)
    served.start()
    try:
        yield served
    finally:
        served.close()


@pytest.fixture
async def app(server: SandboxServer, tmp_path: Path) -> AsyncIterator[App]:
    running = App(server, tmp_path / "si-data")
    try:
        yield running
    finally:
        await running.close()


@pytest.fixture
async def other(server: SandboxServer) -> AsyncIterator[SpaceInvoicesClient]:
    """Someone else at the firm, editing on the service directly."""
    async with SpaceInvoicesClient(api_key=server.api_key, base_url=server.url) as client:
        yield client


async def test_with_the_service_stopped_every_client_is_readable(app: App,
                                                                  server: SandboxServer) -> None:
    result = await app.workspace.synchronize()
    assert not result.offline and result.refresh is not None
    server.stop()
    workspace = await app.restart()
    rows = workspace.clients()
    assert len(rows) == CLIENTS
    for row in rows:
        view = workspace.client(row.id)
        assert view is not None and view.data["name"] == row.name and view.fetched_at
        assert isinstance(view.data.get("settings"), dict)  # the editors have what they need
        units = workspace.units(row.id, include_archived=False)
        assert len(units) == row.business_units
    assert workspace.last_refresh is not None
    offline = await workspace.synchronize()
    assert offline.offline and workspace.connectivity.offline
    assert workspace.clients() == rows


async def test_an_edit_made_offline_arrives_once_after_a_restart(
    app: App, server: SandboxServer, other: SpaceInvoicesClient,
) -> None:
    await app.workspace.synchronize()
    row = app.workspace.clients()[3]
    server.stop()
    saved = await app.workspace.save_client(row.id, {"city": "Novo mesto"})
    created = await app.workspace.create_client(name="Offline Start d.o.o.", country="Slovenia")
    assert saved.outcome == created.outcome == "queued"
    assert app.transport.writes == []
    workspace = await app.restart()
    view = workspace.client(row.id)
    assert view is not None and view.data["city"] == "Novo mesto" and view.pending_count == 1
    server.start()  # back, on the same port
    result = await workspace.synchronize()
    assert not result.offline and len(result.sent.sent) == 2 and result.waiting == 0
    assert len(app.transport.writes) == 2  # one request per edit
    assert len({rid for _, _, rid in app.transport.writes}) == 2
    assert (await other.entities.get(row.id)).city == "Novo mesto"
    found = await other.entities.list(search="Offline Start")
    assert len(found.data) == 1
    again = await workspace.synchronize()
    assert again.sent.sent == [] and len(app.transport.writes) == 2


async def test_a_conflict_on_one_field_and_a_merge_on_another(
    app: App, server: SandboxServer, other: SpaceInvoicesClient,
) -> None:
    await app.workspace.synchronize()
    row = app.workspace.clients()[0]
    server.stop()
    await app.workspace.save_client(row.id, {"city": "Kranj", "website": "https://mine.si"})
    server.start()
    await other.entities.update(row.id, city="Celje", phone="+386 1 222 333")
    workspace = await app.restart()
    result = await workspace.synchronize()
    (problem,) = result.conflicts
    assert [(c.label, c.theirs, c.mine) for c in problem.conflicts] == [
        ("city", "Celje", "Kranj")
    ]
    view = workspace.client(row.id)
    assert view is not None and view.has_conflict
    assert view.data["phone"] == "+386 1 222 333"  # their change is in the cache
    assert view.data["city"] == "Kranj" and view.data["website"] == "https://mine.si"
    workspace.resolve(problem, {"city": TAKE_MINE})
    sent = await workspace.send_pending()
    assert len(sent.sent) == 1 and sent.waiting == 0
    final = await other.entities.get(row.id)
    assert (final.city, final.website, final.phone) == ("Kranj", "https://mine.si",
                                                        "+386 1 222 333")
