"""The offline cache in the window, over the sandbox in-process behind a switch that takes the
network away: the switcher filled from the cache before any request and updated in place by
a refresh, the offline banner, pending marks, a client made offline, and the conflict
dialog."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import stamina
from PySide6.QtCore import QLocale, QSettings, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from starlette.applications import Starlette

from si_desktop.datadir import ensure_private_dir
from si_desktop.store import Store, StoreError, is_local_id
from si_desktop.sync.connection import Connection, scope_of
from si_desktop.ui import main_window as mw
from si_desktop.ui.context import AppContext
from si_desktop.ui.main_window import MainWindow
from si_desktop.ui.offline import OfflineService
from si_desktop.ui.offline.conflicts import MINE, THEIRS, ConflictDialog
from si_desktop.ui.offline.widgets import OfflineBanner
from si_desktop.ui.offline.window import OfflineUi
from si_desktop.ui.pages.overview import OverviewPage
from si_desktop.ui.pages.units import BusinessUnitsPage
from si_desktop.ui.switcher.model import ClientRole
from tests.fixtures.sandbox import ASGI_BASE_URL
from tests.unit.sync.conftest import Switch

PAGES = [OverviewPage, BusinessUnitsPage]


@pytest.fixture(autouse=True)
def no_sleeping() -> Iterator[None]:
    with stamina.set_testing(True, attempts=1):
        yield


class Rig:
    def __init__(self, data_dir: Path, app: Starlette, key: str) -> None:
        self.switch = Switch(app)
        folder = ensure_private_dir(data_dir)
        settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
        self.context = AppContext(data_dir=folder, settings=settings,
                                  collation_locale=QLocale("sl_SI"), transport=self.switch)
        self.connection = Connection(base_url=ASGI_BASE_URL, api_key=key)
        self.service: OfflineService = self.context.offline

    def call(self, coro: Any) -> Any:
        return self.context.bridge.call(coro, timeout=10)

    async def _api(self) -> Any:
        return await self.context.workspace.api()

    def make_client(self, name: str, **fields: Any) -> str:
        async def run() -> str:
            api = await self.context.workspace.api()
            entity = await api.entities.create(name=name, country="Slovenia", **fields)
            return str(entity.id)

        return str(self.call(run()))

    def update_on_service(self, entity_id: str, **changes: Any) -> None:
        async def run() -> None:
            api = await self.context.workspace.api()
            await api.entities.update(entity_id, **changes)

        self.call(run())

    def on_service(self, entity_id: str) -> dict[str, Any]:
        async def run() -> dict[str, Any]:
            api = await self.context.workspace.api()
            return dict((await api.entities.get(entity_id)).model_dump(mode="json"))

        result: dict[str, Any] = self.call(run())
        return result


@pytest.fixture
def rig(
    qtbot: QtBot, data_dir: Path, sandbox_app: Starlette, sandbox_key: str
) -> Iterator[Rig]:
    made = Rig(data_dir, sandbox_app, sandbox_key)
    try:
        yield made
    finally:
        made.context.close()  # the bridge first, then the cache file
        made.context.deleteLater()


def open_window(qtbot: QtBot, rig: Rig) -> MainWindow:
    window = MainWindow(rig.context, PAGES)
    qtbot.addWidget(window)
    window.ask_unsaved = lambda: mw.DISCARD  # type: ignore[method-assign]
    window.open_connection(rig.connection)
    window.show()
    return window


def wait_refreshed(qtbot: QtBot, rig: Rig) -> None:
    qtbot.waitUntil(lambda: not rig.service.refreshing, timeout=10_000)


def fill_cache(folder: Path, rig: Rig, names: list[str]) -> list[str]:
    """What an earlier session left in the cache (no request made)."""
    ids = [f"ent_{n + 1:024x}" for n in range(len(names))]
    with Store.open_in(folder) as store:
        store.entities.upsert(scope_of(rig.connection), [
            {"id": entity_id, "name": name, "country": "Slovenia", "country_code": "SI",
             "currency_code": "EUR", "is_enabled": True, "settings": {},
             "updated_at": "2024-01-01T00:00:00.000Z"}
            for entity_id, name in zip(ids, names, strict=True)
        ])
    return ids


def cache_unit(folder: Path, rig: Rig, entity_id: str, name: str) -> None:
    """One business unit of a cached client, as an earlier session left it."""
    with Store.open_in(folder) as store:
        store.units.upsert(scope_of(rig.connection), [
            {"id": "bu_" + entity_id[-24:], "entity_id": entity_id, "name": name,
             "numbering_index": 1, "is_active": True, "settings": {},
             "updated_at": "2024-01-01T00:00:00.000Z"}
        ])


def test_switcher_fills_from_the_cache_before_any_request(
    qtbot: QtBot, rig: Rig, data_dir: Path
) -> None:
    ids = fill_cache(data_dir, rig, ["Čadež s.p.", "Bistro Tomaž", "Žagar d.o.o."])
    rig.switch.online = False
    window = open_window(qtbot, rig)
    # before the event loop ran once: the rows are there and nothing was asked
    assert window.switcher.model.rowCount() == 3
    assert rig.switch.requests == []
    proxy = window.switcher.proxy
    names = [proxy.index(r, 0).data() for r in range(proxy.rowCount())]
    assert names == ["Bistro Tomaž", "Čadež s.p.", "Žagar d.o.o."]
    qtbot.waitUntil(lambda: rig.service.offline, timeout=10_000)
    window.request_client(ids[0])
    page = window.pages[0]
    assert isinstance(page, OverviewPage)
    qtbot.waitUntil(lambda: page.data is not None and not page.is_loading, timeout=5000)
    assert page.edits["name"].text() == "Čadež s.p."


def test_a_tab_is_built_when_first_shown_and_shows_the_client_at_once(
    qtbot: QtBot, rig: Rig, data_dir: Path
) -> None:
    ids = fill_cache(data_dir, rig, ["Alpha"])
    cache_unit(data_dir, rig, ids[0], "Shop")
    rig.switch.online = False
    window = open_window(qtbot, rig)
    window.request_client(ids[0])
    # the window opened on the first tab: its page is built once the list is painted
    qtbot.waitUntil(lambda: len(window.built_pages) == 1)
    (overview,) = window.built_pages
    assert isinstance(overview, OverviewPage) and overview.edits["name"].text() == "Alpha"
    window.tabs.setCurrentIndex(1)
    units = window.tabs.currentWidget()
    assert isinstance(units, BusinessUnitsPage) and units.isVisible()
    assert units.client_id == ids[0] and not units.is_loading
    assert units.model.rowCount() == 1
    assert window.built_pages == [overview, units] == window.pages


def test_pages_built_behind_the_chosen_tab_leave_it_chosen(qtbot: QtBot, rig: Rig) -> None:
    window = MainWindow(rig.context)  # every tab: three more after the two pages
    qtbot.addWidget(window)
    window.show()
    last = window.tabs.count() - 1
    window.tabs.setCurrentIndex(last)
    chosen = window.tabs.currentWidget()
    assert window.built_pages == [chosen]  # the first tab's page was never shown, or built
    pages = window.pages  # builds those before it
    assert window.tabs.currentIndex() == last and window.tabs.currentWidget() is chosen
    assert [window.tabs.widget(i) for i in range(window.tabs.count())] == pages
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [
        "Documents", "Overview", "Business units", "Number formats", "Branding",
        "E-mail defaults", "Access",
    ]


def test_a_cached_client_opens_at_once_and_hidden_tabs_fill_when_shown(
    qtbot: QtBot, rig: Rig, data_dir: Path
) -> None:
    ids = fill_cache(data_dir, rig, ["Alpha", "Beta"])
    cache_unit(data_dir, rig, ids[1], "Shop in Bled")
    rig.switch.online = False
    window = open_window(qtbot, rig)
    qtbot.waitUntil(lambda: rig.service.offline, timeout=10_000)
    overview, units = window.pages
    window.tabs.setCurrentWidget(overview)
    qtbot.waitUntil(lambda: not window.context.bridge.pending(overview))
    for entity_id, name in zip(ids, ["Alpha", "Beta"], strict=True):
        loads: list[bool] = []
        overview.loading_changed.connect(loads.append)
        window.request_client(entity_id)
        # no trip through the worker thread, no busy bar: the page shows the client already
        assert overview.data is not None and overview.edits["name"].text() == name
        assert loads == [] and not overview.busy_bar.isVisible()
        assert window.context.bridge.pending(overview) == 0
        overview.loading_changed.disconnect(loads.append)
    # the tab behind holds the client and fills its widgets when it is chosen
    assert units.data is not None and units.client_id == ids[1]
    window.tabs.setCurrentWidget(units)
    assert units.model.rowCount() == 1 and not units.is_loading
    assert "Shop in Bled" in units.model.index(0, 0).data()
    window.tabs.setCurrentWidget(overview)
    window.request_client(ids[0])
    assert overview.edits["name"].text() == "Alpha"
    window.tabs.setCurrentWidget(units)
    assert units.client_id == ids[0] and units.model.rowCount() == 0


def test_a_refresh_streams_in_as_ranged_updates_keeping_selection_and_search(
    qtbot: QtBot, rig: Rig, data_dir: Path, qtmodeltester: ModelTester
) -> None:
    fill_cache(data_dir, rig, ["Alpha", "Beta"])
    rig.switch.online = False  # the start-up refresh finds nobody
    window = open_window(qtbot, rig)
    model, view = window.switcher.model, window.switcher.view
    qtmodeltester.check(model)  # keeps checking every signal until the test ends
    qtbot.waitUntil(lambda: rig.service.offline, timeout=10_000)
    window.switcher.select("ent_" + "0" * 23 + "1")
    window.switcher.search.setText("a")
    rig.switch.online = True
    for n in range(130):
        rig.make_client(f"Client {n:03d}")
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    rig.service.try_again()
    qtbot.waitUntil(lambda: model.rowCount() == 130, timeout=15_000)
    wait_refreshed(qtbot, rig)
    assert not resets
    assert window.switcher.search.text() == "a"
    # the cached clients the service does not have went, in ranged removes; the selection
    # moved with the rows that stayed
    assert model.record("ent_" + "0" * 23 + "1") is None
    assert not view.currentIndex().isValid() or view.currentIndex().data(ClientRole.Id)
    first = model.index(5)
    view.setCurrentIndex(window.switcher.proxy.mapFromSource(first))
    chosen = first.data(ClientRole.Id)
    rig.update_on_service(str(chosen), name="Client 005 renamed")
    window.refresh()
    wait_refreshed(qtbot, rig)
    qtbot.waitUntil(lambda: model.record(str(chosen))["name"] == "Client 005 renamed")
    assert view.currentIndex().data(ClientRole.Id) == chosen


def open_client(qtbot: QtBot, rig: Rig, **fields: Any) -> tuple[MainWindow, str, OverviewPage]:
    """A window on a service with one client ("Kovač d.o.o." with `fields`), refreshed, the
    client open on its overview."""
    window = open_window(qtbot, rig)
    entity_id = rig.make_client("Kovač d.o.o.", **fields)
    window.refresh()
    wait_refreshed(qtbot, rig)
    window.request_client(entity_id)
    page = window.pages[0]
    assert isinstance(page, OverviewPage)
    qtbot.waitUntil(lambda: page.data is not None and not page.is_loading)
    return window, entity_id, page


def test_offline_banner_pending_mark_and_back_online(qtbot: QtBot, rig: Rig) -> None:
    window, entity_id, page = open_client(qtbot, rig)
    banner = window.findChild(OfflineBanner, "offlineBanner")
    assert banner is not None and not banner.isVisible()

    rig.switch.online = False
    window.refresh()
    qtbot.waitUntil(lambda: banner.isVisible(), timeout=10_000)
    assert banner.text.startswith("Offline — showing what was saved at ")
    assert banner.text.endswith("today")
    assert window.connection_label.text() == "Cannot reach the server"

    page.edits["phone"].setText("+386 1 234 5678")
    page.edits["phone"].textEdited.emit("+386 1 234 5678")
    assert page.save()
    line = window.offline_ui.line if window.offline_ui is not None else None
    assert line is not None
    qtbot.waitUntil(lambda: line.pending_label.text() == "1 change waiting to be sent")
    row = window.switcher.model.index(window.switcher.model.row_of(entity_id))
    qtbot.waitUntil(lambda: row.data(ClientRole.Pending) == 1)
    assert "1 change waiting to be sent" in str(row.data(Qt.ItemDataRole.ToolTipRole))
    assert page.edits["phone"].text() == "+386 1 234 5678"

    rig.switch.online = True
    banner.try_button.click()
    qtbot.waitUntil(lambda: banner.text.startswith("Back online"), timeout=10_000)
    wait_refreshed(qtbot, rig)
    qtbot.waitUntil(lambda: rig.service.pending_count() == 0, timeout=10_000)
    assert rig.on_service(entity_id)["phone"] == "+386 1 234 5678"
    qtbot.waitUntil(lambda: row.data(ClientRole.Pending) == 0)
    assert not line.isVisible()


def test_a_client_made_offline_is_pending_then_takes_its_service_id(
    qtbot: QtBot, rig: Rig
) -> None:
    window = open_window(qtbot, rig)
    wait_refreshed(qtbot, rig)
    rig.switch.online = False
    made = rig.call(rig.context.workspace.create_client(name="Nova firma", country="Slovenia")).view
    rig.context.client_created.emit(made.data)
    local = str(made.id)
    assert is_local_id(local)
    model = window.switcher.model
    qtbot.waitUntil(lambda: model.row_of(local) >= 0)
    assert model.index(model.row_of(local)).data(ClientRole.Pending) == -1
    qtbot.waitUntil(lambda: rig.context.current_client_id == local)
    rig.switch.online = True
    rig.service.try_again()
    qtbot.waitUntil(lambda: not is_local_id(rig.context.current_client_id), timeout=10_000)
    service_id = rig.context.current_client_id
    assert model.row_of(local) == -1 and model.row_of(service_id) >= 0
    assert rig.on_service(service_id)["name"] == "Nova firma"


def test_conflict_dialog_field_by_field_then_resend(qtbot: QtBot, rig: Rig) -> None:
    window, entity_id, page = open_client(qtbot, rig, city="Celje", phone="01 111")

    rig.switch.online = False
    window.refresh()
    qtbot.waitUntil(lambda: rig.service.offline, timeout=10_000)
    for key, value in (("city", "Maribor"), ("phone", "02 222")):
        page.edits[key].setText(value)
        page.edits[key].textEdited.emit(value)
    assert page.save()
    qtbot.waitUntil(lambda: rig.service.pending_count(entity_id) == 1)
    # meanwhile someone else changes the city (a conflict) and the e-mail (merges)
    rig.switch.online = True
    rig.update_on_service(entity_id, city="Koper", email="info@kovac.si")
    ui = window.offline_ui
    assert ui is not None
    rig.service.try_again()
    qtbot.waitUntil(lambda: isinstance(ui.dialog, ConflictDialog) and ui.dialog.isVisible(),
                    timeout=10_000)
    dialog = ui.dialog
    assert dialog is not None
    [box] = dialog.boxes
    [field] = box.fields
    assert field.path == ("city",)
    assert "Koper" in field.theirs_button.text() and "Maribor" in field.mine_button.text()
    # nothing is decided for the user: sending without a choice keeps the dialog open
    assert not dialog.apply()
    assert dialog.isVisible() and rig.service.pending_count(entity_id) == 1
    field.choose(THEIRS)
    field.choose(MINE)
    assert dialog.apply()
    qtbot.waitUntil(lambda: rig.service.pending_count(entity_id) == 0, timeout=10_000)
    on_service = rig.on_service(entity_id)
    assert on_service["city"] == "Maribor"  # mine, chosen
    assert on_service["phone"] == "02 222"  # only mine changed it
    assert on_service["email"] == "info@kovac.si"  # only theirs changed it
    qtbot.waitUntil(lambda: page.edits["email"].text() == "info@kovac.si", timeout=5000)


def city_conflict(qtbot: QtBot, rig: Rig) -> tuple[MainWindow, str, OfflineUi]:
    """A client's city saved offline ("Maribor") while the service's changed ("Koper"):
    back online, the conflict dialog is open."""
    window = open_window(qtbot, rig)
    entity_id = rig.make_client("Kovač d.o.o.", city="Celje")
    window.refresh()
    wait_refreshed(qtbot, rig)
    workspace = rig.context.workspace
    rig.switch.online = False
    entity = rig.call(workspace.load_client(entity_id))
    rig.call(workspace.update_client(entity, {"city": "Maribor"}))
    rig.switch.online = True
    rig.update_on_service(entity_id, city="Koper")
    rig.service.try_again()
    ui = window.offline_ui
    assert ui is not None
    qtbot.waitUntil(lambda: ui.dialog is not None and ui.dialog.isVisible(), timeout=10_000)
    return window, entity_id, ui


def test_a_typed_value_resolves_a_conflict(qtbot: QtBot, rig: Rig) -> None:
    _window, entity_id, ui = city_conflict(qtbot, rig)
    dialog = ui.dialog
    assert dialog is not None
    dialog.boxes[0].fields[0].choose("custom", "Ptuj")
    assert dialog.apply()
    qtbot.waitUntil(lambda: rig.on_service(entity_id)["city"] == "Ptuj", timeout=10_000)


def test_decide_later_keeps_the_edit(qtbot: QtBot, rig: Rig) -> None:
    window, entity_id, ui = city_conflict(qtbot, rig)
    assert ui.dialog is not None
    ui.dialog.later_button.click()
    assert rig.service.pending_count(entity_id) == 1
    [problem] = rig.service.problems(entity_id)
    assert problem.kind == "conflict"
    window.request_client(entity_id)
    qtbot.waitUntil(lambda: ui.line.review_button.isVisible())
    assert ui.review(entity_id) is not None


def test_refresh_progress_in_the_status_bar_is_cancellable_and_comes_back_by_itself(
    qtbot: QtBot, rig: Rig
) -> None:
    window = open_window(qtbot, rig)
    wait_refreshed(qtbot, rig)
    for n in range(120):
        rig.make_client(f"Client {n:03d}")
    ui = window.offline_ui
    assert ui is not None
    texts: list[str] = []
    rig.service.progress_changed.connect(
        lambda progress: texts.append(progress.text) if progress is not None else None
    )
    window.refresh()
    qtbot.waitUntil(lambda: any(t.startswith("Refreshing clients ") for t in texts),
                    timeout=10_000)
    assert ui.progress.isVisible()
    assert any(t == "Refreshing clients 100 / 120" for t in texts)
    ui.progress.cancel_button.click()
    assert not rig.service.refreshing and not ui.progress.isVisible()

    # the automatic refresh: due once the preference's minutes have passed
    rig.context.settings.setValue("sync/refresh_minutes", 1)
    rig.service.sync._last_started -= 61
    rig.service._tick()
    assert rig.service.refreshing
    wait_refreshed(qtbot, rig)
    assert window.switcher.model.rowCount() == 120
    rig.context.settings.setValue("sync/refresh_minutes", 0)
    rig.service.sync._last_started -= 10_000
    rig.service._tick()
    assert not rig.service.refreshing


def test_an_unusable_cache_file_leaves_the_app_working_on_a_cache_in_memory(
    qtbot: QtBot, data_dir: Path
) -> None:
    def refuse() -> Store:
        raise StoreError("locked by another program")

    folder = ensure_private_dir(data_dir)
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    context = AppContext(data_dir=folder, settings=settings, open_store=refuse)
    try:
        with qtbot.waitSignal(context.error_reported, timeout=3000) as told:
            workspace = context.open_connection(
                Connection(base_url="http://127.0.0.1:9", api_key="sk_live_" + "2" * 32))
        assert told.args[0].startswith("Working without a saved cache")
        assert workspace.store.temporary and context.offline.store is workspace.store
    finally:
        context.close()
        context.deleteLater()


def test_damage_found_by_the_check_after_start_is_reported_and_the_cache_kept(
    qtbot: QtBot, rig: Rig, data_dir: Path
) -> None:
    """The file is checked once start-up is over (not at open: it was closed cleanly);
    what the check finds is said in the window, and the cache stays in use until the next
    start sets it aside."""
    from tests.unit.store.test_damage import corrupt_records_but_not_outbox

    corrupt_records_but_not_outbox(data_dir / "cache.sqlite3")
    rig.switch.online = False
    reported: list[str] = []
    rig.context.error_reported.connect(reported.append)
    open_window(qtbot, rig)
    qtbot.waitUntil(lambda: bool(reported), timeout=10_000)
    assert reported[0].startswith("The local cache is damaged. The local cache failed its "
                                  "integrity check")
    store = rig.service.store
    assert store is not None and store.damage is None and store.db.check_note.exists()
    assert not list(data_dir.glob("cache.sqlite3.damaged-*"))


def test_records_a_refresh_could_not_read_are_said_in_the_banner_without_retry(
    qtbot: QtBot, rig: Rig
) -> None:
    from si_desktop.sync.refresh import RefreshSummary
    from si_desktop.sync.results import SyncResult
    from si_desktop.ui.offline.service import unread_notice

    assert unread_notice(0, 0) == ""
    said: list[tuple[str, bool]] = []
    rig.context.problem_reported.connect(lambda text, retryable: said.append((text, retryable)))
    rig.context.offline._on_synced(SyncResult(refresh=RefreshSummary(clients=40, skipped=1)))
    assert said == [("Clients from the server that could not be read: 1. "
                     "The rest was refreshed; details are in the log.", False)]
    said.clear()
    rig.context.offline._on_synced(SyncResult(refresh=RefreshSummary(clients=40)))
    assert said == []  # a clean refresh says nothing in the banner
