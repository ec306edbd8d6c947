"""Retries: which failures, how often, one X-Request-Id across attempts, Retry-After."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from types import SimpleNamespace

import httpx
import pytest
import stamina

from si_desktop.api import RetryPolicy, SpaceInvoicesClient, errors, retry
from si_desktop.api.retry import parse_retry_after
from tests.unit.api.conftest import (
    ENT_ID,
    KEY,
    UNIT_ID,
    FakeServer,
    entity,
    fail,
    make_client,
    ok,
    unit,
)


@pytest.fixture
def real_backoff(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[float]]:
    """stamina out of test mode, with asyncio.sleep recorded instead of slept."""
    waits: list[float] = []

    async def fake_sleep(delay: float, result: object = None) -> object:
        waits.append(delay)
        return result

    with stamina.set_testing(False):
        monkeypatch.setattr(asyncio, "sleep", fake_sleep)
        yield waits


@pytest.mark.anyio
@pytest.mark.parametrize(
    "failure",
    [
        fail(500),
        fail(502),
        fail(503),
        fail(429, code="rate_limit_exceeded"),
        httpx.ConnectError("refused"),
        httpx.ReadTimeout("slow"),
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
    ],
)
async def test_get_is_retried_then_succeeds(failure: httpx.Response | Exception) -> None:
    server = FakeServer(failure, failure, ok(entity()))
    async with make_client(server) as si:
        result = await si.entities.get(ENT_ID)
    assert result.id == ENT_ID
    assert len(server.requests) == 3
    assert len({r.headers["X-Request-Id"] for r in server.requests}) == 1


@pytest.mark.anyio
async def test_gives_up_after_five_attempts_by_default() -> None:
    server = FakeServer(fail(503, code="unavailable"))
    async with make_client(server) as si:
        with pytest.raises(errors.ServerError) as info:
            await si.entities.list()
    assert len(server.requests) == 5
    assert info.value.status == 503


@pytest.mark.anyio
async def test_attempts_are_configurable() -> None:
    server = FakeServer(fail(500))
    async with make_client(server, retry=RetryPolicy(attempts=2)) as si:
        with pytest.raises(errors.ServerError):
            await si.entities.list()
    assert len(server.requests) == 2
    server = FakeServer(fail(500))
    async with make_client(server, retry=RetryPolicy.never()) as si:
        with pytest.raises(errors.ServerError):
            await si.entities.list()
    assert len(server.requests) == 1
    with pytest.raises(ValueError):
        RetryPolicy(attempts=0)


@pytest.mark.anyio
@pytest.mark.parametrize("status", [400, 401, 403, 404, 405, 409, 422])
async def test_client_errors_are_not_retried(status: int) -> None:
    server = FakeServer(fail(status), ok(entity()))
    async with make_client(server) as si:
        with pytest.raises(errors.ApiError):
            await si.entities.get(ENT_ID)
    assert len(server.requests) == 1


@pytest.mark.anyio
async def test_writes_reuse_one_request_id_on_every_attempt() -> None:
    server = FakeServer(httpx.ReadTimeout("lost answer"), fail(502), ok(entity(name="A")))
    async with make_client(server) as si:
        created = await si.entities.create(name="A", country="Slovenia")
    assert created.name == "A"
    ids = [r.headers["X-Request-Id"] for r in server.requests]
    assert len(ids) == 3 and len(set(ids)) == 1
    assert [r.method for r in server.requests] == ["POST"] * 3
    assert all(r.content == server.requests[0].content for r in server.requests)


@pytest.mark.anyio
async def test_every_write_kind_carries_a_request_id_and_is_retried() -> None:
    server = FakeServer(
        fail(500), ok(entity()),  # update
        fail(500), ok(entity()),  # enable
        fail(500), ok(entity()),  # disable
        fail(500), ok(unit()),  # unit create
        fail(500), ok(unit()),  # unit update
        fail(500), httpx.Response(204),  # archive
        fail(500), ok({"id": "file_6595a27b5d35015c3ef0c3ff"}),  # upload
    )
    async with make_client(server) as si:
        await si.entities.update(ENT_ID, name="x")
        await si.entities.enable(ENT_ID)
        await si.entities.disable(ENT_ID)
        await si.business_units.create(entity_id=ENT_ID, name="S")
        await si.business_units.update(UNIT_ID, entity_id=ENT_ID, name="S2")
        await si.business_units.archive(UNIT_ID, entity_id=ENT_ID)
        await si.files.upload(entity_id=ENT_ID, content=b"png", filename="logo.png")
    pairs = list(zip(server.requests[::2], server.requests[1::2], strict=True))
    assert len(pairs) == 7
    for first, second in pairs:
        assert first.method == second.method != "GET"
        assert first.headers["X-Request-Id"] == second.headers["X-Request-Id"]
    assert len({p[0].headers["X-Request-Id"] for p in pairs}) == 7  # one id per call


@pytest.mark.anyio
async def test_an_upload_sends_the_callers_request_id_on_every_attempt() -> None:
    """The outbox's id, so a queued logo replayed after a lost answer is one file."""
    server = FakeServer(fail(500), ok({"id": "file_6595a27b5d35015c3ef0c3ff"}))
    async with make_client(server) as si:
        await si.files.upload(entity_id=ENT_ID, content=b"png", filename="logo.png",
                              request_id="outbox-7f3a")
    assert [r.headers["X-Request-Id"] for r in server.requests] == ["outbox-7f3a"] * 2


