"""Who has access to each client: read from the service, changed at once, never queued.

The workspace's rule (reads through the cache, writes through the outbox) has this one
deliberate exception. Access is a security decision: a removal or a revocation queued
offline would look done while the person or the key still works, so every change goes to
the service now and fails at once when it cannot be reached (nothing waits in the outbox).
Reads go to the service too. The last answer per client is kept in memory for this session
only, and shown with its age when the service cannot be asked; nothing about access is
written to the cache file, and a new key's text is never kept anywhere (the caller gets it
once in `CreatedKey.key.secret`).

After every change one `Changes` of kind `ACCESS` names the client (`Changes.access`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import enum
import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from si_desktop.api import errors
from si_desktop.api.access_models import ROLES, role_of
from si_desktop.sync.events import ChangeKind, Changes

if TYPE_CHECKING:
    from si_desktop.api import SpaceInvoicesClient
    from si_desktop.api.access_models import NewEntityApiKey
    from si_desktop.sync.workspace import Workspace

__all__ = [
    "LIFETIMES_DAYS",
    "ROLES",
    "AccessForm",
    "AccessNotQueued",
    "AccessSnapshot",
    "AccessSummary",
    "AccessView",
    "ClientAccess",
    "CreatedKey",
    "KeyRefused",
    "NotAsked",
    "OverviewRow",
    "invitation_status",
    "key_expired",
    "parse_time",
    "role_of",
    "unanswered_long",
]

log = logging.getLogger("si_desktop.sync.access")

INVITATION_DAYS = 7
LIFETIMES_DAYS = (30, 90, 365, 730)
"""The lifetimes a new key is offered with (days); None, no end, is offered too."""


class AccessForm(enum.Enum):
    """The form of access a client has given people outside the firm."""

    NONE = "none"
    USERS = "users"
    API_KEYS = "api_keys"
    USERS_AND_KEYS = "users_and_keys"


def parse_time(value: object) -> dt.datetime | None:
    """A service time (`2027-03-03T10:00:00.000Z`, or a bare date) as an aware datetime."""
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def key_expired(key: Mapping[str, Any], now: dt.datetime) -> bool:
    expires = parse_time(key.get("expires_at"))
    return expires is not None and expires <= now


def invitation_status(invitation: Mapping[str, Any], now: dt.datetime) -> str:
    """pending, accepted or expired: the service's word, checked against the expiry (a
    status read a while ago may have run out since)."""
    status = str(invitation.get("status") or "pending")
    expires = parse_time(invitation.get("expires_at"))
    if status == "pending" and expires is not None and expires <= now:
        return "expired"
    return status


def unanswered_long(invitation: Mapping[str, Any], now: dt.datetime) -> bool:
    """Sent more than `INVITATION_DAYS` ago and still not accepted (expired, or resent and
    waiting): what an auditor asks about."""
    sent = parse_time(invitation.get("created_at"))
    return (
        invitation_status(invitation, now) != "accepted"
        and sent is not None
        and now - sent > dt.timedelta(days=INVITATION_DAYS)
    )


@dataclass(frozen=True)
class AccessSummary:
    """Counts of one client's access at one moment."""

    users: int
    pending: int  # invitations that can still be accepted
    keys: int  # keys that still work
    expired_keys: int
    unanswered: int  # invitations unanswered for more than seven days
    key_expiry: dt.datetime | None  # when the first working key stops (None: none, or never)
    soonest_expiry: dt.datetime | None  # the first of key_expiry and the pending invitations'

    @property
    def form(self) -> AccessForm:
        people = self.users > 0 or self.pending > 0
        if people and self.keys:
            return AccessForm.USERS_AND_KEYS
        if people:
            return AccessForm.USERS
        if self.keys:
            return AccessForm.API_KEYS
        return AccessForm.NONE


