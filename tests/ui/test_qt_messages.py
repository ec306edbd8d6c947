"""The offscreen run's filter of Qt's own messages: the size-hint complaint goes, every other
message still reaches the handler installed before (here pytest-qt's)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import qWarning
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from si_desktop.ui.qt_messages import install_offscreen_filter, is_offscreen_noise

NOISE = "This plugin does not support propagateSizeHints()"


def test_only_the_offscreen_platforms_size_hint_complaint_is_noise() -> None:
    assert is_offscreen_noise(NOISE, "offscreen")
    assert not is_offscreen_noise(NOISE, "xcb")  # on a real screen it would mean something
    assert not is_offscreen_noise("QFont::setPointSizeF: Point size <= 0", "offscreen")


def test_a_dialog_shown_offscreen_leaves_no_size_hint_message(qtbot: QtBot, qtlog: Any) -> None:
    restore = install_offscreen_filter()
    try:
        dialog = QDialog()
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.setMinimumSize(200, 100)  # a shown window's size hints change
        qWarning("something else went wrong")
    finally:
        restore()
    messages = [record.message for record in qtlog.records]
    assert NOISE not in messages
    assert "something else went wrong" in messages


def test_without_the_filter_the_complaint_is_there(qtbot: QtBot, qtlog: Any) -> None:
    """The check above can fail: the same steps do print it when nothing filters."""
    dialog = QDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.setMinimumSize(200, 100)
    assert NOISE in [record.message for record in qtlog.records]
