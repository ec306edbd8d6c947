"""Save PDFs… for several documents at once: one file each into a folder, with progress,
cancellable, and never replacing a file without asking (No is the default; "No to all" and
"Yes to all" answer the rest).

Each PDF is fetched by a coroutine the host gives (the workspace: the cache first, the
service when online) on the app's one async bridge, one after another, so a hundred
documents never make a hundred requests at once; a PDF that is not available (offline and
never fetched) is skipped and named in the summary.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QSettings, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from si_desktop.ui.bridge import AsyncBridge
from si_desktop.ui.pdf.files import write_pdf

Fetch = Callable[[], Coroutine[Any, Any, bytes | None]]


def tr(text: str) -> str:
    return QCoreApplication.translate("Pdf", text)


@dataclass(frozen=True)
class PdfToSave:
    """One document: the name its file gets (`core.file_names.document_pdf_name`) and how
    to fetch its bytes (None: not available now)."""

    file_name: str
    fetch: Fetch


@dataclass
class SaveReport:
    """How a run ended."""

    saved: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    """Files the user chose not to replace."""
    unavailable: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    cancelled: bool = False


class Overwrite:
    """The user's standing answer to "replace this file?"."""

    ASK, ALL, NONE = "ask", "all", "none"


class SavePdfsRun(QObject):
    """One Save PDFs… run. `start()` goes through the documents; `finished` carries the
    report (also in `report`)."""

    finished = Signal(object)

    def __init__(self, bridge: AsyncBridge, folder: Path, items: list[PdfToSave],
                 parent: QWidget) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.folder = Path(folder)
        self.items = list(items)
        self.parent_widget = parent
        self.report = SaveReport()
        self._index = -1
        self._overwrite = Overwrite.ASK
        self._used: set[str] = set()
        self.progress = QProgressDialog(tr("Saving PDFs…"), tr("Stop"), 0, len(self.items),
                                        parent)
        self.progress.setWindowTitle(tr("Save PDFs"))
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(0)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self.progress.canceled.connect(self.cancel)
        self.done = False

    def start(self) -> None:
        self.progress.setValue(0)
        self._next()

    def cancel(self) -> None:
        if self.done:
            return
        self.report.cancelled = True
        self.bridge.cancel_owner(self)
        self._finish()

    def _target(self, file_name: str) -> Path:
        """A path in the folder for the name, distinct from the run's earlier files."""
        stem, suffix = Path(file_name).stem, Path(file_name).suffix or ".pdf"
        name, number = f"{stem}{suffix}", 2
        while name.casefold() in self._used:
            name, number = f"{stem} ({number}){suffix}", number + 1
        self._used.add(name.casefold())
        return self.folder / name

    def ask_overwrite(self, path: Path) -> str:
        """Yes, Yes to all, No, No to all (the default) or Cancel, for one existing file."""
        box = QMessageBox(QMessageBox.Icon.Question, tr("Save PDFs"), tr(
            "“%1” already exists in this folder. Replace it?").replace("%1", path.name),
            parent=self.parent_widget)
        buttons = QMessageBox.StandardButton
        box.setStandardButtons(buttons.Yes | buttons.YesToAll | buttons.No | buttons.NoToAll
                               | buttons.Cancel)
        box.setDefaultButton(buttons.No)
        box.setEscapeButton(buttons.Cancel)
        answer = box.exec()
        return {buttons.Yes: "yes", buttons.YesToAll: "all", buttons.No: "no",
                buttons.NoToAll: "none"}.get(buttons(answer), "cancel")

    def _may_write(self, path: Path) -> bool | None:
        """True to write, False to skip, None when the user cancelled the run."""
        if not path.exists() or self._overwrite == Overwrite.ALL:
            return True
        if self._overwrite == Overwrite.NONE:
            return False
        answer = self.ask_overwrite(path)
        if answer == "cancel":
            return None
        if answer in ("all", "none"):
            self._overwrite = Overwrite.ALL if answer == "all" else Overwrite.NONE
        return answer in ("yes", "all")

    def _next(self) -> None:
        if self.done:
            return
        if self.progress.wasCanceled():
            self.cancel()
            return
        self._index += 1
        if self._index >= len(self.items):
            self._finish()
            return
        item = self.items[self._index]
        self.progress.setValue(self._index)
        self.progress.setLabelText(tr("Saving %1 (%2 of %3)…").replace("%1", item.file_name)
                                   .replace("%2", str(self._index + 1))
                                   .replace("%3", str(len(self.items))))
        path = self._target(item.file_name)
        allowed = self._may_write(path)
        if allowed is None:
            self.cancel()
            return
        if not allowed:
            self.report.skipped.append(path.name)
            self._next()
            return
        self.bridge.run(item.fetch(), owner=self,
                        on_success=functools.partial(self._fetched, path),
                        on_error=functools.partial(self._failed, path))

    def _fetched(self, path: Path, data: bytes | None) -> None:
        if self.done:
            return
        if not data:
            self.report.unavailable.append(path.name)
        else:
            try:
                write_pdf(path, data)
                self.report.saved.append(path)
            except OSError as error:
                self.report.failed.append((path.name, error.strerror or str(error)))
        self._next()

    def _failed(self, path: Path, error: BaseException) -> None:
        if self.done:
            return
        self.report.failed.append((path.name, str(error) or type(error).__name__))
        self._next()

    def _finish(self) -> None:
        if self.done:
            return
        self.done = True
        self.progress.setValue(len(self.items))
        self.progress.close()
        self.finished.emit(self.report)


