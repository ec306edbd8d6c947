"""The document view over the sandbox: payments recorded (what is due by default), changed
and deleted (after a question whose default keeps it), a void with its reason, a payment
made offline shown as waiting and sent when back."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from si_desktop.ui.documents.payments import PaymentDialog
from si_desktop.ui.documents.view import DocumentView
from tests.ui.documents.conftest import DocRig


def invoice_view(qtbot: QtBot, rig: DocRig, price: str = "244") -> tuple[str, DocumentView]:
    entity_id = rig.make_client("Kovač d.o.o.")
    invoice = rig.document(entity_id, price=price, customer="Čebela s.p.")
    rig.refresh(entity_id)
    view = DocumentView(rig.context, invoice["id"])
    qtbot.addWidget(view)
    view.show()
    return entity_id, view


def drive_payment(view: DocumentView, fill: Any) -> list[PaymentDialog]:
    seen: list[PaymentDialog] = []

    def run(dialog: Any) -> int:
        seen.append(dialog)
        fill(dialog)
        return 1

    view.run_dialog = run  # type: ignore[method-assign]
    return seen


def test_record_change_and_delete_a_payment(qtbot: QtBot, rig: DocRig) -> None:
    _entity_id, view = invoice_view(qtbot, rig)
    assert view.status_label.text() == "Unpaid" and view.pay_button.isEnabled()

    def pay_all(dialog: PaymentDialog) -> None:
        assert dialog.amount.text() == "244,00"  # what is due, in the client's format
        dialog.reference.setText("SI00 2026-1")
        dialog.submit()
        qtbot.waitUntil(lambda: dialog.result() == 1, timeout=5000)

    drive_payment(view, pay_all)
    view.record_payment()
    qtbot.waitUntil(lambda: view.status_label.text() == "Paid", timeout=5000)
    assert view.payments_table.rowCount() == 1
    assert view.payments_table.item(0, 1).text() == "Bank transfer"
    assert view.payments_table.item(0, 3).text() == "SI00 2026-1"

    def pay_less(dialog: PaymentDialog) -> None:
        dialog.amount.setText("100")
        dialog.submit()
        qtbot.waitUntil(lambda: dialog.result() == 1, timeout=5000)

    view.payments_table.selectRow(0)
    drive_payment(view, pay_less)
    view.edit_payment()
    qtbot.waitUntil(lambda: view.status_label.text() == "Partly paid", timeout=5000)
    asked: list[QMessageBox] = []

    def keep(box: QMessageBox) -> bool:
        asked.append(box)
        return False

    view.payments_table.selectRow(0)
    view.ask = keep  # type: ignore[method-assign]
    view.delete_payment()
    assert asked[0].defaultButton().objectName() == "keepIt"
    assert asked[0].escapeButton().objectName() == "keepIt"
    assert view.payments_table.rowCount() == 1
    view.ask = lambda box: True  # type: ignore[method-assign]
    view.delete_payment()
    qtbot.waitUntil(lambda: view.status_label.text() == "Unpaid", timeout=5000)
    assert view.payments_table.isHidden()


def test_void_asks_keeps_the_number_and_says_why(qtbot: QtBot, rig: DocRig) -> None:
    entity_id, view = invoice_view(qtbot, rig)
    number = view.document["number"]
    questions: list[QMessageBox] = []

    def answer(box: QMessageBox) -> bool:
        questions.append(box)
        return len(questions) > 1  # keep it the first time

    view.ask = answer  # type: ignore[method-assign]
    view.void()
    assert questions[0].defaultButton().objectName() == "keepIt"
    assert view.status_label.text() == "Unpaid"
    original = view.void_question

    def with_reason() -> Any:
        box, reason = original()
        reason.setText("Napačen kupec")
        return box, reason

    view.void_question = with_reason  # type: ignore[method-assign]
    view.void()
    qtbot.waitUntil(lambda: view.status_label.text() == "Voided", timeout=5000)
    assert view.heading.text() == f"Invoice {number}"
    assert not view.void_button.isEnabled() and not view.pay_button.isEnabled()
    assert rig.on_service(entity_id, view.document_id)["voided_at"]
    qtbot.waitUntil(lambda: view.text_labels["void_reason"].text() != "", timeout=5000)


def test_a_payment_made_offline_waits_and_goes_when_back(qtbot: QtBot, rig: DocRig) -> None:
    _entity_id, view = invoice_view(qtbot, rig, price="50")
    rig.switch.online = False
    rig.context.set_online(False)

    def pay(dialog: PaymentDialog) -> None:
        dialog.submit()
        qtbot.waitUntil(lambda: dialog.result() == 1, timeout=5000)

    drive_payment(view, pay)
    view.record_payment()
    qtbot.waitUntil(lambda: view.payments_table.rowCount() == 1, timeout=5000)
    assert view.payments_table.item(0, 4).text() == "waiting to be sent"
    assert view.status_label.text() == "Unpaid"  # the service has not counted it yet
    rig.switch.online = True
    rig.context.set_online(True)
    rig.call(rig.workspace.send_pending())
    qtbot.waitUntil(lambda: view.status_label.text() == "Paid", timeout=5000)
    assert view.payments_table.item(0, 4).text() == ""
