"""The refresh at firm scale: its requests go in the limiter's background lane so the user's
go first; later refreshes ask only for what changed; every cursor walk is bounded; a bad
record or a failing client never stops the rest."""

from __future__ import annotations

import asyncio
import json
import math
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest
from starlette.applications import Starlette

from si_desktop.api import RateLimiter, RetryPolicy, SpaceInvoicesClient, errors
from si_desktop.sandbox import create_app
from si_desktop.store import Store
from si_desktop.sync.refresh import (
    LAST_FULL_PREF,
    LAST_REFRESH_PREF,
    OWED_PREF,
    SWEEP_PREF,
    RefreshPlan,
    parse_time,
    plan_refresh,
)
from si_desktop.sync.workspace import Workspace
from tests.fixtures.sandbox import ASGI_BASE_URL
from tests.unit.sync.conftest import Switch, scope_for

pytestmark = pytest.mark.anyio

KEY = "sk_live_" + "5" * 32
CLIENTS = 150


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sandbox") / "sandbox.sqlite3"
    create_app(str(path), api_key=KEY, clients=CLIENTS, seed=5).state.sandbox.close()
    return path


class Faulty(Switch):
    """The sandbox, with every request kept (`seen`), and trouble on demand: a client's
    units refused (403), a client's units or the client pages failing with 503 a number of
    times."""

    def __init__(self, app: Starlette) -> None:
        super().__init__(app)
        self.seen: list[httpx.Request] = []
        self.refuse_units_of: str | None = None
        self.failing_units: dict[str, int] = {}
        self.failing_pages = 0
        self.looping: str | None = None  # "repeat" (one cursor again) or "endless" pages
        self.looping_units_of: str | None = None
        self.hold_page_two = False  # answer the second page only once units are asked for
        self.overlapped: bool | None = None
        self._units_asked = asyncio.Event()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        path, owner = request.url.path, request.headers.get("x-entity-id")
        if path == "/business-units":
            self._units_asked.set()
        loops = (path == "/entities" and self.looping_units_of is None) or (
            path == "/business-units" and owner == self.looping_units_of)
        if self.looping and loops:
            return await self._loop(request)
        pages = sum(1 for r in self.seen if r.url.path == "/entities")
        if path == "/entities" and pages == 2 and self.hold_page_two:
            try:
                await asyncio.wait_for(self._units_asked.wait(), 5)
                self.overlapped = True
            except TimeoutError:
                self.overlapped = False
        if path == "/business-units" and owner and owner == self.refuse_units_of:
            return httpx.Response(403, json={"code": "forbidden", "message": "no"})
        if path == "/business-units" and owner and self.failing_units.get(owner, 0) > 0:
            self.failing_units[owner] -= 1
            return httpx.Response(503, json={"code": "server_error", "message": "busy"})
        if path == "/entities" and self.failing_pages > 0:
            self.failing_pages -= 1
            return httpx.Response(503, json={"code": "server_error", "message": "busy"})
        return await super().handle_async_request(request)


    async def _loop(self, request: httpx.Request) -> httpx.Response:
        """A page whose cursor leads back to itself, or to yet another page of the same;
        past 400 requests a 400, so that a walk without a guard fails instead of hanging."""
        if len(self.seen) > 400:
            return httpx.Response(400, json={"code": "bad_request", "message": "enough"})
        first = "next_cursor" not in request.url.params
        real = await super().handle_async_request(
            httpx.Request("GET", request.url.copy_remove_param("next_cursor"),
                          headers=request.headers))
        await real.aread()
        body = json.loads(real.content)
        cursor = "again" if self.looping == "repeat" else f"page-{len(self.seen)}"
        if not first and self.looping == "endless":
            body["data"] = body["data"][:3]  # nothing new: the first page's records
        body["pagination"].update(next_cursor=cursor, has_more=True)
        return httpx.Response(200, json=body)


class Rig:
    def __init__(self, db: Path, folder: Path, limiter: RateLimiter | None) -> None:
        self.app = create_app(str(db), api_key=KEY)
        self.switch = Faulty(self.app)
        self.limiter = limiter
        self.api = SpaceInvoicesClient(
            api_key=KEY, base_url=ASGI_BASE_URL, transport=self.switch,
            rate_limit_per_min=None, rate_limiter=limiter, retry=RetryPolicy(attempts=2),
        )
        self.store = Store.open_in(folder)
        self.workspace = Workspace(self.store, scope_for(KEY), self.api)

    async def close(self) -> None:
        await self.api.aclose()
        self.store.close()
        self.app.state.sandbox.close()


