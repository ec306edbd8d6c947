"""The base of every tab on the client side of the window (Picard's options pages idea: one
class per page, registered in a list the window builds its tabs from).

A page loads its data for the current client through the bridge with the keyed job "load",
so switching client cancels the previous load and a late answer is dropped. When the local
cache can answer at once (`read_now`), the page takes that answer on the spot instead: no
trip through the worker thread, no busy bar, no disabled flash. A page that is not on screen
(a tab behind another) does not load at all: it notes that it is out of date and loads when
it is shown (or when its `data` is asked for), so opening a client (or a change to the open
one) costs the shown page's work, not every built tab's (issue 23: each built tab read the
cache on every switch). A page that can be edited tracks a baseline and says whether it is
dirty; the window asks before anything typed would be lost.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any, ClassVar

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget

from si_desktop.sync.vocabulary import StoreError
from si_desktop.ui.accessibility import name_from_labels
from si_desktop.ui.context import AppContext

log = logging.getLogger("si_desktop.ui.pages")

NOT_NOW = object()
"""What `read_now` returns when only a load through the bridge can answer."""


class ClientPage(QWidget):
    """One tab over the current client. Subclasses implement `fetch` and `show_data`;
    editable pages also implement `edited_values` and `save_coroutine`."""

    page_id: ClassVar[str] = ""
    editable: ClassVar[bool] = False
    claims_new_shortcut: ClassVar[bool] = False
    """Whether Ctrl+N makes something of the page's own (a new invoice on the Documents tab)
    while the focus is in it, instead of a new client: the page then holds an action with
    that shortcut in the `WidgetWithChildrenShortcut` context."""

    dirty_changed = Signal(bool)
    loading_changed = Signal(bool)
    loaded = Signal()
    saved = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName(f"page-{self.page_id}")
        self._client_id = ""
        self._data: Any = None
        self._baseline: Any = None
        self._dirty = False
        self._loading = False
        self._saving = False
        self._populating = False
        self._named = False
        self._unshown = False  # data applied while the page was hidden: fill when shown
        self._stale = False  # a load asked for while hidden: it runs when the page is shown
        self._load_hidden = False  # `data` was asked for: load although hidden

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.busy_bar = QProgressBar(self)
        self.busy_bar.setObjectName("pageBusy")
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setFixedHeight(3)
        self.busy_bar.setVisible(False)
        outer.addWidget(self.busy_bar)
        self.message_label = QLabel(self)
        self.message_label.setObjectName("pageMessage")
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        self.message_label.setWordWrap(True)
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message_label.setVisible(False)
        outer.addWidget(self.message_label)
        self.body = QWidget(self)
        self.body_layout = QVBoxLayout(self.body)
        outer.addWidget(self.body, 1)

        context.client_changed.connect(self.set_client)
        context.workspace_changed.connect(self._on_workspace_changed)
        if context.current_client_id:
            # a page made after the client was chosen loads it once the subclass is built
            QTimer.singleShot(0, self, self.load_current)

    def showEvent(self, event: QShowEvent) -> None:
        if not self._named:
            # built by now, subclass included: name each field after its form label
            self._named = True
            name_from_labels(self)
        if self._stale:  # before the first paint: the tab never shows the old client
            self._load_stale()
        elif self._unshown:
            self._unshown = False
            self._fill(self._data)
        super().showEvent(event)

    def _load_stale(self) -> None:
        self._stale = False
        self.reload()
        if self._loading and self._data is None:
            self._fill(None)  # the cache could not answer at once: no other client meanwhile

    def load_current(self) -> None:
        """Load the context's current client, if this page has none yet."""
        if not self._client_id and self.context.current_client_id:
            self.set_client(self.context.current_client_id)

    # identity ------------------------------------------------------------------------------

    @classmethod
    def title(cls) -> str:
        """The tab's caption, translated."""
        raise NotImplementedError

    @staticmethod
    def tr_(text: str) -> str:
        return QCoreApplication.translate("ClientPage", text)

    @property
    def client_id(self) -> str:
        return self._client_id

    @property
    def data(self) -> Any:
        """What the last successful load (or save) returned. A page behind another tab that
        has not loaded its client yet loads it now (its widgets are filled when shown)."""
        if self._stale:
            self._load_hidden = True
            try:
                self.reload()
            finally:
                self._load_hidden = False
        return self._data

    # loading -------------------------------------------------------------------------------

    def set_client(self, entity_id: str) -> None:
        self._client_id = entity_id
        self.reload()

    def _on_workspace_changed(self) -> None:
        if self._client_id and self._client_id == self.context.current_client_id:
            return  # the window reopened its last client before this slot ran: shown already
        self._client_id, self._stale = "", False
        self.context.bridge.cancel_owner(self)
        self._set_loading(False)
        self._apply(None)

    @property
    def is_stale(self) -> bool:
        """Whether the page holds nothing for its client yet because it was hidden when
        asked to load (it loads when shown)."""
        return self._stale

    def reload(self) -> None:
        """Load the current client's data; a load already running is cancelled first. A
        page behind another tab only notes that it is out of date, and loads when shown."""
        entity_id = self._client_id
        self._stale = False
        if not entity_id or not self.context.has_workspace:
            self.context.bridge.cancel_owner(self)
            self._set_loading(False)
            self._apply(None)
            return
        if (self._behind_another() and not self._load_hidden and not self._dirty
                and not self._saving):
            self.context.bridge.cancel_key(self, "load")
            self._set_loading(False)
            self._data, self._unshown, self._stale = None, False, True
            return
        answer = self._answer_now(entity_id)
        if answer is not NOT_NOW:
            # an older load must not land over it (a save or upload of the page goes on)
            self.context.bridge.cancel_key(self, "load")
            self._set_loading(False)
            self.show_message("")
            self._apply(answer)
            self.loaded.emit()
            return
        self._set_loading(True)
        self.show_message("")
        self.context.bridge.run(
            self.fetch(entity_id),
            owner=self,
            key="load",
            on_success=self._on_loaded,
            on_error=self._on_load_failed,
        )

    def fetch(self, entity_id: str) -> Coroutine[Any, Any, Any]:
        """The coroutine that loads this page's data for `entity_id`."""
        raise NotImplementedError

    def read_now(self, entity_id: str) -> Any:
        """What `fetch` would return, when the local cache has it at once; else `NOT_NOW`."""
        return NOT_NOW

    def _answer_now(self, entity_id: str) -> Any:
        try:
            return self.read_now(entity_id)
        except StoreError as error:  # the load through the bridge reports it properly
            log.info("the cache could not answer at once: %s", error)
            return NOT_NOW

    def _on_loaded(self, data: Any) -> None:
        self._set_loading(False)
        self._apply(data)
        self.loaded.emit()

    def _on_load_failed(self, error: BaseException) -> None:
        from si_desktop.ui.errors import error_text

        self._set_loading(False)
        self.show_message(error_text(error))
        self.context.report_failure(error)

    def _apply(self, data: Any) -> None:
        self._data = data
        if data is not None and self._behind_another():
            # a tab behind another: nothing can be edited there, so nothing is lost
            self._unshown = True
            self._set_dirty(False)
            return
        self._unshown = False
        self._fill(data)

    def _behind_another(self) -> bool:
        """A tab not chosen in a window on screen: it gets a show event before it is seen.
        (In a window not shown yet, a tab can be chosen without one: fill it now.)"""
        return (
            self.isHidden()
            and self.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide)
            and self.window().isVisible()
        )

    def _fill(self, data: Any) -> None:
        self._populating = True
        try:
            self.show_data(data)
        finally:
            self._populating = False
        self._baseline = self.edited_values() if data is not None else None
        self._set_dirty(False)

    def show_data(self, data: Any) -> None:
        """Fill the widgets from `data` (None: no client, clear everything)."""
        raise NotImplementedError

    @property
    def is_loading(self) -> bool:
        return self._loading

    def _set_loading(self, loading: bool) -> None:
        if loading != self._loading:
            self._loading = loading
            self.busy_bar.setVisible(loading)
            self.body.setEnabled(not loading)
            self.loading_changed.emit(loading)

    def show_message(self, text: str) -> None:
        """A line over the page (a failed load); empty text hides it."""
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    # editing -------------------------------------------------------------------------------

    def edited_values(self) -> Any:
        """The values as the widgets show them now (compared with the baseline)."""
        return None

    def is_dirty(self) -> bool:
        return self._dirty

    def update_dirty(self) -> None:
        """Call after every edit: recomputes dirtiness against the loaded baseline."""
        if self._populating or self._data is None or self._unshown:
            return
        self._set_dirty(self.edited_values() != self._baseline)

    def _set_dirty(self, dirty: bool) -> None:
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)

    def can_save(self) -> bool:
        """Whether the values are good enough to send (no field problems shown)."""
        return True

    def save_coroutine(self) -> Coroutine[Any, Any, Any]:
        raise NotImplementedError

    @property
    def is_saving(self) -> bool:
        return self._saving

    def save(self, then: Callable[[], None] | None = None) -> bool:
        """Send the edits. `then` runs after a successful save. Returns False when nothing
        was started (not dirty, invalid values, or a save already running)."""
        if not self._dirty or self._saving or not self.can_save():
            return False
        self._saving = True
        self._set_loading(True)
        client_id = self._client_id

        def succeeded(data: Any) -> None:
            if client_id != self._client_id:
                return  # the user moved on; the next load shows the saved values anyway
            self._apply(data)
            self.saved.emit()
            self.after_save(data)
            if then is not None:
                then()

        self.context.bridge.run(
            self.save_coroutine(),
            owner=self,
            key="save",
            on_success=succeeded,
            on_error=self.on_save_failed,
            on_finally=self._save_finished,
        )
        return True

    def _save_finished(self) -> None:
        self._saving = False
        self._set_loading(False)

    def after_save(self, data: Any) -> None:
        """Hook: a page tells the others (the switcher) what changed."""

    def on_save_failed(self, error: BaseException) -> None:
        self.context.report_failure(error)

    def revert(self) -> None:
        """Throw the edits away and show the loaded values again."""
        self._apply(self._data)
