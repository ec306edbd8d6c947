"""`CacheFirstWorkspace`: the UI's one door (`Workspace`) with the local cache behind it.

The pages and editors keep calling the same methods; here they are answered from the cache
(no request, so a client is readable with no network) and saves go through the outbox
(committed before anything is sent, so nothing typed is lost offline). The listing of the
switcher and the refresh are not pages' business: the UI reads `cache.clients()` and calls
`synchronize()` itself.

A record that is not in the cache yet (a client found by a search on the service) is fetched
once and cached. Logos come from the cache too; files themselves are never queued (an upload
needs the service), and after one the client is refreshed so that the cache shows it.

`listeners` are called (on the loop's thread) with a `SaveResult` after every save and a
`SyncResult` after every synchronization, so that the UI can show what waits to be sent and
what needs the user.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from si_desktop.api import errors
from si_desktop.store import Scope, Store, is_local_id
from si_desktop.sync.changes import as_json, entity_changes, unit_changes
from si_desktop.sync.connectivity import Connectivity
from si_desktop.sync.offline import CachedWorkspace, RecordView, SaveResult, SyncResult
from si_desktop.sync.refresh import ProgressCallback
from si_desktop.sync.workspace import Connection, Workspace

if TYPE_CHECKING:
    from si_desktop.api import BusinessUnit, Entity

log = logging.getLogger("si_desktop.sync.cache_first")

DEMO_SCOPE_URL = "local-demo"
"""The demo's sandbox listens on a new port each start; its cache is kept under this name
so that the demo, too, opens from what it last saw."""

Listener = Callable[[SaveResult | SyncResult], None]


def _entity(data: Mapping[str, Any]) -> Entity:
    """`data` as the model the pages take (pydantic is imported on the first one, after the
    window has painted)."""
    from si_desktop.api import Entity

    return Entity.model_validate(data)


def _unit(data: Mapping[str, Any]) -> BusinessUnit:
    from si_desktop.api import BusinessUnit

    return BusinessUnit.model_validate(data)


def scope_of(connection: Connection) -> Scope:
    """The cache scope of a connection: its key and service (the demo under one name)."""
    base_url = DEMO_SCOPE_URL if connection.demo else connection.base_url
    return Scope.for_api_key(connection.api_key, base_url=base_url)


class CacheFirstWorkspace(Workspace):
    """A `Workspace` whose reads come from the cache and whose writes go through the
    outbox."""

    def __init__(
        self,
        connection: Connection,
        store: Store,
        *,
        transport: Any = None,
        connectivity: Connectivity | None = None,
    ) -> None:
        super().__init__(connection, transport=transport)
        self.store = store
        self.cache = CachedWorkspace(
            store, scope_of(connection), self.api, connectivity=connectivity
        )
        self.listeners: list[Listener] = []
        self._note_last_refresh()

    def _note_last_refresh(self) -> None:
        times = self.cache.last_refresh
        if times is not None:
            self.last_refreshed = times.finished.timestamp()

    def _notify(self, event: SaveResult | SyncResult) -> None:
        for listener in list(self.listeners):
            try:
                listener(event)
            except Exception:  # a listener's bug must not turn a saved edit into a failure
                log.exception("a workspace listener failed")

    # reading -------------------------------------------------------------------------------

    async def load_client(self, entity_id: str) -> Entity:
        found = await self._cached(
            lambda: self.client_now(entity_id), entity_id, f"client {entity_id} was not found"
        )
        return _entity(found)

    async def _cached(
        self, read: Callable[[], dict[str, Any] | None], entity_id: str, missing: str
    ) -> dict[str, Any]:
        """`read()` from the cache; for a record never seen (a client found by a search),
        after fetching the client once. NotFoundError (`missing`) if it is still not there."""
        found = read()
        if found is None:
            await self.cache.refresh_client(entity_id)
            found = read()
        if found is None:
            raise errors.NotFoundError(missing, status=404)
        return found

    async def list_units(
        self, entity_id: str, *, include_archived: bool = False
    ) -> list[BusinessUnit]:
        return [_unit(found) for found in self.units_now(
            entity_id, include_archived=include_archived)]

    # reading at once -----------------------------------------------------------------------
    # The same answers without the loop, for the GUI thread when a client is opened: a read of
    # the local file by primary key takes well under a millisecond, while a trip through the
    # worker thread and back costs a hand-over of the interpreter lock each way. The answers
    # are the records' JSON as the cache holds it, queued edits on top: exactly what the
    # models dump (they round-trip), without loading the models. None: the cache cannot
    # answer; ask the async method.

    def client_now(self, entity_id: str) -> dict[str, Any] | None:
        view = self.cache.client(entity_id)
        return None if view is None else dict(view.data)

    def units_now(
        self, entity_id: str, *, include_archived: bool = False
    ) -> list[dict[str, Any]]:
        views = self.cache.units(entity_id, include_archived=include_archived)
        return [dict(view.data) for view in views]

    def unit_now(self, unit_id: str) -> dict[str, Any] | None:
        view = self.cache.unit(unit_id)
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
        cached = self.cache.logo(entity_id, unit_id)
        if cached is not None:
            return cached.data, cached.source
        if is_local_id(entity_id) or self.cache.connectivity.offline:
            return None, None
        return None

    async def load_unit(self, entity_id: str, unit_id: str) -> BusinessUnit:
        found = await self._cached(
            lambda: self.unit_now(unit_id), entity_id, f"business unit {unit_id} was not found"
        )
        return _unit(found)

    async def editor_logo(
        self, entity: Mapping[str, Any], unit: Mapping[str, Any] | None = None
    ) -> tuple[bytes | None, str | None]:
        known = self.logo_now(entity, unit)
        if known is not None:
            return known
        try:
            return await super().editor_logo(entity, unit)
        except errors.NetworkError as error:  # no logo offline: the page still opens
            self.cache.connectivity.report(error)
            return None, None

    async def files_changed(self, entity_id: str) -> None:
        try:
            await self.cache.refresh_client(entity_id)
        except errors.ApiError as error:  # the upload itself worked; F5 catches up later
            log.info("could not refresh %s after a file change: %s", entity_id, error)

    # saving --------------------------------------------------------------------------------

    def _saved(self, result: SaveResult) -> RecordView | None:
        """Tell the listeners; a change the service refused is raised like a direct
        request's (the editor maps its field paths and keeps the values)."""
        self._notify(result)
        if result.outcome == "rejected" and self.store.outbox.get(result.edit.seq) is None:
            raise _refusal(result)  # taken back out of the queue: the editor still has it
        return result.view

    async def save_client(self, original: Any, edited: Mapping[str, Any]) -> Entity:
        before = as_json(original)
        changes = entity_changes(before, edited)
        if not changes:
            from si_desktop.api import Entity

            return original if isinstance(original, Entity) else _entity(before)
        entity_id = str(before["id"])
        view = self._saved(await self.cache.save_client(entity_id, changes))
        return _entity(view.data if view is not None else before)

    async def save_unit(self, original: Any, edited: Mapping[str, Any]) -> BusinessUnit:
        before = as_json(original)
        changes = unit_changes(before, edited)
        if not changes:
            from si_desktop.api import BusinessUnit

            return original if isinstance(original, BusinessUnit) else _unit(before)
        entity_id, unit_id = str(before.get("entity_id") or ""), str(before["id"])
        view = self._saved(await self.cache.save_unit(entity_id, unit_id, changes))
        return _unit(view.data if view is not None else before)

    async def set_client_enabled(self, entity_id: str, enabled: bool) -> Entity:
        view = self._saved(await self.cache.set_client_enabled(entity_id, enabled))
        if view is None:
            return await self.load_client(entity_id)
        return _entity(view.data)

    async def archive_unit(self, entity_id: str, unit_id: str) -> None:
        self._saved(await self.cache.archive_unit(entity_id, unit_id))

    async def create_client(self, *, name: str, country: str, **fields: Any) -> Entity:
        view = self._saved(await self.cache.create_client(name=name, country=country, **fields))
        if view is None:
            raise errors.ValidationError("the new client was not accepted", status=422)
        return _entity(view.data)

    async def create_unit(self, entity_id: str, fields: Mapping[str, Any]) -> BusinessUnit:
        view = self._saved(await self.cache.create_unit(entity_id, fields))
        if view is None:
            raise errors.ValidationError("the new business unit was not accepted", status=422)
        return _unit(view.data)

    # the service ---------------------------------------------------------------------------

    async def synchronize(
        self, *, open_entity_id: str | None = None, progress: ProgressCallback | None = None
    ) -> SyncResult:
        """Refresh the cache (the open client first) and send the queue; never raises for a
        failed request (see `SyncResult.offline` and `error`)."""
        result = await self.cache.synchronize(open_entity_id=open_entity_id, progress=progress)
        if result.refresh is not None and result.refresh.complete:
            self._note_last_refresh()
        self._notify(result)
        return result

    async def send_pending(self) -> SyncResult:
        """Send the queue only (after the user resolved a conflict)."""
        sent = await self.cache.send_pending()
        result = SyncResult(sent=sent, offline=sent.offline, error=sent.error,
                            held=self.cache.problems(), waiting=self.cache.pending_count())
        self._notify(result)
        return result

    async def probe(self) -> None:
        await self.cache.probe()


def _refusal(result: SaveResult) -> errors.ApiError:
    problem = result.problem
    if problem is not None and problem.error is not None:
        return problem.error
    message = problem.message if problem is not None and problem.message else "not accepted"
    issues = [errors.Issue(path, text) for path, text in problem.issues] if problem else []
    return errors.ValidationError(message, status=422, issues=issues)
