"""Shared helpers for the API client tests: a scripted fake server on httpx.MockTransport,
a client factory, and stamina's test mode so that no retry ever sleeps."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import stamina

from si_desktop.api import RateLimiter, RetryPolicy, SpaceInvoicesClient

KEY = "sk_live_TopS3cretKeyValue0123456789"
BASE = "https://api.test"
ENT_ID = "ent_6595a27b5d35015c3ef0c3fd"
ENT_ID_2 = "ent_7595a27b5d35015c3ef0c3fe"
UNIT_ID = "unit_7595a27b5d35015c3ef0c3fe"
ACC_ID = "acc_6595a27b5d35015c3ef0c3fd"
FILE_ID = "file_6595a27b5d35015c3ef0c3ff"
SCHEMA_ID = "ent_0000000000000000000000aa"
DATA = Path(__file__).parent / "data"

Reply = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


def seed_examples(prefix: str) -> list[Path]:
    return sorted(DATA.glob(f"{prefix}*.json"))


def load(path: Path) -> Any:
    """A seed example. The vendor's generated-schema examples carry the placeholder
    `"id": "string"`, which the contract's id rule refuses; it is read as `SCHEMA_ID`."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data, dict) and data.get("id") == "string":
        data["id"] = SCHEMA_ID
    return data


def entity(**over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"id": ENT_ID, "name": "Acme", "country": "Slovenia"}
    data.update(over)
    return data


def unit(**over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"id": UNIT_ID, "entity_id": ENT_ID, "name": "Shop", "settings": {}}
    data.update(over)
    return data


def page(items: list[dict[str, Any]], next_cursor: str | None = None) -> dict[str, Any]:
    return {
        "data": items,
        "pagination": {
            "total": -1,
            "next_cursor": next_cursor,
            "prev_cursor": None,
            "has_more": next_cursor is not None,
        },
    }


class FakeServer:
    """Answers with the scripted replies in order (the last one repeats) and keeps every
    request it saw."""

    def __init__(self, *replies: Reply) -> None:
        self.replies = list(replies)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        reply = self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]
        if isinstance(reply, Exception):
            raise reply
        if isinstance(reply, httpx.Response):
            return reply
        return reply(request)

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]

    def body(self, index: int = -1) -> Any:
        return json.loads(self.requests[index].content)


def ok(data: Any, status: int = 200, **headers: str) -> httpx.Response:
    return httpx.Response(status, json=data, headers=headers)


def fail(status: int, code: str = "error", message: str = "it failed", **kw: Any) -> httpx.Response:
    headers = kw.pop("headers", {})
    return httpx.Response(status, json={"code": code, "message": message, **kw}, headers=headers)


def make_client(
    server: Callable[[httpx.Request], httpx.Response],
    *,
    rate_limit_per_min: int | None = None,
    retry: RetryPolicy | None = None,
    rate_limiter: RateLimiter | None = None,
    **kw: Any,
) -> SpaceInvoicesClient:
    return SpaceInvoicesClient(
        api_key=KEY,
        base_url=BASE,
        transport=httpx.MockTransport(server),
        rate_limit_per_min=rate_limit_per_min,
        retry=retry,
        rate_limiter=rate_limiter,
        **kw,
    )


@pytest.fixture
def all_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """caplog at DEBUG for every logger, whatever the app's logging set-up (a level, or
    `propagate = False` on `si_desktop`) was left behind by another test."""
    app_logger = logging.getLogger("si_desktop")
    saved = (app_logger.level, app_logger.propagate)
    app_logger.setLevel(logging.NOTSET)
    app_logger.propagate = True
    caplog.set_level(logging.DEBUG)
    try:
        yield caplog
    finally:
        app_logger.setLevel(saved[0])
        app_logger.propagate = saved[1]


@pytest.fixture(autouse=True)
def no_real_sleeping() -> Iterator[None]:
    """stamina's test mode: no back-off sleeps; the client's own attempt limit still holds."""
    with stamina.set_testing(True, attempts=1000, cap=True):
        yield
