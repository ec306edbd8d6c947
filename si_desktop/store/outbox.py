"""The outbox: edits the user made that the service has not confirmed yet.

Each queued edit keeps what the sync layer needs to send it once and only once and to detect
conflicts: its `kind`, the target record's id (a local id for a record created offline), the
partial body (`payload`), the `updated_at` of the record version it was based on, the values
the edited fields had in that version (`base`, for the field-by-field three-way merge), and a
`request_id` generated when the edit is queued and sent as `X-Request-Id` on every attempt.
Edits are sent in `seq` order. Every change is one committed transaction (see `database.py`),
so an edit `enqueue` returned survives a crash or `kill -9` at any later moment. The same
transactions write the activity log (`store.activity`): a row when an edit is queued, its
outcome when it is sent, held, retried, resolved or dropped.

Editing a record again while an edit for it is waiting (the merge rule):

* Only the latest queued edit for the same record can absorb the new one, and only while it is
  `pending` and has never been attempted (`attempts == 0`). Once an attempt has started the
  service may already have applied that body under that request id; the idempotency cache would
  answer a changed body with the old result, so the new edit is queued separately.
* `update_*` after `create_*` or `update_*` of the same record: the payloads are merged the way
  the service merges a second update into the first, so sending the merged body equals sending
  both in order. Top-level keys: the later value wins. `settings`: merged key by key (the later
  wins; `null` stays `null`, which clears). `settings.translations` and
  `settings.unit_number_sequence_starts`: one level deeper. When that equivalence cannot be
  kept (for instance the first edit cleared `settings.translations` with `null` and the second
  sets one language) nothing is merged and the second edit is queued after the first.
  The merged edit keeps the first edit's `request_id`, `base_updated_at` and, per field, the
  first known `base` value: it is still one change against the version the user started from.
* `enable_entity`/`disable_entity` after either of them: the later replaces the earlier (both
  are idempotent; only the last switch matters).
* `set_logo`/`remove_logo` after either of them, for the same record: the later replaces the
  earlier (only the last logo the user chose matters), unless the earlier one's file has been
  uploaded already.
* Everything else is appended: archives, creates, and edits after a different kind of edit.

`resolve` rewrites an edit after a conflict (the user's choice); if that edit had been attempted
it gets a fresh `request_id`, because the old id is bound to the old body and its answer.

The user's own values (`sent`). `note_attempt` adds the body about to go out to the edit's
`sent` list: until its answer arrives, nobody knows whether the service applied it (a lost
answer, `kill -9`, a 5xx after the write). When an edit leaves the queue its bodies are handed
on to the edits of the same record queued after it: on confirmation its body and everything it
sent (those values are the user's own on the service now), on a discard only what it sent. The
conflict check then takes a service value found in `sent` as the user's own, not someone
else's (`sync.conflicts.three_way`), so a replayed save never conflicts with itself. The list
is kept short (`MAX_SENT` bodies, the latest).

Logos (`enqueue_logo`). A logo is a file and a link to it: `set_logo` uploads the file, then sends
the link as an ordinary update of the client (`settings.has_logo = true`) or of the unit
(`logo_file_id`); `remove_logo` sends only the link (`false` / `null`). The file's name, content
type and bytes go into `outbox_files` in the edit's own transaction, so a logo queued offline
survives a crash like any edit. Until the upload is answered a unit's link names a local file id
(`local_file_…`); `note_upload` then records the service's file id in the same row and in the
body. The upload goes out with the edit's `request_id`, the link with `link_request_id`, derived
from it: two requests, each with an id of its own that every attempt repeats.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from si_desktop.store.activity import ActivityLog
from si_desktop.store.database import Database, StoreError, utc_now
from si_desktop.store.scopes import Scope
from si_desktop.store.unreadable import UnreadableRows

_log = logging.getLogger("si_desktop.store")


class EditKind(StrEnum):
    CREATE_ENTITY = "create_entity"
    UPDATE_ENTITY = "update_entity"
    ENABLE_ENTITY = "enable_entity"
    DISABLE_ENTITY = "disable_entity"
    CREATE_UNIT = "create_unit"
    UPDATE_UNIT = "update_unit"
    ARCHIVE_UNIT = "archive_unit"
    SET_LOGO = "set_logo"  # the client's or a unit's (target_id: the entity or the unit)
    REMOVE_LOGO = "remove_logo"
    # Documents (target_id: the document; `local_inv_…` for a draft written offline)
    CREATE_DOCUMENT = "create_document"  # always created as a draft
    UPDATE_DOCUMENT = "update_document"
    ISSUE_DOCUMENT = "issue_document"  # finalize: only ever queued by the user's "Issue"
    VOID_DOCUMENT = "void_document"
    DELETE_DOCUMENT = "delete_document"  # drafts only
    SEND_DOCUMENT = "send_document"  # e-mail it: {to, subject, body_text, attach_pdf}
    CREATE_PAYMENT = "create_payment"  # target_id: the payment
    UPDATE_PAYMENT = "update_payment"
    DELETE_PAYMENT = "delete_payment"
    CREATE_CUSTOMER = "create_customer"  # target_id: the customer


ENTITY_KINDS = frozenset(
    {EditKind.CREATE_ENTITY, EditKind.UPDATE_ENTITY, EditKind.ENABLE_ENTITY,
     EditKind.DISABLE_ENTITY}
)
UNIT_KINDS = frozenset({EditKind.CREATE_UNIT, EditKind.UPDATE_UNIT, EditKind.ARCHIVE_UNIT})
DOCUMENT_KINDS = frozenset(
    {EditKind.CREATE_DOCUMENT, EditKind.UPDATE_DOCUMENT, EditKind.ISSUE_DOCUMENT,
     EditKind.VOID_DOCUMENT, EditKind.DELETE_DOCUMENT, EditKind.SEND_DOCUMENT}
)
PAYMENT_KINDS = frozenset(
    {EditKind.CREATE_PAYMENT, EditKind.UPDATE_PAYMENT, EditKind.DELETE_PAYMENT}
)
CUSTOMER_KINDS = frozenset({EditKind.CREATE_CUSTOMER})
#: Edits that make a new record (its target is a local id until the service answers).
CREATE_KINDS = frozenset(
    {EditKind.CREATE_ENTITY, EditKind.CREATE_UNIT, EditKind.CREATE_DOCUMENT,
     EditKind.CREATE_PAYMENT, EditKind.CREATE_CUSTOMER}
)
#: Body fields that name another record: a local id there follows that record's create
#: (`Outbox.remap_id`), and the edit waits until it has (`QueuedEdit.references`).
REFERENCE_FIELDS = ("customer_id", "invoice_id", "credit_note_id", "linked_documents")
_TOGGLES = frozenset({EditKind.ENABLE_ENTITY, EditKind.DISABLE_ENTITY})
LOGO_KINDS = frozenset({EditKind.SET_LOGO, EditKind.REMOVE_LOGO})
_MERGES_INTO = {
    EditKind.UPDATE_ENTITY: frozenset({EditKind.CREATE_ENTITY, EditKind.UPDATE_ENTITY}),
    EditKind.UPDATE_UNIT: frozenset({EditKind.CREATE_UNIT, EditKind.UPDATE_UNIT}),
    EditKind.UPDATE_DOCUMENT: frozenset({EditKind.CREATE_DOCUMENT, EditKind.UPDATE_DOCUMENT}),
    EditKind.UPDATE_PAYMENT: frozenset({EditKind.CREATE_PAYMENT, EditKind.UPDATE_PAYMENT}),
}
#: Settings keys the service merges one level deeper than the rest.
DEEP_SETTINGS_KEYS = frozenset({"translations", "unit_number_sequence_starts"})
LOCAL_ID_PREFIX = "local_"
MAX_SENT = 16
"""How many bodies an edit's `sent` keeps (the latest): enough for any run of retries."""
MAX_FILE_BYTES = 5 * 1024 * 1024
"""The largest file the service takes: bytes that could never be sent are not queued."""
_LINK_NAMESPACE = uuid.UUID("11353063-ce75-4bee-a203-6b957d9be86c")


