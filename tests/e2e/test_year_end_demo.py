"""Firm → Year end… on the demo data over loopback: the cache is filled from a 40-client demo
sandbox, the year end is worked out for every client with the service's counters, and the one
planted problem (a client whose shops share an invoice format without `{u}`) is found, and
nothing else is."""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import Iterator
from pathlib import Path

import pytest

from si_desktop.core.year_end import Source, WarningKind
from si_desktop.sandbox import SandboxServer
from si_desktop.sandbox.demo import SHARED_FORMAT_CLIENT, make_client
from si_desktop.store import Store
from si_desktop.sync.connection import Connection
from si_desktop.sync.workspace import Workspace
from si_desktop.sync.year_end import ClientYearEnd, firm_year_end

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
CLIENTS = 40


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[SandboxServer]:
    server = SandboxServer(db_path=str(tmp_path / "demo.sqlite3"), clients=CLIENTS, seed=0)
    server.start()
    try:
        yield server
    finally:
        server.close()


async def _year_end(server: SandboxServer, folder: Path) -> dict[str, ClientYearEnd]:
    connection = Connection(base_url=server.url, api_key=server.api_key, demo=True)
    workspace = Workspace.open(connection, Store.open_in(folder))
    try:
        await workspace.refresh()
        for row in workspace.clients():
            await workspace.load_documents(row.id, full=True)
        latest: dict[str, ClientYearEnd] = {}

        def arrived(found: ClientYearEnd) -> None:
            latest[found.entity_id] = found

        read = await firm_year_end(workspace, datetime.date.today(), arrived)
        assert read == CLIENTS
        return latest
    finally:
        await workspace.aclose()
        workspace.store.close()


def test_the_year_end_of_the_demo_finds_the_planted_problem(
        demo: SandboxServer, tmp_path: Path) -> None:
    found = asyncio.run(_year_end(demo, tmp_path / "data"))
    assert len(found) == CLIENTS and all(c.counters_read for c in found.values())
    planted, _ = make_client(SHARED_FORMAT_CLIENT, 0, "acc", "live")
    problems = {(c.entity_id, w.kind) for c in found.values() for r in c.rows
                for w in r.warnings}
    assert problems == {(planted["id"], WarningKind.SHARED_NUMBERS)}
    shared = [r for r in found[planted["id"]].rows if r.warnings]
    # the client's own invoices and each of its active shops' invoices
    assert {r.doc_type for r in shared} == {"invoice"}
    assert len(shared) >= 3 and any(r.unit_id is None for r in shared)
    # every sequence with documents this year reads its last number off the service's counter
    counted = [r for c in found.values() for r in c.rows if r.issued_this_year]
    assert counted and all(r.last_source is Source.SERVICE and r.last_number for r in counted)
