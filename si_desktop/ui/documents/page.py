"""The Documents tab, first among a client's pages: the client's invoices, estimates and
credit notes from the cache, filtered by type, status, period and business unit, searched
by number and customer, sorted by any column, with a summary line of what is due.

It follows the workspace's `Changes`: the documents a change names are updated row by row
(`DocumentsModel.update_rows`), nothing is read again as a whole. Opening the tab for the
client already shown reads its record and units again, not its documents.

Keyboard: Ctrl+N starts a new invoice (the window gives the page Ctrl+N while the focus is
in it), Enter opens the document, Delete deletes a draft after a question whose default
answer keeps it. Several unpaid invoices are marked paid in one go (one payment each).

Save PDFs… writes the PDF of every chosen issued document into one folder (one file each,
named as the customer receives it; drafts have no number and are left out, and the summary
says so), and Export… opens the client's export (`exports.client_dialog.ExportDialog`).

Room for more: the tool bar (`toolbar`, a QToolBar: New, Open, Mark paid…, Delete draft…,
Save PDFs…, Export…) takes further actions with `toolbar.addAction(...)`.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Coroutine
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import QEvent, QModelIndex, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableView,
    QToolBar,
    QToolButton,
    QWidget,
)

from si_desktop.core.document_form import OUTSTANDING, PERIODS, period_bounds
from si_desktop.core.file_names import document_pdf_name
from si_desktop.core.formatting import client_locale
from si_desktop.sync.errors import describe
from si_desktop.sync.events import Changes
from si_desktop.sync.vocabulary import DocumentRow
from si_desktop.ui.context import AppContext
from si_desktop.ui.documents import words
from si_desktop.ui.documents.delegate import DocumentDelegate
from si_desktop.ui.documents.model import RANGED_UPDATES, DocumentFilter, DocumentsModel, Summary
from si_desktop.ui.documents.words import tr
from si_desktop.ui.errors import error_text
from si_desktop.ui.icons import icon
from si_desktop.ui.idle import BACKGROUND_LOOK_MS, InputPause, background_busy
from si_desktop.ui.pages import captions
from si_desktop.ui.pages.base import NOT_NOW, ClientPage
from si_desktop.ui.widgets import LiveText, careful_question, lay_out_at_once, quiet_label

if TYPE_CHECKING:  # imported when first used
    from si_desktop.ui.exports.client_dialog import ExportDialog
    from si_desktop.ui.pdf.save_many import SavePdfsRun, SaveReport

log = logging.getLogger("si_desktop.ui.documents")

OLDER_STEP_DAYS = 366
""""Load older" reads a year before what the cache holds."""

STATUS_CHOICES = ("outstanding", "draft", "unpaid", "partially_paid", "overdue", "paid",
                  "voided", "open", "expired")


@dataclass
class DocumentsData:
    """What the tab shows of one client. `rows` is None when the rows on screen are the
    client's already (and follow its changes)."""

    entity_id: str
    entity: dict[str, Any]
    units: list[dict[str, Any]]
    rows: list[DocumentRow] | None
    window: dt.date | None


def summary_text(summary: Summary, locale: str) -> str:
    """"48 documents · Unpaid 12 · 4.310,20 € · 3 overdue" in the client's money format."""
    if summary.shown == summary.total:
        count = tr("%n document", summary.total) if summary.total == 1 else \
            tr("%n documents", summary.total)
    else:
        count = tr("%1 of %2 documents").replace("%1", str(summary.shown)).replace(
            "%2", str(summary.total))
    parts = [count]
    if summary.outstanding:
        parts.append(tr("Unpaid %1").replace("%1", str(summary.outstanding)))
        amounts = [words.money_text(amount, currency or None, locale)
                   for currency, amount in sorted(summary.due.items())]
        if amounts:
            parts.append(" + ".join(amounts))
        if summary.overdue:
            parts.append(tr("%n overdue", summary.overdue))
    return " · ".join(parts)