def summary(report: SaveReport, folder: Path) -> str:
    """What a run did, in sentences for the bookkeeper."""
    lines = [tr("Saved %1 of them to %2.").replace("%1", str(len(report.saved)))
             .replace("%2", str(folder))]
    if report.cancelled:
        lines.append(tr("Stopped before the end."))
    if report.skipped:
        lines.append(tr("Not replaced: %1.").replace("%1", ", ".join(report.skipped)))
    if report.unavailable:
        lines.append(tr("Not available offline yet: %1.").replace(
            "%1", ", ".join(report.unavailable)))
    if report.failed:
        lines.append(tr("Could not be saved: %1.").replace(
            "%1", "; ".join(f"{name} ({why})" for name, why in report.failed)))
    return "\n".join(lines)


FOLDER_SETTING = "pdf/folder"
"""The folder PDFs were last saved into: offered first the next time."""


def ask_pdf_folder(parent: QWidget, settings: QSettings, title: str) -> Path | None:
    """A folder to save PDFs into (the one used last offered first), or None."""
    remembered = settings.value(FOLDER_SETTING)
    start = remembered if isinstance(remembered, str) and Path(remembered).is_dir() else \
        QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    chosen = QFileDialog.getExistingDirectory(parent, title, start or str(Path.home()))
    if not chosen:
        return None
    settings.setValue(FOLDER_SETTING, chosen)
    return Path(chosen)


Report = Callable[[SaveReport, Path], None]


def save_pdfs(parent: QWidget, bridge: AsyncBridge, items: list[PdfToSave],
              folder: Path | None = None, *, report: Report | None = None
              ) -> SavePdfsRun | None:
    """Save PDFs…: ask for the folder (unless given), save every document there and say
    what happened when done (in a message box, or to `report`). Returns the run, or None
    when the user chose no folder."""
    if not items:
        return None
    if folder is None:
        chosen = QFileDialog.getExistingDirectory(parent, tr("Save PDFs into folder"))
        if not chosen:
            return None
        folder = Path(chosen)
    run = SavePdfsRun(bridge, folder, items, parent)
    where = folder

    def tell(result: object) -> None:
        assert isinstance(result, SaveReport)
        if report is not None:
            report(result, where)
        else:
            QMessageBox.information(parent, tr("Save PDFs"), summary(result, where))

    run.finished.connect(tell)
    run.start()
    return run
