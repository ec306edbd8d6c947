"""Background work that waits for a pause in the user's typing and clicking, or for the
first paint, and the one worker thread that runs the Python-heavy part of it in turn.

The refresh at start-up loads the network stack on the worker thread (httpx, pydantic and
the API models: a quarter of a second of Python) and then parses what the service sends.
The interpreter lock is shared, so a user who starts typing in the client search as soon as
the window is up would feel each of those moments as a stuck keystroke. Such work waits
until the keyboard and the mouse buttons have been still for `PAUSE_MS`.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
import time
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

PAUSE_MS = 400
BACKGROUND_LOOK_MS = 50  # a pause that waits for the after-paint worker looks this often

log = logging.getLogger("si_desktop.ui.idle")

_INPUT = frozenset({
    QEvent.Type.KeyPress,
    QEvent.Type.KeyRelease,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.Wheel,
})


class _InputWatch(QObject):
    """The time of the user's last key, click or wheel turn, for every pending pause.

    Watching input takes an application-wide event filter: a Python call for every event
    the application sends, a few thousand while a page is built and shown. At start-up five
    pauses wait at once (the refresh, the cache check, the collector, the listener, the
    list's order), and a filter each made every event five Python calls. One filter serves
    them all, installed while any of them waits."""

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self.app = app
        self.last_input = time.monotonic()
        self._waiting = 0

    def join(self, pause: QObject) -> None:
        """Watch input until `pause` is gone (cancelled, run, or its owner gone)."""
        if self._waiting == 0:
            self.app.installEventFilter(self)
        self._waiting += 1
        pause.destroyed.connect(self._left)

    def _left(self) -> None:
        self._waiting -= 1
        if self._waiting == 0:
            self.app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT:
            self.last_input = time.monotonic()
        return False


_watch: _InputWatch | None = None


def _input_watch() -> _InputWatch | None:
    """The application's input watch (a new one for a new application)."""
    global _watch
    app = QCoreApplication.instance()
    if app is None:
        return None
    if _watch is None or not shiboken6.isValid(_watch) or _watch.app is not app:
        _watch = _InputWatch(app)
    return _watch


class InputPause(QObject):
    """Runs `callback` once the user's input has paused for `pause_ms`, counted from when the
    event loop is next free (at start-up: when the window is up, not while it is being
    built), and with `after_background_work` once the after-paint worker is idle too;
    never if `owner` goes first. `cancel()` drops it."""

    def __init__(
        self, owner: QObject, callback: Callable[[], None], pause_ms: int = PAUSE_MS, *,
        after_background_work: bool = False,
    ) -> None:
        super().__init__(owner)
        self._callback = callback
        self._pause = pause_ms / 1000
        # and for the after-paint worker to be idle: work that runs Python beside the GUI
        # thread (the API client's import, parsing pages) waits for start-up's (B13)
        self._after_work = after_background_work
        self._started = time.monotonic()
        self._cancelled = False
        self._watch: _InputWatch | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._check)
        QTimer.singleShot(0, self, self._start_clock)

    def _start_clock(self) -> None:
        if self._cancelled:
            return
        # Input is watched from here: no input comes before the loop runs, while the window
        # being built and shown sends a few thousand events, each a Python call to a filter.
        self._watch = _input_watch()
        if self._watch is not None:
            self._watch.join(self)  # until this pause is gone
        self._started = time.monotonic()
        self._timer.start(int(self._pause * 1000))

    def _check(self) -> None:
        if self._cancelled:
            return
        last = self._started
        if self._watch is not None:
            last = max(last, self._watch.last_input)
        quiet = time.monotonic() - last
        if quiet < self._pause:
            self._timer.start(int((self._pause - quiet) * 1000) + 1)
            return
        if self._after_work and background_busy():
            self._timer.start(BACKGROUND_LOOK_MS)
            return
        self.cancel()
        self._callback()

    def cancel(self) -> None:
        self._cancelled = True
        self._timer.stop()
        self.deleteLater()  # and the input watch lets it go


class _AfterFirstPaint(QObject):
    def __init__(self, widget: QWidget, callback: Callable[[], object]) -> None:
        super().__init__(widget)
        self._callback = callback
        self._widget = widget
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self._widget.removeEventFilter(self)
            QTimer.singleShot(0, self, self._run)  # once this paint is on screen
        return False

    def _run(self) -> None:
        self._callback()
        self.deleteLater()


def after_first_paint(widget: QWidget, callback: Callable[[], object]) -> None:
    """Run `callback` once, on the event loop's next turn after `widget` (a view's viewport,
    say) is first painted: work the first sight of the window does not need. Never if
    `widget` goes first."""
    _AfterFirstPaint(widget, callback)


class _Lane:
    """One worker thread that runs jobs one after the other, in the order given.

    The work the window leaves for after its first paint (the chosen page's module
    imported, the clients' search texts folded) is Python on worker threads, and Python
    holds the interpreter lock: two such threads at once and the GUI thread waits for the
    lock at every call it makes into Python (a paint's rows, each event's filter), a
    convoy that stalled the window for 60 to 150 ms just after start-up (B13). In one lane
    they take their turns with each other, and the GUI thread has one thread to wait for.
    """

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue[Callable[[], object]] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._queued = 0  # jobs given and not finished yet

    def submit(self, job: Callable[[], object]) -> None:
        with self._lock:
            self._queued += 1
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, daemon=True,
                                                name="si-desktop-after-paint")
                self._thread.start()
        self._jobs.put(job)

    @property
    def busy(self) -> bool:
        """Whether a job is running or waiting."""
        return self._queued > 0

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            try:
                job()
            except Exception:  # a job reports its own failures; this one was not expected
                log.exception("background work after the first paint failed")
            finally:
                with self._lock:
                    self._queued -= 1


_LANE = _Lane()


def in_background(job: Callable[[], object]) -> None:
    """Run `job` on the after-paint worker thread, after the jobs given before it (see
    `_Lane`). A job tells the GUI thread its outcome through a queued signal."""
    _LANE.submit(job)


def background_busy() -> bool:
    """Whether the after-paint worker has work running or waiting."""
    return _LANE.busy


class _Then(QObject):
    done = Signal()  # emitted on the worker thread, received on the owner's

    def __init__(self, owner: QObject, then: Callable[[], object]) -> None:
        super().__init__(owner)
        self._then = then
        self.done.connect(self._run)

    def _run(self) -> None:
        self.deleteLater()
        self._then()


def in_background_then(owner: QObject, job: Callable[[], object],
                       then: Callable[[], object]) -> None:
    """Run `job` on the after-paint worker thread, then `then` on `owner`'s thread (never
    if `owner` went first): a module imported there, say, and its widgets made here."""
    relay = _Then(owner, then)

    def run() -> None:
        try:
            job()
        finally:
            with contextlib.suppress(RuntimeError):  # the owner went first
                relay.done.emit()

    in_background(run)
