"""Firm → Year end…: every client's sequences at the turn of the year in one table (the rules in
`core.year_end`, the reading in `sync.year_end`): the last number of this year, the first on
1 January, whether the sequence restarts, and what may go wrong. Filter to the problems,
export CSV; a double-click opens the client on its Number formats tab.

The table fills from this computer's copy at once; then each client is read again with
Space Invoices' counters, its rows updated in place. The "From" column says where each last
number came from.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import io
from collections.abc import Callable
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
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from si_desktop.core.year_end import SequenceYearEnd, Source, WarningKind, YearEndWarning
from si_desktop.sync.year_end import ClientYearEnd, firm_year_end
from si_desktop.ui.context import AppContext
from si_desktop.ui.csv_files import csv_cell, save_csv, shown_rows
from si_desktop.ui.editors.base import document_name
from si_desktop.ui.errors import error_text
from si_desktop.ui.i18n import QT_TRANSLATE_NOOP
from si_desktop.ui.icons import icon
from si_desktop.ui.widgets import plain_label, quiet_label

if TYPE_CHECKING:
    from si_desktop.ui.main_window import MainWindow

ModelIndex = QModelIndex | QPersistentModelIndex
RowRole = Qt.ItemDataRole.UserRole + 1
WARNINGS_COLUMN = 9


def tr(text: str) -> str:
    return QCoreApplication.translate("YearEnd", text)


class Show(enum.Enum):
    """The table's filters."""

    ALL = QT_TRANSLATE_NOOP("YearEnd", "Every sequence")
    PROBLEMS = QT_TRANSLATE_NOOP("YearEnd", "Only problems")
    SHARED = QT_TRANSLATE_NOOP("YearEnd", "Sequences that can give the same number")
    NO_YEAR = QT_TRANSLATE_NOOP("YearEnd", "Formats without a year")
    FIRST_BELOW = QT_TRANSLATE_NOOP("YearEnd", "First numbers below issued ones")


_KIND_OF = {Show.SHARED: WarningKind.SHARED_NUMBERS, Show.NO_YEAR: WarningKind.NO_YEAR,
            Show.FIRST_BELOW: WarningKind.FIRST_BELOW_ISSUED}


def shows(mode: Show, row: SequenceYearEnd) -> bool:
    if mode is Show.ALL:
        return True
    if mode is Show.PROBLEMS:
        return row.has_problems
    return any(warning.kind is _KIND_OF[mode] for warning in row.warnings)


def source_text(source: Source) -> str:
    return {Source.SERVICE: tr("Space Invoices"), Source.CACHE: tr("This computer"),
            Source.NONE: "—"}[source]


def _other(warning: YearEndWarning) -> str:
    if warning.other_unit_id is None:
        return tr("the client's own numbering (no business unit)")
    return warning.other_unit_name or warning.other_unit_id


def warning_text(row: SequenceYearEnd, warning: YearEndWarning) -> str:
    """One warning as a sentence for the bookkeeper."""
    if warning.kind is WarningKind.NO_YEAR:
        return tr("No year in the format: on 1 January numbering continues at %1 instead of "
                  "restarting at 1.").replace("%1", row.next_number)
    if warning.kind is WarningKind.SHARED_NUMBERS:
        return tr("Can give the same numbers as %1: give each its own format, or add {u} to "
                  "the business units' format.").replace("%1", _other(warning))
    return tr("First number %1 is configured, but %2 was already issued: the setting has no "
              "effect.").replace("%1", str(warning.first)).replace("%2", str(warning.last))


def warnings_text(row: SequenceYearEnd) -> str:
    """Every warning of the row in full (the tooltip and the CSV)."""
    return " ".join(warning_text(row, warning) for warning in row.warnings)


def warnings_summary(row: SequenceYearEnd) -> str:
    """The row's warnings in a few words (the table's cell): the sequences that clash are
    named in one list."""
    parts: list[str] = []
    shared = [_other(w) for w in row.warnings if w.kind is WarningKind.SHARED_NUMBERS]
    for warning in row.warnings:
        if warning.kind is WarningKind.NO_YEAR:
            parts.append(tr("No year: continues at %1").replace("%1", row.next_number))
        elif warning.kind is WarningKind.FIRST_BELOW_ISSUED:
            parts.append(tr("First number %1 is below issued %2").replace(
                "%1", str(warning.first)).replace("%2", str(warning.last)))
    if shared:
        parts.append(tr("Same numbers as: %1").replace("%1", ", ".join(shared)))
    return "; ".join(parts)