@pytest.fixture
async def make_rig(seeded_db: Path, tmp_path: Path) -> AsyncIterator[type[Rig]]:
    rigs: list[Rig] = []

    def factory(limiter: RateLimiter | None = None) -> Rig:
        db = tmp_path / f"sandbox-{len(rigs)}.sqlite3"
        db.write_bytes(seeded_db.read_bytes())
        rig = Rig(db, tmp_path / f"data-{len(rigs)}", limiter)
        rigs.append(rig)
        return rig

    yield factory  # type: ignore[misc]
    for rig in rigs:
        await rig.close()


async def until(condition: Callable[[], bool], timeout: float = 20) -> None:
    async def wait() -> None:
        while not condition():
            await asyncio.sleep(0.005)

    await asyncio.wait_for(wait(), timeout)


# -- two lanes ------------------------------------------------------------------------------


async def test_a_users_read_goes_ahead_of_a_refresh_that_spent_its_share(
    make_rig: type[Rig],
) -> None:
    """The refresh fills its share of the minute and waits for the window to roll; a read
    the user asks for meanwhile is served at once, not a minute later."""
    limiter = RateLimiter(20)  # 15 starts a minute for the refresh, 5 kept for the user
    rig = make_rig(limiter)
    first = await rig.api.entities.list(limit=1)
    someone = first.data[0].id
    refresh = asyncio.create_task(rig.workspace.refresh(logos=False))
    # the user's list and the refresh's requests fill the background share of the window
    await until(lambda: len(rig.switch.requests) >= limiter.background_limit)
    await asyncio.sleep(0.05)
    assert len(rig.switch.requests) == limiter.background_limit  # the refresh waits
    entity = await asyncio.wait_for(rig.api.entities.get(someone), 30)
    assert entity.id == someone
    assert not refresh.done()  # served while the refresh still waits for the window
    refresh.cancel()
    await asyncio.gather(refresh, return_exceptions=True)


async def test_the_open_client_goes_in_the_users_lane(make_rig: type[Rig]) -> None:
    limiter = RateLimiter(20)
    rig = make_rig(limiter)
    await rig.api.entities.list(limit=1)
    opened = (await rig.api.entities.list(limit=1)).data[0].id
    rig.switch.requests.clear()
    for _ in range(limiter.background_limit):  # a window the background lane has spent
        limiter._starts.append(limiter._clock())
    refresh = asyncio.create_task(rig.workspace.refresh(open_entity_id=opened, logos=False))
    await until(lambda: len(rig.switch.requests) >= 2)
    assert rig.switch.requests[0][1] == f"/entities/{opened}"
    assert rig.switch.requests[1][1] == "/business-units"
    refresh.cancel()
    await asyncio.gather(refresh, return_exceptions=True)


# -- incremental refresh -----------------------------------------------------------------------


def entity_requests(rig: Rig) -> list[httpx.Request]:
    return [r for r in rig.switch.seen if r.url.path == "/entities"]


def unit_requests(rig: Rig) -> list[httpx.Request]:
    return [r for r in rig.switch.seen if r.url.path == "/business-units"]


async def test_a_refresh_with_nothing_changed_costs_one_request(make_rig: type[Rig]) -> None:
    rig = make_rig()
    first = await rig.workspace.refresh(logos=False)
    assert first.kind == "first" and first.complete
    assert len(entity_requests(rig)) == math.ceil(CLIENTS / 100)
    assert len(unit_requests(rig)) == CLIENTS
    started = parse_time(first.started_at)
    rig.switch.seen.clear()
    again = await rig.workspace.refresh(logos=False)
    assert again.kind == "incremental" and again.complete
    assert len(rig.switch.seen) == 1
    query = json.loads(parse_qs(rig.switch.seen[0].url.query.decode())["query"][0])
    since = parse_time(query["updated_at"]["gte"])
    assert started is not None and since == started - timedelta(minutes=2)
    assert again.clients == CLIENTS and again.changed_clients == 0 and again.units_read == 0


