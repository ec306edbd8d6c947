"""Everything Qt: the application, the async bridge, the windows, pages and models.

The Qt-free layers the window uses are imported here, before Qt: once PySide6 is imported,
its `__feature__` import hook reads the source of every module imported after it (some
250 files, 15 MiB kept in `linecache`, and time at every start)."""

import si_desktop.accounts
import si_desktop.credentials
import si_desktop.store
import si_desktop.sync
import si_desktop.sync.cache_first  # noqa: F401
