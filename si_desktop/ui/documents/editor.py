"""New invoice, estimate or credit note (also "Duplicate", "Credit note for this invoice" and
changing a draft): the customer, the lines, the business unit, the dates and the texts, with
the totals recomputed on every keystroke in the client's money format.

Defaults come from the effective settings of the chosen business unit over the client's
(`core.document_form.document_defaults`): dates, note, payment terms, footer. Choosing
another unit brings its texts, except those the user changed. The number the document will
get comes from the service's counters (`Workspace.next_number`: "will be 2026-00143"), or
"number given when issued" offline: numbers are the service's to give, never guessed here.

"Save draft" writes a draft; "Issue" writes it and issues it (the user's own act: nothing
issues itself). Offline both are queued and the draft stays "not yet on Space Invoices, no
number yet" until the network returns; the issue waits behind it. A 422's field paths land
on their fields (an item's on its cell); a refusal keeps everything typed.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Coroutine, Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from si_desktop.core.document_form import document_defaults, tax_rate_on
from si_desktop.core.document_totals import max_taxes_per_item
from si_desktop.core.formatting import client_locale
from si_desktop.sync.errors import ProblemKind, describe
from si_desktop.sync.results import SaveResult
from si_desktop.ui.context import AppContext
from si_desktop.ui.documents import words
from si_desktop.ui.documents.items import (
    ItemColumn,
    ItemDelegate,
    ItemLine,
    ItemsModel,
    TaxChoice,
    line_from_item,
)
from si_desktop.ui.errors import error_text
from si_desktop.ui.widgets import FieldWithProblem, plain_label, problem_label, quiet_label

CUSTOMER_FIELDS = ("name", "address", "post_code", "city", "country", "tax_number", "email")


def tr(text: str) -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("DocumentEditor", text)


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


def date_format(locale: str) -> str:
    """The client's short date format with the year in full, for the date fields."""
    shown = QLocale(locale.replace("-", "_")).dateFormat(QLocale.FormatType.ShortFormat)
    if "yyyy" not in shown:
        shown = shown.replace("yy", "yyyy")
    return shown


@dataclass(frozen=True)
class Saved:
    """What became of the editor's save."""

    document_id: str
    outcome: str  # SaveResult.outcome, or "draft_kept": created, the issue refused
    number: str | None
    message: str = ""


