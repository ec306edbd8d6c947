"""The e-mail defaults editor: live limits, the placeholder menu, unknown placeholders with a
did-you-mean, the plain-text preview, saving only the changed key, a unit's overrides (the
nested form read, the flat form written), and a 422 shown on the right document's tab."""

from __future__ import annotations

import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from si_desktop.core import formatting
from si_desktop.core.sample_document import sample_document
from si_desktop.ui.editors import EmailDefaultsPage
from tests.ui.editors.conftest import Sandbox, open_page, save_and_wait, validation_error


def test_limits_are_counted_live_and_block_saving(qtbot: QtBot, sandbox: Sandbox) -> None:
    client = sandbox.client()
    page = open_page(qtbot, EmailDefaultsPage, sandbox.context, client["id"])
    subject = page.fields["estimate_subject"]
    assert subject.counter.text() == f"{len(subject.text())} / 500"
    subject.widget.setText("x" * 501)
    assert subject.counter.text() == "501 / 500" and subject.counter.over
    assert "at most 500" in subject.message.text()
    assert page.tabs.tabText(1).endswith("⚠")
    assert not page.can_save()
    body = page.fields["estimate_body"]
    body.widget.setPlainText("y" * 2000)
    assert body.counter.text() == "2000 / 2000" and not body.counter.over
    subject.widget.setText("Estimate {document_number}")
    assert page.can_save() and page.tabs.tabText(1) == "Estimate"


def test_placeholder_menu_inserts_at_the_cursor_and_unknown_ones_are_named(
    qtbot: QtBot, sandbox: Sandbox
) -> None:
    client = sandbox.client()
    page = open_page(qtbot, EmailDefaultsPage, sandbox.context, client["id"])
    body = page.fields["invoice_body"]
    body.widget.setFocus()
    body.widget.moveCursor(body.widget.textCursor().MoveOperation.End)
    menu = page.panes["invoice"].findChild(QMenu, "placeholders_invoice")
    assert isinstance(menu, QMenu)
    titles = [action.text() for action in menu.actions()]
    assert titles == ["Company", "Business unit", "Document", "Customer", "Reminders",
                      "Bank account", "Other"]
    bank = menu.actions()[5].menu()
    iban = next(a for a in bank.actions() if a.data() == "{iban}")
    assert iban.text() == "{iban}  —  The default account's IBAN"
    iban.trigger()
    assert body.text().endswith("{iban}")
    body.widget.undo()
    assert not body.text().endswith("{iban}")

    subject = page.fields["invoice_subject"]
    subject.widget.setFocus()
    subject.widget.setCursorPosition(0)
    page.insert_placeholder("invoice", "{customer_name}")
    assert subject.text().startswith("{customer_name}Račun")

    qtbot.keyClicks(subject.widget, " {entity_nam}")
    assert subject.message.text() == (
        "{entity_nam} is not a placeholder the service knows; did you mean {entity_name}?"
    )
    assert any(end - start == len("{entity_nam}") for start, end in subject.widget.marks)
    assert page.can_save()  # a warning; the service sends it as written


def test_preview_is_plain_text_with_the_clients_values(qtbot: QtBot, sandbox: Sandbox) -> None:
    client = sandbox.client("<b>x</b> <img src=x> 😀", email="info@example.si")
    page = open_page(qtbot, EmailDefaultsPage, sandbox.context, client["id"])
    qtbot.waitUntil(lambda: page.preview_subject.text() != "")
    assert page.preview_subject.textFormat() == Qt.TextFormat.PlainText
    assert page.preview_subject.text().endswith("<b>x</b> <img src=x> 😀")
    assert "From: <b>x</b> <img src=x> 😀 <info@example.si>" in page.preview_meta.text()
    page.show_doc("credit_note")
    page.fields["credit_note_body"].widget.setPlainText("Dear {customer_name}, {unknown}")
    qtbot.waitUntil(  # a Slovenian client: its sample customer is a Slovenian one
        lambda: page.preview_body.toPlainText() == "Dear Vzorčna stranka d.o.o., {unknown}"
    )


def test_the_vendors_default_body_previews_the_currency_once(
    qtbot: QtBot, sandbox: Sandbox
) -> None:
    """`{document_total}` is the amount alone: the vendor's default body follows it with
    `{document_currency}`, and the amount and dates are the client's customers' own."""
    client = sandbox.client("Oak Ltd", country="United Kingdom")
    page = open_page(qtbot, EmailDefaultsPage, sandbox.context, client["id"])
    page.fields["invoice_body"].widget.setPlainText(
        "Invoice {document_number}, due {document_due_date}.\n"
        "Total Amount: {document_total} {document_currency}"
    )
    total = formatting.bare_amount(sample_document(client).total, "GBP", "en-GB")
    qtbot.waitUntil(lambda: page.preview_body.toPlainText().endswith(
        f"Total Amount: {total} GBP"))
    shown = page.preview_body.toPlainText()
    assert shown.count("GBP") == 1 and "£" not in shown
    due = datetime.date.today() + datetime.timedelta(days=30)
    assert f"due {formatting.date(due, 'en-GB')}." in shown  # 09/03/2026, not 2026-03-09
    assert "To: Sample Customer Ltd <accounts@customer.example>" in page.preview_meta.text()


