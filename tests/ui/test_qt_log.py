"""Qt's own warnings reach the app's log (si_desktop/ui/qt_log.py), not only stderr; and
Help → Open log folder shows the folder they are in."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl, qCritical, qInstallMessageHandler, qWarning
from pytestqt.qtbot import QtBot

from si_desktop.logs import configure_logging
from si_desktop.ui.context import AppContext
from si_desktop.ui.main_window import MainWindow
from si_desktop.ui.qt_log import MAX_REPEATS, QtMessageLog


@pytest.fixture
def handler() -> Iterator[QtMessageLog]:
    installed = QtMessageLog()
    installed.previous = qInstallMessageHandler(installed)
    try:
        yield installed
    finally:
        qInstallMessageHandler(installed.previous)


@pytest.fixture
def app_logging(data_dir: Path) -> Iterator[Path]:
    logger = logging.getLogger("si_desktop")
    saved = (list(logger.handlers), logger.level, logger.propagate)
    yield configure_logging(data_dir)
    for old in list(logger.handlers):
        logger.removeHandler(old)
        if old not in saved[0]:
            old.close()
    for old in saved[0]:
        logger.addHandler(old)
    logger.setLevel(saved[1])
    logger.propagate = saved[2]


def test_qt_warnings_go_to_the_log_file_and_only_errors_to_the_terminal(
    qapp: object, handler: QtMessageLog, app_logging: Path
) -> None:
    console = next(h for h in logging.getLogger("si_desktop").handlers
                   if h.get_name() == "si-desktop-console")
    assert isinstance(console, logging.StreamHandler)
    terminal = io.StringIO()
    console.setStream(terminal)
    qWarning("a plugin cannot do propagateSizeHints")
    qCritical("a critical Qt failure")
    for handle in logging.getLogger("si_desktop").handlers:
        handle.flush()
    text = app_logging.read_text(encoding="utf-8")
    assert "WARNING si_desktop.qt: [default] a plugin cannot do propagateSizeHints" in text
    assert "ERROR si_desktop.qt: [default] a critical Qt failure" in text
    err = terminal.getvalue()
    assert "a critical Qt failure" in err
    assert "si_desktop.qt: [default] a plugin cannot" not in err


def test_a_repeated_message_is_logged_a_few_times_only(
    qapp: object, handler: QtMessageLog, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG, logger="si_desktop.qt"):
        for _ in range(MAX_REPEATS + 20):
            qWarning("the same warning")
    lines = [r.getMessage() for r in caplog.records if "the same warning" in r.getMessage()]
    assert len(lines) == MAX_REPEATS and lines[-1].endswith("(repeated; not logged again)")


def test_help_opens_the_log_folder(qtbot: QtBot, context: AppContext) -> None:
    window = MainWindow(context)
    qtbot.addWidget(window)
    opened: list[QUrl] = []
    context.open_url = lambda url: opened.append(url) or True
    action = next(a for a in window.findChildren(type(window.quit_action))
                  if a.objectName() == "openLogFolder")
    help_menu = next(m.menu() for m in window.menuBar().actions() if "Help" in m.text())
    assert action in help_menu.actions()
    action.trigger()
    folder = context.data_dir / "logs"
    assert [url.toLocalFile() for url in opened] == [str(folder)]
    assert folder.is_dir()
