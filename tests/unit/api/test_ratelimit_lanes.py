"""The limiter's two lanes: the user's requests go ahead of background work and find room in
every window, background work never takes the user's reserve, and a long `Retry-After`
raises at once instead of freezing the caller. A manual clock: sleepers wake only when the
test moves time on, so several waiters can wait side by side."""

from __future__ import annotations

import asyncio
import heapq
import itertools
import random

import pytest

from si_desktop.api import RateLimiter, errors
from si_desktop.api.ratelimit import (
    background,
    foreground,
    in_background,
    user_reserve,
)

pytestmark = pytest.mark.anyio


class ManualClock:
    """Time moves only by `advance`; `sleep` waits until then."""

    def __init__(self) -> None:
        self.now = 1000.0
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.now + seconds, next(self._order), future))
        await future

    async def advance(self, seconds: float) -> None:
        """Move time on, waking every sleeper due on the way, in order."""
        target = self.now + seconds
        while self._sleepers and self._sleepers[0][0] <= target:
            when, _, future = heapq.heappop(self._sleepers)
            self.now = max(self.now, when)
            if not future.done():
                future.set_result(None)
            await settle()
        self.now = target
        await settle()


async def settle() -> None:
    for _ in range(20):
        await asyncio.sleep(0)


async def in_lane(limiter: RateLimiter, *, behind: bool) -> float:
    if behind:
        with background():
            return await limiter.acquire()
    return await limiter.acquire()


def test_the_reserve_is_fifteen_percent_and_at_least_five() -> None:
    assert user_reserve(600) == 90
    assert user_reserve(60) == 9
    assert user_reserve(20) == 5
    assert user_reserve(3) == 2  # the background lane still gets one start
    assert RateLimiter(600).background_limit == 510


async def test_the_lane_follows_the_context_into_tasks_made_inside() -> None:
    assert not in_background()
    with background():
        assert in_background()
        inner = asyncio.create_task(asyncio.sleep(0, in_background()))
        with foreground():
            assert not in_background()
        assert in_background()
    outer = asyncio.create_task(asyncio.sleep(0, in_background()))
    assert await inner is True
    assert await outer is False
    assert not in_background()


async def test_background_work_leaves_the_reserve_and_the_user_goes_at_once() -> None:
    clock = ManualClock()
    limiter = RateLimiter(60, clock=clock, sleep=clock.sleep)
    for _ in range(limiter.background_limit):
        assert await in_lane(limiter, behind=True) == 0.0
    blocked = asyncio.create_task(in_lane(limiter, behind=True))
    await settle()
    assert not blocked.done()  # the background lane has spent its share
    for _ in range(limiter.reserve):
        assert await in_lane(limiter, behind=False) == 0.0  # the user's room is all there
    await clock.advance(60)
    assert await blocked == pytest.approx(60.0)


async def test_a_waiting_user_goes_before_background_work_that_waited_longer() -> None:
    clock = ManualClock()
    limiter = RateLimiter(10, clock=clock, sleep=clock.sleep)
    for _ in range(10):
        await in_lane(limiter, behind=False)  # the user spent the whole window
    order: list[str] = []

    async def go(name: str, behind: bool) -> None:
        await in_lane(limiter, behind=behind)
        order.append(name)

    tasks = [asyncio.create_task(go("background 1", True))]
    await settle()
    tasks.append(asyncio.create_task(go("user", False)))
    await settle()
    tasks.append(asyncio.create_task(go("background 2", True)))
    await clock.advance(60)
    await asyncio.gather(*tasks)
    assert order == ["user", "background 1", "background 2"]


@pytest.mark.parametrize("per_minute", [60, 600])
async def test_during_a_refresh_that_never_stops_the_users_reads_wait_under_a_second(
    per_minute: int,
) -> None:
    """Four refresh workers ask for turns as fast as they get them (each request 50 ms)
    for five minutes; the user reads something every 5 to 20 s."""
    clock = ManualClock()
    limiter = RateLimiter(per_minute, clock=clock, sleep=clock.sleep)
    waits: list[float] = []
    background_starts = 0

    async def refresh_worker() -> None:
        nonlocal background_starts
        with background():
            while True:
                await limiter.acquire()
                background_starts += 1
                await clock.sleep(0.05)

    async def user() -> None:
        rng = random.Random(per_minute)
        while True:
            await clock.sleep(rng.uniform(5, 20))
            waits.append(await limiter.acquire())

    workers = [asyncio.create_task(refresh_worker()) for _ in range(4)]
    reader = asyncio.create_task(user())
    for _ in range(300 * 20):  # five minutes in 50 ms steps
        await clock.advance(0.05)
    for task in (*workers, reader):
        task.cancel()
    await asyncio.gather(*workers, reader, return_exceptions=True)
    assert len(waits) > 12
    assert max(waits) <= 1.0
    # and the refresh used what the user left: its whole share of every window
    assert background_starts >= 4 * limiter.background_limit


async def test_a_pause_longer_than_the_cap_raises_with_the_wait_instead_of_sleeping() -> None:
    clock = ManualClock()
    limiter = RateLimiter(600, clock=clock, sleep=clock.sleep)
    limiter.pause(86_400)
    for behind in (False, True):
        with pytest.raises(errors.RateLimitError) as raised:
            await asyncio.wait_for(in_lane(limiter, behind=behind), 1)
        assert raised.value.retry_after == pytest.approx(86_400)
    await clock.advance(86_400 - limiter.max_pause + 1)
    waiter = asyncio.create_task(in_lane(limiter, behind=False))  # now short: waited out
    await settle()
    assert not waiter.done()
    await clock.advance(limiter.max_pause)
    assert await waiter == pytest.approx(limiter.max_pause - 1)


async def test_a_cancelled_user_waiter_does_not_hold_background_work_back() -> None:
    clock = ManualClock()
    limiter = RateLimiter(10, clock=clock, sleep=clock.sleep)
    for _ in range(10):
        await in_lane(limiter, behind=False)
    user = asyncio.create_task(in_lane(limiter, behind=False))
    await settle()
    behind = asyncio.create_task(in_lane(limiter, behind=True))
    await settle()
    user.cancel()
    await asyncio.gather(user, return_exceptions=True)
    await clock.advance(60)
    assert await asyncio.wait_for(behind, 1) == pytest.approx(60.0)
