"""The client's access namespaces on a scripted server: what each call sends, what it reads,
ids checked before a request, records with bad ids skipped, and a new key's text kept out of
every `repr`, error and log line."""

from __future__ import annotations

import logging

import pytest

from si_desktop.api import errors
from si_desktop.api.access_models import (
    EntityApiKey,
    EntityUser,
    Invitation,
    NewEntityApiKey,
    role_of,
)
from si_desktop.api.ids import check_opaque_id
from tests.unit.api.conftest import ENT_ID, FakeServer, fail, make_client, ok, page

pytestmark = pytest.mark.anyio

SECRET = "ek_live_" + "5ad8" * 8
KEY_ID = "ek_live_0b39e90a5382e9e389709808"
USER_ID = "usr_6b0f80652e44ebce2d9349bb"
INV_ID = "einv_6b0f80652e44ebce2d9349bd"


def key_record(**over: object) -> dict[str, object]:
    record: dict[str, object] = {
        "id": KEY_ID, "entity_id": ENT_ID, "name": "Web shop", "environment": "live",
        "prefix_hint": "ek_live_5ad8", "created_at": "2026-01-01T00:00:00.000Z",
        "expires_at": "2027-03-03T00:00:00.000Z",
    }
    record.update(over)
    return record


def created_answer() -> dict[str, object]:
    return {**key_record(), "id": SECRET, "key": SECRET, "key_id": KEY_ID}


@pytest.mark.parametrize(
    ("value", "kind", "good"),
    [("ek_live_abcdef", "ek", True), ("ek_sandbox_" + "a" * 64, "ek", True),
     ("ek_test_abcdef", "ek", False), ("ek_live_abc", "ek", False),
     ("ek_live_" + "a" * 65, "ek", False), ("usr_abc/../x", "usr", False),
     ("usr_6b0f80652e44ebce2d9349bb", "usr", True), ("einv_ab cdef", "einv", False),
     ("einv_abcdef", "usr", False), (7, "usr", False)],
)
def test_opaque_ids(value: object, kind: str, good: bool) -> None:
    if good:
        assert check_opaque_id(value, kind) == value
    else:
        with pytest.raises(ValueError) as raised:
            check_opaque_id(value, kind)
        assert "abcdef" not in str(raised.value)  # the value is never echoed


async def test_create_keeps_the_secret_apart_and_out_of_repr() -> None:
    server = FakeServer(ok(created_answer(), 201))
    async with make_client(server) as si:
        new = await si.entity_api_keys.create(entity_id=ENT_ID, name="Web shop", ttl=3600)
    assert server.last.method == "POST" and server.last.url.path == "/entities/api-keys"
    assert server.last.headers["x-entity-id"] == ENT_ID
    assert server.body() == {"name": "Web shop", "ttl": 3600}
    assert new.secret == SECRET
    assert new.record.id == KEY_ID and new.record.prefix_hint == "ek_live_5ad8"
    for shown in (repr(new), str(new), repr(new.record), str(new.record.model_dump())):
        assert SECRET not in shown and SECRET[8:] not in shown


async def test_a_key_answered_in_id_alone_is_read_as_the_contract_has_it() -> None:
    answer = {**key_record(), "id": SECRET}
    server = FakeServer(ok(answer, 201))
    async with make_client(server) as si:
        new = await si.entity_api_keys.create(entity_id=ENT_ID)
    assert new.secret == SECRET and new.record.id == SECRET
    assert server.body() == {}


async def test_an_answer_without_a_key_is_malformed_and_says_nothing_of_it() -> None:
    server = FakeServer(ok({**key_record(), "id": "ek_live_!!!" + SECRET[8:]}, 201))
    async with make_client(server) as si:
        with pytest.raises(errors.MalformedResponseError) as raised:
            await si.entity_api_keys.create(entity_id=ENT_ID)
    assert SECRET[8:] not in str(raised.value) and SECRET[8:] not in repr(raised.value)


@pytest.mark.parametrize("ttl", [59, 0, True, 3.5])
async def test_a_bad_ttl_is_refused_before_sending(ttl: object) -> None:
    server = FakeServer(ok({}))
    async with make_client(server) as si:
        with pytest.raises(ValueError):
            await si.entity_api_keys.create(entity_id=ENT_ID, ttl=ttl)  # type: ignore[arg-type]
    assert server.requests == []


async def test_lists_skip_records_with_bad_ids_and_keep_the_others(
    all_logs: pytest.LogCaptureFixture,
) -> None:
    bad = key_record(id="ek_live_../../x")
    server = FakeServer(ok(page([key_record(), bad])))
    async with make_client(server) as si:
        listed = await si.entity_api_keys.list(entity_id=ENT_ID)
    assert [k.id for k in listed.data] == [KEY_ID]
    assert len(listed.skipped) == 1
    assert "skipped one EntityApiKey" in all_logs.text


