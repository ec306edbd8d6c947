"""The document view's PDF tab: the document as the customer receives it, rendered by the
service (`Workspace.document_pdf`: the cache's copy of this version, else fetched and kept).

Nothing is fetched, and the viewer (PDFium) is not even imported, until the tab is first
shown; after that the tab follows the view: another document, or a new version of this one
(a payment moves `updated_at`, and the service renders it anew), is fetched when the tab is
shown again. What cannot be shown says why: a draft written offline has no PDF yet, a PDF
never fetched is "not available offline yet" while the service cannot be reached, and any
other failure is worded with "Try again" beside it.

Save and print are the view's own actions (they work from any tab), so the viewer's bar
keeps only what is about the pages: paging, zoom and "Open in system viewer".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from si_desktop.ui.context import AppContext
from si_desktop.ui.documents.words import tr
from si_desktop.ui.errors import error_text

if TYPE_CHECKING:  # PDFium is imported when the tab is first shown
    from si_desktop.ui.pdf.viewer import PdfViewer


@dataclass(frozen=True)
class PdfWanted:
    """The PDF the tab is to show: which document, which version, under which file name."""

    document_id: str
    version: str
    file_name: str
    local: bool = False
    """A draft written offline: not on the service, so no PDF yet."""


class PdfTab(QWidget):
    """The PDF of the view's document (see the module docstring)."""

    shown = Signal()
    """The PDF's first page is on screen (the viewer shows it)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentPdfTab")
        self.context = context
        self.viewer: PdfViewer | None = None
        self.wanted: PdfWanted | None = None
        self._asked: PdfWanted | None = None  # what the viewer shows or is fetching
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)

    def set_document(self, wanted: PdfWanted | None) -> None:
        """Show this PDF: now when the tab is on screen, else when it is next shown."""
        self.wanted = wanted
        if self.isVisible():
            self.load()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.load()

    def ensure_viewer(self) -> PdfViewer:
        if self.viewer is None:
            from si_desktop.ui.pdf.viewer import PdfViewer, ViewerState

            viewer = PdfViewer(self)
            viewer.save_button.hide()  # the view's Save PDF… and Print… stand for these
            viewer.print_button.hide()
            viewer.retry_requested.connect(lambda: self.load(again=True))
            viewer.state_changed.connect(
                lambda state: self.shown.emit() if state == ViewerState.SHOWING.value
                else None)
            layout = self.layout()
            assert layout is not None
            layout.addWidget(viewer)
            self.viewer = viewer
        return self.viewer

    @property
    def showing(self) -> bool:
        """Whether the viewer has the wanted PDF open (its pages can be printed)."""
        viewer = self.viewer
        return (viewer is not None and self.wanted is not None and self._asked == self.wanted
                and viewer.page_count > 0)

    def load(self, *, again: bool = False) -> None:
        """Fetch the wanted PDF unless the viewer has it already (or `again`)."""
        wanted = self.wanted
        if wanted is None or (wanted == self._asked and not again):
            return
        self._asked = wanted
        viewer = self.ensure_viewer()
        if wanted.local:
            viewer.show_message(tr("This draft is not on Space Invoices yet, so it has no "
                                   "PDF. Space Invoices makes it once the draft reaches it."))
            return
        viewer.show_loading()
        self.context.bridge.run(
            self.context.workspace.document_pdf(wanted.document_id), owner=self, key="pdf",
            on_success=lambda data: self._arrived(wanted, data),
            on_error=lambda error: self._failed(wanted, error))

    def _offline(self) -> bool:
        if self.context.online is False:
            return True
        return self.context.has_workspace and self.context.workspace.connectivity.offline

    def _arrived(self, wanted: PdfWanted, data: bytes | None) -> None:
        viewer = self.viewer
        if viewer is None or wanted != self._asked:
            return
        if data:
            viewer.set_pdf(data, wanted.file_name)
        elif self._offline():
            viewer.show_unavailable_offline()
        else:
            viewer.show_message(tr("Space Invoices did not send this PDF. Try again later."))

    def _failed(self, wanted: PdfWanted, error: BaseException) -> None:
        viewer = self.viewer
        if viewer is None or wanted != self._asked:
            return
        if self._offline():
            viewer.show_unavailable_offline()
        else:
            viewer.show_message(tr("The PDF could not be fetched: %1").replace(
                "%1", error_text(error)))
