"""Keeping each client's documents in the cache: the open client's at once, the others a
few at a time in the background, each by what changed since it was last read.

Per client (`refresh_client`), one type after the other (invoices, estimates, credit notes):

- **Full read** of the window: every document dated from `window_start` on (by default the
  first day of the month 13 months back, so a bookkeeper on a train can review any client's
  last 13 months; `since` reaches further back, on demand). Once a type's walk has reached
  its last page, the cached documents of the window the service no longer lists (deleted
  drafts) go, except those with queued edits. A full read happens the first time, once a
  day (`FULL_EVERY`: it also catches what an incremental read cannot see, deletions and
  clock skew), and when asked.
- **Incremental read** otherwise: only documents whose `updated_at` is at or after the
  newest `updated_at` the last read saw, less `OVERLAP` (the service's clock, not this
  computer's; records seen twice are written once).

Each page is written in one transaction as it arrives (an answer never overwrites a newer
cached version). When a client's read is over, one `Changes` names every document that was
written or removed (`documents`, `document_clients`); the client's state (`document_sync`)
is written only then, so a read cut short (network gone, budget spent, cancelled) is simply
done again next time.

`sweep` reads the clients due longest ago, incrementally, until its request `budget` is
spent, in the background lane of the rate limiter: the lane is a parameter
(`background_lane`, a context manager factory, by default none), so that the limiter's
`background()` is passed in where it exists. The open client is read in the caller's lane
(the user's), never the background one.

Customers and taxes (`refresh_lists`) are read whole for the client the user opens: they
are what a new document is written with. Payments are read per document (`refresh_payments`),
when a document is opened, and whenever a payment is sent.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Callable, Iterable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from si_desktop.api import errors
from si_desktop.core.documents import DOCUMENT_TYPES, document_type_of
from si_desktop.store import Scope, Store, is_local_id
from si_desktop.store.database import utc_now
from si_desktop.store.documents import DocumentSyncState
from si_desktop.store.records import normalized_time
from si_desktop.sync.changes import as_json
from si_desktop.sync.events import ChangeKind, Changes, id_set
from si_desktop.sync.sender import ApiSource, resolve_api

if TYPE_CHECKING:
    from si_desktop.api import SpaceInvoicesClient
    from si_desktop.api.models import RecordPage

log = logging.getLogger("si_desktop.sync.documents")

PAGE_SIZE = 100
WINDOW_MONTHS = 13
"""How far back a client's documents are always cached (from the first of that month)."""
OVERLAP = dt.timedelta(minutes=5)
"""How far before the newest `updated_at` seen an incremental read starts again."""
FULL_EVERY = dt.timedelta(hours=24)
"""How long an incremental read may stand in for a full one."""
SWEEP_BUDGET = 60
"""Requests one background sweep may make (a client needs at least three: one list per
document type). Set on `DocumentRefresher.sweep_budget`."""
SWEEP_SHARE = 0.25
"""No more than this share of the key's per-minute limit (when the client has a limiter):
15 requests on a sandbox key (60/min), so a sweep never fills the user's minute."""

LaneFactory = Callable[[], AbstractContextManager[None]]


class BudgetSpent(Exception):
    """The sweep has made as many requests as it may."""


@dataclass
class Budget:
    """Requests still allowed (None: no limit)."""

    left: int | None = None
    spent: int = 0

    def spend(self) -> None:
        if self.left is not None:
            if self.left <= 0:
                raise BudgetSpent
            self.left -= 1
        self.spent += 1


@dataclass
class DocumentsSummary:
    """What a documents refresh (one client, or a sweep) did."""

    clients: int = 0  # clients whose read finished
    received: int = 0  # documents the service sent (an incremental read's overlap included)
    documents: int = 0  # of those, the ones new or changed (written to the cache)
    removed: int = 0  # cached documents the service no longer has
    requests: int = 0
    full: int = 0  # clients read in full
    failures: dict[str, str] = field(default_factory=dict)  # entity id -> what went wrong
    budget_spent: bool = False  # the sweep stopped because its budget was spent

    def add(self, other: DocumentsSummary) -> None:
        self.clients += other.clients
        self.received += other.received
        self.documents += other.documents
        self.removed += other.removed
        self.requests += other.requests
        self.full += other.full
        self.failures.update(other.failures)
        self.budget_spent = self.budget_spent or other.budget_spent


