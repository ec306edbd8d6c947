"""`si-desktop sync` tells the truth in its exit code (S9): 4 when some clients' units were
not refreshed or a record could not be read (with a line naming them), 5 with the wait and
its end when the service asks for a pause longer than the sync waits; a refused logo
listing neither fails the sync nor the pages that show a client and its logo."""

from __future__ import annotations

import asyncio
import io
import json
import logging
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from si_desktop.sandbox import create_app
from si_desktop.store import Scope, Store
from si_desktop.sync import commands
from si_desktop.sync.workspace import Workspace
from tests.fixtures.sandbox import ASGI_BASE_URL
from tests.unit.sync.conftest import client_for, scope_for

KEY = "sk_live_" + "7" * 32
CLIENTS = 30
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    """The command configures the app's logging; put it back for the tests that follow."""
    saved = {}
    for name in ("si_desktop", "stamina"):
        logger = logging.getLogger(name)
        saved[name] = (list(logger.handlers), logger.level, logger.propagate)
    yield
    for name, (handlers, level, propagate) in saved.items():
        logger = logging.getLogger(name)
        for handler in list(logger.handlers):
            if handler not in handlers:
                logger.removeHandler(handler)
                handler.close()
        logger.setLevel(level)
        logger.propagate = propagate


class Trouble(httpx.AsyncBaseTransport):
    """The sandbox in-process, with trouble on demand."""

    def __init__(self, app: Starlette) -> None:
        self.inner = httpx.ASGITransport(app=app)
        self.requests: list[httpx.Request] = []
        self.refuse_units_of: set[str] = set()
        self.refuse_files = False
        self.retry_after: int | None = None  # every client page answered 429
        self.failing_pages = 0  # client pages answered 503, this many

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        path = request.url.path
        if path == "/entities" and self.failing_pages > 0:
            self.failing_pages -= 1
            return httpx.Response(503, json={"code": "server_error", "message": "busy"})
        if path == "/entities" and self.retry_after is not None:
            return httpx.Response(429, headers={"Retry-After": str(self.retry_after)},
                                  json={"code": "rate_limit_exceeded", "message": "later"})
        if path == "/business-units" and request.headers.get("x-entity-id") in \
                self.refuse_units_of:
            return httpx.Response(403, json={"code": "forbidden", "message": "not yours"})
        if path.startswith("/files") and self.refuse_files:
            return httpx.Response(403, json={"code": "forbidden", "message": "no files"})
        return await self.inner.handle_async_request(request)


@pytest.fixture
def app() -> Iterator[Starlette]:
    made = create_app(api_key=KEY, clients=CLIENTS, seed=11)
    try:
        yield made
    finally:
        made.state.sandbox.close()


