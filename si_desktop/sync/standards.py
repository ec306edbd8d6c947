"""The firm's standards over the one workspace: the library of standard files, drift of every
client from the cache, the dry run of a bulk change, the batch through the outbox, and its
undo. No Qt, no network of its own: reads come from the cache (with the queued edits on top,
as every view shows them) and writes go through `Workspace.save_batch`, online or not.

A bulk change (`dry_run`, then `apply`):
- touches only the fields of the standard (`core.standards.settings_body` keeps every other
  key of a per-type setting as the client has it), and only the one client each edit names;
- leaves disabled clients out unless they were chosen explicitly (`include_disabled`);
- is one batch: its edits and its record (per client, per field, before and after) are
  queued in one transaction, each edit's activity row names the batch, and the results per
  client are those rows' outcomes (`results`).

Undo (`undo_plan`, then `apply`) writes the values from before back as a new batch, for the
fields that still hold what the batch set. A field that holds something else now (changed on
the service, or by another edit since) is a conflict: shown, never overwritten. The outbox's
own three-way check catches a change the cache has not seen yet, at send time.
"""

from __future__ import annotations

import builtins
import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from si_desktop.core import standards as core
from si_desktop.core.standards import ClientDrift, Standard, StandardError, StandardFileError
from si_desktop.store import EditKind, QueuedEdit
from si_desktop.store.activity import ActivityEntry, BatchRecord
from si_desktop.store.database import utc_now
from si_desktop.sync.conflicts import apply_edits
from si_desktop.sync.sender import SendReport
from si_desktop.sync.workspace import Workspace

STANDARDS_FOLDER = "standards"
FILE_SUFFIX = ".json"

__all__ = [
    "ActivityEntry",
    "BatchResult",
    "ClientDrift",
    "ClientPlan",
    "DryRun",
    "FieldChange",
    "Standard",
    "StandardError",
    "StandardFileError",
    "StandardLibrary",
    "apply",
    "drift",
    "dry_run",
    "results",
    "undo_plan",
]


# --- the library of standards ----------------------------------------------------------------


class StandardLibrary:
    """The standards kept in the data folder, one JSON file each (the same file as an export,
    so a firm's workstations share them by copying the file)."""

    def __init__(self, data_dir: Path) -> None:
        self.folder = Path(data_dir) / STANDARDS_FOLDER

    def _path(self, name: str) -> Path:
        slug = re.sub(r"[^\w-]+", "-", name.strip().casefold(), flags=re.UNICODE).strip("-")
        return self.folder / f"{slug or 'standard'}{FILE_SUFFIX}"

    def list(self) -> list[Standard]:
        """The standards in name order; a file that cannot be read is left out (`problems`
        says which)."""
        return sorted(self._read_all()[0], key=lambda s: s.name.casefold())

    def problems(self) -> dict[Path, StandardFileError]:
        return self._read_all()[1]

    def _read_all(self) -> tuple[builtins.list[Standard], dict[Path, StandardFileError]]:
        found: builtins.list[Standard] = []
        bad: dict[Path, StandardFileError] = {}
        if not self.folder.is_dir():
            return found, bad
        for path in sorted(self.folder.glob(f"*{FILE_SUFFIX}")):
            try:
                found.append(read_file(path))
            except StandardFileError as error:
                bad[path] = error
        return found, bad

    def get(self, name: str) -> Standard | None:
        wanted = name.strip().casefold()
        return next((s for s in self.list() if s.name.casefold() == wanted), None)

    def save(self, standard: Standard) -> Path:
        """Keep the standard (replacing the one of the same name); refused values raise."""
        problems = core.standard_problems(standard)
        if problems:
            raise StandardError(next(iter(problems.values())))
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self._path(standard.name)
        old = self.get(standard.name)
        if old is not None:
            self.delete(old.name)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(core.dumps(standard), encoding="utf-8")
        temporary.replace(path)  # never a half-written standard in the folder
        return path

    def delete(self, name: str) -> bool:
        wanted = name.strip().casefold()
        for path in sorted(self.folder.glob(f"*{FILE_SUFFIX}")) if self.folder.is_dir() else []:
            try:
                if read_file(path).name.casefold() == wanted:
                    path.unlink()
                    return True
            except StandardFileError:
                continue
        return False

    def import_file(self, path: Path) -> Standard:
        """Read a standard file another workstation exported and keep it; a malformed file
        raises `StandardFileError` (line, reason) and nothing is kept."""
        standard = read_file(path)
        self.save(standard)
        return standard

    def resolve(self, name_or_file: str) -> Standard:
        """`--standard NAME|FILE`: a file when one is there, else a kept standard's name."""
        path = Path(name_or_file).expanduser()
        if path.suffix.lower() == FILE_SUFFIX and path.is_file():
            return read_file(path)
        found = self.get(name_or_file)
        if found is None:
            names = ", ".join(s.name for s in self.list()) or "none"
            raise StandardError(f"There is no standard named {name_or_file!r} (kept: {names}).")
        return found


