"""The refresh at firm scale: its requests go in the limiter's background lane so the user's
go first; later refreshes ask only for what changed; every cursor walk is bounded; a bad
record or a failing client never stops the rest."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from si_desktop.api import RateLimiter, RetryPolicy, SpaceInvoicesClient
from si_desktop.sandbox import create_app
from si_desktop.store import Store
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


class Rig:
    def __init__(self, db: Path, folder: Path, limiter: RateLimiter | None) -> None:
        self.app = create_app(str(db), api_key=KEY)
        self.switch = Switch(self.app)
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
