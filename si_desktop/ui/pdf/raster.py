"""PDF pages as images, with PDFium (pypdfium2): PySide6-Essentials has no QtPdf.

PDFium is not thread-safe, not even across different documents, so every call into it in
this process goes through `PDFIUM_LOCK`; that lock guards a process-wide library, which is
why it lives at module level and not in the app's context. Work may run on any thread
while it holds the lock (the viewer renders on its own worker thread).

What a bookkeeper may be handed instead of a PDF is told apart before PDFium sees it: no
bytes at all, a web page (an error page from a proxy), something else, or bytes PDFium cannot
open (damaged, or locked with a password). Every page is rendered within a pixel budget, so
a page of absurd size or a zoom of 400 % on a 4K screen cannot take the memory.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import pypdfium2 as pdfium
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QImage

PDFIUM_LOCK = threading.RLock()
"""Held around every call into PDFium in this process."""

MAX_PDF_BYTES = 64 * 1024 * 1024
"""A file larger than this is not opened (the API client already stops answers at 32 MiB)."""
MAX_PIXELS = 40_000_000
"""The most pixels one rendered page may have (about 160 MB as RGBA)."""
POINTS_PER_INCH = 72.0


def tr(text: str) -> str:
    return QCoreApplication.translate("Pdf", text)


class PdfUnreadable(Exception):
    """The bytes are not a PDF the app can show; `str()` is a sentence for the user."""


def check_pdf_bytes(data: bytes) -> None:
    """Raise `PdfUnreadable` with the reason when `data` is plainly not a PDF."""
    if not data or not data.strip():
        raise PdfUnreadable(tr("Space Invoices sent an empty file instead of the PDF."))
    if len(data) > MAX_PDF_BYTES:
        raise PdfUnreadable(tr("The PDF is too large to show here (more than 64 MB). Save "
                               "it and open it in another program."))
    head = data[:1024].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body")):
        raise PdfUnreadable(tr("Space Invoices sent a web page instead of the PDF. Try "
                               "again later."))
    if b"%PDF-" not in data[:1024]:
        raise PdfUnreadable(tr("Space Invoices sent a file that is not a PDF."))


@dataclass(frozen=True)
class PageSize:
    """A page's size in points (1/72 inch)."""

    width: float
    height: float


class PdfPages:
    """An open PDF: its page count and sizes, pages rendered to `QImage`. Close it when
    done (the viewer does when it is given another document)."""

    def __init__(self, data: bytes) -> None:
        check_pdf_bytes(data)
        self.data = data
        with PDFIUM_LOCK:
            try:
                self._document = pdfium.PdfDocument(data)
                count = len(self._document)
                sizes = [self._document.get_page_size(index) for index in range(count)]
            except pdfium.PdfiumError as exc:
                raise PdfUnreadable(tr("This PDF cannot be read: it is damaged or locked "
                                       "with a password.")) from exc
        if count < 1:
            self.close()
            raise PdfUnreadable(tr("This PDF has no pages."))
        self.sizes = [PageSize(float(width), float(height)) for width, height in sizes]

    @property
    def count(self) -> int:
        return len(self.sizes)

    def close(self) -> None:
        with PDFIUM_LOCK:
            document = getattr(self, "_document", None)
            if document is not None:
                document.close()
                self._document = None

    def scale_for(self, index: int, dpi: float) -> float:
        """PDFium's scale for `dpi`, lowered when the page would pass `MAX_PIXELS`."""
        size = self.sizes[index]
        scale = dpi / POINTS_PER_INCH
        pixels = size.width * size.height * scale * scale
        if pixels > MAX_PIXELS:
            scale *= (MAX_PIXELS / pixels) ** 0.5
        return scale

    def render(self, index: int, dpi: float) -> QImage:
        """Page `index` (from 0) at `dpi`, white behind it. Safe on any thread."""
        scale = self.scale_for(index, dpi)
        with PDFIUM_LOCK:
            if self._document is None:
                raise PdfUnreadable(tr("The PDF was closed."))
            try:
                page = self._document[index]
                try:
                    bitmap = page.render(scale=scale, rev_byteorder=True)
                    try:
                        image = QImage(bitmap.buffer, bitmap.width, bitmap.height,
                                       bitmap.stride, _format(bitmap.n_channels)).copy()
                    finally:
                        bitmap.close()
                finally:
                    page.close()
            except pdfium.PdfiumError as exc:
                raise PdfUnreadable(tr("Page %1 of this PDF cannot be shown.").replace(
                    "%1", str(index + 1))) from exc
        image.setDotsPerMeterX(round(dpi / 0.0254))
        image.setDotsPerMeterY(round(dpi / 0.0254))
        return image

    def text(self, index: int) -> str:
        """The text of page `index`, as a reader would copy it."""
        with PDFIUM_LOCK:
            if self._document is None:
                return ""
            page = self._document[index]
            try:
                textpage = page.get_textpage()
                try:
                    return str(textpage.get_text_range())
                finally:
                    textpage.close()
            finally:
                page.close()


def _format(channels: int) -> QImage.Format:
    if channels == 4:
        return QImage.Format.Format_RGBX8888
    if channels == 1:
        return QImage.Format.Format_Grayscale8
    return QImage.Format.Format_RGB888
