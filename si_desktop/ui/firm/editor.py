"""Edit a standard: which settings it holds and their values, each field checked as the
client editors check it (`core.standards.field_problem`: the number-format grammar, the
e-mail limits, colours, templates, days) with the problem under the field, as the editors
show theirs. Nothing is kept while any chosen field has a problem (every field is checked
before the one save, as the settings pages do)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from si_desktop.core.branding import KNOWN_TEMPLATES
from si_desktop.core.standards import (
    GROUPS,
    MAX_DAYS,
    STANDARD_FIELDS,
    Standard,
    StandardError,
    StandardField,
    field_problem,
    name_problem,
)
from si_desktop.core.terminal import printable
from si_desktop.sync.standards import StandardLibrary
from si_desktop.ui.firm.texts import field_name, group_name
from si_desktop.ui.widgets import FieldWithProblem, plain_label, quiet_label

_LONG_TEXTS = ("email_body", "note", "payment_terms", "footer", "signature")


def tr(text: str) -> str:
    return QCoreApplication.translate("Firm", text)


class _Row:
    """One setting: whether the standard holds it, and its value widget."""

    def __init__(self, spec: StandardField, value: Any, parent: QWidget) -> None:
        self.spec = spec
        self.chosen = QCheckBox(field_name(spec.path), parent)
        self.chosen.setObjectName(f"choose:{spec.path}")
        self.edit: QWidget
        if spec.kind in ("due_days", "valid_days"):
            box = QSpinBox(parent)
            box.setRange(0, MAX_DAYS)
            box.setValue(value if isinstance(value, int) else 30)
            box.valueChanged.connect(self.check)
            self.edit = box
        elif spec.kind == "template":
            combo = QComboBox(parent)
            combo.addItems(list(KNOWN_TEMPLATES))
            combo.setCurrentText(value if isinstance(value, str) else KNOWN_TEMPLATES[0])
            combo.currentIndexChanged.connect(self.check)
            self.edit = combo
        elif spec.kind in _LONG_TEXTS:
            text = QPlainTextEdit(parent)
            text.setPlainText(value if isinstance(value, str) else "")
            text.setTabChangesFocus(True)
            text.setFixedHeight(text.fontMetrics().lineSpacing() * 3 + 14)
            text.textChanged.connect(self.check)
            self.edit = text
        else:
            line = QLineEdit(parent)
            line.setText(value if isinstance(value, str) else "")
            line.textChanged.connect(self.check)
            self.edit = line
        self.edit.setObjectName(f"value:{spec.path}")
        self.edit.setAccessibleName(field_name(spec.path))
        self.field = FieldWithProblem(self.edit, parent)
        self.chosen.setChecked(value is not None)
        self.chosen.toggled.connect(self.check)
        self.check()

    def value(self) -> Any:
        edit = self.edit
        if isinstance(edit, QSpinBox):
            return edit.value()
        if isinstance(edit, QComboBox):
            return edit.currentText()
        if isinstance(edit, QPlainTextEdit):
            return edit.toPlainText()
        assert isinstance(edit, QLineEdit)
        return edit.text()

    def problem(self) -> str | None:
        if not self.chosen.isChecked():
            return None
        return field_problem(self.spec.path, self.value())

    def check(self) -> None:
        self.edit.setEnabled(self.chosen.isChecked())
        self.field.set_problem(self.problem())


class StandardEditor(QDialog):
    """A standard's name and settings; `saved` holds it once kept."""

    def __init__(self, library: StandardLibrary, standard: Standard,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.original = standard
        self.saved: Standard | None = None
        self.setObjectName("standardEditor")
        self.setWindowTitle(tr("Edit the standard"))
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        name_label = QLabel(tr("&Name"), self)
        self.name = QLineEdit(standard.name, self)
        self.name.setObjectName("standardName")
        name_label.setBuddy(self.name)
        self.name_field = FieldWithProblem(self.name, self)
        top.addWidget(name_label)
        top.addWidget(self.name_field, 1)
        layout.addLayout(top)
        layout.addWidget(quiet_label(tr(
            "Tick the settings the standard holds; the rest stay as each client has them."),
            self))
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        body = QWidget(scroll)
        grid = QGridLayout(body)
        grid.setColumnStretch(1, 1)
        self.rows: list[_Row] = []
        line = 0
        for group in GROUPS:
            heading = plain_label(group_name(group), body)
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            grid.addWidget(heading, line, 0, 1, 2)
            line += 1
            for spec in (s for s in STANDARD_FIELDS if s.group == group):
                row = _Row(spec, standard.values.get(spec.path), body)
                grid.addWidget(row.chosen, line, 0)
                grid.addWidget(row.field, line, 1)
                self.rows.append(row)
                line += 1
        scroll.setWidget(body)
        layout.addWidget(scroll, 1)
        foot = QHBoxLayout()
        self.status = plain_label("", self)
        self.status.setObjectName("editorStatus")
        self.status.setWordWrap(True)
        foot.addWidget(self.status, 1)
        save = QPushButton(tr("&Save"), self)
        save.setObjectName("saveStandard")
        save.setDefault(True)
        save.clicked.connect(self.save)
        foot.addWidget(save)
        cancel = QPushButton(tr("Cancel"), self)
        cancel.clicked.connect(self.reject)
        foot.addWidget(cancel)
        layout.addLayout(foot)
        self.resize(880, 680)

    def save(self) -> Standard | None:
        """Check every chosen field, then keep the standard (under its new name, if it was
        renamed); nothing is kept while a field has a problem."""
        name = self.name.text()
        self.name_field.set_problem(name_problem(name))
        problems = [row.problem() for row in self.rows]
        for row in self.rows:
            row.check()
        values = {row.spec.path: row.value() for row in self.rows if row.chosen.isChecked()}
        if name_problem(name) is not None or any(problems):
            self.status.setText(tr("Correct the fields marked above; nothing was kept."))
            return None
        if not values:
            self.status.setText(tr("Tick at least one setting."))
            return None
        standard = Standard(name.strip(), values, self.original.applies_to)
        try:
            self.library.save(standard)
        except (StandardError, OSError) as error:
            self.status.setText(printable(str(error)))
            return None
        if standard.name.casefold() != self.original.name.casefold():
            self.library.delete(self.original.name)
        self.saved = standard
        self.accept()
        return standard
