"""Overview: every documented entity field in a form, validated as you type, with Save and
Revert, Enable/Disable, the metadata editor, and the id and times."""

from __future__ import annotations

import itertools
import math
from collections.abc import Coroutine
from datetime import datetime
from typing import Any, ClassVar

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, Qt, QTime
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from si_desktop.core.limits import ENTITY_FIELD_LIMITS, entity_problems
from si_desktop.sync.changes import as_json
from si_desktop.sync.errors import ProblemKind, describe
from si_desktop.sync.results import record_of
from si_desktop.ui.context import AppContext
from si_desktop.ui.errors import error_text, problem_text
from si_desktop.ui.i18n import QT_TRANSLATE_NOOP
from si_desktop.ui.icons import icon
from si_desktop.ui.pages import captions
from si_desktop.ui.pages.base import NOT_NOW, ClientPage
from si_desktop.ui.pages.metadata import MetadataModel
from si_desktop.ui.widgets import (
    FieldWithProblem,
    plain_label,
    problem_label,
    quiet_label,
    set_problem,
    show_read_only,
)


def tr(text: str) -> str:
    return QCoreApplication.translate("OverviewPage", text)


# (field, label, group); labels are translated when the form is built
TEXT_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("name", QT_TRANSLATE_NOOP("OverviewPage", "Name"), "company"),
    ("tax_number", QT_TRANSLATE_NOOP("OverviewPage", "Tax number"), "company"),
    ("tax_number_2", QT_TRANSLATE_NOOP("OverviewPage", "Second tax number"), "company"),
    ("company_number", QT_TRANSLATE_NOOP("OverviewPage", "Company number"), "company"),
    ("fiscal_region_code", QT_TRANSLATE_NOOP("OverviewPage", "Fiscal region"), "company"),
    ("address", QT_TRANSLATE_NOOP("OverviewPage", "Address"), "address"),
    ("address_2", QT_TRANSLATE_NOOP("OverviewPage", "Address line 2"), "address"),
    ("post_code", QT_TRANSLATE_NOOP("OverviewPage", "Post code"), "address"),
    ("city", QT_TRANSLATE_NOOP("OverviewPage", "City"), "address"),
    ("state", QT_TRANSLATE_NOOP("OverviewPage", "State"), "address"),
    ("country", QT_TRANSLATE_NOOP("OverviewPage", "Country"), "address"),
    ("country_code", QT_TRANSLATE_NOOP("OverviewPage", "Country code"), "address"),
    ("email", QT_TRANSLATE_NOOP("OverviewPage", "E-mail"), "contact"),
    ("phone", QT_TRANSLATE_NOOP("OverviewPage", "Phone"), "contact"),
    ("website", QT_TRANSLATE_NOOP("OverviewPage", "Website"), "contact"),
    ("currency_code", QT_TRANSLATE_NOOP("OverviewPage", "Currency"), "contact"),
    ("locale", QT_TRANSLATE_NOOP("OverviewPage", "Locale"), "contact"),
)
READ_ONLY_FIELDS = frozenset({"country", "country_code"})
GROUPS: tuple[tuple[str, str], ...] = (
    ("company", QT_TRANSLATE_NOOP("OverviewPage", "Company")),
    ("address", QT_TRANSLATE_NOOP("OverviewPage", "Address")),
    ("contact", QT_TRANSLATE_NOOP("OverviewPage", "Contact and language")),
)


def format_time(value: Any) -> str:
    """An ISO time from the server in the user's locale; the raw text if it does not parse."""
    if not value:
        return "—"
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00")).astimezone()
    except ValueError:
        return str(value)
    locale = QLocale()
    if locale.language() == QLocale.Language.C:
        return moment.strftime("%Y-%m-%d %H:%M")  # no locale set up: ISO reads everywhere
    stamp = QDateTime(
        QDate(moment.year, moment.month, moment.day),
        QTime(moment.hour, moment.minute),
    )
    return str(locale.toString(stamp, QLocale.FormatType.ShortFormat))