@dataclass(frozen=True)
class AccessSnapshot:
    """One client's access as the service answered it: the records as sent (checked at
    the API's edge), and when."""

    entity_id: str
    users: tuple[dict[str, Any], ...]
    invitations: tuple[dict[str, Any], ...]
    keys: tuple[dict[str, Any], ...]
    fetched_at: dt.datetime
    skipped: int = 0  # records the service sent that could not be read

    def summary(self, now: dt.datetime | None = None) -> AccessSummary:
        now = now or dt.datetime.now(dt.UTC)
        working = [k for k in self.keys if not key_expired(k, now)]
        pending = [i for i in self.invitations if invitation_status(i, now) == "pending"]
        key_ends = [e for k in working if (e := parse_time(k.get("expires_at")))]
        invitation_ends = [e for i in pending if (e := parse_time(i.get("expires_at")))]
        return AccessSummary(
            users=len(self.users),
            pending=len(pending),
            keys=len(working),
            expired_keys=len(self.keys) - len(working),
            unanswered=sum(1 for i in self.invitations if unanswered_long(i, now)),
            key_expiry=min(key_ends, default=None),
            soonest_expiry=min(key_ends + invitation_ends, default=None),
        )

    def shown_invitations(self) -> tuple[dict[str, Any], ...]:
        """Invitations still to be answered (an accepted one is a user now)."""
        return tuple(i for i in self.invitations if i.get("status") != "accepted")


@dataclass(frozen=True)
class AccessView:
    """What the Access tab shows: the snapshot (read now, or the last one this session)
    and, when the service could not be asked, why."""

    entity_id: str
    snapshot: AccessSnapshot | None
    live: bool
    problem: errors.ApiError | None = None

    @property
    def offline(self) -> bool:
        return isinstance(self.problem, errors.NetworkError)

    @property
    def can_change(self) -> bool:
        """Changes need the service now, and a list read from it."""
        return self.live and self.snapshot is not None and self.problem is None


@dataclass(frozen=True)
class CreatedKey:
    """A key just made: `key.secret` is its text, to be shown once and let go."""

    key: NewEntityApiKey = field(repr=False)
    view: AccessView


@dataclass(frozen=True)
class OverviewRow:
    """One client in the firm-wide access overview."""

    entity_id: str
    name: str
    snapshot: AccessSnapshot | None
    problem: errors.ApiError | None = None


class NotAsked(errors.NetworkError):
    """The service was not asked: it is known to be out of reach."""

    def __init__(self) -> None:
        super().__init__("Space Invoices cannot be reached.", reason="connect",
                         retryable=False)


class KeyRefused(errors.AuthenticationError):
    """The service was not asked: it refused the workspace's key (revoked or expired) and
    the app asks again only when the user says so."""

    def __init__(self) -> None:
        super().__init__("Space Invoices no longer accepts this key.", status=401)


class AccessNotQueued(errors.NetworkError):
    """A change of access asked for while the service cannot be reached: it is not
    queued (see the module's docstring)."""

    def __init__(self) -> None:
        super().__init__("Access is changed only while Space Invoices can be reached; "
                         "nothing was queued.", reason="connect", retryable=False)


@dataclass(frozen=True)
class Noted:
    """How an access change is written in the activity log: its kind, whom or what it
    concerns (never a key's text), and the values it set."""

    kind: str
    target: str
    after: dict[str, Any]


