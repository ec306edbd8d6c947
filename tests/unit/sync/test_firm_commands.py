"""`si-desktop standard | drift | apply | undo` over the sandbox in-process: a standard from
a cached client, drift from the cache (exit 1 while some differ), a dry run that sends
nothing, the batch with its id, and its undo."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from si_desktop.sandbox import create_app
from si_desktop.sync import commands
from tests.fixtures.sandbox import ASGI_BASE_URL

KEY = "sk_live_" + "8" * 32


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    """The command configures the app's logging; put it back for the tests that follow."""
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
def app() -> Iterator[Starlette]:
    made = create_app(api_key=KEY, clients=12, seed=5)
    try:
        yield made
    finally:
        made.state.sandbox.close()


class Cli:
    def __init__(self, app: Starlette, folder: Path) -> None:
        self.transport = httpx.ASGITransport(app=app)
        self.folder = folder
        self.writes = 0

    def __call__(self, *argv: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        code = commands.main([*argv, "--data-dir", str(self.folder), "--base-url", ASGI_BASE_URL],
                             out=out, err=err, environ={commands.API_KEY_ENV: KEY},
                             transport=self.transport)
        return code, out.getvalue(), err.getvalue()

    def json(self, *argv: str) -> Any:
        code, out, err = self(*argv, "--json")
        assert code in (0, 1, 3), err
        return json.loads(out)


def test_standard_drift_apply_and_undo_from_the_command_line(app: Starlette,
                                                              tmp_path: Path) -> None:
    cli = Cli(app, tmp_path / "data")
    assert cli("sync")[0] == 0
    clients = json.loads(cli("clients", "--json")[1])
    first = clients[0]["id"]
    code, out, err = cli("standard", "--from-client", first, "--name", "House rules")
    assert "House rules" in out
    assert code == 0, err
    assert "House rules" in cli("standard", "--list")[1]

    report = cli.json("drift", "--standard", "House rules")
    (entry,) = report
    differing = [c for c in entry["clients"] if c["differing"] and c["enabled"]]
    assert differing and all(c["id"] != first for c in differing)
    assert cli("drift")[0] == 1  # some differ

    chosen = ",".join(c["id"] for c in differing[:3])
    dry = cli.json("apply", "--standard", "House rules", "--clients", chosen, "--dry-run")
    assert dry["batch"] is None and len(dry["clients"]) == 3
    assert all(c["changes"] for c in dry["clients"])
    assert cli.json("drift", "--standard", "House rules") == report  # nothing was sent

    applied = cli.json("apply", "--standard", "House rules", "--clients", chosen, "--yes")
    batch = applied["batch"]
    assert batch.startswith("batch_")
    assert [c["outcome"] for c in applied["clients"]] == ["sent"] * 3
    after = cli.json("drift", "--standard", "House rules")[0]["clients"]
    fixed = {c["id"] for c in after if not c["differing"]}
    assert {c["id"] for c in differing[:3]} <= fixed

    undone = cli.json("undo", batch, "--yes")
    assert undone["undoes"] == batch and undone["batch"] != batch
    assert [c["outcome"] for c in undone["clients"]] == ["sent"] * 3
    assert cli.json("drift", "--standard", "House rules") == report  # as before the batch
    code, _, err = cli("undo", batch, "--dry-run")
    assert code == 1 and "undone already" in err


def test_clients_by_search_text_and_a_refused_file(app: Starlette, tmp_path: Path) -> None:
    cli = Cli(app, tmp_path / "data")
    assert cli("sync")[0] == 0
    clients = json.loads(cli("clients", "--json")[1])
    cli("standard", "--from-client", clients[0]["id"], "--name", "House")
    word = clients[1]["name"].split()[0]
    dry = cli.json("apply", "--standard", "House", "--clients", word.upper(), "--dry-run")
    names = [c["name"] for c in dry["clients"]]
    assert clients[1]["name"] in names
    assert all(word.casefold() in name.casefold() for name in names)
    bad = tmp_path / "bad.json"
    bad.write_text('{"si_desktop_standard": 1,\n "name": "Bad",\n "settings": {\n'
                   '  "default_invoice_due_days": -4}}', encoding="utf-8")
    code, _, err = cli("standard", "--import", str(bad))
    assert code == 1 and "line 4" in err and "days" in err
    assert "Bad" not in cli("standard", "--list")[1]
