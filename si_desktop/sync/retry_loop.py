"""`RetryLoop`: while offline, tries the service again whenever `Connectivity` says a try is
due."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from si_desktop.api import errors
from si_desktop.sync.connectivity import Connectivity


class RetryLoop:
    """While offline, call `probe` whenever a try is due, until it succeeds or the loop is
    cancelled. `probe` raises on failure (a `NetworkError` keeps the app offline; any other
    error is an answer, so online). `sleep` is injectable for tests."""

    def __init__(
        self,
        connectivity: Connectivity,
        probe: Callable[[], Awaitable[object]],
        *,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.connectivity = connectivity
        self.probe = probe
        self._sleep = sleep
        self._woken = asyncio.Event()

    def wake(self) -> None:
        """"Try again": try at once."""
        self.connectivity.try_now()
        self._woken.set()

    async def _wait(self, seconds: float) -> None:
        if seconds <= 0:
            return
        sleeper = asyncio.ensure_future(self._sleep(seconds))
        waker = asyncio.ensure_future(self._woken.wait())
        try:
            await asyncio.wait({sleeper, waker}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            sleeper.cancel()
            waker.cancel()
        self._woken.clear()

    async def run(self) -> int:
        """Returns the number of tries it took to get back online (0 if not offline)."""
        tries = 0
        while self.connectivity.offline:
            remaining = self.connectivity.seconds_until_retry()
            await self._wait(remaining or 0.0)
            tries += 1
            try:
                await self.probe()
            except errors.ApiError as error:
                self.connectivity.report(error)
                continue
            self.connectivity.report_success()
        return tries
