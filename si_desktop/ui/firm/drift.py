"""Firm → Drift…: for the chosen standard, every client it applies to with the number of
fields that differ; a client's fields side by side (the standard, the client's value, and
the business units whose own value hides it). Filters: differs in numbering, in e-mail
defaults, in texts, or matches. Computed from the cache (offline too), off the window's
thread, and again when a change names clients. From here: keep, import and export standards,
make one from the open client, and apply one to the selected clients (a dry run first)."""

from __future__ import annotations

import asyncio
import enum
from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)
from PySide6.QtGui import QBrush, QCloseEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from si_desktop.core.standards import AppliesTo, from_settings
from si_desktop.core.terminal import printable
from si_desktop.sync import standards
from si_desktop.sync.events import Changes
from si_desktop.sync.standards import (
    ClientDrift,
    Standard,
    StandardError,
    StandardFileError,
    StandardLibrary,
)
from si_desktop.ui.context import AppContext
from si_desktop.ui.errors import error_text
from si_desktop.ui.firm.dry_run import DryRunDialog, planned
from si_desktop.ui.firm.editor import StandardEditor
from si_desktop.ui.firm.texts import field_name, value_text
from si_desktop.ui.i18n import QT_TRANSLATE_NOOP
from si_desktop.ui.widgets import plain_label, quiet_label

ModelIndex = QModelIndex | QPersistentModelIndex
DriftRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2
RECOMPUTE_MS = 300
"""A burst of changes (a batch being sent) computes the drift once, after it."""


def tr(text: str) -> str:
    return QCoreApplication.translate("Firm", text)


class Show(enum.Enum):
    ALL = QT_TRANSLATE_NOOP("Firm", "All clients")
    DIFFER = QT_TRANSLATE_NOOP("Firm", "Clients that differ")
    NUMBERING = QT_TRANSLATE_NOOP("Firm", "Differs in numbering")
    EMAIL = QT_TRANSLATE_NOOP("Firm", "Differs in e-mail defaults")
    TEXTS = QT_TRANSLATE_NOOP("Firm", "Differs in texts and terms")
    MATCHES = QT_TRANSLATE_NOOP("Firm", "Matches")


def shows(mode: Show, drift: ClientDrift) -> bool:
    if mode is Show.ALL:
        return True
    if mode is Show.MATCHES:
        return drift.matches
    if mode is Show.DIFFER:
        return not drift.matches
    group = {Show.NUMBERING: "numbering", Show.EMAIL: "email", Show.TEXTS: "texts"}[mode]
    return drift.differs_in(group)  # type: ignore[arg-type]


