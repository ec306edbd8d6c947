"""The sandbox as an ASGI application: what happens to every request before and after a route
runs (request ids, replays, latency, injected errors, rate limit)."""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from typing import Any

from starlette.applications import Starlette
from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from si_desktop.sandbox import customers, documents, exports, payments, pdfs
from si_desktop.sandbox.access import ACCESS_ROUTES, seed_demo_access
from si_desktop.sandbox.demo import seed_clients, seed_missing_histories
from si_desktop.sandbox.faults import Faults
from si_desktop.sandbox.ids import Clock
from si_desktop.sandbox.routes import ROUTES
from si_desktop.sandbox.service import Sandbox, bearer
from si_desktop.sandbox.storage import Store

log = logging.getLogger(__name__)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
REPLAYED_HEADER = "idempotent-replayed"


def error_json(status: int, code: str, message: str) -> bytes:
    return json.dumps({"code": code, "message": message}).encode()


async def _send_bytes(
    send: Send, status: int, body: bytes, headers: list[tuple[bytes, bytes]]
) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class ServiceMiddleware:
    """Runs around every route: X-Request-Id (echoed or made up, and replayed when repeated
    on a write), latency, rate limit and injected server errors (both before any work)."""

    def __init__(self, app: ASGIApp, sandbox: Sandbox) -> None:
        self.app = app
        self.sandbox = sandbox
        self._locks: dict[tuple[str, str], tuple[asyncio.Lock, int]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        given = headers.get("x-request-id", "").strip()
        request_id = given or "req_" + uuid.uuid4().hex
        id_header = (b"x-request-id", request_id.encode("latin-1", "replace"))

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)["x-request-id"] = id_header[1].decode("latin-1")
            await send(message)

        faults = self.sandbox.faults
        if faults.latency_ms:
            await asyncio.sleep(faults.latency_ms / 1000)
        key = bearer(headers)
        if key is not None:
            wait = self.sandbox.injector.retry_after(key)
            if wait is not None:
                body = error_json(429, "rate_limit_exceeded",
                                  f"Too many requests; try again in {wait} s.")
                await _send_bytes(send, 429, body,
                                  [(b"retry-after", str(wait).encode()), id_header])
                return
        status = self.sandbox.injector.server_error()
        if status is not None:
            body = error_json(status, "server_error", "The sandbox failed this request on "
                              "purpose (--error-rate).")
            await _send_bytes(send, status, body, [id_header])
            return
        if (
            given
            and key is not None
            and key in self.sandbox.keys
            and scope["method"] not in SAFE_METHODS
        ):
            await self._idempotent(scope, receive, send_with_id, key, given, id_header)
            return
        await self.app(scope, receive, send_with_id)

    async def _idempotent(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        key: str,
        request_id: str,
        id_header: tuple[bytes, bytes],
    ) -> None:
        """Run a write once per request id; repeats get the first response back. Concurrent
        repeats wait for the first to finish instead of running beside it."""
        replay_scope = f"{self.sandbox.account_id}:{self.sandbox.keys[key]}"
        slot = (replay_scope, request_id)
        lock, users = self._locks.get(slot, (asyncio.Lock(), 0))
        self._locks[slot] = (lock, users + 1)
        try:
            async with lock:
                await self._run_once(scope, receive, send, replay_scope, request_id, id_header)
        finally:
            lock, users = self._locks[slot]
            if users <= 1:
                del self._locks[slot]
            else:
                self._locks[slot] = (lock, users - 1)

    async def _run_once(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        replay_scope: str,
        request_id: str,
        id_header: tuple[bytes, bytes],
    ) -> None:
        path = scope["path"]
        store = self.sandbox.store
        stored = store.get_replay(replay_scope, request_id)
        if stored is not None:
            first_path, status, content_type, body = stored
            if first_path != path:
                body = error_json(409, "conflict", "This X-Request-Id was already used for "
                                  f"another request ({first_path}).")
                await _send_bytes(send, 409, body, [id_header])
                return
            await send(
                {
                    "type": "http.response.start",
                    "status": status,
                    "headers": [
                        (b"content-type", content_type.encode()),
                        (b"content-length", str(len(body)).encode()),
                        (REPLAYED_HEADER.encode(), b"true"),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return
        captured: dict[str, Any] = {"status": 0, "content_type": "", "body": [],
                                    "no_store": False}

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                captured["status"] = message["status"]
                answer_headers = Headers(raw=message["headers"])
                captured["content_type"] = answer_headers.get("content-type",
                                                              "application/json")
                captured["no_store"] = "no-store" in answer_headers.get("cache-control", "")
            elif message["type"] == "http.response.body":
                captured["body"].append(message.get("body", b""))
            await send(message)

        await self.app(scope, receive, capture)
        status = int(captured["status"])
        if status and status < 500 and status not in (401, 429):
            body = b"".join(captured["body"])
            if captured["no_store"]:
                # an answer that holds a secret (a new key) is never kept: a repeat is told
                # the work was done, and the secret stays shown once
                status, body = 409, error_json(409, "conflict", "This request was answered "
                                               "already, with a secret that is shown once.")
            store.put_replay(replay_scope, request_id, path, status, captured["content_type"],
                             body)


_STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    429: "rate_limit_exceeded",
}


async def _http_exception(request: Request, exc: Exception) -> Response:
    """Router errors (unknown path, wrong method) in the contract's error shape."""
    assert isinstance(exc, HTTPException)
    message = exc.detail if isinstance(exc.detail, str) else "Request failed."
    if exc.status_code == 404:
        message = f"No route {request.method} {request.url.path}."
    body = {"code": _STATUS_CODES.get(exc.status_code, "error"), "message": message}
    return JSONResponse(body, exc.status_code, headers=dict(exc.headers or {}))


def create_app(
    db_path: str | None = None,
    *,
    api_key: str,
    clients: int = 0,
    seed: int = 0,
    faults: Faults | None = None,
    clock: Clock | None = None,
) -> Starlette:
    """A Space Invoices-compatible API over SQLite at `db_path` (in memory when `None`).

    `clients` demo client businesses, each with its history up to the clock's today, are
    added (deterministically for `seed` and today) unless the database already holds clients
    of this account; a database whose demo clients predate their histories gets them.
    `clock` gives ids, timestamps and today's date (the real time unless a test gives
    `Clock(wall=…)`; `app.state.sandbox.clock.wall` can be changed while the app runs).
    `app.state.sandbox` holds the running state; `app.state.sandbox.close()` closes the
    database.
    """
    store = Store(str(db_path) if db_path is not None else None)
    sandbox = Sandbox(store, api_key, faults, clock)
    if clients > 0 and store.count_entities(sandbox.account_id) == 0:
        seed_clients(store, account_id=sandbox.account_id, environment=sandbox.environment,
                     count=clients, seed=seed, now=sandbox.clock.wall())
        seed_demo_access(sandbox.access, store, account_id=sandbox.account_id,
                         environment=sandbox.environment, seed=seed)
    elif clients > 0:
        seed_missing_histories(store, account_id=sandbox.account_id,
                               environment=sandbox.environment, count=clients, seed=seed,
                               now=sandbox.clock.wall())
    app = Starlette(
        routes=[*ACCESS_ROUTES, *ROUTES, *exports.ROUTES, *documents.ROUTES, *pdfs.ROUTES,
                *customers.ROUTES, *payments.ROUTES],
        middleware=[Middleware(ServiceMiddleware, sandbox=sandbox)],
        exception_handlers={HTTPException: _http_exception},
    )
    app.state.sandbox = sandbox
    return app
