"""A firm-wide export: the documents of many clients for one period, as one resumable job.

Each client is one step. A step exports that client's documents (`client.exports`, one
entity per call: `ClientExports` binds the step's entity, so no request of a step can name
another client) into that client's own folder in the destination,
`<client code or name> – <tax number>/` (made safe, `core.file_names`), and a file of the step
is accepted only once its path is checked to be directly inside that folder. Every file is
written as a hidden `.part` file and renamed when complete; a step that stops half-way leaves
only `.part` files, which the next run removes.

The job's state (the plan, and for each client: pending, done with its files, empty, or
failed and why; the PDF job ids of a step under way) lives in the data folder as JSON
(`exports/<id>.json`), rewritten atomically after every step, so a crash, a cancel or a lost
connection resumes where it stopped (`FirmExport.resume`, `FirmExport.unfinished`). When no
client is left pending, `manifest.csv` is written in the destination: one row per file
(client id and name, folder, file, documents, totals with tax per currency, SHA-256), one row
per client without files (no documents in the period, or why it failed).

What stops a run (and leaves the rest pending): the network or the service gone (after the
client's own retries), a refused key, a destination that cannot be written or is full. What
fails only its client (and the run goes on): a refused request, a job that fails or never
finishes within `PollPolicy.max_wait`, an archive that is unsafe or unreadable.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import hashlib
import json
import logging
import secrets
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

from si_desktop.api import errors
from si_desktop.api.downloads import (
    DestinationError,
    ExportError,
    PartFile,
    UnsafeArchiveError,
    inside,
)
from si_desktop.api.resources.exports import (
    EXPORT_TYPES,
    ExportJobFailed,
    ExportJobTimedOut,
    PollPolicy,
    SavedFile,
)
from si_desktop.core.file_names import safe_component
from si_desktop.core.periods import Period
from si_desktop.sync.errors import describe
from si_desktop.sync.export_files import (
    ManifestRow,
    SavedEntry,
    stale_parts,
    summarize,
    totals_text,
    write_json_atomically,
    write_manifest,
)

if TYPE_CHECKING:
    from si_desktop.api.client import SpaceInvoicesClient
    from si_desktop.api.resources.exports import Exports

log = logging.getLogger(__name__)

__all__ = [
    "FORMATS",
    "ClientExportResult",
    "ClientExports",
    "ClientState",
    "DestinationError",
    "ExportClient",
    "ExportEvent",
    "ExportPlan",
    "ExportSummary",
    "FirmExport",
    "export_client",
]

Format = Literal["xlsx", "csv", "pdf_zip"]
FORMATS: tuple[Format, ...] = ("xlsx", "csv", "pdf_zip")
STATE_FOLDER = "exports"
STATE_VERSION = 1
DEFAULT_CONCURRENCY = 3
Status = Literal["pending", "done", "empty", "failed"]


class _ClientRow(Protocol):
    """What a client switcher row offers (`sync.vocabulary.SwitcherRow`)."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def tax_number(self) -> str | None: ...
    @property
    def client_code(self) -> str | None: ...


@dataclass(frozen=True)
class ExportClient:
    """A client as the export names it."""

    id: str
    name: str
    tax_number: str | None = None
    code: str | None = None

    @classmethod
    def from_row(cls, row: _ClientRow) -> ExportClient:
        return cls(row.id, row.name, row.tax_number, row.client_code)

    def folder_name(self) -> str:
        """`<client code or name> – <tax number>`, safe as a folder name."""
        label = (self.code or "").strip() or self.name.strip() or self.id
        tax = (self.tax_number or "").strip()
        return safe_component(f"{label} – {tax}" if tax else label, fallback=self.id)

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "tax_number": self.tax_number,
                "code": self.code}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ExportClient:
        return cls(str(data["id"]), str(data.get("name") or ""), data.get("tax_number"),
                   data.get("code"))


