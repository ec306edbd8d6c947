"""Online or offline, and when to try again: a small state machine with no I/O.

The app is *online* after any answer from the service and *offline* after a request fails
with `errors.NetworkError` (no answer at all: refused, reset, DNS, timeout, TLS). A 401 is
an answer, but it leaves `key_refused` set until the next answer that is not one: the app
then stops asking on its own (a revoked key is not tried again every few minutes). Only a
missing answer counts: a 5xx or a 429 is the service answering, and the client's own
retries deal with those. While offline, tries are spaced 1 s, 2 s, 4 s … up to 60 s apart;
"Try again" makes the next try due at once without resetting the back-off, and the first
success resets everything.

The clock is injected (`time.monotonic` by default), so tests step time by hand instead of
sleeping. `retry_loop.RetryLoop` is the async part: it waits for the next due try and calls
a probe.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from si_desktop.api import errors

INITIAL_DELAY = 1.0
MAX_DELAY = 60.0
FACTOR = 2.0


class State(enum.Enum):
    UNKNOWN = "unknown"  # nothing asked yet since start
    ONLINE = "online"
    OFFLINE = "offline"


def is_offline_error(error: BaseException) -> bool:
    """Whether `error` means "no answer from the service" (and so: offline)."""
    return isinstance(error, errors.NetworkError)


@dataclass(frozen=True)
class Change:
    """What a report changed: the state before and after (listeners get one per change)."""

    before: State
    after: State


class Connectivity:
    """The online/offline state and the retry schedule. Not thread-safe: use it from the
    thread (or event loop) that makes the requests."""

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        initial_delay: float = INITIAL_DELAY,
        max_delay: float = MAX_DELAY,
        factor: float = FACTOR,
    ) -> None:
        if not 0 < initial_delay <= max_delay or factor < 1:
            raise ValueError("need 0 < initial_delay <= max_delay and factor >= 1")
        self._clock = clock
        self._wall_clock = wall_clock
        self.initial_delay = initial_delay
        self.max_delay = max_delay
        self.factor = factor
        self.state = State.UNKNOWN
        self.failures = 0  # consecutive failed tries while offline
        self.offline_since: datetime | None = None
        self.last_online: datetime | None = None
        self.last_error: str | None = None
        self.key_refused = False  # the last answer was 401: the key is revoked, expired or wrong
        self._next_try: float | None = None
        self._listeners: list[Callable[[Change], None]] = []

    # -- listening -------------------------------------------------------------------------

    def subscribe(self, listener: Callable[[Change], None]) -> Callable[[], None]:
        """Call `listener` on every change of state; returns the function that unsubscribes."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def _set(self, state: State) -> bool:
        before, self.state = self.state, state
        if before is state:
            return False
        change = Change(before, state)
        for listener in list(self._listeners):
            listener(change)
        return True

    # -- reports ---------------------------------------------------------------------------

    @property
    def online(self) -> bool:
        return self.state is State.ONLINE

    @property
    def offline(self) -> bool:
        return self.state is State.OFFLINE

    def report_success(self) -> bool:
        """The service answered. Returns True when this brought the app back online."""
        self.failures = 0
        self._next_try = None
        self.last_error = None
        self.key_refused = False
        self.offline_since = None
        self.last_online = self._wall_clock()
        return self._set(State.ONLINE)

    def report_failure(self, error: BaseException | str | None = None) -> bool:
        """A try got no answer. Returns True when this took the app offline. The next try is
        due after the current back-off, which then grows."""
        if self.state is not State.OFFLINE:
            self.offline_since = self._wall_clock()
        self.last_error = None if error is None else str(error)
        self._next_try = self._clock() + self._delay_for(self.failures)
        self.failures += 1
        return self._set(State.OFFLINE)

    def report(self, error: BaseException | None) -> bool:
        """Report the outcome of a request: None for an answer, else the exception. Errors
        that are answers (4xx, 5xx) count as online. Returns whether the state changed."""
        if error is not None and is_offline_error(error):
            return self.report_failure(error)
        changed = self.report_success()
        self.key_refused = isinstance(error, errors.AuthenticationError)
        return changed

    # -- schedule --------------------------------------------------------------------------

    def _delay_for(self, failures: int) -> float:
        return min(self.max_delay, self.initial_delay * self.factor ** min(failures, 64))

    @property
    def current_delay(self) -> float | None:
        """The wait that was scheduled after the last failure, or None when not offline."""
        if self.state is not State.OFFLINE or self.failures == 0:
            return None
        return self._delay_for(self.failures - 1)

    def seconds_until_retry(self) -> float | None:
        """How long until the next try is due (0 when due now); None when not offline."""
        if self.state is not State.OFFLINE or self._next_try is None:
            return None
        return max(0.0, self._next_try - self._clock())

    def retry_due(self) -> bool:
        remaining = self.seconds_until_retry()
        return remaining is not None and remaining <= 0

    def try_now(self) -> None:
        """The user pressed "Try again": the next try is due at once (the back-off stays, so a
        failure still waits longer the next time)."""
        if self.state is State.OFFLINE:
            self._next_try = self._clock()
