"""The branding page's "Last real invoice": the client's most recent issued invoice as the
service rendered it, small beside the app's own sample, to compare the two; Open… shows it
whole in a `PdfViewer`.

The host gives the bytes (`set_pdf`) or says why there are none (`show_none`,
`show_unavailable_offline`, `show_message`). The first page is rendered on a worker thread.
"""

from __future__ import annotations

import concurrent.futures

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from si_desktop.ui.pdf.raster import PdfPages, PdfUnreadable
from si_desktop.ui.pdf.viewer import PdfViewer

THUMB_WIDTH = 180


def tr(text: str) -> str:
    return QCoreApplication.translate("Pdf", text)


def _first_page(data: bytes, width: int) -> object:
    try:
        pages = PdfPages(data)
    except PdfUnreadable as error:
        return error
    try:
        dpi = width / (pages.sizes[0].width / 72)
        return pages.render(0, dpi)
    except PdfUnreadable as error:
        return error
    finally:
        pages.close()


class _Delivery(QObject):
    delivered = Signal(int, object)


class LastInvoicePreview(QWidget):
    """A thumbnail of the last issued invoice's first page, a caption and Open…."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lastInvoice")
        self._executor = concurrent.futures.ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="pdf-thumbnail")
        executor = self._executor
        self.destroyed.connect(lambda *_: executor.shutdown(wait=False, cancel_futures=True))
        self._delivery = _Delivery(self)
        self._delivery.delivered.connect(self._on_rendered)
        self._generation = 0
        self.data = b""
        self.file_name = ""
        self.thumbnail = QLabel(self)
        self.thumbnail.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.thumbnail.setAccessibleName(tr("Last real invoice"))
        self.caption = QLabel(self)
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.open_button = QPushButton(tr("Open…"), self)
        self.open_button.clicked.connect(self.open_viewer)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.thumbnail)
        layout.addWidget(self.caption)
        layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.show_none()

    def _plain(self, text: str) -> None:
        self._generation += 1
        self.data = b""
        self.thumbnail.clear()
        self.thumbnail.hide()
        self.caption.setText(text)
        self.open_button.setEnabled(False)

    def show_none(self) -> None:
        self._plain(tr("This client has no issued invoice yet."))

    def show_loading(self) -> None:
        self._plain(tr("Loading the last invoice…"))

    def show_unavailable_offline(self) -> None:
        self._plain(tr("The last invoice's PDF is not available offline yet."))

    def show_message(self, text: str) -> None:
        self._plain(text)

    def set_pdf(self, data: bytes, file_name: str, caption: str) -> None:
        """Show the invoice's first page; `caption` names it ("Invoice 2026-00143, as
        Space Invoices rendered it")."""
        self._plain(caption)
        self.data, self.file_name = bytes(data), file_name
        self.open_button.setEnabled(True)
        generation = self._generation
        width = round(THUMB_WIDTH * self.devicePixelRatioF())
        future = self._executor.submit(_first_page, self.data, width)
        delivery = self._delivery

        def done(finished: concurrent.futures.Future[object]) -> None:
            if not finished.cancelled() and shiboken6.isValid(delivery):
                delivery.delivered.emit(generation, finished.result())

        future.add_done_callback(done)

    def _on_rendered(self, generation: int, result: object) -> None:
        if generation != self._generation:
            return
        if isinstance(result, PdfUnreadable):
            data, name = self.data, self.file_name
            self._plain(str(result))
            self.data, self.file_name = data, name
            return
        pixmap = QPixmap.fromImage(result)  # type: ignore[arg-type]
        pixmap.setDevicePixelRatio(self.devicePixelRatioF())
        self.thumbnail.setPixmap(pixmap)
        self.thumbnail.show()

    def open_viewer(self) -> QDialog | None:
        """The invoice whole, in a window of its own."""
        if not self.data:
            return None
        dialog = QDialog(self)
        dialog.setWindowTitle(self.file_name)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer = PdfViewer(dialog)
        layout = QVBoxLayout(dialog)
        layout.addWidget(viewer)
        dialog.resize(820, 900)
        viewer.set_pdf(self.data, self.file_name)
        dialog.show()
        return dialog
