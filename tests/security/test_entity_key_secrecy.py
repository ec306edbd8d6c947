"""A new entity key is shown once and kept nowhere: after making one in the Access tab (and
copying, revoking, reading the overview, refreshing), neither the key nor its secret part is
in the log (at DEBUG), the cache file, the settings or anything else in the data folder. A
service that echoes an `ek_` key into an error cannot put it in the log or the banner
either."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import stamina
from PySide6.QtCore import QLocale, QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from starlette.applications import Starlette

from si_desktop.datadir import ensure_private_dir
from si_desktop.logs import configure_logging, install_crash_logging
from si_desktop.sync.connection import Connection
from si_desktop.ui import main_window as mw
from si_desktop.ui.access_overview import open_access_overview
from si_desktop.ui.context import AppContext
from si_desktop.ui.main_window import MainWindow
from si_desktop.ui.pages.access import AccessPage, KeyOnceDialog, NewKeyDialog
from tests.fixtures.sandbox import ASGI_BASE_URL
from tests.unit.sync.conftest import Switch

WAIT = 10_000


@pytest.fixture
def app_logging(data_dir: Path) -> Iterator[Path]:
    """The app's own logging at DEBUG into the data folder, put back afterwards."""
    ensure_private_dir(data_dir)
    logger = logging.getLogger("si_desktop")
    saved = (list(logger.handlers), logger.level, logger.propagate)
    hooks = (sys.excepthook, threading.excepthook)
    path = configure_logging(data_dir, logging.DEBUG)
    install_crash_logging()
    with stamina.set_testing(True, attempts=2):
        yield path
    sys.excepthook, threading.excepthook = hooks
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        if handler not in saved[0]:
            handler.close()
    for handler in saved[0]:
        logger.addHandler(handler)
    logger.setLevel(saved[1])
    logger.propagate = saved[2]


def traces_in(folder: Path, secret: str) -> list[Path]:
    """Every file under `folder` holding the key or its secret part."""
    for handler in logging.getLogger("si_desktop").handlers:
        handler.flush()
    tells = (secret.encode(), secret.split("_", 2)[2].encode())
    found = []
    for path in folder.rglob("*"):
        try:
            data = path.read_bytes()
        except (IsADirectoryError, FileNotFoundError):
            continue
        if any(tell in data for tell in tells):
            found.append(path)
    return found


def test_a_new_key_leaves_no_trace_in_the_data_folder(
    qtbot: QtBot, data_dir: Path, app_logging: Path, sandbox_app: Starlette,
    sandbox_key: str,
) -> None:
    folder = ensure_private_dir(data_dir)
    switch = Switch(sandbox_app)
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    context = AppContext(data_dir=folder, settings=settings, collation_locale=QLocale("sl_SI"),
                         transport=switch)
    window = MainWindow(context, [AccessPage])
    qtbot.addWidget(window)
    window.ask_unsaved = lambda: mw.DISCARD  # type: ignore[method-assign]
    try:
        window.open_connection(Connection(base_url=ASGI_BASE_URL, api_key=sandbox_key))
        window.show()

        async def make() -> str:
            api = await context.workspace.api()
            return str((await api.entities.create(name="Prva", country="Slovenia")).id)

        entity_id = context.bridge.call(make(), timeout=10)
        qtbot.waitUntil(lambda: window.switcher.model.record(entity_id) is not None,
                        timeout=WAIT)
        window.request_client(entity_id)
        page = window.pages[0]
        assert isinstance(page, AccessPage)
        qtbot.waitUntil(lambda: page.view is not None and page.view.live, timeout=WAIT)
        shown: list[str] = []

        def open_dialog(dialog: QDialog) -> bool:
            if isinstance(dialog, KeyOnceDialog):
                shown.append(dialog.field.text())
                dialog.copy_button.click()
                return True
            assert isinstance(dialog, NewKeyDialog)
            dialog.name.setText("Web shop")
            dialog.submit()
            qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted,
                            timeout=WAIT)
            return True

        page.open_dialog = open_dialog  # type: ignore[method-assign]
        page.new_key()
        (secret,) = shown
        assert secret.startswith("ek_live_")
        # more of what the app does afterwards: a refresh, the overview, a revocation
        context.offline.refresh()
        qtbot.waitUntil(lambda: not context.offline.refreshing, timeout=WAIT)
        overview = open_access_overview(window)
        assert overview is not None
        qtbot.waitUntil(lambda: not overview.running, timeout=WAIT)
        overview.close()
        page.keys_view.selectRow(0)
        page.confirm = lambda box: True  # type: ignore[method-assign]
        page.revoke_key()
        qtbot.waitUntil(lambda: page.keys.rowCount() == 0, timeout=WAIT)
        log_text = app_logging.read_text(encoding="utf-8")
        assert "POST /entities/api-keys -> 201" in log_text  # the log did see the work
        assert traces_in(folder, secret) == []
        QGuiApplication.clipboard().clear()
        shown.clear()
    finally:
        window.close()
        context.close()
        context.deleteLater()
    assert traces_in(folder, secret) == []  # the cache file closed, settings written


def test_an_ek_key_echoed_by_the_service_is_redacted(
    qtbot: QtBot, context: AppContext, app_logging: Path,
) -> None:
    """A service that names an entity key in its refusal: the log line and the banner say
    `[redacted]` instead."""
    import httpx

    from si_desktop.sync.workspace import Workspace

    echoed = "ek_live_" + "7e57" * 8

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/entities/users":
            return httpx.Response(403, json={"code": "forbidden",
                                             "message": f"key {echoed} may not do this"})
        return httpx.Response(200, json={"data": [], "pagination": {"total": 0}})

    workspace = Workspace.in_memory(
        Connection(base_url="https://api.example.test", api_key="sk_live_" + "1" * 32),
        transport=httpx.MockTransport(handler))
    banner: list[str] = []
    context.error_reported.connect(banner.append)

    async def view() -> Any:
        return await workspace.access.view("ent_" + "a" * 24)

    result = context.bridge.call(view(), timeout=10)
    context.report_failure(result.problem)
    for handler_ in logging.getLogger("si_desktop").handlers:
        handler_.flush()
    text = app_logging.read_text(encoding="utf-8")
    assert "403" in text and echoed not in text and echoed[8:] not in text
    assert banner and echoed not in banner[0] and "[redacted]" in banner[0]
    assert echoed not in str(result.problem)
