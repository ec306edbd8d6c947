"""The first milestone of the accountants' guide, in the window against the sandbox over
loopback: three clients made in the window, one invoice issued for each with the number the
contract promises (the default format, a business unit's `{u}` format, a format of the
client's own with a first number), every client's documents reviewed with the service
stopped, a draft written offline and issued once the service is back, and a yearly format
restarting at 1 on the sandbox's fixed clock across a year end."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import stamina
from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from si_desktop.datadir import ensure_private_dir
from si_desktop.sandbox import SandboxServer, create_app
from si_desktop.sandbox.ids import Clock
from si_desktop.sync.connection import Connection
from si_desktop.ui import main_window as mw
from si_desktop.ui.app import build_context
from si_desktop.ui.documents.editor import DocumentEditor
from si_desktop.ui.documents.items import ItemColumn
from si_desktop.ui.documents.page import DocumentsPage
from si_desktop.ui.documents.view import DocumentView
from si_desktop.ui.main_window import MainWindow
from si_desktop.ui.new_client import NewClientDialog

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

WAIT = 15_000
DAY = dt.date(2026, 12, 30)


@pytest.fixture(autouse=True)
def no_sleeping() -> Iterator[None]:
    with stamina.set_testing(True, attempts=1):
        yield


class Wall:
    """The sandbox's clock, moved by the test."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 12, 30, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def wall() -> Wall:
    return Wall()


@pytest.fixture
def server(tmp_path: Path, sandbox_key: str, wall: Wall) -> Iterator[SandboxServer]:
    app = create_app(str(tmp_path / "sandbox.sqlite3"), api_key=sandbox_key,
                     clock=Clock(wall=wall))
    running = SandboxServer(app)
    running.start()
    try:
        yield running
    finally:
        running.close()


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, server: SandboxServer) -> Iterator[MainWindow]:
    context = build_context(ensure_private_dir(tmp_path / "data"))
    win = MainWindow(context)
    win.ask_unsaved = lambda: mw.DISCARD  # type: ignore[method-assign]
    win.open_connection(Connection(base_url=server.url, api_key=server.api_key))
    win.show()
    try:
        yield win
    finally:
        qtbot.waitUntil(lambda: not context.offline.refreshing, timeout=WAIT)
        win.close()
        win.deleteLater()
        context.close()
        context.deleteLater()


def http(server: SandboxServer, entity_id: str | None = None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {server.api_key}"}
    if entity_id:
        headers["x-entity-id"] = entity_id
    return httpx.Client(base_url=server.url, headers=headers, timeout=10)


def new_client(qtbot: QtBot, window: MainWindow, name: str) -> str:
    def fill(dialog: NewClientDialog) -> None:
        dialog.name.setText(name)
        dialog.country.setEditText("Slovenia")
        with qtbot.waitSignal(dialog.accepted, timeout=WAIT):
            dialog.submit()

    window.run_new_client_dialog = fill  # type: ignore[method-assign]
    window.new_client_action.trigger()
    qtbot.waitUntil(lambda: window.client_title.text() == name, timeout=WAIT)
    return window.context.current_client_id


def documents_page(qtbot: QtBot, window: MainWindow, entity_id: str) -> DocumentsPage:
    window.request_client(entity_id)
    page = next(p for p in window.pages if isinstance(p, DocumentsPage))
    window.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.client_id == entity_id and not page.is_loading
                    and page.data is not None, timeout=WAIT)
    return page


def numbers(page: DocumentsPage) -> list[str]:
    column = page.model.column("number")
    return [str(page.model.index(row, column).data()) for row in range(page.model.rowCount())]


def write(qtbot: QtBot, page: DocumentsPage, *, customer: str, day: dt.date, issue: bool,
          unit: str | None = None, expect: str | None = None) -> DocumentEditor:
    """Ctrl+N's editor filled in and saved (issued with `issue`); what the editor said the
    number would be is checked against `expect`."""
    done: list[DocumentEditor] = []

    def drive(editor: Any) -> int:
        assert isinstance(editor, DocumentEditor)
        done.append(editor)
        editor.customer.setEditText(customer)
        if unit is not None:
            editor.unit.setCurrentIndex(editor.unit.findData(unit))
        editor.date.setDate(QDate(day.year, day.month, day.day))
        items = editor.items
        items.setData(items.index(0, ItemColumn.NAME), "Računovodske storitve")
        items.setData(items.index(0, ItemColumn.PRICE), "150")
        if expect is not None:
            qtbot.waitUntil(lambda: editor.number_label.text() == f"Will be {expect} when "
                            "issued", timeout=WAIT)
        assert editor.submit(issue=issue)
        qtbot.waitUntil(lambda: editor.saved_as is not None, timeout=WAIT)
        return 1

    page.run_dialog = drive  # type: ignore[method-assign]
    page.new_item()  # Ctrl+N on the Documents tab
    return done[0]


