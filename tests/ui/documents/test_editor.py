"""The new-document editor over the sandbox: totals on every keystroke by the contract's
rules, the number the service will give, issue and draft, a 422 on its field, a new
customer saved, a draft written offline, Duplicate and Credit note, changing a draft."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from si_desktop.ui.documents.editor import DocumentEditor
from si_desktop.ui.documents.items import ItemColumn
from si_desktop.ui.documents.view import DocumentView
from tests.ui.documents.conftest import TODAY, DocRig, open_page, texts


def client_with_taxes(rig: DocRig) -> tuple[str, str, str]:
    entity_id = rig.make_client("Kovač d.o.o.")
    vat = rig.add_tax(entity_id, "DDV", "22", default=True)
    reduced = rig.add_tax(entity_id, "DDV", "9.5")
    rig.add_customer(entity_id, "Čebela s.p.", address="Cesta 1", city="Kranj",
                     post_code="4000", tax_number="SI12345678")
    rig.refresh(entity_id)
    return entity_id, vat, reduced


def editor_for(qtbot: QtBot, rig: DocRig, entity_id: str, kind: str = "invoice"
               ) -> DocumentEditor:
    editor = DocumentEditor.new(rig.context, entity_id, kind)
    qtbot.addWidget(editor)
    editor.show()
    return editor


def type_into(qtbot: QtBot, editor: DocumentEditor, row: int, column: int, text: str,
              after: Any = None) -> None:
    """Open the cell's editor and type `text` key by key; `after(prefix)` after each."""
    index = editor.items.index(row, column)
    editor.items_view.setCurrentIndex(index)
    editor.items_view.edit(index)
    open_cells = [w for w in editor.items_view.findChildren(QLineEdit, "cellEditor")
                  if w.isVisible()]
    assert len(open_cells) == 1
    cell = open_cells[0]
    cell.selectAll()
    for place, key in enumerate(text):
        type_text(qtbot, cell, key)
        if after is not None:
            after(text[: place + 1])
    editor.items_view.commitData(cell)
    editor.items_view.closeEditor(cell, editor.items_view.itemDelegate().EndEditHint.NoHint)
    qtbot.wait(1)  # the closed editor goes


