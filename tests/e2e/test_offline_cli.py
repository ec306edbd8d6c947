"""`si-desktop sync` and `si-desktop clients` against the sandbox on a loopback port: exit
codes 0 (synced), 2 (offline, cache untouched), 3 (conflict held), the listing with no
network, and no trace of the key anywhere in the data folder."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from si_desktop.credentials import Credentials
from si_desktop.sandbox import SandboxServer
from si_desktop.store import Scope, Store
from si_desktop.sync import commands
from si_desktop.sync.workspace import Workspace
from tests.unit.sync.test_commands import write_accounts

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
CLIENTS = 12


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    """The commands configure the app's logging; put it back for the tests that follow."""
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


@pytest.fixture
def server(sandbox_key: str, tmp_path: Path) -> Iterator[SandboxServer]:
    served = SandboxServer(db_path=str(tmp_path / "sandbox.sqlite3"), api_key=sandbox_key,
                           clients=CLIENTS, seed=7)
    served.start()
    try:
        yield served
    finally:
        served.close()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "si-data"


def run(*argv: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = commands.main(list(argv), out=out, err=err, environ=env or {})
    return code, out.getvalue(), err.getvalue()


def sync(server: SandboxServer, folder: Path) -> tuple[int, str, str]:
    return run("sync", "--data-dir", str(folder), "--base-url", server.url,
               env={commands.API_KEY_ENV: server.api_key})


def listing(folder: Path) -> list[dict[str, object]]:
    code, out, _ = run("clients", "--data-dir", str(folder), "--json")
    assert code == 0
    rows: list[dict[str, object]] = json.loads(out)
    return rows


def queue(server: SandboxServer, folder: Path, name_index: int, changes: dict[str, object]
          ) -> str:
    """Queue an edit the way the app does (no network), for the client at `name_index`."""
    with Store.open_in(folder) as store:
        scope = Scope.for_api_key(server.api_key, base_url=server.url)
        workspace = Workspace(store, scope, api=None)
        entity_id = workspace.clients()[name_index].id
        workspace.enqueue_client_changes(entity_id, changes)
    return entity_id


def test_sync_prints_a_summary_and_clients_lists_the_cache(server: SandboxServer,
                                                           folder: Path) -> None:
    code, out, err = sync(server, folder)
    assert code == commands.EXIT_OK, err
    rows = listing(folder)
    units = sum(int(str(row["business_units"])) for row in rows)
    assert out.strip() == f"{CLIENTS} clients, {units} business units, 0 edits sent, 0 conflicts"
    assert f"Refreshing clients {CLIENTS} / {CLIENTS}" in err
    assert f"Refreshing business units {CLIENTS} / {CLIENTS}" in err
    server.stop()  # the listing needs no network
    assert len(rows) == CLIENTS
    assert set(rows[0]) >= {"id", "name", "country", "business_units", "fetched_at",
                            "pending_edits"}
    code, table, _ = run("clients", "--data-dir", str(folder))
    lines = table.splitlines()
    assert code == 0 and lines[0].split() == ["ID", "NAME", "COUNTRY", "UNITS", "FETCHED",
                                               "PENDING"]
    assert len(lines) == CLIENTS + 2 and lines[-1].startswith(f"{CLIENTS} clients, cached")
    assert str(rows[0]["name"]) in lines[1]


def test_offline_sync_exits_2_with_one_sentence_and_leaves_the_cache(
    server: SandboxServer, folder: Path,
) -> None:
    assert sync(server, folder)[0] == 0
    queue(server, folder, 0, {"city": "Kranj"})
    before = listing(folder)
    server.stop()
    code, out, err = sync(server, folder)
    assert code == commands.EXIT_OFFLINE and out == ""
    assert len(err.strip().splitlines()) == 1 and "cannot be reached" in err
    assert listing(folder) == before
    assert before[0]["pending_edits"] == 1


def test_queued_edits_are_sent_and_counted(server: SandboxServer, folder: Path) -> None:
    sync(server, folder)
    queue(server, folder, 0, {"city": "Kranj"})
    queue(server, folder, 1, {"email": "info@example.si"})
    code, out, err = sync(server, folder)
    assert code == 0, err
    assert out.strip().endswith("2 edits sent, 0 conflicts")
    assert all(row["pending_edits"] == 0 for row in listing(folder))


def test_a_conflict_is_held_reported_and_exits_3(server: SandboxServer, folder: Path) -> None:
    import asyncio

    from si_desktop.api import SpaceInvoicesClient

    sync(server, folder)
    entity_id = queue(server, folder, 0, {"city": "Kranj", "phone": "01 234"})

    async def someone_else() -> None:
        async with SpaceInvoicesClient(api_key=server.api_key, base_url=server.url) as si:
            await si.entities.update(entity_id, city="Celje")

    asyncio.run(someone_else())
    code, out, err = sync(server, folder)
    assert code == commands.EXIT_HELD, err
    first, conflict = out.strip().splitlines()
    assert first.endswith("0 edits sent, 1 conflict")
    assert conflict.startswith("Conflict: update entity of " + entity_id)
    assert 'city: theirs "Celje", mine "Kranj"' in conflict
    (row,) = [r for r in listing(folder) if r["id"] == entity_id]
    assert row["pending_edits"] == 1  # still queued, nothing lost
    assert sync(server, folder)[0] == commands.EXIT_HELD  # and reported again


def test_the_key_comes_from_the_keychain_and_leaves_no_trace(
    server: SandboxServer, folder: Path,
) -> None:
    account = write_accounts(folder, server.url)
    Credentials().set_api_key(f"{server.url}#{account}", server.api_key)
    code, out, err = run("sync", "--data-dir", str(folder))
    assert code == 0, err
    queue(server, folder, 0, {"name": "Renamed"})
    code, out, err = run("sync", "--data-dir", str(folder))
    assert code == 0 and "1 edit sent" in out
    code, _, err = run("sync", "--data-dir", str(folder), "--base-url", "http://127.0.0.1:9")
    assert code == commands.EXIT_FAILED and "no API key" in err  # another server: no key
    key = server.api_key.encode()
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert any(p.name.startswith("cache.sqlite3") for p in files)
    assert any(p.suffix == ".log" for p in files)
    for path in files:
        data = path.read_bytes()
        assert key not in data and key[len("sk_live_"):] not in data, path


def test_without_a_key_sync_says_how_to_give_one(folder: Path) -> None:
    code, out, err = run("sync", "--data-dir", str(folder), "--base-url", "http://127.0.0.1:9")
    assert code == commands.EXIT_FAILED and out == "" and commands.API_KEY_ENV in err
    code, _, err = run("clients", "--data-dir", str(folder))
    assert code == commands.EXIT_FAILED and "sync" in err


def test_clients_lists_the_open_accounts_cache_without_asking_the_keychain(
    server: SandboxServer, folder: Path,
) -> None:
    assert sync(server, folder)[0] == 0
    account = write_accounts(folder, server.url)
    ini = folder / "settings.ini"
    fingerprint = Scope.for_api_key(server.api_key, base_url=server.url).account
    ini.write_text(ini.read_text().replace("fp_0", fingerprint))
    assert len(listing(folder)) == CLIENTS  # no key anywhere: found by the fingerprint
    code, _, err = run("clients", "--data-dir", str(folder), "--account", "Nobody")
    assert code == commands.EXIT_FAILED and "Firm live" in err
    assert account
