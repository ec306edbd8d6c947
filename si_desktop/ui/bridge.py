"""The one way background work runs: one asyncio loop on a worker thread.

Coroutines go to the loop; results and errors come back to the GUI thread as a queued Qt
signal. Every job belongs to a QObject (a page, a model, a dialog) and is cancelled when that
object is destroyed. A *keyed* job replaces the previous job with the same key on the same
owner ("latest wins"), and an answer that arrives for a job that was replaced or cancelled is
dropped on the GUI thread, so a slow answer for the client you left never reaches the page of
the client you are looking at. The idea comes from Electrum (asyncio on its own thread,
signals back) and Anki's `aqt.operations` (one small builder with success and failure).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import itertools
import sys
import threading
import weakref
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal, Slot

if TYPE_CHECKING:
    import concurrent.futures

T = TypeVar("T")

GUI_SWITCH_INTERVAL = 0.0001
"""Seconds a thread may hold the interpreter lock while another waits for it. The GUI thread
takes the lock back at every call from Qt into Python (a cell's paint, an event filter, a
timer), so while a worker runs Python a paint of a hundred cells waited up to a hundred
intervals. With 0.5 ms, B13's longest stall (the start-up's fold and figures on the worker
beside the first page's paint) was 58–132 ms; with 0.1 ms, 37–43 ms, alternated in one
sitting, the refresh's own time (B4) unchanged."""

SuccessCallback = Callable[[Any], None]
ErrorCallback = Callable[[BaseException], None]


class Job(Generic[T]):
    """A handle on one coroutine running on the bridge's loop."""

    def __init__(
        self,
        bridge: AsyncBridge,
        job_id: int,
        owner_token: int,
        key: str | None,
        on_success: Callable[[T], None] | None,
        on_error: ErrorCallback | None,
        on_finally: Callable[[], None] | None,
    ) -> None:
        self._bridge = bridge
        self.job_id = job_id
        self.owner_token = owner_token
        self.key = key
        self.on_success = on_success
        self.on_error = on_error
        self.on_finally = on_finally
        self.future: concurrent.futures.Future[T] | None = None
        self.cancelled = False
        self.finished = False

    @property
    def active(self) -> bool:
        return not (self.cancelled or self.finished)

    def cancel(self) -> None:
        """Cancel the coroutine; none of the callbacks will run afterwards."""
        self._bridge.cancel(self)


