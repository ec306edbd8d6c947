"""New client… (Ctrl+N): name and country required, the rest optional; created through the
service and then selected.

Before anything is sent the form looks for what a bookkeeper would regret: another cached
client with the same tax number, name or client code, and a tax number that starts with
another country's VAT prefix. Each is said in a sentence naming the other client; creating
the client anyway takes a deliberate tick. The client code is kept in the client's metadata
(`metadata.client_code`), where the switcher's search finds it. The environment (live or
sandbox) is chosen here for good: the service never changes it afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication, QStringListModel, Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
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

from si_desktop.accounts import LIVE, SANDBOX
from si_desktop.core import countries, vat
from si_desktop.core.limits import entity_problems, metadata_problems
from si_desktop.core.search_text import fold
from si_desktop.sync.changes import as_json
from si_desktop.sync.results import record_of
from si_desktop.sync.vocabulary import StoreError
from si_desktop.ui.context import AppContext
from si_desktop.ui.errors import error_text
from si_desktop.ui.i18n import QT_TRANSLATE_NOOP
from si_desktop.ui.theme.stylesheet import styled
from si_desktop.ui.widgets import plain_label, quiet_label

OPTIONAL_FIELDS: tuple[tuple[str, str], ...] = (
    ("address", QT_TRANSLATE_NOOP("NewClientDialog", "Address")),
    ("post_code", QT_TRANSLATE_NOOP("NewClientDialog", "Post code")),
    ("city", QT_TRANSLATE_NOOP("NewClientDialog", "City")),
    ("tax_number", QT_TRANSLATE_NOOP("NewClientDialog", "Tax number")),
    ("company_number", QT_TRANSLATE_NOOP("NewClientDialog", "Company number")),
    ("email", QT_TRANSLATE_NOOP("NewClientDialog", "E-mail")),
    ("phone", QT_TRANSLATE_NOOP("NewClientDialog", "Phone")),
)
CLIENT_CODE_KEY = "client_code"  # the metadata key the switcher's search reads first

ENVIRONMENTS: tuple[tuple[str, str, str], ...] = (
    (LIVE, QT_TRANSLATE_NOOP("NewClientDialog", "Live"),
     QT_TRANSLATE_NOOP("NewClientDialog", "Real documents for real customers.")),
    (SANDBOX, QT_TRANSLATE_NOOP("NewClientDialog", "Sandbox"),
     QT_TRANSLATE_NOOP("NewClientDialog",
                       "For trying things out: its documents are tests, never issued for real.")),
)


def tr(text: str) -> str:
    return QCoreApplication.translate("NewClientDialog", text)


def _name_key(name: str) -> str:
    return " ".join(fold(name).split())


@dataclass
class KnownClients:
    """The cached clients by tax number, name and client code, for the duplicate check."""

    by_tax: dict[str, str] = field(default_factory=dict)
    by_name: dict[str, str] = field(default_factory=dict)
    by_code: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, rows: Iterable[Any]) -> KnownClients:
        """From the cache's client rows (anything with name, tax_number, client_code)."""
        known = cls()
        for row in rows:
            name = str(getattr(row, "name", "") or "").strip()
            tax = vat.tax_key(str(getattr(row, "tax_number", "") or ""))
            code = str(getattr(row, "client_code", "") or "").strip()
            if tax:
                known.by_tax.setdefault(tax, name)
            if name:
                known.by_name.setdefault(_name_key(name), name)
            if code:
                known.by_code.setdefault(code.casefold(), name)
        return known


