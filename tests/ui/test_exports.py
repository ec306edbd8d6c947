"""The export dialogs: one client's Export… and File → Export for many clients…, on an
in-process sandbox: the choices and what they refuse, a run to the files with its progress,
"Open folder", stopping and resuming, and the summary of what happened."""

from __future__ import annotations

import csv
import datetime
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import QDate, QLocale, Qt, QUrl
from pytestqt.qtbot import QtBot
from starlette.applications import Starlette

from si_desktop.core.periods import Period, quarter
from si_desktop.sandbox import Faults, create_app
from si_desktop.sync.connection import Connection
from si_desktop.sync.exports import (
    ClientState,
    ExportClient,
    ExportPlan,
    ExportSummary,
    FirmExport,
)
from si_desktop.sync.workspace import Workspace
from si_desktop.ui.context import AppContext
from si_desktop.ui.exports.client_dialog import ExportDialog
from si_desktop.ui.exports.common import PeriodChooser, period_text
from si_desktop.ui.exports.firm_dialog import (
    ClientChoices,
    ClientProgressModel,
    FirmExportDialog,
    summary_text,
)
from tests.fixtures.sandbox import ASGI_BASE_URL

TODAY = datetime.date(2026, 10, 15)


class Service:
    """The sandbox behind the workspace; `faults` slow it down for a stop."""

    def __init__(self, clients: int, faults: Faults | None = None) -> None:
        self.key = "sk_live_" + secrets.token_hex(16)
        self.app: Starlette = create_app(api_key=self.key, clients=clients, faults=faults)
        self.workspace = Workspace.in_memory(Connection(base_url=ASGI_BASE_URL, api_key=self.key),
                                             transport=httpx.ASGITransport(app=self.app))

    def close(self) -> None:
        self.app.state.sandbox.close()


def open_service(context: AppContext, service: Service) -> list[ExportClient]:
    context.workspace_factory = lambda connection: service.workspace
    context.open_connection(service.workspace.connection)
    context.bridge.call(service.workspace.refresh(logos=False), timeout=30)
    return [ExportClient.from_row(row) for row in service.workspace.clients()]


@pytest.fixture
def service(context: AppContext) -> Iterator[Service]:
    made = Service(clients=3)
    try:
        yield made
    finally:
        made.close()


@pytest.fixture
def clients(context: AppContext, service: Service) -> list[ExportClient]:
    return open_service(context, service)


@pytest.fixture
def opened(context: AppContext) -> list[QUrl]:
    urls: list[QUrl] = []
    context.open_url = lambda url: urls.append(url) or True
    return urls


# --- the choices ----------------------------------------------------------------------------


def test_quick_periods_and_custom_dates(qtbot: QtBot) -> None:
    chooser = PeriodChooser(lambda: TODAY)
    qtbot.addWidget(chooser)
    assert chooser.period() == quarter(2026, 3) and not chooser.start.isEnabled()
    chooser.set_choice("last_month")
    assert chooser.period() == Period(datetime.date(2026, 9, 1), datetime.date(2026, 9, 30))
    chooser.set_choice("this_year")
    assert chooser.period() == Period(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    chooser.set_choice("custom")
    assert chooser.start.isEnabled()
    chooser.end.setDate(QDate(2025, 1, 1))
    assert chooser.period() is None


def test_a_period_reads_as_a_bookkeeper_says_it() -> None:
    english = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
    assert period_text(quarter(2026, 3), english) == "Q3 2026"
    assert period_text(Period(datetime.date(2026, 7, 1), datetime.date(2026, 7, 31)),
                       english) == "July 2026"
    assert period_text(Period(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)),
                       english) == "2026"


