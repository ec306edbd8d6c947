"""The only module that imports httpx: one connection pool per client, raw exchanges in and
out, transport failures turned into `errors.NetworkError`.

Swapping the HTTP library means rewriting this file and nothing else.
"""

from __future__ import annotations

import importlib.util
import ssl
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

# httpx imports its command-line tool (click, pygments, rich) whenever those happen to be
# installed (uvicorn brings click): 40 ms and 2 MiB at every start for a tool this program
# never runs. None in `sys.modules` makes that optional import fail the way httpx expects.
sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]

import httpx  # noqa: E402

from si_desktop.api import errors  # noqa: E402

__all__ = ["HttpxTransport", "RawResponse", "Transport"]

# What `SpaceInvoicesClient(transport=...)` accepts: httpx.MockTransport, ASGITransport, ...
HttpxTransport = httpx.AsyncBaseTransport


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
            headers={"User-Agent": user_agent, "Accept": "application/json"},
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
    ) -> RawResponse:
        """Send one request and read the whole answer. Raises `errors.NetworkError` when no
        answer came back; an error status is returned, not raised."""
        started = time.monotonic()
        kwargs: dict[str, Any] = {}
        if timeout is not None:
            kwargs["timeout"] = httpx.Timeout(timeout)
        try:
            response = await self._client.request(
                method,
                url,
                params=list(params) or None,
                headers=dict(headers or {}),
                json=json_body,
                files=dict(files) if files else None,
                data=dict(form) if form else None,
                follow_redirects=follow_redirects,
                **kwargs,
            )
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
        return RawResponse(
            status=response.status_code,
            headers={k.lower(): v for k, v in response.headers.items()},
            content=response.content,
            elapsed=time.monotonic() - started,
        )

    async def aclose(self) -> None:
        await self._client.aclose()


def _is_certificate_failure(exc: BaseException) -> bool:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, ssl.SSLCertVerificationError):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False
