"""The one workspace: every read goes through the local cache and every write through the
outbox, online or not. There is no second, direct path to the service.

Reads never touch the network: a client's JSON, its units and logos come from the store at
once, each with the time it was fetched, and with the user's queued edits applied on top (a
record shows what the user typed, marked pending, until the service confirms it). A record
the cache has never seen (a client found by a search on the service) is fetched once.

Writes go through the outbox: `enqueue_*` commits the edit before anything else happens (it
survives a crash from that moment), then the queue is sent in order. The `save_*` methods do
both; `update_client` / `update_unit` first compute the one diff of a save (only the changed
fields; of `settings` only the changed top-level keys). Offline the edit stays queued and
shows as pending; a client or unit created offline gets a local id and appears at once.
A bulk change (`save_batch`, see `sync.standards`) queues all its edits in one transaction.
Conflicts and refusals are held for the user (`problems()`, `resolve()`, `discard()`).

After every write, refresh, send and decision the workspace publishes one `Changes` on
`changes` (see `sync.events`), naming what changed and who started it.

Who has access to a client is the one deliberate exception: read from the service and
changed at once, never cached on disk nor queued (`access`, see `sync.access`).

The API client is opened on first use, on the loop that awaits it (`api()`), from the
connection; tests may hand one in (`api=`), or None for a workspace on the cache alone
(anything that needs the service then raises RuntimeError). When the cache file cannot be
used the workspace runs on `Store.in_memory()` and `store.temporary` says so.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import functools
import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from si_desktop.api import errors
from si_desktop.api.ratelimit import background
from si_desktop.core import limits
from si_desktop.core.countries import by_name
from si_desktop.core.documents import document_type_of, id_prefix_of
from si_desktop.core.practice import DEFAULT_BOOKKEEPER_KEY, ClientFigures, client_figures
from si_desktop.store import (
    CachedFile,
    CachedRecord,
    EditKind,
    LogoFile,
    QueuedEdit,
    SavedOrder,
    Scope,
    Store,
    SwitcherRow,
    is_local_id,
    new_local_id,
)
from si_desktop.store.database import utc_now
from si_desktop.store.documents import (
    DocumentRow,
    IssuedNumber,
    document_row,
    payment_document,
)
from si_desktop.sync import conflicts, documents
from si_desktop.sync.changes import as_json, entity_changes, unit_changes
from si_desktop.sync.conflicts import EditProblem, FieldPath, apply_edits, problem_of
from si_desktop.sync.connection import Connection, scope_of
from si_desktop.sync.connectivity import Connectivity
from si_desktop.sync.documents_refresh import DocumentRefresher, DocumentsSummary
from si_desktop.sync.events import ChangeBus, ChangeKind, Changes, id_set
from si_desktop.sync.refresh import (
    ENTITY_LOGO_PREF,
    ProgressCallback,
    Refresher,
    RefreshSummary,
    RefreshTimes,
    last_full_refresh,
    last_refresh,
    parse_time,
)
from si_desktop.sync.results import CachedLogo, RecordView, SaveResult, SyncResult
from si_desktop.sync.retry_loop import RetryLoop
from si_desktop.sync.sender import ApiSource, Sender, SendReport, resolve_api

if TYPE_CHECKING:
    from si_desktop.api import SpaceInvoicesClient
    from si_desktop.sync.access import ClientAccess

log = logging.getLogger("si_desktop.sync.workspace")

PDF_FILE_PREFIX = "pdf:"
"""Cached PDFs are files `pdf:<document id>:<language>:<updated_at>` (see `document_pdf`)."""
SEND_TURN_WAIT = 5.0
"""Seconds a send waits while another process (the window, or a scheduled `si-desktop
sync`) sends the same cache's outbox, before it leaves the edits queued for that one."""
SEND_TURN_POLL = 0.1

