"""Firm → Activity…: every change made from this workstation (single edits and batches,
documents issued, voided and sent, access changes), when, for which client and record,
which fields from what to what, and what became of it. Filters by client, period and kind,
a search, CSV export, and the undo of a batch. Read from the local cache (offline too); the
log keeps 24 months and never an API key or the text of an e-mail (`store.activity`)."""

from __future__ import annotations

import csv
import datetime as dt
import enum
import io
from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
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
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from si_desktop.core.standards import FIELDS_BY_PATH
from si_desktop.core.terminal import printable
from si_desktop.sync import standards
from si_desktop.sync.events import Changes
from si_desktop.sync.standards import ActivityEntry, StandardError
from si_desktop.ui.context import AppContext
from si_desktop.ui.csv_files import csv_cell, save_csv
from si_desktop.ui.firm.dry_run import DryRunDialog
from si_desktop.ui.firm.texts import (
    change_kind_name,
    field_name,
    outcome_name,
    resolution_name,
    value_text,
)
from si_desktop.ui.i18n import QT_TRANSLATE_NOOP
from si_desktop.ui.widgets import plain_label, quiet_label

ModelIndex = QModelIndex | QPersistentModelIndex
EntryRole = Qt.ItemDataRole.UserRole + 1
RELOAD_MS = 300
LISTED_CLIENTS = 2_000


def tr(text: str) -> str:
    return QCoreApplication.translate("Firm", text)


class Period(enum.Enum):
    DAY = QT_TRANSLATE_NOOP("Firm", "Today")
    WEEK = QT_TRANSLATE_NOOP("Firm", "Last 7 days")
    MONTH = QT_TRANSLATE_NOOP("Firm", "Last 30 days")
    YEAR = QT_TRANSLATE_NOOP("Firm", "Last 12 months")
    ALL = QT_TRANSLATE_NOOP("Firm", "Everything kept (24 months)")

    def since(self, now: dt.datetime) -> str | None:
        days = {Period.DAY: 0, Period.WEEK: 7, Period.MONTH: 30, Period.YEAR: 365}.get(self)
        if days is None:
            return None
        start = now.astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
        moment = (start - dt.timedelta(days=days)).astimezone(dt.UTC)
        return moment.strftime("%Y-%m-%dT%H:%M:%S")


class Kinds(enum.Enum):
    ALL = QT_TRANSLATE_NOOP("Firm", "All changes")
    BATCHES = QT_TRANSLATE_NOOP("Firm", "Bulk changes")
    SETTINGS = QT_TRANSLATE_NOOP("Firm", "Clients and units")
    DOCUMENTS = QT_TRANSLATE_NOOP("Firm", "Documents and payments")
    ACCESS = QT_TRANSLATE_NOOP("Firm", "Access")

    def kinds(self) -> list[str] | None:
        if self is Kinds.SETTINGS:
            return ["create_entity", "update_entity", "enable_entity", "disable_entity",
                    "create_unit", "update_unit", "archive_unit", "set_logo", "remove_logo"]
        if self is Kinds.DOCUMENTS:
            return ["create_document", "update_document", "issue_document", "void_document",
                    "delete_document", "send_document", "create_payment", "update_payment",
                    "delete_payment", "create_customer"]
        if self is Kinds.ACCESS:
            return ["access_invite", "access_role", "access_remove",
                    "access_cancel_invitation", "access_resend_invitation",
                    "access_create_key", "access_revoke_key"]
        return None


def when_text(at: str) -> str:
    try:
        moment = dt.datetime.fromisoformat(at.replace("Z", "+00:00"))
    except ValueError:
        return at
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def changes_text(entry: ActivityEntry, limit: int = 60) -> str:
    """"field: before → after; …" (only after, for a change with no before)."""
    parts = []
    for path in entry.fields:
        name = path.removeprefix("settings.")
        name = field_name(name) if name in FIELDS_BY_PATH else name
        after = value_text(entry.after.get(path), limit)
        if path in entry.before:
            parts.append(f"{name}: {value_text(entry.before.get(path), limit)} → {after}")
        else:
            parts.append(f"{name}: {after}")
    return "; ".join(parts)


def outcome_text(entry: ActivityEntry) -> str:
    text = outcome_name(entry.outcome)
    if entry.resolution:
        text += f" ({resolution_name(entry.resolution)})"
    if entry.reason and entry.outcome in ("refused", "conflict", "failed"):
        text += ": " + printable(entry.reason)
    return text


