"""The client-side limiter keeps a key under its published per-minute limit."""

from __future__ import annotations

import asyncio
from collections import deque

import httpx
import pytest

from si_desktop.api import RateLimiter, SpaceInvoicesClient
from si_desktop.api.ratelimit import default_limit_for_key
from tests.unit.api.conftest import BASE, ENT_ID, FakeServer, entity, fail, make_client, ok


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


@pytest.mark.parametrize(
    ("key", "limit"),
    [
        ("sk_live_abc", 600),
        ("ek_live_abc", 600),
        ("sk_sandbox_abc", 60),
        ("ek_sandbox_abc", 60),
        ("something_else", 60),
    ],
)
def test_published_limit_by_key_kind(key: str, limit: int) -> None:
    assert default_limit_for_key(key) == limit


@pytest.mark.parametrize(
    ("setting", "expected"),
    [("auto", 60), (None, None), (0, None), (5, 5), (1000, 1000)],
)
def test_client_limiter_setting(setting: int | str | None, expected: int | None) -> None:
    si = SpaceInvoicesClient(
        api_key="sk_sandbox_abc", base_url=BASE,
        transport=httpx.MockTransport(FakeServer(ok({}))),
        rate_limit_per_min=setting,  # type: ignore[arg-type]
    )
    limiter = si.rate_limiter
    assert (limiter.per_minute if limiter else None) == expected


def test_live_key_gets_the_live_limit_by_default() -> None:
    si = SpaceInvoicesClient(api_key="sk_live_abc")
    assert si.rate_limiter is not None and si.rate_limiter.per_minute == 600


@pytest.mark.anyio
async def test_sliding_window() -> None:
    clock = FakeClock()
    limiter = RateLimiter(3, clock=clock, sleep=clock.sleep)
    for _ in range(3):
        assert await limiter.acquire() == 0.0
    clock.now += 10
    assert await limiter.acquire() == pytest.approx(50.0)  # until the first leaves the window
    assert clock.now == pytest.approx(1060.0)
    assert await limiter.acquire() == 0.0  # the three first starts have all left


@pytest.mark.anyio
async def test_pause_holds_everyone_back() -> None:
    clock = FakeClock()
    limiter = RateLimiter(100, clock=clock, sleep=clock.sleep)
    limiter.pause(9)
    assert await limiter.acquire() == pytest.approx(9.0)
    assert await limiter.acquire() == 0.0


def test_limit_must_be_positive() -> None:
    with pytest.raises(ValueError):
        RateLimiter(0)


@pytest.mark.anyio
async def test_cancelled_waiter_leaves_the_limiter_usable() -> None:
    clock = FakeClock()
    waiting = asyncio.Event()

    async def sleep(seconds: float) -> None:
        waiting.set()
        await asyncio.sleep(seconds)

    limiter = RateLimiter(1, clock=clock, sleep=sleep)  # real sleeping: the waiter really waits
    await limiter.acquire()
    waiter = asyncio.create_task(limiter.acquire())
    await asyncio.wait_for(waiting.wait(), 5)
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    clock.now += 60
    assert await asyncio.wait_for(limiter.acquire(), timeout=1) == 0.0


class WindowServer:
    """A fake API that enforces `limit` requests per sliding minute on a shared clock."""

    def __init__(self, clock: FakeClock, limit: int) -> None:
        self.clock = clock
        self.limit = limit
        self.starts: deque[float] = deque()
        self.too_many = 0
        self.served = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        now = self.clock()
        while self.starts and self.starts[0] <= now - 60:
            self.starts.popleft()
        if len(self.starts) >= self.limit:
            self.too_many += 1
            return fail(429, code="rate_limit_exceeded", headers={"Retry-After": "60"})
        self.starts.append(now)
        self.served += 1
        return ok(entity())


@pytest.mark.anyio
async def test_a_full_refresh_of_hundreds_of_clients_never_meets_a_429() -> None:
    clock = FakeClock()
    server = WindowServer(clock, limit=60)
    limiter = RateLimiter(60, clock=clock, sleep=clock.sleep)
    async with make_client(server, rate_limiter=limiter) as si:
        await asyncio.gather(*(si.entities.get(ENT_ID) for _ in range(300)))
    assert server.too_many == 0
    assert server.served == 300
    assert clock.now - 1000.0 >= 4 * 60  # 300 requests at 60/min need four more minutes


@pytest.mark.anyio
async def test_without_the_limiter_the_same_refresh_meets_429s() -> None:
    clock = FakeClock()
    server = WindowServer(clock, limit=60)
    async with make_client(server) as si:
        results = await asyncio.gather(
            *(si.entities.get(ENT_ID) for _ in range(100)), return_exceptions=True
        )
    assert server.too_many > 0
    assert any(isinstance(r, Exception) for r in results)


@pytest.mark.anyio
async def test_a_429_pauses_the_limiter_for_retry_after() -> None:
    clock = FakeClock()
    limiter = RateLimiter(600, clock=clock, sleep=clock.sleep)
    server = FakeServer(fail(429, headers={"Retry-After": "30"}), ok(entity()))
    async with make_client(server, rate_limiter=limiter) as si:
        await si.entities.get(ENT_ID)
    assert len(server.requests) == 2
    assert clock.sleeps == [pytest.approx(30.0)]


@pytest.mark.anyio
async def test_shared_limiter_between_clients_of_one_key() -> None:
    clock = FakeClock()
    limiter = RateLimiter(2, clock=clock, sleep=clock.sleep)
    server = FakeServer(ok(entity()))
    async with make_client(server, rate_limiter=limiter) as a, make_client(
        server, rate_limiter=limiter
    ) as b:
        await a.entities.get(ENT_ID)
        await b.entities.get(ENT_ID)
        await a.entities.get(ENT_ID)
    assert clock.sleeps == [pytest.approx(60.0)]