class Workspace:
    """Cache-first reads and queued writes for one scope (account and environment)."""

    def __init__(
        self,
        store: Store,
        scope: Scope,
        api: ApiSource | None = None,
        *,
        connection: Connection | None = None,
        connectivity: Connectivity | None = None,
        concurrency: int = 4,
    ) -> None:
        self.store = store
        self.scope = scope
        self.connection = connection if connection is not None else Connection()
        self._api_source = api
        self._stack: contextlib.AsyncExitStack | None = None
        self._client: SpaceInvoicesClient | None = None
        self._transport: Any = None
        source: ApiSource | None = api if api is not None or connection is None else self.api
        self.changes = ChangeBus()
        self.connectivity = connectivity if connectivity is not None else Connectivity()
        self.sender = Sender(store, scope, source, connectivity=self.connectivity)
        self.refresher = Refresher(store, scope, source, concurrency=concurrency,
                                   on_change=self.changes.publish)
        # The documents' refresh: the sweep's requests go in the rate limiter's background
        # lane, so that the user's own requests go first (api.ratelimit).
        self.document_refresher = DocumentRefresher(store, scope, source,
                                                    on_change=self.changes.publish,
                                                    background_lane=background)
        self._has_service = source is not None

    @classmethod
    def open(
        cls,
        connection: Connection,
        store: Store,
        *,
        transport: Any = None,
        connectivity: Connectivity | None = None,
    ) -> Workspace:
        """The workspace of `connection` on `store`; the API client is made on first use
        (`transport`: an httpx transport, for tests)."""
        workspace = cls(store, scope_of(connection), connection=connection,
                        connectivity=connectivity)
        workspace._transport = transport
        return workspace

    @classmethod
    def in_memory(cls, connection: Connection, *, transport: Any = None) -> Workspace:
        """The workspace of `connection` on a cache of its own in memory (a connection being
        tried before it is opened, or an app without a cache file)."""
        return cls.open(connection, Store.in_memory(), transport=transport)

    @property
    def is_demo(self) -> bool:
        return self.connection.demo

    @functools.cached_property
    def access(self) -> ClientAccess:
        """Who has access to each client: read from the service, changed at once, never
        cached on disk nor queued (the one exception to this module's rule; see
        `sync.access`). Made when first asked for: its models wait for the first request."""
        from si_desktop.sync.access import ClientAccess

        return ClientAccess(self)

    @property
    def last_refreshed(self) -> float | None:
        """When the cache was last brought up to date (epoch seconds), or None."""
        times = self.last_refresh
        return times.finished.timestamp() if times is not None else None

    # -- the service -----------------------------------------------------------------------

    async def api(self) -> SpaceInvoicesClient:
        """The API client: the one handed in, else one opened from the connection on the
        loop that awaits it (closed by `aclose()`)."""
        if self._api_source is not None:
            return await resolve_api(self._api_source)
        if self._client is None:
            from si_desktop.api import SpaceInvoicesClient

            stack = contextlib.AsyncExitStack()
            client = SpaceInvoicesClient(
                api_key=self.connection.api_key,
                base_url=self.connection.base_url,
                account_id=self.connection.account_id,
                transport=self._transport,
            )
            self._client = await stack.enter_async_context(client)
            self._stack = stack
        return self._client

    async def aclose(self) -> None:
        stack, self._stack, self._client = self._stack, None, None
        if stack is not None:
            await stack.aclose()

    async def test_connection(self) -> list[dict[str, Any]]:
        """Ask for one client: proves the key, the account and the server in one request."""
        api = await self.api()
        page = await api.entities.list(limit=1)
        return [as_json(entity) for entity in page.data]

    async def search_clients(self, text: str, *, limit: int = 25) -> list[dict[str, Any]]:
        """Clients the service finds for `text` (name, tax number, metadata values …)."""
        api = await self.api()
        page = await api.entities.list(limit=limit, search=text or None, order_by="name")
        return [as_json(entity) for entity in page.data]

    # -- reads (no network) ----------------------------------------------------------------

    def clients(self) -> list[SwitcherRow]:
        """Every cached client, sorted by name, with its unit count, fetch time and the
        number of edits waiting for it."""
        return self.store.entities.switcher_rows(self.scope)

    def listed_clients(self) -> tuple[list[SwitcherRow], dict[str, int]]:
        """Every cached client as the client list shows it (`Entities.listed`: no counts),
        and the number of edits waiting per client that has any."""
        return (self.store.entities.listed(self.scope),
                self.store.outbox.counts_by_entity(self.scope))

    def listed_in_order(self) -> tuple[list[SwitcherRow], dict[str, int], SavedOrder | None]:
        """`listed_clients`, and the client list's order as the app saved it for them
        (`Entities.listed_in_order`)."""
        rows, order = self.store.entities.listed_in_order(self.scope)
        return rows, self.store.outbox.counts_by_entity(self.scope), order

    def save_list_order(self, collation: str, ordered: Sequence[tuple[str, str]]) -> int:
        """Save the client list's order as the app sorted it (`Entities.save_order`)."""
        return self.store.entities.save_order(self.scope, collation, ordered)

    def listed_some(self, entity_ids: Iterable[str]) -> list[SwitcherRow]:
        """The rows of the clients `entity_ids` as the client list shows them (those still
        cached), for updating only what a change names."""
        return self.store.entities.listed_some(self.scope, entity_ids)

    def client_figures(self, entity_ids: Iterable[str] | None = None, *,
                       bookkeeper_key: str = DEFAULT_BOOKKEEPER_KEY,
                       today: dt.date | None = None) -> dict[str, ClientFigures]:
        """What needs attention per cached client (every one, or only `entity_ids`: what a
        change names; a client with neither documents nor a bookkeeper is left out), from
        the cached documents alone: one aggregate query. Documents written offline and not
        sent yet are not counted (they are not in the cache's documents until the service
        has them)."""
        day = today or dt.date.today()
        ids = None if entity_ids is None else list(entity_ids)
        found = self.store.documents.attention(self.scope, day, bookkeeper_key, ids)
        # each client's inputs let go as its figures are made: at 100,000 clients, both
        # whole at once were the window's peak of memory
        figures: dict[str, ClientFigures] = {}
        while found:
            entity_id, item = found.popitem()
            figures[entity_id] = client_figures(item.currency, item.bookkeeper, item.groups)
        return figures

    def pending_by_client(self) -> dict[str, int]:
        """The number of edits waiting per client that has any."""
        return self.store.outbox.counts_by_entity(self.scope)

    def client(self, entity_id: str) -> RecordView | None:
        record = self.store.entities.get_record(self.scope, entity_id)
        edits = [
            e for e in self.store.outbox.list(self.scope, entity_id=entity_id)
            if e.target_id == entity_id
        ]
        return self._view(record, edits)

    def units(self, entity_id: str, *, include_archived: bool = True) -> list[RecordView]:
        """The client's units in numbering order (those created offline last)."""
        records = self.store.units.records_for_entity(self.scope, entity_id)
        by_target: dict[str, list[QueuedEdit]] = {}
        for edit in self.store.outbox.list(self.scope, entity_id=entity_id):
            if edit.targets_unit:
                by_target.setdefault(edit.target_id, []).append(edit)
        views = [self._view(record, by_target.get(str(record.data.get("id")), []))
                 for record in records]
        shown = [v for v in views if v is not None]
        if not include_archived:
            shown = [v for v in shown if not _is_archived(v.data)]
        return shown

    def unit(self, unit_id: str) -> RecordView | None:
        record = self.store.units.get_record(self.scope, unit_id)
        if record is None:
            return None
        owner = str(record.data.get("entity_id") or "")
        edits = [
            e for e in self.store.outbox.list(self.scope, entity_id=owner)
            if e.target_id == unit_id
        ]
        return self._view(record, edits)

    def _view(self, record: CachedRecord | None, edits: list[QueuedEdit]) -> RecordView | None:
        if record is None:
            return None
        local = is_local_id(str(record.data.get("id", "")))
        return RecordView(
            data=apply_edits(record.data, edits),
            fetched_at=None if local else record.fetched_at,
            service_data=None if local else record.data,
            pending=tuple(edits),
        )

    def logo(self, entity_id: str, unit_id: str | None = None) -> CachedLogo | None:
        """The cached logo a document would carry: the unit's own, else the client's. A
        queued logo edit wins over what the service sent: its file shows, pending, until it
        is sent (a queued removal shows no logo, or for a unit the client's)."""
        if unit_id is not None:
            queued = self.store.outbox.logo_edit(self.scope, unit_id)
            if queued is not None:
                own = self._queued_logo(queued, "unit")
            else:
                unit = self.store.units.get(self.scope, unit_id)
                file_id = unit.get("logo_file_id") if unit else None
                own = self._cached_logo(file_id, "unit")
            if own is not None:
                return own
        queued = self.store.outbox.logo_edit(self.scope, entity_id)
        if queued is not None:
            return self._queued_logo(queued, "entity")
        file_id = self.store.prefs.get(self.scope, ENTITY_LOGO_PREF + entity_id)
        return self._cached_logo(file_id, "entity")

    def _cached_logo(self, file_id: Any, source: str) -> CachedLogo | None:
        found = self.store.files.get(self.scope, file_id) if isinstance(file_id, str) else None
        return None if found is None else _logo(found, source)

    def _queued_logo(self, edit: QueuedEdit, source: str) -> CachedLogo | None:
        """The logo a queued edit brings (None for a removal, or a file lost with a damaged
        cache)."""
        queued = self.store.outbox.file(edit.seq) if edit.kind is EditKind.SET_LOGO else None
        if queued is None:
            return None
        return CachedLogo(queued.data, source, queued.id, edit.updated_at, edit)

    def pending(self, entity_id: str | None = None) -> list[QueuedEdit]:
        """Queued edits (of one client and its units, or all), in the order they will go."""
        return self.store.outbox.list(self.scope, entity_id=entity_id)

    def pending_count(self, entity_id: str | None = None) -> int:
        return self.store.outbox.count(self.scope, entity_id=entity_id)

    def problems(self, entity_id: str | None = None) -> list[EditProblem]:
        """Edits held for the user: conflicts and changes the service refused."""
        held = self.store.outbox.list(self.scope, entity_id=entity_id, state="conflict")
        return [p for p in map(problem_of, held) if p is not None]

    @property
    def last_refresh(self) -> RefreshTimes | None:
        """The last refresh that walked its list to the end (None: never); the offline
        banner shows `finished`."""
        return last_refresh(self.store, self.scope)

    def is_stale(self, view: RecordView) -> bool:
        """Whether the record is older than the last walk of every client: the service no
        longer listed it then (the page then says how old). An unchanged client is not
        fetched again by an incremental refresh, and is not stale for that."""
        refreshed = last_full_refresh(self.store, self.scope)
        fetched = parse_time(view.fetched_at)
        if refreshed is None or fetched is None:
            return False
        return fetched < refreshed.started

    # -- queueing (no network) -------------------------------------------------------------

    def enqueue_client_changes(
        self, entity_id: str, changes: Mapping[str, Any], *, batch: str | None = None
    ) -> QueuedEdit:
        """Queue a partial update of a client (only the changed fields; of `settings` only
        the changed top-level keys, e.g. from `sync.changes.entity_changes`); `batch` names
        the bulk change it belongs to (`sync.standards`)."""
        return self._enqueue_update(EditKind.UPDATE_ENTITY, entity_id, entity_id, changes,
                                    batch=batch)

    def enqueue_unit_changes(
        self, entity_id: str, unit_id: str, changes: Mapping[str, Any]
    ) -> QueuedEdit:
        return self._enqueue_update(EditKind.UPDATE_UNIT, unit_id, entity_id, changes)

    def _enqueue_update(
        self, kind: EditKind, target_id: str, entity_id: str, changes: Mapping[str, Any],
        *, batch: str | None = None,
    ) -> QueuedEdit:
        if not changes:
            raise ValueError("there is nothing to save")
        unit_id = target_id if kind is EditKind.UPDATE_UNIT else None
        base, base_updated_at = self._base(entity_id, unit_id)
        return self.store.outbox.enqueue(
            self.scope, kind, target_id, dict(changes),
            entity_id=entity_id, base_updated_at=base_updated_at, base_record=base, batch=batch,
        )

    def _base(
        self, entity_id: str, unit_id: str | None
    ) -> tuple[dict[str, Any] | None, str | None]:
        """The cached version an edit of the client (or unit) starts from, and its
        `updated_at`; (None, None) for a record created offline. LookupError: not cached."""
        target = entity_id if unit_id is None else unit_id
        if unit_id is None:
            base = self.store.entities.get(self.scope, entity_id)
        else:
            base = self.store.units.get(self.scope, unit_id)
        if base is None:
            raise LookupError(f"{target} is not in the local cache")
        if is_local_id(target):
            return None, None
        updated = base.get("updated_at")
        return base, updated if isinstance(updated, str) else None

    def enqueue_client_enabled(self, entity_id: str, enabled: bool) -> QueuedEdit:
        kind = EditKind.ENABLE_ENTITY if enabled else EditKind.DISABLE_ENTITY
        return self.store.outbox.enqueue(self.scope, kind, entity_id)

    def enqueue_unit_archive(self, entity_id: str, unit_id: str) -> QueuedEdit:
        return self.store.outbox.enqueue(
            self.scope, EditKind.ARCHIVE_UNIT, unit_id, entity_id=entity_id
        )

    def enqueue_new_client(self, *, name: str, country: str, **fields: Any) -> QueuedEdit:
        """Queue a new client; it is in the switcher at once under a local id."""
        payload = {"name": name, "country": country,
                   **{k: v for k, v in fields.items() if v not in (None, "")}}
        local = new_local_id("ent")
        placeholder: dict[str, Any] = {"id": local, "is_enabled": True, "settings": {}}
        known = by_name(country)
        if known is not None:  # what the service would derive, so flags and previews work
            placeholder.update(country_code=known.code, currency_code=known.currency,
                               locale=known.locale)
        placeholder.update(payload)
        placeholder.setdefault("created_at", utc_now())
        with self.store.db.write():
            edit = self.store.outbox.enqueue(self.scope, EditKind.CREATE_ENTITY, local, payload)
            self.store.entities.upsert(self.scope, [placeholder])
        return edit

    def enqueue_new_unit(self, entity_id: str, fields: Mapping[str, Any]) -> QueuedEdit:
        """Queue a new business unit of a client; it is listed at once under a local id."""
        payload = {k: v for k, v in fields.items() if v not in (None, "")}
        if not str(payload.get("name") or "").strip():
            raise ValueError("a business unit needs a name")
        local = new_local_id("unit")
        placeholder: dict[str, Any] = {
            "id": local, "entity_id": entity_id, "settings": {}, "numbering_index": None,
            "is_active": True, "deleted_at": None,
        }
        placeholder.update(payload)
        with self.store.db.write():
            edit = self.store.outbox.enqueue(
                self.scope, EditKind.CREATE_UNIT, local, payload, entity_id=entity_id
            )
            self.store.units.upsert(self.scope, [placeholder], entity_id=entity_id)
        return edit

    def enqueue_logo(
        self,
        entity_id: str,
        unit_id: str | None,
        *,
        content: bytes,
        filename: str,
        content_type: str,
    ) -> QueuedEdit:
        """Queue a new logo for the client (or the unit): file and edit are committed together
        and `logo()` shows it at once, pending. Check the file first (`logo_file_problem`)."""
        file = LogoFile(filename=filename, content_type=content_type, data=bytes(content))
        return self._enqueue_logo(entity_id, unit_id, file)

    def enqueue_logo_removal(self, entity_id: str, unit_id: str | None = None) -> QueuedEdit:
        """Queue taking the client's logo off (or the unit's own: it shows the client's)."""
        return self._enqueue_logo(entity_id, unit_id, None)

    def _enqueue_logo(
        self, entity_id: str, unit_id: str | None, file: LogoFile | None
    ) -> QueuedEdit:
        base, base_updated_at = self._base(entity_id, unit_id)
        return self.store.outbox.enqueue_logo(
            self.scope, entity_id, unit_id, file,
            base_updated_at=base_updated_at, base_record=base,
        )

    # -- saving (queue, then send) ---------------------------------------------------------

    async def save_client(
        self, entity_id: str, changes: Mapping[str, Any], *, initiator: object | None = None
    ) -> SaveResult:
        """Queue the client's changes and send the queue (see `_save`)."""
        return await self._save(lambda: self.enqueue_client_changes(entity_id, changes),
                                initiator)

    async def save_unit(
        self, entity_id: str, unit_id: str, changes: Mapping[str, Any], *,
        initiator: object | None = None,
    ) -> SaveResult:
        return await self._save(lambda: self.enqueue_unit_changes(entity_id, unit_id, changes),
                                initiator)

    async def set_client_enabled(
        self, entity_id: str, enabled: bool, *, initiator: object | None = None
    ) -> SaveResult:
        return await self._save(lambda: self.enqueue_client_enabled(entity_id, enabled),
                                initiator)

    async def archive_unit(
        self, entity_id: str, unit_id: str, *, initiator: object | None = None
    ) -> SaveResult:
        return await self._save(lambda: self.enqueue_unit_archive(entity_id, unit_id),
                                initiator)

    async def create_client(
        self, *, name: str, country: str, initiator: object | None = None, **fields: Any
    ) -> SaveResult:
        return await self._save(
            lambda: self.enqueue_new_client(name=name, country=country, **fields), initiator
        )

    async def create_unit(
        self, entity_id: str, fields: Mapping[str, Any], *, initiator: object | None = None
    ) -> SaveResult:
        return await self._save(lambda: self.enqueue_new_unit(entity_id, fields), initiator)

    async def set_logo(
        self,
        entity_id: str,
        unit_id: str | None,
        *,
        content: bytes,
        filename: str,
        content_type: str,
        initiator: object | None = None,
    ) -> SaveResult:
        """Queue a new logo and send the queue (see `_save`); `view` is the client or unit."""
        return await self._save(lambda: self.enqueue_logo(
            entity_id, unit_id, content=content, filename=filename, content_type=content_type),
            initiator)

    async def remove_logo(
        self, entity_id: str, unit_id: str | None = None, *, initiator: object | None = None
    ) -> SaveResult:
        return await self._save(lambda: self.enqueue_logo_removal(entity_id, unit_id),
                                initiator)

    async def update_client(
        self, original: Mapping[str, Any], edited: Mapping[str, Any], *,
        initiator: object | None = None,
    ) -> dict[str, Any]:
        """What an editor's Save does: the one diff of `edited` against `original` (the
        record the editor showed), queued and sent; the client as it now shows. Nothing
        changed: nothing is queued, sent or announced. A refusal while the user waits is
        raised (`SaveResult.record`)."""
        changes = entity_changes(original, edited)
        if not changes:
            return dict(original)
        result = await self.save_client(str(original["id"]), changes, initiator=initiator)
        return result.record()

    async def update_unit(
        self, original: Mapping[str, Any], edited: Mapping[str, Any], *,
        initiator: object | None = None,
    ) -> dict[str, Any]:
        """`update_client` for a business unit."""
        changes = unit_changes(original, edited)
        if not changes:
            return dict(original)
        entity_id, unit_id = str(original.get("entity_id") or ""), str(original["id"])
        result = await self.save_unit(entity_id, unit_id, changes, initiator=initiator)
        return result.record()

    async def _save(
        self, enqueue: Callable[[], QueuedEdit | tuple[QueuedEdit, ...]], initiator: object
    ) -> SaveResult:
        """Queue (committed before any request), then send the queue unless the app is known
        to be offline and no retry is due yet; then announce what changed.

        A change the service refuses outright (422 and the like) while the user waits is
        taken back out of the queue when it holds only what this save added: the result
        carries the problem (field paths included) and the editor still holds the values.
        A refused change that also holds older queued edits stays held for the user.

        A save may queue several edits in one transaction (a new document and its issue):
        its outcome is that of the first of them that did not go ("sent" when all went),
        and only that one and those behind it are taken back out when refused.
        """
        before = {edit.seq for edit in self.store.outbox.list(self.scope)}
        queued = enqueue()
        edits = queued if isinstance(queued, tuple) else (queued,)
        first = edits[0]
        if self.connectivity.offline and not self.connectivity.retry_due():
            result = SaveResult(edits[-1], "queued", self._view_of(first))
            self.changes.publish(_saved(result, edits, None, initiator,
                                        self._paid_document_of(None)))
            return result
        report = await self._send_queue()
        edit, outcome = edits[-1], "sent"
        for candidate in edits:
            candidate_outcome = report.outcome_of(candidate.seq) or "queued"
            if candidate_outcome != "sent":
                edit, outcome = candidate, candidate_outcome
                break
        problem = report.problem_of(edit.seq)
        service_id = report.created.get(first.target_id)
        if outcome == "rejected" and edit.seq not in before:
            conflicts.discard(self.store, edit)
            result = SaveResult(edit, outcome, self._view_of(first, service_id), problem,
                                report, service_id if edit is not first else None,
                                withdrawn=True)
        else:
            result = SaveResult(edit, outcome, self._view_of(first, service_id), problem,
                                report, service_id)
        self.changes.publish(_saved(result, edits, report, initiator,
                                    self._paid_document_of(report)))
        return result

    async def save_batch(
        self, enqueue: Callable[[], tuple[QueuedEdit, ...]], *, initiator: object | None = None
    ) -> SendReport | None:
        """A bulk change (`sync.standards`): every edit `enqueue` queues, in one transaction
        (all or none), then the queue is sent unless the app is known to be offline (None:
        nothing was sent). Unlike one editor's Save, a refused edit is not taken back: it
        stays held, so the batch's result shows it with the service's reason. One
        announcement names every client the batch touched."""
        with self.store.db.write():
            edits = enqueue()
        paid = self._paid_document_of(None)
        touched = _touched(edits, paid)
        own = Changes(ChangeKind.SAVED, clients=id_set(touched.clients), queue=True,
                      initiator=initiator)
        if self.connectivity.offline and not self.connectivity.retry_due():
            self.changes.publish(own)
            return None
        report = await self._send_queue()
        sent = _sent(report, ChangeKind.SAVED, initiator, self._paid_document_of(report))
        self.changes.publish(Changes.merged([own, sent]))
        return report

    def _view_of(self, edit: QueuedEdit, service_id: str | None = None) -> RecordView | None:
        """The record an edit changes as it now shows (under its service id once a record
        created offline has one)."""
        record_id = service_id or edit.target_id
        kind = edit.record_kind
        if kind == "unit":
            return self.unit(record_id)
        if kind == "entity":
            return self.client(record_id)
        if kind == "document":
            return self.document_view(record_id)
        if kind == "payment":
            return self.payment_view(record_id)
        return self.customer_view(record_id)

    def edit_view(self, edit: QueuedEdit) -> RecordView | None:
        """The record a queued (or held) edit changes, as it shows now: a client, a unit, a
        document, a payment or a customer (`edit.record_kind` says which)."""
        return self._view_of(edit)

    def _paid_document_of(self, report: SendReport | None) -> PaymentDocument:
        """How to tell which document a payment edit moves: its body names it on a create,
        the sender noted it for one it sent, else the cache knows."""
        def document(edit: QueuedEdit) -> str | None:
            named = payment_document(edit.payload)
            if named:
                return named
            if report is not None and edit.target_id in report.paid_documents:
                return report.paid_documents[edit.target_id]
            return self.store.payments.document_of(self.scope, edit.target_id)

        return document

    # -- talking to the service ------------------------------------------------------------

    async def send_pending(self, *, initiator: object | None = None) -> SendReport:
        """Send the queue in order (never raises for a failed request; see the report)."""
        report = await self._send_queue()
        self.changes.publish(_sent(report, ChangeKind.SENT, initiator,
                                   self._paid_document_of(report)))
        return report

    async def _send_queue(self) -> SendReport:
        """`sender.send_all()` in this process's turn at the cache's outbox (`Store.sending`):
        two processes never send the same queued edit at once. While another has the turn,
        wait up to `SEND_TURN_WAIT` seconds, then send nothing: the report says `busy` and
        the edits stay queued (the other process is sending them)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + SEND_TURN_WAIT
        while True:
            with self.store.sending() as mine:
                if mine:
                    return await self.sender.send_all()
            if loop.time() >= deadline:
                log.info("another process is sending the queued edits; not sending now")
                return SendReport(waiting=self.pending_count(), busy=True)
            await asyncio.sleep(SEND_TURN_POLL)

    async def refresh(
        self,
        *,
        open_entity_id: str | None = None,
        progress: ProgressCallback | None = None,
        logos: bool = True,
        full: bool = False,
    ) -> RefreshSummary:
        """Refresh what changed, or every client with `full` (see `sync.refresh`); raises
        `errors.NetworkError` when offline, after noting it."""
        return await self._noting(self.refresher.refresh_all(
            open_entity_id=open_entity_id, progress=progress, logos=logos, full=full))

    async def _noting(self, work: Awaitable[RefreshSummary]) -> RefreshSummary:
        """`work`, with the connection's state noted from how it went."""
        try:
            summary = await work
        except errors.ApiError as error:
            self.connectivity.report(error)
            raise
        self.connectivity.report_success()
        return summary

    async def refresh_client(
        self, entity_id: str, *, logos: bool = True, documents: bool = True
    ) -> RefreshSummary:
        """Refresh one client (record, units, logos and, with `documents`, its documents,
        customers and taxes): what a page does when it opens."""
        summary = await self._noting(self.refresher.refresh_client(entity_id, logos=logos))
        self.changes.publish(Changes(ChangeKind.REFRESHED, clients=frozenset({entity_id}),
                                     unit_clients=frozenset({entity_id})))
        if documents:
            await self._refresh_open_documents(entity_id)
        return summary

    async def _refresh_open_documents(self, entity_id: str) -> DocumentsSummary | None:
        """The open client's documents (what changed), customers and taxes, in the user's
        lane. No network is raised; any other failure is logged: the client's own refresh
        went well, and the Documents tab still shows the cache."""
        try:
            summary = await self.document_refresher.refresh_client(entity_id)
            await self.document_refresher.refresh_lists(entity_id)
        except errors.NetworkError as error:
            self.connectivity.report(error)
            raise
        except errors.ApiError as error:
            log.info("documents of %s not refreshed: %s", entity_id, error)
            return None
        return summary

    async def _sync_documents(self, open_entity_id: str | None, result: SyncResult) -> None:
        """`synchronize`'s documents: the open client's first (the user's lane), then the
        others due longest ago within the sweep's budget (`DocumentRefresher.sweep`, in its
        background lane)."""
        try:
            done = DocumentsSummary()
            if open_entity_id and not is_local_id(open_entity_id):
                opened = await self._refresh_open_documents(open_entity_id)
                if opened is not None:
                    done.add(opened)
            skip = [open_entity_id] if open_entity_id else []
            done.add(await self.document_refresher.sweep(skip=skip))
            result.documents = done
        except errors.NetworkError as error:
            result.offline, result.error = True, result.error or error
        except errors.ApiError as error:
            result.error = result.error or error
        except Exception as error:  # one client's bad record must not fail the sync
            log.exception("refreshing documents failed")
            result.error = result.error or unexpected_error("Refreshing documents", error)

    async def synchronize(
        self,
        *,
        open_entity_id: str | None = None,
        progress: ProgressCallback | None = None,
        logos: bool = True,
        full: bool = False,
    ) -> SyncResult:
        """Refresh the cache, then send the queue, then the documents (the open client's,
        then a budgeted sweep of the others): F5, the automatic refresh, "back online"
        and `si-desktop sync`. Never raises for a failed request, nor for a record or an
        edit that fails in a way nobody foresaw (that is logged with its traceback and
        reported in `error`): offline, `offline` is set and the cache keeps what it had. A
        refresh that fails for any other reason than the network or the key still lets the
        queue go out."""
        result = SyncResult()
        try:
            result.refresh = await self.refresh(
                open_entity_id=open_entity_id, progress=progress, logos=logos, full=full
            )
        except errors.NetworkError as error:
            result.offline, result.error = True, error
        except errors.ApiError as error:
            result.error = error
        except Exception as error:  # a bad record must not keep the queue from going out
            log.exception("the refresh failed")
            result.error = unexpected_error("The refresh", error)
        if not result.offline and not isinstance(result.error, errors.AuthenticationError):
            try:
                result.sent = await self.send_pending()
            except Exception as error:  # the sender holds a failing edit; this is a backstop
                log.exception("sending the queued edits failed")
                result.error = result.error or unexpected_error("Sending the changes", error)
            else:
                result.offline = result.sent.offline
                result.error = result.error or result.sent.error
        if not result.offline and not isinstance(result.error, errors.AuthenticationError):
            await self._sync_documents(open_entity_id, result)
        result.held = self.problems()
        result.waiting = self.pending_count()
        return result

    async def probe(self) -> None:
        """One small request: proves the service answers (used while offline)."""
        api = await self.api()
        await api.entities.list(limit=1, include_total_count=False)

    def retry_loop(self) -> RetryLoop:
        """The back-off loop that tries the service while offline (1 s … 60 s apart)."""
        return RetryLoop(self.connectivity, self.probe)

    # -- the user's decisions --------------------------------------------------------------

    def resolve(
        self,
        edit: QueuedEdit | EditProblem | int,
        choices: Mapping[FieldPath | str, Any] | None = None,
    ) -> QueuedEdit | None:
        """Apply the user's choices to a held edit and queue it again (see
        `sync.conflicts.resolve`); send it with `send_pending()`."""
        held = self._held(edit)
        resolved = conflicts.resolve(self.store, held, choices)
        self.changes.publish(
            _decided(held, ChangeKind.RESOLVED, self._paid_document_of(None)))
        return resolved

    def discard(self, edit: QueuedEdit | EditProblem | int) -> None:
        """Drop a held edit (the user's choice; "Drop this edit")."""
        held = self._held(edit)
        conflicts.discard(self.store, held)
        self.changes.publish(
            _decided(held, ChangeKind.DISCARDED, self._paid_document_of(None)))

    def retry_edit(self, edit: QueuedEdit | EditProblem | int) -> QueuedEdit | None:
        """"Try again" on a held edit: queued again as it is, in its place; send it with
        `send_pending()`. An edit given up on ("failed") and a conflict keep their request
        id and base (the sender checks the record again); a refused one gets a fresh id,
        since the service would answer the old one with its refusal again. None when it
        left the queue meanwhile."""
        try:
            held = self._held(edit)
        except LookupError:
            return None
        problem = problem_of(held)
        if problem is not None and problem.kind == "rejected":
            retried = self.store.outbox.resolve(
                held.seq, held.payload, base_updated_at=held.base_updated_at,
                base_record=held.base,
            )
        else:
            retried = self.store.outbox.retry(held.seq)
        self.changes.publish(
            _decided(held, ChangeKind.RESOLVED, self._paid_document_of(None)))
        return retried

    def _held(self, edit: QueuedEdit | EditProblem | int) -> QueuedEdit:
        seq = edit if isinstance(edit, int) else (
            edit.edit.seq if isinstance(edit, EditProblem) else edit.seq
        )
        found = self.store.outbox.get(seq)
        if found is None:
            raise LookupError(f"queued edit {seq} is no longer waiting")
        return found


    # -- what an editor or page shows -------------------------------------------------------
    # The records' JSON as the cache holds it, queued edits on top. The `*_now` reads answer
    # at once on the calling thread (a read of the local file by key takes well under a
    # millisecond, while a trip through the loop's thread costs a hand-over each way); None
    # when only the service can answer, and then the async read fetches the client once.

    def client_now(self, entity_id: str) -> dict[str, Any] | None:
        view = self.client(entity_id)
        return None if view is None else dict(view.data)

    def units_now(
        self, entity_id: str, *, include_archived: bool = False
    ) -> list[dict[str, Any]]:
        return [dict(view.data) for view in self.units(
            entity_id, include_archived=include_archived)]

    def unit_now(self, unit_id: str) -> dict[str, Any] | None:
        view = self.unit(unit_id)
        return None if view is None else dict(view.data)

    def logo_now(
        self, entity: Mapping[str, Any], unit: Mapping[str, Any] | None = None
    ) -> tuple[bytes | None, str | None] | None:
        """The logo an editor shows, when the cache can tell (also that there is none);
        None when only the service can."""
        entity_id = str(entity.get("id") or "")
        own = unit is not None and bool(unit.get("logo_file_id"))
        settings = entity.get("settings")
        has_logo = isinstance(settings, Mapping) and settings.get("has_logo") is True
        if not own and not has_logo:
            return None, None
        unit_id = str(unit["id"]) if unit is not None and own else None
        cached = self.logo(entity_id, unit_id)
        if cached is not None:
            return cached.data, cached.source
        if is_local_id(entity_id) or self.connectivity.offline or not self._has_service:
            return None, None
        return None

    async def load_client(self, entity_id: str) -> dict[str, Any]:
        return await self._cached(
            lambda: self.client_now(entity_id), entity_id, f"client {entity_id} was not found"
        )

    async def load_unit(self, entity_id: str, unit_id: str) -> dict[str, Any]:
        return await self._cached(
            lambda: self.unit_now(unit_id), entity_id, f"business unit {unit_id} was not found"
        )

    async def list_units(
        self, entity_id: str, *, include_archived: bool = False
    ) -> list[dict[str, Any]]:
        return self.units_now(entity_id, include_archived=include_archived)

    async def _cached(
        self, read: Callable[[], dict[str, Any] | None], entity_id: str, missing: str
    ) -> dict[str, Any]:
        """`read()` from the cache; for a record never seen (a client found by a search),
        after fetching the client once. NotFoundError (`missing`) if it is still not there."""
        found = read()
        if found is None and self._has_service and not is_local_id(entity_id):
            await self.refresh_client(entity_id)
            found = read()
        if found is None:
            raise errors.NotFoundError(missing, status=404)
        return found

    async def editor_logo(
        self, entity: Mapping[str, Any], unit: Mapping[str, Any] | None = None
    ) -> tuple[bytes | None, str | None]:
        """The logo a document of the client (or unit) carries and whose it is; from the
        cache, else fetched once (see `sync.settings.download_logo`)."""
        known = self.logo_now(entity, unit)
        if known is not None:
            return known
        from si_desktop.sync.logo_download import download_logo

        try:
            return await download_logo(await self.api(), entity, unit)
        except errors.NetworkError as error:  # no logo offline: the page still opens
            self.connectivity.report(error)
            return None, None
        except errors.ApiError as error:  # the listing refused: no logo, the page opens
            log.info("the logo of %s could not be fetched: %s", entity.get("id"), error)
            return None, None

    # -- documents: reads (no network; see sync.documents for the marks) -------------------
    # What the Documents tab, the new-document editor and the document view read. Each
    # answers at once from the cache, with the user's queued edits applied and marked, and
    # the drafts written offline among them (`"_local": True`, no number).

    def document_rows_now(
        self, entity_id: str, *, document_type: str | None = None
    ) -> list[DocumentRow]:
        """The client's documents as the Documents tab lists them (`DocumentRow`: number,
        type, dates, customer, amounts as Decimal, `status(today)`), newest first, drafts
        written offline first of all (`local=True`, no number, no totals). Read from an
        index without parsing any document (20,000 in ~150 ms); `pending` counts each
        document's queued edits and its row shows them applied."""
        edits = self._document_edits(entity_id)
        local = [self._local_row(queued) for target, queued in edits.items()
                 if is_local_id(target) and queued[0].kind is EditKind.CREATE_DOCUMENT
                 and (document_type is None or document_type_of(target) == document_type)]
        local.sort(key=lambda row: row.updated_at or "", reverse=True)
        rows = self.store.documents.rows(self.scope, entity_id, document_type=document_type)
        if edits:
            rows = [self._edited_row(row, edits[row.id]) if row.id in edits else row
                    for row in rows]
        return local + rows

    def document_row_now(
        self, document_id: str, *, entity_id: str | None = None
    ) -> DocumentRow | None:
        """One document's row as `document_rows_now` lists it (queued edits applied, a
        draft written offline marked `local`), or None when it is gone (or, given
        `entity_id`, is another client's): what the Documents tab updates for each document
        a `Changes` names."""
        view = self.document_view(document_id)
        if view is None or (entity_id is not None and view.data.get("entity_id") != entity_id):
            return None
        return document_row(view.data, local=bool(view.data.get(documents.LOCAL)),
                            pending=len(view.pending))

    def issued_numbers_now(
        self, entity_id: str, *, since: dt.date | None = None
    ) -> list[IssuedNumber]:
        """The numbers the cache knows the client was given (issued and voided documents,
        dated `since` or later, oldest first): how many this year, and the last of each
        sequence, for the Number formats page."""
        return self.store.documents.issued_numbers(self.scope, entity_id, since=since)

    def documents_now(
        self, entity_id: str, *, document_type: str | None = None
    ) -> list[dict[str, Any]]:
        """The client's documents as full JSON (items, customer, totals …), newest first,
        drafts written offline first of all, each with its queued edits applied and marked
        (`_local`, `_pending`, `_held`). Parses every document: for a long list use
        `document_rows_now` and `document_now` for the one shown."""
        edits = self._document_edits(entity_id)
        local = [documents.local_record(queued[0], queued[1:])
                 for target, queued in edits.items()
                 if is_local_id(target) and queued[0].kind is EditKind.CREATE_DOCUMENT
                 and (document_type is None or document_type_of(target) == document_type)]
        local.sort(key=lambda record: str(record.get("updated_at") or ""), reverse=True)
        cached = self.store.documents.for_entity(self.scope, entity_id,
                                                 document_type=document_type)
        return local + [documents.marked(record.data, edits.get(str(record.data["id"]), []))
                        for record in cached]

    def document_now(self, document_id: str) -> dict[str, Any] | None:
        """One document (full JSON, queued edits applied and marked), or None when the cache
        does not hold it (nor a draft written offline): a deleted draft is None too."""
        view = self.document_view(document_id)
        return None if view is None else dict(view.data)

    def document_view(self, document_id: str) -> RecordView | None:
        """One document as a `RecordView`: its JSON as shown, the service's version, when it
        was fetched, its queued edits."""
        record = self.store.documents.get_record(self.scope, document_id)
        if record is None:
            queued = self._edits_of(document_id)
            if not queued or queued[0].kind is not EditKind.CREATE_DOCUMENT:
                return None
            return RecordView(documents.local_record(queued[0], queued[1:]), None, None,
                              tuple(queued))
        edits = self._edits_of(document_id, record.data.get("entity_id"))
        return RecordView(documents.marked(record.data, edits), record.fetched_at,
                          record.data, tuple(edits))

    def payments_now(self, document_id: str) -> list[dict[str, Any]]:
        """The document's payments, oldest first, with queued ones (`_local`) and queued
        changes (`_pending`) marked. A document whose payments were never read shows only
        those; `load_document` reads them."""
        owner = self._owner_of(document_id)
        by_target: dict[str, list[QueuedEdit]] = {}
        for edit in self._entity_edits(owner, "payment"):
            by_target.setdefault(edit.target_id, []).append(edit)
        shown = [documents.marked(record.data, by_target.pop(str(record.data["id"]), []))
                 for record in self.store.payments.for_document(self.scope, document_id)]
        for target, queued in by_target.items():
            first = queued[0]
            if is_local_id(target) and first.kind is EditKind.CREATE_PAYMENT and \
                    payment_document(first.payload) == document_id:
                shown.append(documents.local_record(first, queued[1:]))
        return shown

    def payment_view(self, payment_id: str) -> RecordView | None:
        record = self.store.payments.get(self.scope, payment_id)
        return self._simple_view(payment_id, record, EditKind.CREATE_PAYMENT)

    def customers_now(self, entity_id: str) -> list[dict[str, Any]]:
        """The client's saved customers by name, those saved offline (`_local`) too."""
        edits = self._entity_edits(entity_id, "customer")
        shown = [record.data for record in self.store.customers.for_entity(self.scope,
                                                                            entity_id)]
        shown += [documents.local_record(edit, ()) for edit in edits
                  if edit.kind is EditKind.CREATE_CUSTOMER and is_local_id(edit.target_id)]
        return sorted(shown, key=lambda c: (str(c.get("name") or "").casefold(), c["id"]))

    def customer_view(self, customer_id: str) -> RecordView | None:
        record = self.store.customers.get(self.scope, customer_id)
        return self._simple_view(customer_id, record, EditKind.CREATE_CUSTOMER)

    def taxes_now(self, entity_id: str) -> list[dict[str, Any]]:
        """The client's taxes (each `{id, name, tax_rates: [{rate, valid_from}], …}`)."""
        return [record.data for record in self.store.taxes.for_entity(self.scope, entity_id)]

    def documents_window(self, entity_id: str) -> dt.date | None:
        """From which date on the cache holds every document of the client (None: not read
        yet); older ones come with `load_documents(entity_id, since=…)`."""
        state = self.store.document_sync.get(self.scope, entity_id)
        return None if state is None or not state.window_start else \
            dt.date.fromisoformat(state.window_start)

    def _document_edits(self, entity_id: str) -> dict[str, list[QueuedEdit]]:
        by_target: dict[str, list[QueuedEdit]] = {}
        for edit in self._entity_edits(entity_id, "document"):
            by_target.setdefault(edit.target_id, []).append(edit)
        return by_target

    def _entity_edits(self, entity_id: str | None, record_kind: str) -> list[QueuedEdit]:
        if not entity_id:
            return []
        return [edit for edit in self.store.outbox.list(self.scope, entity_id=entity_id)
                if edit.record_kind == record_kind]

    def _edits_of(self, target_id: str, entity_id: object = None) -> list[QueuedEdit]:
        owner = entity_id if isinstance(entity_id, str) else None
        return [edit for edit in self.store.outbox.list(self.scope, entity_id=owner)
                if edit.target_id == target_id]

    def _simple_view(self, record_id: str, record: dict[str, Any] | None,
                     create: EditKind) -> RecordView | None:
        edits = self._edits_of(record_id, record.get("entity_id") if record else None)
        if record is None:
            if not edits or edits[0].kind is not create:
                return None
            return RecordView(documents.local_record(edits[0], edits[1:]), None, None,
                              tuple(edits))
        return RecordView(documents.marked(record, edits), None, record, tuple(edits))

    def _local_row(self, queued: list[QueuedEdit]) -> DocumentRow:
        return document_row(documents.local_record(queued[0], queued[1:]), local=True,
                            pending=len(queued))

    def _edited_row(self, row: DocumentRow, edits: list[QueuedEdit]) -> DocumentRow:
        record = self.store.documents.get(self.scope, row.id)
        if record is None:
            return row._replace(pending=len(edits))
        return document_row(documents.marked(record, edits), pending=len(edits))

    def _owner_of(self, document_id: str) -> str:
        """The client a document (cached, or written offline) belongs to; LookupError."""
        owner = self.store.documents.entity_of(self.scope, document_id)
        if owner is None:
            queued = self._edits_of(document_id)
            owner = queued[0].entity_id if queued else None
        if not owner:
            raise LookupError(f"document {document_id} is not in the local cache")
        return owner

    def _service_document(self, document_id: str) -> tuple[dict[str, Any] | None, str | None]:
        """The cached service version of a document and its `updated_at` (None, None for a
        draft written offline)."""
        if is_local_id(document_id):
            return None, None
        record = self.store.documents.get(self.scope, document_id)
        if record is None:
            raise LookupError(f"document {document_id} is not in the local cache")
        updated = record.get("updated_at")
        return record, updated if isinstance(updated, str) else None

    # -- documents: reading the service now ------------------------------------------------

    async def load_documents(
        self, entity_id: str, *, since: dt.date | None = None, full: bool = False
    ) -> DocumentsSummary:
        """Read the client's documents from the service now, in the user's lane (what the
        Documents tab does when it opens, and "Show older" with `since`): incremental
        unless a full read is due or asked for. Publishes one `Changes` naming the
        documents that changed. Raises `errors.NetworkError` offline (noted)."""
        try:
            summary = await self.document_refresher.refresh_client(
                entity_id, since=since, full=full)
        except errors.ApiError as error:
            self.connectivity.report(error)
            raise
        self.connectivity.report_success()
        return summary

    async def load_document(self, document_id: str) -> dict[str, Any]:
        """One document and its payments read from the service now (the document view
        opening); offline, or for a draft written offline, what the cache holds.
        `errors.NotFoundError` when neither has it."""
        owner = self._owner_of(document_id) if self.document_now(document_id) else None
        if owner is not None and not is_local_id(document_id) and self._has_service \
                and not self.connectivity.offline:
            try:
                await self.document_refresher.refresh_document(owner, document_id)
                await self.document_refresher.refresh_payments(owner, document_id)
            except errors.NetworkError as error:
                self.connectivity.report(error)
            except errors.NotFoundError:
                self.store.documents.delete(self.scope, document_id)  # deleted meanwhile
                self.changes.publish(Changes(ChangeKind.REFRESHED,
                                             documents=frozenset({document_id}),
                                             document_clients=frozenset({owner})))
        found = self.document_now(document_id)
        if found is None:
            raise errors.NotFoundError(f"document {document_id} was not found", status=404)
        return found

    async def next_number(
        self, entity_id: str, document_type: str, business_unit_id: str | None = None
    ) -> str | None:
        """The number the next document of the type (under the unit) would get if issued
        now ("will be 2026-00143"), from the service's counters; None offline (say "number
        given when issued"). Nothing is used up."""
        documents.check_document_type(document_type)
        if is_local_id(entity_id) or not self._has_service or (
                self.connectivity.offline and not self.connectivity.retry_due()):
            return None
        if business_unit_id is not None and is_local_id(business_unit_id):
            return None  # a unit created offline has no numbering index yet
        try:
            api = await self.api()
            number = await api.documents.next_number(
                entity_id=entity_id, document_type=document_type,
                business_unit_id=business_unit_id)
        except errors.NetworkError as error:
            self.connectivity.report(error)
            return None
        self.connectivity.report_success()
        return number

    # -- documents: PDFs and e-mail ---------------------------------------------------------

    def _pdf_family(self, document_id: str, language: str | None) -> str:
        return f"{PDF_FILE_PREFIX}{document_id}:{language or ''}:"

    def document_pdf_now(self, document_id: str, language: str | None = None) -> bytes | None:
        """The document's PDF from the cache: the one rendered for the document as it is
        now (its `updated_at`), else the newest one kept for it (shown offline: a PDF seen
        once stays readable on a train, even after a later refresh moved the record);
        None when it was never fetched."""
        if is_local_id(document_id):
            return None
        family = self._pdf_family(document_id, language)
        record = self.store.documents.get(self.scope, document_id)
        updated = record.get("updated_at") if record is not None else None
        exact = self.store.files.get(self.scope, f"{family}{updated or ''}")
        if exact is not None:
            return exact.data
        newest = self.store.files.newest_of_family(self.scope, family)
        return None if newest is None else newest.data

    async def document_pdf(self, document_id: str, language: str | None = None
                           ) -> bytes | None:
        """The document's PDF as the service renders it (in `language`, else the client's):
        from the cache when it holds the one for the document as it is now, else fetched
        and kept with the document (one per document and language; a newer version
        replaces the older). Offline, or when the fetch fails for the network, the newest
        PDF kept for it, or None: "not available offline yet" (the offline state is
        noted). A draft written offline has no PDF. Other service errors are raised."""
        if is_local_id(document_id):
            return None
        family = self._pdf_family(document_id, language)
        record = self.store.documents.get(self.scope, document_id)
        updated = record.get("updated_at") if record is not None else None
        key = f"{family}{updated or ''}"
        exact = self.store.files.get(self.scope, key)
        if exact is not None:
            return exact.data
        if self._has_service and not (self.connectivity.offline
                                      and not self.connectivity.retry_due()):
            try:
                owner = self._owner_of(document_id)
                data = await (await self.api()).documents.pdf(
                    document_id, entity_id=owner, language=language)
            except errors.NetworkError as error:
                self.connectivity.report(error)
            else:
                self.connectivity.report_success()
                if b"%PDF-" in data[:1024]:  # never keep an error page as the PDF
                    self.store.files.replace_family(self.scope, family, key, data,
                                                    content_type="application/pdf")
                return data
        newest = self.store.files.newest_of_family(self.scope, family)
        return None if newest is None else newest.data

    def enqueue_send(self, document_id: str, *, to: str, subject: str | None = None,
                     body_text: str | None = None, attach_pdf: bool = True) -> QueuedEdit:
        """Queue "Send by e-mail": `to` must be one address, and the document issued (or
        its issue queued before this). Two sends are two messages: never merged."""
        if not limits.is_email_address(to):
            raise ValueError("to must be one e-mail address")
        shown = self._shown_document(document_id)
        issuing = any(e.kind is EditKind.ISSUE_DOCUMENT for e in self._edits_of(document_id))
        if documents.is_draft(shown) and not issuing:
            raise ValueError("a draft cannot be sent: issue it first")
        body: dict[str, Any] = {"to": to, "attach_pdf": attach_pdf}
        if subject is not None:
            body["subject"] = subject
        if body_text is not None:
            body["body_text"] = body_text
        return self.store.outbox.enqueue(self.scope, EditKind.SEND_DOCUMENT, document_id,
                                         body, entity_id=self._owner_of(document_id))

    async def send_document(
        self, document_id: str, *, to: str, subject: str | None = None,
        body_text: str | None = None, attach_pdf: bool = True,
        initiator: object | None = None,
    ) -> SaveResult:
        """E-mail the document (the service sends it; the PDF attached unless told not
        to). Queued like every write: offline the result is `pending` ("waits in the
        outbox") and it goes when the service answers again, once."""
        return await self._save(lambda: self.enqueue_send(
            document_id, to=to, subject=subject, body_text=body_text, attach_pdf=attach_pdf),
            initiator)

    # -- documents: queueing (no network) --------------------------------------------------

    def enqueue_new_document(
        self, entity_id: str, document_type: str, fields: Mapping[str, Any], *, issue: bool
    ) -> tuple[QueuedEdit, ...]:
        """Queue a new document: always a draft on the service; with `issue` its issue
        queued right behind it (the user's own "Issue")."""
        documents.check_document_type(document_type)
        body = documents.document_fields(fields, create=True)
        local = new_local_id(id_prefix_of(document_type))
        with self.store.db.write():
            create = self.store.outbox.enqueue(self.scope, EditKind.CREATE_DOCUMENT, local,
                                               body, entity_id=entity_id)
            if not issue:
                return (create,)
            issued = self.store.outbox.enqueue(self.scope, EditKind.ISSUE_DOCUMENT, local,
                                               entity_id=entity_id)
        return create, issued

    def enqueue_document_changes(
        self, document_id: str, changes: Mapping[str, Any]
    ) -> QueuedEdit:
        body = documents.document_fields(changes, create=False)
        if not body:
            raise ValueError("there is nothing to save")
        shown = self._shown_document(document_id)
        if shown.get("voided_at"):
            raise ValueError("a voided document cannot be changed")
        base, base_updated_at = self._service_document(document_id)
        return self.store.outbox.enqueue(
            self.scope, EditKind.UPDATE_DOCUMENT, document_id, body,
            entity_id=self._owner_of(document_id), base_updated_at=base_updated_at,
            base_record=base)

    def enqueue_issue(self, document_id: str) -> QueuedEdit:
        shown = self._shown_document(document_id)
        if not documents.is_draft(shown):
            raise ValueError("the document is issued already")
        waiting = [e for e in self._edits_of(document_id)
                   if e.kind is EditKind.ISSUE_DOCUMENT]
        if waiting:
            return waiting[0]  # asked twice: one issue
        return self._enqueue_action(EditKind.ISSUE_DOCUMENT, document_id, {})

    def enqueue_void(self, document_id: str, reason: str | None) -> QueuedEdit:
        shown = self._shown_document(document_id)
        if document_type_of(document_id) == "estimate":
            raise ValueError("an estimate cannot be voided")
        if documents.is_draft(shown):
            raise ValueError("a draft is deleted, not voided")
        if shown.get("voided_at"):
            raise ValueError("the document is voided already")
        return self._enqueue_action(EditKind.VOID_DOCUMENT, document_id,
                                    {"reason": reason} if reason else {})

    def _enqueue_action(
        self, kind: EditKind, document_id: str, body: dict[str, Any]
    ) -> QueuedEdit:
        base, base_updated_at = self._service_document(document_id)
        return self.store.outbox.enqueue(
            self.scope, kind, document_id, body, entity_id=self._owner_of(document_id),
            base_updated_at=base_updated_at, base_record=base,
            watch=documents.WATCHED[kind])

    def _shown_document(self, document_id: str) -> dict[str, Any]:
        shown = self.document_now(document_id)
        if shown is None:
            raise LookupError(f"document {document_id} is not in the local cache")
        return shown

    def enqueue_payment(self, document_id: str, fields: Mapping[str, Any]) -> QueuedEdit:
        kind = document_type_of(document_id)
        if kind not in ("invoice", "credit_note"):
            raise ValueError("only invoices and credit notes take payments")
        shown = self._shown_document(document_id)
        if shown.get("voided_at"):
            raise ValueError("a voided document takes no payment")
        if documents.is_draft(shown) and "issue" not in shown.get(documents.PENDING, []):
            raise ValueError("a draft takes no payment; issue it first")
        body = documents.payment_fields(fields, create=True)
        body["invoice_id" if kind == "invoice" else "credit_note_id"] = document_id
        return self.store.outbox.enqueue(
            self.scope, EditKind.CREATE_PAYMENT, new_local_id("pay"), body,
            entity_id=self._owner_of(document_id))

    def enqueue_payment_changes(self, payment_id: str, changes: Mapping[str, Any]
                                ) -> QueuedEdit:
        body = documents.payment_fields(changes, create=False)
        if not body:
            raise ValueError("there is nothing to save")
        view = self.payment_view(payment_id)
        if view is None:
            raise LookupError(f"payment {payment_id} is not in the local cache")
        record = view.service_data
        updated = record.get("updated_at") if record else None
        return self.store.outbox.enqueue(
            self.scope, EditKind.UPDATE_PAYMENT, payment_id, body,
            entity_id=str(view.data.get("entity_id") or ""), base_record=record,
            base_updated_at=updated if isinstance(updated, str) else None)

    def enqueue_new_customer(self, entity_id: str, fields: Mapping[str, Any]) -> QueuedEdit:
        body = documents.plain({k: v for k, v in fields.items() if v not in (None, "")})
        if not str(body.get("name") or "").strip():
            raise ValueError("a customer needs a name")
        return self.store.outbox.enqueue(self.scope, EditKind.CREATE_CUSTOMER,
                                         new_local_id("cus"), body, entity_id=entity_id)

    # -- documents: saving (queue, then send; see `_save`) ---------------------------------

    async def create_document(
        self, entity_id: str, document_type: str, fields: Mapping[str, Any], *,
        issue: bool, initiator: object | None = None,
    ) -> SaveResult:
        """A new invoice, estimate or credit note (`fields` as the contract's create body:
        `items`, `customer` or `customer_id`, `date`, `business_unit_id`, `note` …; amounts
        as Decimal). Queued as a draft and sent: online it is created as a draft on the
        service, then, with `issue` (the user's "Issue"), finalized, which gives it its
        number. Offline it stays a local draft, "not yet on Space Invoices, no number yet"
        (`_local`), until the network returns; with `issue` the finalize waits behind it.

        `outcome`: "sent" (created, and issued if asked: `service_id`, `view.data["number"]`),
        "queued" (offline), "rejected" with `withdrawn` (refused: the create is taken back
        out, or, when only the issue was refused, the draft stays on the service and
        `service_id` names it) or "conflict"/"failed" (held). Publishes one `Changes`
        (`documents`, `document_clients`; `renamed` maps the local id to the service's)."""
        return await self._save(
            lambda: self.enqueue_new_document(entity_id, document_type, fields, issue=issue),
            initiator)

    async def update_document(
        self, document_id: str, changes: Mapping[str, Any], *, initiator: object | None = None
    ) -> SaveResult:
        """Change fields of a document (only those changed; `items` whole). A draft written
        offline takes the change into its queued create; an issued document's change is
        checked against the service's version before it goes (a field both changed is held
        as a conflict)."""
        return await self._save(lambda: self.enqueue_document_changes(document_id, changes),
                                initiator)

    async def issue_document(
        self, document_id: str, *, initiator: object | None = None
    ) -> SaveResult:
        """The user's "Issue" on a draft: the service finalizes it and gives it its number
        (`result.view.data["number"]`). Offline the issue is queued (the draft keeps no
        number until it is sent; a draft written offline is created first). When the draft
        changed on the service since the user saw it, the issue is held as a conflict."""
        return await self._save(lambda: self.enqueue_issue(document_id), initiator)

    async def void_document(
        self, document_id: str, reason: str | None = None, *,
        initiator: object | None = None,
    ) -> SaveResult:
        """Void an issued invoice or credit note (irreversible; it keeps its number). Queued
        offline; held as a conflict when the document changed on the service since (paid,
        edited …), for the user to confirm or drop."""
        return await self._save(lambda: self.enqueue_void(document_id, reason), initiator)

    async def delete_draft(
        self, document_id: str, *, initiator: object | None = None
    ) -> SaveResult:
        """Delete a draft. A draft written offline is taken back out of the queue and
        nothing is sent (`outcome` "dropped"; if sending it was tried already, the delete
        goes after it); a draft on the service is deleted there (queued offline)."""
        shown = self._shown_document(document_id)
        if not documents.is_draft(shown):
            raise ValueError("an issued document cannot be deleted; void it instead")
        if is_local_id(document_id):
            return await self._drop_local(document_id, EditKind.CREATE_DOCUMENT,
                                          EditKind.DELETE_DOCUMENT, initiator)
        return await self._save(
            lambda: self._enqueue_action(EditKind.DELETE_DOCUMENT, document_id, {}),
            initiator)

    async def record_payment(
        self, document_id: str, fields: Mapping[str, Any], *,
        initiator: object | None = None,
    ) -> SaveResult:
        """Record a payment on an issued invoice or credit note: `amount` (Decimal > 0),
        `type` (cash, bank_transfer, card, check, paypal, coupon, other, credit_note,
        advance), optional `date`, `reference`, `note`. Queued offline; once sent, the
        document is read again (its `total_paid`, `total_due`, `paid_in_full`). The
        `Changes` names the document."""
        return await self._save(lambda: self.enqueue_payment(document_id, fields), initiator)

    async def update_payment(
        self, payment_id: str, changes: Mapping[str, Any], *,
        initiator: object | None = None,
    ) -> SaveResult:
        """Change a payment's amount, type, date, reference or note."""
        return await self._save(lambda: self.enqueue_payment_changes(payment_id, changes),
                                initiator)

    async def delete_payment(
        self, payment_id: str, *, initiator: object | None = None
    ) -> SaveResult:
        """Delete a payment (one queued offline is taken back out: "dropped")."""
        if is_local_id(payment_id):
            return await self._drop_local(payment_id, EditKind.CREATE_PAYMENT,
                                          EditKind.DELETE_PAYMENT, initiator)
        view = self.payment_view(payment_id)
        if view is None:
            raise LookupError(f"payment {payment_id} is not in the local cache")
        owner = str(view.data.get("entity_id") or "")
        return await self._save(lambda: self.store.outbox.enqueue(
            self.scope, EditKind.DELETE_PAYMENT, payment_id, entity_id=owner), initiator)

    async def create_customer(
        self, entity_id: str, fields: Mapping[str, Any], *, initiator: object | None = None
    ) -> SaveResult:
        """Save a customer of the client (`name` and the document's customer fields)."""
        return await self._save(lambda: self.enqueue_new_customer(entity_id, fields),
                                initiator)

    async def _drop_local(
        self, local_id: str, create: EditKind, delete: EditKind, initiator: object
    ) -> SaveResult:
        """Take a record written offline back out of the queue, with everything queued for
        it: it never reaches the service ("dropped"). If its create was tried already, the
        service may hold it (only the answer may have been lost): then the delete is queued
        behind the create instead, and both go in turn."""
        queued = self._edits_of(local_id)
        if not queued or queued[0].kind is not create:
            raise LookupError(f"{local_id} is not waiting to be sent")
        first = queued[0]
        if first.attempts:
            owner = first.entity_id
            return await self._save(lambda: self.store.outbox.enqueue(
                self.scope, delete, local_id, entity_id=owner), initiator)
        touched = _touched(queued, self._paid_document_of(None))
        conflicts.discard(self.store, first)
        self.changes.publish(Changes(
            ChangeKind.SAVED, documents=id_set(touched.documents),
            document_clients=id_set(touched.document_clients), queue=True,
            initiator=initiator))
        return SaveResult(first, "dropped", None)


