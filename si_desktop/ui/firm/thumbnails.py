"""The branding wall's thumbnails: drawn off the GUI thread, kept in memory and on disk.

A tile shows the client's last real invoice (the first page of its PDF, when this computer
has the PDF) or else the app's own preview of an invoice in the client's branding. Both are
drawn on one long-lived worker thread (PDFium and the cache's SQLite connection want long
lives, see `ui.pdf.raster` and `store.database`) into a `QImage`; the GUI thread only turns a
finished image into a pixmap.

The worker takes the newest request first and forgets the oldest beyond `MAX_WAITING`: while
the user scrolls through thousands of tiles, the ones on screen now are drawn first and those
scrolled past are never drawn at all. Each finished image is written to the data folder
(`thumbnails/branding-wall/<hash of the key>.png`) so the next opening draws nothing; a key
names what was drawn (the document and its version, or the fingerprint of the client's
record), so a changed client gets a new one.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QRectF, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap

from si_desktop.sync.branding_wall import WallClient
from si_desktop.sync.workspace import Workspace
from si_desktop.ui.pdf.raster import POINTS_PER_INCH, PdfPages, PdfUnreadable
from si_desktop.ui.preview.renderer import PAGE_HEIGHT, PAGE_WIDTH, LogoArt, paint_invoice
from si_desktop.ui.preview.sample import build_sample_invoice

THUMB_WIDTH = 120
THUMB_HEIGHT = round(THUMB_WIDTH * PAGE_HEIGHT / PAGE_WIDTH)
RENDER_VERSION = 1
"""Part of every key: raise it when the drawing changes, and old files are not used."""
MAX_WAITING = 120
MEMORY_LIMIT = 400
"""Thumbnails kept as pixmaps (about 80 KB each at 1×)."""


@dataclass(frozen=True)
class ThumbnailJob:
    key: str
    """What the tile shows (`thumbnail_key`)."""
    client: WallClient
    pixel_width: int

    @property
    def use_pdf(self) -> bool:
        return self.client.last_invoice_id is not None

    @property
    def preview_key(self) -> str:
        """The key of the app's own preview, drawn when the invoice's PDF is not here."""
        return f"v{RENDER_VERSION}:{self.pixel_width}:preview:{self.client.fingerprint}"


def thumbnail_key(client: WallClient, pixel_width: int) -> str:
    """What a tile shows, as a key: the last invoice (by id and version) where there is one,
    else the preview of the client's record as it is now."""
    if client.last_invoice_id:
        what = f"pdf:{client.last_invoice_id}:{client.last_invoice_version or ''}"
    else:
        what = f"preview:{client.fingerprint}"
    return f"v{RENDER_VERSION}:{pixel_width}:{what}"


def disk_path(folder: Path, key: str) -> Path:
    return folder / (hashlib.sha1(key.encode("utf-8"), usedforsecurity=False).hexdigest()
                     + ".png")


def render_pdf_page(data: bytes, pixel_width: int) -> QImage:
    """The first page of a PDF, `pixel_width` pixels wide; `PdfUnreadable` when it cannot be
    read."""
    pages = PdfPages(data)
    try:
        dpi = pixel_width / (pages.sizes[0].width / POINTS_PER_INCH)
        return pages.render(0, dpi)
    finally:
        pages.close()


def render_preview(client: WallClient, logo: bytes | None, pixel_width: int) -> QImage:
    """The app's own invoice in the client's branding, `pixel_width` pixels wide."""
    height = round(pixel_width * PAGE_HEIGHT / PAGE_WIDTH)
    image = QImage(pixel_width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("#ffffff"))
    art = LogoArt(logo) if logo else None
    painter = QPainter(image)
    try:
        paint_invoice(painter, QRectF(0, 0, pixel_width, height),
                      build_sample_invoice(client.entity, logo=logo),
                      logo=art if art is not None and art.valid else None)
    finally:
        painter.end()
    return image


def _kept(folder: Path | None, key: str) -> QImage | None:
    if folder is None:
        return None
    path = disk_path(folder, key)
    if not path.exists():
        return None
    image = QImage(str(path))
    return None if image.isNull() else image


