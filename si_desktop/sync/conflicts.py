"""Three-way merge of a queued edit with the record as the service has it now, and the
user's resolution of what cannot merge by itself. Pure functions over JSON, plus the few
store calls that record the outcome. No network.

Fields are compared one by one: each top-level field of the edit's body, each top-level key
of `settings`, and for `settings.translations` and `settings.unit_number_sequence_starts`
(which the service merges one level deeper) each key inside. For every such field, with
`base` the value the edit started from, `theirs` the service's current value and `mine` the
edit's value:

- mine == theirs: already there; nothing to send for it.
- theirs is one of my own values (`own`: what this edit, or an earlier edit of the record,
  sent in an attempt whose answer was lost, or what an earlier edit got confirmed): nobody
  else changed it; mine is sent. A retried or replayed save is never a conflict with itself.
- theirs == base: only I changed it; mine is sent.
- mine == base: only they changed it; theirs stays (nothing to send).
- otherwise both changed it differently: a `Conflict(field, base, theirs, mine)`.

(Someone else who set a field to exactly a value the user had sent is taken for the user: the
value on the service is the user's own either way, and the user's newer value goes out.)

Fields the edit does not touch are never sent, so whatever the service changed there stays:
changes on different fields merge by themselves. An edit with a conflict is held whole (its
other fields wait with it, so the user sees and sends one consistent change) and marked
`conflict` in the outbox, with the details as JSON in `last_error`; nothing is discarded.
`resolve` turns the user's choices into a new body based on the service's version and puts
the edit back in its place in the queue.
"""

from __future__ import annotations

import copy
import enum
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from si_desktop.api import errors
from si_desktop.store import EditKind, QueuedEdit, Store, is_local_id
from si_desktop.store.outbox import CREATE_KINDS, DEEP_SETTINGS_KEYS
from si_desktop.store.records import normalized_time

FieldPath = tuple[str, ...]


class Choice(enum.Enum):
    """A resolution of one conflicting field; any other value is taken as a custom value."""

    THEIRS = "theirs"
    MINE = "mine"


TAKE_THEIRS = Choice.THEIRS
TAKE_MINE = Choice.MINE

_MISSING: Any = object()


@dataclass(frozen=True)
class Conflict:
    """One field both sides changed to different values."""

    field: FieldPath
    base: Any
    theirs: Any
    mine: Any

    @property
    def label(self) -> str:
        """The field as a dotted path, e.g. `settings.primary_color`."""
        return ".".join(self.field)

    def as_json(self) -> dict[str, Any]:
        return {"field": list(self.field), "base": self.base, "theirs": self.theirs,
                "mine": self.mine}


@dataclass(frozen=True)
class MergeResult:
    """`body`: what to send (only fields whose value must change on the service);
    `conflicts`: the fields that need the user; `merged`: fields that merged by themselves
    (changed on my side only)."""

    body: dict[str, Any]
    conflicts: tuple[Conflict, ...] = ()
    merged: tuple[FieldPath, ...] = ()

    @property
    def clean(self) -> bool:
        return not self.conflicts


@dataclass(frozen=True)
class EditProblem:
    """A queued edit that waits for the user: a conflict, a change the service refused, or
    one the sender gave up on (an answer it could not read, an unexpected error)."""

    edit: QueuedEdit
    kind: str  # "conflict", "rejected" or "failed"
    conflicts: tuple[Conflict, ...] = ()
    message: str | None = None
    issues: tuple[tuple[FieldPath, str], ...] = field(default=())
    theirs_updated_at: str | None = None
    error: errors.ApiError | None = field(default=None, compare=False, repr=False)

    @property
    def fields(self) -> tuple[FieldPath, ...]:
        """The fields the user is asked about."""
        if self.kind == "conflict":
            return tuple(c.field for c in self.conflicts)
        return tuple(path for path, _ in self.issues)


def same_time(a: Any, b: Any) -> bool:
    """Two service timestamps that name the same instant (spellings may differ)."""
    return normalized_time(a) == normalized_time(b)


def _norm(value: Any) -> Any:
    """Empty text and no value mean the same thing to a user."""
    return None if value == "" else value


def _equal(a: Any, b: Any) -> bool:
    return bool(_norm(a) == _norm(b))


def same_value(a: Any, b: Any) -> bool:
    """Two field values that mean the same to a user (empty text is no value)."""
    return _equal(a, b)


