"""The work a user asks for, over the API (and, later, the local cache). No Qt.

`Workspace` is the one door from the user interface to the service: the UI never calls the
API client itself, so the offline cache can later be put behind this door without the UI
noticing.
"""

from si_desktop.sync.changes import entity_changes, unit_changes
from si_desktop.sync.errors import Problem, ProblemKind, describe
from si_desktop.sync.workspace import ClientBatch, Connection, Workspace

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
