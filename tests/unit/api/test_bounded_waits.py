"""S3 at the API layer: no server can hold a call, the rate limiter or the memory for ever —
a total deadline per attempt, a cap on `Retry-After`, a size cap applied while
decompressing, and loop guards on every cursor walk."""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import tracemalloc
import zlib
from collections.abc import AsyncIterator, Callable, Iterator

import httpx
import pytest

from si_desktop.api import Page, RateLimiter, RetryPolicy, SpaceInvoicesClient, errors
from si_desktop.api.models import Entity
from si_desktop.api.pagination import MAX_PAGES_WITHOUT_NEWS, PAGE_SLACK, CursorWalk
from si_desktop.api.resources import files as files_module
from si_desktop.api.transport import MAX_RESPONSE_BYTES
from tests.unit.api.conftest import (
    BASE,
    ENT_ID,
    ENT_ID_2,
    KEY,
    FakeServer,
    entity,
    fail,
    make_client,
    ok,
    page,
)

MiB = 1024 * 1024


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


# --- a total deadline per attempt ------------------------------------------------------------


@contextlib.asynccontextmanager
async def _trickling_server(byte_every: float, length: int) -> AsyncIterator[str]:
    """A real HTTP server on 127.0.0.1 whose answer comes one byte every `byte_every` s."""

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await reader.readuntil(b"\r\n\r\n")
            writer.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                b"Content-Length: %d\r\n\r\n" % length
            )
            for _ in range(length):
                writer.write(b" ")
                await writer.drain()
                await asyncio.sleep(byte_every)
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.close()
        await server.wait_closed()


@pytest.mark.anyio
async def test_a_trickling_server_cannot_outlast_the_timeout() -> None:
    """Every read is quicker than the timeout (a byte every 20 ms, timeout 0.3 s), so only a
    deadline on the whole attempt stops it; the old client read for 3 s and then failed to
    parse 150 spaces."""
    async with _trickling_server(byte_every=0.02, length=150) as url, SpaceInvoicesClient(
        api_key=KEY, base_url=url, timeout=0.3, retry=RetryPolicy.never(),
        rate_limit_per_min=None,
    ) as si:
        with pytest.raises(errors.NetworkError) as info:
            await si.entities.get(ENT_ID)
    assert info.value.reason == "timeout"
    assert info.value.retryable
    assert "no complete answer within 0.3 s" in str(info.value)
    assert info.value.request_id is not None


@pytest.mark.anyio
async def test_the_deadline_is_per_attempt_and_a_per_call_timeout_overrides_it() -> None:
    async with _trickling_server(byte_every=0.02, length=150) as url, SpaceInvoicesClient(
        api_key=KEY, base_url=url, timeout=None, retry=RetryPolicy(attempts=2),
        rate_limit_per_min=None,
    ) as si:
        with pytest.raises(errors.NetworkError) as info:
            await si.entities.get(ENT_ID, timeout=0.2)
    assert info.value.reason == "timeout"


# --- Retry-After --------------------------------------------------------------------------


@pytest.mark.anyio
@pytest.mark.parametrize("policy", [RetryPolicy(), RetryPolicy(timeout=None, attempts=50)])
async def test_a_day_long_retry_after_is_reported_at_once_not_slept(policy: RetryPolicy) -> None:
    clock = FakeClock()
    limiter = RateLimiter(600, clock=clock, sleep=clock.sleep)
    server = FakeServer(fail(429, "rate_limit_exceeded", headers={"Retry-After": "86400"}))
    async with make_client(server, retry=policy, rate_limiter=limiter) as si:
        with pytest.raises(errors.RateLimitError) as info:
            await si.entities.get(ENT_ID)
    assert info.value.retry_after == 86400.0  # what the server asked, for the caller to show
    assert len(server.requests) == 1
    assert clock.sleeps == []
    # The limiter holds everyone back for at most the cap, not for a day.
    waited = await limiter.acquire()
    assert waited == pytest.approx(RetryPolicy().max_retry_after)


@pytest.mark.anyio
async def test_a_retry_after_past_the_budget_pauses_the_limiter_at_most_the_cap() -> None:
    clock = FakeClock()
    limiter = RateLimiter(600, clock=clock, sleep=clock.sleep)
    server = FakeServer(fail(429, headers={"Retry-After": "45"}))
    policy = RetryPolicy(timeout=10, max_retry_after=30)
    async with make_client(server, retry=policy, rate_limiter=limiter) as si:
        with pytest.raises(errors.RateLimitError) as info:
            await si.entities.get(ENT_ID)
    assert info.value.retry_after == 45.0
    assert await limiter.acquire() == pytest.approx(30.0)


