"""The main window over a fake workspace: first start, switching, unsaved changes, shortcuts,
persistence, the welcome page and the Connect dialog."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QLocale, QObject, QSettings, Qt
from PySide6.QtWidgets import QLabel, QTabWidget
from pytestqt.qtbot import QtBot

from si_desktop.datadir import ensure_private_dir
from si_desktop.sync.connection import Connection
from si_desktop.ui import idle
from si_desktop.ui import main_window as mw
from si_desktop.ui.connect import ConnectDialog
from si_desktop.ui.context import AppContext
from si_desktop.ui.main_window import MainWindow, updated_text
from si_desktop.ui.pages import PageKind
from si_desktop.ui.pages.base import ClientPage
from si_desktop.ui.pages.overview import OverviewPage
from si_desktop.ui.pages.units import BusinessUnitsPage
from tests.ui.fakes import FakeWorkspace, make_entity

EVIL = "<b>x</b> <img src=x> 😀"
# the window machinery with this pages; the editor pages have tests of their own
PAGES = [OverviewPage, BusinessUnitsPage]


def _ids(*numbers: int) -> list[str]:
    return [make_entity(n)["id"] for n in numbers]


@pytest.fixture
def fake() -> FakeWorkspace:
    entities = [make_entity(i) for i in range(1, 8)]
    entities.append(make_entity(8, EVIL))
    entities.append(make_entity(9, "Ž" + "very long client name " * 14))
    return FakeWorkspace(entities)


@pytest.fixture
def window(qtbot: QtBot, context: AppContext, fake: FakeWorkspace) -> Iterator[MainWindow]:
    context.workspace_factory = lambda connection: fake
    win = MainWindow(context, PAGES)
    qtbot.addWidget(win)
    win.open_connection(Connection(base_url="http://127.0.0.1:1", api_key="k", demo=True))
    win.show()
    yield win
    win.ask_unsaved = lambda: mw.DISCARD  # type: ignore[method-assign]


def _overview(window: MainWindow) -> OverviewPage:
    page = window.pages[0]
    assert isinstance(page, OverviewPage)
    return page


def _wait_loaded(qtbot: QtBot, window: MainWindow, entity_id: str) -> None:
    qtbot.waitUntil(
        lambda: window.context.current_client_id == entity_id
        and all(not p.is_loading and p.data is not None for p in window.pages),
        timeout=3000,
    )


def test_opens_on_the_first_client_with_tabs_and_status(
    qtbot: QtBot, window: MainWindow
) -> None:
    first = _ids(8)[0]  # punctuation sorts first: the client named "<b>x</b> …"
    _wait_loaded(qtbot, window, first)
    tabs = window.findChild(QTabWidget, "clientPages")
    assert tabs is window.tabs
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["Overview", "Business units"]
    assert window.client_title.text() == EVIL
    assert "Demo workspace" in window.windowTitle()
    assert not window.isWindowModified()
    assert window.demo_badge.isVisible()
    assert window.connection_label.text() == "Demo workspace (local)"
    assert window.updated_label.text() == "Updated just now"
    assert window.switcher.count_label.text() == "9 clients"
    # offline, the same moment is a time of day: "just now" beside "Cannot reach" reads live
    window.context.set_online(False)
    assert window.connection_label.text() == "Cannot reach the server"
    assert window.updated_label.text().startswith("Last updated ")
    assert "just now" not in window.updated_label.text()
    window.context.set_online(True)
    assert window.updated_label.text() == "Updated just now"


def test_switching_keeps_the_page_and_guards_unsaved_changes(
    qtbot: QtBot, window: MainWindow, fake: FakeWorkspace
) -> None:
    a, b, c = _ids(1, 2, 3)
    _wait_loaded(qtbot, window, _ids(8)[0])
    window.tabs.setCurrentWidget(window.pages[1])
    window.request_client(b)
    _wait_loaded(qtbot, window, b)
    assert isinstance(window.tabs.currentWidget(), BusinessUnitsPage)
    window.tabs.setCurrentIndex(0)

    page = _overview(window)
    page.edits["city"].setText("Bled")
    page._on_edited()
    assert window.dirty_pages() == [page]
    assert window.tabs.tabText(0).endswith("•")

    window.ask_unsaved = lambda: mw.CANCEL  # type: ignore[method-assign]
    window.request_client(c)
    assert window.context.current_client_id == b
    assert page.edits["city"].text() == "Bled"

    window.ask_unsaved = lambda: mw.SAVE  # type: ignore[method-assign]
    window.request_client(c)
    _wait_loaded(qtbot, window, c)
    assert fake.find(b)["city"] == "Bled"

    page.edits["city"].setText("Piran")
    page._on_edited()
    window.ask_unsaved = lambda: mw.DISCARD  # type: ignore[method-assign]
    window.request_client(a)
    _wait_loaded(qtbot, window, a)
    assert fake.find(c)["city"] != "Piran"
    assert not window.dirty_pages()


def test_slow_answer_for_the_client_left_never_lands_on_the_next(
    qtbot: QtBot, window: MainWindow, fake: FakeWorkspace
) -> None:
    slow, fast = _ids(2, 3)
    _wait_loaded(qtbot, window, _ids(8)[0])
    fake.slow[slow] = 0.5
    window.request_client(slow)
    assert _overview(window).is_loading
    window.request_client(fast)
    _wait_loaded(qtbot, window, fast)
    after: list[None] = []
    window.context.bridge.run(asyncio.sleep(0.6), owner=window, on_success=after.append)
    qtbot.waitUntil(lambda: bool(after), timeout=3000)  # well past the slow answer
    page = _overview(window)
    assert page.edits["name"].text() == "Client 003"
    assert page.id_edit.text() == fast
    assert window.client_title.text() == "Client 003"


def test_shortcuts_focus_search_and_open_quick_switcher(
    qtbot: QtBot, window: MainWindow
) -> None:
    _wait_loaded(qtbot, window, _ids(8)[0])
    window.activateWindow()
    assert window.find_action.shortcut().toString() == "Ctrl+F"
    window.find_action.trigger()
    assert window.switcher.search.hasFocus() or window.focusWidget() is window.switcher.search
    window.quick_action.trigger()
    assert window.quick is not None and window.quick.isVisible()
    qtbot.keyClicks(window.quick.input, "client 004")
    qtbot.keyClick(window.quick.input, Qt.Key.Key_Return)
    _wait_loaded(qtbot, window, _ids(4)[0])
    assert window.quick_action.shortcut().toString() == "Ctrl+K"
    assert window.new_client_action.shortcut().toString() == "Ctrl+N"


def test_names_from_the_network_are_plain_and_long_names_elide(
    qtbot: QtBot, window: MainWindow
) -> None:
    evil = _ids(8)[0]
    _wait_loaded(qtbot, window, evil)
    assert window.client_title.text() == EVIL
    for label in window.findChildren(QLabel):
        if EVIL in label.text():
            assert label.textFormat() == Qt.TextFormat.PlainText
    tooltip = window.switcher.model.index(window.switcher.model.row_of(evil)).data(
        Qt.ItemDataRole.ToolTipRole
    )
    assert "&lt;b&gt;x&lt;/b&gt;" in tooltip and "<b>x" not in tooltip
    long_id = _ids(9)[0]
    window.request_client(long_id)
    _wait_loaded(qtbot, window, long_id)
    assert len(window.client_title.text()) > 300
    assert window.client_title.shown_text().endswith("…")
    assert window.width() <= 1400  # the name did not push the window wider


def test_layout_client_and_page_come_back_next_start(
    qtbot: QtBot, context: AppContext, fake: FakeWorkspace, window: MainWindow
) -> None:
    target = _ids(5)[0]
    window.request_client(target)
    _wait_loaded(qtbot, window, target)
    window.tabs.setCurrentIndex(1)
    window.resize(701, 501)  # the offscreen screen is small; restore clamps to it
    expected = window.size()
    window.splitter.setSizes([350, 761])
    window.close()

    again = MainWindow(context, PAGES)
    qtbot.addWidget(again)
    again.open_connection(Connection(base_url="http://127.0.0.1:1", api_key="k", demo=True))
    _wait_loaded(qtbot, again, target)
    assert isinstance(again.tabs.currentWidget(), BusinessUnitsPage)
    assert again.size() == expected
    assert not context.settings.value("window/splitter").isEmpty()
    assert context.settings.fileName().startswith(str(context.data_dir))


def test_close_with_unsaved_changes_asks(qtbot: QtBot, window: MainWindow) -> None:
    _wait_loaded(qtbot, window, _ids(8)[0])
    page = _overview(window)
    page.edits["phone"].setText("+386 1 000 000")
    page._on_edited()
    asked: list[bool] = []

    def cancel() -> str:
        asked.append(True)
        return mw.CANCEL

    window.ask_unsaved = cancel  # type: ignore[method-assign]
    assert not window.close()
    assert asked and window.isVisible()


def test_offline_updated_text_names_the_time_and_the_date_when_not_today() -> None:
    from PySide6.QtCore import QDateTime, QLocale

    from si_desktop.ui.main_window import offline_updated_text

    assert offline_updated_text(None) == "Not updated yet"
    noon = QDateTime.fromString("2026-12-02T12:00:00", "yyyy-MM-ddTHH:mm:ss")
    moment = float(noon.toSecsSinceEpoch())
    short = QLocale().toString(noon.time(), QLocale.FormatType.ShortFormat)
    assert offline_updated_text(moment, now=moment + 600) == f"Last updated {short}"
    a_day_later = offline_updated_text(moment, now=moment + 86_400)
    assert a_day_later == "Last updated " + QLocale().toString(
        noon, QLocale.FormatType.ShortFormat)


def test_updated_text() -> None:
    assert updated_text(None) == ""
    assert updated_text(1000.0, now=1010.0) == "Updated just now"
    assert updated_text(1000.0, now=1000.0 + 120) == "Updated 2 minutes ago"
    assert updated_text(1000.0, now=1000.0 + 3600 * 3) == "Updated 3 hours ago"


# welcome and connect ------------------------------------------------------------------------


@pytest.fixture
def bare_context(qtbot: QtBot, data_dir: Path) -> Iterator[AppContext]:
    folder = ensure_private_dir(data_dir)
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    demo = FakeWorkspace()
    ctx = AppContext(
        data_dir=folder,
        settings=settings,
        collation_locale=QLocale("sl_SI"),
        start_demo=lambda: Connection(base_url="http://127.0.0.1:9", api_key="d", demo=True),
        workspace_factory=lambda connection: demo,
    )
    yield ctx
    ctx.close()


def test_a_window_opened_on_a_workspace_builds_no_welcome_page_until_it_closes(
    qtbot: QtBot, bare_context: AppContext
) -> None:
    window = MainWindow(bare_context, PAGES, welcome=False)
    qtbot.addWidget(window)
    assert window._welcome is None and window.stack.currentWidget() is window.splitter
    bare_context.set_workspace(FakeWorkspace())
    assert window._welcome is None and window.stack.currentWidget() is window.splitter
    bare_context.set_workspace(None)  # closed: nothing is on its way any more
    assert window.stack.currentWidget() is window.welcome


def test_the_chosen_page_is_built_once_the_list_is_painted_or_when_asked_for(
    qtbot: QtBot, bare_context: AppContext
) -> None:
    bare_context.set_workspace(FakeWorkspace())
    window = MainWindow(bare_context, PAGES, welcome=False)
    qtbot.addWidget(window)
    assert window.built_pages == []  # the list is the first thing on screen
    window.show()
    qtbot.waitUntil(lambda: len(window.built_pages) == 1)
    assert window.tabs.currentWidget() is window.built_pages[0]
    hidden = MainWindow(bare_context, PAGES)  # never shown: built when asked for
    qtbot.addWidget(hidden)
    assert hidden.built_pages == []
    page = hidden.current_page()
    assert isinstance(page, OverviewPage) and hidden.built_pages == [page]


def test_the_chosen_page_module_is_imported_on_a_worker_then_built_here(
    qtbot: QtBot, bare_context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After the first paint the chosen tab's module is imported off the GUI thread (B13:
    with the page's construction it was one stall of the window); the page itself is
    built on the GUI thread, and only if its tab is still the chosen one."""
    imported_on: list[threading.Thread] = []

    def load_overview() -> type[OverviewPage]:
        imported_on.append(threading.current_thread())
        return OverviewPage

    kinds = [PageKind("overview", OverviewPage.title, load_overview),
             PageKind.of(BusinessUnitsPage)]
    monkeypatch.setattr(mw, "default_page_kinds", lambda: kinds)
    built_on: list[threading.Thread] = []
    bare_context.set_workspace(FakeWorkspace())
    window = MainWindow(bare_context, welcome=False)
    qtbot.addWidget(window)
    paints = PaintCounter()

    def built(page: ClientPage) -> None:
        built_on.append(threading.current_thread())
        page.installEventFilter(paints)

    window.page_built.connect(built)
    model = window.switcher.model
    fold, pages_when_folding = model._fold, []

    def noted_fold(*args: Any) -> None:
        pages_when_folding.append((len(window.built_pages), paints.count > 0))
        fold(*args)

    monkeypatch.setattr(model, "_fold", noted_fold)
    window.show()
    qtbot.waitUntil(lambda: len(window.built_pages) == 1)
    assert isinstance(window.built_pages[0], OverviewPage)
    assert imported_on[0] is not threading.main_thread()
    assert built_on == [threading.main_thread()]
    qtbot.waitUntil(lambda: bool(pages_when_folding), timeout=3000)
    # the search fold waited for the page to be built and painted (its layout and paint
    # took turns at the interpreter lock with the fold's Python: B13)
    assert pages_when_folding == [(1, True)]

    later = MainWindow(bare_context, welcome=False)  # another tab chosen meanwhile
    qtbot.addWidget(later)
    later._build_imported_page(1)  # the units tab's import came, the overview is chosen
    assert later.built_pages == []


