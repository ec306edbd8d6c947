"""A database written by the first sandbox schema (documents inside the entity rows) opens
with its data, and the sandbox keeps working on it."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from si_desktop.sandbox import create_app
from tests.contract.conftest import create_entity, create_unit
from tests.fixtures.sandbox import asgi_client

pytestmark = pytest.mark.anyio

V1_ENTITIES = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO meta VALUES ('schema_version', '1');
CREATE TABLE entities (
    id TEXT PRIMARY KEY, account_id TEXT NOT NULL, environment TEXT NOT NULL,
    name TEXT NOT NULL, name_fold TEXT NOT NULL, country TEXT, country_code TEXT,
    currency_code TEXT, city TEXT, is_enabled INTEGER NOT NULL, created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL, search TEXT NOT NULL,
    next_unit_index INTEGER NOT NULL DEFAULT 1, doc TEXT NOT NULL
);
CREATE INDEX entities_created ON entities (account_id, environment, created_at, id);
CREATE INDEX entities_updated ON entities (account_id, environment, updated_at, id);
CREATE INDEX entities_name ON entities (account_id, environment, name_fold, id);
CREATE INDEX entities_country ON entities (account_id, environment, country, id);
"""


async def test_a_first_schema_database_is_upgraded(tmp_path: Path, sandbox_key: str) -> None:
    scratch = create_app(api_key=sandbox_key)
    async with asgi_client(scratch, sandbox_key) as client:
        entity = await create_entity(client, name="Old Times d.o.o.",
                                     metadata={"client_code": "C-1"})
    scratch.state.sandbox.close()
    db = tmp_path / "v1.sqlite3"
    with sqlite3.connect(db) as conn:
        conn.executescript(V1_ENTITIES)
        conn.execute(
            "INSERT INTO entities VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (entity["id"], entity["account_id"], "live", entity["name"],
             entity["name"].casefold(), entity["country"], entity["country_code"],
             entity["currency_code"], entity["city"], 1, entity["created_at"],
             entity["updated_at"], "old times d.o.o.\x1fc-1", 3, json.dumps(entity)),
        )
    conn.close()
    app = create_app(str(db), api_key=sandbox_key)
    try:
        async with asgi_client(app, sandbox_key) as client:
            assert (await client.get(f"/entities/{entity['id']}")).json() == entity
            found = (await client.get("/entities", params={
                "query": json.dumps({"metadata.client_code": "C-1"})})).json()
            assert [e["id"] for e in found["data"]] == [entity["id"]]
            unit = await create_unit(client, entity["id"])
            assert unit["numbering_index"] == 3  # the counter came along
    finally:
        app.state.sandbox.close()
