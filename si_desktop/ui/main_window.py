"""The main window: the client switcher on the left, the chosen client on the right."""

from __future__ import annotations

import functools
import json
import logging
import threading
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    QDateTime,
    QLocale,
    QMargins,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QCloseEvent, QFont, QGuiApplication, QHideEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from si_desktop.accounts import Account
from si_desktop.sync.connection import Connection
from si_desktop.ui.accounts import AccountsUi, environment_text
from si_desktop.ui.banner import ErrorBanner
from si_desktop.ui.connect import ConnectDialog, WelcomePage
from si_desktop.ui.context import AppContext
from si_desktop.ui.icons import icon
from si_desktop.ui.idle import after_first_paint, in_background, in_background_then
from si_desktop.ui.pages import PageKind, default_page_kinds
from si_desktop.ui.pages.base import ClientPage
from si_desktop.ui.switcher.model import client_details, client_label
from si_desktop.ui.switcher.widget import ClientSwitcher
from si_desktop.ui.theme.stylesheet import styled
from si_desktop.ui.unsaved import CANCEL, DISCARD, SAVE, ask_save_discard_cancel
from si_desktop.ui.widgets import LiveText, modified_title, plain_tooltip, quiet_label

if TYPE_CHECKING:  # these are built when first asked for
    from si_desktop.ui.exports.firm_dialog import FirmExportDialog
    from si_desktop.ui.new_client import NewClientDialog
    from si_desktop.ui.switcher.quick import QuickSwitcher


log = logging.getLogger("si_desktop.ui.main_window")


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


SANDBOX_BAND_STYLE = (
    "#environmentBand { background: #f59e0b; color: #1f1300; font-weight: 700;"
    " padding: 5px 12px; border-bottom: 2px solid #b45309; letter-spacing: 1px; }"
)
SANDBOX_BADGE_STYLE = (
    "#accountBadge { background: #f59e0b; color: #1f1300; font-weight: 700;"
    " border-radius: 8px; padding: 2px 8px; }"
)
LIVE_BADGE_STYLE = (
    "#accountBadge { background: palette(alternate-base); color: palette(text);"
    " border: 1px solid palette(mid); border-radius: 8px; padding: 2px 8px; }"
)


PREFERRED_SIZE = QSize(1280, 800)
PAGE_BUILD_WAIT_S = 2.0  # the after-paint worker waits for the page at most this long
FRAME_MARGINS = QMargins(8, 32, 8, 8)
"""Room for the title bar and borders a window manager puts around the window: unknown
until the window is shown, and the window's own geometry is without them."""


def first_geometry(
    available: QRect, preferred: QSize = PREFERRED_SIZE, frame: QMargins = FRAME_MARGINS
) -> QRect:
    """The window's geometry at a first start: its preferred size, or less on a smaller
    screen, centred in `available` (the free area of the screen it opens on, without task
    bars and panels) with room for its frame, so that nothing of it (Save at the bottom)
    is off-screen."""
    usable = available.marginsRemoved(frame)
    size = preferred.boundedTo(usable.size()).expandedTo(QSize(1, 1))
    rect = QRect(QPoint(0, 0), size)
    rect.moveCenter(usable.center())
    return rect


def updated_text(moment: float | None, now: float | None = None) -> str:
    """"Updated 2 minutes ago"."""
    if moment is None:
        return ""
    seconds = max(0, int((now if now is not None else time.time()) - moment))
    if seconds < 60:
        return tr("Updated just now")
    minutes = seconds // 60
    if minutes < 60:
        return tr("Updated 1 minute ago") if minutes == 1 else tr(
            "Updated %1 minutes ago"
        ).replace("%1", str(minutes))
    hours = minutes // 60
    return tr("Updated 1 hour ago") if hours == 1 else tr("Updated %1 hours ago").replace(
        "%1", str(hours)
    )


def offline_updated_text(moment: float | None, now: float | None = None) -> str:
    """Offline, "Updated just now" beside "Cannot reach the server" reads as if the data were
    live: say instead when the copy on screen was last brought up to date, as a time of day
    ("Last updated 14:02"), with the date when that was not today."""
    if moment is None:
        return tr("Not updated yet")
    when = QDateTime.fromSecsSinceEpoch(int(moment))
    today = QDateTime.fromSecsSinceEpoch(int(now if now is not None else time.time())).date()
    locale = QLocale()
    if when.date() == today:
        shown = locale.toString(when.time(), QLocale.FormatType.ShortFormat)
    else:
        shown = locale.toString(when, QLocale.FormatType.ShortFormat)
    return tr("Last updated %1").replace("%1", shown)


