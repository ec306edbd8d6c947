"""The activity log: every change made from this workstation, and what became of it.

Rows are written where edits enter the outbox and where their outcome is recorded
(`Outbox._queue`, `mark_sent`, `mark_conflict`, `discard`, `retry`, `resolve`), in the same
transaction, so the log and the queue never disagree: single edits and batches alike,
documents issued, voided and sent. Access changes are not queued (they go to the service at
once, `sync.access`) and are recorded by `record` when the service has answered.

Each row: when, which client, which record (unit, document, …), which fields, the values
before and after (fields at the depth a bookkeeper reads them: `settings.number_formats.
invoice`), the batch it belongs to, and the outcome: `waiting`, `sent`, `refused` (with the
service's reason), `conflict`, `failed`, `dropped`, and for a decided conflict how it was
resolved. An edit folded into a waiting one (the outbox's merge rule) keeps a row of its own
that shares the outcome of the edit it joined.

What is never kept: an API key (values pass `logs.redact`), the body of an e-mail sent
(`body_text`: only its length), and of e-mail templates and other long texts only the first
`EXCERPT` characters. Rows younger than `KEEP_MONTHS` months are never pruned.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from si_desktop.logs import redact
from si_desktop.store.database import Database, utc_now
from si_desktop.store.scopes import Scope

KEEP_MONTHS = 24
EXCERPT = 60
"""Characters kept of a long text value (an e-mail template, a note): enough to recognise it."""
OUTCOMES = ("waiting", "sent", "refused", "conflict", "failed", "dropped", "done")
_FINAL = ("sent", "dropped", "done")
_SECRET_FIELDS = frozenset({"body_text", "api_key", "key", "token", "password", "secret"})
"""Fields whose value is never kept, only its length: a sent e-mail's text, and anything
named like a credential."""


@dataclass(frozen=True, slots=True)
class ActivityEntry:
    """One change and its outcome."""

    id: int
    at: str
    kind: str  # an outbox edit kind (`update_entity`, `issue_document`, …) or `access_*`
    entity_id: str | None
    record_kind: str  # entity, unit, document, payment, customer, access
    target_id: str
    fields: tuple[str, ...]
    before: dict[str, Any]
    after: dict[str, Any]
    outcome: str
    reason: str | None
    resolution: str | None
    batch_id: str | None
    seq: int | None
    updated_at: str


def safe_value(path: str, value: Any) -> Any:
    """A value as the log keeps it: keys redacted, a sent e-mail's text never (its length
    only), long texts (e-mail templates, notes) cut to `EXCERPT` characters, lists counted
    (a document's items), objects kept to their first 20 keys."""
    leaf = path.rsplit(".", 1)[-1]
    if leaf in _SECRET_FIELDS:
        return None if value is None else f"({len(str(value))} characters, not kept)"
    if isinstance(value, str):
        text = redact(value)
        if len(text) > EXCERPT:
            return text[:EXCERPT] + f"… ({len(value)} characters)"
        return text
    if isinstance(value, list):
        return f"({len(value)} entries)"
    if isinstance(value, Mapping):
        return {str(k): safe_value(f"{path}.{k}", v) for k, v in list(value.items())[:20]}
    return value


def field_changes(
    payload: Mapping[str, Any], base: Mapping[str, Any] | None
) -> tuple[list[str], dict[str, Any], dict[str, Any]]:
    """The fields a body sets, and their values before (from `base`) and after, split to the
    depth a person reads them (settings per key, per-type settings per type)."""
    fields: list[str] = []
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}

    def add(path: str, old: Any, new: Any) -> None:
        if old == new and base is not None:
            return
        fields.append(path)
        after[path] = safe_value(path, new)
        if base is not None:
            before[path] = safe_value(path, old)

    base_settings = (base or {}).get("settings")
    base_settings = base_settings if isinstance(base_settings, Mapping) else {}
    for key, value in payload.items():
        if key == "settings" and isinstance(value, Mapping):
            for name, item in value.items():
                old = base_settings.get(name)
                if isinstance(item, Mapping) and (old is None or isinstance(old, Mapping)):
                    old_map = old if isinstance(old, Mapping) else {}
                    for sub in dict.fromkeys([*item, *old_map]):
                        add(f"settings.{name}.{sub}", old_map.get(sub), item.get(sub))
                else:
                    add(f"settings.{name}", old, item)
        else:
            add(key, (base or {}).get(key), value)
    return fields, before, after


