"""One document: its details, status, lines, totals, payments and linked documents, its
PDF as the customer receives it, and what can be done with it: Issue (a draft), Change
draft…, Delete draft…, Void…, Duplicate, Credit note…, Save PDF…, Print…, Send by e-mail…,
Record payment… (and change or delete a payment).

It shows the cache at once (a draft written offline is marked "not yet on Space Invoices,
no number yet"; queued edits say they wait to be sent) and reads the document and its
payments from the service when it opens. It follows the workspace's `Changes` for its
document, also when a draft written offline gets the service's id.

The "PDF" tab (`pdf_tab.PdfTab`) fetches the service's PDF when it is first shown. Save PDF…
writes it into a chosen folder under the name the customer gets (`"Račun 2026-00143.pdf"`),
Print… prints its pages (opening the PDF tab to fetch them first), and Send by e-mail…
opens the message prefilled from the client's e-mail defaults; offline the message waits in
the outbox and the view says so. A draft has no number: it can be printed (marked DRAFT)
but not saved as the customer's PDF or sent, and its buttons say why.

Room for more: `tabs` (a QTabWidget) takes further tabs; `add_action(text, slot, name)` puts
a button in the row of actions, before Close.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Coroutine, Mapping
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from si_desktop.core.documents import amount, status
from si_desktop.core.file_names import document_pdf_name
from si_desktop.core.formatting import bare_amount, client_locale, percent, quantity
from si_desktop.core.templates import render
from si_desktop.sync.errors import describe
from si_desktop.sync.events import Changes
from si_desktop.sync.results import SaveResult
from si_desktop.ui.context import AppContext
from si_desktop.ui.documents import words
from si_desktop.ui.documents.pdf_tab import PdfTab, PdfWanted
from si_desktop.ui.documents.words import tr
from si_desktop.ui.errors import error_text
from si_desktop.ui.widgets import careful_question, plain_label, problem_label, quiet_label

if TYPE_CHECKING:  # imported when Save PDF… is first chosen
    from si_desktop.ui.pdf.save_many import SavePdfsRun, SaveReport


def _money(value: Any, currency: str, locale: str) -> str:
    number = amount(value)
    return "" if number is None else words.money_text(number, currency, locale)


class DocumentView(QDialog):
    """One document (see the module docstring). `follow_up` is an editor to open once the
    view is closed (Duplicate, Credit note…, Change draft…)."""

    def __init__(
        self, context: AppContext, document_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.document_id = document_id
        self.document: dict[str, Any] = {}
        self.payments: list[dict[str, Any]] = []
        self.follow_up: QDialog | None = None
        self.client_locale = "en-GB"
        self.save_run: SavePdfsRun | None = None
        self._print_when_shown = False
        self.setObjectName("documentView")
        self.setModal(True)
        self._build()
        context.offline.cache_changed.connect(self._on_cache_changed)
        context.workspace_changed.connect(self.reject)  # another account: not its document
        self.show_cached()
        self.resize(980, 740)
        self._load()

    # building --------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        self.heading = plain_label("", self)
        self.heading.setObjectName("documentHeading")
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setWeight(QFont.Weight.DemiBold)
        self.heading.setFont(font)
        head.addWidget(self.heading, 1)
        self.status_label = plain_label("", self)
        self.status_label.setObjectName("documentStatus")
        status_font = QFont(self.status_label.font())
        status_font.setWeight(QFont.Weight.Bold)
        status_font.setPointSizeF(status_font.pointSizeF() * 1.15)
        self.status_label.setFont(status_font)
        head.addWidget(self.status_label)
        layout.addLayout(head)
        state_row = QHBoxLayout()
        self.state_label = quiet_label("", self)
        self.state_label.setObjectName("documentState")
        self.state_label.setWordWrap(True)
        state_row.addWidget(self.state_label, 1)
        self.review_button = QPushButton(tr("Review…"), self)
        self.review_button.setObjectName("reviewHeld")
        self.review_button.clicked.connect(self._review)
        self.review_button.setVisible(False)
        state_row.addWidget(self.review_button)
        layout.addLayout(state_row)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("documentTabs")
        self.tabs.setDocumentMode(True)
        scroll = QScrollArea(self.tabs)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        details = QWidget(scroll)
        details.setObjectName("documentDetails")
        self.details_layout = QVBoxLayout(details)
        scroll.setWidget(details)
        self.tabs.addTab(scroll, tr("Details"))
        self.pdf_tab = PdfTab(self.context, self.tabs)
        self.pdf_tab.shown.connect(self._on_pdf_shown)
        self.tabs.addTab(self.pdf_tab, tr("PDF"))
        layout.addWidget(self.tabs, 1)
        self._build_details()

        self.problem = problem_label(self)
        layout.addWidget(self.problem)
        self.notice = quiet_label("", self)
        self.notice.setObjectName("documentNotice")
        self.notice.setWordWrap(True)
        self.notice.setVisible(False)
        layout.addWidget(self.notice)
        self.actions_row = QHBoxLayout()
        self.issue_button = self.add_action(tr("Issue"), self.issue, "issueDocument")
        self.issue_button.setToolTip(tr("Give the draft its number: an issued document cannot "
                                        "be deleted, only voided"))
        self.edit_button = self.add_action(tr("Change draft…"), self.edit_draft, "editDraft")
        self.delete_button = self.add_action(tr("Delete draft…"), self.delete_draft,
                                             "deleteDraft")
        self.void_button = self.add_action(tr("Void…"), self.void, "voidDocument")
        self.duplicate_button = self.add_action(tr("Duplicate"), self.duplicate, "duplicate")
        self.credit_button = self.add_action(tr("Credit note…"), self.credit_note,
                                             "creditNote")
        self.save_pdf_button = self.add_action(tr("Save PDF…"), self.save_pdf, "savePdf")
        self.print_button = self.add_action(tr("Print…"), self.print_document,
                                            "printDocument")
        self.send_button = self.add_action(tr("Send by e-mail…"), self.send, "sendDocument")
        self.actions_row.addStretch(1)
        self.close_button = QPushButton(tr("Close"), self)
        self.close_button.setObjectName("closeButton")
        self.close_button.clicked.connect(self.accept)
        self.actions_row.addWidget(self.close_button)
        layout.addLayout(self.actions_row)

    def add_action(self, text: str, slot: Callable[[], Any], name: str) -> QPushButton:
        """A button in the row of actions (before the stretch and Close)."""
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False: slot())
        at = self.actions_row.count()
        for index in range(self.actions_row.count()):
            item = self.actions_row.itemAt(index)
            if item is not None and item.spacerItem() is not None:
                at = index
                break
        self.actions_row.insertWidget(at, button)
        return button

    def _build_details(self) -> None:
        top = QHBoxLayout()
        top.setSpacing(32)
        customer_box = QVBoxLayout()
        customer_box.setSpacing(4)
        customer_box.addWidget(quiet_label(tr("Customer"), self))
        self.customer_label = plain_label("", self)
        self.customer_label.setObjectName("documentCustomer")
        self.customer_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        customer_box.addWidget(self.customer_label)
        customer_box.addStretch(1)
        top.addLayout(customer_box, 1)
        self.facts = QFormLayout()
        self.facts.setVerticalSpacing(4)
        self.fact_labels: dict[str, QLabel] = {}
        for key, label in (("date", tr("Date")), ("due", tr("Due date")),
                           ("unit", tr("Business unit")), ("reference", tr("Reference")),
                           ("currency", tr("Currency"))):
            value = plain_label("", self)
            value.setObjectName(f"fact-{key}")
            self.fact_labels[key] = value
            self.facts.addRow(label, value)
        top.addLayout(self.facts, 1)
        self.details_layout.addLayout(top)

        self.lines = QTableWidget(0, 7, self)
        self.lines.setObjectName("documentLines")
        self.lines.setHorizontalHeaderLabels([
            tr("Item"), tr("Quantity"), tr("Unit"), tr("Price"), tr("Discount"), tr("Tax"),
            tr("Amount")])
        self._read_only(self.lines)
        self.lines.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.details_layout.addWidget(self.lines)

        self.totals = QGridLayout()
        self.totals.setColumnStretch(0, 1)
        self.totals.setHorizontalSpacing(24)
        self._total_labels: list[tuple[QLabel, QLabel]] = []
        self.details_layout.addLayout(self.totals)

        self.payments_group = QGroupBox(tr("Payments"), self)
        payments_layout = QVBoxLayout(self.payments_group)
        self.payments_table = QTableWidget(0, 5, self.payments_group)
        self.payments_table.setObjectName("paymentsTable")
        self.payments_table.setHorizontalHeaderLabels(
            [tr("Date"), tr("Type"), tr("Amount"), tr("Reference"), tr("State")])
        self._read_only(self.payments_table)
        self.payments_table.horizontalHeader().setSectionResizeMode(
            3, QHeaderView.ResizeMode.Stretch)
        self.payments_table.itemSelectionChanged.connect(self._update_actions)
        self.payments_table.itemDoubleClicked.connect(lambda _item: self.edit_payment())
        payments_layout.addWidget(self.payments_table)
        self.no_payments = quiet_label(tr("No payments yet."), self.payments_group)
        payments_layout.addWidget(self.no_payments)
        row = QHBoxLayout()
        self.pay_button = QPushButton(tr("Record payment…"), self.payments_group)
        self.pay_button.setObjectName("recordPayment")
        self.pay_button.clicked.connect(self.record_payment)
        self.edit_payment_button = QPushButton(tr("Change payment…"), self.payments_group)
        self.edit_payment_button.setObjectName("editPayment")
        self.edit_payment_button.clicked.connect(self.edit_payment)
        self.delete_payment_button = QPushButton(tr("Delete payment…"), self.payments_group)
        self.delete_payment_button.setObjectName("deletePayment")
        self.delete_payment_button.clicked.connect(self.delete_payment)
        for button in (self.pay_button, self.edit_payment_button, self.delete_payment_button):
            button.setAutoDefault(False)
            row.addWidget(button)
        row.addStretch(1)
        payments_layout.addLayout(row)
        self.details_layout.addWidget(self.payments_group)

        self.linked_group = QGroupBox(tr("Linked documents"), self)
        self.linked_layout = QHBoxLayout(self.linked_group)
        self.details_layout.addWidget(self.linked_group)

        self.texts = QFormLayout()
        self.texts.setVerticalSpacing(4)
        self.text_labels: dict[str, QLabel] = {}
        for key, label in (("note", tr("Note")), ("payment_terms", tr("Payment terms")),
                           ("footer", tr("Footer")), ("void_reason", tr("Reason voided"))):
            value = plain_label("", self)
            value.setObjectName(f"text-{key}")
            value.setWordWrap(True)
            self.text_labels[key] = value
            self.texts.addRow(label, value)
        self.details_layout.addLayout(self.texts)
        self.details_layout.addStretch(1)

    @staticmethod
    def _read_only(table: QTableWidget) -> None:
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.verticalHeader().setVisible(False)
        table.setWordWrap(False)
        table.setAlternatingRowColors(True)
        table.setTabKeyNavigation(False)

    # showing ---------------------------------------------------------------------------------

    def show_cached(self) -> None:
        """The document and its payments as the cache has them now."""
        workspace = self.context.workspace
        found = workspace.document_now(self.document_id)
        if found is None:
            self.document = {}
            self.heading.setText(tr("This document is no longer here."))
            self.state_label.setText(tr("It was deleted, on this computer or on Space "
                                        "Invoices."))
            self.pdf_tab.set_document(None)
            self._update_actions()
            return
        self.document = found
        entity = workspace.client_now(str(found.get("entity_id") or "")) or {}
        self.client_locale = client_locale(entity)
        self.payments = workspace.payments_now(self.document_id) \
            if self.kind in ("invoice", "credit_note") else []
        self._show()
        self.pdf_tab.set_document(PdfWanted(
            self.document_id, str(found.get("updated_at") or ""), self.pdf_file_name(),
            local=found.get("_local") is True))

    def pdf_file_name(self) -> str:
        """`Račun 2026-00143.pdf`: the name the service gives the PDF, in the client's
        language."""
        return document_pdf_name(self.kind, str(self.document.get("number") or ""),
                                 self.client_locale)

    @property
    def kind(self) -> str:
        document = self.document
        return str(document.get("_type") or document.get("type") or
                   words_type(self.document_id))

    @property
    def is_draft(self) -> bool:
        return self.document.get("is_draft") is True or self.document.get("_local") is True

    @property
    def status(self) -> str:
        if not self.document:
            return ""
        return status(self.document, dt.date.today())

    def _show(self) -> None:
        document, locale = self.document, self.client_locale
        currency = str(document.get("currency_code") or "EUR")
        kind_name = words.type_name(self.kind)
        local = document.get("_local") is True
        number = str(document.get("number") or "")
        if local or self.is_draft:
            self.heading.setText(tr("Draft %1").replace("%1", kind_name.lower()))
        else:
            self.heading.setText(f"{kind_name} {number}")
        self.setWindowTitle(self.heading.text())
        state = self.status
        self.status_label.setText(words.status_name(state))
        palette = self.status_label.palette()
        palette.setColor(self.status_label.foregroundRole(),
                         words.status_colour(state, self.palette()))
        self.status_label.setPalette(palette)
        notes: list[str] = []
        if local:
            notes.append(words.local_draft_text() + ". " + tr(
                "It is created as a draft on Space Invoices when it can be reached; it is "
                "issued only when you choose Issue."))
        pending = [word for word in document.get("_pending") or () if not
                   (local and word == "create")]
        if pending:
            notes.append(words.pending_text(pending))
        if document.get("_held"):
            notes.append(tr("A change of this document was not sent and needs you."))
        self.state_label.setText("  ".join(notes))
        self.state_label.setVisible(bool(notes))
        self.review_button.setVisible(bool(document.get("_held")))

        self.customer_label.setText(_customer_text(document.get("customer")))
        self.fact_labels["date"].setText(words.date_text(_day(document.get("date")), locale))
        due = document.get("date_due") or document.get("date_valid_till")
        self.fact_labels["due"].setText(words.date_text(_day(due), locale))
        label = self.facts.labelForField(self.fact_labels["due"])
        if isinstance(label, QLabel):
            label.setText(tr("Valid until") if self.kind == "estimate" else tr("Due date"))
        self.facts.setRowVisible(self.fact_labels["due"], self.kind != "credit_note")
        self.fact_labels["unit"].setText(self._unit_name())
        self.facts.setRowVisible(self.fact_labels["unit"],
                                 bool(document.get("business_unit_id")))
        self.fact_labels["reference"].setText(str(document.get("reference") or ""))
        self.facts.setRowVisible(self.fact_labels["reference"], bool(document.get("reference")))
        self.fact_labels["currency"].setText(currency)
        self._show_lines(currency)
        self._show_totals(currency)
        self._show_payments(currency)
        self._show_linked()
        values = self._placeholder_values(currency)
        for key, value_label in self.text_labels.items():
            text = render(str(document.get(key) or ""), values)
            value_label.setText(text)
            self.texts.setRowVisible(value_label, bool(text))
        self._update_actions()

    def _placeholder_values(self, currency: str) -> dict[str, str]:
        """What the document's own placeholders stand for ({entity_name} in a footer), as
        its PDF fills them; the others stay as written."""
        document, locale = self.document, self.client_locale
        entity = self.context.workspace.client_now(str(document.get("entity_id") or "")) or {}
        customer = document.get("customer") if isinstance(document.get("customer"),
                                                          Mapping) else {}
        values = {
            "entity_name": str(entity.get("name") or ""),
            "unit_name": self._unit_name(),
            "document_number": str(document.get("number") or ""),
            "document_date": words.date_text(_day(document.get("date")), locale),
            "document_due_date": words.date_text(_day(document.get("date_due")), locale),
            "document_valid_until": words.date_text(_day(document.get("date_valid_till")),
                                                    locale),
            "document_currency": currency,
            "customer_name": str((customer or {}).get("name") or ""),
            "customer_email": str((customer or {}).get("email") or ""),
        }
        total = amount(document.get("total_with_tax"))
        if total is not None:
            values["document_total"] = bare_amount(total, currency, locale)
        return {key: value for key, value in values.items() if value}

    def _unit_name(self) -> str:
        unit_id = self.document.get("business_unit_id")
        if not unit_id:
            return ""
        unit = self.context.workspace.unit_now(str(unit_id))
        return str((unit or {}).get("name") or unit_id)

    def _show_lines(self, currency: str) -> None:
        items = [item for item in self.document.get("items") or () if isinstance(item, Mapping)]
        self.lines.setRowCount(len(items))
        taxes = self._tax_names()
        for row, item in enumerate(items):
            gross = item.get("gross_price") is not None and item.get("price") is None
            price = _money(item.get("gross_price") if gross else item.get("price"), currency,
                           self.client_locale)
            discounts = [_discount_text(d, currency, self.client_locale)
                         for d in item.get("discounts") or () if isinstance(d, Mapping)]
            tax_texts = []
            for tax in item.get("taxes") or ():
                if isinstance(tax, Mapping):
                    rate = amount(tax.get("rate"))
                    name = taxes.get(str(tax.get("tax_id") or ""), "")
                    tax_texts.append(words.tax_text(name, rate, self.client_locale))
            line_total = item.get("total")
            quantity_value = amount(item.get("quantity"))
            name = str(item.get("name") or "")
            if item.get("description"):
                name += " — " + str(item["description"])
            cells = [
                name,
                quantity(quantity_value, self.client_locale) if quantity_value is not None else "",
                str(item.get("unit") or ""),
                price + (" " + tr("(with tax)") if gross else ""),
                ", ".join(discounts),
                " + ".join(tax_texts),
                _money(line_total, currency, self.client_locale),
            ]
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if column in (1, 3, 6):
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.lines.setItem(row, column, cell)
        self.lines.resizeColumnsToContents()
        self.lines.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        height = self.lines.horizontalHeader().height() + 6 + sum(
            self.lines.rowHeight(r) for r in range(len(items)))
        self.lines.setFixedHeight(min(max(height, 60), 360))

    def _tax_names(self) -> dict[str, str]:
        entity_id = str(self.document.get("entity_id") or "")
        return {str(t.get("id")): str(t.get("name") or "")
                for t in self.context.workspace.taxes_now(entity_id)}

    def _show_totals(self, currency: str) -> None:
        document, locale = self.document, self.client_locale
        rows: list[tuple[str, str, bool]] = []
        if document.get("_local"):
            rows.append((tr("Totals"), tr("computed by Space Invoices when it is sent"), False))
        else:
            rows.append((tr("Net amount"), _money(document.get("total"), currency, locale),
                         False))
            if amount(document.get("total_discount")):
                rows.append((tr("Discounts"), _money(-(amount(document.get("total_discount"))
                                                      or Decimal(0)), currency, locale), False))
            names = self._tax_names()
            for tax in document.get("taxes") or ():
                if not isinstance(tax, Mapping):
                    continue
                rate = amount(tax.get("rate"))
                name = words.tax_text(names.get(str(tax.get("tax_id") or "")) or tr("Tax"),
                                      rate, locale)
                text = tr("%1 of %2").replace("%1", name).replace(
                    "%2", _money(tax.get("base"), currency, locale))
                rows.append((text, _money(tax.get("amount"), currency, locale), False))
            rows.append((tr("Total"), _money(document.get("total_with_tax"), currency, locale),
                         True))
            if self.kind in ("invoice", "credit_note") and not self.is_draft:
                rows.append((tr("Paid"), _money(document.get("total_paid") or 0, currency,
                                                locale), False))
                due = amount(document.get("total_due"))
                if due is not None and due < 0:
                    rows.append((tr("Overpaid"), _money(-due, currency, locale), True))
                else:
                    rows.append((tr("Still to pay"), _money(document.get("total_due") or 0,
                                                            currency, locale), True))
        while len(self._total_labels) < len(rows):
            label, value = plain_label("", self), plain_label("", self)
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setObjectName(f"total-{len(self._total_labels)}")
            place = len(self._total_labels)
            self.totals.addWidget(label, place, 1)
            self.totals.addWidget(value, place, 2)
            self._total_labels.append((label, value))
        for place, (label, value) in enumerate(self._total_labels):
            shown = place < len(rows)
            label.setVisible(shown)
            value.setVisible(shown)
            if shown:
                text, money, strong = rows[place]
                label.setText(text)
                value.setText(money)
                for widget in (label, value):
                    font = QFont(self.font())
                    font.setWeight(QFont.Weight.Bold if strong else QFont.Weight.Normal)
                    widget.setFont(font)

    def _show_payments(self, currency: str) -> None:
        payable = self.kind in ("invoice", "credit_note")
        self.payments_group.setVisible(payable and not (self.is_draft and not self.payments))
        self.payments_table.setRowCount(len(self.payments))
        for row, payment in enumerate(self.payments):
            state = ""
            if payment.get("_local"):
                state = tr("waiting to be sent")
            elif payment.get("_pending"):
                state = words.pending_text(payment["_pending"])
            cells = [
                words.date_text(_day(payment.get("date")), self.client_locale),
                words.payment_type_name(str(payment.get("type") or "")),
                _money(payment.get("amount"), currency, self.client_locale),
                str(payment.get("reference") or ""),
                state,
            ]
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if column == 2:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.payments_table.setItem(row, column, cell)
        self.payments_table.setVisible(bool(self.payments))
        self.no_payments.setVisible(not self.payments)
        self.payments_table.resizeColumnsToContents()
        self.payments_table.horizontalHeader().setSectionResizeMode(
            3, QHeaderView.ResizeMode.Stretch)
        height = self.payments_table.horizontalHeader().height() + 6 + sum(
            self.payments_table.rowHeight(r) for r in range(len(self.payments)))
        self.payments_table.setFixedHeight(min(max(height, 40), 220))

    def _show_linked(self) -> None:
        while self.linked_layout.count():
            item = self.linked_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        linked = [str(value) for value in self.document.get("linked_documents") or ()
                  if isinstance(value, str)]
        workspace = self.context.workspace
        for document_id in linked:
            other = workspace.document_now(document_id)
            kind = words.type_name(str((other or {}).get("_type") or (other or {}).get("type")
                                       or words_type(document_id)))
            number = str((other or {}).get("number") or tr("(not on this computer)"))
            button = QPushButton(f"{kind} {number}", self.linked_group)
            button.setObjectName("linkedDocument")
            button.setAutoDefault(False)
            button.setEnabled(other is not None)
            button.clicked.connect(lambda _c=False, i=document_id: self.show_document(i))
            self.linked_layout.addWidget(button)
        self.linked_layout.addStretch(1)
        self.linked_group.setVisible(bool(linked))

    def show_document(self, document_id: str) -> None:
        """Show another document in this view (a linked one)."""
        self.document_id = document_id
        self._print_when_shown = False
        self.notice.setVisible(False)
        self.show_cached()
        self._load()

    def _update_actions(self) -> None:
        document = self.document
        known = bool(document)
        draft = known and self.is_draft
        pending = list(document.get("_pending") or ())
        voided = bool(document.get("voided_at"))
        issued = known and not draft
        payable = self.kind in ("invoice", "credit_note") and known and not voided and (
            issued or "issue" in pending)
        self.issue_button.setVisible(draft)
        self.issue_button.setEnabled(draft and "issue" not in pending)
        self.edit_button.setVisible(draft)
        self.delete_button.setVisible(draft)
        self.void_button.setVisible(issued and self.kind in ("invoice", "credit_note"))
        self.void_button.setEnabled(issued and not voided and "void" not in pending)
        self.duplicate_button.setEnabled(known)
        self.credit_button.setVisible(self.kind == "invoice" and issued)
        self.credit_button.setEnabled(issued and not voided)
        self.pay_button.setEnabled(payable)
        self._update_pdf_actions(known, draft, pending)
        chosen = self.selected_payment()
        self.edit_payment_button.setEnabled(chosen is not None and not voided)
        self.delete_payment_button.setEnabled(chosen is not None and not voided)

    # reading ---------------------------------------------------------------------------------

    def _load(self) -> None:
        """Read the document and its payments from the service (the cache answers offline,
        and a draft written offline has nothing to read)."""
        if not self.document or self.document.get("_local") or self.context.online is False:
            return
        self.context.bridge.run(self.context.workspace.load_document(self.document_id),
                                owner=self, key="load",
                                on_success=lambda _found: self.show_cached(),
                                on_error=lambda _error: self.show_cached())

    def _on_cache_changed(self, changes: Changes | None) -> None:
        if not self.context.has_workspace:
            return
        if changes is None:
            self.show_cached()
            return
        renamed = changes.renamed.get(self.document_id)
        if renamed:  # the draft written offline reached Space Invoices
            self.document_id = renamed
            self.show_cached()
            return
        if self.document_id in changes.documents or (
                self.document and changes.touches_documents(
                    str(self.document.get("entity_id") or ""))
                and not changes.documents):
            self.show_cached()

    def _review(self) -> None:
        parent = self.parentWidget()
        window = parent.window() if parent is not None else None
        offline_ui = getattr(window, "offline_ui", None)
        if offline_ui is not None:
            offline_ui.review(str(self.document.get("entity_id") or ""))

    # acting ----------------------------------------------------------------------------------

    def run_dialog(self, dialog: QDialog) -> int:
        """Run a dialog of the view; tests replace this."""
        return dialog.exec()

    def ask(self, box: QMessageBox) -> bool:
        """Ask a question; True when its "do it" button (`deleteIt`, `voidIt`) was chosen.
        Tests replace this."""
        box.exec()
        answer = box.clickedButton()
        return answer is not None and answer.objectName() in ("deleteIt", "voidIt")

    def _run(self, job: Coroutine[Any, Any, SaveResult], done: Callable[[SaveResult], None],
             key: str) -> None:
        self.problem.setVisible(False)
        self.context.bridge.run(job, owner=self, key=key, on_success=done,
                                on_error=self._failed)

    def _failed(self, error: BaseException) -> None:
        text = str(error) if isinstance(error, (ValueError, LookupError)) else error_text(error)
        self.problem.setText(text)
        self.problem.setVisible(True)
        if not isinstance(error, (ValueError, LookupError)) and describe(error).retryable:
            self.context.report_failure(error)

    def _refused(self, result: SaveResult) -> bool:
        if result.withdrawn:
            self._failed(result.refusal())
            return True
        return False

    def issue(self) -> None:
        if not self.is_draft:
            return
        self._run(self.context.workspace.issue_document(self.document_id, initiator=self),
                  self._issued, "issue")

    def _issued(self, result: SaveResult) -> None:
        if self._refused(result):
            return
        if result.service_id:
            self.document_id = result.service_id
        view = result.view
        if view is not None:
            self.document_id = view.id or self.document_id
        self.show_cached()
        if result.outcome == "sent" and not self.is_draft:
            self.context.status_message.emit(
                tr("%1 %2 issued.").replace("%1", words.type_name(self.kind)).replace(
                    "%2", str(self.document.get("number") or "")))
        elif result.outcome == "queued":
            self.context.status_message.emit(tr(
                "The issue waits on this computer; the number is given when Space Invoices "
                "can be reached."))

    def edit_draft(self) -> None:
        if not self.is_draft:
            return
        from si_desktop.ui.documents.editor import DocumentEditor

        self.follow_up = DocumentEditor.edit_draft(self.context, self.document,
                                                   self.parentWidget())
        self.accept()

    def duplicate(self) -> None:
        if not self.document:
            return
        from si_desktop.ui.documents.editor import DocumentEditor

        self.follow_up = DocumentEditor.duplicate(self.context, self.document,
                                                  self.parentWidget())
        self.accept()

    def credit_note(self) -> None:
        if self.kind != "invoice" or self.is_draft:
            return
        from si_desktop.ui.documents.editor import DocumentEditor

        self.follow_up = DocumentEditor.credit_note_for(self.context, self.document,
                                                        self.parentWidget())
        self.accept()

    def delete_draft(self) -> None:
        if not self.is_draft:
            return
        from si_desktop.ui.documents.page import delete_draft_question

        if not self.ask(delete_draft_question(self, self.document)):
            return
        self._run(self.context.workspace.delete_draft(self.document_id, initiator=self),
                  self._deleted, "delete")

    def _deleted(self, result: SaveResult) -> None:
        if self._refused(result):
            return
        self.context.status_message.emit(tr("Draft deleted."))
        self.accept()

    def void_question(self) -> tuple[QMessageBox, QLineEdit]:
        """"Void this invoice?" with a reason; Keep is the default and Escape answer."""
        box = careful_question(
            self, name="voidQuestion", title=tr("Void"),
            text=tr("Void %1 %2?").replace("%1", words.type_name(self.kind).lower())
            .replace("%2", str(self.document.get("number") or "")),
            informative=tr("It keeps its number and cannot be changed or paid any more. "
                           "Voiding cannot be undone."),
            act=tr("Void"), act_name="voidIt", keep=tr("Keep it"))
        reason = QLineEdit(box)
        reason.setObjectName("voidReason")
        reason.setPlaceholderText(tr("Reason (optional)"))
        grid = box.layout()
        if isinstance(grid, QGridLayout):
            grid.addWidget(reason, grid.rowCount(), 0, 1, grid.columnCount())
        return box, reason

    def void(self) -> None:
        if self.is_draft or not self.document or self.document.get("voided_at"):
            return
        box, reason = self.void_question()
        if not self.ask(box):
            return
        text = reason.text().strip() or None
        self._run(self.context.workspace.void_document(self.document_id, text, initiator=self),
                  self._voided, "void")

    def _voided(self, result: SaveResult) -> None:
        if self._refused(result):
            return
        self.show_cached()
        if result.outcome == "sent":
            self.context.status_message.emit(tr("Voided."))

    # the PDF: save, print, send ---------------------------------------------------------------

    def _update_pdf_actions(self, known: bool, draft: bool, pending: list[str]) -> None:
        on_service = known and self.document.get("_local") is not True
        issued = known and not draft
        self.save_pdf_button.setEnabled(issued)
        self.save_pdf_button.setToolTip(
            tr("Save the PDF as the customer receives it") if issued or not known else
            tr("A draft has no number yet: issue it to save the PDF the customer gets"))
        self.print_button.setEnabled(on_service)
        self.print_button.setToolTip(
            tr("Print the PDF") if on_service or not known else
            tr("This draft is not on Space Invoices yet, so it has no PDF to print"))
        sendable = issued or (known and "issue" in pending)  # sent behind its issue
        self.send_button.setEnabled(sendable)
        self.send_button.setToolTip(
            tr("E-mail the document to the customer") if sendable or not known else
            tr("A draft cannot be sent: issue it first"))

    def _offline(self) -> bool:
        if self.context.online is False:
            return True
        return self.context.has_workspace and self.context.workspace.connectivity.offline

    def _tell(self, text: str) -> None:
        """A line under the tabs saying what an action did (the window's status bar is
        behind this dialog)."""
        self.notice.setText(text)
        self.notice.setVisible(bool(text))
        if text:
            self.context.status_message.emit(text)

    def choose_folder(self) -> Path | None:
        """The folder Save PDF… writes into (a folder dialog); tests replace this."""
        from si_desktop.ui.pdf.save_many import ask_pdf_folder

        return ask_pdf_folder(self, self.context.settings, tr("Save PDF into folder"))

    def save_pdf(self) -> None:
        """Save PDF…: the service's PDF (the cache's copy when it has this version) into a
        chosen folder, named as the customer receives it; never replacing a file unasked."""
        if not self.save_pdf_button.isEnabled():
            return
        folder = self.choose_folder()
        if folder is None:
            return
        from si_desktop.ui.pdf.save_many import PdfToSave, save_pdfs

        workspace, document_id = self.context.workspace, self.document_id
        item = PdfToSave(self.pdf_file_name(), lambda: workspace.document_pdf(document_id))
        self.problem.setVisible(False)
        self._tell("")
        self.save_run = save_pdfs(self, self.context.bridge, [item], folder,
                                  report=self._pdf_saved)

    def _pdf_saved(self, report: SaveReport, folder: Path) -> None:
        from si_desktop.ui.pdf.save_many import summary

        if report.saved:
            self._tell(tr("Saved as %1.").replace("%1", str(report.saved[0])))
        elif report.unavailable and self._offline():
            self._failed(LookupError(tr(
                "The PDF is not available offline yet: it is saved once Space Invoices can "
                "be reached.")))
        elif not report.skipped and not report.cancelled:
            self._failed(LookupError(summary(report, folder)))

    def print_document(self) -> None:
        """Print…: the PDF's pages through the Qt print dialog. The PDF tab is opened,
        which fetches the PDF when it was not yet, and printing starts once it is there."""
        if not self.print_button.isEnabled():
            return
        self._print_when_shown = True
        self.tabs.setCurrentWidget(self.pdf_tab)
        self.pdf_tab.load()
        if self.pdf_tab.showing:
            self._on_pdf_shown()

    def _on_pdf_shown(self) -> None:
        if self._print_when_shown and self.pdf_tab.showing:
            self._print_when_shown = False
            self.print_shown_pdf()

    def print_shown_pdf(self) -> None:
        """The print dialog over the PDF the tab shows; tests replace this."""
        if self.pdf_tab.viewer is not None:
            self.pdf_tab.viewer.print_pdf()

    def send(self) -> None:
        """Send by e-mail…: the message prefilled from the client's e-mail defaults, sent
        by the service; offline it waits in the outbox (the dialog and the view say so)."""
        if not self.send_button.isEnabled():
            return
        from si_desktop.ui.pdf.send_dialog import SendDocumentDialog

        workspace = self.context.workspace
        entity = workspace.client_now(str(self.document.get("entity_id") or "")) or {}
        unit_id = self.document.get("business_unit_id")
        unit = workspace.unit_now(unit_id) if isinstance(unit_id, str) and unit_id else None
        document = {**self.document, "id": self.document_id, "type": self.kind,
                    "customer": self._customer_with_email()}
        dialog = SendDocumentDialog(entity, unit, document, self)
        dialog.set_offline(self._offline())
        answer = self.run_dialog(dialog)
        request = dialog.request
        dialog.deleteLater()
        if not answer or request is None:
            return
        self._tell("")
        self._run(workspace.send_document(self.document_id, **request.as_body(),
                                          initiator=self),
                  lambda result: self._sent(result, request.to), "send")

    def _customer_with_email(self) -> Any:
        """The document's customer; without an e-mail address of its own, the address of
        the saved customer it names (the recipient is prefilled from it)."""
        customer = self.document.get("customer")
        if not isinstance(customer, Mapping) or customer.get("email"):
            return customer
        customer_id = self.document.get("customer_id")
        entity_id = str(self.document.get("entity_id") or "")
        if not customer_id or not entity_id:
            return customer
        saved = next((c for c in self.context.workspace.customers_now(entity_id)
                      if c.get("id") == customer_id), None)
        if saved is None or not saved.get("email"):
            return customer
        return {**customer, "email": saved["email"]}

    def _sent(self, result: SaveResult, to: str) -> None:
        if self._refused(result):
            return
        self.show_cached()
        if result.outcome == "sent":
            self._tell(tr("Sent to %1.").replace("%1", to))
        elif result.outcome == "queued":
            self._tell(tr("The message to %1 waits on this computer: it is sent when Space "
                          "Invoices can be reached.").replace("%1", to))

    # payments --------------------------------------------------------------------------------

    def selected_payment(self) -> dict[str, Any] | None:
        rows = self.payments_table.selectionModel().selectedRows()
        if not rows:
            return None
        row = rows[0].row()
        return self.payments[row] if 0 <= row < len(self.payments) else None

    def record_payment(self) -> None:
        from si_desktop.ui.documents.payments import PaymentDialog

        dialog = PaymentDialog(self.context, self.document, self.client_locale, self)
        self.run_dialog(dialog)
        dialog.deleteLater()
        self.show_cached()

    def edit_payment(self) -> None:
        payment = self.selected_payment()
        if payment is None or self.document.get("voided_at"):
            return
        from si_desktop.ui.documents.payments import PaymentDialog

        dialog = PaymentDialog(self.context, self.document, self.client_locale, self,
                               payment=payment)
        self.run_dialog(dialog)
        dialog.deleteLater()
        self.show_cached()

    def delete_payment(self) -> None:
        payment = self.selected_payment()
        if payment is None:
            return
        from si_desktop.ui.documents.payments import delete_payment_question

        shown = _money(payment.get("amount"), str(self.document.get("currency_code") or
                                                  "EUR"), self.client_locale)
        if not self.ask(delete_payment_question(self, shown)):
            return
        self._run(self.context.workspace.delete_payment(str(payment["id"]), initiator=self),
                  lambda result: None if self._refused(result) else self.show_cached(),
                  "delete-payment")


def words_type(document_id: str) -> str:
    from si_desktop.core.documents import document_type_of

    return document_type_of(document_id) or ""


def _day(value: Any) -> Any:
    return value[:10] if isinstance(value, str) and len(value) >= 10 else None


def _discount_text(discount: Mapping[str, Any], currency: str, locale: str) -> str:
    value = amount(discount.get("value"))
    if value is None:
        return ""
    if discount.get("type", "percent") == "percent":
        return percent(value, locale)
    return words.money_text(value, currency, locale)


def _customer_text(customer: Any) -> str:
    if not isinstance(customer, Mapping):
        return tr("(no customer)")
    lines = [str(customer.get("name") or "")]
    lines.append(str(customer.get("address") or ""))
    lines.append(" ".join(str(customer.get(k) or "") for k in ("post_code", "city")).strip())
    lines.append(str(customer.get("country") or ""))
    if customer.get("tax_number"):
        lines.append(tr("Tax number %1").replace("%1", str(customer["tax_number"])))
    if customer.get("email"):
        lines.append(str(customer["email"]))
    return "\n".join(line for line in lines if line)
