"""Applies the light or dark style to the application and keeps it in step with the system.

The preference is "system" (follow `QStyleHints.colorScheme()`, and its change signal),
"light" or "dark". Every top-level widget repaints from the new palette; icons re-tint
themselves (see `icons.py`).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QStyleFactory

from si_desktop.ui.theme.focus import FocusRings
from si_desktop.ui.theme.palette import build_palette
from si_desktop.ui.theme.stylesheet import SHEET_PROPERTY, STYLED_PROPERTY, build_stylesheet
from si_desktop.ui.theme.tokens import SchemeName, Tokens, tokens_for

SYSTEM = "system"
SCHEME_CHOICES = (SYSTEM, SchemeName.LIGHT.value, SchemeName.DARK.value)


def system_scheme() -> SchemeName:
    scheme = QGuiApplication.styleHints().colorScheme()
    return SchemeName.DARK if scheme == Qt.ColorScheme.Dark else SchemeName.LIGHT


def resolve_scheme(preference: str) -> SchemeName:
    """The scheme a preference means now: an explicit one, else the system's."""
    if preference in (SchemeName.LIGHT.value, SchemeName.DARK.value):
        return SchemeName(preference)
    return system_scheme()


class ThemeManager(QObject):
    """Owns the app's palette and style sheet; one per application, kept by the context."""

    scheme_changed = Signal(str)  # "light" or "dark"

    def __init__(self, app: QApplication, preference: str = SYSTEM) -> None:
        super().__init__(app)
        self._app = app
        self._preference = preference if preference in SCHEME_CHOICES else SYSTEM
        self._applied: SchemeName | None = None
        # Fusion paints exactly the palette it is given on every OS, so the tokens mean the
        # same everywhere (native styles ignore parts of a custom palette); the focus ring
        # that is always visible follows the focus beside it.
        app.setStyle(QStyleFactory.create("Fusion"))
        self.focus_rings = FocusRings(app, self)
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_system_changed)

    @property
    def preference(self) -> str:
        return self._preference

    @property
    def scheme(self) -> SchemeName:
        return self._applied or resolve_scheme(self._preference)

    @property
    def tokens(self) -> Tokens:
        return tokens_for(self.scheme)

    def set_preference(self, preference: str) -> None:
        self._preference = preference if preference in SCHEME_CHOICES else SYSTEM
        self.apply()

    def apply(self) -> SchemeName:
        scheme = resolve_scheme(self._preference)
        tokens = tokens_for(scheme)
        self._app.setPalette(build_palette(tokens))  # tool tips too: ToolTipBase, ToolTipText
        sheet = build_stylesheet(tokens)
        if self._app.property(SHEET_PROPERTY) != sheet:
            self._app.setProperty(SHEET_PROPERTY, sheet)
            for widget in self._app.allWidgets():
                if widget.property(STYLED_PROPERTY) is True:
                    widget.setStyleSheet(sheet)
        changed = scheme is not self._applied
        self._applied = scheme
        if changed:
            self.scheme_changed.emit(scheme.value)
        return scheme

    def _on_system_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self._preference == SYSTEM:
            self.apply()
