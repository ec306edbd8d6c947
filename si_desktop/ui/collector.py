"""Python's cycle collector: asleep while the window is built, then tuned once for a
long-lived GUI process.

Start-up makes a few hundred thousand long-lived objects (modules, classes, Qt's enums, the
client list's rows). With the collector on, each burst of allocations sets off a collection
that walks all of them again and again: about 30 ms of a cold start spent finding nothing.
`cli.main` pauses it before Qt is imported; once the window is up and the user's input
pauses, `settle` moves everything made so far into the permanent generation (`gc.freeze`),
sets the thresholds below and turns the collector back on, so later collections walk only
what the app makes from then on. There is no collection first: at that moment it takes 20
to 30 ms (a stall of the window, just as the refresh at start begins) and finds about 140
unreachable objects, which are left.

Thresholds (issue 23). Python's default starts a young collection every 700 allocations.
A refresh parses thousands of client records on its worker thread, and a collection holds
the interpreter lock whichever thread runs it, so the window waits for each: measured with
`tests/benchmarks/run.py --only B13` (the window's own full refresh against a sandbox), the
default collected 989 times (475 ms in all, the longest 52 ms) at 10,000 clients and 9,228
times at 100,000 (14.3 s in all, 69 full collections, the longest 287 ms). With a young
collection every `YOUNG` allocations, 8 times (37 ms) and 41 times (0.8 s, no full
collection, the longest 107 ms). While the user switches clients or types in the search
(B2, B3) the collector ran at most once either way. Memory held by garbage cycles waits a
little longer for a collection; B5 does not move.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject

from si_desktop.ui.idle import InputPause

YOUNG = 10_000  # allocations between two young collections (Python's default: 700)


def settle_after_start(owner: QObject) -> None:
    """Freeze what start-up made and turn the collector back on once the window is up and
    input pauses, if start-up paused the collector (a test that builds windows in its own
    process keeps its collector as it is)."""
    if not gc.isenabled():
        InputPause(owner, settle)


def settle() -> None:
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG, middle, old)
    gc.enable()
