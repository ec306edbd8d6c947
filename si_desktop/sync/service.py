"""`SyncService`: what one running app decides about its cache and the service, without Qt.

It opens the cache (the file in the data folder, or one in memory when the file cannot be
used), builds the workspace of every connection on it, says when the automatic refresh is
due and whether opening a client should refresh it, runs the back-off loop that tries the
service while offline, and tells which held edits (conflicts, refusals) the user has not
been shown yet. The window's adapter (`ui/offline/service.py`) only turns these answers
into signals, timers and words.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from si_desktop.store import Store, StoreError, is_local_id
from si_desktop.sync.conflicts import EditProblem
from si_desktop.sync.connection import Connection
from si_desktop.sync.workspace import Workspace

if TYPE_CHECKING:
    from si_desktop.sync.retry_loop import RetryLoop

log = logging.getLogger("si_desktop.sync.service")


class SyncService:
    """The cache, the refresh schedule, the offline retries and the held edits shown."""

    def __init__(
        self,
        data_dir: Path,
        *,
        open_store: Callable[[], Store] | None = None,
        transport: Any = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._open_store = open_store or (lambda: Store.open_in(data_dir))
        self._transport = transport
        self._clock = clock
        self.store: Store | None = None
        self.store_error: StoreError | None = None  # why the cache lives in memory
        self._last_started: float | None = None
        self._shown: set[tuple[int, str]] = set()
        self._retry: RetryLoop | None = None
        self._retry_future: concurrent.futures.Future[int] | None = None

    # the cache and the workspaces ----------------------------------------------------------

    def open_store(self) -> Store:
        """The app's cache, opened on first use: the file, else (said in `store_error`) a
        cache in memory, so that the same workspace still reads and queues."""
        if self.store is None:
            try:
                self.store = self._open_store()
            except StoreError as error:
                log.error("the local cache cannot be used: %s", error)
                self.store_error = error
                self.store = Store.in_memory()
        return self.store

    def check_store_in_background(self, on_damage: Callable[[str], None]) -> bool:
        """Check the whole cache file on a thread of its own, unless it was checked at
        open (see `Store.check_in_background`); `on_damage(message)` is called from that
        thread if it is damaged. The file stays in use until the next start."""
        if self.store is None:
            return False
        return self.store.check_in_background(on_damage)

    def workspace_for(self, connection: Connection) -> Workspace:
        return Workspace.open(connection, self.open_store(), transport=self._transport)

    # when to refresh -----------------------------------------------------------------------

    def refresh_started(self) -> None:
        self._last_started = self._clock()

    def refresh_due(self, minutes: int) -> bool:
        """Whether the automatic refresh is due: every `minutes` (0: never) since the last
        refresh started, or now if none has."""
        if minutes <= 0:
            return False
        return self._last_started is None or self._clock() - self._last_started >= minutes * 60

    @staticmethod
    def refreshes_when_opened(workspace: Workspace, entity_id: str) -> bool:
        """Whether opening the client refreshes it: a cached client that exists on the
        service (one never seen is fetched by the page; one made offline is not there)."""
        return bool(entity_id) and not is_local_id(entity_id) and (
            workspace.client(entity_id) is not None)

    # held edits ----------------------------------------------------------------------------

    def new_problems(self, workspace: Workspace) -> list[EditProblem]:
        """Conflicts and refusals the user has not been shown yet (an edit held again after
        it changed counts as new)."""
        fresh = []
        for problem in workspace.problems():
            key = (problem.edit.seq, problem.edit.updated_at)
            if key not in self._shown:
                self._shown.add(key)
                fresh.append(problem)
        return fresh

    def forget_shown(self) -> None:
        self._shown.clear()

    # offline -------------------------------------------------------------------------------

    @property
    def retrying(self) -> bool:
        return self._retry_future is not None and not self._retry_future.done()

    def start_retry(self, workspace: Workspace, loop: asyncio.AbstractEventLoop) -> None:
        """The back-off loop (1 s … 60 s) that tries the service while offline, on `loop`.
        Not a job of the window's: it may run for hours and is no reason to look busy."""
        if self.retrying:
            return
        retry = workspace.retry_loop()
        try:
            self._retry_future = asyncio.run_coroutine_threadsafe(retry.run(), loop)
        except RuntimeError:  # the loop is shutting down
            self._retry, self._retry_future = None, None
            return
        self._retry = retry

    def stop_retry(self) -> None:
        future, self._retry_future, self._retry = self._retry_future, None, None
        if future is not None:
            future.cancel()

    def wake_retry(self, loop: asyncio.AbstractEventLoop) -> bool:
        """"Try again" while the back-off waits: try at once. False when none runs."""
        retry = self._retry
        if retry is None or not self.retrying:
            return False
        loop.call_soon_threadsafe(retry.wake)
        return True

    # shutting down -------------------------------------------------------------------------

    def close(self) -> None:
        """After the loop has stopped: close the cache."""
        self.stop_retry()
        store, self.store = self.store, None
        if store is not None:
            store.close()
