"""The base of the three settings editors (calibre's `Setting` idea: widgets bound to values
with dirty tracking, and Picard's one class per options page).

On top of `ClientPage` (load through the bridge, baseline, dirty, save, revert) it gives each
editor the same behaviour: a bar with the unsaved-changes mark, Revert and Save; live
problems under the fields; a 422's `cause.issues[].path` put under the widget that owns the
path; only the changed top-level settings keys sent; and the same page scoped to a business
unit, where each value says whether it is inherited or set for the unit.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import Any, ClassVar

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QWidget,
)

from si_desktop.sync.errors import ProblemKind, describe
from si_desktop.sync.settings import (
    EditorData,
    editor_data_now,
    load_editor_data,
    save_entity_settings,
    save_unit_settings,
)
from si_desktop.ui.context import AppContext
from si_desktop.ui.editors.widgets import FieldMessage, MessageLabel, Tone, small_font
from si_desktop.ui.errors import error_text
from si_desktop.ui.pages.base import NOT_NOW, ClientPage
from si_desktop.ui.widgets import LiveText


def tr(text: str) -> str:
    return QCoreApplication.translate("Editors", text)


def document_name(doc: str) -> str:
    """The translated name of a document type."""
    names = {
        "invoice": tr("Invoice"),
        "estimate": tr("Estimate"),
        "credit_note": tr("Credit note"),
        "advance_invoice": tr("Advance invoice"),
        "delivery_note": tr("Delivery note"),
    }
    return names.get(doc, doc)


def short_name(name: str, limit: int = 40) -> str:
    """A client or unit name cut to fit a sentence (a name may be 300 characters)."""
    name = " ".join(name.split())
    return name if len(name) <= limit else name[: limit - 1] + "…"


@dataclass
class _Field:
    path: tuple[str, ...]
    widget: QWidget
    message: FieldMessage


class SettingsPage(ClientPage):
    """One settings editor over the current client, or over one business unit of it
    (`unit_id`). Subclasses build their widgets in `build()`, fill them in `populate()`,
    read them back in `collect()` (only the settings keys the editor owns) and report
    blocking problems from `validate()`."""

    editable = True
    needs_units: ClassVar[bool] = False
    needs_logo: ClassVar[bool] = False
    unit_saves_to_entity: ClassVar[bool] = False
    """For a unit: whether the editor's keys live on the client (the shared unit number
    formats) instead of on the unit."""

    def __init__(
        self, context: AppContext, parent: QWidget | None = None, *, unit_id: str | None = None
    ) -> None:
        self.unit_id = unit_id
        self.editor_data: EditorData | None = None
        self._fields: list[_Field] = []
        self._problems: list[str] = []
        super().__init__(context, parent)
        if unit_id is not None:
            # The unit's dialog says which client; switching client never reaches it.
            context.client_changed.disconnect(self.set_client)
        self.body_layout.setContentsMargins(16, 10, 16, 10)
        self.body_layout.setSpacing(8)

        bar = QHBoxLayout()
        bar.setSpacing(8)
        self.scope_label = LiveText(self.body)
        self.scope_label.setObjectName("scopeLabel")
        self.scope_label.setFont(small_font(self))
        self.dirty_label = MessageLabel(self.body)
        self.dirty_label.setObjectName("dirtyMark")
        self.dirty_label.setWordWrap(False)
        self.revert_button = QPushButton(tr("Revert"), self.body)
        self.revert_button.setObjectName("revertButton")
        self.revert_button.setToolTip(tr("Throw away the changes and show the saved values"))
        self.save_button = QPushButton(tr("Save"), self.body)
        self.save_button.setObjectName("saveButton")
        self.save_button.setToolTip(tr("Save the changes (Ctrl+S)"))
        bar.addWidget(self.scope_label, 1)
        bar.addWidget(self.dirty_label)
        bar.addWidget(self.revert_button)
        bar.addWidget(self.save_button)
        self.body_layout.addLayout(bar)
        self.status = MessageLabel(self.body)
        self.status.setObjectName("pageStatus")
        self.body_layout.addWidget(self.status)

        self.revert_button.clicked.connect(self.revert)
        self.save_button.clicked.connect(self.save_clicked)
        self.dirty_changed.connect(lambda _dirty: self._refresh_actions())
        self.loading_changed.connect(lambda _loading: self._refresh_actions())
        self.saved.connect(self._on_saved)
        # a new problem anywhere makes an earlier "Saved." beside it misleading
        context.error_reported.connect(self._clear_success)

        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(0)
        self._preview_timer.timeout.connect(self.refresh_preview)

        self.build()
        self._refresh_actions()

    # for subclasses -------------------------------------------------------------------------

    def build(self) -> None:
        raise NotImplementedError

    def populate(self, data: EditorData | None) -> None:
        raise NotImplementedError

    def collect(self) -> dict[str, Any]:
        raise NotImplementedError

    def validate(self) -> list[str]:
        """Set the live messages; return the problems that stop a save."""
        return []

    def refresh_preview(self) -> None:
        """Redraw what depends on the values (called at most once per event-loop turn)."""

    def reveal(self, widget: QWidget) -> None:
        """Bring `widget` into view (a stacked editor shows its page first)."""
        parent = widget.parentWidget()
        while parent is not None:
            if isinstance(parent, QScrollArea):
                parent.ensureWidgetVisible(widget)
                break
            parent = parent.parentWidget()
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    # scope ----------------------------------------------------------------------------------

    @property
    def is_unit(self) -> bool:
        return self.unit_id is not None

    @property
    def entity(self) -> dict[str, Any]:
        return self.editor_data.entity if self.editor_data is not None else {}

    @property
    def unit(self) -> dict[str, Any] | None:
        return self.editor_data.unit if self.editor_data is not None else None

    @property
    def client_name(self) -> str:
        return str(self.entity.get("name") or "").strip() or tr("(no name)")

    @property
    def unit_name(self) -> str:
        unit = self.unit or {}
        return str(unit.get("name") or "").strip() or tr("(no name)")

    def entity_settings(self) -> dict[str, Any]:
        found = self.entity.get("settings")
        return copy.deepcopy(dict(found)) if isinstance(found, dict) else {}

    def unit_settings(self) -> dict[str, Any]:
        found = (self.unit or {}).get("settings")
        return copy.deepcopy(dict(found)) if isinstance(found, dict) else {}

    def own_settings(self) -> dict[str, Any]:
        """The settings this editor writes to: the unit's, or the client's."""
        if self.is_unit and not self.unit_saves_to_entity:
            return self.unit_settings()
        return self.entity_settings()

    # loading --------------------------------------------------------------------------------

    def fetch(self, entity_id: str) -> Coroutine[Any, Any, Any]:
        return load_editor_data(
            self.context.workspace,
            entity_id,
            self.unit_id,
            units=self.needs_units,
            logo=self.needs_logo,
        )

    def read_now(self, entity_id: str) -> Any:
        found = editor_data_now(
            self.context.workspace,
            entity_id,
            self.unit_id,
            units=self.needs_units,
            logo=self.needs_logo,
        )
        return NOT_NOW if found is None else found

    def show_data(self, data: Any) -> None:
        self.editor_data = data if isinstance(data, EditorData) else None
        self.status.set_message("")
        for field in self._fields:
            field.message.set_server("")
        self.populate(self.editor_data)
        self._show_scope()
        self._problems = self.validate() if self.editor_data is not None else []
        self._refresh_actions()
        # at once, not on the timer: the page is about to be painted with the new values
        self._preview_timer.stop()
        self.refresh_preview()

    def _show_scope(self) -> None:
        if self.editor_data is None:
            self.scope_label.setText("")
        elif self.is_unit:
            self.scope_label.setText(
                self.unit_scope_text()
                .replace("{unit}", self.unit_name)
                .replace("{client}", self.client_name)
            )
        else:
            self.scope_label.setText(self.scope_text())

    def unit_scope_text(self) -> str:
        return tr("Business unit “{unit}” of “{client}”: values the unit does not set come "
                  "from the client.")

    def scope_text(self) -> str:
        return tr("Applies to every document of this client, unless a business unit sets "
                  "its own.")

    # editing --------------------------------------------------------------------------------

    def edited_values(self) -> Any:
        if self.editor_data is None:
            return None
        return self.collect()

    def on_edit(self) -> None:
        """Every widget change comes here: live problems, the dirty mark, the preview."""
        if self._populating or self.editor_data is None:
            return
        self._problems = self.validate()
        self.update_dirty()
        self._refresh_actions()
        if self.is_dirty():
            self._clear_success()
        self.schedule_preview()

    def schedule_preview(self) -> None:
        self._preview_timer.start()

    def can_save(self) -> bool:
        return self.editor_data is not None and not self._problems

    @property
    def problems(self) -> list[str]:
        return list(self._problems)

    def _refresh_actions(self) -> None:
        dirty = self.is_dirty()
        busy = self.is_saving or self.is_loading
        self.save_button.setEnabled(dirty and not busy)
        self.revert_button.setEnabled(dirty and not busy)
        self.dirty_label.set_message(tr("● Unsaved changes") if dirty else "", Tone.WARNING)

    def save_clicked(self) -> bool:
        if self.save():
            self.status.set_message("")
            return True
        if self.is_dirty() and not self.can_save():
            self.status.set_message(tr("Fix the marked fields before saving."), Tone.ERROR)
        return False

    def save_coroutine(self) -> Coroutine[Any, Any, Any]:
        """The editor's settings keys as they stand: the workspace makes the one diff of
        the save against the record the editor loaded."""
        assert self.editor_data is not None
        settings = self.collect()
        workspace = self.context.workspace
        if self.is_unit and not self.unit_saves_to_entity:
            return save_unit_settings(workspace, self.editor_data, settings, initiator=self)
        return save_entity_settings(workspace, self.editor_data, settings, initiator=self)

    def after_save(self, data: Any) -> None:
        if isinstance(data, EditorData) and (not self.is_unit or self.unit_saves_to_entity):
            self.context.client_updated.emit(data.entity)

    def _clear_success(self, *_args: Any) -> None:
        """Take a "Saved." away (a new error was shown, or the values changed again)."""
        if self.status.tone is Tone.OK:
            self.status.set_message("")

    def _on_saved(self) -> None:
        self.status.set_message(tr("Saved."), Tone.OK)
        self.context.status_message.emit(
            tr("{page} saved.").replace("{page}", self.title())
        )

    def revert(self) -> None:
        super().revert()
        self.status.set_message("")

    # fields and the server's 422 ------------------------------------------------------------

    def register_field(
        self, path: tuple[str, ...], widget: QWidget, message: FieldMessage
    ) -> None:
        """`path` is the settings path the widget owns (`("number_formats", "invoice")`);
        a 422 whose issue names it (or something below it) shows under the widget."""
        self._fields.append(_Field(path, widget, message))

        def clear() -> None:
            if not self._populating:
                message.set_server("")

        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(lambda _text: clear())
        elif isinstance(widget, QPlainTextEdit):
            widget.textChanged.connect(clear)
        elif isinstance(widget, QAbstractSpinBox):
            widget.editingFinished.connect(clear)
        elif isinstance(widget, QAbstractButton):
            widget.clicked.connect(lambda _checked=False: clear())

    def field_for(self, path: tuple[str | int, ...]) -> _Field | None:
        """The registered field that owns `path` (the longest registered prefix), or the
        first field below it when the path names a whole group."""
        parts = tuple(str(part) for part in path)
        if parts and parts[0] == "settings":
            parts = parts[1:]
        best: _Field | None = None
        for field in self._fields:
            size = len(field.path)
            if parts[:size] == field.path and (best is None or size > len(best.path)):
                best = field
        if best is None and parts:
            best = next((f for f in self._fields if f.path[: len(parts)] == parts), None)
        return best

    def on_save_failed(self, error: BaseException) -> None:
        problem = describe(error)
        if problem.kind is not ProblemKind.VALIDATION or not problem.field_messages:
            text = error_text(error)
            self.status.set_message(text, Tone.ERROR)
            self.context.report_error(text, retryable=problem.retryable)
            return
        unplaced: list[str] = []
        first: QWidget | None = None
        for path, message in problem.field_messages.items():
            field = self.field_for(path)
            if field is None:
                unplaced.append(message)
                continue
            field.message.set_server(message)
            if first is None:
                first = field.widget
        text = tr("Some values were not accepted; see the marked fields.")
        if unplaced:
            text = tr("Some values were not accepted: {detail}").replace(
                "{detail}", " ".join(unplaced)
            )
        self.status.set_message(text, Tone.ERROR)
        if first is not None:
            # After the save has finished and the page is enabled again.
            QTimer.singleShot(0, self, functools.partial(self.reveal, first))
