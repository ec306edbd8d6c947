"""The live preview: an A4 page drawn by the app's renderer, fitted to the space or zoomed,
with "Export preview as PDF…". Under the page a line in the client's language says the page
is an approximate preview; the exported PDF says "SAMPLE" across the page and its suggested
file name ends in "-sample", so that neither is taken for an invoice that was issued."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from si_desktop.ui.preview.export import export_pdf
from si_desktop.ui.preview.renderer import (
    PAGE_HEIGHT,
    PAGE_WIDTH,
    LogoArt,
    LogoCache,
    paint_invoice,
)
from si_desktop.ui.preview.renderer import page_rect as fit_page
from si_desktop.ui.preview.sample import SampleInvoice
from si_desktop.ui.widgets import quiet_label

ZOOM_STEPS = (0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0)
PIXELS_PER_UNIT = 96 / 25.4 / 10
"""Screen pixels per page unit at 100 % (A4 at 96 logical dots per inch)."""
GAP = 16


def tr(text: str) -> str:
    return QCoreApplication.translate("InvoicePreview", text)


class PageCanvas(QWidget):
    """Paints the page: fitted to the widget, or at a zoom inside a scroll area."""

    zoom_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("previewCanvas")
        self._invoice: SampleInvoice | None = None
        self._logos = LogoCache()
        self._zoom = 1.0
        self._fit = True
        self.revision = 0
        """Counts redraw requests (a test waits on it)."""
        self.painted_revision = -1
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(120, 160)

    @property
    def invoice(self) -> SampleInvoice | None:
        return self._invoice

    def logo_art(self) -> LogoArt | None:
        return self._logos.get(self._invoice.logo if self._invoice else None)

    def set_invoice(self, invoice: SampleInvoice | None) -> None:
        self._invoice = invoice
        self.revision += 1
        self.update()

    # zoom -----------------------------------------------------------------------------------

    @property
    def fit(self) -> bool:
        return self._fit

    def zoom(self) -> float:
        """The scale shown now (in fit mode, the one that fits)."""
        if self._fit:
            return self.page_rect().width() / (PAGE_WIDTH * PIXELS_PER_UNIT)
        return self._zoom

    def set_fit(self) -> None:
        self._fit = True
        self.setMinimumSize(120, 160)
        self.updateGeometry()
        self.update()
        self.zoom_changed.emit()

    def set_zoom(self, zoom: float) -> None:
        self._zoom = max(ZOOM_STEPS[0], min(ZOOM_STEPS[-1], zoom))
        self._fit = False
        self.setMinimumSize(self._zoomed_size())
        self.updateGeometry()
        self.update()
        self.zoom_changed.emit()

    def step(self, direction: int) -> None:
        current = self.zoom()
        if direction > 0:
            bigger = [z for z in ZOOM_STEPS if z > current + 0.005]
            self.set_zoom(bigger[0] if bigger else ZOOM_STEPS[-1])
        else:
            smaller = [z for z in ZOOM_STEPS if z < current - 0.005]
            self.set_zoom(smaller[-1] if smaller else ZOOM_STEPS[0])

    def _zoomed_size(self) -> QSize:
        return QSize(
            round(PAGE_WIDTH * PIXELS_PER_UNIT * self._zoom) + 2 * GAP,
            round(PAGE_HEIGHT * PIXELS_PER_UNIT * self._zoom) + 2 * GAP,
        )

    def page_rect(self) -> QRectF:
        area = QRectF(self.rect()).adjusted(GAP, GAP, -GAP, -GAP)
        if self._fit:
            return fit_page(area)
        width = PAGE_WIDTH * PIXELS_PER_UNIT * self._zoom
        height = PAGE_HEIGHT * PIXELS_PER_UNIT * self._zoom
        x = max(area.left(), area.center().x() - width / 2)
        return QRectF(x, area.top(), width, height)

    def sizeHint(self) -> QSize:
        return QSize(420, 594) if self._fit else self._zoomed_size()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.step(1 if event.angleDelta().y() > 0 else -1)
            event.accept()
            return
        super().wheelEvent(event)

    # painting -------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Mid))
        if self._invoice is None:
            painter.setPen(palette.color(QPalette.ColorRole.Text))
            painter.drawText(
                QRectF(self.rect()), int(Qt.AlignmentFlag.AlignCenter), tr("No preview yet")
            )
            painter.end()
            return
        rect = self.page_rect()
        painter.fillRect(rect.translated(2, 3), QColor(0, 0, 0, 70))
        paint_invoice(painter, rect, self._invoice, logo=self._logos.get(self._invoice.logo))
        painter.end()
        self.painted_revision = self.revision


def _file_name(text: str) -> str:
    cleaned = re.sub(r"[^\w\-. ]+", "", text, flags=re.UNICODE).strip(" .")
    return cleaned[:80] or "invoice"


def suggested_file_name(invoice: SampleInvoice) -> str:
    """"<client> <number>-sample.pdf": never the name of an issued invoice's PDF."""
    return _file_name(f"{invoice.seller_name} {invoice.number}") + "-sample.pdf"


