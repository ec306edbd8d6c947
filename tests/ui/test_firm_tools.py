"""Firm → Branding wall… and Firm → Year end… in the window, on a workspace in memory: the
wall's filters (low contrast, no logo, template, country) and a click that opens the client's
Branding page; thumbnails drawn off the GUI thread and kept on disk; the year end's filter to
problems and its CSV."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from si_desktop.ui.context import AppContext
from si_desktop.ui.firm.branding_wall import BrandingWallDialog, open_branding_wall
from si_desktop.ui.firm.thumbnails import disk_path
from si_desktop.ui.firm.year_end import Show, YearEndDialog, open_year_end, year_end_csv
from si_desktop.ui.main_window import MainWindow
from si_desktop.ui.unsaved import DISCARD
from tests.ui.fakes import FakeWorkspace, make_entity

WAIT = 10_000


def _clients() -> list[dict[str, Any]]:
    pale = make_entity(1, "Bleda barva d.o.o.", settings={"primary_color": "#FACC15",
                                                          "pdf_template": "classic"})
    logo = make_entity(2, "Z logotipom d.o.o.", settings={"primary_color": "#0F172A",
                                                          "has_logo": True})
    austrian = make_entity(3, "Alpen Handel GmbH", country="Austria", country_code="AT",
                           settings={"primary_color": "#1D4ED8", "pdf_template": "minimal"})
    shared = make_entity(4, "Skupna številka d.o.o.", settings={
        "unit_number_formats": {"invoice": "{yyyy}-{nnnnn}"}})
    return [pale, logo, austrian, shared]


@pytest.fixture
def window(qtbot: QtBot, context: AppContext) -> Iterator[MainWindow]:
    workspace = FakeWorkspace(_clients())
    shared_id = workspace.entities[3]["id"]
    workspace.service.units[shared_id] = [
        {"id": f"unit_{n:024x}", "entity_id": shared_id, "name": f"Trgovina {n}",
         "numbering_index": n, "settings": {}, "deleted_at": None, "is_active": True}
        for n in (1, 2)]
    workspace.cache_units(shared_id)
    context.set_workspace(workspace)
    win = MainWindow(context)
    qtbot.addWidget(win)
    win.show()
    try:
        yield win
    finally:
        win.ask_unsaved = lambda: DISCARD  # type: ignore[method-assign]
        win.close()


def _wall(qtbot: QtBot, window: MainWindow) -> BrandingWallDialog:
    dialog = open_branding_wall(window)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.loaded, timeout=WAIT)
    return dialog


def _names(dialog: BrandingWallDialog) -> list[str]:
    return sorted(client.name for client in dialog.shown_clients())


def test_the_wall_filters_and_a_click_opens_the_branding_page(
        qtbot: QtBot, window: MainWindow) -> None:
    dialog = _wall(qtbot, window)
    assert len(_names(dialog)) == 4 and dialog.shown_label.text() == "4 of 4 clients shown"
    dialog.set_filters(low_contrast=True)
    assert _names(dialog) == ["Bleda barva d.o.o."]
    dialog.set_filters(low_contrast=False, no_logo=True)
    assert "Z logotipom d.o.o." not in _names(dialog) and len(_names(dialog)) == 3
    dialog.set_filters(no_logo=False, template="minimal")
    assert _names(dialog) == ["Alpen Handel GmbH"]
    dialog.set_filters(template="", country="SI")
    assert len(_names(dialog)) == 3 and "Alpen Handel GmbH" not in _names(dialog)
    dialog.search.setText("logot")
    assert _names(dialog) == ["Z logotipom d.o.o."]

    index = dialog.proxy.index(0, 0)
    rect = dialog.view.visualRect(index)
    qtbot.mouseClick(dialog.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    wanted = window.context.workspace.entities[1]["id"]
    qtbot.waitUntil(lambda: window.context.current_client_id == wanted, timeout=WAIT)
    page = window.current_page()
    assert page is not None and page.page_id == "branding"


def test_thumbnails_are_drawn_off_the_gui_thread_and_kept_on_disk(
        qtbot: QtBot, window: MainWindow, context: AppContext) -> None:
    dialog = _wall(qtbot, window)
    qtbot.waitUntil(dialog.visible_drawn, timeout=WAIT)
    assert dialog.model.thumbnails_shown >= 4
    folder = Path(context.data_dir) / "thumbnails" / "branding-wall"
    for row in range(dialog.model.rowCount()):
        client = dialog.model.client_at(row)
        assert client is not None
        job_key = f"v1:{dialog.model.pixel_width}:preview:{client.fingerprint}"
        assert disk_path(folder, job_key).exists()
    # the worker's thread drew them: nothing is drawn on the GUI thread
    assert dialog.worker._thread.is_alive()


def _year_end(qtbot: QtBot, window: MainWindow) -> YearEndDialog:
    dialog = open_year_end(window)
    assert dialog is not None
    qtbot.waitUntil(lambda: not dialog.running and dialog.model.client_count == 4,
                    timeout=WAIT)
    return dialog


def test_the_year_end_filters_to_problems_and_exports_csv(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    dialog = _year_end(qtbot, window)
    # 3 clients × 3 types, and the one with two shops: 3 × 3
    assert dialog.model.rowCount() == 3 * 3 + 3 * 3
    dialog.set_filter(Show.PROBLEMS)
    shown = [dialog.proxy.index(r, 0).data() for r in range(dialog.proxy.rowCount())]
    assert shown == ["Skupna številka d.o.o."] * 3  # its own invoices and both shops'
    warning = dialog.proxy.index(0, 9).data()
    assert "Trgovina 1" in warning and "Trgovina 2" in warning
    target = tmp_path / "year-end.csv"
    dialog.choose_export_path = lambda _suggested: str(target)  # type: ignore[method-assign]
    assert dialog.export_csv() == target
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 1 + 3 and rows[1][3] == ""  # the client's own: no unit
    year = datetime.date.today().year
    assert rows[1][9] == f"{year + 1}-00001" and "same numbers" in rows[1][11]
    assert year_end_csv(dialog.model, []).count("\r\n") == 1
