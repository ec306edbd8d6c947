"""Business units: a table of the client's units with what each one overrides, a
"Show archived" toggle, and New / Edit / Archive."""

from __future__ import annotations

import enum
from collections.abc import Callable, Coroutine, Mapping
from typing import Any, ClassVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from si_desktop.core.limits import entity_problems
from si_desktop.sync.changes import as_json
from si_desktop.sync.errors import describe
from si_desktop.sync.results import record_of
from si_desktop.ui.context import AppContext
from si_desktop.ui.errors import error_text
from si_desktop.ui.i18n import QT_TRANSLATE_NOOP
from si_desktop.ui.icons import icon
from si_desktop.ui.pages import captions
from si_desktop.ui.pages.base import ClientPage
from si_desktop.ui.pages.overview import format_time
from si_desktop.ui.widgets import FieldWithProblem, problem_label, quiet_label, set_problem

ModelIndex = QModelIndex | QPersistentModelIndex


def tr(text: str) -> str:
    return QCoreApplication.translate("BusinessUnitsPage", text)


class UnitRole(enum.IntEnum):
    Id = Qt.ItemDataRole.UserRole + 1
    Record = Qt.ItemDataRole.UserRole + 2
    Sort = Qt.ItemDataRole.UserRole + 3
    Archived = Qt.ItemDataRole.UserRole + 4


_BRANDING = {"pdf_template", "primary_color", "has_logo", "has_signature", "logo_scale_percent"}
_GROUPS: tuple[tuple[str, Callable[[str], bool]], ...] = (
    (QT_TRANSLATE_NOOP("BusinessUnitsPage", "Branding"), lambda key: key in _BRANDING),
    (QT_TRANSLATE_NOOP("BusinessUnitsPage", "E-mail"), lambda key: key == "email_defaults"),
    (QT_TRANSLATE_NOOP("BusinessUnitsPage", "Bank accounts"), lambda key: key == "bank_accounts"),
    (QT_TRANSLATE_NOOP("BusinessUnitsPage", "Number formats"), lambda key: "number" in key),
    (
        QT_TRANSLATE_NOOP("BusinessUnitsPage", "Document texts"),
        lambda key: key in ("document_footer", "default_document_signature")
        or (key.startswith("default_") and (key.endswith("_note") or key.endswith("_terms"))),
    ),
    (
        QT_TRANSLATE_NOOP("BusinessUnitsPage", "Tax clauses"),
        lambda key: key == "tax_clause_defaults",
    ),
    (QT_TRANSLATE_NOOP("BusinessUnitsPage", "Translations"), lambda key: key == "translations"),
)


def is_archived(unit: Mapping[str, Any]) -> bool:
    """Archiving sets `deleted_at` and `is_active: false` (either says it)."""
    return bool(unit.get("deleted_at")) or unit.get("is_active") is False


def overrides(unit: Mapping[str, Any]) -> list[str]:
    """The kinds of settings a unit sets itself instead of inheriting from the client."""
    settings = unit.get("settings") or {}
    keys = [key for key, value in settings.items() if value not in (None, "", [], {})]
    if unit.get("logo_file_id") or unit.get("signature_file_id"):
        keys.append("pdf_template" if "pdf_template" not in keys else "has_logo")
    found: list[str] = []
    for key in keys:
        label = next((name for name, test in _GROUPS if test(key)), None)
        text = tr(label) if label is not None else key
        if text not in found:
            found.append(text)
    return found


