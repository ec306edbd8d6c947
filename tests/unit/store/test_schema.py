"""Migrations: a file written by an older release is brought forward, data intact."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from si_desktop.store import SCHEMA_VERSION, Scope, Store, StoreTooNewError
from si_desktop.store.schema import MIGRATIONS, Migration, migrate, user_version
from tests.unit.store.conftest import entity, entity_id

# Version 1 exactly as the first release wrote it, by hand: not generated from MIGRATIONS, so
# that a later edit of migration 1 cannot make this test agree with itself.
V1 = """
CREATE TABLE scopes (id INTEGER PRIMARY KEY, account TEXT NOT NULL, environment TEXT NOT NULL,
    created_at TEXT NOT NULL, UNIQUE (account, environment));
CREATE TABLE entities (scope_id INTEGER NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL DEFAULT '',
    country TEXT, country_code TEXT, currency_code TEXT, tax_number TEXT, city TEXT,
    client_code TEXT, is_enabled INTEGER, updated_at TEXT, fetched_at TEXT NOT NULL,
    json TEXT NOT NULL, PRIMARY KEY (scope_id, id));
CREATE INDEX entities_by_name ON entities (scope_id, name COLLATE NOCASE);
CREATE TABLE business_units (scope_id INTEGER NOT NULL, id TEXT NOT NULL,
    entity_id TEXT NOT NULL, name TEXT NOT NULL DEFAULT '', numbering_index INTEGER,
    is_active INTEGER, deleted_at TEXT, updated_at TEXT, fetched_at TEXT NOT NULL,
    json TEXT NOT NULL, PRIMARY KEY (scope_id, id));
CREATE INDEX business_units_by_entity ON business_units (scope_id, entity_id);
CREATE TABLE files (scope_id INTEGER NOT NULL, id TEXT NOT NULL, content_type TEXT,
    data BLOB NOT NULL, fetched_at TEXT NOT NULL, PRIMARY KEY (scope_id, id));
CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, scope_id INTEGER NOT NULL,
    request_id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, entity_id TEXT, target_id TEXT NOT NULL,
    payload TEXT NOT NULL, base_updated_at TEXT, created_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'conflict')));
CREATE INDEX outbox_by_target ON outbox (scope_id, target_id);
PRAGMA user_version = 1;
"""

SCOPE = Scope("fp_cccccccccccccccc", "live")


def build_v1(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    conn.executescript(V1)
    conn.execute("INSERT INTO scopes VALUES (1, ?, 'live', '2025-01-01T00:00:00.000Z')",
                 (SCOPE.account,))
    record = entity(1, metadata={"client_code": "K1", "region": "Gorenjska"})
    conn.execute(
        "INSERT INTO entities (scope_id, id, name, client_code, is_enabled, updated_at,"
        " fetched_at, json) VALUES (1, ?, 'Client 1', 'K1', 1, ?, ?, ?)",
        (entity_id(1), "2024-09-01T00:00:00.000000Z", "2025-01-01T00:00:00.000Z",
         json.dumps(record)),
    )
    conn.execute(
        "INSERT INTO outbox (scope_id, request_id, kind, entity_id, target_id, payload,"
        " base_updated_at, created_at) VALUES (1, 'req-1', 'update_entity', ?, ?, ?, ?, ?)",
        (entity_id(1), entity_id(1), '{"name": "Renamed"}', "2024-09-01T00:00:00.000Z",
         "2025-01-02T00:00:00.000Z"),
    )
    conn.commit()
    conn.close()


def test_a_new_file_is_at_the_current_version(store: Store) -> None:
    assert user_version(store.db.connection()) == SCHEMA_VERSION
    assert [m.version for m in MIGRATIONS] == list(range(1, SCHEMA_VERSION + 1))


def test_a_version_1_file_is_migrated_with_its_data(db_path: Path) -> None:
    build_v1(db_path)
    with Store.open(db_path) as store:
        assert user_version(store.db.connection()) == SCHEMA_VERSION
        (row,) = store.entities.switcher_rows(SCOPE)
        assert row.metadata_text == "K1 Gorenjska"  # filled from the JSON by migration 2
        assert row.pending_edits == 1
        (edit,) = store.outbox.list(SCOPE)
        assert (edit.request_id, edit.payload, edit.base) == ("req-1", {"name": "Renamed"}, None)
        assert edit.updated_at == "2025-01-02T00:00:00.000Z"
        store.prefs.set(SCOPE, "last_client", entity_id(1))  # a table migration 2 added
        assert store.prefs.get(SCOPE, "last_client") == entity_id(1)


def test_a_failed_migration_leaves_the_file_at_its_version(db_path: Path) -> None:
    build_v1(db_path)

    def boom(conn: sqlite3.Connection) -> None:
        raise RuntimeError("bug in a migration")

    broken = (*MIGRATIONS[:1], Migration(2, "broken", ("CREATE TABLE half (x)", boom)))
    conn = sqlite3.connect(db_path, isolation_level=None)
    with pytest.raises(RuntimeError):
        migrate(conn, broken)
    assert user_version(conn) == 1
    assert conn.execute("SELECT count(*) FROM sqlite_schema WHERE name = 'half'").fetchone() == (0,)
    conn.close()


def test_migrating_twice_does_nothing(db_path: Path) -> None:
    build_v1(db_path)
    conn = sqlite3.connect(db_path, isolation_level=None)
    assert migrate(conn) == SCHEMA_VERSION - 1
    assert migrate(conn) == 0
    conn.close()


def test_a_file_from_a_newer_release_is_refused_and_left_alone(db_path: Path) -> None:
    Store.open(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(StoreTooNewError) as raised:
        Store.open(db_path)
    assert "newer version" in raised.value.message
    assert db_path.read_bytes() == before
    assert not list(db_path.parent.glob("*.damaged-*"))
