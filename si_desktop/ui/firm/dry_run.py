"""The dry run of a bulk change, and then its batch: per client, per field, before → after;
nothing is sent until the bookkeeper confirms. Then every change goes through the outbox
(online or not), with a result per client as it comes (sent, waiting, refused with the
reason, conflict), and the whole batch can be undone from here as one action (its own dry
run first: fields changed since are shown as conflicts and left as they are)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QCloseEvent, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from si_desktop.core.terminal import printable
from si_desktop.sync import standards
from si_desktop.sync.standards import BatchResult, DryRun, Standard, StandardError
from si_desktop.ui.context import AppContext
from si_desktop.ui.errors import error_text
from si_desktop.ui.firm.texts import field_name, outcome_name, value_text
from si_desktop.ui.widgets import plain_label, quiet_label

POLL_MS = 200
"""How often the results per client are read while the batch is being sent."""


def tr(text: str) -> str:
    return QCoreApplication.translate("Firm", text)


class DryRunDialog(QDialog):
    """One bulk change: its dry run, then (confirmed) its batch and results."""

    applied = Signal(str)  # the batch id, once queued

    def __init__(
        self,
        context: AppContext,
        plan: DryRun,
        parent: QWidget | None = None,
        *,
        standard: Standard | None = None,
        chosen: list[str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.plan = plan
        self.standard = standard  # to run the plan again with disabled clients
        self.chosen = chosen or [c.entity_id for c in plan.clients]
        self.batch_id: str | None = None
        self.batch_result: BatchResult | None = None
        self.running = False
        self.setObjectName("dryRun")
        self.setWindowTitle(tr("Undo a batch") if plan.kind == "undo" else tr("Dry run"))
        layout = QVBoxLayout(self)
        self.title = plain_label("", self)
        self.title.setObjectName("dryRunTitle")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        self.intro = quiet_label("", self)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.include_disabled = QCheckBox(tr("Include &disabled clients"), self)
        self.include_disabled.setObjectName("includeDisabled")
        self.include_disabled.toggled.connect(self._plan_again)
        self.include_disabled.setVisible(
            standard is not None and any(not c.enabled for c in plan.clients))
        layout.addWidget(self.include_disabled)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("dryRunTree")
        self.tree.setAccessibleName(tr("Changes per client and field"))
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels([tr("Client / field"), tr("Now"), tr("After"), tr("Result")])
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setWordWrap(False)
        header = self.tree.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        layout.addWidget(self.tree, 1)
        foot = QHBoxLayout()
        self.status = plain_label("", self)
        self.status.setObjectName("dryRunStatus")
        self.status.setWordWrap(True)
        foot.addWidget(self.status, 1)
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(200)
        self.progress.setTextVisible(False)
        self.progress.hide()
        foot.addWidget(self.progress)
        self.undo_button = QPushButton(tr("&Undo this batch…"), self)
        self.undo_button.setObjectName("undoBatch")
        self.undo_button.clicked.connect(self.open_undo)
        self.undo_button.hide()
        foot.addWidget(self.undo_button)
        self.apply_button = QPushButton("", self)
        self.apply_button.setObjectName("applyBatch")
        self.apply_button.setDefault(True)
        self.apply_button.clicked.connect(self.apply)
        foot.addWidget(self.apply_button)
        self.close_button = QPushButton(tr("Cancel"), self)
        self.close_button.clicked.connect(self.close)
        foot.addWidget(self.close_button)
        layout.addLayout(foot)
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._read_results)
        self.undo_dialog: DryRunDialog | None = None
        self.resize(1000, 620)
        self._show_plan()

    # the dry run -------------------------------------------------------------------------

    def _show_plan(self) -> None:
        plan = self.plan
        changing = plan.changing
        n = len(changing)
        if plan.kind == "undo":
            self.title.setText(tr("Undo batch %1 — clients: %2").replace(
                "%1", str(plan.undoes)).replace("%2", str(n)))
            self.intro.setText(tr(
                "The values from before the batch are written back as a new batch. A field "
                "changed since the batch is a conflict: it is shown and left as it is. "
                "Nothing is sent until you confirm."))
        else:
            self.title.setText(tr("Apply the standard “%1” — clients: %2").replace(
                "%1", printable(plan.standard)).replace("%2", str(n)))
            self.intro.setText(tr(
                "Per client and field, the value now and the value it will get. Only the "
                "standard's fields change, each client on its own. Nothing is sent until "
                "you confirm."))
        self.tree.clear()
        for client in plan.clients:
            top = QTreeWidgetItem(self.tree)
            top.setData(0, Qt.ItemDataRole.UserRole, client.entity_id)
            top.setText(0, printable(client.name) or client.entity_id)
            if client.skipped is not None:
                reason = (tr("disabled: left out") if client.skipped == "disabled"
                          else tr("not in the local cache"))
                top.setText(1, reason)
                top.setForeground(1, _quiet())
            elif not client.changes:
                top.setText(1, tr("Already as the standard"))
                top.setForeground(1, _quiet())
            else:
                top.setText(1, tr("Fields: %1").replace("%1", str(len(client.sendable))))
            for change in client.changes:
                item = QTreeWidgetItem(top)
                item.setText(0, field_name(change.path))
                item.setText(1, value_text(change.before))
                item.setText(2, value_text(change.after))
                item.setToolTip(1, value_text(change.before, 2000))
                item.setToolTip(2, value_text(change.after, 2000))
                if change.conflict:
                    item.setText(3, tr("Conflict: changed since; left as it is"))
            top.setExpanded(bool(client.changes) and len(plan.clients) <= 12)
        self.tree.setCurrentIndex(QModelIndex())  # no focus frame on the first client
        self.tree.resizeColumnToContents(0)
        for column in (1, 2):
            self.tree.setColumnWidth(column, 300)
        fields = plan.field_count
        self.apply_button.setText((tr("&Apply (clients: %1)") if plan.kind == "apply"
                                   else tr("&Undo (clients: %1)")).replace("%1", str(n)))
        self.apply_button.setEnabled(n > 0)
        self.status.setText(tr("Field changes: %1. Nothing is sent yet.").replace(
            "%1", str(fields)) if n else tr("Nothing to change."))

    def _plan_again(self) -> None:
        if self.standard is None or not self.context.has_workspace:
            return
        self.plan = standards.dry_run(self.context.workspace, self.standard, self.chosen,
                                      include_disabled=self.include_disabled.isChecked())
        self._show_plan()

    # the batch ---------------------------------------------------------------------------

    def apply(self) -> None:
        """Queue the batch (one transaction) and send it; the results fill in."""
        if self.running or self.batch_id is not None or not self.context.has_workspace:
            return
        workspace = self.context.workspace
        self.batch_id = standards.new_batch_id()
        self.running = True
        self.apply_button.setEnabled(False)
        self.include_disabled.setEnabled(False)
        self.close_button.setEnabled(False)
        self.progress.setRange(0, len(self.plan.changing))
        self.progress.setValue(0)
        self.progress.show()
        self.status.setText(tr("Sending…"))
        self.context.bridge.run(
            standards.apply(workspace, self.plan, initiator=self, batch_id=self.batch_id),
            owner=self, key="apply", on_success=self._finished, on_error=self._failed,
        )
        self._poll.start()

    def _read_results(self) -> None:
        if self.batch_id is None or not self.context.has_workspace:
            return
        try:
            result = standards.results(self.context.workspace, self.batch_id)
        except StandardError:
            return  # not queued yet
        self._show_results(result)

    def _finished(self, result: BatchResult) -> None:
        self._poll.stop()
        self.running = False
        self.batch_result = result
        self._show_results(result)
        self.progress.hide()
        self.close_button.setEnabled(True)
        self.close_button.setText(tr("Close"))
        if self.batch_id is not None:
            self.applied.emit(self.batch_id)
        self.undo_button.setVisible(self.plan.kind == "apply")
        sent, waiting = result.count("sent"), result.count("waiting")
        held = result.count("refused") + result.count("conflict") + result.count("failed")
        parts = [tr("sent: %1").replace("%1", str(sent))]
        if waiting:
            parts.append(tr("waiting to be sent (offline): %1").replace("%1", str(waiting)))
        if held:
            parts.append(tr("held for you (see Problems): %1").replace("%1", str(held)))
        self.status.setText(tr("Batch %1: %2.").replace("%1", result.batch_id)
                            .replace("%2", ", ".join(parts)))

    def _failed(self, error: BaseException) -> None:
        self._poll.stop()
        self.running = False
        self.progress.hide()
        self.close_button.setEnabled(True)
        self.close_button.setText(tr("Close"))
        self.status.setText(error_text(error))
        self._read_results()

    def _show_results(self, result: BatchResult) -> None:
        outcomes = {c.entity_id: c for c in result.clients}
        done = 0
        for row in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(row)
            if item is None:
                continue
            found = outcomes.get(str(item.data(0, Qt.ItemDataRole.UserRole)))
            if found is None:
                continue
            text = outcome_name(found.outcome)
            if found.reason:
                text += ": " + printable(found.reason)
            item.setText(3, text)
            item.setToolTip(3, text)
            if found.outcome != "waiting" or not self.running:
                done += 1
        self.progress.setValue(done)

    # undo --------------------------------------------------------------------------------

    def open_undo(self) -> DryRunDialog | None:
        """The undo of this batch, as its own dry run."""
        if self.batch_id is None or not self.context.has_workspace:
            return None
        try:
            plan = standards.undo_plan(self.context.workspace, self.batch_id)
        except StandardError as error:
            self.status.setText(printable(str(error)))
            return None
        self.undo_dialog = DryRunDialog(self.context, plan, self.parentWidget())
        self.undo_dialog.show()
        self.undo_button.setEnabled(False)
        return self.undo_dialog

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.running:  # the batch is queued: it finishes on its own
            event.ignore()
            return
        super().closeEvent(event)


def _quiet() -> QBrush:
    return QBrush(QApplication.palette().color(QPalette.ColorRole.PlaceholderText))


async def planned(work: Callable[[], DryRun]) -> DryRun:
    """A dry run computed off the window's thread (thousands of clients take a moment)."""
    return await asyncio.to_thread(work)