def type_text(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    """Keystrokes; a letter QTest has no key for (č, ž) is typed as an input method would."""
    for key in text:
        if key.isascii():
            qtbot.keyClicks(edit, key)
        else:
            edit.insert(key)
            edit.textEdited.emit(edit.text())


def totals(editor: DocumentEditor) -> list[tuple[str, str]]:
    return [(label.text(), value.text()) for label, value in editor._total_rows
            if not label.isHidden()]


def test_totals_follow_every_keystroke_by_the_contracts_rules(
    qtbot: QtBot, qtmodeltester: Any, rig: DocRig
) -> None:
    entity_id, vat, _reduced = client_with_taxes(rig)
    editor = editor_for(qtbot, rig, entity_id)
    qtbot.waitUntil(lambda: editor.number_label.text().startswith("Will be"), timeout=5000)
    assert editor.number_label.text() == f"Will be {TODAY.year}-00001 when issued"
    assert editor.items.line(0).taxes == (vat,)  # the client's default tax
    type_into(qtbot, editor, 0, ItemColumn.NAME, "Svetovanje")
    type_into(qtbot, editor, 0, ItemColumn.QUANTITY, "2")
    seen: list[str] = []
    type_into(qtbot, editor, 0, ItemColumn.PRICE, "100",
              after=lambda _typed: seen.append(editor.total_value.text()))
    # 2 × 1, 2 × 10, 2 × 100, each with 22 % VAT, at each keystroke
    assert seen == ["2,44\xa0€", "24,40\xa0€", "244,00\xa0€"]
    type_into(qtbot, editor, 0, ItemColumn.DISCOUNT, "10")
    # the vendor's worked example: 2 × 100, 10 % discount, 22 % VAT
    assert totals(editor) == [
        ("Net amount", "180,00\xa0€"), ("Discounts", "-20,00\xa0€"),
        ("DDV 22\xa0% of 180,00\xa0€", "39,60\xa0€"), ("Total", "219,60\xa0€")]
    assert editor.items.index(0, ItemColumn.TOTAL).data() == "180,00\xa0€"
    qtmodeltester.check(editor.items, force_py=True)
    editor.gross.setChecked(True)  # the same figures as prices with tax
    assert editor.total_value.text() == "180,00\xa0€"
    assert editor.items.headerData(ItemColumn.PRICE, Qt.Orientation.Horizontal) == \
        "Price with tax"


def test_issue_gives_the_number_shown_and_saves_a_new_customer(
    qtbot: QtBot, rig: DocRig
) -> None:
    entity_id, _vat, _reduced = client_with_taxes(rig)
    rig.document(entity_id, price="5")  # number 1 is taken
    rig.refresh(entity_id)
    page = open_page(qtbot, rig, entity_id)
    editor = editor_for(qtbot, rig, entity_id)
    qtbot.waitUntil(lambda: "00002" in editor.number_label.text(), timeout=5000)
    qtbot.keyClicks(editor.customer.lineEdit(), "Nova stranka d.o.o.")
    assert not editor.save_customer.isHidden()
    editor.save_customer.setChecked(True)
    editor.customer_fields["city"].setText("Celje")
    type_into(qtbot, editor, 0, ItemColumn.NAME, "Montaža in material")
    type_into(qtbot, editor, 0, ItemColumn.PRICE, "45,50")
    assert editor.submit(issue=True)
    qtbot.waitUntil(lambda: editor.saved_as is not None, timeout=5000)
    assert editor.saved_as is not None and editor.saved_as.number == f"{TODAY.year}-00002"
    document = rig.on_service(entity_id, editor.saved_as.document_id)
    assert document["is_draft"] is False and document["total_with_tax"] == 55.51
    assert document["customer"]["city"] == "Celje" and document["customer_id"]
    assert document["date_due"] > document["date"]  # the client's due days
    qtbot.waitUntil(lambda: f"{TODAY.year}-00002" in texts(page, "number"), timeout=5000)
    names = [c["name"] for c in rig.workspace.customers_now(entity_id)]
    assert "Nova stranka d.o.o." in names


def test_a_422_lands_on_its_field_and_nothing_typed_is_lost(
    qtbot: QtBot, rig: DocRig
) -> None:
    entity_id, _vat, _reduced = client_with_taxes(rig)
    unit_id = rig.add_unit(entity_id, "Trgovina Bled")
    rig.refresh(entity_id)
    editor = editor_for(qtbot, rig, entity_id)
    editor.unit.setCurrentIndex(editor.unit.findData(unit_id))
    type_into(qtbot, editor, 0, ItemColumn.NAME, "Material")
    type_into(qtbot, editor, 0, ItemColumn.PRICE, "2000000000000")  # 2 × 10¹²: too much
    rig.api(lambda api: api.business_units.archive(unit_id, entity_id=entity_id))
    assert editor.submit(issue=False)
    qtbot.waitUntil(lambda: editor.problem.isVisibleTo(editor), timeout=5000)
    # the item's message on its cell, with what was typed kept
    assert editor.items.problem_at(0, ItemColumn.PRICE) == "The number must be below a trillion."
    tip = editor.items.index(0, ItemColumn.PRICE).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "The number must be below a trillion."
    assert editor.saved_as is None and editor.items.line(0).name == "Material"
    assert editor.problem.text() == \
        "Space Invoices did not accept some values; see the marked fields."
    type_into(qtbot, editor, 0, ItemColumn.PRICE, "20")  # typing clears the cell's message
    assert editor.items.problem_at(0, ItemColumn.PRICE) == ""
    assert editor.submit(issue=False)
    box = editor.field_boxes["business_unit_id"]
    qtbot.waitUntil(lambda: box.problem.text() != "", timeout=5000)
    assert "archived" in box.problem.text().lower()
    assert editor.saved_as is None


def test_a_draft_written_offline_is_marked_and_issued_once_back(
    qtbot: QtBot, rig: DocRig
) -> None:
    entity_id, _vat, _reduced = client_with_taxes(rig)
    page = open_page(qtbot, rig, entity_id)
    rig.switch.online = False
    rig.call(rig.workspace.next_number(entity_id, "invoice"))  # finds the network gone
    rig.context.set_online(False)
    editor = editor_for(qtbot, rig, entity_id)
    assert editor.number_label.text() == "Number given when issued"
    type_text(qtbot, editor.customer.lineEdit(), "Čebela s.p.")
    type_into(qtbot, editor, 0, ItemColumn.NAME, "Servis")
    type_into(qtbot, editor, 0, ItemColumn.PRICE, "95")
    assert editor.submit(issue=False)
    qtbot.waitUntil(lambda: editor.saved_as is not None, timeout=5000)
    assert editor.saved_as is not None and editor.saved_as.outcome == "queued"
    qtbot.waitUntil(lambda: "no number yet" in texts(page, "number"), timeout=5000)
    row = texts(page, "number").index("no number yet")
    assert texts(page, "status")[row] == "Draft, not sent yet"
    assert page.model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole) == \
        "Not yet on Space Invoices, no number yet"
    local_id = editor.saved_as.document_id
    view = DocumentView(rig.context, local_id)
    qtbot.addWidget(view)
    assert "Not yet on Space Invoices, no number yet" in view.state_label.text()
    assert view.heading.text() == "Draft invoice"

    rig.switch.online = True  # back: the draft goes as a draft, nothing issues itself
    rig.context.set_online(True)
    report = rig.call(rig.workspace.send_pending())
    assert report.sent
    qtbot.waitUntil(lambda: view.document_id != local_id, timeout=5000)
    qtbot.waitUntil(lambda: "no number yet" not in texts(page, "number"), timeout=5000)
    on_service = rig.on_service(entity_id, view.document_id)
    assert on_service["is_draft"] is True
    assert view.issue_button.isEnabled()
    view.issue()
    qtbot.waitUntil(lambda: not view.is_draft, timeout=5000)
    assert view.heading.text() == f"Invoice {TODAY.year}-00001"
    qtbot.waitUntil(lambda: f"{TODAY.year}-00001" in texts(page, "number"), timeout=5000)


