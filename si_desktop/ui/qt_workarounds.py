"""Work-arounds for defects of the Qt bindings the app runs on, applied once when
`si_desktop.ui` is first imported (before any Qt call)."""

from __future__ import annotations

import ctypes
import sys

_NONE_RESERVE = 1 << 40


def protect_none() -> None:
    """Keep `None` alive however many Qt calls return it.

    PySide6 6.12 returns `None` from void methods (`setText`, `setPen`, `fillRect`, …)
    without taking a reference. From Python 3.12 on `None` is immortal and nothing
    happens; on 3.11 every such call drops its count by one, and after a few thousand calls
    (a few redraws of a preview) the interpreter aborts with "none_dealloc: deallocating
    None". A reserve of references keeps the count far from zero. Idempotent.
    """
    if sys.version_info >= (3, 12):
        return
    count = ctypes.c_ssize_t.from_address(id(None))
    if count.value < _NONE_RESERVE:
        count.value += _NONE_RESERVE