class ActivityModel(QAbstractTableModel):
    COLUMNS: ClassVar[tuple[str, ...]] = (
        QT_TRANSLATE_NOOP("Firm", "When"),
        QT_TRANSLATE_NOOP("Firm", "Client"),
        QT_TRANSLATE_NOOP("Firm", "Change"),
        QT_TRANSLATE_NOOP("Firm", "What changed"),
        QT_TRANSLATE_NOOP("Firm", "Outcome"),
        QT_TRANSLATE_NOOP("Firm", "Batch"),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ActivityEntry] = []
        self.names: dict[str, str] = {}
        self.batches: dict[str, str] = {}  # batch id → what it was, in words

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self.COLUMNS)):
            return tr(self.COLUMNS[section])
        return super().headerData(section, orientation, role)

    def entry_at(self, row: int) -> ActivityEntry | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def cells(self, entry: ActivityEntry) -> list[str]:
        client = self.names.get(entry.entity_id or "", entry.entity_id or "")
        change = change_kind_name(entry.kind)
        if entry.batch_id is not None:
            change = self.batches.get(entry.batch_id, change)
        elif entry.record_kind not in ("entity", "access") or entry.kind.startswith("access"):
            change += f" · {printable(entry.target_id)}"
        return [when_text(entry.at), printable(client), change, changes_text(entry),
                outcome_text(entry), entry.batch_id or ""]

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        entry = self._rows[index.row()]
        if role == EntryRole:
            return entry
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self.cells(entry)[index.column()]
            if role == Qt.ItemDataRole.ToolTipRole and index.column() == 3:
                return changes_text(entry, 400).replace("; ", "\n")
            return text
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 4 and entry.outcome in (
                "refused", "conflict", "failed"):
            return QBrush(QApplication.palette().color(QPalette.ColorRole.Link))
        return None

    def set_rows(self, rows: list[ActivityEntry]) -> None:
        """The log read again: rows added at the top are inserted there, rows whose outcome
        moved are updated in place; another filter replaces them all."""
        old = [r.id for r in self._rows]
        new = [r.id for r in rows]
        added = len(new) - len(old)
        if added >= 0 and new[added:] == old:
            if added:
                self.beginInsertRows(QModelIndex(), 0, added - 1)
                self._rows = rows
                self.endInsertRows()
            else:
                self._rows = rows
            if old:
                self.dataChanged.emit(self.index(added, 0),
                                      self.index(len(rows) - 1, len(self.COLUMNS) - 1))
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()


def activity_csv(model: ActivityModel) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([tr("When (UTC)"), tr("Client id"), tr("Client"), tr("Change"),
                     tr("Record"), tr("Fields"), tr("Before"), tr("After"), tr("Outcome"),
                     tr("Reason"), tr("Batch")])
    for row in range(model.rowCount()):
        entry = model.entry_at(row)
        if entry is None:
            continue
        writer.writerow([csv_cell(cell) for cell in (
            entry.at, entry.entity_id or "", printable(model.names.get(entry.entity_id or "", "")),
            change_kind_name(entry.kind), printable(entry.target_id), ", ".join(entry.fields),
            "; ".join(f"{k}={value_text(v, 500)}" for k, v in entry.before.items()),
            "; ".join(f"{k}={value_text(v, 500)}" for k, v in entry.after.items()),
            outcome_text(entry), printable(entry.reason or ""), entry.batch_id or "")])
    return out.getvalue()


