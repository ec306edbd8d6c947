"""Refreshing the cache from the service: what changed since the last refresh, a whole walk
once a day, and the business units the changes call for.

Kinds of refresh (`RefreshSummary.kind`):

- "first": no refresh of this scope has walked the list yet. Every client is listed and every
  client's business units are read: N + ceil(N / 100) requests for N clients.
- "incremental": the usual one. Only the clients whose `updated_at` is at or after the start
  of the last refresh, less a two-minute overlap for clocks that disagree, are listed (a
  client seen twice is taken once), and the units of those that are new or changed are read.
  With nothing changed it costs one request.
- "full": once a day (`FULL_EVERY`), and when asked (`refresh_all(full=True)`,
  `si-desktop sync --full`): every client page, to catch clients the service no longer
  lists and changes a skewed clock hid. Units only of the clients new or changed. Only after
  such a walk has reached the last page are the clients the service no longer lists removed
  (never those with queued edits).

Business units. The open client's record, units and logos come first, in the user's lane of
the rate limiter (`api.ratelimit.foreground`); everything else runs in the background lane,
so a read or save the user asks for meanwhile goes ahead. Then the units owed by an earlier
refresh that failed them (`OWED_PREF`), the units of the clients the walk found new or
changed, started while the walk goes on (pages are pipelined: the units of page 1 are read
while page 2 is fetched). Last, a sweep re-reads the units of clients whose entity did not
change (units can change without it), in id order, a round at most once a day
(`SWEEP_EVERY`), and in one refresh never more than a quarter of a minute's request budget
(`SWEEP_SHARE`).

Writing. Each page of clients is one transaction; units are gathered and written many
clients to a transaction (`FLUSH_CLIENTS`, or every `FLUSH_SECONDS`), on a worker thread, so
the event loop never waits for a durable commit per client.

Every walk is bounded: a cursor handed out twice, or five pages in a row that bring nothing
new, end it with `errors.MalformedResponseError` (`CursorGuard`).

One bad record never stops the rest. A record a list page left out because it could not be
read (`page.skipped`, see `skipped_records`) is logged and counted (`RefreshSummary.skipped`,
`skipped_ids`; units likewise), and `unread_message` says so ("1 client from the server
could not be read; details in the log"). It is never taken for one the service no longer
has: a full walk keeps it (and removes nothing when one came without an id), and a client's
units list that left one out is added to the cache, not put in its place.

Logos are fetched with the units of a client, and a logo that cannot be (the file listing
refused, say) is noted in `logo_failures`; the client's record and units stay refreshed.

Failures. A `NetworkError` stops the refresh and propagates (the caller goes offline), as
does a 429 asking for a longer wait than the rate limiter sits out. A page of clients that
fails with a passing error (5xx, 429) is asked again a few times. A client whose units fail
with a passing error is tried again after the others (`RETRY_ROUNDS`); a client whose units
still fail is noted in the summary, owed to the next refresh, and the refresh goes on.

Cancelling (asyncio cancellation of the task running `refresh_all`) leaves the cache
consistent: every write is a whole transaction, and nothing is removed after a partial walk.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from si_desktop.api import errors
from si_desktop.api.ratelimit import MAX_PAUSE_SECONDS, background, foreground
from si_desktop.store import Scope, Store, is_local_id
from si_desktop.store.database import utc_now
from si_desktop.store.records import normalized_time
from si_desktop.sync.changes import as_json
from si_desktop.sync.events import ChangeKind, Changes, id_set
from si_desktop.sync.sender import ENTITY_LOGO_PREF as ENTITY_LOGO_PREF  # kept importable here
from si_desktop.sync.sender import ApiSource, resolve_api

if TYPE_CHECKING:  # the client (httpx, pydantic) is imported by the first request
    from si_desktop.api import File, SpaceInvoicesClient

log = logging.getLogger("si_desktop.sync.refresh")

PAGE_SIZE = 100
CONCURRENCY = 4
LAST_REFRESH_PREF = "sync.last_refresh"  # the last refresh that walked its list to the end
LAST_FULL_PREF = "sync.last_full_refresh"  # the last one of those that walked every client
SWEEP_PREF = "sync.units_sweep"  # {"round_started_at": time, "after": id or None when done}
OWED_PREF = "sync.units_owed"  # clients whose units the last refresh could not read
FULL_EVERY = timedelta(days=1)
OVERLAP = timedelta(minutes=2)
SWEEP_EVERY = timedelta(days=1)
SWEEP_SHARE = 0.25  # of the limiter's per-minute budget, per refresh
SWEEP_WITHOUT_LIMITER = 150
MAX_OWED = 250
IDLE_PAGES = 5  # pages in a row with nothing new that end a walk as broken
PAGE_ATTEMPTS = 4  # a page of clients asked at most this often for passing errors
RETRY_ROUNDS = 3  # clients whose units failed with a passing error: tried again
MAX_SKIPPED_IDS = 100  # skipped ids kept in a summary (all are counted and logged)
FLUSH_CLIENTS = 50
FLUSH_SECONDS = 1.0


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

    clients: int = 0  # clients in the cache after the refresh (all the service lists)
    changed_clients: int = 0  # clients the service listed this time (every one when full)
    business_units: int = 0  # active units received
    archived_units: int = 0
    removed_clients: int = 0
    removed_units: int = 0
    logos: int = 0  # logo files downloaded (already cached ones are not fetched again)
    units_read: int = 0  # clients whose units were read
    swept: int = 0  # of those, read by the daily sweep
    failures: dict[str, str] = field(default_factory=dict)  # entity id -> what went wrong
    logo_failures: dict[str, str] = field(default_factory=dict)  # logos not fetched (the
    # rest of the client was): a refused file listing never stops a refresh
    skipped: int = 0  # clients the service sent that could not be read (see the log)
    skipped_ids: list[str] = field(default_factory=list)  # their ids, when they had one
    skipped_units: int = 0  # business units likewise
    skipped_unit_ids: list[str] = field(default_factory=list)
    kind: str = "full"  # "first", "full", "incremental" or "client"
    started_at: str = ""
    finished_at: str = ""
    walked: bool = False  # the list was walked to its last page
    complete: bool = False  # walked, every client's units asked for read, nothing skipped

    @property
    def full(self) -> bool:
        """Whether every client page was walked (so vanished clients were removed)."""
        return self.kind in ("first", "full")

    @property
    def message(self) -> str:
        """E.g. "312 clients, 540 business units", and what could not be read."""
        text = f"{self.clients} clients, {self.business_units} business units"
        unread = self.unread_message
        return f"{text}; {unread}" if unread else text

    @property
    def unread_message(self) -> str:
        """E.g. "1 client from the server could not be read; details in the log", or ""."""
        parts = [_count(self.skipped, "client"), _count(self.skipped_units, "business unit")]
        shown = [part for part, n in zip(parts, (self.skipped, self.skipped_units),
                                         strict=True) if n]
        if not shown:
            return ""
        return f"{' and '.join(shown)} from the server could not be read; details in the log"

    def note_skipped(self, found: Iterable[tuple[str | None, str]], *, units: bool) -> None:
        """Count and log records the service sent that could not be read."""
        for record_id, why in found:
            what = "business unit" if units else "client"
            log.warning("a %s from the server could not be read and was skipped: %s (%s)",
                        what, record_id or "without a usable id", why)
            ids = self.skipped_unit_ids if units else self.skipped_ids
            if units:
                self.skipped_units += 1
            else:
                self.skipped += 1
            if record_id and len(ids) < MAX_SKIPPED_IDS:
                ids.append(record_id)


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def skipped_records(page: Any) -> list[tuple[str | None, str]]:
    """The records a list page left out because they could not be read, as (id or None,
    why). Pages carry them in `skipped` (a tuple of ids, mappings or objects with `id` and a
    reason); a page without that attribute skipped nothing."""
    found: list[tuple[str | None, str]] = []
    for item in getattr(page, "skipped", ()) or ():
        if isinstance(item, str):
            found.append((_plain_id(item), "could not be read"))
            continue
        if isinstance(item, Mapping):
            record_id, why = item.get("id"), item.get("reason") or item.get("error")
        else:
            record_id = getattr(item, "id", None)
            why = next((getattr(item, name) for name in ("reason", "error", "message")
                        if getattr(item, name, None)), None)
        found.append((_plain_id(record_id), str(why or "could not be read")))
    return found


def _plain_id(value: object) -> str | None:
    """An id as given, when it is plain printable text of a sane length; else None."""
    if isinstance(value, str) and 0 < len(value) <= 200 and value.isprintable():
        return value
    return None


def _is_archived(unit: Mapping[str, Any]) -> bool:
    return unit.get("deleted_at") is not None or unit.get("is_active") is False


@dataclass(frozen=True)
class RefreshTimes:
    """When a refresh started and finished. Every record it brought in was fetched at or
    after `started`."""

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


def _times(store: Store, scope: Scope, key: str) -> RefreshTimes | None:
    value = store.prefs.get(scope, key)
    if not isinstance(value, dict):
        return None
    started, finished = parse_time(value.get("started_at")), parse_time(value.get("finished_at"))
    if started is None or finished is None:
        return None
    return RefreshTimes(started, finished)


def last_refresh(store: Store, scope: Scope) -> RefreshTimes | None:
    """The last refresh of this scope that walked its list to the end (the cache holds every
    change the service had made before it started), or None if there never was one."""
    return _times(store, scope, LAST_REFRESH_PREF)


def last_full_refresh(store: Store, scope: Scope) -> RefreshTimes | None:
    """The last refresh that walked every client: a client the service still lists was
    fetched at or after its start. A cache from before incremental refreshes had only full
    ones."""
    return _times(store, scope, LAST_FULL_PREF) or last_refresh(store, scope)


@dataclass(frozen=True)
class RefreshPlan:
    """Which kind of refresh is due; `since` bounds an incremental one's `updated_at`."""

    kind: str
    since: str | None = None


