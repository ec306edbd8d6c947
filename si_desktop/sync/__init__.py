"""The work a user asks for, over the API (and, later, the local cache). No Qt.

`Workspace` is the one door from the user interface to the service: the UI never calls the
API client itself, so the offline cache can later be put behind this door without the UI
noticing.

The names below are imported on first use: the window names `Connection` at start-up, long
before anything needs the API client or its models. For the same reason the modules the
window reads the cache through (`cache_first`, `offline`, `refresh`, `sender`,
`connectivity`) import asyncio only inside the coroutines that need it: with its sockets,
SSL and subprocesses it is some 15 ms of a cold start, and the window paints from the cache
before any coroutine runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from si_desktop.lazy_names import lazy_names

if TYPE_CHECKING:
    from si_desktop.sync.changes import entity_changes, unit_changes
    from si_desktop.sync.errors import Problem, ProblemKind, describe
    from si_desktop.sync.workspace import ClientBatch, Connection, Workspace

_HOMES = {
    "ClientBatch": "si_desktop.sync.workspace",
    "Connection": "si_desktop.sync.workspace",
    "Problem": "si_desktop.sync.errors",
    "ProblemKind": "si_desktop.sync.errors",
    "Workspace": "si_desktop.sync.workspace",
    "describe": "si_desktop.sync.errors",
    "entity_changes": "si_desktop.sync.changes",
    "unit_changes": "si_desktop.sync.changes",
}

__all__ = [
    "ClientBatch",
    "Connection",
    "Problem",
    "ProblemKind",
    "Workspace",
    "describe",
    "entity_changes",
    "unit_changes",
]


__getattr__ = lazy_names(__name__, _HOMES)