async def test_only_changed_clients_are_listed_and_their_units_read(make_rig: type[Rig]) -> None:
    rig = make_rig()
    await rig.workspace.refresh(logos=False)
    rows = rig.workspace.clients()
    changed, untouched = rows[3].id, rows[7].id
    await rig.api.entities.update(changed, city="Bled")
    new_unit = await rig.api.business_units.create(entity_id=changed, name="Shop by the lake")
    quiet_unit = await rig.api.business_units.create(entity_id=untouched, name="Quiet shop")
    rig.switch.seen.clear()
    summary = await rig.workspace.refresh(logos=False)
    assert summary.changed_clients == 1 and summary.units_read == 1
    assert [r.headers["x-entity-id"] for r in unit_requests(rig)] == [changed]
    client = rig.workspace.client(changed)
    assert client is not None and client.data["city"] == "Bled"
    assert rig.workspace.unit(new_unit.id) is not None
    # a unit added to a client whose record did not change waits for the sweep (or for the
    # client to be opened)
    assert rig.workspace.unit(quiet_unit.id) is None
    await rig.workspace.refresh_client(untouched)
    assert rig.workspace.unit(quiet_unit.id) is not None


async def test_a_new_client_on_the_service_comes_with_its_units(make_rig: type[Rig]) -> None:
    rig = make_rig()
    await rig.workspace.refresh(logos=False)
    created = await rig.api.entities.create(name="Novak s.p.", country="Slovenia")
    unit = await rig.api.business_units.create(entity_id=created.id, name="Main")
    summary = await rig.workspace.refresh(logos=False)
    assert summary.kind == "incremental" and summary.units_read == 1
    assert rig.workspace.client(created.id) is not None
    assert rig.workspace.unit(unit.id) is not None
    assert summary.clients == CLIENTS + 1


def test_the_plan_first_then_incremental_then_full_once_a_day(tmp_path: Path) -> None:
    store = Store.open_in(tmp_path)
    scope = scope_for(KEY)
    try:
        assert plan_refresh(store, scope).kind == "first"
        started = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
        times = {"started_at": "2026-03-01T08:00:00.000Z",
                 "finished_at": "2026-03-01T08:05:00.000Z"}
        store.prefs.set(scope, LAST_REFRESH_PREF, times)  # as an earlier release left it
        later = started + timedelta(hours=3)
        plan = plan_refresh(store, scope, now=later)
        assert plan == RefreshPlan("incremental", "2026-03-01T07:58:00.000Z")
        assert plan_refresh(store, scope, now=later, full=True).kind == "full"
        assert plan_refresh(store, scope, now=started + timedelta(days=1)).kind == "full"
        # a clock that went back: the overlap cannot be trusted
        assert plan_refresh(store, scope, now=started - timedelta(hours=1)).kind == "full"
        store.prefs.set(scope, LAST_FULL_PREF, times)
        store.prefs.set(scope, LAST_REFRESH_PREF, {
            "started_at": "2026-03-01T20:00:00.000Z", "finished_at": "2026-03-01T20:01:00Z"})
        assert plan_refresh(store, scope, now=started + timedelta(hours=23)).kind == \
            "incremental"
        assert plan_refresh(store, scope, now=started + timedelta(hours=24)).kind == "full"
    finally:
        store.close()


async def test_deletions_only_after_a_full_walk(make_rig: type[Rig]) -> None:
    rig = make_rig()
    await rig.workspace.refresh(logos=False)
    ghost = {"id": "ent_" + "f" * 24, "name": "Gone d.o.o.", "updated_at": "2020-01-01T00:00Z"}
    rig.store.entities.upsert(rig.workspace.scope, [ghost])
    incremental = await rig.workspace.refresh(logos=False)
    assert incremental.removed_clients == 0 and rig.workspace.client(ghost["id"]) is not None
    full = await rig.workspace.refresh(logos=False, full=True)
    assert full.kind == "full" and full.removed_clients == 1
    assert rig.workspace.client(ghost["id"]) is None
    assert full.units_read == 0  # nothing changed: no units read, only the pages
    assert len([r for r in rig.switch.seen if r.url.path == "/entities"]) >= 2


async def test_units_of_page_one_are_read_while_page_two_is_asked_for(
    make_rig: type[Rig],
) -> None:
    rig = make_rig()
    rig.switch.hold_page_two = True
    await rig.workspace.refresh(logos=False)
    assert rig.switch.overlapped is True


