"""The window half of `si-desktop --self-test`: check the Slovenian catalog loads, open the
window on a given server, switch between two clients, edit one field on the second and save
it through the window's own Save action. What the server then holds is checked by the
caller, over HTTP.

This module only drives the UI: the caller (`si_desktop.selftest`) starts the sandbox and
hands over a base URL and a key, as it does for `--demo`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt
from PySide6.QtWidgets import QLineEdit

from si_desktop.sync.connection import Connection

FIELD = "address_2"  # an optional text field every client has, free to overwrite
TIMEOUT_S = 60.0


class SelfTestFailure(Exception):
    """A step of the self-test did not happen; the message says which."""


@dataclass(frozen=True)
class Edited:
    entity_id: str
    field: str
    value: str
    visited: tuple[str, ...]


def _wait(condition: Callable[[], bool], what: str, timeout: float = TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        if condition():
            return
        time.sleep(0.01)
    raise SelfTestFailure(f"timed out after {timeout:.0f} s waiting for {what}")


def check_translations(data_dir: Path) -> None:
    """The Slovenian catalog is there (shipped, or compiled from its source) and loads."""
    from si_desktop.ui.i18n import SLOVENIAN, CatalogTranslator, catalog_path

    path = catalog_path(SLOVENIAN, data_dir)
    probe = CatalogTranslator()
    if path is None or not probe.load(str(path)):
        raise SelfTestFailure("the Slovenian translations cannot be loaded")
    menu = "&File"  # a variable: a literal here would be a new message for pyside6-lupdate
    if not probe.translate("MainWindow", menu):
        raise SelfTestFailure(f"the Slovenian translations in {path} are empty")


def drive_window(data_dir: Path, connection: Connection, value: str) -> Edited:
    """Open the window, visit two clients, set the second one's `FIELD` to `value` and save.
    Raises SelfTestFailure naming the step that failed."""
    from si_desktop.ui.app import application, build_context
    from si_desktop.ui.main_window import MainWindow
    from si_desktop.ui.pages.overview import OverviewPage
    from si_desktop.ui.preferences import apply_preferences

    application()
    check_translations(data_dir)
    context = build_context(data_dir)
    apply_preferences(context)
    window = MainWindow(context)
    try:
        window.open_connection(connection)
        window.resize(1280, 800)
        window.show()
        switcher = window.switcher
        _wait(lambda: switcher.proxy.rowCount() >= 2, "two clients in the switcher")
        ids = [
            str(switcher.proxy.index(row, 0).data(Qt.ItemDataRole.UserRole + 1))
            for row in range(2)
        ]
        overview = next((p for p in window.pages if isinstance(p, OverviewPage)), None)
        if overview is None:
            raise SelfTestFailure("the window has no Overview page")
        window.tabs.setCurrentWidget(overview)
        for entity_id in ids:
            window.request_client(entity_id)

            def shown(entity_id: str = entity_id) -> bool:
                record = overview.record or {}
                return (
                    context.current_client_id == entity_id
                    and not overview.is_loading
                    and record.get("id") == entity_id
                )

            _wait(shown, f"client {entity_id} to open")
        edit = overview.findChild(QLineEdit, FIELD)
        if edit is None:
            raise SelfTestFailure(f"no {FIELD!r} field on the Overview page")
        edit.setFocus()
        edit.selectAll()
        edit.insert(value)  # like typing: emits textEdited, which marks the page dirty
        _wait(overview.is_dirty, "the edit to mark the page unsaved", timeout=5)
        window.save_action.trigger()
        _wait(
            lambda: not overview.is_saving and not overview.is_dirty(),
            "the save to finish",
        )
        if window.banner.isVisible() and window.banner.message:
            raise SelfTestFailure(f"the window reported: {window.banner.message}")
        return Edited(ids[1], FIELD, value, tuple(ids))
    finally:
        window.close()
        window.deleteLater()
        context.close()
        QCoreApplication.sendPostedEvents()
