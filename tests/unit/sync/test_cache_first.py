"""`Workspace`: the UI's Workspace answered from the cache, saving through the
outbox, over the sandbox in-process with the network switched off and on."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from starlette.applications import Starlette

from si_desktop.api import errors
from si_desktop.store import Store, is_local_id
from si_desktop.sync.connection import Connection, scope_of
from si_desktop.sync.results import SaveResult, SyncResult
from si_desktop.sync.settings import load_editor_data, save_entity_settings
from si_desktop.sync.workspace import Workspace
from tests.fixtures.sandbox import ASGI_BASE_URL
from tests.unit.sync.conftest import Switch

pytestmark = pytest.mark.anyio
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
async def rig(
    sandbox_app: Starlette, sandbox_key: str, tmp_path: Path
) -> AsyncIterator[tuple[Workspace, Switch, list[Any]]]:
    switch = Switch(sandbox_app)
    store = Store.open_in(tmp_path)
    workspace = Workspace(
        Connection(base_url=ASGI_BASE_URL, api_key=sandbox_key), store, transport=switch
    )
    events: list[Any] = []
    workspace.listeners.append(events.append)
    try:
        yield workspace, switch, events
    finally:
        await workspace.aclose()
        store.close()


async def seeded(workspace: Workspace) -> str:
    api = await workspace.api()
    entity = await api.entities.create(name="Kovač d.o.o.", country="Slovenia")
    await api.business_units.create(entity_id=entity.id, name="Trgovina")
    await api.files.upload(entity_id=entity.id, content=PNG, filename="logo.png",
                           category="logo")
    await api.entities.update(entity.id, settings={"has_logo": True})
    result = await workspace.synchronize()
    assert not result.offline and result.refresh is not None and result.refresh.complete
    return entity.id


async def test_reads_need_no_network(rig: Any) -> None:
    workspace, switch, events = rig
    entity_id = await seeded(workspace)
    assert isinstance(events[-1], SyncResult)
    assert workspace.last_refreshed is not None
    switch.online = False
    entity = await workspace.load_client(entity_id)
    assert entity.name == "Kovač d.o.o."
    units = await workspace.list_units(entity_id)
    assert [unit.name for unit in units] == ["Trgovina"]
    unit = await workspace.load_unit(entity_id, units[0].id)
    assert unit.name == "Trgovina"
    data = await load_editor_data(workspace, entity_id, units=True, logo=True)
    assert data.logo == PNG and data.logo_source == "entity"
    assert [u["name"] for u in data.units] == ["Trgovina"]


async def test_an_offline_save_is_queued_and_sent_later(rig: Any) -> None:
    workspace, switch, events = rig
    entity_id = await seeded(workspace)
    entity = await workspace.load_client(entity_id)
    switch.online = False
    saved = await workspace.save_client(entity, {"name": "Kovač in sinovi"})
    assert saved.name == "Kovač in sinovi"
    assert isinstance(events[-1], SaveResult) and events[-1].outcome == "queued"
    data = await load_editor_data(workspace, entity_id)
    data = await save_entity_settings(workspace, data, {"primary_color": "#123456"})
    assert data.entity["settings"]["primary_color"] == "#123456"
    assert workspace.cache.pending_count(entity_id) == 1  # one edit: the two merged
    assert workspace.cache.connectivity.offline

    switch.online = True
    result = await workspace.synchronize()
    assert len(result.sent.sent) == 1 and result.waiting == 0
    api = await workspace.api()
    on_service = await api.entities.get(entity_id)
    assert on_service.name == "Kovač in sinovi"
    assert on_service.settings is not None
    assert on_service.model_dump(mode="json")["settings"]["primary_color"] == "#123456"


async def test_a_client_made_offline_shows_at_once_and_gets_its_service_id(rig: Any) -> None:
    workspace, switch, _events = rig
    await seeded(workspace)
    switch.online = False
    made = await workspace.create_client(name="Nova firma", country="Slovenia")
    assert is_local_id(made.id)
    assert any(row.id == made.id for row in workspace.cache.clients())
    unit = await workspace.create_unit(made.id, {"name": "Poslovalnica"})
    assert is_local_id(unit.id)
    switch.online = True
    result = await workspace.synchronize()
    service_id = result.sent.created[made.id]
    assert not is_local_id(service_id)
    assert [u.name for u in await workspace.list_units(service_id)] == ["Poslovalnica"]


async def test_a_refused_change_is_raised_like_a_direct_request(rig: Any) -> None:
    workspace, _switch, _events = rig
    entity_id = await seeded(workspace)
    entity = await workspace.load_client(entity_id)
    with pytest.raises(errors.ValidationError) as raised:
        await workspace.save_client(entity, {"name": ""})
    assert raised.value.issues
    assert workspace.cache.pending_count() == 0  # taken back out: the editor still has it


def test_the_demo_keeps_one_scope_whatever_its_port() -> None:
    key = "sk_live_" + "a" * 32
    first = scope_of(Connection(base_url="http://127.0.0.1:4001", api_key=key, demo=True))
    again = scope_of(Connection(base_url="http://127.0.0.1:5002", api_key=key, demo=True))
    real = scope_of(Connection(base_url="http://127.0.0.1:4001", api_key=key))
    assert first == again != real
