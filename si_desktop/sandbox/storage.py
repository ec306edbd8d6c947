"""SQLite storage: one JSON document per record, plus the indexed columns lists sort and
filter by.

Entities, business units and files are read and written here; customers, taxes, documents
and payments through `sandbox/records.py` (inside one `write()` transaction, so that a
document, its number and the taxes or customer it creates land together); the numbering
sequences through `sandbox/sequences.py`.

Entity rows hold only what lists read (so a search scans narrow rows); their documents live
in `entity_docs` and are fetched for the rows of a page only.

One connection serves every request, guarded by a lock: SQLite has one writer anyway, and a
single connection is the only way an in-memory database is shared. A file database runs in
WAL mode, so a crash mid-write loses at most the change being written.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

SCHEMA_VERSION = 3

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entities (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    environment TEXT NOT NULL,
    name TEXT NOT NULL,
    name_fold TEXT NOT NULL,
    country TEXT,
    country_code TEXT,
    currency_code TEXT,
    city TEXT,
    is_enabled INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    search TEXT NOT NULL,
    metadata TEXT NOT NULL,
    next_unit_index INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE IF NOT EXISTS entity_docs (id TEXT PRIMARY KEY, doc TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS entities_created ON entities (account_id, environment, created_at, id);
CREATE INDEX IF NOT EXISTS entities_updated ON entities (account_id, environment, updated_at, id);
CREATE INDEX IF NOT EXISTS entities_name ON entities (account_id, environment, name_fold, id);
CREATE INDEX IF NOT EXISTS entities_country ON entities (account_id, environment, country, id);
CREATE TABLE IF NOT EXISTS business_units (
    id TEXT PRIMARY KEY,
    entity_id TEXT NOT NULL,
    name TEXT NOT NULL,
    name_fold TEXT NOT NULL,
    numbering_index INTEGER NOT NULL,
    is_active INTEGER NOT NULL,
    deleted_at TEXT,
    city TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    search TEXT NOT NULL,
    doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS units_entity ON business_units (entity_id, numbering_index);
CREATE TABLE IF NOT EXISTS files (
    id TEXT PRIMARY KEY,
    entity_id TEXT NOT NULL,
    business_unit_id TEXT,
    category TEXT NOT NULL,
    name TEXT,
    mime_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    search TEXT NOT NULL,
    doc TEXT NOT NULL,
    data BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS files_entity ON files (entity_id, created_at, id);
CREATE TABLE IF NOT EXISTS customers (
    id TEXT PRIMARY KEY,
    entity_id TEXT NOT NULL,
    name TEXT NOT NULL,
    name_fold TEXT NOT NULL,
    email TEXT,
    tax_number TEXT,
    country_code TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    search TEXT NOT NULL,
    doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS customers_entity ON customers (entity_id, created_at, id);
CREATE TABLE IF NOT EXISTS taxes (
    id TEXT PRIMARY KEY,
    entity_id TEXT NOT NULL,
    name TEXT NOT NULL,
    name_fold TEXT NOT NULL,
    is_default INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    search TEXT NOT NULL,
    doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS taxes_entity ON taxes (entity_id, created_at, id);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    entity_id TEXT NOT NULL,
    type TEXT NOT NULL,
    number TEXT NOT NULL,
    date TEXT NOT NULL,
    date_due TEXT,
    date_valid_till TEXT,
    customer_id TEXT,
    business_unit_id TEXT,
    is_draft INTEGER NOT NULL,
    voided_at TEXT,
    paid_in_full INTEGER NOT NULL,
    total_with_tax REAL NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    search TEXT NOT NULL,
    doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_date ON documents (entity_id, type, date, id);
CREATE INDEX IF NOT EXISTS documents_updated ON documents (entity_id, type, updated_at, id);
CREATE INDEX IF NOT EXISTS documents_created ON documents (entity_id, type, created_at, id);
CREATE INDEX IF NOT EXISTS documents_customer ON documents (entity_id, customer_id);
CREATE TABLE IF NOT EXISTS payments (
    id TEXT PRIMARY KEY,
    entity_id TEXT NOT NULL,
    document_id TEXT NOT NULL,
    invoice_id TEXT,
    credit_note_id TEXT,
    type TEXT NOT NULL,
    amount REAL NOT NULL,
    date TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    search TEXT NOT NULL,
    doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS payments_entity ON payments (entity_id, created_at, id);
CREATE INDEX IF NOT EXISTS payments_document ON payments (document_id);
CREATE TABLE IF NOT EXISTS sequences (
    entity_id TEXT NOT NULL,
    doc_type TEXT NOT NULL,
    unit_id TEXT NOT NULL,
    period INTEGER NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (entity_id, doc_type, unit_id, period)
);
CREATE TABLE IF NOT EXISTS first_numbers (
    entity_id TEXT NOT NULL,
    doc_type TEXT NOT NULL,
    unit_id TEXT NOT NULL,
    value INTEGER NOT NULL,
    year INTEGER NOT NULL,
    PRIMARY KEY (entity_id, doc_type, unit_id)
);
CREATE TABLE IF NOT EXISTS messages (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    document_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_account ON messages (account_id, created_at, id);
CREATE TABLE IF NOT EXISTS replays (
    scope TEXT NOT NULL,
    request_id TEXT NOT NULL,
    path TEXT NOT NULL,
    status INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    body BLOB NOT NULL,
    stored_at REAL NOT NULL,
    PRIMARY KEY (scope, request_id)
);
"""

