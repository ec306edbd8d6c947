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

# Re-exported for the views (ui/ reads the cache's shapes through sync/, never store/).
__all__ = [
    "ActivityEntry",
    "BatchRecord",
    "BatchResult",
    "ClientDrift",
    "ClientPlan",
    "ClientResult",
    "DryRun",
    "FieldChange",
    "Standard",
    "StandardError",
    "StandardFileError",
    "StandardLibrary",
    "activity",
    "apply",
    "batches",
    "client_records",
    "compared_records",
    "drift",
    "dry_run",
    "export_file",
    "new_batch_id",
    "prune_activity",
    "read_file",
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
        old = self.get(standard.name)
        if old is not None:
            self.delete(old.name)
        path = self._path(standard.name)
        number = 1
        while path.exists():  # another standard's name makes the same file name
            number += 1
            path = path.with_name(f"{path.stem.rsplit('~', 1)[0]}~{number}{FILE_SUFFIX}")
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
    """Every cached client (with queued edits applied) and its units, read in one go; for a
    comparison, `values` holds the fields already picked out of the clients' records
    (entity id → path → value; `compared_records`)."""

    clients: list[dict[str, Any]]
    units: dict[str, list[dict[str, Any]]]
    values: dict[str, dict[str, Any]] = field(default_factory=dict)


def _edits_by_target(workspace: Workspace) -> dict[str, list[QueuedEdit]]:
    """The queued edits that change a client's or a unit's record, by the record's id."""
    edits: dict[str, list[QueuedEdit]] = {}
    for edit in workspace.store.outbox.list(workspace.scope):
        if edit.kind in _RECORD_EDITS:
            edits.setdefault(edit.target_id, []).append(edit)
    return edits


_RECORD_EDITS = frozenset({EditKind.UPDATE_ENTITY, EditKind.UPDATE_UNIT, EditKind.ENABLE_ENTITY,
                           EditKind.DISABLE_ENTITY, EditKind.SET_LOGO, EditKind.REMOVE_LOGO})


def client_records(workspace: Workspace, entity_ids: Iterable[str] | None = None
                   ) -> ClientRecords:
    """The clients as the window shows them: the cached JSON with the queued edits on top
    (held ones too: what the user typed), read with one query per table."""
    store, scope = workspace.store, workspace.scope
    wanted = None if entity_ids is None else set(entity_ids)
    edits = _edits_by_target(workspace)
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


_CLIENT_PATHS = ("$.name", "$.is_enabled", "$.country_code", "$.locale", "$.metadata")


def _json_paths(fields: Iterable[core.StandardField]) -> list[tuple[str, str, str | None]]:
    """(JSON path, settings key, key inside) for each field, e-mail defaults in both
    spellings (the flat one first: it wins)."""
    out: list[tuple[str, str, str | None]] = []
    for spec in fields:
        sub = spec.sub_key
        if sub is None:
            out.append((f"$.settings.{spec.key}", spec.key, None))
            continue
        out.append((f"$.settings.{spec.key}.{sub}", spec.key, sub))
        if spec.key == "email_defaults":
            doc, _, part = sub.rpartition("_")
            out.append((f"$.settings.email_defaults.{doc}.{part}", spec.key, sub))
    return out


def _pickers(paths: list[tuple[str, str, str | None]]) -> list[tuple[str, int, int]]:
    """Per field, where its value is among the values SQLite picked: (path, index of the
    value, index of the e-mail default's nested spelling or -1)."""
    where: dict[str, list[int]] = {}
    for index, (_, key, sub) in enumerate(paths):
        where.setdefault(key if sub is None else f"{key}.{sub}", []).append(index)
    skip = len(_CLIENT_PATHS)
    return [(path, found[0] + skip, found[1] + skip if len(found) > 1 else -1)
            for path, found in where.items()]


def _picked(pickers: list[tuple[str, int, int]], values: list[Any]) -> dict[str, Any]:
    """Path → value from the values SQLite picked: the flat spelling of an e-mail default
    first, its nested spelling where the flat one is missing (`core.standards.value_of`).
    `pickers` index `values` as they came, the client's own fields first."""
    found: dict[str, Any] = {}
    for path, first, second in pickers:
        value = values[first]
        if (value is None or isinstance(value, dict)) and second >= 0:
            value = values[second]
        found[path] = None if isinstance(value, dict) else value
    return found


def compared_records(workspace: Workspace, standard: Standard,
                     entity_ids: Iterable[str] | None = None, *, units: bool = True
                     ) -> ClientRecords:
    """`client_records` reduced to what comparing with `standard` reads: SQLite picks those
    values out of each cached record (B14: thousands of clients are not parsed whole). A
    record with queued edits is read whole and the edits applied, as the window shows it.
    Without `units`, no business unit is read (the counts of differing fields do not depend
    on them; `client_drift` names the units hiding a field, for one client)."""
    store, scope = workspace.store, workspace.scope
    wanted = None if entity_ids is None else set(entity_ids)
    edits = _edits_by_target(workspace)
    fields = standard.fields()
    entity_paths = _json_paths(fields)
    pickers = _pickers(entity_paths)
    picked: dict[str, dict[str, Any]] = {}
    clients: list[dict[str, Any]] = []
    for entity_id, values in store.entities.extract(
            scope, [*_CLIENT_PATHS, *(p for p, _, _ in entity_paths)]):
        if wanted is not None and entity_id not in wanted:
            continue
        pending = edits.get(entity_id)
        if pending:
            record = store.entities.get(scope, entity_id)
            if record is not None:
                clients.append(apply_edits(record, pending))
            continue
        name, enabled, country, locale, metadata = values[:5]  # `_CLIENT_PATHS`
        clients.append({"id": entity_id, "name": name, "is_enabled": enabled,
                        "country_code": country, "locale": locale, "metadata": metadata})
        picked[entity_id] = _picked(pickers, values)
    found_units: dict[str, list[dict[str, Any]]] = {}
    overridable = sorted({f.key for f in fields if f.unit_overridable})
    if not overridable or not units:
        return ClientRecords(clients, found_units, picked)
    # and the units with queued edits (a unit's JSON holds its own id)
    mentioning = [*overridable, *(t for t in edits if "unit_" in t)]
    for unit_id, owner, (name, deleted_at, active, settings, _) in store.units.extract(
            scope, ["$.name", "$.deleted_at", "$.is_active", "$.settings"],
            mentioning=mentioning):
        if wanted is not None and owner not in wanted:
            continue
        pending = edits.get(unit_id)
        if pending:
            record = store.units.get(scope, unit_id)
            if record is not None:
                found_units.setdefault(owner, []).append(apply_edits(record, pending))
            continue
        if not settings:
            continue  # a unit without settings of its own hides nothing
        found_units.setdefault(owner, []).append({"id": unit_id, "name": name,
                                            "deleted_at": deleted_at, "is_active": active,
                                            "settings": settings})
    return ClientRecords(clients, found_units, picked)


# --- drift -----------------------------------------------------------------------------------


def drift(
    workspace: Workspace,
    standard: Standard,
    *,
    records: ClientRecords | None = None,
    units: bool = False,
) -> list[ClientDrift]:
    """Every client the standard applies to, in name order, compared field by field; with
    `units`, each with the business units hiding a field (else `client_drift` tells that
    for the one client a view shows)."""
    records = records or compared_records(workspace, standard, units=units)
    comparison = core.Comparison(standard)
    applies = standard.applies_to
    by_client = records.units
    picked = records.values
    return [
        comparison.client(client, by_client.get(key, ()), picked.get(key))
        for client in records.clients
        if applies.matches(client) and (key := str(client.get("id"))) is not None
    ]


def client_drift(workspace: Workspace, standard: Standard, entity_id: str
                 ) -> ClientDrift | None:
    """One client against the standard, its units included (None: not cached)."""
    records = client_records(workspace, [entity_id])
    if not records.clients:
        return None
    return core.compare(standard, records.clients[0], records.units.get(entity_id, ()))


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
    return _dry_run(workspace, standard, entity_ids, include_disabled, records)


def _dry_run(workspace: Workspace, standard: Standard, entity_ids: Sequence[str],
             include_disabled: bool, records: ClientRecords | None) -> DryRun:
    records = records or compared_records(workspace, standard, entity_ids)
    by_id = {str(c.get("id")): c for c in records.clients}
    comparison = core.Comparison(standard)
    plans: list[ClientPlan] = []
    for entity_id in dict.fromkeys(entity_ids):
        client = by_id.get(entity_id)
        if client is None:
            plans.append(ClientPlan(entity_id, "", False, (), "not in the local cache"))
            continue
        compared = comparison.client(client, (), records.values.get(entity_id))
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



# --- the activity log, for the views --------------------------------------------------------


def activity(
    workspace: Workspace,
    *,
    entity_ids: Iterable[str] | None = None,
    since: str | None = None,
    kinds: Iterable[str] | None = None,
    text: str = "",
    limit: int = 5_000,
) -> list[ActivityEntry]:
    """The workspace's activity, newest first (see `store.activity.ActivityLog.entries`)."""
    return workspace.store.activity.entries(workspace.scope, entity_ids=entity_ids,
                                            since=since, kinds=kinds, text=text, limit=limit)


def prune_activity(workspace: Workspace) -> int:
    """Drop rows older than the log keeps (24 months); the Activity view calls it when it
    opens, so a log never grows without end."""
    return workspace.store.activity.prune()
