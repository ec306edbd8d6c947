"""Held edits of documents and payments in the dialog of changes that need the user: whose
they are (the document's type, number and customer, the client), what they do, in the
documents' words and the client's money format."""

from __future__ import annotations

from decimal import Decimal

from pytestqt.qtbot import QtBot

from si_desktop.ui.offline.conflicts import ConflictDialog
from tests.ui.documents.conftest import DocRig


def held(qtbot: QtBot, rig: DocRig, entity_id: str) -> ConflictDialog:
    problems = rig.context.offline.problems(entity_id)
    dialog = ConflictDialog(rig.context.offline, problems)
    qtbot.addWidget(dialog)
    return dialog


def test_a_refused_payment_says_which_invoice_and_how_much(qtbot: QtBot, rig: DocRig) -> None:
    entity_id = rig.make_client("Kovač d.o.o.")
    invoice = rig.document(entity_id, price="50.5", customer="Novak d.o.o.")
    rig.refresh(entity_id)
    rig.switch.online = False  # queued offline, refused once sent: held for the user
    rig.call(rig.workspace.next_number(entity_id, "invoice"))
    # a tenth of a cent: more decimals than the currency has, which the service refuses
    rig.call(rig.workspace.record_payment(invoice["id"], {"amount": Decimal("50.505"),
                                                          "type": "cash", "reference": "R-1"}))
    rig.switch.online = True
    rig.call(rig.workspace.send_pending())
    dialog = held(qtbot, rig, entity_id)
    [box] = dialog.boxes
    assert box.title() == f"Payment on Invoice {invoice['number']} of “Kovač d.o.o.”"
    assert box.changes.text() == "A payment of 50,51\xa0€ (Cash)\nReference: R-1"  # as shown
    assert "did not accept" in box.reason.text()
    assert [field.path for field in box.fields] == [("amount",)]


def test_a_void_held_as_a_conflict_names_the_invoice_and_its_customer(
    qtbot: QtBot, rig: DocRig
) -> None:
    entity_id = rig.make_client("Kovač d.o.o.")
    invoice = rig.document(entity_id, price="100", customer="Novak d.o.o.")
    rig.refresh(entity_id)
    rig.switch.online = False
    rig.call(rig.workspace.next_number(entity_id, "invoice"))
    rig.call(rig.workspace.void_document(invoice["id"], "Napačen znesek"))
    rig.switch.online = True
    rig.pay(entity_id, invoice["id"], "40")  # someone else, meanwhile
    rig.call(rig.workspace.send_pending())
    dialog = held(qtbot, rig, entity_id)
    [box] = dialog.boxes
    assert box.title() == \
        f"Invoice {invoice['number']} for “Novak d.o.o.” of “Kovač d.o.o.”"
    assert box.changes.text() == "Void it (it keeps its number)\nReason: Napačen znesek"
    names = {field.path: field for field in box.fields}
    assert ("total_paid",) in names
    assert names[("total_paid",)].theirs_button.text() == "Theirs: 40"


def test_a_new_draft_written_offline_and_refused_lists_its_lines(
    qtbot: QtBot, rig: DocRig
) -> None:
    entity_id = rig.make_client("Kovač d.o.o.")
    rig.refresh(entity_id)
    rig.switch.online = False
    rig.call(rig.workspace.next_number(entity_id, "invoice"))
    rig.call(rig.workspace.create_document(entity_id, "invoice", {
        "items": [{"name": "Svetovanje", "price": Decimal(10) ** 13}],
        "customer": {"name": "Čebela s.p."}, "date": "2026-03-02"}, issue=False))
    rig.switch.online = True
    rig.call(rig.workspace.send_pending())
    dialog = held(qtbot, rig, entity_id)
    [box] = dialog.boxes
    assert box.title() == \
        "New invoice (not yet on Space Invoices) for “Čebela s.p.” of “Kovač d.o.o.”"
    assert box.changes.text().splitlines() == [
        "A new draft invoice", "Customer: Čebela s.p.", "Lines: 1 line: Svetovanje",
        "Date: 2026-03-02"]
