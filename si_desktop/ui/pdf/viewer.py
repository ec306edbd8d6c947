"""The real PDF of a document as the service rendered it: page by page, zoom, page
navigation, Save PDF…, Print… and Open in the system viewer.

`PdfViewer.set_pdf(data, file_name)` shows the bytes; `show_loading()`,
`show_unavailable_offline()` and `show_message(text)` say why there is nothing to show (a
host connects `retry_requested` to fetch again). Opening and rendering run on the viewer's
own worker thread (PDFium through `raster.PDFIUM_LOCK`), and an answer for a document or
zoom that was replaced meanwhile is dropped, so a 300-page or damaged PDF never freezes the
window. Rendered pages are kept for a moment and the next page is rendered ahead, so paging
through is quick.
"""

from __future__ import annotations

import concurrent.futures
import enum
import logging
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QStandardPaths, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QDesktopServices,
    QImage,
    QKeySequence,
    QPainter,
    QPixmap,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from si_desktop.ui.pdf.files import temp_copy, with_pdf_suffix, write_pdf
from si_desktop.ui.pdf.raster import PdfPages, PdfUnreadable

log = logging.getLogger(__name__)

ZOOM_STEPS = (0.5, 0.67, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0)
CACHED_PAGES = 6
PRINT_DPI_MAX = 300


def tr(text: str) -> str:
    return QCoreApplication.translate("Pdf", text)


class ViewerState(enum.Enum):
    EMPTY = "empty"
    LOADING = "loading"
    OFFLINE = "offline"
    MESSAGE = "message"
    SHOWING = "showing"


class _Delivery(QObject):
    """Brings a worker's result to the GUI thread (a signal emitted on the worker is queued
    to this object's thread)."""

    delivered = Signal(int, object)


def _open(data: bytes) -> PdfPages:
    return PdfPages(data)


