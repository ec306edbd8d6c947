"""The offline cache in the UI: the service kept in the context (`context.offline`), and what
the window shows of it (banner, pending marks, refresh progress, the conflict dialog)."""

from si_desktop.ui.offline.service import OfflineService, close_offline, install_offline

__all__ = ["OfflineService", "close_offline", "install_offline"]
