"""The offline cache in the UI: the service kept in the context, and what the window shows
of it (banner, pending marks, refresh progress, the conflict dialog)."""

from si_desktop.ui.offline.service import (
    OfflineService,
    cached_workspace,
    close_offline,
    install_offline,
    offline_service,
)

__all__ = [
    "OfflineService",
    "cached_workspace",
    "close_offline",
    "install_offline",
    "offline_service",
]
