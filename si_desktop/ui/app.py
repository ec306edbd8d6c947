"""The Qt application: builds the one context, the main window, and runs the event loop."""

from __future__ import annotations

import importlib
import linecache
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from si_desktop.sync.connection import Connection
from si_desktop.ui.collector import settle_after_start
from si_desktop.ui.context import AppContext
from si_desktop.ui.first_paint import watch_first_paint
from si_desktop.ui.icons import icon
from si_desktop.ui.idle import InputPause, in_background_then
from si_desktop.ui.settings_file import SettingsFile

if TYPE_CHECKING:
    from si_desktop.sync.vocabulary import Store

APP_ID = "io.github.sidesktop.SiDesktop"  # the desktop file's name, see packaging/README.md
LISTEN_AFTER_MS = 200  # of quiet input after start-up, before answering a second start

log = logging.getLogger("si_desktop.ui.app")


def tr(text: str) -> str:
    return QCoreApplication.translate("App", text)


def settings_for(data_dir: Path) -> QSettings:
    """Window and app preferences, in the data folder and nowhere else. The file is made
    0600 first: QSettings keeps an existing file's permissions when it rewrites it."""
    path = data_dir / "settings.ini"
    if os.name == "posix":
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        path.chmod(0o600)
    return SettingsFile(path)


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
    # Wayland compositors and docks match the window to the menu entry and its icon by this.
    QGuiApplication.setDesktopFileName(APP_ID)
    QGuiApplication.setWindowIcon(icon("app"))
    return app


def build_context(
    data_dir: Path,
    *,
    start_demo: Callable[[], Connection] | None = None,
    open_store: Callable[[], Store] | None = None,
) -> AppContext:
    """The context, with the offline cache in the data folder behind every workspace
    (`open_store` opens it; by default it is opened when the first workspace needs it)."""
    return AppContext(data_dir=data_dir, settings=settings_for(data_dir), start_demo=start_demo,
                      open_store=open_store)


def run_app(
    *,
    data_dir: Path,
    connection: Connection | None = None,
    start_demo: Callable[[], Connection] | None = None,
    screenshots: Path | None = None,
    color_scheme: str | None = None,
    language: str | None = None,
    stop_service: Callable[[], None] | None = None,
    open_store: Callable[[], Store] | None = None,
    single_instance: bool = False,
) -> int:
    """Open the window on `connection`, else on the saved account, else on the welcome page.
    With `screenshots`, render the window to PNG files there instead and return.
    `color_scheme` and `language` override the preferences for this run. `stop_service`
    takes the demo's service away (for the offline screenshot). `open_store` opens the
    cache (see `si_desktop.store.StoreOpener`). With `single_instance` (the caller holds
    the data folder's window lock), the window answers a second start on the same folder by
    coming to the front (`ui/single_instance.py`)."""
    app = application(offscreen=screenshots is not None)
    from si_desktop.ui.main_window import MainWindow
    from si_desktop.ui.preferences import apply_preferences

    # PySide6's import hook read the source of every module imported after Qt into
    # `linecache` (about 7 MiB); nothing needs it, tracebacks read the files again.
    linecache.clearcache()
    context = build_context(data_dir, start_demo=start_demo, open_store=open_store)
    apply_preferences(context, scheme_override=color_scheme, language_override=language)
    window: MainWindow | None = None
    try:
        window = MainWindow(context, welcome=connection is None)
        if connection is not None:
            window.open_connection(connection)
        else:
            window.open_saved_account()  # the key comes from the keychain off this thread
            if screenshots is not None:
                _wait_for_keychain(context)
        if screenshots is not None:
            from si_desktop.ui.screenshots import take_screenshots

            return take_screenshots(window, screenshots, stop_service=stop_service)
        window.show()
        watch_first_paint(window.switcher.view)
        settle_after_start(window)
        if single_instance:
            _answer_second_starts(data_dir, window)
        return app.exec()
    finally:
        if window is not None:
            window.deleteLater()
        context.close()
        QApplication.sendPostedEvents()


def _answer_second_starts(data_dir: Path, window: QWidget) -> None:
    """Listen for a second start on this data folder once start-up is over (QtNetwork is
    not on the way to the first paint). Its module (QtNetwork with it) is imported on the
    after-paint worker: on the GUI thread, beside the work start-up leaves for then, the
    import was one of the window's longest stalls (B13)."""

    def listen() -> None:
        from si_desktop.ui.single_instance import InstanceServer

        if not InstanceServer(data_dir, window).listen():
            log.warning("a second start on this data folder cannot reach this window")

    def import_then_listen() -> None:
        in_background_then(
            window, lambda: importlib.import_module("si_desktop.ui.single_instance"), listen)

    InputPause(window, import_then_listen, pause_ms=LISTEN_AFTER_MS)


def _wait_for_keychain(context: AppContext, timeout: float = 30.0) -> None:
    """Screenshots of a saved account: let its key arrive (or fail) before rendering."""
    import time

    from PySide6.QtCore import QEventLoop

    deadline = time.monotonic() + timeout
    QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    while context.bridge.busy and time.monotonic() < deadline:
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.01)
