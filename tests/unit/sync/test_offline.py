"""The cache-first workspace: everything readable with the network gone, edits kept across
restarts and shown on top of the cached record, and no waiting on a network known to be
down."""

from __future__ import annotations

import pytest

from si_desktop.sync.connectivity import Connectivity
from si_desktop.sync.workspace import Workspace
from tests.unit.sync.conftest import Rig, make_client

pytestmark = pytest.mark.anyio


async def filled(rig: Rig) -> tuple[str, str]:
    entity_id = await make_client(rig.server, "Pekarna Novak", city="Ljubljana")
    unit = await rig.server.business_units.create(entity_id=entity_id, name="Center")
    await rig.workspace.refresh(logos=False)
    return entity_id, unit.id


async def test_every_read_comes_from_the_cache_with_its_fetch_time(rig: Rig) -> None:
    entity_id, unit_id = await filled(rig)
    rig.switch.online = False
    workspace = rig.restart()
    (row,) = workspace.clients()
    assert (row.id, row.name, row.business_units, row.pending_edits) == (entity_id,
                                                                         "Pekarna Novak", 1, 0)
    view = workspace.client(entity_id)
    assert view is not None and view.data["city"] == "Ljubljana" and view.fetched_at
    assert view.service_data == view.data and not view.is_local
    (unit,) = workspace.units(entity_id)
    assert unit.id == unit_id and unit.fetched_at
    assert workspace.unit(unit_id) == unit
    assert workspace.last_refresh is not None and not workspace.is_stale(view)


async def test_an_offline_edit_survives_a_restart_and_shows_as_pending(rig: Rig) -> None:
    entity_id, unit_id = await filled(rig)
    rig.switch.online = False
    await rig.workspace.save_client(entity_id, {"settings": {"document_footer": "Hvala!"}})
    await rig.workspace.save_unit(entity_id, unit_id, {"name": "Center 2"})
    workspace = rig.restart()
    view = workspace.client(entity_id)
    assert view is not None and view.data["settings"]["document_footer"] == "Hvala!"
    assert view.service_data is not None
    assert view.service_data["settings"].get("document_footer") != "Hvala!"
    assert view.pending_count == 1 and workspace.pending_count(entity_id) == 2
    (row,) = workspace.clients()
    assert row.pending_edits == 2
    (unit,) = workspace.units(entity_id)
    assert unit.data["name"] == "Center 2" and unit.pending_count == 1


async def test_a_save_while_known_offline_does_not_wait_for_the_network(rig: Rig) -> None:
    entity_id, _ = await filled(rig)
    rig.switch.online = False
    await rig.workspace.save_client(entity_id, {"city": "Kranj"})  # finds out: offline
    rig.switch.requests.clear()
    tried: list[object] = []
    original = rig.switch.handle_async_request

    async def counting(request: object) -> object:
        tried.append(request)
        return await original(request)  # type: ignore[arg-type]

    rig.switch.handle_async_request = counting  # type: ignore[method-assign,assignment]
    result = await rig.workspace.save_client(entity_id, {"city": "Bled"})
    assert result.outcome == "queued" and tried == []
    (edit,) = rig.workspace.pending()  # the fetch failed before the send: still one edit
    assert edit.payload == {"city": "Bled"} and edit.attempts == 0


async def test_synchronize_offline_leaves_cache_and_queue_as_they_were(rig: Rig) -> None:
    entity_id, _ = await filled(rig)
    rig.workspace.enqueue_client_changes(entity_id, {"city": "Kranj"})
    before = rig.workspace.clients()
    rig.switch.online = False
    result = await rig.workspace.synchronize()
    assert result.offline and result.refresh is None and result.waiting == 1
    assert rig.workspace.clients() == before


async def test_synchronize_refreshes_then_sends(rig: Rig) -> None:
    entity_id, _ = await filled(rig)
    rig.workspace.enqueue_client_changes(entity_id, {"city": "Kranj"})
    await make_client(rig.server, "Drugi")
    result = await rig.workspace.synchronize()
    assert not result.offline and result.refresh is not None
    assert result.refresh.clients == 2 and len(result.sent.sent) == 1 and result.waiting == 0
    assert result.held == [] and result.conflicts == [] and result.rejected == []


async def test_the_retry_loop_brings_the_workspace_back_online(rig: Rig) -> None:
    await filled(rig)
    clock = [0.0]
    rig.workspace.connectivity = Connectivity(clock=lambda: clock[0])
    rig.switch.online = False
    result = await rig.workspace.synchronize()
    assert result.offline
    rig.workspace.connectivity.report_failure("still offline")  # refresh noted it on its own
    loop = rig.workspace.retry_loop()

    async def sleep(seconds: float) -> None:
        clock[0] += seconds
        if clock[0] > 5:
            rig.switch.online = True

    loop._sleep = sleep
    tries = await loop.run()
    assert tries >= 2 and rig.workspace.connectivity.online


async def test_nothing_to_save_and_unknown_records_are_refused(rig: Rig) -> None:
    entity_id, _ = await filled(rig)
    with pytest.raises(ValueError):
        rig.workspace.enqueue_client_changes(entity_id, {})
    with pytest.raises(LookupError):
        rig.workspace.enqueue_client_changes("ent_" + "9" * 24, {"city": "X"})
    with pytest.raises(ValueError):
        rig.workspace.enqueue_new_unit(entity_id, {"name": " "})


async def test_the_cache_can_sit_behind_the_uis_workspace(rig: Rig) -> None:
    from si_desktop.sync.connection import Connection
    from tests.fixtures.sandbox import ASGI_BASE_URL

    entity_id, _ = await filled(rig)
    door = Workspace.open(Connection(base_url=ASGI_BASE_URL, api_key=rig.key), rig.store,
                          transport=rig.switch)
    try:
        cached = door
        assert cached.scope == rig.workspace.scope  # the same rows as before
        assert cached.client(entity_id) is not None
        summary = await cached.refresh(logos=False)
        assert summary.clients == 1 and (await door.api()) is (await door.api())
    finally:
        await door.aclose()