def leaves(payload: Mapping[str, Any]) -> Iterable[tuple[FieldPath, Any]]:
    """The fields of a body, with settings split per key (deep keys one level further)."""
    for key, value in payload.items():
        if key == "settings" and isinstance(value, Mapping):
            for name, item in value.items():
                if name in DEEP_SETTINGS_KEYS and isinstance(item, Mapping):
                    for sub, deep in item.items():
                        yield ("settings", name, str(sub)), deep
                else:
                    yield ("settings", name), item
        else:
            yield (key,), value


def value_at(record: Mapping[str, Any] | None, path: FieldPath) -> Any:
    """The value at `path` in a record (None when any part is missing)."""
    current: Any = record
    for part in path:
        if not isinstance(current, Mapping):
            return None
        current = current.get(part)
    return current


def _put(body: dict[str, Any], path: FieldPath, value: Any) -> None:
    target = body
    for part in path[:-1]:
        nxt = target.get(part)
        if not isinstance(nxt, dict):
            nxt = {}
            target[part] = nxt
        target = nxt
    target[path[-1]] = value


def own_values(sent: Iterable[Mapping[str, Any]]) -> dict[FieldPath, list[Any]]:
    """Per field, the values the user's own bodies (`QueuedEdit.sent`) gave it."""
    found: dict[FieldPath, list[Any]] = {}
    for body in sent:
        for path, value in leaves(body):
            found.setdefault(path, []).append(value)
    return found


def already_there(payload: Mapping[str, Any], theirs: Mapping[str, Any]) -> bool:
    """Whether the record holds every value of the body already (nothing left to send)."""
    return all(_equal(mine, value_at(theirs, path)) for path, mine in leaves(payload))


def three_way(
    payload: Mapping[str, Any],
    base: Mapping[str, Any] | None,
    theirs: Mapping[str, Any],
    own: Iterable[Mapping[str, Any]] = (),
) -> MergeResult:
    """Merge an edit's body (`payload`, with the `base` values of its fields) with the
    service's current record (`theirs`); `own` are the bodies the user sent before (see
    `QueuedEdit.sent`). See the module docstring for the rule."""
    body: dict[str, Any] = {}
    conflicts: list[Conflict] = []
    merged: list[FieldPath] = []
    mine_before = own_values(own)
    for path, mine in leaves(payload):
        theirs_value = value_at(theirs, path)
        if _equal(mine, theirs_value):
            continue
        if any(_equal(theirs_value, sent) for sent in mine_before.get(path, ())):
            _put(body, path, mine)  # the service holds my own earlier value
            merged.append(path)
            continue
        base_value = value_at(base, path) if base is not None else _MISSING
        if base_value is _MISSING:
            # No base known (an edit from an older release): mine wins, as it was typed.
            _put(body, path, mine)
            continue
        if _equal(theirs_value, base_value):
            _put(body, path, mine)
            merged.append(path)
        elif _equal(mine, base_value):
            continue
        else:
            conflicts.append(Conflict(path, copy.deepcopy(base_value),
                                      copy.deepcopy(theirs_value), copy.deepcopy(mine)))
    return MergeResult(body, tuple(conflicts), tuple(merged))


# --- the view: a record with its queued edits on top --------------------------------------


_NO_FIELDS = frozenset(
    {EditKind.ISSUE_DOCUMENT, EditKind.DELETE_DOCUMENT, EditKind.DELETE_PAYMENT,
     EditKind.SEND_DOCUMENT}
)


def apply_edit(record: Mapping[str, Any], edit: QueuedEdit) -> dict[str, Any]:
    """`record` as it will be once `edit` is applied, the way the service applies it: fields
    replace; settings keys replace (`None` clears); deep settings keys merge per key."""
    out = copy.deepcopy(dict(record))
    kind = edit.kind
    if kind in _NO_FIELDS:
        return out  # an issue or a delete changes no field until the service answers
    if kind is EditKind.VOID_DOCUMENT:
        out["voided_at"] = out.get("voided_at") or edit.created_at
    elif kind is EditKind.ENABLE_ENTITY:
        out["is_enabled"] = True
    elif kind is EditKind.DISABLE_ENTITY:
        out["is_enabled"] = False
    elif kind is EditKind.ARCHIVE_UNIT:
        out["is_active"] = False
        out["deleted_at"] = out.get("deleted_at") or edit.created_at
    else:
        for key, value in edit.payload.items():
            if key != "settings" or not isinstance(value, Mapping):
                out[key] = copy.deepcopy(value)
                continue
            settings = out.get("settings")
            settings = dict(settings) if isinstance(settings, Mapping) else {}
            for name, item in value.items():
                previous = settings.get(name)
                if item is None and kind in (EditKind.UPDATE_UNIT, EditKind.CREATE_UNIT):
                    settings.pop(name, None)  # a unit drops a cleared override
                elif (
                    name in DEEP_SETTINGS_KEYS
                    and isinstance(item, Mapping)
                    and isinstance(previous, Mapping)
                ):
                    settings[name] = {**previous, **copy.deepcopy(dict(item))}
                else:
                    settings[name] = copy.deepcopy(item)
            out["settings"] = settings
    return out