@pytest.mark.parametrize(
    "call",
    ["revoke", "update", "remove", "token", "get", "cancel", "resend"],
)
async def test_a_path_id_that_fails_its_check_is_never_sent(call: str) -> None:
    server = FakeServer(ok({}))
    bad = "x/../../entities"
    async with make_client(server) as si:
        with pytest.raises(ValueError):
            if call == "revoke":
                await si.entity_api_keys.revoke(bad, entity_id=ENT_ID)
            elif call == "update":
                await si.entity_users.update(bad, entity_id=ENT_ID, role="viewer")
            elif call == "remove":
                await si.entity_users.remove(bad, entity_id=ENT_ID)
            elif call == "token":
                await si.entity_users.token(bad, entity_id=ENT_ID)
            elif call == "get":
                await si.invitations.get(bad, entity_id=ENT_ID)
            elif call == "cancel":
                await si.invitations.cancel(bad, entity_id=ENT_ID)
            else:
                await si.invitations.resend(bad, entity_id=ENT_ID)
    assert server.requests == []


async def test_add_answers_a_user_or_an_invitation() -> None:
    user = {"user_id": USER_ID, "entity_id": ENT_ID, "role": "viewer", "email": "a@b.si",
            "name": "Ana", "invited_by_user_id": None, "created_at": "2026-01-01T00:00:00Z"}
    invitation = {"id": INV_ID, "entity_id": ENT_ID, "email": "x@b.si", "role": "viewer",
                  "status": "pending", "expires_at": "2026-01-08T00:00:00Z",
                  "created_at": "2026-01-01T00:00:00Z"}
    server = FakeServer(ok(user, 201), ok(invitation, 201))
    async with make_client(server) as si:
        first = await si.entity_users.add(entity_id=ENT_ID, email="a@b.si", role="viewer")
        second = await si.entity_users.add(entity_id=ENT_ID, email="x@b.si", role="viewer")
    assert isinstance(first, EntityUser) and first.user_id == USER_ID
    assert isinstance(second, Invitation) and second.status == "pending"
    assert server.body(0) == {"email": "a@b.si", "role": "viewer", "send_invite": True}
    assert first.model_dump(mode="json") == user  # nothing added, nothing lost


async def test_a_422_keeps_its_field_paths() -> None:
    server = FakeServer(fail(422, "validation_error", "bad", cause={"issues": [
        {"code": "already_invited", "path": ["email"], "message": "pending already"}]}))
    async with make_client(server) as si:
        with pytest.raises(errors.ValidationError) as raised:
            await si.entity_users.add(entity_id=ENT_ID, email="a@b.si")
    assert raised.value.issues[0].path == ("email",)


async def test_writes_without_a_body_and_the_token() -> None:
    server = FakeServer(ok({}, 204), ok({}, 204), ok({}, 204),
                        ok({"token": "dtok_" + "x" * 40, "expires_at": None}, 201))
    async with make_client(server) as si:
        await si.entity_api_keys.revoke(KEY_ID, entity_id=ENT_ID)
        await si.entity_users.remove(USER_ID, entity_id=ENT_ID)
        await si.invitations.cancel(INV_ID, entity_id=ENT_ID)
        token = await si.entity_users.token(USER_ID, entity_id=ENT_ID)
    assert [(r.method, r.url.path) for r in server.requests] == [
        ("DELETE", f"/entities/api-keys/{KEY_ID}"), ("DELETE", f"/entities/users/{USER_ID}"),
        ("DELETE", f"/entities/invitations/{INV_ID}"),
        ("POST", f"/entities/users/{USER_ID}/token"),
    ]
    assert "x" * 40 not in repr(token)


async def test_a_revoke_is_logged_without_the_key_id_shape_leaking(
    all_logs: pytest.LogCaptureFixture,
) -> None:
    """Even a public key id looks like a key: the log line shows neither."""
    server = FakeServer(ok({}, 204))
    async with make_client(server) as si:
        await si.entity_api_keys.revoke(KEY_ID, entity_id=ENT_ID)
    ours = [r.getMessage() for r in all_logs.records if r.name.startswith("si_desktop")]
    assert ours and not any(KEY_ID in line for line in ours)


def test_roles() -> None:
    assert role_of("member") == "editor" and role_of("admin") == "admin"
    assert role_of("owner") is None and role_of(None) is None
    user = EntityUser.model_validate({"user_id": USER_ID, "role": "member"})
    assert user.known_role == "editor" and user.role == "member"


def test_records_keep_what_the_service_sent() -> None:
    record = key_record(last_used_at=None, scopes=["all"])
    assert EntityApiKey.model_validate(record).model_dump(mode="json") == record
    assert NewEntityApiKey.from_answer(created_answer()).record.model_dump(
        mode="json") == key_record()


def test_logging_a_new_key_by_accident_shows_no_secret(caplog: pytest.LogCaptureFixture) -> None:
    new = NewEntityApiKey.from_answer(created_answer())
    logger = logging.getLogger("test.access")
    with caplog.at_level(logging.INFO, logger="test.access"):
        logger.info("made %s / %r", new, new)
    assert SECRET not in caplog.text
