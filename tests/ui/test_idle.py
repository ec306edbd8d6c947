"""Background work that waits for a pause in the user's input."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from si_desktop.ui.idle import InputPause


def test_runs_once_the_input_has_paused(qtbot: QtBot) -> None:
    owner = QObject()
    edit = QLineEdit()
    qtbot.addWidget(edit)
    edit.show()
    ran: list[float] = []
    InputPause(owner, lambda: ran.append(time.monotonic()), pause_ms=150)
    typing_until = time.monotonic() + 0.6
    while time.monotonic() < typing_until:  # a key every 50 ms: never a pause of 150
        qtbot.keyClick(edit, Qt.Key.Key_A)
        qtbot.wait(50)
        assert not ran
    qtbot.waitUntil(lambda: bool(ran), timeout=2000)
    assert ran[0] - typing_until >= 0.1
    qtbot.wait(300)
    assert len(ran) == 1


def test_cancelled_or_orphaned_it_never_runs(qtbot: QtBot) -> None:
    ran: list[bool] = []
    owner = QObject()
    pause = InputPause(owner, lambda: ran.append(True), pause_ms=50)
    pause.cancel()
    gone = QObject()
    InputPause(gone, lambda: ran.append(True), pause_ms=50)
    gone.deleteLater()
    qtbot.wait(300)
    assert ran == []