def test_the_open_clients_locale_data_is_read_on_the_after_paint_worker(
    qtbot: QtBot, bare_context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """B13: Babel's data (25 ms of Python the first time) is read off the GUI thread once
    the page is up, for the open client's locale: on the GUI thread, beside a refresh, the
    first date the page showed was a stall of 150 ms."""
    from si_desktop.core import formatting

    read: list[tuple[str, str]] = []
    monkeypatch.setattr(formatting, "load_locale_data", lambda locale: read.append(
        (locale, threading.current_thread().name)))
    bare_context.set_workspace(FakeWorkspace([make_entity(1, "Kovač d.o.o.", locale="de-AT")]))
    window = MainWindow(bare_context, PAGES, welcome=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: bool(read), timeout=3000)
    assert read == [("de-AT", "si-desktop-after-paint")]


def test_a_window_hidden_before_its_page_painted_holds_the_worker_no_more(
    qtbot: QtBot, bare_context: AppContext
) -> None:
    """The after-paint worker waits for the chosen page's first paint (B13), but not for a
    window hidden or gone before it: that wait held the worker two seconds a window."""
    gate = threading.Event()
    idle.in_background(lambda: gate.wait(5))  # the page's import cannot finish yet
    try:
        bare_context.set_workspace(FakeWorkspace())
        window = MainWindow(bare_context, PAGES, welcome=False)
        qtbot.addWidget(window)
        first = window._page_built_here
        window.show()
        qtbot.waitUntil(lambda: window._page_built_here is not first)  # its import queued
        assert not window._page_built_here.is_set()
        window.hide()
        assert window._page_built_here.is_set()
    finally:
        gate.set()
    qtbot.waitUntil(lambda: not idle.background_busy(), timeout=3000)


class PaintCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def test_welcome_page_without_an_account_opens_the_demo(
    qtbot: QtBot, bare_context: AppContext
) -> None:
    window = MainWindow(bare_context, PAGES)
    qtbot.addWidget(window)
    assert window.stack.currentWidget() is window.welcome
    assert not window.new_client_action.isEnabled()
    window.welcome.demo_button.click()
    assert window.stack.currentWidget() is window.splitter
    qtbot.waitUntil(lambda: window.switcher.model.rowCount() == 10, timeout=2000)


def test_connect_dialog_refuses_plain_http_and_odd_ids(
    qtbot: QtBot, bare_context: AppContext
) -> None:
    dialog = ConnectDialog(bare_context)
    qtbot.addWidget(dialog)
    dialog.key_edit.setText("sk_live_0123456789abcdef")
    dialog.account_edit.setText("acc_1/../x")
    dialog.test_button.click()
    assert "acc_" in dialog.problem.text()
    dialog.account_edit.clear()
    dialog.server_edit.setText("http://example.com")
    dialog.test_button.click()
    assert "https://" in dialog.problem.text()


def test_quitting_tears_down(qtbot: QtBot, window: MainWindow, context: AppContext) -> None:
    _wait_loaded(qtbot, window, _ids(8)[0])
    window.quit_action.trigger()
    assert not window.isVisible()
    assert context.settings.value("window/page") == "overview"



def test_switching_loads_only_the_shown_tab(
    qtbot: QtBot, window: MainWindow, fake: FakeWorkspace
) -> None:
    """Issue 23: a tab behind another does not read the cache on every switch; it loads the
    client when it is shown (or when its data is asked for)."""
    a, b = _ids(1, 2)
    _wait_loaded(qtbot, window, _ids(8)[0])  # both tabs built and loaded
    overview, units = window.built_pages
    assert window.tabs.currentWidget() is overview
    reads: list[str] = []

    def counted(name: str) -> None:
        original = getattr(units, name)

        def read(entity_id: str) -> object:
            reads.append(entity_id)
            return original(entity_id)

        setattr(units, name, read)

    counted("read_now")
    counted("fetch")

    window.request_client(a)
    qtbot.waitUntil(lambda: overview.client_id == a and overview.data is not None
                    and not overview.is_loading)
    assert reads == []
    assert units.is_stale and units.client_id == a
    assert overview.data["id"] == a

    window.tabs.setCurrentWidget(units)  # shown: it loads the client now
    qtbot.waitUntil(lambda: not units.is_loading and units._data is not None)
    assert reads == [a]
    assert not units.is_stale and units.client_id == a

    window.tabs.setCurrentWidget(overview)
    window.request_client(b)
    assert units.is_stale
    assert reads == [a]
    qtbot.waitUntil(lambda: units.data is not None and not units.is_loading)  # asked: it loads
    assert reads == [a, b]