def test_the_form_says_what_keeps_it_from_starting(
    qtbot: QtBot, context: AppContext, clients: list[ExportClient], tmp_path: Path,
) -> None:
    dialog = ExportDialog(context, clients[0].id, today=lambda: TODAY)
    qtbot.addWidget(dialog)
    options = dialog.options
    options.folder.setText(str(tmp_path))
    assert dialog.export_button.isEnabled()
    options.type_boxes["invoice"].setChecked(False)
    assert not dialog.export_button.isEnabled() and "type" in dialog.status.text()
    options.type_boxes["invoice"].setChecked(True)
    options.type_boxes["credit_note"].setChecked(True)
    options.format.setCurrentIndex(options.format.findData("csv"))
    assert not dialog.export_button.isEnabled() and "CSV" in dialog.status.text()
    options.format.setCurrentIndex(options.format.findData("xlsx"))
    options.folder.setText("")
    assert not dialog.export_button.isEnabled() and "folder" in dialog.status.text()
    assert clients[0].name in dialog.windowTitle()


def test_one_clients_dates_are_written_as_its_documents_are(
    qtbot: QtBot, context: AppContext, clients: list[ExportClient],
) -> None:
    from si_desktop.core.formatting import client_locale

    dialog = ExportDialog(context, clients[0].id, today=lambda: TODAY)
    qtbot.addWidget(dialog)
    locale = QLocale(client_locale(context.workspace.client_now(clients[0].id) or {})
                     .replace("-", "_"))
    assert dialog.options.period.start.displayFormat() == locale.dateFormat(
        QLocale.FormatType.ShortFormat)
    assert dialog.options.period.start.text() == locale.toString(
        QDate(2026, 7, 1), QLocale.FormatType.ShortFormat)


# --- one client ---------------------------------------------------------------------------


def test_one_client_exports_to_the_chosen_folder_and_opens_it(
    qtbot: QtBot, context: AppContext, clients: list[ExportClient], tmp_path: Path,
    opened: list[QUrl],
) -> None:
    dialog = ExportDialog(context, clients[0].id)  # the real today: the demo's last quarter
    qtbot.addWidget(dialog)
    dialog.options.type_boxes["credit_note"].setChecked(True)
    dialog.options.folder.setText(str(tmp_path / "out"))
    dialog.show()
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.open_button.isVisible(), timeout=15000)
    (saved,) = list((tmp_path / "out").iterdir())
    assert saved.suffix == ".xlsx" and "Saved" in dialog.status.text()
    assert dialog.progress.value() == 1000 and dialog.export_button.isEnabled()
    dialog.open_button.click()
    assert opened == [QUrl.fromLocalFile(str(tmp_path / "out"))]
    assert context.settings.value("exports/folder") == str(tmp_path / "out")


def test_a_folder_that_cannot_be_made_is_said_plainly(
    qtbot: QtBot, context: AppContext, clients: list[ExportClient], tmp_path: Path,
) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    dialog = ExportDialog(context, clients[0].id)
    qtbot.addWidget(dialog)
    dialog.options.folder.setText(str(blocker / "out"))
    dialog.start()
    qtbot.waitUntil(lambda: not dialog.running, timeout=15000)
    assert "could not be saved" in dialog.status.text() and not dialog.open_button.isVisible()
    assert blocker.read_text() == "not a folder"


# --- many clients -------------------------------------------------------------------------


def firm_dialog(context: AppContext, clients: list[ExportClient], folder: Path,
                **choices: Any) -> FirmExportDialog:
    dialog = FirmExportDialog(context, ClientChoices(tuple(clients), **choices))
    dialog.options.folder.setText(str(folder))
    return dialog


