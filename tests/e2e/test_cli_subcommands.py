"""`si-desktop sync` and `si-desktop clients` through the real entry point, in a process of
their own: the subcommands reach the headless sync and never open a window."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from si_desktop.sandbox import SandboxServer

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def si_desktop(*argv: str, key: str = "") -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)  # a window would fail without a display: none opens
    env["SI_DESKTOP_API_KEY"] = key
    return subprocess.run(
        [sys.executable, "-m", "si_desktop", *argv],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )


@pytest.fixture
def sandbox_server(sandbox_key: str, tmp_path: Path) -> Iterator[SandboxServer]:
    served = SandboxServer(db_path=str(tmp_path / "sandbox.sqlite3"), api_key=sandbox_key,
                           clients=5, seed=3)
    served.start()
    try:
        yield served
    finally:
        served.close()


def test_sync_then_clients_through_the_entry_point(
    sandbox_server: SandboxServer, tmp_path: Path
) -> None:
    folder = tmp_path / "data"
    synced = si_desktop("sync", "--data-dir", str(folder), "--base-url", sandbox_server.url,
                        key=sandbox_server.api_key)
    assert synced.returncode == 0, synced.stderr
    assert "0 conflicts" in synced.stdout
    listed = si_desktop("clients", "--data-dir", str(folder), "--json")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert len(rows) == 5 and all(row["name"] for row in rows)

    sandbox_server.stop()
    offline = si_desktop("sync", "--data-dir", str(folder), "--base-url", sandbox_server.url,
                         key=sandbox_server.api_key)
    assert offline.returncode == 2
    assert offline.stderr.strip().count("\n") == 0  # one plain sentence
    assert json.loads(si_desktop("clients", "--data-dir", str(folder), "--json").stdout) == rows


def test_the_data_dir_may_come_before_the_subcommand(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    listed = si_desktop("--data-dir", str(folder), "clients", "--json")
    assert listed.returncode == 1
    assert str(folder) in listed.stderr and "si-desktop sync" in listed.stderr
