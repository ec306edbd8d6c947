"""When and how often a request is tried again (built on stamina).

Retried: network failures, 5xx and 429, for reads and for writes that carry an
`X-Request-Id` (the server answers a repeated id with the first response, so a retried write
never runs twice). Back-off is jittered and exponential, a `Retry-After` is honoured, and the
whole affair stops after `attempts` tries or `timeout` seconds, whichever comes first: a wait
that would end past that budget is not started. Under `stamina.set_testing(True)` nothing
sleeps.

A `Retry-After` longer than `max_retry_after` (60 s by default) is never slept: the call
raises its `errors.RateLimitError` (or `ServerError`) at once, with `retry_after` = what the
server asked, so the caller can say "the service asks to wait 24 h" instead of freezing; the
client also pauses its rate limiter for at most `max_retry_after`.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

import stamina

from si_desktop.api import errors

__all__ = ["RetryPolicy", "call_with_retries", "parse_retry_after"]

T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    """`attempts` counts the first try; `timeout` bounds all tries and waits together;
    `max_retry_after` is the longest `Retry-After` honoured (a longer one ends the call).

    The default back-off (0.1 s doubling, at most 0.5 s of jitter each) gives up on a
    refused connection within about four seconds.
    """

    attempts: int = 5
    timeout: float | None = 60.0
    wait_initial: float = 0.1
    wait_max: float = 5.0
    wait_jitter: float = 0.5
    max_retry_after: float = 60.0

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError("attempts must be at least 1")
        if not self.max_retry_after >= 0:  # also refuses NaN
            raise ValueError("max_retry_after must be zero or more seconds")

    @classmethod
    def never(cls) -> RetryPolicy:
        return cls(attempts=1)


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a `Retry-After` header (delta-seconds or an HTTP date)."""
    if value is None:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            return None
        seconds = when.timestamp() - time.time()
    if seconds != seconds or seconds in (float("inf"), float("-inf")):  # NaN, infinities
        return None
    return max(0.0, seconds)


async def call_with_retries(
    policy: RetryPolicy,
    attempt: Callable[[int], Awaitable[T]],
    *,
    clock: Callable[[], float] = time.monotonic,
) -> T:
    """Run `attempt(n)` (n = 1, 2, …) until it returns or fails for good."""
    if policy.attempts == 1:
        return await attempt(1)

    deadline = None if policy.timeout is None else clock() + policy.timeout

    def should_retry(exc: Exception) -> bool | float:
        if not isinstance(exc, errors.ApiError) or not exc.retryable:
            return False
        if exc.retry_after is None:
            return True
        if exc.retry_after > policy.max_retry_after:
            return False  # not slept: the caller hears how long the server asked for
        if deadline is not None and clock() + exc.retry_after > deadline:
            return False  # the server asks for a longer wait than we may spend
        return exc.retry_after

    number = 0
    async for trial in stamina.retry_context(
        on=should_retry,
        attempts=policy.attempts,
        timeout=policy.timeout,
        wait_initial=policy.wait_initial,
        wait_max=policy.wait_max,
        wait_jitter=policy.wait_jitter,
    ):
        with trial:
            number += 1
            return await attempt(number)
    raise AssertionError("unreachable: stamina re-raises the last error")  # pragma: no cover
