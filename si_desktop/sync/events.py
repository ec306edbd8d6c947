"""The one announcement of what changed: after every write, refresh, send and conflict
decision the workspace publishes one `Changes`, and views update only what it names.

The idea is Anki's `OpChanges`: an operation says what it touched and who started it, and each
screen decides from that alone whether it has anything to do. The one who started a change
(`initiator`, any object the caller passes, usually the page that saved) already shows the
result and skips its own reload.

Listeners are called on the thread that made the change (the async loop's); a UI hands the
event over to its own thread.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from si_desktop.sync.conflicts import EditProblem

log = logging.getLogger("si_desktop.sync.events")


class ChangeKind(enum.Enum):
    """What kind of work made the change."""

    SAVED = "saved"  # the user's edit, queued and (when online) sent
    REFRESHED = "refreshed"  # records brought in from the service
    SENT = "sent"  # queued edits sent (F5, back online, after a conflict was decided)
    RESOLVED = "resolved"  # the user decided a conflict or a refusal
    DISCARDED = "discarded"  # the user dropped a held edit
    ACCESS = "access"  # who has access to a client changed (sent at once, never queued)


@dataclass(frozen=True)
class Changes:
    """Which clients, business units and documents changed, how, and who started it."""

    kind: ChangeKind
    clients: frozenset[str] = frozenset()  # clients whose own record changed (or appeared)
    units: frozenset[str] = frozenset()  # business units that changed
    unit_clients: frozenset[str] = frozenset()  # the clients those units belong to
    documents: frozenset[str] = frozenset()  # documents that changed, appeared or went
    # the clients whose documents, payments, customers or taxes changed (their Documents tab)
    document_clients: frozenset[str] = frozenset()
    customers: frozenset[str] = frozenset()  # saved customers that changed or appeared
    removed_clients: frozenset[str] = frozenset()  # clients no longer in the cache
    renamed: Mapping[str, str] = field(default_factory=dict)  # offline id -> service id
    queue: bool = False  # edits were queued, sent, held or dropped
    held: tuple[EditProblem, ...] = ()  # conflicts and refusals this change found
    access: frozenset[str] = frozenset()  # clients whose access changed (see sync.access)
    initiator: object | None = None

    def touches(self, entity_id: str) -> bool:
        """Whether anything of the client `entity_id` (record, units, id) changed."""
        return (
            entity_id in self.clients
            or entity_id in self.unit_clients
            or entity_id in self.removed_clients
            or entity_id in self.renamed
        )

    def touches_documents(self, entity_id: str) -> bool:
        """Whether anything on the client's Documents tab may have changed: its documents,
        payments, customers or taxes (or the client's id, or the client itself went).
        Which documents: `documents` (a document that `document_now` no longer finds went);
        a document written offline that reached the service is in `renamed`."""
        return (
            entity_id in self.document_clients
            or entity_id in self.removed_clients
            or entity_id in self.renamed
        )

    @staticmethod
    def merged(changes: Sequence[Changes]) -> Changes:
        """Several announcements as one, for views that take a refresh's pages together
        (each record is updated once); the kind and initiator are the first one's."""
        first = changes[0]
        return Changes(
            first.kind,
            clients=frozenset().union(*(c.clients for c in changes)),
            units=frozenset().union(*(c.units for c in changes)),
            unit_clients=frozenset().union(*(c.unit_clients for c in changes)),
            documents=frozenset().union(*(c.documents for c in changes)),
            document_clients=frozenset().union(*(c.document_clients for c in changes)),
            customers=frozenset().union(*(c.customers for c in changes)),
            removed_clients=frozenset().union(*(c.removed_clients for c in changes)),
            renamed={k: v for c in changes for k, v in c.renamed.items()},
            queue=any(c.queue for c in changes),
            held=tuple(p for c in changes for p in c.held),
            access=frozenset().union(*(c.access for c in changes)),
            initiator=first.initiator,
        )

    @property
    def empty(self) -> bool:
        return not (self.clients or self.units or self.documents or self.removed_clients
                    or self.renamed or self.queue or self.held or self.access
                    or self.document_clients or self.customers)


Listener = Callable[[Changes], None]


class ChangeBus:
    """Where a workspace publishes its `Changes`. A listener's failure is logged and never
    turns the change that was made into a failure."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener` with every change from now on; returns the way to stop."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def publish(self, changes: Changes) -> None:
        if changes.empty:
            return
        for listener in list(self._listeners):
            try:
                listener(changes)
            except Exception:
                log.exception("a change listener failed")


def id_set(values: Iterable[object]) -> frozenset[str]:
    """The non-empty ids among `values`, as strings."""
    return frozenset(str(value) for value in values if value)
