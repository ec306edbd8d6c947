"""`si-desktop sync` run again and again beside an open window on the same data folder: the
cache stays sound and every edit the window queued reaches the service exactly once.

The window's part runs in this process (a workspace that queues an edit and sends the queue,
over and over, as saves do); the scheduled sync is the real command in processes of its own.
The sandbox counts the write requests it receives per `X-Request-Id`: a queued edit sent by
both processes at once would arrive twice (the sandbox's replay would hide it in the data, not
in the count).
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.types import ASGIApp, Receive, Scope, Send

from si_desktop.api import SpaceInvoicesClient
from si_desktop.sandbox import SandboxServer, create_app
from si_desktop.store import Scope as CacheScope
from si_desktop.store import Store
from si_desktop.sync import commands
from si_desktop.sync.workspace import Workspace

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
REPO = Path(__file__).resolve().parents[2]
CLIENTS = 30
SECONDS = 5.0
SYNCS = 2  # the window goes on until at least this many syncs ran beside it
BATCH = 3  # edits queued between two sends (saves made while a send was running)


class CountWrites:
    """Counts the write requests that reach the sandbox, by their `X-Request-Id`."""

    def __init__(self, app: ASGIApp, counts: Counter[str]) -> None:
        self.app = app
        self.counts = counts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            for name, value in scope["headers"]:
                if name == b"x-request-id":
                    self.counts[value.decode("latin-1")] += 1
        await self.app(scope, receive, send)


@pytest.fixture
def writes() -> Counter[str]:
    return Counter()


@pytest.fixture
def server(sandbox_key: str, tmp_path: Path, writes: Counter[str]) -> Iterator[SandboxServer]:
    app = create_app(str(tmp_path / "sandbox.sqlite3"), api_key=sandbox_key, clients=CLIENTS,
                     seed=5)
    app.add_middleware(CountWrites, counts=writes)
    served = SandboxServer(app)
    served.start()
    try:
        yield served
    finally:
        served.close()


def scheduled_syncs(server: SandboxServer, folder: Path, stop: threading.Event,
                    codes: list[int], errors: list[str]) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO), commands.API_KEY_ENV: server.api_key}
    while not stop.is_set():
        done = subprocess.run(
            [sys.executable, "-m", "si_desktop", "sync", "--data-dir", str(folder),
             "--base-url", server.url],
            capture_output=True, text=True, env=env, timeout=120,
        )
        codes.append(done.returncode)
        if done.returncode != 0 or "Traceback" in done.stderr:
            errors.append(done.stderr[-2000:])


async def window(
    server: SandboxServer, folder: Path, syncs: list[int]
) -> tuple[dict[str, str], dict[str, str], int]:
    """Rename one client after another, round and round, sending the queue after every
    `BATCH` of them, as the window's saves do, until `SECONDS` have passed and `SYNCS`
    syncs have run. Returns each committed edit's request id with the name it sets, the
    last name of each client, and how many syncs had run by the last save."""
    queued: dict[str, str] = {}
    last: dict[str, str] = {}
    scope = CacheScope.for_api_key(server.api_key, base_url=server.url)
    with Store.open_in(folder) as store:
        async with SpaceInvoicesClient(api_key=server.api_key, base_url=server.url) as api:
            workspace = Workspace(store, scope, api)
            clients = [row.id for row in workspace.clients()]
            assert len(clients) == CLIENTS
            deadline = time.monotonic() + SECONDS
            n = 0
            while time.monotonic() < deadline or len(syncs) < SYNCS:
                for _ in range(BATCH):
                    entity_id = clients[n % CLIENTS]
                    name = f"Renamed {n}"
                    edit = workspace.enqueue_client_changes(entity_id, {"name": name})
                    queued[edit.request_id] = name
                    last[entity_id] = name
                    n += 1
                await workspace.send_pending()
            beside = len(syncs)
            for _ in range(100):  # what was left queued: sent by the window in the end
                if not workspace.pending():
                    break
                await workspace.send_pending()
                await asyncio.sleep(0.1)
            assert workspace.pending() == []
    return queued, last, beside


def test_sync_beside_the_window_sends_every_edit_exactly_once(
    server: SandboxServer, tmp_path: Path, writes: Counter[str],
) -> None:
    folder = tmp_path / "si-data"
    env = {commands.API_KEY_ENV: server.api_key}
    first = commands.main(["sync", "--data-dir", str(folder), "--base-url", server.url],
                          environ=env)
    assert first == commands.EXIT_OK
    stop = threading.Event()
    codes: list[int] = []
    errors: list[str] = []
    syncs = threading.Thread(target=scheduled_syncs,
                             args=(server, folder, stop, codes, errors))
    syncs.start()
    try:
        queued, last, beside = asyncio.run(window(server, folder, codes))
    finally:
        stop.set()
        syncs.join()

    assert errors == []
    assert beside >= SYNCS  # they did run side by side
    conn = sqlite3.connect(folder / "cache.sqlite3")
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()
    assert {rid: writes[rid] for rid in queued} == dict.fromkeys(queued, 1)

    async def names_on_the_service() -> dict[str, str]:
        async with SpaceInvoicesClient(api_key=server.api_key, base_url=server.url) as api:
            return {str(e.id): str(e.name) async for e in api.entities.iterate()}

    assert asyncio.run(names_on_the_service()) == last