@pytest.mark.anyio
async def test_a_retry_after_within_the_cap_is_still_honoured() -> None:
    clock = FakeClock()
    limiter = RateLimiter(600, clock=clock, sleep=clock.sleep)
    server = FakeServer(fail(429, headers={"Retry-After": "20"}), ok(entity()))
    policy = RetryPolicy(max_retry_after=20)
    async with make_client(server, retry=policy, rate_limiter=limiter) as si:
        assert (await si.entities.get(ENT_ID)).id == ENT_ID
    assert clock.sleeps == [pytest.approx(20.0)]


@pytest.mark.anyio
async def test_a_long_retry_after_on_a_503_ends_the_call_too() -> None:
    server = FakeServer(fail(503, headers={"Retry-After": "3600"}), ok(entity()))
    async with make_client(server) as si:
        with pytest.raises(errors.ServerError) as info:
            await si.entities.get(ENT_ID)
    assert info.value.retry_after == 3600.0 and len(server.requests) == 1


def test_max_retry_after_must_be_a_number_of_seconds() -> None:
    assert RetryPolicy().max_retry_after == 60.0
    for bad in (-1.0, float("nan")):
        with pytest.raises(ValueError):
            RetryPolicy(max_retry_after=bad)


# --- size caps ---------------------------------------------------------------------------------


class _Chunks(httpx.AsyncByteStream):
    """A body that arrives in network-sized chunks, as from a socket."""

    def __init__(self, data: bytes, size: int = 64 * 1024) -> None:
        self.data = data
        self.size = size
        self.sent = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for start in range(0, len(self.data), self.size):
            self.sent += min(self.size, len(self.data) - start)
            yield self.data[start : start + self.size]


def _streamed(body: bytes, **headers: str) -> Callable[[httpx.Request], httpx.Response]:
    return lambda request: httpx.Response(200, headers=headers, stream=_Chunks(body))