def test_the_clients_come_from_all_the_search_the_pins_or_a_selection(
    qtbot: QtBot, context: AppContext, clients: list[ExportClient], tmp_path: Path,
) -> None:
    dialog = firm_dialog(context, clients, tmp_path, filtered=(clients[1].id, clients[2].id),
                         filter_text="d.o.o", pinned=(clients[2].id,))
    qtbot.addWidget(dialog)
    assert dialog.filter_button.isChecked()  # a search typed: it is what is meant
    assert dialog.chosen_clients() == clients[1:] and "d.o.o" in dialog.filter_button.text()
    dialog.all_button.setChecked(True)
    assert dialog.chosen_clients() == clients
    dialog.pinned_button.setChecked(True)
    assert dialog.chosen_clients() == [clients[2]]
    dialog.selection_button.setChecked(True)
    assert dialog.chosen_clients() == [] and not dialog.start_button.isEnabled()
    assert dialog.pick_view.isVisibleTo(dialog)
    dialog.pick_search.setText(clients[0].name[:5])
    assert dialog.pick_filter.rowCount() >= 1
    item = dialog.pick_model.item(0)
    item.setCheckState(Qt.CheckState.Checked)
    assert dialog.chosen_clients() == [clients[0]] and dialog.start_button.isEnabled()
    assert "1" in dialog.chosen_label.text()


def test_pins_and_the_search_are_offered_only_when_there_are_some(
    qtbot: QtBot, context: AppContext, clients: list[ExportClient], tmp_path: Path,
) -> None:
    dialog = firm_dialog(context, clients, tmp_path)
    qtbot.addWidget(dialog)
    assert dialog.all_button.isChecked()
    assert not dialog.filter_button.isEnabled() and not dialog.pinned_button.isEnabled()


def test_a_firm_export_shows_each_client_and_ends_with_the_manifest(
    qtbot: QtBot, qtmodeltester: Any, context: AppContext, clients: list[ExportClient],
    tmp_path: Path, opened: list[QUrl],
) -> None:
    out = tmp_path / "Q"
    dialog = firm_dialog(context, clients, out)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)
    dialog.show()
    dialog.start()
    assert dialog.close_button.text() == "Stop" and not dialog.clients_box.isVisible()
    qtbot.waitUntil(lambda: dialog.summary is not None, timeout=30000)
    summary = dialog.summary
    assert summary is not None and summary.complete and summary.stopped is None
    rows = list(csv.DictReader((out / "manifest.csv").open(encoding="utf-8")))
    assert {row["client_id"] for row in rows} == {c.id for c in clients}
    statuses = [dialog.model.index(r, 2).data() for r in range(dialog.model.rowCount())]
    assert set(statuses) <= {"Exported", "No documents"} and len(statuses) == 3
    assert dialog.overall.value() == 1000
    assert "manifest.csv" in dialog.status.text()
    assert dialog.open_button.isVisible() and not dialog.resume_button.isVisible()
    dialog.open_button.click()
    assert opened == [QUrl.fromLocalFile(str(out))]


def test_a_stopped_export_resumes_where_it_stopped(
    qtbot: QtBot, context: AppContext, tmp_path: Path,
) -> None:
    slow = Service(clients=4, faults=Faults(latency_ms=150))
    try:
        clients = open_service(context, slow)
        dialog = firm_dialog(context, clients, tmp_path / "out")
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.start()
        qtbot.waitUntil(lambda: dialog.export is not None and any(
            s.status != "pending" for s in dialog.export.states.values()), timeout=20000)
        dialog.reject()  # Stop: the dialog stays, the job stops
        assert not dialog.running and dialog.isVisible()
        assert "Stopped" in dialog.status.text() and dialog.resume_button.isVisible()
        export = dialog.export
        assert export is not None
        assert FirmExport.unfinished(context.data_dir, context.workspace_scope) == [
            export.state_path]
        # another day, another window: the stopped export is offered
        later = firm_dialog(context, clients, tmp_path / "elsewhere")
        qtbot.addWidget(later)
        later.show()
        assert later.resume_box.isVisible() and "did not finish" in later.resume_label.text()
        later.resume_stopped.click()
        qtbot.waitUntil(lambda: later.summary is not None, timeout=30000)
        assert later.summary is not None and later.summary.complete
        assert later.options.folder.text() == str(tmp_path / "out")  # the job's own folder
        assert (tmp_path / "out" / "manifest.csv").is_file()
        assert not (tmp_path / "elsewhere").exists()
    finally:
        slow.close()


