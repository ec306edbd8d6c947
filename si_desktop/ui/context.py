"""The one object built at start-up and passed down to every window, page and model.

Like Vorta's profile provider: the active client lives here and one signal,
`client_changed`, tells every view to reload. Nothing in the UI keeps module-level state;
what a view needs (the bridge, the workspace, settings, credentials) it gets from here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLocale, QObject, QSettings, Signal

from si_desktop.accounts import SANDBOX, Account, AccountRegistry
from si_desktop.credentials import Credentials
from si_desktop.sync.local_cache import LocalCache
from si_desktop.ui.bridge import AsyncBridge

if TYPE_CHECKING:
    from PySide6.QtCore import QUrl

    from si_desktop.sync.connection import Connection
    from si_desktop.sync.vocabulary import Store
    from si_desktop.sync.workspace import Workspace
    from si_desktop.ui.i18n import Translations
    from si_desktop.ui.offline.service import OfflineService
    from si_desktop.ui.theme import ThemeManager


class AppContext(QObject):
    """Shared state of one running app: connection, current client, preferences."""

    client_changed = Signal(str)  # the entity id, "" when no client is open
    client_updated = Signal(object)  # an entity's JSON after a save or reload
    client_created = Signal(object)  # an entity's JSON after "New client"
    workspace_changed = Signal()
    account_changed = Signal()  # the open account changed (or was renamed)
    error_reported = Signal(str)  # a message for the non-modal banner
    # the same message, and whether retrying can help (the banner offers Retry only then)
    problem_reported = Signal(str, bool)
    online_changed = Signal(bool)
    status_message = Signal(str)

    def __init__(
        self,
        *,
        data_dir: Path,
        settings: QSettings,
        bridge: AsyncBridge | None = None,
        credentials: Credentials | None = None,
        collation_locale: QLocale | None = None,
        start_demo: Callable[[], Connection] | None = None,
        workspace_factory: Callable[[Connection], Workspace] | None = None,
        open_store: Callable[[], Store] | None = None,
        transport: Any = None,
        parent: QObject | None = None,
    ) -> None:
        """`open_store` opens the cache (by default the file in the data folder, when the
        first workspace needs it); `transport` is an httpx transport for tests."""
        super().__init__(parent)
        self.data_dir = data_dir
        self.local_cache = LocalCache(data_dir)
        self.settings = settings
        self.bridge = bridge if bridge is not None else AsyncBridge(self)
        self.credentials = credentials if credentials is not None else Credentials()
        self.collation_locale = (
            collation_locale if collation_locale is not None else _collation_locale(settings)
        )
        self.start_demo = start_demo
        self.workspace_factory = workspace_factory or self._default_workspace
        self.online: bool | None = None  # None until the first answer or failure
        self._workspace: Workspace | None = None
        self._client_id = ""
        # the theme and the translations are set by `ui.preferences.apply_preferences`
        self.theme: ThemeManager | None = None
        self.translations: Translations | None = None
        self.open_url: Callable[[QUrl], bool] = _open_url
        from si_desktop.ui.account_settings import QSettingsBackend

        self.accounts = AccountRegistry(QSettingsBackend(settings))
        self.account: Account | None = None  # the open account; None for demo or --base-url
        from si_desktop.ui.offline.service import OfflineService

        # the cache behind every workspace, its refresh and the connection's state
        self.offline: OfflineService = OfflineService(
            self, open_store=open_store, transport=transport)

    # the connection ------------------------------------------------------------------------

    @property
    def workspace(self) -> Workspace:
        if self._workspace is None:
            raise RuntimeError("no workspace is open")
        return self._workspace

    @property
    def has_workspace(self) -> bool:
        return self._workspace is not None

    @property
    def is_demo(self) -> bool:
        return self._workspace is not None and self._workspace.is_demo

    @property
    def workspace_scope(self) -> str:
        """A stable name for the open workspace, so that per-account preferences (pins,
        recents, the last client) never mix accounts: "demo", or server and account."""
        if self._workspace is None:
            return ""
        connection = self._workspace.connection
        if connection.demo:
            return "demo"
        if self.account is not None:
            return f"account:{self.account.id}"
        return f"{connection.base_url}|{connection.account_id or ''}"

    @property
    def is_sandbox(self) -> bool:
        """Whether the open workspace is a sandbox (from the key's prefix): the window marks
        it so that nobody edits live clients thinking they are in the sandbox."""
        if self._workspace is None or self._workspace.is_demo:
            return False
        if self.account is not None:
            return self.account.environment == SANDBOX
        return self._workspace.connection.api_key.startswith(("sk_sandbox_", "ek_sandbox_"))

    def set_account(self, account: Account | None) -> None:
        self.account = account
        self.account_changed.emit()

    def set_workspace(self, workspace: Workspace | None) -> None:
        """Open `workspace` (closing the previous one on the loop) and tell the views."""
        previous, self._workspace = self._workspace, workspace
        self._client_id = ""
        if previous is not None and previous is not workspace:
            self.bridge.run(previous.aclose(), owner=self)
        self.workspace_changed.emit()

    # the current client --------------------------------------------------------------------

    @property
    def current_client_id(self) -> str:
        return self._client_id

    def set_current_client(self, entity_id: str) -> None:
        if entity_id == self._client_id:
            return
        self._client_id = entity_id
        self.client_changed.emit(entity_id)

    def report_error(self, message: str, *, retryable: bool = False) -> None:
        """Show `message` in the banner; `retryable` when a retry can help (a network or
        server failure), never for a refused value, a keychain notice or a cache problem."""
        self.problem_reported.emit(message, retryable)
        self.error_reported.emit(message)

    def report_failure(self, error: BaseException) -> None:
        """Word `error` for the banner; a network failure also marks the app offline."""
        from si_desktop.sync.errors import ProblemKind, describe
        from si_desktop.ui.errors import problem_text

        problem = describe(error)
        if problem.kind is ProblemKind.OTHER:  # not the service's answer: a bug, keep it
            _log.error("a background job failed", exc_info=error)
        else:
            _log.info("%s", _failure_line(error))  # the log formatter redacts
        if problem.kind is ProblemKind.NETWORK:
            self.set_online(False)
        self.report_error(problem_text(problem), retryable=problem.retryable)

    def set_online(self, online: bool) -> None:
        if online != self.online:
            self.online = online
            self.online_changed.emit(online)

    def _default_workspace(self, connection: Connection) -> Workspace:
        """The workspace of `connection` on the app's cache."""
        return self.offline.workspace_for(connection)

    def open_connection(
        self, connection: Connection, *, account: Account | None = None
    ) -> Workspace:
        """Build the workspace for `connection` (of `account`, if it is one of the saved
        accounts) and make it the current one."""
        workspace = self.workspace_factory(connection)
        self.online = None
        self.set_account(account)
        self.set_workspace(workspace)
        return workspace

    def close(self) -> None:
        """Stop background work and close the HTTP client: called once, at exit."""
        workspace, self._workspace = self._workspace, None
        self.bridge.close(workspace.aclose() if workspace is not None else None)
        self.offline.close()  # after the bridge: nothing uses the cache any more


_log = logging.getLogger("si_desktop.ui")


def _failure_line(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


def _open_url(url: QUrl) -> bool:
    from PySide6.QtGui import QDesktopServices

    return QDesktopServices.openUrl(url)


def _collation_locale(settings: QSettings) -> QLocale:
    """The locale client names are sorted by: the `ui/collation_locale` preference, else the
    system's. English (and an unset "C" locale) has no rules of its own for letters such as
    Č, Š and Ž and would file Čadež among the Cs; Slovenian collation files them as letters
    of their own and treats every other accent like English does, so it is used instead."""
    name = settings.value("ui/collation_locale", "", type=str)
    if name:
        return QLocale(str(name))
    system = QLocale.system()
    if system.language() in (QLocale.Language.C, QLocale.Language.English):
        return QLocale(QLocale.Language.Slovenian, QLocale.Country.Slovenia)
    return system
