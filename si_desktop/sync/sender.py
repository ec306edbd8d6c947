"""Sending the outbox: queued edits go out in order, each exactly once.

Exactly once. Each edit carries the `request_id` it was given when queued; it goes out as
`X-Request-Id` on every attempt, so a retry after a lost answer (or after `kill -9`) gets the
first answer back instead of applying the edit twice. `note_attempt` is written *before* the
request leaves, which freezes the edit's body: a later edit of the same record is queued
behind it instead of being folded into a body the service may already hold under that id.

Conflicts. Before an update is sent the record is fetched (and cached). When its
`updated_at` is no longer the one the edit was based on, the edit is merged three ways with
it (`sync.conflicts`): fields changed on one side only merge by themselves; a field changed
on both sides to different values holds the edit as a conflict for the user. A value on the
service that the user's own earlier attempt sent (`QueuedEdit.sent`: a save whose answer was
lost, then edited again) is the user's, not someone else's: never a conflict with itself. A
merged edit is rebased on the service's version (with a fresh request id if it had been tried)
before it is sent. An update whose fields all hold the edit's values already (it was
applied, and only the answer was lost; or the user typed what the service has) is confirmed
without sending anything.

Logos. A `set_logo` edit is two requests, each replay-safe on its own. (1) The upload
(`POST /files`) carries the edit's `request_id`; its answer's file id is committed at once
(`Store.note_upload`, the bytes cached under it), so a later attempt goes straight to step 2
and a retry after a lost answer gets the first file back instead of making a second. (2) The
link (`settings.has_logo = true` for the client, `logo_file_id` for a unit) is an update like
any other, conflict-checked as above and sent with `link_request_id`, derived from the edit's
id, never a fresh one per attempt. Where the service links the file itself on upload, step 2
finds the link already there and confirms without sending. Before the upload the record is
fetched: when its link (`logo_file_id`, or `has_logo`) changed on the service since the edit's
base, the edit is held as a conflict and nothing is uploaded: someone else chose a logo
meanwhile, and the user decides. The one exception is a retry after an upload that got no
answer: when the newly linked file holds the queued logo's very bytes, it is our own upload,
and the replay returns it. A `remove_logo` edit is an ordinary update.

Order. Edits are sent in queue order. An edit waits while an earlier edit of the same record
waits (conflict, refused, or not sent in this run), while its record was created offline
and not sent yet, or while its client was. Edits of other records go on. A logo counts as an
edit of its client or unit: a logo for a unit created offline waits for the unit.

Stops. No answer at all (`NetworkError`): the run stops, the edit stays queued, the app is
offline. 401, 429 or 5xx: the run stops and the edit stays queued for the next run. 400, 403,
404, 409 or 422 for one edit: the service refused that change; it is held as "rejected"
(never dropped) and the run goes on with other records.

One bad record never stops the outbox. An answer the client cannot read
(`MalformedResponseError`: a record not shaped as the contract says, a lone surrogate, JSON
nested too deep) or any other unexpected exception while one edit is handled (a `ValueError`
for an id of the wrong shape, a `RecursionError`, a store that cannot keep a value) holds that
edit as "failed" with a readable reason, logged once with its traceback, and the run goes on
with other records. The user sees it with the others held and can try it again (the same
request id: replay-safe) or drop it (`Workspace.retry_edit`, `Workspace.discard`). Trouble of
the cache itself (busy, full, closed: `CACHE_TROUBLE`) is no fault of the edit: it ends the
run (raised) and the edit stays queued.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeAlias

from si_desktop.api import errors
from si_desktop.core.documents import document_type_of
from si_desktop.store import (
    EditKind,
    OutboxError,
    QueuedEdit,
    QueuedFile,
    Scope,
    Store,
    StoreClosedError,
    is_local_id,
)
from si_desktop.store.documents import payment_document
from si_desktop.store.outbox import CREATE_KINDS
from si_desktop.sync.changes import as_json
from si_desktop.sync.conflicts import (
    Conflict,
    EditProblem,
    FieldPath,
    already_there,
    conflict_detail,
    failed_detail,
    readable,
    rejected_detail,
    same_time,
    same_value,
    three_way,
    value_at,
)
from si_desktop.sync.connectivity import Connectivity

if TYPE_CHECKING:  # the client (httpx, pydantic) is imported by the first request
    from si_desktop.api import File, SpaceInvoicesClient

log = logging.getLogger("si_desktop.sync.sender")

ApiSource: TypeAlias = "SpaceInvoicesClient | Callable[[], Awaitable[SpaceInvoicesClient]]"
"""The API client, or an async function that returns it (e.g. `Workspace.api`)."""

#: Edits that change fields of a record: checked against its current version before sending.
UPDATE_KINDS = frozenset(
    {EditKind.UPDATE_ENTITY, EditKind.UPDATE_UNIT, EditKind.SET_LOGO, EditKind.REMOVE_LOGO,
     EditKind.UPDATE_DOCUMENT, EditKind.UPDATE_PAYMENT}
)
#: Whole-document actions: checked against the version the user acted on (see
#: `_check_action`), never merged field by field.
ACTION_KINDS = frozenset(
    {EditKind.ISSUE_DOCUMENT, EditKind.VOID_DOCUMENT, EditKind.DELETE_DOCUMENT}
)
ENTITY_LOGO_PREF = "sync.entity_logo."  # + entity id: the file id of the client's logo
#: Refusals of one edit: the service answered and will answer the same again.
REFUSALS: tuple[type[errors.ApiError], ...] = (
    errors.BadRequestError,
    errors.PermissionDeniedError,
    errors.NotFoundError,
    errors.ConflictError,
    errors.ValidationError,
)


#: Failures of the cache itself, not of one edit: they end the run, the edit stays queued.
CACHE_TROUBLE: tuple[type[Exception], ...] = (sqlite3.OperationalError, StoreClosedError)


async def resolve_api(source: ApiSource | None) -> SpaceInvoicesClient:
    if source is None:
        raise RuntimeError("this workspace works on the cache only; it has no connection")
    from si_desktop.api import SpaceInvoicesClient

    if isinstance(source, SpaceInvoicesClient):
        return source
    return await source()


@dataclass
class SendReport:
    """What one run of the sender did."""

    sent: list[QueuedEdit] = field(default_factory=list)
    merged: list[QueuedEdit] = field(default_factory=list)  # sent after an automatic merge
    problems: list[EditProblem] = field(default_factory=list)  # found in this run
    waiting: int = 0  # edits still queued after the run (conflicts included)
    offline: bool = False
    error: errors.ApiError | None = None  # what stopped the run early, if anything
    created: dict[str, str] = field(default_factory=dict)  # local id -> the service's id
    busy: bool = False  # not sent: another process was sending this cache's outbox
    # payment id (local and service) -> the document it moved, for payments sent in the run
    paid_documents: dict[str, str] = field(default_factory=dict)

    @property
    def conflicts(self) -> list[EditProblem]:
        return [p for p in self.problems if p.kind == "conflict"]

    @property
    def rejected(self) -> list[EditProblem]:
        return [p for p in self.problems if p.kind == "rejected"]

    @property
    def failed(self) -> list[EditProblem]:
        """Edits given up on in this run: an unreadable answer or an unexpected error."""
        return [p for p in self.problems if p.kind == "failed"]

    def outcome_of(self, seq: int) -> str | None:
        """"sent", "conflict", "rejected", "failed" or None (still queued) for the edit
        `seq`."""
        if any(edit.seq == seq for edit in self.sent):
            return "sent"
        for problem in self.problems:
            if problem.edit.seq == seq:
                return problem.kind
        return None

    def problem_of(self, seq: int) -> EditProblem | None:
        return next((p for p in self.problems if p.edit.seq == seq), None)


class _Changed(Exception):
    """The edit changed (the user edited again) while it was being checked: look again."""


class Sender:
    """Sends one scope's outbox. One run at a time per sender (runs queue on a lock)."""

    def __init__(
        self,
        store: Store,
        scope: Scope,
        api: ApiSource | None,
        *,
        connectivity: Connectivity | None = None,
    ) -> None:
        self.store = store
        self.scope = scope
        self._api = api
        self.connectivity = connectivity
        self._lock: asyncio.Lock | None = None

    async def send_all(self) -> SendReport:
        """Send every edit that can go now, in order. Never raises for a failed request: the
        report says what happened."""
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            report = SendReport()
            tried: set[int] = set()
            while True:
                edit = self._next(tried)
                if edit is None:
                    break
                tried.add(edit.seq)
                if not await self._send(edit, report):
                    break
            report.waiting = self.store.outbox.count(self.scope)
            return report

    def _next(self, tried: set[int]) -> QueuedEdit | None:
        held: set[str] = set()
        for edit in self.store.outbox.list(self.scope):
            target_waits = edit.target_id in held
            waits = (
                edit.state != "pending"
                or edit.seq in tried
                or target_waits
                or (is_local_id(edit.target_id) and edit.kind not in CREATE_KINDS)
                or (edit.record_kind != "entity" and is_local_id(edit.entity_id or ""))
                or bool(edit.references)  # a record it names is not on the service yet
            )
            if not waits:
                return edit
            held.add(edit.target_id)
        return None

    # -- one edit --------------------------------------------------------------------------

    async def _send(self, edit: QueuedEdit, report: SendReport) -> bool:
        """Send one edit; False when the run must stop."""
        api = await resolve_api(self._api)  # no client at all is no fault of this edit
        try:
            for _ in range(3):
                try:
                    await self._send_one(api, edit, report)
                    break
                except _Changed:
                    fresh = self.store.outbox.get(edit.seq)
                    if fresh is None or fresh.state != "pending":
                        break
                    edit = fresh
        except OutboxError as error:
            if self.store.outbox.get(edit.seq) is None:
                return True  # the user discarded the edit meanwhile: nothing left to do
            self._hold_failed(edit, error, report)
            return True
        except errors.NetworkError as error:
            self._failed(edit, error)
            report.offline = True
            report.error = error
            if self.connectivity is not None:
                self.connectivity.report_failure(error)
            return False
        except REFUSALS as error:
            self._answered()
            issues = tuple(
                (tuple(str(p) for p in issue.path), issue.message) for issue in error.issues
            )
            self.store.outbox.mark_conflict(
                edit.seq, rejected_detail(error.message, error.status, issues)
            )
            log.info("queued edit %d was refused: %s", edit.seq, error)
            report.problems.append(
                EditProblem(self.store.outbox.get(edit.seq) or edit, "rejected",
                            message=error.message, issues=issues, error=error)
            )
            return True
        except errors.MalformedResponseError as error:  # this record's answer, not the rest
            self._answered()
            self._hold_failed(edit, error, report)
            return True
        except errors.ApiError as error:  # 401, 429, 5xx: try again later
            self._answered()
            self._failed(edit, error)
            report.error = error
            return False
        except CACHE_TROUBLE:
            raise  # the cache cannot be written now (busy, full, closed): no fault of the edit
        except Exception as error:  # one edit's bug or bad record must not stop the outbox
            self._hold_failed(edit, error, report)
            return True
        self._answered()
        return True

    def _hold_failed(self, edit: QueuedEdit, error: BaseException, report: SendReport) -> None:
        """Give up on one edit for now: held as "failed" with a reason the user can read,
        the traceback in the log (once: the edit is not tried again by itself)."""
        message = failure_reason(error)
        log.warning("queued edit %d (%s of %s) held: %s", edit.seq, edit.kind.value,
                    edit.target_id, message, exc_info=error)
        if self.store.outbox.get(edit.seq) is None:
            return  # discarded meanwhile
        self.store.outbox.mark_conflict(edit.seq, failed_detail(message))
        report.problems.append(
            EditProblem(self.store.outbox.get(edit.seq) or edit, "failed", message=message,
                        error=error if isinstance(error, errors.ApiError) else None)
        )

    def _failed(self, edit: QueuedEdit, error: errors.ApiError) -> None:
        log.info("queued edit %d not sent: %s", edit.seq, error)
        if self.store.outbox.get(edit.seq) is not None:
            self.store.outbox.note_failure(edit.seq, readable(str(error)))

    def _answered(self) -> None:
        if self.connectivity is not None:
            self.connectivity.report_success()

    async def _send_one(
        self, api: SpaceInvoicesClient, edit: QueuedEdit, report: SendReport
    ) -> None:
        kind = edit.kind
        merged = False
        if kind is EditKind.SET_LOGO:
            uploaded = await self._upload(api, edit, report)
            if uploaded is None:
                return
            edit = uploaded
        if kind in UPDATE_KINDS:
            rebased, merged = await self._rebase(api, edit, report)
            if rebased is None:
                return
            edit = rebased
        elif kind in ACTION_KINDS:
            checked = await self._check_action(api, edit, report)
            if checked is None:
                return
            edit = checked
        paid_document = self._paid_document(edit)
        tried = self.store.outbox.note_attempt(edit.seq)  # frozen from here on
        answer = await self._request(api, tried)
        _check_answer(tried, answer)
        self._confirm(tried, answer)
        report.sent.append(tried)
        if kind in CREATE_KINDS and answer is not None:
            report.created[tried.target_id] = str(answer["id"])
        if merged:
            report.merged.append(tried)
        if paid_document is not None:
            report.paid_documents[tried.target_id] = paid_document
            if answer is not None:
                report.paid_documents[str(answer["id"])] = paid_document
            await self._reread_document(api, tried, paid_document)

    async def _rebase(
        self, api: SpaceInvoicesClient, edit: QueuedEdit, report: SendReport
    ) -> tuple[QueuedEdit | None, bool]:
        """Fetch the record; merge when it changed since the edit's base. Returns the edit
        to send (None when nothing is left to send) and whether it was merged."""
        theirs = await self._fetch(api, edit)
        unchanged = edit.base_updated_at is None or same_time(
            theirs.get("updated_at"), edit.base_updated_at
        )
        if unchanged and not already_there(edit.payload, theirs):
            return edit, False
        merge = three_way(edit.payload, edit.base, theirs, edit.sent)
        store = self.store
        with store.db.write():
            fresh = store.outbox.get(edit.seq)
            if fresh is None:
                return None, False
            if fresh.payload != edit.payload or fresh.state != "pending":
                raise _Changed
            if merge.conflicts:
                store.outbox.mark_conflict(
                    edit.seq, conflict_detail(merge.conflicts, theirs.get("updated_at"))
                )
                held = store.outbox.get(edit.seq) or edit
            elif not merge.body:
                self._confirm(edit, theirs)  # already there: the answer was what got lost
                report.sent.append(edit)
                return None, False
            else:
                updated = theirs.get("updated_at")
                rebased = store.outbox.resolve(
                    edit.seq,
                    merge.body,
                    base_updated_at=updated if isinstance(updated, str) else None,
                    base_record=theirs,
                )
                return rebased, True
        log.info("queued edit %d conflicts on %s", edit.seq,
                 ", ".join(c.label for c in merge.conflicts))
        report.problems.append(
            EditProblem(held, "conflict", conflicts=merge.conflicts,
                        theirs_updated_at=theirs.get("updated_at"))
        )
        return None, False

    async def _check_action(
        self, api: SpaceInvoicesClient, edit: QueuedEdit, report: SendReport
    ) -> QueuedEdit | None:
        """Before an issue, a void or a delete: is the document still as the user saw it?

        Already done on the service (issued, voided, gone): confirmed without sending.
        Unchanged since the edit's base, or no base (a draft written offline, created in
        this run): sent. Changed in a field the user acted on (the watched fields the base
        keeps: totals, payments, items, customer, dates …): held as a conflict naming those
        fields, for the user to confirm ("Try again" sends it as it is) or drop. Changed
        elsewhere only: sent, rebased on the service's version."""
        try:
            theirs = await self._fetch(api, edit)
        except errors.NotFoundError:
            if edit.kind is not EditKind.DELETE_DOCUMENT:
                raise
            self._confirm(edit, None)  # deleted already: what the user wanted
            report.sent.append(edit)
            return None
        if _action_done(edit.kind, theirs):
            self._confirm(edit, None if edit.kind is EditKind.DELETE_DOCUMENT else theirs)
            report.sent.append(edit)
            return None
        if edit.base_updated_at is None or same_time(
            theirs.get("updated_at"), edit.base_updated_at
        ):
            return edit
        watched = {key: value for key, value in (edit.base or {}).items()
                   if key not in edit.payload}
        changed = tuple(
            Conflict((key,), value, theirs.get(key), value)
            for key, value in watched.items() if not same_value(value, theirs.get(key))
        )
        updated = theirs.get("updated_at")
        store = self.store
        with store.db.write():
            fresh = store.outbox.get(edit.seq)
            if fresh is None:
                return None
            if fresh.payload != edit.payload or fresh.state != "pending":
                raise _Changed
            if not changed:
                return store.outbox.resolve(
                    edit.seq, edit.payload,
                    base_updated_at=updated if isinstance(updated, str) else None,
                    base_record=theirs, watch=tuple(watched),
                )
            store.outbox.mark_conflict(edit.seq, conflict_detail(changed, updated))
            held = store.outbox.get(edit.seq) or edit
        log.info("queued %s %d conflicts on %s", edit.kind.value, edit.seq,
                 ", ".join(c.label for c in changed))
        report.problems.append(
            EditProblem(held, "conflict", conflicts=changed,
                        theirs_updated_at=updated if isinstance(updated, str) else None)
        )
        return None

    def _paid_document(self, edit: QueuedEdit) -> str | None:
        """The document a payment edit moves (read before the edit leaves the queue)."""
        if edit.record_kind != "payment":
            return None
        if edit.kind is EditKind.CREATE_PAYMENT:
            return payment_document(edit.payload)
        return self.store.payments.document_of(self.scope, edit.target_id)

    async def _reread_document(
        self, api: SpaceInvoicesClient, edit: QueuedEdit, document_id: str
    ) -> None:
        """A payment moved its document's totals: cache the document as it is now. Best
        effort: the payment itself is confirmed, and the next refresh brings the document
        anyway."""
        kind = document_type_of(document_id)
        if kind is None or is_local_id(document_id):
            return
        try:
            document = as_json(await api.of_type(kind).get(document_id,
                                                           entity_id=edit.entity_id))
        except errors.ApiError as error:  # the next edit or refresh finds out if offline
            log.info("document %s not read again after its payment: %s", document_id, error)
            return
        if document.get("id") == document_id:
            self.store.documents.upsert(self.scope, [document], entity_id=edit.entity_id)

    def _confirm(self, edit: QueuedEdit, record: dict[str, Any] | None) -> None:
        """`Store.confirm`; for the client's logo also which file is now its logo (the cache
        holds its bytes since the upload), in the same transaction."""
        store = self.store
        with store.db.write():
            queued = store.outbox.file(edit.seq) if edit.kind is EditKind.SET_LOGO else None
            store.confirm(edit, record)
            if edit.kind not in (EditKind.SET_LOGO, EditKind.REMOVE_LOGO) or edit.targets_unit:
                return
            pref = ENTITY_LOGO_PREF + edit.target_id
            if queued is not None and queued.file_id is not None:
                store.prefs.set(self.scope, pref, queued.file_id)
            elif edit.kind is EditKind.REMOVE_LOGO:
                store.prefs.delete(self.scope, pref)

    # -- logos -----------------------------------------------------------------------------

    async def _upload(
        self, api: SpaceInvoicesClient, edit: QueuedEdit, report: SendReport
    ) -> QueuedEdit | None:
        """Step 1 of a `set_logo` edit: upload its file once (see the module docstring).
        Returns the edit with the service's file id, or None when it is held."""
        queued = self.store.outbox.file(edit.seq)
        if queued is None:  # e.g. salvaged from a damaged cache without its bytes
            self._hold_rejected(edit, report, "The logo's file is no longer on this computer; "
                                "choose the logo again.")
            return None
        if queued.file_id is not None:
            return edit  # uploaded by an earlier attempt
        theirs = await self._fetch(api, edit)
        if not await self._link_unchanged(api, edit, queued, theirs):
            self._hold_logo_conflict(edit, theirs, report)
            return None
        tried = self.store.outbox.note_attempt(edit.seq)  # frozen from here on
        queued = self.store.outbox.file(edit.seq)  # the user may have chosen again meanwhile
        if tried.kind is not EditKind.SET_LOGO or queued is None:
            raise _Changed
        uploaded = await api.files.upload(
            entity_id=tried.entity_id,
            content=queued.data,
            filename=queued.filename,
            category=queued.category,
            business_unit_id=tried.target_id if tried.targets_unit else None,
            content_type=queued.content_type,
            request_id=tried.request_id,
        )
        return self.store.note_upload(tried, uploaded.id)

    async def _link_unchanged(
        self,
        api: SpaceInvoicesClient,
        edit: QueuedEdit,
        queued: QueuedFile,
        theirs: dict[str, Any],
    ) -> bool:
        """Whether the record's logo link is still what the edit was based on."""
        if edit.base_updated_at is None or same_time(
            theirs.get("updated_at"), edit.base_updated_at
        ):
            return True
        if _link(edit, theirs) == _link(edit, edit.base):
            return True
        if not edit.attempts:
            return False
        # An upload of ours may have run without its answer reaching us: is it that file?
        return await self._linked_bytes(api, edit, theirs) == queued.data

    async def _linked_bytes(
        self, api: SpaceInvoicesClient, edit: QueuedEdit, theirs: Mapping[str, Any]
    ) -> bytes | None:
        """The bytes of the logo the service links now (None when there is none)."""
        unit_id = edit.target_id if edit.targets_unit else None
        wanted = theirs.get("logo_file_id") if unit_id is not None else None
        found: File | None = None
        async for file in api.files.iterate(
            entity_id=edit.entity_id, category="logo", business_unit_id=unit_id
        ):
            if unit_id is not None:
                if file.id == wanted:
                    found = file
                    break
            elif not file.business_unit_id and (
                found is None or (file.created_at or "") >= (found.created_at or "")
            ):
                found = file
        if found is None:
            return None
        return await api.files.download(found)

    def _hold_logo_conflict(
        self, edit: QueuedEdit, theirs: Mapping[str, Any], report: SendReport
    ) -> None:
        path = _link_path(edit)
        conflict = Conflict(path, value_at(edit.base, path), value_at(theirs, path),
                            value_at(edit.payload, path))
        updated = theirs.get("updated_at")
        store = self.store
        with store.db.write():
            fresh = store.outbox.get(edit.seq)
            if fresh is None:
                return
            if fresh.payload != edit.payload or fresh.state != "pending":
                raise _Changed
            store.outbox.mark_conflict(edit.seq, conflict_detail([conflict], updated))
            held = store.outbox.get(edit.seq) or edit
        log.info("queued logo %d conflicts: the logo changed on the service", edit.seq)
        report.problems.append(
            EditProblem(held, "conflict", conflicts=(conflict,),
                        theirs_updated_at=updated if isinstance(updated, str) else None)
        )

    def _hold_rejected(self, edit: QueuedEdit, report: SendReport, message: str) -> None:
        self.store.outbox.mark_conflict(edit.seq, rejected_detail(message, None))
        report.problems.append(
            EditProblem(self.store.outbox.get(edit.seq) or edit, "rejected", message=message)
        )

    async def _fetch(self, api: SpaceInvoicesClient, edit: QueuedEdit) -> dict[str, Any]:
        """The record as the service has it now; the cache gets it too."""
        kind = edit.record_kind
        if kind == "document":
            document = as_json(await api.of_type(_document_type(edit)).get(
                edit.target_id, entity_id=edit.entity_id))
            _check_answer(edit, document)
            self.store.documents.upsert(self.scope, [document], entity_id=edit.entity_id)
            return document
        if kind == "payment":
            return await self._fetch_payment(api, edit)
        if kind == "customer":
            customer = as_json(await api.customers.get(edit.target_id,
                                                       entity_id=edit.entity_id))
            _check_answer(edit, customer)
            self.store.customers.upsert(self.scope, [customer], entity_id=edit.entity_id)
            return customer
        if edit.targets_unit:
            unit = as_json(
                await api.business_units.get(
                    edit.target_id, entity_id=edit.entity_id, include_archived=True
                )
            )
            _check_answer(edit, unit)
            self.store.units.upsert(self.scope, [unit], entity_id=edit.entity_id)
            return unit
        entity = as_json(await api.entities.get(edit.target_id))
        _check_answer(edit, entity)
        self.store.entities.upsert(self.scope, [entity])
        return entity

    async def _fetch_payment(
        self, api: SpaceInvoicesClient, edit: QueuedEdit
    ) -> dict[str, Any]:
        """A payment as the service has it: read among its document's payments (the
        contract publishes no read of one payment)."""
        document_id = self.store.payments.document_of(self.scope, edit.target_id)
        if document_id is not None:
            async for payment in api.payments.for_document(document_id,
                                                           entity_id=edit.entity_id):
                found = as_json(payment)
                if found.get("id") == edit.target_id:
                    self.store.payments.upsert(self.scope, [found], entity_id=edit.entity_id)
                    return found
        raise errors.NotFoundError(f"payment {edit.target_id} was not found", status=404)

    async def _request(
        self, api: SpaceInvoicesClient, edit: QueuedEdit
    ) -> dict[str, Any] | None:
        rid = edit.link_request_id if edit.kind is EditKind.SET_LOGO else edit.request_id
        body = dict(edit.payload)
        kind = edit.kind
        if kind in (EditKind.SET_LOGO, EditKind.REMOVE_LOGO):  # the link: an update
            kind = EditKind.UPDATE_UNIT if edit.targets_unit else EditKind.UPDATE_ENTITY
        if kind is EditKind.UPDATE_ENTITY:
            return as_json(await api.entities.update(edit.target_id, request_id=rid, **body))
        if kind is EditKind.CREATE_ENTITY:
            name = str(body.pop("name", "") or "")
            country = str(body.pop("country", "") or "")
            return as_json(
                await api.entities.create(name=name, country=country, request_id=rid, **body)
            )
        if edit.record_kind != "entity" and not edit.targets_unit:
            return await _document_request(api, edit, body)
        if kind is EditKind.ENABLE_ENTITY:
            return as_json(await api.entities.enable(edit.target_id, request_id=rid))
        if kind is EditKind.DISABLE_ENTITY:
            return as_json(await api.entities.disable(edit.target_id, request_id=rid))
        entity_id = edit.entity_id
        if kind is EditKind.UPDATE_UNIT:
            return as_json(
                await api.business_units.update(
                    edit.target_id, entity_id=entity_id, request_id=rid, **body
                )
            )
        if kind is EditKind.CREATE_UNIT:
            name = str(body.pop("name", "") or "")
            return as_json(
                await api.business_units.create(
                    entity_id=entity_id, name=name, request_id=rid, **body
                )
            )
        if kind is EditKind.ARCHIVE_UNIT:
            archived = await api.business_units.archive(
                edit.target_id, entity_id=entity_id, request_id=rid
            )
            if archived is None:  # a bare acknowledgement: read the unit back
                archived = await api.business_units.get(
                    edit.target_id, entity_id=entity_id, include_archived=True
                )
            return as_json(archived)
        raise AssertionError(f"unknown edit kind {kind}")  # pragma: no cover


