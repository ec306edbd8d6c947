"""`kill -9` of a process in the middle of a refresh and in the middle of saving edits: the
cache opens (not damaged), no queued edit is lost, and each edit reaches the service once."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from si_desktop.api import SpaceInvoicesClient
from si_desktop.sandbox import Faults, SandboxServer
from si_desktop.store import Scope, Store
from si_desktop.sync.workspace import Workspace

pytestmark = [
    pytest.mark.e2e, pytest.mark.slow, pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
]
REPO = Path(__file__).resolve().parents[2]
CLIENTS = 40

PRELUDE = """
import asyncio, sys
from si_desktop.api import SpaceInvoicesClient
from si_desktop.store import Scope, Store
from si_desktop.sync.workspace import Workspace

folder, url, key = sys.argv[1:4]

async def main():
    store = Store.open_in(folder)
    async with SpaceInvoicesClient(api_key=key, base_url=url) as api:
        workspace = Workspace(store, Scope.for_api_key(key, base_url=url), api)
        await work(workspace)
"""

REFRESHER = PRELUDE + """
async def work(workspace):
    def progress(p):
        print(p.message, flush=True)
    while True:
        # each time a first refresh, which reads every client's units (a later one reads
        # only the changed clients')
        workspace.store.prefs.delete(workspace.scope, "sync.last_refresh")
        await workspace.refresh(progress=progress)

asyncio.run(main())
"""

SAVER = PRELUDE + """
async def work(workspace):
    rows = workspace.clients()
    for i, row in enumerate(rows):
        edit = workspace.enqueue_client_changes(row.id, {"city": f"City {i}"})
        print("queued", row.id, edit.request_id, flush=True)
        report = await workspace.send_pending()
        print("sent", len(report.sent), flush=True)

asyncio.run(main())
"""


@pytest.fixture
def server(sandbox_key: str, tmp_path: Path) -> Iterator[SandboxServer]:
    served = SandboxServer(db_path=str(tmp_path / "sandbox.sqlite3"), api_key=sandbox_key,
                           clients=CLIENTS, seed=5, faults=Faults(latency_ms=8))
    served.start()
    try:
        yield served
    finally:
        served.close()


def launch(script: str, folder: Path, server: SandboxServer) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-c", script, str(folder), server.url, server.api_key],
        stdout=subprocess.PIPE, text=True, env=env,
    )


def kill_after(process: subprocess.Popen[str], wanted: str, count: int,
               delay: float) -> list[str]:
    """Read lines until `count` lines containing `wanted`, wait `delay`, SIGKILL; returns
    every whole line the process wrote."""
    assert process.stdout is not None
    lines: list[str] = []
    seen = 0
    try:
        for line in process.stdout:
            lines.append(line.rstrip("\n"))
            seen += wanted in line
            if seen >= count:
                break
        time.sleep(delay)  # not a wait: each delay kills the writer at another point
    finally:
        os.kill(process.pid, signal.SIGKILL)
        rest = process.stdout.read()
        process.wait()
    assert process.returncode == -signal.SIGKILL
    lines += [line for line in rest.split("\n")[:-1] if line]
    assert seen >= count, lines[-5:]
    return lines


async def queue_before(folder: Path, server: SandboxServer) -> tuple[Scope, list[str]]:
    """A first refresh, then edits queued offline: they must outlive what follows."""
    scope = Scope.for_api_key(server.api_key, base_url=server.url)
    async with SpaceInvoicesClient(api_key=server.api_key, base_url=server.url) as api:
        with Store.open_in(folder) as store:
            workspace = Workspace(store, scope, api)
            await workspace.refresh(logos=False)
            rows = workspace.clients()
            ids = [
                workspace.enqueue_client_changes(row.id, {"website": f"https://{n}.example"})
                .request_id
                for n, row in enumerate(rows[:3])
            ]
    return scope, ids


def check_file(folder: Path) -> Store:
    store = Store.open_in(folder)
    assert store.damage is None
    conn = store.db.connection()
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    return store


@pytest.mark.parametrize("delay", [0.0, 0.037])
def test_kill_9_mid_refresh(server: SandboxServer, tmp_path: Path, delay: float) -> None:
    folder = tmp_path / "si-data"
    scope, queued = asyncio.run(queue_before(folder, server))
    process = launch(REFRESHER, folder, server)
    kill_after(process, "Refreshing business units", 8, delay)
    with check_file(folder) as store:
        assert [e.request_id for e in store.outbox.list(scope)] == queued
        assert len(store.entities.switcher_rows(scope)) == CLIENTS


@pytest.mark.parametrize("delay", [0.0, 0.029])
def test_kill_9_mid_save(server: SandboxServer, tmp_path: Path, delay: float) -> None:
    folder = tmp_path / "si-data"
    scope, _ = asyncio.run(queue_before(folder, server))
    process = launch(SAVER, folder, server)
    lines = kill_after(process, "queued", 6, delay)
    edits = {line.split()[1]: line.split()[2] for line in lines if line.startswith("queued")}
    assert len(edits) >= 6

    async def afterwards() -> None:
        with check_file(folder) as store:
            waiting = {e.target_id: e for e in store.outbox.list(scope)}
            async with SpaceInvoicesClient(api_key=server.api_key,
                                           base_url=server.url) as api:
                names = {row.id: n for n, row in enumerate(
                    Workspace(store, scope, api).clients())}
                for entity_id in edits:  # each edit: still queued, or on the service
                    city = (await api.entities.get(entity_id)).city
                    assert entity_id in waiting or city == f"City {names[entity_id]}"
                report = await Workspace(store, scope, api).send_pending()
                assert report.problems == [] and report.waiting == 0
                for entity_id in edits:
                    assert (await api.entities.get(entity_id)).city == \
                        f"City {names[entity_id]}"
                first = sorted(names, key=names.__getitem__)[:3]  # queued before the run
                for n, entity_id in enumerate(first):
                    assert (await api.entities.get(entity_id)).website == f"https://{n}.example"

    asyncio.run(afterwards())
