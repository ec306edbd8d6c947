"""Python's cycle collector sleeps while the window is built.

Start-up makes a few hundred thousand long-lived objects (modules, classes, Qt's enums, the
client list's rows). With the collector on, each burst of allocations sets off a collection
that walks all of them again and again: about 30 ms of a cold start spent finding nothing.
`cli.main` pauses it before Qt is imported; once the window is up and the user's input
pauses, `settle` runs one collection and moves what survived into the permanent generation
(`gc.freeze`), so the later collections walk only what the app makes from then on.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject

from si_desktop.ui.idle import InputPause


def settle_after_start(owner: QObject) -> None:
    """Collect and freeze once the window is up and input pauses, if start-up paused the
    collector (a test that builds windows in its own process keeps its collector as it
    is)."""
    if not gc.isenabled():
        InputPause(owner, settle)


def settle() -> None:
    gc.collect()
    gc.freeze()
    gc.enable()