def _entry(row: tuple[Any, ...]) -> ActivityEntry:
    return ActivityEntry(
        id=int(row[0]), at=row[1], kind=row[2], entity_id=row[3], record_kind=row[4],
        target_id=row[5], fields=tuple(json.loads(row[6] or "[]")),
        before=json.loads(row[7] or "{}"), after=json.loads(row[8] or "{}"), outcome=row[9],
        reason=row[10], resolution=row[11], batch_id=row[12], seq=row[13], updated_at=row[14],
    )


_COLUMNS = ("a.id, a.at, a.kind, a.entity_id, a.record_kind, a.target_id, a.fields, a.before,"
            " a.after, a.outcome, a.reason, a.resolution, a.batch_id, a.seq, a.updated_at")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


class ActivityLog:
    """The log of one cache file (every scope's rows, kept apart by `scope_id`)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    # -- written by the outbox, inside its transactions --------------------------------------

    def note_queued(
        self,
        conn: sqlite3.Connection,
        scope_id: int,
        *,
        seq: int,
        kind: str,
        entity_id: str | None,
        record_kind: str,
        target_id: str,
        payload: Mapping[str, Any],
        base: Mapping[str, Any] | None,
        batch_id: str | None,
    ) -> None:
        fields, before, after = field_changes(payload, base)
        now = utc_now()
        conn.execute(
            "INSERT INTO activity (scope_id, at, kind, entity_id, record_kind, target_id,"
            " fields, before, after, outcome, batch_id, seq, updated_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,'waiting',?,?,?)",
            (scope_id, now, kind, entity_id, record_kind, target_id, _dumps(fields),
             _dumps(before), _dumps(after), batch_id, seq, now),
        )

    @staticmethod
    def note_outcome(
        conn: sqlite3.Connection,
        seq: int,
        outcome: str,
        *,
        reason: str | None = None,
        resolution: str | None = None,
    ) -> None:
        """What became of the queued edit `seq` (every row that joined it). A row that is
        final already stays as it is; a resolution, once said, is kept."""
        conn.execute(
            "UPDATE activity SET outcome = ?, reason = coalesce(?, reason),"
            " resolution = coalesce(?, resolution),"
            f" updated_at = ? WHERE seq = ? AND outcome NOT IN {_FINAL!r}",
            (outcome, None if reason is None else redact(reason)[:300], resolution, utc_now(),
             seq),
        )

    @staticmethod
    def outcome_of(conn: sqlite3.Connection, seq: int) -> str | None:
        row = conn.execute(
            "SELECT outcome FROM activity WHERE seq = ? ORDER BY id DESC LIMIT 1", (seq,)
        ).fetchone()
        return None if row is None else str(row[0])

    # -- written by the sync layer -------------------------------------------------------------

    def record(
        self,
        scope: Scope,
        *,
        kind: str,
        entity_id: str | None,
        target_id: str,
        after: Mapping[str, Any],
        before: Mapping[str, Any] | None = None,
        record_kind: str = "access",
        outcome: str = "done",
        reason: str | None = None,
    ) -> None:
        """A change that did not go through the outbox (access: sent at once), after the
        service answered (`outcome` done) or refused it (`refused`, `reason`)."""
        safe_after = {k: safe_value(k, v) for k, v in after.items()}
        safe_before = {k: safe_value(k, v) for k, v in (before or {}).items()}
        now = utc_now()
        with self._db.write() as conn:
            scope_id = self._db.scope_id(conn, scope, create=True)
            conn.execute(
                "INSERT INTO activity (scope_id, at, kind, entity_id, record_kind, target_id,"
                " fields, before, after, outcome, reason, updated_at)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (scope_id, now, kind, entity_id, record_kind, target_id,
                 _dumps(list(dict.fromkeys([*safe_before, *safe_after]))), _dumps(safe_before),
                 _dumps(safe_after), outcome, None if reason is None else redact(reason)[:300],
                 now),
            )

    # -- read by the Activity view and the batches -------------------------------------------

    def entries(
        self,
        scope: Scope,
        *,
        entity_ids: Iterable[str] | None = None,
        since: str | None = None,
        until: str | None = None,
        kinds: Iterable[str] | None = None,
        batch_id: str | None = None,
        text: str = "",
        limit: int = 10_000,
    ) -> list[ActivityEntry]:
        """The scope's rows, newest first, filtered by client, period (`at` from `since`,
        before `until`; ISO texts), kind, batch and a text found in any of their values."""
        sql = (f"SELECT {_COLUMNS} FROM activity a JOIN scopes s ON s.id = a.scope_id"
               " WHERE s.account = ? AND s.environment = ?")
        args: list[Any] = [scope.account, scope.environment]
        if entity_ids is not None:
            ids = list(entity_ids)
            sql += f" AND a.entity_id IN ({','.join('?' * len(ids))})"
            args.extend(ids)
        if since:
            sql += " AND a.at >= ?"
            args.append(since)
        if until:
            sql += " AND a.at < ?"
            args.append(until)
        if kinds is not None:
            wanted = list(kinds)
            sql += f" AND a.kind IN ({','.join('?' * len(wanted))})"
            args.extend(wanted)
        if batch_id is not None:
            sql += " AND a.batch_id = ?"
            args.append(batch_id)
        if text:
            sql += (" AND (instr(lower(a.fields || a.before || a.after || a.target_id ||"
                    " coalesce(a.entity_id, '') || coalesce(a.reason, '') ||"
                    " coalesce(a.batch_id, '')), lower(?)) > 0)")
            args.append(text)
        sql += " ORDER BY a.id DESC LIMIT ?"
        args.append(limit)
        with self._db.read() as conn:
            return [_entry(row) for row in conn.execute(sql, args)]

    def prune(self, *, now: dt.datetime | None = None, months: int = KEEP_MONTHS) -> int:
        """Remove rows older than `months` (never fewer than `KEEP_MONTHS`); returns how
        many went."""
        months = max(months, KEEP_MONTHS)
        moment = now or dt.datetime.now(dt.UTC)
        year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
        cutoff = moment.replace(year=year, month=month + 1, day=min(moment.day, 28))
        with self._db.write() as conn:
            return conn.execute(
                "DELETE FROM activity WHERE at < ?",
                (cutoff.strftime("%Y-%m-%dT%H:%M:%S"),),
            ).rowcount


# --- batches --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BatchRecord:
    """A bulk change as it was queued: per client, per field, the value before and after."""

    id: str
    kind: str  # "apply" or "undo"
    standard: str
    undoes: str | None
    created_at: str
    changes: dict[str, dict[str, tuple[Any, Any]]]  # entity id → path → (before, after)
    names: dict[str, str]  # entity id → the client's name when queued
    seqs: dict[str, int]  # entity id → the queued edit


class Batches:
    """The bulk changes made from this workstation (`sync.standards`), kept for their undo."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, scope: Scope, batch: BatchRecord) -> None:
        """Keep a batch (call it inside the transaction that queues its edits)."""
        body = {
            "changes": {e: {p: list(v) for p, v in f.items()} for e, f in batch.changes.items()},
            "names": batch.names,
            "seqs": batch.seqs,
        }
        with self._db.write() as conn:
            scope_id = self._db.scope_id(conn, scope, create=True)
            conn.execute(
                "INSERT INTO batches (scope_id, id, kind, standard, undoes, created_at, body)"
                " VALUES (?,?,?,?,?,?,?)",
                (scope_id, batch.id, batch.kind, batch.standard, batch.undoes,
                 batch.created_at, _dumps(body)),
            )

    def get(self, scope: Scope, batch_id: str) -> BatchRecord | None:
        with self._db.read() as conn:
            row = conn.execute(
                "SELECT b.id, b.kind, b.standard, b.undoes, b.created_at, b.body FROM batches b"
                " JOIN scopes s ON s.id = b.scope_id"
                " WHERE s.account = ? AND s.environment = ? AND b.id = ?",
                (scope.account, scope.environment, batch_id),
            ).fetchone()
        return None if row is None else _batch(row)

    def list(self, scope: Scope) -> list[BatchRecord]:
        with self._db.read() as conn:
            rows = conn.execute(
                "SELECT b.id, b.kind, b.standard, b.undoes, b.created_at, b.body FROM batches b"
                " JOIN scopes s ON s.id = b.scope_id"
                " WHERE s.account = ? AND s.environment = ? ORDER BY b.created_at DESC",
                (scope.account, scope.environment),
            ).fetchall()
        return [_batch(row) for row in rows]

    def undone_by(self, scope: Scope, batch_id: str) -> str | None:
        """The batch that undid `batch_id`, if one did."""
        with self._db.read() as conn:
            row = conn.execute(
                "SELECT b.id FROM batches b JOIN scopes s ON s.id = b.scope_id"
                " WHERE s.account = ? AND s.environment = ? AND b.undoes = ?",
                (scope.account, scope.environment, batch_id),
            ).fetchone()
        return None if row is None else str(row[0])


def _batch(row: tuple[Any, ...]) -> BatchRecord:
    body = json.loads(row[5])
    changes = {
        entity: {path: (pair[0], pair[1]) for path, pair in fields.items()}
        for entity, fields in body.get("changes", {}).items()
    }
    return BatchRecord(row[0], row[1], row[2], row[3], row[4], changes,
                       dict(body.get("names", {})),
                       {k: int(v) for k, v in body.get("seqs", {}).items()})