class UnitsModel(QAbstractTableModel):
    """The units of one client. Columns are declared once; refreshes are ranged."""

    COLUMNS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("name", QT_TRANSLATE_NOOP("BusinessUnitsPage", "Name")),
        ("city", QT_TRANSLATE_NOOP("BusinessUnitsPage", "City")),
        ("numbering_index", QT_TRANSLATE_NOOP("BusinessUnitsPage", "No.")),
        ("status", QT_TRANSLATE_NOOP("BusinessUnitsPage", "Status")),
        ("overrides", QT_TRANSLATE_NOOP("BusinessUnitsPage", "Overrides")),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[dict[str, Any]] = []

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.COLUMNS)
        ):
            return tr(self.COLUMNS[section][1])
        return super().headerData(section, orientation, role)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        unit = self._rows[index.row()]
        column = self.COLUMNS[index.column()][0]
        archived = is_archived(unit)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == "status":
                if archived:
                    return tr("Archived %1").replace("%1", format_time(unit.get("deleted_at")))
                return tr("Active")
            if column == "overrides":
                return ", ".join(overrides(unit)) or tr("inherits everything")
            if column == "numbering_index":
                value = unit.get("numbering_index")
                return "" if value is None else str(value)
            return str(unit.get(column) or "")
        if role == Qt.ItemDataRole.ForegroundRole and archived:
            return QBrush(QApplication.palette().color(QPalette.ColorRole.PlaceholderText))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == "numbering_index":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == UnitRole.Id:
            return unit.get("id")
        if role == UnitRole.Record:
            return unit
        if role == UnitRole.Archived:
            return archived
        if role == UnitRole.Sort:
            value = unit.get("numbering_index") if column == "numbering_index" else None
            return value if value is not None else str(self.data(index) or "").casefold()
        return None

    @classmethod
    def column(cls, key: str) -> int:
        return next(i for i, (name, _label) in enumerate(cls.COLUMNS) if name == key)

    def unit_at(self, row: int) -> dict[str, Any] | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def set_units(self, units: list[dict[str, Any]]) -> None:
        """Show `units`: rows that went away are removed, known ones updated in place, new
        ones inserted at the end, each as a range."""
        wanted = {str(u.get("id")): u for u in units}
        gone = [row for row, u in enumerate(self._rows) if str(u.get("id")) not in wanted]
        for first, last in reversed(_ranges(gone)):
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._rows[first : last + 1]
            self.endRemoveRows()
        known = {str(u.get("id")): i for i, u in enumerate(self._rows)}
        for unit_id, row in known.items():
            if self._rows[row] != wanted[unit_id]:
                self._rows[row] = wanted[unit_id]
                self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
        fresh = [u for u in units if str(u.get("id")) not in known]
        if fresh:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(fresh) - 1)
            self._rows.extend(fresh)
            self.endInsertRows()


def _ranges(rows: list[int]) -> list[tuple[int, int]]:
    """[1, 2, 3, 7] → [(1, 3), (7, 7)]"""
    found: list[tuple[int, int]] = []
    for row in rows:
        if found and found[-1][1] == row - 1:
            found[-1] = (found[-1][0], row)
        else:
            found.append((row, row))
    return found


UNIT_FIELDS: tuple[tuple[str, str], ...] = (
    ("name", QT_TRANSLATE_NOOP("BusinessUnitsPage", "Name")),
    ("address", QT_TRANSLATE_NOOP("BusinessUnitsPage", "Address")),
    ("address_2", QT_TRANSLATE_NOOP("BusinessUnitsPage", "Address line 2")),
    ("post_code", QT_TRANSLATE_NOOP("BusinessUnitsPage", "Post code")),
    ("city", QT_TRANSLATE_NOOP("BusinessUnitsPage", "City")),
    ("state", QT_TRANSLATE_NOOP("BusinessUnitsPage", "State")),
    ("country", QT_TRANSLATE_NOOP("BusinessUnitsPage", "Country")),
    ("email", QT_TRANSLATE_NOOP("BusinessUnitsPage", "E-mail")),
    ("phone", QT_TRANSLATE_NOOP("BusinessUnitsPage", "Phone")),
    ("website", QT_TRANSLATE_NOOP("BusinessUnitsPage", "Website")),
)


