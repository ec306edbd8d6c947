"""The one `Workspace` as the editors and pages use it: answered from the cache, saving
through the outbox with one diff, announcing one `Changes`, over the sandbox in-process with
the network switched off and on."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from si_desktop.api import errors
from si_desktop.store import is_local_id
from si_desktop.sync import changes as changes_module
from si_desktop.sync import workspace as workspace_module
from si_desktop.sync.connection import Connection, scope_of
from si_desktop.sync.events import ChangeKind
from si_desktop.sync.results import record_of
from si_desktop.sync.settings import load_editor_data, save_entity_settings
from si_desktop.sync.workspace import Workspace

pytestmark = pytest.mark.anyio
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


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


async def test_reads_need_no_network(cached: Any) -> None:
    workspace, switch, events = cached
    entity_id = await seeded(workspace)
    assert events and all(e.kind is ChangeKind.REFRESHED for e in events)
    assert entity_id in set().union(*(e.clients for e in events))
    assert workspace.last_refreshed is not None
    switch.online = False
    entity = await workspace.load_client(entity_id)
    assert entity["name"] == "Kovač d.o.o."
    units = await workspace.list_units(entity_id)
    assert [unit["name"] for unit in units] == ["Trgovina"]
    unit = await workspace.load_unit(entity_id, units[0]["id"])
    assert unit["name"] == "Trgovina"
    data = await load_editor_data(workspace, entity_id, units=True, logo=True)
    assert data.logo == PNG and data.logo_source == "entity"
    assert [u["name"] for u in data.units] == ["Trgovina"]


async def test_an_offline_save_is_queued_and_sent_later(cached: Any) -> None:
    workspace, switch, events = cached
    entity_id = await seeded(workspace)
    entity = await workspace.load_client(entity_id)
    switch.online = False
    saved = await workspace.update_client(entity, {"name": "Kovač in sinovi"})
    assert saved["name"] == "Kovač in sinovi"
    assert events[-1].kind is ChangeKind.SAVED and events[-1].clients == {entity_id}
    data = await load_editor_data(workspace, entity_id)
    data = await save_entity_settings(workspace, data, {"primary_color": "#123456"})
    assert data.entity["settings"]["primary_color"] == "#123456"
    assert workspace.pending_count(entity_id) == 1  # one edit: the two merged
    assert workspace.connectivity.offline

    switch.online = True
    result = await workspace.synchronize()
    assert len(result.sent.sent) == 1 and result.waiting == 0
    api = await workspace.api()
    on_service = await api.entities.get(entity_id)
    assert on_service.name == "Kovač in sinovi"
    assert on_service.settings is not None
    assert on_service.model_dump(mode="json")["settings"]["primary_color"] == "#123456"


async def test_a_client_made_offline_shows_at_once_and_gets_its_service_id(cached: Any) -> None:
    workspace, switch, events = cached
    await seeded(workspace)
    switch.online = False
    made = await record_of(workspace.create_client(name="Nova firma", country="Slovenia"))
    assert is_local_id(made["id"])
    assert any(row.id == made["id"] for row in workspace.clients())
    unit = await record_of(workspace.create_unit(made["id"], {"name": "Poslovalnica"}))
    assert is_local_id(unit["id"])
    switch.online = True
    events.clear()
    result = await workspace.synchronize()
    service_id = result.sent.created[made["id"]]
    assert not is_local_id(service_id)
    assert [u["name"] for u in await workspace.list_units(service_id)] == ["Poslovalnica"]
    sent = [e for e in events if e.kind is ChangeKind.SENT]
    assert sent and sent[-1].renamed[made["id"]] == service_id
    assert service_id in sent[-1].clients


async def test_a_refused_change_is_raised_while_the_user_waits(cached: Any) -> None:
    workspace, _switch, _events = cached
    entity_id = await seeded(workspace)
    entity = await workspace.load_client(entity_id)
    with pytest.raises(errors.ValidationError) as raised:
        await workspace.update_client(entity, {"name": ""})
    assert raised.value.issues
    assert workspace.pending_count() == 0  # taken back out: the editor still has it


@pytest.fixture
def diffs(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every diff a save computes: the record's and the settings' (called from inside it)."""
    seen: list[str] = []
    entity_diff, settings_diff = workspace_module.entity_changes, changes_module.settings_changes

    def counted_entity(*args: Any) -> dict[str, Any]:
        seen.append("entity")
        return entity_diff(*args)

    def counted_settings(*args: Any) -> dict[str, Any]:
        seen.append("settings")
        return settings_diff(*args)

    monkeypatch.setattr(workspace_module, "entity_changes", counted_entity)
    monkeypatch.setattr(changes_module, "settings_changes", counted_settings)
    yield seen


async def test_one_settings_save_is_one_diff_one_write_and_one_change(
    cached: Any, diffs: list[str]
) -> None:
    """The editor's Save: the settings diff is made once (inside the record's diff), one
    write goes out, and one `Changes` tells the views. The write is preceded by the one
    read of the conflict check (the contract has no conditional update: the sender fetches
    the record to compare `updated_at` before it sends)."""
    workspace, switch, events = cached
    entity_id = await seeded(workspace)
    data = await load_editor_data(workspace, entity_id)
    switch.requests.clear()
    events.clear()
    diffs.clear()
    page = object()
    saved = await save_entity_settings(
        workspace, data, {**data.entity["settings"], "primary_color": "#123456"},
        initiator=page,
    )
    assert saved.entity["settings"]["primary_color"] == "#123456"
    assert diffs == ["entity", "settings"]
    assert switch.writes() == [("PATCH", f"/entities/{entity_id}", switch.writes()[0][2])]
    assert [r[:2] for r in switch.requests] == [
        ("GET", f"/entities/{entity_id}"), ("PATCH", f"/entities/{entity_id}")]
    assert len(events) == 1
    (change,) = events
    assert change.kind is ChangeKind.SAVED and change.initiator is page
    assert change.clients == {entity_id} and not change.units


async def test_a_save_that_changes_nothing_sends_and_announces_nothing(cached: Any) -> None:
    workspace, switch, events = cached
    entity_id = await seeded(workspace)
    data = await load_editor_data(workspace, entity_id)
    switch.requests.clear()
    events.clear()
    again = await save_entity_settings(workspace, data, dict(data.entity["settings"]))
    assert again is data and switch.requests == [] and events == []


def test_the_demo_keeps_one_scope_whatever_its_port() -> None:
    key = "sk_live_" + "a" * 32
    first = scope_of(Connection(base_url="http://127.0.0.1:4001", api_key=key, demo=True))
    again = scope_of(Connection(base_url="http://127.0.0.1:5002", api_key=key, demo=True))
    real = scope_of(Connection(base_url="http://127.0.0.1:4001", api_key=key))
    assert first == again != real


async def test_a_full_refresh_names_only_the_clients_that_changed(cached: Any) -> None:
    """Issue 23: a full walk of an unchanged firm announces no client (the window would read
    every one again); a client changed on the service is named."""
    workspace, _switch, events = cached
    entity_id = await seeded(workspace)
    api = await workspace.api()
    other = await api.entities.create(name="Novak s.p.", country="Slovenia")
    await workspace.refresh(full=True)
    events.clear()
    summary = await workspace.refresh(full=True)
    assert summary.kind == "full" and summary.walked
    assert set().union(*(e.clients for e in events)) == set()

    await api.entities.update(other.id, name="Novak in sin s.p.")
    await workspace.refresh(full=True)
    named = set().union(*(e.clients for e in events))
    assert other.id in named and entity_id not in named