def read_file(path: Path) -> Standard:
    try:
        with path.open("rb") as handle:
            data = handle.read(core.MAX_FILE_BYTES + 1)
    except OSError as error:
        raise StandardFileError(1, f"the file cannot be read ({error.strerror})") from error
    return core.loads(data)


def export_file(standard: Standard, path: Path) -> None:
    path.write_text(core.dumps(standard), encoding="utf-8")


# --- the clients as the workspace shows them -------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClientRecords:
    """Every cached client (with queued edits applied) and its units, read in one go."""

    clients: list[dict[str, Any]]
    units: dict[str, list[dict[str, Any]]]


def client_records(workspace: Workspace, entity_ids: Iterable[str] | None = None
                   ) -> ClientRecords:
    """The clients as the window shows them: the cached JSON with the queued edits on top
    (held ones too: what the user typed), read with one query per table."""
    store, scope = workspace.store, workspace.scope
    wanted = None if entity_ids is None else set(entity_ids)
    edits: dict[str, list[QueuedEdit]] = {}
    for edit in store.outbox.list(scope):
        if edit.kind in (EditKind.UPDATE_ENTITY, EditKind.UPDATE_UNIT, EditKind.ENABLE_ENTITY,
                         EditKind.DISABLE_ENTITY, EditKind.SET_LOGO, EditKind.REMOVE_LOGO):
            edits.setdefault(edit.target_id, []).append(edit)
    clients = []
    for record in store.entities.all(scope):
        entity_id = str(record.get("id") or "")
        if wanted is not None and entity_id not in wanted:
            continue
        pending = edits.get(entity_id)
        clients.append(apply_edits(record, pending) if pending else record)
    units: dict[str, list[dict[str, Any]]] = {}
    for unit in store.units.all(scope):
        owner = str(unit.get("entity_id") or "")
        if wanted is not None and owner not in wanted:
            continue
        pending = edits.get(str(unit.get("id") or ""))
        units.setdefault(owner, []).append(apply_edits(unit, pending) if pending else unit)
    return ClientRecords(clients, units)


# --- drift -----------------------------------------------------------------------------------


def drift(
    workspace: Workspace,
    standard: Standard,
    *,
    records: ClientRecords | None = None,
) -> list[ClientDrift]:
    """Every client the standard applies to, in name order, compared field by field."""
    records = records or client_records(workspace)
    return [
        core.compare(standard, client, records.units.get(str(client.get("id")), ()))
        for client in records.clients
        if standard.applies_to.matches(client)
    ]