class DocumentsPage(ClientPage):
    page_id: ClassVar[str] = "documents"
    claims_new_shortcut: ClassVar[bool] = True

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        self._rows_for = ""  # the client whose rows the model holds (and keeps current)
        self.entity: dict[str, Any] = {}
        self.units: list[dict[str, Any]] = []
        self.client_locale = "en-GB"
        self.export_dialog: ExportDialog | None = None
        self.save_run: SavePdfsRun | None = None
        self._drafts_left_out = 0
        super().__init__(context, parent)
        self.body_layout.setContentsMargins(12, 8, 12, 8)
        self.body_layout.setSpacing(6)
        self._build_toolbar()
        self._build_filters()
        self._build_table()
        self._build_footer()
        context.offline.cache_changed.connect(self.apply_changes)
        context.online_changed.connect(lambda _online: self._update_window_note())
        self._update_actions()

    @classmethod
    def title(cls) -> str:
        return captions.documents()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # a new colour scheme
            self.model.set_palette(self.palette())

    # building --------------------------------------------------------------------------------

    def _build_toolbar(self) -> None:
        self.toolbar = QToolBar(self.body)
        self.toolbar.setObjectName("documentsToolbar")
        self.toolbar.setIconSize(QSize(16, 16))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.new_invoice_action = QAction(icon("add"), words.new_type_text("invoice"), self)
        self.new_invoice_action.setObjectName("newInvoice")
        self.new_invoice_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_invoice_action.setShortcutContext(
            Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.new_invoice_action.setToolTip(tr("New invoice (Ctrl+N)"))
        self.new_invoice_action.triggered.connect(lambda: self.new_document("invoice"))
        self.addAction(self.new_invoice_action)
        menu = QMenu(self)
        for kind in ("invoice", "estimate", "credit_note"):
            action = menu.addAction(words.new_type_text(kind))
            action.setObjectName(f"new-{kind}")
            action.triggered.connect(lambda _checked=False, k=kind: self.new_document(k))
        self.new_button = QToolButton(self.toolbar)
        self.new_button.setObjectName("newDocumentButton")
        self.new_button.setDefaultAction(self.new_invoice_action)
        self.new_button.setMenu(menu)
        self.new_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.new_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.addWidget(self.new_button)
        self.toolbar.addSeparator()
        self.open_action = self._tool(tr("Open"), self.open_selected, "openDocument", "edit")
        self.open_action.setToolTip(tr("Open the document (Enter)"))
        self.mark_paid_action = self._tool(tr("Mark paid…"), self.mark_selected_paid,
                                           "markPaid", "")
        self.mark_paid_action.setToolTip(tr("Record a payment of what is due on each chosen "
                                            "invoice"))
        self.delete_action = self._tool(tr("Delete draft…"), self.delete_selected_draft,
                                        "deleteDraft", "")
        self.delete_action.setToolTip(tr("Delete the chosen draft (Delete)"))
        self.toolbar.addSeparator()
        self.save_pdfs_action = self._tool(tr("Save PDFs…"), self.save_selected_pdfs,
                                           "savePdfs", "")
        self.save_pdfs_action.setToolTip(tr("Save the PDFs of the chosen documents into a "
                                            "folder, one file each"))
        self.export_action = self._tool(tr("Export…"), self.open_export_dialog,
                                        "exportDocuments", "")
        self.export_action.setToolTip(tr("Export this client's documents of a period as an "
                                         "Excel workbook, a CSV file or PDFs in a ZIP"))
        self.body_layout.addWidget(self.toolbar)

    def _tool(self, text: str, slot: Any, name: str, icon_name: str) -> QAction:
        action = QAction(icon(icon_name), text, self) if icon_name else QAction(text, self)
        action.setObjectName(name)
        action.triggered.connect(lambda _checked=False: slot())
        self.toolbar.addAction(action)
        return action

    def _build_filters(self) -> None:
        row = QHBoxLayout()
        row.setSpacing(6)
        self.search = QLineEdit(self.body)
        self.search.setObjectName("documentSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(tr("Search number or customer"))
        self.search.setAccessibleName(tr("Search documents"))
        # at once, not on a later turn: the typed letter, the rows and the summary are then
        # painted together, once
        self.search.textChanged.connect(lambda _text: self._apply_filter())
        row.addWidget(self.search, 2)
        self.type_filter = self._combo("typeFilter", tr("Type"),
                                       [(tr("All types"), None)] + [
                                           (words.type_name(kind), kind)
                                           for kind in ("invoice", "estimate", "credit_note")])
        self.status_filter = self._combo(
            "statusFilter", tr("Status"),
            [(tr("All statuses"), None), (tr("Unpaid, partly paid or overdue"), "outstanding")]
            + [(words.status_name(s), s) for s in STATUS_CHOICES[1:]])
        self.period_filter = self._combo("periodFilter", tr("Period"),
                                         [(words.period_name(p), p) for p in PERIODS])
        self.unit_filter = self._combo("unitFilter", tr("Business unit"),
                                       [(tr("All business units"), None)])
        # as wide for every client, whatever its units are called (a long name is elided
        # here and whole in the list): the filters do not shift when the client changes
        self.unit_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.unit_filter.setMinimumContentsLength(14)
        for combo in (self.type_filter, self.status_filter, self.period_filter,
                      self.unit_filter):
            row.addWidget(combo, 1)
        self.clear_filters_button = QPushButton(tr("Clear filters"), self.body)
        self.clear_filters_button.setObjectName("clearFilters")
        self.clear_filters_button.clicked.connect(self.clear_filters)
        row.addWidget(self.clear_filters_button)
        self.body_layout.addLayout(row)

    def _combo(self, name: str, label: str, choices: list[tuple[str, Any]]) -> QComboBox:
        combo = QComboBox(self.body)
        combo.setObjectName(name)
        combo.setAccessibleName(label)
        combo.setToolTip(label)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for text, value in choices:
            combo.addItem(text, value)
        combo.currentIndexChanged.connect(lambda _index: self._apply_filter())
        return combo

    def _build_table(self) -> None:
        self.model = DocumentsModel(self)
        self.view = QTableView(self.body)
        self.view.setObjectName("documentsTable")
        self.view.setAccessibleName(tr("Documents"))
        self.view.setModel(self.model)
        self.view.setItemDelegate(DocumentDelegate(self.view))
        self.view.setTabKeyNavigation(False)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.horizontalHeader().setSortIndicatorClearable(True)
        self.view.verticalHeader().setVisible(False)
        # one height for every row: the view never measures 10,000 rows
        vertical = self.view.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        metrics = self.fontMetrics()
        widths = {"number": "2026-00000-000", "type": tr("Credit note"), "date": "30. 12. 2026",
                  "total": "1.234.567,00 €", "status": tr("Partly paid") + " · · ·",
                  "due": "30. 12. 2026"}
        for key, sample in widths.items():
            column = DocumentsModel.column(key)
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 28)
        header.setSectionResizeMode(DocumentsModel.column("customer"),
                                    QHeaderView.ResizeMode.Stretch)
        lay_out_at_once(self.view)  # the rows, scroll bars and summary in one paint
        self.view.activated.connect(self._on_activated)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self.delete_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.view)
        self.delete_shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_shortcut.activated.connect(self.delete_selected_draft)
        self.body_layout.addWidget(self.view, 1)

    def _build_footer(self) -> None:
        self.empty_label = quiet_label("", self.body)
        self.empty_label.setObjectName("documentsEmpty")
        self.empty_label.setWordWrap(True)
        self.empty_label.setVisible(False)
        self.body_layout.addWidget(self.empty_label)
        row = QHBoxLayout()
        # a new summary on every keystroke repaints the line, never lays the page out again
        self.summary_label = LiveText(self.body)
        self.summary_label.setObjectName("documentsSummary")
        row.addWidget(self.summary_label, 1)
        # a date in each client's format: a line of its own that moves nothing on a switch
        self.window_label = LiveText(self.body)
        self.window_label.setObjectName("documentsWindow")
        self.window_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.window_label.set_alignment(Qt.AlignmentFlag.AlignRight)
        row.addWidget(self.window_label, 1)
        self.older_button = QPushButton(tr("Load older"), self.body)
        self.older_button.setObjectName("loadOlder")
        self.older_button.setToolTip(tr("Read the year before from Space Invoices"))
        self.older_button.clicked.connect(self.load_older)
        row.addWidget(self.older_button)
        self.body_layout.addLayout(row)

    # loading ---------------------------------------------------------------------------------

    def read_now(self, entity_id: str) -> Any:
        workspace = self.context.workspace
        entity = workspace.client_now(entity_id)
        if entity is None:
            return NOT_NOW
        return self._data_of(entity_id, entity)

    def fetch(self, entity_id: str) -> Coroutine[Any, Any, Any]:
        async def load() -> DocumentsData:
            entity = await self.context.workspace.load_client(entity_id)
            return self._data_of(entity_id, entity)

        return load()

    def _data_of(self, entity_id: str, entity: dict[str, Any]) -> DocumentsData:
        workspace = self.context.workspace
        units = workspace.units_now(entity_id, include_archived=True)
        rows = None if self._rows_for == entity_id else workspace.document_rows_now(entity_id)
        return DocumentsData(entity_id, entity, units, rows, workspace.documents_window(entity_id))

    def set_client(self, entity_id: str) -> None:
        if entity_id != self._rows_for:
            self._rows_for = ""
        super().set_client(entity_id)

    def _on_workspace_changed(self) -> None:
        self._rows_for = ""
        super()._on_workspace_changed()

    def show_data(self, data: Any) -> None:
        if not isinstance(data, DocumentsData):
            self._rows_for = ""
            self.entity, self.units = {}, []
            self.model.clear()
            self._show_units()
            self._after_change()
            return
        self.entity, self.units = data.entity, data.units
        self.client_locale = client_locale(data.entity)
        self._show_units()
        if data.rows is not None:
            self.model.load(data.rows, locale=self.client_locale, today=dt.date.today())
            self._rows_for = data.entity_id
            data.rows = None  # the model holds them; they follow the changes from now on
        self._apply_filter()
        self._after_change()
        if data.window is None:
            self._first_read(data.entity_id)

    def _first_read(self, entity_id: str) -> None:
        """A client whose documents the cache has never held (opened while the refresh at
        start was busy with others, say): read them now, in the user's lane, with its
        customers and taxes. They arrive through the change event."""
        if self.context.online is False or self.context.bridge.pending(self):
            return
        if background_busy():
            # at start-up: after the Python left for after the first paint (the read imports
            # the API client on the bridge's thread, and the two would take turns at the
            # interpreter lock with the window's own: B13)
            InputPause(self, functools.partial(self._first_read_of_shown, entity_id),
                       BACKGROUND_LOOK_MS, after_background_work=True)
            return
        self.context.bridge.run(
            self.context.workspace.refresh_client(entity_id, logos=False),
            owner=self, key="first-read",
            on_error=lambda error: log.info("documents of %s not read: %s", entity_id, error),
        )

    def _first_read_of_shown(self, entity_id: str) -> None:
        """A first read put off at start-up, if its client is still the one shown."""
        if (self.context.has_workspace and entity_id == self.client_id
                and self._rows_for == entity_id):
            self._first_read(entity_id)

    def _show_units(self) -> None:
        combo = self.unit_filter
        chosen = combo.currentData()
        blocked = combo.blockSignals(True)
        try:
            combo.clear()
            combo.addItem(tr("All business units"), None)
            combo.addItem(tr("No business unit"), "")
            for unit in sorted(self.units, key=lambda u: u.get("numbering_index") or 0):
                name = str(unit.get("name") or "")
                if unit.get("deleted_at") or unit.get("is_active") is False:
                    name = tr("%1 (archived)").replace("%1", name)
                combo.addItem(name, str(unit.get("id")))
            found = combo.findData(chosen)
            combo.setCurrentIndex(found if found >= 0 else 0)
        finally:
            combo.blockSignals(blocked)
        combo.setVisible(bool(self.units))

    # following the cache ---------------------------------------------------------------------

    def apply_changes(self, changes: Changes | None) -> None:
        """Update the documents a change names; a change that names none of this client's
        costs nothing."""
        entity_id = self.client_id
        if not entity_id or not self.context.has_workspace or self._rows_for != entity_id:
            return
        workspace = self.context.workspace
        if changes is None:  # "look again": compare the whole list, update what differs
            self.model.replace_rows(workspace.document_rows_now(entity_id))
            self._after_change()
            return
        if entity_id in changes.renamed:
            return  # the client itself got its service id: the window opens that one
        if not changes.touches_documents(entity_id):
            return
        if isinstance(self.data, DocumentsData):  # a read of the service widens it
            self.data.window = workspace.documents_window(entity_id)
        named = set(changes.documents) | set(changes.renamed) | set(changes.renamed.values())
        if len(named) > RANGED_UPDATES:
            self.model.replace_rows(workspace.document_rows_now(entity_id))
        else:
            self.model.update_rows({
                document_id: workspace.document_row_now(document_id, entity_id=entity_id)
                for document_id in named})
        self._after_change()

    def _after_change(self) -> None:
        self._update_summary()
        self._update_empty()
        self._update_window_note()
        self._update_actions()

    # filtering -------------------------------------------------------------------------------

    def current_filter(self) -> DocumentFilter:
        start, end = period_bounds(str(self.period_filter.currentData() or "all"),
                                   self.model.today)
        return DocumentFilter(
            document_type=self.type_filter.currentData(),
            status=self.status_filter.currentData(),
            start=start,
            end=end,
            unit=self.unit_filter.currentData() if self.units else None,
            search=self.search.text(),
        )

    def _apply_filter(self) -> None:
        self.model.set_filter(self.current_filter())
        self._update_summary()
        self._update_empty()
        self._update_actions()

    def clear_filters(self) -> None:
        for combo in (self.type_filter, self.status_filter, self.period_filter,
                      self.unit_filter):
            blocked = combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(blocked)
        self.search.clear()
        self._apply_filter()

    def _update_summary(self) -> None:
        if not self.client_id:
            self.summary_label.setText("")
            return
        self.summary_label.setText(summary_text(self.model.summary(), self.client_locale))

    def _update_empty(self) -> None:
        text = ""
        loaded = bool(self.client_id) and self._rows_for == self.client_id
        read = isinstance(self.data, DocumentsData) and self.data.window is not None
        if loaded and self.model.total_count == 0 and not read:
            text = tr("This client's documents have not been read from Space Invoices yet.")
        elif loaded and self.model.total_count == 0:
            text = tr("No documents yet. Start the first with New invoice (Ctrl+N).")
        elif loaded and self.model.rowCount() == 0:
            text = tr("No document matches the search and filters.")
        self.empty_label.setText(text)
        self.empty_label.setVisible(bool(text))
        self.clear_filters_button.setEnabled(self.model.filter.active)

    def _update_window_note(self) -> None:
        window = self.data.window if isinstance(self.data, DocumentsData) else None
        online = self.context.online is not False
        if not self.client_id:
            text = ""
        elif window is None:
            text = tr("Documents are read from Space Invoices when it can be reached.") \
                if not online else tr("Reading documents from Space Invoices…")
        else:
            text = tr("Documents since %1 are kept on this computer").replace(
                "%1", words.date_text(window, self.client_locale))
        self.window_label.setText(text)
        self.older_button.setVisible(window is not None)
        self.older_button.setEnabled(online and self.context.has_workspace)

    # actions ---------------------------------------------------------------------------------

    def selected_rows(self) -> list[int]:
        return sorted(index.row() for index in self.view.selectionModel().selectedRows())

    def selected_document(self) -> DocumentRow | None:
        rows = self.selected_rows()
        if len(rows) == 1:
            return self.model.document_row(rows[0])
        current = self.view.currentIndex()
        if not rows and current.isValid():
            return self.model.document_row(current.row())
        return None

    def payable_rows(self) -> list[DocumentRow]:
        """The chosen invoices with money due (issued, not voided, not written offline)."""
        found: list[DocumentRow] = []
        for row in self.selected_rows():
            document = self.model.document_row(row)
            status = self.model.status_of(row)
            if document is not None and document.type == "invoice" and status in OUTSTANDING \
                    and not document.local and (document.total_due or Decimal(0)) > 0:
                found.append(document)
        return found

    def _update_actions(self) -> None:
        has_client = bool(self.client_id) and self.context.has_workspace
        for action in (self.new_invoice_action,):
            action.setEnabled(has_client)
        self.new_button.setEnabled(has_client)
        document = self.selected_document()
        self.open_action.setEnabled(document is not None)
        self.delete_action.setEnabled(document is not None and document.state == "draft")
        self.mark_paid_action.setEnabled(bool(self.payable_rows()))
        self.save_pdfs_action.setEnabled(bool(self.pdf_rows()))
        self.export_action.setEnabled(has_client)

    def new_item(self) -> bool:
        """Ctrl+N on this page: a new invoice."""
        self.new_document("invoice")
        return True

    def run_dialog(self, dialog: QDialog) -> int:
        """Run a dialog of the page; tests replace this to drive it without a nested loop."""
        return dialog.exec()

    def new_document(self, document_type: str) -> None:
        if not self.client_id or not self.context.has_workspace:
            return
        from si_desktop.ui.documents.editor import DocumentEditor

        editor = DocumentEditor.new(self.context, self.client_id, document_type, self)
        self._run_editor(editor)

    def _run_editor(self, editor: QDialog) -> None:
        self.run_dialog(editor)
        document_id = getattr(editor, "result_id", None)
        editor.deleteLater()
        if document_id:
            self.select_document(document_id)

    def select_document(self, document_id: str) -> None:
        row = self.model.row_of(document_id)
        if row >= 0:
            index = self.model.index(row, 0)
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)

    def _on_activated(self, index: QModelIndex) -> None:
        document_id = self.model.document_id(index.row())
        if document_id:
            self.open_document(document_id)

    def open_selected(self) -> None:
        document = self.selected_document()
        if document is not None:
            self.open_document(document.id)

    def open_document(self, document_id: str) -> None:
        from si_desktop.ui.documents.view import DocumentView

        view = DocumentView(self.context, document_id, self)
        self.run_dialog(view)
        follow_up = view.follow_up  # Duplicate, Credit note…, Change draft…
        view.deleteLater()
        if follow_up is not None:
            self._run_editor(follow_up)

    # deleting a draft ------------------------------------------------------------------------

    def delete_question(self, document: DocumentRow) -> QMessageBox:
        """"Delete this draft?" with Cancel as the default and Escape answer."""
        return delete_draft_question(self, document)

    def confirm_delete(self, document: DocumentRow) -> bool:
        """Ask before deleting; tests replace this."""
        box = self.delete_question(document)
        box.exec()
        answer = box.clickedButton()
        box.deleteLater()
        return answer is not None and answer.objectName() == "deleteIt"

    def delete_selected_draft(self) -> None:
        document = self.selected_document()
        if document is None or document.state != "draft":
            return
        if not self.confirm_delete(document):
            return
        self.context.bridge.run(
            self.context.workspace.delete_draft(document.id, initiator=self),
            owner=self, key=f"delete-{document.id}",
            on_success=lambda _result: self.context.status_message.emit(tr("Draft deleted.")),
            on_error=self._failed,
        )

    def _failed(self, error: BaseException) -> None:
        self.context.report_error(error_text(error), retryable=describe(error).retryable)

    # marking paid ----------------------------------------------------------------------------

    def mark_selected_paid(self) -> None:
        documents = self.payable_rows()
        if not documents:
            return
        from si_desktop.ui.documents.payments import MarkPaidDialog

        dialog = MarkPaidDialog(self.context, documents, self.client_locale, self)
        self.run_dialog(dialog)
        dialog.deleteLater()

    # PDFs and exports ------------------------------------------------------------------------

    def pdf_rows(self) -> list[DocumentRow]:
        """The chosen documents that have the customer's PDF: issued ones (a draft has no
        number yet, and one written offline is not on Space Invoices at all)."""
        found: list[DocumentRow] = []
        for row in self.selected_rows():
            document = self.model.document_row(row)
            if document is not None and not document.local and document.state != "draft":
                found.append(document)
        return found

    def choose_folder(self) -> Path | None:
        """The folder Save PDFs… writes into (a folder dialog); tests replace this."""
        from si_desktop.ui.pdf.save_many import ask_pdf_folder

        return ask_pdf_folder(self, self.context.settings, tr("Save PDFs into folder"))

    def inform(self, title: str, text: str) -> None:
        """Say what a run did; tests replace this."""
        QMessageBox.information(self, title, text)

    def save_selected_pdfs(self) -> None:
        """Save PDFs…: one file per chosen issued document, fetched one after another (the
        cache's copy when it has the document's version), progress and Stop, never
        replacing a file unasked."""
        documents = self.pdf_rows()
        if not documents or not self.context.has_workspace:
            return
        folder = self.choose_folder()
        if folder is None:
            return
        from si_desktop.ui.pdf.save_many import PdfToSave, save_pdfs

        workspace, locale = self.context.workspace, self.client_locale
        self._drafts_left_out = len(self.selected_rows()) - len(documents)
        items = [PdfToSave(document_pdf_name(row.type, row.number or "", locale),
                           functools.partial(workspace.document_pdf, row.id))
                 for row in documents]
        self.save_run = save_pdfs(self, self.context.bridge, items, folder,
                                  report=self._pdfs_saved)

    def _pdfs_saved(self, report: SaveReport, folder: Path) -> None:
        from si_desktop.ui.pdf.save_many import summary

        text = summary(report, folder)
        drafts = self._drafts_left_out
        if drafts:
            text += "\n" + (tr("%n draft left out: a draft has no number and no PDF for the "
                               "customer yet.", drafts) if drafts == 1 else
                            tr("%n drafts left out: a draft has no number and no PDF for the "
                               "customer yet.", drafts))
        self.inform(tr("Save PDFs"), text)

    def open_export_dialog(self) -> None:
        """Export…: this client's documents of a period into a folder (one at a time: a
        second Export… brings the open one forward)."""
        if not self.client_id or not self.context.has_workspace:
            return
        from si_desktop.ui.exports.client_dialog import ExportDialog

        dialog = self.export_dialog
        if dialog is not None and dialog.isVisible():
            dialog.raise_()
            dialog.activateWindow()
            return
        dialog = ExportDialog(self.context, self.client_id, self)
        dialog.finished.connect(lambda _result, d=dialog: self._export_closed(d))
        self.export_dialog = dialog
        dialog.open()

    def _export_closed(self, dialog: QDialog) -> None:
        if self.export_dialog is dialog:
            self.export_dialog = None
        dialog.deleteLater()

    # more ------------------------------------------------------------------------------------

    def load_older(self) -> None:
        """Read the year before the cache's window from Space Invoices; the documents come
        in through the change event."""
        window = self.data.window if isinstance(self.data, DocumentsData) else None
        if window is None or not self.client_id:
            return
        entity_id = self.client_id
        since = window - dt.timedelta(days=OLDER_STEP_DAYS)
        self.older_button.setEnabled(False)
        self.context.bridge.run(
            self.context.workspace.load_documents(entity_id, since=since),
            owner=self, key="older",
            on_success=lambda _summary: self._older_loaded(entity_id, since),
            on_error=self.context.report_failure,
            on_finally=self._update_window_note,
        )

    def _older_loaded(self, entity_id: str, since: dt.date) -> None:
        if entity_id == self.client_id and isinstance(self.data, DocumentsData):
            self.data.window = min(self.data.window or since, since)
        self.context.status_message.emit(tr("Older documents loaded."))


def delete_draft_question(parent: QWidget, document: DocumentRow | dict[str, Any]) -> QMessageBox:
    """"Delete this draft?": Keep (the default and the Escape answer) or Delete."""
    kind = document.type if isinstance(document, DocumentRow) else str(
        document.get("_type") or document.get("type") or "")
    customer = document.customer_name if isinstance(document, DocumentRow) else str(
        (document.get("customer") or {}).get("name") or "")
    what = words.type_name(kind).lower() if kind else tr("document")
    text = tr("Delete this draft %1?").replace("%1", what)
    if customer:
        text = tr("Delete this draft %1 for “%2”?").replace("%1", what).replace("%2", customer)
    return careful_question(
        parent, name="deleteDraftQuestion", title=tr("Delete draft"), text=text,
        informative=tr("A draft has no number yet; deleting it cannot be undone."),
        act=tr("Delete draft"), act_name="deleteIt", keep=tr("Keep it"))
