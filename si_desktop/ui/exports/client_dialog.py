"""Export… for one client: which documents, as what (XLSX, CSV, PDFs in a ZIP), for which
period (last month, last quarter, last year, this year, or two dates), into which folder;
its progress, and "Open folder" once the files are there.

Opened from the client's Documents tab with one line:
`ExportDialog(self.context, entity_id, self).open()`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, Qt, QUrl
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from si_desktop.core.formatting import client_locale
from si_desktop.sync.errors import describe
from si_desktop.sync.exports import (
    ClientExportResult,
    DestinationError,
    ExportClient,
    export_client,
)
from si_desktop.ui.bridge import Job
from si_desktop.ui.context import AppContext
from si_desktop.ui.errors import error_text
from si_desktop.ui.exports.common import (
    EventRelay,
    ExportOptions,
    failure_text,
    period_text,
)
from si_desktop.ui.theme.stylesheet import styled
from si_desktop.ui.widgets import plain_label, title_text


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("ExportDialog", text, None, n)


def client_of(entity_id: str, record: dict[str, Any] | None) -> ExportClient:
    """The client as an export names it, from its cached record."""
    record = record or {}
    metadata = record.get("metadata")
    code = metadata.get("client_code") if isinstance(metadata, dict) else None
    return ExportClient(entity_id, str(record.get("name") or entity_id),
                        record.get("tax_number") or None,
                        str(code) if isinstance(code, str) and code else None)


class ExportDialog(QDialog):
    """One client's documents as files in a folder of the user's choosing."""

    def __init__(self, context: AppContext, entity_id: str, parent: QWidget | None = None,
                 *, today: Callable[[], datetime.date] | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("exportDialog")
        self.client = client_of(entity_id, context.workspace.client_now(entity_id))
        self.setWindowTitle(tr("Export documents — %1").replace("%1",
                                                                  title_text(self.client.name)))
        self._job: Job[ClientExportResult] | None = None
        self._folder: Path | None = None
        self.relay = EventRelay(self)
        self.relay.arrived.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)

        layout = QVBoxLayout(self)
        heading = plain_label(self.client.name, self)
        font = heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        heading.setFont(font)
        layout.addWidget(heading)
        self.options = ExportOptions(context, today=today or datetime.date.today,
                                     folder_label=tr("Save in:"), parent=self)
        self.options.changed.connect(self._on_options_changed)
        # the dates as this client's Documents tab and editor write them
        self.options.period.show_dates_as(QLocale(client_locale(
            context.workspace.client_now(entity_id) or {}).replace("-", "_")))
        layout.addWidget(self.options)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("exportProgress")
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName(tr("Progress"))
        self.progress.setVisible(False)
        layout.addWidget(self.progress)
        self.status = plain_label("", self)
        self.status.setObjectName("exportStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.buttons = QDialogButtonBox(self)
        self.export_button = QPushButton(tr("Export"), self)
        self.export_button.setObjectName("exportStart")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start)
        self.buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button = QPushButton(tr("Open folder"), self)
        self.open_button.setObjectName("exportOpenFolder")
        self.open_button.setVisible(False)
        self.open_button.clicked.connect(self.open_folder)
        self.buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.clicked.connect(self.reject)
        layout.addWidget(self.buttons)
        styled(self)
        self.resize(640, 300)
        self._on_options_changed()

    @property
    def running(self) -> bool:
        return self._job is not None and self._job.active

    def _on_options_changed(self) -> None:
        """A change of the form: what would keep it from starting, if anything."""
        self.status.setText(self.options.problem() or "")
        self.open_button.setVisible(False)
        self._update_buttons()

    def _update_buttons(self) -> None:
        problem = self.options.problem()
        self.export_button.setEnabled(problem is None and not self.running)
        self.close_button.setText(tr("Stop") if self.running else tr("Close"))

    def start(self) -> None:
        """Begin the export with what the form says."""
        if self.options.problem() is not None or self.running:
            return
        period = self.options.period.period()
        folder = self.options.destination()
        assert period is not None and folder is not None
        self.options.remember_folder()
        self._folder = folder
        self.open_button.setVisible(False)
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)  # busy until the service says how far it is
        self.status.setText(tr("Exporting %1…").replace("%1", period_text(period)))
        self.options.setEnabled(False)
        self._job = self.context.bridge.run(
            export_client(self.context.workspace.api, self.client,
                          format=self.options.format_key(),  # type: ignore[arg-type]
                          types=self.options.types(), period=period, folder=folder,
                          on_progress=self.relay.arrived.emit),
            owner=self, on_success=self._on_done, on_error=self._on_error,
            on_finally=self._on_finally,
        )
        self._update_buttons()

    def _on_progress(self, fraction: object) -> None:
        if not self.running:
            return
        if isinstance(fraction, float):
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(fraction * 1000))

    def _on_done(self, result: ClientExportResult) -> None:
        self.progress.setRange(0, 1000)
        self.progress.setValue(1000)
        period = self.options.period.period()
        when = period_text(period) if period is not None else ""
        if not result.files:
            self.status.setText(tr("%1 has no documents of these types in %2; nothing was "
                                   "saved.").replace("%1", self.client.name).replace("%2", when))
            return
        count = result.documents
        saved = (tr("Saved %n document in %1.", count) if count == 1
                 else tr("Saved %n documents in %1.", count))
        self.status.setText(saved.replace("%1", str(result.folder)))
        self.open_button.setVisible(True)
        self.open_button.setFocus()

    def _on_error(self, error: BaseException) -> None:
        self.progress.setVisible(False)
        if isinstance(error, DestinationError):
            self.status.setText(tr("The files could not be saved: {detail}").replace(
                "{detail}", str(error)))
        elif describe(error).kind.value == "other":
            self.status.setText(failure_text("export", str(error)))
        else:
            self.status.setText(error_text(error))

    def _on_finally(self) -> None:
        self._job = None
        self.options.setEnabled(True)
        self._update_buttons()

    def stop(self) -> None:
        """Stop a running export; nothing half-written is kept."""
        if self._job is not None and self._job.active:
            self._job.cancel()
            self._job = None
            self.progress.setVisible(False)
            self.options.setEnabled(True)
            self.status.setText(tr("Stopped; nothing was saved."))
            self._update_buttons()

    def reject(self) -> None:
        if self.running:
            self.stop()
            return
        super().reject()

    def open_folder(self) -> None:
        if self._folder is not None:
            self.context.open_url(QUrl.fromLocalFile(str(self._folder)))
