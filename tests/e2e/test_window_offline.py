"""The whole window offline, against the sandbox over loopback: a first session fills the
cache; the next starts with the sandbox stopped and every page of a client is readable; an
edit made offline survives a restart and arrives when the sandbox is back; a conflict is
resolved in the dialog."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import stamina
from pytestqt.qtbot import QtBot

from si_desktop.datadir import ensure_private_dir
from si_desktop.sandbox import SandboxServer
from si_desktop.sync.connection import Connection
from si_desktop.ui import main_window as mw
from si_desktop.ui.app import build_context
from si_desktop.ui.context import AppContext
from si_desktop.ui.main_window import MainWindow
from si_desktop.ui.offline.conflicts import THEIRS
from si_desktop.ui.offline.widgets import OfflineBanner
from si_desktop.ui.pages.base import ClientPage
from si_desktop.ui.pages.overview import OverviewPage
from si_desktop.ui.pages.units import BusinessUnitsPage

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture(autouse=True)
def no_sleeping() -> Iterator[None]:
    with stamina.set_testing(True, attempts=1):
        yield


def http(server: SandboxServer, entity_id: str | None = None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {server.api_key}"}
    if entity_id:
        headers["x-entity-id"] = entity_id
    return httpx.Client(base_url=server.url, headers=headers, timeout=10)


class App:
    """One run of the app on the data folder: context, cache and window; `quit()` tears it
    all down (window, bridge thread, cache file)."""

    def __init__(self, folder: Path, server: SandboxServer) -> None:
        self.context: AppContext = build_context(folder)
        self.service = self.context.offline
        self.window = MainWindow(self.context)
        self.window.ask_unsaved = lambda: mw.DISCARD  # type: ignore[method-assign]
        self.window.open_connection(Connection(base_url=server.url, api_key=server.api_key))
        self.window.show()

    closed = False

    def quit(self) -> None:
        self.closed = True
        self.window.close()
        self.window.deleteLater()
        self.context.close()
        self.context.deleteLater()


@pytest.fixture
def apps(qtbot: QtBot) -> Iterator[list[App]]:
    started: list[App] = []
    yield started
    for app in started:
        if not app.closed:
            app.quit()


def page_of(window: MainWindow, kind: type[ClientPage]) -> Any:
    """The page, on screen: a tab behind another fills its widgets when it is shown."""
    page = next(page for page in window.pages if isinstance(page, kind))
    window.tabs.setCurrentWidget(page)
    return page


def test_offline_review_edit_restart_and_send(
    qtbot: QtBot, sandbox_server: SandboxServer, tmp_path: Path, apps: list[App]
) -> None:
    folder = ensure_private_dir(tmp_path / "data")
    with http(sandbox_server) as client:
        entity = client.post("/entities", json={"name": "Kovač d.o.o.", "country": "Slovenia",
                                                "city": "Celje"}).json()
        client.post("/entities", json={"name": "Alpe d.o.o.", "country": "Slovenia"})
    entity_id = entity["id"]
    with http(sandbox_server, entity_id) as client:
        client.post("/business-units", json={"name": "Trgovina Bled"}).raise_for_status()

    # a first session fills the cache
    first = App(folder, sandbox_server)
    apps.append(first)
    assert first.service is not None
    qtbot.waitUntil(lambda: first.window.switcher.model.rowCount() == 2, timeout=10_000)
    qtbot.waitUntil(lambda: not first.service.refreshing, timeout=10_000)  # type: ignore[union-attr]
    first.window.request_client(entity_id)
    qtbot.waitUntil(lambda: all(page.data is not None for page in first.window.pages),
                    timeout=10_000)
    first.quit()

    # the next start has no network: everything is readable from the cache
    sandbox_server.stop()
    second = App(folder, sandbox_server)
    apps.append(second)
    window = second.window
    assert window.switcher.model.rowCount() == 2  # before any request
    assert window.context.current_client_id == entity_id  # the last client, reopened
    banner = window.findChild(OfflineBanner, "offlineBanner")
    assert banner is not None
    qtbot.waitUntil(banner.isVisible, timeout=10_000)
    assert banner.text.startswith("Offline — showing what was saved at ")
    for page in window.pages:
        window.tabs.setCurrentWidget(page)
        qtbot.waitUntil(lambda p=page: p.data is not None and not p.is_loading, timeout=5000)
        assert not page.message_label.isVisible(), page.page_id
    overview = page_of(window, OverviewPage)
    assert overview.edits["city"].text() == "Celje"
    units = page_of(window, BusinessUnitsPage)
    assert units.model.rowCount() == 1

    overview.edits["city"].setText("Maribor")
    overview.edits["city"].textEdited.emit("Maribor")
    assert overview.save()
    assert second.service is not None
    qtbot.waitUntil(lambda: second.service.pending_count(entity_id) == 1,  # type: ignore[union-attr]
                    timeout=10_000)
    second.quit()

    # restart, still offline: the edit is still there, shown as waiting
    third = App(folder, sandbox_server)
    apps.append(third)
    service = third.service
    assert service is not None
    assert service.pending_count(entity_id) == 1
    overview = page_of(third.window, OverviewPage)
    qtbot.waitUntil(lambda: overview.edits["city"].text() == "Maribor", timeout=5000)
    line = third.window.offline_ui.line if third.window.offline_ui is not None else None
    assert line is not None
    qtbot.waitUntil(lambda: line.pending_label.text() == "1 change waiting to be sent")
    qtbot.waitUntil(lambda: service.offline, timeout=10_000)

    # the sandbox comes back: the edit arrives, once
    sandbox_server.start()
    service.try_again()
    qtbot.waitUntil(lambda: service.pending_count() == 0 and not service.offline,
                    timeout=15_000)
    with http(sandbox_server) as client:
        assert client.get(f"/entities/{entity_id}").json()["city"] == "Maribor"

    # a conflict: the city changed offline here and on the service meanwhile
    qtbot.waitUntil(lambda: not service.refreshing, timeout=10_000)
    sandbox_server.stop()
    third.window.refresh()
    qtbot.waitUntil(lambda: service.offline, timeout=10_000)
    qtbot.waitUntil(lambda: overview.data is not None and not overview.is_loading)
    overview.edits["city"].setText("Ptuj")
    overview.edits["city"].textEdited.emit("Ptuj")
    assert overview.save()
    qtbot.waitUntil(lambda: service.pending_count(entity_id) == 1, timeout=10_000)
    sandbox_server.start()
    with http(sandbox_server, entity_id) as client:
        client.patch(f"/entities/{entity_id}", json={"city": "Koper"}).raise_for_status()
    service.try_again()
    ui = third.window.offline_ui
    assert ui is not None
    qtbot.waitUntil(lambda: ui.dialog is not None and ui.dialog.isVisible(), timeout=15_000)
    assert ui.dialog is not None
    [box] = ui.dialog.boxes
    [field] = box.fields
    assert "Koper" in field.theirs_button.text() and "Ptuj" in field.mine_button.text()
    field.choose(THEIRS)
    assert ui.dialog.apply()
    qtbot.waitUntil(lambda: service.pending_count() == 0, timeout=10_000)
    with http(sandbox_server) as client:
        assert client.get(f"/entities/{entity_id}").json()["city"] == "Koper"
    qtbot.waitUntil(lambda: overview.edits["city"].text() == "Koper", timeout=5000)
