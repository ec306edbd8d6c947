"""Client access in the workspace: read from the sandbox, changed at once, never queued and
never cached on disk; the last answer kept in memory for the offline tab; one `Changes`
per change; the summary's counts and the overview."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from si_desktop.api import errors
from si_desktop.sync.access import (
    AccessForm,
    AccessNotQueued,
    AccessSnapshot,
    invitation_status,
)
from si_desktop.sync.events import ChangeKind, Changes
from si_desktop.sync.workspace import Workspace
from tests.unit.sync.conftest import Rig, Switch, make_client

pytestmark = pytest.mark.anyio

NOW = dt.datetime(2026, 5, 1, 12, 0, tzinfo=dt.UTC)


def at(days: float) -> str:
    return (NOW + dt.timedelta(days=days)).isoformat().replace("+00:00", "Z")


def snapshot(users: int = 0, invitations: tuple[dict[str, object], ...] = (),
             keys: tuple[dict[str, object], ...] = ()) -> AccessSnapshot:
    return AccessSnapshot(
        "ent_6595a27b5d35015c3ef0c3fd",
        tuple({"user_id": f"usr_{n:06d}", "role": "viewer"} for n in range(users)),
        invitations, keys, NOW,
    )


def test_no_one_has_access() -> None:
    summary = snapshot().summary(NOW)
    assert summary.form is AccessForm.NONE
    assert (summary.users, summary.pending, summary.keys) == (0, 0, 0)
    assert summary.soonest_expiry is None


def test_users_invitations_and_keys_are_counted_as_they_stand_now() -> None:
    summary = snapshot(
        users=2,
        invitations=(
            {"status": "pending", "created_at": at(-2), "expires_at": at(5)},
            {"status": "pending", "created_at": at(-8), "expires_at": at(-1)},  # ran out
            {"status": "accepted", "created_at": at(-30), "expires_at": at(-23)},
        ),
        keys=({"expires_at": at(300)}, {"expires_at": at(-1)}, {"expires_at": None}),
    ).summary(NOW)
    assert summary.form is AccessForm.USERS_AND_KEYS
    assert (summary.users, summary.pending, summary.keys, summary.expired_keys) == (2, 1, 2, 1)
    assert summary.unanswered == 1  # sent 8 days ago and never accepted
    assert summary.key_expiry == NOW + dt.timedelta(days=300)
    assert summary.soonest_expiry == NOW + dt.timedelta(days=5)  # the invitation


def test_keys_alone_and_a_pending_invitation_alone() -> None:
    assert snapshot(keys=({"expires_at": None},)).summary(NOW).form is AccessForm.API_KEYS
    pending = ({"status": "pending", "created_at": at(0), "expires_at": at(7)},)
    assert snapshot(invitations=pending).summary(NOW).form is AccessForm.USERS
    assert invitation_status({"status": "pending", "expires_at": "garbage"}, NOW) == "pending"


async def test_invite_create_and_revoke_a_key_live(rig: Rig) -> None:
    entity_id = await make_client(rig.server, "Prva d.o.o.")
    await make_client(rig.server, "Druga d.o.o.")
    workspace = rig.workspace
    events: list[Changes] = []
    workspace.changes.subscribe(events.append)

    view = await workspace.access.view(entity_id)
    assert view.live and view.can_change and view.snapshot is not None
    assert view.snapshot.summary().form is AccessForm.NONE

    page = object()
    view = await workspace.access.invite(entity_id, " stranka@primer.si ", "viewer",
                                         initiator=page)
    assert view.snapshot is not None
    (invitation,) = view.snapshot.invitations
    assert invitation["email"] == "stranka@primer.si" and invitation["status"] == "pending"
    assert events[-1] == Changes(ChangeKind.ACCESS, access=frozenset({entity_id}),
                                 initiator=page)

    created = await workspace.access.create_key(entity_id, "Web shop", 90)
    secret = created.key.secret
    assert secret.startswith("ek_live_") and secret not in repr(created)
    (key,) = created.view.snapshot.keys  # type: ignore[union-attr]
    assert key["name"] == "Web shop" and secret not in str(created.view)
    expires = dt.datetime.fromisoformat(str(key["expires_at"]).replace("Z", "+00:00"))
    assert dt.timedelta(days=89) < expires - dt.datetime.now(dt.UTC) <= dt.timedelta(days=90)

    view = await workspace.access.revoke_key(entity_id, str(key["id"]))
    assert view.snapshot is not None and view.snapshot.keys == ()
    summary = view.snapshot.summary()
    assert (summary.form, summary.pending) == (AccessForm.USERS, 1)
    # nothing of it went through the outbox, nor into the cache file
    assert workspace.pending_count() == 0
    assert not any(secret.encode() in path.read_bytes()
                   for path in rig.folder.rglob("*") if path.is_file())


async def test_offline_the_tab_shows_the_last_answer_and_nothing_is_queued(
    rig: Rig, tmp_path: Path
) -> None:
    entity_id = await make_client(rig.server, "Prva d.o.o.")
    workspace = rig.workspace
    seen = await workspace.access.view(entity_id)
    rig.switch.online = False
    view = await workspace.access.view(entity_id)
    assert not view.live and view.offline and not view.can_change
    assert view.snapshot is seen.snapshot  # the last answer, with its time
    assert workspace.connectivity.offline
    assert workspace.access.view_now(entity_id) is not None  # asked no more
    with pytest.raises(AccessNotQueued):
        await workspace.access.invite(entity_id, "x@primer.si", "viewer")
    assert workspace.pending_count() == 0
    rig.switch.online = True
    assert (await rig.server.entity_users.list(entity_id=entity_id)).data == []
    # a client never read this session: nothing to show
    other = await make_client(rig.server, "Druga d.o.o.")
    rig.switch.online = False
    assert (await workspace.access.view(other)).snapshot is None


async def test_a_refusal_is_the_views_problem_not_a_crash(rig: Rig) -> None:
    entity_id = await make_client(rig.server, "Prva d.o.o.")
    key = (await rig.server.entity_api_keys.create(entity_id=entity_id)).secret
    from tests.unit.sync.conftest import client_for, scope_for

    as_key = client_for(key, Switch(rig.app))
    try:
        workspace = Workspace(rig.store, scope_for(key), as_key)
        view = await workspace.access.view(entity_id)
    finally:
        await as_key.aclose()
    assert isinstance(view.problem, errors.PermissionDeniedError) and view.snapshot is None
    assert not view.offline and not view.can_change


async def test_a_422_of_a_change_reaches_the_caller_with_its_field(rig: Rig) -> None:
    entity_id = await make_client(rig.server, "Prva d.o.o.")
    with pytest.raises(errors.ValidationError) as raised:
        await rig.workspace.access.invite(entity_id, "not-an-address", "viewer")
    assert raised.value.issues[0].path == ("email",)


async def test_the_overview_reads_every_client_and_stops_asking_when_offline(
    rig: Rig,
) -> None:
    ids = [await make_client(rig.server, name) for name in ("A", "B", "C")]
    await rig.server.entity_users.add(entity_id=ids[1], email="x@primer.si", role="viewer")
    await rig.server.entity_api_keys.create(entity_id=ids[2], ttl=86400)
    rows = await rig.workspace.access.overview([(i, n) for i, n in zip(ids, "ABC",
                                                                        strict=True)])
    forms = {row.name: row.snapshot.summary().form for row in rows if row.snapshot}
    assert forms == {"A": AccessForm.NONE, "B": AccessForm.USERS, "C": AccessForm.API_KEYS}
    assert rig.workspace.access.last_seen(ids[2]) is not None

    rig.switch.online = False
    before = len(rig.switch.requests)
    got: list[str] = []
    rows = await rig.workspace.access.overview([(i, n) for i, n in zip(ids, "ABC",
                                                                        strict=True)],
                                               on_row=lambda row: got.append(row.name),
                                               concurrency=1)
    assert sorted(got) == ["A", "B", "C"]
    assert all(isinstance(row.problem, errors.NetworkError) for row in rows)
    assert all(row.snapshot is not None for row in rows)  # the last answers, kept
    assert len(rig.switch.requests) == before