class PdfViewer(QWidget):
    """A document's PDF, page by page. Give it bytes with `set_pdf`."""

    page_changed = Signal(int)
    """The page now shown, from 0."""
    state_changed = Signal(str)
    retry_requested = Signal()
    """The user asked to try fetching the PDF again."""

    def __init__(self, parent: QWidget | None = None, *,
                 open_url: Callable[[QUrl], bool] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdfViewer")
        self._open_url = open_url or QDesktopServices.openUrl
        self._executor = concurrent.futures.ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="pdf-viewer")
        self._delivery = _Delivery(self)
        self._delivery.delivered.connect(self._on_delivered)
        self._generation = 0
        self._pages: PdfPages | None = None
        self._data = b""
        self.file_name = ""
        self._page = 0
        self._zoom = 1.0
        self._fit_width = True
        self._cache: OrderedDict[tuple[int, int], QImage] = OrderedDict()
        self._wanted: tuple[int, int] | None = None
        self._requested: set[tuple[int, int]] = set()
        self.state = ViewerState.EMPTY
        self._resize_timer = QTimer(self, singleShot=True, interval=120)
        self._resize_timer.timeout.connect(self._render_current)
        self._build()
        self._set_state(ViewerState.EMPTY)
        executor = self._executor  # not self: the widget is gone when this runs
        self.destroyed.connect(lambda *_: executor.shutdown(wait=False, cancel_futures=True))

    # -- building ------------------------------------------------------------------------

    def _button(self, text: str, tip: str, slot: Callable[[], object]) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.clicked.connect(slot)
        return button

    def _build(self) -> None:
        self.previous_button = self._button("‹", tr("Previous page"), self.previous_page)
        self.next_button = self._button("›", tr("Next page"), self.next_page)
        self.page_box = QSpinBox(self)
        self.page_box.setMinimum(1)
        self.page_box.setAccessibleName(tr("Page"))
        self.page_box.setKeyboardTracking(False)
        self.page_box.valueChanged.connect(self._on_page_box)
        self.page_count_label = QLabel(self)
        self.zoom_out_button = self._button("−", tr("Zoom out"), self.zoom_out)
        self.zoom_label = QLabel(self)
        self.zoom_label.setMinimumWidth(48)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_in_button = self._button("+", tr("Zoom in"), self.zoom_in)
        self.fit_button = self._button(tr("Fit width"), tr("Fit the page to the width"),
                                       self.fit_width)
        self.save_button = QPushButton(tr("Save PDF…"), self)
        self.save_button.clicked.connect(self.save_pdf)
        self.print_button = QPushButton(tr("Print…"), self)
        self.print_button.clicked.connect(self.print_pdf)
        self.open_button = QPushButton(tr("Open in system viewer"), self)
        self.open_button.clicked.connect(self.open_externally)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        for widget in (self.previous_button, QLabel(tr("Page"), self), self.page_box,
                       self.page_count_label, self.next_button):
            bar.addWidget(widget)
        bar.addSpacing(12)
        for widget in (self.zoom_out_button, self.zoom_label, self.zoom_in_button,
                       self.fit_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        for button in (self.save_button, self.print_button, self.open_button):
            bar.addWidget(button)

        self.page_label = QLabel(self)
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.page_label.setAccessibleName(tr("PDF page"))
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidget(self.page_label)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.retry_button = QPushButton(tr("Try again"), self)
        self.retry_button.clicked.connect(self.retry_requested)
        message = QWidget(self)
        column = QVBoxLayout(message)
        column.addStretch(1)
        column.addWidget(self.message_label)
        column.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addStretch(1)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(message)
        self.stack.addWidget(self.scroll_area)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        for keys, slot in ((QKeySequence.StandardKey.MoveToNextPage, self.next_page),
                           (QKeySequence.StandardKey.MoveToPreviousPage, self.previous_page),
                           (QKeySequence.StandardKey.ZoomIn, self.zoom_in),
                           (QKeySequence.StandardKey.ZoomOut, self.zoom_out)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    def _on_page_box(self, value: int) -> None:
        self.go_to_page(value - 1)

    # -- what is shown ---------------------------------------------------------------------

    def _set_state(self, state: ViewerState, message: str = "") -> None:
        self.state = state
        showing = state is ViewerState.SHOWING
        self.stack.setCurrentIndex(1 if showing else 0)
        self.message_label.setText(message)
        self.retry_button.setVisible(state in (ViewerState.OFFLINE, ViewerState.MESSAGE))
        has_pdf = self._pages is not None
        for widget in (self.save_button, self.print_button, self.open_button):
            widget.setEnabled(bool(self._data) and has_pdf)
        self._update_controls()
        self.state_changed.emit(state.value)

    def _update_controls(self) -> None:
        count = self._pages.count if self._pages is not None else 0
        showing = self.state is ViewerState.SHOWING and count > 0
        self.page_box.blockSignals(True)
        self.page_box.setMaximum(max(1, count))
        self.page_box.setValue(self._page + 1)
        self.page_box.blockSignals(False)
        self.page_box.setEnabled(showing and count > 1)
        self.page_count_label.setText(tr("of %1").replace("%1", str(count)) if count else "")
        self.previous_button.setEnabled(showing and self._page > 0)
        self.next_button.setEnabled(showing and self._page < count - 1)
        for widget in (self.zoom_in_button, self.zoom_out_button, self.fit_button):
            widget.setEnabled(showing)
        self.zoom_in_button.setEnabled(showing and self._zoom < ZOOM_STEPS[-1])
        self.zoom_out_button.setEnabled(showing and self._zoom > ZOOM_STEPS[0])
        self.zoom_label.setText(f"{round(self._zoom * 100)} %" if showing else "")

    def _reset(self) -> None:
        self._generation += 1
        pages, self._pages = self._pages, None
        if pages is not None:
            self._executor.submit(pages.close)
        self._cache.clear()
        self._requested.clear()
        self._wanted = None
        self._data = b""
        self._page = 0
        self.page_label.clear()

    def clear(self) -> None:
        self._reset()
        self._set_state(ViewerState.EMPTY)

    def show_loading(self) -> None:
        self._reset()
        self._set_state(ViewerState.LOADING, tr("Loading the PDF…"))

    def show_unavailable_offline(self) -> None:
        """The PDF was never fetched and the service cannot be reached now."""
        self._reset()
        self._set_state(ViewerState.OFFLINE, tr(
            "This PDF is not available offline yet. It is shown as soon as Space Invoices "
            "can be reached, and kept from then on."))

    def show_message(self, text: str) -> None:
        self._reset()
        self._set_state(ViewerState.MESSAGE, text)

    def set_pdf(self, data: bytes, file_name: str) -> None:
        """Show `data`, saved and opened elsewhere as `file_name`. Anything that is not a
        readable PDF shows why, never an exception."""
        self._reset()
        self.file_name = file_name
        self._data = bytes(data)
        self._set_state(ViewerState.LOADING, tr("Loading the PDF…"))
        generation = self._generation
        future = self._executor.submit(_open, self._data)
        future.add_done_callback(lambda done: self._deliver(generation, done))

    def _deliver(self, generation: int, future: concurrent.futures.Future[Any]) -> None:
        """On the worker thread: hand the outcome to the GUI thread, unless the viewer is
        gone by now."""
        if future.cancelled():
            return
        error = future.exception()
        outcome: object = error if error is not None else future.result()
        delivery = self._delivery
        if shiboken6.isValid(delivery):
            delivery.delivered.emit(generation, outcome)

    def _on_delivered(self, generation: int, result: object) -> None:
        if generation != self._generation:
            if isinstance(result, PdfPages):
                self._executor.submit(result.close)
            return
        if isinstance(result, PdfPages):
            self._pages = result
            self._set_state(ViewerState.SHOWING)
            self._render_current()
        elif isinstance(result, tuple):
            key, image = result
            self._requested.discard(key)
            if isinstance(image, QImage):
                self._remember(key, image)
                if key == self._wanted:
                    self._show_image(image)
                    self._prefetch()
            elif key == self._wanted:
                self._failed(image)
        elif isinstance(result, BaseException):
            self._failed(result)

    def _failed(self, error: object) -> None:
        if isinstance(error, PdfUnreadable):
            text = str(error)
        else:
            log.warning("a PDF could not be shown: %r", error)
            text = tr("This PDF cannot be shown.")
        data, name = self._data, self.file_name
        self._reset()
        self._data, self.file_name = data, name  # still offered to save as it came
        self._set_state(ViewerState.MESSAGE, text)

    # -- rendering -----------------------------------------------------------------------

    @property
    def page_count(self) -> int:
        return self._pages.count if self._pages is not None else 0

    @property
    def current_page(self) -> int:
        return self._page

    @property
    def zoom(self) -> float:
        return self._zoom

    def _screen_dpi(self) -> float:
        return float(self.logicalDpiX()) * self.devicePixelRatioF()

    def _fit_zoom(self) -> float:
        if self._pages is None:
            return 1.0
        width_points = self._pages.sizes[self._page].width
        # Room beside a vertical scroll bar, shown or not: a page taller than the window
        # brings one, and the fitted page must not then need a horizontal one.
        bar = self.scroll_area.verticalScrollBar()
        bar_width = 0 if bar.isVisible() else bar.sizeHint().width()
        available = max(100, self.scroll_area.viewport().width() - bar_width - 24)
        fitted = available / (width_points / 72 * self.logicalDpiX())
        return float(max(ZOOM_STEPS[0], min(ZOOM_STEPS[-1], fitted)))

    def _dpi(self) -> int:
        if self._fit_width:
            self._zoom = self._fit_zoom()
        return max(24, round(self._zoom * self._screen_dpi()))

    def _render_current(self) -> None:
        if self._pages is None or self.state is not ViewerState.SHOWING:
            return
        key = (self._page, self._dpi())
        self._wanted = key
        self._update_controls()
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            self._show_image(cached)
            self._prefetch()
            return
        self._request(key)

    def _request(self, key: tuple[int, int]) -> None:
        if self._pages is None or key in self._requested or key in self._cache:
            return
        self._requested.add(key)
        pages, generation = self._pages, self._generation

        def work() -> tuple[tuple[int, int], object]:
            try:
                return key, pages.render(*key)
            except Exception as exc:  # reported for this page on the GUI thread
                return key, exc

        future = self._executor.submit(work)
        future.add_done_callback(lambda done: self._deliver(generation, done))

    def _prefetch(self) -> None:
        """Render the neighbouring pages ahead, so that turning to them is immediate."""
        if self._wanted is None or self._pages is None:
            return
        page, dpi = self._wanted
        for other in (page + 1, page - 1):
            if 0 <= other < self._pages.count:
                self._request((other, dpi))

    def _remember(self, key: tuple[int, int], image: QImage) -> None:
        self._cache[key] = image
        self._cache.move_to_end(key)
        while len(self._cache) > CACHED_PAGES:
            self._cache.popitem(last=False)

    def _show_image(self, image: QImage) -> None:
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(self.devicePixelRatioF())
        self.page_label.setPixmap(pixmap)
        self.page_changed.emit(self._page)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._fit_width and self._pages is not None:
            self._resize_timer.start()

    # -- navigation and zoom -------------------------------------------------------------

    def go_to_page(self, index: int) -> None:
        if self._pages is None:
            return
        index = max(0, min(self._pages.count - 1, index))
        if index == self._page and self._wanted is not None and self._wanted[0] == index:
            return
        self._page = index
        self._render_current()
        self.scroll_area.verticalScrollBar().setValue(0)

    def next_page(self) -> None:
        self.go_to_page(self._page + 1)

    def previous_page(self) -> None:
        self.go_to_page(self._page - 1)

    def set_zoom(self, zoom: float) -> None:
        self._fit_width = False
        self._zoom = max(ZOOM_STEPS[0], min(ZOOM_STEPS[-1], zoom))
        self._render_current()

    def zoom_in(self) -> None:
        self.set_zoom(next((z for z in ZOOM_STEPS if z > self._zoom + 0.01), ZOOM_STEPS[-1]))

    def zoom_out(self) -> None:
        self.set_zoom(next((z for z in reversed(ZOOM_STEPS) if z < self._zoom - 0.01),
                           ZOOM_STEPS[0]))

    def fit_width(self) -> None:
        self._fit_width = True
        self._render_current()

    # -- save, print, open ---------------------------------------------------------------

    def _default_folder(self) -> Path:
        found = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation)
        return Path(found) if found else Path.home()

    def ask_save_path(self) -> Path | None:
        """The file the user chose in the save dialog (`.pdf` added), or None."""
        suggested = self._default_folder() / (self.file_name or "document.pdf")
        path, _ = QFileDialog.getSaveFileName(self, tr("Save PDF"), str(suggested),
                                              tr("PDF (*.pdf)"))
        return with_pdf_suffix(path) if path else None

    def save_pdf(self) -> Path | None:
        """Save PDF…: the bytes as the service sent them, under the name the user chose
        (the dialog asks before replacing a file)."""
        if not self._data:
            return None
        path = self.ask_save_path()
        if path is None:
            return None
        try:
            write_pdf(path, self._data)
        except OSError as error:
            QMessageBox.warning(self, tr("Save PDF"), tr("The PDF could not be saved: %1")
                                .replace("%1", error.strerror or str(error)))
            return None
        return path

    def open_externally(self) -> bool:
        """Open in the system viewer: a copy in the temp folder, handed to the OS."""
        if not self._data:
            return False
        try:
            path = temp_copy(self.file_name or "document.pdf", self._data)
        except OSError as error:
            QMessageBox.warning(self, tr("Open in system viewer"),
                                tr("The PDF could not be saved for the viewer: %1")
                                .replace("%1", error.strerror or str(error)))
            return False
        if not self._open_url(QUrl.fromLocalFile(str(path))):
            QMessageBox.information(self, tr("Open in system viewer"), tr(
                "No program to open PDFs was found. The file is here: %1")
                .replace("%1", str(path)))
            return False
        return True

    def print_pdf(self) -> bool:
        """Print…: the Qt print dialog, then the chosen pages at the printer's resolution
        (at most 300 dpi), with a progress dialog that can stop it."""
        if self._pages is None:
            return False
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.file_name)
        printer.setFromTo(1, self._pages.count)
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, self._pages.count)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return False
        return self.print_to(printer)

    def print_to(self, printer: QPrinter) -> bool:
        """Print the pages the printer asks for (all when it names none); False when the
        user stopped it or the printer could not start."""
        pages = self._pages
        if pages is None:
            return False
        first, last = printer.fromPage(), printer.toPage()
        if first <= 0 or last <= 0:
            first, last = 1, pages.count
        last = min(last, pages.count)
        dpi = min(printer.resolution(), PRINT_DPI_MAX)
        progress = QProgressDialog(tr("Printing…"), tr("Stop"), 0, last - first + 1, self)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)
        painter = QPainter()
        if not painter.begin(printer):
            QMessageBox.warning(self, tr("Print"), tr("The printer could not be started."))
            return False
        try:
            for number in range(first, last + 1):
                if progress.wasCanceled():
                    printer.abort()
                    return False
                if number > first:
                    printer.newPage()
                image = pages.render(number - 1, dpi)
                target = painter.viewport()
                scaled = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.setViewport(target.x(), target.y(), scaled.width(), scaled.height())
                painter.setWindow(image.rect())
                painter.drawImage(0, 0, image)
                painter.setViewport(target)
                progress.setValue(number - first + 1)
                QCoreApplication.processEvents()
        except PdfUnreadable as error:
            printer.abort()
            QMessageBox.warning(self, tr("Print"), str(error))
            return False
        finally:
            painter.end()
            progress.close()
        return True