@dataclass(frozen=True)
class ExportPlan:
    """What the user asked for: which clients, which document types, which format and
    period, and where."""

    clients: tuple[ExportClient, ...]
    types: tuple[str, ...]
    format: Format
    period: Period
    destination: Path
    language: str | None = None

    def __post_init__(self) -> None:
        if not self.clients:
            raise ValueError("choose at least one client")
        if len({c.id for c in self.clients}) != len(self.clients):
            raise ValueError("a client is named twice")
        if self.format not in FORMATS:
            raise ValueError(f"format is one of {', '.join(FORMATS)}")
        if not self.types or any(t not in EXPORT_TYPES for t in self.types):
            raise ValueError(f"types are some of {', '.join(EXPORT_TYPES)}")
        if self.format == "csv" and len(self.types) > 1:
            raise ValueError("a CSV export holds one document type")

    def as_json(self) -> dict[str, Any]:
        return {"clients": [c.as_json() for c in self.clients], "types": list(self.types),
                "format": self.format, "date_from": self.period.start.isoformat(),
                "date_to": self.period.end.isoformat(), "destination": str(self.destination),
                "language": self.language}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ExportPlan:
        return cls(
            clients=tuple(ExportClient.from_json(c) for c in data["clients"]),
            types=tuple(str(t) for t in data["types"]),
            format=data["format"],
            period=Period(datetime.date.fromisoformat(data["date_from"]),
                          datetime.date.fromisoformat(data["date_to"])),
            destination=Path(data["destination"]),
            language=data.get("language"),
        )


