"""File → Export for many clients…: the documents of many clients for one period, one
folder per client (`<client code or name> – <tax number>/`) and `manifest.csv` in the folder
chosen.

The clients: all of them, the ones the switcher's search shows now, the pinned ones, or a
selection ticked here. The run shows each client's progress and the whole job's, can be
stopped (Stop) and resumed later, also after the app was closed or crashed (the dialog
offers the stopped job when it opens), and ends with what happened: how many clients were
exported, which had no documents in the period, which failed and why.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QUrl,
)
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListView,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from si_desktop.sync.exports import (
    ClientState,
    ExportClient,
    ExportEvent,
    ExportPlan,
    ExportSummary,
    FirmExport,
)
from si_desktop.ui.bridge import Job
from si_desktop.ui.context import AppContext
from si_desktop.ui.exports.common import (
    EventRelay,
    ExportOptions,
    failure_text,
    period_text,
    stop_text,
)
from si_desktop.ui.theme.stylesheet import styled
from si_desktop.ui.widgets import plain_label, quiet_label

if TYPE_CHECKING:
    from si_desktop.ui.switcher.widget import ClientSwitcher

ModelIndex = QModelIndex | QPersistentModelIndex
SHOWN_FAILURES = 8


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("FirmExportDialog", text, None, n)


@dataclass(frozen=True)
class ClientChoices:
    """The clients the dialog can offer: every cached one, the ones the switcher's search
    shows (None while nothing is typed), and the pinned ones."""

    clients: tuple[ExportClient, ...]
    filtered: tuple[str, ...] | None = None
    filter_text: str = ""
    pinned: tuple[str, ...] = ()

    def of(self, ids: Iterable[str]) -> list[ExportClient]:
        wanted = set(ids)
        return [client for client in self.clients if client.id in wanted]


def choices_from_switcher(switcher: ClientSwitcher) -> ClientChoices:
    """What the window's switcher shows now: its clients, its search, its pins."""
    from si_desktop.ui.switcher.model import ClientRole

    workspace = switcher.context.workspace
    clients = tuple(ExportClient.from_row(row) for row in workspace.clients())
    text = switcher.search.text().strip()
    filtered = None
    if text:
        proxy = switcher.proxy
        filtered = tuple(str(proxy.index(row, 0).data(ClientRole.Id))
                         for row in range(proxy.rowCount()))
    return ClientChoices(clients, filtered, text, tuple(switcher.favourites.pinned_ids()))


@dataclass
class _Row:
    client: ExportClient
    state: ClientState | None = None
    fraction: float | None = None
    running: bool = False


class ClientProgressModel(QAbstractTableModel):
    """One row per client of the export: its folder, where its step stands, its documents."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[_Row] = []
        self._row_of: dict[str, int] = {}
        self._columns = (tr("Client"), tr("Folder"), tr("Status"), tr("Documents"))

    def set_export(self, export: FirmExport) -> None:
        self.beginResetModel()  # a new job: every row is new
        self._rows = [_Row(client, export.states[client.id]) for client in export.plan.clients]
        self._row_of = {row.client.id: index for index, row in enumerate(self._rows)}
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self._columns)):
            return self._columns[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == 0:
                return row.client.name
            if column == 1:
                return row.state.folder if row.state is not None else ""
            if column == 2:
                return self._status(row, full=role == Qt.ItemDataRole.ToolTipRole)
            if column == 3:
                state = row.state
                if state is not None and state.status in ("done", "empty"):
                    return QLocale().toString(state.documents)
                return ""
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def _status(row: _Row, *, full: bool) -> str:
        state = row.state
        if row.running:
            if row.fraction is None:
                return tr("Exporting…")
            return tr("Exporting… %1 %").replace("%1", str(int(row.fraction * 100)))
        if state is None or state.status == "pending":
            return tr("Waiting")
        if state.status == "done":
            return tr("Exported")
        if state.status == "empty":
            return tr("No documents")
        text = failure_text(state.kind, state.reason or "")
        return text if full else tr("Failed: %1").replace("%1", text)

    def apply(self, event: ExportEvent) -> None:
        """A step's news: its row (and only its row) changes."""
        if event.client is None or event.client.id not in self._row_of:
            return
        number = self._row_of[event.client.id]
        row = self._rows[number]
        row.running = event.kind in ("client_started", "client_progress")
        row.fraction = event.fraction if row.running else None
        if event.state is not None:
            row.state = event.state
        self.dataChanged.emit(self.index(number, 0), self.index(number, len(self._columns) - 1))

    def stop_running(self) -> None:
        """After a stop: no row says it is exporting any more."""
        changed = [n for n, row in enumerate(self._rows) if row.running]
        for number in changed:
            self._rows[number].running = False
            self.dataChanged.emit(self.index(number, 0),
                                  self.index(number, len(self._columns) - 1))