def sync(folder: Path, transport: Trouble, *extra: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = commands.main(["sync", "--data-dir", str(folder), "--base-url", ASGI_BASE_URL,
                          *extra], out=out, err=err, environ={commands.API_KEY_ENV: KEY},
                         transport=transport)
    return code, out.getvalue(), err.getvalue()


def cached_ids(folder: Path) -> list[str]:
    with Store.open_in(folder) as store:
        return [row.id for row in store.entities.switcher_rows(
            Scope.for_api_key(KEY, base_url=ASGI_BASE_URL))]


def test_units_not_refreshed_exit_4_naming_them(app: Starlette, tmp_path: Path) -> None:
    trouble = Trouble(app)
    ids = sorted(row["id"] for row in _service_clients(app))
    trouble.refuse_units_of = set(ids[:7])
    code, out, err = sync(tmp_path, trouble)
    assert code == commands.EXIT_INCOMPLETE, err
    assert out.startswith(f"{CLIENTS} clients, ")
    line = next(line for line in err.splitlines() if line.startswith("Business units of"))
    assert line.startswith("Business units of 7 clients were not refreshed (")
    assert "and 2 more); see the log." in line
    assert sum(i in line for i in ids[:7]) == commands.SHOWN_IDS
    # the next sync reads what it owes; with the service willing, all is done: exit 0
    trouble.refuse_units_of = set()
    code, out, err = sync(tmp_path, trouble)
    assert code == commands.EXIT_OK, err
    assert out.startswith(f"{CLIENTS} clients (0 changed), ")


def test_a_long_retry_after_exits_5_at_once_saying_until_when(
    app: Starlette, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    trouble = Trouble(app)
    assert sync(tmp_path, trouble)[0] == commands.EXIT_OK
    trouble.retry_after = 86_400
    asked: list[float] = []
    real_sleep = asyncio.sleep

    async def noting_sleep(delay: float, *args: object, **kwargs: object) -> object:
        asked.append(delay)
        return await real_sleep(min(delay, 0.01), *args, **kwargs)

    monkeypatch.setattr(asyncio, "sleep", noting_sleep)
    code, _, err = sync(tmp_path, trouble)
    assert code == commands.EXIT_WAIT
    assert "The service asks to wait 86400 s (until " in err
    assert not [delay for delay in asked if delay >= 60]  # reported, never slept through
    assert cached_ids(tmp_path)  # the cache keeps what it had


def test_the_wait_line_names_the_day_when_it_is_not_today() -> None:
    now = datetime(2026, 3, 1, 23, 30).astimezone()
    assert "(until 23:45)" in commands._wait_line(900, now)
    assert "(until 2026-03-02 23:30)" in commands._wait_line(86_400, now)


def test_a_refused_logo_listing_fails_neither_the_sync_nor_the_branding_reads(
    app: Starlette, tmp_path: Path,
) -> None:
    trouble = Trouble(app)
    first = _service_clients(app)[0]["id"]
    asyncio.run(give_logo(app, first))
    with_logo = _clients_with_logo(app)  # most demo clients have one of their own
    assert first in with_logo and 1 < len(with_logo) < CLIENTS
    trouble.refuse_files = True
    code, _, err = sync(tmp_path, trouble)
    assert code == commands.EXIT_OK, err
    assert f"Logos of {len(with_logo)} clients could not be fetched (" in err
    assert "; see the log." in err
    assert len(cached_ids(tmp_path)) == CLIENTS


@pytest.mark.anyio
async def test_a_client_opened_with_its_logo_listing_refused_still_loads(
    app: Starlette, tmp_path: Path,
) -> None:
    from si_desktop.sync.settings import load_editor_data

    first = _service_clients(app)[0]["id"]
    await give_logo(app, first)
    trouble = Trouble(app)
    trouble.refuse_files = True
    api = client_for(KEY, trouble)
    store = Store.open_in(tmp_path)
    try:
        workspace = Workspace(store, scope_for(KEY), api)
        loaded = await workspace.load_client(first)  # never cached: fetched with its logos
        assert loaded["id"] == first
        data = await load_editor_data(workspace, first, logo=True)
        assert data.logo is None and data.entity["id"] == first
    finally:
        await api.aclose()
        store.close()


def test_sync_full_walks_every_page_and_a_plain_one_only_the_changes(
    app: Starlette, tmp_path: Path,
) -> None:
    trouble = Trouble(app)
    assert sync(tmp_path, trouble)[0] == commands.EXIT_OK
    trouble.requests.clear()
    assert sync(tmp_path, trouble)[0] == commands.EXIT_OK
    plain = [r for r in trouble.requests if r.url.path == "/entities"]
    assert len(plain) == 2 and "query" in plain[1].url.params  # the probe, the changes
    trouble.requests.clear()
    code, out, _ = sync(tmp_path, trouble, "--full")
    assert code == commands.EXIT_OK
    full = [r for r in trouble.requests if r.url.path == "/entities"]
    assert len(full) == 2 and "query" not in full[1].url.params
    assert out.startswith(f"{CLIENTS} clients, ")


async def give_logo(app: Starlette, entity_id: str) -> None:
    async with client_for(KEY, httpx.ASGITransport(app=app)) as api:
        await api.files.upload(entity_id=entity_id, content=PNG, filename="logo.png")


def _clients_with_logo(app: Starlette) -> list[str]:
    """The clients whose settings say they have a logo (their refresh lists their files)."""
    sandbox = app.state.sandbox
    with sandbox.store.read() as conn:
        rows = conn.execute("SELECT id, doc FROM entity_docs ORDER BY id").fetchall()
    return [row[0] for row in rows if json.loads(row[1])["settings"].get("has_logo")]


def _service_clients(app: Starlette) -> list[dict[str, Any]]:
    sandbox = app.state.sandbox
    with sandbox.store.read() as conn:
        rows = conn.execute("SELECT id FROM entities ORDER BY id").fetchall()
    return [{"id": row[0]} for row in rows]


def test_a_first_request_answered_503_does_not_end_the_sync(
    app: Starlette, tmp_path: Path
) -> None:
    trouble = Trouble(app)
    trouble.failing_pages = 2  # every try of the first request
    code, out, err = sync(tmp_path, trouble)
    assert code == commands.EXIT_OK, err
    assert out.startswith(f"{CLIENTS} clients, ")
