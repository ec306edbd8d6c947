"""A full refresh of the cache from the service: every client, then every client's business
units (and logos), the open client first.

The client list is walked page by page (100 a page); each page is written in one
transaction as it arrives, so the switcher can show changes while the walk goes on. Only
when the walk has reached the last page are the clients the service no longer lists removed
(never those with queued edits). Units are fetched per client (archived ones included) by a
few workers at a time; each client's units are replaced in one transaction.

Cancelling (asyncio cancellation of the task running `refresh_all`) leaves the cache
consistent: every write is a whole transaction, and nothing is removed after a partial walk.
A `NetworkError` stops the refresh and propagates (the caller goes offline); another error
for one client's units is noted in the summary and the refresh goes on.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from si_desktop.api import errors
from si_desktop.api.ratelimit import background, foreground
from si_desktop.store import Scope, Store, is_local_id
from si_desktop.store.database import utc_now
from si_desktop.sync.changes import as_json
from si_desktop.sync.events import ChangeKind, Changes, id_set
from si_desktop.sync.sender import ENTITY_LOGO_PREF as ENTITY_LOGO_PREF  # kept importable here
from si_desktop.sync.sender import ApiSource, resolve_api

if TYPE_CHECKING:  # the client (httpx, pydantic) is imported by the first request
    from si_desktop.api import File, SpaceInvoicesClient

log = logging.getLogger("si_desktop.sync.refresh")

PAGE_SIZE = 100
CONCURRENCY = 4
LAST_REFRESH_PREF = "sync.last_refresh"


@dataclass(frozen=True)
class RefreshProgress:
    """Where a refresh is: phase "clients", "business units" or "client", done of total."""

    phase: str
    done: int
    total: int | None = None

    @property
    def message(self) -> str:
        """E.g. "Refreshing clients 120 / 312"."""
        if self.total is None:
            return f"Refreshing {self.phase} {self.done}"
        return f"Refreshing {self.phase} {self.done} / {self.total}"


ProgressCallback = Callable[[RefreshProgress], None]


@dataclass
class RefreshSummary:
    """What a refresh brought in."""

    clients: int = 0  # clients the service listed
    business_units: int = 0  # active units received
    archived_units: int = 0
    removed_clients: int = 0
    removed_units: int = 0
    logos: int = 0  # logo files downloaded (already cached ones are not fetched again)
    failures: dict[str, str] = field(default_factory=dict)  # entity id -> what went wrong
    started_at: str = ""
    finished_at: str = ""
    complete: bool = False  # the whole list was walked and every client's units fetched

    @property
    def message(self) -> str:
        """E.g. "312 clients, 540 business units"."""
        return f"{self.clients} clients, {self.business_units} business units"


def _is_archived(unit: Mapping[str, Any]) -> bool:
    return unit.get("deleted_at") is not None or unit.get("is_active") is False


@dataclass(frozen=True)
class RefreshTimes:
    """When the last complete refresh started and finished. Every record it brought in was
    fetched at or after `started`; one fetched before is older than the last refresh."""

    started: datetime
    finished: datetime


def parse_time(value: object) -> datetime | None:
    """A stored ISO 8601 time (with `Z`) as an aware datetime, or None."""
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)
    except ValueError:
        return None


def last_refresh(store: Store, scope: Scope) -> RefreshTimes | None:
    """The last complete refresh of this scope, or None if there never was one."""
    value = store.prefs.get(scope, LAST_REFRESH_PREF)
    if not isinstance(value, dict):
        return None
    started, finished = parse_time(value.get("started_at")), parse_time(value.get("finished_at"))
    if started is None or finished is None:
        return None
    return RefreshTimes(started, finished)


class Refresher:
    """Fills one scope of the cache from the service."""

    def __init__(
        self,
        store: Store,
        scope: Scope,
        api: ApiSource | None,
        *,
        concurrency: int = CONCURRENCY,
        page_size: int = PAGE_SIZE,
        on_change: Callable[[Changes], None] | None = None,
    ) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self.store = store
        self.scope = scope
        self._api = api
        self.concurrency = concurrency
        self.page_size = page_size
        self._announce = on_change or (lambda _changes: None)

    async def refresh_all(
        self,
        *,
        open_entity_id: str | None = None,
        progress: ProgressCallback | None = None,
        logos: bool = True,
    ) -> RefreshSummary:
        """Refresh everything; the open client (its record, units and logos) first."""
        api = await resolve_api(self._api)
        summary = RefreshSummary(started_at=utc_now())
        report = progress or (lambda _progress: None)
        if open_entity_id and not is_local_id(open_entity_id):
            report(RefreshProgress("client", 0, 1))
            try:
                with foreground():  # what the user looks at: ahead of the rest
                    await self._client(api, open_entity_id, summary, logos=logos,
                                       fetch_entity=True)
            except errors.NetworkError:
                raise
            except errors.ApiError as error:
                summary.failures[open_entity_id] = str(error)
        with background():  # the user's own requests go first (see api.ratelimit)
            ids = await self._walk_clients(api, summary, report)
            rest = [entity_id for entity_id in ids if entity_id != open_entity_id]
            await self._units_for(api, rest, summary, report, logos=logos,
                                  done=len(ids) - len(rest), total=len(ids))
        summary.finished_at = utc_now()
        summary.complete = not summary.failures
        if summary.complete:
            self.store.prefs.set(
                self.scope, LAST_REFRESH_PREF,
                {"started_at": summary.started_at, "finished_at": summary.finished_at},
            )
        return summary

    async def refresh_client(self, entity_id: str, *, logos: bool = True) -> RefreshSummary:
        """Refresh one client: its record, its units and its logos."""
        api = await resolve_api(self._api)
        summary = RefreshSummary(started_at=utc_now())
        await self._client(api, entity_id, summary, logos=logos, fetch_entity=True)
        summary.clients = 1
        summary.finished_at = utc_now()
        summary.complete = True
        return summary

    # -- clients ---------------------------------------------------------------------------

    async def _walk_clients(
        self, api: SpaceInvoicesClient, summary: RefreshSummary,
        report: ProgressCallback,
    ) -> list[str]:
        listed: list[str] = []
        seen: set[str] = set()
        cursor: str | None = None
        total: int | None = None
        fetched = utc_now()
        first = True
        while True:
            page = await api.entities.list(
                limit=self.page_size, next_cursor=cursor, include_total_count=first
            )
            if first:
                total = page.total
                first = False
            records = [as_json(entity) for entity in page.data]
            records = [r for r in records if r.get("id") not in seen]
            self.store.entities.upsert(self.scope, records, fetched_at=fetched)
            self._announce(Changes(ChangeKind.REFRESHED,
                                   clients=id_set(record.get("id") for record in records)))
            for record in records:
                seen.add(str(record["id"]))
                listed.append(str(record["id"]))
            report(RefreshProgress("clients", len(listed), max(total or 0, len(listed)) or None))
            next_cursor = page.next_cursor
            if not page.has_more or next_cursor is None:
                break
            cursor = next_cursor
        summary.clients = len(listed)
        # Only after the whole walk: what the service no longer lists goes.
        before = self.store.entities.ids(self.scope)
        summary.removed_clients = await asyncio.to_thread(
            self.store.entities.delete_missing, self.scope, listed
        )
        if summary.removed_clients:
            gone = before - self.store.entities.ids(self.scope)
            self._announce(Changes(ChangeKind.REFRESHED, removed_clients=frozenset(gone)))
        return listed

    # -- units and logos -------------------------------------------------------------------

    async def _units_for(
        self,
        api: SpaceInvoicesClient,
        entity_ids: list[str],
        summary: RefreshSummary,
        report: ProgressCallback,
        *,
        logos: bool,
        done: int,
        total: int,
    ) -> None:
        pending = iter(entity_ids)
        counter = [done]
        report(RefreshProgress("business units", counter[0], total))

        async def worker() -> None:
            for entity_id in pending:
                try:
                    await self._client(api, entity_id, summary, logos=logos)
                except errors.NetworkError:
                    raise
                except errors.ApiError as error:
                    summary.failures[entity_id] = str(error)
                    log.info("units of %s not refreshed: %s", entity_id, error)
                counter[0] += 1
                report(RefreshProgress("business units", counter[0], total))

        try:
            async with asyncio.TaskGroup() as group:
                for _ in range(min(self.concurrency, max(1, len(entity_ids)))):
                    group.create_task(worker())
        except BaseExceptionGroup as group_error:
            raise _first(group_error) from None

    async def _client(
        self,
        api: SpaceInvoicesClient,
        entity_id: str,
        summary: RefreshSummary,
        *,
        logos: bool,
        fetch_entity: bool = False,
    ) -> None:
        entity: dict[str, Any] | None
        if fetch_entity:
            entity = as_json(await api.entities.get(entity_id))
            self.store.entities.upsert(self.scope, [entity])
        else:
            entity = self.store.entities.get(self.scope, entity_id)
        fetched = utc_now()
        units = [
            as_json(unit)
            async for unit in api.business_units.iterate(
                entity_id=entity_id, include_archived=True, page_size=PAGE_SIZE
            )
        ]
        _, removed = self.store.units.replace_for_entity(
            self.scope, entity_id, units, fetched_at=fetched
        )
        self._announce(Changes(
            ChangeKind.REFRESHED, units=id_set(unit.get("id") for unit in units),
            unit_clients=frozenset({entity_id}),
            clients=frozenset({entity_id}) if fetch_entity else frozenset(),
        ))
        archived = sum(1 for unit in units if _is_archived(unit))
        summary.business_units += len(units) - archived
        summary.archived_units += archived
        summary.removed_units += removed
        if logos and entity is not None:
            summary.logos += await self._logos(api, entity, units)

    async def _logos(
        self,
        api: SpaceInvoicesClient,
        entity: Mapping[str, Any],
        units: Iterable[Mapping[str, Any]],
    ) -> int:
        """Download the client's logo and its units' logos that are not cached yet.
        A file id names fixed bytes, so a cached file is never fetched again."""
        entity_id = str(entity.get("id"))
        settings = entity.get("settings")
        wants_entity_logo = isinstance(settings, Mapping) and settings.get("has_logo") is True
        unit_files = {
            str(unit["logo_file_id"]) for unit in units
            if isinstance(unit.get("logo_file_id"), str) and not _is_archived(unit)
        }
        pref = ENTITY_LOGO_PREF + entity_id
        if not wants_entity_logo:
            self.store.prefs.delete(self.scope, pref)
        missing = {fid for fid in unit_files if self.store.files.get(self.scope, fid) is None}
        if not wants_entity_logo and not missing:
            return 0
        newest: File | None = None
        wanted: list[File] = []
        async for found in api.files.iterate(entity_id=entity_id, category="logo"):
            if found.id in missing:
                wanted.append(found)
            if wants_entity_logo and not found.business_unit_id and (
                newest is None or (found.created_at or "") >= (newest.created_at or "")
            ):
                newest = found
        if newest is not None:
            self.store.prefs.set(self.scope, pref, newest.id)
            if self.store.files.get(self.scope, newest.id) is None:
                wanted.append(newest)
        downloaded = 0
        for file in wanted:
            data = await api.files.download(file)
            self.store.files.put(self.scope, file.id, data, content_type=file.mime_type)
            downloaded += 1
        return downloaded


def _first(group: BaseExceptionGroup[BaseException]) -> BaseException:
    """The error to report from a task group: a network failure first, else the first."""
    flat: list[BaseException] = []

    def walk(error: BaseException) -> None:
        if isinstance(error, BaseExceptionGroup):
            for inner in error.exceptions:
                walk(inner)
        else:
            flat.append(error)

    walk(group)
    for error in flat:
        if isinstance(error, errors.NetworkError):
            return error
    return flat[0]