class OutboxError(StoreError):
    """An outbox operation that cannot be done (unknown edit, frozen edit, bad arguments)."""


@dataclass(frozen=True, slots=True)
class QueuedEdit:
    seq: int
    scope: Scope
    kind: EditKind
    entity_id: str | None
    target_id: str
    payload: dict[str, Any]
    base: dict[str, Any] | None
    base_updated_at: str | None
    request_id: str
    created_at: str
    updated_at: str
    attempts: int
    last_error: str | None
    state: str
    sent: tuple[dict[str, Any], ...] = ()  # bodies this and earlier edits of the record sent

    @property
    def is_local_target(self) -> bool:
        """The target was created offline and has no service id yet."""
        return is_local_id(self.target_id)

    @property
    def targets_unit(self) -> bool:
        """The edit changes a business unit, not the client itself (a logo edit names its
        record by `target_id`: the entity's own id for the client's logo)."""
        if self.kind in LOGO_KINDS:
            return self.target_id != self.entity_id
        return self.kind in UNIT_KINDS

    @property
    def record_kind(self) -> str:
        """What the target is: "entity", "unit", "document", "payment" or "customer"."""
        if self.kind in DOCUMENT_KINDS:
            return "document"
        if self.kind in PAYMENT_KINDS:
            return "payment"
        if self.kind in CUSTOMER_KINDS:
            return "customer"
        return "unit" if self.targets_unit else "entity"

    @property
    def references(self) -> tuple[str, ...]:
        """The local ids (records created offline, not sent yet) the body names: the edit
        cannot go before they exist on the service."""
        return tuple(ref for ref in referenced_ids(self.payload) if is_local_id(ref))

    @property
    def link_request_id(self) -> str:
        """The `X-Request-Id` of a `set_logo` edit's second request, the link to the uploaded
        file. Derived from `request_id`, so every attempt (after a crash too) repeats it, and a
        fresh `request_id` (see `Outbox.resolve`) gives a fresh one."""
        return str(uuid.uuid5(_LINK_NAMESPACE, self.request_id))


