"""Two processes on one cache file: neither corrupts it nor loses the other's committed edits.

What broke it once: opening a thread's connection opened and closed the database file outside
SQLite, and on POSIX closing *any* descriptor of a file drops every lock the process holds on
it, so the other process wrote into pages this one was still writing or reading. The workers
below do what the window and a scheduled `si-desktop sync` do at once, many times over: one
thread keeps writing cache rows and queuing edits while short-lived threads each open a
connection of their own.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from si_desktop.store import Scope, Store

REPO = Path(__file__).resolve().parents[3]
SCOPE = Scope("fp_twoprocs", "live")
SECONDS = 5.0
WORKERS = 3

# Prints each queued edit's request id once `enqueue` has returned (committed). Its last line
# is "done", or the error that stopped it.
WORKER = """
import sys, threading, time, uuid
from si_desktop.store import EditKind, Scope, Store

path, name, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
store = Store.open(path, quick_check=False)
scope = Scope("fp_twoprocs", "live")
deadline = time.monotonic() + seconds
failures = []

def writer():
    n = 0
    try:
        while time.monotonic() < deadline:
            store.entities.upsert(scope, [
                {"id": f"ent_{name}{k:020x}", "name": f"{name} {n}", "pad": "x" * 300}
                for k in range(60)
            ])
            edit = store.outbox.enqueue(
                scope, EditKind.UPDATE_ENTITY, f"ent_{uuid.uuid4().hex}", {"name": str(n)})
            print(edit.request_id, flush=True)
            n += 1
    except BaseException as error:
        failures.append(error)

def short_lived():
    try:
        store.entities.count(scope)
        store.outbox.count(scope)
    except BaseException as error:
        failures.append(error)
    finally:
        store.db.close_thread_connection()

def opener():
    while main.is_alive() and not failures:
        thread = threading.Thread(target=short_lived)
        thread.start()
        thread.join()

main = threading.Thread(target=writer)
main.start()
openers = [threading.Thread(target=opener) for _ in range(3)]
for thread in openers:
    thread.start()
for thread in [main, *openers]:
    thread.join()
store.close()
print(f"failed: {failures[0]!r}" if failures else "done", flush=True)
"""


@pytest.mark.slow
def test_two_processes_writing_one_file_keep_it_sound_and_keep_every_edit(
    tmp_path: Path,
) -> None:
    path = tmp_path / "data" / "cache.sqlite3"
    Store.open(path).close()  # both workers find the file there, as the window and the CLI do
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(path), f"w{n}", str(SECONDS)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        )
        for n in range(WORKERS)
    ]
    outputs = [worker.communicate(timeout=120) for worker in workers]
    committed: list[str] = []
    endings: list[str] = []
    for stdout, _stderr in outputs:
        lines = stdout.split()
        endings.append(stdout.strip().rsplit("\n", 1)[-1])
        committed += [line for line in lines if len(line) == 36]  # request ids (UUIDs)
    assert endings == ["done"] * WORKERS

    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()
    with Store.open(path) as store:
        assert store.damage is None
        queued = {edit.request_id for edit in store.outbox.list(SCOPE)}
    assert len(committed) > 20  # the workers did overlap for a while
    assert set(committed) <= queued, f"{len(set(committed) - queued)} committed edits lost"
