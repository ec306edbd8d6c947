"""Background work that waits for a pause in the user's input."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from si_desktop.ui import idle
from si_desktop.ui.idle import InputPause


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
