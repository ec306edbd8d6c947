"""The welcome page (no account yet) and the Connect dialog."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from si_desktop.core.limits import is_valid_id
from si_desktop.credentials import CredentialsError
from si_desktop.sync import Connection
from si_desktop.sync.workspace import DEFAULT_BASE_URL
from si_desktop.ui.context import AppContext
from si_desktop.ui.errors import error_text
from si_desktop.ui.icons import icon
from si_desktop.ui.switcher.model import entity_json
from si_desktop.ui.widgets import plain_label, problem_label, quiet_label, set_problem


def tr(text: str) -> str:
    return QCoreApplication.translate("Connect", text)


class WelcomePage(QWidget):
    """Shown while no account is configured: the demo, or connecting an account."""

    demo_requested = Signal()
    connect_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomePage")
        outer = QVBoxLayout(self)
        outer.addStretch(2)
        column = QVBoxLayout()
        column.setSpacing(14)
        title = plain_label(tr("Welcome to si-desktop"), self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setWeight(QFont.Weight.DemiBold)
        title.setFont(font)
        column.addWidget(title)
        text = quiet_label(
            tr(
                "Keep every client's details, business units, numbering, branding and e-mail "
                "defaults on Space Invoices in one window. Try it on a demo workspace with "
                "40 sample clients, or connect your own account."
            ),
            self,
        )
        text.setWordWrap(True)
        column.addWidget(text)
        self.demo_button = QPushButton(icon("app"), tr("Open the demo workspace"), self)
        self.demo_button.setObjectName("openDemo")
        self.demo_button.setMinimumHeight(40)
        self.demo_button.clicked.connect(self.demo_requested)
        self.demo_button.setVisible(context.start_demo is not None)
        column.addWidget(self.demo_button)
        self.connect_button = QPushButton(tr("Connect your Space Invoices account…"), self)
        self.connect_button.setObjectName("connectAccount")
        self.connect_button.setMinimumHeight(40)
        self.connect_button.clicked.connect(self.connect_requested)
        column.addWidget(self.connect_button)
        note = quiet_label(
            tr("Your API key is kept in the system keychain, never in a file."), self
        )
        column.addWidget(note)
        row = QHBoxLayout()
        row.addStretch(1)
        holder = QWidget(self)
        holder.setLayout(column)
        holder.setMaximumWidth(520)
        row.addWidget(holder, 3)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(3)


class ConnectDialog(QDialog):
    """API key (masked), optional account id, server; Test connection lists one client
    before anything is saved. The key goes to the keychain only."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("connectDialog")
        self.setWindowTitle(tr("Connect your Space Invoices account"))
        self.connection: Connection | None = None
        self._tested: Connection | None = None
        self._probe: Any = None

        layout = QVBoxLayout(self)
        intro = quiet_label(
            tr(
                "Use an account key (sk_live_…) to manage all the clients of your firm. The "
                "key is tested first and then kept in the system keychain."
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.key_edit = QLineEdit(self)
        self.key_edit.setObjectName("apiKey")
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setPlaceholderText("sk_live_…")
        form.addRow(tr("API key"), self.key_edit)
        self.account_edit = QLineEdit(self)
        self.account_edit.setObjectName("accountId")
        self.account_edit.setPlaceholderText(tr("optional, acc_…"))
        form.addRow(tr("Account id"), self.account_edit)
        self.server_edit = QLineEdit(DEFAULT_BASE_URL, self)
        self.server_edit.setObjectName("server")
        form.addRow(tr("Server"), self.server_edit)
        layout.addLayout(form)
        test_row = QHBoxLayout()
        self.test_button = QPushButton(tr("Test connection"), self)
        self.test_button.setObjectName("testConnection")
        self.test_button.clicked.connect(self.test_connection)
        test_row.addWidget(self.test_button)
        self.result_label = plain_label("", self)
        self.result_label.setObjectName("testResult")
        self.result_label.setWordWrap(True)
        test_row.addWidget(self.result_label, 1)
        layout.addLayout(test_row)
        self.problem = problem_label(self)
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(tr("Save and connect"))
        self.save_button.setObjectName("saveConnection")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        for edit in (self.key_edit, self.account_edit, self.server_edit):
            edit.textChanged.connect(self._on_changed)
        self.resize(520, self.sizeHint().height())
        self._on_changed()

    def current(self) -> Connection:
        return Connection(
            base_url=self.server_edit.text().strip().rstrip("/") or DEFAULT_BASE_URL,
            api_key=self.key_edit.text().strip(),
            account_id=self.account_edit.text().strip() or None,
        )

    def _on_changed(self) -> None:
        connection = self.current()
        self.test_button.setEnabled(bool(connection.api_key))
        self.save_button.setEnabled(self._tested is not None and self._tested == connection)
        set_problem(self.problem, None)

    def test_connection(self) -> None:
        connection = self.current()
        if not connection.base_url.startswith(("https://", "http://127.0.0.1", "http://localhost")):
            set_problem(self.problem, tr("The server address must start with https://."))
            return
        if connection.account_id and not is_valid_id(connection.account_id, "acc"):
            set_problem(self.problem, tr("An account id looks like acc_ and 24 hex digits."))
            return
        self._close_probe()
        self._tested = None
        self.save_button.setEnabled(False)
        self.test_button.setEnabled(False)
        self.result_label.setText(tr("Testing…"))
        probe = self.context.workspace_factory(connection)
        self._probe = probe
        self.context.bridge.run(
            probe.test_connection(),
            owner=self,
            key="test",
            on_success=lambda clients: self._tested_ok(connection, clients),
            on_error=self._tested_failed,
            on_finally=self._close_probe,
        )

    def _tested_ok(self, connection: Connection, clients: list[Any]) -> None:
        self.test_button.setEnabled(True)
        if clients:
            name = str(entity_json(clients[0]).get("name") or "")
            self.result_label.setText(tr("Connected. First client: %1").replace("%1", name))
        else:
            self.result_label.setText(tr("Connected. The account has no clients yet."))
        self._tested = connection
        self._on_changed()

    def _tested_failed(self, error: BaseException) -> None:
        self.test_button.setEnabled(True)
        self.result_label.setText("")
        set_problem(self.problem, error_text(error))

    def _close_probe(self) -> None:
        probe, self._probe = self._probe, None
        if probe is not None:
            self.context.bridge.run(probe.aclose(), owner=self.context)

    def save(self) -> None:
        connection = self.current()
        if self._tested != connection:
            return
        try:
            self.context.credentials.set_api_key(connection.base_url, connection.api_key)
        except CredentialsError as error:
            set_problem(
                self.problem,
                tr("The system keychain refused the key: %1").replace("%1", str(error)),
            )
            return
        settings = self.context.settings
        settings.setValue("account/base_url", connection.base_url)
        settings.setValue("account/account_id", connection.account_id or "")
        settings.sync()
        self.connection = connection
        self.accept()


def saved_connection(context: AppContext) -> Connection | None:
    """The account saved by the Connect dialog, with its key from the keychain."""
    base_url = str(context.settings.value("account/base_url", "", type=str) or "")
    if not base_url:
        return None
    try:
        key = context.credentials.get_api_key(base_url)
    except CredentialsError:
        return None
    if not key:
        return None
    account_id = str(context.settings.value("account/account_id", "", type=str) or "") or None
    return Connection(base_url=base_url, api_key=key, account_id=account_id)
