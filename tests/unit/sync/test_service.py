"""`SyncService`, without Qt: the cache it opens (in memory when the file cannot be used),
when the automatic refresh is due, which clients refresh when opened, which held edits are
new to the user, and the back-off loop while offline."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from si_desktop.store import Store, StoreError
from si_desktop.sync.connection import Connection
from si_desktop.sync.service import SyncService
from si_desktop.sync.workspace import Workspace
from tests.unit.sync.test_conflicts import ENT, SCOPE, held_conflict

KEY = "sk_live_" + "1" * 32
CONNECTION = Connection(base_url="http://127.0.0.1:9", api_key=KEY)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_an_unusable_cache_file_leaves_a_cache_in_memory_that_still_queues(
    tmp_path: Path,
) -> None:
    def refuse() -> Store:
        raise StoreError("locked by another program")

    service = SyncService(tmp_path, open_store=refuse)
    workspace = service.workspace_for(CONNECTION)
    assert workspace.store.temporary and service.store is workspace.store
    assert service.store_error is not None and "locked" in service.store_error.message
    workspace.store.entities.upsert(workspace.scope, [{"id": ENT, "name": "Novak"}])
    workspace.enqueue_client_changes(ENT, {"city": "Kranj"})
    assert workspace.pending_count(ENT) == 1
    assert service.workspace_for(CONNECTION).store is workspace.store  # opened once
    service.close()
    assert service.store is None


def test_the_cache_file_is_opened_once_for_every_workspace(tmp_path: Path) -> None:
    service = SyncService(tmp_path)
    first = service.workspace_for(CONNECTION)
    demo = service.workspace_for(Connection(api_key=KEY, demo=True))
    assert first.store is demo.store and not first.store.temporary
    assert service.store_error is None and first.scope != demo.scope
    service.close()


def test_the_automatic_refresh_is_due_every_n_minutes_from_the_last_start(
    tmp_path: Path,
) -> None:
    clock = Clock()
    service = SyncService(tmp_path, clock=clock)
    assert service.refresh_due(15)  # none yet
    assert not service.refresh_due(0)  # never
    service.refresh_started()
    clock.now += 14 * 60
    assert not service.refresh_due(15)
    clock.now += 60
    assert service.refresh_due(15)


def test_opening_a_cached_client_refreshes_it_but_not_one_made_offline_or_unknown(
    tmp_path: Path,
) -> None:
    service = SyncService(tmp_path)
    workspace = service.workspace_for(CONNECTION)
    workspace.store.entities.upsert(workspace.scope, [{"id": ENT, "name": "Novak"}])
    made = workspace.enqueue_new_client(name="Nova", country="Slovenia").target_id
    assert service.refreshes_when_opened(workspace, ENT)
    assert not service.refreshes_when_opened(workspace, made)
    assert not service.refreshes_when_opened(workspace, "ent_" + "e" * 24)
    assert not service.refreshes_when_opened(workspace, "")
    service.close()


def test_a_held_edit_is_new_to_the_user_once(tmp_path: Path) -> None:
    store = Store.open_in(tmp_path)
    service = SyncService(tmp_path, open_store=lambda: store)
    workspace = Workspace(store, SCOPE)  # the scope the held edit is filed under
    held = held_conflict(store)
    assert [p.edit.seq for p in service.new_problems(workspace)] == [held.seq]
    assert service.new_problems(workspace) == []  # shown already
    service.forget_shown()  # another workspace was opened meanwhile
    assert [p.edit.seq for p in service.new_problems(workspace)] == [held.seq]
    store.close()


@pytest.fixture
def loop() -> Iterator[asyncio.AbstractEventLoop]:
    running = asyncio.new_event_loop()
    thread = threading.Thread(target=running.run_forever, daemon=True)
    thread.start()
    yield running

    async def drain() -> None:  # a task made just before the end still gets its first step
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    asyncio.run_coroutine_threadsafe(drain(), running).result(5)
    running.call_soon_threadsafe(running.stop)
    thread.join(5)
    running.close()


def test_the_back_off_loop_runs_until_stopped_and_can_be_woken(
    tmp_path: Path, loop: asyncio.AbstractEventLoop
) -> None:
    service = SyncService(tmp_path)
    workspace = service.workspace_for(CONNECTION)  # nothing listens on port 9
    workspace.connectivity.report_failure("unplugged")
    assert not service.wake_retry(loop)  # none runs yet
    service.start_retry(workspace, loop)
    assert service.retrying
    service.start_retry(workspace, loop)  # one at a time
    assert service.wake_retry(loop)
    service.stop_retry()
    assert not service.retrying and not service.wake_retry(loop)
    service.close()