def test_save_sends_only_email_defaults(qtbot: QtBot, sandbox: Sandbox) -> None:
    client = sandbox.client()
    page = open_page(qtbot, EmailDefaultsPage, sandbox.context, client["id"])
    page.fields["delivery_note_subject"].widget.setText("Dobavnica {document_number}")
    sandbox.recorder.sent.clear()
    save_and_wait(qtbot, page)
    ((_method, _path, body),) = sandbox.recorder.writes()
    assert list(body["settings"]) == ["email_defaults"]
    expected = {**client["settings"]["email_defaults"],
                "delivery_note_subject": "Dobavnica {document_number}"}
    assert body["settings"]["email_defaults"] == expected
    assert sandbox.entity(client["id"])["settings"]["email_defaults"] == expected


def test_saved_goes_when_an_error_shows_or_the_values_change_again(
    qtbot: QtBot, sandbox: Sandbox
) -> None:
    client = sandbox.client()
    page = open_page(qtbot, EmailDefaultsPage, sandbox.context, client["id"])
    subject = page.fields["invoice_subject"].widget
    subject.setText("Račun {document_number}")
    save_and_wait(qtbot, page)
    assert page.status.text() == "Saved." and page.status.isVisible()
    sandbox.context.report_error("Space Invoices cannot be reached.")
    assert not page.status.isVisible()  # no green "Saved." beside a red problem
    subject.setText("Račun {document_number} ")
    save_and_wait(qtbot, page)
    assert page.status.text() == "Saved."
    subject.setText("Račun št. {document_number}")
    assert not page.status.isVisible()  # the saved values are not what is shown any more


def test_unit_overrides_per_key_and_takes_the_clients_value_back(
    qtbot: QtBot, sandbox: Sandbox
) -> None:
    client = sandbox.client("Kovač d.o.o.")
    unit = sandbox.unit(client["id"], "Trgovina Center", settings={
        "email_defaults": {"invoice": {"subject": "Račun {document_number} – {unit_name}"}}
    })
    page = open_page(qtbot, EmailDefaultsPage, sandbox.context, client["id"],
                     unit_id=unit["id"])
    subject = page.fields["invoice_subject"]
    body = page.fields["invoice_body"]
    assert subject.text() == "Račun {document_number} – {unit_name}"
    assert subject.bar.label.text() == "Set for this unit"
    assert body.text() == client["settings"]["email_defaults"]["invoice_body"]
    assert body.bar.label.text() == "Inherited from Kovač d.o.o."
    qtbot.waitUntil(lambda: page.preview_subject.text().endswith("– Trgovina Center"))
    assert not page.is_dirty()

    body.widget.setFocus()
    qtbot.keyClicks(body.widget, "Lp, ")
    assert body.bar.label.text() == "Set for this unit"
    qtbot.mouseClick(subject.bar.button, Qt.MouseButton.LeftButton)
    assert subject.text() == client["settings"]["email_defaults"]["invoice_subject"]
    sandbox.recorder.sent.clear()
    save_and_wait(qtbot, page)
    ((_method, path, sent),) = sandbox.recorder.writes()
    assert path == f"/business-units/{unit['id']}"
    assert sent == {"settings": {"email_defaults": {"invoice_body": body.text()}}}
    stored = sandbox.unit_now(client["id"], unit["id"])["settings"]["email_defaults"]
    assert stored == {"invoice_body": body.text()}


def test_a_422_opens_the_documents_tab_and_marks_the_field(
    qtbot: QtBot, sandbox: Sandbox
) -> None:
    client = sandbox.client()
    page = open_page(qtbot, EmailDefaultsPage, sandbox.context, client["id"])
    page.fields["advance_invoice_body"].widget.setPlainText("Hello")
    page.show_doc("invoice")
    sandbox.recorder.fail_next = validation_error(
        ["settings", "email_defaults", "advance_invoice_body"], "Too friendly."
    )
    save_and_wait(qtbot, page)
    assert page.fields["advance_invoice_body"].message.text() == "Too friendly."
    qtbot.waitUntil(lambda: page.current_doc() == "advance_invoice")


def test_saving_a_new_unknown_placeholder_asks_first_with_go_back_the_default(
    qtbot: QtBot, sandbox: Sandbox
) -> None:
    client = sandbox.client()
    page = open_page(qtbot, EmailDefaultsPage, sandbox.context, client["id"])
    subject = page.fields["invoice_subject"].widget
    subject.setText("Račun {document_number} {entity_nam}")
    assert page.new_unknown_placeholders() == ["entity_nam"]
    question = page.unknown_question(["entity_nam"])
    assert question.defaultButton() is not None
    assert question.defaultButton().text() == "Go back"
    assert question.escapeButton() is question.defaultButton()
    assert "did you mean {entity_name}?" in question.informativeText()

    asked: list[list[str]] = []
    answers = [False, True]

    def confirm(names: list[str]) -> bool:
        asked.append(names)
        return answers.pop(0)

    page.confirm_unknown = confirm  # type: ignore[method-assign]
    sandbox.recorder.sent.clear()
    assert not page.save_clicked()  # went back: nothing sent, the edit stays
    assert sandbox.recorder.writes() == [] and page.is_dirty()
    assert page.status.text() == ""  # no "fix the marked fields": nothing is wrong
    save_and_wait(qtbot, page)  # "Save anyway"
    assert asked == [["entity_nam"], ["entity_nam"]]
    assert sandbox.entity(client["id"])["settings"]["email_defaults"]["invoice_subject"] == (
        "Račun {document_number} {entity_nam}"
    )
    # saved once, it asks no more: another edit elsewhere saves without a question
    page.fields["invoice_body"].widget.setPlainText("Pozdravljeni")
    assert page.new_unknown_placeholders() == []
    save_and_wait(qtbot, page)
    assert len(asked) == 2
