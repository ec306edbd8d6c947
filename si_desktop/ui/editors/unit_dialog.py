"""A business unit's settings: the three editors scoped to the unit, showing which values it
inherits from the client and which it sets itself."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from si_desktop.ui.context import AppContext
from si_desktop.ui.editors.base import SettingsPage
from si_desktop.ui.editors.branding import BrandingPage
from si_desktop.ui.editors.email_defaults import EmailDefaultsPage
from si_desktop.ui.editors.number_formats import NumberFormatsPage
from si_desktop.ui.unsaved import CANCEL, DISCARD, ask_save_discard_cancel
from si_desktop.ui.widgets import modified_title


def tr(text: str) -> str:
    return QCoreApplication.translate("UnitSettingsDialog", text)


class UnitSettingsDialog(QDialog):
    """Number formats, branding and e-mail defaults of one business unit."""

    def __init__(
        self,
        context: AppContext,
        entity_id: str,
        unit: Mapping[str, Any],
        parent: QWidget | None = None,
        *,
        start_page: str = "branding",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("unitSettingsDialog")
        self.context = context
        self.entity_id = entity_id
        self.unit_id = str(unit["id"])
        name = " ".join(str(unit.get("name") or "").split()) or tr("(no name)")
        if len(name) > 60:
            name = name[:59] + "…"
        self.setWindowTitle(modified_title(
            [tr("Settings of the business unit “{unit}”").replace("{unit}", name)]))
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("unitSettingsPages")
        self.tabs.setDocumentMode(True)
        self.pages: list[SettingsPage] = []
        page_classes: tuple[type[SettingsPage], ...] = (
            NumberFormatsPage, BrandingPage, EmailDefaultsPage
        )
        for page_class in page_classes:
            page = page_class(context, self.tabs, unit_id=self.unit_id)
            self.pages.append(page)
            self.tabs.addTab(page, page_class.title())
            page.dirty_changed.connect(functools.partial(self._on_dirty, page))
            if page.page_id == start_page:
                self.tabs.setCurrentWidget(page)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.save_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        self.save_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.save_shortcut.activated.connect(self.save_all)
        self.resize(1120, 760)
        for page in self.pages:
            page.set_client(entity_id)

    def page(self, page_id: str) -> SettingsPage:
        return next(page for page in self.pages if page.page_id == page_id)

    def dirty_pages(self) -> list[SettingsPage]:
        return [page for page in self.pages if page.is_dirty()]

    def _on_dirty(self, page: SettingsPage, _dirty: bool) -> None:
        index = self.tabs.indexOf(page)
        if index >= 0:
            self.tabs.setTabText(index, page.title() + (" •" if page.is_dirty() else ""))
        self.setWindowModified(bool(self.dirty_pages()))

    def save_all(self) -> None:
        for page in self.dirty_pages():
            if not page.save_clicked():
                self.tabs.setCurrentWidget(page)
                return

    def ask_unsaved(self) -> str:
        """Save, Discard or Cancel; tests replace this."""
        return ask_save_discard_cancel(
            self,
            tr("Unsaved changes"),
            tr("This business unit has settings that are not saved."),
            tr("Save them before closing?"),
        )

    def reject(self) -> None:
        """Close, after asking about unsaved changes; a save closes once it succeeded."""
        dirty = self.dirty_pages()
        if not dirty:
            super().reject()
            return
        answer = self.ask_unsaved()
        if answer == CANCEL:
            return
        if answer == DISCARD:
            for page in dirty:
                page.revert()
            super().reject()
            return
        remaining = list(dirty)

        def one_saved(page: SettingsPage) -> None:
            if page in remaining:
                remaining.remove(page)
            if not remaining:
                QDialog.reject(self)

        for page in dirty:
            if not page.save(then=functools.partial(one_saved, page)):
                self.tabs.setCurrentWidget(page)
                page.save_clicked()
                return
