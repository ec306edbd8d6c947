"""`CachedWorkspace`: the app's work cache first, so that it keeps working offline.

Reads never touch the network: the switcher's rows, a client's JSON, its units and logos
come from the store at once, each with the time it was fetched, and with the user's queued
edits already applied on top (a record shows what the user typed, marked pending, until the
service confirms it). `synchronize()` brings the cache up to date and sends the queue.

Writes go through the outbox: `enqueue_*` commits the edit before anything else happens
(it survives a crash from that moment), then `send_pending()` sends the queue in order. The
`save_*` methods do both. Offline, the edit simply stays queued and shows as pending; a
client or unit created offline gets a local id and appears at once. Conflicts and refusals
are held for the user (`problems()`, `resolve()`, `discard()`).

The API client is given as an `ApiSource`: a `SpaceInvoicesClient`, or an async function
returning one, such as `Workspace.api`, so that the UI's one door to the service and this
cache share a client, its connection pool and its rate limiter; or None for a workspace on
the cache alone (reads and queueing; anything that needs the service raises RuntimeError).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
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
from si_desktop.sync.conflicts import EditProblem, FieldPath, apply_edits, problem_of
from si_desktop.sync.connectivity import Connectivity
from si_desktop.sync.refresh import (
    ENTITY_LOGO_PREF,
    ProgressCallback,
    Refresher,
    RefreshSummary,
    RefreshTimes,
    last_refresh,
    parse_time,
)
from si_desktop.sync.sender import ApiSource, Sender, SendReport, resolve_api
from si_desktop.sync.workspace import Workspace

if TYPE_CHECKING:
    from si_desktop.sync.retry_loop import RetryLoop

log = logging.getLogger("si_desktop.sync.offline")

_UNIT_KINDS = (EditKind.CREATE_UNIT, EditKind.UPDATE_UNIT, EditKind.ARCHIVE_UNIT)


@dataclass(frozen=True)
class RecordView:
    """A client or unit as the app shows it: the cached JSON with queued edits applied."""

    data: dict[str, Any]
    fetched_at: str | None  # when the service's version was fetched; None if created offline
    service_data: dict[str, Any] | None  # as the service last sent it (None if created offline)
    pending: tuple[QueuedEdit, ...] = ()  # its queued edits in order, held ones included

    @property
    def id(self) -> str:
        return str(self.data.get("id", ""))

    @property
    def is_local(self) -> bool:
        """Created offline and not sent yet (the id is a local one)."""
        return is_local_id(self.id)

    @property
    def pending_count(self) -> int:
        return len(self.pending)

    @property
    def problems(self) -> tuple[EditProblem, ...]:
        return tuple(p for p in map(problem_of, self.pending) if p is not None)

    @property
    def has_conflict(self) -> bool:
        return any(edit.state == "conflict" for edit in self.pending)


@dataclass(frozen=True)
class CachedLogo:
    data: bytes
    source: str  # "unit" or "entity"
    file_id: str  # a local id (`local_file_…`) while a queued logo is not uploaded yet
    fetched_at: str
    edit: QueuedEdit | None = None  # the queued edit that brings this logo, until it is sent

    @property
    def pending(self) -> bool:
        """The user chose this logo and the service has not confirmed it yet."""
        return self.edit is not None


@dataclass(frozen=True)
class SaveResult:
    """What became of a save: `outcome` is "sent", "queued" (offline or waiting its turn),
    "conflict" or "rejected". `view` is the record as it now shows (None when a rejected new
    record was taken back out)."""

    edit: QueuedEdit
    outcome: str
    view: RecordView | None
    problem: EditProblem | None = None
    report: SendReport | None = None
    service_id: str | None = None  # the service's id of a record created by this save

    @property
    def pending(self) -> bool:
        return self.outcome == "queued"


@dataclass
class SyncResult:
    """One `synchronize()`: what was refreshed, what was sent, and whether the service could
    be reached."""

    refresh: RefreshSummary | None = None
    sent: SendReport = field(default_factory=SendReport)
    offline: bool = False
    error: errors.ApiError | None = None
    held: list[EditProblem] = field(default_factory=list)  # every edit waiting for the user
    waiting: int = 0  # edits still queued, held ones included

    @property
    def conflicts(self) -> list[EditProblem]:
        return [p for p in self.held if p.kind == "conflict"]

    @property
    def rejected(self) -> list[EditProblem]:
        return [p for p in self.held if p.kind == "rejected"]


class CachedWorkspace:
    """Cache-first reads and queued writes for one scope (account and environment)."""

    def __init__(
        self,
        store: Store,
        scope: Scope,
        api: ApiSource | None,
        *,
        connectivity: Connectivity | None = None,
        concurrency: int = 4,
    ) -> None:
        self.store = store
        self.scope = scope
        self._api = api
        self.connectivity = connectivity if connectivity is not None else Connectivity()
        self.sender = Sender(store, scope, api, connectivity=self.connectivity)
        self.refresher = Refresher(store, scope, api, concurrency=concurrency)

    @classmethod
    def for_workspace(
        cls, store: Store, workspace: Workspace, *, connectivity: Connectivity | None = None
    ) -> CachedWorkspace:
        """The cache behind the UI's `Workspace`: same connection, same API client."""
        connection = workspace.connection
        scope = Scope.for_api_key(connection.api_key, base_url=connection.base_url)
        return cls(store, scope, workspace.api, connectivity=connectivity)

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
            if edit.kind in _UNIT_KINDS:
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
        """The last complete refresh (None: never); the offline banner shows `finished`."""
        return last_refresh(self.store, self.scope)

    def is_stale(self, view: RecordView) -> bool:
        """Whether the record is older than the last refresh (the page then says how old)."""
        refreshed = self.last_refresh
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
        if kind is EditKind.UPDATE_ENTITY:
            base = self.store.entities.get(self.scope, target_id)
        else:
            base = self.store.units.get(self.scope, target_id)
        if base is None:
            raise LookupError(f"{target_id} is not in the local cache")
        local = is_local_id(target_id)
        updated = base.get("updated_at")
        return self.store.outbox.enqueue(
            self.scope, kind, target_id, dict(changes),
            entity_id=entity_id,
            base_updated_at=updated if isinstance(updated, str) and not local else None,
            base_record=None if local else base,
        )

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
        target = entity_id if unit_id is None else unit_id
        if unit_id is None:
            base = self.store.entities.get(self.scope, entity_id)
        else:
            base = self.store.units.get(self.scope, unit_id)
        if base is None:
            raise LookupError(f"{target} is not in the local cache")
        local = is_local_id(target)
        updated = base.get("updated_at")
        return self.store.outbox.enqueue_logo(
            self.scope, entity_id, unit_id, file,
            base_updated_at=updated if isinstance(updated, str) and not local else None,
            base_record=None if local else base,
        )

    # -- saving (queue, then send) ---------------------------------------------------------

    async def save_client(self, entity_id: str, changes: Mapping[str, Any]) -> SaveResult:
        """Queue the client's changes and send the queue (see `_save`)."""
        return await self._save(lambda: self.enqueue_client_changes(entity_id, changes))

    async def save_unit(
        self, entity_id: str, unit_id: str, changes: Mapping[str, Any]
    ) -> SaveResult:
        return await self._save(lambda: self.enqueue_unit_changes(entity_id, unit_id, changes))

    async def set_client_enabled(self, entity_id: str, enabled: bool) -> SaveResult:
        return await self._save(lambda: self.enqueue_client_enabled(entity_id, enabled))

    async def archive_unit(self, entity_id: str, unit_id: str) -> SaveResult:
        return await self._save(lambda: self.enqueue_unit_archive(entity_id, unit_id))

    async def create_client(self, *, name: str, country: str, **fields: Any) -> SaveResult:
        return await self._save(
            lambda: self.enqueue_new_client(name=name, country=country, **fields)
        )

    async def create_unit(self, entity_id: str, fields: Mapping[str, Any]) -> SaveResult:
        return await self._save(lambda: self.enqueue_new_unit(entity_id, fields))

    async def set_logo(
        self,
        entity_id: str,
        unit_id: str | None,
        *,
        content: bytes,
        filename: str,
        content_type: str,
    ) -> SaveResult:
        """Queue a new logo and send the queue (see `_save`); `view` is the client or unit."""
        result = await self._save(lambda: self.enqueue_logo(
            entity_id, unit_id, content=content, filename=filename, content_type=content_type))
        return self._logo_saved(result)

    async def remove_logo(self, entity_id: str, unit_id: str | None = None) -> SaveResult:
        result = await self._save(lambda: self.enqueue_logo_removal(entity_id, unit_id))
        return self._logo_saved(result)

    def _logo_saved(self, result: SaveResult) -> SaveResult:
        """A unit's logo edit shows on the unit (`_view_of` knows units by edit kind)."""
        if not result.edit.targets_unit:
            return result
        return dataclasses.replace(result, view=self.unit(result.edit.target_id))

    async def _save(self, enqueue: Any) -> SaveResult:
        """Queue (committed before any request), then send the queue unless the app is known
        to be offline and no retry is due yet.

        A change the service refuses outright (422 and the like) while the user waits is
        taken back out of the queue when it holds only what this save added: the result
        carries the problem (field paths included) and the editor still holds the values.
        A refused change that also holds older queued edits stays held for the user.
        """
        before = {edit.seq for edit in self.store.outbox.list(self.scope)}
        edit: QueuedEdit = enqueue()
        fresh = edit.seq not in before
        if self.connectivity.offline and not self.connectivity.retry_due():
            return SaveResult(edit, "queued", self._view_of(edit))
        report = await self.send_pending()
        outcome = report.outcome_of(edit.seq) or "queued"
        problem = report.problem_of(edit.seq)
        service_id = report.created.get(edit.target_id)
        if outcome == "rejected" and fresh:
            conflicts.discard(self.store, edit)
            return SaveResult(edit, outcome, self._view_of(edit), problem, report)
        if service_id is not None:
            view = self.client(service_id) if edit.kind is EditKind.CREATE_ENTITY \
                else self.unit(service_id)
        else:
            view = self._view_of(edit)
        return SaveResult(edit, outcome, view, problem, report, service_id)

    def _view_of(self, edit: QueuedEdit) -> RecordView | None:
        if edit.kind in _UNIT_KINDS:
            return self.unit(edit.target_id)
        return self.client(edit.target_id)

    # -- talking to the service ------------------------------------------------------------

    async def send_pending(self) -> SendReport:
        """Send the queue in order (never raises for a failed request; see the report)."""
        return await self.sender.send_all()

    async def refresh(
        self,
        *,
        open_entity_id: str | None = None,
        progress: ProgressCallback | None = None,
        logos: bool = True,
    ) -> RefreshSummary:
        """A full refresh (raises `errors.NetworkError` when offline, after noting it)."""
        try:
            summary = await self.refresher.refresh_all(
                open_entity_id=open_entity_id, progress=progress, logos=logos
            )
        except errors.ApiError as error:
            self.connectivity.report(error)
            raise
        self.connectivity.report_success()
        return summary

    async def refresh_client(self, entity_id: str, *, logos: bool = True) -> RefreshSummary:
        """Refresh one client (record, units, logos): what a page does when it opens."""
        try:
            summary = await self.refresher.refresh_client(entity_id, logos=logos)
        except errors.ApiError as error:
            self.connectivity.report(error)
            raise
        self.connectivity.report_success()
        return summary

    async def synchronize(
        self,
        *,
        open_entity_id: str | None = None,
        progress: ProgressCallback | None = None,
        logos: bool = True,
    ) -> SyncResult:
        """Refresh the cache, then send the queue: F5, the automatic refresh, "back online"
        and `si-desktop sync`. Never raises for a failed request: offline, `offline` is set
        and the cache keeps what it had."""
        result = SyncResult()
        try:
            result.refresh = await self.refresh(
                open_entity_id=open_entity_id, progress=progress, logos=logos
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
        api = await resolve_api(self._api)
        await api.entities.list(limit=1, include_total_count=False)

    def retry_loop(self) -> RetryLoop:
        """The back-off loop that tries the service while offline (1 s … 60 s apart)."""
        from si_desktop.sync.retry_loop import RetryLoop

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
        return conflicts.resolve(self.store, held, choices)

    def discard(self, edit: QueuedEdit | EditProblem | int) -> None:
        """Drop a held edit (the user's choice)."""
        conflicts.discard(self.store, self._held(edit))

    def _held(self, edit: QueuedEdit | EditProblem | int) -> QueuedEdit:
        seq = edit if isinstance(edit, int) else (
            edit.edit.seq if isinstance(edit, EditProblem) else edit.seq
        )
        found = self.store.outbox.get(seq)
        if found is None:
            raise LookupError(f"queued edit {seq} is no longer waiting")
        return found


def _is_archived(record: Mapping[str, Any]) -> bool:
    return record.get("deleted_at") is not None or record.get("is_active") is False


def _logo(found: CachedFile, source: str) -> CachedLogo:
    return CachedLogo(found.data, source, found.file_id, found.fetched_at)
