"""The error banner: non-modal, plain text, repeats counted instead of stacked."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from si_desktop.api import errors
from si_desktop.ui.banner import ErrorBanner
from si_desktop.ui.context import AppContext
from si_desktop.ui.main_window import MainWindow


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
    banner.show_error("Another problem", retryable=True)
    assert banner.label.text() == "Another problem"
    retried: list[bool] = []
    banner.retry_requested.connect(lambda: retried.append(True))
    banner.retry_button.click()
    assert retried == [True] and not banner.isVisible()
    banner.show_error("x")
    banner.dismiss_button.click()
    assert not banner.isVisible() and banner.message == ""


def test_retry_is_offered_only_when_asked_for(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    banner = ErrorBanner(parent)
    parent.show()
    banner.show_error("Space Invoices had a problem answering", retryable=True)
    assert banner.retry_button.isVisible()
    banner.show_error("Some values were not accepted")
    assert banner.isVisible() and not banner.retry_button.isVisible()


@pytest.mark.parametrize(
    ("failure", "retry"),
    [
        (errors.ServerError("Bad gateway", status=502, code="server_error"), True),
        (errors.RateLimitError("Slow down", status=429, code="rate_limit_exceeded"), True),
        (errors.ValidationError("Invalid", status=422, code="validation_error"), False),
        (errors.AuthenticationError("No", status=401, code="unauthorized"), False),
        (errors.NotFoundError("Gone", status=404, code="not_found"), False),
    ],
)
def test_the_window_offers_retry_for_failures_a_retry_can_cure(
    qtbot: QtBot, context: AppContext, failure: errors.ApiError, retry: bool
) -> None:
    """Before: every message came with Retry, a refused value and a keychain notice too."""
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    context.report_failure(failure)
    assert not window.banner.isHidden()
    assert window.banner.retry_button.isHidden() is not retry


def test_a_notice_comes_without_retry(qtbot: QtBot, context: AppContext) -> None:
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    context.report_error("The system keychain is not available: the key is kept in memory.")
    assert not window.banner.isHidden() and window.banner.retry_button.isHidden()
    context.report_error("Cannot reach Space Invoices.", retryable=True)
    assert not window.banner.retry_button.isHidden()
