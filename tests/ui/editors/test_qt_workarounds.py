"""PySide6 6.12 drops a reference to None on every void call; on Python 3.11 the app would
abort after a few thousand calls unless `si_desktop.ui` protects None."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from si_desktop.ui.qt_workarounds import protect_none


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from 3.12 on")
def test_none_survives_many_void_calls(qtbot: QtBot) -> None:
    protect_none()
    protect_none()  # idempotent
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(20_000):
        label.setText("x")
    assert sys.getrefcount(None) > 1 << 39
    assert before - sys.getrefcount(None) <= 20_000