def plan_refresh(
    store: Store, scope: Scope, *, full: bool = False, now: datetime | None = None
) -> RefreshPlan:
    """The kind of refresh due now (see the module's docstring)."""
    last = last_refresh(store, scope)
    if last is None:
        return RefreshPlan("first")
    moment = now or datetime.now(UTC)
    whole = last_full_refresh(store, scope) or last
    if full or moment - whole.started >= FULL_EVERY or moment < last.started:
        return RefreshPlan("full")
    since = (last.started - OVERLAP).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    return RefreshPlan("incremental", since)


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
        sweep_limit: int | None = None,
    ) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self.store = store
        self.scope = scope
        self._api = api
        self.concurrency = concurrency
        self.page_size = page_size
        self.sweep_limit = sweep_limit  # None: a share of the rate limiter's budget
        self._announce = on_change or (lambda _changes: None)

    def plan(self, *, full: bool = False) -> RefreshPlan:
        return plan_refresh(self.store, self.scope, full=full)

    async def refresh_all(
        self,
        *,
        open_entity_id: str | None = None,
        progress: ProgressCallback | None = None,
        logos: bool = True,
        full: bool = False,
    ) -> RefreshSummary:
        """Refresh what changed (every client with `full`, or the daily walk); the open
        client (its record, units and logos) first."""
        api = await resolve_api(self._api)
        plan = self.plan(full=full)
        summary = RefreshSummary(started_at=utc_now(), kind=plan.kind)
        report = progress or (lambda _progress: None)
        handled: set[str] = set()
        if open_entity_id and not is_local_id(open_entity_id):
            report(RefreshProgress("client", 0, 1))
            try:
                with foreground():  # what the user looks at: ahead of the rest
                    await self._client(api, open_entity_id, summary, logos=logos,
                                       fetch_entity=True)
                handled.add(open_entity_id)
            except errors.ApiError as error:
                if _stops_refresh(error):
                    raise
                summary.failures[open_entity_id] = str(error)
        with background():  # the user's own requests go first (see api.ratelimit)
            run = _Run(self, api, summary, report, logos=logos, handled=handled)
            await run.go(plan)
        summary.finished_at = utc_now()
        self._record(plan, summary, run)
        return summary

    async def refresh_client(self, entity_id: str, *, logos: bool = True) -> RefreshSummary:
        """Refresh one client: its record, its units and its logos."""
        api = await resolve_api(self._api)
        summary = RefreshSummary(started_at=utc_now(), kind="client")
        await self._client(api, entity_id, summary, logos=logos, fetch_entity=True)
        summary.clients = summary.changed_clients = summary.units_read = 1
        summary.finished_at = utc_now()
        summary.walked = summary.complete = True
        return summary

    def sweep_budget(self, api: SpaceInvoicesClient) -> int:
        """How many clients' units one refresh's sweep may read."""
        if self.sweep_limit is not None:
            return self.sweep_limit
        limiter = getattr(api, "rate_limiter", None)
        if limiter is None:
            return SWEEP_WITHOUT_LIMITER
        return max(1, math.floor(int(limiter.per_minute) * SWEEP_SHARE))

    def _record(self, plan: RefreshPlan, summary: RefreshSummary, run: _Run) -> None:
        """Remember what this refresh did for the next: when it ran, what it still owes,
        where the sweep stands."""
        summary.complete = (summary.walked and not summary.failures and not summary.skipped
                            and not summary.skipped_units)
        if not summary.walked:
            return
        owed = sorted(entity_id for entity_id in summary.failures if not is_local_id(entity_id))
        if len(owed) > MAX_OWED:
            # Too many to carry over: the next refresh asks again from this one's start.
            log.warning("units of %d clients were not read; the next refresh asks again",
                        len(owed))
            return
        times = {"started_at": summary.started_at, "finished_at": summary.finished_at}
        with self.store.db.write():
            if owed:
                self.store.prefs.set(self.scope, OWED_PREF, owed)
            else:
                self.store.prefs.delete(self.scope, OWED_PREF)
            self.store.prefs.set(self.scope, LAST_REFRESH_PREF, times)
            if plan.kind in ("first", "full"):
                self.store.prefs.set(self.scope, LAST_FULL_PREF, times)
            if run.sweep_state is not None:
                self.store.prefs.set(self.scope, SWEEP_PREF, run.sweep_state)

    # -- one client ------------------------------------------------------------------------

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
        units, skipped = await self._read_units(api, entity_id)
        summary.note_skipped(skipped, units=True)
        removed = write_units(self.store, self.scope, entity_id, units, fetched,
                              whole=not skipped)
        self._announce(Changes(
            ChangeKind.REFRESHED, units=id_set(unit.get("id") for unit in units),
            unit_clients=frozenset({entity_id}),
            clients=frozenset({entity_id}) if fetch_entity else frozenset(),
        ))
        _count_units(summary, units)
        summary.removed_units += removed
        if logos and entity is not None:
            await self.fetch_logos(api, entity, units, summary)

    async def fetch_logos(
        self,
        api: SpaceInvoicesClient,
        entity: Mapping[str, Any],
        units: Iterable[Mapping[str, Any]],
        summary: RefreshSummary,
    ) -> None:
        """`_logos`, with a failure noted in `summary.logo_failures` instead of raised:
        a logo is not worth a client's record and units, nor the refresh."""
        try:
            summary.logos += await self._logos(api, entity, units)
        except errors.ApiError as error:
            if _stops_refresh(error):
                raise
            entity_id = str(entity.get("id"))
            summary.logo_failures[entity_id] = str(error)
            log.info("logos of %s not fetched: %s", entity_id, error)

    async def _read_units(
        self, api: SpaceInvoicesClient, entity_id: str
    ) -> tuple[list[dict[str, Any]], list[tuple[str | None, str]]]:
        """Every unit of the client, archived ones included (a unit listed twice is taken
        once; the walk is bounded like the client list's), and those the service sent that
        could not be read."""
        units: list[dict[str, Any]] = []
        skipped: list[tuple[str | None, str]] = []
        seen: set[str] = set()
        guard = CursorGuard("business units")
        cursor: str | None = None
        while True:
            page = await api.business_units.list(
                entity_id=entity_id, include_archived=True, limit=PAGE_SIZE,
                next_cursor=cursor, include_total_count=False,
            )
            fresh = [u for u in map(as_json, page.data) if u.get("id") not in seen]
            seen.update(str(u.get("id")) for u in fresh)
            units += fresh
            left_out = [s for s in skipped_records(page) if s[0] is None or s[0] not in seen]
            seen.update(record_id for record_id, _ in left_out if record_id)
            skipped += left_out
            cursor = guard.follow(page, len(fresh) + sum(1 for i, _ in left_out if i))
            if cursor is None:
                return units, skipped

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