async def test_units_are_written_many_clients_to_a_transaction(make_rig: type[Rig]) -> None:
    rig = make_rig()
    before = rig.store.db.writes
    await rig.workspace.refresh(logos=False)
    transactions = (rig.store.db.writes - before) // 2
    assert transactions < CLIENTS // 5  # one per client before


async def test_the_sweep_rereads_every_clients_units_once_a_day_within_its_budget(
    make_rig: type[Rig],
) -> None:
    rig = make_rig()
    rig.workspace.refresher.sweep_limit = 40
    await rig.workspace.refresh(logos=False)
    rows = rig.workspace.clients()
    quiet_unit = await rig.api.business_units.create(entity_id=rows[9].id, name="Quiet")
    nothing = await rig.workspace.refresh(logos=False)
    assert nothing.swept == 0  # the first refresh read every client's units today
    yesterday = {"round_started_at": "2020-01-01T00:00:00.000Z", "after": None}
    rig.store.prefs.set(rig.workspace.scope, SWEEP_PREF, yesterday)
    swept: list[str] = []
    for _ in range(5):
        rig.switch.seen.clear()
        summary = await rig.workspace.refresh(logos=False)
        assert summary.swept <= 40 and len(unit_requests(rig)) == summary.swept
        swept += [r.headers["x-entity-id"] for r in unit_requests(rig)]
    assert sorted(swept) == sorted(row.id for row in rows)  # each once, all of them
    assert rig.workspace.unit(quiet_unit.id) is not None
    state = rig.store.prefs.get(rig.workspace.scope, SWEEP_PREF)
    assert state["after"] is None and state["round_started_at"] > "2026"


async def test_units_that_failed_are_read_by_the_next_refresh(make_rig: type[Rig]) -> None:
    rig = make_rig()
    await rig.workspace.refresh(logos=False)
    failing = rig.workspace.clients()[2].id
    await rig.api.entities.update(failing, city="Bled")
    unit = await rig.api.business_units.create(entity_id=failing, name="Behind the wall")
    rig.switch.refuse_units_of = failing
    summary = await rig.workspace.refresh(logos=False)
    assert list(summary.failures) == [failing] and not summary.complete
    assert rig.store.prefs.get(rig.workspace.scope, OWED_PREF) == [failing]
    rig.switch.refuse_units_of = None
    rig.switch.seen.clear()
    again = await rig.workspace.refresh(logos=False)
    assert again.complete and again.units_read == 1
    assert rig.workspace.unit(unit.id) is not None
    assert rig.store.prefs.get(rig.workspace.scope, OWED_PREF) is None


async def test_passing_errors_are_tried_again_after_the_others(make_rig: type[Rig]) -> None:
    rig = make_rig()
    rig.switch.failing_pages = 2  # both tries of the client's retry policy
    await rig.workspace.refresh(logos=False)
    rows = rig.workspace.clients()
    assert len(rows) == CLIENTS
    await rig.api.entities.update(rows[1].id, city="Bled")
    rig.switch.failing_units[rows[1].id] = 4  # two rounds of two tries
    summary = await rig.workspace.refresh(logos=False)
    assert summary.complete and summary.failures == {} and summary.units_read == 1
    assert rig.switch.failing_units[rows[1].id] == 0


# -- loop guards -------------------------------------------------------------------------------


@pytest.mark.parametrize("looping", ["repeat", "endless"])
async def test_a_client_list_that_never_ends_stops_the_walk_with_an_error(
    make_rig: type[Rig], looping: str
) -> None:
    rig = make_rig()
    rig.switch.looping = looping
    with pytest.raises(errors.MalformedResponseError):
        await asyncio.wait_for(rig.workspace.refresh(logos=False), 20)
    assert len(entity_requests(rig)) <= 7
    assert rig.workspace.last_refresh is None


@pytest.mark.parametrize("looping", ["repeat", "endless"])
async def test_a_units_list_that_never_ends_fails_that_client_only(
    make_rig: type[Rig], looping: str
) -> None:
    rig = make_rig()
    await rig.workspace.refresh(logos=False)
    rows = rig.workspace.clients()
    for row in rows[:3]:
        await rig.api.entities.update(row.id, city="Bled")
    rig.switch.looping, rig.switch.looping_units_of = looping, rows[1].id
    rig.switch.seen.clear()
    summary = await asyncio.wait_for(rig.workspace.refresh(logos=False), 20)
    assert list(summary.failures) == [rows[1].id] and summary.units_read == 2
    assert "pages" in summary.failures[rows[1].id] or "cursor" in summary.failures[rows[1].id]
    assert len(unit_requests(rig)) <= 2 + 7


