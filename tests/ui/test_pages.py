"""The Overview and Business units pages, their models and dialogs, over a fake workspace."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot

from si_desktop.api import errors
from si_desktop.api.errors import Issue
from si_desktop.ui import main_window as mw
from si_desktop.ui.context import AppContext
from si_desktop.ui.main_window import MainWindow
from si_desktop.ui.pages.overview import OverviewPage
from si_desktop.ui.pages.units import BusinessUnitsPage, UnitDialog, UnitRole, UnitsModel
from tests.ui.fakes import FakeWorkspace, make_entity

EVIL = "<b>x</b> <img src=x> 😀"


@pytest.fixture
def workspace(context: AppContext) -> FakeWorkspace:
    fake = FakeWorkspace()
    context.set_workspace(fake)
    return fake


def _open(qtbot: QtBot, context: AppContext, page: Any, entity_id: str) -> None:
    context.set_current_client(entity_id)
    qtbot.waitUntil(lambda: not page.is_loading and page.data is not None, timeout=2000)


def test_overview_shows_edits_and_saves_only_changes(
    qtbot: QtBot, context: AppContext, workspace: FakeWorkspace
) -> None:
    page = OverviewPage(context)
    qtbot.addWidget(page)
    entity_id = make_entity(1)["id"]
    _open(qtbot, context, page, entity_id)
    assert page.edits["name"].text() == "Žagar d.o.o."
    assert page.edits["country"].isReadOnly() and page.edits["country_code"].isReadOnly()
    assert page.id_edit.text() == entity_id
    assert not page.is_dirty() and not page.save_button.isEnabled()

    page.edits["city"].clear()
    qtbot.keyClicks(page.edits["city"], "Kranj")
    assert page.is_dirty() and page.save_button.isEnabled()
    qtbot.keyClicks(page.edits["post_code"], "9" * 25)  # over the 20-character limit
    assert page.fields["post_code"].problem.isVisible() or page.fields["post_code"].problem.text()
    assert "Post code" in page.fields["post_code"].problem.text()
    assert not page.save_button.isEnabled()
    page.edits["post_code"].clear()
    page._on_edited()
    assert page.save_button.isEnabled()

    with qtbot.waitSignal(page.saved, timeout=2000):
        qtbot.keyClick(page.save_button, Qt.Key.Key_Space)
    assert ("save", {"city": "Kranj"}) in workspace.calls
    assert workspace.find(entity_id)["settings"]["custom_future_key"] == {"x": 1}
    assert not page.is_dirty()


def test_overview_revert_and_metadata_limits(
    qtbot: QtBot, qtmodeltester: Any, context: AppContext, workspace: FakeWorkspace
) -> None:
    page = OverviewPage(context)
    qtbot.addWidget(page)
    _open(qtbot, context, page, make_entity(2)["id"])
    qtmodeltester.check(page.metadata, force_py=True)
    page.metadata.setData(page.metadata.index(0, 1), "x" * 251)
    assert page.is_dirty()
    assert "250" in page.metadata_problem.text()
    assert not page.save_button.isEnabled()
    page.revert()
    assert not page.is_dirty()
    assert page.metadata.metadata() == {"client_code": "K-0002"}
    page.capital.setText("7500,50")  # a decimal comma is fine
    page._on_edited()
    assert page.changed_values() == {"starting_capital": 7500.5}
    page.capital.setText("lots")
    page._on_edited()
    assert "number" in page.capital_field.problem.text()
    page.revert()
    for _ in range(50):
        page.metadata.add_row()
    for row in range(1, 51):
        page.metadata.setData(page.metadata.index(row, 0), f"k{row}")
    assert "at most 50" in page.metadata_problem.text()


def test_overview_maps_a_422_to_the_field(
    qtbot: QtBot, context: AppContext, workspace: FakeWorkspace
) -> None:
    async def refuse(original: Any, edited: Any, **_how: Any) -> Any:
        raise errors.ValidationError(
            "Invalid", status=422, code="validation_error",
            issues=[Issue(path=("tax_number",), message="Not a valid tax number")],
        )

    workspace.update_client = refuse  # type: ignore[method-assign]
    page = OverviewPage(context)
    qtbot.addWidget(page)
    banner: list[str] = []
    context.error_reported.connect(banner.append)
    _open(qtbot, context, page, make_entity(1)["id"])
    page.edits["tax_number"].setText("SI0")
    page._on_edited()
    page.save()
    qtbot.waitUntil(lambda: page.fields["tax_number"].problem.text() != "", timeout=2000)
    assert page.fields["tax_number"].problem.text() == "Not a valid tax number"
    assert banner == []  # the message is under the field, not in a banner
    assert page.is_dirty()  # nothing typed was lost


def test_overview_enable_disable_asks_first(
    qtbot: QtBot, context: AppContext, workspace: FakeWorkspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = OverviewPage(context)
    qtbot.addWidget(page)
    entity_id = make_entity(3)["id"]
    _open(qtbot, context, page, entity_id)
    answers = iter([False, True])
    monkeypatch.setattr(page, "confirm_enabled_change", lambda enable, name: next(answers))
    page.toggle_enabled()
    assert ("enabled", (entity_id, False)) not in workspace.calls
    page.toggle_enabled()
    qtbot.waitUntil(lambda: workspace.find(entity_id)["is_enabled"] is False, timeout=2000)
    qtbot.waitUntil(lambda: page.enable_button.text() == "Enable…", timeout=2000)
    assert "Disabled" in page.state_label.text()


def test_disable_and_archive_questions_default_to_the_safe_answer(
    qtbot: QtBot, context: AppContext, workspace: FakeWorkspace
) -> None:
    """Enter on a question that would disable a client or archive a unit stops nothing;
    the archive question says it is for good (the API has no call to undo it)."""
    overview = OverviewPage(context)
    qtbot.addWidget(overview)
    disable = overview.enabled_question(False, "Žagar d.o.o.")
    assert disable.defaultButton() is disable.button(QMessageBox.StandardButton.Cancel)
    assert disable.escapeButton() is disable.button(QMessageBox.StandardButton.Cancel)
    assert disable.button(QMessageBox.StandardButton.Ok).text() == "Disable"
    enable = overview.enabled_question(True, "Žagar d.o.o.")  # nothing to lose there
    assert enable.defaultButton() is enable.button(QMessageBox.StandardButton.Ok)

    units = BusinessUnitsPage(context)
    qtbot.addWidget(units)
    archive = units.archive_question("Spletna prodaja")
    assert archive.defaultButton() is archive.button(QMessageBox.StandardButton.Cancel)
    assert archive.button(QMessageBox.StandardButton.Ok).text() == "Archive"
    assert archive.text() == "Archive “Spletna prodaja”? This cannot be undone."
    assert "no way to make an archived unit active again" in archive.informativeText()


def test_country_and_its_code_read_as_text_not_as_fields(
    qtbot: QtBot, context: AppContext, workspace: FakeWorkspace
) -> None:
    """Set when the client was created and never changed: no frame, no field background,
    and Tab goes from State straight to E-mail."""
    page = OverviewPage(context)
    qtbot.addWidget(page)
    page.show()
    _open(qtbot, context, page, make_entity(1)["id"])
    for key in ("country", "country_code"):
        edit = page.edits[key]
        assert edit.isReadOnly() and not edit.hasFrame()
        assert edit.focusPolicy() == Qt.FocusPolicy.NoFocus
        assert edit.palette().color(QPalette.ColorRole.Base).alpha() == 0
    assert page.edits["country"].text() == "Slovenia"
    assert page.edits["city"].palette().color(QPalette.ColorRole.Base).alpha() == 255
    page.edits["state"].setFocus()
    qtbot.waitUntil(page.edits["state"].hasFocus, timeout=2000)
    qtbot.keyClick(page.edits["state"], Qt.Key.Key_Tab)
    assert page.edits["email"].hasFocus()


def test_network_names_show_as_plain_text(
    qtbot: QtBot, context: AppContext, workspace: FakeWorkspace
) -> None:
    workspace.entities.append(make_entity(77, EVIL))
    page = OverviewPage(context)
    qtbot.addWidget(page)
    _open(qtbot, context, page, make_entity(77)["id"])
    assert page.edits["name"].text() == EVIL
    for label in (page.state_label, page.times_label, page.message_label):
        assert label.textFormat() == Qt.TextFormat.PlainText


def test_failed_load_goes_to_the_banner_not_a_dialog(
    qtbot: QtBot, context: AppContext, workspace: FakeWorkspace
) -> None:
    async def offline(entity_id: str) -> Any:
        raise errors.NetworkError("connection refused", reason="connect")

    workspace.load_client = offline  # type: ignore[method-assign]
    workspace.client_now = lambda _id: None  # type: ignore[method-assign]  # not cached
    page = OverviewPage(context)
    qtbot.addWidget(page)
    with qtbot.waitSignal(context.error_reported, timeout=2000) as blocker:
        context.set_current_client(make_entity(1)["id"])
    assert "Cannot reach" in blocker.args[0]
    assert context.online is False
    assert page.message_label.isVisibleTo(page)


# business units ----------------------------------------------------------------------------


def _units(workspace: FakeWorkspace, entity_id: str) -> None:
    workspace.service.units[entity_id] = [
        {"id": f"unit_{i:024x}", "entity_id": entity_id, "name": name, "city": city,
         "numbering_index": i, "is_active": True, "deleted_at": None, "settings": settings}
        for i, (name, city, settings) in enumerate(
            [("Trgovina Center", "Ljubljana", {"primary_color": "#112233"}),
             ("Spletna prodaja", None, {}),
             ("Podružnica Koper", "Koper", {"email_defaults": {"invoice_subject": "x"}})],
            start=1,
        )
    ]
    workspace.cache_units(entity_id)


def test_units_model_passes_modeltester_and_refreshes_in_ranges(qtmodeltester: Any) -> None:
    model = UnitsModel()
    qtmodeltester.check(model, force_py=True)
    units = [{"id": f"unit_{i}", "name": f"U{i}", "numbering_index": i} for i in range(1, 6)]
    model.set_units(units)
    model.set_units([units[0], {**units[2], "name": "Renamed"}, units[4]])
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["U1", "Renamed", "U5"]
    model.set_units([])
    assert model.rowCount() == 0


def test_units_page_lists_archives_and_shows_archived(
    qtbot: QtBot, context: AppContext, workspace: FakeWorkspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    entity_id = make_entity(1)["id"]
    _units(workspace, entity_id)
    page = BusinessUnitsPage(context)
    qtbot.addWidget(page)
    _open(qtbot, context, page, entity_id)
    model = page.model
    assert model.rowCount() == 3
    assert model.index(0, 4).data() == "Branding"
    assert model.index(1, 4).data() == "inherits everything"
    assert model.index(2, 4).data() == "E-mail"

    page.view.selectRow(1)
    monkeypatch.setattr(page, "confirm_archive", lambda name: name == "Spletna prodaja")
    page.archive_selected()
    qtbot.waitUntil(lambda: model.rowCount() == 2, timeout=2000)
    assert ("archive_unit", f"unit_{2:024x}") in workspace.calls
    page.show_archived.setChecked(True)
    qtbot.waitUntil(lambda: model.rowCount() == 3, timeout=2000)
    archived = [r for r in range(3) if model.index(r, 0).data(UnitRole.Archived)]
    assert len(archived) == 1
    assert model.index(archived[0], 3).data().startswith("Archived")
    assert model.index(archived[0], 0).data(Qt.ItemDataRole.ForegroundRole) is not None


def test_unit_dialog_creates_and_edits(
    qtbot: QtBot, context: AppContext, workspace: FakeWorkspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    entity_id = make_entity(1)["id"]
    page = BusinessUnitsPage(context)
    qtbot.addWidget(page)
    _open(qtbot, context, page, entity_id)
    assert page.model.rowCount() == 0
    assert page.empty_label.text()

    def fill_new(dialog: UnitDialog) -> bool:
        save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
        assert not save.isEnabled()  # a name is required
        qtbot.keyClicks(dialog.edits["name"], "Nova enota")
        qtbot.keyClicks(dialog.edits["city"], "Celje")
        with qtbot.waitSignal(dialog.accepted, timeout=2000):
            save.click()
        return True

    monkeypatch.setattr(page, "open_dialog", fill_new)
    page.new_unit()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=2000)
    assert page.model.index(0, 1).data() == "Celje"

    def rename(dialog: UnitDialog) -> bool:
        dialog.edits["name"].setText("Preimenovana")
        with qtbot.waitSignal(dialog.accepted, timeout=2000):
            dialog.submit()
        return True

    monkeypatch.setattr(page, "open_dialog", rename)
    page.edit_row(0)
    qtbot.waitUntil(lambda: page.model.index(0, 0).data() == "Preimenovana", timeout=2000)
    assert ("save_unit", {"name": "Preimenovana"}) in workspace.calls


def test_slow_load_shows_busy_on_the_page(qtbot: QtBot, context: AppContext) -> None:
    workspace = FakeWorkspace(delay=0.3)
    workspace.slow[make_entity(1)["id"]] = 0.3  # not cached: the service answers slowly
    context.set_workspace(workspace)
    page = OverviewPage(context)
    qtbot.addWidget(page)
    page.show()
    context.set_current_client(make_entity(1)["id"])
    assert page.is_loading and page.busy_bar.isVisible()
    qtbot.waitUntil(lambda: not page.is_loading, timeout=2000)
    assert not page.busy_bar.isVisible()


def test_the_status_column_fits_its_texts_when_the_rows_arrive_later(
    qtbot: QtBot, context: AppContext
) -> None:
    """The page is filled while the window lays it out; "Active" (Slovenian "Aktivna") and
    "Archived 2026-03-01 10:00" are not cut to the width of the column's header."""
    fake = FakeWorkspace([make_entity(1)])
    entity_id = make_entity(1)["id"]
    _units(fake, entity_id)
    fake.service.units[entity_id][1].update(deleted_at="2026-03-01T10:00:00.000Z",
                                            is_active=False)
    fake.cache_units(entity_id)
    context.workspace_factory = lambda connection: fake
    window = MainWindow(context, [OverviewPage, BusinessUnitsPage])
    qtbot.addWidget(window)
    window.ask_unsaved = lambda: mw.DISCARD  # type: ignore[method-assign]
    window.open_connection(fake.connection)
    window.show()
    qtbot.waitUntil(lambda: context.current_client_id == entity_id, timeout=3000)
    window.tabs.setCurrentIndex(1)
    page = window.pages[1]
    assert isinstance(page, BusinessUnitsPage)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=3000)
    status = UnitsModel.column("status")

    def fits() -> bool:
        needed = max(page.view.sizeHintForColumn(status),
                     page.view.horizontalHeader().sectionSizeHint(status))
        return page.view.columnWidth(status) >= needed

    assert fits()
    page.show_archived.setChecked(True)
    assert page.model.rowCount() == 3
    archived = next(r for r in range(3) if page.model.index(r, 0).data(UnitRole.Archived))
    text = page.model.index(archived, status).data()
    assert text.startswith("Archived")
    assert page.view.columnWidth(status) > page.view.fontMetrics().horizontalAdvance(text)
    assert fits()


