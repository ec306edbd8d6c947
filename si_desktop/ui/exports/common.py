"""What both export dialogs share: the choices (document types, format, period with its
quick choices, destination folder), the words for a period and for what went wrong, and the
relay that brings an export's progress from the background loop to the window."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, QLocale, QObject, QStandardPaths, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from si_desktop.core import periods
from si_desktop.core.periods import Period
from si_desktop.logs import redact
from si_desktop.ui.context import AppContext
from si_desktop.ui.i18n import QT_TRANSLATE_NOOP
from si_desktop.ui.widgets import quiet_label

FOLDER_SETTING = "exports/folder"

TYPE_NAMES: tuple[tuple[str, str], ...] = (
    ("invoice", QT_TRANSLATE_NOOP("Exports", "Invoices")),
    ("credit_note", QT_TRANSLATE_NOOP("Exports", "Credit notes")),
    ("estimate", QT_TRANSLATE_NOOP("Exports", "Estimates")),
)
FORMAT_NAMES: tuple[tuple[str, str], ...] = (
    ("xlsx", QT_TRANSLATE_NOOP("Exports", "Excel workbook (XLSX)")),
    ("csv", QT_TRANSLATE_NOOP("Exports", "CSV file (one document type)")),
    ("pdf_zip", QT_TRANSLATE_NOOP("Exports", "PDFs in a ZIP archive")),
)
PERIOD_NAMES: tuple[tuple[str, str], ...] = (
    ("last_month", QT_TRANSLATE_NOOP("Exports", "Last month")),
    ("last_quarter", QT_TRANSLATE_NOOP("Exports", "Last quarter")),
    ("last_year", QT_TRANSLATE_NOOP("Exports", "Last year")),
    ("this_year", QT_TRANSLATE_NOOP("Exports", "This year")),
    ("custom", QT_TRANSLATE_NOOP("Exports", "Custom")),
)


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("Exports", text, None, n)


def _date_text(day: datetime.date, locale: QLocale) -> str:
    return locale.toString(QDate(day.year, day.month, day.day), QLocale.FormatType.ShortFormat)


def period_text(period: Period, locale: QLocale | None = None) -> str:
    """"Q3 2026", "July 2026", "2026", or "1. 7. 2026 – 15. 9. 2026", in the interface's
    language."""
    locale = locale or QLocale()
    start, end = period.start, period.end
    label = period.label()
    if label == str(start.year):
        return str(start.year)
    if label.startswith("Q"):
        return tr("Q%1 %2").replace("%1", str((start.month - 1) // 3 + 1)).replace(
            "%2", str(start.year))
    if len(label) == 7:  # a whole month, "2026-07"
        month = locale.standaloneMonthName(start.month, QLocale.FormatType.LongFormat)
        return f"{month} {start.year}"
    return f"{_date_text(start, locale)} – {_date_text(end, locale)}"


def stop_text(kind: str | None, message: str) -> str:
    """Why a run stopped (it can be resumed), in words a bookkeeper can act on."""
    detail = redact(message)
    if kind == "destination_no_space":
        return tr("The destination folder is full: {detail}").replace("{detail}", detail)
    if kind == "destination_not_writable":
        return tr("The destination folder cannot be written to: {detail}").replace(
            "{detail}", detail)
    if kind and kind.startswith("destination"):
        return tr("The destination folder cannot take the files: {detail}").replace(
            "{detail}", detail)
    if kind == "network":
        return tr("Space Invoices cannot be reached. Resume the export when the connection is "
                  "back.")
    if kind in ("rate_limit", "server"):
        return tr("Space Invoices is busy or failing. Resume the export in a moment.")
    if kind == "authentication":
        return tr("Space Invoices did not accept the API key. Reconnect the account, then "
                  "resume the export.")
    return tr("The export stopped: {detail}").replace("{detail}", detail)


def failure_text(kind: str | None, reason: str) -> str:
    """Why one client's export failed."""
    detail = redact(reason)
    if kind == "job_failed":
        return tr("Space Invoices could not make the PDFs: {detail}").replace("{detail}", detail)
    if kind == "job_timed_out":
        return tr("The PDFs were not ready in time.")
    if kind == "unsafe_archive":
        return tr("The archive from Space Invoices was refused: {detail}").replace(
            "{detail}", detail)
    if kind == "not_found":
        return tr("Space Invoices does not know this client.")
    if kind == "permission":
        return tr("This key may not export this client.")
    if kind == "validation":
        return tr("Space Invoices refused the export: {detail}").replace("{detail}", detail)
    return tr("The export failed: {detail}").replace("{detail}", detail)


class EventRelay(QObject):
    """Carries whatever the background loop emits to the GUI thread (queued)."""

    arrived = Signal(object)


