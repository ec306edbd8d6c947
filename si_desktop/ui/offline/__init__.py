"""The offline cache in the UI: the service kept in the context (`context.offline`), and what
the window shows of it (banner, pending marks, refresh progress, the conflict dialog)."""

from si_desktop.ui.offline.service import OfflineService

__all__ = ["OfflineService"]
