"""Send by e-mail…: a document's message, prefilled and checked before anything is sent.

The recipient comes from the document's customer; the subject and body from the client's
effective e-mail defaults for the document's type (the unit's per key over the client's),
with every placeholder filled from the document (`core.templates.document_values`), in the
client's language. What is left unfilled (a typo such as `{custmer_name}`, or a value the
document lacks) is listed under the texts, and Send then asks first, going back by
default. The preview shows exactly what will go out. An address that is not one e-mail
address is refused before anything is sent.

The dialog decides nothing about the network: `request` is what the host sends (online at
once, or queued in the outbox; `set_offline(True)` says so in the dialog).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from si_desktop.core import formatting, limits, templates
from si_desktop.core.file_names import document_pdf_name


def tr(text: str) -> str:
    return QCoreApplication.translate("Pdf", text)


@dataclass(frozen=True)
class SendRequest:
    """What `POST /documents/{id}/send` carries (CONTRACT.md, "Send")."""

    document_id: str
    to: str
    subject: str
    body_text: str
    attach_pdf: bool

    def as_body(self) -> dict[str, Any]:
        return {"to": self.to, "subject": self.subject, "body_text": self.body_text,
                "attach_pdf": self.attach_pdf}


def _text(source: Mapping[str, Any] | None, key: str) -> str:
    value = source.get(key) if isinstance(source, Mapping) else None
    return value.strip() if isinstance(value, str) else ""


class SendDocumentDialog(QDialog):
    """The message for one document. `exec()` returns Accepted with `request` set."""

    def __init__(self, entity: Mapping[str, Any], unit: Mapping[str, Any] | None,
                 document: Mapping[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sendDocumentDialog")
        self.document = document
        self.request: SendRequest | None = None
        locale = formatting.client_locale(entity)
        doc_type = _text(document, "type") or "invoice"
        self.values = templates.document_values(entity, unit, document, locale=locale)
        subject, body = templates.email_template(entity, unit, doc_type)
        self.file_name = document_pdf_name(doc_type, _text(document, "number"), locale)
        number = _text(document, "number")
        self.setWindowTitle(tr("Send %1 by e-mail").replace("%1", number) if number
                            else tr("Send by e-mail"))
        customer = document.get("customer")
        recipient = _text(customer if isinstance(customer, Mapping) else None, "email")

        self.to_edit = QLineEdit(recipient, self)
        self.to_edit.setAccessibleName(tr("To"))
        self.to_edit.setPlaceholderText(tr("name@example.com"))
        self.to_error = QLabel(self)
        self.to_error.setObjectName("fieldError")
        self.to_error.setTextFormat(Qt.TextFormat.PlainText)
        self.to_error.setWordWrap(True)
        self.to_error.hide()
        self.subject_edit = QLineEdit(templates.render(subject, self.values), self)
        self.subject_edit.setAccessibleName(tr("Subject"))
        self.body_edit = QPlainTextEdit(self)
        self.body_edit.setPlainText(templates.render(body, self.values))
        self.body_edit.setAccessibleName(tr("Message"))
        self.body_edit.setTabChangesFocus(True)
        self.attach_box = QCheckBox(tr("Attach the PDF (%1)").replace("%1", self.file_name),
                                    self)
        self.attach_box.setChecked(True)
        self.unfilled_label = QLabel(self)
        self.unfilled_label.setObjectName("warning")
        self.unfilled_label.setTextFormat(Qt.TextFormat.PlainText)
        self.unfilled_label.setWordWrap(True)
        self.preview = QPlainTextEdit(self)
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName(tr("What will be sent"))
        self.preview.setFont(QFont(self.preview.font().family(),
                                   self.preview.font().pointSize()))
        self.offline_label = QLabel(tr(
            "Space Invoices cannot be reached now: the message waits in the outbox and is "
            "sent when the connection returns."), self)
        self.offline_label.setWordWrap(True)
        self.offline_label.hide()

        form = QFormLayout()
        form.addRow(tr("To:"), self.to_edit)
        form.addRow("", self.to_error)
        form.addRow(tr("Subject:"), self.subject_edit)
        form.addRow(tr("Message:"), self.body_edit)
        form.addRow("", self.attach_box)
        form.addRow("", self.unfilled_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.send_button = self.buttons.addButton(tr("Send"),
                                                  QDialogButtonBox.ButtonRole.AcceptRole)
        self.send_button.setDefault(True)
        self.buttons.accepted.connect(self.try_send)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(tr("What will be sent:"), self))
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.offline_label)
        layout.addWidget(self.buttons)
        for signal in (self.to_edit.textChanged, self.subject_edit.textChanged,
                       self.body_edit.textChanged, self.attach_box.toggled):
            signal.connect(self._refresh)
        self.resize(640, 620)
        self._refresh()

    # -- what will be sent -----------------------------------------------------------------

    def set_offline(self, offline: bool) -> None:
        self.offline_label.setVisible(offline)
        self.send_button.setText(tr("Queue to send") if offline else tr("Send"))

    def subject(self) -> str:
        return templates.render(self.subject_edit.text(), self.values).strip()

    def body(self) -> str:
        return templates.render(self.body_edit.toPlainText(), self.values)

    def unfilled(self) -> list[str]:
        """Placeholders still in the subject or body, each once: unknown names and those
        the document has no value for."""
        found = templates.placeholders(self.subject() + "\n" + self.body())
        return list(dict.fromkeys(found))

    def preview_text(self) -> str:
        lines = [tr("To: %1").replace("%1", self.to_edit.text().strip()),
                 tr("Subject: %1").replace("%1", self.subject())]
        if self.attach_box.isChecked():
            lines.append(tr("Attachment: %1").replace("%1", self.file_name))
        return "\n".join(lines) + "\n\n" + self.body()

    def _refresh(self) -> None:
        self.preview.setPlainText(self.preview_text())
        left = self.unfilled()
        self.unfilled_label.setVisible(bool(left))
        if left:
            self.unfilled_label.setText(tr(
                "Not filled, and sent as written: %1").replace(
                "%1", ", ".join("{" + name + "}" for name in left)))
        if not self.to_error.isHidden() and limits.is_email_address(self.to_edit.text().strip()):
            self.to_error.hide()

    # -- sending -----------------------------------------------------------------------------

    def recipient_problem(self) -> str | None:
        to = self.to_edit.text().strip()
        if not to:
            return tr("Enter the recipient's e-mail address.")
        if not limits.is_email_address(to):
            return tr("“%1” is not an e-mail address. Enter one address, such as "
                      "name@example.com.").replace("%1", to)
        return None

    def confirm_unfilled(self) -> bool:
        """Ask before sending placeholders as written; going back is the default."""
        left = self.unfilled()
        if not left:
            return True
        box = QMessageBox(QMessageBox.Icon.Warning, tr("Send by e-mail"), tr(
            "The message still contains placeholders that have no value: %1. The customer "
            "would see them as written.").replace("%1", ", ".join("{" + n + "}" for n in left)),
            parent=self)
        back = box.addButton(tr("Go back"), QMessageBox.ButtonRole.RejectRole)
        box.addButton(tr("Send anyway"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(back)
        box.setEscapeButton(back)
        box.exec()
        return box.clickedButton() is not back

    def try_send(self) -> None:
        problem = self.recipient_problem()
        if problem is not None:
            self.to_error.setText(problem)
            self.to_error.show()
            self.to_edit.setFocus()
            return
        if not self.confirm_unfilled():
            self.body_edit.setFocus()
            return
        self.request = SendRequest(
            document_id=_text(self.document, "id"), to=self.to_edit.text().strip(),
            subject=self.subject(), body_text=self.body(),
            attach_pdf=self.attach_box.isChecked())
        self.accept()
