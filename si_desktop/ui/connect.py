"""The welcome page (no account yet) and the Connect dialog (one account's key)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from si_desktop.accounts import (
    ACCOUNT_KEY,
    KEY_PROBLEM_TEXT,
    MAX_NAME,
    SANDBOX,
    Account,
    KeyInfo,
    KeyProblem,
    check_base_url,
    check_key,
    check_name,
    clean_key,
    normalize_base_url,
)
from si_desktop.core.limits import is_valid_id
from si_desktop.core.service import DEFAULT_BASE_URL
from si_desktop.logs import redact
from si_desktop.sync.changes import as_json
from si_desktop.sync.connection import Connection
from si_desktop.ui.context import AppContext
from si_desktop.ui.errors import error_text
from si_desktop.ui.icons import icon
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
    """An account: API key (masked, with a show toggle), name, optional account id, server.
    Test connection lists one client before anything is saved; the key goes to the keychain
    only, off the GUI thread. With `account`, a new key for an account already known."""

    def __init__(
        self, context: AppContext, parent: QWidget | None = None, *, account: Account | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.existing = account
        self.setObjectName("connectDialog")
        self.setWindowTitle(
            tr("Connect a Space Invoices account") if account is None
            else tr("Enter the API key again")
        )
        self.connection: Connection | None = None
        self.account: Account | None = None
        self.stored_securely = True
        self._tested: Connection | None = None
        self._probe: Any = None
        self._cleaning = False

        layout = QVBoxLayout(self)
        intro = quiet_label(
            tr(
                "Use an account key (sk_live_… or sk_sandbox_…) to manage all the clients of "
                "your firm, or an entity key (ek_…) for one client. The key is tested first "
                "and then kept in the system keychain, never in a file."
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        key_row = QHBoxLayout()
        key_row.setContentsMargins(0, 0, 0, 0)
        self.key_edit = QLineEdit(self)
        self.key_edit.setObjectName("apiKey")
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setPlaceholderText("sk_live_…")
        # no autocompletion, no undo history of a secret beyond this field
        self.key_edit.setInputMethodHints(
            Qt.InputMethodHint.ImhHiddenText
            | Qt.InputMethodHint.ImhSensitiveData
            | Qt.InputMethodHint.ImhNoPredictiveText
        )
        key_row.addWidget(self.key_edit, 1)
        self.show_key = QToolButton(self)
        self.show_key.setObjectName("showKey")
        self.show_key.setText(tr("Show"))
        self.show_key.setCheckable(True)
        self.show_key.setToolTip(tr("Show or hide the key"))
        self.show_key.toggled.connect(self._toggle_shown)
        key_row.addWidget(self.show_key)
        form.addRow(tr("API key"), key_row)
        self.key_status = plain_label("", self)
        self.key_status.setObjectName("keyStatus")
        self.key_status.setWordWrap(True)
        self.key_status.setVisible(False)
        form.addRow("", self.key_status)
        self.key_problem = problem_label(self)
        self.key_problem.setObjectName("problem")
        form.addRow("", self.key_problem)
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("accountName")
        self.name_edit.setMaxLength(MAX_NAME)
        self.name_edit.setPlaceholderText(tr("e.g. Firm — sandbox (optional)"))
        form.addRow(tr("Name"), self.name_edit)
        self.account_edit = QLineEdit(self)
        self.account_edit.setObjectName("accountId")
        self.account_edit.setPlaceholderText(tr("optional, acc_…"))
        form.addRow(tr("Account id"), self.account_edit)
        self.server_edit = QLineEdit(DEFAULT_BASE_URL, self)
        self.server_edit.setObjectName("server")
        form.addRow(tr("Server"), self.server_edit)
        if account is not None:
            self.name_edit.setText(account.name)
            self.name_edit.setEnabled(False)
            self.account_edit.setText(account.account_id or "")
            self.server_edit.setText(account.base_url)
            self.server_edit.setEnabled(False)
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
        self.key_edit.textChanged.connect(self._on_key_text)
        for edit in (self.account_edit, self.server_edit, self.name_edit):
            edit.textChanged.connect(self._on_changed)
        self.resize(560, self.sizeHint().height())
        self._on_changed()

    def _toggle_shown(self, shown: bool) -> None:
        self.key_edit.setEchoMode(
            QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        )
        self.show_key.setText(tr("Hide") if shown else tr("Show"))

    def _on_key_text(self, text: str) -> None:
        """Trim what a paste brings along (spaces, line breaks, "Bearer ", quotes)."""
        if self._cleaning:
            return
        cleaned = clean_key(text)
        if cleaned != text:
            self._cleaning = True
            try:
                self.key_edit.setText(cleaned)
            finally:
                self._cleaning = False
        self._on_changed()

    def key_check(self) -> KeyInfo | KeyProblem:
        return check_key(clean_key(self.key_edit.text()))

    def _show_key_status(self) -> None:
        key = clean_key(self.key_edit.text())
        info = check_key(key)
        set_problem(
            self.key_problem,
            tr(KEY_PROBLEM_TEXT[info]) if key and isinstance(info, KeyProblem) else None,
        )
        if not key or isinstance(info, KeyProblem):
            self.key_status.setVisible(False)
            return
        self.key_status.setVisible(True)
        kind = tr("account key") if info.kind == ACCOUNT_KEY else tr("entity key (one client)")
        if info.environment == SANDBOX:
            self.key_status.setText(tr("SANDBOX %1: test data only.").replace("%1", kind))
            self.key_status.setStyleSheet(
                "background: #f59e0b; color: #1f1300; font-weight: 700; padding: 2px 6px;"
            )
        else:
            self.key_status.setText(
                tr("LIVE %1: real clients and real invoices.").replace("%1", kind)
            )
            self.key_status.setStyleSheet("")

    def current(self) -> Connection:
        return Connection(
            base_url=normalize_base_url(self.server_edit.text()) or DEFAULT_BASE_URL,
            api_key=clean_key(self.key_edit.text()),
            account_id=self.account_edit.text().strip() or None,
        )

    def _on_changed(self) -> None:
        connection = self.current()
        self._show_key_status()
        self.test_button.setEnabled(not isinstance(self.key_check(), KeyProblem))
        self.save_button.setEnabled(self._tested is not None and self._tested == connection)
        set_problem(self.problem, None)

    def _problem_before_test(self, connection: Connection) -> str | None:
        info = self.key_check()
        if isinstance(info, KeyProblem):
            return tr(KEY_PROBLEM_TEXT[info])
        url_problem = check_base_url(connection.base_url)
        if url_problem:
            return tr(url_problem)
        if connection.account_id and not is_valid_id(connection.account_id, "acc"):
            return tr("An account id looks like acc_ and 24 hex digits.")
        if self.existing is None:
            name_problem = check_name(self.name_edit.text()) if self.name_edit.text() else None
            if name_problem:
                return tr(name_problem)
        return None

    def test_connection(self) -> None:
        connection = self.current()
        problem = self._problem_before_test(connection)
        if problem:
            set_problem(self.problem, problem)
            return
        self._close_probe()
        self._tested = None
        self.save_button.setEnabled(False)
        self.test_button.setEnabled(False)
        self.result_label.setText(tr("Testing…"))
        try:
            probe = self.context.workspace_factory(connection)
        except ValueError as error:  # the client refused the address before any request
            self.test_button.setEnabled(True)
            self.result_label.setText("")
            set_problem(self.problem, redact(str(error)))
            return
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
            name = str(as_json(clients[0]).get("name") or "")
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
        """Put the key in the keychain (off the GUI thread), then record the account."""
        connection = self.current()
        if self._tested != connection:
            return
        registry = self.context.accounts
        if self.existing is not None:
            account = replace(self.existing, account_id=connection.account_id)
            account = registry.update_key(account, connection.api_key)
        else:
            try:
                account = registry.build(
                    name=self.name_edit.text(),
                    base_url=connection.base_url,
                    api_key=connection.api_key,
                    account_id=connection.account_id,
                )
            except ValueError as error:
                set_problem(self.problem, str(error))
                return
        self.save_button.setEnabled(False)
        self.result_label.setText(tr("Saving the key in the system keychain…"))
        self.context.bridge.run(
            self.context.credentials.aset_api_key(account.keychain_user, connection.api_key),
            owner=self,
            key="save",
            on_success=lambda secure: self._saved(connection, account, bool(secure)),
            on_error=self._save_failed,
        )

    def _saved(self, connection: Connection, account: Account, secure: bool) -> None:
        registry = self.context.accounts
        registry.save(account)
        registry.set_current(account)
        self.stored_securely = secure
        self.connection = connection
        self.account = account
        self.accept()

    def _save_failed(self, error: BaseException) -> None:
        from si_desktop.ui.accounts import keychain_problem

        self.result_label.setText("")
        self._on_changed()
        set_problem(self.problem, keychain_problem(error))

    def done(self, result: int) -> None:
        self.key_edit.clear()  # the key does not outlive the dialog in a widget
        super().done(result)
