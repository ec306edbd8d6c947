"""The only module that imports httpx: one connection pool per client, raw exchanges in and
out, transport failures turned into `errors.NetworkError`.

Every exchange is bounded, whatever the server does:

- in time: `timeout` bounds each read *and* the whole attempt (connect, send, every
  redirect, the last byte of the body), so a server trickling one byte at a time cannot
  hold a request for longer than `timeout` → `NetworkError(reason="timeout")`;
- in size: the body is streamed and decompressed here, chunk by chunk, with zlib's
  `max_length`, and the read stops once the decoded size passes `max_bytes`
  (`MAX_RESPONSE_BYTES` unless the caller says otherwise) → `errors.ResponseTooLargeError`.
  A 149 KB gzip body that inflates to 150 MB therefore costs about `max_bytes` of memory, not
  150 MB. Only `gzip` and `deflate` are asked for (`Accept-Encoding`), and decoded here;
- redirects (followed only when asked, e.g. for a file download) are followed here one by
  one, so a redirect's body is never read at all.

Swapping the HTTP library means rewriting this file and nothing else.
"""

from __future__ import annotations

import asyncio
import importlib.util
import ssl
import sys
import time
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

# httpx imports its command-line tool (click, pygments, rich) whenever those happen to be
# installed (uvicorn brings click): 40 ms and 2 MiB at every start for a tool this program
# never runs. None in `sys.modules` makes that optional import fail the way httpx expects.
sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]

import httpx  # noqa: E402

from si_desktop.api import errors  # noqa: E402

__all__ = ["MAX_REDIRECTS", "MAX_RESPONSE_BYTES", "HttpxTransport", "RawResponse", "Sink",
           "Transport"]

MAX_RESPONSE_BYTES = 32 * 1024 * 1024
"""The largest decoded body read for an API call (a page of 100 entities is about 260 KB)."""
MAX_REDIRECTS = 10
_ACCEPT_ENCODING = "gzip, deflate"  # the encodings `_BoundedBody` decodes with a bound
_INFLATE_STEP = 1024 * 1024

# What `SpaceInvoicesClient(transport=...)` accepts: httpx.MockTransport, ASGITransport, ...
HttpxTransport = httpx.AsyncBaseTransport
Sink = Callable[[bytes], None]
"""Where a streamed body goes, chunk by chunk, as it is decoded (a file's `write`)."""


@dataclass(frozen=True)
class RawResponse:
    """One HTTP answer, read to the end."""

    status: int
    headers: Mapping[str, str]  # lower-case names
    content: bytes
    elapsed: float  # seconds

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