class PeriodChooser(QWidget):
    """A quick choice (last month, last quarter, last year, this year) or two dates."""

    changed = Signal()

    def __init__(self, today: Callable[[], datetime.date],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.choice = QComboBox(self)
        self.choice.setObjectName("exportPeriodChoice")
        for key, name in PERIOD_NAMES:
            self.choice.addItem(tr(name), key)
        self.choice.setAccessibleName(tr("Period"))
        layout.addWidget(self.choice)
        self.start = QDateEdit(self)
        self.end = QDateEdit(self)
        for edit, name in ((self.start, tr("From")), (self.end, tr("To"))):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(QLocale().dateFormat(QLocale.FormatType.ShortFormat))
            edit.setAccessibleName(name)
            edit.setToolTip(name)
            edit.dateChanged.connect(self._on_dates)
            layout.addWidget(edit)
        layout.addStretch(1)
        self.choice.currentIndexChanged.connect(self._on_choice)
        self.set_choice("last_quarter")

    def show_dates_as(self, locale: QLocale) -> None:
        """Write the two dates as `locale` does (one client's export: as its documents)."""
        for edit in (self.start, self.end):
            edit.setDisplayFormat(locale.dateFormat(QLocale.FormatType.ShortFormat))

    def set_choice(self, key: str) -> None:
        index = self.choice.findData(key)
        if index >= 0:
            self.choice.setCurrentIndex(index)
            self._on_choice()

    def _on_choice(self) -> None:
        key = str(self.choice.currentData())
        custom = key == "custom"
        self.start.setEnabled(custom)
        self.end.setEnabled(custom)
        if not custom:
            chosen = periods.quick_choice(key, self._today())
            for edit, day in ((self.start, chosen.start), (self.end, chosen.end)):
                edit.blockSignals(True)
                edit.setDate(QDate(day.year, day.month, day.day))
                edit.blockSignals(False)
        self.changed.emit()

    def _on_dates(self) -> None:
        self.changed.emit()

    def set_period(self, period: Period) -> None:
        """Show `period` as custom dates (a resumed export's)."""
        self.set_choice("custom")
        self.start.setDate(QDate(period.start.year, period.start.month, period.start.day))
        self.end.setDate(QDate(period.end.year, period.end.month, period.end.day))

    def period(self) -> Period | None:
        """The chosen period, or None while it ends before it starts."""
        start, end = self.start.date().toPython(), self.end.date().toPython()
        assert isinstance(start, datetime.date) and isinstance(end, datetime.date)
        if end < start:
            return None
        return Period(start, end)


def default_folder(context: AppContext) -> str:
    """The last folder exported to, else the user's documents folder."""
    saved = str(context.settings.value(FOLDER_SETTING, "", type=str) or "")
    if saved:
        return saved
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)


class ExportOptions(QWidget):
    """Document types, format, period and the folder to save to, as one form."""

    changed = Signal()

    def __init__(self, context: AppContext, *, today: Callable[[], datetime.date],
                 folder_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        types_row = QHBoxLayout()
        self.type_boxes: dict[str, QCheckBox] = {}
        for key, name in TYPE_NAMES:
            box = QCheckBox(tr(name), self)
            box.setChecked(key == "invoice")
            box.toggled.connect(self.changed)
            self.type_boxes[key] = box
            types_row.addWidget(box)
        types_row.addStretch(1)
        form.addRow(tr("Documents:"), types_row)
        self.format = QComboBox(self)
        self.format.setObjectName("exportFormat")
        for key, name in FORMAT_NAMES:
            self.format.addItem(tr(name), key)
        self.format.setAccessibleName(tr("Format"))
        self.format.currentIndexChanged.connect(self.changed)
        form.addRow(tr("Format:"), self.format)
        self.period = PeriodChooser(today, self)
        self.period.changed.connect(self.changed)
        form.addRow(tr("Period:"), self.period)
        self.period_hint = quiet_label("", self)
        form.addRow("", self.period_hint)
        folder_row = QHBoxLayout()
        self.folder = QLineEdit(default_folder(context), self)
        self.folder.setObjectName("exportFolder")
        self.folder.setAccessibleName(folder_label)
        self.folder.textChanged.connect(self.changed)
        folder_row.addWidget(self.folder, 1)
        self.choose = QPushButton(tr("Choose…"), self)
        self.choose.setAccessibleName(tr("Choose a folder"))
        self.choose.clicked.connect(self._choose_folder)
        folder_row.addWidget(self.choose)
        form.addRow(folder_label, folder_row)
        # a seam for tests: the folder picker
        self.pick_folder: Callable[[str], str] = self._pick_folder
        self.changed.connect(self._show_period)
        self._show_period()

    def _pick_folder(self, start: str) -> str:
        return QFileDialog.getExistingDirectory(self, tr("Save exports in"), start)

    def _choose_folder(self) -> None:
        chosen = self.pick_folder(self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def _show_period(self) -> None:
        chosen = self.period.period()
        if chosen is None:
            self.period_hint.setText("")
            return
        text = period_text(chosen)
        if chosen.days > periods.MAX_DAYS:
            pieces = len(chosen.pieces())
            text += " · " + tr("asked for in %n pieces of at most a year each", pieces)
        self.period_hint.setText(text)

    def types(self) -> list[str]:
        return [key for key, box in self.type_boxes.items() if box.isChecked()]

    def format_key(self) -> str:
        return str(self.format.currentData())

    def destination(self) -> Path | None:
        text = self.folder.text().strip()
        return Path(text).expanduser() if text else None

    def problem(self) -> str | None:
        """What keeps the form from starting, in a sentence; None when it can start."""
        types = self.types()
        if not types:
            return tr("Choose at least one type of document.")
        if self.format_key() == "csv" and len(types) > 1:
            return tr("A CSV file holds one type of document: choose one, or choose XLSX.")
        if self.period.period() is None:
            return tr("The period ends before it starts.")
        if self.destination() is None:
            return tr("Choose a folder to save to.")
        return None

    def remember_folder(self) -> None:
        destination = self.destination()
        if destination is not None:
            self.context.settings.setValue(FOLDER_SETTING, str(destination))

    def show_plan(self, types: tuple[str, ...], format_key: str, period: Period,
                  destination: Path) -> None:
        """Show what a resumed export was asked for (and keep it: it cannot change)."""
        for key, box in self.type_boxes.items():
            box.setChecked(key in types)
        self.format.setCurrentIndex(max(0, self.format.findData(format_key)))
        self.period.set_period(period)
        self.folder.setText(str(destination))
        self.setEnabled(False)
