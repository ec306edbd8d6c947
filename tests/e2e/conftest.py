"""The window the end-to-end tests drive: a real MainWindow on the loopback sandbox, its
settings in the test's data folder. Each test module provides `seeded`, the data it needs on
the sandbox before the window opens."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QLocale, QSettings
from pytestqt.qtbot import QtBot

from si_desktop.datadir import ensure_private_dir
from si_desktop.sandbox import SandboxServer
from si_desktop.sync.connection import Connection
from si_desktop.ui.context import AppContext
from si_desktop.ui.main_window import MainWindow
from si_desktop.ui.unsaved import DISCARD


@pytest.fixture
def window(
    qtbot: QtBot,
    data_dir: Path,
    sandbox_server: SandboxServer,
    sandbox_key: str,
    seeded: Any,
) -> Iterator[MainWindow]:
    folder = ensure_private_dir(data_dir)
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    context = AppContext(data_dir=folder, settings=settings, collation_locale=QLocale("sl_SI"))
    win = MainWindow(context)
    qtbot.addWidget(win)
    win.open_connection(Connection(base_url=sandbox_server.url, api_key=sandbox_key))
    win.show()
    try:
        yield win
    finally:
        win.ask_unsaved = lambda: DISCARD  # type: ignore[method-assign]
        win.close()
        context.close()
