"""The Account menu: several accounts side by side (add, rename, remove, switch).

Keys are read from and written to the keychain on the bridge's loop, never on the GUI thread,
with the keychain's own timeout; the window stays responsive while a locked keychain waits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMenu, QMessageBox

from si_desktop.accounts import Account, AccountRegistry, KeyProblem, check_key, check_name
from si_desktop.credentials import KeychainTimeout
from si_desktop.logs import redact
from si_desktop.sync.connection import Connection
from si_desktop.sync.vocabulary import ScopeCounts

if TYPE_CHECKING:
    from si_desktop.ui.main_window import MainWindow


def tr(text: str) -> str:
    return QCoreApplication.translate("Accounts", text)


def environment_text(account: Account) -> str:
    return tr("Sandbox") if account.is_sandbox else tr("Live")


def keychain_problem(error: BaseException) -> str:
    """One sentence for a keychain failure; never the key."""
    if isinstance(error, KeychainTimeout):
        return tr(
            "The system keychain did not answer within %1 seconds. It may be locked: unlock "
            "it (or sign in to it) and try again."
        ).replace("%1", f"{error.timeout:g}")
    return tr("The system keychain could not be used: %1").replace("%1", redact(str(error)))


def session_only_text() -> str:
    return tr(
        "There is no secure system keychain in this session, so the API key is kept in memory "
        "only until you quit si-desktop; you will be asked for it again next time. It was not "
        "written to any file."
    )


def removal_text(account: Account, counts: ScopeCounts | None) -> str:
    """What removing `account` deletes, with the numbers."""
    lines = [
        tr("Remove the account “%1” (%2) from si-desktop?")
        .replace("%1", account.name)
        .replace("%2", environment_text(account)),
        tr("Its API key is deleted from the system keychain."),
    ]
    if counts is None or not (counts.entities or counts.business_units or counts.queued_edits):
        lines.append(tr("There is no cached data for it on this computer."))
    else:
        lines.append(
            tr("Cached on this computer and deleted too: %1 clients, %2 business units.")
            .replace("%1", str(counts.entities))
            .replace("%2", str(counts.business_units))
        )
        if counts.queued_edits:
            lines.append(
                tr("%1 edits that were not sent yet will be lost.").replace(
                    "%1", str(counts.queued_edits)
                )
            )
    lines.append(tr("Nothing changes on Space Invoices itself."))
    return "\n\n".join(lines)


class AccountsUi(QObject):
    """The Account menu of a main window and the work behind it."""

    def __init__(self, window: MainWindow, menu_bar: Any) -> None:
        super().__init__(window)
        self.window = window
        self.context = window.context
        self.registry: AccountRegistry = self.context.accounts
        self.menu = QMenu(tr("&Account"), window)
        self.menu.setObjectName("accountMenu")
        menu_bar.addMenu(self.menu)
        self.group = QActionGroup(self)
        self.group.setExclusive(True)
        self.add_action = QAction(tr("&Add account…"), self)
        self.add_action.setObjectName("addAccount")
        self.add_action.triggered.connect(lambda _c=False: self.add_account())
        self.rename_action = QAction(tr("Re&name account…"), self)
        self.rename_action.setObjectName("renameAccount")
        self.rename_action.triggered.connect(lambda _c=False: self.rename_account())
        self.remove_action = QAction(tr("&Remove account…"), self)
        self.remove_action.setObjectName("removeAccount")
        self.remove_action.triggered.connect(lambda _c=False: self.remove_account())
        self.rebuild_menu()
        self.menu.aboutToShow.connect(self.rebuild_menu)
        self.context.workspace_changed.connect(self.rebuild_menu)

    # the menu ------------------------------------------------------------------------------

    def rebuild_menu(self) -> None:
        self.menu.clear()
        for action in self.group.actions():
            self.group.removeAction(action)
            action.deleteLater()
        current = self.context.account
        accounts = self.registry.accounts()
        for account in accounts:
            # a name is the user's own text; "&" would become a mnemonic, so double it
            label = f"{account.name.replace('&', '&&')} — {environment_text(account)}"
            action = QAction(label, self.group)
            action.setObjectName(f"account-{account.id}")
            action.setCheckable(True)
            action.setChecked(current is not None and current.id == account.id)
            action.setToolTip(account.base_url)
            action.triggered.connect(lambda _c=False, a=account: self.open_account(a))
            self.menu.addAction(action)
        if not accounts:
            empty = self.menu.addAction(tr("No accounts yet"))
            empty.setEnabled(False)
        self.menu.addSeparator()
        self.menu.addAction(self.add_action)
        self.menu.addAction(self.rename_action)
        self.menu.addAction(self.remove_action)
        self.rename_action.setEnabled(current is not None)
        self.remove_action.setEnabled(bool(accounts))

    # opening -------------------------------------------------------------------------------

    def open_saved(self) -> None:
        """At start-up: the account that was open last (its key from the keychain, off the
        GUI thread), or the single account of an earlier release, moved to an entry of its
        own."""
        legacy = self.registry.legacy()
        if legacy is not None:
            self._migrate(*legacy)
            return
        account = self.registry.current()
        if account is not None:
            self.open_account(account, ask_when_missing=False)

    def open_account(self, account: Account, *, ask_when_missing: bool = True) -> None:
        """Switch to `account` once its key has come from the keychain."""
        if not self.window._confirm_leave():
            self.rebuild_menu()
            return
        self.context.bridge.run(
            self.context.credentials.aget_api_key(account.keychain_user),
            owner=self,
            key="open-account",
            on_success=lambda key: self._key_arrived(account, key, ask_when_missing),
            on_error=lambda error: self._report(keychain_problem(error)),
        )

    def _key_arrived(self, account: Account, key: str | None, ask: bool) -> None:
        if not key or isinstance(check_key(key), KeyProblem):
            self._report(
                tr("The API key of “%1” is not in the system keychain; enter it again.")
                .replace("%1", account.name)
            )
            if ask:
                self.add_account(account)
            return
        connection = Connection(
            base_url=account.base_url, api_key=key, account_id=account.account_id
        )
        self.registry.set_current(account)
        self.context.open_connection(connection, account=account)

    def _migrate(self, base_url: str, account_id: str | None) -> None:
        credentials = self.context.credentials
        registry = self.registry

        async def move() -> Account | None:
            key = await credentials.aget_api_key(base_url)
            if not key or isinstance(check_key(key), KeyProblem):
                return None
            account = registry.build(name="", base_url=base_url, api_key=key,
                                     account_id=account_id)
            await credentials.aset_api_key(account.keychain_user, key)
            await credentials.adelete_api_key(base_url)
            return account

        def moved(account: Account | None) -> None:
            if account is None:
                return
            registry.save(account)
            self.open_account(account, ask_when_missing=False)

        self.context.bridge.run(
            move(), owner=self, key="migrate", on_success=moved,
            on_error=lambda error: self._report(keychain_problem(error)),
        )

    # adding, renaming, removing ------------------------------------------------------------

    def add_account(self, account: Account | None = None) -> None:
        """The Connect dialog for a new account (or a new key for `account`)."""
        from si_desktop.ui.connect import ConnectDialog

        dialog = ConnectDialog(self.context, self.window, account=account)
        if (
            self.window.run_connect_dialog(dialog)
            and dialog.connection is not None
            and dialog.account is not None
        ):
            if self.window._confirm_leave():
                self.context.open_connection(dialog.connection, account=dialog.account)
            if not dialog.stored_securely:  # after opening: a new workspace clears the banner
                self._report(session_only_text())
        dialog.deleteLater()
        self.rebuild_menu()

    def ask_name(self, account: Account) -> str | None:
        """The new name, or None when cancelled; tests replace this."""
        name, ok = QInputDialog.getText(
            self.window, tr("Rename account"), tr("Name for this account:"),
            QLineEdit.EchoMode.Normal, account.name,
        )
        return str(name) if ok else None

    def rename_account(self, account: Account | None = None) -> None:
        account = account or self.context.account
        if account is None:
            return
        name = self.ask_name(account)
        if name is None:
            return
        problem = check_name(name)
        if problem:
            self._report(tr(problem))
            return
        renamed = self.registry.rename(account, name)
        if self.context.account is not None and self.context.account.id == renamed.id:
            self.context.set_account(renamed)
        self.rebuild_menu()

    def choose_account_to_remove(self) -> Account | None:
        """Which account to remove: the open one, else asks; tests replace this."""
        if self.context.account is not None:
            return self.context.account
        accounts = self.registry.accounts()
        if not accounts:
            return None
        names = [f"{a.name} — {environment_text(a)}" for a in accounts]
        choice, ok = QInputDialog.getItem(
            self.window, tr("Remove account"), tr("Account to remove:"), names, 0, False
        )
        return accounts[names.index(choice)] if ok and choice in names else None

    def confirm_removal(self, text: str) -> bool:
        """Ask before removing; tests replace this."""
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setWindowTitle(tr("Remove account"))
        box.setText(text)
        remove = box.addButton(tr("Remove"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is remove

    def remove_account(self, account: Account | None = None) -> None:
        account = account or self.choose_account_to_remove()
        if account is None:
            return
        scope = account.scope
        cache = self.context.local_cache

        async def count() -> ScopeCounts | None:
            return None if scope is None else cache.counts(scope)

        self.context.bridge.run(
            count(), owner=self, key="remove",
            on_success=lambda counts: self._confirmed_removal(account, counts),
            on_error=lambda _error: self._confirmed_removal(account, None),
        )

    def _confirmed_removal(self, account: Account, counts: ScopeCounts | None) -> None:
        if not self.confirm_removal(removal_text(account, counts)):
            return
        credentials = self.context.credentials
        cache = self.context.local_cache
        scope = account.scope

        async def remove() -> None:
            await credentials.adelete_api_key(account.keychain_user)
            if scope is not None:
                cache.clear(scope)

        self.context.bridge.run(
            remove(), owner=self, key="remove",
            on_success=lambda _none: self._removed(account),
            on_error=lambda error: self._report(
                tr("The account was not removed. %1").replace("%1", keychain_problem(error))
            ),
        )

    def _removed(self, account: Account) -> None:
        was_open = self.context.account is not None and self.context.account.id == account.id
        self.registry.remove(account)
        self.window._forget_account(account)
        if was_open:
            self.context.set_workspace(None)
            self.context.set_account(None)
        self.context.status_message.emit(
            tr("Removed the account “%1”.").replace("%1", account.name)
        )
        self.rebuild_menu()

    def _report(self, message: str) -> None:
        self.context.report_error(message)