@dataclass(frozen=True, slots=True)
class LogoFile:
    """A file the user chose, to be uploaded by a queued edit."""

    filename: str
    content_type: str
    data: bytes
    category: str = "logo"


@dataclass(frozen=True, slots=True)
class QueuedFile:
    """The file of a queued `set_logo` edit, as committed with it."""

    seq: int
    local_id: str
    filename: str
    content_type: str
    category: str
    data: bytes
    file_id: str | None  # the service's id, once the upload was answered

    @property
    def id(self) -> str:
        """The service's id once known, else the local one."""
        return self.file_id or self.local_id


def new_local_id(kind: str = "ent") -> str:
    """A temporary id for a record created offline. It never has the service's id shape
    (`<prefix>_<24 hex>`), so it cannot be put into a URL by mistake."""
    return f"{LOCAL_ID_PREFIX}{kind}_{uuid.uuid4().hex}"


def is_local_id(record_id: str) -> bool:
    return record_id.startswith(LOCAL_ID_PREFIX)


def referenced_ids(payload: Mapping[str, Any]) -> list[str]:
    """The record ids a body names in its `REFERENCE_FIELDS`."""
    found: list[str] = []
    for key in REFERENCE_FIELDS:
        value = payload.get(key)
        for item in value if isinstance(value, list) else [value]:
            ref = item.get("id") if isinstance(item, Mapping) else item
            if isinstance(ref, str) and ref:
                found.append(ref)
    return found


def _renamed_references(
    payload: Mapping[str, Any], local_id: str, service_id: str
) -> dict[str, Any]:
    """`payload` with `local_id` replaced by `service_id` wherever a reference names it."""
    def swap(item: Any) -> Any:
        if item == local_id:
            return service_id
        if isinstance(item, Mapping) and item.get("id") == local_id:
            return {**item, "id": service_id}
        return item

    out = dict(payload)
    for key in REFERENCE_FIELDS:
        value = out.get(key)
        if isinstance(value, list):
            out[key] = [swap(item) for item in value]
        elif key in out:
            out[key] = swap(value)
    return out


_MISSING = object()


def merge_payloads(earlier: Mapping[str, Any], later: Mapping[str, Any]) -> dict[str, Any] | None:
    """One body equivalent to sending `earlier` then `later`, or None if there is none."""
    merged = dict(earlier)
    for key, value in later.items():
        if key != "settings":
            merged[key] = value
            continue
        previous = merged.get(key, _MISSING)
        if previous is _MISSING:
            merged[key] = value
        elif isinstance(previous, Mapping) and isinstance(value, Mapping):
            settings = _merge_settings(previous, value)
            if settings is None:
                return None
            merged[key] = settings
        else:
            return None
    return merged


def _merge_settings(
    earlier: Mapping[str, Any], later: Mapping[str, Any]
) -> dict[str, Any] | None:
    merged = dict(earlier)
    for key, value in later.items():
        previous = merged.get(key, _MISSING)
        if key in DEEP_SETTINGS_KEYS and isinstance(value, Mapping) and previous is not _MISSING:
            if not isinstance(previous, Mapping):
                return None  # cleared, then partly set: not expressible in one body
            merged[key] = {**previous, **value}
        else:
            merged[key] = value
    return merged


def project_base(
    payload: Mapping[str, Any],
    record: Mapping[str, Any] | None,
    watch: tuple[str, ...] = (),
) -> dict[str, Any] | None:
    """The values the payload's fields (and the `watch`ed ones) had in `record` (settings
    one level deep)."""
    if record is None:
        return None
    base: dict[str, Any] = {key: record.get(key) for key in watch}
    for key, value in payload.items():
        if key == "settings" and isinstance(value, Mapping):
            settings = record.get("settings")
            settings = settings if isinstance(settings, Mapping) else {}
            base[key] = {name: settings.get(name) for name in value}
        else:
            base[key] = record.get(key)
    return base


