"""A client-side limiter that keeps one API key under its published per-minute limit, with
two lanes: what the user asked for goes first, background work takes what is left.

A sliding window: at most `per_minute` requests start in any 60 seconds. Each request is in
one of two lanes, told by a context variable: code that runs inside `background()` (the
refresh sets it; tasks created inside inherit it) is in the background lane, anything else
in the user's lane.

- The user's requests go ahead of every waiting background request, first come, first
  served among themselves.
- Background requests may fill the window only up to `background_limit`: `reserve` starts of
  every window (15 % of the limit, at least 5) are kept for the user, so a read or a save
  the user asked for starts at once even while a full refresh has spent everything else,
  instead of waiting for the window to roll.
- A 429's `Retry-After` (`pause()`) holds both lanes back. A pause longer than `max_pause`
  is not slept through: `acquire()` raises `errors.RateLimitError` at once, its
  `retry_after` the seconds still to wait, so that no caller freezes for as long as a
  hostile or confused server asks.

Cancelling a waiting task gives its turn up and leaves the limiter as it was.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterator
from contextvars import ContextVar

from si_desktop.api import errors

__all__ = [
    "LIVE_LIMIT_PER_MIN",
    "MAX_PAUSE_SECONDS",
    "SANDBOX_LIMIT_PER_MIN",
    "RateLimiter",
    "background",
    "default_limit_for_key",
    "in_background",
    "user_reserve",
]

SANDBOX_LIMIT_PER_MIN = 60
LIVE_LIMIT_PER_MIN = 600
WINDOW_SECONDS = 60.0
#: The share of every window kept for the user's own requests, and its floor.
RESERVE_SHARE = 0.15
MIN_RESERVE = 5
#: The longest `Retry-After` pause a request waits out; a longer one raises at once.
MAX_PAUSE_SECONDS = 120.0

_BACKGROUND: ContextVar[bool] = ContextVar("si_desktop_api_background", default=False)


@contextlib.contextmanager
def background() -> Iterator[None]:
    """Requests made inside (also by tasks created inside) go in the background lane."""
    token = _BACKGROUND.set(True)
    try:
        yield
    finally:
        _BACKGROUND.reset(token)


@contextlib.contextmanager
def foreground() -> Iterator[None]:
    """Requests made inside go in the user's lane, even within `background()` (the client
    the user has open, refreshed first by a background refresh)."""
    token = _BACKGROUND.set(False)
    try:
        yield
    finally:
        _BACKGROUND.reset(token)


def in_background() -> bool:
    """Whether the running code's requests are background work."""
    return _BACKGROUND.get()


def default_limit_for_key(api_key: str) -> int:
    """The published limit for a key: 600/min for live keys, 60/min for sandbox keys and for
    keys whose kind cannot be told (the cautious choice)."""
    if api_key.startswith(("sk_live_", "ek_live_")):
        return LIVE_LIMIT_PER_MIN
    return SANDBOX_LIMIT_PER_MIN


def user_reserve(per_minute: int) -> int:
    """Starts of every window the background lane leaves to the user: 15 % of the limit, at
    least 5, and never the whole window (background work gets at least one start)."""
    wanted = max(MIN_RESERVE, math.ceil(per_minute * RESERVE_SHARE))
    return max(0, min(wanted, per_minute - 1))


class RateLimiter:
    """Allows at most `per_minute` acquisitions in any sliding 60-second window, background
    ones at most `background_limit` of them.

    `clock` and `sleep` can be replaced (tests use a fake clock). Share one instance between
    clients that use the same key.
    """

    def __init__(
        self,
        per_minute: int,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        reserve: int | None = None,
        max_pause: float = MAX_PAUSE_SECONDS,
    ) -> None:
        if per_minute < 1:
            raise ValueError("per_minute must be at least 1")
        self.per_minute = per_minute
        self.reserve = user_reserve(per_minute) if reserve is None else reserve
        if not 0 <= self.reserve < per_minute:
            raise ValueError("the reserve must leave the background lane at least one start")
        self.max_pause = max_pause
        self._clock = clock
        self._sleep = sleep
        self._starts: deque[float] = deque()
        self._paused_until = 0.0
        self._user_lock = asyncio.Lock()  # FIFO among the user's requests
        self._background_lock = asyncio.Lock()  # FIFO among background requests
        self._users_waiting = 0
        self._users_gone = asyncio.Event()
        self._users_gone.set()

    @property
    def background_limit(self) -> int:
        """The most background requests that may start in one window."""
        return self.per_minute - self.reserve

    async def acquire(self) -> float:
        """Wait for a turn in the lane of the running code; returns the seconds waited.
        Raises `errors.RateLimitError` when the service asked for a pause longer than
        `max_pause`."""
        if in_background():
            return await self._acquire_background()
        return await self._acquire_user()

    async def _acquire_user(self) -> float:
        began = self._clock()
        self._users_waiting += 1
        self._users_gone.clear()
        try:
            async with self._user_lock:
                while True:
                    now = self._clock()
                    delay = self._delay(now, self.per_minute)
                    if delay <= 0:
                        self._starts.append(now)
                        return now - began
                    await self._sleep(delay)
        finally:
            self._users_waiting -= 1
            if self._users_waiting == 0:
                self._users_gone.set()

    async def _acquire_background(self) -> float:
        began = self._clock()
        async with self._background_lock:
            while True:
                if self._users_waiting:
                    await self._users_gone.wait()  # the user's requests first
                    continue
                now = self._clock()
                delay = self._delay(now, self.background_limit)
                if delay <= 0:
                    self._starts.append(now)
                    return now - began
                await self._sleep(delay)

    def _delay(self, now: float, ceiling: int) -> float:
        """Seconds until a start is allowed with at most `ceiling` starts in the window."""
        while self._starts and self._starts[0] <= now - WINDOW_SECONDS:
            self._starts.popleft()
        delay = self._paused_until - now
        if delay > self.max_pause:
            raise errors.RateLimitError(
                f"the service asked to wait {math.ceil(delay)} s before the next request",
                status=429, code="rate_limit_exceeded", retry_after=delay,
            )
        if len(self._starts) >= ceiling:
            oldest_to_leave = self._starts[len(self._starts) - ceiling]
            delay = max(delay, oldest_to_leave + WINDOW_SECONDS - now)
        return delay

    def pause(self, seconds: float) -> None:
        """Hold every request back for `seconds` (after a 429 with `Retry-After`)."""
        self._paused_until = max(self._paused_until, self._clock() + seconds)

    def __repr__(self) -> str:
        return f"RateLimiter(per_minute={self.per_minute}, reserve={self.reserve})"