def _document_type(edit: QueuedEdit) -> str:
    kind = document_type_of(edit.target_id)
    if kind is None:
        raise OutboxError(f"{edit.target_id} does not name a document type")
    return kind


def _action_done(kind: EditKind, theirs: Mapping[str, Any]) -> bool:
    """Whether the service's document already is what the action would make it."""
    if kind is EditKind.ISSUE_DOCUMENT:
        return theirs.get("is_draft") is False
    if kind is EditKind.VOID_DOCUMENT:
        return bool(theirs.get("voided_at"))
    return False


async def _document_request(
    api: SpaceInvoicesClient, edit: QueuedEdit, body: dict[str, Any]
) -> dict[str, Any] | None:
    """Send one document, payment or customer edit; the answer (None for a delete)."""
    kind, rid, entity_id, target = edit.kind, edit.request_id, edit.entity_id, edit.target_id
    if kind is EditKind.CREATE_DOCUMENT:
        # Always a draft: numbers are legal facts, and only the user's own "Issue" (a queued
        # ISSUE_DOCUMENT behind this create) issues it.
        body["is_draft"] = True
        items = body.pop("items", [])
        return as_json(await api.of_type(_document_type(edit)).create(
            entity_id=entity_id, items=items, request_id=rid, **body))
    if kind is EditKind.UPDATE_DOCUMENT:
        return as_json(await api.of_type(_document_type(edit)).update(
            target, entity_id=entity_id, request_id=rid, **body))
    if kind is EditKind.ISSUE_DOCUMENT:
        return as_json(await api.documents.finalize(target, entity_id=entity_id,
                                                    request_id=rid))
    if kind is EditKind.VOID_DOCUMENT:
        return as_json(await api.of_type(_document_type(edit)).void(
            target, entity_id=entity_id, reason=body.get("reason"), request_id=rid))
    if kind is EditKind.DELETE_DOCUMENT:
        await api.documents.delete(target, entity_id=entity_id, request_id=rid)
        return None
    if kind is EditKind.SEND_DOCUMENT:  # the service keeps the message; nothing to cache
        await api.documents.send(
            target, entity_id=entity_id, to=str(body.get("to", "")),
            subject=body.get("subject"), body_text=body.get("body_text"),
            attach_pdf=body.get("attach_pdf") is not False, request_id=rid)
        return None
    if kind is EditKind.CREATE_PAYMENT:
        document_id = str(body.pop("invoice_id", None) or body.pop("credit_note_id", ""))
        return as_json(await api.payments.create(
            entity_id=entity_id, document_id=document_id, amount=body.pop("amount", None),
            type=str(body.pop("type", "")), request_id=rid, **body))
    if kind is EditKind.UPDATE_PAYMENT:
        return as_json(await api.payments.update(target, entity_id=entity_id,
                                                 request_id=rid, **body))
    if kind is EditKind.DELETE_PAYMENT:
        await api.payments.delete(target, entity_id=entity_id, request_id=rid)
        return None
    if kind is EditKind.CREATE_CUSTOMER:
        name = str(body.pop("name", "") or "")
        return as_json(await api.customers.create(entity_id=entity_id, name=name,
                                                  request_id=rid, **body))
    raise AssertionError(f"unknown edit kind {kind}")  # pragma: no cover