class AsyncBridge(QObject):
    """Runs coroutines on a private asyncio loop and brings their outcome to the GUI thread."""

    _delivered = Signal(int, bool, object)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._loop: asyncio.AbstractEventLoop | None = None  # started by the first job
        self._thread: threading.Thread | None = None
        self._ids = itertools.count(1)
        self._owner_tokens = itertools.count(1)
        self._jobs: dict[int, Job[Any]] = {}
        self._keyed: dict[tuple[int, str], Job[Any]] = {}
        # weak: a job must not keep its owner alive; the owner's end cancels its jobs
        self._owners: dict[int, weakref.ref[QObject]] = {}
        self._closed = False
        # Always queued: an answer is never delivered inside the call that started the job,
        # even when the coroutine finished before `run` returned.
        self._delivered.connect(self._on_delivered, Qt.ConnectionType.QueuedConnection)
        # The worker thread runs Python too (imports, parsing, the cache). Qt lets go of the
        # interpreter lock around its own calls, and each time the GUI thread wants it back it
        # may wait a whole switch interval (5 ms by default) while the worker runs: a paint
        # of a few dozen rows then takes ten times as long. A short interval hands it back.
        sys.setswitchinterval(GUI_SWITCH_INTERVAL)

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        """The loop, running on its thread. It starts with the first job: a window opened
        from the cache paints before it needs one."""
        if self._loop is None:
            self._loop = asyncio.new_event_loop()
            self._thread = threading.Thread(
                target=_run_forever, args=(self._loop,), name="si-desktop-async", daemon=True
            )
            self._thread.start()
        return self._loop

    @property
    def busy(self) -> bool:
        return bool(self._jobs)

    def pending(self, owner: QObject | None = None) -> int:
        """How many jobs are running (for one owner, or in all)."""
        if owner is None:
            return len(self._jobs)
        token = self._token_of(owner, create=False)
        return sum(1 for job in self._jobs.values() if job.owner_token == token)

    def run(
        self,
        coro: Coroutine[Any, Any, T],
        *,
        owner: QObject,
        on_success: Callable[[T], None] | None = None,
        on_error: ErrorCallback | None = None,
        on_finally: Callable[[], None] | None = None,
        key: str | None = None,
    ) -> Job[T]:
        """Start `coro` on the loop. With a `key`, the owner's previous job with that key is
        cancelled first and its answer, should it still arrive, is dropped."""
        if self._closed:
            coro.close()
            raise RuntimeError("the async bridge is closed")
        token = self._token_of(owner, create=True)
        if key is not None:
            previous = self._keyed.get((token, key))
            if previous is not None:
                self.cancel(previous)
        was_busy = self.busy
        job: Job[T] = Job(
            self, next(self._ids), token, key, on_success, on_error, on_finally
        )
        self._jobs[job.job_id] = job
        if key is not None:
            self._keyed[(token, key)] = job
        future = self._submit(coro)
        job.future = future
        future.add_done_callback(functools.partial(self._on_done, job.job_id))
        if not was_busy:
            self.busy_changed.emit(True)
        return job

    def call(self, coro: Coroutine[Any, Any, T], timeout: float = 5.0) -> T:
        """Run `coro` and wait for it: only for start-up and shut-down, never for a click."""
        return self._submit(coro).result(timeout)

    def _submit(self, coro: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        return asyncio.run_coroutine_threadsafe(coro, self.loop)

    def cancel(self, job: Job[Any]) -> None:
        if not job.active:
            return
        job.cancelled = True
        if job.future is not None:
            job.future.cancel()
        self._forget(job)

    def cancel_owner(self, owner: QObject) -> None:
        """Cancel every job of `owner` (a page that starts over, a dialog that closes)."""
        token = self._token_of(owner, create=False)
        if token:
            self._cancel_token(token)

    def cancel_key(self, owner: QObject, key: str) -> None:
        """Cancel the owner's job with `key`, if one runs (its other jobs go on)."""
        previous = self._keyed.get((self._token_of(owner, create=False), key))
        if previous is not None:
            self.cancel(previous)

    def _cancel_token(self, token: int) -> None:
        for job in [j for j in self._jobs.values() if j.owner_token == token]:
            self.cancel(job)

    def _token_of(self, owner: QObject, *, create: bool) -> int:
        value = owner.property("_si_bridge_token")
        if isinstance(value, int) and value in self._owners:
            return value
        if not create:
            return 0
        token = next(self._owner_tokens)
        owner.setProperty("_si_bridge_token", token)
        self._owners[token] = weakref.ref(owner)
        owner.destroyed.connect(lambda _obj=None, token=token: self._on_owner_destroyed(token))
        return token

    def _on_owner_destroyed(self, token: int) -> None:
        self._owners.pop(token, None)
        self._cancel_token(token)

    def _forget(self, job: Job[Any]) -> None:
        self._jobs.pop(job.job_id, None)
        if job.key is not None and self._keyed.get((job.owner_token, job.key)) is job:
            del self._keyed[(job.owner_token, job.key)]
        if not self._jobs and not self._closed and shiboken6.isValid(self):
            self.busy_changed.emit(False)  # (an owner can outlive the bridge at exit)

    def _on_done(self, job_id: int, future: concurrent.futures.Future[Any]) -> None:
        """Runs on the loop thread: hand the outcome to the GUI thread."""
        if future.cancelled() or self._closed:
            return
        error = future.exception()
        if not shiboken6.isValid(self):
            return
        if error is not None:
            self._delivered.emit(job_id, False, error)
        else:
            self._delivered.emit(job_id, True, future.result())

    @Slot(int, bool, object)
    def _on_delivered(self, job_id: int, ok: bool, value: object) -> None:
        job = self._jobs.get(job_id)
        if job is None or not job.active:
            return  # replaced, cancelled, or its owner is gone: the answer is stale
        ref = self._owners.get(job.owner_token)
        owner = ref() if ref is not None else None
        if owner is None or not shiboken6.isValid(owner):
            self._forget(job)
            return
        job.finished = True
        self._forget(job)
        try:
            if ok:
                if job.on_success is not None:
                    job.on_success(value)
            elif job.on_error is not None:
                assert isinstance(value, BaseException)
                job.on_error(value)
        finally:
            if job.on_finally is not None:
                job.on_finally()

    def close(self, cleanup: Coroutine[Any, Any, Any] | None = None) -> None:
        """Cancel every job, run `cleanup` (closing the HTTP client), stop the loop and join
        the thread. Safe to call twice."""
        if self._closed:
            if cleanup is not None:
                cleanup.close()
            return
        for job in list(self._jobs.values()):
            self.cancel(job)
        self._closed = True
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:  # never started: nothing runs, nothing to close
            if cleanup is not None:
                cleanup.close()
            return
        with contextlib.suppress(Exception):  # shutting down: nobody is left to tell
            self._submit(_drain(cleanup)).result(5.0)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5.0)
        if not thread.is_alive():
            loop.close()


def _run_forever(loop: asyncio.AbstractEventLoop) -> None:
    asyncio.set_event_loop(loop)
    loop.run_forever()


async def _drain(cleanup: Coroutine[Any, Any, Any] | None) -> None:
    """Cancel what still runs on the loop and wait for it, then run `cleanup`."""
    current = asyncio.current_task()
    tasks = [task for task in asyncio.all_tasks() if task is not current]
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    if cleanup is not None:
        await cleanup
