"""Icons from `resources/icons`; a missing icon is an empty icon, never a crash.

Action icons are drawn in `currentColor` and painted in the palette's text colour (see
`theme.icons`), so they re-tint when the colour scheme changes."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from si_desktop.resources import ResourceNotFoundError, resource_path


def icon(name: str) -> QIcon:
    """An action icon by name (`save`, `add`, `archive` …) or `app` for the app's own."""
    if name == "app":
        try:
            return QIcon(str(resource_path("icons/app/si-desktop.svg")))
        except ResourceNotFoundError:
            return QIcon()
    try:
        svg = resource_path(f"icons/actions/{name}.svg").read_text(encoding="utf-8")
    except (ResourceNotFoundError, ValueError, OSError):
        return QIcon()
    from si_desktop.ui.theme.icons import tinted_icon

    return tinted_icon(svg)