def unexpected_error(what: str, error: BaseException) -> errors.ApiError:
    """An exception nobody foresaw, as the error a `SyncResult` reports (the traceback is in
    the log): what failed and why, in a line."""
    return errors.MalformedResponseError(
        conflicts.readable(f"{what} failed: {type(error).__name__}: {error}")
    )


def _is_archived(record: Mapping[str, Any]) -> bool:
    return record.get("deleted_at") is not None or record.get("is_active") is False


def _logo(found: CachedFile, source: str) -> CachedLogo:
    return CachedLogo(found.data, source, found.file_id, found.fetched_at)


@dataclass
class _Touched:
    """What some edits change, by kind of record."""

    clients: set[str] = field(default_factory=set)
    units: set[str] = field(default_factory=set)
    unit_clients: set[str] = field(default_factory=set)
    documents: set[str] = field(default_factory=set)
    document_clients: set[str] = field(default_factory=set)
    customers: set[str] = field(default_factory=set)


PaymentDocument = Callable[[QueuedEdit], "str | None"]


def _touched(edits: Iterable[QueuedEdit], paid: PaymentDocument) -> _Touched:
    """What `edits` change; `paid` names the document a payment edit moves."""
    out = _Touched()
    for edit in edits:
        kind = edit.record_kind
        if kind == "unit":
            out.units.add(edit.target_id)
            out.unit_clients.add(edit.entity_id or "")
        elif kind == "entity":
            out.clients.add(edit.target_id)
        else:
            out.document_clients.add(edit.entity_id or "")
            if kind == "document":
                out.documents.add(edit.target_id)
            elif kind == "customer":
                out.customers.add(edit.target_id)
            else:
                document = paid(edit)
                if document:
                    out.documents.add(document)
    return out