def summary_text(summary: ExportSummary, locale: QLocale | None = None) -> str:
    """What happened, for a bookkeeper: "Exported 37 clients (1,204 documents) into …",
    "3 clients had no documents in Q3 2026.", the failures and why, and why a run stopped."""
    locale = locale or QLocale()
    lines: list[str] = []
    when = period_text(summary.plan.period, locale)
    exported = len(summary.exported)
    if exported:
        line = (tr("Exported %n client (%1 documents) into %2.", exported) if exported == 1
                else tr("Exported %n clients (%1 documents) into %2.", exported))
        lines.append(line.replace("%1", locale.toString(summary.documents))
                     .replace("%2", str(summary.plan.destination)))
    empty = len(summary.empty)
    if empty:
        line = (tr("%n client had no documents in %1.", empty) if empty == 1
                else tr("%n clients had no documents in %1.", empty))
        lines.append(line.replace("%1", when))
    failed = summary.failed
    if failed:
        lines.append(tr("%n client failed:", 1) if len(failed) == 1
                     else tr("%n clients failed:", len(failed)))
        for client, _reason in failed[:SHOWN_FAILURES]:
            state = summary.states[client.id]
            lines.append(f"• {client.name}: {failure_text(state.kind, state.reason or '')}")
        if len(failed) > SHOWN_FAILURES:
            lines.append(tr("… and %n more (see manifest.csv).", len(failed) - SHOWN_FAILURES))
    if summary.stopped is not None:
        lines.append(stop_text(summary.stop_kind, summary.stopped))
        left = len(summary.pending)
        lines.append(tr("%n client is left; Resume goes on where it stopped.", left)
                     if left == 1 else
                     tr("%n clients are left; Resume goes on where it stopped.", left))
    elif summary.manifest is not None:
        lines.append(tr("The list of files with their checksums is in %1.")
                     .replace("%1", str(summary.manifest)))
    return "\n".join(lines)