def failure_reason(error: BaseException) -> str:
    """Why an edit was given up on, in words for the user (the details are in the log)."""
    if isinstance(error, errors.MalformedResponseError):
        text = f"The answer from Space Invoices could not be read: {error.message}"
    elif isinstance(error, OutboxError):
        text = f"The change could not be recorded as sent: {error}"
    else:
        detail = str(error)
        text = f"An unexpected error ({type(error).__name__}{': ' if detail else ''}{detail})"
    return readable(text)


def _check_answer(edit: QueuedEdit, answer: Mapping[str, Any] | None) -> None:
    """An answer about another record than the edit's (or a new record without an id of
    the service's shape) is not one to cache or confirm: `MalformedResponseError`."""
    if answer is None:
        return
    found = answer.get("id")
    if edit.kind in CREATE_KINDS:
        if isinstance(found, str) and found and not is_local_id(found) and _id_shaped(found):
            return
    elif found == edit.target_id:
        return
    shown = found if not isinstance(found, str) or len(found) <= 40 else found[:40] + "…"
    raise errors.MalformedResponseError(
        f"the answer names record {shown!r}, not {edit.target_id!r}"
        if edit.kind not in CREATE_KINDS else f"the new record's id {shown!r} is not valid"
    )


def _id_shaped(value: str) -> bool:
    """A service id can go into a URL as it is: letters, digits and `_` only."""
    return value.isascii() and value.replace("_", "").isalnum() and len(value) <= 100


def _link_path(edit: QueuedEdit) -> FieldPath:
    """The field that links a client or unit to its logo."""
    return ("logo_file_id",) if edit.targets_unit else ("settings", "has_logo")


def _link(edit: QueuedEdit, record: Mapping[str, Any] | None) -> str | bool | None:
    """The logo link in a record: a unit's file id, or whether the client has a logo (a
    missing `has_logo` is no logo)."""
    value = value_at(record, _link_path(edit))
    if edit.targets_unit:
        return value if isinstance(value, str) and value else None
    return value is True