class Transport:
    """A thin wrapper over one `httpx.AsyncClient` (keep-alive, HTTP/2 when `h2` is there,
    TLS verification always on)."""

    def __init__(
        self,
        *,
        base_url: str,
        timeout: float | None,
        user_agent: str,
        transport: HttpxTransport | None = None,
    ) -> None:
        self._client = httpx.AsyncClient(
            base_url=base_url,
            timeout=httpx.Timeout(timeout),
            headers={
                "User-Agent": user_agent,
                "Accept": "application/json",
                "Accept-Encoding": _ACCEPT_ENCODING,
            },
            transport=transport,
            http2=transport is None and importlib.util.find_spec("h2") is not None,
            verify=True,
            follow_redirects=False,
            limits=httpx.Limits(max_connections=20, max_keepalive_connections=10),
            trust_env=transport is None,
        )

    @property
    def closed(self) -> bool:
        return self._client.is_closed

    def base_host(self) -> str:
        return self._client.base_url.host

    def same_origin(self, url: str) -> bool:
        """Whether an absolute or relative URL points at the API's own origin."""
        target = self._client.base_url.join(url)
        base = self._client.base_url
        return (target.scheme, target.host, target.port) == (base.scheme, base.host, base.port)

    async def send(
        self,
        method: str,
        url: str,
        *,
        params: Sequence[tuple[str, str]] = (),
        headers: Mapping[str, str] | None = None,
        json_body: Any = None,
        files: Mapping[str, tuple[str, bytes, str]] | None = None,
        form: Mapping[str, str] | None = None,
        timeout: float | None = None,
        follow_redirects: bool = False,
        max_bytes: int = MAX_RESPONSE_BYTES,
        sink: Sink | None = None,
    ) -> RawResponse:
        """Send one request and read the whole answer, within `timeout` seconds in all and
        at most `max_bytes` decoded. Raises `errors.NetworkError` when no answer came back
        in time, `errors.ResponseTooLargeError` when it is larger; an error status is
        returned, not raised. With `sink`, a 2xx body goes to it chunk by chunk as it
        arrives and `content` is empty (an error's body is read as usual)."""
        started = time.monotonic()
        request = self._client.build_request(
            method,
            url,
            params=list(params) or None,
            headers=dict(headers or {}),
            json=json_body,
            files=dict(files) if files else None,
            data=dict(form) if form else None,
            timeout=httpx.Timeout(timeout) if timeout is not None else httpx.USE_CLIENT_DEFAULT,
        )
        try:
            async with asyncio.timeout(timeout):
                status, response_headers, content = await self._exchange(
                    request, follow_redirects=follow_redirects, max_bytes=max_bytes,
                    sink=sink,
                )
        except TimeoutError as exc:
            raise errors.NetworkError(
                f"no complete answer within {timeout:g} s",
                reason="timeout", method=method, path=url,
            ) from exc
        except httpx.TimeoutException as exc:
            raise errors.NetworkError(
                f"timed out ({type(exc).__name__})", reason="timeout", method=method, path=url
            ) from exc
        except httpx.ConnectError as exc:
            if _is_certificate_failure(exc):
                raise errors.NetworkError(
                    f"TLS certificate verification failed: {exc}",
                    reason="tls", retryable=False, method=method, path=url,
                ) from exc
            raise errors.NetworkError(
                f"could not connect: {exc or type(exc).__name__}",
                reason="connect", method=method, path=url,
            ) from exc
        except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
            raise ValueError(f"unusable URL: {exc}") from exc
        except (httpx.LocalProtocolError, httpx.RemoteProtocolError) as exc:
            raise errors.NetworkError(
                f"HTTP protocol error: {exc or type(exc).__name__}",
                reason="protocol", method=method, path=url,
            ) from exc
        except httpx.TransportError as exc:
            raise errors.NetworkError(
                f"connection failed: {exc or type(exc).__name__}",
                reason="connection", method=method, path=url,
            ) from exc
        except errors.ApiError as exc:
            exc.method, exc.path = method, errors.redact(url.split("?", 1)[0])
            raise
        return RawResponse(
            status=status,
            headers=response_headers,
            content=content,
            elapsed=time.monotonic() - started,
        )

    async def _exchange(
        self, request: httpx.Request, *, follow_redirects: bool, max_bytes: int,
        sink: Sink | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        """Status, lower-cased headers and decoded body of the answer (of the last redirect
        when following them)."""
        for _ in range(MAX_REDIRECTS + 1):
            response = await self._client.send(request, stream=True, follow_redirects=False)
            try:
                next_request = response.next_request
                if follow_redirects and next_request is not None:
                    request = next_request  # the redirect's body is never read
                    continue
                headers = {k.lower(): v for k, v in response.headers.items()}
                success = 200 <= response.status_code < 300
                content = await _read_bounded(response, headers, max_bytes,
                                              sink if success else None)
                return response.status_code, headers, content
            finally:
                await response.aclose()
        raise errors.NetworkError(
            f"more than {MAX_REDIRECTS} redirects", reason="protocol", retryable=False
        )

    async def aclose(self) -> None:
        await self._client.aclose()


async def _read_bounded(
    response: httpx.Response, headers: Mapping[str, str], max_bytes: int,
    sink: Sink | None = None,
) -> bytes:
    """The body, decoded, or `errors.ResponseTooLargeError` as soon as it passes
    `max_bytes` (before reading at all when `Content-Length` already says so). With `sink`
    the decoded chunks go there instead, and the answer is empty."""
    encoding = headers.get("content-encoding", "").strip().lower()
    declared = headers.get("content-length", "")
    if encoding in ("", "identity") and declared.isdigit() and int(declared) > max_bytes:
        raise _too_large(response.status_code, max_bytes)
    body = _BoundedBody(encoding, max_bytes, response.status_code, sink)
    if response.is_stream_consumed:  # an answer built in memory (a test transport's)
        body.take(response.content)
    elif body.decodes_here:
        async for chunk in response.aiter_raw():
            body.feed(chunk)
    else:  # an encoding not asked for: httpx decodes it, the bound applies per chunk
        async for chunk in response.aiter_bytes():
            body.take(chunk)
    return body.finish()


class _BoundedBody:
    """Collects a body, inflating `gzip` / `deflate` with zlib's `max_length` so that no
    step ever produces more than what is left of `max_bytes` (plus one byte to notice)."""

    def __init__(self, encoding: str, max_bytes: int, status: int,
                 sink: Sink | None = None) -> None:
        self._parts: list[bytes] = []
        self._sink = sink
        self._size = 0
        self._max = max_bytes
        self._status = status
        self._encoding = encoding
        self._inflater: Any = None
        if encoding in ("gzip", "x-gzip"):
            self._inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
        elif encoding == "deflate":
            self._inflater = zlib.decompressobj()  # zlib-wrapped; raw deflate found below
        self._first = True
        self.decodes_here = encoding in ("", "identity") or self._inflater is not None

    def feed(self, chunk: bytes) -> None:
        """A raw chunk from the network."""
        if self._inflater is None:
            self.take(chunk)
            return
        try:
            self._inflate(chunk)
        except zlib.error as exc:
            if not (self._first and self._encoding == "deflate"):
                raise self._undecodable(exc) from None
            # Some servers send raw deflate under "deflate" (httpx accepts it too).
            self._inflater = zlib.decompressobj(-zlib.MAX_WBITS)
            try:
                self._inflate(chunk)
            except zlib.error as raw_exc:
                raise self._undecodable(raw_exc) from None
        self._first = False

    def _inflate(self, data: bytes) -> None:
        while data and not self._inflater.eof:
            # At most one step's worth at a time: zlib builds its output in blocks and
            # then copies them into one bytes object, which briefly doubles a large step.
            step = min(_INFLATE_STEP, self._max - self._size + 1)
            self.take(self._inflater.decompress(data, step))
            data = self._inflater.unconsumed_tail

    def take(self, data: bytes) -> None:
        """Decoded bytes."""
        self._size += len(data)
        if self._size > self._max:
            raise _too_large(self._status, self._max)
        if data and self._sink is not None:
            self._sink(data)
        elif data:
            self._parts.append(data)

    def finish(self) -> bytes:
        if self._inflater is not None:
            try:
                self.take(self._inflater.flush())
            except zlib.error as exc:
                raise self._undecodable(exc) from None
        return b"".join(self._parts)

    def _undecodable(self, exc: zlib.error) -> errors.MalformedResponseError:
        return errors.MalformedResponseError(
            f"the {self._encoding} body could not be decoded ({exc})", status=self._status
        )


def _too_large(status: int, max_bytes: int) -> errors.ResponseTooLargeError:
    mib, rest = divmod(max_bytes, 1024 * 1024)
    size = f"{mib} MiB" if mib and not rest else f"{max_bytes} bytes"
    return errors.ResponseTooLargeError(
        f"the answer is larger than {size}; stopped reading", status=status
    )


def _is_certificate_failure(exc: BaseException) -> bool:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, ssl.SSLCertVerificationError):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False