@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    """100 MiB of JSON-ish spaces in about 100 KB of gzip."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = b" " * MiB
    return b"".join(packer.compress(block) for _ in range(100)) + packer.flush()


@contextlib.contextmanager
def _peak_memory() -> Iterator[list[int]]:
    peak: list[int] = []
    tracemalloc.start()
    try:
        yield peak
    finally:
        peak.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()


@pytest.mark.anyio
async def test_a_gzip_bomb_is_stopped_while_inflating(gzip_bomb: bytes) -> None:
    server = _streamed(gzip_bomb, **{"Content-Encoding": "gzip"})
    async with make_client(server) as si:
        with _peak_memory() as peak, pytest.raises(errors.ResponseTooLargeError) as info:
            await si.entities.list()
    assert isinstance(info.value, errors.MalformedResponseError)
    assert not info.value.retryable
    assert "larger than 32 MiB" in str(info.value) and info.value.request_id is not None
    # About the cap in memory, never the 100 MiB (a whole 64 KiB network chunk of this
    # body inflates to 64 MiB when decoded in one go, and inflating 32 MiB in one zlib call
    # briefly holds it twice).
    assert peak[0] < MAX_RESPONSE_BYTES + 8 * MiB


@pytest.mark.anyio
async def test_a_declared_length_past_the_cap_is_refused_before_reading() -> None:
    stream = _Chunks(b" " * (MAX_RESPONSE_BYTES + 1))
    server = FakeServer(
        lambda request: httpx.Response(
            200, headers={"Content-Length": str(MAX_RESPONSE_BYTES + 1)}, stream=stream
        )
    )
    async with make_client(server) as si:
        with pytest.raises(errors.ResponseTooLargeError):
            await si.entities.get(ENT_ID)
    assert stream.sent == 0


@pytest.mark.anyio
@pytest.mark.parametrize("wbits", [zlib.MAX_WBITS | 16, zlib.MAX_WBITS, -zlib.MAX_WBITS])
async def test_compressed_answers_are_decoded(wbits: int) -> None:
    packer = zlib.compressobj(6, zlib.DEFLATED, wbits)
    body = packer.compress(ok(page([entity()])).content) + packer.flush()
    encoding = "gzip" if wbits > zlib.MAX_WBITS else "deflate"
    async with make_client(_streamed(body, **{"Content-Encoding": encoding})) as si:
        assert [e.id for e in (await si.entities.list()).data] == [ENT_ID]


@pytest.mark.anyio
async def test_a_corrupt_gzip_body_is_a_malformed_response() -> None:
    body = gzip.compress(b'{"id": "x"}')[:12] + b"\x00garbage\xff" * 10
    async with make_client(_streamed(body, **{"Content-Encoding": "gzip"})) as si:
        with pytest.raises(errors.MalformedResponseError, match="could not be decoded"):
            await si.entities.get(ENT_ID)


@pytest.mark.anyio
async def test_the_client_asks_only_for_encodings_it_bounds() -> None:
    server = FakeServer(ok(entity()))
    async with make_client(server) as si:
        await si.entities.get(ENT_ID)
    assert server.last.headers["Accept-Encoding"] == "gzip, deflate"


@pytest.mark.anyio
async def test_a_download_has_its_own_larger_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    assert files_module.MAX_DOWNLOAD_BYTES > MAX_RESPONSE_BYTES
    monkeypatch.setattr(files_module, "MAX_DOWNLOAD_BYTES", 1000)
    server = FakeServer(
        lambda request: httpx.Response(200, stream=_Chunks(b"x" * 1000, size=100)),
        lambda request: httpx.Response(200, stream=_Chunks(b"x" * 1001, size=100)),
    )
    async with make_client(server) as si:
        assert len(await si.files.download(f"{BASE}/files/a")) == 1000
        with pytest.raises(errors.ResponseTooLargeError, match="1000 bytes"):
            await si.files.download(f"{BASE}/files/a")


@pytest.mark.anyio
async def test_a_redirect_body_is_never_read_and_redirect_loops_end() -> None:
    hops: list[str] = []

    def redirecting(request: httpx.Request) -> httpx.Response:
        hops.append(request.url.path)
        if request.url.path == "/loop":
            return httpx.Response(302, headers={"Location": "/loop"})
        if request.url.path == "/start":
            # A redirect with a body that would break the cap: it is not read.
            huge = _Chunks(b"x" * (files_module.MAX_DOWNLOAD_BYTES + 1), size=MiB)
            return httpx.Response(302, headers={"Location": "/file"}, stream=huge)
        return httpx.Response(200, content=b"PNG")

    async with make_client(redirecting) as si:
        assert await si.files.download(f"{BASE}/start") == b"PNG"
        with pytest.raises(errors.NetworkError, match="redirects") as info:
            await si.files.download(f"{BASE}/loop")
    assert not info.value.retryable
    assert hops[:2] == ["/start", "/file"]


# --- loop guards on cursor walks ---------------------------------------------------------------


def _entity_page(ids: list[str], cursor: str | None, total: int = -1) -> httpx.Response:
    body = page([entity(id=i) for i in ids], next_cursor=cursor)
    body["pagination"]["total"] = total
    return ok(body)


async def _walk(server: Callable[[httpx.Request], httpx.Response]) -> list[str]:
    seen: list[str] = []
    async with make_client(server) as si:
        with pytest.raises(errors.MalformedResponseError, match="stopped the walk"):
            async for record in si.entities.iterate():
                seen.append(record.id)
    return seen


@pytest.mark.anyio
async def test_endless_fresh_cursors_over_nothing_new_end_the_walk() -> None:
    counter = iter(range(10**6))
    server = FakeServer(
        _entity_page([ENT_ID], "c-first"),
        lambda request: _entity_page([ENT_ID], f"c{next(counter)}"),
    )
    seen = await _walk(server)
    assert seen == [ENT_ID]
    assert len(server.requests) == 1 + MAX_PAGES_WITHOUT_NEWS


@pytest.mark.anyio
async def test_endless_empty_pages_end_the_walk() -> None:
    counter = iter(range(10**6))
    server = FakeServer(lambda request: _entity_page([], f"c{next(counter)}"))
    assert await _walk(server) == []
    assert len(server.requests) == MAX_PAGES_WITHOUT_NEWS


@pytest.mark.anyio
async def test_more_pages_than_the_total_allows_end_the_walk() -> None:
    counter = iter(range(10**6))

    def one_new_record_a_page(request: httpx.Request) -> httpx.Response:
        n = next(counter)
        return _entity_page([f"ent_{n:024x}"], f"c{n}", total=3)

    seen = await _walk(FakeServer(one_new_record_a_page))
    assert len(seen) == 3 + PAGE_SLACK


def test_a_few_empty_pages_in_a_row_are_tolerated() -> None:
    walk: CursorWalk[Entity] = CursorWalk()
    cursors = []
    pages = [([ENT_ID], "a"), ([], "b"), ([], "c"), ([ENT_ID_2], "d"), ([], None)]
    for ids, cursor in pages:
        shown = Page[Entity].model_validate(page([entity(id=i) for i in ids], cursor))
        walk.take(shown)
        cursors.append(walk.next_cursor(shown))
    assert cursors == ["a", "b", "c", "d", None]
