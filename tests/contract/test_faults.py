"""Faults on purpose: latency, random 5xx before any work, and the per-key rate limit."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import httpx
import pytest

from si_desktop.sandbox import Faults, create_app
from tests.fixtures.sandbox import asgi_client

pytestmark = pytest.mark.anyio

MakeClient = Callable[[Faults], httpx.AsyncClient]


@pytest.fixture
async def with_faults(sandbox_key: str) -> AsyncIterator[MakeClient]:
    apps = []

    def make(faults: Faults) -> httpx.AsyncClient:
        app = create_app(api_key=sandbox_key, faults=faults)
        apps.append(app)
        return asgi_client(app, sandbox_key)

    yield make
    for app in apps:
        app.state.sandbox.close()


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The seconds of every non-zero `asyncio.sleep`, recorded instead of slept."""
    recorded: list[float] = []
    sleep = asyncio.sleep

    async def recording(delay: float, result: object = None) -> object:
        if delay:
            recorded.append(delay)
        return await sleep(0, result)

    monkeypatch.setattr(asyncio, "sleep", recording)
    return recorded


async def test_latency_delays_every_response(with_faults: MakeClient, waits: list[float]) -> None:
    async with with_faults(Faults(latency_ms=120)) as client:
        response = await client.get("/entities")
        assert response.status_code == 200
        assert waits == [0.12]
        assert (await client.get("/no-such")).status_code == 404
        assert waits == [0.12, 0.12]


async def test_error_rate_one_fails_everything_before_any_work(
    with_faults: MakeClient, sandbox_key: str
) -> None:
    async with with_faults(Faults(error_rate=1.0)) as client:
        statuses = set()
        for _ in range(30):
            response = await client.post("/entities", json={"name": "X", "country": "Slovenia"},
                                         headers={"X-Request-Id": "same-id"})
            statuses.add(response.status_code)
            assert response.headers["x-request-id"] == "same-id"
            assert set(response.json()) >= {"code", "message"}
        assert statuses <= {500, 502, 503} and len(statuses) > 1


async def test_an_injected_failure_is_not_replayed(sandbox_key: str) -> None:
    """A retry with the same X-Request-Id after an injected 5xx runs for real."""
    app = create_app(api_key=sandbox_key, faults=Faults(error_rate=0.5, random_seed=7))
    try:
        async with asgi_client(app, sandbox_key) as client:
            statuses = []
            for _ in range(20):
                response = await client.post("/entities", json={"name": "R",
                                                                 "country": "Slovenia"},
                                             headers={"X-Request-Id": "retry-me"})
                statuses.append(response.status_code)
                if response.status_code == 201:
                    break
            assert statuses[-1] == 201
            assert all(status in (500, 502, 503) for status in statuses[:-1])
            again = await client.post("/entities", json={"name": "R", "country": "Slovenia"},
                                      headers={"X-Request-Id": "retry-me"})
            if again.status_code == 201:  # may itself be an injected failure
                assert again.json() == response.json()
    finally:
        app.state.sandbox.close()


async def test_error_rate_is_roughly_the_fraction_asked_for(with_faults: MakeClient) -> None:
    async with with_faults(Faults(error_rate=0.3, random_seed=1)) as client:
        failures = 0
        for _ in range(200):
            if (await client.get("/entities")).status_code >= 500:
                failures += 1
        assert 30 <= failures <= 90


async def test_rate_limit_answers_429_with_retry_after(with_faults: MakeClient,
                                                       sandbox_key: str) -> None:
    async with with_faults(Faults(rate_limit_per_min=5)) as client:
        for _ in range(5):
            assert (await client.get("/entities")).status_code == 200
        limited = await client.get("/entities")
        assert limited.status_code == 429
        assert limited.json()["code"] == "rate_limit_exceeded"
        assert 1 <= int(limited.headers["retry-after"]) <= 60
        assert "x-request-id" in limited.headers


async def test_rate_limit_is_per_key(sandbox_key: str) -> None:
    app = create_app(api_key=sandbox_key, faults=Faults(rate_limit_per_min=2))
    twin = "sk_sandbox_" + sandbox_key.removeprefix("sk_live_")
    try:
        async with asgi_client(app, sandbox_key) as live, asgi_client(app, twin) as test:
            assert (await live.get("/entities")).status_code == 200
            assert (await live.get("/entities")).status_code == 200
            assert (await live.get("/entities")).status_code == 429
            assert (await test.get("/entities")).status_code == 200
    finally:
        app.state.sandbox.close()


def test_faults_refuse_nonsense() -> None:
    with pytest.raises(ValueError):
        Faults(error_rate=1.5)
    with pytest.raises(ValueError):
        Faults(latency_ms=-1)
