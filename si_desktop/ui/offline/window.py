"""The offline cache in the main window: the banner and the client's sync line above the
pages, the refresh progress in the status bar, the conflict dialog, pages that follow the
cache without losing what is being typed, and a client made offline that takes its service
id once it is created."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QBoxLayout

from si_desktop.sync.conflicts import EditProblem
from si_desktop.sync.errors import Problem, ProblemKind
from si_desktop.sync.events import Changes
from si_desktop.ui.offline.service import OfflineService
from si_desktop.ui.offline.widgets import ClientSyncLine, OfflineBanner, RefreshProgressWidget

if TYPE_CHECKING:
    from si_desktop.ui.main_window import MainWindow
    from si_desktop.ui.offline.conflicts import ConflictDialog
    from si_desktop.ui.pages.base import ClientPage


def attach_offline(window: MainWindow) -> OfflineUi:
    """Give `window` the offline cache's widgets."""
    return OfflineUi(window, window.context.offline)


class OfflineUi(QObject):
    def __init__(self, window: MainWindow, service: OfflineService) -> None:
        super().__init__(window)
        self.window = window
        self.service = service
        self.dialog: ConflictDialog | None = None
        self._renames: dict[str, str] = {}
        self._snapshot = ""

        column = window.banner.parentWidget()
        layout = column.layout() if column is not None else None
        self.banner = OfflineBanner(service, column)
        self.line = ClientSyncLine(service, column)
        if isinstance(layout, QBoxLayout):
            at = layout.indexOf(window.banner)
            layout.insertWidget(at, self.banner)
            layout.insertWidget(at + 2, self.line)
        self.progress = RefreshProgressWidget(service, window)
        window.statusBar().insertPermanentWidget(0, self.progress)

        self.line.review_requested.connect(self.review)
        service.problems_found.connect(self._on_problems)
        service.client_renamed.connect(self._on_renamed)
        service.cache_changed.connect(self._follow_cache)
        service.state_changed.connect(self._on_state)
        service.refreshed.connect(self._update_status)
        window.context.client_changed.connect(self._take_snapshot)
        for page in window.built_pages:
            self._watch_page(page)
        window.page_built.connect(self._watch_page)

    # keeping the pages current -------------------------------------------------------------

    def _watch_page(self, page: ClientPage) -> None:
        page.dirty_changed.connect(lambda _dirty: self._apply_renames())

    def _current_state(self) -> str:
        """The open client as the cache has it (record, units, logo), for comparing."""
        entity_id = self.window.context.current_client_id
        workspace = self.service.workspace
        if workspace is None or not entity_id:
            return ""
        view = workspace.client(entity_id)
        units = [unit.data for unit in workspace.units(entity_id)]
        logo = workspace.logo(entity_id)
        return json.dumps(
            [view.data if view is not None else None, units,
             logo.file_id if logo is not None else None],
            sort_keys=True, default=str,
        )

    def _take_snapshot(self, *_signal_args: object) -> None:
        self._snapshot = self._current_state()

    def _follow_cache(self, changes: Changes | None = None) -> None:
        """New data for the open client: pages that hold no edits show it; a page being
        edited or saved keeps what the user typed. A change that does not touch the open
        client, or that its own page made, costs nothing here."""
        current = self.window.context.current_client_id
        if changes is not None and not changes.touches(current):
            return
        initiator = changes.initiator if changes is not None else None
        state = self._current_state()
        if state == self._snapshot:
            return
        self._snapshot = state
        for page in self.window.built_pages:  # the others read the cache when built
            if page is initiator:  # it shows what it saved already
                continue
            if not page.is_dirty() and not page.is_saving and page.client_id:
                page.reload()
        record = self.window.switcher.model.record(self.window.context.current_client_id)
        if record is not None:
            self.window.context.client_updated.emit(record)

    def _update_status(self, *_signal_args: object) -> None:
        update = getattr(self.window, "_update_status", None)
        if callable(update):
            update()

    # online and offline --------------------------------------------------------------------

    def _on_state(self, online: bool) -> None:
        if not online and self.window.banner.message == _network_text():
            self.window.banner.dismiss()  # the offline banner says it, once
        self._update_status()

    # a client created offline --------------------------------------------------------------

    def _on_renamed(self, local_id: str, service_id: str) -> None:
        self._renames[local_id] = service_id
        self._apply_renames()

    def _apply_renames(self) -> None:
        context = self.window.context
        current = context.current_client_id
        if current not in self._renames:
            self._renames.clear()
            return
        if self.window.dirty_pages():
            return  # after the edits are saved or reverted
        service_id = self._renames.pop(current)
        self._renames.clear()
        context.set_current_client(service_id)
        self.window.switcher.select(service_id)

    # conflicts -----------------------------------------------------------------------------

    def _on_problems(self, problems: list[EditProblem]) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            return  # the line over the page offers them again
        QTimer.singleShot(0, self, lambda: self.review(""))

    def review(self, entity_id: str = "") -> ConflictDialog | None:
        """Open the dialog for the held edits (of one client, or all)."""
        problems = self.service.problems(entity_id or None)
        if not problems:
            return None
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
        from si_desktop.ui.offline.conflicts import ConflictDialog  # the first review

        self.dialog = ConflictDialog(self.service, problems, self.window)
        self.dialog.finished.connect(self._dialog_done)
        self.dialog.open()
        return self.dialog

    def _dialog_done(self, _result: Any) -> None:
        self.line.update_text()


def _network_text() -> str:
    from si_desktop.ui.errors import problem_text

    return problem_text(Problem(ProblemKind.NETWORK, "no answer"))