class YearEndModel(QAbstractTableModel):
    """One row per sequence, client by client; a client read again is updated in place."""

    COLUMNS: ClassVar[tuple[str, ...]] = (
        QT_TRANSLATE_NOOP("YearEnd", "Client"),
        QT_TRANSLATE_NOOP("YearEnd", "Business unit"),
        QT_TRANSLATE_NOOP("YearEnd", "Document"),
        QT_TRANSLATE_NOOP("YearEnd", "Format"),
        QT_TRANSLATE_NOOP("YearEnd", "Issued"),
        QT_TRANSLATE_NOOP("YearEnd", "Last in %1"),
        QT_TRANSLATE_NOOP("YearEnd", "From"),
        QT_TRANSLATE_NOOP("YearEnd", "First in %2"),
        QT_TRANSLATE_NOOP("YearEnd", "1 January"),
        QT_TRANSLATE_NOOP("YearEnd", "Warnings"),
    )

    def __init__(self, year: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.year = year
        self._rows: list[SequenceYearEnd] = []
        self._starts: dict[str, int] = {}
        self._counts: dict[str, int] = {}
        self.read_with_counters: set[str] = set()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self.COLUMNS)):
            return tr(self.COLUMNS[section]).replace("%1", str(self.year)).replace(
                "%2", str(self.year + 1))
        return super().headerData(section, orientation, role)

    def row_at(self, row: int) -> SequenceYearEnd | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    @property
    def client_count(self) -> int:
        return len(self._starts)

    def rows(self) -> list[SequenceYearEnd]:
        return list(self._rows)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        column = index.column()
        if role == RowRole:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, column)
        if role == Qt.ItemDataRole.DecorationRole and column == WARNINGS_COLUMN \
                and row.has_problems:
            return QApplication.style().standardIcon(
                QStyle.StandardPixmap.SP_MessageBoxWarning)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def text(self, row: SequenceYearEnd, column: int) -> str:
        if column == 0:
            return row.client_name or row.entity_id
        if column == 1:
            return row.unit_name if row.unit_id is not None else "—"
        if column == 2:
            return document_name(row.doc_type)
        if column == 3:
            return row.fmt
        if column == 4:
            return "—" if row.issued_this_year is None else str(row.issued_this_year)
        if column == 5:
            if row.last_number:
                return row.last_number
            return tr("not read yet") if row.last_source is Source.NONE and \
                row.issued_this_year is None else tr("none yet")
        if column == 6:
            return source_text(row.last_source)
        if column == 7:
            return row.next_number
        if column == 8:
            return tr("Restarts at 1") if row.restarts else tr("Continues")
        return warnings_summary(row)

    def tooltip(self, row: SequenceYearEnd, column: int) -> str:
        if column == WARNINGS_COLUMN:
            return warnings_text(row)
        if column == 4:
            return tr("Documents of %1 in this computer's copy").replace(
                "%1", str(self.year)) if row.issued_this_year is not None else tr(
                "This client's documents have not been read on this computer yet.")
        if column == 6:
            return {Source.SERVICE: tr("Read from Space Invoices' counter (its next number, "
                                       "less one)."),
                    Source.CACHE: tr("From the documents in this computer's copy: Space "
                                     "Invoices could not be asked."),
                    Source.NONE: tr("Neither Space Invoices nor this computer knows of a "
                                    "number issued this year.")}[row.last_source]
        return self.text(row, column)

    def put(self, client: ClientYearEnd) -> None:
        """Show the client's rows: added at the end, or in place of those shown."""
        if client.counters_read:
            self.read_with_counters.add(client.entity_id)
        rows = list(client.rows)
        start = self._starts.get(client.entity_id)
        if start is None:
            at = len(self._rows)
            if rows:
                self.beginInsertRows(QModelIndex(), at, at + len(rows) - 1)
                self._rows += rows
                self._starts[client.entity_id], self._counts[client.entity_id] = at, len(rows)
                self.endInsertRows()
            return
        count = self._counts[client.entity_id]
        if count == len(rows):
            self._rows[start:start + count] = rows
            if rows:
                self.dataChanged.emit(self.index(start, 0),
                                      self.index(start + count - 1, len(self.COLUMNS) - 1))
            return
        if count:  # the client's units changed meanwhile: its rows go, and come back
            self.beginRemoveRows(QModelIndex(), start, start + count - 1)
            del self._rows[start:start + count]
            self.endRemoveRows()
        self._starts = {}
        self._counts.pop(client.entity_id, None)
        for offset, row in enumerate(self._rows):
            self._starts.setdefault(row.entity_id, offset)
        self.put(client)

    def clear(self) -> None:
        self.beginResetModel()  # a new reading: nothing of the old one stays
        self._rows, self._starts, self._counts = [], {}, {}
        self.read_with_counters = set()
        self.endResetModel()


