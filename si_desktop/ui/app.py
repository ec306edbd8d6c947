"""The Qt application: builds the one context, the main window, and runs the event loop."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QApplication

from si_desktop.sync import Connection
from si_desktop.ui.context import AppContext


def tr(text: str) -> str:
    return QCoreApplication.translate("App", text)


def settings_for(data_dir: Path) -> QSettings:
    """Window and app preferences, in the data folder and nowhere else."""
    return QSettings(str(data_dir / "settings.ini"), QSettings.Format.IniFormat)


def application(offscreen: bool = False) -> QApplication:
    if offscreen and "QT_QPA_PLATFORM" not in os.environ:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(sys.argv[:1])
    app.setApplicationName("si-desktop")
    app.setApplicationDisplayName("si-desktop")
    app.setOrganizationName("si-desktop")
    app.setDesktopFileName("si-desktop")
    return app


def build_context(
    data_dir: Path,
    *,
    start_demo: Callable[[], Connection] | None = None,
) -> AppContext:
    return AppContext(data_dir=data_dir, settings=settings_for(data_dir), start_demo=start_demo)


def run_app(
    *,
    data_dir: Path,
    connection: Connection | None = None,
    start_demo: Callable[[], Connection] | None = None,
    screenshots: Path | None = None,
) -> int:
    """Open the window on `connection`, else on the saved account, else on the welcome page.
    With `screenshots`, render the window to PNG files there instead and return."""
    app = application(offscreen=screenshots is not None)
    from si_desktop.ui.connect import saved_connection
    from si_desktop.ui.main_window import MainWindow

    context = build_context(data_dir, start_demo=start_demo)
    window: MainWindow | None = None
    try:
        if connection is None:
            connection = saved_connection(context)
        window = MainWindow(context)
        if connection is not None:
            window.open_connection(connection)
        if screenshots is not None:
            from si_desktop.ui.screenshots import take_screenshots

            return take_screenshots(window, screenshots)
        window.show()
        return app.exec()
    finally:
        if window is not None:
            window.deleteLater()
        context.close()
        QApplication.sendPostedEvents()
