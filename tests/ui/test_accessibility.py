"""Keyboard and screen-reader use: on every page of the window (and in Preferences and
About), Tab reaches every enabled control in a sensible order, and each stop has a name a
screen reader can say."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from si_desktop.sandbox import create_app
from si_desktop.sync.connection import Connection
from si_desktop.sync.workspace import Workspace
from si_desktop.ui import main_window as mw
from si_desktop.ui.about import AboutDialog
from si_desktop.ui.accessibility import clean_label, spoken_name
from si_desktop.ui.context import AppContext
from si_desktop.ui.main_window import MainWindow
from si_desktop.ui.pages.base import ClientPage
from si_desktop.ui.pages.overview import OverviewPage
from si_desktop.ui.preferences import PreferencesDialog
from tests.fixtures.sandbox import ASGI_BASE_URL


@pytest.fixture
def window(qtbot: QtBot, context: AppContext) -> Iterator[MainWindow]:
    """The whole window with every page, on an in-process sandbox with a few demo clients."""
    key = "sk_live_" + secrets.token_hex(16)
    sandbox = create_app(api_key=key, clients=3, seed=0)
    workspace = Workspace.in_memory(
            Connection(base_url=ASGI_BASE_URL, api_key=key),
        transport=httpx.ASGITransport(app=sandbox),
    )
    context.workspace_factory = lambda connection: workspace
    win = MainWindow(context)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.open_connection(workspace.connection)
    win.show()
    qtbot.waitUntil(
        lambda: bool(context.current_client_id)
        and all(not p.is_loading and p.data is not None for p in win.pages),
        timeout=15000,
    )
    try:
        yield win
    finally:
        win.ask_unsaved = lambda: mw.DISCARD  # type: ignore[method-assign]
        win.close()
        sandbox.state.sandbox.close()


def _focusable(widget: QWidget) -> bool:
    return (
        bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
        and widget.isVisible()
        and widget.isEnabled()
        and widget.focusProxy() is None
    )


def tab_walk(start: QWidget, qtbot: QtBot, limit: int = 200) -> list[QWidget]:
    """The widgets Tab visits from `start`, by pressing Tab, until it comes round again."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is start, timeout=2000)
    visited: list[QWidget] = []
    for _ in range(limit):
        current = QApplication.focusWidget()
        assert current is not None
        qtbot.keyClick(current, Qt.Key.Key_Tab)
        after = QApplication.focusWidget()
        assert after is not None and after is not current, f"Tab is stuck on {current!r}"
        if after is start or after in visited:
            return visited
        visited.append(after)
    raise AssertionError("Tab never came back round")


def _describe(widget: QWidget) -> str:
    return f"{type(widget).__name__}#{widget.objectName()}"


def _check_named(stops: list[QWidget]) -> None:
    unnamed = [_describe(w) for w in stops if not spoken_name(w)]
    assert not unnamed, f"no accessible name: {unnamed}"


@pytest.mark.parametrize(
    "page_id",
    ["overview", "business-units", "number-formats", "branding", "email-defaults", "access"],
)
def test_every_page_is_walked_by_tab_with_names(
    qtbot: QtBot, window: MainWindow, page_id: str
) -> None:
    window.activateWindow()
    page = next(p for p in window.pages if p.page_id == page_id)
    window.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.isVisible() and not page.is_loading)  # some read when shown
    stops = tab_walk(window.tabs.tabBar(), qtbot)
    inside = [w for w in stops if page.isAncestorOf(w)]
    assert inside, f"Tab never enters the {page_id} page"
    # one run: once Tab enters the page it stays until the page is done
    first, last = stops.index(inside[0]), stops.index(inside[-1])
    assert stops[first : last + 1] == inside
    # every enabled control on the page is reached
    reachable = [
        w for w in page.findChildren(QWidget)
        if _focusable(w) and not isinstance(w.parentWidget(), QAbstractScrollArea)
    ]
    missed = [_describe(w) for w in reachable if w not in stops]
    assert not missed, f"Tab never reaches {missed}"
    _check_named(inside)
    # the switcher and the tabs are on the way round too
    names = {w.objectName() for w in stops}
    assert {"clientSearch", "clientList"} <= names


def test_overview_tab_order_follows_the_form(qtbot: QtBot, window: MainWindow) -> None:
    page = next(p for p in window.pages if isinstance(p, OverviewPage))
    window.tabs.setCurrentWidget(page)
    stops = [w.objectName() for w in tab_walk(window.tabs.tabBar(), qtbot)]
    expected = [
        "name", "tax_number", "tax_number_2", "company_number", "fiscal_region_code",
        "starting_capital", "is_tax_subject", "address", "address_2", "post_code", "city",
        "state", "email", "phone", "website", "currency_code", "locale",
    ]
    # country and its code cannot change: text on the page that Tab passes by
    assert "country" not in stops and "country_code" not in stops
    positions = [stops.index(name) for name in expected]
    assert positions == sorted(positions), stops


def test_form_fields_speak_their_label(qtbot: QtBot, window: MainWindow) -> None:
    page = next(p for p in window.pages if isinstance(p, OverviewPage))
    assert isinstance(page, ClientPage)
    window.tabs.setCurrentWidget(page)
    names = {w.objectName(): spoken_name(w) for w in page.findChildren(QWidget)}
    assert names["name"] == "Name"
    assert names["address_2"] == "Address line 2"
    assert names["starting_capital"] == "Starting capital"


@pytest.mark.parametrize("dialog_class", [PreferencesDialog, AboutDialog])
def test_dialogs_are_walked_by_tab_with_names(
    qtbot: QtBot, context: AppContext, dialog_class: type[QDialog]
) -> None:
    dialog = dialog_class(context)  # type: ignore[call-arg]
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitExposed(dialog)
    first = next(w for w in dialog.findChildren(QWidget) if _focusable(w))
    stops = tab_walk(first, qtbot)
    _check_named([first, *stops])
    reachable = [w for w in dialog.findChildren(QWidget) if _focusable(w)]
    missed = [_describe(w) for w in reachable if w not in stops and w is not first]
    assert not missed


def test_clean_label() -> None:
    assert clean_label("&Name:") == "Name"
    assert clean_label("Fish && chips") == "Fish & chips"