class CursorGuard:
    """Keeps a cursor walk finite: a cursor the server hands out twice, or `IDLE_PAGES`
    pages in a row that bring nothing not seen before, end the walk with
    `errors.MalformedResponseError` instead of looping for ever (the rule of
    `api.pagination.walk_pages`, for the walks the refresh makes itself)."""

    def __init__(self, what: str) -> None:
        self.what = what
        self._cursors: set[str] = set()
        self._idle = 0

    def follow(self, page: Any, new_records: int) -> str | None:
        """The cursor to ask for next after `page`, which brought `new_records` not seen
        before; None when the walk is over."""
        self._idle = 0 if new_records else self._idle + 1
        next_cursor: str | None = page.next_cursor
        if not page.has_more or next_cursor is None:
            return None
        if next_cursor in self._cursors:
            raise errors.MalformedResponseError(
                f"the server returned a pagination cursor of {self.what} it had already "
                "returned; the walk was stopped")
        if self._idle >= IDLE_PAGES:
            raise errors.MalformedResponseError(
                f"{self._idle} pages of {self.what} in a row brought nothing new; the walk "
                "was stopped")
        self._cursors.add(next_cursor)
        return next_cursor


def write_units(
    store: Store, scope: Scope, entity_id: str, units: list[dict[str, Any]], fetched: str,
    *, whole: bool,
) -> int:
    """Keep a client's units as listed; returns how many cached units went. A list that
    left records out (`whole` False) is only added: a unit the service sent but could not
    be read is not taken for one it no longer has."""
    if whole:
        return store.units.replace_for_entity(scope, entity_id, units, fetched_at=fetched)[1]
    store.units.upsert(scope, units, entity_id=entity_id, fetched_at=fetched)
    return 0


