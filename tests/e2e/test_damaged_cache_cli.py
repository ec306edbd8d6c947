"""The command line on a damaged cache: `clients` says so on stderr and in the log and exits
non-zero instead of listing "0 clients"; the next `sync` says it too, with where the queued
edits went; a queued edit whose stored body is damaged is reported, not a traceback."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from si_desktop.sandbox import SandboxServer
from si_desktop.store import Store
from si_desktop.sync import commands
from tests.e2e.test_offline_cli import CLIENTS, queue, run, sync

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    """The commands configure the app's logging; put it back for the tests that follow."""
    logger = logging.getLogger("si_desktop")
    saved = (list(logger.handlers), logger.level, logger.propagate)
    yield
    for handler in list(logger.handlers):
        if handler not in saved[0]:
            logger.removeHandler(handler)
            handler.close()
    logger.setLevel(saved[1])
    logger.propagate = saved[2]


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


def clients(server: SandboxServer, folder: Path) -> tuple[int, str, str]:
    return run("clients", "--data-dir", str(folder), "--base-url", server.url,
               env={commands.API_KEY_ENV: server.api_key})


def test_clients_on_a_damaged_cache_says_so_and_the_next_sync_too(
    server: SandboxServer, folder: Path
) -> None:
    assert sync(server, folder)[0] == commands.EXIT_OK
    queue(server, folder, 0, {"city": "Kranj"})
    cache = folder / "cache.sqlite3"
    with open(cache, "r+b") as handle:  # the header overwritten: not a database any more
        handle.write(b"\x00" * 100)

    code, out, err = clients(server, folder)
    assert code == commands.EXIT_FAILED
    assert "found damaged" in err and "moved aside" in err
    (damaged,) = [p for p in folder.glob("cache.sqlite3.damaged-*") if p.suffix != ".json"]
    export = Path(f"{damaged}.outbox.json")
    assert f"Damaged file: {damaged}" in err and str(export) in err
    assert "0 clients, cached" in out  # what the cache holds now, but not exit 0
    log = (folder / "logs" / "si-desktop.log").read_text(encoding="utf-8")
    assert damaged.name in log and "found damaged" in log

    code, out, err = sync(server, folder)
    assert code == commands.EXIT_OK, err
    assert "found damaged" in err and export.name in err and str(export) in err
    assert f"{CLIENTS} clients" in out
    code, out, err = clients(server, folder)  # told once by the sync: not again
    assert code == commands.EXIT_OK and err == ""


def test_a_queued_edit_with_a_damaged_body_is_reported_not_a_traceback(
    server: SandboxServer, folder: Path
) -> None:
    assert sync(server, folder)[0] == commands.EXIT_OK
    spoiled = queue(server, folder, 0, {"city": "Kranj"})
    sent = queue(server, folder, 1, {"city": "Celje"})
    conn = sqlite3.connect(folder / "cache.sqlite3")
    conn.execute("UPDATE outbox SET payload = '{\"city\": ' WHERE entity_id = ?", (spoiled,))
    conn.commit()
    conn.close()
    code, out, err = sync(server, folder)
    assert "Traceback" not in err
    assert code == commands.EXIT_HELD
    first, refused = out.strip().splitlines()
    assert first.endswith("1 edit sent, 0 conflicts, 1 refused")
    assert refused.startswith(f"Refused: update entity of {spoiled}")
    assert "could not be read back" in refused
    with Store.open_in(folder) as store:  # still there for the user to drop
        assert [e.entity_id for e in store.outbox.list(store.scopes.list()[0].scope)] == \
            [spoiled]
    assert sent != spoiled
