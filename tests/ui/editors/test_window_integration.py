"""The editors in the window: three tabs after Overview and Business units that follow the
client switcher, and "Edit settings…" on a business unit opening its scoped editors."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from si_desktop.sync.connection import Connection
from si_desktop.ui import main_window as mw
from si_desktop.ui.editors import BrandingPage, UnitSettingsDialog
from si_desktop.ui.main_window import MainWindow
from si_desktop.ui.pages.units import BusinessUnitsPage
from tests.ui.editors.conftest import Sandbox


@pytest.fixture
def window(qtbot: QtBot, sandbox: Sandbox) -> Iterator[MainWindow]:
    context = sandbox.context
    context.workspace_factory = lambda connection: sandbox.workspace
    win = MainWindow(context)
    qtbot.addWidget(win)
    # before the test ends: pytest-qt closes the window ahead of this fixture's teardown
    win.ask_unsaved = lambda: mw.DISCARD  # type: ignore[method-assign]
    yield win


def _loaded(window: MainWindow, entity_id: str) -> bool:
    return window.context.current_client_id == entity_id and all(
        not page.is_loading and page.data is not None for page in window.pages
    )


def test_editor_tabs_follow_the_client(qtbot: QtBot, sandbox: Sandbox, window: MainWindow) -> None:
    first = sandbox.client("Alpe d.o.o.")
    second = sandbox.client("Bled s.p.")
    sandbox.update(second["id"], settings={"primary_color": "#b91c1c"})
    window.open_connection(Connection(base_url="http://sandbox.test", api_key="k"))
    window.show()
    window.request_client(first["id"])
    qtbot.waitUntil(lambda: _loaded(window, first["id"]), timeout=5000)
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles == ["Documents", "Overview", "Business units", "Number formats",
                      "Branding", "E-mail defaults", "Access"]
    branding = next(p for p in window.pages if isinstance(p, BrandingPage))
    window.tabs.setCurrentWidget(branding)
    assert branding.preview.invoice is not None
    assert branding.preview.invoice.seller_name == "Alpe d.o.o."
    # filled as it was shown: the template thumbnails come with it, not a moment later
    assert all(not b.icon().isNull() for b in branding.template_buttons.values())

    window.request_client(second["id"])
    qtbot.waitUntil(lambda: _loaded(window, second["id"]), timeout=5000)
    assert window.tabs.currentWidget() is branding
    qtbot.waitUntil(lambda: branding.preview.invoice is not None
                    and branding.preview.invoice.seller_name == "Bled s.p.")
    assert branding.color_edit.text() == "#b91c1c"

    branding.set_color("#123456")
    assert window.tabs.tabText(window.tabs.indexOf(branding)) == "Branding •"
    window.save_current()
    qtbot.waitUntil(lambda: not branding.is_dirty(), timeout=5000)
    assert sandbox.entity(second["id"])["settings"]["primary_color"] == "#123456"


def test_edit_settings_opens_the_units_editors(
    qtbot: QtBot, sandbox: Sandbox, window: MainWindow
) -> None:
    client = sandbox.client("Alpe d.o.o.")
    unit = sandbox.unit(client["id"], "Trgovina Bled")
    window.open_connection(Connection(base_url="http://sandbox.test", api_key="k"))
    window.show()
    window.request_client(client["id"])
    qtbot.waitUntil(lambda: _loaded(window, client["id"]), timeout=5000)
    units = next(p for p in window.pages if isinstance(p, BusinessUnitsPage))
    window.tabs.setCurrentWidget(units)
    assert not units.settings_button.isEnabled()
    units.view.selectRow(0)
    assert units.settings_button.isEnabled()
    opened: list[UnitSettingsDialog] = []

    def run(dialog: UnitSettingsDialog) -> None:
        opened.append(dialog)
        qtbot.waitUntil(
            lambda: all(p.data is not None and not p.is_loading for p in dialog.pages),
            timeout=5000,
        )
        assert all(p.unit_id == unit["id"] for p in dialog.pages)

    units.open_settings_dialog = run  # type: ignore[method-assign,assignment]
    qtbot.mouseClick(units.settings_button, Qt.MouseButton.LeftButton)
    assert len(opened) == 1
