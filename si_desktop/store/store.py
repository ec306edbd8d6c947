"""`Store`: the cache file and its parts, opened once at start-up and passed down.

    store = Store.open(data_dir / DEFAULT_FILENAME)
    if store.damage:                      # a damaged file was moved aside: tell the user
        show(store.damage.message)
    scope = Scope.for_api_key(key, base_url=url)
    store.entities.upsert(scope, page["data"])
    rows = store.entities.switcher_rows(scope)
    edit = store.outbox.enqueue(scope, EditKind.UPDATE_ENTITY, entity_id, {"name": "New"},
                                base_updated_at=cached["updated_at"], base_record=cached)
    edit = store.outbox.note_attempt(edit.seq)  # just before sending edit.request_id
    store.confirm(edit, answer)                 # dequeue and cache the answer, atomically

Each namespace method is one transaction. See `database.py` for threads and durability.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

from si_desktop.store.activity import Batches
from si_desktop.store.database import (
    DEFAULT_FILENAME,
    MEMORY,
    CheckPolicy,
    DamageReport,
    Database,
)
from si_desktop.store.documents import (
    Customers,
    Documents,
    DocumentSync,
    Payments,
    Taxes,
)
from si_desktop.store.locks import turn
from si_desktop.store.outbox import CREATE_KINDS, EditKind, Outbox, OutboxError, QueuedEdit
from si_desktop.store.prefs import Preferences
from si_desktop.store.records import Entities, Files, Units
from si_desktop.store.scopes import Scope, Scopes
from si_desktop.store.unreadable import UnreadableRows

SENDING_LOCK_SUFFIX = ".sending.lock"


class Store:
    """The local cache and outbox."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.scopes = Scopes(db)
        self.entities = Entities(db)
        self.units = Units(db)
        self.files = Files(db)
        # Rows that could not be read, of every table: skipped, logged, counted (one count).
        self.unreadable = db.unreadable
        self.documents = Documents(db, self.unreadable)
        self.customers = Customers(db, self.unreadable)
        self.taxes = Taxes(db, self.unreadable)
        self.payments = Payments(db, self.unreadable)
        self.document_sync = DocumentSync(db)
        self.outbox = Outbox(db)
        self.activity = self.outbox.activity  # written by the outbox; `record` for access
        self.batches = Batches(db)
        self.prefs = Preferences(db)

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, quick_check: CheckPolicy = True) -> Store:
        """Open (creating, migrating or, if damaged, rebuilding) the cache file. The whole
        file is checked at open only when needed (`quick_check`: see `store.database`);
        otherwise `check_in_background` checks it while the app runs.

        Raises `StoreError` when the file cannot be used at all (locked, no permission, from a
        newer release, damaged while another process has it open); a damaged file never
        raises otherwise, see `damage`.
        """
        return cls(Database(path, quick_check=quick_check))

    @classmethod
    def in_memory(cls) -> Store:
        """A cache that lives in memory until it is closed: the app's fallback when the file
        cannot be used, so that the one workspace still reads a cache and queues edits."""
        return cls(Database(MEMORY, quick_check=False))

    @property
    def temporary(self) -> bool:
        """Whether this cache lives in memory only (gone when the app quits)."""
        return self.db.in_memory

    @classmethod
    def open_in(
        cls, data_dir: str | os.PathLike[str], *, quick_check: CheckPolicy = True
    ) -> Store:
        return cls.open(Path(data_dir) / DEFAULT_FILENAME, quick_check=quick_check)

    @property
    def path(self) -> Path:
        return self.db.path

    @property
    def damage(self) -> DamageReport | None:
        """Set when the file was found damaged at open and rebuilt, or by an earlier open
        whose report no sync or window has told yet (`earlier`, see
        `acknowledge_damage`)."""
        return self.db.damage

    def acknowledge_damage(self) -> None:
        """`damage` has been told to the user (a sync, the window): later opens stop
        reporting it."""
        self.db.acknowledge_damage()

    @property
    def unreadable_rows(self) -> UnreadableRows:
        """The rows found unreadable so far (skipped by every read, logged once):
        `count("entities")`, `summary()` ("1 cached client could not be read; …")."""
        return self.db.unreadable

    def check_in_background(self, on_damage: Callable[[str], None] | None = None) -> bool:
        """Check the whole file on a thread of its own, unless it was checked at open;
        `on_damage(message)` hears of damage (on that thread). See
        `Database.check_in_background`."""
        return self.db.check_in_background(on_damage)

    @property
    def late_damage(self) -> str | None:
        """What the check in the background found wrong with the file, if anything."""
        return self.db.late_damage

    @property
    def sending_lock_path(self) -> Path:
        """The file whose lock is the turn at sending this cache's outbox."""
        return self.path.with_name(self.path.name + SENDING_LOCK_SUFFIX)

    @contextlib.contextmanager
    def sending(self) -> Iterator[bool]:
        """The turn at sending the outbox: yields True while this process has it, False
        when another process on the same file is sending (then send nothing now: the edits
        stay queued, and that process is sending them). Never waits; see `store.locks`."""
        if self.temporary:  # a cache in memory is this process's alone
            yield True
            return
        with turn(self.sending_lock_path) as mine:
            yield mine

    def confirm(self, edit: QueuedEdit, record: Mapping[str, Any] | None = None) -> None:
        """The service accepted `edit` and answered with `record`. In one transaction: the edit
        leaves the queue, the answer replaces the cached record (a deleted draft or payment
        leaves the cache), and a record created offline trades its local id for the
        service's (in later queued edits, the bodies that name it, and its units).

        One transaction, so that a crash cannot leave a created record known under its new id
        while later edits still point at the local one.
        """
        with self.db.write():
            if not self.outbox.mark_sent(edit.seq):
                raise OutboxError(f"queued edit {edit.seq} is no longer in the queue")
            if edit.kind is EditKind.DELETE_DOCUMENT:
                self.documents.delete(edit.scope, edit.target_id)
                return
            if edit.kind is EditKind.DELETE_PAYMENT:
                self.payments.delete(edit.scope, edit.target_id)
                return
            if record is None:
                return
            created = record.get("id")
            if not isinstance(created, str) or not created:
                raise OutboxError("the service's answer has no id")
            renamed = edit.kind in CREATE_KINDS and created != edit.target_id
            if renamed:
                self.outbox.remap_id(edit.scope, edit.target_id, created)
            kind = edit.record_kind
            if kind == "entity":
                if renamed:
                    self.entities.adopt_id(edit.scope, edit.target_id, created)
                self.entities.upsert(edit.scope, [record])
            elif kind == "unit":
                if renamed:
                    self.units.delete(edit.scope, edit.target_id)
                self.units.upsert(edit.scope, [record], entity_id=edit.entity_id)
            elif kind == "document":  # a draft written offline was never cached: no placeholder
                self.documents.upsert(edit.scope, [record], entity_id=edit.entity_id)
            elif kind == "payment":
                self.payments.upsert(edit.scope, [record], entity_id=edit.entity_id)
            else:
                self.customers.upsert(edit.scope, [record], entity_id=edit.entity_id)

    def note_upload(self, edit: QueuedEdit, file_id: str) -> QueuedEdit:
        """The service took a queued logo's file as `file_id`. In one transaction: the edit
        keeps the id (its upload is never made again) and the bytes are cached under it, so
        the logo shows from the cache without being downloaded again."""
        with self.db.write():
            queued = self.outbox.file(edit.seq)
            if queued is None:
                raise OutboxError(f"queued edit {edit.seq} uploads no file")
            noted = self.outbox.note_upload(edit.seq, file_id)
            self.files.put(edit.scope, file_id, queued.data, content_type=queued.content_type)
            return noted

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class StoreOpener:
    """Opens the cache file on a thread of its own from the moment it is made, so that the
    open (with, when needed, the check of the whole file, `PRAGMA quick_check`, which
    releases the interpreter) runs while the window's modules are imported; calling it
    waits for the open and returns the store, or raises what `Store.open` raised
    (`StoreError`).

    Nothing is shown before the call returns, so a damaged file is still moved aside (and
    its queued edits salvaged) before any of its data is read. With `read_ahead`, the thread
    then reads that scope's client list (`Entities.read_ahead`). It closes its own connection
    when done: each thread that reads the store opens its own.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        quick_check: CheckPolicy = True,
        read_ahead: Scope | None = None,
    ) -> None:
        self.path = Path(path)
        self._store: Store | None = None
        self._error: BaseException | None = None
        self._taken = False
        self._thread = threading.Thread(
            target=self._open, args=(quick_check, read_ahead), name="si-desktop-store-open",
            daemon=True,
        )
        self._thread.start()

    def _open(self, quick_check: CheckPolicy, read_ahead: Scope | None) -> None:
        try:
            store = Store.open(self.path, quick_check=quick_check)
        except BaseException as error:  # handed to the caller of `__call__`
            self._error = error
            return
        if read_ahead is not None:  # the client list the window opens on
            with contextlib.suppress(sqlite3.Error):  # then the window reads it itself
                store.entities.read_ahead(read_ahead)
        store.db.close_thread_connection()
        self._store = store

    def __call__(self) -> Store:
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._store is not None
        self._taken = True
        return self._store

    def close(self) -> None:
        """Close the store if nobody took it (its taker closes it otherwise)."""
        self._thread.join()
        if self._store is not None and not self._taken:
            self._store.close()