def test_duplicate_and_credit_note_start_from_the_document(
    qtbot: QtBot, rig: DocRig
) -> None:
    entity_id, _vat, _reduced = client_with_taxes(rig)
    invoice = rig.document(entity_id, price="120", customer="Čebela s.p.",
                           note="Hvala za zaupanje.")
    rig.refresh(entity_id)
    view = DocumentView(rig.context, invoice["id"])
    qtbot.addWidget(view)
    view.duplicate()
    copy = view.follow_up
    assert isinstance(copy, DocumentEditor) and copy.document_type == "invoice"
    qtbot.addWidget(copy)
    assert copy.customer.currentText() == "Čebela s.p."
    assert copy.items.line(0).name == "Work" and copy.items.line(0).price_value == 120
    assert copy.texts["note"].toPlainText() == "Hvala za zaupanje."
    view = DocumentView(rig.context, invoice["id"])
    qtbot.addWidget(view)
    view.credit_note()
    credit = view.follow_up
    assert isinstance(credit, DocumentEditor) and credit.document_type == "credit_note"
    qtbot.addWidget(credit)
    assert credit.fields()["linked_documents"] == [invoice["id"]]
    assert invoice["number"] in credit.windowTitle()
    assert credit.submit(issue=True)
    qtbot.waitUntil(lambda: credit.saved_as is not None, timeout=5000)
    # credit notes have a sequence of their own (the sandbox's default format: CN-…)
    assert credit.saved_as is not None and credit.saved_as.number == f"CN-{TODAY.year}-00001"
    note = DocumentView(rig.context, credit.saved_as.document_id)
    qtbot.addWidget(note)
    linked = [b.text() for b in note.linked_group.findChildren(type(note.close_button))
              if b.objectName() == "linkedDocument"]
    assert linked == [f"Invoice {invoice['number']}"]


def test_changing_a_draft_sends_only_what_changed_and_issues(
    qtbot: QtBot, rig: DocRig
) -> None:
    entity_id, _vat, _reduced = client_with_taxes(rig)
    draft = rig.document(entity_id, price="10", customer="Zupan", is_draft=True,
                         reference="PO-7")
    rig.refresh(entity_id)
    editor = DocumentEditor.edit_draft(rig.context, rig.workspace.document_now(draft["id"]))
    qtbot.addWidget(editor)
    editor.show()
    assert editor.reference.text() == "PO-7" and editor.customer.currentText() == "Zupan"
    type_into(qtbot, editor, 0, ItemColumn.PRICE, "12")
    sent: list[Any] = []
    original = rig.workspace.update_document

    async def spy(document_id: str, changes: Any, **how: Any) -> Any:
        sent.append(changes)
        return await original(document_id, changes, **how)

    rig.workspace.update_document = spy
    assert editor.submit(issue=True)
    qtbot.waitUntil(lambda: editor.saved_as is not None, timeout=5000)
    assert list(sent[0]) == ["items"]
    assert sent[0]["items"][0]["price"] == Decimal(12)
    document = rig.on_service(entity_id, draft["id"])
    assert document["is_draft"] is False and document["total"] == 12
    assert QApplication.instance() is not None
