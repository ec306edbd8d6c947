"""A damaged file is moved aside, never a crash, never a silent loss of queued edits."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from si_desktop.store import EditKind, Store, StoreOpener, StoreTooNewError
from tests.unit.store.conftest import LIVE, OTHER, entity, entity_id


def aside_files(db_path: Path) -> list[Path]:
    return sorted(db_path.parent.glob(f"{db_path.name}.damaged-*"))


def after_a_crash(db_path: Path) -> None:
    """Leave what a process killed with the file open leaves: a session marker nobody holds
    (the next open then checks the whole file before using it)."""
    (db_path.parent / f"{db_path.name}.session-killed").write_bytes(b"")


def test_a_file_that_is_not_a_database_is_moved_aside(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"this is not SQLite at all " * 200)
    with Store.open(db_path) as store:
        report = store.damage
        assert report is not None
        assert report.damaged_path.read_bytes().startswith(b"this is not SQLite")
        assert report.damaged_path.name.startswith("cache.sqlite3.damaged-")
        assert not report.outbox_readable
        assert report.export_path is not None  # says plainly that nothing could be read
        exported = json.loads(report.export_path.read_text())
        assert exported["outbox_readable"] is False and exported["edits"] == []
        assert "moved aside" in report.message and "could not be read back" in report.message
        conn = store.db.connection()
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        store.entities.upsert(LIVE, [entity(1)])  # the fresh file works
        assert store.entities.count(LIVE) == 1
    with Store.open(db_path) as again:  # reported again until a sync or the window told it
        assert again.damage is not None and again.damage.earlier
        assert again.damage.damaged_path == report.damaged_path
        again.db.acknowledge_damage()
    with Store.open(db_path) as again:
        assert again.damage is None


def corrupt_records_but_not_outbox(db_path: Path) -> list[str]:
    """A file whose entity pages are garbage while the outbox's pages are intact."""
    with Store.open(db_path) as store:
        queued = [
            store.outbox.enqueue(LIVE, EditKind.UPDATE_ENTITY, entity_id(1), {"name": "mine"}),
            store.outbox.enqueue(OTHER, EditKind.DISABLE_ENTITY, entity_id(1)),
        ]
        store.outbox.mark_conflict(queued[1].seq, "theirs differ")
        store.outbox.note_attempt(queued[0].seq)  # its answer never came: a value of "mine"
        store.entities.upsert(LIVE, [entity(n) for n in range(400)])
    conn = sqlite3.connect(db_path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute(
        "SELECT rootpage FROM sqlite_schema WHERE name = 'outbox'"
    ).fetchone()[0]
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.close()
    assert not Path(f"{db_path}-wal").exists() or Path(f"{db_path}-wal").stat().st_size == 0
    with open(db_path, "r+b") as handle:
        for page in range(pages - 40, pages - 10, 3):  # well past the outbox's root page
            assert page != root
            handle.seek((page - 1) * page_size)
            handle.write(b"\xff" * 64)
    return [edit.request_id for edit in queued]


def test_a_file_failing_quick_check_keeps_its_queued_edits(db_path: Path) -> None:
    request_ids = corrupt_records_but_not_outbox(db_path)
    with Store.open(db_path, quick_check="always") as store:
        report = store.damage
        assert report is not None
        assert report.outbox_readable
        assert (report.edits_found, report.edits_requeued) == (2, 2)
        assert "2 of 2 edits waiting to be sent were recovered" in report.message
        # queued again, in order, same request ids, same scope, same state
        (live,) = store.outbox.list(LIVE)
        (other,) = store.outbox.list(OTHER)
        assert [live.request_id, other.request_id] == request_ids
        assert live.payload == {"name": "mine"} and other.state == "conflict"
        assert live.sent == ({"name": "mine"},) and other.sent == ()  # S4 survives the move
        assert store.entities.count(LIVE) == 0  # the cache itself is rebuilt from the service
        # and a copy next to the damaged file
        assert report.export_path == report.damaged_path.with_name(
            report.damaged_path.name + ".outbox.json"
        )
        exported = json.loads(report.export_path.read_text())
        assert [e["request_id"] for e in exported["edits"]] == request_ids
        assert exported["edits"][0]["scope"] == {"account": LIVE.account, "environment": "live"}
        if os.name == "posix":
            assert stat.S_IMODE(report.export_path.stat().st_mode) == 0o600
    assert len(aside_files(db_path)) == 2  # the damaged file and its export


def test_damage_without_queued_edits_writes_no_export(db_path: Path) -> None:
    with Store.open(db_path) as store:
        store.entities.upsert(LIVE, [entity(n) for n in range(400)])
    with open(db_path, "r+b") as handle:
        handle.seek(-20 * 4096, os.SEEK_END)
        handle.write(b"\x00\xff" * 2048)
    with Store.open(db_path, quick_check="always") as store:
        assert store.damage is not None
        assert store.damage.export_path is None and store.damage.outbox_readable
    assert len(aside_files(db_path)) == 1


def test_a_second_damage_in_the_same_second_gets_its_own_name(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    for _ in range(2):
        db_path.write_bytes(b"garbage" * 1000)
        Store.open(db_path).close()
    damaged = [p for p in aside_files(db_path) if not p.name.endswith(".json")]
    assert len(damaged) == 2


def test_opened_on_a_thread_the_damage_is_found_before_the_store_is_handed_over(
    db_path: Path,
) -> None:
    request_ids = corrupt_records_but_not_outbox(db_path)
    after_a_crash(db_path)
    opener = StoreOpener(db_path)
    store = opener()
    try:
        assert store.damage is not None and store.damage.edits_requeued == 2
        assert [edit.request_id for edit in store.outbox.list(LIVE) + store.outbox.list(OTHER)] \
            == request_ids
        assert store.entities.count(LIVE) == 0
        assert store.db._connections == [store.db.connection()]  # the thread closed its own
    finally:
        store.close()
        opener.close()  # taken: closing the opener leaves the store to its taker
    assert len(aside_files(db_path)) == 2


def test_an_opener_reads_the_client_list_ahead_after_the_check(db_path: Path) -> None:
    """The read ahead comes after the check: a damaged file's clients are never listed."""
    corrupt_records_but_not_outbox(db_path)
    after_a_crash(db_path)
    opener = StoreOpener(db_path, read_ahead=LIVE)
    store = opener()
    try:
        assert store.damage is not None
        assert store.entities.listed(LIVE) == []
    finally:
        store.close()
        opener.close()
    with Store.open(db_path) as store:
        store.entities.upsert(LIVE, [entity(1, name="Read ahead")])
    opener = StoreOpener(db_path, read_ahead=LIVE)
    store = opener()
    try:
        store.db.connection().execute("UPDATE entities SET name = 'Behind'")  # not counted
        assert [row.name for row in store.entities.listed(LIVE)] == ["Read ahead"]
        assert store.db._connections == [store.db.connection()]  # the thread closed its own
    finally:
        store.close()
        opener.close()


def test_an_opener_whose_store_was_never_taken_closes_it(db_path: Path) -> None:
    opener = StoreOpener(db_path)
    opener.close()
    assert opener._store is not None and opener._store.db.closed


def test_an_opener_raises_what_opening_raised(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    with Store.open(db_path) as store:
        store.db.connection().execute("PRAGMA user_version = 999")
    opener = StoreOpener(db_path)
    with pytest.raises(StoreTooNewError):
        opener()
    opener.close()


def test_an_empty_file_is_damage_never_a_fresh_cache(db_path: Path) -> None:
    with Store.open(db_path) as store:
        store.outbox.enqueue(LIVE, EditKind.UPDATE_ENTITY, entity_id(1), {"name": "mine"})
    db_path.write_bytes(b"")  # what a bad copy or a full disk can leave
    with Store.open(db_path) as store:
        report = store.damage
        assert report is not None and report.reason == "the cache file was empty"
        assert "(the cache file was empty)" in report.message
        assert not report.outbox_readable  # not "there were no edits": they are gone
        assert "could not be read back" in report.message
        assert report.damaged_path.stat().st_size == 0
        assert report.export_path is not None and report.export_path.exists()
        assert store.outbox.list(LIVE) == []
    assert db_path.stat().st_size > 0  # the new file is never empty


def test_a_new_file_is_never_seen_empty(db_path: Path) -> None:
    with Store.open(db_path) as store:
        assert store.damage is None
    assert db_path.stat().st_size > 0
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["cache.sqlite3"]


def test_an_empty_main_file_whose_wal_holds_the_pages_is_not_empty(tmp_path: Path) -> None:
    from si_desktop.store.database import _is_empty

    main = tmp_path / "cache.sqlite3"
    main.write_bytes(b"")
    assert _is_empty(main)
    Path(f"{main}-wal").write_bytes(b"\x37\x7f\x06\x82" + b"\x00" * 60)
    assert not _is_empty(main)


def test_processes_creating_the_file_at_once_all_open_one_sound_cache(tmp_path: Path) -> None:
    import subprocess
    import sys
    import time

    repo = Path(__file__).resolve().parents[3]
    go = tmp_path / "go"
    path = tmp_path / "data" / "cache.sqlite3"
    path.parent.mkdir()
    script = (
        "import sys, time, pathlib\n"
        "from si_desktop.store import Store\n"
        "go = pathlib.Path(sys.argv[2])\n"
        "while not go.exists(): time.sleep(0.001)\n"
        "with Store.open(sys.argv[1]) as store:\n"
        "    print('damaged' if store.damage else 'ok')\n"
    )
    env = {**os.environ, "PYTHONPATH": str(repo)}
    workers = [subprocess.Popen([sys.executable, "-c", script, str(path), str(go)],
                                stdout=subprocess.PIPE, text=True, env=env) for _ in range(4)]
    time.sleep(1.0)  # not a measurement: the workers are waiting for the file `go`
    go.write_bytes(b"")
    outputs = [worker.communicate(timeout=60)[0].strip() for worker in workers]
    assert outputs == ["ok"] * 4
    assert aside_files(path) == []
