"""The client's access namespaces against the sandbox (in-process): the two readings of
CONTRACT.md's "Client access" checked against each other."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette

from si_desktop.api import SpaceInvoicesClient, errors
from si_desktop.api.access_models import EntityUser, Invitation
from si_desktop.sandbox import create_app

pytestmark = pytest.mark.anyio
BASE = "http://sandbox.test"


@pytest.fixture
async def app(sandbox_key: str) -> AsyncIterator[Starlette]:
    application = create_app(api_key=sandbox_key)
    try:
        yield application
    finally:
        application.state.sandbox.close()


def client(app: Starlette, key: str) -> SpaceInvoicesClient:
    return SpaceInvoicesClient(api_key=key, base_url=BASE, rate_limit_per_min=None,
                               transport=httpx.ASGITransport(app=app))


async def test_keys_users_and_invitations_round_trip(app: Starlette, sandbox_key: str) -> None:
    async with client(app, sandbox_key) as si:
        entity = await si.entities.create(name="Prva d.o.o.", country="Slovenia")
        other = await si.entities.create(name="Druga d.o.o.", country="Slovenia")
        new = await si.entity_api_keys.create(entity_id=entity.id, name="Web shop", ttl=86400)
        listed = [k async for k in si.entity_api_keys.iterate(entity_id=entity.id)]
        assert [k.id for k in listed] == [new.record.id]
        assert listed[0].prefix_hint and new.secret.startswith(listed[0].prefix_hint)

        # the key works for its entity only, until it is revoked
        async with client(app, new.secret) as as_key:
            assert [e.id for e in (await as_key.entities.list()).data] == [entity.id]
            with pytest.raises(errors.PermissionDeniedError):
                await as_key.entities.get(other.id)
            await si.entity_api_keys.revoke(new.record.id, entity_id=entity.id)
            with pytest.raises(errors.AuthenticationError) as refused:
                await as_key.entities.list()
            assert refused.value.message == "This API key was revoked."
            assert new.secret not in str(refused.value)

        invited = await si.entity_users.add(entity_id=entity.id, email="stranka@primer.si",
                                            role="viewer")
        assert isinstance(invited, Invitation) and invited.status == "pending"
        with pytest.raises(errors.ValidationError) as again:
            await si.entity_users.add(entity_id=entity.id, email="stranka@primer.si")
        assert again.value.issues[0].path == ("email",)
        resent = await si.invitations.resend(invited.id, entity_id=entity.id)
        assert resent.expires_at is not None and resent.expires_at >= str(invited.expires_at)
        assert (await si.invitations.get(invited.id, entity_id=entity.id)).id == invited.id
        await si.invitations.cancel(invited.id, entity_id=entity.id)
        assert [i async for i in si.invitations.iterate(entity_id=entity.id)] == []

        # a person the account knows (accepted elsewhere) is added at once
        second = await si.entity_users.add(entity_id=other.id, email="ana@primer.si",
                                           role="admin")
        assert isinstance(second, Invitation)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE,
                                     headers={"Authorization": f"Bearer {sandbox_key}",
                                              "x-entity-id": other.id}) as raw:
            accepted = await raw.post(f"/sandbox/invitations/{second.id}/accept", json={})
            assert accepted.status_code == 201
        user = await si.entity_users.add(entity_id=entity.id, email="ana@primer.si",
                                         role="member")
        assert isinstance(user, EntityUser) and user.known_role == "editor"
        changed = await si.entity_users.update(user.user_id, entity_id=entity.id, role="admin")
        assert changed.role == "admin"
        token = await si.entity_users.token(user.user_id, entity_id=entity.id)
        assert token.token and token.expires_at
        await si.entity_users.remove(user.user_id, entity_id=entity.id)
        assert (await si.entity_users.list(entity_id=entity.id)).data == []
        with pytest.raises(errors.NotFoundError):
            await si.entity_users.remove(user.user_id, entity_id=entity.id)
