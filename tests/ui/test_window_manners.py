"""The main window's manners on a desktop: its title with the unsaved-changes mark, its first
size on a small screen, one progress indicator at a time, and what the client list says
before the first refresh has answered."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QRect, QSize
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from si_desktop.sync.connection import Connection
from si_desktop.ui import main_window as mw
from si_desktop.ui.context import AppContext
from si_desktop.ui.main_window import MainWindow, first_geometry
from si_desktop.ui.pages.overview import OverviewPage
from si_desktop.ui.pages.units import BusinessUnitsPage
from tests.ui.fakes import FakeWorkspace, make_entity

PAGES = [OverviewPage, BusinessUnitsPage]


@pytest.fixture
def app_name() -> Iterator[str]:
    """The display name the app sets (`ui.app.application`), for this test only."""
    previous = QGuiApplication.applicationDisplayName()
    QGuiApplication.setApplicationDisplayName("si-desktop")
    try:
        yield "si-desktop"
    finally:
        QGuiApplication.setApplicationDisplayName(previous)


def open_window(qtbot: QtBot, context: AppContext, fake: FakeWorkspace) -> MainWindow:
    context.workspace_factory = lambda connection: fake
    window = MainWindow(context, PAGES)
    qtbot.addWidget(window)
    window.ask_unsaved = lambda: mw.DISCARD  # type: ignore[method-assign]
    window.open_connection(Connection(base_url="http://127.0.0.1:1", api_key="k", demo=True))
    window.show()
    return window


def shown_title(title: str, modified: bool, app_name: str) -> str:
    """The title as a Linux or Windows desktop shows it: Qt puts "*" for the mark while the
    window is modified, and adds the application's display name unless the title ends
    with it (`QPlatformWindow::formatWindowTitle`)."""
    text = title.replace("[*][*]", "\0").replace("[*]", "*" if modified else "")
    text = text.replace("\0", "[*]")
    return text if text.endswith(app_name) else f"{text} — {app_name}"


def test_the_title_marks_unsaved_changes_once_and_names_the_app_once(
    qtbot: QtBot, context: AppContext, app_name: str
) -> None:
    fake = FakeWorkspace([make_entity(1, "Albion Design Ltd"), make_entity(2, "Odd [*] name")])
    window = open_window(qtbot, context, fake)
    first = make_entity(1)["id"]
    qtbot.waitUntil(lambda: context.current_client_id == first
                    and window.client_title.text() == "Albion Design Ltd", timeout=3000)
    page = window.pages[0]
    assert isinstance(page, OverviewPage)
    qtbot.waitUntil(lambda: page.data is not None and not page.is_loading, timeout=3000)
    assert shown_title(window.windowTitle(), window.isWindowModified(), app_name) == (
        "Albion Design Ltd — Demo workspace — si-desktop"
    )
    page.edits["city"].setText("Leeds")
    page._on_edited()
    assert window.isWindowModified()
    assert shown_title(window.windowTitle(), True, app_name) == (
        "Albion Design Ltd* — Demo workspace — si-desktop"
    )
    page.revert()
    window.request_client(make_entity(2)["id"])
    qtbot.waitUntil(lambda: window.client_title.text() == "Odd [*] name", timeout=3000)
    # a name holding Qt's mark is shown as written, not taken for the mark
    assert shown_title(window.windowTitle(), False, app_name) == (
        "Odd [*] name — Demo workspace — si-desktop"
    )


def test_a_refresh_shows_one_progress_indicator(qtbot: QtBot, context: AppContext) -> None:
    """The refresh's own progress (with Cancel) in the status bar, not the small busy bar
    beside it as well; other background work still shows the busy bar."""
    fake = FakeWorkspace([make_entity(i) for i in range(1, 4)], delay=0.3)
    window = open_window(qtbot, context, fake)
    ui = window.offline_ui
    assert ui is not None
    qtbot.waitUntil(lambda: not context.offline.refreshing, timeout=5000)  # the one at start
    assert context.offline.refresh()
    qtbot.waitUntil(lambda: context.bridge.busy and ui.progress.isVisible(), timeout=3000)
    assert not window.busy.isVisible()
    qtbot.waitUntil(lambda: not context.offline.refreshing, timeout=5000)
    assert not window.busy.isVisible() and not ui.progress.isVisible()
    context.bridge.run(asyncio.sleep(0.3), owner=window, key="other")
    qtbot.waitUntil(window.busy.isVisible, timeout=3000)
    qtbot.waitUntil(lambda: not window.busy.isVisible(), timeout=3000)


def test_an_error_clears_a_success_message_in_the_status_bar(
    qtbot: QtBot, context: AppContext
) -> None:
    window = open_window(qtbot, context, FakeWorkspace([make_entity(1)]))
    context.status_message.emit("Saved.")
    assert window.statusBar().currentMessage() == "Saved."
    context.report_error("Space Invoices cannot be reached.")
    assert window.statusBar().currentMessage() == ""
    assert window.banner.message == "Space Invoices cannot be reached."


def test_the_first_window_fits_a_small_screen_with_room_for_its_frame() -> None:
    small = QRect(0, 0, 1280, 720)  # the free area of a 1280×720 screen
    geometry = first_geometry(small)
    assert small.contains(geometry.marginsAdded(mw.FRAME_MARGINS))
    assert geometry.width() == 1264 and geometry.height() == 680
    large = QRect(0, 0, 1920, 1050)
    assert first_geometry(large).size() == QSize(1280, 800)
    assert first_geometry(large).center() == large.marginsRemoved(mw.FRAME_MARGINS).center()
    second = QRect(1920, 30, 1280, 690)  # a second screen, with a panel on top
    assert second.contains(first_geometry(second).marginsAdded(mw.FRAME_MARGINS))


def test_the_window_opens_within_its_screen_and_save_is_on_it(
    qtbot: QtBot, context: AppContext
) -> None:
    window = open_window(qtbot, context, FakeWorkspace([make_entity(1)]))
    page = window.pages[0]
    assert isinstance(page, OverviewPage)
    free = window.screen().availableGeometry()
    assert free.contains(window.geometry())
    qtbot.waitUntil(page.save_button.isVisible, timeout=3000)
    corner = page.save_button.mapToGlobal(page.save_button.rect().bottomRight())
    assert free.contains(corner)


def test_a_saved_geometry_is_used_only_while_it_fits(
    qtbot: QtBot, context: AppContext
) -> None:
    fake = FakeWorkspace([make_entity(1)])
    free = open_window(qtbot, context, fake).screen().availableGeometry()
    settings = context.settings
    inside = QRect(free.left() + 40, free.top() + 60, free.width() // 2, free.height() // 2)
    settings.setValue("window/geometry", _saved_geometry(qtbot, context, inside))
    again = MainWindow(context, PAGES)
    qtbot.addWidget(again)
    assert again.geometry() == inside
    # saved on a larger screen (or one that has gone): placed as on a first start
    beyond = QRect(free.right() - 100, free.top(), free.width() + 400, free.height() + 300)
    settings.setValue("window/geometry", _saved_geometry(qtbot, context, beyond))
    third = MainWindow(context, PAGES)
    qtbot.addWidget(third)
    assert free.contains(third.geometry())


def _saved_geometry(qtbot: QtBot, context: AppContext, rect: QRect) -> QByteArray:
    """What `saveGeometry` of a window at `rect` would have stored."""
    window = MainWindow(context, PAGES)
    qtbot.addWidget(window)
    window.setGeometry(rect)
    return window.saveGeometry()


def test_a_save_the_user_went_back_from_is_not_called_a_problem(
    qtbot: QtBot, context: AppContext
) -> None:
    """Switching client with unsaved edits: when the page's save does not start although
    its values are fine (the user went back from a question of its own), the window stays
    on the page without claiming there are fields to fix."""
    window = open_window(qtbot, context, FakeWorkspace([make_entity(1), make_entity(2)]))
    first = make_entity(1)["id"]
    qtbot.waitUntil(lambda: context.current_client_id == first, timeout=3000)
    page = window.pages[0]
    assert isinstance(page, OverviewPage)
    qtbot.waitUntil(lambda: page.data is not None, timeout=3000)
    page.edits["city"].setText("Leeds")
    page._on_edited()
    page.save = lambda then=None: False  # type: ignore[method-assign]
    window.ask_unsaved = lambda: mw.SAVE  # type: ignore[method-assign]
    window.request_client(make_entity(2)["id"])
    assert context.current_client_id == first
    assert not window.banner.isVisible()
    window.ask_unsaved = lambda: mw.DISCARD  # type: ignore[method-assign]


def test_the_status_bar_after_a_refresh_counts_active_units_and_says_so(
    qtbot: QtBot, context: AppContext
) -> None:
    """Preferences counts every cached unit, archived ones too; the refresh's line counts
    the active ones, and says "active"."""
    fake = FakeWorkspace([make_entity(1)])
    entity_id = make_entity(1)["id"]
    fake.service.units[entity_id] = [
        {"id": f"unit_{i:024x}", "entity_id": entity_id, "name": f"Enota {i}",
         "numbering_index": i, "is_active": i != 2,
         "deleted_at": "2025-03-01T10:00:00.000Z" if i == 2 else None, "settings": {}}
        for i in (1, 2)
    ]
    window = open_window(qtbot, context, fake)
    qtbot.waitUntil(lambda: not context.offline.refreshing, timeout=5000)
    said: list[str] = []
    context.status_message.connect(said.append)
    assert context.offline.refresh()
    qtbot.waitUntil(lambda: not context.offline.refreshing, timeout=5000)
    assert "Refreshed: 1 clients, 1 active business units." in said
    assert window.statusBar().currentMessage() == "Refreshed: 1 clients, 1 active business units."


def test_closing_the_window_keeps_the_open_client_as_recent_on_disk(
    qtbot: QtBot, context: AppContext
) -> None:
    """The open client becomes recent once it has stayed open a moment; closing the
    window before that still counts it, and writes it with the window's state (a settings
    write after that would land in a data folder that may be gone, as the self-test's)."""
    window = open_window(qtbot, context, FakeWorkspace([make_entity(1), make_entity(2)]))
    first = make_entity(1)["id"]
    qtbot.waitUntil(lambda: context.current_client_id == first, timeout=3000)
    assert window.switcher.favourites.recent_ids() == []  # not yet: it may be passed over
    window.close()
    assert window.switcher.favourites.recent_ids() == [first]
    written = Path(context.settings.fileName()).read_text(encoding="utf-8").splitlines()
    assert any(line.startswith("recent_") and first in line for line in written)