class OverviewPage(ClientPage):
    page_id: ClassVar[str] = "overview"
    editable: ClassVar[bool] = True

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.edits: dict[str, QLineEdit] = {}
        self.fields: dict[str, FieldWithProblem] = {}

        scroll = QScrollArea(self.body)
        scroll.setObjectName("overviewScroll")
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields, which scroll in
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.body_layout.setContentsMargins(0, 0, 0, 0)
        self.body_layout.addWidget(scroll, 1)
        content = QWidget(scroll)
        scroll.setWidget(content)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(12)

        # status line: enabled or disabled, id, times
        status = QHBoxLayout()
        self.state_label = plain_label("", content)
        self.state_label.setObjectName("clientState")
        status.addWidget(self.state_label)
        self.enable_button = QPushButton(content)
        self.enable_button.setObjectName("enableButton")
        self.enable_button.clicked.connect(self.toggle_enabled)
        status.addWidget(self.enable_button)
        status.addStretch(1)
        self.id_edit = QLineEdit(content)
        self.id_edit.setObjectName("clientId")
        self.id_edit.setReadOnly(True)
        self.id_edit.setFrame(False)
        self.id_edit.setMinimumWidth(250)
        self.id_edit.setToolTip(tr("The client's id at Space Invoices"))
        status.addWidget(quiet_label(tr("Id"), content))
        status.addWidget(self.id_edit)
        self.copy_id_button = QPushButton(tr("Copy"), content)
        self.copy_id_button.setObjectName("copyIdButton")
        self.copy_id_button.clicked.connect(self.copy_id)
        status.addWidget(self.copy_id_button)
        layout.addLayout(status)
        self.times_label = quiet_label("", content)
        self.times_label.setObjectName("clientTimes")
        layout.addWidget(self.times_label)

        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(12)
        forms: dict[str, QFormLayout] = {}
        boxes: dict[str, QGroupBox] = {}
        for key, title in GROUPS:
            box = QGroupBox(tr(title), content)
            form = QFormLayout(box)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
            forms[key], boxes[key] = form, box
        for key, label, group in TEXT_FIELDS:
            edit = QLineEdit()
            edit.setObjectName(key)
            high = ENTITY_FIELD_LIMITS.get(key, (0, None))[1]
            if key in READ_ONLY_FIELDS:
                show_read_only(edit)
                edit.setToolTip(tr("Set when the client was created; it cannot change."))
            elif high is not None:
                edit.setToolTip(tr("At most %1 characters").replace("%1", str(high)))
            edit.textEdited.connect(self._on_edited)
            field = FieldWithProblem(edit)
            self.edits[key], self.fields[key] = edit, field
            forms[group].addRow(tr(label), field)
        self.capital = QLineEdit()
        self.capital.setObjectName("starting_capital")
        self.capital.setPlaceholderText(tr("e.g. 7500.00"))
        self.capital.textEdited.connect(self._on_edited)
        self.capital_field = FieldWithProblem(self.capital)
        forms["company"].addRow(tr("Starting capital"), self.capital_field)
        self.tax_subject = QCheckBox(tr("Registered for VAT (tax subject)"))
        self.tax_subject.setObjectName("is_tax_subject")
        self.tax_subject.toggled.connect(self._on_edited)
        forms["company"].addRow("", self.tax_subject)
        grid.addWidget(boxes["company"], 0, 0)
        grid.addWidget(boxes["address"], 0, 1)
        grid.addWidget(boxes["contact"], 1, 0)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)

        # metadata
        meta_box = QGroupBox(tr("Metadata (client codes, external ids)"), content)
        meta_layout = QVBoxLayout(meta_box)
        self.metadata = MetadataModel(self)
        self.metadata.edited.connect(self._on_edited)
        self.metadata_view = QTableView(meta_box)
        self.metadata_view.setTabKeyNavigation(False)  # arrows move between cells, Tab leaves
        self.metadata_view.setObjectName("metadataTable")
        self.metadata_view.setModel(self.metadata)
        self.metadata_view.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Interactive
        )
        self.metadata_view.horizontalHeader().resizeSection(0, 200)
        self.metadata_view.horizontalHeader().setStretchLastSection(True)
        self.metadata_view.verticalHeader().setVisible(False)
        self.metadata_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.metadata_view.setMinimumHeight(110)
        meta_layout.addWidget(self.metadata_view)
        meta_buttons = QHBoxLayout()
        self.add_meta_button = QPushButton(icon("add"), tr("Add value"), meta_box)
        self.add_meta_button.clicked.connect(self._add_metadata)
        self.remove_meta_button = QPushButton(tr("Remove selected"), meta_box)
        self.remove_meta_button.clicked.connect(self._remove_metadata)
        meta_buttons.addWidget(self.add_meta_button)
        meta_buttons.addWidget(self.remove_meta_button)
        meta_buttons.addStretch(1)
        meta_layout.addLayout(meta_buttons)
        self.metadata_problem = problem_label(meta_box)
        self.metadata_problem.setObjectName("metadataProblem")
        meta_layout.addWidget(self.metadata_problem)
        grid.addWidget(meta_box, 1, 1)
        layout.addStretch(1)

        # Save and Revert, always visible under the scrolling form
        bar = QHBoxLayout()
        bar.setContentsMargins(16, 6, 16, 10)
        self.dirty_label = quiet_label("", self.body)
        self.dirty_label.setObjectName("dirtyLabel")
        bar.addWidget(self.dirty_label, 1)
        self.revert_button = QPushButton(icon("revert"), tr("Revert"), self.body)
        self.revert_button.setObjectName("revertButton")
        self.revert_button.clicked.connect(self.revert)
        self.save_button = QPushButton(icon("save"), tr("Save"), self.body)
        self.save_button.setObjectName("saveButton")
        self.save_button.setToolTip(
            tr("Save (%1)").replace(
                "%1", QKeySequence(QKeySequence.StandardKey.Save).toString(
                    QKeySequence.SequenceFormat.NativeText
                )
            )
        )
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(lambda: self.save())
        bar.addWidget(self.revert_button)
        bar.addWidget(self.save_button)
        self.body_layout.addLayout(bar)

        self.id_edit.setAccessibleName(tr("Client id"))
        self.metadata_view.setAccessibleName(tr("Metadata"))
        # Tab follows the form as it reads: status line, each box top to bottom, metadata,
        # then Revert and Save
        order: list[QWidget] = [self.enable_button, self.id_edit, self.copy_id_button]
        for group, _title in GROUPS:
            order += [self.edits[key] for key, _label, g in TEXT_FIELDS
                      if g == group and key not in READ_ONLY_FIELDS]
            if group == "company":
                order += [self.capital, self.tax_subject]
        order += [
            self.metadata_view, self.add_meta_button, self.remove_meta_button,
            self.revert_button, self.save_button,
        ]
        for before, after in itertools.pairwise(order):
            QWidget.setTabOrder(before, after)

        self.dirty_changed.connect(lambda _dirty: self._update_buttons())
        self._field_problems: dict[str, str] = {}
        self._apply(None)

    @classmethod
    def title(cls) -> str:
        return captions.overview()

    # data ----------------------------------------------------------------------------------

    def fetch(self, entity_id: str) -> Coroutine[Any, Any, Any]:
        return self.context.workspace.load_client(entity_id)

    def read_now(self, entity_id: str) -> Any:
        found = self.context.workspace.client_now(entity_id)
        return NOT_NOW if found is None else found

    @property
    def record(self) -> dict[str, Any] | None:
        return None if self._data is None else as_json(self._data)

    def show_data(self, data: Any) -> None:
        record = as_json(data) if data is not None else {}
        for key, edit in self.edits.items():
            value = record.get(key)
            edit.setText("" if value is None else str(value))
            edit.setCursorPosition(0)
        capital = record.get("starting_capital")
        self.capital.setText("" if capital is None else _number_text(capital))
        self.tax_subject.setChecked(bool(record.get("is_tax_subject")))
        self.metadata.set_metadata(record.get("metadata") or {})
        self.id_edit.setText(str(record.get("id") or ""))
        self.id_edit.setCursorPosition(0)
        if record:
            self.times_label.setText(
                tr("Created %1 · updated %2")
                .replace("%1", format_time(record.get("created_at")))
                .replace("%2", format_time(record.get("updated_at")))
            )
        else:
            self.times_label.setText("")
        enabled = record.get("is_enabled") is not False
        if not record:
            self.state_label.setText("")
        elif enabled:
            self.state_label.setText(tr("Enabled: can issue documents"))
        else:
            self.state_label.setText(tr("Disabled: cannot issue documents"))
        self.enable_button.setText(tr("Disable…") if enabled else tr("Enable…"))
        self.enable_button.setVisible(bool(record))
        self.copy_id_button.setEnabled(bool(record))
        self._field_problems = {}
        self._validate()
        if data is not None:
            self.context.client_updated.emit(record)

    def edited_values(self) -> dict[str, Any]:
        values: dict[str, Any] = {
            key: edit.text() for key, edit in self.edits.items() if key not in READ_ONLY_FIELDS
        }
        values["starting_capital"] = self._capital_value()
        values["is_tax_subject"] = self.tax_subject.isChecked()
        values["metadata"] = self.metadata.metadata()
        return values

    def _capital_value(self) -> float | str | None:
        text = self.capital.text().strip().replace(" ", "").replace(",", ".")
        if not text:
            return None
        try:
            value = float(text)
        except ValueError:
            return self.capital.text()
        return value if value >= 0 and math.isfinite(value) else self.capital.text()

    def changed_values(self) -> dict[str, Any]:
        """Only what the user changed since the load: what a save sends."""
        baseline = self._baseline or {}
        return {k: v for k, v in self.edited_values().items() if baseline.get(k) != v}

    # validation ----------------------------------------------------------------------------

    def _on_edited(self, *_args: Any) -> None:
        if self._populating:
            return
        self._field_problems = {}
        self._validate()
        self.update_dirty()
        self._update_buttons()

    def _problems(self) -> dict[str, str]:
        text_values = {
            key: (edit.text() if edit.text() != "" else None)
            for key, edit in self.edits.items()
            if key not in READ_ONLY_FIELDS
        }
        problems = entity_problems(text_values, creating=False) if self._data is not None else {}
        if isinstance(self._capital_value(), str):
            problems["starting_capital"] = tr("Starting capital must be a number, like 7500.00.")
        return problems

    def _validate(self) -> None:
        problems = {**self._problems(), **self._field_problems}
        for key, field in self.fields.items():
            field.set_problem(problems.get(key))
        self.capital_field.set_problem(problems.get("starting_capital"))
        meta = self.metadata.problems() if self._data is not None else []
        meta_text = "\n".join(meta + ([problems["metadata"]] if "metadata" in problems else []))
        set_problem(self.metadata_problem, meta_text)
        self._update_buttons()

    def can_save(self) -> bool:
        return not self._problems() and not self.metadata.problems()

    def _update_buttons(self) -> None:
        dirty = self.is_dirty()
        self.save_button.setEnabled(dirty and self.can_save() and not self.is_saving)
        self.revert_button.setEnabled(dirty)
        if dirty:
            self.dirty_label.setText(tr("Unsaved changes"))
        else:
            self.dirty_label.setText("")

    # saving --------------------------------------------------------------------------------

    def save_coroutine(self) -> Coroutine[Any, Any, Any]:
        return self.context.workspace.update_client(
            as_json(self._data), self.changed_values(), initiator=self
        )

    def after_save(self, data: Any) -> None:
        self.context.status_message.emit(tr("Saved."))

    def on_save_failed(self, error: BaseException) -> None:
        problem = describe(error)
        if problem.kind is ProblemKind.VALIDATION and problem.field_messages:
            mapped: dict[str, str] = {}
            for path, message in problem.field_messages.items():
                key = path[0] if path else ""
                if key in self.fields or key in ("starting_capital", "metadata"):
                    mapped[key] = message
            self._field_problems = mapped
            self._validate()
            if len(mapped) == len(problem.field_messages):
                self.context.status_message.emit(tr("Not saved: check the marked fields."))
                return
        self.context.report_error(problem_text(problem))

    def revert(self) -> None:
        super().revert()
        self._update_buttons()

    # actions -------------------------------------------------------------------------------

    def copy_id(self) -> None:
        QGuiApplication.clipboard().setText(self.id_edit.text())
        self.context.status_message.emit(tr("Id copied."))

    def enabled_question(self, enable: bool, name: str) -> QMessageBox:
        """The question before enabling or disabling; for Disable, the safe answer (Cancel)
        is the default, so a hurried Enter stops nothing."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setTextFormat(Qt.TextFormat.PlainText)
        if enable:
            box.setWindowTitle(tr("Enable client"))
            box.setText(tr("Enable “%1”? It can issue documents again.").replace("%1", name))
        else:
            box.setWindowTitle(tr("Disable client"))
            box.setText(
                tr(
                    "Disable “%1”? It keeps its data and settings but cannot issue documents "
                    "until it is enabled again."
                ).replace("%1", name)
            )
        box.setStandardButtons(
            QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel
        )
        box.button(QMessageBox.StandardButton.Ok).setText(tr("Enable") if enable else tr("Disable"))
        box.setDefaultButton(
            QMessageBox.StandardButton.Ok if enable else QMessageBox.StandardButton.Cancel
        )
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        return box

    def confirm_enabled_change(self, enable: bool, name: str) -> bool:
        """Ask before enabling or disabling; tests replace this."""
        box = self.enabled_question(enable, name)
        answer = box.exec()
        box.deleteLater()
        return answer == QMessageBox.StandardButton.Ok

    def toggle_enabled(self) -> None:
        record = self.record
        if record is None:
            return
        enable = record.get("is_enabled") is False
        if not self.confirm_enabled_change(enable, str(record.get("name") or "")):
            return
        self.enable_button.setEnabled(False)
        client_id = self.client_id

        def done(entity: Any) -> None:
            self.enable_button.setEnabled(True)
            fresh = as_json(entity)
            if client_id != self.client_id:  # the user moved on meanwhile
                self.context.client_updated.emit(fresh)
                return
            # keep any unsaved edits: only the flag (and times) change
            edits = self.edited_values() if self.is_dirty() else None
            self._apply(entity)
            if edits is not None:
                self._restore_edits(edits)
            self.context.client_updated.emit(fresh)

        def failed(error: BaseException) -> None:
            self.enable_button.setEnabled(True)
            self.context.report_error(error_text(error), retryable=describe(error).retryable)

        self.context.bridge.run(
            record_of(self.context.workspace.set_client_enabled(
                str(record["id"]), enable, initiator=self)),
            owner=self,
            key="enable",
            on_success=done,
            on_error=failed,
        )

    def _restore_edits(self, values: dict[str, Any]) -> None:
        for key, edit in self.edits.items():
            if key in values:
                edit.setText(str(values[key] or ""))
        self._on_edited()

    def _add_metadata(self) -> None:
        row = self.metadata.add_row()
        index = self.metadata.index(row, MetadataModel.KEY)
        self.metadata_view.setCurrentIndex(index)
        self.metadata_view.edit(index)

    def _remove_metadata(self) -> None:
        rows = [index.row() for index in self.metadata_view.selectionModel().selectedRows()]
        if not rows and self.metadata_view.currentIndex().isValid():
            rows = [self.metadata_view.currentIndex().row()]
        self.metadata.remove_rows(rows)


def _number_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
