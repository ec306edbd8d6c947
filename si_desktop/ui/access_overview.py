"""Client → Access overview…: every client in one table with its form of access, the counts
of users, pending invitations and API keys, and the soonest expiry. What a firm's auditor
asks for: filterable ("clients with API keys", "pending invitations older than 7 days") and
exported as CSV.

Each client's access is read from Space Invoices when the overview opens (rows fill in as
they come, `sync.access.ClientAccess.overview`); offline, a client shows what was seen of it
this session, if anything, marked as not checked now.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import io
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QCloseEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from si_desktop.core.access import shown_text
from si_desktop.sync.access import AccessForm, AccessSummary, OverviewRow
from si_desktop.sync.errors import ProblemKind, describe
from si_desktop.sync.vocabulary import is_local_id
from si_desktop.ui.context import AppContext
from si_desktop.ui.csv_files import csv_cell, save_csv, shown_rows
from si_desktop.ui.errors import error_text
from si_desktop.ui.i18n import QT_TRANSLATE_NOOP
from si_desktop.ui.icons import icon
from si_desktop.ui.pages.access import date_text
from si_desktop.ui.widgets import plain_label, quiet_label

if TYPE_CHECKING:
    from si_desktop.ui.main_window import MainWindow

ModelIndex = QModelIndex | QPersistentModelIndex
RowRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("AccessOverview", text, None, n)


FORM_NAMES: Mapping[AccessForm, str] = {
    AccessForm.NONE: QT_TRANSLATE_NOOP("AccessOverview", "No outside access"),
    AccessForm.USERS: QT_TRANSLATE_NOOP("AccessOverview", "Users"),
    AccessForm.API_KEYS: QT_TRANSLATE_NOOP("AccessOverview", "API keys"),
    AccessForm.USERS_AND_KEYS: QT_TRANSLATE_NOOP("AccessOverview", "Users and API keys"),
}


class Show(enum.Enum):
    """The overview's filters."""

    ALL = QT_TRANSLATE_NOOP("AccessOverview", "All clients")
    KEYS = QT_TRANSLATE_NOOP("AccessOverview", "Clients with API keys")
    PEOPLE = QT_TRANSLATE_NOOP("AccessOverview", "Clients with users or invitations")
    OLD_INVITATIONS = QT_TRANSLATE_NOOP("AccessOverview",
                                        "Pending invitations older than 7 days")
    NONE = QT_TRANSLATE_NOOP("AccessOverview", "Clients without outside access")
    NOT_CHECKED = QT_TRANSLATE_NOOP("AccessOverview", "Clients not checked")


def shows(mode: Show, row: OverviewRow, summary: AccessSummary | None) -> bool:
    """Whether `row` belongs under the filter `mode`."""
    if mode is Show.ALL:
        return True
    if mode is Show.NOT_CHECKED:
        return row.problem is not None
    if summary is None:
        return False
    if mode is Show.KEYS:
        return summary.keys > 0
    if mode is Show.PEOPLE:
        return summary.users > 0 or summary.pending > 0
    if mode is Show.OLD_INVITATIONS:
        return summary.unanswered > 0
    return summary.form is AccessForm.NONE


def _checked_text(row: OverviewRow) -> str:
    snapshot = row.snapshot
    if row.problem is None and snapshot is not None:
        return snapshot.fetched_at.astimezone().strftime("%H:%M")
    problem = describe(row.problem) if row.problem is not None else None
    if problem is not None and problem.kind is ProblemKind.NETWORK:
        if snapshot is None:
            return tr("Not checked: offline")
        return tr("Offline — as seen at %1").replace(
            "%1", snapshot.fetched_at.astimezone().strftime("%H:%M"))
    return tr("Not checked: %1").replace("%1", error_text(row.problem) if row.problem else "")