def test_the_summary_names_what_happened() -> None:
    clients = tuple(ExportClient(f"ent_{i:024x}", f"Client {i}") for i in range(1, 7))
    plan = ExportPlan(clients, ("invoice",), "xlsx", quarter(2026, 3), Path("/exports"))
    states = {c.id: ClientState(folder=c.name, status="empty") for c in clients[:3]}
    states[clients[3].id] = ClientState(folder="x", status="failed", kind="job_timed_out",
                                        reason="late")
    states[clients[4].id] = ClientState(folder="y", status="done")
    states[clients[5].id] = ClientState(folder="z", status="pending")
    text = summary_text(ExportSummary(plan, states, stopped="cut", stop_kind="network"))
    assert "Exported 1 client" in text
    assert "3 clients had no documents in Q3 2026." in text
    assert "1 client failed" in text and "Client 4: The PDFs were not ready in time." in text
    assert "cannot be reached" in text and "1 client is left" in text.splitlines()[-1]


def test_the_progress_model_changes_one_row_per_event(
    qtbot: QtBot, qtmodeltester: Any, tmp_path: Path,
) -> None:
    from si_desktop.sync.exports import ExportEvent

    clients = (ExportClient("ent_" + "a" * 24, "Alpha", "SI1"),
               ExportClient("ent_" + "b" * 24, "Beta", None, "C-2"))
    plan = ExportPlan(clients, ("invoice",), "csv", quarter(2026, 3), tmp_path)

    async def never() -> Any:
        raise AssertionError("not run")

    job = FirmExport.start(plan, data_dir=tmp_path, api=never)
    model = ClientProgressModel()
    qtmodeltester.check(model)
    model.set_export(job)
    assert [model.index(r, 1).data() for r in range(2)] == ["Alpha – SI1", "C-2"]
    changed: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda a, b: changed.append((a.row(), b.row())))
    model.apply(ExportEvent("client_progress", 0.25, 0, 2, clients[1], job.states[clients[1].id],
                            0.5))
    assert changed == [(1, 1)] and model.index(1, 2).data() == "Exporting… 50 %"
    done = ClientState(folder="C-2", status="failed", kind="not_found", reason="x")
    model.apply(ExportEvent("client_finished", 0.5, 1, 2, clients[1], done, 1.0))
    assert model.index(1, 2).data().startswith("Failed: ")
    assert model.index(0, 2).data() == "Waiting"


def test_the_file_menu_opens_the_firm_export_with_the_switchers_clients(
    qtbot: QtBot, context: AppContext, service: Service,
) -> None:
    from si_desktop.ui import main_window as mw

    context.workspace_factory = lambda connection: service.workspace
    window = mw.MainWindow(context)
    qtbot.addWidget(window)
    window.open_connection(service.workspace.connection)
    window.show()
    qtbot.waitUntil(lambda: window.switcher.proxy.rowCount() == 3, timeout=15000)
    first = str(window.switcher.proxy.index(0, 0).data(Qt.ItemDataRole.UserRole + 1))
    window.switcher.set_pinned(first, True)
    window.switcher.search.setText(window.switcher.proxy.index(1, 0).data()[:6])
    try:
        action = window.findChild(type(window.export_many_action), "exportMany")
        assert action is window.export_many_action and action.isEnabled()
        assert action in window.menuBar().actions()[0].menu().actions()
        action.trigger()
        dialog = window.firm_export
        assert dialog is not None and dialog.isVisible()
        assert len(dialog.choices.clients) == 3 and dialog.choices.pinned == (first,)
        assert dialog.choices.filtered is not None and dialog.filter_button.isChecked()
        action.trigger()
        assert window.firm_export is dialog  # one window while it is open
    finally:
        window.ask_unsaved = lambda: mw.DISCARD  # type: ignore[method-assign]
        window.close()