class MainWindow(QMainWindow):
    page_built = Signal(object)
    """A tab's page was built (the first time its tab was shown, or it was asked for)."""

    def __init__(
        self,
        context: AppContext,
        page_classes: Sequence[type[ClientPage]] | None = None,
        parent: QWidget | None = None,
        *,
        welcome: bool = True,
    ) -> None:
        """With `welcome` False, the window does not show (or build) the welcome page while
        it has no workspace, as one is opened right after (`open_connection`)."""
        super().__init__(parent)
        self.context = context
        self.setObjectName("mainWindow")
        self.setWindowIcon(icon("app"))
        self._close_confirmed = False
        self._pending_client = ""
        self._restoring = True

        central = QWidget(self)
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        # across the whole window, above everything: nobody edits live clients thinking
        # they are in the sandbox (or the other way round)
        self.environment_band = QLabel(central)
        self.environment_band.setObjectName("environmentBand")
        self.environment_band.setTextFormat(Qt.TextFormat.PlainText)
        self.environment_band.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.environment_band.setStyleSheet(SANDBOX_BAND_STYLE)
        self.environment_band.setVisible(False)
        central_layout.addWidget(self.environment_band)
        self.stack = QStackedWidget(central)
        central_layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._welcome: WelcomePage | None = None  # built when first shown
        self._welcome_held = not welcome

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self.stack)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.switcher = ClientSwitcher(context, self.splitter)
        self.switcher.setMinimumWidth(220)
        self.switcher.client_activated.connect(self.request_client)
        self.switcher.new_client_requested.connect(self.new_client)
        self.switcher.model.rowsInserted.connect(self._open_first_if_none)
        if self.switcher.model.rowCount():  # read from the cache while the switcher was built
            self._open_first_if_none()
        self.splitter.addWidget(self.switcher)

        right = QWidget(self.splitter)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(4, 8, 8, 4)
        right_layout.setSpacing(6)
        header = QHBoxLayout()
        header.setContentsMargins(8, 0, 0, 0)
        self.client_title = LiveText(right)
        self.client_title.setObjectName("clientTitle")
        font = self.client_title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setWeight(QFont.Weight.DemiBold)
        self.client_title.setFont(font)
        header.addWidget(self.client_title, 1)
        self.demo_badge = QLabel(tr("Demo workspace"), right)
        self.demo_badge.setObjectName("demoBadge")
        styled(self.demo_badge)
        self.demo_badge.setTextFormat(Qt.TextFormat.PlainText)
        self.demo_badge.setVisible(False)
        header.addWidget(self.demo_badge)
        self.account_badge = QLabel(right)
        self.account_badge.setObjectName("accountBadge")
        self.account_badge.setTextFormat(Qt.TextFormat.PlainText)
        self.account_badge.setMaximumWidth(260)
        self.account_badge.setVisible(False)
        header.addWidget(self.account_badge)
        right_layout.addLayout(header)
        self.client_subtitle = LiveText(right)
        self.client_subtitle.setObjectName("clientSubtitle")
        self.client_subtitle.setContentsMargins(8, 0, 0, 0)
        right_layout.addWidget(self.client_subtitle)
        self.banner = ErrorBanner(right)
        self.banner.retry_requested.connect(self.refresh)
        right_layout.addWidget(self.banner)
        self.placeholder = quiet_label(tr("Choose a client on the left, or press Ctrl+K."), right)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        right_layout.addWidget(self.placeholder, 1)
        self.tabs = QTabWidget(right)
        self.tabs.setObjectName("clientPages")
        self.tabs.setDocumentMode(True)
        # A tab's page is built when it is first shown (or asked for): opening the window
        # builds one page, not every page and editor with its preview.
        self._kinds = (
            [PageKind.of(page_class) for page_class in page_classes]
            if page_classes else default_page_kinds()
        )
        self._built: dict[str, ClientPage] = {}
        self._made: dict[str, ClientPage] = {}  # made after the first paint, not in a tab yet
        for kind in self._kinds:
            slot = QWidget(self.tabs)
            slot.setObjectName(f"slot-{kind.page_id}")
            self.tabs.addTab(slot, kind.title())
        self.tabs.currentChanged.connect(self._on_tab_changed)
        right_layout.addWidget(self.tabs, 1)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([300, 980])
        self.stack.addWidget(self.splitter)

        self._build_status_bar()
        self._build_actions()
        self.quick: QuickSwitcher | None = None
        self.firm_export: FirmExportDialog | None = None
        from si_desktop.ui.offline.window import attach_offline

        self.offline_ui = attach_offline(self)  # banner, pending line, refresh progress

        context.client_changed.connect(self._on_client_changed)
        context.client_updated.connect(self._on_client_updated)
        context.client_created.connect(self._open_created_client)
        context.problem_reported.connect(self._show_error)
        context.status_message.connect(self._show_status_message)
        context.workspace_changed.connect(self._on_workspace_changed)
        context.account_changed.connect(self._update_environment)
        context.online_changed.connect(self._update_status)

        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._route_new_shortcut)
        self._restore_window_state()
        # The chosen tab's page is built once the client list is on screen: the list is the
        # window's first sight, and a page with its form is some 30 ms of a cold start.
        # Asked for sooner (`current_page`, `pages`, a click on its tab), it is built then.
        # Its module is imported on a worker thread first (`_import_page_ahead`).
        self._page_built_here = threading.Event()  # set once that page is built
        after_first_paint(self.switcher.view.viewport(), self._import_page_ahead)
        self._on_workspace_changed()
        self._restoring = False

    # the pages -----------------------------------------------------------------------------

    @property
    def pages(self) -> list[ClientPage]:
        """Every page, in tab order (building those not built yet)."""
        return [self._page_at(index) for index in range(len(self._kinds))]

    @property
    def built_pages(self) -> list[ClientPage]:
        """The pages built so far; the others hold nothing yet."""
        return [page for kind in self._kinds if (page := self._built.get(kind.page_id))]

    def _import_page_ahead(self) -> None:
        """Import the chosen tab's page module on the after-paint worker thread (before
        the search texts are folded there), then build the page on the GUI thread
        (`_build_imported_page`). The import is about half of the page's cost (60 ms of
        Python for the Documents tab): on the GUI thread, with the page's construction,
        it was one stall of the window just after its first paint (B13). A module
        imported this way makes no Qt object that belongs to a thread (its module-level
        values are colours and sizes); building the page stays here."""
        index = self.tabs.currentIndex()
        if not 0 <= index < len(self._kinds) or self._kinds[index].page_id in self._built:
            return
        load = self._kinds[index].load
        built = self._page_built_here = threading.Event()
        # a window gone before its page was built and painted: the worker waits no more
        self.destroyed.connect(built.set)
        workspace = self.context.workspace if self.context.has_workspace else None
        client_id = self.context.current_client_id

        def import_page() -> None:
            try:
                load()
            except Exception:  # built on the GUI thread anyway, which reports it
                log.debug("importing a page ahead failed", exc_info=True)

        def load_locale_data() -> None:
            # Babel's data for the open client's locale, read here: on the GUI thread the
            # first date the page showed waited for it, and beside a refresh parsing pages
            # its 25 ms of Python were a stall of 150 ms (B13)
            try:
                from si_desktop.core import formatting  # Babel: not on the way to the paint

                entity = workspace.client_now(client_id) if workspace and client_id else None
                formatting.load_locale_data(formatting.client_locale(entity))
            except Exception:  # read again where it is needed, which reports it
                log.debug("reading the locale's data ahead failed", exc_info=True)

        in_background_then(self, import_page,
                           functools.partial(self._build_imported_page, index))
        # The worker's next job (the search fold) waits for the page to be built: the two
        # at once take turns at the interpreter lock, each making the other slow.
        in_background(functools.partial(built.wait, PAGE_BUILD_WAIT_S))
        in_background(load_locale_data)

    def _build_imported_page(self, index: int) -> None:
        """The page's module is imported: make the page now if its tab is still the chosen
        one (another tab's page is built when it is shown), and put it in its tab on the
        event loop's next turn. Each half is 30-40 ms of the GUI thread's time; in one
        piece, with the page's first layout and paint, the window did not answer for twice
        that (B13)."""
        kind = self._kinds[index]
        placing = False
        try:
            if index == self.tabs.currentIndex() and kind.page_id not in self._built:
                if kind.page_id not in self._made:
                    self._made[kind.page_id] = self._make_page(kind)
                QTimer.singleShot(0, self, functools.partial(self._place_made_page, index))
                placing = True
        finally:
            if not placing:  # the worker waits for nothing more
                self._page_built_here.set()

    def _place_made_page(self, index: int) -> None:
        page: ClientPage | None = None
        try:
            if index == self.tabs.currentIndex():
                page = self.current_page()
        finally:
            if page is not None and page.isVisible():
                # the worker goes on once the page is on screen: its layout and first paint
                # are GUI-thread work too, and would take turns at the interpreter lock
                # with the worker's Python (a page never painted: the worker's wait ends)
                after_first_paint(page, self._page_built_here.set)
            else:
                self._page_built_here.set()

    def _make_page(self, kind: PageKind) -> ClientPage:
        # made in the tab widget's own stack, where `insertTab` puts it: a page made
        # elsewhere is moved there and passes the style down its whole tree once more
        # (5 ms for the first page, on the way to the first paint)
        stack = self.tabs.findChild(QStackedWidget, "qt_tabwidget_stackedwidget")
        return kind.load()(self.context, stack if stack is not None else self.tabs)

    def _page_at(self, index: int) -> ClientPage:
        kind = self._kinds[index]
        page = self._built.get(kind.page_id)
        if page is not None:
            return page
        page = self._made.pop(kind.page_id, None)
        if page is None:
            page = self._make_page(kind)
        self._built[kind.page_id] = page
        slot = self.tabs.widget(index)
        chosen = self.tabs.currentIndex() == index
        blocked = self.tabs.blockSignals(True)  # the same tab stays chosen, nothing to tell
        try:
            # in before the slot goes, so that no other tab is shown in between
            self.tabs.insertTab(index, page, kind.title())
            if chosen:
                self.tabs.setCurrentIndex(index)
            self.tabs.removeTab(index + 1)
        finally:
            self.tabs.blockSignals(blocked)
        if slot is not None:
            slot.deleteLater()
        page.dirty_changed.connect(lambda _d, p=page: self._on_page_dirty(p))
        page.load_current()  # now, not on the next turn: the tab never shows an empty page
        self.page_built.emit(page)
        return page

    def _route_new_shortcut(self, _old: QWidget | None, now: QWidget | None) -> None:
        """Ctrl+N is "New client…", except while the focus is in a page that makes something
        new of its own with it (the Documents tab: a new invoice): one owner at a time, or
        Qt would find the shortcut ambiguous and do neither."""
        claimed = now is not None and any(
            page.claims_new_shortcut and page.isAncestorOf(now) for page in self.built_pages)
        wanted = QKeySequence() if claimed else QKeySequence(QKeySequence.StandardKey.New)
        if self.new_client_action.shortcut() != wanted:
            self.new_client_action.setShortcut(wanted)

    def _on_tab_changed(self, index: int) -> None:
        if 0 <= index < len(self._kinds):
            self._page_at(index)
        self._remember_page(index)

    # building ------------------------------------------------------------------------------

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.connection_label = QLabel(self)
        self.connection_label.setObjectName("connectionState")
        self.connection_label.setTextFormat(Qt.TextFormat.PlainText)
        self.updated_label = QLabel(self)
        self.updated_label.setObjectName("updatedLabel")
        self.updated_label.setTextFormat(Qt.TextFormat.PlainText)
        self.busy = QProgressBar(self)
        self.busy.setObjectName("statusBusy")
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(80)
        self.busy.setMaximumHeight(12)
        self.busy.setTextVisible(False)
        self.busy.setVisible(False)
        bar.addPermanentWidget(self.busy)
        bar.addPermanentWidget(self.updated_label)
        bar.addPermanentWidget(self.connection_label)
        # one indicator at a time: a refresh shows its own progress (with Cancel) beside
        self.context.bridge.busy_changed.connect(self._update_busy)
        self.context.offline.refreshing_changed.connect(self._update_busy)
        self._clock = QTimer(self)
        self._clock.setInterval(20_000)
        self._clock.timeout.connect(self._update_status)
        self._clock.start()

    # The context outlives a window (tests make several); its signals are connected to bound
    # methods, which Qt disconnects when the window is destroyed, never to lambdas over self.

    def _open_created_client(self, record: dict[str, Any]) -> None:
        self.request_client(str(record["id"]))

    def _show_status_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 4000)

    def _update_busy(self, *_signal_args: object) -> None:
        """The status bar's small busy bar: for background work other than a refresh."""
        self.busy.setVisible(self.context.bridge.busy and not self.context.offline.refreshing)

    def _show_error(self, message: str, retryable: bool = False) -> None:
        """A problem in the banner; a "Saved." still in the status bar would contradict it."""
        self.statusBar().clearMessage()
        self.banner.show_error(message, retryable)

    def _action(
        self,
        text: str,
        slot: Any,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        name: str = "",
        icon_name: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if name:
            action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if icon_name:
            action.setIcon(icon(icon_name))
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)  # shortcuts work whichever widget has the focus
        return action

    def _build_actions(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu(tr("&File"))
        self.new_client_action = self._action(
            tr("&New client…"), self.new_client, QKeySequence.StandardKey.New, "newClient", "add"
        )
        file_menu.addAction(self.new_client_action)
        self.export_many_action = self._action(
            tr("&Export for many clients…"), self.export_many, None, "exportMany")
        file_menu.addAction(self.export_many_action)
        file_menu.addSeparator()
        self.connect_action = self._action(
            tr("&Connect account…"), self.connect_account, None, "connectAccount"
        )
        file_menu.addAction(self.connect_action)
        if self.context.start_demo is not None:
            file_menu.addAction(
                self._action(tr("Open the &demo workspace"), self.open_demo, None, "openDemo")
            )
        file_menu.addSeparator()
        self.quit_action = self._action(tr("&Quit"), self.close, QKeySequence("Ctrl+Q"), "quit")
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        file_menu.addAction(self.quit_action)

        edit_menu = menu.addMenu(tr("&Edit"))
        self.save_action = self._action(
            tr("&Save"), self.save_current, QKeySequence.StandardKey.Save, "save", "save"
        )
        edit_menu.addAction(self.save_action)
        self.revert_action = self._action(
            tr("&Revert changes"), self.revert_current, None, "revert", "revert"
        )
        edit_menu.addAction(self.revert_action)
        edit_menu.addSeparator()
        self.find_action = self._action(
            tr("&Find client"), self.switcher.focus_search, QKeySequence("Ctrl+F"), "find",
            "search",
        )
        edit_menu.addAction(self.find_action)
        edit_menu.addSeparator()
        self.preferences_action = self._action(
            tr("Pre&ferences…"), self.open_preferences, QKeySequence("Ctrl+,"), "preferences",
            "settings",
        )
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        edit_menu.addAction(self.preferences_action)

        go_menu = menu.addMenu(tr("&Go"))
        self.quick_action = self._action(
            tr("&Go to client…"), self.open_quick_switcher, QKeySequence("Ctrl+K"), "quickSwitch"
        )
        go_menu.addAction(self.quick_action)
        go_menu.addAction(
            self._action(tr("&Next client"), lambda: self.step_client(1), QKeySequence("Alt+Down"))
        )
        go_menu.addAction(
            self._action(
                tr("&Previous client"), lambda: self.step_client(-1), QKeySequence("Alt+Up")
            )
        )
        go_menu.addSeparator()
        for number, kind in enumerate(self._kinds, start=1):
            go_menu.addAction(
                self._action(
                    kind.title(),
                    lambda index=number - 1: self.tabs.setCurrentIndex(index),
                    QKeySequence(f"Ctrl+{number}") if number < 10 else None,
                )
            )
        go_menu.addSeparator()
        self.refresh_action = self._action(
            tr("&Refresh"), self.refresh, QKeySequence.StandardKey.Refresh, "refresh", "refresh"
        )
        go_menu.addAction(self.refresh_action)

        client_menu = menu.addMenu(tr("&Client"))
        self.pin_action = self._action(
            tr("&Pin or unpin"), self.toggle_pin, QKeySequence("Ctrl+D"), "pin", "pin"
        )
        client_menu.addAction(self.pin_action)
        client_menu.addAction(self._action(tr("&Copy client id"), self.copy_client_id))
        client_menu.addSeparator()
        self.access_overview_action = self._action(
            tr("&Access overview…"), self.open_access_overview, None, "accessOverview")
        client_menu.addAction(self.access_overview_action)

        # -- Firm: firm-wide tools. The firm's standards (drift, bulk changes, activity) ----
        self.firm_menu = menu.addMenu(tr("F&irm"))
        self.firm_menu.setObjectName("firmMenu")
        from si_desktop.ui.firm.menu import add_standard_actions

        self.standard_actions = add_standard_actions(self, self.firm_menu)
        # -- end of the firm's standards -----------------------------------------------------
        # Firm: tools over every client at once (year end, branding wall) ----------------
        self.firm_menu.addSeparator()
        self.year_end_action = self._action(tr("&Year end…"), self.open_year_end, None,
                                            "yearEnd")
        self.branding_wall_action = self._action(tr("&Branding wall…"),
                                                 self.open_branding_wall, None, "brandingWall")
        self.firm_menu.addAction(self.year_end_action)
        self.firm_menu.addAction(self.branding_wall_action)
        firm_actions = [self.year_end_action, self.branding_wall_action]
        # ------------------------------------------------------------------------------

        self.accounts_ui = AccountsUi(self, menu)

        help_menu = menu.addMenu(tr("&Help"))
        about = self._action(tr("&About si-desktop"), self.about)
        about.setMenuRole(QAction.MenuRole.AboutRole)
        help_menu.addAction(about)
        help_menu.addAction(
            self._action(tr("Open &log folder"), self.open_log_folder, None, "openLogFolder")
        )
        self._workspace_actions = [
            self.new_client_action, self.save_action, self.revert_action, self.find_action,
            self.export_many_action, self.quick_action, self.refresh_action, self.pin_action,
            self.access_overview_action, *self.standard_actions, *firm_actions,
        ]

    # workspace -----------------------------------------------------------------------------

    @property
    def welcome(self) -> WelcomePage:
        """The page shown while no workspace is open."""
        if self._welcome is None:
            self._welcome = WelcomePage(self.context, self.stack)
            self._welcome.demo_requested.connect(self.open_demo)
            self._welcome.connect_requested.connect(self.connect_account)
            self.stack.addWidget(self._welcome)
        return self._welcome

    def _on_workspace_changed(self) -> None:
        has = self.context.has_workspace
        if has:
            self._welcome_held = False
            self.stack.setCurrentWidget(self.splitter)
        elif not self._welcome_held:
            self.stack.setCurrentWidget(self.welcome)
        for action in self._workspace_actions:
            action.setEnabled(has)
        self.demo_badge.setVisible(self.context.is_demo)
        self._update_environment()
        self.banner.dismiss()
        self._show_client_header(None)
        if has:
            last = self._last_client()
            if last:
                self.context.set_current_client(last)
        self._update_title()
        self._update_status()

    def open_connection(self, connection: Connection) -> None:
        if not self._confirm_leave():
            return
        self.context.open_connection(connection)

    def open_demo(self) -> None:
        if self.context.start_demo is None:
            return
        try:
            connection = self.context.start_demo()
        except Exception as error:  # the sandbox could not start: say so, keep running
            self.banner.show_error(
                tr("The demo workspace could not start: %1").replace("%1", str(error))
            )
            return
        self.open_connection(connection)

    def run_connect_dialog(self, dialog: ConnectDialog) -> bool:
        """Tests replace this to drive the dialog without a nested event loop."""
        return dialog.exec() == ConnectDialog.DialogCode.Accepted

    def connect_account(self) -> None:
        self.accounts_ui.add_account()

    def open_saved_account(self) -> None:
        """At start-up: the account open last, its key read off the GUI thread."""
        self.accounts_ui.open_saved()

    def _forget_account(self, account: Account) -> None:
        """A removed account's last client goes with it."""
        raw = str(self.context.settings.value("window/last_clients", "", type=str) or "")
        try:
            mapping = json.loads(raw) if raw else {}
        except ValueError:
            mapping = {}
        if isinstance(mapping, dict) and mapping.pop(f"account:{account.id}", None) is not None:
            self.context.settings.setValue("window/last_clients", json.dumps(mapping))

    def _update_environment(self) -> None:
        """The sandbox band and the account badge: always visible, calm for live."""
        account = self.context.account
        sandbox = self.context.is_sandbox
        name = account.name if account is not None else ""
        if sandbox:
            text = tr("SANDBOX — test data, nothing here reaches live clients")
            self.environment_band.setText(f"{text}  ·  {name}" if name else text)
        self.environment_band.setVisible(sandbox)
        self.environment_band.setToolTip(
            tr("The API key of this account is a sandbox key (sk_sandbox_ or ek_sandbox_).")
            if sandbox else ""
        )
        has_account = self.context.has_workspace and not self.context.is_demo
        self.account_badge.setVisible(has_account)
        if has_account:
            label = tr("Sandbox") if sandbox else tr("Live")
            if account is not None:
                label = f"{environment_text(account)} · {name}"
            self.account_badge.setText(label)
            self.account_badge.setToolTip(plain_tooltip(label))
            self.account_badge.setStyleSheet(SANDBOX_BADGE_STYLE if sandbox else LIVE_BADGE_STYLE)
        self._update_title()
        self._update_status()

    def _connection_key(self) -> str:
        return self.context.workspace_scope

    def _last_client(self) -> str:
        raw = str(self.context.settings.value("window/last_clients", "", type=str) or "")
        try:
            mapping = json.loads(raw) if raw else {}
        except ValueError:
            mapping = {}
        value = mapping.get(self._connection_key()) if isinstance(mapping, dict) else None
        return value if isinstance(value, str) else ""

    def _remember_client(self, entity_id: str) -> None:
        raw = str(self.context.settings.value("window/last_clients", "", type=str) or "")
        try:
            mapping = json.loads(raw) if raw else {}
        except ValueError:
            mapping = {}
        if not isinstance(mapping, dict):
            mapping = {}
        mapping[self._connection_key()] = entity_id
        self.context.settings.setValue("window/last_clients", json.dumps(mapping))

    def _open_first_if_none(self, *_args: Any) -> None:
        """On a first start there is no last client: open the first one in the list. Rows
        from the cache arrive before the window reopens the last client, so look after."""
        QTimer.singleShot(0, self, self._open_first_now)

    def _open_first_now(self) -> None:
        if self.context.current_client_id or self._pending_client:
            return
        proxy = self.switcher.proxy
        if proxy.rowCount():
            entity_id = proxy.index(0, 0).data(Qt.ItemDataRole.UserRole + 1)
            if entity_id:
                self.request_client(str(entity_id))

    # switching clients ---------------------------------------------------------------------

    def dirty_pages(self) -> list[ClientPage]:
        return [page for page in self.built_pages if page.is_dirty()]

    def ask_unsaved(self) -> str:
        """Save, Discard or Cancel; tests replace this."""
        name = self.client_title.text()
        return ask_save_discard_cancel(
            self,
            tr("Unsaved changes"),
            tr("“%1” has changes that are not saved.").replace("%1", name),
            tr("Save them before you go on?"),
        )

    def _resolve_unsaved(self, then: Any) -> bool:
        """With unsaved edits, ask; `then` runs now (nothing to save, or discarded), later
        (after a successful save), or never (cancelled, or the save failed)."""
        dirty = self.dirty_pages()
        if not dirty:
            then()
            return True
        answer = self.ask_unsaved()
        if answer == CANCEL:
            return False
        if answer == DISCARD:
            for page in dirty:
                page.revert()
            then()
            return True
        remaining = list(dirty)

        def one_saved(page: ClientPage) -> None:
            if page in remaining:
                remaining.remove(page)
            if not remaining:
                then()

        for page in dirty:
            if not page.save(then=functools.partial(one_saved, page)):
                self._show_unsaved_page(page)
                return False
        return True

    def _show_unsaved_page(self, page: ClientPage) -> None:
        """A save that did not start: show the page, and why when it has problems (the
        user may also have gone back from a question of the page's own)."""
        self.tabs.setCurrentWidget(page)
        if not page.can_save():
            self.banner.show_error(tr("Fix the marked fields before saving."))

    def _confirm_leave(self) -> bool:
        """For replacing the workspace: Save or Discard first (a save must finish)."""
        if not self.dirty_pages():
            return True
        answer = self.ask_unsaved()
        if answer == DISCARD:
            for page in self.dirty_pages():
                page.revert()
            return True
        if answer == SAVE:
            for page in self.dirty_pages():
                page.save()
        return False

    def request_client(self, entity_id: str) -> None:
        """Open `entity_id`, after asking about unsaved changes."""
        if entity_id == self.context.current_client_id:
            return
        self._pending_client = entity_id

        def switch() -> None:
            if self._pending_client == entity_id:
                self._pending_client = ""
                self.context.set_current_client(entity_id)

        if not self._resolve_unsaved(switch):
            self._pending_client = ""
            self.switcher.select(self.context.current_client_id)

    def step_client(self, step: int) -> None:
        proxy = self.switcher.proxy
        current = self.switcher.view.currentIndex()
        row = current.row() + step if current.isValid() else 0
        if 0 <= row < proxy.rowCount():
            entity_id = proxy.index(row, 0).data(Qt.ItemDataRole.UserRole + 1)
            if entity_id:
                self.request_client(str(entity_id))

    def _on_client_changed(self, entity_id: str) -> None:
        record = self.switcher.model.record(entity_id)
        if record is None and entity_id:
            record = {"id": entity_id}
        self._show_client_header(record)
        if entity_id:
            self._remember_client(entity_id)

    def _on_client_updated(self, record: Any) -> None:
        if str(record.get("id")) == self.context.current_client_id:
            self._show_client_header(record)
        self._update_status()

    def _show_client_header(self, record: dict[str, Any] | None) -> None:
        has = record is not None
        self.tabs.setVisible(has)
        self.placeholder.setVisible(not has and self.context.has_workspace)
        self.client_title.setVisible(has)
        self.client_subtitle.setVisible(has)
        if record is None:
            self.client_title.setText("")
            self.client_subtitle.setText("")
        else:
            name = client_label(record) if record.get("name") is not None else ""
            self.client_title.setText(name)
            where = ", ".join(
                str(record.get(key)) for key in ("city", "country") if record.get(key)
            )
            parts = [where, str(record.get("tax_number") or ""), client_details(record)]
            self.client_subtitle.setText("  ·  ".join(p for p in parts if p))
        self._update_title()

    def _update_title(self) -> None:
        name = self.client_title.text() if self.context.current_client_id else ""
        parts = [name] if name else []
        account = self.context.account
        if account is not None and self.context.has_workspace:
            parts.append(account.name)
        if self.context.is_demo:
            parts.append(tr("Demo workspace"))
        if self.context.is_sandbox:  # first: a task bar cuts titles at the end
            if parts:
                parts[0] = tr("[SANDBOX]") + " " + parts[0]
            else:
                parts.append(tr("[SANDBOX]"))
        self.setWindowTitle(modified_title(parts, app_name=True))

    def _on_page_dirty(self, page: ClientPage) -> None:
        index = self.tabs.indexOf(page)
        if index >= 0:
            title = page.title()
            self.tabs.setTabText(index, title + (" •" if page.is_dirty() else ""))
        self.setWindowModified(bool(self.dirty_pages()))

    # actions -------------------------------------------------------------------------------

    def current_page(self) -> ClientPage | None:
        """The chosen tab's page (built now if it was not yet)."""
        index = self.tabs.currentIndex()
        return self._page_at(index) if 0 <= index < len(self._kinds) else None

    def save_current(self) -> None:
        for page in self.dirty_pages():
            page.save()

    def revert_current(self) -> None:
        for page in self.dirty_pages():
            page.revert()

    def refresh(self) -> None:
        if not self.context.has_workspace:
            return
        if self.dirty_pages():
            self._resolve_unsaved(self._reload_everything)
        else:
            self._reload_everything()

    def _reload_everything(self) -> None:
        for page in self.built_pages:
            page.reload()
        self.switcher.model.refresh()

    def new_client(self) -> None:
        if not self.context.has_workspace:
            return
        from si_desktop.ui.new_client import NewClientDialog

        dialog = NewClientDialog(self.context, self)
        self.run_new_client_dialog(dialog)
        dialog.deleteLater()

    def run_new_client_dialog(self, dialog: NewClientDialog) -> None:
        dialog.exec()

    def export_many(self) -> None:
        """File → Export for many clients…: one window, kept while it runs."""
        if not self.context.has_workspace:
            return
        from si_desktop.ui.exports.firm_dialog import FirmExportDialog, choices_from_switcher

        if self.firm_export is not None and not self.firm_export.isVisible():
            self.firm_export.deleteLater()  # closed (never while running): start afresh
            self.firm_export = None
        if self.firm_export is None:
            self.firm_export = FirmExportDialog(
                self.context, choices_from_switcher(self.switcher), self)
        self.firm_export.show()
        self.firm_export.raise_()

    def open_quick_switcher(self) -> None:
        if not self.context.has_workspace:
            return
        if self.quick is None:
            from si_desktop.ui.switcher.quick import QuickSwitcher

            self.quick = QuickSwitcher(self.switcher.model, self)
            self.quick.client_chosen.connect(self.switcher.open_client)  # chosen on purpose
        self.quick.popup()

    def toggle_pin(self) -> None:
        entity_id = self.context.current_client_id
        if entity_id:
            pinned = self.switcher.favourites.is_pinned(entity_id)
            self.switcher.set_pinned(entity_id, not pinned)

    def copy_client_id(self) -> None:
        if self.context.current_client_id:
            QGuiApplication.clipboard().setText(self.context.current_client_id)

    def run_modal(self, dialog: QDialog) -> None:
        """Tests replace this to look at a dialog without a nested event loop."""
        dialog.exec()

    def open_access_overview(self) -> None:
        """Client → Access overview…: every client's access, read now (one window)."""
        from si_desktop.ui.access_overview import open_access_overview

        open_access_overview(self)

    def open_year_end(self) -> None:
        """Firm → Year end…: every client's numbering at the turn of the year."""
        from si_desktop.ui.firm.year_end import open_year_end

        open_year_end(self)

    def open_branding_wall(self) -> None:
        """Firm → Branding wall…: every client's invoice at thumbnail size."""
        from si_desktop.ui.firm.branding_wall import open_branding_wall

        open_branding_wall(self)

    def open_preferences(self) -> None:
        from si_desktop.ui.preferences import PreferencesDialog

        dialog = PreferencesDialog(self.context, self)
        self.run_modal(dialog)
        dialog.deleteLater()

    def open_log_folder(self) -> None:
        """The log, and a hard crash's trace, for a support request (si_desktop/logs.py)."""
        from PySide6.QtCore import QUrl

        from si_desktop.datadir import ensure_private_dir
        from si_desktop.logs import log_folder

        folder = ensure_private_dir(log_folder(self.context.data_dir))
        self.context.open_url(QUrl.fromLocalFile(str(folder)))

    def about(self) -> None:
        from si_desktop.ui.about import AboutDialog

        dialog = AboutDialog(self.context, self)
        self.run_modal(dialog)
        dialog.deleteLater()

    # status --------------------------------------------------------------------------------

    def _update_status(self, *_signal_args: object) -> None:
        if not self.context.has_workspace:
            self.connection_label.setText(tr("Not connected"))
            self.updated_label.setText("")
            return
        workspace = self.context.workspace
        if workspace.is_demo:
            state = tr("Demo workspace (local)")
        else:
            host = urlparse(workspace.connection.base_url).netloc or workspace.connection.base_url
            state = tr("Connected to %1").replace("%1", host)
            state += " · " + (tr("Sandbox") if self.context.is_sandbox else tr("Live"))
        if self.context.online is False:
            state = tr("Cannot reach the server")
        elif workspace.connectivity.key_refused:
            state = tr("Key not accepted")
        self.connection_label.setText(state)
        if self.context.online is False:
            self.updated_label.setText(offline_updated_text(workspace.last_refreshed))
        else:
            self.updated_label.setText(updated_text(workspace.last_refreshed))

    # persistence ---------------------------------------------------------------------------

    def _remember_page(self, index: int) -> None:
        page = self.tabs.widget(index)
        if isinstance(page, ClientPage) and not self._restoring:
            self.context.settings.setValue("window/page", page.page_id)

    def _restore_window_state(self) -> None:
        settings = self.context.settings
        geometry = settings.value("window/geometry")
        restored = (
            isinstance(geometry, QByteArray) and not geometry.isEmpty()
            and self.restoreGeometry(geometry) and self._fits_a_screen()
        )
        if not restored:  # a first start, or a screen that became smaller or went away
            self.setWindowState(Qt.WindowState.WindowNoState)
            self.setGeometry(first_geometry(self.screen().availableGeometry()))
        splitter = settings.value("window/splitter")
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.splitter.restoreState(splitter)
        page_id = str(settings.value("window/page", "", type=str) or "")
        for index, kind in enumerate(self._kinds):
            if kind.page_id == page_id:
                self.tabs.setCurrentIndex(index)

    def _fits_a_screen(self) -> bool:
        """Whether the restored window lies within the free area of a screen there is now
        (a maximised window fits whatever screen it is on)."""
        if self.windowState() & Qt.WindowState.WindowMaximized:
            return True
        geometry = self.geometry()
        screen = QGuiApplication.screenAt(geometry.center())
        return screen is not None and screen.availableGeometry().contains(geometry)

    def save_window_state(self) -> None:
        settings = self.context.settings
        self.switcher.note_recent_now()  # the client open now is recent, kept open or not
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/splitter", self.splitter.saveState())
        page = self.current_page()
        if page is not None:
            settings.setValue("window/page", page.page_id)
        settings.sync()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        # hidden before its page was painted: the after-paint worker waits for it no more
        self._page_built_here.set()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._close_confirmed and self.dirty_pages():
            answer = self.ask_unsaved()
            if answer == CANCEL:
                event.ignore()
                return
            if answer == SAVE:
                event.ignore()
                pages = self.dirty_pages()
                remaining = list(pages)

                def saved(page: ClientPage) -> None:
                    if page in remaining:
                        remaining.remove(page)
                    if not remaining:
                        self._close_confirmed = True
                        self.close()

                for page in pages:
                    if not page.save(then=functools.partial(saved, page)):
                        self._show_unsaved_page(page)
                        return
                return
            for page in self.dirty_pages():
                page.revert()
        self.save_window_state()
        event.accept()