class OverviewModel(QAbstractTableModel):
    """One row per client; a row that is read again is updated in place."""

    COLUMNS: ClassVar[tuple[str, ...]] = (
        QT_TRANSLATE_NOOP("AccessOverview", "Client"),
        QT_TRANSLATE_NOOP("AccessOverview", "Form of access"),
        QT_TRANSLATE_NOOP("AccessOverview", "Users"),
        QT_TRANSLATE_NOOP("AccessOverview", "Pending invitations"),
        QT_TRANSLATE_NOOP("AccessOverview", "API keys"),
        QT_TRANSLATE_NOOP("AccessOverview", "Soonest expiry"),
        QT_TRANSLATE_NOOP("AccessOverview", "Checked"),
    )

    def __init__(self, parent: QObject | None = None,
                 now: Callable[[], dt.datetime] | None = None) -> None:
        super().__init__(parent)
        self._rows: list[OverviewRow] = []
        self._summaries: list[AccessSummary | None] = []
        self._where: dict[str, int] = {}
        self._now = now or (lambda: dt.datetime.now(dt.UTC))

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self.COLUMNS)):
            return tr(self.COLUMNS[section])
        return super().headerData(section, orientation, role)

    def row_at(self, row: int) -> tuple[OverviewRow, AccessSummary | None] | None:
        if 0 <= row < len(self._rows):
            return self._rows[row], self._summaries[row]
        return None

    def cells(self, row: int) -> list[str]:
        """The row's cells as shown."""
        return [str(self.data(self.index(row, column))) for column in range(len(self.COLUMNS))]

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, summary = self._rows[index.row()], self._summaries[index.row()]
        column = index.column()
        if role == RowRole:
            return row
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(row, summary, column)
        if role == SortRole:
            return self._sort(row, summary, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and 2 <= column <= 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and row.problem is not None:
            return QBrush(QApplication.palette().color(QPalette.ColorRole.PlaceholderText))
        return None

    def _text(self, row: OverviewRow, summary: AccessSummary | None, column: int) -> str:
        if column == 0:
            return shown_text(row.name) or row.entity_id
        if column == 6:
            return _checked_text(row)
        if summary is None:
            return "—"
        if column == 1:
            return tr(FORM_NAMES[summary.form])
        if column in (2, 3, 4):
            return str((summary.users, summary.pending, summary.keys)[column - 2])
        return date_text(summary.soonest_expiry) if summary.soonest_expiry else "—"

    def _sort(self, row: OverviewRow, summary: AccessSummary | None, column: int) -> Any:
        if summary is not None and column in (2, 3, 4):
            return (summary.users, summary.pending, summary.keys)[column - 2]
        if column == 5:
            moment = summary.soonest_expiry if summary is not None else None
            return moment.timestamp() if moment is not None else float("inf")
        return self._text(row, summary, column).casefold()

    def put(self, row: OverviewRow) -> None:
        summary = row.snapshot.summary(self._now()) if row.snapshot is not None else None
        at = self._where.get(row.entity_id)
        if at is not None:
            self._rows[at], self._summaries[at] = row, summary
            self.dataChanged.emit(self.index(at, 0), self.index(at, len(self.COLUMNS) - 1))
            return
        at = len(self._rows)
        self.beginInsertRows(QModelIndex(), at, at)
        self._rows.append(row)
        self._summaries.append(summary)
        self._where[row.entity_id] = at
        self.endInsertRows()


class OverviewFilter(QSortFilterProxyModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.mode = Show.ALL
        self.setSortRole(SortRole)

    def set_mode(self, mode: Show) -> None:
        self.beginFilterChange()
        self.mode = mode
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        model = self.sourceModel()
        if not isinstance(model, OverviewModel):
            return True
        found = model.row_at(source_row)
        return found is not None and shows(self.mode, *found)


def overview_csv(model: OverviewModel, rows: list[int]) -> str:
    """The given rows as CSV: a header row, then one line per client, with dates in ISO
    form for the spreadsheet and the client's id for finding it again."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([
        tr("Client id"), tr("Client"), tr("Form of access"), tr("Users"),
        tr("Pending invitations"), tr("Invitations unanswered for over 7 days"),
        tr("API keys"), tr("First key expires"), tr("Soonest expiry"), tr("Checked at"),
        tr("Problem"),
    ])
    for row_number in rows:
        found = model.row_at(row_number)
        if found is None:
            continue
        row, summary = found
        checked = row.snapshot.fetched_at.isoformat(timespec="seconds") if row.snapshot else ""
        problem = error_text(row.problem) if row.problem is not None else ""
        if summary is None:
            values = ["", "", "", "", "", "", ""]
        else:
            values = [
                tr(FORM_NAMES[summary.form]), str(summary.users), str(summary.pending),
                str(summary.unanswered), str(summary.keys),
                summary.key_expiry.date().isoformat() if summary.key_expiry else "",
                summary.soonest_expiry.date().isoformat() if summary.soonest_expiry else "",
            ]
        writer.writerow([csv_cell(cell) for cell in (
            row.entity_id, shown_text(row.name), *values, checked, problem)])
    return out.getvalue()


class AccessOverviewDialog(QDialog):
    """The firm-wide access overview (a window of its own; a double-click opens the client
    on its Access tab)."""

    client_chosen = Signal(str)
    _row_arrived = Signal(object)  # from the loop's thread

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("accessOverview")
        self.setWindowTitle(tr("Access overview"))
        self._expected = 0
        self._done = 0
        self.running = False
        layout = QVBoxLayout(self)
        intro = quiet_label(tr(
            "Who outside the firm can reach each client: users, invitations and API keys, "
            "read from Space Invoices now."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        bar = QHBoxLayout()
        show_label = QLabel(tr("&Show"), self)
        self.filter = QComboBox(self)
        self.filter.setObjectName("accessFilter")
        for mode in Show:
            self.filter.addItem(tr(mode.value), mode)
        show_label.setBuddy(self.filter)
        self.filter.currentIndexChanged.connect(self._filter_changed)
        bar.addWidget(show_label)
        bar.addWidget(self.filter)
        self.shown_label = quiet_label("", self)
        bar.addWidget(self.shown_label)
        bar.addStretch(1)
        self.check_button = QPushButton(icon("refresh"), tr("Check &again"), self)
        self.check_button.setObjectName("checkAgain")
        self.check_button.clicked.connect(self.start)
        bar.addWidget(self.check_button)
        self.export_button = QPushButton(icon("export"), tr("&Export CSV…"), self)
        self.export_button.setObjectName("exportCsv")
        self.export_button.setToolTip(tr("Saves the rows shown, as a spreadsheet file."))
        self.export_button.clicked.connect(self.export_csv)
        bar.addWidget(self.export_button)
        layout.addLayout(bar)

        self.model = OverviewModel(self)
        self.proxy = OverviewFilter(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTableView(self)
        self.view.setObjectName("accessOverviewTable")
        self.view.setAccessibleName(tr("Access of every client"))
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.setTabKeyNavigation(False)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.view.activated.connect(self._open_client)
        self.view.doubleClicked.connect(self._open_client)
        layout.addWidget(self.view, 1)

        foot = QHBoxLayout()
        self.progress_label = plain_label("", self)
        self.progress_label.setObjectName("overviewProgress")
        foot.addWidget(self.progress_label, 1)
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(False)
        foot.addWidget(self.progress)
        self.stop_button = QPushButton(tr("S&top"), self)
        self.stop_button.setObjectName("stopChecking")
        self.stop_button.clicked.connect(self.stop)
        foot.addWidget(self.stop_button)
        close = QPushButton(tr("Close"), self)
        close.clicked.connect(self.close)
        foot.addWidget(close)
        layout.addLayout(foot)
        self._row_arrived.connect(self._on_row)
        self.resize(980, 600)

    # reading -------------------------------------------------------------------------------

    def start(self) -> None:
        """Read every client's access now (rows already shown are updated in place)."""
        if not self.context.has_workspace:
            return
        workspace = self.context.workspace
        clients = [(row.id, row.name) for row in workspace.clients() if not is_local_id(row.id)]
        self._expected, self._done = len(clients), 0
        self.running = True
        self._update_progress()
        self.context.bridge.run(
            workspace.access.overview(clients, on_row=self._row_arrived.emit),
            owner=self, key="overview", on_success=lambda _rows: self._finished(),
            on_error=self._failed,
        )

    def stop(self) -> None:
        self.context.bridge.cancel_key(self, "overview")
        self.running = False
        self._update_progress(stopped=True)

    def _on_row(self, row: OverviewRow) -> None:
        if not self.running:
            return
        self.model.put(row)
        self._done += 1
        if row.problem is not None and describe(row.problem).kind is ProblemKind.NETWORK:
            self.context.set_online(False)
        self._update_progress()

    def _finished(self) -> None:
        self.running = False
        self._update_progress()

    def _failed(self, error: BaseException) -> None:
        self.running = False
        self._update_progress()
        self.progress_label.setText(error_text(error))

    def _update_progress(self, *, stopped: bool = False) -> None:
        total = max(self._expected, 1)
        self.progress.setRange(0, total)
        self.progress.setValue(min(self._done, total))
        self.progress.setVisible(self.running)
        self.stop_button.setVisible(self.running)
        self.check_button.setEnabled(not self.running)
        if self.running:
            text = tr("Checked %1 of %2 clients…")
        elif stopped:
            text = tr("Stopped after %1 of %2 clients.")
        else:
            text = tr("Checked %1 of %2 clients.")
        self.progress_label.setText(
            text.replace("%1", str(self._done)).replace("%2", str(self._expected)))
        self._update_shown()

    def _filter_changed(self) -> None:
        mode = self.filter.currentData()
        self.proxy.set_mode(mode if isinstance(mode, Show) else Show.ALL)
        self._update_shown()

    def _update_shown(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.shown_label.setText(tr("%1 of %2 shown").replace("%1", str(shown))
                                 .replace("%2", str(total)))
        self.export_button.setEnabled(shown > 0)

    def _open_client(self, index: QModelIndex) -> None:
        row = self.proxy.data(index, RowRole)
        if isinstance(row, OverviewRow):
            self.client_chosen.emit(row.entity_id)

    # export --------------------------------------------------------------------------------

    def choose_export_path(self, suggested: str) -> str:
        """Where to save; tests replace this. "" when the user cancels."""
        path, _ = QFileDialog.getSaveFileName(
            self, tr("Export access overview"), suggested, tr("CSV files (*.csv)"))
        return str(path)

    def export_csv(self) -> Path | None:
        """The rows shown, in the order shown, as CSV (UTF-8 with a byte order mark, so
        that a spreadsheet reads the accents)."""
        suggested = f"access-overview-{dt.date.today().isoformat()}.csv"
        chosen = self.choose_export_path(suggested)
        if not chosen:
            return None
        path = Path(chosen)
        problem = save_csv(path, overview_csv(self.model, shown_rows(self.proxy)))
        if problem is not None:
            self.progress_label.setText(tr("Could not save the file: %1").replace("%1", problem))
            return None
        self.context.status_message.emit(tr("Access overview saved to %1").replace(
            "%1", str(path)))
        return path

    def closeEvent(self, event: QCloseEvent) -> None:
        self.stop()
        super().closeEvent(event)


def open_access_overview(window: MainWindow) -> AccessOverviewDialog | None:
    """Show the window's access overview (made once and reused) and read every client."""
    if not window.context.has_workspace:
        return None
    dialog = window.findChild(AccessOverviewDialog, "accessOverview")
    if dialog is None:
        dialog = AccessOverviewDialog(window.context, window)
        dialog.client_chosen.connect(lambda entity_id: _show_client(window, entity_id))
        window.context.workspace_changed.connect(dialog.close)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    if not dialog.running:
        dialog.start()
    return dialog


def _show_client(window: MainWindow, entity_id: str) -> None:
    """The client, on its Access tab."""
    window.request_client(entity_id)
    for index in range(window.tabs.count()):
        page = window.tabs.widget(index)
        if getattr(page, "page_id", "") == "access" or (
                page is not None and page.objectName() == "slot-access"):
            window.tabs.setCurrentIndex(index)
            break