class DriftModel(QAbstractTableModel):
    """One row per client the standard applies to."""

    COLUMNS: ClassVar[tuple[str, ...]] = (
        QT_TRANSLATE_NOOP("Firm", "Client"),
        QT_TRANSLATE_NOOP("Firm", "Fields that differ"),
        QT_TRANSLATE_NOOP("Firm", "State"),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ClientDrift] = []

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self.COLUMNS)):
            return tr(self.COLUMNS[section])
        return super().headerData(section, orientation, role)

    def drift_at(self, row: int) -> ClientDrift | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        drift, column = self._rows[index.row()], index.column()
        if role == DriftRole:
            return drift
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return printable(drift.name) or drift.entity_id
            if column == 1:
                return str(drift.count) if drift.count else tr("Matches")
            return tr("Enabled") if drift.enabled else tr("Disabled")
        if role == SortRole:
            return (drift.name.casefold(), drift.count, drift.enabled)[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and (
                (column == 1 and drift.matches) or (column == 2 and not drift.enabled)):
            return QBrush(QApplication.palette().color(QPalette.ColorRole.PlaceholderText))
        return None

    def set_rows(self, rows: list[ClientDrift]) -> None:
        """The drift computed again: the same clients are updated in place (one ranged
        `dataChanged`); another set of clients replaces the rows."""
        if [r.entity_id for r in rows] == [r.entity_id for r in self._rows]:
            self._rows = rows
            if rows:
                self.dataChanged.emit(self.index(0, 0),
                                      self.index(len(rows) - 1, len(self.COLUMNS) - 1))
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()


class DriftFilter(QSortFilterProxyModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.mode = Show.ALL
        self.setSortRole(SortRole)

    def set_mode(self, mode: Show) -> None:
        self.beginFilterChange()
        self.mode = mode
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        model = self.sourceModel()
        drift = model.drift_at(source_row) if isinstance(model, DriftModel) else None
        if drift is not None and not shows(self.mode, drift):
            return False
        return super().filterAcceptsRow(source_row, source_parent)


class DriftWindow(QDialog):
    """The firm's standards and where clients drift from them."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.library = StandardLibrary(context.data_dir)
        self.standard: Standard | None = None
        self.computing = False
        self.dry_run: DryRunDialog | None = None
        self.setObjectName("driftWindow")
        self.setWindowTitle(tr("Drift from the firm's standard"))
        layout = QVBoxLayout(self)

        top = QHBoxLayout()
        label = QLabel(tr("&Standard"), self)
        self.chooser = QComboBox(self)
        self.chooser.setObjectName("standardChooser")
        self.chooser.setMinimumContentsLength(24)
        label.setBuddy(self.chooser)
        self.chooser.currentIndexChanged.connect(self._standard_chosen)
        top.addWidget(label)
        top.addWidget(self.chooser)
        self.from_client = QPushButton(tr("&New from this client…"), self)
        self.from_client.setObjectName("standardFromClient")
        self.from_client.clicked.connect(self.new_from_client)
        top.addWidget(self.from_client)
        self.edit_button = QPushButton(tr("&Edit…"), self)
        self.edit_button.setObjectName("editStandard")
        self.edit_button.clicked.connect(self.edit_standard)
        top.addWidget(self.edit_button)
        self.import_button = QPushButton(tr("&Import…"), self)
        self.import_button.setObjectName("importStandard")
        self.import_button.clicked.connect(self.import_standard)
        top.addWidget(self.import_button)
        self.export_button = QPushButton(tr("E&xport…"), self)
        self.export_button.setObjectName("exportStandard")
        self.export_button.clicked.connect(self.export_standard)
        top.addWidget(self.export_button)
        self.delete_button = QPushButton(tr("&Delete"), self)
        self.delete_button.setObjectName("deleteStandard")
        self.delete_button.clicked.connect(self.delete_standard)
        top.addWidget(self.delete_button)
        top.addStretch(1)
        layout.addLayout(top)
        applies = QHBoxLayout()
        applies_label = QLabel(tr("&For"), self)
        self.applies = QComboBox(self)
        self.applies.setObjectName("appliesChooser")
        applies_label.setBuddy(self.applies)
        self.applies.activated.connect(self._applies_chosen)
        applies.addWidget(applies_label)
        applies.addWidget(self.applies)
        self.applies_label = quiet_label("", self)
        self.applies_label.setObjectName("appliesTo")
        applies.addWidget(self.applies_label, 1)
        layout.addLayout(applies)

        bar = QHBoxLayout()
        show_label = QLabel(tr("S&how"), self)
        self.filter = QComboBox(self)
        self.filter.setObjectName("driftFilter")
        for mode in Show:
            self.filter.addItem(tr(mode.value), mode)
        show_label.setBuddy(self.filter)
        self.filter.currentIndexChanged.connect(self._filter_changed)
        bar.addWidget(show_label)
        bar.addWidget(self.filter)
        self.search = QLineEdit(self)
        self.search.setObjectName("driftSearch")
        self.search.setPlaceholderText(tr("Find a client"))
        self.search.setClearButtonEnabled(True)
        bar.addWidget(self.search, 1)
        self.summary = plain_label("", self)
        self.summary.setObjectName("driftSummary")
        bar.addWidget(self.summary)
        layout.addLayout(bar)

        self.model = DriftModel(self)
        self.proxy = DriftFilter(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(0)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search.textChanged.connect(self._search_changed)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.view = QTableView(splitter)
        self.view.setObjectName("driftTable")
        self.view.setAccessibleName(tr("Clients and how many fields differ"))
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setTabKeyNavigation(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.detail = QTableWidget(0, 4, splitter)
        self.detail.setObjectName("driftDetail")
        self.detail.setAccessibleName(tr("The selected client's fields"))
        self.detail.setHorizontalHeaderLabels(
            [tr("Field"), tr("Standard"), tr("Client"), tr("Hidden by units")])
        self.detail.verticalHeader().setVisible(False)
        self.detail.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.detail.setWordWrap(False)
        self.detail.setAlternatingRowColors(True)
        self.detail.setTabKeyNavigation(False)
        detail_header = self.detail.horizontalHeader()
        detail_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        detail_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        detail_header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([380, 620])
        layout.addWidget(splitter, 1)

        foot = QHBoxLayout()
        self.status = plain_label("", self)
        self.status.setObjectName("driftStatus")
        self.status.setWordWrap(True)
        foot.addWidget(self.status, 1)
        self.apply_selected = QPushButton("", self)
        self.apply_selected.setObjectName("applySelected")
        self.apply_selected.clicked.connect(self.apply_to_selected)
        foot.addWidget(self.apply_selected)
        self.apply_all = QPushButton("", self)
        self.apply_all.setObjectName("applyAll")
        self.apply_all.clicked.connect(self.apply_to_differing)
        foot.addWidget(self.apply_all)
        close = QPushButton(tr("Close"), self)
        close.clicked.connect(self.close)
        foot.addWidget(close)
        layout.addLayout(foot)

        self._again = QTimer(self)
        self._again.setSingleShot(True)
        self._again.setInterval(RECOMPUTE_MS)
        self._again.timeout.connect(self.compute)
        context.offline.cache_changed.connect(self._cache_changed)
        context.workspace_changed.connect(self.close)
        self.resize(1180, 700)
        self.reload_standards()

    # standards -----------------------------------------------------------------------------

    def reload_standards(self, select: str | None = None) -> None:
        current = select or (self.standard.name if self.standard is not None else None)
        kept = self.library.list()
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for standard in kept:
            self.chooser.addItem(printable(standard.name), standard.name)
        at = next((i for i, s in enumerate(kept) if s.name == current), 0)
        self.chooser.setCurrentIndex(at if kept else -1)
        self.chooser.blockSignals(False)
        problems = self.library.problems()
        if problems:
            self.status.setText(tr("Standard files that could not be read: %1").replace(
                "%1", "; ".join(f"{p.name}: {e}" for p, e in problems.items())))
        self._standard_chosen()

    def _standard_chosen(self) -> None:
        name = self.chooser.currentData()
        self.standard = self.library.get(name) if isinstance(name, str) else None
        has = self.standard is not None
        for button in (self.edit_button, self.export_button, self.delete_button):
            button.setEnabled(has)
        self.applies_label.setText(_applies_text(self.standard) if has else tr(
            "No standard yet: open a client whose settings the firm wants everywhere and "
            "choose New from this client, or import a standard file."))
        self._fill_applies()
        self.compute()

    def _fill_applies(self) -> None:
        """Every client, or the clients of one country the cache holds (a locale or a
        metadata value can be set in the standard's file)."""
        self.applies.clear()
        self.applies.setEnabled(self.standard is not None)
        if self.standard is None or not self.context.has_workspace:
            return
        choices = [AppliesTo()]
        codes = sorted({row.country_code.upper() for row in self.context.workspace.clients()
                        if row.country_code})
        choices += [AppliesTo("country", code) for code in codes]
        current = self.standard.applies_to
        if current not in choices:
            choices.append(current)
        for choice in choices:
            self.applies.addItem(_whom(choice), choice)
        self.applies.setCurrentIndex(choices.index(current))

    def _applies_chosen(self) -> None:
        chosen = self.applies.currentData()
        if self.standard is None or not isinstance(chosen, AppliesTo):
            return
        if chosen == self.standard.applies_to:
            return
        changed = Standard(self.standard.name, self.standard.values, chosen)
        self.library.save(changed)
        self.standard = changed
        self.applies_label.setText(_applies_text(changed))
        self.compute()

    def new_from_client(self) -> Standard | None:
        """A standard from the open client's settings ("Use Albion's settings as a
        standard…"); the name is asked."""
        entity_id = self.context.current_client_id
        if not entity_id or not self.context.has_workspace:
            self.status.setText(tr("Open a client first: its settings become the standard."))
            return None
        client = self.context.workspace.client_now(entity_id)
        if client is None:
            return None
        name = self.ask_name(tr("%1's settings").replace(
            "%1", printable(str(client.get("name") or ""))[:60]))
        if not name:
            return None
        try:
            standard = from_settings(name, client.get("settings") or {})
            self.library.save(standard)
        except StandardError as error:
            self.status.setText(printable(str(error)))
            return None
        self.status.setText(tr("Kept the standard “%1” (fields: %2).")
                            .replace("%1", printable(standard.name))
                            .replace("%2", str(len(standard.values))))
        self.reload_standards(select=standard.name)
        return standard

    def edit_standard(self) -> StandardEditor | None:
        """The standard's settings and values in an editor; kept when it saves."""
        if self.standard is None:
            return None
        editor = StandardEditor(self.library, self.standard, self)
        editor.accepted.connect(lambda: self._edited(editor))
        editor.open()
        return editor

    def _edited(self, editor: StandardEditor) -> None:
        if editor.saved is not None:
            self.status.setText(tr("Kept the standard “%1” (fields: %2).")
                                .replace("%1", printable(editor.saved.name))
                                .replace("%2", str(len(editor.saved.values))))
            self.reload_standards(select=editor.saved.name)

    def ask_name(self, suggested: str) -> str:
        """The new standard's name; tests replace this. "" when the user cancels."""
        name, ok = QInputDialog.getText(self, tr("New standard"), tr("Name of the standard:"),
                                        QLineEdit.EchoMode.Normal, suggested)
        return name.strip() if ok else ""

    def choose_import_path(self) -> str:
        path, _ = QFileDialog.getOpenFileName(self, tr("Import a standard"), "",
                                              tr("Standard files (*.json)"))
        return str(path)

    def choose_export_path(self, suggested: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self, tr("Export the standard"), suggested,
                                              tr("Standard files (*.json)"))
        return str(path)

    def import_standard(self) -> Standard | None:
        chosen = self.choose_import_path()
        if not chosen:
            return None
        try:
            standard = self.library.import_file(Path(chosen))
        except StandardFileError as error:
            self.status.setText(tr("The file was refused, nothing of it kept: line %1: %2")
                                .replace("%1", str(error.line))
                                .replace("%2", printable(error.reason)))
            return None
        except StandardError as error:
            self.status.setText(printable(str(error)))
            return None
        self.status.setText(tr("Imported the standard “%1”.").replace(
            "%1", printable(standard.name)))
        self.reload_standards(select=standard.name)
        return standard

    def export_standard(self) -> Path | None:
        if self.standard is None:
            return None
        chosen = self.choose_export_path(f"{self.standard.name}.json")
        if not chosen:
            return None
        try:
            standards.export_file(self.standard, Path(chosen))
        except OSError as error:
            self.status.setText(tr("Could not save the file: %1").replace(
                "%1", str(error.strerror or error)))
            return None
        self.status.setText(tr("Saved to %1").replace("%1", chosen))
        return Path(chosen)

    def delete_standard(self) -> None:
        if self.standard is None:
            return
        answer = QMessageBox.question(self, tr("Delete the standard"), tr(
            "Delete the standard “%1” from this workstation? Clients keep their settings.")
            .replace("%1", printable(self.standard.name)))
        if answer == QMessageBox.StandardButton.Yes:
            self.library.delete(self.standard.name)
            self.standard = None
            self.reload_standards()

    # drift ---------------------------------------------------------------------------------

    def compute(self) -> None:
        """The drift of the chosen standard, from the cache, off the window's thread."""
        if self.standard is None or not self.context.has_workspace:
            self.model.set_rows([])
            self._update_summary()
            return
        self.computing = True
        workspace, standard = self.context.workspace, self.standard
        self.context.bridge.run(
            asyncio.to_thread(standards.drift, workspace, standard),
            owner=self, key="drift", on_success=self._computed, on_error=self._failed,
        )

    def _computed(self, rows: list[ClientDrift]) -> None:
        self.computing = False
        self.model.set_rows(rows)
        self._update_summary()
        self._selection_changed()

    def _failed(self, error: BaseException) -> None:
        self.computing = False
        self.status.setText(error_text(error))

    def _cache_changed(self, changes: Changes | None) -> None:
        if changes is None or changes.clients or changes.unit_clients or changes.queue:
            self._again.start()

    def _filter_changed(self) -> None:
        mode = self.filter.currentData()
        self.proxy.set_mode(mode if isinstance(mode, Show) else Show.ALL)
        self._update_summary()

    def _search_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self._update_summary()

    def _update_summary(self) -> None:
        rows = [self.model.drift_at(r) for r in range(self.model.rowCount())]
        differ = sum(1 for d in rows if d is not None and not d.matches)
        self.summary.setText(tr("Clients that differ: %1 of %2").replace(
            "%1", str(differ)).replace("%2", str(len(rows))))
        self.apply_all.setText(tr("Apply to all that differ (%1)…").replace("%1", str(differ)))
        self.apply_all.setEnabled(differ > 0)
        self._update_apply_selected()

    def selected(self) -> list[ClientDrift]:
        found = []
        for index in self.view.selectionModel().selectedRows():
            drift = self.proxy.data(index, DriftRole)
            if isinstance(drift, ClientDrift):
                found.append(drift)
        return found

    def _update_apply_selected(self) -> None:
        n = len(self.selected())
        self.apply_selected.setText(tr("Apply to the selected (%1)…").replace("%1", str(n)))
        self.apply_selected.setEnabled(n > 0 and self.standard is not None)

    def _selection_changed(self, *_args: object) -> None:
        self._update_apply_selected()
        chosen = self.selected()
        drift = chosen[0] if len(chosen) == 1 else None
        if drift is not None and self.standard is not None and self.context.has_workspace:
            # one client, read whole with its units: which of them hide a field
            drift = standards.client_drift(self.context.workspace, self.standard,
                                           drift.entity_id) or drift
        fields = drift.fields if drift is not None else ()
        self.detail.setRowCount(len(fields))
        bold = self.detail.font()
        bold.setBold(True)
        for row, field in enumerate(fields):
            cells = [field_name(field.path), value_text(field.standard),
                     value_text(field.client), ", ".join(printable(n) for n in field.hidden_by)]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(value_text(
                    (field.path, field.standard, field.client)[column], 2000)
                    if column < 3 else text)
                if field.differs:
                    item.setFont(bold)
                self.detail.setItem(row, column, item)

    # applying ------------------------------------------------------------------------------

    def apply_to_selected(self) -> None:
        self.open_dry_run([d.entity_id for d in self.selected()])

    def apply_to_differing(self) -> None:
        ids = [d.entity_id for r in range(self.model.rowCount())
               if (d := self.model.drift_at(r)) is not None and not d.matches]
        self.open_dry_run(ids)

    def open_dry_run(self, entity_ids: list[str]) -> None:
        """The dry run of applying the standard to `entity_ids`, in a window of its own."""
        if self.standard is None or not entity_ids or not self.context.has_workspace:
            return
        workspace, standard = self.context.workspace, self.standard
        self.status.setText(tr("Working out the changes…"))
        self.context.bridge.run(
            planned(lambda: standards.dry_run(workspace, standard, entity_ids)),
            owner=self, key="dry-run",
            on_success=lambda plan: self._show_dry_run(plan, standard, entity_ids),
            on_error=self._failed,
        )

    def _show_dry_run(self, plan: standards.DryRun, standard: Standard,
                      entity_ids: list[str]) -> None:
        self.status.setText("")
        if self.dry_run is not None:
            self.dry_run.deleteLater()
        self.dry_run = DryRunDialog(self.context, plan, self, standard=standard,
                                    chosen=entity_ids)
        self.dry_run.show()
        self.dry_run.raise_()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.context.bridge.cancel_key(self, "drift")
        self._again.stop()
        super().closeEvent(event)


def _applies_text(standard: Standard | None) -> str:
    if standard is None:
        return ""
    return tr("Fields: %1.").replace("%1", str(len(standard.values)))


def _whom(applies: AppliesTo) -> str:
    if applies.kind == "country":
        whom = tr("clients in %1").replace("%1", applies.value)
    elif applies.kind == "locale":
        whom = tr("clients whose language is %1").replace("%1", applies.value)
    elif applies.kind == "metadata":
        whom = tr("clients whose %1 is %2").replace("%1", printable(applies.key)).replace(
            "%2", printable(applies.value))
    else:
        whom = tr("every client")
    return whom
