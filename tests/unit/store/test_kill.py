"""`kill -9` in the middle of writing: the file opens, and every committed edit is there."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from si_desktop.store import Scope, Store

REPO = Path(__file__).resolve().parents[3]
SCOPE = Scope("fp_killed", "live")

# Writes batches of 2,000 entities and queues edits, printing each edit's request id only
# after `enqueue` has returned (that is, committed).
WRITER = """
import sys
from si_desktop.store import EditKind, Scope, Store

store = Store.open(sys.argv[1])
scope = Scope("fp_killed", "live")
padding = "x" * 400
round_ = 0
while True:
    store.entities.upsert(scope, [
        {"id": f"ent_{n:024x}", "name": f"Client {n} v{round_}", "settings": {"p": padding}}
        for n in range(2000)
    ])
    for k in range(5):
        edit = store.outbox.enqueue(
            scope, EditKind.UPDATE_ENTITY, f"ent_{round_ * 5 + k:024x}", {"name": f"{round_}/{k}"}
        )
        print(edit.request_id, flush=True)
    round_ += 1
"""


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
@pytest.mark.parametrize("delay", [0.0, 0.013, 0.071])
def test_kill_9_mid_write_loses_no_committed_edit(tmp_path: Path, delay: float) -> None:
    path = tmp_path / "cache.sqlite3"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert writer.stdout is not None
    committed: list[str] = []
    try:
        for line in writer.stdout:
            committed.append(line.strip())
            if len(committed) >= 12:
                break
        time.sleep(delay)  # not a wait: each delay kills the writer at another point
    finally:
        os.kill(writer.pid, signal.SIGKILL)
        rest = writer.stdout.read()
        writer.wait()
    assert writer.returncode == -signal.SIGKILL
    committed += [line for line in rest.split("\n")[:-1] if line]  # whole lines only
    assert len(committed) >= 12

    with Store.open(path) as store:
        assert store.damage is None
        conn = store.db.connection()
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        queued = {edit.request_id for edit in store.outbox.list(SCOPE)}
        assert set(committed) <= queued
        # a bulk upsert is all or nothing: every row is from the same round
        rows = store.entities.switcher_rows(SCOPE)
        assert len(rows) == 2000
        assert len({row.name.rsplit(" v", 1)[1] for row in rows}) == 1
