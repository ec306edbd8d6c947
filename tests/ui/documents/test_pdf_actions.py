"""The document as the customer receives it, from the document view and the Documents tab,
over the sandbox in-process: the PDF tab fetches the service's PDF when first shown (and
says "not available offline yet" when it cannot), Save PDF… writes it under the customer's
file name, Print… opens the PDF and prints its pages, Send by e-mail… records the message
(offline it waits and the view says so), a draft can be neither saved nor sent and says
why; in the tab, Save PDFs… saves the chosen issued documents and Export… opens the
client's export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pypdfium2 as pdfium
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from si_desktop.ui.documents.view import DocumentView
from si_desktop.ui.exports.client_dialog import ExportDialog
from si_desktop.ui.pdf.send_dialog import SendDocumentDialog
from si_desktop.ui.pdf.viewer import ViewerState
from tests.fixtures.pdf import pdf_text
from tests.fixtures.sandbox import ASGI_BASE_URL
from tests.ui.documents.conftest import DocRig, open_page

WAIT = 10_000


def pdf_requests(rig: DocRig) -> list[str]:
    return [path for _method, path, _id in rig.switch.requests if path.endswith("/pdf")]


def view_of(qtbot: QtBot, rig: DocRig, document_id: str) -> DocumentView:
    view = DocumentView(rig.context, document_id)
    qtbot.addWidget(view)
    view.show()
    return view


def client_with_invoice(rig: DocRig, **fields: Any) -> tuple[str, dict[str, Any]]:
    entity_id = rig.make_client("Kovač d.o.o.")
    invoice = rig.document(entity_id, price="244", customer="Čebela s.p.", **fields)
    rig.refresh(entity_id)
    return entity_id, invoice


def showing(view: DocumentView) -> bool:
    viewer = view.pdf_tab.viewer
    return viewer is not None and viewer.state is ViewerState.SHOWING and viewer.page_count > 0


def messages(rig: DocRig) -> list[dict[str, Any]]:
    async def read() -> list[dict[str, Any]]:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=rig.switch.inner.app), base_url=ASGI_BASE_URL,
            headers={"Authorization": f"Bearer {rig.connection.api_key}"},
        ) as http:
            found: list[dict[str, Any]] = (await http.get("/_sandbox/messages")).json()["data"]
            return found

    result: list[dict[str, Any]] = rig.call(read())
    return result


def test_the_pdf_tab_fetches_when_first_shown_and_save_pdf_writes_the_customers_file(
    qtbot: QtBot, rig: DocRig, tmp_path: Path
) -> None:
    _entity_id, invoice = client_with_invoice(rig)
    view = view_of(qtbot, rig, invoice["id"])
    assert view.tabs.tabText(view.tabs.indexOf(view.pdf_tab)) == "PDF"
    assert pdf_requests(rig) == [] and view.pdf_tab.viewer is None  # not before it is shown
    view.tabs.setCurrentWidget(view.pdf_tab)
    qtbot.waitUntil(lambda: showing(view), timeout=WAIT)
    assert len(pdf_requests(rig)) == 1
    viewer = view.pdf_tab.viewer
    assert viewer is not None and viewer.file_name == f"Račun {invoice['number']}.pdf"
    assert viewer.save_button.isHidden() and not viewer.open_button.isHidden()

    view.choose_folder = lambda: tmp_path  # type: ignore[method-assign]
    assert view.save_pdf_button.isEnabled()
    view.save_pdf()
    target = tmp_path / f"Račun {invoice['number']}.pdf"
    qtbot.waitUntil(target.exists, timeout=WAIT)
    data = target.read_bytes()
    assert data.startswith(b"%PDF-") and "Čebela s.p." in pdf_text(data)
    assert len(pdf_requests(rig)) == 1  # the copy the tab fetched, from the cache
    qtbot.waitUntil(lambda: view.notice.isVisible(), timeout=WAIT)
    assert view.notice.text() == f"Saved as {target}."


def test_print_opens_the_pdf_and_prints_its_pages(qtbot: QtBot, rig: DocRig,
                                                   tmp_path: Path) -> None:
    _entity_id, invoice = client_with_invoice(rig)
    view = view_of(qtbot, rig, invoice["id"])
    printed: list[int] = []

    def print_shown() -> None:
        assert view.pdf_tab.viewer is not None
        printed.append(view.pdf_tab.viewer.page_count)

    view.print_shown_pdf = print_shown  # type: ignore[method-assign]
    view.print_document()  # from the Details tab: the PDF is fetched first
    assert view.tabs.currentWidget() is view.pdf_tab
    qtbot.waitUntil(lambda: printed == [1], timeout=WAIT)
    view.print_document()  # again: the pages are there, printed at once
    assert printed == [1, 1]

    # what the print dialog leads to: every page drawn onto the printer
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    viewer = view.pdf_tab.viewer
    assert viewer is not None and viewer.print_to(printer)
    assert len(pdfium.PdfDocument(str(tmp_path / "printed.pdf"))) == 1


def test_send_records_the_message_and_offline_it_waits_and_says_so(
    qtbot: QtBot, rig: DocRig
) -> None:
    _entity_id, invoice = client_with_invoice(rig)
    view = view_of(qtbot, rig, invoice["id"])
    seen: list[dict[str, Any]] = []  # what each dialog showed (it is gone afterwards)

    def send_to(dialog: Any) -> int:
        assert isinstance(dialog, SendDocumentDialog)
        dialog.to_edit.setText("racuni@cebela.si")
        seen.append({"subject": dialog.subject(), "button": dialog.send_button.text(),
                     "offline": dialog.offline_label.isVisibleTo(dialog)})
        dialog.try_send()
        return int(dialog.result())

    view.run_dialog = send_to  # type: ignore[method-assign]
    view.send()
    qtbot.waitUntil(lambda: view.notice.text() == "Sent to racuni@cebela.si.", timeout=WAIT)
    (message,) = messages(rig)
    assert message["to"] == "racuni@cebela.si" and message["document_id"] == invoice["id"]
    assert message["subject"] == seen[0]["subject"] and invoice["number"] in message["subject"]
    assert message["attach_pdf"] is True
    assert seen[0]["button"] == "Send" and not seen[0]["offline"]

    rig.switch.online = False
    rig.context.set_online(False)
    view.send()
    assert seen[1]["button"] == "Queue to send" and seen[1]["offline"]
    qtbot.waitUntil(lambda: "waits on this computer" in view.notice.text(), timeout=WAIT)
    assert view.state_label.text() == "Waiting to be sent: e-mail"
    assert len(messages(rig)) == 1
    rig.switch.online = True
    rig.context.set_online(True)
    rig.call(rig.workspace.send_pending())
    assert len(messages(rig)) == 2
    qtbot.waitUntil(lambda: view.state_label.isHidden(), timeout=WAIT)


def test_a_draft_shows_its_pdf_but_is_neither_saved_nor_sent(qtbot: QtBot,
                                                              rig: DocRig) -> None:
    _entity_id, draft = client_with_invoice(rig, is_draft=True)
    view = view_of(qtbot, rig, draft["id"])
    assert not view.save_pdf_button.isEnabled() and not view.send_button.isEnabled()
    assert "issue it" in view.save_pdf_button.toolTip()
    assert view.send_button.toolTip() == "A draft cannot be sent: issue it first"
    assert view.print_button.isEnabled()
    view.tabs.setCurrentWidget(view.pdf_tab)
    qtbot.waitUntil(lambda: showing(view), timeout=WAIT)  # marked DRAFT by the service
    view.run_dialog = lambda dialog: 1  # type: ignore[method-assign]
    view.send()
    view.save_pdf()
    assert not [r for r in rig.switch.requests if r[1].endswith("/send")]


def test_a_pdf_never_fetched_is_not_available_offline_until_the_service_is_back(
    qtbot: QtBot, rig: DocRig
) -> None:
    _entity_id, invoice = client_with_invoice(rig)
    rig.switch.online = False
    rig.context.set_online(False)
    view = view_of(qtbot, rig, invoice["id"])
    view.tabs.setCurrentWidget(view.pdf_tab)
    viewer = view.pdf_tab.viewer
    assert viewer is not None
    qtbot.waitUntil(lambda: viewer.state is ViewerState.OFFLINE, timeout=WAIT)
    assert "not available offline yet" in viewer.message_label.text()
    rig.switch.online = True
    rig.context.set_online(True)
    rig.workspace.connectivity.report_success()
    viewer.retry_button.click()
    qtbot.waitUntil(lambda: showing(view), timeout=WAIT)


def test_save_pdfs_for_the_chosen_documents_and_export_from_the_tool_bar(
    qtbot: QtBot, rig: DocRig, tmp_path: Path
) -> None:
    entity_id = rig.make_client("Kovač d.o.o.")
    first = rig.document(entity_id, price="100", customer="Čebela s.p.")
    second = rig.document(entity_id, price="200", customer="Lipa d.o.o.")
    rig.document(entity_id, price="300", customer="Sava s.p.", is_draft=True)
    rig.refresh(entity_id)
    page = open_page(qtbot, rig, entity_id)
    assert not page.save_pdfs_action.isEnabled() and page.export_action.isEnabled()
    page.view.selectAll()
    assert {row.id for row in page.pdf_rows()} == {first["id"], second["id"]}
    assert page.save_pdfs_action.isEnabled()
    told: list[str] = []
    page.choose_folder = lambda: tmp_path  # type: ignore[method-assign]
    page.inform = lambda _title, text: told.append(text)  # type: ignore[method-assign]
    page.save_pdfs_action.trigger()
    qtbot.waitUntil(lambda: bool(told), timeout=WAIT)
    names = sorted(path.name for path in tmp_path.iterdir())
    assert names == sorted(f"Račun {doc['number']}.pdf" for doc in (first, second))
    assert all((tmp_path / name).read_bytes().startswith(b"%PDF-") for name in names)
    assert told[0].startswith(f"Saved 2 of them to {tmp_path}.")
    assert "1 draft left out" in told[0]

    page.export_action.trigger()
    dialog = page.export_dialog
    assert isinstance(dialog, ExportDialog) and dialog.isVisible()
    assert dialog.client.id == entity_id
    page.export_action.trigger()  # brings the open one forward, no second dialog
    assert page.export_dialog is dialog
    dialog.reject()
    qtbot.waitUntil(lambda: page.export_dialog is None, timeout=WAIT)


def test_the_recipient_comes_from_the_saved_customer_when_the_document_has_no_address(
    qtbot: QtBot, rig: DocRig
) -> None:
    entity_id = rig.make_client("Kovač d.o.o.")
    customer_id = rig.add_customer(entity_id, "Čebela s.p.", email="racuni@cebela.si")
    invoice = rig.document(entity_id, customer="Čebela s.p.", customer_id=customer_id)
    rig.refresh(entity_id)
    view = view_of(qtbot, rig, invoice["id"])
    view.document["customer"] = {"name": "Čebela s.p."}  # as written, without the address
    prefilled: list[str] = []

    def look(dialog: Any) -> int:
        prefilled.append(dialog.to_edit.text())
        return 0

    view.run_dialog = look  # type: ignore[method-assign]
    view.send()
    assert prefilled == ["racuni@cebela.si"]
