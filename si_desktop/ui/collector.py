"""Python's cycle collector sleeps while the window is built.

Start-up makes a few hundred thousand long-lived objects (modules, classes, Qt's enums, the
client list's rows). With the collector on, each burst of allocations sets off a collection
that walks all of them again and again: about 30 ms of a cold start spent finding nothing.
`cli.main` pauses it before Qt is imported; once the window is up and the user's input
pauses, `settle` moves everything made so far into the permanent generation (`gc.freeze`)
and turns the collector back on, so later collections walk only what the app makes from then
on. There is no collection first: at that moment it takes 20 to 30 ms (a stall of the window,
just as the refresh at start begins) and finds about 140 unreachable objects, which are left.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject

from si_desktop.ui.idle import InputPause


def settle_after_start(owner: QObject) -> None:
    """Freeze what start-up made and turn the collector back on once the window is up and
    input pauses, if start-up paused the collector (a test that builds windows in its own
    process keeps its collector as it is)."""
    if not gc.isenabled():
        InputPause(owner, settle)


def settle() -> None:
    gc.freeze()
    gc.enable()
