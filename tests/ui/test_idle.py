"""Background work that waits for a pause in the user's input."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from si_desktop.ui import idle
from si_desktop.ui.context import AppContext
from si_desktop.ui.idle import InputPause
from tests.ui.fakes import FakeWorkspace


class Clock:
    """The idle module's `time`: the pause is measured on this clock, moved by the test."""

    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(idle, "time", clock)
    return clock


def test_runs_once_the_input_has_paused(qtbot: QtBot, clock: Clock) -> None:
    owner = QObject()
    edit = QLineEdit()
    qtbot.addWidget(edit)
    edit.show()
    ran: list[float] = []
    InputPause(owner, lambda: ran.append(clock.now), pause_ms=150)
    for _ in range(12):  # a key every 50 ms: never a pause of 150
        qtbot.keyClick(edit, Qt.Key.Key_A)
        clock.now += 0.05
        qtbot.wait(20)  # a negative: the pause timer fires meanwhile and finds no pause
        assert not ran
    typing_until = clock.now
    clock.now += 0.15
    qtbot.waitUntil(lambda: bool(ran), timeout=2000)
    assert ran[0] - typing_until >= 0.1
    qtbot.wait(200)  # a negative: a second run would come within one pause
    assert len(ran) == 1


def test_cancelled_or_orphaned_it_never_runs(qtbot: QtBot) -> None:
    ran: list[bool] = []
    owner = QObject()
    pause = InputPause(owner, lambda: ran.append(True), pause_ms=50)
    pause.cancel()
    gone = QObject()
    InputPause(gone, lambda: ran.append(True), pause_ms=50)
    gone.deleteLater()
    later: list[bool] = []
    InputPause(owner, lambda: later.append(True), pause_ms=100)  # due after both
    qtbot.waitUntil(lambda: bool(later), timeout=3000)
    assert ran == []


def test_pauses_waiting_at_once_share_one_filter_of_the_input(
    qtbot: QtBot, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """B13: every pause watches the input through one application-wide filter, a Python
    call per event however many pauses wait (five do at start-up); the filter goes once
    the last of them has run, been cancelled or lost its owner."""
    monkeypatch.setattr(idle, "_watch", None)  # a watch of its own, whatever ran before
    filters: list[str] = []
    app = QApplication.instance()
    assert app is not None
    monkeypatch.setattr(type(app), "installEventFilter",
                        lambda _app, _filter: filters.append("installed"))
    monkeypatch.setattr(type(app), "removeEventFilter",
                        lambda _app, _filter: filters.append("removed"))
    edit = QLineEdit()
    qtbot.addWidget(edit)
    edit.show()
    owner, gone = QObject(), QObject()
    ran: list[int] = []
    for n in range(4):
        InputPause(owner, lambda n=n: ran.append(n), pause_ms=100 + 50 * n)
    InputPause(gone, lambda: ran.append(9), pause_ms=100)
    cancelled = InputPause(owner, lambda: ran.append(8), pause_ms=100)
    qtbot.wait(20)
    assert filters == ["installed"]
    cancelled.cancel()
    gone.deleteLater()
    watch = idle._input_watch()
    assert watch is not None
    watch.eventFilter(edit, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A,
                                      Qt.KeyboardModifier.NoModifier, "a"))
    typed = clock.now
    clock.now += 0.12  # the first pause's 100 ms after the key, not from its own start
    qtbot.waitUntil(lambda: ran == [0], timeout=2000)
    clock.now += 1
    qtbot.waitUntil(lambda: ran == [0, 1, 2, 3], timeout=3000)
    qtbot.waitUntil(lambda: filters == ["installed", "removed"], timeout=2000)
    assert watch.last_input == typed


def test_the_after_paint_worker_runs_its_jobs_in_turn_on_one_thread(qtbot: QtBot) -> None:
    """B13: the Python left for after the first paint runs one job at a time on one
    worker thread, so the GUI thread waits for the interpreter lock behind one thread."""
    gate = threading.Event()
    ran: list[tuple[str, str]] = []

    def job(name: str) -> None:
        if name == "first":
            gate.wait(5)
        ran.append((name, threading.current_thread().name))

    for name in ("first", "second", "third"):
        idle.in_background(lambda name=name: job(name))
    assert idle.background_busy()
    qtbot.wait(50)
    assert ran == []  # the second waits for the first, however long it takes
    gate.set()
    qtbot.waitUntil(lambda: not idle.background_busy(), timeout=3000)
    assert [name for name, _thread in ran] == ["first", "second", "third"]
    assert {thread for _name, thread in ran} == {"si-desktop-after-paint"}


def test_a_failing_job_leaves_the_worker_running(qtbot: QtBot) -> None:
    ran: list[bool] = []

    def fails() -> None:
        raise RuntimeError("broken")

    idle.in_background(fails)
    idle.in_background(lambda: ran.append(True))
    qtbot.waitUntil(lambda: ran == [True] and not idle.background_busy(), timeout=3000)


def test_the_refresh_at_start_waits_for_the_after_paint_work(
    qtbot: QtBot, context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """B13: the refresh at start (the API client's import, then parsing pages) does not
    take turns at the interpreter lock with the work left for after the first paint; it
    begins once that work is done, and is still pending meanwhile."""
    service = context.offline
    started: list[bool] = []
    monkeypatch.setattr(service, "refresh", lambda: started.append(True))
    context.set_workspace(FakeWorkspace())
    gate = threading.Event()
    idle.in_background(lambda: gate.wait(5))
    qtbot.wait(idle.PAUSE_MS + 200)  # the input paused while that work runs
    assert started == [] and service._first_refresh is not None
    gate.set()
    qtbot.waitUntil(lambda: started == [True], timeout=3000)
    assert service._first_refresh is None
    qtbot.wait(500)
    assert started == [True]  # once


def test_work_on_the_worker_then_here_and_never_for_an_owner_gone(qtbot: QtBot) -> None:
    owner = QObject()
    seen: list[tuple[str, str]] = []
    idle.in_background_then(
        owner, lambda: seen.append(("job", threading.current_thread().name)),
        lambda: seen.append(("then", threading.current_thread().name)))
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=3000)
    assert seen == [("job", "si-desktop-after-paint"), ("then", "MainThread")]

    gone = QObject()
    gate = threading.Event()
    later: list[bool] = []
    idle.in_background_then(gone, lambda: gate.wait(5), lambda: later.append(True))
    gone.deleteLater()
    qtbot.wait(20)
    gate.set()
    qtbot.waitUntil(lambda: not idle.background_busy(), timeout=3000)
    qtbot.wait(50)
    assert later == []