class FirmExportDialog(QDialog):
    """Many clients' documents for one period, one folder each, resumable."""

    def __init__(self, context: AppContext, choices: ClientChoices,
                 parent: QWidget | None = None, *,
                 today: Callable[[], datetime.date] | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.choices = choices
        self.setObjectName("firmExportDialog")
        self.setWindowTitle(tr("Export for many clients"))
        self.export: FirmExport | None = None
        self._job: Job[ExportSummary] | None = None
        self.summary: ExportSummary | None = None
        self.relay = EventRelay(self)
        self.relay.arrived.connect(self._on_event, Qt.ConnectionType.QueuedConnection)

        layout = QVBoxLayout(self)
        self.resume_box = QWidget(self)
        resume_row = QHBoxLayout(self.resume_box)
        resume_row.setContentsMargins(0, 0, 0, 0)
        self.resume_label = plain_label("", self.resume_box)
        self.resume_label.setWordWrap(True)
        resume_row.addWidget(self.resume_label, 1)
        self.resume_stopped = QPushButton(tr("Resume it"), self.resume_box)
        self.resume_stopped.clicked.connect(self._resume_stopped)
        resume_row.addWidget(self.resume_stopped)
        self.discard_stopped = QPushButton(tr("Forget it"), self.resume_box)
        self.discard_stopped.clicked.connect(self._discard_stopped)
        resume_row.addWidget(self.discard_stopped)
        layout.addWidget(self.resume_box)

        self.clients_box = QGroupBox(tr("Clients"), self)
        clients = QVBoxLayout(self.clients_box)
        self.group = QButtonGroup(self)
        self.all_button = QRadioButton(tr("All clients (%1)").replace(
            "%1", QLocale().toString(len(choices.clients))), self.clients_box)
        self.filter_button = QRadioButton(self._filter_label(), self.clients_box)
        self.filter_button.setEnabled(choices.filtered is not None)
        self.pinned_button = QRadioButton(tr("Pinned clients (%1)").replace(
            "%1", QLocale().toString(len(choices.pinned))), self.clients_box)
        self.pinned_button.setEnabled(bool(choices.pinned))
        self.selection_button = QRadioButton(tr("A selection:"), self.clients_box)
        for number, button in enumerate((self.all_button, self.filter_button,
                                         self.pinned_button, self.selection_button)):
            self.group.addButton(button, number)
            clients.addWidget(button)
        self.pick_search = QLineEdit(self.clients_box)
        self.pick_search.setPlaceholderText(tr("Find a client to tick"))
        self.pick_search.setAccessibleName(tr("Find a client to tick"))
        self.pick_search.setClearButtonEnabled(True)
        clients.addWidget(self.pick_search)
        self.pick_model = QStandardItemModel(self)
        for client in choices.clients:
            item = QStandardItem(client.name)
            item.setData(client.id, Qt.ItemDataRole.UserRole)
            item.setCheckable(True)
            item.setEditable(False)
            self.pick_model.appendRow(item)
        self.pick_filter = QSortFilterProxyModel(self)
        self.pick_filter.setSourceModel(self.pick_model)
        self.pick_filter.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.pick_search.textChanged.connect(self.pick_filter.setFilterFixedString)
        self.pick_view = QListView(self.clients_box)
        self.pick_view.setObjectName("firmExportSelection")
        self.pick_view.setAccessibleName(tr("Clients to export"))
        self.pick_view.setModel(self.pick_filter)
        self.pick_view.setMaximumHeight(120)
        clients.addWidget(self.pick_view)
        self.chosen_label = quiet_label("", self.clients_box)
        clients.addWidget(self.chosen_label)
        layout.addWidget(self.clients_box)
        (self.filter_button if choices.filtered is not None else self.all_button).setChecked(True)
        self.group.idToggled.connect(self._update)
        self.pick_model.itemChanged.connect(self._update)

        self.options = ExportOptions(context, today=today or datetime.date.today,
                                     folder_label=tr("Into the folder:"), parent=self)
        self.options.changed.connect(self._update)
        layout.addWidget(self.options)
        self.folders_hint = quiet_label(tr("Each client gets a folder of its own, named by its "
                                           "code or name and tax number, and manifest.csv "
                                           "lists every file."), self)
        self.folders_hint.setWordWrap(True)
        layout.addWidget(self.folders_hint)

        self.overall = QProgressBar(self)
        self.overall.setObjectName("firmExportProgress")
        self.overall.setRange(0, 1000)
        self.overall.setAccessibleName(tr("Overall progress"))
        self.overall.setFormat(tr("%1 of %2 clients"))
        layout.addWidget(self.overall)
        self.model = ClientProgressModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("firmExportClients")
        self.table.setAccessibleName(tr("Clients and their progress"))
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        self.status = plain_label("", self)
        self.status.setObjectName("firmExportStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)

        self.buttons = QDialogButtonBox(self)
        self.start_button = QPushButton(tr("Export"), self)
        self.start_button.setObjectName("firmExportStart")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        self.buttons.addButton(self.start_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.resume_button = QPushButton(tr("Resume"), self)
        self.resume_button.clicked.connect(self.resume)
        self.buttons.addButton(self.resume_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.retry_button = QPushButton(tr("Try the failed again"), self)
        self.retry_button.clicked.connect(self.retry_failed)
        self.buttons.addButton(self.retry_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button = QPushButton(tr("Open folder"), self)
        self.open_button.setObjectName("firmExportOpenFolder")
        self.open_button.clicked.connect(self.open_folder)
        self.buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.clicked.connect(self.reject)
        layout.addWidget(self.buttons)
        styled(self)
        self.resize(760, 640)
        self._stopped_path: Path | None = None
        self._offer_stopped()
        self._update()

    # -- choosing ---------------------------------------------------------------------------

    def _filter_label(self) -> str:
        if self.choices.filtered is None:
            return tr("The clients the search shows (nothing typed in the switcher)")
        return tr("The clients the search “%1” shows (%2)").replace(
            "%1", self.choices.filter_text).replace(
            "%2", QLocale().toString(len(self.choices.filtered)))

    def chosen_clients(self) -> list[ExportClient]:
        """The clients the form names now, in the list's order."""
        button = self.group.checkedId()
        if button == 0:
            return list(self.choices.clients)
        if button == 1:
            return self.choices.of(self.choices.filtered or ())
        if button == 2:
            return self.choices.of(self.choices.pinned)
        ticked = []
        for row in range(self.pick_model.rowCount()):
            item = self.pick_model.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                ticked.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return self.choices.of(ticked)

    def problem(self) -> str | None:
        if not self.chosen_clients():
            return tr("Choose at least one client.")
        return self.options.problem()

    @property
    def running(self) -> bool:
        return self._job is not None and self._job.active

    def _update(self, *_args: Any) -> None:
        selecting = self.group.checkedId() == 3 and not self.running
        self.pick_view.setVisible(selecting)
        self.pick_search.setVisible(selecting)
        count = len(self.chosen_clients())
        self.chosen_label.setText(tr("%n client chosen", count) if count == 1
                                  else tr("%n clients chosen", count))
        editing = self.export is None and not self.running
        problem = self.problem() if editing else None
        self.start_button.setVisible(editing)
        self.start_button.setEnabled(editing and problem is None)
        pending = self.export is not None and any(
            s.status == "pending" for s in self.export.states.values())
        self.resume_button.setVisible(self.export is not None and not self.running and pending)
        failed = self.export is not None and any(
            s.status == "failed" for s in self.export.states.values())
        self.retry_button.setVisible(failed and not self.running)
        self.open_button.setVisible(self.export is not None and not self.running
                                    and self.summary is not None)
        self.close_button.setText(tr("Stop") if self.running else tr("Close"))
        if editing:
            self.status.setText(problem or "")
        self.clients_box.setVisible(editing)  # once it runs, the table shows the clients
        self.folders_hint.setVisible(editing)
        self.resume_box.setVisible(self._stopped_path is not None and editing)
        self.overall.setVisible(self.export is not None)
        self.table.setVisible(self.export is not None)

    # -- a stopped job from before ----------------------------------------------------------

    def _offer_stopped(self) -> None:
        stopped = FirmExport.unfinished(self.context.data_dir, self.context.workspace_scope)
        self._stopped_path = stopped[0] if stopped else None
        if self._stopped_path is None:
            return
        try:
            earlier = FirmExport.resume(self._stopped_path, api=self.context.workspace.api)
        except (OSError, ValueError, KeyError):
            self._stopped_path = None
            return
        left = sum(1 for s in earlier.states.values() if s.status == "pending")
        total = len(earlier.plan.clients)
        head = (tr("An export of %n client for %1 into %2 did not finish.", total)
                if total == 1 else
                tr("An export of %n clients for %1 into %2 did not finish.", total))
        tail = (tr("%n client is left.", left) if left == 1
                else tr("%n clients are left.", left))
        self.resume_label.setText(
            head.replace("%1", period_text(earlier.plan.period))
            .replace("%2", str(earlier.plan.destination)) + " " + tail)

    def _resume_stopped(self) -> None:
        if self._stopped_path is None:
            return
        self.export = FirmExport.resume(self._stopped_path, api=self.context.workspace.api)
        self._stopped_path = None
        self._show_plan(self.export.plan)
        self._launch()

    def _discard_stopped(self) -> None:
        if self._stopped_path is not None:
            self._stopped_path.unlink(missing_ok=True)
        self._offer_stopped()
        self._update()

    def _show_plan(self, plan: ExportPlan) -> None:
        self.options.show_plan(plan.types, plan.format, plan.period, plan.destination)

    # -- running ----------------------------------------------------------------------------

    def start(self) -> None:
        """Start a new export of the chosen clients."""
        if self.problem() is not None or self.running:
            return
        period = self.options.period.period()
        destination = self.options.destination()
        assert period is not None and destination is not None
        self.options.remember_folder()
        plan = ExportPlan(tuple(self.chosen_clients()), tuple(self.options.types()),
                          self.options.format_key(),  # type: ignore[arg-type]
                          period, destination)
        self.export = FirmExport.start(plan, data_dir=self.context.data_dir,
                                       api=self.context.workspace.api,
                                       scope=self.context.workspace_scope)
        self._stopped_path = None
        self.options.setEnabled(False)  # what it was started with stays on show
        self._launch()

    def _launch(self) -> None:
        assert self.export is not None
        self.summary = None
        self.model.set_export(self.export)
        self._show_overall(self.export.states.values())
        self.status.setText(tr("Exporting %1…").replace("%1",
                                                        period_text(self.export.plan.period)))
        self._job = self.context.bridge.run(
            self.export.run(self.relay.arrived.emit), owner=self,
            on_success=self._on_finished, on_error=self._on_error,
            on_finally=self._update,
        )
        self._update()

    def _show_overall(self, states: Iterable[ClientState], overall: float | None = None) -> None:
        states = list(states)
        finished = sum(1 for s in states if s.status != "pending")
        share = overall if overall is not None else finished / max(1, len(states))
        self.overall.setValue(int(share * 1000))
        self.overall.setFormat(tr("%1 of %2 clients").replace(
            "%1", QLocale().toString(finished)).replace("%2", QLocale().toString(len(states))))

    def _on_event(self, event: object) -> None:
        if not isinstance(event, ExportEvent) or self.export is None:
            return
        self.model.apply(event)
        self._show_overall(self.export.states.values(), event.overall)

    def _on_finished(self, summary: ExportSummary) -> None:
        self.summary = summary
        self.model.stop_running()
        if self.export is not None:
            self._show_overall(self.export.states.values())
        self.status.setText(summary_text(summary))

    def _on_error(self, error: BaseException) -> None:
        self.model.stop_running()
        self.status.setText(stop_text("other", str(error)))

    def stop(self) -> None:
        """Stop the run where it is; what is done stays done, Resume goes on."""
        if self._job is not None and self._job.active:
            self._job.cancel()
            self._job = None
            self.model.stop_running()
            left = 0 if self.export is None else sum(
                1 for s in self.export.states.values() if s.status == "pending")
            self.status.setText(
                tr("Stopped. %n client is left; Resume goes on where it stopped, now or "
                   "another time.", left) if left == 1 else
                tr("Stopped. %n clients are left; Resume goes on where it stopped, now or "
                   "another time.", left))
            self._update()

    def resume(self) -> None:
        if self.export is not None and not self.running:
            self._launch()

    def retry_failed(self) -> None:
        if self.export is not None and not self.running:
            self.export.retry_failed()
            self._launch()

    def reject(self) -> None:
        if self.running:
            self.stop()
            return
        super().reject()

    def open_folder(self) -> None:
        if self.export is not None:
            self.context.open_url(QUrl.fromLocalFile(str(self.export.plan.destination)))
