"""The issue's whole story over loopback, in the full window on a demo sandbox: for a demo
client a bookkeeper invites a client user as viewer, sees the pending invitation, makes an
API key and sees it exactly once, revokes it, and the access overview shows it all for that
client."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import QLocale, QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from si_desktop.datadir import ensure_private_dir
from si_desktop.sandbox import SandboxServer
from si_desktop.sync.connection import Connection
from si_desktop.ui.access_overview import Show, open_access_overview
from si_desktop.ui.context import AppContext
from si_desktop.ui.main_window import MainWindow
from si_desktop.ui.pages.access import AccessPage, InviteDialog, KeyOnceDialog, NewKeyDialog
from si_desktop.ui.unsaved import DISCARD

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
WAIT = 15_000


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[SandboxServer]:
    server = SandboxServer(db_path=str(tmp_path / "demo.sqlite3"), clients=6, seed=0)
    server.start()
    try:
        yield server
    finally:
        server.close()


def test_invite_a_viewer_make_and_revoke_a_key_and_see_it_in_the_overview(
    qtbot: QtBot, data_dir: Path, demo: SandboxServer
) -> None:
    folder = ensure_private_dir(data_dir)
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    context = AppContext(data_dir=folder, settings=settings, collation_locale=QLocale("sl_SI"))
    window = MainWindow(context)
    qtbot.addWidget(window)
    try:
        window.open_connection(Connection(base_url=demo.url, api_key=demo.api_key, demo=True))
        window.show()
        switcher = window.switcher
        qtbot.waitUntil(lambda: switcher.proxy.rowCount() == 6, timeout=WAIT)
        # a demo client nobody outside the firm can reach yet
        entity_id = _client_without_access(demo)
        window.request_client(entity_id)
        page = next(p for p in window.pages if isinstance(p, AccessPage))
        window.tabs.setCurrentWidget(page)
        qtbot.waitUntil(lambda: page.view is not None and page.view.live
                        and page.view.entity_id == entity_id, timeout=WAIT)
        assert page.summary_label.text() == "No one outside the firm has access"

        shown_keys: list[str] = []

        def open_dialog(dialog: QDialog) -> bool:
            if isinstance(dialog, InviteDialog):
                dialog.email.setText("racunovodstvo@stranka.si")
                dialog.roles.buttons["viewer"].setChecked(True)
            elif isinstance(dialog, NewKeyDialog):
                dialog.name.setText("Spletna trgovina")
            else:
                assert isinstance(dialog, KeyOnceDialog)
                shown_keys.append(dialog.field.text())
                dialog.copy_button.click()
                return True
            dialog.submit()  # type: ignore[attr-defined]
            qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted,
                            timeout=WAIT)
            return True

        page.open_dialog = open_dialog  # type: ignore[method-assign]
        page.invite()
        assert page.summary_label.text() == "1 pending invitation"
        assert page.invitations.data(page.invitations.index(0, 2)) == "Pending"

        page.new_key()
        assert len(shown_keys) == 1  # exactly once
        key = shown_keys[0]
        assert page.summary_label.text().startswith("1 pending invitation · 1 API key")
        assert key not in repr(page.data)

        overview = open_access_overview(window)
        assert overview is not None
        qtbot.waitUntil(lambda: not overview.running and overview.model.rowCount() == 6,
                        timeout=WAIT)
        cells = _overview_row(overview, entity_id)
        assert cells[1:5] == ["Users and API keys", "0", "1", "1"]
        overview.filter.setCurrentIndex(overview.filter.findData(Show.KEYS))
        assert entity_id in _shown_ids(overview)

        page.keys_view.selectRow(0)
        page.confirm = lambda box: True  # type: ignore[method-assign]
        page.revoke_key()
        qtbot.waitUntil(lambda: page.keys.rowCount() == 0, timeout=WAIT)
        assert page.summary_label.text() == "1 pending invitation"
        with httpx.Client(base_url=demo.url, headers={"Authorization": f"Bearer {key}"}) as as_key:
            assert as_key.get("/entities").status_code == 401
        overview.start()
        qtbot.waitUntil(lambda: not overview.running, timeout=WAIT)
        assert entity_id not in _shown_ids(overview)  # no key any more
        overview.filter.setCurrentIndex(overview.filter.findData(Show.PEOPLE))
        assert entity_id in _shown_ids(overview)
        assert _overview_row(overview, entity_id)[1:5] == ["Users", "0", "1", "0"]
        overview.close()
        QGuiApplication.clipboard().clear()
    finally:
        window.ask_unsaved = lambda: DISCARD  # type: ignore[method-assign]
        window.close()
        context.close()


def _client_without_access(server: SandboxServer) -> str:
    with httpx.Client(base_url=server.url,
                      headers={"Authorization": f"Bearer {server.api_key}"}) as http:
        for entity in http.get("/entities", params={"limit": 100}).json()["data"]:
            scoped = {"x-entity-id": entity["id"]}
            empty = all(not http.get(path, headers=scoped).json()["data"] for path in (
                "/entities/users", "/entities/invitations", "/entities/api-keys"))
            if empty:
                return str(entity["id"])
    raise AssertionError("every demo client has some access")


def _overview_row(overview: Any, entity_id: str) -> list[str]:
    model = overview.model
    for row in range(model.rowCount()):
        if model.row_at(row)[0].entity_id == entity_id:
            return list(model.cells(row))
    raise AssertionError(f"{entity_id} is not in the overview")


def _shown_ids(overview: Any) -> list[str]:
    proxy = overview.proxy
    rows = [proxy.mapToSource(proxy.index(r, 0)).row() for r in range(proxy.rowCount())]
    return [overview.model.row_at(row)[0].entity_id for row in rows]