def _merge_bases(
    earlier: dict[str, Any] | None, later: dict[str, Any] | None
) -> dict[str, Any] | None:
    """Per field, the first known base value wins: it is the value before any local edit."""
    if earlier is None or later is None:
        return earlier if later is None else later
    merged = dict(later)
    for key, value in earlier.items():
        if key == "settings" and isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    return merged


_COLUMNS = (
    "o.seq, s.account, s.environment, o.kind, o.entity_id, o.target_id, o.payload, o.base_json,"
    " o.base_updated_at, o.request_id, o.created_at, o.updated_at, o.attempts, o.last_error,"
    " o.state, o.sent_json"
)
_SELECT = f"SELECT {_COLUMNS} FROM outbox AS o JOIN scopes AS s ON s.id = o.scope_id"


UNREADABLE_EDIT = (
    "This queued edit could not be read back from the local cache (its stored body is "
    "damaged), so it cannot be sent; drop it, or make the change again."
)


def _edit(row: tuple[Any, ...], unreadable: UnreadableRows | None = None) -> QueuedEdit:
    """A row as a `QueuedEdit`. A row whose body or base cannot be parsed is never sent
    and never hidden: it comes back held as refused (state `conflict`, `UNREADABLE_EDIT`,
    an empty body), so that the user sees it and can drop it, and it is noted in
    `unreadable` (the log says which edit)."""
    try:
        payload = json.loads(row[6])
        base = None if row[7] is None else json.loads(row[7])
        if not isinstance(payload, dict) or not isinstance(base, dict | None):
            raise TypeError("not a JSON object")
    except (TypeError, ValueError, RecursionError) as error:
        if unreadable is not None:
            unreadable.note("outbox", str(row[9]), error)
        else:
            _log.warning("queued edit %s cannot be read (%s)", row[0], type(error).__name__)
        payload, base = {}, None
        state = "conflict"
        last_error: str | None = json.dumps(
            {"kind": "rejected", "message": UNREADABLE_EDIT, "issues": []}
        )
    else:
        state, last_error = row[14], row[13]
    return QueuedEdit(
        seq=row[0],
        scope=Scope(row[1], row[2]),
        kind=EditKind(row[3]),
        entity_id=row[4],
        target_id=row[5],
        payload=payload,
        base=base,
        base_updated_at=row[8],
        request_id=row[9],
        created_at=row[10],
        updated_at=row[11] or row[10],
        attempts=row[12],
        last_error=last_error,
        state=state,
        sent=_sent_bodies(row[15]),
    )


def _sent_bodies(raw: str | None) -> tuple[dict[str, Any], ...]:
    """The `sent_json` column as bodies; what cannot be read counts as nothing sent (the
    conflict check then asks the user, as it would have before)."""
    if not raw:
        return ()
    try:
        bodies = json.loads(raw)
    except (ValueError, RecursionError):
        return ()
    if not isinstance(bodies, list):
        return ()
    return tuple(body for body in bodies if isinstance(body, dict))


def _with_sent(
    sent: tuple[dict[str, Any], ...], bodies: tuple[dict[str, Any], ...]
) -> list[dict[str, Any]]:
    """`sent` with `bodies` added (each once, empty ones left out), the latest `MAX_SENT`."""
    out = list(sent)
    for body in bodies:
        if body and body not in out:
            out.append(body)
    return out[-MAX_SENT:]


def _held_outcome(detail: str | None) -> tuple[str, str | None]:
    """The activity outcome of an edit held with `detail` (see `sync.conflicts`), and why."""
    try:
        parsed = json.loads(detail or "")
    except ValueError:
        return "conflict", detail
    if not isinstance(parsed, dict):
        return "conflict", None
    if parsed.get("kind") == "rejected":
        return "refused", str(parsed.get("message") or "") or None
    if parsed.get("kind") == "failed":
        return "failed", str(parsed.get("message") or "") or None
    fields = [".".join(str(p) for p in item.get("field") or ())
              for item in parsed.get("fields") or () if isinstance(item, dict)]
    return "conflict", ("changed on the service too: " + ", ".join(fields)) if fields else None


