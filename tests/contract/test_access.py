"""Client access (CONTRACT.md, "Client access"): entity API keys, entity users, invitations
and the stand-in token route, each with its answers to bad input (422 on the field, 403,
404)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from tests.contract.conftest import create_entity, issue_paths
from tests.fixtures.sandbox import asgi_client

pytestmark = pytest.mark.anyio

PAST = "2000-01-01T00:00:00.000Z"


@pytest.fixture
async def two(api: httpx.AsyncClient) -> tuple[dict[str, Any], dict[str, Any]]:
    """Two entities: access calls then need `x-entity-id`."""
    return await create_entity(api, name="Prva d.o.o."), await create_entity(api, name="Druga")


def on(entity: dict[str, Any]) -> dict[str, str]:
    return {"x-entity-id": entity["id"]}


def age(app: Starlette, table: str, column: str, row_id: str) -> None:
    """Move a row's time into the past, as if days had gone by."""
    with app.state.sandbox.store.write() as conn:
        conn.execute(f"UPDATE {table} SET {column}=? WHERE id=?", (PAST, row_id))
        if table == "access_invitations":  # the stored document carries it too
            conn.execute(
                "UPDATE access_invitations SET doc=json_set(doc, '$.expires_at', ?) WHERE id=?",
                (PAST, row_id),
            )


async def invite(api: httpx.AsyncClient, entity: dict[str, Any], email: str,
                 role: str = "viewer") -> dict[str, Any]:
    answer = await api.post("/entities/users", headers=on(entity),
                            json={"email": email, "role": role})
    assert answer.status_code == 201, answer.text
    body: dict[str, Any] = answer.json()
    return body


async def accept(api: httpx.AsyncClient, entity: dict[str, Any], invitation_id: str,
                 name: str = "Ana Golob") -> dict[str, Any]:
    answer = await api.post(f"/sandbox/invitations/{invitation_id}/accept",
                            headers=on(entity), json={"name": name})
    assert answer.status_code == 201, answer.text
    body: dict[str, Any] = answer.json()
    return body


# -- routes and scope