def test_three_clients_invoices_offline_review_offline_draft_and_year_end(
    qtbot: QtBot, window: MainWindow, server: SandboxServer, wall: Wall
) -> None:
    context = window.context
    qtbot.waitUntil(lambda: not context.offline.refreshing, timeout=WAIT)
    alpe = new_client(qtbot, window, "Alpe d.o.o.")
    bled = new_client(qtbot, window, "Bled s.p.")
    celje = new_client(qtbot, window, "Celje svetovanje d.o.o.")
    with http(server, bled) as client:
        unit = client.post("/business-units", json={"name": "Trgovina Bled"}).json()
        client.post("/business-units", json={"name": "Spletna trgovina"}).raise_for_status()
    with http(server) as client:
        client.patch(f"/entities/{celje}", json={"settings": {
            "number_formats": {"invoice": "R-{yy}/{nnn}"},
            "number_sequence_starts": {"invoice": 143}}}).raise_for_status()
    for entity_id in (bled, celje):  # what a refresh brings: the units, the formats
        context.bridge.call(context.workspace.refresh_client(entity_id), timeout=WAIT / 1000)

    # one invoice for each, switching between them, with the numbers promised
    promised = {alpe: "2026-00001", bled: "2026-1-00001", celje: "R-26/143"}
    for entity_id, number in promised.items():
        page = documents_page(qtbot, window, entity_id)
        editor = write(qtbot, page, customer="Kupec d.o.o.", day=DAY, issue=True,
                       unit=unit["id"] if entity_id == bled else None, expect=number)
        assert editor.saved_as is not None and editor.saved_as.number == number
        qtbot.waitUntil(lambda n=number, p=page: n in numbers(p), timeout=WAIT)
    for entity_id, number in promised.items():  # each client shows its own, and only it
        assert numbers(documents_page(qtbot, window, entity_id)) == [number]

    # the service stops: every client's documents can still be reviewed
    server.stop()

    def noticed() -> bool:  # a refresh that finds the service gone (one may be running)
        if not context.offline.refreshing and not context.offline.offline:
            context.offline.refresh()
        return bool(context.offline.offline)

    qtbot.waitUntil(noticed, timeout=WAIT)
    for entity_id, number in promised.items():
        page = documents_page(qtbot, window, entity_id)
        assert numbers(page) == [number]
        row = page.model.row_of(page.model.document_id(0) or "")
        view = DocumentView(context, str(page.model.document_id(row)), page)
        qtbot.addWidget(view)
        assert view.heading.text() == f"Invoice {number}"
        assert view.status_label.text() == "Unpaid"
        view.close()

    # a draft written offline: kept here, no number yet; nothing issues itself
    page = documents_page(qtbot, window, alpe)
    editor = write(qtbot, page, customer="Pozni kupec", day=DAY, issue=False)
    assert editor.number_label.text() == "Number given when issued"
    assert editor.saved_as is not None and editor.saved_as.outcome == "queued"
    qtbot.waitUntil(lambda: "no number yet" in numbers(page), timeout=WAIT)

    server.start()  # back: the draft goes as a draft
    context.offline.try_again()
    qtbot.waitUntil(lambda: not context.offline.offline, timeout=WAIT)
    qtbot.waitUntil(lambda: "no number yet" not in numbers(page)
                    and context.offline.pending_count(alpe) == 0, timeout=WAIT)
    assert sorted(numbers(page)) == ["2026-00001", "—"]
    draft_id = str(page.model.document_id(numbers(page).index("—")))
    with http(server, alpe) as client:
        assert client.get(f"/invoices/{draft_id}").json()["is_draft"] is True
    view = DocumentView(context, draft_id, page)
    qtbot.addWidget(view)
    view.issue()  # the bookkeeper's own Issue
    qtbot.waitUntil(lambda: view.heading.text() == "Invoice 2026-00002", timeout=WAIT)
    qtbot.waitUntil(lambda: sorted(numbers(page)) == ["2026-00001", "2026-00002"],
                    timeout=WAIT)

    # the year ends on the sandbox's clock: the yearly format starts again at 1
    wall.now = dt.datetime(2026, 12, 31, 16, 0, tzinfo=dt.UTC)
    last = write(qtbot, page, customer="Silvestrski kupec", day=dt.date(2026, 12, 31),
                 issue=True, expect="2026-00003")
    assert last.saved_as is not None and last.saved_as.number == "2026-00003"
    wall.now = dt.datetime(2027, 1, 1, 8, 0, tzinfo=dt.UTC)
    first = write(qtbot, page, customer="Novoletni kupec", day=dt.date(2027, 1, 1),
                  issue=True, expect="2027-00001")
    assert first.saved_as is not None and first.saved_as.number == "2027-00001"
    qtbot.waitUntil(lambda: "2027-00001" in numbers(page), timeout=WAIT)
