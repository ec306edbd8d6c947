"""The check of the whole file (`PRAGMA quick_check`) runs at open only when it is needed:
after an unclean stop, after a check that failed, before a migration. Otherwise it runs in
the background, and damage it finds is reported without pulling the file from under the app;
the next open sets the file aside."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from si_desktop.store import EditKind, Store, StoreError
from si_desktop.store.schema import MIGRATIONS, SCHEMA_VERSION, migrate
from tests.unit.store.conftest import LIVE, entity, entity_id
from tests.unit.store.test_damage import aside_files, corrupt_records_but_not_outbox

REPO = Path(__file__).resolve().parents[3]
# Opens the store, says so, and waits to be killed or for its stdin to close.
HOLDER = """
import sys
from si_desktop.store import Store
store = Store.open(sys.argv[1], quick_check=False)
print("open", flush=True)
sys.stdin.read()
store.close()
"""


def markers(db_path: Path) -> list[Path]:
    return sorted(db_path.parent.glob(f"{db_path.name}.session-*"))


def holder(db_path: Path) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db_path)], stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "open"
    return process


def test_a_file_closed_cleanly_is_not_checked_at_open_but_in_the_background(
    db_path: Path,
) -> None:
    with Store.open(db_path) as store:
        store.entities.upsert(LIVE, [entity(1)])
        assert len(markers(db_path)) == 1  # this open's, while it is open
    assert markers(db_path) == []  # gone with the clean close
    with Store.open(db_path) as store:
        assert store.db.checked_at_open is None
        found: list[str] = []
        assert store.check_in_background(found.append)
        store.db.wait_for_check()
        assert store.late_damage is None and found == []
        assert not store.check_in_background()  # once is enough
        assert store.entities.get(LIVE, entity_id(1)) == entity(1)


def test_quick_check_false_never_checks_and_always_checks_at_every_open(db_path: Path) -> None:
    Store.open(db_path).close()
    with Store.open(db_path, quick_check=False) as store:
        assert store.db.checked_at_open is None and not store.check_in_background()
    with Store.open(db_path, quick_check="always") as store:
        assert store.db.checked_at_open == "asked" and not store.check_in_background()


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_after_a_kill_the_next_open_checks_first_and_a_live_one_does_not_count(
    db_path: Path,
) -> None:
    Store.open(db_path).close()
    process = holder(db_path)
    try:
        with Store.open(db_path) as store:  # beside a live process: nothing unclean
            assert store.db.checked_at_open is None
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    assert len(markers(db_path)) == 1  # the killed process's
    with Store.open(db_path) as store:
        assert store.db.checked_at_open == "unclean stop"
        assert len(markers(db_path)) == 1  # its own; the dead one is dealt with
    with Store.open(db_path) as store:
        assert store.db.checked_at_open is None


def test_a_look_from_the_side_leaves_the_trace_of_a_crash_for_the_app(db_path: Path) -> None:
    Store.open(db_path).close()
    (db_path.parent / f"{db_path.name}.session-killed").write_bytes(b"")
    Store.open(db_path, quick_check=False).close()
    with Store.open(db_path) as store:
        assert store.db.checked_at_open == "unclean stop"


def test_an_older_files_migration_checks_it_first(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    conn = sqlite3.connect(db_path, isolation_level=None)
    migrate(conn, MIGRATIONS[:1])
    conn.close()
    assert SCHEMA_VERSION > 1
    with Store.open(db_path) as store:
        assert store.db.checked_at_open == "schema change"


def test_damage_found_in_the_background_is_reported_and_set_aside_at_the_next_start(
    db_path: Path,
) -> None:
    request_ids = corrupt_records_but_not_outbox(db_path)
    with Store.open(db_path) as store:
        assert store.damage is None and store.db.checked_at_open is None
        heard: list[tuple[str, str]] = []
        store.check_in_background(
            lambda message: heard.append((threading.current_thread().name, message)))
        store.db.wait_for_check()
        assert store.late_damage is not None
        ((thread, message),) = heard
        assert thread == "si-desktop-store-check"
        assert "failed its integrity check" in message and "start si-desktop again" in message
        assert store.db.check_note.exists()
        # not pulled from under the app: the queue is still there and still grows
        assert [e.request_id for e in store.outbox.list(LIVE)] == request_ids[:1]
        store.outbox.enqueue(LIVE, EditKind.UPDATE_ENTITY, entity_id(2), {"name": "later"})
        late: list[str] = []
        store.db.on_late_damage(late.append)  # a listener that comes later hears it at once
        assert late == [message]
    assert aside_files(db_path) == []
    with Store.open(db_path) as store:
        assert store.db.checked_at_open == "failed check"
        assert store.damage is not None and store.damage.edits_requeued == 3
        assert not store.db.check_note.exists()
    assert aside_files(db_path)


def test_a_damaged_file_another_process_has_open_is_left_where_it_is(db_path: Path) -> None:
    corrupt_records_but_not_outbox(db_path)
    process = holder(db_path)
    try:
        with pytest.raises(StoreError, match="another si-desktop is using it"):
            Store.open(db_path, quick_check="always")
        assert aside_files(db_path) == []
    finally:
        assert process.stdin is not None
        process.stdin.close()
        process.wait()
    with Store.open(db_path, quick_check="always") as store:  # alone now: set aside
        assert store.damage is not None


def test_closing_stops_a_check_that_runs(db_path: Path) -> None:
    with Store.open(db_path) as store:
        store.entities.upsert(LIVE, [entity(n) for n in range(3000)])
    store = Store.open(db_path)
    store.check_in_background()
    store.close()
    assert store.db._checker is not None and not store.db._checker.is_alive()
    assert store.late_damage is None  # interrupted or finished: never taken for damage
