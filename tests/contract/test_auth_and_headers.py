"""Authentication, key kinds, account header and X-Request-Id on every response."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette

from tests.contract.conftest import create_entity
from tests.fixtures.sandbox import asgi_client

pytestmark = pytest.mark.anyio


async def test_no_key_is_401_in_the_contract_shape(sandbox_app: Starlette) -> None:
    async with asgi_client(sandbox_app, None) as anonymous:
        response = await anonymous.get("/entities")
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "unauthorized" and body["message"]


async def test_an_unknown_key_is_401(sandbox_app: Starlette) -> None:
    async with asgi_client(sandbox_app, "sk_live_" + "0" * 32) as stranger:
        response = await stranger.get("/entities")
    assert response.status_code == 401


async def test_a_malformed_authorization_header_is_401(sandbox_app: Starlette,
                                                       sandbox_key: str) -> None:
    async with asgi_client(sandbox_app, None,
                           headers={"Authorization": f"Token {sandbox_key}"}) as client:
        assert (await client.get("/entities")).status_code == 401


async def test_live_and_sandbox_keys_see_their_own_entities(
    sandbox_app: Starlette, sandbox_key: str
) -> None:
    sandbox_twin = "sk_sandbox_" + sandbox_key.removeprefix("sk_live_")
    async with asgi_client(sandbox_app, sandbox_key) as live, \
            asgi_client(sandbox_app, sandbox_twin) as test:
        live_entity = await create_entity(live, name="Live d.o.o.")
        test_entity = await create_entity(test, name="Test d.o.o.")
        assert live_entity["environment"] == "live"
        assert test_entity["environment"] == "sandbox"
        assert [e["id"] for e in (await live.get("/entities")).json()["data"]] == [
            live_entity["id"]
        ]
        assert [e["id"] for e in (await test.get("/entities")).json()["data"]] == [
            test_entity["id"]
        ]
        assert (await live.get(f"/entities/{test_entity['id']}")).status_code == 404
        assert (await test.get(f"/entities/{live_entity['id']}")).status_code == 404
        explicit = await test.get("/entities", params={"environment": "sandbox"})
        assert explicit.status_code == 200 and explicit.json()["pagination"]["total"] == 1


async def test_a_key_asking_for_the_other_environment_is_refused(api: httpx.AsyncClient) -> None:
    response = await api.get("/entities", params={"environment": "sandbox"})
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    unknown = await api.get("/entities", params={"environment": "staging"})
    assert unknown.status_code == 422


async def test_a_given_sandbox_key_is_a_sandbox_account_key() -> None:
    from si_desktop.sandbox import create_app

    app = create_app(api_key="sk_sandbox_" + "ab" * 16)
    try:
        async with asgi_client(app, "sk_sandbox_" + "ab" * 16) as client:
            entity = await create_entity(client)
        assert entity["environment"] == "sandbox"
    finally:
        app.state.sandbox.close()


async def test_x_account_id_must_be_the_keys_account(api: httpx.AsyncClient) -> None:
    entity = await create_entity(api)
    own = entity["account_id"]
    assert (await api.get("/entities", headers={"x-account-id": own})).status_code == 200
    other = "acc_" + "f" * 24
    assert (await api.get("/entities", headers={"x-account-id": other})).status_code == 403
    malformed = await api.get("/entities", headers={"x-account-id": "acc_1"})
    assert malformed.status_code == 422


async def test_request_id_is_echoed_on_every_response(api: httpx.AsyncClient,
                                                      sandbox_app: Starlette) -> None:
    for method, path in (("GET", "/entities"), ("GET", "/entities/ent_" + "0" * 24),
                         ("GET", "/no-such-route"), ("POST", "/entities")):
        response = await api.request(method, path, headers={"X-Request-Id": "req-echo-1"},
                                     json={} if method == "POST" else None)
        assert response.headers["x-request-id"] == "req-echo-1"
    async with asgi_client(sandbox_app, None) as anonymous:
        unauthenticated = await anonymous.get("/entities", headers={"X-Request-Id": "anon-1"})
    assert unauthenticated.headers["x-request-id"] == "anon-1"


async def test_request_id_is_generated_when_missing(api: httpx.AsyncClient) -> None:
    first = (await api.get("/entities")).headers["x-request-id"]
    second = (await api.get("/entities")).headers["x-request-id"]
    assert first and second and first != second


async def test_unknown_route_and_wrong_method_answer_in_the_error_shape(
    api: httpx.AsyncClient,
) -> None:
    missing = await api.get("/invoices-of-the-future")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    wrong = await api.delete("/entities")
    assert wrong.status_code == 405 and set(wrong.json()) >= {"code", "message"}