@pytest.mark.anyio
async def test_caller_chosen_request_id_is_used() -> None:
    server = FakeServer(fail(500), ok(entity()))
    async with make_client(server) as si:
        await si.entities.update(ENT_ID, request_id="edit-42", name="x")
    assert [r.headers["X-Request-Id"] for r in server.requests] == ["edit-42", "edit-42"]
    async with make_client(server) as si:
        for bad in ("bad id", "bad\n", "naïve", "x" * 201):
            with pytest.raises(ValueError):
                await si.entities.update(ENT_ID, request_id=bad, name="x")


@pytest.mark.anyio
async def test_retry_after_is_honoured(real_backoff: list[float]) -> None:
    server = FakeServer(
        fail(429, code="rate_limit_exceeded", headers={"Retry-After": "7"}), ok(entity())
    )
    async with make_client(server) as si:
        await si.entities.get(ENT_ID)
    assert real_backoff == [7.0]


@pytest.mark.anyio
async def test_retry_after_on_503_is_honoured_too(real_backoff: list[float]) -> None:
    server = FakeServer(fail(503, headers={"Retry-After": "2"}), ok(entity()))
    async with make_client(server) as si:
        await si.entities.get(ENT_ID)
    assert real_backoff == [2.0]


@pytest.mark.anyio
async def test_backoff_is_jittered_exponential(real_backoff: list[float]) -> None:
    server = FakeServer(fail(500))
    async with make_client(server) as si:
        with pytest.raises(errors.ServerError):
            await si.entities.get(ENT_ID)
    assert len(real_backoff) == 4
    for number, wait in enumerate(real_backoff, start=1):
        floor = 0.1 * 2 ** (number - 1)
        assert floor <= wait <= floor + 0.5
    assert sum(real_backoff) < 4.0  # a refused connection gives up within a few seconds


@pytest.mark.anyio
async def test_retry_after_longer_than_the_budget_gives_up_at_once(
    real_backoff: list[float],
) -> None:
    server = FakeServer(fail(429, headers={"Retry-After": "120"}), ok(entity()))
    async with make_client(server) as si:
        with pytest.raises(errors.RateLimitError) as info:
            await si.entities.get(ENT_ID)
    assert info.value.retry_after == 120.0
    assert real_backoff == []
    assert len(server.requests) == 1


@pytest.mark.anyio
async def test_retry_budget_is_configurable(real_backoff: list[float]) -> None:
    server = FakeServer(fail(429, headers={"Retry-After": "120"}), ok(entity()))
    async with make_client(server, retry=RetryPolicy(timeout=300, max_retry_after=300)) as si:
        await si.entities.get(ENT_ID)
    assert real_backoff == [120.0]


@pytest.mark.anyio
async def test_retries_switched_off_globally() -> None:
    server = FakeServer(fail(500), ok(entity()))
    stamina.set_active(False)
    try:
        async with make_client(server) as si:
            with pytest.raises(errors.ServerError):
                await si.entities.get(ENT_ID)
    finally:
        stamina.set_active(True)
    assert len(server.requests) == 1


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("5", 5.0),
        (" 1.5 ", 1.5),
        ("-3", 0.0),
        ("soon", None),
        ("nan", None),
        ("inf", None),
        (None, None),
        ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0),
    ],
)
def test_parse_retry_after(header: str | None, seconds: float | None) -> None:
    assert parse_retry_after(header) == seconds


def test_parse_retry_after_http_date_in_the_future(monkeypatch: pytest.MonkeyPatch) -> None:
    from email.utils import formatdate

    now = 1_760_000_000.0
    monkeypatch.setattr(retry, "time", SimpleNamespace(time=lambda: now))  # a stopped clock
    value = parse_retry_after(formatdate(now + 30, usegmt=True))
    assert value == 30.0


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.anyio
async def test_refused_connection_over_a_real_socket_is_a_network_error() -> None:
    port = _closed_port()
    async with SpaceInvoicesClient(api_key=KEY, base_url=f"http://127.0.0.1:{port}") as si:
        with pytest.raises(errors.NetworkError) as info:
            await si.entities.list()
    assert info.value.reason == "connect"


@pytest.mark.anyio
async def test_refused_connection_gives_up_within_a_few_seconds_for_real(
    real_backoff: list[float],
) -> None:
    """Real back-off over a real socket; the waits are recorded instead of slept (how long
    it takes on the clock: tests/benchmarks/timings.py)."""
    port = _closed_port()
    async with SpaceInvoicesClient(api_key=KEY, base_url=f"http://127.0.0.1:{port}") as si:
        with pytest.raises(errors.NetworkError):
            await si.entities.list()
    assert len(real_backoff) == 4  # five attempts, four waits between them
    assert sum(real_backoff) < 5.0