def _dumps(value: Any) -> str:
    """JSON for a column: readable UTF-8, or escaped where a string holds what UTF-8 cannot
    (a lone surrogate taken from the service), so that the write never fails on it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(value, ensure_ascii=True, separators=(",", ":"))
    return text


class Outbox:
    """The queue of edits not yet confirmed by the service, per scope, in order."""

    def __init__(self, db: Database) -> None:
        self._db = db
        # Written here, in the same transactions: where edits enter and leave the queue.
        self.activity = ActivityLog(db)

    def enqueue(
        self,
        scope: Scope,
        kind: EditKind | str,
        target_id: str,
        payload: Mapping[str, Any] | None = None,
        *,
        entity_id: str | None = None,
        base_updated_at: str | None = None,
        base_record: Mapping[str, Any] | None = None,
        watch: tuple[str, ...] = (),
        batch: str | None = None,
    ) -> QueuedEdit:
        """Queue an edit (or fold it into the waiting one, see the module's merge rule).

        `base_record` is the record as last received from the service (not with queued edits
        applied); the values of the fields the payload touches, and of the `watch`ed ones
        (what an issue, void or delete is checked against), are kept as the edit's base.
        `batch` names the bulk change the edit belongs to (its activity row says so).
        When the call returns the edit is committed, and so is its row in the activity log.
        """
        try:
            kind = EditKind(kind)
        except ValueError as exc:
            raise OutboxError(f"unknown edit kind {kind!r}") from exc
        if kind in LOGO_KINDS:
            raise OutboxError("a logo is queued with enqueue_logo (its file goes with it)")
        if not target_id:
            raise OutboxError("an edit needs the id of the record it changes")
        if kind in ENTITY_KINDS:
            if entity_id not in (None, target_id):
                raise OutboxError("an entity edit's entity is its target")
            entity_id = target_id
        elif not entity_id:
            raise OutboxError(
                "an edit of a unit, document, payment or customer needs the client it "
                "belongs to"
            )
        return self._queue(
            scope, kind, target_id, dict(payload or {}), entity_id,
            base_updated_at=base_updated_at, base_record=base_record, watch=watch, batch=batch,
        )

    def enqueue_logo(
        self,
        scope: Scope,
        entity_id: str,
        unit_id: str | None = None,
        file: LogoFile | None = None,
        *,
        base_updated_at: str | None = None,
        base_record: Mapping[str, Any] | None = None,
    ) -> QueuedEdit:
        """Queue a new logo (`file`) for the client, or for its unit when `unit_id` is given,
        or the removal of that logo (`file=None`). The body is the link only (see the module
        docstring); the file is committed with the edit. `base_record` as for `enqueue`."""
        if not entity_id or unit_id == "":
            raise OutboxError("a logo edit needs its client (and unit, if it is a unit's)")
        local_file: str | None = None
        if file is not None:
            if not file.data or len(file.data) > MAX_FILE_BYTES:
                raise OutboxError("a logo file must hold 1 byte to 5 MB")
            if not file.filename or not file.content_type or not file.category:
                raise OutboxError("a logo file needs a name, a content type and a category")
            local_file = new_local_id("file")
        body: dict[str, Any] = (
            {"settings": {"has_logo": file is not None}} if unit_id is None
            else {"logo_file_id": local_file}
        )
        kind = EditKind.REMOVE_LOGO if file is None else EditKind.SET_LOGO
        return self._queue(
            scope, kind, unit_id or entity_id, body, entity_id,
            base_updated_at=base_updated_at, base_record=base_record,
            file=None if file is None or local_file is None else (local_file, file),
        )

    def _queue(
        self,
        scope: Scope,
        kind: EditKind,
        target_id: str,
        body: dict[str, Any],
        entity_id: str,
        *,
        base_updated_at: str | None,
        base_record: Mapping[str, Any] | None,
        file: tuple[str, LogoFile] | None = None,
        watch: tuple[str, ...] = (),
        batch: str | None = None,
    ) -> QueuedEdit:
        _dumps(body)  # fail here, not half-way through the transaction, if not JSON
        base = project_base(body, base_record, watch)
        now = utc_now()
        with self._db.write() as conn:
            scope_id = self._db.scope_id(conn, scope, create=True)
            latest = conn.execute(
                f"{_SELECT} WHERE o.scope_id = ? AND o.target_id = ? ORDER BY o.seq DESC LIMIT 1",
                (scope_id, target_id),
            ).fetchone()
            edit = None
            if latest is not None:
                waiting = _edit(latest)
                edit = self._merge(conn, waiting, kind, body, base, now)
            if edit is None:
                cursor = conn.execute(
                    "INSERT INTO outbox (scope_id, request_id, kind, entity_id, target_id,"
                    " payload, base_json, base_updated_at, created_at, updated_at)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?)",
                    (
                        scope_id, str(uuid.uuid4()), str(kind), entity_id, target_id,
                        _dumps(body), None if base is None else _dumps(base), base_updated_at,
                        now, now,
                    ),
                )
                edit = self._get(conn, int(cursor.lastrowid or 0))
            if kind in LOGO_KINDS:
                conn.execute("DELETE FROM outbox_files WHERE seq = ?", (edit.seq,))
            if file is not None:
                local_id, chosen = file
                conn.execute(
                    "INSERT INTO outbox_files (seq, local_id, filename, content_type, category,"
                    " data) VALUES (?,?,?,?,?,?)",
                    (edit.seq, local_id, chosen.filename, chosen.content_type, chosen.category,
                     bytes(chosen.data)),
                )
            self.activity.note_queued(
                conn, scope_id or 0, seq=edit.seq, kind=str(kind), entity_id=entity_id,
                record_kind=edit.record_kind, target_id=target_id, payload=body,
                base=project_base(body, base_record), batch_id=batch,
            )
            return edit

    def _merge(
        self,
        conn: sqlite3.Connection,
        waiting: QueuedEdit,
        kind: EditKind,
        body: dict[str, Any],
        base: dict[str, Any] | None,
        now: str,
    ) -> QueuedEdit | None:
        if waiting.state != "pending" or waiting.attempts:
            return None
        if waiting.kind in _MERGES_INTO.get(kind, ()):
            payload = merge_payloads(waiting.payload, body)
            if payload is None:
                return None
            merged_base = _merge_bases(waiting.base, base)
            conn.execute(
                "UPDATE outbox SET payload = ?, base_json = ?, updated_at = ? WHERE seq = ?",
                (
                    _dumps(payload),
                    None if merged_base is None else _dumps(merged_base),
                    now,
                    waiting.seq,
                ),
            )
            return self._get(conn, waiting.seq)
        if kind in _TOGGLES and waiting.kind in _TOGGLES:
            conn.execute(
                "UPDATE outbox SET kind = ?, updated_at = ? WHERE seq = ?",
                (str(kind), now, waiting.seq),
            )
            return self._get(conn, waiting.seq)
        if kind in LOGO_KINDS and waiting.kind in LOGO_KINDS:
            uploaded = conn.execute(
                "SELECT 1 FROM outbox_files WHERE seq = ? AND file_id IS NOT NULL",
                (waiting.seq,),
            ).fetchone()
            if uploaded is not None:
                return None  # the service holds that file: the new logo is a change of its own
            merged_base = _merge_bases(waiting.base, base)
            conn.execute(
                "UPDATE outbox SET kind = ?, payload = ?, base_json = ?, updated_at = ?"
                " WHERE seq = ?",
                (
                    str(kind), _dumps(body),
                    None if merged_base is None else _dumps(merged_base), now, waiting.seq,
                ),
            )
            return self._get(conn, waiting.seq)
        return None

    @staticmethod
    def _get(conn: sqlite3.Connection, seq: int) -> QueuedEdit:
        row = conn.execute(f"{_SELECT} WHERE o.seq = ?", (seq,)).fetchone()
        if row is None:
            raise OutboxError(f"there is no queued edit {seq}")
        return _edit(row)

    def get(self, seq: int) -> QueuedEdit | None:
        with self._db.read() as conn:
            row = conn.execute(f"{_SELECT} WHERE o.seq = ?", (seq,)).fetchone()
        return None if row is None else _edit(row, self._db.unreadable)

    def file(self, seq: int) -> QueuedFile | None:
        """The file a queued `set_logo` edit uploads (None for other edits)."""
        with self._db.read() as conn:
            row = conn.execute(
                "SELECT seq, local_id, filename, content_type, category, data, file_id"
                " FROM outbox_files WHERE seq = ?",
                (seq,),
            ).fetchone()
        if row is None:
            return None
        return QueuedFile(int(row[0]), row[1], row[2], row[3], row[4], bytes(row[5]), row[6])

    def logo_edit(self, scope: Scope, target_id: str) -> QueuedEdit | None:
        """The latest queued logo edit of a client or unit (held ones included): the logo the
        user chose last, until the service confirms it."""
        kinds = sorted(str(kind) for kind in LOGO_KINDS)
        with self._db.read() as conn:
            row = conn.execute(
                f"{_SELECT} WHERE s.account = ? AND s.environment = ? AND o.target_id = ?"
                " AND o.kind IN (?, ?) ORDER BY o.seq DESC LIMIT 1",
                (scope.account, scope.environment, target_id, *kinds),
            ).fetchone()
        return None if row is None else _edit(row)

    def note_upload(self, seq: int, file_id: str) -> QueuedEdit:
        """The service answered a `set_logo` edit's upload with `file_id`: kept, so the upload is
        never made again, and a unit's link now names it."""
        if not file_id:
            raise OutboxError("an uploaded file needs the service's id")
        with self._db.write() as conn:
            edit = self._get(conn, seq)
            if conn.execute(
                "UPDATE outbox_files SET file_id = ? WHERE seq = ?", (file_id, seq)
            ).rowcount == 0:
                raise OutboxError(f"queued edit {seq} uploads no file")
            if edit.targets_unit:
                conn.execute(
                    "UPDATE outbox SET payload = ?, updated_at = ? WHERE seq = ?",
                    (_dumps({**edit.payload, "logo_file_id": file_id}), utc_now(), seq),
                )
            return self._get(conn, seq)

    def list(
        self, scope: Scope, *, entity_id: str | None = None, state: str | None = None
    ) -> list[QueuedEdit]:
        """A scope's queued edits in the order they must be sent."""
        sql = f"{_SELECT} WHERE s.account = ? AND s.environment = ?"
        args: list[Any] = [scope.account, scope.environment]
        if entity_id is not None:
            sql += " AND o.entity_id = ?"
            args.append(entity_id)
        with self._db.read() as conn:
            rows = conn.execute(sql + " ORDER BY o.seq", args).fetchall()
        edits = [_edit(row, self._db.unreadable) for row in rows]
        # by the state read back: an edit that cannot be read is held (see `_edit`)
        return edits if state is None else [edit for edit in edits if edit.state == state]

    def count(self, scope: Scope, *, entity_id: str | None = None) -> int:
        return len(self.list(scope, entity_id=entity_id))

    def counts_by_entity(self, scope: Scope) -> dict[str, int]:
        """Queued edits per entity (unit edits count for their entity)."""
        with self._db.read() as conn:
            scope_id = self._db.scope_id(conn, scope, create=False)
            if scope_id is None:
                return {}
            rows = conn.execute(
                "SELECT entity_id, count(*) FROM outbox WHERE scope_id = ? GROUP BY entity_id",
                (scope_id,),
            )
            return {entity_id: int(n) for entity_id, n in rows}

    def note_attempt(self, seq: int) -> QueuedEdit:
        """Call just before sending: counts the attempt, freezes the edit's body and adds it
        to the edit's `sent` (its answer may never arrive)."""
        with self._db.write() as conn:
            edit = self._get(conn, seq)
            conn.execute(
                "UPDATE outbox SET attempts = attempts + 1, sent_json = ?, updated_at = ?"
                " WHERE seq = ?",
                (_dumps(_with_sent(edit.sent, (edit.payload,))), utc_now(), seq),
            )
            return self._get(conn, seq)

    def note_failure(self, seq: int, error: str) -> None:
        """A send failed for a reason that a later retry may fix; the edit stays pending."""
        self._set(seq, "last_error = ?", error)

    def mark_sent(self, seq: int) -> bool:
        """The service confirmed the edit: it leaves the queue, and its values are handed on
        as the user's own to the edits of the record queued after it."""
        return self._remove(seq, confirmed=True)

    def discard(self, seq: int) -> bool:
        """The user chose to drop the edit (e.g. "keep theirs" in a conflict). What it sent
        may still have reached the service: that much is handed on as the user's own."""
        return self._remove(seq, confirmed=False)

    def _remove(self, seq: int, *, confirmed: bool) -> bool:
        with self._db.write() as conn:
            row = conn.execute(f"{_SELECT} WHERE o.seq = ?", (seq,)).fetchone()
            if row is None:
                return False
            edit = _edit(row)
            if confirmed:
                self.activity.note_outcome(conn, seq, "sent")
            elif (held := self.activity.outcome_of(conn, seq)) in ("refused", "conflict",
                                                                   "failed"):
                self.activity.note_outcome(conn, seq, str(held), resolution=(
                    "kept theirs" if held == "conflict" else "dropped"))
            else:
                self.activity.note_outcome(conn, seq, "dropped")
            own = (*edit.sent, edit.payload) if confirmed else edit.sent
            if own:
                self._hand_on(conn, edit, own)
            conn.execute("DELETE FROM outbox_files WHERE seq = ?", (seq,))
            return conn.execute("DELETE FROM outbox WHERE seq = ?", (seq,)).rowcount > 0

    def _hand_on(
        self, conn: sqlite3.Connection, edit: QueuedEdit, own: tuple[dict[str, Any], ...]
    ) -> None:
        """Add `own` to the `sent` of every edit of the same record queued after `edit`."""
        later = conn.execute(
            f"{_SELECT} WHERE o.scope_id = (SELECT scope_id FROM outbox WHERE seq = ?)"
            " AND o.target_id = ? AND o.seq > ?",
            (edit.seq, edit.target_id, edit.seq),
        ).fetchall()
        for row in later:
            after = _edit(row)
            conn.execute(
                "UPDATE outbox SET sent_json = ? WHERE seq = ?",
                (_dumps(_with_sent(after.sent, own)), after.seq),
            )

    def mark_conflict(self, seq: int, detail: str | None = None) -> None:
        """Hold the edit for the user (state `conflict`): the record changed on the service
        under the same fields, the service refused the change, or the sender gave up on it;
        `detail` (JSON, see `sync.conflicts`) says which. Edits of the same record queued
        after it wait with it."""
        with self._db.write() as conn:
            self._set(seq, "state = 'conflict', last_error = ?", detail)
            outcome, reason = _held_outcome(detail)
            self.activity.note_outcome(conn, seq, outcome, reason=reason)

    def retry(self, seq: int) -> QueuedEdit:
        """The user's "Try again" on a held edit: pending again, in its old place, with its
        body, base and `request_id` as they were. The same id makes the next attempt
        replay-safe: a change that reached the service (only its answer was unreadable) is
        not applied twice. (A refusal is tried again with `resolve`, which gives a fresh id:
        the service would replay its refusal for the old one.)"""
        with self._db.write() as conn:
            self._get(conn, seq)
            conn.execute(
                "UPDATE outbox SET state = 'pending', last_error = NULL, updated_at = ?"
                " WHERE seq = ?",
                (utc_now(), seq),
            )
            self.activity.note_outcome(conn, seq, "waiting", resolution="tried again")
            return self._get(conn, seq)

    def resolve(
        self,
        seq: int,
        payload: Mapping[str, Any],
        *,
        base_updated_at: str | None,
        base_record: Mapping[str, Any] | None = None,
        watch: tuple[str, ...] = (),
    ) -> QueuedEdit:
        """The user's resolution of a conflict: the new body, based on the service's current
        version (with the `watch`ed fields kept too, as at `enqueue`). The edit becomes
        pending again, in its old place in the queue."""
        body = dict(payload)
        base = project_base(body, base_record, watch)
        with self._db.write() as conn:
            edit = self._get(conn, seq)
            decided = edit.state == "conflict"  # the user's choice, not the sender's rebase
            how = "kept mine" if body == edit.payload else "resolved"
            self.activity.note_outcome(conn, seq, "waiting", resolution=how if decided else None)
            request_id = str(uuid.uuid4()) if edit.attempts else edit.request_id
            conn.execute(
                "UPDATE outbox SET payload = ?, base_json = ?, base_updated_at = ?,"
                " request_id = ?, attempts = 0, last_error = NULL, state = 'pending',"
                " updated_at = ? WHERE seq = ?",
                (
                    _dumps(body), None if base is None else _dumps(base), base_updated_at,
                    request_id, utc_now(), seq,
                ),
            )
            return self._get(conn, seq)

    def remap_id(self, scope: Scope, local_id: str, service_id: str) -> int:
        """A record created offline got its service id: its queued edits (and those of its
        units and documents) now point there, and so do the bodies that name it (a document
        for a new customer, a payment of a new invoice). Returns how many edits changed."""
        with self._db.write() as conn:
            scope_id = self._db.scope_id(conn, scope, create=False)
            if scope_id is None:
                return 0
            touched = {row[0] for row in conn.execute(
                "SELECT seq FROM outbox WHERE scope_id = ? AND (target_id = ? OR entity_id = ?)",
                (scope_id, local_id, local_id),
            )}
            for column in ("target_id", "entity_id"):
                conn.execute(
                    f"UPDATE outbox SET {column} = ? WHERE scope_id = ? AND {column} = ?",
                    (service_id, scope_id, local_id),
                )
            naming = conn.execute(
                "SELECT seq, payload FROM outbox WHERE scope_id = ? AND instr(payload, ?) > 0",
                (scope_id, local_id),
            ).fetchall()
            for seq, raw in naming:
                payload = json.loads(raw)
                renamed = _renamed_references(payload, local_id, service_id)
                if renamed != payload:
                    conn.execute("UPDATE outbox SET payload = ? WHERE seq = ?",
                                 (_dumps(renamed), seq))
                    touched.add(seq)
            return len(touched)

    def _set(self, seq: int, assignments: str, value: Any) -> None:
        with self._db.write() as conn:
            self._get(conn, seq)
            conn.execute(
                f"UPDATE outbox SET {assignments}, updated_at = ? WHERE seq = ?",
                (value, utc_now(), seq),
            )
