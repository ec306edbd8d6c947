"""The sandbox over a real loopback port: SandboxServer stop/start, restart persistence,
`--clients` on an existing database, and the `si-sandbox` command itself."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from si_desktop.sandbox import SandboxServer

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def _client(server: SandboxServer) -> httpx.Client:
    return httpx.Client(base_url=server.url, timeout=5,
                        headers={"Authorization": f"Bearer {server.api_key}"})


def _port_is_free(port: int) -> bool:
    """Whether a new listener could take `port` now (SO_REUSEADDR, as the sandbox binds:
    past connections in TIME_WAIT, never past a listener that is still there)."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def test_the_fixture_serves_on_loopback(sandbox_server: SandboxServer) -> None:
    assert sandbox_server.url.startswith("http://127.0.0.1:")
    with _client(sandbox_server) as client:
        response = client.post("/entities", json={"name": "Port d.o.o.", "country": "Slovenia"})
        assert response.status_code == 201
        assert client.get("/entities").json()["pagination"]["total"] == 1


def test_stop_takes_the_service_away_and_start_brings_it_back(
    sandbox_server: SandboxServer,
) -> None:
    with _client(sandbox_server) as client:
        created = client.post("/entities", json={"name": "Kept", "country": "Croatia"}).json()
        url = sandbox_server.url
        assert not _port_is_free(sandbox_server.port)
        sandbox_server.stop()
        assert _port_is_free(sandbox_server.port)  # freed by the time stop() returns
        with pytest.raises(httpx.TransportError):
            client.get("/entities")
        sandbox_server.start()
        assert sandbox_server.url == url  # same port: the client's base URL stays valid
        assert client.get(f"/entities/{created['id']}").json() == created
        for _ in range(3):
            sandbox_server.stop()
            sandbox_server.start()
            assert client.get("/entities").status_code == 200


def test_data_survives_a_restart_with_a_database_file(tmp_path: Path, sandbox_key: str) -> None:
    db = str(tmp_path / "persist.sqlite3")
    with SandboxServer(db_path=db, api_key=sandbox_key) as first, _client(first) as client:
        entity = client.post("/entities", json={"name": "Persisted", "country": "Slovenia",
                                                "settings": {"primary_color": "#123"}}).json()
        unit = client.post("/business-units", json={"name": "Shop"},
                           headers={"x-entity-id": entity["id"]}).json()
        replayed = client.post("/entities", json={"name": "Once", "country": "Slovenia"},
                               headers={"X-Request-Id": "persisted-id"}).json()
    with SandboxServer(db_path=db, api_key=sandbox_key) as second, _client(second) as client:
        assert client.get(f"/entities/{entity['id']}").json() == entity
        headers = {"x-entity-id": entity["id"]}
        assert client.get(f"/business-units/{unit['id']}", headers=headers).json() == unit
        next_unit = client.post("/business-units", json={"name": "Two"}, headers=headers).json()
        assert next_unit["numbering_index"] == 2
        again = client.post("/entities", json={"name": "Once", "country": "Slovenia"},
                            headers={"X-Request-Id": "persisted-id"})
        assert again.json() == replayed


def test_clients_are_not_added_to_a_database_that_has_clients(tmp_path: Path,
                                                              sandbox_key: str) -> None:
    db = str(tmp_path / "demo.sqlite3")
    with SandboxServer(db_path=db, api_key=sandbox_key, clients=5) as first, \
            _client(first) as client:
        assert client.get("/entities").json()["pagination"]["total"] == 5
    with SandboxServer(db_path=db, api_key=sandbox_key, clients=40) as second, \
            _client(second) as client:
        assert client.get("/entities").json()["pagination"]["total"] == 5


def test_the_command_prints_its_address_and_key_and_stops_on_sigterm(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "si_desktop.sandbox", "--port", "0", "--clients", "3",
         "--db", str(tmp_path / "cli.sqlite3")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert process.stdout is not None
        listening = process.stdout.readline().strip()
        key_line = process.stdout.readline().strip()
        prefix = "si-sandbox listening on http://127.0.0.1:"
        assert listening.startswith(prefix), listening
        url = listening.removeprefix("si-sandbox listening on ")
        key = key_line.split()[-1]
        assert key.startswith("sk_live_")
        response = httpx.get(f"{url}/entities", headers={"Authorization": f"Bearer {key}"})
        assert response.json()["pagination"]["total"] == 3
        process.send_signal(signal.SIGTERM if os.name == "posix" else signal.SIGINT)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_the_command_uses_the_key_it_is_given() -> None:
    key = "sk_live_" + "12" * 16
    process = subprocess.Popen(
        [sys.executable, "-m", "si_desktop.sandbox", "--port", "0", "--api-key", key],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip().removeprefix("si-sandbox listening on ")
        assert key in process.stdout.readline()
        ok = httpx.get(f"{url}/entities", headers={"Authorization": f"Bearer {key}"})
        assert ok.status_code == 200 and ok.json()["data"] == []
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_the_command_refuses_bad_flags() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "si_desktop.sandbox", "--error-rate", "2"],
        capture_output=True, text=True, timeout=30,
    )
    assert result.returncode == 2
    assert "--error-rate" in result.stderr


def test_concurrent_writers_over_the_network_never_share_a_numbering_index(
    sandbox_server: SandboxServer,
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with _client(sandbox_server) as client:
        entity = client.post("/entities", json={"name": "Busy", "country": "Slovenia"}).json()

    def create_units(worker: int) -> list[int]:
        with _client(sandbox_server) as own:
            return [own.post("/business-units", json={"name": f"W{worker}-{n}"},
                             headers={"x-entity-id": entity["id"]}).json()["numbering_index"]
                    for n in range(10)]

    with ThreadPoolExecutor(max_workers=6) as pool:
        indexes = [index for batch in pool.map(create_units, range(6)) for index in batch]
    assert sorted(indexes) == list(range(1, 61))


def test_the_command_reports_a_database_it_cannot_open(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "si_desktop.sandbox", "--port", "0",
         "--db", str(tmp_path / "missing-folder" / "x.sqlite3")],
        capture_output=True, text=True, timeout=30,
    )
    assert result.returncode == 1
    assert "cannot start" in result.stderr
