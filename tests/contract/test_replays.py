"""X-Request-Id: a repeated id gets the first response back instead of running again."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from starlette.applications import Starlette

from tests.contract.conftest import create_entity
from tests.fixtures.sandbox import asgi_client

pytestmark = pytest.mark.anyio


async def test_a_repeated_create_is_replayed_not_run_again(api: httpx.AsyncClient) -> None:
    headers = {"X-Request-Id": "create-once-1"}
    body = {"name": "Once d.o.o.", "country": "Slovenia"}
    first = await api.post("/entities", json=body, headers=headers)
    second = await api.post("/entities", json=body, headers=headers)
    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert second.headers["x-request-id"] == "create-once-1"
    assert (await api.get("/entities")).json()["pagination"]["total"] == 1


async def test_a_replay_answers_the_first_response_even_if_things_changed(
    api: httpx.AsyncClient,
) -> None:
    entity = await create_entity(api)
    path = f"/entities/{entity['id']}"
    first = await api.patch(path, json={"name": "First"}, headers={"X-Request-Id": "p-1"})
    await api.patch(path, json={"name": "Second"})
    replay = await api.patch(path, json={"name": "First"}, headers={"X-Request-Id": "p-1"})
    assert replay.json() == first.json()
    assert (await api.get(path)).json()["name"] == "Second"


async def test_failures_are_replayed_with_their_status(api: httpx.AsyncClient) -> None:
    headers = {"X-Request-Id": "bad-1"}
    first = await api.post("/entities", json={"country": "Slovenia"}, headers=headers)
    second = await api.post("/entities", json={"name": "Now valid", "country": "Slovenia"},
                            headers=headers)
    assert first.status_code == second.status_code == 422
    assert second.json() == first.json()


async def test_a_new_id_runs_again(api: httpx.AsyncClient) -> None:
    body = {"name": "Twice", "country": "Slovenia"}
    await api.post("/entities", json=body, headers={"X-Request-Id": "a"})
    await api.post("/entities", json=body, headers={"X-Request-Id": "b"})
    assert (await api.get("/entities")).json()["pagination"]["total"] == 2


async def test_an_id_reused_for_another_path_is_a_conflict(api: httpx.AsyncClient) -> None:
    entity = await create_entity(api)
    await api.post(f"/entities/{entity['id']}/disable", headers={"X-Request-Id": "used"})
    response = await api.post(f"/entities/{entity['id']}/enable",
                              headers={"X-Request-Id": "used"})
    assert response.status_code == 409 and response.json()["code"] == "conflict"


async def test_concurrent_repeats_run_once(api: httpx.AsyncClient) -> None:
    body = {"name": "Racing", "country": "Slovenia"}
    answers = await asyncio.gather(*(
        api.post("/entities", json=body, headers={"X-Request-Id": "race-1"}) for _ in range(8)))
    assert len({answer.json()["id"] for answer in answers}) == 1
    assert (await api.get("/entities")).json()["pagination"]["total"] == 1


async def test_reads_are_never_replayed(api: httpx.AsyncClient) -> None:
    before = await api.get("/entities", headers={"X-Request-Id": "read-1"})
    await create_entity(api)
    after = await api.get("/entities", headers={"X-Request-Id": "read-1"})
    assert before.json()["pagination"]["total"] == 0
    assert after.json()["pagination"]["total"] == 1


async def test_unit_archive_and_upload_replay_too(api: httpx.AsyncClient) -> None:
    entity = await create_entity(api)
    headers = {"x-entity-id": entity["id"], "X-Request-Id": "unit-create-1"}
    first = await api.post("/business-units", json={"name": "Shop"}, headers=headers)
    second = await api.post("/business-units", json={"name": "Shop"}, headers=headers)
    assert first.json() == second.json()
    listed = (await api.get("/business-units", headers={"x-entity-id": entity["id"]})).json()
    assert listed["pagination"]["total"] == 1
    assert first.json()["numbering_index"] == 1


async def test_request_ids_of_live_and_sandbox_keys_do_not_mix(
    api: httpx.AsyncClient, sandbox_app: Starlette, sandbox_key: str
) -> None:
    twin = "sk_sandbox_" + sandbox_key.removeprefix("sk_live_")
    body = {"name": "Same id", "country": "Slovenia"}
    live = await api.post("/entities", json=body, headers={"X-Request-Id": "shared"})
    async with asgi_client(sandbox_app, twin) as test:
        other = await test.post("/entities", json=body, headers={"X-Request-Id": "shared"})
    assert other.status_code == 201
    assert other.json()["id"] != live.json()["id"]
    assert other.json()["environment"] == "sandbox"
