"""Sending the outbox against the sandbox (in-process): order, exactly once, conflicts,
automatic merges, refusals and records created offline."""

from __future__ import annotations

import pytest

from si_desktop.store import is_local_id
from si_desktop.sync.conflicts import TAKE_MINE
from tests.unit.sync.conftest import Rig, make_client

pytestmark = pytest.mark.anyio


async def cached_client(rig: Rig, name: str = "Pekarna Novak", **fields: object) -> str:
    entity_id = await make_client(rig.server, name, **fields)
    await rig.workspace.refresh(logos=False)
    return entity_id


async def test_an_edit_made_offline_is_sent_once_with_its_request_id(rig: Rig) -> None:
    entity_id = await cached_client(rig)
    rig.switch.online = False
    result = await rig.workspace.save_client(entity_id, {"city": "Kranj"})
    assert result.outcome == "queued" and result.pending
    assert result.view is not None and result.view.data["city"] == "Kranj"
    assert result.view.pending_count == 1 and rig.workspace.connectivity.offline
    (queued,) = rig.workspace.pending()
    rig.switch.online = True
    report = await rig.workspace.send_pending()
    assert [e.seq for e in report.sent] == [queued.seq] and report.waiting == 0
    patches = [w for w in rig.switch.writes() if w[1] == f"/entities/{entity_id}"]
    assert patches == [("PATCH", f"/entities/{entity_id}", queued.request_id)]
    assert (await rig.server.entities.get(entity_id)).city == "Kranj"
    view = rig.workspace.client(entity_id)
    assert view is not None and view.pending_count == 0 and view.data["city"] == "Kranj"
    assert (await rig.workspace.send_pending()).sent == []  # nothing twice


async def test_a_lost_answer_is_confirmed_by_reading_the_record_not_by_sending_again(
    rig: Rig,
) -> None:
    entity_id = await cached_client(rig)
    rig.switch.lose_answers = 2  # the first try and the client's own retry
    report = await rig.workspace.send_pending()  # nothing queued yet
    result = await rig.workspace.save_client(entity_id, {"name": "Novak d.o.o."})
    assert result.outcome == "queued" and result.report is not None and result.report.offline
    (edit,) = rig.workspace.pending()
    assert edit.attempts == 1
    assert (await rig.server.entities.get(entity_id)).name == "Novak d.o.o."  # it did arrive
    rig.switch.requests.clear()
    workspace = rig.restart()
    report = await workspace.send_pending()
    assert [e.seq for e in report.sent] == [edit.seq] and workspace.pending() == []
    assert rig.switch.writes() == []  # confirmed from the record, nothing sent again


async def test_a_create_whose_answer_was_lost_makes_one_client(rig: Rig) -> None:
    rig.switch.lose_answers = 2
    result = await rig.workspace.create_client(name="Mizarstvo Kos", country="Slovenia")
    assert result.outcome == "queued" and result.view is not None and result.view.is_local
    workspace = rig.restart()
    report = await workspace.send_pending()
    assert len(report.sent) == 1
    page = await rig.server.entities.list(search="Mizarstvo Kos")
    assert len(page.data) == 1
    (row,) = [r for r in workspace.clients() if r.name == "Mizarstvo Kos"]
    assert row.id == page.data[0].id and row.pending_edits == 0


async def test_conflict_on_one_field_and_automatic_merge_on_another(rig: Rig) -> None:
    entity_id = await cached_client(rig, city="Ljubljana", phone="01 111")
    rig.switch.online = False
    await rig.workspace.save_client(entity_id, {"city": "Kranj", "name": "Novak & Co"})
    rig.switch.online = True
    await rig.server.entities.update(entity_id, city="Celje", phone="01 222")  # someone else
    report = await rig.workspace.send_pending()
    (problem,) = report.conflicts
    assert [(c.label, c.base, c.theirs, c.mine) for c in problem.conflicts] == [
        ("city", "Ljubljana", "Celje", "Kranj")
    ]
    assert report.sent == [] and report.waiting == 1
    (held,) = rig.workspace.problems()
    assert held.edit.payload == {"city": "Kranj", "name": "Novak & Co"}  # nothing discarded
    view = rig.workspace.client(entity_id)
    assert view is not None and view.has_conflict and view.data["phone"] == "01 222"
    assert view.data["city"] == "Kranj"  # what the user typed is still shown
    rig.workspace.resolve(held, {"city": TAKE_MINE})
    report = await rig.workspace.send_pending()
    assert len(report.sent) == 1 and report.waiting == 0
    after = await rig.server.entities.get(entity_id)
    assert (after.city, after.name, after.phone) == ("Kranj", "Novak & Co", "01 222")


async def test_an_automatic_merge_sends_only_my_fields(rig: Rig) -> None:
    entity_id = await cached_client(rig, city="Ljubljana")
    rig.switch.online = False
    await rig.workspace.save_client(entity_id, {"name": "Renamed"})
    rig.switch.online = True
    await rig.server.entities.update(entity_id, city="Celje")
    report = await rig.workspace.send_pending()
    assert len(report.sent) == 1 and len(report.merged) == 1 and not report.problems
    after = await rig.server.entities.get(entity_id)
    assert (after.name, after.city) == ("Renamed", "Celje")


