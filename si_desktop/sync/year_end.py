"""Firm → Year end…: every client's sequences at the turn of the year (`core.year_end`), from
the cache at once and then with the service's counters.

`from_cache` reads one client's record, units and issued numbers from the cache (no
network); `with_counters` asks the service for the next number of each of the client's
sequences (nothing is used up) and works the year end out again. `firm_year_end` does both
for every cached client, handing each client's rows over as soon as they are known: first
every client from the cache, then client by client with the counters. Offline (or when the
service stops answering) the rest stay as the cache has them, and say so.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from si_desktop.core.year_end import (
    COUNTED_TYPES,
    ClientNumbering,
    SequenceYearEnd,
    year_end,
)
from si_desktop.store import is_local_id
from si_desktop.sync.workspace import Workspace


@dataclass(frozen=True)
class ClientYearEnd:
    """One client's sequences, and whether the service's counters were read for them."""

    entity_id: str
    name: str
    rows: tuple[SequenceYearEnd, ...]
    counters_read: bool


def numbering_of(workspace: Workspace, entity_id: str) -> ClientNumbering | None:
    """What the cache knows of the client's numbering (None: not cached)."""
    entity = workspace.client_now(entity_id)
    if entity is None:
        return None
    return ClientNumbering(entity, workspace.units_now(entity_id),
                           workspace.issued_numbers_now(entity_id),
                           documents_read=workspace.documents_window(entity_id) is not None)


def from_cache(workspace: Workspace, entity_id: str, today: datetime.date
               ) -> ClientYearEnd | None:
    numbering = numbering_of(workspace, entity_id)
    if numbering is None:
        return None
    return _answer(entity_id, numbering, today, counters_read=False)


async def with_counters(workspace: Workspace, entity_id: str, today: datetime.date
                        ) -> ClientYearEnd | None:
    """The client's year end with the service's counters; None when the service cannot be
    asked (offline, or a client created offline), the cache's figures then standing."""
    numbering = numbering_of(workspace, entity_id)
    if numbering is None or is_local_id(entity_id):
        return None
    wanted: list[tuple[str, str | None]] = [(doc, None) for doc in COUNTED_TYPES]
    for unit in numbering.units:
        if unit.get("deleted_at") is None and unit.get("is_active") is not False:
            wanted += [(doc, str(unit.get("id"))) for doc in COUNTED_TYPES]
    counters: dict[tuple[str, str | None], str] = {}
    for doc, unit_id in wanted:
        number = await workspace.next_number(entity_id, doc, unit_id)
        if number is None:
            return None
        counters[(doc, unit_id)] = number
    asked = ClientNumbering(numbering.entity, numbering.units, numbering.issued, counters,
                            numbering.documents_read)
    return _answer(entity_id, asked, today, counters_read=True)


def _answer(entity_id: str, numbering: ClientNumbering, today: datetime.date, *,
            counters_read: bool) -> ClientYearEnd:
    rows = tuple(year_end(numbering, today=today))
    return ClientYearEnd(entity_id, str(numbering.entity.get("name") or ""), rows,
                         counters_read)


async def firm_year_end(
    workspace: Workspace,
    today: datetime.date,
    on_client: Callable[[ClientYearEnd], None],
    *,
    ask_service: bool = True,
) -> int:
    """Every cached client's year end, each handed to `on_client` from the cache first, then
    again with the service's counters (unless `ask_service` is False, or the service stops
    answering). Answers how many clients were read with the counters."""
    entity_ids = [row.id for row in workspace.clients()]
    for entity_id in entity_ids:
        found = from_cache(workspace, entity_id, today)
        if found is not None:
            on_client(found)
    if not ask_service:
        return 0
    read = 0
    for entity_id in entity_ids:
        if is_local_id(entity_id):
            continue
        found = await with_counters(workspace, entity_id, today)
        if found is None:
            if workspace.connectivity.offline:
                break  # the rest would not answer either
            continue
        on_client(found)
        read += 1
    return read
