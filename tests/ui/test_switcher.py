"""The client switcher: model checks while pages stream in, Slovenian collation, search and
keyboard, pins and recents, the quick switcher and the New client dialog."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import stamina
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QIcon, QPalette
from PySide6.QtWidgets import QDialogButtonBox, QFrame
from pytestqt.qtbot import QtBot
from starlette.applications import Starlette

from si_desktop.api import errors
from si_desktop.store import is_local_id
from si_desktop.sync.connection import Connection
from si_desktop.sync.events import ChangeKind, Changes
from si_desktop.sync.refresh import LAST_REFRESH_PREF
from si_desktop.ui.context import AppContext
from si_desktop.ui.new_client import NewClientDialog
from si_desktop.ui.switcher.filtering import ClientFilterProxy
from si_desktop.ui.switcher.model import (
    ClientListModel,
    ClientRole,
    FavouritesModel,
)
from si_desktop.ui.switcher.quick import QuickSwitcher
from si_desktop.ui.switcher.widget import ClientSwitcher
from tests.ui.fakes import FakeWorkspace, make_entity
from tests.ui.test_offline import Rig, wait_refreshed
from tests.ui.test_offline import open_window as open_offline_window


def _names(proxy: Any) -> list[str]:
    return [proxy.index(r, 0).data() for r in range(proxy.rowCount())]


def test_model_reads_the_cache_and_follows_changes_in_ranges(
    qtbot: QtBot, qtmodeltester: Any, context: AppContext
) -> None:
    workspace = FakeWorkspace([make_entity(i) for i in range(1, 131)])
    context.set_workspace(workspace)
    model = ClientListModel(context)
    assert model.rowCount() == 130 and model.total == 130  # from the cache, before a request
    assert workspace.calls == []
    qtmodeltester.check(model, force_py=True)
    # a refresh announces what it brought: rows update in place, new ones are inserted,
    # gone ones removed; never a reset
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    inserted: list[int] = []
    model.rowsInserted.connect(lambda _p, first, last: inserted.append(last - first + 1))
    workspace.entities[0]["name"] = "Client 001 (renamed)"
    workspace.entities.append(make_entity(131))
    gone = workspace.entities.pop(1)["id"]
    # a walk of every client (only such a walk removes what the service no longer lists;
    # and the fake renames without moving `updated_at`, which a later refresh asks after)
    workspace.store.prefs.delete(workspace.scope, LAST_REFRESH_PREF)
    model.refresh()
    qtbot.waitUntil(lambda: model.rowCount() == 130 and not model.is_loading
                    and model.row_of(gone) < 0, timeout=3000)
    assert resets == [] and inserted == [1]
    assert model.record(make_entity(1)["id"])["name"] == "Client 001 (renamed)"  # type: ignore[index]
    assert model.row_of(make_entity(131)["id"]) >= 0
    # a change that names one client reads that one row again, and only it
    spans: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda a, b, *_: spans.append((a.row(), b.row())))
    first = make_entity(3)["id"]
    workspace.store.entities.upsert(workspace.scope, [make_entity(3, "Client 003 (new)")])
    model.apply_changes(Changes(ChangeKind.SAVED, clients=frozenset({first})))
    assert spans == [(model.row_of(first), model.row_of(first))]
    assert model.record(first)["name"] == "Client 003 (new)"  # type: ignore[index]

    streaming = model
    proxy = ClientFilterProxy(QLocale("sl_SI"))
    proxy.setSourceModel(streaming)
    assert proxy.index(0, 0).data() == "Client 001 (renamed)"
    # the proxy reads the three roles it keeps in one call: the same as through `data`,
    # but for search texts not folded yet (None; `data` folds its row's, `search_texts` all)
    roles = (ClientRole.Sort, ClientRole.Id, ClientRole.Search)
    unfolded = streaming.sort_id_search(3, 9)
    assert set(unfolded[2]) == {None}
    through_data = tuple(
        [str(streaming.index(row).data(role)) for row in range(3, 10)] for role in roles
    )
    assert unfolded[:2] == through_data[:2]
    assert streaming.sort_id_search(3, 9) == through_data
    assert streaming.search_texts()[3:10] == through_data[2]
    assert None not in streaming.sort_id_search(0, 129)[2]
    model = streaming
    # an update is a ranged dataChanged, not a reset
    changed: list[int] = []
    model.dataChanged.connect(lambda a, b, *_: changed.append(b.row() - a.row() + 1))
    record = dict(model.record(make_entity(5)["id"]) or {})
    record["name"] = "Renamed"
    model.upsert(record)
    assert changed == [1]
    assert model.rowCount() == 130


def test_slovenian_collation(qtbot: QtBot, qtmodeltester: Any, context: AppContext) -> None:
    context.set_workspace(FakeWorkspace())
    switcher = ClientSwitcher(context)
    qtbot.addWidget(switcher)
    qtmodeltester.check(switcher.proxy, force_py=True)
    qtbot.waitUntil(lambda: switcher.proxy.rowCount() == 10, timeout=2000)
    assert _names(switcher.proxy) == [
        "ančka peka", "Andrej Novak s.p.", "Bistro Tomaž", "Cene Trgovina", "Čadež s.p.",
        "Dolenc in partnerji", "Sever Gradnje", "Šuštar IT", "Zupan Consulting", "Žagar d.o.o.",
    ]
    assert switcher.count_label.text() == "10 clients"


def test_search_filters_and_keyboard_opens(qtbot: QtBot, context: AppContext) -> None:
    context.set_workspace(FakeWorkspace())
    switcher = ClientSwitcher(context)
    qtbot.addWidget(switcher)
    switcher.show()
    qtbot.waitUntil(lambda: switcher.proxy.rowCount() == 10, timeout=2000)
    search = switcher.findChild(type(switcher.search), "clientSearch")
    assert search is switcher.search

    qtbot.keyClicks(search, "cadez")  # accents and case do not matter
    assert _names(switcher.proxy) == ["Čadež s.p."]
    assert switcher.count_label.text() == "1 match"
    search.clear()
    qtbot.keyClicks(search, "K-0005")  # the client code lives in the metadata
    assert _names(switcher.proxy) == ["Šuštar IT"]
    search.clear()
    qtbot.keyClicks(search, "maribor")  # the city
    assert len(_names(switcher.proxy)) == 5

    opened: list[str] = []
    switcher.client_activated.connect(opened.append)
    qtbot.keyClick(search, Qt.Key.Key_Down)
    qtbot.keyClick(search, Qt.Key.Key_Return)
    second = switcher.proxy.index(1, 0).data(ClientRole.Id)
    assert opened == [second]
    qtbot.keyClick(search, Qt.Key.Key_Escape)
    assert search.text() == ""
    assert switcher.proxy.rowCount() == 10


def test_search_texts_are_folded_after_the_first_paint_or_at_the_first_search(
    qtbot: QtBot, context: AppContext
) -> None:
    """Rows come in with their search texts unfolded; the shown list folds them once it is
    painted, and a search (or a change while searching) before that folds them first."""
    workspace = FakeWorkspace()
    context.set_workspace(workspace)
    hidden = ClientSwitcher(context)  # never shown, never painted
    qtbot.addWidget(hidden)
    qtbot.waitUntil(lambda: hidden.proxy.rowCount() == 10, timeout=2000)
    assert None in hidden.model.sort_id_search(0, 9)[2]
    hidden.proxy.set_search("cadez")
    assert _names(hidden.proxy) == ["Čadež s.p."]
    assert None not in hidden.model.sort_id_search(0, 9)[2]
    # a row renamed while the search is on: compared with the words, folded, kept in place
    record = dict(hidden.model.record(hidden.proxy.index(0, 0).data(ClientRole.Id)) or {})
    record["name"] = "Čadež in sin s.p."
    hidden.model.upsert(record)
    assert _names(hidden.proxy) == ["Čadež in sin s.p."]
    # a client arriving while the search is on: its text is folded before it is matched
    hidden.model.upsert(make_entity(99) | {"name": "Cadez Novi"})
    assert _names(hidden.proxy) == ["Cadez Novi", "Čadež in sin s.p."]

    shown = ClientSwitcher(context)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitUntil(lambda: shown.proxy.rowCount() == 10, timeout=2000)
    qtbot.waitUntil(lambda: None not in shown.model.sort_id_search(0, 9)[2], timeout=2000)
    qtbot.keyClicks(shown.search, "k-0005")
    assert _names(shown.proxy) == ["Šuštar IT"]


def test_search_asks_the_server_when_the_cache_was_never_refreshed(
    qtbot: QtBot, context: AppContext
) -> None:
    entities = [make_entity(i) for i in range(1, 400)]
    workspace = FakeWorkspace(entities)
    workspace.store.prefs.delete(workspace.scope, LAST_REFRESH_PREF)  # a first start
    workspace.entities.append(make_entity(999, "Zzz Hidden Bakery"))  # not cached yet
    context.set_workspace(workspace)
    switcher = ClientSwitcher(context)
    qtbot.addWidget(switcher)
    assert switcher.model.rowCount() == 399
    switcher.search.setText("hidden bakery")
    qtbot.waitUntil(lambda: switcher.proxy.rowCount() == 1, timeout=3000)
    assert _names(switcher.proxy) == ["Zzz Hidden Bakery"]
    assert ("list", (None, 25, "hidden bakery")) in workspace.calls


def test_pins_and_recents(qtbot: QtBot, qtmodeltester: Any, context: AppContext) -> None:
    context.set_workspace(FakeWorkspace())
    switcher = ClientSwitcher(context)
    qtbot.addWidget(switcher)
    qtbot.waitUntil(lambda: switcher.model.rowCount() == 10, timeout=2000)
    qtmodeltester.check(switcher.favourites, force_py=True)
    ids = [make_entity(i)["id"] for i in range(1, 11)]
    switcher.client_activated.connect(context.set_current_client)
    for entity_id in ids:
        switcher.open_client(entity_id)  # chosen on purpose: recent at once
    favourites = switcher.favourites
    assert favourites.recent_ids() == list(reversed(ids))[:8]
    switcher.set_pinned(ids[0], True)
    assert favourites.index(0).data(ClientRole.Id) == ids[0]
    assert favourites.index(0).data(ClientRole.Pinned) is True
    menu = switcher.build_context_menu(ids[0])
    assert [a.text() for a in menu.actions()][1] == "Unpin"
    # kept in the settings for the next start
    again = FavouritesModel(context.settings, context.workspace_scope)
    assert again.pinned_ids() == [ids[0]]
    assert again.recent_ids()[0] == ids[-1]
    # another account has its own pins and recents
    other = FakeWorkspace()
    other.connection = Connection(base_url="https://eu.spaceinvoices.com", api_key="k2")
    context.set_workspace(other)
    assert favourites.rowCount() == 0
    context.set_workspace(again_demo := FakeWorkspace())
    assert again_demo.connection.demo
    assert favourites.pinned_ids() == [ids[0]]


def test_quick_switcher_finds_by_fuzzy_name_and_code(
    qtbot: QtBot, qtmodeltester: Any, context: AppContext
) -> None:
    context.set_workspace(FakeWorkspace())
    model = ClientListModel(context)
    qtbot.waitUntil(lambda: model.rowCount() == 10, timeout=2000)
    quick = QuickSwitcher(model)
    qtbot.addWidget(quick)
    qtmodeltester.check(quick.proxy, force_py=True)
    quick.popup()
    chosen: list[str] = []
    quick.client_chosen.connect(chosen.append)
    qtbot.keyClicks(quick.input, "dlnc")
    assert quick.proxy.index(0, 0).data() == "Dolenc in partnerji"
    quick.input.clear()
    qtbot.keyClicks(quick.input, "K-0003")
    assert quick.proxy.index(0, 0).data() == "Cene Trgovina"
    qtbot.keyClick(quick.input, Qt.Key.Key_Return)
    assert chosen == [make_entity(3)["id"]]
    assert not quick.isVisible()


def test_new_client_dialog_creates_and_selects(qtbot: QtBot, context: AppContext) -> None:
    workspace = FakeWorkspace()
    context.set_workspace(workspace)
    created: list[Any] = []
    context.client_created.connect(created.append)
    dialog = NewClientDialog(context)
    qtbot.addWidget(dialog)
    button = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not button.isEnabled()
    qtbot.keyClicks(dialog.name, "Novi Klient d.o.o.")
    assert not button.isEnabled()  # the country is required too
    dialog.country.setEditText("Slovenia")
    assert dialog.derived.text() == "SI · EUR · sl-SI"
    assert button.isEnabled()
    qtbot.keyClicks(dialog.fields["post_code"], "x" * 21)
    assert not button.isEnabled()
    assert "Post code" in dialog.problems.text()
    dialog.fields["post_code"].setText("1000")
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        button.click()
    assert created and created[0]["name"] == "Novi Klient d.o.o."
    assert created[0]["post_code"] == "1000"


def test_cached_rows_are_kept_as_tuples_and_read_as_records() -> None:
    from si_desktop.store import SwitcherRow
    from si_desktop.ui.switcher.model import cached_record, row_record

    row = SwitcherRow(
        id="ent_1", name="Čadež", country="Slovenia", country_code="SI", currency_code="EUR",
        tax_number="SI123", city="Kranj", client_code="C-1", metadata_text="C-1 vip",
        is_enabled=False, updated_at="2024-01-01T00:00:00Z", fetched_at="",
        business_units=0, pending_edits=0,
    )
    record = row_record(row)
    assert record == cached_record(row) and record["name"] == "Čadež"
    assert record["metadata"] == {"client_code": "C-1", "values": "C-1 vip"}
    assert "fetched_at" not in record and "business_units" not in record
    # the list's rows hold is_enabled as SQLite stores it; the record has the service's bool
    assert row_record(row._replace(is_enabled=0))["is_enabled"] is False
    assert row_record(row._replace(is_enabled=1))["is_enabled"] is True
    assert row_record(row._replace(is_enabled=None))["is_enabled"] is None


def test_delegate_draws_in_the_lists_font_and_follows_a_new_one(qtbot: QtBot) -> None:
    """The delegate keeps its font and metrics between rows; a new font of the list is
    taken at the next paint (and a disabled client, an unsent mark and no name still
    paint)."""
    from PySide6.QtGui import QStandardItem, QStandardItemModel

    from si_desktop.ui.switcher.widget import ClientDelegate, ClientListView

    model = QStandardItemModel()
    for name, enabled, pending in (("Ana", True, 0), ("Bor", False, 2), ("", True, -1)):
        item = QStandardItem(name)
        item.setData({"name": name, "country_code": "SI", "is_enabled": enabled},
                     ClientRole.Record)
        item.setData(pending, ClientRole.Pending)
        model.appendRow(item)
    view = ClientListView()
    qtbot.addWidget(view)
    view.setModel(model)
    delegate = ClientDelegate(view)
    view.setItemDelegate(delegate)
    view.resize(240, 120)
    view.setCurrentIndex(model.index(1, 0))
    before = view.grab().toImage()
    size = view.font().pointSizeF()
    assert delegate._small.pointSizeF() == max(7.0, size * 0.85)
    font = view.font()
    font.setPointSizeF(size * 2)
    view.setFont(font)
    after = view.grab().toImage()
    assert delegate._small.pointSizeF() == size * 2 * 0.85
    assert after != before


def test_an_empty_cache_says_loading_until_the_first_refresh_answers(
    qtbot: QtBot, context: AppContext
) -> None:
    """A first start: nothing cached yet. "No clients yet" only once the service has said
    so; before that the list is loading (the refresh comes once the user pauses)."""
    workspace = FakeWorkspace([make_entity(1)], cached=False, delay=0.2)
    context.set_workspace(workspace)
    switcher = ClientSwitcher(context)
    qtbot.addWidget(switcher)
    switcher.show()
    assert switcher.empty_label.isVisible()
    assert switcher.empty_label.text() == "Loading the clients from Space Invoices…"
    assert switcher.count_label.text() == "loading…"
    assert context.offline.refresh()
    assert switcher.empty_label.text() == "Loading the clients from Space Invoices…"
    qtbot.waitUntil(lambda: switcher.model.rowCount() == 1, timeout=3000)
    qtbot.waitUntil(lambda: not context.offline.refreshing, timeout=3000)
    assert not switcher.empty_label.isVisible()
    assert switcher.count_label.text() == "1 client"


def test_an_empty_service_says_no_clients_and_a_failed_first_load_says_so(
    qtbot: QtBot, context: AppContext
) -> None:
    empty = FakeWorkspace([], cached=False)
    context.set_workspace(empty)
    switcher = ClientSwitcher(context)
    qtbot.addWidget(switcher)
    switcher.show()
    assert context.offline.refresh()
    qtbot.waitUntil(lambda: not context.offline.refreshing, timeout=3000)
    assert switcher.empty_label.text() == "No clients yet. Create one with New client (Ctrl+N)."
    assert switcher.count_label.text() == "0 clients"

    unreachable = FakeWorkspace([make_entity(1)], cached=False)

    async def fails(**_kwargs: Any) -> Any:
        raise errors.ServerError("Service unavailable", status=503)

    unreachable.service.list = fails  # type: ignore[method-assign]
    context.set_workspace(unreachable)
    assert switcher.empty_label.text() == "Loading the clients from Space Invoices…"
    assert context.offline.refresh()
    qtbot.waitUntil(lambda: not context.offline.refreshing, timeout=3000)
    assert switcher.empty_label.isVisible()
    assert switcher.empty_label.text() == (
        "The clients could not be loaded from Space Invoices. Refresh (F5) to try again."
    )


def _favourite_names(switcher: ClientSwitcher) -> list[str]:
    shown = switcher.favourites_filter
    return [shown.index(row, 0).data() for row in range(shown.rowCount())]


def _opened(qtbot: QtBot, context: AppContext) -> ClientSwitcher:
    """A switcher whose clicks open clients (the window's part, without the window)."""
    switcher = ClientSwitcher(context)
    qtbot.addWidget(switcher)
    switcher.client_activated.connect(context.set_current_client)
    switcher.show()
    qtbot.waitUntil(lambda: switcher.model.rowCount() == 10, timeout=2000)
    return switcher


def test_pinned_and_recent_follow_the_search(qtbot: QtBot, context: AppContext) -> None:
    context.set_workspace(FakeWorkspace())
    switcher = _opened(qtbot, context)
    ids = [make_entity(i)["id"] for i in range(1, 11)]
    switcher.set_pinned(ids[0], True)  # Žagar d.o.o.
    for entity_id in (ids[1], ids[2]):  # Čadež s.p., Cene Trgovina
        switcher.open_client(entity_id)
    assert _favourite_names(switcher) == ["Žagar d.o.o.", "Cene Trgovina", "Čadež s.p."]
    switcher.search.setText("cadez")
    assert _favourite_names(switcher) == ["Čadež s.p."]
    switcher.search.setText("SI10000003")  # a tax number finds it here as in the list
    assert _favourite_names(switcher) == ["Cene Trgovina"]
    switcher.search.setText("K-0001")  # so does a client code
    assert _favourite_names(switcher) == ["Žagar d.o.o."]
    switcher.search.setText("nobody by that name")
    assert _favourite_names(switcher) == []
    assert not switcher.favourites_view.isVisibleTo(switcher)
    assert not switcher.favourites_label.isVisibleTo(switcher)
    switcher.search.clear()
    assert len(_favourite_names(switcher)) == 3
    assert switcher.favourites_view.isVisibleTo(switcher)


def test_pinned_and_recent_look_like_a_list_with_a_pin(
    qtbot: QtBot, context: AppContext
) -> None:
    context.set_workspace(FakeWorkspace())
    switcher = _opened(qtbot, context)
    ids = [make_entity(i)["id"] for i in range(1, 3)]
    switcher.set_pinned(ids[0], True)
    switcher.open_client(ids[1])
    view = switcher.favourites_view
    assert view.frameShape() == QFrame.Shape.NoFrame  # not a box to type in
    assert view.viewport().backgroundRole() == QPalette.ColorRole.Window
    pinned, recent = (switcher.favourites_filter.index(row, 0) for row in range(2))
    assert pinned.data(ClientRole.Pinned) and not recent.data(ClientRole.Pinned)
    pin = pinned.data(Qt.ItemDataRole.DecorationRole)
    blank = recent.data(Qt.ItemDataRole.DecorationRole)
    assert isinstance(pin, QIcon) and isinstance(blank, QIcon)
    drawn = pin.pixmap(14, 14).toImage()
    assert any(drawn.pixelColor(x, y).alpha() for x in range(14) for y in range(14))
    assert not blank.isNull()  # a blank of the same size: the names stay in line
    assert pinned.data(Qt.ItemDataRole.FontRole) is None  # the pin says it, not bold
    assert pinned.data(Qt.ItemDataRole.AccessibleDescriptionRole) == "Pinned"
    assert view.visualRect(pinned).height() >= view.fontMetrics().height() + 10


def test_the_highlight_stays_on_the_open_client_when_the_list_reorders(
    qtbot: QtBot, qtmodeltester: Any, context: AppContext
) -> None:
    context.set_workspace(FakeWorkspace())
    switcher = _opened(qtbot, context)
    qtmodeltester.check(switcher.favourites, force_py=True)  # watches every change below
    a, b, c = (make_entity(i)["id"] for i in range(1, 4))
    for entity_id in (a, b, c):
        switcher.open_client(entity_id)
    view = switcher.favourites_view
    assert switcher.favourites.recent_ids() == [c, b, a]
    assert view.currentIndex().data(ClientRole.Id) == c
    switcher.set_pinned(a, True)  # A moves to the top; C, still open, moves down a row
    assert [switcher.favourites_filter.index(r, 0).data(ClientRole.Id) for r in range(3)] \
        == [a, c, b]
    assert view.currentIndex().data(ClientRole.Id) == c
    assert [i.data(ClientRole.Id) for i in view.selectionModel().selectedIndexes()] == [c]
    switcher.open_client(b)
    assert view.currentIndex().data(ClientRole.Id) == b
    # the open client not among them (stepped to, not recent yet): none is highlighted
    context.set_current_client(make_entity(9)["id"])
    assert not view.selectionModel().selectedIndexes()
    # nor when the open client's row goes (the view would move the highlight next door)
    switcher.open_client(make_entity(8)["id"])
    assert view.currentIndex().data(ClientRole.Id) == make_entity(8)["id"]
    switcher.favourites.forget({make_entity(8)["id"]})
    assert not view.selectionModel().selectedIndexes()


def test_stepping_through_clients_makes_only_the_one_kept_open_recent(
    qtbot: QtBot, context: AppContext
) -> None:
    """Alt+Down passes over clients: only the one the user stays on becomes recent; a
    client clicked (chosen on purpose) becomes recent at once."""
    context.set_workspace(FakeWorkspace())
    switcher = _opened(qtbot, context)
    switcher.recent_timer.setInterval(50)
    ids = [switcher.proxy.index(row, 0).data(ClientRole.Id) for row in range(4)]
    for entity_id in ids:  # what the window's Alt+Down does, one client after another
        context.set_current_client(entity_id)
    assert switcher.favourites.recent_ids() == []
    qtbot.waitUntil(lambda: switcher.favourites.recent_ids() == [ids[-1]], timeout=2000)
    switcher.open_client(ids[0])
    assert switcher.favourites.recent_ids() == [ids[0], ids[-1]]
    context.set_current_client(ids[1])
    switcher.hide()  # the window closes before the pause is over: it still counts
    assert switcher.favourites.recent_ids() == [ids[1], ids[0], ids[-1]]


def test_a_client_made_offline_keeps_one_place_once_it_has_its_service_id(
    qtbot: QtBot, context: AppContext
) -> None:
    context.set_workspace(FakeWorkspace())
    switcher = _opened(qtbot, context)
    made = context.workspace.enqueue_new_client(name="Nova firma", country="Slovenia")
    local = made.target_id
    record = {"id": local, "name": "Nova firma", "country": "Slovenia"}
    switcher.model.upsert(record)
    switcher.open_client(local)
    switcher.set_pinned(local, True)
    assert switcher.favourites.recent_ids() == [local]
    service_id = make_entity(77)["id"]
    # the service row may arrive before the rename (a refresh): still one row in the list
    switcher.model.upsert({**record, "id": service_id})
    context.offline.client_renamed.emit(local, service_id)
    context.set_current_client(service_id)  # what the window does on the rename
    switcher.note_recent_now()
    favourites = switcher.favourites
    assert favourites.pinned_ids() == [service_id]
    assert _favourite_names(switcher) == ["Nova firma"]
    assert switcher.model.row_of(local) == -1
    assert [switcher.model.index(r).data() for r in range(switcher.model.rowCount())
            ].count("Nova firma") == 1


@pytest.fixture
def rig(
    qtbot: QtBot, data_dir: Path, sandbox_app: Starlette, sandbox_key: str
) -> Iterator[Rig]:
    """The offline tests' window over the sandbox, with a switch for the network."""
    made = Rig(data_dir, sandbox_app, sandbox_key)
    try:
        with stamina.set_testing(True, attempts=1):
            yield made
    finally:
        made.context.close()
        made.context.deleteLater()


def test_a_client_made_offline_and_sent_is_one_recent_client(
    qtbot: QtBot, rig: Rig
) -> None:
    """The whole way: made offline (a local id), opened and kept open, sent once the
    service is back (the service's id): Pinned and recent lists it once."""
    window = open_offline_window(qtbot, rig)
    switcher = window.switcher
    switcher.recent_timer.setInterval(50)
    wait_refreshed(qtbot, rig)
    rig.switch.online = False
    made = rig.call(rig.context.workspace.create_client(name="Nova firma", country="Slovenia"))
    rig.context.client_created.emit(made.view.data)
    local = str(made.view.id)
    qtbot.waitUntil(lambda: switcher.favourites.recent_ids()[:1] == [local], timeout=5000)
    rig.switch.online = True
    rig.service.try_again()
    qtbot.waitUntil(lambda: not is_local_id(rig.context.current_client_id), timeout=10_000)
    service_id = rig.context.current_client_id
    qtbot.waitUntil(lambda: switcher.favourites.recent_ids()[:1] == [service_id],
                    timeout=5000)
    assert local not in switcher.favourites.recent_ids()
    assert _favourite_names(switcher).count("Nova firma") == 1


def test_search_texts_are_folded_on_a_worker_thread_once_the_list_is_painted(
    qtbot: QtBot, context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 23: the search texts of the cached clients are folded off the GUI thread (0.4 s
    of Python at 100,000 clients); a fold of rows that changed meanwhile is dropped."""
    import threading

    from si_desktop.ui.switcher import model as model_module

    threads: set[str] = set()
    fold = model_module.row_search_text

    def noted(row: Any) -> str:
        threads.add(threading.current_thread().name)
        return fold(row)

    monkeypatch.setattr(model_module, "row_search_text", noted)
    context.set_workspace(FakeWorkspace())
    switcher = ClientSwitcher(context)
    qtbot.addWidget(switcher)
    qtbot.waitUntil(lambda: switcher.proxy.rowCount() == 10, timeout=2000)
    assert not switcher.proxy.search_ready
    threads.clear()
    with qtbot.waitSignal(switcher.model.search_folded, timeout=3000):
        switcher.show()  # its first paint starts the fold
    assert threads == {"si-desktop-after-paint"}  # the one after-paint worker
    assert switcher.proxy.search_ready
    assert None not in switcher.model.sort_id_search(0, 9)[2]
    qtbot.keyClicks(switcher.search, "k-0005")
    assert _names(switcher.proxy) == ["Šuštar IT"]

    stale = ClientSwitcher(context)
    qtbot.addWidget(stale)
    qtbot.waitUntil(lambda: stale.proxy.rowCount() == 10, timeout=2000)
    stale.model.fold_later()
    stale.model.upsert(make_entity(99) | {"name": "Cadez Novi"})  # a row changes meanwhile
    qtbot.wait(300)
    assert not stale.proxy.search_ready  # that fold was dropped; a search folds at once
    stale.proxy.set_search("cadez")
    assert _names(stale.proxy) == ["Cadez Novi", "Čadež s.p."]


def test_a_keystroke_lays_out_the_list_at_once_and_nothing_around_it(
    qtbot: QtBot, context: AppContext
) -> None:
    from PySide6.QtCore import QEvent

    from tests.ui.events import EventCounter

    towns = ["Ajdovščina", "Bled", "Celje", "Domžale", "Izola", "Jesenice", "Kamnik", "Koper",
             "Kranj", "Nova Gorica", "Novo mesto", "Piran", "Ptuj", "Tolmin", "Velenje"]
    context.set_workspace(FakeWorkspace(
        [make_entity(i, name=f"Mesar {town}") for i, town in enumerate(towns, 1)]
        + [make_entity(i) for i in range(20, 60)]))
    switcher = ClientSwitcher(context)
    qtbot.addWidget(switcher)
    switcher.resize(300, 260)
    switcher.show()
    qtbot.waitUntil(lambda: switcher.proxy.rowCount() == 55, timeout=2000)
    qtbot.keyClicks(switcher.search, "mesar")
    qtbot.wait(400)  # the search box's clear button has faded in
    assert switcher.proxy.rowCount() == 15
    bar = switcher.view.verticalScrollBar()
    assert bar.maximum() > 0
    current = switcher.view.currentIndex().data()
    requests = EventCounter(switcher, QEvent.Type.LayoutRequest)
    qtbot.keyClicks(switcher.search, " aj")  # the current client stays the first
    assert switcher.proxy.rowCount() == 1 and switcher.view.currentIndex().data() == current
    # no turn of the event loop in between: the rows and the scroll bar paint together
    assert bar.maximum() == 0
    assert switcher.count_label.text() == "1 match"
    qtbot.wait(50)
    assert requests.count == 0  # a new count used to lay the window out again


def _counting_comparisons(proxy: ClientFilterProxy) -> list[int]:
    """Count the collator's comparisons the proxy makes from now on."""
    made = [0]
    compare = proxy._compare

    def counted() -> Any:
        order = compare()

        def counting(a: int, b: int) -> int:
            made[0] += 1
            return int(order(a, b))

        return counting

    proxy._compare = counted  # type: ignore[method-assign]
    return made


def test_the_list_order_sorted_once_is_saved_and_the_next_start_sorts_nothing(
    qtbot: QtBot, context: AppContext
) -> None:
    """Issue 23 (B1): at 100,000 clients the first fill's pass of the collator over every
    name was a quarter of a second before the first paint. The order sorted at one start
    is saved in the cache; the next start takes it and places only the clients renamed or
    added since, and shows the same order a sort would."""
    names = ["Zeta", "čebela", "Cvet", "Ana", "Šola", "Sova", "Dom 10", "Dom 9", "ana",
             "Žaga", "Zora", "(Omega)", "Čuk"]
    # enough clients that two new ones are placed by binary search, not by a sort of all
    fillers = [f"Medo {n:02}" for n in range(40)]
    workspace = FakeWorkspace([make_entity(n + 1, name)
                               for n, name in enumerate(names + fillers)])
    switcher = ClientSwitcher(context)  # as the window: built before the workspace opens
    qtbot.addWidget(switcher)
    made = _counting_comparisons(switcher.proxy)
    context.set_workspace(workspace)
    sorted_once = _names(switcher.proxy)
    assert sorted_once == ["(Omega)", "Ana", "ana", "Cvet", "čebela", "Čuk", "Dom 9",
                           "Dom 10", *fillers, "Sova", "Šola", "Zeta", "Zora", "Žaga"]
    assert made[0] > 0
    # saved once the window is up and input pauses, on a thread of its own
    qtbot.waitUntil(lambda: workspace.store.entities.listed_in_order(workspace.scope)[1]
                    is not None, timeout=5000)
    saved = workspace.store.entities.listed_in_order(workspace.scope)[1]
    assert saved is not None and saved.collation == switcher.proxy.collation
    assert [switcher.model.record(i)["name"] for i in saved.ids] == sorted_once

    made[0] = 0
    switcher.model.restart()  # the next start, on the same cache
    assert _names(switcher.proxy) == sorted_once and made[0] == 0

    workspace.store.entities.upsert(workspace.scope, [make_entity(4, "Čas"),  # was Ana
                                                      make_entity(99, "Bor")])
    switcher.model.restart()
    assert _names(switcher.proxy) == ["(Omega)", "ana", "Bor", "Cvet", "Čas", "čebela",
                                      "Čuk", "Dom 9", "Dom 10", *fillers, "Sova", "Šola",
                                      "Zeta", "Zora", "Žaga"]
    # two placed by binary search among 51: one comparison to order them and at most six
    # each to place them; a sort of all 53 would make at least 52
    assert 0 < made[0] <= 1 + 2 * 6
    switcher.search.setText("ča")  # the search works on the order taken (folded: "ca")
    assert _names(switcher.proxy) == ["Čas"]


def test_a_saved_order_of_another_collation_is_not_taken(
    qtbot: QtBot, context: AppContext
) -> None:
    workspace = FakeWorkspace([make_entity(1, "Čuk"), make_entity(2, "Cvet"),
                               make_entity(3, "Dom")])
    ordered = [(make_entity(n)["id"], name) for n, name in ((3, "Dom"), (1, "Čuk"),
                                                             (2, "Cvet"))]
    workspace.store.entities.save_order(workspace.scope, "en_US;other", ordered)
    switcher = ClientSwitcher(context)
    qtbot.addWidget(switcher)
    context.set_workspace(workspace)
    assert _names(switcher.proxy) == ["Cvet", "Čuk", "Dom"]
