"""The firm's standards in the Firm menu: Drift…, New standard from this client…, and
Activity…. Each window is made once and shown again; the menu's other entries (year-end,
branding wall) belong to their own modules."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

if TYPE_CHECKING:
    from si_desktop.ui.firm.activity import ActivityWindow
    from si_desktop.ui.firm.drift import DriftWindow
    from si_desktop.ui.main_window import MainWindow


def tr(text: str) -> str:
    return QCoreApplication.translate("Firm", text)


def add_standard_actions(window: MainWindow, menu: QMenu) -> list[QAction]:
    """Drift…, New standard from this client… and Activity… in `menu`; the actions need
    a workspace (the window enables them with its own)."""
    drift = QAction(tr("&Drift from the standard…"), window)
    drift.setObjectName("firmDrift")
    drift.triggered.connect(lambda _checked=False: open_drift(window))
    from_client = QAction(tr("&New standard from this client…"), window)
    from_client.setObjectName("firmStandardFromClient")
    from_client.triggered.connect(lambda _checked=False: new_standard_from_client(window))
    activity = QAction(tr("&Activity…"), window)
    activity.setObjectName("firmActivity")
    activity.triggered.connect(lambda _checked=False: open_activity(window))
    for action in (drift, from_client, activity):
        menu.addAction(action)
    return [drift, from_client, activity]


def open_drift(window: MainWindow) -> DriftWindow | None:
    from si_desktop.ui.firm.drift import DriftWindow

    if not window.context.has_workspace:
        return None
    found = window.findChild(DriftWindow, "driftWindow")
    if found is None:
        found = DriftWindow(window.context, window)
    found.show()
    found.raise_()
    found.activateWindow()
    return found


def new_standard_from_client(window: MainWindow) -> DriftWindow | None:
    """The Drift window, with a new standard made from the open client."""
    found = open_drift(window)
    if found is not None:
        found.new_from_client()
    return found


def open_activity(window: MainWindow) -> ActivityWindow | None:
    from si_desktop.ui.firm.activity import ActivityWindow

    if not window.context.has_workspace:
        return None
    found = window.findChild(ActivityWindow, "activityWindow")
    if found is None:
        found = ActivityWindow(window.context, window)
    else:
        found.reload()
    found.show()
    found.raise_()
    found.activateWindow()
    return found
