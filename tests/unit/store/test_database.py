"""The file itself: private, durable, shared safely between threads."""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import threading
from pathlib import Path

import pytest

from si_desktop.store import DEFAULT_FILENAME, EditKind, Store, StoreClosedError, StoreError
from tests.unit.store.conftest import LIVE, entity, entity_id

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@posix_only
def test_file_and_folder_are_readable_by_the_user_only(db_path: Path) -> None:
    old = os.umask(0o022)  # a permissive umask must not matter
    try:
        with Store.open(db_path) as store:
            store.entities.upsert(LIVE, [entity(1)])
            reader = threading.Thread(target=lambda: store.entities.get(LIVE, entity_id(1)))
            reader.start()
            reader.join()
            sides = [Path(f"{db_path}{suffix}") for suffix in ("-wal", "-shm")]
            assert all(side.exists() for side in sides)
            assert [mode(p) for p in (db_path, *sides)] == [0o600, 0o600, 0o600]
            assert mode(db_path.parent) == 0o700
    finally:
        os.umask(old)


@posix_only
def test_a_file_left_too_open_is_made_private(db_path: Path) -> None:
    Store.open(db_path).close()
    db_path.chmod(0o644)
    Store.open(db_path).close()
    assert mode(db_path) == 0o600


def test_wal_and_full_sync(store: Store) -> None:
    conn = store.db.connection()
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert conn.execute("PRAGMA synchronous").fetchone() == (2,)  # FULL


def test_open_in_the_data_folder(data_dir: Path) -> None:
    with Store.open_in(data_dir) as store:
        assert store.path == data_dir / DEFAULT_FILENAME
        assert store.damage is None


def test_each_thread_has_its_own_connection_and_sees_committed_writes(store: Store) -> None:
    store.entities.upsert(LIVE, [entity(1)])
    seen: dict[str, object] = {}

    def reader() -> None:
        seen["conn"] = store.db.connection()
        seen["record"] = store.entities.get(LIVE, entity_id(1))

    thread = threading.Thread(target=reader)
    thread.start()
    thread.join()
    assert seen["record"] == entity(1)
    assert seen["conn"] is not store.db.connection()


def test_writers_on_several_threads_all_land(store: Store) -> None:
    errors: list[BaseException] = []

    def writer(worker: int) -> None:
        try:
            for n in range(25):
                store.entities.upsert(LIVE, [entity(worker * 100 + n)])
                store.outbox.enqueue(
                    LIVE, EditKind.UPDATE_ENTITY, entity_id(worker * 100 + n), {"name": "x"}
                )
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for _ in range(20):  # the GUI thread reads meanwhile
        store.entities.switcher_rows(LIVE)
    for thread in threads:
        thread.join()
    assert errors == []
    assert store.entities.count(LIVE) == 100
    assert store.outbox.count(LIVE) == 100


def test_a_failed_write_changes_nothing(store: Store) -> None:
    with pytest.raises(ValueError), store.db.write() as conn:
        conn.execute(
            "INSERT INTO scopes (account, environment, created_at) VALUES ('x', 'live', '')"
        )
        raise ValueError("abort")
    assert store.scopes.list() == []


def test_using_a_closed_store_says_so(db_path: Path) -> None:
    store = Store.open(db_path)
    store.close()
    with pytest.raises(StoreClosedError):
        store.entities.switcher_rows(LIVE)


def test_closing_waits_for_a_write_under_way_on_another_thread(db_path: Path) -> None:
    # Closing a connection while another thread is inside a statement on it crashes the
    # process; the window closes while a refresh may still be writing on a worker thread.
    store = Store.open(db_path)
    inside, release = threading.Event(), threading.Event()
    outcome: list[str] = []

    def long_write() -> None:
        with store.db.write():
            inside.set()
            release.wait(10)
            store.entities.upsert(LIVE, [entity(1)])
        outcome.append("committed")

    writer = threading.Thread(target=long_write)
    writer.start()
    assert inside.wait(10)
    closer = threading.Thread(target=store.close)
    closer.start()
    closer.join(0.3)
    assert closer.is_alive()  # still waiting for the write
    with pytest.raises(StoreClosedError):  # nothing new starts once closing has begun
        store.entities.switcher_rows(LIVE)
    release.set()
    writer.join(10)
    closer.join(10)
    assert outcome == ["committed"] and not closer.is_alive()
    with Store.open(db_path) as again:
        assert again.entities.get(LIVE, entity_id(1)) is not None


def test_closing_from_inside_a_transaction_does_not_wait_for_itself(db_path: Path) -> None:
    store = Store.open(db_path)
    done = threading.Event()

    def close_inside() -> None:
        with contextlib.suppress(Exception), store.db.read():
            store.close()
        done.set()

    thread = threading.Thread(target=close_inside)
    thread.start()
    thread.join(10)  # with a wait for itself this would take CLOSE_WAIT_SECONDS
    assert done.is_set() and store.db.closed


def test_a_file_that_cannot_be_opened_raises_and_is_not_moved(tmp_path: Path) -> None:
    folder = tmp_path / "cache.sqlite3"
    folder.mkdir()  # a folder where the file should be: not damage, just unusable
    with pytest.raises(StoreError) as raised:
        Store.open(folder)
    assert "cannot be opened" in raised.value.message
    assert folder.is_dir() and not list(tmp_path.glob("*.damaged-*"))


@pytest.mark.skipif(
    os.name != "posix" or (hasattr(os, "geteuid") and os.geteuid() == 0) or sys.platform == "win32",
    reason="root ignores permissions",
)
def test_a_folder_without_permission_raises(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    with pytest.raises(StoreError):
        Store.open(locked / "sub" / "cache.sqlite3")