# -- one bad record never stops the rest --------------------------------------------------------


class LeftOut:
    """A page that left records out, as the API client reports those it could not read:
    `skipped` next to `data` (ids, mappings or objects with an id and a reason)."""

    def __init__(self, page: Any, data: list[Any], skipped: list[Any]) -> None:
        self._page = page
        self.data = data
        self.skipped = tuple(skipped)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._page, name)


def leave_out(resource: Any, pick: Callable[[list[Any]], tuple[list[Any], list[Any]]]) -> None:
    """Make `resource.list` answer with what `pick(data)` keeps and leaves out (first page
    only)."""
    original = resource.list
    done = [False]

    async def listing(**kwargs: Any) -> Any:
        page = await original(**kwargs)
        if done[0] or not page.data:
            return page
        done[0] = True
        kept, skipped = pick(list(page.data))
        return LeftOut(page, kept, skipped)

    resource.list = listing


async def test_a_client_that_cannot_be_read_is_counted_shown_and_the_rest_comes_in(
    make_rig: type[Rig], caplog: pytest.LogCaptureFixture
) -> None:
    rig = make_rig()
    bad: list[str] = []

    def pick(data: list[Any]) -> tuple[list[Any], list[Any]]:
        bad.append(data[0].id)
        return data[1:], [{"id": data[0].id, "reason": "id: not shaped as the contract says"}]

    leave_out(rig.api.entities, pick)
    summary = await rig.workspace.refresh(logos=False)
    assert summary.skipped == 1 and summary.skipped_ids == bad
    assert summary.clients == CLIENTS - 1 and summary.units_read == CLIENTS - 1
    assert not summary.complete and summary.walked
    assert summary.unread_message == ("1 client from the server could not be read; details "
                                      "in the log")
    assert summary.message.endswith(summary.unread_message)
    assert any(bad[0] in r.getMessage() and "skipped" in r.getMessage()
               for r in caplog.records if r.levelname == "WARNING")
    assert rig.workspace.last_refresh is not None  # the others are up to date


async def test_a_full_walk_keeps_clients_it_could_not_read(make_rig: type[Rig]) -> None:
    rig = make_rig()
    await rig.workspace.refresh(logos=False)
    cached = {row.id for row in rig.workspace.clients()}
    leave_out(rig.api.entities, lambda data: (data[2:], [data[0].id, SimpleNamespace(
        id=data[1].id, reason="a lone surrogate in name")]))
    summary = await rig.workspace.refresh(logos=False, full=True)
    assert summary.skipped == 2 and summary.removed_clients == 0
    assert {row.id for row in rig.workspace.clients()} == cached


async def test_one_left_out_without_an_id_and_nothing_is_removed(make_rig: type[Rig]) -> None:
    rig = make_rig()
    await rig.workspace.refresh(logos=False)
    ghost = {"id": "ent_" + "f" * 24, "name": "Gone d.o.o.", "updated_at": "2020-01-01T00:00Z"}
    rig.store.entities.upsert(rig.workspace.scope, [ghost])
    leave_out(rig.api.entities, lambda data: (data[1:], [{"id": None, "reason": "no id"}]))
    summary = await rig.workspace.refresh(logos=False, full=True)
    assert summary.skipped == 1 and summary.skipped_ids == [] and summary.removed_clients == 0
    assert rig.workspace.client(ghost["id"]) is not None


async def test_a_unit_that_cannot_be_read_stays_cached_and_is_counted(
    make_rig: type[Rig],
) -> None:
    rig = make_rig()
    await rig.workspace.refresh(logos=False)
    owner = next(row for row in rig.workspace.clients() if row.business_units >= 2)
    units = rig.workspace.units(owner.id)
    await rig.api.entities.update(owner.id, city="Bled")  # its units are read again
    leave_out(rig.api.business_units, lambda data: (data[1:], [data[0].id]))
    summary = await rig.workspace.refresh(logos=False)
    assert summary.skipped_units == 1 and summary.skipped_unit_ids == [units[0].id]
    assert [u.id for u in rig.workspace.units(owner.id)] == [u.id for u in units]
    assert summary.unread_message.startswith("1 business unit from the server could not")
    assert not summary.complete
