"""The cache's tables and the forward migrations that build them.

`PRAGMA user_version` holds the version a file is at. Each migration runs in its own
transaction together with the bump of `user_version`, so a file is always at exactly one
version: a crash during a migration leaves the previous version intact and it runs again on the
next start. Migrations only ever move forward; a file written by a newer release is refused
rather than guessed at (see `database.StoreTooNewError`).

Every table carries `scope_id` (see `scopes.py`): rows of different accounts or environments
live side by side and never meet, even when their ids are equal.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

Step = str | Callable[[sqlite3.Connection], None]


@dataclass(frozen=True)
class Migration:
    """Brings a file from `version - 1` to `version`."""

    version: int
    description: str
    steps: tuple[Step, ...]


def metadata_text(record: Mapping[str, Any]) -> str:
    """All metadata values of a record joined into one searchable string.

    The service's `search` matches metadata values; the switcher does the same locally.
    """
    metadata = record.get("metadata")
    if not isinstance(metadata, Mapping):
        return ""
    return " ".join(str(value) for value in metadata.values() if value is not None)


def _fill_metadata_text(conn: sqlite3.Connection) -> None:
    rows = conn.execute("SELECT rowid, json FROM entities").fetchall()
    updates = []
    for rowid, raw in rows:
        try:
            record = json.loads(raw)
        except ValueError:
            continue
        if isinstance(record, dict):
            updates.append((metadata_text(record), rowid))
    conn.executemany("UPDATE entities SET metadata_text = ? WHERE rowid = ?", updates)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "scopes, entities, business units, files and the outbox",
        (
            """CREATE TABLE scopes (
                id INTEGER PRIMARY KEY,
                account TEXT NOT NULL,
                environment TEXT NOT NULL,
                created_at TEXT NOT NULL,
                UNIQUE (account, environment)
            )""",
            """CREATE TABLE entities (
                scope_id INTEGER NOT NULL,
                id TEXT NOT NULL,
                name TEXT NOT NULL DEFAULT '',
                country TEXT,
                country_code TEXT,
                currency_code TEXT,
                tax_number TEXT,
                city TEXT,
                client_code TEXT,
                is_enabled INTEGER,
                updated_at TEXT,
                fetched_at TEXT NOT NULL,
                json TEXT NOT NULL,
                PRIMARY KEY (scope_id, id)
            )""",
            "CREATE INDEX entities_by_name ON entities (scope_id, name COLLATE NOCASE)",
            """CREATE TABLE business_units (
                scope_id INTEGER NOT NULL,
                id TEXT NOT NULL,
                entity_id TEXT NOT NULL,
                name TEXT NOT NULL DEFAULT '',
                numbering_index INTEGER,
                is_active INTEGER,
                deleted_at TEXT,
                updated_at TEXT,
                fetched_at TEXT NOT NULL,
                json TEXT NOT NULL,
                PRIMARY KEY (scope_id, id)
            )""",
            "CREATE INDEX business_units_by_entity ON business_units (scope_id, entity_id)",
            """CREATE TABLE files (
                scope_id INTEGER NOT NULL,
                id TEXT NOT NULL,
                content_type TEXT,
                data BLOB NOT NULL,
                fetched_at TEXT NOT NULL,
                PRIMARY KEY (scope_id, id)
            )""",
            """CREATE TABLE outbox (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                scope_id INTEGER NOT NULL,
                request_id TEXT NOT NULL UNIQUE,
                kind TEXT NOT NULL,
                entity_id TEXT,
                target_id TEXT NOT NULL,
                payload TEXT NOT NULL,
                base_updated_at TEXT,
                created_at TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                last_error TEXT,
                state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'conflict'))
            )""",
            "CREATE INDEX outbox_by_target ON outbox (scope_id, target_id)",
        ),
    ),
    Migration(
        2,
        "metadata search text, base values of queued edits, preferences, switcher indexes",
        (
            "ALTER TABLE entities ADD COLUMN metadata_text TEXT NOT NULL DEFAULT ''",
            _fill_metadata_text,
            "ALTER TABLE outbox ADD COLUMN base_json TEXT",
            "ALTER TABLE outbox ADD COLUMN updated_at TEXT",
            "UPDATE outbox SET updated_at = created_at",
            "CREATE INDEX outbox_by_entity ON outbox (scope_id, entity_id)",
            # Covering indexes: the switcher reads 100,000 clients without touching the JSON.
            "DROP INDEX entities_by_name",
            """CREATE INDEX entities_switcher ON entities (scope_id, name COLLATE NOCASE, id,
                country, country_code, currency_code, tax_number, city, client_code,
                metadata_text, is_enabled, updated_at, fetched_at)""",
            "DROP INDEX business_units_by_entity",
            """CREATE INDEX business_units_by_entity
                ON business_units (scope_id, entity_id, deleted_at, is_active)""",
            """CREATE TABLE prefs (
                scope_id INTEGER NOT NULL,
                key TEXT NOT NULL,
                value TEXT NOT NULL,
                PRIMARY KEY (scope_id, key)
            ) WITHOUT ROWID""",
        ),
    ),
    Migration(
        3,
        "the files queued logo edits upload",
        (
            # One row per queued `set_logo` edit (`seq`), written in the edit's transaction, so
            # the bytes survive a crash from the moment the edit is queued. `file_id` is the
            # service's id once the upload was answered; the row leaves with its edit.
            """CREATE TABLE outbox_files (
                seq INTEGER PRIMARY KEY,
                local_id TEXT NOT NULL,
                filename TEXT NOT NULL,
                content_type TEXT NOT NULL,
                category TEXT NOT NULL,
                data BLOB NOT NULL,
                file_id TEXT
            )""",
        ),
    ),
    Migration(
        4,
        "the bodies queued edits sent, to know the user's own values on the service",
        (
            # A JSON list of bodies: what this edit sent in attempts whose answer may have been
            # lost, and what earlier edits of the same record sent (handed on when they left
            # the queue). A value the service holds that is in one of them is the user's own,
            # never "theirs" in a conflict (see `sync.conflicts.three_way`).
            "ALTER TABLE outbox ADD COLUMN sent_json TEXT",
        ),
    ),
    Migration(
        5,
        "documents, customers, taxes and payments of each client, and how far each client's"
        " documents are refreshed",
        (
            # One row per invoice, estimate or credit note: the service's JSON and the columns
            # the Documents tab lists, filters and sorts by. Amounts are exact decimal text
            # (never REAL); `state` is the status without today's date (`core.documents.
            # base_status`): overdue and expired are read from `date_due` / `date_valid_till`.
            """CREATE TABLE documents (
                scope_id INTEGER NOT NULL,
                id TEXT NOT NULL,
                entity_id TEXT NOT NULL,
                type TEXT NOT NULL,
                number TEXT,
                date TEXT,
                date_due TEXT,
                date_valid_till TEXT,
                customer_id TEXT,
                customer_name TEXT,
                business_unit_id TEXT,
                currency_code TEXT,
                total_with_tax TEXT,
                total_paid TEXT,
                total_due TEXT,
                state TEXT NOT NULL,
                updated_at TEXT,
                fetched_at TEXT NOT NULL,
                json TEXT NOT NULL,
                PRIMARY KEY (scope_id, id)
            )""",
            # Covering: a client's list comes from the index alone, newest first, no JSON.
            """CREATE INDEX documents_by_date ON documents (scope_id, entity_id, date, id,
                type, number, date_due, date_valid_till, customer_id, customer_name,
                business_unit_id, currency_code, total_with_tax, total_paid, total_due,
                state, updated_at)""",
            """CREATE INDEX documents_by_number ON documents
                (scope_id, entity_id, number COLLATE NOCASE)""",
            """CREATE INDEX documents_by_status ON documents
                (scope_id, entity_id, state, date_due)""",
            """CREATE INDEX documents_by_update ON documents
                (scope_id, entity_id, updated_at)""",
            """CREATE TABLE customers (
                scope_id INTEGER NOT NULL,
                id TEXT NOT NULL,
                entity_id TEXT NOT NULL,
                name TEXT NOT NULL DEFAULT '',
                updated_at TEXT,
                fetched_at TEXT NOT NULL,
                json TEXT NOT NULL,
                PRIMARY KEY (scope_id, id)
            )""",
            """CREATE INDEX customers_by_entity
                ON customers (scope_id, entity_id, name COLLATE NOCASE)""",
            """CREATE TABLE taxes (
                scope_id INTEGER NOT NULL,
                id TEXT NOT NULL,
                entity_id TEXT NOT NULL,
                updated_at TEXT,
                fetched_at TEXT NOT NULL,
                json TEXT NOT NULL,
                PRIMARY KEY (scope_id, id)
            )""",
            "CREATE INDEX taxes_by_entity ON taxes (scope_id, entity_id)",
            """CREATE TABLE payments (
                scope_id INTEGER NOT NULL,
                id TEXT NOT NULL,
                entity_id TEXT NOT NULL,
                document_id TEXT NOT NULL,
                date TEXT,
                updated_at TEXT,
                fetched_at TEXT NOT NULL,
                json TEXT NOT NULL,
                PRIMARY KEY (scope_id, id)
            )""",
            "CREATE INDEX payments_by_document ON payments (scope_id, document_id, date)",
            "CREATE INDEX payments_by_entity ON payments (scope_id, entity_id)",
            # Per client: the oldest document date the cache holds every document from
            # (`window_start`), the newest `updated_at` seen (the next incremental read asks
            # from there, less an overlap), and when the last full and last any read ended.
            """CREATE TABLE document_sync (
                scope_id INTEGER NOT NULL,
                entity_id TEXT NOT NULL,
                window_start TEXT,
                high_water TEXT,
                full_at TEXT,
                checked_at TEXT,
                PRIMARY KEY (scope_id, entity_id)
            ) WITHOUT ROWID""",
        ),
    ),
    Migration(
        6,
        "the activity log and the bulk changes made from this workstation",
        (
            # One row per change (see `store.activity`): written with the outbox's own
            # transactions; `seq` is the queued edit whose outcome the row follows.
            """CREATE TABLE activity (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                scope_id INTEGER NOT NULL,
                at TEXT NOT NULL,
                kind TEXT NOT NULL,
                entity_id TEXT,
                record_kind TEXT NOT NULL,
                target_id TEXT NOT NULL,
                fields TEXT NOT NULL,
                before TEXT NOT NULL,
                after TEXT NOT NULL,
                outcome TEXT NOT NULL,
                reason TEXT,
                resolution TEXT,
                batch_id TEXT,
                seq INTEGER,
                updated_at TEXT NOT NULL
            )""",
            "CREATE INDEX activity_by_time ON activity (scope_id, at)",
            "CREATE INDEX activity_by_entity ON activity (scope_id, entity_id, at)",
            "CREATE INDEX activity_by_seq ON activity (seq)",
            "CREATE INDEX activity_by_batch ON activity (batch_id)",
            # A batch's per-client, per-field values before and after, for its undo.
            """CREATE TABLE batches (
                scope_id INTEGER NOT NULL,
                id TEXT NOT NULL,
                kind TEXT NOT NULL,
                standard TEXT NOT NULL,
                undoes TEXT,
                created_at TEXT NOT NULL,
                body TEXT NOT NULL,
                PRIMARY KEY (scope_id, id)
            )""",
        ),
    ),
    Migration(
        7,
        "the client list's order, as the app last sorted it",
        (
            # Each client's place in the app's own (locale) order of the client list, so
            # that the next start need not sort 100,000 names again (issue 23, B1). The
            # store keeps it true: a client renamed or deleted loses its place (the triggers
            # below); a new client has none. Places are written by `Entities.save_order`.
            """CREATE TABLE client_places (
                scope_id INTEGER NOT NULL,
                id TEXT NOT NULL,
                place INTEGER NOT NULL,
                PRIMARY KEY (scope_id, id)
            ) WITHOUT ROWID""",
            "CREATE INDEX client_places_in_order ON client_places (scope_id, place, id)",
            """CREATE TRIGGER client_renamed AFTER UPDATE OF name ON entities
                WHEN OLD.name IS NOT NEW.name BEGIN
                DELETE FROM client_places WHERE scope_id = OLD.scope_id AND id = OLD.id;
            END""",
            """CREATE TRIGGER client_deleted AFTER DELETE ON entities BEGIN
                DELETE FROM client_places WHERE scope_id = OLD.scope_id AND id = OLD.id;
            END""",
        ),
    ),
)

SCHEMA_VERSION = MIGRATIONS[-1].version


def user_version(conn: sqlite3.Connection) -> int:
    row = conn.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def migrate(conn: sqlite3.Connection, migrations: tuple[Migration, ...] = MIGRATIONS) -> int:
    """Apply every migration above the file's version, one transaction each.

    The connection must be in autocommit mode (`isolation_level=None`). Returns the number of
    migrations applied. The caller has already refused files newer than `SCHEMA_VERSION`.
    """
    applied = 0
    for migration in migrations:
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Read inside the write lock: another process may have migrated meanwhile.
            if user_version(conn) >= migration.version:
                conn.execute("ROLLBACK")
                continue
            for step in migration.steps:
                if isinstance(step, str):
                    conn.execute(step)
                else:
                    step(conn)
            conn.execute(f"PRAGMA user_version = {int(migration.version)}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        applied += 1
    return applied
