"""The offline cache in the running app: one `OfflineService` per context
(`context.offline`).

It opens the cache file in the data folder (or, when the file cannot be used, a cache in
memory, and says so), builds the workspace of every connection on it, runs the background
refresh (the open client first, with progress, cancellable, F5 and every N minutes),
watches online/offline and retries with back-off while offline, and hands the workspace's
`Changes` to the GUI thread as signals: what changed, edits waiting, conflicts to show, and
the state of the connection.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from si_desktop.sync.conflicts import EditProblem, ResolutionError
from si_desktop.sync.connection import Connection
from si_desktop.sync.connectivity import Change, State
from si_desktop.sync.events import ChangeKind, Changes
from si_desktop.sync.local_cache import LocalCache
from si_desktop.sync.refresh import RefreshProgress
from si_desktop.sync.results import RecordView, SyncResult
from si_desktop.sync.service import SyncService
from si_desktop.sync.vocabulary import Store
from si_desktop.sync.workspace import Workspace
from si_desktop.ui.bridge import Job
from si_desktop.ui.context import AppContext
from si_desktop.ui.idle import InputPause

if TYPE_CHECKING:

    pass

log = logging.getLogger("si_desktop.ui.offline")

CLOCK_MS = 30_000  # how often the automatic refresh looks whether one is due
STREAM_MS = 250  # while a refresh streams clients in, the switcher catches up this often


def tr(text: str) -> str:
    return QCoreApplication.translate("Offline", text)


def unread_notice(clients: int, units: int) -> str:
    """What the banner says when a refresh skipped records the service sent that could not
    be read (the refresh went on without them; the log names each), or ""."""
    parts = []
    if clients:
        parts.append(tr("Clients from the server that could not be read: %1.").replace(
            "%1", str(clients)))
    if units:
        parts.append(tr("Business units from the server that could not be read: %1.").replace(
            "%1", str(units)))
    if not parts:
        return ""
    return " ".join(parts) + " " + tr("The rest was refreshed; details are in the log.")


@dataclass(frozen=True)
class Progress:
    text: str
    done: int
    total: int  # 0 when not known


def progress_text(progress: RefreshProgress) -> str:
    """"Refreshing clients 120 / 312", translated."""
    if progress.phase == "client":
        return tr("Refreshing the open client")
    if progress.phase == "clients":
        text = tr("Refreshing clients %1 / %2") if progress.total else tr("Refreshing clients %1")
    else:
        text = tr("Refreshing business units %1 / %2") if progress.total else tr(
            "Refreshing business units %1"
        )
    return text.replace("%1", str(progress.done)).replace("%2", str(progress.total or ""))


def saved_at_text(moment: datetime | None, now: datetime | None = None) -> str:
    """"08:14 today", "08:14 yesterday" or "21 Nov 2025, 08:14", in local time."""
    if moment is None:
        return tr("an unknown time")
    local = moment.astimezone()
    today = (now or datetime.now().astimezone()).date()
    clock = local.strftime("%H:%M")
    days = (today - local.date()).days
    if days == 0:
        return tr("%1 today").replace("%1", clock)
    if days == 1:
        return tr("%1 yesterday").replace("%1", clock)
    return f"{local.day} {local.strftime('%b %Y')}, {clock}"


def age_text(moment: datetime | None, now: datetime | None = None) -> str:
    """"3 hours ago", "2 days ago": how old a record is."""
    if moment is None:
        return ""
    current = now or datetime.now().astimezone()
    seconds = max(0, int((current - moment).total_seconds()))
    minutes, hours, days = seconds // 60, seconds // 3600, seconds // 86400
    if days >= 1:
        return tr("1 day ago") if days == 1 else tr("%1 days ago").replace("%1", str(days))
    if hours >= 1:
        return tr("1 hour ago") if hours == 1 else tr("%1 hours ago").replace("%1", str(hours))
    if minutes >= 1:
        return tr("1 minute ago") if minutes == 1 else tr("%1 minutes ago").replace(
            "%1", str(minutes)
        )
    return tr("just now")


class OfflineService(QObject):
    """The cache, the refresh and the connection state of one running app."""

    cache_changed = Signal(object)  # Changes: what is new in the cache (None: look again)
    pending_changed = Signal()  # the queue of edits changed
    problems_found = Signal(object)  # list[EditProblem]: conflicts and refusals, new ones
    progress_changed = Signal(object)  # Progress, or None when no refresh runs
    refreshing_changed = Signal(bool)
    state_changed = Signal(bool)  # True online, False offline
    back_online = Signal()
    client_renamed = Signal(str, str)  # a client made offline got its service id: old, new
    refreshed = Signal(object)  # SyncResult of a finished refresh

    _event = Signal(object)  # from the loop's thread: the workspace's Changes
    _progress = Signal(object)  # from the loop's thread: RefreshProgress
    _change = Signal(object)  # from the loop's thread: connectivity Change
    _late_damage = Signal(str)  # from the cache's check thread: what it found, for the user

    def __init__(
        self,
        context: AppContext,
        *,
        transport: Any = None,
        open_store: Callable[[], Store] | None = None,
    ) -> None:
        super().__init__(context)
        self.context = context
        self.sync = SyncService(context.data_dir, open_store=open_store, transport=transport)
        self.store_problem = ""
        self.offline = False
        self.offline_since: datetime | None = None
        self._job: Job[Any] | None = None
        self._first_refresh: InputPause | None = None  # the one at start, waiting for a pause
        self._progress_now: Progress | None = None
        self._unsubscribe: list[Callable[[], None]] = []

        self._event.connect(self._on_event)
        self._progress.connect(self._on_progress)
        self._change.connect(self._on_change)
        self._late_damage.connect(self._on_late_damage)
        self._stream = QTimer(self)
        self._stream.setSingleShot(True)
        self._stream.setInterval(STREAM_MS)
        self._stream.timeout.connect(self._flush_stream)
        self._streamed: list[Changes] = []
        self._clock = QTimer(self)
        self._clock.setInterval(CLOCK_MS)
        self._clock.timeout.connect(self._tick)
        self._clock.start()
        context.workspace_changed.connect(self._on_workspace_changed)
        context.client_changed.connect(self._on_client_changed)
        context.online_changed.connect(self._on_context_online)

    # the workspace ---------------------------------------------------------------------------

    def workspace_for(self, connection: Connection) -> Workspace:
        """What `context.open_connection` builds: the workspace of `connection` on the
        cache (in memory when the file cannot be used, said once in the banner)."""
        opened = self.sync.store is not None
        workspace = self.sync.workspace_for(connection)
        if not opened:
            self._cache_opened(workspace.store)
        return workspace

    @property
    def store(self) -> Store | None:
        return self.sync.store

    def _cache_opened(self, store: Store) -> None:
        # the Account menu and Preferences count and clear through the open cache
        self.context.local_cache = LocalCache(self.context.data_dir, store)
        # the whole file is checked once start-up is over, unless it was at open
        InputPause(self, self._check_cache)
        error, damage = self.sync.store_error, store.damage
        if error is not None:
            self.store_problem = tr(
                "Working without a saved cache: changes are kept until you quit. %1"
            ).replace("%1", error.message)
            text = self.store_problem
        elif damage is not None:
            text = tr("The local cache was damaged; it was moved aside and is filled again "
                      "from the service. %1").replace("%1", damage.message)
            store.acknowledge_damage()  # told here: later starts do not repeat it
        else:
            return
        QTimer.singleShot(0, self, lambda: self.context.report_error(text))

    def _check_cache(self) -> None:
        self.sync.check_store_in_background(self._late_damage.emit)

    def _on_late_damage(self, message: str) -> None:
        self.context.report_error(tr("The local cache is damaged. %1").replace("%1", message))

    @property
    def workspace(self) -> Workspace | None:
        return self.context.workspace if self.context.has_workspace else None

    def _on_workspace_changed(self) -> None:
        self._drop_first_refresh()
        self.cancel_refresh()
        self._stop_retry()
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe = []
        self.sync.forget_shown()
        self._set_offline(False, quiet=True)
        workspace = self.workspace
        if workspace is None:
            return
        self._unsubscribe = [workspace.connectivity.subscribe(self._change.emit),
                             workspace.changes.subscribe(self._event.emit)]
        self.pending_changed.emit()
        # the cache is on screen already; now ask the service, once the user pauses
        # and once the work left for after the first paint is done (its Python and the
        # refresh's would take turns at the interpreter lock with the window's: B13)
        self._first_refresh = InputPause(self, self._start_first_refresh,
                                         after_background_work=True)

    def _start_first_refresh(self) -> None:
        self._first_refresh = None
        self.refresh()

    def _drop_first_refresh(self) -> None:
        if self._first_refresh is not None:
            self._first_refresh.cancel()
            self._first_refresh = None

    def _on_client_changed(self, entity_id: str) -> None:
        """Opening a client refreshes it (record, units, logos) when nothing else runs."""
        workspace = self.workspace
        if workspace is None or not entity_id or self.refreshing or self.offline:
            return
        if workspace.connectivity.key_refused:
            return  # asked again only when the user says so (F5, Retry)
        if self._first_refresh is not None:
            return  # the refresh at start comes soon, the open client first
        if not self.sync.refreshes_when_opened(workspace, entity_id):
            return
        self.context.bridge.run(
            workspace.refresh_client(entity_id),
            owner=self,
            key="open-client",
            on_error=lambda error: log.info("refreshing the open client failed: %s", error),
        )

    # reading for the window ------------------------------------------------------------------

    def pending_count(self, entity_id: str | None = None) -> int:
        workspace = self.workspace
        return workspace.pending_count(entity_id) if workspace is not None else 0

    def pending_by_client(self) -> dict[str, int]:
        workspace = self.workspace
        return workspace.pending_by_client() if workspace is not None else {}

    def problems(self, entity_id: str | None = None) -> list[EditProblem]:
        workspace = self.workspace
        return workspace.problems(entity_id) if workspace is not None else []

    def client_view(self, entity_id: str) -> RecordView | None:
        workspace = self.workspace
        return workspace.client(entity_id) if workspace is not None and entity_id else None

    def saved_at(self) -> datetime | None:
        """When the cache was last brought up to date (the last complete refresh)."""
        workspace = self.workspace
        times = workspace.last_refresh if workspace is not None else None
        return times.finished if times is not None else None

    # refreshing ------------------------------------------------------------------------------

    @property
    def refreshing(self) -> bool:
        return self._job is not None and self._job.active

    @property
    def progress(self) -> Progress | None:
        return self._progress_now

    def refresh(self) -> bool:
        """Bring the cache up to date and send the queue (F5, the timer, back online).
        Returns False when there is nothing to refresh or one already runs."""
        workspace = self.workspace
        if workspace is None or self.refreshing:
            return False
        self._drop_first_refresh()  # asked for (F5, Try again): no need to wait any more
        self.sync.refresh_started()
        self._set_progress(Progress(tr("Refreshing…"), 0, 0))
        self._job = self.context.bridge.run(
            workspace.synchronize(
                open_entity_id=self.context.current_client_id or None,
                progress=self._progress.emit,
            ),
            owner=self,
            key="sync",
            on_success=self._on_synced,
            on_error=self._on_sync_failed,
            on_finally=self._sync_finished,
        )
        self.refreshing_changed.emit(True)
        return True

    def cancel_refresh(self) -> None:
        """Stop a running refresh; what it brought in so far stays in the cache."""
        job, self._job = self._job, None
        if job is not None and job.active:
            job.cancel()
            self._sync_finished()
            self.context.status_message.emit(tr("Refresh cancelled."))

    def _on_progress(self, progress: RefreshProgress) -> None:
        if not self.refreshing:
            return
        self._set_progress(Progress(progress_text(progress), progress.done, progress.total or 0))

    def _set_progress(self, progress: Progress | None) -> None:
        self._progress_now = progress
        self.progress_changed.emit(progress)

    def _on_synced(self, result: SyncResult) -> None:
        if result.refresh is not None:
            text = tr("Refreshed: %1 clients, %2 active business units.").replace(
                "%1", str(result.refresh.clients)
            ).replace("%2", str(result.refresh.business_units))
            if result.sent.sent:
                text += " " + tr("%1 changes sent.").replace("%1", str(len(result.sent.sent)))
            self.context.status_message.emit(text)
            unread = unread_notice(result.refresh.skipped, result.refresh.skipped_units)
            if unread:
                self.context.report_error(unread)  # nothing a retry would cure: no Retry
        elif result.error is not None and not result.offline:
            self._report_sync_failure(result.error)
        self.refreshed.emit(result)

    def _report_sync_failure(self, error: BaseException) -> None:
        workspace = self.workspace
        entity_key = workspace is not None and workspace.connection.api_key.startswith("ek_")
        if entity_key and workspace is not None and workspace.connectivity.key_refused:
            # the firm revoked this client's key (or it ran out): say so, once, plainly
            self.context.report_error(tr(
                "Space Invoices no longer accepts this client key: it was revoked or has "
                "expired. Nothing more is sent with it; connect again with a new key."))
            return
        self.context.report_failure(error)

    def _on_sync_failed(self, error: BaseException) -> None:
        self.context.report_failure(error)

    def _sync_finished(self) -> None:
        self._job = None
        self._stream.stop()
        self._flush_stream()
        self._set_progress(None)
        self.refreshing_changed.emit(False)

    def _tick(self) -> None:
        """The automatic refresh, every N minutes (the preference; 0: never)."""
        from si_desktop.ui.preferences import refresh_minutes

        if self.offline or self.workspace is None or self.workspace.connectivity.key_refused:
            return  # a refused key is not tried again on its own: no loop of errors
        if self.sync.refresh_due(refresh_minutes(self.context.settings)):
            self.refresh()

    # what the workspace reports (on the GUI thread) --------------------------------------------

    def _on_event(self, changes: Changes) -> None:
        """The workspace's announcement, now on the GUI thread. A refresh's pages arrive
        many a second: the views take them together, every `STREAM_MS`."""
        if changes.kind is ChangeKind.REFRESHED and self.refreshing:
            self._streamed.append(changes)
            if not self._stream.isActive():
                self._stream.start()
            return
        self._flush_stream()
        self._announce(changes)

    def _flush_stream(self) -> None:
        streamed, self._streamed = self._streamed, []
        if streamed:
            self._announce(Changes.merged(streamed))

    def _announce(self, changes: Changes) -> None:
        for local, service in changes.renamed.items():
            self.client_renamed.emit(local, service)
        if changes.kind is ChangeKind.SAVED and self.offline:
            # after the page's own "Saved.", which arrives next
            QTimer.singleShot(0, self, lambda: self.context.status_message.emit(tr(
                "Saved on this computer; it is sent when Space Invoices can be reached."
            )))
        self.cache_changed.emit(changes)
        if changes.queue:
            self.pending_changed.emit()
        if changes.held or changes.queue:
            self._announce_problems()

    def _announce_problems(self) -> None:
        """Conflicts and refusals the user has not been shown yet."""
        workspace = self.workspace
        fresh = self.sync.new_problems(workspace) if workspace is not None else []
        if fresh:
            self.problems_found.emit(fresh)

    def resolve(self, problem: EditProblem, choices: dict[Any, Any] | None) -> None:
        """The user's decision on a held edit; then the queue is sent again."""
        workspace = self.workspace
        if workspace is None:
            return
        try:
            workspace.resolve(problem, choices)
        except LookupError:
            pass  # no longer held (sent or discarded meanwhile): nothing to decide
        except ResolutionError as error:
            self.context.report_error(str(error))
            return
        self._resend(workspace)

    def discard(self, problem: EditProblem) -> None:
        """"Drop this edit": the held edit leaves the queue (the user said so)."""
        workspace = self.workspace
        if workspace is None:
            return
        try:
            workspace.discard(problem)
        except LookupError:
            return

    def retry(self, problem: EditProblem) -> None:
        """"Try again": the held edit is queued again as it is, and the queue is sent."""
        workspace = self.workspace
        if workspace is None:
            return
        if workspace.retry_edit(problem) is not None:
            self._resend(workspace)

    def _resend(self, workspace: Workspace) -> None:
        if self.offline:
            return
        self.context.bridge.run(
            workspace.send_pending(),
            owner=self,
            key="send",
            on_error=self.context.report_failure,
        )

    # online and offline --------------------------------------------------------------------

    def _on_change(self, change: Change) -> None:
        if change.after is State.OFFLINE:
            self._set_offline(True)
        elif change.after is State.ONLINE and change.before is State.OFFLINE:
            self._set_offline(False)
            self.back_online.emit()
            self.context.status_message.emit(tr("Back online. Refreshing…"))
            QTimer.singleShot(0, self, self.refresh)
        elif change.after is State.ONLINE:
            self.context.set_online(True)

    def _on_context_online(self, online: bool) -> None:
        """A page's request failed with no answer (or a page said "online" after reading the
        cache): the service's own state is what counts."""
        if online and self.offline:
            self.context.set_online(False)
        elif not online and not self.offline and self.workspace is not None:
            workspace = self.workspace

            async def note() -> None:
                workspace.connectivity.report_failure("a request got no answer")

            self.context.bridge.run(note(), owner=self, key="note-offline")

    def _set_offline(self, offline: bool, *, quiet: bool = False) -> None:
        changed = offline != self.offline
        self.offline = offline
        if offline:
            if changed:
                self.offline_since = datetime.now().astimezone()
            self.context.set_online(False)
            self._start_retry()
        else:
            self.offline_since = None
            self._stop_retry()
            if not quiet:
                self.context.set_online(True)
        if changed:
            self.state_changed.emit(not offline)

    @property
    def retrying(self) -> bool:
        return self.sync.retrying

    def _start_retry(self) -> None:
        workspace = self.workspace
        if workspace is not None:
            self.sync.start_retry(workspace, self.context.bridge.loop)

    def _stop_retry(self) -> None:
        self.sync.stop_retry()

    def try_again(self) -> None:
        """"Try again": ask the service at once (the back-off stays for the next failure)."""
        if self.sync.wake_retry(self.context.bridge.loop):
            return
        if self.offline:
            self._start_retry()
        else:
            self.refresh()

    def seconds_until_retry(self) -> float | None:
        workspace = self.workspace
        if workspace is None:
            return None
        return workspace.connectivity.seconds_until_retry()

    # shutting down ---------------------------------------------------------------------------

    def close(self) -> None:
        """After the context's bridge has stopped: close the cache file."""
        self._clock.stop()
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe = []
        self.sync.close()
        self.context.local_cache = LocalCache(self.context.data_dir)