def _count_units(summary: RefreshSummary, units: list[dict[str, Any]]) -> None:
    archived = sum(1 for unit in units if _is_archived(unit))
    summary.business_units += len(units) - archived
    summary.archived_units += archived


def _stops_refresh(error: errors.ApiError) -> bool:
    """Errors that end the whole refresh rather than one client's part: the network is
    gone, or the service asks for a longer pause than the limiter waits out."""
    if isinstance(error, errors.NetworkError):
        return True
    return (
        isinstance(error, errors.RateLimitError)
        and error.retry_after is not None
        and error.retry_after > MAX_PAUSE_SECONDS
    )


def _passing(error: errors.ApiError) -> bool:
    """An error that asking again later may cure (5xx, a short 429)."""
    return error.retryable and not _stops_refresh(error)


class _UnitWriter:
    """Gathers clients' units and writes many clients in one transaction, on a worker
    thread: `FLUSH_CLIENTS` at a time, or what has come in every `FLUSH_SECONDS`."""

    def __init__(self, refresher: Refresher, summary: RefreshSummary) -> None:
        self._refresher = refresher
        self._summary = summary
        self._pending: list[tuple[str, list[dict[str, Any]], str, bool]] = []
        self._lock = asyncio.Lock()
        self._last = time.monotonic()

    async def add(
        self, entity_id: str, units: list[dict[str, Any]], fetched: str, *, whole: bool
    ) -> None:
        self._pending.append((entity_id, units, fetched, whole))
        _count_units(self._summary, units)
        due = (len(self._pending) >= FLUSH_CLIENTS
               or time.monotonic() - self._last >= FLUSH_SECONDS)
        if due and not self._lock.locked():  # one flushing worker is enough
            await self.flush()

    async def flush(self) -> None:
        async with self._lock:
            while self._pending:
                batch, self._pending = self._pending, []
                removed = await asyncio.to_thread(self._write, batch)
                self._last = time.monotonic()
                self._summary.removed_units += removed
                self._refresher._announce(Changes(
                    ChangeKind.REFRESHED,
                    units=id_set(unit.get("id") for _, units, _, _ in batch for unit in units),
                    unit_clients=frozenset(entity_id for entity_id, _, _, _ in batch),
                ))

    def _write(self, batch: list[tuple[str, list[dict[str, Any]], str, bool]]) -> int:
        store, scope = self._refresher.store, self._refresher.scope
        with store.db.write():
            return sum(write_units(store, scope, entity_id, units, fetched, whole=whole)
                       for entity_id, units, fetched, whole in batch)


