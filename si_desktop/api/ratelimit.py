"""A client-side limiter that keeps one API key under its published per-minute limit.

A sliding window: at most `per_minute` requests start in any 60 seconds, waiters are served
first come, first served, and a 429's `Retry-After` pauses everyone. Cancelling a waiting
task gives its turn up and leaves the limiter as it was.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable

__all__ = ["LIVE_LIMIT_PER_MIN", "SANDBOX_LIMIT_PER_MIN", "RateLimiter", "default_limit_for_key"]

SANDBOX_LIMIT_PER_MIN = 60
LIVE_LIMIT_PER_MIN = 600
WINDOW_SECONDS = 60.0


def default_limit_for_key(api_key: str) -> int:
    """The published limit for a key: 600/min for live keys, 60/min for sandbox keys and for
    keys whose kind cannot be told (the cautious choice)."""
    if api_key.startswith(("sk_live_", "ek_live_")):
        return LIVE_LIMIT_PER_MIN
    return SANDBOX_LIMIT_PER_MIN


class RateLimiter:
    """Allows at most `per_minute` acquisitions in any sliding 60-second window.

    `clock` and `sleep` can be replaced (tests use a fake clock). Share one instance between
    clients that use the same key.
    """

    def __init__(
        self,
        per_minute: int,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if per_minute < 1:
            raise ValueError("per_minute must be at least 1")
        self.per_minute = per_minute
        self._clock = clock
        self._sleep = sleep
        self._starts: deque[float] = deque()
        self._paused_until = 0.0
        self._lock = asyncio.Lock()

    async def acquire(self) -> float:
        """Wait for a turn; returns the seconds waited."""
        waited = 0.0
        async with self._lock:  # FIFO: the longest waiter goes first
            while True:
                now = self._clock()
                while self._starts and self._starts[0] <= now - WINDOW_SECONDS:
                    self._starts.popleft()
                delay = self._paused_until - now
                if len(self._starts) >= self.per_minute:
                    delay = max(delay, self._starts[0] + WINDOW_SECONDS - now)
                if delay <= 0:
                    self._starts.append(now)
                    return waited
                await self._sleep(delay)
                waited += delay

    def pause(self, seconds: float) -> None:
        """Hold every request back for `seconds` (after a 429 with `Retry-After`)."""
        self._paused_until = max(self._paused_until, self._clock() + seconds)

    def __repr__(self) -> str:
        return f"RateLimiter(per_minute={self.per_minute})"
