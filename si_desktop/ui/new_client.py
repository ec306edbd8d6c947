"""New client… (Ctrl+N): name and country required, the rest optional; created through the
service and then selected."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QStringListModel, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from si_desktop.core import countries
from si_desktop.core.limits import entity_problems
from si_desktop.sync.changes import as_json
from si_desktop.sync.results import record_of
from si_desktop.ui.context import AppContext
from si_desktop.ui.errors import error_text
from si_desktop.ui.i18n import QT_TRANSLATE_NOOP
from si_desktop.ui.theme.stylesheet import styled

OPTIONAL_FIELDS: tuple[tuple[str, str], ...] = (
    ("address", QT_TRANSLATE_NOOP("NewClientDialog", "Address")),
    ("post_code", QT_TRANSLATE_NOOP("NewClientDialog", "Post code")),
    ("city", QT_TRANSLATE_NOOP("NewClientDialog", "City")),
    ("tax_number", QT_TRANSLATE_NOOP("NewClientDialog", "Tax number")),
    ("company_number", QT_TRANSLATE_NOOP("NewClientDialog", "Company number")),
    ("email", QT_TRANSLATE_NOOP("NewClientDialog", "E-mail")),
    ("phone", QT_TRANSLATE_NOOP("NewClientDialog", "Phone")),
)


def tr(text: str) -> str:
    return QCoreApplication.translate("NewClientDialog", text)


class NewClientDialog(QDialog):
    """Collects a new client's details and creates it; `created` holds the new entity."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("newClientDialog")
        self.setWindowTitle(tr("New client"))
        self.created: dict[str, Any] | None = None
        layout = QVBoxLayout(self)
        intro = QLabel(tr("Name and country are required; everything else can wait."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.name = QLineEdit(self)
        self.name.setObjectName("name")
        form.addRow(tr("Name") + " *", self.name)
        self.country = QComboBox(self)
        self.country.setObjectName("country")
        self.country.setEditable(True)
        self.country.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.country.addItems(countries.names())
        self.country.setCurrentIndex(-1)
        country_edit = self.country.lineEdit()
        if country_edit is not None:
            country_edit.setPlaceholderText(tr("Type to search countries"))
        completer = QCompleter(QStringListModel(countries.names(), self), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.country.setCompleter(completer)
        form.addRow(tr("Country") + " *", self.country)
        self.derived = QLabel(self)
        self.derived.setObjectName("derived")
        self.derived.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow("", self.derived)
        self.fields: dict[str, QLineEdit] = {}
        for key, label in OPTIONAL_FIELDS:
            edit = QLineEdit(self)
            edit.setObjectName(key)
            self.fields[key] = edit
            form.addRow(tr(label), edit)
            edit.textChanged.connect(self._validate)
        layout.addLayout(form)
        self.problems = QLabel(self)
        self.problems.setObjectName("problems")
        styled(self.problems)
        self.problems.setTextFormat(Qt.TextFormat.PlainText)
        self.problems.setWordWrap(True)
        self.problems.setVisible(False)
        layout.addWidget(self.problems)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.create_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.create_button.setText(tr("Create client"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.name.textChanged.connect(self._validate)
        self.country.currentTextChanged.connect(self._validate)
        self.resize(460, self.sizeHint().height())
        self._validate()

    def values(self) -> dict[str, Any]:
        values: dict[str, Any] = {
            "name": self.name.text().strip(),
            "country": self.country.currentText().strip(),
        }
        for key, edit in self.fields.items():
            text = edit.text().strip()
            if text:
                values[key] = text
        return values

    def _problems(self) -> dict[str, str]:
        values = self.values()
        checked = {k: (v if v != "" else None) for k, v in values.items()}
        return entity_problems(checked, creating=True)

    def _validate(self) -> None:
        country = countries.by_name(self.country.currentText())
        if country is not None:
            self.derived.setText(
                tr("{code} · {currency} · {locale}")
                .replace("{code}", country.code)
                .replace("{currency}", country.currency)
                .replace("{locale}", country.locale)
            )
        else:
            self.derived.setText("")
        problems = self._problems()
        shown = {k: v for k, v in problems.items() if k not in ("name", "country")}
        self.problems.setText("\n".join(shown.values()))
        self.problems.setVisible(bool(shown))
        self.create_button.setEnabled(not problems)

    def submit(self) -> None:
        if self._problems():
            return
        values = self.values()
        name, country = values.pop("name"), values.pop("country")
        self.create_button.setEnabled(False)
        self.problems.setVisible(False)
        self.context.bridge.run(
            record_of(self.context.workspace.create_client(
                name=name, country=country, initiator=self, **values)),
            owner=self,
            key="create",
            on_success=self._created,
            on_error=self._failed,
        )

    def _created(self, entity: Any) -> None:
        self.created = as_json(entity)
        self.context.client_created.emit(self.created)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.problems.setText(error_text(error))
        self.problems.setVisible(True)
        self.create_button.setEnabled(True)
