"""PySide6 looks at every module imported after it.

Its `__feature__` import hook asks of each new module whether the source mentions "PySide6"
(`_mod_uses_pyside`), and it asks through `inspect.getsource`, which leaves every line of
every such file in `linecache` for the rest of the process, growing whenever a module is
imported late (the API client on the first request, the pages' modules when first shown).
`lighten_pyside_import_hook` gives the hook the same answer from the file's bytes, with
nothing kept. It pays in memory only, and more once the API client is imported: B5's peak
at 10,000 clients is 103.6 to 103.9 MiB with it and 105.0 to 105.4 MiB without (eight runs
each); with B5 followed by a 4 s pause, in which the refresh at start imports the client,
123.3 to 123.7 MiB with it and 134.0 to 134.1 MiB without (three runs each). Cold start (B1)
is the same either way. If PySide6 changes its internals, the hook is left as it is.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Any

_MARK = "_si_desktop_light"


def lighten_pyside_import_hook() -> None:
    import PySide6.QtCore  # noqa: F401  # installs the hook

    feature = sys.modules.get("shibokensupport.feature")
    original: Any = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(original) or getattr(original, _MARK, False):
        return

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return bool(original(module))  # built in, compiled or zipped: as PySide6 does
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return bool(original(module))

    setattr(uses_pyside, _MARK, True)
    feature._mod_uses_pyside = uses_pyside  # type: ignore[attr-defined]
