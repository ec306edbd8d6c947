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
Conflicts and refusals are held for the user (`problems()`, `resolve()`, `discard()`).

After every write, refresh, send and decision the workspace publishes one `Changes` on
`changes` (see `sync.events`), naming what changed and who started it.

The API client is opened on first use, on the loop that awaits it (`api()`), from the
connection; tests may hand one in (`api=`), or None for a workspace on the cache alone
(anything that needs the service then raises RuntimeError). When the cache file cannot be
used the workspace runs on `Store.in_memory()` and `store.temporary` says so.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from si_desktop.api import errors
from si_desktop.core.countries import by_name
from si_desktop.store import (
    CachedFile,
    CachedRecord,
    EditKind,
    LogoFile,
    QueuedEdit,
    Scope,
    Store,
    SwitcherRow,
    is_local_id,
    new_local_id,
)
from si_desktop.store.database import utc_now
from si_desktop.sync import conflicts
from si_desktop.sync.changes import as_json, entity_changes, unit_changes
from si_desktop.sync.conflicts import EditProblem, FieldPath, apply_edits, problem_of
from si_desktop.sync.connection import Connection, scope_of
from si_desktop.sync.connectivity import Connectivity
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

log = logging.getLogger("si_desktop.sync.workspace")

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

    def listed_some(self, entity_ids: Iterable[str]) -> list[SwitcherRow]:
        """The rows of the clients `entity_ids` as the client list shows them (those still
        cached), for updating only what a change names."""
        return self.store.entities.listed_some(self.scope, entity_ids)

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

    def enqueue_client_changes(self, entity_id: str, changes: Mapping[str, Any]) -> QueuedEdit:
        """Queue a partial update of a client (only the changed fields; of `settings` only
        the changed top-level keys, e.g. from `sync.changes.entity_changes`)."""
        return self._enqueue_update(EditKind.UPDATE_ENTITY, entity_id, entity_id, changes)

    def enqueue_unit_changes(
        self, entity_id: str, unit_id: str, changes: Mapping[str, Any]
    ) -> QueuedEdit:
        return self._enqueue_update(EditKind.UPDATE_UNIT, unit_id, entity_id, changes)

    def _enqueue_update(
        self, kind: EditKind, target_id: str, entity_id: str, changes: Mapping[str, Any]
    ) -> QueuedEdit:
        if not changes:
            raise ValueError("there is nothing to save")
        unit_id = target_id if kind is EditKind.UPDATE_UNIT else None
        base, base_updated_at = self._base(entity_id, unit_id)
        return self.store.outbox.enqueue(
            self.scope, kind, target_id, dict(changes),
            entity_id=entity_id, base_updated_at=base_updated_at, base_record=base,
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

    async def _save(self, enqueue: Callable[[], QueuedEdit], initiator: object) -> SaveResult:
        """Queue (committed before any request), then send the queue unless the app is known
        to be offline and no retry is due yet; then announce what changed.

        A change the service refuses outright (422 and the like) while the user waits is
        taken back out of the queue when it holds only what this save added: the result
        carries the problem (field paths included) and the editor still holds the values.
        A refused change that also holds older queued edits stays held for the user.
        """
        before = {edit.seq for edit in self.store.outbox.list(self.scope)}
        edit = enqueue()
        fresh = edit.seq not in before
        if self.connectivity.offline and not self.connectivity.retry_due():
            result = SaveResult(edit, "queued", self._view_of(edit))
            self.changes.publish(_saved(result, None, initiator))
            return result
        report = await self.sender.send_all()
        outcome = report.outcome_of(edit.seq) or "queued"
        problem = report.problem_of(edit.seq)
        service_id = report.created.get(edit.target_id)
        if outcome == "rejected" and fresh:
            conflicts.discard(self.store, edit)
            result = SaveResult(edit, outcome, self._view_of(edit), problem, report,
                                withdrawn=True)
        else:
            if service_id is not None:
                view = self.client(service_id) if edit.kind is EditKind.CREATE_ENTITY \
                    else self.unit(service_id)
            else:
                view = self._view_of(edit)
            result = SaveResult(edit, outcome, view, problem, report, service_id)
        self.changes.publish(_saved(result, report, initiator))
        return result

    def _view_of(self, edit: QueuedEdit) -> RecordView | None:
        if edit.targets_unit:
            return self.unit(edit.target_id)
        return self.client(edit.target_id)

    # -- talking to the service ------------------------------------------------------------

    async def send_pending(self, *, initiator: object | None = None) -> SendReport:
        """Send the queue in order (never raises for a failed request; see the report)."""
        report = await self.sender.send_all()
        self.changes.publish(_sent(report, ChangeKind.SENT, initiator))
        return report

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

    async def refresh_client(self, entity_id: str, *, logos: bool = True) -> RefreshSummary:
        """Refresh one client (record, units, logos): what a page does when it opens."""
        summary = await self._noting(self.refresher.refresh_client(entity_id, logos=logos))
        self.changes.publish(Changes(ChangeKind.REFRESHED, clients=frozenset({entity_id}),
                                     unit_clients=frozenset({entity_id})))
        return summary

    async def synchronize(
        self,
        *,
        open_entity_id: str | None = None,
        progress: ProgressCallback | None = None,
        logos: bool = True,
        full: bool = False,
    ) -> SyncResult:
        """Refresh the cache, then send the queue: F5, the automatic refresh, "back online"
        and `si-desktop sync`. Never raises for a failed request: offline, `offline` is set
        and the cache keeps what it had."""
        result = SyncResult()
        try:
            result.refresh = await self.refresh(
                open_entity_id=open_entity_id, progress=progress, logos=logos, full=full
            )
        except errors.NetworkError as error:
            result.offline, result.error = True, error
        except errors.ApiError as error:
            result.error = error
        if not result.offline and not isinstance(result.error, errors.AuthenticationError):
            result.sent = await self.send_pending()
            result.offline = result.sent.offline
            result.error = result.error or result.sent.error
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
        self.changes.publish(_decided(held, ChangeKind.RESOLVED))
        return resolved

    def discard(self, edit: QueuedEdit | EditProblem | int) -> None:
        """Drop a held edit (the user's choice)."""
        held = self._held(edit)
        conflicts.discard(self.store, held)
        self.changes.publish(_decided(held, ChangeKind.DISCARDED))

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


def _is_archived(record: Mapping[str, Any]) -> bool:
    return record.get("deleted_at") is not None or record.get("is_active") is False


def _logo(found: CachedFile, source: str) -> CachedLogo:
    return CachedLogo(found.data, source, found.file_id, found.fetched_at)


def _touched(edits: list[QueuedEdit]) -> tuple[set[str], set[str], set[str]]:
    """The clients, units and units' clients that `edits` change."""
    clients: set[str] = set()
    units: set[str] = set()
    unit_clients: set[str] = set()
    for edit in edits:
        if edit.targets_unit:
            units.add(edit.target_id)
            unit_clients.add(edit.entity_id or "")
        else:
            clients.add(edit.target_id)
    return clients, units, unit_clients


def _sent(report: SendReport, kind: ChangeKind, initiator: object) -> Changes:
    """What a run of the sender changed: every edit it sent, merged or held."""
    edits = [*report.sent, *report.merged, *(p.edit for p in report.problems)]
    clients, units, unit_clients = _touched(edits)
    clients |= {service for local, service in report.created.items()
                if not local.startswith("local_unit")}
    return Changes(kind, clients=id_set(clients), units=id_set(units),
                   unit_clients=id_set(unit_clients), renamed=dict(report.created),
                   queue=bool(edits), held=tuple(report.problems), initiator=initiator)


def _saved(result: SaveResult, report: SendReport | None, initiator: object) -> Changes:
    """What one save changed: its own record, plus whatever else the sender's run sent."""
    clients, units, unit_clients = _touched([result.edit])
    removed: set[str] = set()
    if result.withdrawn and result.edit.kind in (EditKind.CREATE_ENTITY, EditKind.CREATE_UNIT):
        removed = clients  # a new client refused at once was taken back out
        clients = set()
    if report is None:
        return Changes(ChangeKind.SAVED, clients=id_set(clients), units=id_set(units),
                       unit_clients=id_set(unit_clients), removed_clients=id_set(removed),
                       queue=True, initiator=initiator)
    sent = _sent(report, ChangeKind.SAVED, initiator)
    return Changes(
        ChangeKind.SAVED,
        clients=(sent.clients | id_set(clients)) - id_set(removed),
        units=sent.units | id_set(units),
        unit_clients=sent.unit_clients | id_set(unit_clients),
        removed_clients=id_set(removed),
        renamed=sent.renamed,
        queue=True,
        held=sent.held,
        initiator=initiator,
    )


def _decided(edit: QueuedEdit, kind: ChangeKind) -> Changes:
    clients, units, unit_clients = _touched([edit])
    return Changes(kind, clients=id_set(clients), units=id_set(units),
                   unit_clients=id_set(unit_clients), queue=True)