def apply_edits(record: Mapping[str, Any], edits: Iterable[QueuedEdit]) -> dict[str, Any]:
    out = dict(record)
    for edit in edits:
        out = apply_edit(out, edit)
    return out


# --- recording and reading problems --------------------------------------------------------


def _detail(value: Mapping[str, Any]) -> str:
    """A problem's details as JSON text the store can keep: readable UTF-8 where it can be,
    escaped where a value holds what UTF-8 cannot (a lone surrogate from the service)."""
    text = json.dumps(value, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(value, ensure_ascii=True)
    return text


def conflict_detail(conflicts: Iterable[Conflict], theirs_updated_at: str | None) -> str:
    return _detail(
        {"kind": "conflict", "theirs_updated_at": theirs_updated_at,
         "fields": [c.as_json() for c in conflicts]}
    )


def rejected_detail(
    message: str, status: int | None, issues: Iterable[tuple[FieldPath, str]] = ()
) -> str:
    return _detail(
        {"kind": "rejected", "status": status, "message": message,
         "issues": [{"path": list(path), "message": text} for path, text in issues]}
    )


def failed_detail(message: str) -> str:
    """An edit the sender gave up on for a reason of its own (see `sender`): `message` says
    why, in words for the user."""
    return _detail({"kind": "failed", "message": message})


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
MAX_REASON = 300


def readable(text: str) -> str:
    """`text` made safe to show and to store: no control characters (a server's string may
    carry ESC or CR), no lone surrogates, keys redacted, at most `MAX_REASON` characters."""
    text = errors.redact(text)
    text = text.encode("utf-8", "replace").decode("utf-8")
    text = _CONTROL.sub(" ", text).strip()
    return text if len(text) <= MAX_REASON else text[: MAX_REASON - 1] + "…"


def problem_of(edit: QueuedEdit) -> EditProblem | None:
    """The problem recorded on an edit in state `conflict`, or None for a pending edit."""
    if edit.state != "conflict":
        return None
    try:
        detail = json.loads(edit.last_error or "")
    except ValueError:
        detail = None
    if not isinstance(detail, dict):
        return EditProblem(edit, "conflict", message=edit.last_error)
    if detail.get("kind") == "failed":
        return EditProblem(edit, "failed", message=str(detail.get("message") or ""))
    if detail.get("kind") == "rejected":
        issues = tuple(
            (tuple(str(p) for p in item.get("path") or ()), str(item.get("message") or ""))
            for item in detail.get("issues") or ()
            if isinstance(item, dict)
        )
        return EditProblem(edit, "rejected", message=str(detail.get("message") or ""),
                           issues=issues)
    conflicts = tuple(
        Conflict(tuple(str(p) for p in item["field"]), item.get("base"), item.get("theirs"),
                 item.get("mine"))
        for item in detail.get("fields") or ()
        if isinstance(item, dict) and isinstance(item.get("field"), list)
    )
    return EditProblem(edit, "conflict", conflicts=conflicts,
                       theirs_updated_at=detail.get("theirs_updated_at"))


def record_for(store: Store, edit: QueuedEdit) -> dict[str, Any] | None:
    """The cached service record an edit targets."""
    kind = edit.record_kind
    if kind == "document":
        return store.documents.get(edit.scope, edit.target_id)
    if kind == "payment":
        return store.payments.get(edit.scope, edit.target_id)
    if kind == "customer":
        return store.customers.get(edit.scope, edit.target_id)
    if edit.kind in (EditKind.UPDATE_UNIT, EditKind.CREATE_UNIT, EditKind.ARCHIVE_UNIT):
        return store.units.get(edit.scope, edit.target_id)
    return store.entities.get(edit.scope, edit.target_id)


FIELD_KINDS = frozenset(
    {EditKind.CREATE_ENTITY, EditKind.UPDATE_ENTITY, EditKind.CREATE_UNIT, EditKind.UPDATE_UNIT,
     EditKind.CREATE_DOCUMENT, EditKind.UPDATE_DOCUMENT, EditKind.CREATE_PAYMENT,
     EditKind.UPDATE_PAYMENT, EditKind.CREATE_CUSTOMER}
)


class ResolutionError(ValueError):
    """The choices do not resolve the edit (a conflicting field left without a choice)."""


def resolve(
    store: Store,
    edit: QueuedEdit,
    choices: Mapping[FieldPath | str, Any] | None = None,
    *,
    theirs: Mapping[str, Any] | None = None,
) -> QueuedEdit | None:
    """Apply the user's choices to an edit held for a conflict (or refused by the service)
    and queue it again in its place. Returns the re-queued edit, or None when nothing is
    left to send (every field taken from theirs: the user chose to drop the edit).

    `choices` maps a field (a path tuple or a dotted string) to `TAKE_THEIRS`, `TAKE_MINE` or
    a custom value. Every conflicting field needs a choice. Fields that merged by themselves
    keep their merged value; a refused edit takes the choices as corrections (a field given
    `TAKE_THEIRS` is dropped). `theirs` is the service's record now; by default the cached
    one (the sender cached it when it found the conflict).
    """
    wanted: dict[FieldPath, Any] = {
        (tuple(key.split(".")) if isinstance(key, str) else tuple(key)): value
        for key, value in (choices or {}).items()
    }
    problem = problem_of(edit)
    if problem is not None and problem.kind == "failed":
        # Nothing to choose: the same edit again, under its own request id (replay-safe; a
        # create that reached the service is not made twice).
        return store.outbox.retry(edit.seq)
    if edit.kind not in FIELD_KINDS:
        # enable, disable, archive; issue, void, delete: nothing to choose, send it as it is
        # (for a held issue or void, that is the user confirming it on the changed document)
        return store.outbox.resolve(edit.seq, edit.payload, base_updated_at=None)
    is_create = edit.kind in CREATE_KINDS
    current = dict(theirs) if theirs is not None else (record_for(store, edit) or {})
    if is_create or (problem is not None and problem.kind == "rejected"):
        body = copy.deepcopy(edit.payload)  # a refused change: the choices correct it
    else:
        merge = three_way(edit.payload, edit.base, current, edit.sent)
        missing = [c.label for c in merge.conflicts if c.field not in wanted]
        if missing:
            raise ResolutionError("choose theirs, mine or a value for: " + ", ".join(missing))
        body = copy.deepcopy(merge.body)
    for path, choice in wanted.items():
        if choice is Choice.THEIRS:
            _drop(body, path)
        elif choice is Choice.MINE:
            _put(body, path, copy.deepcopy(value_at(edit.payload, path)))
        else:
            _put(body, path, copy.deepcopy(choice))
    if is_create:
        return store.outbox.resolve(edit.seq, body, base_updated_at=None)
    if not body:
        store.outbox.discard(edit.seq)
        return None
    updated_at = current.get("updated_at")
    return store.outbox.resolve(
        edit.seq,
        body,
        base_updated_at=updated_at if isinstance(updated_at, str) else edit.base_updated_at,
        base_record=current or None,
    )


def discard(store: Store, edit: QueuedEdit) -> None:
    """The user chose to drop a held edit. For a record created offline the edits that
    cannot be sent without it go too (those of the record, of a client's units and
    documents, and those that name it), and so does a client's or unit's placeholder."""
    with store.db.write():
        store.outbox.discard(edit.seq)
        if edit.kind in CREATE_KINDS and is_local_id(edit.target_id):
            local = edit.target_id
            for later in store.outbox.list(edit.scope):
                if local in (later.target_id, later.entity_id) or local in later.references:
                    store.outbox.discard(later.seq)
        if edit.kind is EditKind.CREATE_ENTITY:
            store.entities.delete(edit.scope, edit.target_id)
        elif edit.kind is EditKind.CREATE_UNIT:
            store.units.delete(edit.scope, edit.target_id)


def _drop(body: dict[str, Any], path: FieldPath) -> None:
    parents: list[tuple[dict[str, Any], str]] = []
    target: Any = body
    for part in path[:-1]:
        if not isinstance(target, dict) or not isinstance(target.get(part), dict):
            return
        parents.append((target, part))
        target = target[part]
    if isinstance(target, dict):
        target.pop(path[-1], None)
    for parent, part in reversed(parents):  # no empty `settings: {}` left behind
        if parent[part] == {}:
            del parent[part]