class NewClientDialog(QDialog):
    """Collects a new client's details and creates it; `created` holds the new entity."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("newClientDialog")
        self.setWindowTitle(tr("New client"))
        self.created: dict[str, Any] | None = None
        self.known = self._known_clients()
        self._warned: list[str] = []
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
        self.client_code = QLineEdit(self)
        self.client_code.setObjectName("client_code")
        self.client_code.setPlaceholderText(tr("Your own code for this client, e.g. K-0042"))
        self.client_code.setToolTip(
            tr("Kept in the client's metadata as client_code; the search finds clients by it.")
        )
        self.client_code.textChanged.connect(self._validate)
        form.addRow(tr("Client code"), self.client_code)
        self.fields: dict[str, QLineEdit] = {}
        for key, label in OPTIONAL_FIELDS:
            edit = QLineEdit(self)
            edit.setObjectName(key)
            self.fields[key] = edit
            form.addRow(tr(label), edit)
            edit.textChanged.connect(self._validate)
        self.environment = QComboBox(self)
        self.environment.setObjectName("environment")
        self._fill_environments()
        self.environment.currentIndexChanged.connect(lambda _index: self._show_environment())
        form.addRow(tr("Environment"), self.environment)
        self.environment_note = quiet_label("", self)
        self.environment_note.setObjectName("environmentNote")
        self.environment_note.setWordWrap(True)
        form.addRow("", self.environment_note)
        layout.addLayout(form)
        self.warnings = plain_label("", self)
        self.warnings.setObjectName("warnings")
        self.warnings.setWordWrap(True)
        self.warnings.setVisible(False)
        layout.addWidget(self.warnings)
        self.anyway = QCheckBox(tr("Create it anyway"), self)
        self.anyway.setObjectName("createAnyway")
        self.anyway.setVisible(False)
        self.anyway.toggled.connect(lambda _on: self._update_button())
        layout.addWidget(self.anyway)
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
        self._show_environment()
        self._validate()
        self.resize(500, self.sizeHint().height())
        self._fit_height()

    # what is known ---------------------------------------------------------------------------

    def _known_clients(self) -> KnownClients:
        """The clients in the cache (the duplicate check reads nothing from the network)."""
        if not self.context.has_workspace:
            return KnownClients()
        try:
            rows, _pending = self.context.workspace.listed_clients()
        except StoreError:
            return KnownClients()
        return KnownClients.of(rows)

    def key_environment(self) -> str:
        """The environment the open account's key works in: it creates clients there."""
        return SANDBOX if self.context.is_sandbox else LIVE

    def _fill_environments(self) -> None:
        own = self.key_environment()
        for value, label, _meaning in ENVIRONMENTS:
            self.environment.addItem(tr(label), value)
        model = self.environment.model()
        for row, (value, _label, _meaning) in enumerate(ENVIRONMENTS):
            if value == own or not isinstance(model, QStandardItemModel):
                continue
            item = model.item(row)
            if item is not None:  # the key cannot create it, and the list would not show it
                item.setEnabled(False)
                item.setToolTip(self._other_environment_text())
        self.environment.setCurrentIndex(self.environment.findData(own))

    def _other_environment_text(self) -> str:
        if self.key_environment() == LIVE:
            return tr("This account's key is a live key: it creates live clients. Connect "
                      "a sandbox key for sandbox clients.")
        return tr("This account's key is a sandbox key: it creates sandbox clients. Connect "
                  "a live key for live clients.")

    def _show_environment(self) -> None:
        value = self.environment.currentData()
        meaning = next((text for key, _label, text in ENVIRONMENTS if key == value), "")
        self.environment_note.setText(
            tr(meaning) + " " + tr("It cannot be changed once the client is created.")
        )

    # the values ------------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        values: dict[str, Any] = {
            "name": self.name.text().strip(),
            "country": self.country.currentText().strip(),
        }
        for key, edit in self.fields.items():
            text = edit.text().strip()
            if text:
                values[key] = text
        code = self.client_code.text().strip()
        if code:
            values["metadata"] = {CLIENT_CODE_KEY: code}
        values["environment"] = str(self.environment.currentData() or self.key_environment())
        return values

    def _problems(self) -> dict[str, str]:
        values = self.values()
        checked = {k: (v if v != "" else None) for k, v in values.items()
                   if k not in ("metadata", "environment")}
        problems = entity_problems(checked, creating=True)
        if "metadata" in values:
            found = metadata_problems(values["metadata"])
            if found:
                problems["metadata"] = found[0]
        return problems

    def warnings_now(self) -> list[str]:
        """What the form warns about (a duplicate, a VAT prefix of another country); each
        is allowed once the user ticks "Create it anyway"."""
        found: list[str] = []
        name = self.name.text().strip()
        tax = self.fields["tax_number"].text().strip()
        code = self.client_code.text().strip()
        if tax and (other := self.known.by_tax.get(vat.tax_key(tax))) is not None:
            found.append(tr("“%1” has this tax number already.").replace("%1", other))
        if name and (other := self.known.by_name.get(_name_key(name))) is not None:
            found.append(tr("A client called “%1” is already in the list.").replace("%1", other))
        if code and (other := self.known.by_code.get(code.casefold())) is not None:
            found.append(
                tr("“%1” has the client code %2 already.").replace("%1", other)
                .replace("%2", code)
            )
        country = countries.by_name(self.country.currentText())
        if tax and country is not None:
            mismatch = vat.prefix_mismatch(tax, country.code)
            if mismatch is not None:
                found.append(self._prefix_text(mismatch, country.name))
        return found

    @staticmethod
    def _prefix_text(mismatch: vat.PrefixMismatch, country_name: str) -> str:
        expected = tr(" or ").join(mismatch.expected)
        other = countries.by_code(mismatch.found_country or "")
        if other is not None and expected:
            return (
                tr("The tax number starts with %1, the VAT prefix of %2; a VAT number "
                   "from %3 starts with %4.")
                .replace("%1", mismatch.found).replace("%2", other.name)
                .replace("%3", country_name).replace("%4", expected)
            )
        if other is not None:
            return (
                tr("The tax number starts with %1, the VAT prefix of %2, but the client is "
                   "in %3.")
                .replace("%1", mismatch.found).replace("%2", other.name)
                .replace("%3", country_name)
            )
        return (
            tr("The tax number starts with %1; a VAT number from %2 starts with %3.")
            .replace("%1", mismatch.found).replace("%2", country_name)
            .replace("%3", expected)
        )

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
        warnings = self.warnings_now()
        if warnings != self._warned:  # a new reason: the tick was for the old one
            self._warned = warnings
            self.anyway.setChecked(False)
        self.warnings.setText("\n".join(f"⚠ {warning}" for warning in warnings))
        self.warnings.setVisible(bool(warnings))
        self.anyway.setVisible(bool(warnings))
        self._update_button()
        self._fit_height()

    def _fit_height(self) -> None:
        """Grow to show every wrapped line at the dialog's width (a warning appeared)."""
        layout = self.layout()
        if layout is None:
            return
        width = self.width()
        needed = (layout.totalHeightForWidth(width) if layout.hasHeightForWidth()
                  else layout.totalSizeHint().height())
        if needed > self.height():
            self.resize(width, needed)

    def _update_button(self) -> None:
        allowed = not self._warned or self.anyway.isChecked()
        self.create_button.setEnabled(not self._problems() and allowed)

    # creating --------------------------------------------------------------------------------

    def submit(self) -> None:
        if self._problems() or (self._warned and not self.anyway.isChecked()):
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
        self._update_button()