# --- the dry run -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of one client in a bulk change: its value now, the value it will get, and,
    in an undo, the value found when it no longer holds what the batch set (a conflict)."""

    path: str
    before: Any
    after: Any
    conflict: bool = False


@dataclass(frozen=True, slots=True)
class ClientPlan:
    entity_id: str
    name: str
    enabled: bool
    changes: tuple[FieldChange, ...]
    skipped: str | None = None  # why nothing is sent for this client (disabled, gone)

    @property
    def sendable(self) -> tuple[FieldChange, ...]:
        return tuple(c for c in self.changes if not c.conflict)

    @property
    def conflicts(self) -> tuple[FieldChange, ...]:
        return tuple(c for c in self.changes if c.conflict)


@dataclass(frozen=True, slots=True)
class DryRun:
    """What a bulk change would do, per client and per field; nothing is queued yet."""

    kind: str  # "apply" or "undo"
    standard: str
    clients: tuple[ClientPlan, ...]
    undoes: str | None = None

    @property
    def changing(self) -> tuple[ClientPlan, ...]:
        return tuple(c for c in self.clients if c.sendable and c.skipped is None)

    @property
    def field_count(self) -> int:
        return sum(len(c.sendable) for c in self.changing)


def dry_run(
    workspace: Workspace,
    standard: Standard,
    entity_ids: Sequence[str],
    *,
    include_disabled: bool = False,
    records: ClientRecords | None = None,
) -> DryRun:
    """The standard applied to the clients `entity_ids` (in that order), without queueing:
    per client the fields that would change, before → after. Disabled clients are skipped
    unless `include_disabled`; a client the cache does not hold is said so."""
    records = records or client_records(workspace, entity_ids)
    by_id = {str(c.get("id")): c for c in records.clients}
    plans: list[ClientPlan] = []
    for entity_id in dict.fromkeys(entity_ids):
        client = by_id.get(entity_id)
        if client is None:
            plans.append(ClientPlan(entity_id, "", False, (), "not in the local cache"))
            continue
        compared = core.compare(standard, client)
        changes = tuple(
            FieldChange(f.path, f.client, f.standard) for f in compared.fields if f.differs
        )
        skipped = None
        if not compared.enabled and not include_disabled:
            skipped = "disabled"
        plans.append(ClientPlan(entity_id, compared.name, compared.enabled, changes, skipped))
    return DryRun("apply", standard.name, tuple(plans))


def undo_plan(workspace: Workspace, batch_id: str) -> DryRun:
    """The undo of a batch as a dry run: per client, the fields that still hold the batch's
    value go back; those that hold something else now are conflicts (left as they are)."""
    batch = _batch(workspace, batch_id)
    undone = workspace.store.batches.undone_by(workspace.scope, batch.id)
    if undone is not None:
        raise StandardError(f"Batch {batch.id} was undone already (by {undone}).")
    records = client_records(workspace, batch.changes)
    by_id = {str(c.get("id")): c for c in records.clients}
    plans: list[ClientPlan] = []
    for entity_id, fields in batch.changes.items():
        client = by_id.get(entity_id)
        name = batch.names.get(entity_id, "")
        if client is None:
            plans.append(ClientPlan(entity_id, name, False, (), "not in the local cache"))
            continue
        settings = client.get("settings")
        changes: list[FieldChange] = []
        for path, (before, after) in fields.items():
            now = core.value_of(settings if isinstance(settings, Mapping) else {}, path)
            if core.same(path, now, before):
                continue  # already back
            conflict = not core.same(path, now, after)
            changes.append(FieldChange(path, now, before, conflict))
        plans.append(ClientPlan(entity_id, str(client.get("name") or name),
                                client.get("is_enabled") is not False, tuple(changes)))
    return DryRun("undo", batch.standard, tuple(plans), undoes=batch.id)


def _batch(workspace: Workspace, batch_id: str) -> BatchRecord:
    batch = workspace.store.batches.get(workspace.scope, batch_id.strip())
    if batch is None:
        raise StandardError(f"There is no batch {batch_id!r} in this workspace.")
    return batch


# --- the batch -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClientResult:
    entity_id: str
    name: str
    outcome: str  # waiting, sent, refused, conflict, failed, dropped
    reason: str | None = None
    resolution: str | None = None


@dataclass(frozen=True, slots=True)
class BatchResult:
    batch_id: str
    clients: tuple[ClientResult, ...]
    report: SendReport | None = field(default=None, compare=False)

    def count(self, outcome: str) -> int:
        return sum(1 for c in self.clients if c.outcome == outcome)


def new_batch_id() -> str:
    return "batch_" + uuid.uuid4().hex[:16]


async def apply(
    workspace: Workspace,
    plan: DryRun,
    *,
    initiator: object | None = None,
    batch_id: str | None = None,
) -> BatchResult:
    """Queue the dry run's changes as one batch (one transaction), send the queue as a save
    would (unless offline: then they wait), and return the result per client. A client
    skipped in the dry run, and an undo's conflicts, are not sent."""
    batch_id = batch_id or new_batch_id()
    chosen = plan.changing
    if not chosen:
        raise StandardError("Nothing to change: every chosen client already matches.")
    records = client_records(workspace, [c.entity_id for c in chosen])
    by_id = {str(c.get("id")): c for c in records.clients}

    def enqueue() -> tuple[QueuedEdit, ...]:
        edits: list[QueuedEdit] = []
        seqs: dict[str, int] = {}
        for client in chosen:
            settings = by_id.get(client.entity_id, {}).get("settings")
            values = {c.path: c.after for c in client.sendable}
            body = {"settings": core.settings_body(
                settings if isinstance(settings, Mapping) else {}, values)}
            edit = workspace.enqueue_client_changes(client.entity_id, body, batch=batch_id)
            edits.append(edit)
            seqs[client.entity_id] = edit.seq
        record = BatchRecord(
            batch_id, plan.kind, plan.standard, plan.undoes, utc_now(),
            {c.entity_id: {f.path: (f.before, f.after) for f in c.sendable} for c in chosen},
            {c.entity_id: c.name for c in chosen}, seqs,
        )
        workspace.store.batches.add(workspace.scope, record)
        return tuple(edits)

    report = await workspace.save_batch(enqueue, initiator=initiator)
    return BatchResult(batch_id, results(workspace, batch_id).clients, report)


def results(workspace: Workspace, batch_id: str) -> BatchResult:
    """Where each client of a batch stands now: from its activity rows (the outbox records
    every outcome there), so a batch sent later by `sync` or the window reads the same."""
    batch = _batch(workspace, batch_id)
    rows = workspace.store.activity.entries(workspace.scope, batch_id=batch.id)
    latest: dict[str, ActivityEntry] = {}
    for row in rows:  # newest first
        if row.entity_id is not None:
            latest.setdefault(row.entity_id, row)
    out = []
    for entity_id in batch.changes:
        found = latest.get(entity_id)
        out.append(ClientResult(
            entity_id, batch.names.get(entity_id, ""),
            found.outcome if found is not None else "waiting",
            found.reason if found is not None else None,
            found.resolution if found is not None else None,
        ))
    return BatchResult(batch.id, tuple(out))


def batches(workspace: Workspace) -> list[BatchRecord]:
    return workspace.store.batches.list(workspace.scope)

