"""Send by e-mail…: prefilled from the customer and the client's e-mail defaults with every
placeholder filled, a preview of exactly what goes out, unfilled placeholders questioned
(going back by default), and an address that is not one refused before sending."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from si_desktop.ui.pdf.send_dialog import SendDocumentDialog

ENTITY: dict[str, Any] = {
    "id": "ent_7595a27b5d35015c3ef0c3fe", "name": "Kras d.o.o.", "locale": "sl-SI",
    "country_code": "SI", "currency_code": "EUR",
    "settings": {"email_defaults": {
        "invoice_subject": "Račun {document_number} od {entity_name}",
        "invoice_body": "Pozdravljeni, {customer_name}!\nZnesek: {document_total} "
                        "{document_currency}, rok plačila {document_due_date}."}},
}
INVOICE: dict[str, Any] = {
    "id": "inv_7595a27b5d35015c3ef0c3fe", "type": "invoice", "number": "2026-00143",
    "date": "2026-11-20", "date_due": "2026-12-05", "currency_code": "EUR",
    "customer": {"name": "Kupec d.o.o.", "email": "racuni@kupec.si"},
    "total_with_tax": 1234.5, "total_due": 1234.5, "is_draft": False,
}


def dialog(qtbot: QtBot, unit: dict[str, Any] | None = None,
           document: dict[str, Any] | None = None) -> SendDocumentDialog:
    found = SendDocumentDialog(ENTITY, unit, document or INVOICE)
    qtbot.addWidget(found)
    return found


def answer_question_with_enter(qtbot: QtBot, seen: list[str]) -> None:
    """Press Enter on the question box when it opens: its default button answers."""

    def press() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            box.defaultButton().click()
        else:
            QTimer.singleShot(20, press)

    QTimer.singleShot(20, press)


def test_everything_is_prefilled_and_the_preview_is_what_goes_out(qtbot: QtBot) -> None:
    found = dialog(qtbot)
    assert found.to_edit.text() == "racuni@kupec.si"
    assert found.subject_edit.text() == "Račun 2026-00143 od Kras d.o.o."
    assert found.body_edit.toPlainText() == (
        "Pozdravljeni, Kupec d.o.o.!\nZnesek: 1.234,50 EUR, rok plačila 5. 12. 2026.")
    assert found.attach_box.isChecked() and "Račun 2026-00143.pdf" in found.attach_box.text()
    assert found.preview.toPlainText() == (
        "To: racuni@kupec.si\nSubject: Račun 2026-00143 od Kras d.o.o.\n"
        "Attachment: Račun 2026-00143.pdf\n\n" + found.body_edit.toPlainText())
    assert not found.unfilled_label.isVisibleTo(found)
    found.attach_box.setChecked(False)
    assert "Attachment" not in found.preview.toPlainText()
    found.try_send()
    assert found.result() == QDialog.DialogCode.Accepted
    assert found.request is not None and found.request.as_body() == {
        "to": "racuni@kupec.si", "subject": "Račun 2026-00143 od Kras d.o.o.",
        "body_text": found.body_edit.toPlainText(), "attach_pdf": False}
    assert found.request.document_id == INVOICE["id"]


def test_the_units_defaults_and_a_customer_without_an_address(qtbot: QtBot) -> None:
    unit = {"name": "Trgovina Piran",
            "settings": {"email_defaults": {"invoice_subject": "{unit_name}: {document_number}"}}}
    found = dialog(qtbot, unit, {**INVOICE, "customer": {"name": "Brez naslova"}})
    assert found.subject_edit.text() == "Trgovina Piran: 2026-00143"
    assert found.to_edit.text() == ""
    found.try_send()
    assert found.request is None and found.to_error.isVisibleTo(found)
    assert "Enter the recipient" in found.to_error.text()


def test_an_address_that_is_not_one_is_refused_before_sending(qtbot: QtBot) -> None:
    found = dialog(qtbot)
    for wrong in ("racuni@kupec", "Kupec <racuni@kupec.si>", "a@kupec.si; b@kupec.si"):
        found.to_edit.setText(wrong)
        found.try_send()
        assert found.request is None and found.result() != QDialog.DialogCode.Accepted
        assert "is not an e-mail address" in found.to_error.text()
    found.to_edit.setText("racuni@kupec.si")
    assert not found.to_error.isVisibleTo(found)  # corrected: the error goes


def test_unfilled_placeholders_are_questioned_and_enter_goes_back(qtbot: QtBot) -> None:
    found = dialog(qtbot)
    found.body_edit.setPlainText("Pozdravljeni, {custmer_name}! {invoice_link}")
    assert found.unfilled() == ["custmer_name", "invoice_link"]
    assert found.unfilled_label.isVisibleTo(found)
    assert "{custmer_name}, {invoice_link}" in found.unfilled_label.text()
    seen: list[str] = []
    answer_question_with_enter(qtbot, seen)
    found.try_send()
    assert seen and "{custmer_name}" in seen[0]
    assert found.request is None and found.result() != QDialog.DialogCode.Accepted


def test_sending_anyway_keeps_the_text_as_written(qtbot: QtBot, monkeypatch: Any) -> None:
    found = dialog(qtbot)
    found.subject_edit.setText("{document_number} {oops}")
    monkeypatch.setattr(found, "confirm_unfilled", lambda: True)
    found.try_send()
    assert found.request is not None and found.request.subject == "2026-00143 {oops}"


def test_offline_the_dialog_says_the_message_waits(qtbot: QtBot) -> None:
    found = dialog(qtbot)
    found.set_offline(True)
    assert found.offline_label.isVisibleTo(found) and "outbox" in found.offline_label.text()
    assert found.send_button.text() == "Queue to send"
    found.set_offline(False)
    assert found.send_button.text() == "Send"