async def test_access_routes_leave_entities_by_id_alone(
    api: httpx.AsyncClient, two: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    first, _second = two
    assert (await api.get(f"/entities/{first['id']}")).json()["id"] == first["id"]
    # two entities: which one is meant must be said
    assert (await api.get("/entities/users")).status_code == 400
    assert (await api.get("/entities/api-keys", headers=on(first))).status_code == 200


async def test_with_one_entity_the_header_may_be_left_out(api: httpx.AsyncClient) -> None:
    await create_entity(api)
    page = (await api.get("/entities/invitations")).json()
    assert page == {"data": [], "pagination": {"total": 0, "next_cursor": None,
                                               "prev_cursor": None, "has_more": False}}


# -- entity API keys


async def test_a_new_key_is_shown_once_and_listed_by_its_hint(
    api: httpx.AsyncClient, two: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    first, _ = two
    answer = await api.post("/entities/api-keys", headers=on(first),
                            json={"name": "Web shop", "ttl": 3600})
    assert answer.status_code == 201
    created = answer.json()
    key = created["id"]
    assert key == created["key"] and key.startswith("ek_live_") and len(key) == 8 + 32
    assert created["entity_id"] == first["id"] and created["environment"] == "live"
    assert created["name"] == "Web shop" and key.startswith(created["prefix_hint"])
    assert created["expires_at"] > created["created_at"]
    listed = (await api.get("/entities/api-keys", headers=on(first))).json()
    assert key not in str(listed) and key[8:] not in str(listed)
    (record,) = listed["data"]
    assert record["id"] == created["key_id"] != key
    assert set(record) == {"id", "entity_id", "name", "environment", "prefix_hint",
                           "created_at", "expires_at"}


async def test_a_key_without_ttl_does_not_expire(api: httpx.AsyncClient) -> None:
    await create_entity(api)
    created = (await api.post("/entities/api-keys", json={})).json()
    assert created["expires_at"] is None and created["name"] is None


@pytest.mark.parametrize(
    ("body", "path"),
    [({"ttl": 59}, ["ttl"]), ({"ttl": "3600"}, ["ttl"]), ({"ttl": True}, ["ttl"]),
     ({"ttl": 11 * 366 * 86400}, ["ttl"]), ({"name": "x" * 101}, ["name"]),
     ({"name": 7}, ["name"])],
)
async def test_bad_key_fields_are_422_on_their_field(
    api: httpx.AsyncClient, body: dict[str, Any], path: list[str]
) -> None:
    await create_entity(api)
    assert issue_paths(await api.post("/entities/api-keys", json=body)) == [path]


async def test_an_entity_key_acts_on_its_own_entity_only(
    sandbox_app: Starlette, api: httpx.AsyncClient,
    two: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    first, second = two
    key = (await api.post("/entities/api-keys", headers=on(first), json={})).json()["key"]
    async with asgi_client(sandbox_app, key) as client:
        listed = (await client.get("/entities")).json()
        assert [e["id"] for e in listed["data"]] == [first["id"]]
        assert (await client.get(f"/entities/{first['id']}")).status_code == 200
        assert (await client.get(f"/entities/{second['id']}")).status_code == 403
        assert (await client.get("/business-units")).status_code == 200  # its own, implied
        assert (await client.get("/business-units", headers=on(second))).status_code == 403
        created = await client.post("/entities", json={"name": "X", "country": "Slovenia"})
        assert created.status_code == 403
        # access is handed out with the account key only
        assert (await client.get("/entities/users")).status_code == 403
        assert (await client.post("/entities/api-keys", json={})).status_code == 403


async def test_a_revoked_key_is_401_and_leaves_the_list(
    sandbox_app: Starlette, api: httpx.AsyncClient,
    two: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    first, second = two
    created = (await api.post("/entities/api-keys", headers=on(first), json={})).json()
    # another entity does not know it
    other = await api.delete(f"/entities/api-keys/{created['key_id']}", headers=on(second))
    assert other.status_code == 404
    answer = await api.delete(f"/entities/api-keys/{created['key_id']}", headers=on(first))
    assert answer.status_code == 204
    assert (await api.get("/entities/api-keys", headers=on(first))).json()["data"] == []
    async with asgi_client(sandbox_app, created["key"]) as client:
        refused = await client.get("/entities")
    assert refused.status_code == 401
    assert refused.json() == {"code": "unauthorized", "message": "This API key was revoked."}
    again = await api.delete(f"/entities/api-keys/{created['key_id']}", headers=on(first))
    assert again.status_code == 404


async def test_the_holder_of_a_key_may_revoke_it_by_its_text(api: httpx.AsyncClient) -> None:
    await create_entity(api)
    created = (await api.post("/entities/api-keys", json={})).json()
    assert (await api.delete(f"/entities/api-keys/{created['key']}")).status_code == 204


async def test_an_expired_key_is_401_and_stays_listed(
    sandbox_app: Starlette, api: httpx.AsyncClient
) -> None:
    await create_entity(api)
    created = (await api.post("/entities/api-keys", json={"ttl": 60})).json()
    age(sandbox_app, "access_keys", "expires_at", created["key_id"])
    async with asgi_client(sandbox_app, created["key"]) as client:
        refused = await client.get("/entities")
    assert refused.status_code == 401 and refused.json()["message"] == "This API key has expired."
    assert [k["id"] for k in (await api.get("/entities/api-keys")).json()["data"]] == [
        created["key_id"]
    ]


@pytest.mark.parametrize("key_id", ["nope", "ek_live_ab", "usr_6595a27b5d35015c3ef0c3fd"])
async def test_a_malformed_key_id_is_422(api: httpx.AsyncClient, key_id: str) -> None:
    await create_entity(api)
    assert issue_paths(await api.delete(f"/entities/api-keys/{key_id}")) == [["id"]]


async def test_an_unknown_key_id_is_404(api: httpx.AsyncClient) -> None:
    await create_entity(api)
    answer = await api.delete("/entities/api-keys/ek_live_0123456789abcdef01234567")
    assert answer.status_code == 404 and answer.json()["code"] == "not_found"


# -- entity users and invitations


async def test_an_unknown_email_gets_an_invitation_valid_for_seven_days(
    api: httpx.AsyncClient,
) -> None:
    entity = await create_entity(api)
    invitation = await invite(api, entity, "stranka@primer.si")
    assert invitation["id"].startswith("einv_") and invitation["status"] == "pending"
    assert invitation["role"] == "viewer" and invitation["email"] == "stranka@primer.si"
    days = (httpx_time(invitation["expires_at"]) - httpx_time(invitation["created_at"]))
    assert days == 7 * 86400
    assert (await api.get("/entities/users")).json()["data"] == []
    listed = (await api.get("/entities/invitations")).json()["data"]
    assert listed == [invitation]
    assert (await api.get(f"/entities/invitations/{invitation['id']}")).json() == invitation


def httpx_time(text: str) -> float:
    import datetime

    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


async def test_someone_the_account_knows_gets_access_at_once(
    api: httpx.AsyncClient, two: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    first, second = two
    invitation = await invite(api, first, "Ana@Primer.si", role="admin")
    user = await accept(api, first, invitation["id"])
    assert user["role"] == "admin" and user["user_id"].startswith("usr_")
    assert user["email"] == "Ana@Primer.si" and user["name"] == "Ana Golob"
    accepted = (await api.get(f"/entities/invitations/{invitation['id']}",
                              headers=on(first))).json()
    assert accepted["status"] == "accepted"
    # the second entity: a known person is added without an invitation (any letter case)
    answer = await api.post("/entities/users", headers=on(second),
                            json={"email": "ana@primer.si", "role": "member"})
    assert answer.status_code == 201
    added = answer.json()
    assert set(added) == {"user_id", "entity_id", "role", "email", "name",
                          "invited_by_user_id", "created_at"}
    assert added["user_id"] == user["user_id"] and added["role"] == "editor"  # member → editor
    assert added["entity_id"] == second["id"]
    users = (await api.get("/entities/users", headers=on(second))).json()["data"]
    assert users == [added]


async def test_the_default_role_is_editor(api: httpx.AsyncClient) -> None:
    await create_entity(api)
    answer = await api.post("/entities/users", json={"email": "x@primer.si"})
    assert answer.json()["role"] == "editor"


@pytest.mark.parametrize(
    ("body", "paths"),
    [({"email": "ni-naslov", "role": "viewer"}, [["email"]]),
     ({"email": "a@b", "role": "viewer"}, [["email"]]),
     ({"email": "a b@primer.si"}, [["email"]]),
     ({"email": "<script>@primer.si"}, [["email"]]),
     ({"role": "viewer"}, [["email"]]),
     ({"email": "x@primer.si", "role": "owner"}, [["role"]]),
     ({"email": "x@primer.si", "role": "Viewer"}, [["role"]]),
     ({"email": "x@primer.si", "send_invite": "yes"}, [["send_invite"]]),
     ({"email": "", "role": "boss"}, [["email"], ["role"]])],
)
async def test_bad_user_fields_are_422_on_their_field(
    api: httpx.AsyncClient, body: dict[str, Any], paths: list[list[str]]
) -> None:
    await create_entity(api)
    assert issue_paths(await api.post("/entities/users", json=body)) == paths


async def test_a_second_invitation_to_the_same_address_is_422(api: httpx.AsyncClient) -> None:
    entity = await create_entity(api)
    await invite(api, entity, "stranka@primer.si")
    answer = await api.post("/entities/users", json={"email": "STRANKA@primer.si"})
    assert issue_paths(answer) == [["email"]]
    assert answer.json()["cause"]["issues"][0]["code"] == "already_invited"


async def test_inviting_someone_who_has_access_is_422(api: httpx.AsyncClient) -> None:
    entity = await create_entity(api)
    await accept(api, entity, (await invite(api, entity, "ana@primer.si"))["id"])
    answer = await api.post("/entities/users", json={"email": "ana@primer.si"})
    assert issue_paths(answer) == [["email"]]
    assert answer.json()["cause"]["issues"][0]["code"] == "already_member"


async def test_change_role_and_remove(api: httpx.AsyncClient) -> None:
    entity = await create_entity(api)
    user = await accept(api, entity, (await invite(api, entity, "ana@primer.si"))["id"])
    changed = await api.patch(f"/entities/users/{user['user_id']}", json={"role": "editor"})
    assert changed.status_code == 200 and changed.json()["role"] == "editor"
    assert issue_paths(await api.patch(f"/entities/users/{user['user_id']}",
                                       json={"role": "god"})) == [["role"]]
    assert issue_paths(await api.patch(f"/entities/users/{user['user_id']}",
                                       json={})) == [["role"]]
    assert (await api.delete(f"/entities/users/{user['user_id']}")).status_code == 204
    assert (await api.get("/entities/users")).json()["data"] == []
    gone = await api.delete(f"/entities/users/{user['user_id']}")
    assert gone.status_code == 404


async def test_the_last_admin_stays_while_others_remain(api: httpx.AsyncClient) -> None:
    entity = await create_entity(api)
    admin = await accept(api, entity, (await invite(api, entity, "a@primer.si", "admin"))["id"])
    viewer = await accept(api, entity, (await invite(api, entity, "v@primer.si"))["id"], "V")
    removed = await api.delete(f"/entities/users/{admin['user_id']}")
    assert removed.status_code == 403 and removed.json()["code"] == "last_admin"
    demoted = await api.patch(f"/entities/users/{admin['user_id']}", json={"role": "viewer"})
    assert demoted.status_code == 403
    # with another admin, or once alone, the admin may go
    await api.patch(f"/entities/users/{viewer['user_id']}", json={"role": "admin"})
    assert (await api.patch(f"/entities/users/{admin['user_id']}",
                            json={"role": "viewer"})).status_code == 200
    await api.delete(f"/entities/users/{admin['user_id']}")
    assert (await api.delete(f"/entities/users/{viewer['user_id']}")).status_code == 204


@pytest.mark.parametrize("user_id", ["x", "usr_", "einv_6595a27b5d35015c3ef0c3fd", "usr_abc.def12"])
async def test_a_malformed_user_id_is_422(api: httpx.AsyncClient, user_id: str) -> None:
    await create_entity(api)
    assert issue_paths(await api.delete(f"/entities/users/{user_id}")) == [["user_id"]]


async def test_an_unknown_user_is_404(api: httpx.AsyncClient) -> None:
    await create_entity(api)
    answer = await api.patch("/entities/users/usr_6595a27b5d35015c3ef0c3fd",
                             json={"role": "viewer"})
    assert answer.status_code == 404


async def test_an_invitation_expires_after_seven_days_and_resend_renews_it(
    sandbox_app: Starlette, api: httpx.AsyncClient
) -> None:
    entity = await create_entity(api)
    invitation = await invite(api, entity, "stranka@primer.si")
    age(sandbox_app, "access_invitations", "expires_at", invitation["id"])
    listed = (await api.get("/entities/invitations")).json()["data"]
    assert [i["status"] for i in listed] == ["expired"]
    # an expired invitation can neither be accepted nor block a new one
    refused = await api.post(f"/sandbox/invitations/{invitation['id']}/accept", json={})
    assert refused.status_code == 409
    resent = await api.post(f"/entities/invitations/{invitation['id']}/resend")
    assert resent.status_code == 200
    renewed = resent.json()
    assert renewed["status"] == "pending" and renewed["expires_at"] > listed[0]["expires_at"]
    assert renewed["created_at"] == invitation["created_at"]


async def test_cancel_an_invitation(api: httpx.AsyncClient) -> None:
    entity = await create_entity(api)
    invitation = await invite(api, entity, "stranka@primer.si")
    assert (await api.delete(f"/entities/invitations/{invitation['id']}")).status_code == 204
    assert (await api.get("/entities/invitations")).json()["data"] == []
    assert (await api.get(f"/entities/invitations/{invitation['id']}")).status_code == 404
    assert (await api.delete(f"/entities/invitations/{invitation['id']}")).status_code == 404
    # and the address may be invited again
    await invite(api, entity, "stranka@primer.si")


async def test_an_accepted_invitation_cannot_be_resent(api: httpx.AsyncClient) -> None:
    entity = await create_entity(api)
    invitation = await invite(api, entity, "stranka@primer.si")
    await accept(api, entity, invitation["id"])
    answer = await api.post(f"/entities/invitations/{invitation['id']}/resend")
    assert answer.status_code == 409 and answer.json()["code"] == "conflict"


@pytest.mark.parametrize("invitation_id", ["einv", "einv_!!!!!!!", "ent_6595a27b5d35015c3ef0c3fd"])
async def test_a_malformed_invitation_id_is_422(api: httpx.AsyncClient,
                                               invitation_id: str) -> None:
    await create_entity(api)
    assert issue_paths(await api.get(f"/entities/invitations/{invitation_id}")) == [["id"]]


async def test_invitations_of_another_entity_are_404(
    api: httpx.AsyncClient, two: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    first, second = two
    invitation = await invite(api, first, "stranka@primer.si")
    answer = await api.get(f"/entities/invitations/{invitation['id']}", headers=on(second))
    assert answer.status_code == 404


# -- the stand-in dashboard token


async def test_a_dashboard_token_for_a_user(api: httpx.AsyncClient) -> None:
    entity = await create_entity(api)
    user = await accept(api, entity, (await invite(api, entity, "ana@primer.si"))["id"])
    answer = await api.post(f"/entities/users/{user['user_id']}/token")
    assert answer.status_code == 201
    body = answer.json()
    assert set(body) == {"token", "expires_at"} and len(body["token"]) > 30
    unknown = await api.post("/entities/users/usr_6595a27b5d35015c3ef0c3fd/token")
    assert unknown.status_code == 404


# -- the demo


async def test_the_demo_shows_every_form_of_access_on_its_first_client() -> None:
    from si_desktop.sandbox import create_app

    key = "sk_live_" + "c" * 32
    app = create_app(api_key=key, clients=12)
    try:
        async with asgi_client(app, key) as client:
            first = (await client.get("/entities", params={"order_by": "name",
                                                          "limit": 1})).json()["data"][0]
            users = (await client.get("/entities/users", headers=on(first))).json()["data"]
            invitations = (await client.get("/entities/invitations",
                                            headers=on(first))).json()["data"]
            keys = (await client.get("/entities/api-keys", headers=on(first))).json()["data"]
    finally:
        app.state.sandbox.close()
    assert sorted(u["role"] for u in users)[0] == "admin" and len(users) == 2
    assert sorted(i["status"] for i in invitations) == ["expired", "pending"]
    assert len(keys) == 1 and keys[0]["expires_at"]


async def test_a_repeated_request_id_never_shows_a_key_again(
    sandbox_app: Starlette, api: httpx.AsyncClient
) -> None:
    """The answer with the key is `no-store`: the replay store keeps no copy of it, and a
    repeat of the request is told the work was done (no second key is made)."""
    await create_entity(api)
    headers = {"X-Request-Id": "create-key-1"}
    first = await api.post("/entities/api-keys", json={"name": "Shop"}, headers=headers)
    assert first.status_code == 201 and first.headers["cache-control"] == "no-store"
    key = first.json()["key"]
    again = await api.post("/entities/api-keys", json={"name": "Shop"}, headers=headers)
    assert again.status_code == 409 and key not in again.text
    assert len((await api.get("/entities/api-keys")).json()["data"]) == 1
    with sandbox_app.state.sandbox.store.read() as conn:
        dump = "\n".join(conn.iterdump())
    assert key not in dump and key[8:] not in dump
