"""Icons from `resources/icons`; a missing icon is an empty icon, never a crash."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from si_desktop.resources import ResourceNotFoundError, resource_path


def icon(name: str) -> QIcon:
    """An action icon by name (`save`, `add`, `archive` …) or `app` for the app's own."""
    relative = "icons/app/si-desktop.svg" if name == "app" else f"icons/actions/{name}.svg"
    try:
        return QIcon(str(resource_path(relative)))
    except (ResourceNotFoundError, ValueError):
        return QIcon()
