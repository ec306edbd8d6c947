"""Trouble on purpose: latency, random server errors and a per-key rate limit, so that the
app's retries, back-off and offline handling can be seen working against a local service."""

from __future__ import annotations

import math
import random
import threading
import time
from collections import deque
from dataclasses import dataclass


@dataclass(frozen=True)
class Faults:
    """What the sandbox does wrong on purpose.

    `latency_ms` delays every response; `error_rate` (0–1) answers that fraction of requests
    with 500, 502 or 503 before doing any work; `rate_limit_per_min` answers 429 with
    `Retry-After` once a key passes that many requests in a sliding minute (0 = no limit).
    `random_seed` makes the error choice repeatable.
    """

    latency_ms: int = 0
    error_rate: float = 0.0
    rate_limit_per_min: int = 0
    random_seed: int | None = None

    def __post_init__(self) -> None:
        if self.latency_ms < 0:
            raise ValueError("latency_ms cannot be negative")
        if not 0.0 <= self.error_rate <= 1.0:
            raise ValueError("error_rate is a fraction from 0 to 1")
        if self.rate_limit_per_min < 0:
            raise ValueError("rate_limit_per_min cannot be negative")


ERROR_STATUSES = (500, 502, 503)
WINDOW_SECONDS = 60.0


class FaultInjector:
    """Decides, per request, whether a fault answers instead of the service."""

    def __init__(self, faults: Faults) -> None:
        self.faults = faults
        self._random = random.Random(faults.random_seed)
        self._lock = threading.Lock()
        self._seen: dict[str, deque[float]] = {}

    def server_error(self) -> int | None:
        """A 5xx status to answer with, or `None` to serve the request."""
        if self.faults.error_rate <= 0:
            return None
        with self._lock:
            if self._random.random() < self.faults.error_rate:
                return self._random.choice(ERROR_STATUSES)
        return None

    def retry_after(self, key: str) -> int | None:
        """Seconds to wait when `key` has used up its minute, else `None` (and the request
        is counted)."""
        limit = self.faults.rate_limit_per_min
        if limit <= 0:
            return None
        now = time.monotonic()
        with self._lock:
            seen = self._seen.setdefault(key, deque())
            while seen and seen[0] <= now - WINDOW_SECONDS:
                seen.popleft()
            if len(seen) >= limit:
                return max(1, math.ceil(seen[0] + WINDOW_SECONDS - now))
            seen.append(now)
            return None