def draw(workspace: Workspace, job: ThumbnailJob, folder: Path | None) -> tuple[QImage, bool]:
    """The job's thumbnail and whether it is the real invoice: read from the disk cache, or
    drawn and kept there. The last invoice's first page when its PDF is in the cache (a PDF
    not fetched yet may come later: the preview drawn meanwhile is kept under its own key).
    Runs on the worker thread."""
    if job.use_pdf:
        kept = _kept(folder, job.key)
        if kept is not None:
            return kept, True
        data = workspace.document_pdf_now(str(job.client.last_invoice_id))
        if data:
            with contextlib.suppress(PdfUnreadable):
                image = render_pdf_page(data, job.pixel_width)
                if folder is not None:
                    _save(image, disk_path(folder, job.key))
                return image, True
    kept = _kept(folder, job.preview_key)
    if kept is not None:
        return kept, False
    logo = workspace.logo(job.client.entity_id) if job.client.has_logo else None
    image = render_preview(job.client, logo.data if logo is not None else None,
                           job.pixel_width)
    if folder is not None:
        _save(image, disk_path(folder, job.preview_key))
    return image, False


def _save(image: QImage, path: Path) -> None:
    """Written beside and moved in place, so a half-written file is never read."""
    # the format is told by the name's ending (PySide refuses some spellings of the argument)
    temporary = path.parent / f"{path.stem}.{os.getpid()}.{threading.get_ident()}.tmp.png"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if image.save(str(temporary)):
            os.replace(temporary, path)
    except (OSError, ValueError):
        pass  # a cache: drawing again next time is the worst that happens
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


class _Delivery(QObject):
    delivered = Signal(str, QImage, bool)


class ThumbnailWorker:
    """One thread that draws the thumbnails asked for, newest first; finished images arrive
    on the GUI thread through `delivered(key, image, real)`."""

    def __init__(self, render: Callable[[ThumbnailJob], tuple[QImage, bool]]) -> None:
        self._render = render
        self._waiting: OrderedDict[str, ThumbnailJob] = OrderedDict()
        self._condition = threading.Condition()
        self._stopped = False
        self.delivery = _Delivery()
        self.delivered = self.delivery.delivered
        self._thread = threading.Thread(target=self._run, name="branding-wall",
                                        daemon=True)
        self._thread.start()

    def request(self, job: ThumbnailJob) -> None:
        with self._condition:
            self._waiting[job.key] = job
            self._waiting.move_to_end(job.key)
            while len(self._waiting) > MAX_WAITING:
                self._waiting.popitem(last=False)
            self._condition.notify()

    def forget(self) -> list[str]:
        """Drop every waiting request; answers their keys."""
        with self._condition:
            keys = list(self._waiting)
            self._waiting.clear()
        return keys

    @property
    def waiting(self) -> int:
        with self._condition:
            return len(self._waiting)

    def stop(self, wait: float = 5.0) -> None:
        with self._condition:
            self._stopped = True
            self._waiting.clear()
            self._condition.notify()
        if self._thread is not threading.current_thread():
            self._thread.join(wait)

    def _run(self) -> None:
        while True:
            with self._condition:
                while not self._waiting and not self._stopped:
                    self._condition.wait()
                if self._stopped:
                    return
                key, job = self._waiting.popitem(last=True)
            try:
                image, real = self._render(job)
            except Exception:  # one client's odd record must not stop the wall
                image, real = QImage(), False
            if self.stopped:
                return
            self.delivery.delivered.emit(key, image, real)

    @property
    def stopped(self) -> bool:
        with self._condition:
            return self._stopped


class PixmapCache:
    """The most recently used thumbnails as pixmaps (GUI thread only)."""

    def __init__(self, limit: int = MEMORY_LIMIT) -> None:
        self.limit = limit
        self._pixmaps: OrderedDict[str, QPixmap] = OrderedDict()

    def get(self, key: str) -> QPixmap | None:
        pixmap = self._pixmaps.get(key)
        if pixmap is not None:
            self._pixmaps.move_to_end(key)
        return pixmap

    def put(self, key: str, pixmap: QPixmap) -> None:
        self._pixmaps[key] = pixmap
        self._pixmaps.move_to_end(key)
        while len(self._pixmaps) > self.limit:
            self._pixmaps.popitem(last=False)

    def __len__(self) -> int:
        return len(self._pixmaps)