class ClientAccess:
    """Access of the workspace's clients (`workspace.access`)."""

    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace
        self._seen: dict[str, AccessSnapshot] = {}

    # -- reading ---------------------------------------------------------------------------

    def last_seen(self, entity_id: str) -> AccessSnapshot | None:
        """The last answer this session, if the client's access was read."""
        return self._seen.get(entity_id)

    def view_now(self, entity_id: str) -> AccessView | None:
        """Without asking the service: what can be shown while it is known to be out of
        reach or to refuse the key (the last answer this session, or nothing); None when
        it should be asked."""
        connectivity = self._workspace.connectivity
        problem: errors.ApiError
        if connectivity.offline:
            problem = NotAsked()
        elif connectivity.key_refused:
            problem = KeyRefused()
        else:
            return None
        return AccessView(entity_id, self.last_seen(entity_id), live=False, problem=problem)

    async def load(self, entity_id: str) -> AccessSnapshot:
        """Read the client's users, invitations and keys now (raises `errors.ApiError`)."""
        api = await self._workspace.api()
        skipped: list[object] = []
        users, invitations, keys = await asyncio.gather(
            _records(api.entity_users.iterate(entity_id=entity_id, on_skipped=skipped.append)),
            _records(api.invitations.iterate(entity_id=entity_id, on_skipped=skipped.append)),
            _records(api.entity_api_keys.iterate(entity_id=entity_id,
                                                 on_skipped=skipped.append)),
        )
        snapshot = AccessSnapshot(entity_id, users, invitations, keys,
                                  dt.datetime.now(dt.UTC), len(skipped))
        self._seen[entity_id] = snapshot
        return snapshot

    async def view(self, entity_id: str, *, ask: bool = False) -> AccessView:
        """The client's access for the tab: read now, or (when the service cannot be asked
        or refuses) the last answer this session with the reason. `ask`: ask the service
        even when it is known to be out of reach (the user said so). Raises only for a
        failure that is not the service's answer."""
        known = None if ask else self.view_now(entity_id)
        if known is not None:
            return known
        try:
            snapshot = await self._noting(self.load(entity_id))
        except errors.ApiError as error:
            return AccessView(entity_id, self.last_seen(entity_id), live=False, problem=error)
        return AccessView(entity_id, snapshot, live=True)

    async def overview(
        self, clients: Iterable[tuple[str, str]],
        on_row: Callable[[OverviewRow], None] | None = None,
        *, concurrency: int = 2,
    ) -> list[OverviewRow]:
        """Every client's access (`clients`: id and name), read now; each row is handed to
        `on_row` as it comes. A client that fails gets its problem in its row; when the
        service cannot be reached at all the rest are not asked."""
        gate = asyncio.Semaphore(concurrency)
        rows: list[OverviewRow] = []
        gone: list[errors.NetworkError] = []
        if self._workspace.connectivity.offline:
            gone.append(NotAsked())

        async def one(entity_id: str, name: str) -> None:
            async with gate:
                if gone:
                    row = OverviewRow(entity_id, name, self.last_seen(entity_id), gone[0])
                else:
                    try:
                        row = OverviewRow(entity_id, name,
                                          await self._noting(self.load(entity_id)))
                    except errors.NetworkError as error:
                        gone.append(error)
                        row = OverviewRow(entity_id, name, self.last_seen(entity_id), error)
                    except errors.ApiError as error:
                        row = OverviewRow(entity_id, name, None, error)
            rows.append(row)
            if on_row is not None:
                on_row(row)

        await asyncio.gather(*(one(entity_id, name) for entity_id, name in clients))
        return rows

    # -- changing (at once, never queued) ----------------------------------------------------

    async def invite(self, entity_id: str, email: str, role: str, *,
                     initiator: object | None = None) -> AccessView:
        """Give `email` access with `role`: at once for someone the service knows, else by
        an invitation (seven days to accept)."""
        async def change(api: SpaceInvoicesClient) -> None:
            await api.entity_users.add(entity_id=entity_id, email=email.strip(), role=role)

        return await self._change(entity_id, change, initiator,
                                  Noted("access_invite", email.strip(), {"role": role}))

    async def change_role(self, entity_id: str, user_id: str, role: str, *,
                          initiator: object | None = None) -> AccessView:
        async def change(api: SpaceInvoicesClient) -> None:
            await api.entity_users.update(user_id, entity_id=entity_id, role=role)

        return await self._change(entity_id, change, initiator,
                                  Noted("access_role", user_id, {"role": role}))

    async def remove_user(self, entity_id: str, user_id: str, *,
                          initiator: object | None = None) -> AccessView:
        async def change(api: SpaceInvoicesClient) -> None:
            await api.entity_users.remove(user_id, entity_id=entity_id)

        return await self._change(entity_id, change, initiator,
                                  Noted("access_remove", user_id, {"removed": True}))

    async def cancel_invitation(self, entity_id: str, invitation_id: str, *,
                                initiator: object | None = None) -> AccessView:
        async def change(api: SpaceInvoicesClient) -> None:
            await api.invitations.cancel(invitation_id, entity_id=entity_id)

        return await self._change(entity_id, change, initiator,
                                  Noted("access_cancel_invitation", invitation_id,
                                        {"cancelled": True}))

    async def resend_invitation(self, entity_id: str, invitation_id: str, *,
                                initiator: object | None = None) -> AccessView:
        async def change(api: SpaceInvoicesClient) -> None:
            await api.invitations.resend(invitation_id, entity_id=entity_id)

        return await self._change(entity_id, change, initiator,
                                  Noted("access_resend_invitation", invitation_id,
                                        {"resent": True}))

    async def revoke_key(self, entity_id: str, key_id: str, *,
                         initiator: object | None = None) -> AccessView:
        async def change(api: SpaceInvoicesClient) -> None:
            await api.entity_api_keys.revoke(key_id, entity_id=entity_id)

        # An entity key's id is the key itself: the log names it by its last characters.
        return await self._change(entity_id, change, initiator,
                                  Noted("access_revoke_key", "API key …" + key_id[-4:],
                                        {"revoked": True}))

    async def create_key(self, entity_id: str, name: str | None, lifetime_days: int | None,
                         *, initiator: object | None = None) -> CreatedKey:
        """A new key for the client. Its text is in the result only: the caller shows it
        once and drops it; nothing here keeps, caches or logs it."""
        made: list[NewEntityApiKey] = []

        async def change(api: SpaceInvoicesClient) -> None:
            ttl = lifetime_days * 86400 if lifetime_days is not None else None
            made.append(await api.entity_api_keys.create(
                entity_id=entity_id, name=name or None, ttl=ttl))

        view = await self._change(entity_id, change, initiator, Noted(
            "access_create_key", "API key", {"name": name or "", "lifetime_days": lifetime_days}))
        return CreatedKey(made[0], view)

    async def _change(
        self, entity_id: str, change: Callable[[SpaceInvoicesClient], Awaitable[None]],
        initiator: object | None, noted: Noted,
    ) -> AccessView:
        """Make the change now (refused at once while offline), record it in the activity
        log (done, or refused with the service's reason), then read the client's access
        again and announce it."""
        workspace = self._workspace
        if workspace.connectivity.offline and not workspace.connectivity.retry_due():
            raise AccessNotQueued()
        api = await workspace.api()
        try:
            await self._noting(change(api))
        except errors.ApiError as error:
            self._record(entity_id, noted, "refused", error.message)
            raise
        self._record(entity_id, noted, "done")
        workspace.changes.publish(Changes(ChangeKind.ACCESS, access=frozenset({entity_id}),
                                          initiator=initiator))
        return await self.view(entity_id)

    def _record(self, entity_id: str, noted: Noted, outcome: str,
                reason: str | None = None) -> None:
        workspace = self._workspace
        workspace.store.activity.record(
            workspace.scope, kind=noted.kind, entity_id=entity_id, target_id=noted.target,
            after=noted.after, outcome=outcome, reason=reason,
        )

    async def _noting(self, work: Awaitable[Any]) -> Any:
        """`work`, with the connection's state noted from how it went."""
        connectivity = self._workspace.connectivity
        try:
            result = await work
        except errors.ApiError as error:
            connectivity.report(error)
            raise
        connectivity.report_success()
        return result


async def _records(items: Any) -> tuple[dict[str, Any], ...]:
    """The records of an async iterator of models, as the JSON the service sent."""
    return tuple([item.model_dump(mode="json") async for item in items])
