"""The app's small style sheet: only what the palette cannot say (the error banner, the demo
badge, problem lines, the quick switcher's border). Everything else is the Fusion style
painting the palette.

The sheet is set on the few widgets it styles (`styled`), not on the application: with an
application style sheet every widget is polished, reparented and painted through Qt's
style-sheet style, some 15 ms of a cold start for these few rules. The theme manager keeps
the current sheet in an application property and sets it again on every styled widget when
the scheme changes.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from si_desktop.ui.theme.tokens import Tokens

SHEET_PROPERTY = "siStyleSheet"  # on the application: the current sheet
STYLED_PROPERTY = "siStyled"  # on a widget: it carries the sheet

W = TypeVar("W", bound=QWidget)


def styled(widget: W) -> W:
    """Give `widget` the app's style sheet (matched by its object name), now and whenever the
    colour scheme changes."""
    widget.setProperty(STYLED_PROPERTY, True)
    app = QCoreApplication.instance()
    sheet = app.property(SHEET_PROPERTY) if app is not None else None
    if isinstance(sheet, str) and sheet:
        widget.setStyleSheet(sheet)
    return widget


def build_stylesheet(tokens: Tokens) -> str:
    c, s, r = tokens.colors, tokens.spacing, tokens.radii
    return f"""
#errorBanner {{
    background: {c.danger_surface};
    border: 1px solid {c.danger_border};
    border-radius: {r.medium}px;
}}
#errorBanner QLabel {{ color: {c.on_danger_surface}; }}
#demoBadge {{
    background: {c.badge_surface};
    color: {c.on_badge};
    border-radius: {r.pill}px;
    padding: {s.xs}px {s.m}px;
}}
QLabel#problem {{ color: {c.danger}; }}
QLabel#problems {{
    color: {c.on_danger_surface};
    background: {c.danger_surface};
    border: 1px solid {c.danger_border};
    padding: {s.s}px;
    border-radius: {r.small}px;
}}
#quickSwitcher {{ border: 1px solid {c.border}; }}
"""