def _sent(report: SendReport, kind: ChangeKind, initiator: object,
          paid: PaymentDocument) -> Changes:
    """What a run of the sender changed: every edit it sent, merged or held."""
    edits = [*report.sent, *report.merged, *(p.edit for p in report.problems)]
    touched = _touched(edits, paid)
    for local, service in report.created.items():
        if local.startswith("local_ent"):
            touched.clients.add(service)
        elif document_type_of(local) is not None:
            touched.documents.add(service)
        elif local.startswith("local_cus"):
            touched.customers.add(service)
    return Changes(kind, clients=id_set(touched.clients), units=id_set(touched.units),
                   unit_clients=id_set(touched.unit_clients),
                   documents=id_set(touched.documents),
                   document_clients=id_set(touched.document_clients),
                   customers=id_set(touched.customers), renamed=dict(report.created),
                   queue=bool(edits), held=tuple(report.problems), initiator=initiator)


def _saved(result: SaveResult, edits: tuple[QueuedEdit, ...], report: SendReport | None,
           initiator: object, paid: PaymentDocument) -> Changes:
    """What one save changed: its own records, plus whatever else the sender's run sent."""
    touched = _touched(edits, paid)
    removed: set[str] = set()
    if result.withdrawn and result.edit.kind is EditKind.CREATE_ENTITY:
        removed = touched.clients  # a new client refused at once was taken back out
        touched.clients = set()
    own = Changes(ChangeKind.SAVED, clients=id_set(touched.clients),
                  units=id_set(touched.units), unit_clients=id_set(touched.unit_clients),
                  documents=id_set(touched.documents),
                  document_clients=id_set(touched.document_clients),
                  customers=id_set(touched.customers), removed_clients=id_set(removed),
                  queue=True, initiator=initiator)
    if report is None:
        return own
    sent = _sent(report, ChangeKind.SAVED, initiator, paid)
    return Changes(
        ChangeKind.SAVED,
        clients=(sent.clients | own.clients) - own.removed_clients,
        units=sent.units | own.units,
        unit_clients=sent.unit_clients | own.unit_clients,
        documents=sent.documents | own.documents,
        document_clients=sent.document_clients | own.document_clients,
        customers=sent.customers | own.customers,
        removed_clients=own.removed_clients,
        renamed=sent.renamed,
        queue=True,
        held=sent.held,
        initiator=initiator,
    )


def _decided(edit: QueuedEdit, kind: ChangeKind, paid: PaymentDocument) -> Changes:
    touched = _touched([edit], paid)
    return Changes(kind, clients=id_set(touched.clients), units=id_set(touched.units),
                   unit_clients=id_set(touched.unit_clients),
                   documents=id_set(touched.documents),
                   document_clients=id_set(touched.document_clients),
                   customers=id_set(touched.customers), queue=True)