ENTITY_SEARCH_FIELDS: tuple[str, ...] = (
    "id",
    "name",
    "address",
    "address_2",
    "post_code",
    "city",
    "state",
    "country",
    "country_code",
    "currency_code",
    "tax_number",
    "tax_number_2",
    "company_number",
    "phone",
    "email",
    "website",
    "fiscal_region_code",
)
UNIT_SEARCH_FIELDS: tuple[str, ...] = (
    "id",
    "name",
    "address",
    "address_2",
    "post_code",
    "city",
    "state",
    "country",
    "country_code",
    "email",
    "phone",
    "website",
)
FILE_SEARCH_FIELDS: tuple[str, ...] = ("id", "name", "category", "mime_type")
REPLAY_SECONDS = 24 * 60 * 60


def fold(value: str | bytes | int | float | None) -> str | bytes | int | float | None:
    """Case-insensitive form of a text value (Unicode-aware, unlike SQLite's `lower`)."""
    return value.casefold() if isinstance(value, str) else value


def search_text(doc: Mapping[str, Any], fields: Iterable[str]) -> str:
    """What `search` looks through: the record's text fields and its metadata values."""
    parts = [doc[key] for key in fields if isinstance(doc.get(key), str)]
    metadata = doc.get("metadata")
    if isinstance(metadata, Mapping):
        parts += [value for value in metadata.values() if isinstance(value, str)]
    return "\x1f".join(parts).casefold()