class UnitDialog(QDialog):
    """The fields of one unit, new or existing. Sends only what changed."""

    def __init__(
        self,
        context: AppContext,
        entity_id: str,
        unit: dict[str, Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.entity_id = entity_id
        self.unit = unit
        self.result_unit: dict[str, Any] | None = None
        self.setObjectName("unitDialog")
        self.setWindowTitle(tr("Edit business unit") if unit else tr("New business unit"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.edits: dict[str, QLineEdit] = {}
        self.fields: dict[str, FieldWithProblem] = {}
        for key, label in UNIT_FIELDS:
            edit = QLineEdit()
            edit.setObjectName(key)
            value = (unit or {}).get(key)
            edit.setText("" if value is None else str(value))
            edit.setCursorPosition(0)
            edit.textChanged.connect(self._validate)
            field = FieldWithProblem(edit)
            self.edits[key], self.fields[key] = edit, field
            form.addRow(tr(label) + (" *" if key == "name" else ""), field)
        layout.addLayout(form)
        if unit is not None and unit.get("numbering_index") is not None:
            layout.addWidget(
                quiet_label(
                    tr("Numbering index %1, assigned by Space Invoices.").replace(
                        "%1", str(unit.get("numbering_index"))
                    ),
                    self,
                )
            )
        self.problem = problem_label(self)
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        if unit is None:
            self.save_button.setText(tr("Create unit"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(440, self.sizeHint().height())
        self._validate()

    def values(self) -> dict[str, Any]:
        return {key: edit.text().strip() for key, edit in self.edits.items()}

    def _problems(self) -> dict[str, str]:
        values = {k: (v if v else None) for k, v in self.values().items() if k != "country"}
        problems = entity_problems(values, creating=False)
        if not self.values()["name"]:
            problems["name"] = tr("A unit needs a name.")
        return problems

    def _validate(self) -> None:
        problems = self._problems()
        for key, field in self.fields.items():
            field.set_problem(problems.get(key) if self.edits[key].isModified() or (key in problems
                              and self.edits[key].text()) else None)
        self.save_button.setEnabled(not problems)

    def submit(self) -> None:
        if self._problems():
            return
        self.save_button.setEnabled(False)
        values = self.values()
        workspace = self.context.workspace
        job: Coroutine[Any, Any, Any]
        if self.unit is None:
            job = record_of(workspace.create_unit(self.entity_id, values))
        else:
            job = workspace.update_unit(dict(self.unit), values)
        self.context.bridge.run(
            job, owner=self, key="save", on_success=self._done, on_error=self._failed
        )

    def _done(self, unit: Any) -> None:
        self.result_unit = as_json(unit)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        set_problem(self.problem, error_text(error))
        self.save_button.setEnabled(True)


class BusinessUnitsPage(ClientPage):
    page_id: ClassVar[str] = "business-units"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.body_layout.setContentsMargins(16, 12, 16, 12)
        bar = QHBoxLayout()
        self.new_button = QPushButton(icon("add"), tr("New unit…"), self.body)
        self.new_button.setObjectName("newUnitButton")
        self.new_button.clicked.connect(self.new_unit)
        self.edit_button = QPushButton(icon("edit"), tr("Edit…"), self.body)
        self.edit_button.setObjectName("editUnitButton")
        self.edit_button.clicked.connect(self.edit_selected)
        self.settings_button = QPushButton(tr("Edit settings…"), self.body)
        self.settings_button.setObjectName("unitSettingsButton")
        self.settings_button.setToolTip(
            tr("Number formats, branding and e-mail defaults of this unit")
        )
        self.settings_button.clicked.connect(self.edit_settings_selected)
        self.archive_button = QPushButton(icon("archive"), tr("Archive…"), self.body)
        self.archive_button.setObjectName("archiveUnitButton")
        self.archive_button.clicked.connect(self.archive_selected)
        self.show_archived = QCheckBox(tr("Show archived"), self.body)
        self.show_archived.setObjectName("showArchived")
        self.show_archived.toggled.connect(lambda _on: self._fill(self.data))
        for widget in (self.new_button, self.edit_button, self.settings_button,
                       self.archive_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.show_archived)
        self.body_layout.addLayout(bar)

        self.model = UnitsModel(self)
        self.view = QTableView(self.body)
        self.view.setTabKeyNavigation(False)  # arrows move between cells, Tab leaves
        self.view.setAccessibleName(tr("Business units"))
        self.view.setObjectName("unitsTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(1, 160)
        self.view.doubleClicked.connect(lambda index: self.edit_row(index.row()))
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.body_layout.addWidget(self.view, 1)
        empty_row = QHBoxLayout()
        self.empty_label = quiet_label("", self.body)
        self.empty_label.setObjectName("unitsEmpty")
        self.empty_label.setWordWrap(True)
        empty_row.addWidget(self.empty_label, 1)
        self.show_archived_button = QPushButton(tr("Show the archived ones"), self.body)
        self.show_archived_button.setObjectName("showArchivedUnits")
        self.show_archived_button.clicked.connect(lambda: self.show_archived.setChecked(True))
        self.show_archived_button.setVisible(False)
        empty_row.addWidget(self.show_archived_button)
        self.body_layout.addLayout(empty_row)
        self.hint = quiet_label(
            tr(
                "A business unit is a shop, branch or brand of this client. Documents issued "
                "under a unit use its settings where it overrides the client's."
            ),
            self.body,
        )
        self.hint.setWordWrap(True)
        self.body_layout.addWidget(self.hint)
        self._update_buttons()

    @classmethod
    def title(cls) -> str:
        return captions.business_units()

    # every unit, archived ones too: the page says how many are archived when it shows
    # only the active ones, and Show archived needs no second load

    def fetch(self, entity_id: str) -> Coroutine[Any, Any, Any]:
        return self.context.workspace.list_units(entity_id, include_archived=True)

    def read_now(self, entity_id: str) -> Any:
        return self.context.workspace.units_now(entity_id, include_archived=True)

    def show_data(self, data: Any) -> None:
        units = []
        for unit in data or []:
            record = as_json(unit)
            if not isinstance(unit, Mapping):
                record["_source"] = unit
            units.append(record)
        units.sort(key=lambda u: (u.get("numbering_index") or 0, str(u.get("name") or "")))
        archived = sum(1 for unit in units if is_archived(unit))
        if not self.show_archived.isChecked():
            units = [unit for unit in units if not is_archived(unit)]
        self.model.set_units(units)
        # the header sizes these two to their contents only when it lays itself out, which
        # it did before the rows arrived (or the archived ones were shown): "Akti…"
        for column in (UnitsModel.column("numbering_index"), UnitsModel.column("status")):
            self.view.resizeColumnToContents(column)
        self._show_empty(data is not None, len(units), archived)
        self._update_buttons()

    def _show_empty(self, loaded: bool, shown: int, archived: int) -> None:
        """The line under an empty table: no units at all, or only archived ones (then
        with the button that shows them)."""
        text = ""
        only_archived = loaded and shown == 0 and archived > 0
        if only_archived:
            text = tr("No active business units; %1 archived.").replace("%1", str(archived))
        elif loaded and shown == 0:
            text = tr("This client has no business units yet.")
        self.empty_label.setText(text)
        self.empty_label.setVisible(bool(text))
        self.show_archived_button.setVisible(only_archived)

    def selected_unit(self) -> dict[str, Any] | None:
        index = self.view.currentIndex()
        rows = self.view.selectionModel().selectedRows()
        if rows:
            index = rows[0]
        return self.model.unit_at(index.row()) if index.isValid() else None

    def _update_buttons(self) -> None:
        unit = self.selected_unit()
        has_client = bool(self.client_id) and self.context.has_workspace
        self.new_button.setEnabled(has_client)
        self.edit_button.setEnabled(unit is not None)
        archived = unit is not None and is_archived(unit)
        self.archive_button.setEnabled(unit is not None and not archived)
        self.settings_button.setEnabled(unit is not None and not archived)

    # actions -------------------------------------------------------------------------------

    def open_dialog(self, dialog: UnitDialog) -> bool:
        """Run a unit dialog; tests replace this to drive it without a nested event loop."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    def new_unit(self) -> None:
        if not self.client_id:
            return
        dialog = UnitDialog(self.context, self.client_id, None, self)
        if self.open_dialog(dialog):
            self.context.status_message.emit(tr("Business unit created."))
            self.reload()
        dialog.deleteLater()

    def edit_selected(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.edit_row(index.row())

    def edit_row(self, row: int) -> None:
        unit = self.model.unit_at(row)
        if unit is None:
            return
        dialog = UnitDialog(self.context, self.client_id, unit, self)
        if self.open_dialog(dialog):
            self.context.status_message.emit(tr("Business unit saved."))
            self.reload()
        dialog.deleteLater()

    def open_settings_dialog(self, dialog: QDialog) -> None:
        """Run a unit's settings dialog; tests replace this."""
        dialog.exec()

    def edit_settings_selected(self) -> None:
        """The unit's own number formats, branding and e-mail defaults."""
        from si_desktop.ui.editors import UnitSettingsDialog

        unit = self.selected_unit()
        if unit is None or not self.client_id:
            return
        dialog = UnitSettingsDialog(self.context, self.client_id, unit, self)
        self.open_settings_dialog(dialog)
        dialog.deleteLater()
        self.reload()

    def archive_question(self, name: str) -> QMessageBox:
        """The question before archiving: Cancel is the default, as archiving is for good
        (the API archives with DELETE and has no call that makes a unit active again)."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setWindowTitle(tr("Archive business unit"))
        box.setText(tr("Archive “%1”? This cannot be undone.").replace("%1", name))
        box.setInformativeText(
            tr(
                "It stops being offered for new documents and stays readable under Show "
                "archived. Space Invoices has no way to make an archived unit active again, "
                "and its numbering index is never reused."
            )
        )
        box.setStandardButtons(QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Ok).setText(tr("Archive"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        return box

    def confirm_archive(self, name: str) -> bool:
        """Ask before archiving; tests replace this."""
        box = self.archive_question(name)
        answer = box.exec()
        box.deleteLater()
        return answer == QMessageBox.StandardButton.Ok

    def archive_selected(self) -> None:
        unit = self.selected_unit()
        if unit is None or unit.get("deleted_at"):
            return
        if not self.confirm_archive(str(unit.get("name") or "")):
            return
        self.archive_button.setEnabled(False)
        self.context.bridge.run(
            self.context.workspace.archive_unit(self.client_id, str(unit["id"])),
            owner=self,
            key="archive",
            on_success=lambda _result: self._archived(),
            on_error=lambda error: self.context.report_error(
                error_text(error), retryable=describe(error).retryable),
            on_finally=self._update_buttons,
        )

    def _archived(self) -> None:
        self.context.status_message.emit(tr("Business unit archived."))
        self.reload()