class DocumentEditor(QDialog):
    """One new document (or a draft being changed). `result_id` names the document once
    it was saved."""

    saved = Signal(object)  # Saved

    def __init__(
        self,
        context: AppContext,
        entity_id: str,
        document_type: str,
        parent: QWidget | None = None,
        *,
        source: Mapping[str, Any] | None = None,
        draft: Mapping[str, Any] | None = None,
        linked: list[str] | None = None,
    ) -> None:
        """`source`: a document whose customer, lines, unit and texts the new one starts
        with (Duplicate, Credit note); `draft`: the draft being changed; `linked`: the
        documents a credit note is for."""
        super().__init__(parent)
        self.context = context
        self.entity_id = entity_id
        self.document_type = document_type
        self.draft = dict(draft) if draft is not None else None
        self.linked = list(linked or [])
        self.result_id: str | None = None
        self.saved_as: Saved | None = None
        workspace = context.workspace
        self.entity = workspace.client_now(entity_id) or {"id": entity_id}
        self.units = [unit for unit in workspace.units_now(entity_id)
                      if not unit.get("deleted_at") and unit.get("is_active") is not False]
        self.customers = workspace.customers_now(entity_id)
        self.taxes = workspace.taxes_now(entity_id)
        self.client_locale = client_locale(self.entity)
        self.today = dt.date.today()
        start = self.draft or source
        self.currency = str((start or {}).get("currency_code") or
                            self.entity.get("currency_code") or "EUR")
        self._texts_applied: dict[str, str] = {}
        self._due_moved = False
        self._customer_id: str | None = None
        self._customer_extra: dict[str, Any] = {}
        self._filling = False
        self._saving = False

        context.workspace_changed.connect(self.reject)  # another account: another client
        self.setObjectName("documentEditor")
        self.setWindowTitle(self._title())
        self.setModal(True)
        self._build()
        self._fill(start)
        self._baseline = self.fields() if self.draft is not None else None
        self.resize(1060, 760)
        self.customer.setFocus(Qt.FocusReason.OtherFocusReason)
        self._ask_number()

    # ways in ---------------------------------------------------------------------------------

    @classmethod
    def new(cls, context: AppContext, entity_id: str, document_type: str,
            parent: QWidget | None = None) -> DocumentEditor:
        return cls(context, entity_id, document_type, parent)

    @classmethod
    def duplicate(cls, context: AppContext, document: Mapping[str, Any],
                  parent: QWidget | None = None) -> DocumentEditor:
        """A new document of the same type, customer, lines, unit and texts, dated today."""
        kind = str(document.get("_type") or document.get("type") or "invoice")
        return cls(context, str(document.get("entity_id") or ""), kind, parent,
                   source=document)

    @classmethod
    def credit_note_for(cls, context: AppContext, invoice: Mapping[str, Any],
                        parent: QWidget | None = None) -> DocumentEditor:
        """A credit note for the invoice: its customer, lines and unit, linked to it."""
        return cls(context, str(invoice.get("entity_id") or ""), "credit_note", parent,
                   source=invoice, linked=[str(invoice.get("id"))])

    @classmethod
    def edit_draft(cls, context: AppContext, draft: Mapping[str, Any],
                   parent: QWidget | None = None) -> DocumentEditor:
        kind = str(draft.get("_type") or draft.get("type") or "invoice")
        return cls(context, str(draft.get("entity_id") or ""), kind, parent, draft=draft)

    def _title(self) -> str:
        name = str(self.entity.get("name") or "")
        if self.draft is not None:
            head = tr("Draft %1").replace("%1", words.type_name(self.document_type).lower())
        elif self.linked:
            head = tr("Credit note for invoice %1").replace("%1", self._linked_number())
        else:
            head = words.new_type_text(self.document_type)
        return f"{head} — {name}" if name else head

    def _linked_number(self) -> str:
        found = self.context.workspace.document_now(self.linked[0]) if self.linked else None
        return str((found or {}).get("number") or "")

    # building --------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        head = QHBoxLayout()
        self.heading = plain_label(self._title(), self)
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setWeight(QFont.Weight.DemiBold)
        self.heading.setFont(font)
        head.addWidget(self.heading, 1)
        self.number_label = plain_label("", self)
        self.number_label.setObjectName("nextNumber")
        head.addWidget(self.number_label)
        layout.addLayout(head)

        top = QHBoxLayout()
        top.setSpacing(24)
        top.addLayout(self._customer_form(), 3)
        top.addLayout(self._document_form(), 2)
        layout.addLayout(top)

        layout.addLayout(self._items_bar())
        layout.addWidget(self.items_view, 1)
        self.items_problem = problem_label(self)
        self.items_problem.setObjectName("itemsProblem")
        layout.addWidget(self.items_problem)

        bottom = QHBoxLayout()
        bottom.setSpacing(24)
        bottom.addLayout(self._texts_form(), 3)
        bottom.addWidget(self._totals_panel(), 2)
        layout.addLayout(bottom)

        self.problem = problem_label(self)
        self.problem.setObjectName("editorProblem")
        layout.addWidget(self.problem)
        buttons = QHBoxLayout()
        self.offline_note = quiet_label("", self)
        self.offline_note.setWordWrap(True)
        buttons.addWidget(self.offline_note, 1)
        self.cancel_button = QPushButton(tr("Cancel"), self)
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.clicked.connect(self.reject)
        self.draft_button = QPushButton(tr("Save draft"), self)
        self.draft_button.setObjectName("saveDraftButton")
        self.draft_button.setToolTip(tr("Save without a number; issue it later"))
        self.draft_button.clicked.connect(lambda: self.submit(issue=False))
        self.issue_button = QPushButton(tr("Issue"), self)
        self.issue_button.setObjectName("issueButton")
        self.issue_button.setToolTip(tr("Save and give it its number: an issued document "
                                        "cannot be deleted, only voided"))
        self.issue_button.clicked.connect(lambda: self.submit(issue=True))
        for button in (self.cancel_button, self.draft_button, self.issue_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        layout.addLayout(buttons)

    def _customer_form(self) -> QFormLayout:
        form = _form()
        self.customer = QComboBox(self)
        self.customer.setObjectName("customer")
        self.customer.setEditable(True)
        self.customer.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.customer.addItem("", None)
        for record in self.customers:
            self.customer.addItem(str(record.get("name") or ""), str(record.get("id")))
        completer = QCompleter(self.customer.model(), self.customer)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.customer.setCompleter(completer)
        line = self.customer.lineEdit()
        assert line is not None  # an editable combo box has its line
        line.setPlaceholderText(tr("Choose a customer or type a new name"))
        line.textEdited.connect(self._customer_typed)
        self.customer.activated.connect(self._customer_chosen)
        self.customer_fields: dict[str, QLineEdit] = {}
        self.field_boxes: dict[str, FieldWithProblem] = {}
        box = FieldWithProblem(self.customer)
        self.field_boxes["customer.name"] = box
        form.addRow(tr("Customer"), box)
        labels = {
            "address": tr("Address"), "post_code": tr("Post code"), "city": tr("City"),
            "country": tr("Country"), "tax_number": tr("Tax number"), "email": tr("E-mail"),
        }
        for key in CUSTOMER_FIELDS[1:]:
            edit = QLineEdit(self)
            edit.setObjectName(f"customer_{key}")
            edit.setAccessibleName(labels[key])
            edit.textEdited.connect(lambda _text, k=key: self._clear_problem(f"customer.{k}"))
            self.customer_fields[key] = edit
            self.field_boxes[f"customer.{key}"] = FieldWithProblem(edit)
        place = QWidget(self)  # post code and city on one line, as an address is written
        row = QHBoxLayout(place)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.field_boxes["customer.post_code"], 1)
        row.addWidget(self.field_boxes["customer.city"], 3)
        self.customer_fields["post_code"].setPlaceholderText(labels["post_code"])
        self.customer_fields["city"].setPlaceholderText(labels["city"])
        form.addRow(labels["address"], self.field_boxes["customer.address"])
        form.addRow(tr("Post code, city"), place)
        for key in ("country", "tax_number", "email"):
            form.addRow(labels[key], self.field_boxes[f"customer.{key}"])
        self.save_customer = QCheckBox(tr("Save as a new customer of this client"), self)
        self.save_customer.setObjectName("saveCustomer")
        self.save_customer.setVisible(False)
        form.addRow("", self.save_customer)
        return form

    def _document_form(self) -> QFormLayout:
        form = _form()
        self.unit = QComboBox(self)
        self.unit.setObjectName("business_unit_id")
        self.unit.addItem(tr("No business unit"), None)
        for unit in sorted(self.units, key=lambda u: u.get("numbering_index") or 0):
            self.unit.addItem(str(unit.get("name") or ""), str(unit.get("id")))
        self.unit.currentIndexChanged.connect(self._unit_changed)
        box = FieldWithProblem(self.unit)
        self.field_boxes["business_unit_id"] = box
        unit_row = form.rowCount()
        form.addRow(tr("Business unit"), box)
        if not self.units:
            form.setRowVisible(unit_row, False)
        shown = date_format(self.client_locale)
        self.date = QDateEdit(self)
        self.date.setObjectName("date")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat(shown)
        self.date.dateChanged.connect(self._date_changed)
        self.field_boxes["date"] = FieldWithProblem(self.date)
        form.addRow(tr("Date"), self.field_boxes["date"])
        self.due = QDateEdit(self)
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat(shown)
        self.due.dateChanged.connect(self._due_changed)
        due_key = {"invoice": "date_due", "estimate": "date_valid_till"}.get(
            self.document_type, "")
        self.due.setObjectName(due_key or "date_due")
        self.field_boxes[due_key or "date_due"] = FieldWithProblem(self.due)
        due_row = form.rowCount()
        form.addRow(tr("Valid until") if self.document_type == "estimate" else tr("Due date"),
                    self.field_boxes[due_key or "date_due"])
        if not due_key:
            form.setRowVisible(due_row, False)
        self.reference = QLineEdit(self)
        self.reference.setObjectName("reference")
        self.field_boxes["reference"] = FieldWithProblem(self.reference)
        form.addRow(tr("Reference"), self.field_boxes["reference"])
        self.currency_label = plain_label(self.currency, self)
        self.currency_label.setObjectName("currency")
        form.addRow(tr("Currency"), self.currency_label)
        if self.linked:
            self.linked_label = plain_label(
                tr("For invoice %1").replace("%1", self._linked_number()), self)
            form.addRow(tr("Credits"), self.linked_label)
        return form

    def _items_bar(self) -> QHBoxLayout:
        self.items = ItemsModel(self.client_locale, self.currency, self)
        self.items.totals_changed.connect(self._show_totals)
        self.items.problems_changed.connect(self._update_problems)
        self.items_view = QTableView(self)
        self.items_view.setObjectName("itemsTable")
        self.items_view.setAccessibleName(tr("Lines"))
        self.items_view.setModel(self.items)
        self.items_view.setItemDelegate(ItemDelegate(self.items_view))
        self.items_view.setEditTriggers(
            QAbstractItemView.EditTrigger.AllEditTriggers
            & ~QAbstractItemView.EditTrigger.CurrentChanged)
        self.items_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.items_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.items_view.setWordWrap(False)
        vertical = self.items_view.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 12)
        header = self.items_view.horizontalHeader()
        metrics = self.fontMetrics()
        for column, sample in ((ItemColumn.QUANTITY, "0000,00"), (ItemColumn.UNIT, "kos."),
                               (ItemColumn.PRICE, tr("Price with tax")),
                               (ItemColumn.DISCOUNT, tr("Discount %")),
                               (ItemColumn.TAXES, "DDV 22 % + DDV 9,5 %"),
                               (ItemColumn.TOTAL, "123.456,00 €")):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 24)
        header.setSectionResizeMode(ItemColumn.NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ItemColumn.DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.items_view)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.remove_line)
        bar = QHBoxLayout()
        self.add_button = QPushButton(tr("Add line"), self)
        self.add_button.setObjectName("addLine")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_line)
        self.remove_button = QPushButton(tr("Remove line"), self)
        self.remove_button.setObjectName("removeLine")
        self.remove_button.setAutoDefault(False)
        self.remove_button.clicked.connect(self.remove_line)
        self.gross = QCheckBox(tr("Prices include tax"), self)
        self.gross.setObjectName("grossPrices")
        self.gross.toggled.connect(self._gross_toggled)
        bar.addWidget(self.add_button)
        bar.addWidget(self.remove_button)
        bar.addStretch(1)
        bar.addWidget(self.gross)
        return bar

    def _texts_form(self) -> QFormLayout:
        form = _form()
        self.texts: dict[str, QPlainTextEdit] = {}
        for key, label in (("note", tr("Note")), ("payment_terms", tr("Payment terms")),
                           ("footer", tr("Footer"))):
            edit = QPlainTextEdit(self)
            edit.setObjectName(key)
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(self.fontMetrics().lineSpacing() * 2 + 14)
            edit.textChanged.connect(lambda k=key: self._clear_problem(k))
            self.texts[key] = edit
            self.field_boxes[key] = FieldWithProblem(edit)
            form.addRow(label, self.field_boxes[key])
        hint = quiet_label(tr("Placeholders such as {entity_name} are filled in when the "
                              "document is made into a PDF."), self)
        hint.setWordWrap(True)
        form.addRow("", hint)
        return form

    def _totals_panel(self) -> QWidget:
        panel = QFrame(self)
        panel.setObjectName("totalsPanel")
        panel.setFrameShape(QFrame.Shape.StyledPanel)
        column = QVBoxLayout(panel)
        self.totals_grid = QGridLayout()
        column.addLayout(self.totals_grid)
        column.addStretch(1)
        self.totals_grid.setColumnStretch(0, 1)
        self.totals_grid.setHorizontalSpacing(16)
        self._total_rows: list[tuple[QLabel, QLabel]] = []
        return panel

    # filling ---------------------------------------------------------------------------------

    def _fill(self, start: Mapping[str, Any] | None) -> None:
        self._filling = True
        try:
            self._fill_taxes(self.today)
            unit_id = str((start or {}).get("business_unit_id") or "")
            found = self.unit.findData(unit_id) if unit_id else 0
            self.unit.setCurrentIndex(max(found, 0))
            self._apply_defaults(force=True)
            if start is not None:
                self._fill_from(start)
            if not self.items.rowCount():
                self.items.add_line()
            self._fill_taxes(_pydate(self.date.date()))
        finally:
            self._filling = False
        self._show_totals()
        self._update_problems()

    def _fill_from(self, start: Mapping[str, Any]) -> None:
        customer = start.get("customer") if isinstance(start.get("customer"), Mapping) else {}
        customer_id = start.get("customer_id")
        if customer_id:
            found = self.customer.findData(str(customer_id))
            if found >= 0:
                self.customer.setCurrentIndex(found)
        self._set_customer(dict(customer or {}), str(customer_id) if customer_id else None)
        lines: list[ItemLine] = []
        gross = False
        for item in start.get("items") or ():
            if isinstance(item, Mapping):
                line, priced_gross = line_from_item(item, self.client_locale, self.currency)
                lines.append(line)
                gross = gross or priced_gross
        self.gross.setChecked(gross)
        self.items.set_gross(gross)
        self.items.set_lines(lines)
        for key in ("note", "payment_terms", "footer"):
            value = start.get(key)
            if isinstance(value, str):
                self.texts[key].setPlainText(value)
        if self.draft is not None:  # a draft keeps its own dates and reference
            self.reference.setText(str(start.get("reference") or ""))
            day = _parse(start.get("date"))
            if day is not None:
                self.date.setDate(_qdate(day))
            due = _parse(start.get("date_due") or start.get("date_valid_till"))
            if due is not None:
                self.due.setDate(_qdate(due))
                self._due_moved = True

    def _fill_taxes(self, day: dt.date) -> None:
        choices: list[TaxChoice] = []
        default: tuple[str, ...] = ()
        for tax in self.taxes:
            rate = tax_rate_on(tax, day)
            if rate is None or not tax.get("id"):
                continue
            choice = TaxChoice(str(tax["id"]), str(tax.get("name") or ""), rate)
            choices.append(choice)
            if tax.get("is_default") and not default:
                default = (choice.key,)
        if not default and choices:
            highest = max(choices, key=lambda c: c.rate)
            default = (highest.key,)
        self.items.default_taxes = default
        self.items.set_taxes(choices, max_taxes_per_item(self.entity))

    def _unit_record(self) -> dict[str, Any] | None:
        unit_id = self.unit.currentData()
        return next((u for u in self.units if str(u.get("id")) == unit_id), None)

    def _apply_defaults(self, *, force: bool = False) -> None:
        """The unit's (or the client's) texts and due days; a text the user changed
        stays."""
        defaults = document_defaults(self.entity, self._unit_record(), self.document_type,
                                     _pydate(self.date.date()) if not force else self.today)
        if force:
            self.date.setDate(_qdate(defaults.date))
        due = defaults.date_due or defaults.date_valid_till
        if due is not None and not self._due_moved:
            self._set_due(due)
        for key, value in (("note", defaults.note), ("payment_terms", defaults.payment_terms),
                           ("footer", defaults.footer)):
            edit = self.texts[key]
            if force or edit.toPlainText() == self._texts_applied.get(key, ""):
                edit.setPlainText(value)
                self._texts_applied[key] = value

    def _set_due(self, day: dt.date) -> None:
        blocked = self.due.blockSignals(True)
        self.due.setDate(_qdate(day))
        self.due.blockSignals(blocked)

    # reacting --------------------------------------------------------------------------------

    def _unit_changed(self, _index: int) -> None:
        self._clear_problem("business_unit_id")
        if self._filling:
            return
        self._apply_defaults()
        self._ask_number()

    def _date_changed(self, day: QDate) -> None:
        self._clear_problem("date")
        if self._filling:
            return
        new_day = _pydate(day)
        if not self._due_moved:
            defaults = document_defaults(self.entity, self._unit_record(), self.document_type,
                                         new_day)
            due = defaults.date_due or defaults.date_valid_till
            if due is not None:
                self._set_due(due)
        self._fill_taxes(new_day)  # a tax's rate is the one in force on the date

    def _due_changed(self, _day: QDate) -> None:
        self._clear_problem(self.due.objectName())
        if not self._filling:
            self._due_moved = True

    def _gross_toggled(self, gross: bool) -> None:
        self.items.set_gross(gross)
        self.items.refresh_display()

    def _customer_typed(self, text: str) -> None:
        self._clear_problem("customer.name")
        known = next((c for c in self.customers
                      if str(c.get("name") or "").strip().casefold() == text.strip().casefold()),
                     None)
        if known is None and self._customer_id is not None:
            self._customer_id = None
            self._customer_extra = {}
        self.save_customer.setVisible(known is None and bool(text.strip()))

    def _customer_chosen(self, index: int) -> None:
        customer_id = self.customer.itemData(index)
        record = next((c for c in self.customers if str(c.get("id")) == customer_id), None)
        if record is not None:
            self._set_customer(dict(record), str(customer_id))

    def _set_customer(self, record: dict[str, Any], customer_id: str | None) -> None:
        self._customer_id = customer_id
        self._customer_extra = {k: v for k, v in record.items()
                                if k not in CUSTOMER_FIELDS and not k.startswith("_")
                                and k not in ("id", "entity_id", "created_at", "updated_at")}
        self.customer.setEditText(str(record.get("name") or ""))
        for key, edit in self.customer_fields.items():
            edit.setText(str(record.get(key) or ""))
            edit.setCursorPosition(0)
        self.save_customer.setVisible(False)
        self.save_customer.setChecked(False)

    def add_line(self) -> None:
        row = self.items.add_line()
        index = self.items.index(row, ItemColumn.NAME)
        self.items_view.setCurrentIndex(index)
        self.items_view.edit(index)

    def remove_line(self) -> None:
        index = self.items_view.currentIndex()
        if index.isValid():
            self.items.remove_line(index.row())

    # the number ------------------------------------------------------------------------------

    def _ask_number(self) -> None:
        """The number the document will get, from the service's counters."""
        if self.draft is not None and not self.draft.get("_local") and \
                self.draft.get("number") and not str(self.draft["number"]).startswith("draft"):
            self.number_label.setText(str(self.draft["number"]))
            return
        workspace = self.context.workspace
        if self.context.online is False:
            self._show_number(None)
            return
        self.number_label.setText(tr("Asking Space Invoices for the next number…"))
        self.context.bridge.run(
            workspace.next_number(self.entity_id, self.document_type, self.unit.currentData()),
            owner=self, key="number", on_success=self._show_number,
            on_error=lambda _error: self._show_number(None),
        )

    def _show_number(self, number: str | None) -> None:
        if number:
            self.number_label.setText(tr("Will be %1 when issued").replace("%1", number))
            self.offline_note.setText("")
        else:
            self.number_label.setText(tr("Number given when issued"))
            self.offline_note.setText(tr(
                "Space Invoices cannot be reached: the document is kept on this computer, "
                "not yet on Space Invoices and with no number yet, until it can be sent."))

    # totals ----------------------------------------------------------------------------------

    def _show_totals(self) -> None:
        totals = self.items.totals
        rows: list[tuple[str, str, bool]] = [
            (tr("Net amount"), self._money(totals.total),
             False)]
        if totals.total_discount:
            rows.append((tr("Discounts"), self._money(-totals.total_discount), False))
        names = {str(tax.get("id")): str(tax.get("name") or "") for tax in self.taxes}
        for tax in totals.taxes:
            name = words.tax_text(names.get(tax.tax_id or "") or tr("Tax"), tax.rate,
                                  self.client_locale)
            label = tr("%1 of %2").replace("%1", name).replace(
                "%2", self._money(tax.base))
            rows.append((label, self._money(tax.amount), False))
        rows.append((tr("Total"), self._money(totals.total_with_tax), True))
        self._set_total_rows(rows)

    def _money(self, amount: Any) -> str:
        return words.money_text(amount, self.currency, self.client_locale)

    def _set_total_rows(self, rows: list[tuple[str, str, bool]]) -> None:
        while len(self._total_rows) < len(rows):
            label, value = plain_label("", self), plain_label("", self)
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            place = len(self._total_rows)
            self.totals_grid.addWidget(label, place, 0)
            self.totals_grid.addWidget(value, place, 1)
            self._total_rows.append((label, value))
        for place, (label, value) in enumerate(self._total_rows):
            shown = place < len(rows)
            label.setVisible(shown)
            value.setVisible(shown)
            if not shown:
                continue
            text, amount, strong = rows[place]
            label.setText(text)
            value.setText(amount)
            for widget in (label, value):
                font = QFont(self.font())
                if strong:
                    font.setWeight(QFont.Weight.Bold)
                    font.setPointSizeF(font.pointSizeF() * 1.15)
                widget.setFont(font)
        self.total_value = self._total_rows[len(rows) - 1][1]

    # what is sent ----------------------------------------------------------------------------

    def customer_record(self) -> dict[str, Any]:
        record = dict(self._customer_extra)
        name = self.customer.currentText().strip()
        if name:
            record["name"] = name
        for key, edit in self.customer_fields.items():
            value = edit.text().strip()
            if value:
                record[key] = value
        return record

    def fields(self) -> dict[str, Any]:
        """The document as the create body has it (amounts as Decimal)."""
        fields: dict[str, Any] = {"items": self.items.items(),
                                  "date": _pydate(self.date.date()).isoformat(),
                                  "currency_code": self.currency}
        due_key = self.due.objectName()
        if self.document_type in ("invoice", "estimate"):
            fields[due_key] = _pydate(self.due.date()).isoformat()
        customer = self.customer_record()
        if customer.get("name"):
            fields["customer"] = customer
        if self._customer_id:
            fields["customer_id"] = self._customer_id
        unit_id = self.unit.currentData()
        if unit_id:
            fields["business_unit_id"] = unit_id
        for key, edit in self.texts.items():
            fields[key] = edit.toPlainText()
        reference = self.reference.text().strip()
        if reference:
            fields["reference"] = reference
        if self.linked:
            fields["linked_documents"] = list(self.linked)
        return fields

    def problems(self) -> list[str]:
        found = self.items.problems()
        if self.document_type in ("invoice", "estimate") and \
                self.due.date() < self.date.date():
            found.append(tr("The due date cannot be before the document's date.")
                         if self.document_type == "invoice"
                         else tr("“Valid until” cannot be before the document's date."))
        return found

    def _update_problems(self) -> None:
        if self._filling:
            return
        found = self.items.problems()
        self.items_problem.setText("\n".join(found[:3]) + (" …" if len(found) > 3 else ""))
        self.items_problem.setVisible(bool(found))
        self._update_buttons()

    def _update_buttons(self) -> None:
        ready = not self._saving and not self.items.has_problems
        self.draft_button.setEnabled(ready)
        self.issue_button.setEnabled(ready)

    def _clear_problem(self, key: str) -> None:
        box = self.field_boxes.get(key)
        if box is not None:
            box.set_problem(None)

    # saving ----------------------------------------------------------------------------------

    def submit(self, *, issue: bool) -> bool:
        """Save the draft, and with `issue` issue it. False when nothing was started (the
        marked problems, or a save already running)."""
        if self._saving:
            return False
        found = self.problems()
        if found:
            self.problem.setText("\n".join(found))
            self.problem.setVisible(True)
            return False
        self.problem.setVisible(False)
        self.items.clear_server_problems()
        fields = self.fields()
        self._saving = True
        self._update_buttons()
        self.context.bridge.run(
            self._save(fields, issue, not self.save_customer.isHidden()
                       and self.save_customer.isChecked()),
            owner=self, key="save", on_success=self._saved, on_error=self._failed,
            on_finally=self._save_finished,
        )
        return True

    def _save(self, fields: dict[str, Any], issue: bool, new_customer: bool
              ) -> Coroutine[Any, Any, Saved]:
        workspace = self.context.workspace

        async def save() -> Saved:
            if new_customer and "customer" in fields:
                made = await workspace.create_customer(self.entity_id, fields["customer"],
                                                       initiator=self)
                fields["customer_id"] = str(made.record()["id"])
            if self.draft is not None:
                return await self._save_draft(fields, issue)
            result = await workspace.create_document(self.entity_id, self.document_type,
                                                     fields, issue=issue, initiator=self)
            return _saved_of(result, issue)

        return save()

    async def _save_draft(self, fields: dict[str, Any], issue: bool) -> Saved:
        assert self.draft is not None
        workspace = self.context.workspace
        document_id = str(self.draft["id"])
        baseline = self._baseline or {}
        changes = {key: copy.deepcopy(value) for key, value in fields.items()
                   if baseline.get(key) != value}
        for key in baseline:
            if key not in fields and key in ("reference", "business_unit_id", "customer_id"):
                changes[key] = None
        result: SaveResult | None = None
        if changes:
            result = await workspace.update_document(document_id, changes, initiator=self)
            record = result.record()
            document_id = str(record.get("id") or document_id)
        if issue:
            result = await workspace.issue_document(document_id, initiator=self)
            return _saved_of(result, True)
        if result is None:
            return Saved(document_id, "unchanged", None)
        return _saved_of(result, False)

    def _saved(self, saved: Saved) -> None:
        self.saved_as = saved
        self.result_id = saved.document_id
        self.saved.emit(saved)
        if saved.outcome == "draft_kept":
            self.context.report_error(saved.message)
        elif saved.outcome in ("conflict", "failed"):
            self.context.status_message.emit(tr(
                "Kept on this computer, not sent: see the changes that need you."))
        elif saved.outcome == "sent" and saved.number:
            self.context.status_message.emit(
                tr("%1 %2 issued.").replace("%1", words.type_name(self.document_type))
                .replace("%2", saved.number))
        elif saved.outcome == "sent":
            self.context.status_message.emit(tr("Draft saved."))
        self.accept()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, ValueError):  # a rule of the workspace, before anything queued
            self.problem.setText(str(error))
            self.problem.setVisible(True)
            return
        problem = describe(error)
        if problem.kind is not ProblemKind.VALIDATION or not problem.field_messages:
            self.problem.setText(error_text(error))
            self.problem.setVisible(True)
            return
        unplaced: list[str] = []
        first: QWidget | None = None
        for path, message in problem.field_messages.items():
            placed = self._place(path, message)
            if placed is None:
                unplaced.append(message)
            elif first is None:
                first = placed
        text = tr("Space Invoices did not accept some values; see the marked fields.")
        if unplaced:
            text = tr("Space Invoices did not accept some values: %1").replace(
                "%1", " ".join(unplaced))
        self.problem.setText(text)
        self.problem.setVisible(True)
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def _place(self, path: tuple[str, ...], message: str) -> QWidget | None:
        """Put a 422's message on the field its path names; the widget, or None."""
        parts = [str(part) for part in path]
        if parts and parts[0] == "items":
            item = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
            row = self.items.row_of_item(item)
            if row < 0:
                return None
            column = _ITEM_FIELDS.get(parts[2] if len(parts) > 2 else "name", ItemColumn.NAME)
            self.items.set_server_problem(row, column, message)
            self.items_view.setCurrentIndex(self.items.index(row, column))
            return self.items_view
        if parts and parts[0] == "customer_id":
            parts = ["customer", "name"]
        key = ".".join(parts[:2]) if parts and parts[0] == "customer" else (
            parts[0] if parts else "")
        if key == "customer":
            key = "customer.name"
        if key == "date_valid_till" or key == "date_due":
            key = self.due.objectName()
        box = self.field_boxes.get(key)
        if box is None:
            return None
        box.set_problem(message)
        return box.field

    def _save_finished(self) -> None:
        self._saving = False
        self._update_buttons()


