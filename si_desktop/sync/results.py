"""What the workspace answers with: a record as the app shows it (`RecordView`), a cached
logo, what became of a save (`SaveResult`) and of a synchronization (`SyncResult`)."""

from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import Any

from si_desktop.api import errors
from si_desktop.store import QueuedEdit, is_local_id
from si_desktop.sync.conflicts import EditProblem, problem_of
from si_desktop.sync.documents_refresh import DocumentsSummary
from si_desktop.sync.refresh import RefreshSummary
from si_desktop.sync.sender import SendReport


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
    "conflict", "rejected" or "failed" (held, see `sync.sender`), or "dropped" (a record
    written offline deleted before it was ever sent: nothing went to the service). `view`
    is the record as it now shows (None when a rejected new record was taken back out, or
    a dropped one)."""

    edit: QueuedEdit
    outcome: str
    view: RecordView | None
    problem: EditProblem | None = None
    report: SendReport | None = None
    service_id: str | None = None  # the service's id of a record created by this save
    withdrawn: bool = False  # refused at once and taken back out of the queue

    @property
    def pending(self) -> bool:
        return self.outcome == "queued"

    def record(self) -> dict[str, Any]:
        """The record as it now shows, for an editor: a change the service refused while the
        user waited is raised as the service's error (the editor maps its field paths to the
        fields and keeps what was typed)."""
        if self.withdrawn or self.view is None:
            raise self.refusal()
        return dict(self.view.data)

    def refusal(self) -> errors.ApiError:
        problem = self.problem
        if problem is not None and problem.error is not None:
            return problem.error
        message = problem.message if problem is not None and problem.message else "not accepted"
        issues = [errors.Issue(path, text) for path, text in problem.issues] if problem else []
        return errors.ValidationError(message, status=422, issues=issues)


@dataclass
class SyncResult:
    """One `synchronize()`: what was refreshed, what was sent, and whether the service could
    be reached."""

    refresh: RefreshSummary | None = None
    sent: SendReport = field(default_factory=SendReport)
    documents: DocumentsSummary | None = None  # the documents read after sending
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

    @property
    def failed(self) -> list[EditProblem]:
        """Edits the sender gave up on: an answer it could not read, an unexpected error."""
        return [p for p in self.held if p.kind == "failed"]


async def record_of(saving: Awaitable[SaveResult]) -> dict[str, Any]:
    """The record a save (create, enable, archive …) leaves, for an editor that shows it;
    a refusal while the user waits is raised (see `SaveResult.record`)."""
    return (await saving).record()
