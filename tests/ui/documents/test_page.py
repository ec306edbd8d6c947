"""The Documents tab over the sandbox: the list with status words and colours in the
client's money format, its filters, search, sort and summary, updates that arrive as ranges,
and the keyboard."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from si_desktop.ui import idle
from si_desktop.ui.documents.model import DocumentsModel
from tests.ui.documents.conftest import TODAY, Dialogs, DocRig, open_page, texts

PAST = (TODAY - dt.timedelta(days=60)).isoformat()
RECENT = (TODAY - dt.timedelta(days=3)).isoformat()


def history(rig: DocRig) -> tuple[str, dict[str, dict[str, Any]]]:
    """A client with one of each: paid, partly paid, overdue, unpaid, a draft, an
    estimate."""
    entity_id = rig.make_client("Kovač d.o.o.")
    made = {
        "paid": rig.document(entity_id, price="100", customer="Čebela s.p.", date=RECENT),
        "partly": rig.document(entity_id, price="200", customer="Žaga d.o.o.", date=RECENT),
        "overdue": rig.document(entity_id, price="300", customer="Novak d.o.o.", date=PAST,
                                date_due=(TODAY - dt.timedelta(days=30)).isoformat()),
        "unpaid": rig.document(entity_id, price="50.5", customer="Novak d.o.o.", date=RECENT),
        "draft": rig.document(entity_id, price="10", customer="Zupan", is_draft=True),
        "estimate": rig.document(entity_id, "estimate", price="999", customer="Čebela s.p."),
    }
    rig.pay(entity_id, made["paid"]["id"], "100")
    rig.pay(entity_id, made["partly"]["id"], "20")
    rig.refresh(entity_id)
    return entity_id, made


def test_the_list_shows_status_words_colours_and_money_in_the_clients_format(
    qtbot: QtBot, rig: DocRig
) -> None:
    entity_id, made = history(rig)
    page = open_page(qtbot, rig, entity_id)
    model = page.model
    assert model.rowCount() == 6  # (the model itself is checked by a model tester in
    # test_model.py: here the page deletes it at teardown, before the tester lets go of it)
    invoices = [(n, s) for n, s, t in zip(texts(page, "number"), texts(page, "status"),
                                           texts(page, "type"), strict=True) if t == "Invoice"]
    statuses = dict(invoices)
    assert statuses[made["paid"]["number"]] == "Paid"
    assert statuses[made["partly"]["number"]] == "Partly paid"
    assert statuses[made["overdue"]["number"]] == "Overdue"
    assert statuses[made["unpaid"]["number"]] == "Unpaid"
    assert statuses["—"] == "Draft"  # a draft has no number yet
    assert "Open" in texts(page, "status")  # the estimate
    totals = texts(page, "total")
    assert "50,50\xa0€" in totals and "300,00\xa0€" in totals  # sl-SI: comma, € after
    row = texts(page, "number").index(made["overdue"]["number"])
    status = model.index(row, model.column("status"))
    paid_row = texts(page, "number").index(made["paid"]["number"])
    colour = status.data(Qt.ItemDataRole.ForegroundRole)
    assert colour != model.index(paid_row, model.column("status")).data(
        Qt.ItemDataRole.ForegroundRole)
    total = model.index(row, model.column("total"))
    assert total.data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    # outstanding: partly paid 180, overdue 300, unpaid 50.50 → 530,50 €, one overdue
    assert page.summary_label.text() == "6 documents · Unpaid 3 · 530,50\xa0€ · 1 overdue"
    date = model.index(row, model.column("date")).data()
    assert date == dt.date.fromisoformat(PAST).strftime("%-d. %-m. %Y")


def test_dark_status_colours_read_on_a_dark_table(qtbot: QtBot, rig: DocRig) -> None:
    from si_desktop.ui.documents import words

    light, dark = QPalette(), QPalette()
    dark.setColor(QPalette.ColorRole.Window, Qt.GlobalColor.black)
    for status in ("paid", "overdue", "partially_paid", "unpaid"):
        on_light = words.status_colour(status, light)
        on_dark = words.status_colour(status, dark)
        assert on_dark.lightness() > 150 > on_light.lightness(), status


def test_filters_search_and_sort(qtbot: QtBot, rig: DocRig) -> None:
    entity_id, made = history(rig)
    page = open_page(qtbot, rig, entity_id)
    page.type_filter.setCurrentIndex(page.type_filter.findData("estimate"))
    assert texts(page, "type") == ["Estimate"]
    page.type_filter.setCurrentIndex(0)
    page.status_filter.setCurrentIndex(page.status_filter.findData("outstanding"))
    assert sorted(texts(page, "status")) == ["Overdue", "Partly paid", "Unpaid"]
    assert page.summary_label.text().startswith("3 of 6 documents · Unpaid 3")
    page.clear_filters()
    qtbot.keyClicks(page.search, "cebela")  # no accents, no capitals
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    assert set(texts(page, "customer")) == {"Čebela s.p."}
    page.search.setText(made["overdue"]["number"])
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.clear_filters()
    assert page.model.rowCount() == 6
    page.period_filter.setCurrentIndex(page.period_filter.findData("last_12_months"))
    assert page.model.rowCount() == 6
    page.view.sortByColumn(page.model.column("total"), Qt.SortOrder.AscendingOrder)
    assert texts(page, "total")[:2] == ["10,00\xa0€", "50,50\xa0€"]
    page.view.sortByColumn(page.model.column("total"), Qt.SortOrder.DescendingOrder)
    assert texts(page, "total")[0] == "999,00\xa0€"
    page.view.sortByColumn(page.model.column("customer"), Qt.SortOrder.AscendingOrder)
    assert texts(page, "customer")[0] == "Čebela s.p."


def test_changes_update_the_rows_they_name_as_ranges(qtbot: QtBot, rig: DocRig) -> None:
    entity_id, made = history(rig)
    page = open_page(qtbot, rig, entity_id)
    model: DocumentsModel = page.model
    signals: list[str] = []
    model.modelReset.connect(lambda: signals.append("reset"))
    model.layoutChanged.connect(lambda *_: signals.append("layout"))
    model.rowsInserted.connect(lambda *_: signals.append("inserted"))
    model.rowsRemoved.connect(lambda *_: signals.append("removed"))
    model.dataChanged.connect(lambda *_: signals.append("changed"))
    unpaid = made["unpaid"]
    rig.call(rig.workspace.record_payment(unpaid["id"], {"amount": Decimal("50.5"),
                                                         "type": "cash"}))
    qtbot.waitUntil(lambda: texts(page, "status")[
        texts(page, "number").index(unpaid["number"])] == "Paid", timeout=5000)
    assert "reset" not in signals and "layout" not in signals
    assert "changed" in signals
    signals.clear()
    rig.call(rig.workspace.create_document(entity_id, "invoice", {
        "items": [{"name": "New", "price": Decimal(12)}], "customer": {"name": "Nov kupec"}},
        issue=True))
    qtbot.waitUntil(lambda: "Nov kupec" in texts(page, "customer"), timeout=5000)
    assert signals.count("inserted") == 1 and "reset" not in signals
    signals.clear()
    rig.call(rig.workspace.delete_draft(made["draft"]["id"]))
    qtbot.waitUntil(lambda: "Zupan" not in texts(page, "customer"), timeout=5000)
    assert signals == ["removed"]


def test_keyboard_ctrl_n_enter_and_delete_with_a_safe_default(
    qtbot: QtBot, rig: DocRig
) -> None:
    entity_id, made = history(rig)
    page = open_page(qtbot, rig, entity_id)
    dialogs = Dialogs()
    page.run_dialog = dialogs.run  # type: ignore[method-assign]
    page.activateWindow()
    page.view.setFocus()
    qtbot.waitUntil(page.view.hasFocus, timeout=5000)
    page.view.setCurrentIndex(page.model.index(0, 0))
    qtbot.keyClick(page.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert type(dialogs.shown[-1]).__name__ == "DocumentEditor"
    assert dialogs.shown[-1].document_type == "invoice"
    row = texts(page, "number").index(made["unpaid"]["number"])
    page.view.setCurrentIndex(page.model.index(row, 0))
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    view = dialogs.shown[-1]
    assert type(view).__name__ == "DocumentView" and view.document_id == made["unpaid"]["id"]
    asked: list[Any] = []

    def answer(document: Any) -> bool:
        box = page.delete_question(document)
        asked.append((box.defaultButton().objectName(), box.escapeButton().objectName()))
        return len(asked) > 1  # no the first time, yes the second

    page.confirm_delete = answer  # type: ignore[method-assign]
    page.view.clearSelection()
    row = texts(page, "customer").index("Zupan")
    page.view.selectRow(row)
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    assert asked == [("keepIt", "keepIt")] and "Zupan" in texts(page, "customer")
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: "Zupan" not in texts(page, "customer"), timeout=5000)
    page.view.selectRow(0)  # an issued document is never deleted
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    assert len(asked) == 2


def test_mark_several_unpaid_invoices_paid_in_one_go(qtbot: QtBot, rig: DocRig) -> None:
    entity_id, made = history(rig)
    page = open_page(qtbot, rig, entity_id)
    page.status_filter.setCurrentIndex(page.status_filter.findData("outstanding"))
    page.view.selectAll()
    assert page.mark_paid_action.isEnabled()
    dialogs = Dialogs()

    def mark(dialog: Any) -> int:
        assert "3 invoices" in dialog.findChild(QLabel, "markPaidIntro").text()
        dialog.type.setCurrentIndex(dialog.type.findData("cash"))
        dialog.submit()
        qtbot.waitUntil(lambda: dialog.result() == 1, timeout=5000)
        return 1

    dialogs.handle = mark
    page.run_dialog = dialogs.run  # type: ignore[method-assign]
    page.mark_selected_paid()
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=5000)
    page.clear_filters()
    for key in ("partly", "overdue", "unpaid"):
        document = rig.on_service(entity_id, made[key]["id"])
        assert document["paid_in_full"] is True, key


def test_a_client_with_no_documents_says_how_to_start(qtbot: QtBot, rig: DocRig) -> None:
    entity_id = rig.make_client("Prazen d.o.o.")
    rig.refresh(entity_id)
    page = open_page(qtbot, rig, entity_id)
    assert page.model.rowCount() == 0
    assert "New invoice (Ctrl+N)" in page.empty_label.text()
    assert page.summary_label.text() == "0 documents"


def test_ctrl_n_is_a_new_invoice_in_the_documents_tab_and_a_new_client_elsewhere(
    qtbot: QtBot, rig: DocRig
) -> None:
    from si_desktop.ui import main_window as mw
    from si_desktop.ui.documents.page import DocumentsPage
    from si_desktop.ui.main_window import MainWindow
    from si_desktop.ui.pages.overview import OverviewPage

    entity_id, _made = history(rig)
    window = MainWindow(rig.context, [DocumentsPage, OverviewPage])
    qtbot.addWidget(window)
    window.ask_unsaved = lambda: mw.DISCARD  # type: ignore[method-assign]
    window.show()
    window.request_client(entity_id)
    page = window.pages[0]
    assert isinstance(page, DocumentsPage)
    qtbot.waitUntil(lambda: page.model.rowCount() == 6, timeout=5000)
    made: list[str] = []
    page.run_dialog = lambda dialog: made.append(type(dialog).__name__) or 0  # type: ignore
    window.run_new_client_dialog = lambda dialog: made.append("new client")  # type: ignore
    window.activateWindow()
    page.view.setFocus()
    qtbot.waitUntil(page.view.hasFocus, timeout=5000)
    assert window.new_client_action.shortcut().isEmpty()  # the page has Ctrl+N now
    qtbot.keyClick(page.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert made == ["DocumentEditor"]
    window.switcher.search.setFocus()
    qtbot.waitUntil(window.switcher.search.hasFocus, timeout=5000)
    assert window.new_client_action.shortcut().toString() == "Ctrl+N"
    qtbot.keyClick(window.switcher.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert made == ["DocumentEditor", "new client"]


def test_a_first_read_at_start_up_waits_for_the_after_paint_work(
        qtbot: QtBot, rig: DocRig) -> None:
    """B13: a client whose documents the cache has never held is read from the service
    when its page shows, but at start-up only once the after-paint worker is idle (the read
    imports the API client on the bridge's thread: Python beside the window's and the
    worker's)."""
    entity_id = rig.make_client("Nov d.o.o.")
    rig.call(rig.workspace.refresher.refresh_client(entity_id, logos=False))  # no documents
    assert rig.workspace.documents_window(entity_id) is None
    rig.document(entity_id)  # on the service, not in the cache
    service = rig.context.offline  # as at start-up: the refresh at start still to come,
    service._first_refresh = idle.InputPause(service, lambda: None, 60_000)  # not the open
    gate = threading.Event()  # client's own refresh
    idle.in_background(lambda: gate.wait(5))
    try:
        page = open_page(qtbot, rig, entity_id)
        qtbot.wait(300)  # a negative: no read while the worker is busy
        assert page.model.rowCount() == 0
        assert not rig.context.bridge.pending(page)
    finally:
        gate.set()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    service._drop_first_refresh()
