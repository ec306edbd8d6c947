"""The error banner: non-modal, plain text, repeats counted instead of stacked."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from si_desktop.ui.banner import ErrorBanner


def test_banner_counts_repeats_and_dismisses(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    banner = ErrorBanner(parent)
    parent.show()
    assert not banner.isVisible()
    banner.show_error("Cannot reach <b>server</b>")
    assert banner.isVisible()
    assert banner.label.textFormat() == Qt.TextFormat.PlainText
    banner.show_error("Cannot reach <b>server</b>")
    assert banner.label.text().endswith("(2 times)")
    banner.show_error("Another problem")
    assert banner.label.text() == "Another problem"
    retried: list[bool] = []
    banner.retry_requested.connect(lambda: retried.append(True))
    banner.retry_button.click()
    assert retried == [True] and not banner.isVisible()
    banner.show_error("x")
    banner.dismiss_button.click()
    assert not banner.isVisible() and banner.message == ""
