"""Everything Qt: the application, the async bridge, the windows, pages and models.

First of all, PySide6's `__feature__` import hook is made to keep nothing: it reads the
source of every module imported after Qt, and by itself leaves it in `linecache` (see
`import_hook`). The Qt-free layers the window uses follow."""

from si_desktop.ui.import_hook import lighten_pyside_import_hook

lighten_pyside_import_hook()

import si_desktop.accounts  # noqa: E402
import si_desktop.credentials  # noqa: E402
import si_desktop.sync  # noqa: E402
import si_desktop.sync.workspace  # noqa: E402, F401