class InvoicePreview(QWidget):
    """The page with its zoom controls and the PDF export."""

    exported = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("invoicePreview")
        self.canvas = PageCanvas()
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setObjectName("previewScroll")
        # focusable, so the arrow keys scroll a zoomed page
        self.scroll_area.setAccessibleName(tr("Invoice preview"))
        self.scroll_area.setWidget(self.canvas)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.zoom_out = QToolButton(self)
        self.zoom_out.setText("−")
        self.zoom_out.setToolTip(tr("Zoom out (Ctrl+−)"))
        self.zoom_out.setAccessibleName(tr("Zoom out"))
        self.zoom_out.setShortcut(QKeySequence.StandardKey.ZoomOut)
        self.zoom_in = QToolButton(self)
        self.zoom_in.setText("+")
        self.zoom_in.setToolTip(tr("Zoom in (Ctrl++)"))
        self.zoom_in.setAccessibleName(tr("Zoom in"))
        self.zoom_in.setShortcut(QKeySequence.StandardKey.ZoomIn)
        self.fit_button = QToolButton(self)
        self.fit_button.setText(tr("Fit"))
        self.fit_button.setToolTip(tr("Fit the whole page"))
        self.fit_button.setAccessibleName(tr("Fit the whole page"))
        self.fit_button.setCheckable(True)
        self.fit_button.setChecked(True)
        self.zoom_label = QLabel(self)
        self.zoom_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("400 %") + 8)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.export_button = QPushButton(tr("Export preview as PDF…"), self)
        self.export_button.setObjectName("exportPdf")

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.setSpacing(4)
        bar.addWidget(self.zoom_out)
        bar.addWidget(self.zoom_label)
        bar.addWidget(self.zoom_in)
        bar.addWidget(self.fit_button)
        bar.addStretch(1)
        bar.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(bar)
        layout.addWidget(self.scroll_area, 1)
        # in the client's language, like the page above it
        self.note = quiet_label("", self)
        self.note.setObjectName("previewNote")
        self.note.setWordWrap(True)
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.note)

        self.zoom_out.clicked.connect(lambda: self.canvas.step(-1))
        self.zoom_in.clicked.connect(lambda: self.canvas.step(1))
        self.fit_button.clicked.connect(self._fit_clicked)
        self.canvas.zoom_changed.connect(self._show_zoom)
        self.export_button.clicked.connect(self.ask_export)
        self._show_zoom()

    def set_invoice(self, invoice: SampleInvoice | None) -> None:
        self.canvas.set_invoice(invoice)
        self.export_button.setEnabled(invoice is not None)
        self.note.setText(invoice.label("approximate") if invoice is not None else "")
        self._show_zoom()

    @property
    def invoice(self) -> SampleInvoice | None:
        return self.canvas.invoice

    def _fit_clicked(self) -> None:
        if self.fit_button.isChecked():
            self.canvas.set_fit()
        else:
            self.canvas.set_zoom(self.canvas.zoom())

    def _show_zoom(self) -> None:
        self.fit_button.setChecked(self.canvas.fit)
        self.scroll_area.setWidgetResizable(True)
        self.zoom_label.setText(f"{round(self.canvas.zoom() * 100)} %")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._show_zoom()

    def ask_export(self) -> None:
        invoice = self.canvas.invoice
        if invoice is None:
            return
        suggested = suggested_file_name(invoice)
        path, _ = QFileDialog.getSaveFileName(
            self, tr("Export preview as PDF"), str(Path.home() / suggested), tr("PDF (*.pdf)")
        )
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        try:
            self.export_to(path)
        except OSError as error:
            QMessageBox.warning(self, tr("Export preview as PDF"), str(error))

    def export_to(self, path: str | Path) -> None:
        invoice = self.canvas.invoice
        if invoice is None:
            raise OSError(tr("There is nothing to export yet."))
        export_pdf(invoice, path, logo=self.canvas.logo_art())
        self.exported.emit(str(path))