async def test_edits_of_a_held_record_wait_while_other_records_go_on(rig: Rig) -> None:
    first = await make_client(rig.server, "Prvi")
    second = await make_client(rig.server, "Drugi")
    await rig.workspace.refresh(logos=False)
    rig.switch.online = False
    await rig.workspace.save_client(first, {"city": "Kranj"})
    rig.workspace.connectivity.try_now()
    rig.switch.online = True
    await rig.server.entities.update(first, city="Celje")
    report = await rig.workspace.send_pending()
    assert len(report.conflicts) == 1
    rig.workspace.enqueue_client_changes(first, {"email": "a@prvi.si"})
    rig.workspace.enqueue_client_changes(second, {"email": "b@drugi.si"})
    report = await rig.workspace.send_pending()
    assert [e.target_id for e in report.sent] == [second]
    assert [e.target_id for e in rig.workspace.pending()] == [first, first]
    assert (await rig.server.entities.get(first)).email is None


async def test_a_refused_change_is_held_and_can_be_corrected(rig: Rig) -> None:
    entity_id = await cached_client(rig)
    rig.workspace.enqueue_client_changes(entity_id, {"settings": {"primary_color": "blue"}})
    report = await rig.workspace.send_pending()
    (problem,) = report.rejected
    assert problem.kind == "rejected" and problem.error is not None
    assert ("settings", "primary_color") in problem.fields
    (held,) = rig.workspace.problems()
    assert held.kind == "rejected" and held.message
    rig.workspace.resolve(held, {"settings.primary_color": "#1D4ED8"})
    report = await rig.workspace.send_pending()
    assert len(report.sent) == 1
    after = await rig.server.entities.get(entity_id)
    assert after.settings is not None and after.settings.primary_color == "#1D4ED8"


async def test_a_save_refused_while_the_user_waits_comes_back_as_a_problem(rig: Rig) -> None:
    entity_id = await cached_client(rig)
    result = await rig.workspace.save_client(entity_id, {"email": "x" * 300})
    assert result.outcome == "rejected" and result.problem is not None
    assert result.problem.fields and result.problem.fields[0][0] == "email"
    assert rig.workspace.pending() == []  # the editor still holds the value; no stuck edit


async def test_a_client_and_its_unit_created_offline_get_their_service_ids(rig: Rig) -> None:
    rig.switch.online = False
    client = await rig.workspace.create_client(name="Cvetličarna Roža", country="Slovenia",
                                               city="Bled")
    assert client.view is not None
    local_client = client.view.id
    assert is_local_id(local_client) and client.view.data["currency_code"] == "EUR"
    (row,) = [r for r in rig.workspace.clients() if r.id == local_client]
    assert row.pending_edits == 1 and row.name == "Cvetličarna Roža"
    unit = await rig.workspace.create_unit(local_client, {"name": "Trgovina Bled"})
    assert unit.view is not None and is_local_id(unit.view.id)
    renamed = await rig.workspace.save_unit(local_client, unit.view.id, {"name": "Roža Bled"})
    assert renamed.view is not None and renamed.view.data["name"] == "Roža Bled"
    assert [v.data["name"] for v in rig.workspace.units(local_client)] == ["Roža Bled"]
    rig.switch.online = True
    rig.workspace.connectivity.try_now()
    report = await rig.workspace.send_pending()
    assert len(report.sent) == 2 and report.waiting == 0
    service_client = report.created[local_client]
    service_unit = report.created[unit.view.id]
    assert rig.workspace.client(local_client) is None
    view = rig.workspace.client(service_client)
    assert view is not None and view.data["city"] == "Bled" and not view.is_local
    units = await rig.server.business_units.list(entity_id=service_client)
    assert [(u.id, u.name) for u in units.data] == [(service_unit, "Roža Bled")]
    assert [v.id for v in rig.workspace.units(service_client)] == [service_unit]


async def test_archive_enable_and_disable_go_through_the_queue(rig: Rig) -> None:
    entity_id = await cached_client(rig)
    unit = await rig.server.business_units.create(entity_id=entity_id, name="Shop")
    await rig.workspace.refresh(logos=False)
    rig.switch.online = False
    await rig.workspace.archive_unit(entity_id, unit.id)
    await rig.workspace.set_client_enabled(entity_id, False)
    assert rig.workspace.units(entity_id, include_archived=False) == []
    view = rig.workspace.client(entity_id)
    assert view is not None and view.data["is_enabled"] is False
    rig.switch.online = True
    rig.workspace.connectivity.try_now()
    report = await rig.workspace.send_pending()
    assert len(report.sent) == 2
    archived = await rig.server.business_units.get(unit.id, entity_id=entity_id,
                                                   include_archived=True)
    assert archived.is_archived
    assert (await rig.server.entities.get(entity_id)).is_enabled is False
