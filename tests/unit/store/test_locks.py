"""Locks between processes: the turn at sending a cache's outbox."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from si_desktop.store import Store
from si_desktop.store.locks import FileLock, turn

REPO = Path(__file__).resolve().parents[3]
# Holds the lock until its stdin closes; says "held" (or "busy") first.
HOLDER = """
import sys
from si_desktop.store.locks import FileLock
lock = FileLock(sys.argv[1])
print("held" if lock.acquire() else "busy", flush=True)
sys.stdin.read()
"""


def holder(path: Path) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)], stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "held"
    return process


def test_two_locks_on_one_file_exclude_each_other(tmp_path: Path) -> None:
    first, second = FileLock(tmp_path / "x.lock"), FileLock(tmp_path / "x.lock")
    assert first.acquire() and first.held
    assert not second.acquire() and not second.held
    first.release()
    assert second.acquire()
    second.release()


def test_a_turn_is_shared_inside_a_process_and_ends_with_its_last_holder(
    tmp_path: Path,
) -> None:
    path = tmp_path / "x.lock"
    with turn(path) as mine:
        assert mine
        with turn(path) as also_mine:  # another sender of this process
            assert also_mine
        assert not FileLock(path).acquire()  # still held for the first one
    assert FileLock(path).acquire()


def test_another_process_holding_the_lock_takes_the_turn_until_it_ends(
    tmp_path: Path,
) -> None:
    path = tmp_path / "x.lock"
    process = holder(path)
    try:
        with turn(path) as mine:
            assert not mine
    finally:
        process.kill()  # a holder that dies lets go, however it dies
        process.wait()
    with turn(path) as mine:
        assert mine


def test_the_stores_sending_turn_is_beside_its_file(tmp_path: Path) -> None:
    with Store.open_in(tmp_path) as store:
        assert store.sending_lock_path == tmp_path / "cache.sqlite3.sending.lock"
        with store.sending() as mine:
            assert mine
            assert not FileLock(store.sending_lock_path).acquire()
        other = FileLock(store.sending_lock_path)
        assert other.acquire()
        try:
            with store.sending() as mine:
                assert not mine
        finally:
            other.release()
    with Store.in_memory() as memory, memory.sending() as mine:
        assert mine  # nobody else can reach a cache in memory


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_the_lock_file_is_private(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        with FileLock(tmp_path / "x.lock"):
            pass
    finally:
        os.umask(old)
    assert (tmp_path / "x.lock").stat().st_mode & 0o077 == 0


def test_turns_taken_on_many_threads_at_once_never_overlap_across_holders(
    tmp_path: Path,
) -> None:
    """Threads of one process share the turn; the count keeps it until the last is done."""
    path = tmp_path / "x.lock"
    results: list[bool] = []
    barrier = threading.Barrier(8)

    def take() -> None:
        barrier.wait()
        with turn(path) as mine:
            results.append(mine)

    threads = [threading.Thread(target=take) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [True] * 8
    assert FileLock(path).acquire()


def test_a_folder_where_no_lock_can_be_made_does_not_stop_sending(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(self: FileLock, *, create: bool = True) -> bool:
        raise PermissionError(13, "Permission denied")  # e.g. a read-only folder

    monkeypatch.setattr(FileLock, "acquire", refused)
    with turn(tmp_path / "x.lock") as mine:
        assert mine