@dataclass
class ClientState:
    """Where one client's step stands."""

    folder: str
    status: Status = "pending"
    files: list[SavedEntry] = field(default_factory=list)
    reason: str | None = None
    kind: str | None = None
    jobs: dict[str, str] = field(default_factory=dict)

    @property
    def documents(self) -> int:
        return sum(entry.documents for entry in self.files)

    def as_json(self) -> dict[str, Any]:
        return {"folder": self.folder, "status": self.status,
                "files": [f.as_json() for f in self.files], "reason": self.reason,
                "kind": self.kind, "jobs": dict(self.jobs)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ClientState:
        status = data.get("status")
        return cls(folder=str(data["folder"]),
                   status=status if status in ("pending", "done", "empty", "failed")
                   else "pending",
                   files=[SavedEntry.from_json(f) for f in data.get("files") or []],
                   reason=data.get("reason"), kind=data.get("kind"),
                   jobs={str(k): str(v) for k, v in (data.get("jobs") or {}).items()})


@dataclass(frozen=True)
class ExportEvent:
    """What the job tells whoever watches it. `kind`: `client_started`, `client_progress`
    (with `fraction`), `client_finished` (see `state.status`), `stopped` (with `message`) or
    `finished`. `overall` is the share of the whole job done, 0–1."""

    kind: str
    overall: float
    finished: int
    total: int
    client: ExportClient | None = None
    state: ClientState | None = None
    fraction: float | None = None
    message: str | None = None


@dataclass(frozen=True)
class ExportSummary:
    """How a run ended."""

    plan: ExportPlan
    states: Mapping[str, ClientState]
    stopped: str | None = None
    stop_kind: str | None = None
    manifest: Path | None = None

    def _with(self, status: Status) -> list[ExportClient]:
        return [c for c in self.plan.clients if self.states[c.id].status == status]

    @property
    def exported(self) -> list[ExportClient]:
        return self._with("done")

    @property
    def empty(self) -> list[ExportClient]:
        return self._with("empty")

    @property
    def failed(self) -> list[tuple[ExportClient, str]]:
        return [(c, self.states[c.id].reason or "") for c in self._with("failed")]

    @property
    def pending(self) -> list[ExportClient]:
        return self._with("pending")

    @property
    def complete(self) -> bool:
        return not self.pending

    @property
    def documents(self) -> int:
        return sum(state.documents for state in self.states.values())


class ClientExports:
    """The export calls of one step, bound to its client: the step has no way to name
    another entity."""

    def __init__(self, exports: Exports, entity_id: str) -> None:
        self._exports = exports
        self.entity_id = entity_id

    async def spreadsheet(self, **kwargs: Any) -> list[SavedFile]:
        return await self._exports.spreadsheet(entity_id=self.entity_id, **kwargs)

    async def pdf_zip(self, **kwargs: Any) -> SavedFile:
        return await self._exports.pdf_zip(entity_id=self.entity_id, **kwargs)


class _Stop(Exception):
    """The run cannot go on (the rest stays pending)."""

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


ApiSource = Callable[[], Awaitable["SpaceInvoicesClient"]]
EventCallback = Callable[[ExportEvent], None]


def _scope_tag(scope: str) -> str:
    """A short, stable tag of a workspace's scope for state file names."""
    return hashlib.sha256(scope.encode()).hexdigest()[:8]


def _piece_key(piece: Period) -> str:
    return f"{piece.start.isoformat()}..{piece.end.isoformat()}"


def _folder_names(clients: Sequence[ExportClient]) -> dict[str, str]:
    """Each client's folder name, `name (2)` for a second client of the same name."""
    taken: set[str] = set()
    names: dict[str, str] = {}
    for client in clients:
        base = client.folder_name()
        name, number = base, 2
        while name.lower() in taken:
            name = f"{base} ({number})"
            number += 1
        taken.add(name.lower())
        names[client.id] = name
    return names


def _is_stop(exc: BaseException) -> _Stop | None:
    """The errors that end the run rather than one client's step."""
    if isinstance(exc, DestinationError):
        return _Stop(str(exc), f"destination_{exc.reason}")
    if isinstance(exc, errors.NetworkError | errors.RateLimitError | errors.ServerError):
        return _Stop(describe(exc).message, describe(exc).kind.value)
    if isinstance(exc, errors.AuthenticationError):
        return _Stop(describe(exc).message, "authentication")
    return None


def _failure(exc: BaseException) -> tuple[str, str]:
    """(kind, reason in plain words) for an error that fails only its client."""
    if isinstance(exc, ExportJobFailed):
        return "job_failed", str(exc)
    if isinstance(exc, ExportJobTimedOut):
        return "job_timed_out", str(exc)
    if isinstance(exc, UnsafeArchiveError):
        return "unsafe_archive", str(exc)
    if isinstance(exc, errors.ApiError):
        problem = describe(exc)
        return problem.kind.value, problem.message
    return "export", str(exc)


class FirmExport:
    """One firm-wide export job. `start()` a new one or `resume()` a stopped one, then
    `await run()`; cancelling the task that runs it stops it where it is (resumable)."""

    def __init__(self, plan: ExportPlan, state_path: Path, states: dict[str, ClientState],
                 *, api: ApiSource, concurrency: int = DEFAULT_CONCURRENCY,
                 poll: PollPolicy | None = None, created_at: str | None = None) -> None:
        self.plan = plan
        self.state_path = state_path
        self.states = states
        self._api = api
        self._concurrency = max(1, concurrency)
        self._poll = poll
        self._created_at = created_at or datetime.datetime.now(datetime.UTC).isoformat()
        self._fractions: dict[str, float] = {}
        self.manifest: Path | None = None

    # --- making and finding jobs -----------------------------------------------------------

    @classmethod
    def start(cls, plan: ExportPlan, *, data_dir: Path, api: ApiSource, scope: str = "",
              **options: Any) -> FirmExport:
        """A new job, its state saved at once in `data_dir/exports/`, named for the
        workspace `scope` it belongs to (another account's jobs are never offered)."""
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
        path = (data_dir / STATE_FOLDER
                / f"firm-{_scope_tag(scope)}-{stamp}-{secrets.token_hex(3)}.json")
        folders = _folder_names(plan.clients)
        states = {c.id: ClientState(folder=folders[c.id]) for c in plan.clients}
        job = cls(plan, path, states, api=api, **options)
        job.save()
        return job

    @classmethod
    def resume(cls, state_path: Path, *, api: ApiSource, **options: Any) -> FirmExport:
        """The job whose state is at `state_path`, ready to run on from where it stopped."""
        data = json.loads(state_path.read_text(encoding="utf-8"))
        if data.get("version") != STATE_VERSION:
            raise ValueError(f"{state_path.name} is not an export this version can resume")
        plan = ExportPlan.from_json(data["plan"])
        states = {c.id: ClientState.from_json(data["clients"][c.id]) for c in plan.clients}
        job = cls(plan, state_path, states, api=api, created_at=data.get("created_at"),
                  **options)
        manifest = data.get("manifest")
        job.manifest = Path(manifest) if manifest else None
        return job

    @staticmethod
    def unfinished(data_dir: Path, scope: str = "") -> list[Path]:
        """The state files of the workspace's jobs with clients still pending, newest
        first."""
        found = []
        for path in (data_dir / STATE_FOLDER).glob(f"firm-{_scope_tag(scope)}-*.json"):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                pending = any(c.get("status") == "pending" for c in data["clients"].values())
            except (OSError, ValueError, KeyError, AttributeError):
                log.warning("unreadable export state %s", path)
                continue
            if pending:
                found.append(path)
        return sorted(found, reverse=True)

    def save(self) -> None:
        write_json_atomically(self.state_path, {
            "version": STATE_VERSION,
            "created_at": self._created_at,
            "plan": self.plan.as_json(),
            "clients": {cid: state.as_json() for cid, state in self.states.items()},
            "manifest": str(self.manifest) if self.manifest else None,
        })

    def discard(self) -> None:
        """Forget the job (its files stay where they are)."""
        self.state_path.unlink(missing_ok=True)

    def retry_failed(self) -> None:
        """Put the failed clients back in line for the next `run()`."""
        for state in self.states.values():
            if state.status == "failed":
                state.status, state.reason, state.kind, state.files = "pending", None, None, []
        self.manifest = None
        self.save()

    def summary(self, stopped: _Stop | None = None) -> ExportSummary:
        return ExportSummary(self.plan, dict(self.states), str(stopped) if stopped else None,
                             stopped.kind if stopped else None, self.manifest)

    # --- running ---------------------------------------------------------------------------

    async def run(self, on_event: EventCallback | None = None) -> ExportSummary:
        """Export every pending client; the manifest once none is left pending."""
        emit = on_event or (lambda event: None)
        try:
            destination = self._prepare_destination()
        except DestinationError as exc:
            stop = _Stop(str(exc), f"destination_{exc.reason}")
            emit(self._event("stopped", message=str(stop)))
            return self.summary(stop)
        queue = [c for c in self.plan.clients if self.states[c.id].status == "pending"]
        stopped: list[_Stop] = []
        if queue:
            try:
                api = await self._api()
            except Exception as exc:  # no client at all: nothing was started
                found = _is_stop(exc) or _Stop(str(exc), "other")
                emit(self._event("stopped", message=str(found)))
                return self.summary(found)

            async def worker() -> None:
                while queue and not stopped:
                    client = queue.pop(0)
                    try:
                        await self._step(api, client, destination, emit)
                    except _Stop as stop:
                        stopped.append(stop)

            await asyncio.gather(*(worker() for _ in range(min(self._concurrency,
                                                              len(queue)))))
        if stopped:
            emit(self._event("stopped", message=str(stopped[0])))
            return self.summary(stopped[0])
        try:
            self.manifest = write_manifest(destination, self._manifest_rows())
        except DestinationError as exc:
            stop = _Stop(str(exc), f"destination_{exc.reason}")
            emit(self._event("stopped", message=str(stop)))
            return self.summary(stop)
        self.save()
        emit(self._event("finished"))
        return self.summary()

    def _prepare_destination(self) -> Path:
        """The destination folder, made if needed and proven writable."""
        destination = self.plan.destination
        try:
            destination.mkdir(parents=True, exist_ok=True)
            if not destination.is_dir():
                raise NotADirectoryError(20, "Not a directory", str(destination))
        except OSError as exc:
            raise DestinationError.from_os_error(exc, destination) from exc
        with PartFile(destination, "probe") as probe:
            probe.write(b"")
        return destination.resolve()

    def _client_folder(self, destination: Path, name: str) -> Path:
        """The client's folder: directly inside the destination (a link pointing elsewhere
        is refused), made if needed."""
        folder = inside(destination, name)
        try:
            folder.mkdir(exist_ok=True)
        except OSError as exc:
            raise DestinationError.from_os_error(exc, destination) from exc
        if not folder.is_dir() or folder.resolve().parent != destination:
            raise ExportError(f"{name} in {destination} is not a folder of this export.")
        for stale in stale_parts(folder):
            stale.unlink(missing_ok=True)
        return folder

    async def _step(self, api: SpaceInvoicesClient, client: ExportClient, destination: Path,
                    emit: EventCallback) -> None:
        state = self.states[client.id]
        emit(self._event("client_started", client, state, 0.0))
        try:
            folder = self._client_folder(destination, state.folder)
            saved = await self._export(ClientExports(api.exports, client.id), client, state,
                                       folder, emit)
            entries = [_entry(file, folder) for file in saved]
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            _drop_if_empty(destination / state.folder)
            stop = _is_stop(exc)
            if stop is not None:
                self._fractions.pop(client.id, None)
                raise stop from exc
            state.kind, state.reason = _failure(exc)
            state.status, state.files, state.jobs = "failed", [], {}
            log.info("export of %s failed: %s", client.id, state.reason)
        else:
            if sum(entry.documents for entry in entries) == 0:
                _remove_empty(folder, entries)
                state.status, state.files = "empty", []
            else:
                state.status, state.files = "done", entries
            state.jobs = {}
        self._fractions.pop(client.id, None)
        self.save()
        emit(self._event("client_finished", client, state, 1.0))

    async def _export(self, exports: ClientExports, client: ExportClient, state: ClientState,
                      folder: Path, emit: EventCallback) -> list[SavedFile]:
        def progress(fraction: float | None) -> None:
            self._fractions[client.id] = fraction or 0.0
            emit(self._event("client_progress", client, state, fraction))

        def remember(piece: Period, job_id: str) -> None:
            state.jobs[_piece_key(piece)] = job_id
            self.save()

        known = {piece: state.jobs[_piece_key(piece)] for piece in self.plan.period.pieces()
                 if _piece_key(piece) in state.jobs}
        return await _export_files(exports, self.plan.format, self.plan.types, self.plan.period,
                                   folder, language=self.plan.language, poll=self._poll,
                                   on_progress=progress, jobs=known, on_job=remember)

    def _event(self, kind: str, client: ExportClient | None = None,
               state: ClientState | None = None, fraction: float | None = None,
               message: str | None = None) -> ExportEvent:
        total = len(self.plan.clients)
        finished = sum(1 for s in self.states.values() if s.status != "pending")
        running = sum(self._fractions.values())
        return ExportEvent(kind, min(1.0, (finished + running) / total), finished, total,
                           client, state, fraction, message)

    def _manifest_rows(self) -> list[ManifestRow]:
        rows: list[ManifestRow] = []
        label = self.plan.period.label()
        period = f"{self.plan.period.start.isoformat()}..{self.plan.period.end.isoformat()}"
        types = ",".join(self.plan.types)
        for client in self.plan.clients:
            state = self.states[client.id]
            if state.status == "done":
                for entry in state.files:
                    rows.append(ManifestRow(client.id, client.name, state.folder, entry.name,
                                            entry.documents,
                                            totals_text(entry.decimal_totals()),
                                            entry.sha256, "exported", "", period, types))
            elif state.status == "empty":
                rows.append(ManifestRow(client.id, client.name, state.folder, documents=0,
                                        status="empty", note=f"No documents in {label}.",
                                        period=period, types=types))
            else:
                rows.append(ManifestRow(client.id, client.name, state.folder,
                                        status=state.status, note=state.reason or "",
                                        period=period, types=types))
        return rows

def _remove_empty(folder: Path, entries: Sequence[SavedEntry]) -> None:
    """An export with no documents leaves no file and no folder behind."""
    for entry in entries:
        (folder / entry.name).unlink(missing_ok=True)
    _drop_if_empty(folder)


def _drop_if_empty(folder: Path) -> None:
    """A client folder this step left empty goes (one with anything in it, or a link,
    stays)."""
    if folder.is_symlink():
        return
    with contextlib.suppress(OSError):
        folder.rmdir()


async def _export_files(
    exports: ClientExports, format: Format, types: Sequence[str], period: Period,
    folder: Path, *, language: str | None, poll: PollPolicy | None,
    on_progress: Callable[[float | None], None],
    jobs: Mapping[Period, str] | None = None,
    on_job: Callable[[Period, str], None] | None = None,
) -> list[SavedFile]:
    """One client's files of `format` in `folder` (see `client.exports`)."""
    if format == "pdf_zip":
        return [await exports.pdf_zip(types=list(types), period=period, folder=folder,
                                      language=language, policy=poll, on_progress=on_progress,
                                      jobs=jobs, on_job=on_job)]
    return await exports.spreadsheet(format=format, types=list(types), period=period,
                                     folder=folder,
                                     on_piece=lambda done, count: on_progress(done / count))


def _entry(saved: SavedFile, folder: Path) -> SavedEntry:
    """The saved file as the state keeps it, once it is proven to be in its client's folder
    (and nowhere else)."""
    if saved.path.resolve().parent != folder.resolve():
        saved.path.unlink(missing_ok=True)
        raise ExportError(f"{saved.path.name} was not written in its client's folder.")
    summary = summarize(saved.path)
    totals = None if summary.totals is None else {
        code: str(amount) for code, amount in summary.totals.items()}
    return SavedEntry(saved.path.name, summary.documents, totals, saved.sha256, saved.size)


@dataclass(frozen=True)
class ClientExportResult:
    """What one client's export wrote (nothing when it had no documents)."""

    folder: Path
    files: tuple[SavedEntry, ...]

    @property
    def documents(self) -> int:
        return sum(entry.documents for entry in self.files)


async def export_client(
    api: ApiSource, client: ExportClient, *, format: Format, types: Sequence[str],
    period: Period, folder: Path, language: str | None = None,
    poll: PollPolicy | None = None,
    on_progress: Callable[[float | None], None] | None = None,
) -> ClientExportResult:
    """One client's documents of `period` as files directly in `folder` (the per-client
    Export… of the window). Files with no documents in them are not kept. Raises what the
    export raises (`DestinationError`, `ExportError`, `errors.ApiError`)."""
    ExportPlan((client,), tuple(types), format, period, folder)  # the same checks
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DestinationError.from_os_error(exc, folder) from exc
    for stale in stale_parts(folder):
        stale.unlink(missing_ok=True)
    source = await api()
    saved = await _export_files(ClientExports(source.exports, client.id), format, types,
                                period, folder, language=language, poll=poll,
                                on_progress=on_progress or (lambda fraction: None))
    try:
        entries = [_entry(file, folder) for file in saved]
    except BaseException:
        for file in saved:
            file.path.unlink(missing_ok=True)
        raise
    if sum(entry.documents for entry in entries) == 0:
        for entry in entries:
            (folder / entry.name).unlink(missing_ok=True)
        entries = []
    return ClientExportResult(folder, tuple(entries))
