"""The preview as a one-page A4 PDF (QPdfWriter), marked as a sample across the page, and as
template thumbnails, both drawn by the same renderer as the screen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPageLayout, QPageSize, QPainter, QPdfWriter, QPixmap

from si_desktop.ui.preview.renderer import PAGE_HEIGHT, PAGE_WIDTH, LogoArt, paint_invoice
from si_desktop.ui.preview.sample import SampleInvoice

PDF_RESOLUTION = 300


def tr(text: str) -> str:
    return QCoreApplication.translate("InvoicePreview", text)


def export_pdf(invoice: SampleInvoice, path: str | Path, *, logo: LogoArt | None = None) -> None:
    """Write the invoice to `path` as a one-page A4 PDF with "SAMPLE" across it in the
    client's language. Raises OSError when the file cannot be written."""
    writer = QPdfWriter(str(path))
    writer.setResolution(PDF_RESOLUTION)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
            QPageLayout.Unit.Millimeter,
        )
    )
    # the title and the page say "sample" in the client's language, as the page's words do
    writer.setTitle(f"{invoice.title} {invoice.number} ({invoice.label('sample')})")
    writer.setCreator("si-desktop")
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(tr("Cannot write the PDF to {path}.").replace("{path}", str(path)))
    try:
        target = QRectF(0, 0, writer.width(), writer.height())
        paint_invoice(painter, target, invoice, logo=logo, sample_mark=True)
    finally:
        painter.end()


def render_thumbnail(
    invoice: SampleInvoice,
    template: str,
    width: int,
    *,
    logo: LogoArt | None = None,
    device_pixel_ratio: float = 1.0,
) -> QPixmap:
    """A small picture of the invoice in `template`, `width` logical pixels wide, sharp on
    high-density screens."""
    height = round(width * PAGE_HEIGHT / PAGE_WIDTH)
    ratio = max(1.0, device_pixel_ratio)
    pixmap = QPixmap(QSize(round(width * ratio), round(height * ratio)))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(QColor(Qt.GlobalColor.transparent))
    painter = QPainter(pixmap)
    try:
        paint_invoice(painter, QRectF(0, 0, width, height), invoice, logo=logo, template=template)
        painter.setPen(QColor(0, 0, 0, 60))
        painter.drawRect(QRectF(0.5, 0.5, width - 1, height - 1))
    finally:
        painter.end()
    return pixmap