def test_a_client_with_only_archived_units_says_so_and_offers_to_show_them(
    qtbot: QtBot, context: AppContext, workspace: FakeWorkspace
) -> None:
    entity_id = make_entity(1)["id"]
    workspace.service.units[entity_id] = [
        {"id": f"unit_{1:024x}", "entity_id": entity_id, "name": "Stara trgovina",
         "numbering_index": 1, "is_active": False, "deleted_at": "2025-03-01T10:00:00.000Z",
         "settings": {}},
    ]
    workspace.cache_units(entity_id)
    page = BusinessUnitsPage(context)
    qtbot.addWidget(page)
    page.show()
    _open(qtbot, context, page, entity_id)
    assert page.model.rowCount() == 0
    assert page.empty_label.text() == "No active business units; 1 archived."
    assert page.show_archived_button.isVisible()
    page.show_archived_button.click()
    assert page.show_archived.isChecked()
    assert page.model.rowCount() == 1 and page.model.index(0, 0).data() == "Stara trgovina"
    assert not page.empty_label.isVisible() and not page.show_archived_button.isVisible()

    none = make_entity(2)["id"]  # no units at all
    _open(qtbot, context, page, none)
    assert page.empty_label.text() == "This client has no business units yet."
    assert not page.show_archived_button.isVisible()