class YearEndFilter(QSortFilterProxyModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.mode = Show.ALL

    def set_mode(self, mode: Show) -> None:
        self.beginFilterChange()
        self.mode = mode
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        model = self.sourceModel()
        row = model.row_at(source_row) if isinstance(model, YearEndModel) else None
        return row is None or shows(self.mode, row)


def year_end_csv(model: YearEndModel, rows: list[int]) -> str:
    """The given rows as CSV, with the ids for finding each client and unit again."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    year = model.year
    writer.writerow([
        tr("Client id"), tr("Client"), tr("Business unit id"), tr("Business unit"),
        tr("Document"), tr("Format"), tr("Issued in %1").replace("%1", str(year)),
        tr("Last in %1").replace("%1", str(year)), tr("From"),
        tr("First on 1 January %2").replace("%2", str(year + 1)), tr("On 1 January"),
        tr("Warnings"),
    ])
    for number in rows:
        row = model.row_at(number)
        if row is None:
            continue
        writer.writerow([csv_cell(cell) for cell in (
            row.entity_id, row.client_name, row.unit_id or "", row.unit_name,
            document_name(row.doc_type), row.fmt,
            "" if row.issued_this_year is None else str(row.issued_this_year),
            row.last_number or "", source_text(row.last_source), row.next_number,
            model.text(row, 8), warnings_text(row))])
    return out.getvalue()


class YearEndDialog(QDialog):
    """The firm's year-end numbering (a window of its own)."""

    client_chosen = Signal(str)
    _arrived = Signal(object)  # from the loop's thread

    def __init__(self, context: AppContext, parent: QWidget | None = None, *,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("yearEnd")
        self.setWindowTitle(tr("Year-end numbering"))
        self._today = today
        self.running = False
        self.status = ""
        year = today().year
        layout = QVBoxLayout(self)
        intro = quiet_label(tr(
            "For every client, business unit and document type: the last number of %1 and "
            "the first on 1 January %2. Last numbers come from Space Invoices' counters where "
            "it could be asked, else from this computer's copy (the From column says which); "
            "the documents issued are counted in this computer's copy. The first number "
            "after 1 January follows the numbering rule: a format with a year restarts at 1, "
            "one without keeps counting.").replace("%1", str(year)).replace(
                "%2", str(year + 1)), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        bar = QHBoxLayout()
        show_label = QLabel(tr("&Show"), self)
        self.filter = QComboBox(self)
        self.filter.setObjectName("yearEndFilter")
        for mode in Show:
            self.filter.addItem(tr(mode.value), mode)
        show_label.setBuddy(self.filter)
        self.filter.currentIndexChanged.connect(self._filter_changed)
        bar.addWidget(show_label)
        bar.addWidget(self.filter)
        self.shown_label = quiet_label("", self)
        bar.addWidget(self.shown_label)
        bar.addStretch(1)
        self.again_button = QPushButton(icon("refresh"), tr("Read &again"), self)
        self.again_button.setObjectName("yearEndAgain")
        self.again_button.clicked.connect(self.start)
        bar.addWidget(self.again_button)
        self.export_button = QPushButton(icon("export"), tr("&Export CSV…"), self)
        self.export_button.setObjectName("yearEndExport")
        self.export_button.setToolTip(tr("Saves the rows shown, as a spreadsheet file."))
        self.export_button.clicked.connect(self.export_csv)
        bar.addWidget(self.export_button)
        layout.addLayout(bar)

        self.model = YearEndModel(year, self)
        self.proxy = YearEndFilter(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTableView(self)
        self.view.setObjectName("yearEndTable")
        self.view.setAccessibleName(tr("Numbering of every client at the turn of the year"))
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the clients' own order
        self.view.setTabKeyNavigation(False)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((190, 120, 85, 130, 55, 120, 105, 120, 95)):
            header.resizeSection(column, width)
        self.view.activated.connect(self._open_client)
        self.view.doubleClicked.connect(self._open_client)
        layout.addWidget(self.view, 1)

        foot = QHBoxLayout()
        self.progress_label = plain_label("", self)
        self.progress_label.setObjectName("yearEndProgress")
        foot.addWidget(self.progress_label, 1)
        self.stop_button = QPushButton(tr("S&top"), self)
        self.stop_button.clicked.connect(self.stop)
        foot.addWidget(self.stop_button)
        close = QPushButton(tr("Close"), self)
        close.clicked.connect(self.close)
        foot.addWidget(close)
        layout.addLayout(foot)
        self._arrived.connect(self._on_client)
        self.resize(1280, 640)
        self._update_progress()

    # reading -------------------------------------------------------------------------------

    def start(self) -> None:
        """Read every client: from the cache at once, then with the service's counters."""
        if not self.context.has_workspace:
            return
        self.model.clear()
        self.running = True
        self.status = ""
        ask = self.context.online is not False
        self.context.bridge.run(
            firm_year_end(self.context.workspace, self._today(), self._arrived.emit,
                          ask_service=ask),
            owner=self, key="year-end", on_success=self._finished, on_error=self._failed)
        self._update_progress()

    def stop(self) -> None:
        self.context.bridge.cancel_key(self, "year-end")
        if self.running:
            self.running = False
            self.status = tr("Stopped: the clients not read again show this computer's "
                             "figures.")
        self._update_progress()

    def _on_client(self, client: ClientYearEnd) -> None:
        self.model.put(client)
        self._update_progress()

    def _finished(self, read: int) -> None:
        self.running = False
        clients = self.model.client_count
        if read < clients:
            self.status = tr("Space Invoices could not be asked for every client: %1 of %2 "
                             "show this computer's figures.").replace(
                "%1", str(clients - read)).replace("%2", str(clients))
        self._update_progress()

    def _failed(self, error: BaseException) -> None:
        self.running = False
        self.status = error_text(error)
        self._update_progress()

    def _update_progress(self) -> None:
        clients = self.model.client_count
        read = len(self.model.read_with_counters)
        self.stop_button.setVisible(self.running)
        self.again_button.setEnabled(not self.running)
        if self.running:
            text = tr("Asking Space Invoices for the counters: %1 of %2 clients…").replace(
                "%1", str(read)).replace("%2", str(clients))
        elif self.status:
            text = self.status
        else:
            text = tr("%1 clients, every figure as of now.").replace("%1", str(clients))
        self.progress_label.setText(text)
        self._update_shown()

    def _filter_changed(self) -> None:
        mode = self.filter.currentData()
        self.proxy.set_mode(mode if isinstance(mode, Show) else Show.ALL)
        self._update_shown()

    def _update_shown(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        problems = sum(1 for row in self.model.rows() if row.has_problems)
        self.shown_label.setText(tr("%1 of %2 sequences shown, %3 with problems").replace(
            "%1", str(shown)).replace("%2", str(total)).replace("%3", str(problems)))
        self.export_button.setEnabled(shown > 0)

    def set_filter(self, mode: Show) -> None:
        self.filter.setCurrentIndex(self.filter.findData(mode))

    def _open_client(self, index: QModelIndex) -> None:
        row = self.proxy.data(index, RowRole)
        if isinstance(row, SequenceYearEnd):
            self.client_chosen.emit(row.entity_id)

    # export --------------------------------------------------------------------------------

    def choose_export_path(self, suggested: str) -> str:
        """Where to save; tests replace this. "" when the user cancels."""
        path, _ = QFileDialog.getSaveFileName(
            self, tr("Export year-end numbering"), suggested, tr("CSV files (*.csv)"))
        return str(path)

    def export_csv(self) -> Path | None:
        """The rows shown, in the order shown, as CSV (UTF-8 with a byte order mark)."""
        chosen = self.choose_export_path(f"year-end-{self.model.year}.csv")
        if not chosen:
            return None
        path = Path(chosen)
        problem = save_csv(path, year_end_csv(self.model, shown_rows(self.proxy)))
        if problem is not None:
            self.status = tr("Could not save the file: %1").replace("%1", problem)
            self._update_progress()
            return None
        self.context.status_message.emit(tr("Year-end numbering saved to %1").replace(
            "%1", str(path)))
        return path

    def closeEvent(self, event: QCloseEvent) -> None:
        self.stop()
        super().closeEvent(event)


def open_year_end(window: MainWindow) -> YearEndDialog | None:
    """Show the window's year-end numbering (made once and reused) and read it now."""
    if not window.context.has_workspace:
        return None
    dialog = window.findChild(YearEndDialog, "yearEnd")
    if dialog is None:
        dialog = YearEndDialog(window.context, window)
        dialog.client_chosen.connect(
            lambda entity_id: show_client_page(window, entity_id, "number-formats"))
        window.context.workspace_changed.connect(dialog.close)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    if not dialog.running:
        dialog.start()
    return dialog


def show_client_page(window: MainWindow, entity_id: str, page_id: str) -> None:
    """The client, on the tab `page_id`."""
    window.request_client(entity_id)
    for index in range(window.tabs.count()):
        page = window.tabs.widget(index)
        if page is not None and (getattr(page, "page_id", "") == page_id
                                 or page.objectName() == f"slot-{page_id}"):
            window.tabs.setCurrentIndex(index)
            break