def _dump(doc: Mapping[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"))


def entity_row(
    doc: Mapping[str, Any], account_id: str, next_unit_index: int = 1
) -> tuple[Any, ...]:
    return (
        doc["id"],
        account_id,
        doc["environment"],
        doc["name"],
        fold(doc["name"]),
        doc.get("country"),
        doc.get("country_code"),
        doc.get("currency_code"),
        doc.get("city"),
        1 if doc.get("is_enabled") else 0,
        doc["created_at"],
        doc["updated_at"],
        search_text(doc, ENTITY_SEARCH_FIELDS),
        _dump(doc.get("metadata") or {}),
        next_unit_index,
    )


def unit_row(doc: Mapping[str, Any]) -> tuple[Any, ...]:
    return (
        doc["id"],
        doc["entity_id"],
        doc["name"],
        fold(doc["name"]),
        doc["numbering_index"],
        1 if doc.get("is_active") else 0,
        doc.get("deleted_at"),
        doc.get("city"),
        doc["created_at"],
        doc["updated_at"],
        search_text(doc, UNIT_SEARCH_FIELDS),
        _dump(doc),
    )


_ENTITY_INSERT = "INSERT INTO entities VALUES (" + ",".join("?" * 15) + ")"
_ENTITY_DOC_INSERT = "INSERT INTO entity_docs VALUES (?, ?)"
_ENTITY_INDEXES = ("entities_created", "entities_updated", "entities_name", "entities_country")
_MIGRATE_1_TO_2 = """
ALTER TABLE entities RENAME TO entities_v1;
{schema}
INSERT INTO entities SELECT id, account_id, environment, name, name_fold, country, country_code,
    currency_code, city, is_enabled, created_at, updated_at, search,
    coalesce(json_extract(doc, '$.metadata'), '{{}}'), next_unit_index FROM entities_v1;
INSERT INTO entity_docs SELECT id, doc FROM entities_v1;
DROP TABLE entities_v1;
"""
_UNIT_INSERT = "INSERT INTO business_units VALUES (" + ",".join("?" * 12) + ")"


class Store:
    """The sandbox's database. Every method takes the lock; `write()` wraps a transaction."""

    def __init__(self, path: str | None = None) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(
            path or ":memory:", check_same_thread=False, isolation_level=None
        )
        self._conn.create_function("si_fold", 1, fold, deterministic=True)
        if path:
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.execute("PRAGMA cache_size=-65536")  # 64 MB: list scans stay in memory
        self._conn.execute("PRAGMA busy_timeout=5000")
        self._migrate()

    def _migrate(self) -> None:
        """Create the schema, or bring an older sandbox database up to date."""
        conn = self._conn
        has_meta = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'"
        ).fetchone()
        version = SCHEMA_VERSION
        if has_meta:
            row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            version = int(row[0]) if row else SCHEMA_VERSION
        if version == 1:
            script = "".join(f"DROP INDEX IF EXISTS {name};\n" for name in _ENTITY_INDEXES)
            script += _MIGRATE_1_TO_2.format(schema=_SCHEMA)
            conn.executescript("BEGIN;\n" + script + "COMMIT;")
        elif version > SCHEMA_VERSION:
            raise RuntimeError(
                f"this sandbox database is from a newer si-sandbox (schema {version})"
            )
        conn.executescript(_SCHEMA)
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)",
                     (str(SCHEMA_VERSION),))

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            yield self._conn

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One transaction: all of it lands, or none of it."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    # entities

    def insert_entities(
        self, docs: Iterable[Mapping[str, Any]], account_id: str,
        next_unit_indexes: Iterable[int] | None = None,
    ) -> None:
        docs = list(docs)
        indexes = list(next_unit_indexes) if next_unit_indexes is not None else [1] * len(docs)
        with self.write() as conn:
            conn.executemany(_ENTITY_INSERT, (
                entity_row(doc, account_id, index) for doc, index in zip(docs, indexes,
                                                                         strict=True)))
            conn.executemany(_ENTITY_DOC_INSERT, ((doc["id"], _dump(doc)) for doc in docs))

    def get_entity(self, entity_id: str) -> tuple[dict[str, Any], str] | None:
        """The entity document and its account id."""
        with self.read() as conn:
            row = conn.execute(
                "SELECT d.doc, e.account_id FROM entities e JOIN entity_docs d ON d.id = e.id "
                "WHERE e.id = ?", (entity_id,)
            ).fetchone()
        if row is None:
            return None
        return json.loads(row[0]), row[1]

    def save_entity(self, doc: Mapping[str, Any], account_id: str) -> None:
        """Replace an existing entity's document and indexed columns."""
        row = entity_row(doc, account_id)
        with self.write() as conn:
            conn.execute(
                "UPDATE entities SET name=?, name_fold=?, country=?, country_code=?, "
                "currency_code=?, city=?, is_enabled=?, updated_at=?, search=?, metadata=? "
                "WHERE id=?",
                (*row[3:10], *row[11:14], row[0]),
            )
            conn.execute("UPDATE entity_docs SET doc=? WHERE id=?", (_dump(doc), row[0]))

    def count_entities(self, account_id: str, environment: str | None = None) -> int:
        with self.read() as conn:
            sql = "SELECT count(*) FROM entities WHERE account_id=?"
            args = [account_id]
            if environment is not None:
                sql += " AND environment=?"
                args.append(environment)
            return int(conn.execute(sql, args).fetchone()[0])

    def only_entity(self, account_id: str, environment: str) -> str | None:
        """The id of the one entity the key can see, or `None` if it sees none or several."""
        with self.read() as conn:
            rows = conn.execute(
                "SELECT id FROM entities WHERE account_id=? AND environment=? LIMIT 2",
                (account_id, environment),
            ).fetchall()
        return str(rows[0][0]) if len(rows) == 1 else None

    # business units

    def insert_unit(self, doc_without_index: dict[str, Any]) -> dict[str, Any]:
        """Give the unit the entity's next `numbering_index` (never reused) and store it."""
        with self.write() as conn:
            (index,) = conn.execute(
                "SELECT next_unit_index FROM entities WHERE id=?", (doc_without_index["entity_id"],)
            ).fetchone()
            conn.execute(
                "UPDATE entities SET next_unit_index=? WHERE id=?",
                (index + 1, doc_without_index["entity_id"]),
            )
            doc = {**doc_without_index, "numbering_index": int(index)}
            ordered = _unit_order(doc)
            conn.execute(_UNIT_INSERT, unit_row(ordered))
        return ordered

    def insert_units(self, docs: Iterable[Mapping[str, Any]]) -> None:
        """Bulk insert of units that already carry their index (demo data); the caller has
        set each entity's `next_unit_index` past them."""
        with self.write() as conn:
            conn.executemany(_UNIT_INSERT, (unit_row(doc) for doc in docs))

    def get_unit(self, unit_id: str) -> dict[str, Any] | None:
        with self.read() as conn:
            row = conn.execute("SELECT doc FROM business_units WHERE id=?", (unit_id,)).fetchone()
        return None if row is None else dict(json.loads(row[0]))

    def save_unit(self, doc: Mapping[str, Any]) -> None:
        row = unit_row(doc)
        with self.write() as conn:
            conn.execute(
                "UPDATE business_units SET name=?, name_fold=?, numbering_index=?, is_active=?, "
                "deleted_at=?, city=?, created_at=?, updated_at=?, search=?, doc=? WHERE id=?",
                (*row[2:], row[0]),
            )

    # files

    def insert_file(self, doc: Mapping[str, Any], data: bytes) -> None:
        self.insert_files([(doc, data)])

    def insert_files(self, files: Sequence[tuple[Mapping[str, Any], bytes]]) -> None:
        """Store files (each its record and its bytes) in one transaction."""
        rows = [
            (
                doc["id"],
                doc["entity_id"],
                doc.get("business_unit_id"),
                doc["category"],
                doc.get("name"),
                doc["mime_type"],
                doc["size"],
                doc["created_at"],
                doc["updated_at"],
                search_text(doc, FILE_SEARCH_FIELDS),
                _dump(doc),
                data,
            )
            for doc, data in files
        ]
        with self.write() as conn:
            conn.executemany("INSERT INTO files VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)

    def get_file(self, file_id: str) -> dict[str, Any] | None:
        with self.read() as conn:
            row = conn.execute("SELECT doc FROM files WHERE id=?", (file_id,)).fetchone()
        return None if row is None else dict(json.loads(row[0]))

    def file_content(self, file_id: str) -> tuple[str, bytes] | None:
        with self.read() as conn:
            row = conn.execute(
                "SELECT mime_type, data FROM files WHERE id=?", (file_id,)
            ).fetchone()
        return None if row is None else (str(row[0]), bytes(row[1]))

    def newest_file(self, entity_id: str, category: str) -> tuple[str, bytes] | None:
        """The entity's own (not a unit's) newest file of the category: the logo or signature
        its documents carry when it has one."""
        with self.read() as conn:
            row = conn.execute(
                "SELECT mime_type, data FROM files WHERE entity_id=? AND category=? "
                "AND business_unit_id IS NULL ORDER BY created_at DESC, id DESC LIMIT 1",
                (entity_id, category),
            ).fetchone()
        return None if row is None else (str(row[0]), bytes(row[1]))

    def entity_file(self, entity_id: str, file_id: str) -> tuple[str, bytes] | None:
        """A file's type and bytes, if it is the entity's."""
        with self.read() as conn:
            row = conn.execute(
                "SELECT mime_type, data FROM files WHERE id=? AND entity_id=?",
                (file_id, entity_id),
            ).fetchone()
        return None if row is None else (str(row[0]), bytes(row[1]))

    # messages (POST /documents/{id}/send records them; nothing is delivered)

    def insert_message(self, doc: Mapping[str, Any], account_id: str) -> None:
        with self.write() as conn:
            conn.execute("INSERT INTO messages VALUES (?,?,?,?,?,?)",
                         (doc["id"], account_id, doc["entity_id"], doc["document_id"],
                          doc["created_at"], _dump(doc)))

    def messages(self, account_id: str, *, entity_id: str | None = None,
                 document_id: str | None = None) -> list[dict[str, Any]]:
        """The account's recorded messages, oldest first."""
        sql = "SELECT doc FROM messages WHERE account_id=?"
        args = [account_id]
        for column, value in (("entity_id", entity_id), ("document_id", document_id)):
            if value is not None:
                sql += f" AND {column}=?"
                args.append(value)
        with self.read() as conn:
            rows = conn.execute(sql + " ORDER BY created_at, id", args).fetchall()
        return [dict(json.loads(row[0])) for row in rows]

    # meta

    def get_meta(self, key: str) -> str | None:
        with self.read() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        with self.write() as conn:
            conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def units_of(self, entity_id: str) -> list[dict[str, Any]]:
        """Every business unit of the entity, archived ones too, by `numbering_index`."""
        with self.read() as conn:
            rows = conn.execute("SELECT doc FROM business_units WHERE entity_id=? "
                                "ORDER BY numbering_index", (entity_id,)).fetchall()
        return [dict(json.loads(row[0])) for row in rows]

    # replays (X-Request-Id)

    def get_replay(self, scope: str, request_id: str) -> tuple[str, int, str, bytes] | None:
        """The first response to a request id: path, status, content type, body."""
        with self.read() as conn:
            row = conn.execute(
                "SELECT path, status, content_type, body, stored_at FROM replays "
                "WHERE scope=? AND request_id=?",
                (scope, request_id),
            ).fetchone()
        if row is None or row[4] < time.time() - REPLAY_SECONDS:
            return None
        return str(row[0]), int(row[1]), str(row[2]), bytes(row[3])

    def put_replay(
        self, scope: str, request_id: str, path: str, status: int, content_type: str, body: bytes
    ) -> None:
        now = time.time()
        with self.write() as conn:
            conn.execute("DELETE FROM replays WHERE stored_at < ?", (now - REPLAY_SECONDS,))
            conn.execute(
                "INSERT OR REPLACE INTO replays VALUES (?,?,?,?,?,?,?)",
                (scope, request_id, path, status, content_type, body, now),
            )


UNIT_FIELD_ORDER: tuple[str, ...] = (
    "id",
    "entity_id",
    "name",
    "address",
    "address_2",
    "post_code",
    "city",
    "state",
    "country",
    "country_code",
    "email",
    "phone",
    "website",
    "settings",
    "numbering_index",
    "logo_file_id",
    "signature_file_id",
    "is_active",
    "created_at",
    "updated_at",
    "deleted_at",
)


def _unit_order(doc: Mapping[str, Any]) -> dict[str, Any]:
    """The unit's keys in the order of the reference's example."""
    ordered = {key: doc.get(key) for key in UNIT_FIELD_ORDER}
    ordered.update({key: value for key, value in doc.items() if key not in ordered})
    return ordered