def window_start(today: dt.date, months: int = WINDOW_MONTHS) -> dt.date:
    """The first day of the month `months` before `today`'s month."""
    month_index = today.year * 12 + (today.month - 1) - months
    return dt.date(month_index // 12, month_index % 12 + 1, 1)


def _utc(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _service_time(moment: dt.datetime) -> str:
    """A time as the service writes it (UTC, milliseconds, `Z`)."""
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class DocumentRefresher:
    """Reads one scope's documents into the cache (see the module docstring)."""

    def __init__(
        self,
        store: Store,
        scope: Scope,
        api: ApiSource | None,
        *,
        on_change: Callable[[Changes], None] | None = None,
        background_lane: LaneFactory = contextlib.nullcontext,
        today: Callable[[], dt.date] = dt.date.today,
        now: Callable[[], str] = utc_now,
        page_size: int = PAGE_SIZE,
        sweep_budget: int = SWEEP_BUDGET,
    ) -> None:
        self.store = store
        self.scope = scope
        self._api = api
        self._announce = on_change or (lambda _changes: None)
        self.background_lane = background_lane
        self.today = today
        self.now = now
        self.page_size = page_size
        self.sweep_budget = sweep_budget

    # -- one client ------------------------------------------------------------------------

    async def refresh_client(
        self,
        entity_id: str,
        *,
        since: dt.date | None = None,
        full: bool = False,
        budget: Budget | None = None,
    ) -> DocumentsSummary:
        """Read one client's documents (full or incremental, see the module docstring) in
        the caller's lane; `since` also reads every document dated from then on (older than
        the cached window: "show older"). Publishes one `Changes` naming what changed.
        Raises `errors.ApiError` (NetworkError when offline) and `BudgetSpent`; what was
        written until then stays."""
        summary = DocumentsSummary()
        if is_local_id(entity_id):
            return summary  # a client created offline has no documents on the service yet
        api = await resolve_api(self._api)
        budget = budget or Budget()
        state = self.store.document_sync.get(self.scope, entity_id) or DocumentSyncState(
            entity_id)
        start = window_start(self.today())
        if state.window_start:
            start = min(start, dt.date.fromisoformat(state.window_start))
        if since is not None:
            start = min(start, since)
        full = full or self._needs_full(state, start)
        changed: set[str] = set()
        high_water = state.high_water
        before = budget.spent
        started = self.now()
        try:
            for document_type in DOCUMENT_TYPES:
                if full:
                    query: dict[str, Any] = {"date": {"gte": start.isoformat()}}
                else:
                    query = {"updated_at": {"gte": self._resume_from(state)}}
                seen = await self._walk(api, entity_id, document_type, query, budget, changed)
                summary.received += len(seen)
                high_water = _newest(high_water, seen.values())
                if full:
                    gone = self.store.documents.delete_missing(
                        self.scope, entity_id, document_type, start, seen,
                        fetched_before=started)
                    summary.removed += len(gone)
                    changed.update(gone)
        finally:
            summary.requests = budget.spent - before
            summary.documents = len(changed) - summary.removed
            if changed:
                self._announce(Changes(ChangeKind.REFRESHED, documents=frozenset(changed),
                                       document_clients=frozenset({entity_id})))
        finished = self.now()
        self.store.document_sync.put(self.scope, DocumentSyncState(
            entity_id,
            window_start=start.isoformat() if full else state.window_start,
            high_water=high_water,
            full_at=finished if full else state.full_at,
            checked_at=finished,
        ))
        summary.clients = 1
        summary.full = int(full)
        return summary

    def _needs_full(self, state: DocumentSyncState, start: dt.date) -> bool:
        if state.high_water is None or state.window_start is None:
            return True
        if start < dt.date.fromisoformat(state.window_start):
            return True  # the window reaches further back than the cache holds
        last_full = _utc(state.full_at)
        now = _utc(self.now())
        return last_full is None or now is None or now - last_full >= FULL_EVERY

    @staticmethod
    def _resume_from(state: DocumentSyncState) -> str:
        newest = _utc(state.high_water)
        assert newest is not None  # an incremental read follows a full one
        return _service_time(newest - OVERLAP)

    async def _walk(
        self,
        api: SpaceInvoicesClient,
        entity_id: str,
        document_type: str,
        query: Mapping[str, Any],
        budget: Budget,
        changed: set[str],
    ) -> dict[str, str | None]:
        """Walk one list to its end, writing each page as it arrives; the ids read, with
        their `updated_at`."""
        from si_desktop.api.pagination import CursorWalk  # with the client, on first use

        resource = api.of_type(document_type)
        walk: CursorWalk[dict[str, Any]] = CursorWalk()
        seen: dict[str, str | None] = {}
        cursor: str | None = None
        while True:
            budget.spend()
            page: RecordPage = await resource.list_records(
                entity_id=entity_id, limit=self.page_size, next_cursor=cursor, query=query,
                include_total_count=False,
            )
            fresh, _skipped = walk.take(page)  # skipped records were logged by the client
            records = [r for r in fresh if _belongs(r, entity_id, document_type)]
            for record in records:
                seen[str(record["id"])] = normalized_time(record.get("updated_at"))
            # what the cache holds in this version already (an overlap) is neither written
            # again nor announced
            known = self.store.documents.versions(self.scope, (str(r["id"]) for r in records))
            news = [r for r in records if str(r["id"]) not in known
                    or known[str(r["id"])] != seen[str(r["id"])] or seen[str(r["id"])] is None]
            if news:
                self.store.documents.upsert(self.scope, news, entity_id=entity_id,
                                            fetched_at=self.now())
                changed.update(str(r["id"]) for r in news)
            cursor = walk.next_cursor(page)
            if cursor is None:
                return seen

    # -- what a new document is written with ------------------------------------------------

    async def refresh_lists(self, entity_id: str) -> None:
        """Read the client's customers and taxes whole (the client the user opens).
        Publishes one `Changes` when any were read."""
        if is_local_id(entity_id):
            return
        api = await resolve_api(self._api)
        fetched = self.now()
        customers = [r async for r in api.customers.iterate_records(
            entity_id=entity_id, page_size=self.page_size)]
        taxes = [r async for r in api.taxes.iterate_records(
            entity_id=entity_id, page_size=self.page_size)]
        self.store.customers.replace_for_entity(self.scope, entity_id, customers,
                                                fetched_at=fetched)
        self.store.taxes.replace_for_entity(self.scope, entity_id, taxes, fetched_at=fetched)
        if customers or taxes:
            self._announce(Changes(
                ChangeKind.REFRESHED, customers=id_set(r.get("id") for r in customers),
                document_clients=frozenset({entity_id})))

    async def refresh_payments(self, entity_id: str, document_id: str) -> int:
        """Read one document's payments whole (when the document is opened). Returns how
        many; publishes one `Changes` naming the document."""
        if is_local_id(document_id) or document_type_of(document_id) not in (
                "invoice", "credit_note"):
            return 0
        api = await resolve_api(self._api)
        fetched = self.now()
        payments = [as_json(p) async for p in api.payments.for_document(
            document_id, entity_id=entity_id, page_size=self.page_size)]
        self.store.payments.replace_for_document(self.scope, entity_id, document_id,
                                                 payments, fetched_at=fetched)
        self._announce(Changes(ChangeKind.REFRESHED, documents=frozenset({document_id}),
                               document_clients=frozenset({entity_id})))
        return len(payments)

    async def refresh_document(self, entity_id: str, document_id: str) -> dict[str, Any]:
        """Read one document again (and cache it); its JSON."""
        kind = document_type_of(document_id)
        if kind is None or is_local_id(document_id):
            raise ValueError(f"{document_id} is not a document on the service")
        api = await resolve_api(self._api)
        document = as_json(await api.of_type(kind).get(document_id, entity_id=entity_id))
        self.store.documents.upsert(self.scope, [document], entity_id=entity_id)
        self._announce(Changes(ChangeKind.REFRESHED, documents=frozenset({document_id}),
                               document_clients=frozenset({entity_id})))
        return document

    # -- the others, in the background ------------------------------------------------------

    async def sweep(self, *, skip: Iterable[str] = (), budget: int | None = None
                    ) -> DocumentsSummary:
        """Bring the documents of the clients due longest ago up to date, one client after
        another, until `budget` requests are spent (default: `sweep_budget`, at most
        `SWEEP_SHARE` of the key's per-minute limit); in the background lane. A client
        whose read fails is noted and the sweep goes on; no network ends it
        (`errors.NetworkError` is raised)."""
        per_client = len(DOCUMENT_TYPES)
        if budget is None:
            budget = self.sweep_budget
            limiter = (await resolve_api(self._api)).rate_limiter
            if limiter is not None:
                budget = min(budget, max(per_client, int(limiter.per_minute * SWEEP_SHARE)))
        allowed = Budget(budget)
        summary = DocumentsSummary()
        # one more than the budget allows: to know whether it stopped anyone
        due = self.store.document_sync.due(
            self.scope, limit=(allowed.left or 0) // per_client + 1, skip=skip)
        with self.background_lane():
            for entity_id in due:
                if allowed.left is not None and allowed.left < per_client:
                    summary.budget_spent = True
                    break
                try:
                    summary.add(await self.refresh_client(entity_id, budget=allowed))
                except BudgetSpent:
                    summary.budget_spent = True
                    break
                except errors.NetworkError:
                    raise
                except errors.ApiError as error:
                    summary.failures[entity_id] = str(error)
                    log.info("documents of %s not refreshed: %s", entity_id, error)
        summary.requests = allowed.spent
        return summary


def _belongs(record: Mapping[str, Any], entity_id: str, document_type: str) -> bool:
    """A record of the list asked for: of this type, and not another client's (a server
    that mixed clients up must not file one client's documents under another)."""
    owner = record.get("entity_id")
    ok = document_type_of(record.get("id")) == document_type and owner in (None, entity_id)
    if not ok:
        log.warning("left out a record of the %s list of %s that is not one of its own",
                    document_type, entity_id)
    return ok


def _newest(current: str | None, values: Iterable[str | None]) -> str | None:
    newest = current
    for value in values:
        if value is not None and (newest is None or value > newest):
            newest = value
    return newest