class ActivityWindow(QDialog):
    """The activity log of this workstation."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.undo_dialog: DryRunDialog | None = None
        self.setObjectName("activityWindow")
        self.setWindowTitle(tr("Activity"))
        layout = QVBoxLayout(self)
        intro = quiet_label(tr(
            "Every change made from this workstation and what became of it. Kept 24 months; "
            "API keys and the text of e-mails are never kept."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        bar = QHBoxLayout()
        self.client = QComboBox(self)
        self.client.setObjectName("activityClient")
        self.client.addItem(tr("All clients"), "")
        self.client.addItem(tr("The open client"), "open")
        self.period = QComboBox(self)
        self.period.setObjectName("activityPeriod")
        for period in Period:
            self.period.addItem(tr(period.value), period)
        self.period.setCurrentIndex(list(Period).index(Period.MONTH))
        self.kinds = QComboBox(self)
        self.kinds.setObjectName("activityKinds")
        for kinds in Kinds:
            self.kinds.addItem(tr(kinds.value), kinds)
        self.search = QLineEdit(self)
        self.search.setObjectName("activitySearch")
        self.search.setPlaceholderText(tr("Search fields, values, ids"))
        self.search.setClearButtonEnabled(True)
        for text, widget in ((tr("&Client"), self.client), (tr("&Period"), self.period),
                             (tr("&Kind"), self.kinds)):
            label = QLabel(text, self)
            label.setBuddy(widget)
            bar.addWidget(label)
            bar.addWidget(widget)
        bar.addWidget(self.search, 1)
        layout.addLayout(bar)
        self.model = ActivityModel(self)
        self.view = QTableView(self)
        self.view.setObjectName("activityTable")
        self.view.setAccessibleName(tr("Changes, newest first"))
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setTabKeyNavigation(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 120), (1, 190), (2, 230), (4, 130)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.ResizeToContents)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        layout.addWidget(self.view, 1)
        foot = QHBoxLayout()
        self.status = plain_label("", self)
        self.status.setObjectName("activityStatus")
        foot.addWidget(self.status, 1)
        self.undo_button = QPushButton(tr("&Undo this batch…"), self)
        self.undo_button.setObjectName("activityUndo")
        self.undo_button.clicked.connect(self.undo_selected_batch)
        self.undo_button.setEnabled(False)
        foot.addWidget(self.undo_button)
        self.export_button = QPushButton(tr("&Export CSV…"), self)
        self.export_button.setObjectName("activityExport")
        self.export_button.clicked.connect(self.export_csv)
        foot.addWidget(self.export_button)
        close = QPushButton(tr("Close"), self)
        close.clicked.connect(self.close)
        foot.addWidget(close)
        layout.addLayout(foot)
        self._again = QTimer(self)
        self._again.setSingleShot(True)
        self._again.setInterval(RELOAD_MS)
        self._again.timeout.connect(self.reload)
        for combo in (self.client, self.period, self.kinds):
            combo.currentIndexChanged.connect(self.reload)
        self.search.textChanged.connect(lambda _text: self._again.start())
        context.offline.cache_changed.connect(self._cache_changed)
        context.workspace_changed.connect(self.close)
        self.resize(1180, 680)
        if context.has_workspace:
            standards.prune_activity(context.workspace)
        self.reload()

    def reload(self) -> None:
        if not self.context.has_workspace:
            return
        workspace = self.context.workspace
        clients = workspace.clients()
        self.model.names = {row.id: row.name for row in clients}
        self._fill_clients(clients)
        self.model.batches = {
            batch.id: (tr("Undo: standard “%1”") if batch.undoes else tr("Standard “%1”"))
            .replace("%1", printable(batch.standard))
            for batch in standards.batches(workspace)
        }
        entity_ids = None
        chosen = self.client.currentData()
        if chosen == "open":
            entity_ids = [self.context.current_client_id]
        elif chosen:
            entity_ids = [str(chosen)]
        period = self.period.currentData()
        kinds = self.kinds.currentData()
        rows = standards.activity(
            workspace, entity_ids=entity_ids,
            since=period.since(dt.datetime.now(dt.UTC)) if isinstance(period, Period) else None,
            kinds=kinds.kinds() if isinstance(kinds, Kinds) else None,
            text=self.search.text().strip())
        if kinds is Kinds.BATCHES:
            rows = [row for row in rows if row.batch_id]
        self.model.set_rows(rows)
        self.status.setText(tr("Changes shown: %1").replace("%1", str(len(rows))))
        self.export_button.setEnabled(bool(rows))
        self._selection_changed()

    def _fill_clients(self, clients: list[Any]) -> None:
        """All clients, the open one, then each client by name (up to `LISTED_CLIENTS`; a
        larger firm finds one by the search)."""
        if self.client.count() > 2 or len(clients) > LISTED_CLIENTS:
            return
        self.client.blockSignals(True)
        for row in clients:
            self.client.addItem(printable(row.name) or row.id, row.id)
        self.client.blockSignals(False)

    def _cache_changed(self, changes: Changes | None) -> None:
        if changes is None or changes.queue or changes.access:
            self._again.start()

    def selected(self) -> ActivityEntry | None:
        rows = self.view.selectionModel().selectedRows()
        entry = self.model.data(rows[0], EntryRole) if rows else None
        return entry if isinstance(entry, ActivityEntry) else None

    def _selection_changed(self, *_args: object) -> None:
        entry = self.selected()
        self.undo_button.setEnabled(entry is not None and entry.batch_id is not None)

    def undo_selected_batch(self) -> DryRunDialog | None:
        entry = self.selected()
        if entry is None or entry.batch_id is None or not self.context.has_workspace:
            return None
        try:
            plan = standards.undo_plan(self.context.workspace, entry.batch_id)
        except StandardError as error:
            self.status.setText(printable(str(error)))
            return None
        self.undo_dialog = DryRunDialog(self.context, plan, self)
        self.undo_dialog.show()
        return self.undo_dialog

    def choose_export_path(self, suggested: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self, tr("Export the activity"), suggested,
                                              tr("CSV files (*.csv)"))
        return str(path)

    def export_csv(self) -> Path | None:
        chosen = self.choose_export_path(f"activity-{dt.date.today().isoformat()}.csv")
        if not chosen:
            return None
        path = Path(chosen)
        problem = save_csv(path, activity_csv(self.model))
        if problem is not None:
            self.status.setText(tr("Could not save the file: %1").replace("%1", problem))
            return None
        self.status.setText(tr("Saved to %1").replace("%1", str(path)))
        return path

    def closeEvent(self, event: QCloseEvent) -> None:
        self._again.stop()
        super().closeEvent(event)
