"""Waiting for a widget to be on screen, instead of for a guessed number of milliseconds."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from si_desktop.ui.idle import after_first_paint


def wait_painted(qtbot: QtBot, widget: QWidget, timeout: int = 5000) -> None:
    """Ask for a paint of `widget` and wait until it is done: what the widget shows now
    (filled in, laid out, its texts looked up) has been drawn by then."""
    painted: list[bool] = []
    after_first_paint(widget, lambda: painted.append(True))
    widget.update()
    qtbot.waitUntil(lambda: bool(painted), timeout=timeout)