class _Run:
    """One `refresh_all` after the open client: the walk, and the units it calls for."""

    def __init__(
        self,
        refresher: Refresher,
        api: SpaceInvoicesClient,
        summary: RefreshSummary,
        report: ProgressCallback,
        *,
        logos: bool,
        handled: set[str],
    ) -> None:
        self.refresher = refresher
        self.store = refresher.store
        self.scope = refresher.scope
        self.api = api
        self.summary = summary
        self.report = report
        self.logos = logos
        self.writer = _UnitWriter(refresher, summary)
        self.queue: asyncio.Queue[str | None] = asyncio.Queue()
        self.queued: set[str] = set(handled)  # clients whose units this refresh reads
        self.done = len(handled)
        self.retry: dict[str, str] = {}  # clients to try again: why they failed
        self.sweeping: set[str] = set()
        self.sweep_state: dict[str, Any] | None = None  # to remember once walked
        self.present: list[str] = []  # ids of clients listed but not readable
        self.unsure = False  # a client was left out without an id

    # -- the whole run ---------------------------------------------------------------------

    async def go(self, plan: RefreshPlan) -> None:
        cached = await asyncio.to_thread(self._cached_versions)
        for entity_id in self._owed(cached):
            self._enqueue(entity_id)
        listed = await self._in_workers(lambda: self._walk_then_sweep(plan, cached))
        for _ in range(RETRY_ROUNDS):
            if not self.retry:
                break
            again, self.retry = list(self.retry), {}
            log.info("trying the units of %d clients again", len(again))
            for entity_id in again:
                self.queue.put_nowait(entity_id)
            await self._in_workers(_nothing)
        for entity_id, why in self.retry.items():
            self.summary.failures[entity_id] = why
        if plan.kind in ("first", "full") and self.summary.walked:
            await self._remove_missing(listed)
        self.summary.clients = await asyncio.to_thread(self.store.entities.count, self.scope)

    async def _in_workers(self, produce: Callable[[], Any]) -> Any:
        """Run `produce()` while the workers read the units queued (also by it); return
        what it returns once every queued client is done."""
        try:
            async with asyncio.TaskGroup() as group:
                tasks = [group.create_task(self._worker())
                         for _ in range(self.refresher.concurrency)]
                try:
                    result = await produce()
                finally:
                    for _ in tasks:
                        self.queue.put_nowait(None)
        except BaseExceptionGroup as group_error:
            raise _first(group_error) from None
        finally:
            await self.writer.flush()
        return result

    async def _walk_then_sweep(self, plan: RefreshPlan, cached: dict[str, str | None]
                               ) -> list[str]:
        listed = await self._walk(plan, cached)
        known = await asyncio.to_thread(self.store.entities.ids, self.scope)
        for entity_id in self._sweep(plan, known):
            self.sweeping.add(entity_id)
            self._enqueue(entity_id)
        return listed

    # -- the client list -------------------------------------------------------------------

    def _cached_versions(self) -> dict[str, str | None]:
        """Each cached client's `updated_at`, to tell the new and changed ones."""
        return self.store.entities.versions(self.scope)

    async def _walk(self, plan: RefreshPlan, cached: dict[str, str | None]) -> list[str]:
        """Walk the client list (only what changed since `plan.since`, when given), write
        each page, and queue the units the new or changed clients call for."""
        query = {"updated_at": {"gte": plan.since}} if plan.since else None
        listed: list[str] = []
        seen: set[str] = set()
        guard = CursorGuard("clients")
        cursor: str | None = None
        total: int | None = None
        fetched = utc_now()
        first = True
        while True:
            page = await self._page(cursor, query, count=first)
            if first:
                total = page.total
                first = False
            records = [as_json(entity) for entity in page.data]
            records = [r for r in records if r.get("id") not in seen]
            left_out = [s for s in skipped_records(page) if s[0] is None or s[0] not in seen]
            self.summary.note_skipped(left_out, units=False)
            for record_id, _ in left_out:
                if record_id is None:
                    self.unsure = True  # the walk cannot tell what the service still has
                else:
                    seen.add(record_id)
                    self.present.append(record_id)
            if records:
                await asyncio.to_thread(
                    self.store.entities.upsert, self.scope, records, fetched_at=fetched)
                # only the clients that are new or changed: a full walk of an unchanged
                # firm announces nothing, and the window reads nothing again (issue 23)
                changed = [r for r in records if plan.kind == "first" or _changed(r, cached)]
                if changed:
                    self.refresher._announce(Changes(
                        ChangeKind.REFRESHED, clients=id_set(r.get("id") for r in changed)))
            for record in records:
                entity_id = str(record["id"])
                seen.add(entity_id)
                listed.append(entity_id)
                if plan.kind == "first" or _changed(record, cached):
                    self._enqueue(entity_id)
            self.report(RefreshProgress("clients", len(listed),
                                        max(total or 0, len(listed)) or None))
            cursor = guard.follow(page, len(records) + sum(1 for i, _ in left_out if i))
            if cursor is None:
                break
        self.summary.changed_clients = len(listed)
        self.summary.walked = True
        return listed

    async def _page(self, cursor: str | None, query: Mapping[str, Any] | None, *,
                    count: bool) -> Any:
        """One page of clients; a passing error (5xx, short 429) is asked again."""
        for attempt in range(1, PAGE_ATTEMPTS + 1):
            try:
                return await self.api.entities.list(
                    limit=self.refresher.page_size, next_cursor=cursor, query=query,
                    include_total_count=count,
                )
            except errors.ApiError as error:
                if attempt == PAGE_ATTEMPTS or not _passing(error):
                    raise
                log.info("a page of clients failed (%s); asking again", error)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _remove_missing(self, listed: list[str]) -> None:
        """After a whole walk: what the service no longer lists goes (a client it listed
        but that could not be read stays; with one that had no id, nothing goes)."""
        if self.unsure:
            log.warning("a client without a usable id was skipped; nothing was removed")
            return
        before = await asyncio.to_thread(self.store.entities.ids, self.scope)
        removed = await asyncio.to_thread(
            self.store.entities.delete_missing, self.scope, [*listed, *self.present])
        self.summary.removed_clients = removed
        if removed:
            gone = before - await asyncio.to_thread(self.store.entities.ids, self.scope)
            self.refresher._announce(Changes(ChangeKind.REFRESHED,
                                             removed_clients=frozenset(gone)))

    # -- which units -----------------------------------------------------------------------

    def _enqueue(self, entity_id: str) -> None:
        if entity_id in self.queued or is_local_id(entity_id):
            return
        self.queued.add(entity_id)
        self.queue.put_nowait(entity_id)

    def _owed(self, cached: Mapping[str, Any]) -> list[str]:
        owed = self.store.prefs.get(self.scope, OWED_PREF)
        if not isinstance(owed, list):
            return []
        return [i for i in owed if isinstance(i, str) and i in cached]

    def _sweep(self, plan: RefreshPlan, known: set[str]) -> list[str]:
        """The clients whose units the daily sweep reads in this refresh (in id order, from
        where the last refresh left off); sets `sweep_state` for the next."""
        started = self.summary.started_at
        if plan.kind == "first":
            self.sweep_state = {"round_started_at": started, "after": None}  # all read
            return []
        state = self.store.prefs.get(self.scope, SWEEP_PREF)
        state = state if isinstance(state, dict) else {}
        after = state.get("after")
        round_started = parse_time(state.get("round_started_at"))
        now = parse_time(started) or datetime.now(UTC)
        if not isinstance(after, str):  # the last round is done: a new one when due
            if round_started is not None and now - round_started < SWEEP_EVERY:
                return []
            after, round_started_at = "", started
        else:
            round_started_at = str(state.get("round_started_at") or started)
        budget = self.refresher.sweep_budget(self.api)
        chosen: list[str] = []
        last = after
        remaining = sorted(i for i in known if i > after and not is_local_id(i))
        for entity_id in remaining:
            if len(chosen) >= budget:
                break
            last = entity_id
            if entity_id not in self.queued:
                chosen.append(entity_id)
        finished = not remaining or last == remaining[-1]
        self.sweep_state = {"round_started_at": round_started_at,
                            "after": None if finished else last}
        return chosen

    # -- reading units ---------------------------------------------------------------------

    async def _worker(self) -> None:
        while True:
            entity_id = await self.queue.get()
            if entity_id is None:
                return
            if await self._units_of(entity_id):
                self.done += 1
                self.report(RefreshProgress("business units", self.done, len(self.queued)))

    async def _units_of(self, entity_id: str) -> bool:
        """Read and keep one client's units (and logos); a failure is noted, the refresh
        goes on. False: to be tried again after the others."""
        fetched = utc_now()
        try:
            units, skipped = await self.refresher._read_units(self.api, entity_id)
        except errors.ApiError as error:
            if _stops_refresh(error):
                raise
            log.info("units of %s not refreshed: %s", entity_id, error)
            if _passing(error):
                self.retry[entity_id] = str(error)
                return False
            self.summary.failures[entity_id] = str(error)
            return True
        self.summary.note_skipped(skipped, units=True)
        await self.writer.add(entity_id, units, fetched, whole=not skipped)
        self.summary.units_read += 1
        if entity_id in self.sweeping:
            self.summary.swept += 1
        if self.logos:
            entity = self.store.entities.get(self.scope, entity_id)
            if entity is not None:
                await self.refresher.fetch_logos(self.api, entity, units, self.summary)
        return True


async def _nothing() -> None:
    return None


def _changed(record: Mapping[str, Any], cached: Mapping[str, str | None]) -> bool:
    """Whether a listed client is new to the cache or changed since it was cached (one
    without `updated_at` cannot tell, so counts as changed)."""
    version = normalized_time(record.get("updated_at"))
    entity_id = str(record.get("id"))
    return version is None or entity_id not in cached or cached[entity_id] != version


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
