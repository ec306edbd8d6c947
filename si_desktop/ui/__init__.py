"""Everything Qt: the application, the async bridge, the windows, pages and models."""

from si_desktop.ui.qt_workarounds import protect_none

protect_none()
