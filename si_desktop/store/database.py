"""Opening the cache file: private permissions, WAL, migrations, connections, and damage.

Durability. The file runs in WAL mode with `synchronous=FULL`: every commit is on disk before
the call returns, so an edit the outbox accepted survives a crash of the app *and* a power cut.
(`NORMAL` would survive only the former.) Every public write is one transaction.

Threads. One connection per thread: the first call on a thread opens that thread's connection,
and only that thread uses it. WAL lets a reader on the GUI thread run while the worker thread
writes; two writers queue on SQLite's own lock (`BEGIN IMMEDIATE`, busy timeout of 10 s), so no
Python lock is held around I/O. Calls are synchronous: from the asyncio worker a small call
(one record, one queued edit, a page of 100) takes milliseconds and may run on the loop; a big
one (thousands of rows) belongs in `asyncio.to_thread`, which simply gets its own connection.
Connections are opened with `check_same_thread=False` only so that `close()` can close them all
from the thread that shuts the app down. Closing a connection while another thread is inside a
statement on it would crash the process (SQLite frees what the statement is using), and a
refresh may still be writing on a worker thread when the window closes; so `close()` first
refuses new transactions (`StoreClosedError`), then waits for those under way to end (at most
`CLOSE_WAIT_SECONDS`) and never closes a connection still inside one. A thread's connection
lives until `close()`, so use long-lived threads.

Processes. Several processes may open one file (the window and a scheduled `si-desktop sync`):
SQLite's own file locks keep them apart. For that to hold, nothing in this process opens the
database file outside SQLite once SQLite has it open: on POSIX, closing any descriptor of a
file drops every lock the process holds on it. A new file is made 0600 beside the path before
SQLite first opens it (see `_create_fresh`), and the modes of -wal/-shm are set by path.

Checking the whole file. `PRAGMA quick_check` reads all of it (0.9 s at 100,000 clients), so
an open runs it only when there is a reason: the file was not closed cleanly (a crash, a kill
or a power cut left a session marker nobody holds, see `sessions.py`), a check in the
background failed earlier (a note beside the file), or an older release's file is about to be
migrated. Otherwise the app calls `check_in_background()` once it is up; damage found there
is reported (`late_damage`, a listener, the log) but the file stays in use under the running
app, and the note makes the next open check it and set it aside. `quick_check=False` never
checks (a look from the side), `quick_check="always"` checks at every open.

Damage. A file that SQLite says is not a database or is malformed, or that fails
`PRAGMA quick_check`, is moved aside as `<name>.damaged-<UTC timestamp>` (with its -wal/-shm),
and a fresh file is created in its place. Queued edits that can still be read from the damaged
file are written next to it as `<name>.damaged-<timestamp>.outbox.json` (a queued logo's bytes
in base64) and queued again in the fresh file; `Database.damage` carries a `DamageReport` the
UI shows (its `where` gives the full paths). The report is also kept beside the file until a
sync or the window has told it (`acknowledge_damage`), so that a damage found by
`si-desktop clients` is still told by the next `si-desktop sync`. An empty main file (with
no write-ahead log holding pages) is damage too: a new cache is made complete beside the path
and linked into place, so the path never shows an empty file of a cache being born, and an
empty file there once held something. Other failures (locked, permission denied, a file
from a newer release) raise `StoreError`; they never move the file. Nor does damage while
another process has the file open (its session marker is held): that raises `StoreError`
too, and the file is set aside by the first open that finds itself alone.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import logging
import os
import secrets
import sqlite3
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, TypeAlias

from si_desktop.datadir import ensure_private_dir
from si_desktop.store.schema import SCHEMA_VERSION, migrate, user_version
from si_desktop.store.scopes import Scope
from si_desktop.store.sessions import Others, Session
from si_desktop.store.unreadable import UnreadableRows

log = logging.getLogger("si_desktop.store")

CheckPolicy: TypeAlias = bool | Literal["always"]
"""When `Database` checks the whole file: True, when needed (see the module docstring);
"always", at every open; False, never (a look from the side)."""
CHECK_NOTE_SUFFIX = ".check-failed"
DAMAGE_NOTICE_SUFFIX = ".damage-notice.json"
EMPTY_FILE = "the cache file was empty"


class _EmptyFile(Exception):
    """The cache file is there but empty: damage (it held something once)."""

DEFAULT_FILENAME = "cache.sqlite3"
BUSY_TIMEOUT_SECONDS = 10.0
# how long `close()` waits for other threads' transactions (a refresh's big write) to end
CLOSE_WAIT_SECONDS = 30.0
_SIDE_FILES = ("-wal", "-shm", "-journal")
_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26


def utc_now() -> str:
    """Now as the service writes times: ISO 8601, UTC, milliseconds, `Z`."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class StoreError(Exception):
    """The cache cannot be used. `message` is one plain sentence for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class StoreTooNewError(StoreError):
    """The file was written by a newer release; it is left untouched."""


class StoreClosedError(StoreError):
    """The store was used after `close()`."""


@dataclass(frozen=True)
class DamageReport:
    """What happened when a damaged file was found at open. `earlier`: found by an earlier
    open and not yet told by a sync or the window (read back from the notice beside the
    file, without the edits themselves)."""

    damaged_path: Path
    reason: str
    export_path: Path | None = None
    edits_found: int = 0
    edits_requeued: int = 0
    outbox_readable: bool = True
    edits: tuple[dict[str, Any], ...] = field(default=(), repr=False)
    found_at: str | None = None
    earlier: bool = False

    @property
    def message(self) -> str:
        why = f" ({self.reason})" if len(self.reason) <= 80 else ""
        when = f" on {self.found_at}" if self.earlier and self.found_at else ""
        text = (
            f"The local cache was found damaged{why}{when} and has been moved aside to "
            f"{self.damaged_path.name}; a fresh cache was created and will be filled from "
            f"the service again."
        )
        if not self.outbox_readable and not self.edits_found:
            text += (
                " Edits waiting to be sent, if there were any, could not be read back; what"
                f" could be learned is in {_name(self.export_path)}."
            )
        elif not self.outbox_readable:
            text += (
                f" Some edits waiting to be sent could not be read back; the {self.edits_found}"
                f" that could were saved to {_name(self.export_path)}, and"
                f" {self.edits_requeued} of them will still be sent."
            )
        elif self.edits_found:
            text += (
                f" {self.edits_requeued} of {self.edits_found} edits waiting to be sent were"
                f" recovered and will still be sent; a copy is in {_name(self.export_path)}."
            )
        return text

    @property
    def where(self) -> str:
        """Where the files are, in full: "Damaged file: …; queued edits: …"."""
        text = f"Damaged file: {self.damaged_path}"
        if self.export_path is not None:
            text += f"; queued edits found in it: {self.export_path}"
        return text + "."

    def as_notice(self) -> dict[str, Any]:
        return {
            "damaged_file": self.damaged_path.name, "reason": self.reason,
            "export_file": None if self.export_path is None else self.export_path.name,
            "edits_found": self.edits_found, "edits_requeued": self.edits_requeued,
            "outbox_readable": self.outbox_readable, "found_at": self.found_at,
        }

    @classmethod
    def from_notice(cls, text: str, folder: Path) -> DamageReport | None:
        """The report an earlier open kept beside the file (None if it cannot be read)."""
        try:
            data = json.loads(text)
            export = data.get("export_file")
            return cls(
                folder / Path(str(data["damaged_file"])).name, str(data["reason"]),
                None if export is None else folder / Path(str(export)).name,
                int(data["edits_found"]), int(data["edits_requeued"]),
                bool(data["outbox_readable"]), found_at=data.get("found_at"), earlier=True,
            )
        except (ValueError, TypeError, KeyError, AttributeError):
            return None


def _name(path: Path | None) -> str:
    return path.name if path is not None else "(nowhere)"


def _is_damage(exc: sqlite3.DatabaseError) -> bool:
    if isinstance(exc, sqlite3.OperationalError):
        return False  # locked, busy, I/O, permissions: not the file's fault
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    text = str(exc).lower()
    return "not a database" in text or "malformed" in text


def _in_transaction(conn: sqlite3.Connection) -> bool:
    # A function, not the attribute inline: SQLite may end a transaction by itself on some
    # errors, which a type checker narrowing `conn.in_transaction` cannot know.
    return conn.in_transaction


def _create_fresh(path: Path) -> bool:
    """Make a new cache file at `path` unless there is one; True when this call made it.

    The file is made complete beside the path (0600 before SQLite first opens it: SQLite
    gives -wal/-shm the database's mode; in WAL mode, with every table) and then linked into
    place, which fails if another process made one first. So the path never shows an empty
    file: an empty file there is damage (see `_is_empty`), never a cache being born. And once
    SQLite has the file open this process never opens and closes it outside SQLite: on POSIX
    closing *any* descriptor of a file drops every lock the process holds on it, and with
    its locks gone another process writes into pages this one is still using.
    """
    if os.path.lexists(path):
        return False
    temp = path.with_name(f"{path.name}.new-{secrets.token_hex(8)}")
    os.close(os.open(temp, os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o600))
    try:
        conn = sqlite3.connect(temp, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            migrate(conn)
        finally:
            conn.close()  # the last connection: its WAL is written back and removed
        try:
            os.link(temp, path)
        except FileExistsError:
            return False  # another process made it first: that one is the cache
        except OSError:  # a file system without hard links
            if os.path.lexists(path):
                return False
            os.rename(temp, path)
        return True
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def _is_empty(path: Path) -> bool:
    """An empty main file with no write-ahead log holding pages: nothing SQLite can read.
    (A file with pages only in its -wal is sound: SQLite reads them from there.)"""
    try:
        if path.stat().st_size:
            return False
    except FileNotFoundError:
        return False
    wal = Path(f"{path}-wal")
    return not wal.exists() or wal.stat().st_size == 0


def _make_private(path: Path) -> None:
    """Make the file and its -wal/-shm readable by the user only, by their path (a chmod
    opens nothing)."""
    if os.name != "posix":
        return
    for candidate in (path, *(Path(f"{path}{suffix}") for suffix in _SIDE_FILES)):
        with contextlib.suppress(FileNotFoundError):
            if candidate.stat().st_mode & 0o077:
                candidate.chmod(0o600)


def _write_private_text(path: Path, text: str) -> None:
    fd = os.open(path, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)


def late_damage_message(reason: str) -> str:
    """What to tell the user when the check in the background found the file damaged."""
    return (
        f"The local cache failed its integrity check ({reason}). si-desktop keeps using it "
        "for now; quit and start si-desktop again (with no other si-desktop open on this "
        "data folder) to set it aside and rebuild it from the service: edits waiting to be "
        "sent are recovered then."
    )


def _write_private_json(path: Path, data: object) -> None:
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=2)
        handle.flush()
        os.fsync(handle.fileno())


MEMORY = ":memory:"
"""The path of a cache that lives in memory only (`Database(MEMORY)`)."""


class Database:
    """One cache file, its per-thread connections and its transactions.

    `Database(MEMORY)` keeps the cache in memory: the app's fallback when the file cannot be
    used. SQLite gives each connection to `:memory:` a database of its own, so that mode has
    one connection for every thread, and a lock that lets one transaction run at a time.
    """

    def __init__(
        self, path: str | os.PathLike[str], *, quick_check: CheckPolicy = True
    ) -> None:
        self.path = Path(path)
        self.in_memory = str(path) == MEMORY
        self.damage: DamageReport | None = None
        self.checked_at_open: str | None = None  # why the whole file was checked at open
        self.late_damage: str | None = None  # what the check in the background found
        self._policy = quick_check
        self._local = threading.local()
        self._lock = threading.Lock()
        self._serial = threading.RLock() if self.in_memory else None
        self._shared: sqlite3.Connection | None = None
        self._connections: list[sqlite3.Connection] = []
        self._closed = False
        self._session: Session | None = None
        self._checker: threading.Thread | None = None
        self._checking: sqlite3.Connection | None = None
        self._closing = False
        # transactions under way, by connection; `close()` waits for them to end
        self._in_use: dict[sqlite3.Connection, int] = {}
        self._idle = threading.Condition(self._lock)
        self._refusing = False  # `close()` has begun: no new transaction starts
        self._damage_listeners: list[Callable[[str], None]] = []
        self.unreadable = UnreadableRows()  # rows whose values cannot be read back
        # counts the starts and the ends of write transactions: a read made on one thread
        # is still current for another while the count is the same (`Entities.read_ahead`)
        self.writes = 0
        try:
            created = False
            if not self.in_memory:
                ensure_private_dir(self.path.parent)
                created = _create_fresh(self.path)
                _make_private(self.path)
                self._session = Session(self.path)
            self._open(quick_check, created)
        except (OSError, sqlite3.Error) as exc:
            self.close()
            raise StoreError(f"The local cache at {self.path} cannot be opened: {exc}") from exc
        except BaseException:
            self.close()
            raise

    # -- opening ---------------------------------------------------------------------------

    def _open(self, policy: CheckPolicy, created: bool) -> None:
        others = self._session.look() if self._session is not None else Others(0, ())
        try:
            self._open_file(policy, others, created)
        finally:  # an unclean stop is dealt with once the file has been checked
            others.release(remove=self.checked_at_open is not None)

    def _open_file(self, policy: CheckPolicy, others: Others, created: bool) -> None:
        problem: str | None = None
        try:
            if not self.in_memory and not created and _is_empty(self.path):
                raise _EmptyFile(EMPTY_FILE)  # whatever it held is gone: never a fresh cache
            conn = self.connection()
            self._check(conn, quick_check=False)
            self.checked_at_open = self._reason_to_check(policy, others, user_version(conn))
            if self.checked_at_open is not None:
                problem = self._check(conn, quick_check=True)
        except _EmptyFile as exc:
            problem = str(exc)
            self.checked_at_open = "empty"
        except sqlite3.DatabaseError as exc:
            if not _is_damage(exc):
                raise
            problem = str(exc)
            self.checked_at_open = self.checked_at_open or "unreadable"
        salvaged: list[dict[str, Any]] = []
        if problem is not None:
            if others.live:  # never pull the file from under another process
                raise StoreError(
                    f"The local cache at {self.path} is damaged ({problem}), and another "
                    "si-desktop is using it; it will be set aside and rebuilt when si-desktop "
                    "next starts with no other si-desktop open on this data folder."
                )
            self._close_connections(for_good=False)
            self.damage, salvaged = self._move_aside(problem)
            log.error("%s %s", self.damage.message, self.damage.where)
            _create_fresh(self.path)
            self._check(self.connection(), quick_check=False)
        else:
            self.damage = self._unacknowledged_damage()
        if self.checked_at_open is not None:
            with contextlib.suppress(FileNotFoundError):
                self.check_note.unlink()
        conn = self.connection()
        version = user_version(conn)
        if version > SCHEMA_VERSION:
            raise StoreTooNewError(
                f"The local cache at {self.path} was written by a newer version of si-desktop "
                f"(schema {version}, this version knows {SCHEMA_VERSION}); it was left as it is."
            )
        migrate(conn)
        if self.damage is not None and salvaged:
            self.damage = replace(self.damage, edits_requeued=self._requeue(salvaged))
        if self.damage is not None and not self.damage.earlier:
            self._keep_notice(self.damage)

    def _reason_to_check(self, policy: CheckPolicy, others: Others, version: int) -> str | None:
        """Why the whole file must be checked before it is used, or None: it is checked in
        the background instead (`check_in_background`), or never (`quick_check=False`)."""
        if policy is False or self.in_memory:
            return None
        if policy == "always":
            return "asked"
        if others.stale:
            return "unclean stop"  # a crash, a kill, a power cut while it was open
        if self.check_note.exists():
            return "failed check"  # found by a check in the background, earlier
        if 0 < version < SCHEMA_VERSION:
            return "schema change"  # an older release's file, about to be migrated
        return None

    @property
    def check_note(self) -> Path:
        """Written when a check in the background failed: the next open checks at once."""
        return self.path.with_name(self.path.name + CHECK_NOTE_SUFFIX)

    def _check(self, conn: sqlite3.Connection, quick_check: bool) -> str | None:
        """None when the file is sound; else what is wrong with it."""
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":  # e.g. a file system without shared memory
            conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()
        if not quick_check:
            return None
        rows = [str(row[0]) for row in conn.execute("PRAGMA quick_check(5)")]
        return None if rows == ["ok"] else "; ".join(rows)

    # -- the check in the background -------------------------------------------------------

    def check_in_background(self, on_damage: Callable[[str], None] | None = None) -> bool:
        """Check the whole file (`PRAGMA quick_check`) on a thread of its own, when it was
        not checked at open. A file that fails is not moved from under the running app:
        `late_damage` says what is wrong, `on_damage(message)` is called (on that thread),
        the log says it, and a note beside the file makes the next open check it first and
        set it aside (its queued edits salvaged). Returns whether a check was started."""
        if on_damage is not None:
            self.on_late_damage(on_damage)
        if (
            self.in_memory or self._closed or self._policy is False
            or self.checked_at_open is not None or self._checker is not None
        ):
            return False
        self._checker = threading.Thread(
            target=self._check_quietly, name="si-desktop-store-check", daemon=True
        )
        self._checker.start()
        return True

    def on_late_damage(self, listener: Callable[[str], None]) -> None:
        """Call `listener(message)` when the check in the background finds damage (at once
        if it has)."""
        with self._lock:
            self._damage_listeners.append(listener)
            found = self.late_damage
        if found is not None:
            listener(late_damage_message(found))

    def wait_for_check(self, timeout: float | None = None) -> None:
        """Wait for the check in the background, if one runs (tests, and `close`)."""
        if self._checker is not None:
            self._checker.join(timeout)

    def _check_quietly(self) -> None:
        problem: str | None = None
        try:
            conn = self.connection()
            with self._lock:
                if self._closing:
                    return
                self._checking = conn
            problem = self._check(conn, quick_check=True)
        except StoreError:
            return  # closed meanwhile
        except sqlite3.DatabaseError as exc:
            if not _is_damage(exc):  # interrupted by `close`, or busy: no verdict
                log.info("the check of the local cache did not finish: %s", exc)
                return
            problem = str(exc)
        finally:
            with self._lock:
                self._checking = None
            if not self._closing:
                self.close_thread_connection()
        if problem is not None:
            self._found_late(problem)

    def _found_late(self, problem: str) -> None:
        log.error("the local cache at %s failed its integrity check: %s", self.path, problem)
        with contextlib.suppress(OSError):
            _write_private_text(self.check_note, f"{utc_now()} {problem}\n")
        with self._lock:
            self.late_damage = problem
            listeners = list(self._damage_listeners)
        message = late_damage_message(problem)
        for listener in listeners:
            try:
                listener(message)
            except Exception:  # a listener's failure must not hide the damage from others
                log.exception("a listener for the cache's damage failed")

    def _stop_check(self) -> None:
        checker = self._checker
        if checker is None or checker is threading.current_thread():
            return
        with self._lock:
            self._closing = True
        while checker.is_alive():
            with self._lock:
                conn = self._checking
            if conn is not None:
                conn.interrupt()  # (the one call SQLite allows from another thread)
            checker.join(0.05)

    def _move_aside(self, reason: str) -> tuple[DamageReport, list[dict[str, Any]]]:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        aside = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
        counter = 1
        while aside.exists():
            counter += 1
            aside = self.path.with_name(f"{self.path.name}.damaged-{stamp}-{counter}")
        os.replace(self.path, aside)
        for suffix in _SIDE_FILES:
            side = Path(f"{self.path}{suffix}")
            if side.exists():
                os.replace(side, Path(f"{aside}{suffix}"))
        edits: list[dict[str, Any]]
        error: str | None
        if reason == EMPTY_FILE:
            edits, readable, error = [], False, EMPTY_FILE
        else:
            edits, readable, error = _salvage_outbox(aside)
        export: Path | None = None
        if edits or not readable:
            export = aside.with_name(f"{aside.name}.outbox.json")
            _write_private_json(
                export,
                {
                    "database": aside.name,
                    "reason": reason,
                    "moved_aside_at": utc_now(),
                    "outbox_readable": readable,
                    "read_error": error,
                    "edits": edits,
                },
            )
        report = DamageReport(aside, reason, export, len(edits), 0, readable, tuple(edits),
                              found_at=utc_now())
        return report, edits

    # -- telling the user, until someone has -------------------------------------------------

    @property
    def damage_notice(self) -> Path:
        """What the last damage was, kept until a sync or the window has said it."""
        return self.path.with_name(self.path.name + DAMAGE_NOTICE_SUFFIX)

    def _keep_notice(self, report: DamageReport) -> None:
        with contextlib.suppress(OSError, FileNotFoundError):
            self.damage_notice.unlink()
        _write_private_json(self.damage_notice, report.as_notice())

    def _unacknowledged_damage(self) -> DamageReport | None:
        if self.in_memory:
            return None
        try:
            text = self.damage_notice.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except OSError as exc:
            log.warning("the note of an earlier damage cannot be read: %s", exc)
            return None
        return DamageReport.from_notice(text, self.path.parent)

    def acknowledge_damage(self) -> None:
        """The damage in `damage` has been told (by `si-desktop sync` or the window): later
        opens stop reporting it. (`si-desktop clients` reports it without acknowledging.)"""
        if self.in_memory:
            return
        with contextlib.suppress(FileNotFoundError):
            self.damage_notice.unlink()

    def _requeue(self, edits: list[dict[str, Any]]) -> int:
        """Queue again, in the fresh file, the edits read from the damaged one."""
        requeued = 0
        with self.write() as conn:
            for edit in edits:
                scope_data = edit.get("scope")
                try:
                    if not isinstance(scope_data, dict):
                        continue
                    scope = Scope(str(scope_data["account"]), str(scope_data["environment"]))
                    payload = edit["payload"]
                    if not isinstance(payload, dict):
                        continue
                    scope_id = self.scope_id(conn, scope, create=True)
                    cursor = conn.execute(
                        "INSERT INTO outbox (scope_id, request_id, kind, entity_id, target_id,"
                        " payload, base_json, base_updated_at, created_at, updated_at, attempts,"
                        " last_error, state, sent_json) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                        (
                            scope_id,
                            str(edit["request_id"]),
                            str(edit["kind"]),
                            edit.get("entity_id"),
                            str(edit["target_id"]),
                            json.dumps(payload, ensure_ascii=False),
                            None if edit.get("base") is None else json.dumps(edit["base"]),
                            edit.get("base_updated_at"),
                            str(edit.get("created_at") or utc_now()),
                            str(edit.get("updated_at") or edit.get("created_at") or utc_now()),
                            int(edit.get("attempts") or 0),
                            edit.get("last_error"),
                            "conflict" if edit.get("state") == "conflict" else "pending",
                            _sent_json(edit.get("sent")),
                        ),
                    )
                    file = edit.get("file")
                    if isinstance(file, dict):
                        self._requeue_file(conn, int(cursor.lastrowid or 0), file)
                except (KeyError, TypeError, ValueError, sqlite3.IntegrityError):
                    continue
                requeued += 1
        return requeued

    @staticmethod
    def _requeue_file(conn: sqlite3.Connection, seq: int, file: dict[str, Any]) -> None:
        """A salvaged logo's file, back with its edit (a file that cannot be read back leaves
        the edit without one: the sender then asks for the logo again)."""
        with contextlib.suppress(KeyError, TypeError, ValueError, binascii.Error):
            conn.execute(
                "INSERT INTO outbox_files (seq, local_id, filename, content_type, category,"
                " data, file_id) VALUES (?,?,?,?,?,?,?)",
                (
                    seq, str(file["local_id"]), str(file["filename"]),
                    str(file["content_type"]), str(file["category"]),
                    base64.b64decode(str(file["data_base64"]), validate=True),
                    file.get("file_id"),
                ),
            )

    # -- connections and transactions ------------------------------------------------------

    def connection(self) -> sqlite3.Connection:
        """This thread's connection, opened on first use."""
        if self._closed:
            raise StoreClosedError("The local cache has been closed.")
        conn: sqlite3.Connection | None = (
            self._shared if self.in_memory else getattr(self._local, "conn", None)
        )
        if conn is not None:
            return conn
        if self._refusing:  # closing has begun: no new connection
            raise StoreClosedError("The local cache has been closed.")
        conn = sqlite3.connect(
            MEMORY if self.in_memory else self.path,
            timeout=BUSY_TIMEOUT_SECONDS,
            isolation_level=None,
            check_same_thread=False,
        )
        try:
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA temp_store = MEMORY")
            conn.execute("PRAGMA cache_size = -2000")
        except BaseException:
            conn.close()
            raise
        with self._lock:
            self._connections.append(conn)
        if self.in_memory:
            self._shared = conn
        else:
            self._local.conn = conn
        return conn

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (joins the thread's open transaction, if any)."""
        with self._one_at_a_time(), self._write() as conn:
            yield conn

    @contextlib.contextmanager
    def _one_at_a_time(self) -> Iterator[None]:
        """In memory, the threads share one connection: one transaction at a time."""
        if self._serial is None:
            yield
            return
        with self._serial:
            yield

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        conn = self.connection()
        if conn.in_transaction:
            yield conn
            return
        with self._using(conn):
            self.writes += 1
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if _in_transaction(conn):
                    conn.execute("ROLLBACK")
                raise
            finally:
                self.writes += 1

    @contextlib.contextmanager
    def _using(self, conn: sqlite3.Connection) -> Iterator[None]:
        """Mark `conn` as inside a transaction, so that `close()` neither closes it under the
        statement nor lets a new transaction start once closing has begun."""
        with self._lock:
            if self._refusing or self._closed:
                raise StoreClosedError("The local cache has been closed.")
            self._in_use[conn] = self._in_use.get(conn, 0) + 1
        try:
            yield
        finally:
            with self._lock:
                left = self._in_use.pop(conn) - 1
                if left:
                    self._in_use[conn] = left
                else:
                    self._idle.notify_all()

    @contextlib.contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A read transaction: every statement inside sees the same snapshot."""
        with self._one_at_a_time(), self._read() as conn:
            yield conn

    @contextlib.contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        conn = self.connection()
        if conn.in_transaction:
            yield conn
            return
        with self._using(conn):
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                if _in_transaction(conn):
                    conn.execute("COMMIT")

    def scope_id(self, conn: sqlite3.Connection, scope: Scope, *, create: bool) -> int | None:
        """The row id of a scope; created (inside the caller's write) when asked to."""
        row = conn.execute(
            "SELECT id FROM scopes WHERE account = ? AND environment = ?",
            (scope.account, scope.environment),
        ).fetchone()
        if row is not None:
            return int(row[0])
        if not create:
            return None
        cursor = conn.execute(
            "INSERT INTO scopes (account, environment, created_at) VALUES (?, ?, ?)",
            (scope.account, scope.environment, utc_now()),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def close_thread_connection(self) -> None:
        """Close the calling thread's connection, if it has one, when a short-lived thread is
        done with the store (a later call on the thread opens a new one)."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:  # (in memory the one connection stays until `close`)
            return
        del self._local.conn
        with self._lock:
            self._connections.remove(conn)
        with contextlib.suppress(sqlite3.Error):
            conn.close()

    def _close_connections(self, *, for_good: bool = True) -> None:
        with self._lock:
            self._refusing = True
            mine = None if self.in_memory else getattr(self._local, "conn", None)
            # the calling thread's own transaction cannot end while it waits here
            self._idle.wait_for(
                lambda: not any(conn is not mine for conn in self._in_use),
                timeout=CLOSE_WAIT_SECONDS,
            )
            busy = [conn for conn in self._in_use if conn is not mine]
            connections = [conn for conn in self._connections if conn not in busy]
            self._connections = busy
            self._refusing = for_good
        if busy:
            log.warning("Closing the cache while %d other thread(s) are still inside a "
                        "transaction; their connections are left open", len(busy))
        for conn in connections:
            with contextlib.suppress(sqlite3.Error):
                conn.close()
        self._local = threading.local()
        self._shared = None

    def close(self) -> None:
        """Close every thread's connection (stopping the check in the background, if it
        runs, and waiting for other threads' transactions under way to end) and remove this
        open's session marker. Later calls raise `StoreClosedError`."""
        self._stop_check()
        self._close_connections()
        self._closed = True
        session, self._session = self._session, None
        if session is not None:
            session.end()

    @property
    def closed(self) -> bool:
        return self._closed


def _salvage_outbox(path: Path) -> tuple[list[dict[str, Any]], bool, str | None]:
    """Read what can be read of a damaged file's outbox: (edits, read to the end?, error)."""
    edits: list[dict[str, Any]] = []
    try:
        conn = sqlite3.connect(path, isolation_level=None)
    except sqlite3.Error as exc:
        return edits, False, str(exc)
    try:
        scopes: dict[int, dict[str, str]] = {}
        with contextlib.suppress(sqlite3.Error):
            for scope_id, account, environment in conn.execute(
                "SELECT id, account, environment FROM scopes"
            ):
                scopes[int(scope_id)] = {"account": account, "environment": environment}
        files = _salvage_files(conn)
        try:
            cursor = conn.execute("SELECT * FROM outbox ORDER BY seq")
            names = [column[0] for column in cursor.description]
            while True:
                row = cursor.fetchone()
                if row is None:
                    break
                fields = dict(zip(names, row, strict=True))
                edit = _salvaged_edit(fields, scopes)
                if fields.get("seq") in files:
                    edit["file"] = files[fields["seq"]]
                edits.append(edit)
        except sqlite3.Error as exc:
            if not edits and "no such table" in str(exc):
                return edits, True, None  # the file never had an outbox
            return edits, False, str(exc)
        return edits, True, None
    finally:
        conn.close()


def _salvage_files(conn: sqlite3.Connection) -> dict[Any, dict[str, Any]]:
    """The readable files of queued logo edits, by the edit's `seq` (JSON-ready)."""
    files: dict[Any, dict[str, Any]] = {}
    with contextlib.suppress(sqlite3.Error):  # no such table (an older file), or damaged
        for seq, local_id, filename, content_type, category, data, file_id in conn.execute(
            "SELECT seq, local_id, filename, content_type, category, data, file_id"
            " FROM outbox_files"
        ):
            files[seq] = {
                "local_id": local_id, "filename": filename, "content_type": content_type,
                "category": category, "file_id": file_id,
                "data_base64": base64.b64encode(bytes(data)).decode("ascii"),
            }
    return files


def _sent_json(sent: object) -> str | None:
    """The salvaged `sent` list back as the column's JSON (anything else: nothing sent)."""
    if not isinstance(sent, list):
        return None
    bodies = [body for body in sent if isinstance(body, dict)]
    return json.dumps(bodies, ensure_ascii=False) if bodies else None


def _salvaged_edit(row: dict[str, Any], scopes: dict[int, dict[str, str]]) -> dict[str, Any]:
    def parsed(raw: Any) -> Any:
        if raw is None:
            return None
        try:
            return json.loads(raw)
        except (TypeError, ValueError):
            return raw  # keep the text as it was: the user can still read it

    return {
        "scope": scopes.get(row.get("scope_id", -1)),
        "kind": row.get("kind"),
        "entity_id": row.get("entity_id"),
        "target_id": row.get("target_id"),
        "payload": parsed(row.get("payload")),
        "base": parsed(row.get("base_json")),
        "base_updated_at": row.get("base_updated_at"),
        "request_id": row.get("request_id"),
        "created_at": row.get("created_at"),
        "updated_at": row.get("updated_at"),
        "attempts": row.get("attempts"),
        "last_error": row.get("last_error"),
        "state": row.get("state"),
        # the bodies earlier attempts sent (S4: the user's own values, not "theirs")
        "sent": parsed(row.get("sent_json")),
    }
