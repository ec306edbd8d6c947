"""The full refresh: every page of clients, units per client with bounded concurrency, the
open client first, progress, removal of what the service no longer has, logos, and
cancellation that leaves the cache consistent."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import parse_qs

import httpx
import pytest
from starlette.applications import Starlette

from si_desktop.api import SpaceInvoicesClient, errors
from si_desktop.sandbox import create_app
from si_desktop.store import EditKind, Store
from si_desktop.sync.refresh import RefreshProgress
from si_desktop.sync.workspace import Workspace
from tests.unit.sync.conftest import Switch, client_for, scope_for

pytestmark = pytest.mark.anyio

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
CLIENTS = 230


class Watch(Switch):
    """Counts business-unit requests in flight (each held a moment so that they overlap),
    and can fail one client's units or stop the network after some requests."""

    def __init__(self, app: Starlette) -> None:
        super().__init__(app)
        self.in_flight = 0
        self.most_in_flight = 0
        self.fail_units_of: str | None = None
        self.offline_after: int | None = None
        self.entered = asyncio.Event()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.offline_after is not None and len(self.requests) >= self.offline_after:
            self.online = False
        if request.url.path != "/business-units":
            return await super().handle_async_request(request)
        if self.fail_units_of and request.headers.get("x-entity-id") == self.fail_units_of:
            return httpx.Response(404, json={"code": "not_found", "message": "gone"})
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        self.entered.set()
        try:
            await asyncio.sleep(0.002)
            return await super().handle_async_request(request)
        finally:
            self.in_flight -= 1


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A sandbox database with demo clients, seeded once for the module."""
    path = tmp_path_factory.mktemp("sandbox") / "sandbox.sqlite3"
    create_app(str(path), api_key="sk_live_" + "0" * 32, clients=CLIENTS, seed=3).state \
        .sandbox.close()
    return path


class Setup:
    def __init__(self, app: Starlette, watch: Watch, api: SpaceInvoicesClient, store: Store,
                 workspace: Workspace) -> None:
        self.app, self.watch, self.api, self.store, self.workspace = (
            app, watch, api, store, workspace)


@pytest.fixture
async def setup(seeded_db: Path, tmp_path: Path) -> AsyncIterator[Setup]:
    db = tmp_path / "sandbox.sqlite3"
    db.write_bytes(seeded_db.read_bytes())
    key = "sk_live_" + "0" * 32
    app = create_app(str(db), api_key=key)
    watch = Watch(app)
    api = client_for(key, watch)
    store = Store.open_in(tmp_path / "data")
    workspace = Workspace(store, scope_for(key), api, concurrency=4)
    try:
        yield Setup(app, watch, api, store, workspace)
    finally:
        await api.aclose()
        store.close()
        app.state.sandbox.close()


async def test_walks_every_page_of_100_and_every_clients_units(setup: Setup) -> None:
    seen: list[RefreshProgress] = []
    summary = await setup.workspace.refresh(progress=seen.append, logos=False)
    pages = [r for r in setup.watch.requests if r[1] == "/entities"]
    assert len(pages) == 3
    assert summary.clients == CLIENTS == len(setup.workspace.clients())
    assert summary.complete and summary.failures == {}
    assert summary.business_units == sum(r.business_units for r in setup.workspace.clients())
    assert summary.business_units > 0 and summary.message.startswith(f"{CLIENTS} clients, ")
    clients = [p.message for p in seen if p.phase == "clients"]
    assert clients == [f"Refreshing clients {n} / {CLIENTS}" for n in (100, 200, CLIENTS)]
    units = [p for p in seen if p.phase == "business units"]
    assert units[-1].message == f"Refreshing business units {CLIENTS} / {CLIENTS}"
    assert [p.done for p in units] == sorted(p.done for p in units)
    assert 1 < setup.watch.most_in_flight <= 4
    assert setup.workspace.last_refresh is not None


async def test_every_list_request_asks_for_100(setup: Setup) -> None:
    requests: list[httpx.Request] = []
    original = setup.watch.inner.handle_async_request

    async def spy(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return await original(request)

    setup.watch.inner.handle_async_request = spy  # type: ignore[method-assign]
    await setup.workspace.refresh(logos=False)
    limits = {parse_qs(r.url.query.decode()).get("limit", ["?"])[0] for r in requests
              if r.url.path in ("/entities", "/business-units")}
    assert limits == {"100"}


async def test_the_open_client_comes_first(setup: Setup) -> None:
    await setup.workspace.refresh(logos=False)
    open_id = setup.workspace.clients()[-1].id
    setup.watch.requests.clear()
    await setup.workspace.refresh(open_entity_id=open_id, logos=False)
    assert setup.watch.requests[0][1] == f"/entities/{open_id}"
    assert setup.watch.requests[1][1] == "/business-units"


async def test_what_the_service_no_longer_lists_goes_unless_edits_wait_for_it(
    setup: Setup,
) -> None:
    ghost = {"id": "ent_" + "f" * 24, "name": "Gone d.o.o.", "updated_at": "2020-01-01T00:00Z"}
    kept = {"id": "ent_" + "e" * 24, "name": "Kept d.o.o.", "updated_at": "2020-01-01T00:00Z"}
    scope = setup.workspace.scope
    setup.store.entities.upsert(scope, [ghost, kept])
    setup.store.outbox.enqueue(scope, EditKind.UPDATE_ENTITY, kept["id"], {"city": "Bled"})
    summary = await setup.workspace.refresh(logos=False)
    ids = {row.id for row in setup.workspace.clients()}
    assert ghost["id"] not in ids and kept["id"] in ids
    assert summary.removed_clients == 1
    view = setup.workspace.client(str(kept["id"]))
    other = next(row.id for row in setup.workspace.clients() if row.id != kept["id"])
    fresh = setup.workspace.client(other)
    assert view is not None and setup.workspace.is_stale(view)  # older than the last refresh
    assert fresh is not None and not setup.workspace.is_stale(fresh)


async def test_one_clients_failure_is_noted_and_the_rest_goes_on(setup: Setup) -> None:
    await setup.workspace.refresh(logos=False)
    rows = setup.workspace.clients()
    for row in rows[4:7]:  # changed on the service: the next refresh reads their units
        await setup.api.entities.update(row.id, city="Bled")
    setup.watch.fail_units_of = rows[5].id
    summary = await setup.workspace.refresh(logos=False)
    assert list(summary.failures) == [rows[5].id] and not summary.complete
    assert summary.units_read == 2 and summary.changed_clients == 3
    assert summary.clients == CLIENTS


async def test_going_offline_mid_refresh_keeps_the_cache_whole(setup: Setup) -> None:
    await setup.workspace.refresh(logos=False)
    before = setup.workspace.clients()
    setup.watch.requests.clear()
    setup.watch.offline_after = 2  # a page of clients arrives, then the network goes
    with pytest.raises(errors.NetworkError):
        await setup.workspace.refresh(logos=False, full=True)
    assert setup.workspace.connectivity.offline
    after = setup.workspace.clients()
    assert [r.id for r in after] == [r.id for r in before]
    assert [r.business_units for r in after] == [r.business_units for r in before]


async def test_cancelling_leaves_a_consistent_cache_and_a_later_refresh_completes(
    setup: Setup,
) -> None:
    task = asyncio.ensure_future(setup.workspace.refresh(logos=False))
    await asyncio.wait_for(setup.watch.entered.wait(), 10)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert setup.workspace.last_refresh is None  # not claimed as complete
    assert 0 < len(setup.workspace.clients()) <= CLIENTS  # what had arrived is kept
    conn = setup.store.db.connection()
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    summary = await setup.workspace.refresh(logos=False)
    assert summary.complete and len(setup.workspace.clients()) == CLIENTS


async def test_logos_are_cached_and_fetched_only_once(setup: Setup) -> None:
    await setup.workspace.refresh(logos=False)
    row = setup.workspace.clients()[0]
    unit = await setup.api.business_units.create(entity_id=row.id, name="Logo shop")
    await setup.api.files.upload(entity_id=row.id, content=PNG, filename="logo.png")
    await setup.api.files.upload(entity_id=row.id, content=PNG + b"u", filename="u.png",
                                 business_unit_id=unit.id)
    first = await setup.workspace.refresh_client(row.id)
    assert first.logos == 2
    entity_logo = setup.workspace.logo(row.id)
    assert entity_logo is not None and entity_logo.data == PNG and entity_logo.source == "entity"
    unit_logo = setup.workspace.logo(row.id, unit.id)
    assert unit_logo is not None and unit_logo.data == PNG + b"u" and unit_logo.source == "unit"
    again = await setup.workspace.refresh_client(row.id)
    assert again.logos == 0