_ITEM_FIELDS = {
    "name": ItemColumn.NAME, "item_id": ItemColumn.NAME, "description": ItemColumn.DESCRIPTION,
    "quantity": ItemColumn.QUANTITY, "unit": ItemColumn.UNIT, "price": ItemColumn.PRICE,
    "gross_price": ItemColumn.PRICE, "discounts": ItemColumn.DISCOUNT,
    "taxes": ItemColumn.TAXES,
}


def _form() -> QFormLayout:
    """A form with its own spacing (a form inherits a parent layout's wide spacing)."""
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setVerticalSpacing(6)
    form.setHorizontalSpacing(12)
    return form


def _parse(value: Any) -> dt.date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _saved_of(result: SaveResult, issue: bool) -> Saved:
    """What the editor tells of a save (a refusal of it all is raised, fields and all)."""
    if result.outcome == "rejected" and result.withdrawn:
        if result.service_id:  # the draft was made; only its issue was refused
            reason = result.problem.message if result.problem is not None else ""
            return Saved(result.service_id, "draft_kept", None, tr(
                "Saved as a draft; Space Invoices did not issue it: %1").replace(
                "%1", reason or tr("no reason given")))
        raise result.refusal()
    view = result.view
    data = view.data if view is not None else {}
    document_id = result.service_id or str(data.get("id") or result.edit.target_id)
    number = data.get("number") if issue and not data.get("is_draft") else None
    return Saved(document_id, result.outcome, str(number) if number else None)
