"""A client's invoice as its customer receives it, in the window against the sandbox over
loopback: opened from the Documents tab, its PDF tab shows the service's PDF (with the
client's logo), Save PDF… writes that PDF, Send by e-mail… makes the service record the
message the client's e-mail defaults make, and Export… on the tab's tool bar saves the
client's invoices of the year as a workbook holding that invoice."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import openpyxl
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
import stamina
from pytestqt.qtbot import QtBot

from si_desktop.sandbox import SandboxServer
from si_desktop.sandbox.demo_logos import logo_png
from si_desktop.ui.documents.page import DocumentsPage
from si_desktop.ui.documents.view import DocumentView
from si_desktop.ui.exports.client_dialog import ExportDialog
from si_desktop.ui.main_window import MainWindow
from si_desktop.ui.pdf.send_dialog import SendDocumentDialog
from si_desktop.ui.pdf.viewer import ViewerState

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

WAIT = 15_000


@pytest.fixture(autouse=True)
def no_sleeping() -> Iterator[None]:
    with stamina.set_testing(True, attempts=1):
        yield


def http(server: SandboxServer, key: str, entity_id: str | None = None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {key}"}
    if entity_id:
        headers["x-entity-id"] = entity_id
    return httpx.Client(base_url=server.url, headers=headers, timeout=10)


@pytest.fixture
def seeded(sandbox_server: SandboxServer, sandbox_key: str) -> dict[str, Any]:
    """A Slovenian client with a logo and one issued invoice to a customer with an
    address."""
    with http(sandbox_server, sandbox_key) as client:
        entity = client.post("/entities", json={
            "name": "Lipa svetovanje d.o.o.", "country": "Slovenia",
            "settings": {"primary_color": "#047857"}}).json()
    with http(sandbox_server, sandbox_key, entity["id"]) as client:
        client.post("/files", data={"category": "logo"}, files={
            "file": ("logo.png", logo_png("Lipa", "#047857"), "image/png")}
        ).raise_for_status()
        invoice = client.post("/invoices", json={
            "items": [{"name": "Svetovanje", "quantity": 2, "price": 100,
                       "taxes": [{"rate": 22}]}],
            "customer": {"name": "Čebela s.p.", "email": "racuni@cebela.si"}}).json()
    assert invoice["number"], invoice
    return {"entity": entity, "invoice": invoice}


def images_on_first_page(data: bytes) -> int:
    document = pdfium.PdfDocument(data)
    try:
        return len(list(document[0].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])))
    finally:
        document.close()


def test_pdf_save_send_and_export_of_a_clients_invoice(
    qtbot: QtBot, window: MainWindow, seeded: dict[str, Any], sandbox_server: SandboxServer,
    sandbox_key: str, tmp_path: Path,
) -> None:
    entity_id, invoice = seeded["entity"]["id"], seeded["invoice"]
    number = invoice["number"]
    window.request_client(entity_id)
    page = next(p for p in window.pages if isinstance(p, DocumentsPage))
    window.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.client_id == entity_id and page.model.row_of(invoice["id"])
                    >= 0, timeout=WAIT)
    saved = tmp_path / "pdfs"
    saved.mkdir()
    done: list[str] = []

    def drive_view(view: Any) -> int:
        assert isinstance(view, DocumentView)
        view.show()  # what exec() would do
        # the PDF tab: the service's PDF, page by page
        view.tabs.setCurrentWidget(view.pdf_tab)
        qtbot.waitUntil(lambda: view.pdf_tab.viewer is not None
                        and view.pdf_tab.viewer.state is ViewerState.SHOWING
                        and view.pdf_tab.viewer.page_count == 1
                        and view.pdf_tab.viewer.page_label.pixmap() is not None, timeout=WAIT)
        # Save PDF…
        view.choose_folder = lambda: saved  # type: ignore[method-assign]
        view.save_pdf()
        qtbot.waitUntil(lambda: (saved / f"Račun {number}.pdf").exists(), timeout=WAIT)
        # Send by e-mail…, the recipient and texts prefilled
        def send(dialog: Any) -> int:
            assert isinstance(dialog, SendDocumentDialog)
            assert dialog.to_edit.text() == "racuni@cebela.si"
            assert number in dialog.subject()
            dialog.try_send()
            return int(dialog.result())

        view.run_dialog = send  # type: ignore[method-assign]
        view.send()
        qtbot.waitUntil(lambda: view.notice.text() == "Sent to racuni@cebela.si.",
                        timeout=WAIT)
        done.append("view")
        return 1

    page.run_dialog = drive_view  # type: ignore[method-assign]
    page.select_document(invoice["id"])
    page.open_selected()
    assert done == ["view"]

    data = (saved / f"Račun {number}.pdf").read_bytes()
    assert data.startswith(b"%PDF-")
    assert images_on_first_page(data) >= 1  # the client's logo
    with http(sandbox_server, sandbox_key, entity_id) as client:
        (message,) = client.get("/_sandbox/messages",
                                params={"document_id": invoice["id"]}).json()["data"]
    assert message["to"] == "racuni@cebela.si" and number in message["subject"]
    assert message["attach_pdf"] is True

    # Export… on the tool bar: this year's invoices as a workbook
    page.export_action.trigger()
    dialog = page.export_dialog
    assert isinstance(dialog, ExportDialog)
    dialog.options.period.set_choice("this_year")
    dialog.options.folder.setText(str(tmp_path / "exports"))
    dialog.start()
    qtbot.waitUntil(lambda: not dialog.running, timeout=WAIT)
    (workbook_path,) = (tmp_path / "exports").iterdir()
    assert workbook_path.suffix == ".xlsx"
    sheet = openpyxl.load_workbook(workbook_path, read_only=True).worksheets[0]
    assert number in [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    dialog.reject()
