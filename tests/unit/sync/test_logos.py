"""Logos through the outbox, against the sandbox (in-process): queued offline and kept across a
restart, shown pending at once, uploaded once even when an answer is lost, linked through the
conflict-checked path, removals sent like updates, refusals held like any other."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from si_desktop.api import SpaceInvoicesClient
from si_desktop.store import EditKind, is_local_id
from si_desktop.sync.connection import Connection
from si_desktop.sync.events import ChangeKind
from si_desktop.sync.results import SaveResult
from si_desktop.sync.settings import load_editor_data, remove_logo, upload_logo
from si_desktop.sync.workspace import Workspace
from tests.fixtures.sandbox import ASGI_BASE_URL
from tests.unit.sync.conftest import Rig, Switch, make_client

pytestmark = pytest.mark.anyio

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99"
    b"=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="2"/>'
THEIR_PNG = PNG + b"theirs"


async def cached_client(rig: Rig, *, unit: bool = False) -> tuple[str, str | None]:
    """A client (and a unit of it) made on the service, then refreshed into the cache."""
    entity_id = await make_client(rig.server, "Pekarna Novak")
    unit_id = None
    if unit:
        unit_id = (await rig.server.business_units.create(entity_id=entity_id, name="Shop")).id
    await rig.workspace.refresh()
    return entity_id, unit_id


async def logo_files(server: SpaceInvoicesClient, entity_id: str) -> list[Any]:
    return [f async for f in server.files.iterate(entity_id=entity_id, category="logo")]


def uploads(switch: Switch) -> list[tuple[str, str, str]]:
    return [w for w in switch.writes() if w[1] == "/files"]


async def set_logo(
    workspace: Workspace, entity_id: str, unit_id: str | None = None,
    content: bytes = PNG, filename: str = "logo.png",
) -> SaveResult:
    kind = "image/svg+xml" if filename.endswith(".svg") else "image/png"
    return await workspace.set_logo(
        entity_id, unit_id, content=content, filename=filename, content_type=kind
    )


async def test_a_logo_queued_offline_survives_a_restart_and_is_sent_once(rig: Rig) -> None:
    entity_id, _ = await cached_client(rig)
    rig.switch.online = False
    result = await set_logo(rig.workspace, entity_id)
    assert result.outcome == "queued" and result.edit.kind is EditKind.SET_LOGO
    assert result.view is not None and result.view.data["settings"]["has_logo"] is True
    shown = rig.workspace.logo(entity_id)
    assert shown is not None and shown.data == PNG and shown.pending
    assert shown.source == "entity" and is_local_id(shown.file_id)

    workspace = rig.restart()  # as after a crash: the bytes were committed with the edit
    (edit,) = workspace.pending()
    shown = workspace.logo(entity_id)
    assert (edit.seq, edit.request_id) == (result.edit.seq, result.edit.request_id)
    assert shown is not None and shown.data == PNG and shown.pending
    view = workspace.client(entity_id)
    assert view is not None and view.pending_count == 1
    assert view.data["settings"]["has_logo"] is True

    rig.switch.online = True
    workspace.connectivity.try_now()
    report = await workspace.send_pending()
    assert [e.seq for e in report.sent] == [edit.seq] and report.waiting == 0
    (file,) = await logo_files(rig.server, entity_id)
    # the sandbox links a logo on upload: the link step found it there and sent nothing
    assert rig.switch.writes() == [("POST", "/files", edit.request_id)]
    after = await rig.server.entities.get(entity_id)
    assert after.settings is not None and after.settings.has_logo is True
    shown = workspace.logo(entity_id)
    assert shown is not None and not shown.pending
    assert (shown.data, shown.file_id, shown.source) == (PNG, file.id, "entity")
    assert workspace.store.outbox.file(edit.seq) is None
    assert (await workspace.send_pending()).sent == []  # nothing twice


async def test_a_lost_upload_answer_replays_without_a_second_file(rig: Rig) -> None:
    entity_id, unit_id = await cached_client(rig, unit=True)
    assert unit_id is not None
    rig.switch.lose_answers = 2  # the first try and the client's own retry
    result = await set_logo(rig.workspace, entity_id, unit_id, SVG, "unit.svg")
    assert result.outcome == "queued" and result.report is not None and result.report.offline
    (edit,) = rig.workspace.pending()
    assert edit.attempts == 1
    (arrived,) = await logo_files(rig.server, entity_id)  # it did arrive, and was linked
    unit = await rig.server.business_units.get(unit_id, entity_id=entity_id)
    assert unit.logo_file_id == arrived.id

    workspace = rig.restart()
    report = await workspace.send_pending()
    assert [e.seq for e in report.sent] == [edit.seq] and not report.problems
    assert [f.id for f in await logo_files(rig.server, entity_id)] == [arrived.id]
    assert {rid for _, _, rid in uploads(rig.switch)} == {edit.request_id}
    view = workspace.unit(unit_id)
    assert view is not None and view.data["logo_file_id"] == arrived.id
    shown = workspace.logo(entity_id, unit_id)
    assert shown is not None and not shown.pending
    assert (shown.data, shown.file_id, shown.source) == (SVG, arrived.id, "unit")


class Unlinking(httpx.AsyncBaseTransport):
    """A service that stores an upload without linking it to the unit (the sandbox links it
    itself; the contract does not say the real service does): the unit is put back as it
    was before each upload. `lose_links` drops that many answers to a PATCH after it ran."""

    def __init__(self, inner: httpx.AsyncBaseTransport, app: Any, unit_id: str) -> None:
        self.inner = inner
        self.storage = app.state.sandbox.store
        self.unit_id = unit_id
        self.lose_links = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        upload = request.method == "POST" and request.url.path == "/files"
        before = self.storage.get_unit(self.unit_id) if upload else None
        response = await self.inner.handle_async_request(request)
        if before is not None:
            self.storage.save_unit(before)
        if request.method == "PATCH" and self.lose_links > 0:
            self.lose_links -= 1
            await response.aread()
            raise httpx.ReadError("connection reset by peer", request=request)
        return response


async def test_the_link_goes_out_as_an_update_with_an_id_of_its_own(rig: Rig) -> None:
    entity_id, unit_id = await cached_client(rig, unit=True)
    assert unit_id is not None
    service = Unlinking(rig.switch.inner, rig.app, unit_id)
    rig.switch.inner = service  # type: ignore[assignment]
    service.lose_links = 2  # the link's first try and the client's own retry
    rig.workspace.enqueue_logo(entity_id, unit_id, content=PNG, filename="logo.png",
                               content_type="image/png")
    report = await rig.workspace.send_pending()
    assert report.offline and report.sent == []
    (edit,) = rig.workspace.pending()
    queued = rig.workspace.store.outbox.file(edit.seq)
    assert queued is not None and queued.file_id is not None  # the upload is done and kept
    assert edit.payload == {"logo_file_id": queued.file_id}
    patches = [w for w in rig.switch.writes() if w[0] == "PATCH"]
    assert patches == [("PATCH", f"/business-units/{unit_id}", edit.link_request_id)] * 2
    assert edit.link_request_id != edit.request_id
    unit = await rig.server.business_units.get(unit_id, entity_id=entity_id)
    assert unit.logo_file_id == queued.file_id  # the link did arrive

    workspace = rig.restart()
    report = await workspace.send_pending()
    assert [e.seq for e in report.sent] == [edit.seq]
    assert len(uploads(rig.switch)) == 1 and len(await logo_files(rig.server, entity_id)) == 1
    assert len([w for w in rig.switch.writes() if w[0] == "PATCH"]) == 2  # found, not resent
    view = workspace.unit(unit_id)
    assert view is not None and view.data["logo_file_id"] == queued.file_id


@pytest.mark.parametrize("whose", ["unit", "client"])
async def test_a_logo_changed_on_the_service_meanwhile_is_held_as_a_conflict(
    rig: Rig, whose: str
) -> None:
    entity_id, unit_id = await cached_client(rig, unit=True)
    target = unit_id if whose == "unit" else None
    rig.switch.online = False
    queued = await set_logo(rig.workspace, entity_id, target)
    assert queued.outcome == "queued"
    theirs = await rig.server.files.upload(  # someone else chooses a logo meanwhile
        entity_id=entity_id, content=THEIR_PNG, filename="theirs.png", category="logo",
        business_unit_id=target,
    )
    rig.switch.online = True
    rig.workspace.connectivity.try_now()
    report = await rig.workspace.send_pending()
    (problem,) = report.conflicts
    (conflict,) = problem.conflicts
    if whose == "unit":
        assert (conflict.label, conflict.base, conflict.theirs) == (
            "logo_file_id", None, theirs.id
        )
    else:
        assert (conflict.label, conflict.base, conflict.theirs, conflict.mine) == (
            "settings.has_logo", None, True, True
        )
    assert uploads(rig.switch) == []  # nothing of ours was uploaded
    assert [f.id for f in await logo_files(rig.server, entity_id)] == [theirs.id]
    (held,) = rig.workspace.problems()
    assert held.edit.seq == queued.edit.seq and held.kind == "conflict"
    shown = rig.workspace.logo(entity_id, target)
    assert shown is not None and shown.data == PNG and shown.pending  # still what I chose

    rig.workspace.resolve(held)  # keep mine
    report = await rig.workspace.send_pending()
    assert [e.seq for e in report.sent] == [queued.edit.seq]
    files = await logo_files(rig.server, entity_id)
    assert len(files) == 2 and len(uploads(rig.switch)) == 1
    shown = rig.workspace.logo(entity_id, target)
    assert shown is not None and shown.data == PNG and not shown.pending
    if whose == "unit":
        unit = await rig.server.business_units.get(str(unit_id), entity_id=entity_id)
        assert unit.logo_file_id == shown.file_id != theirs.id


async def test_removals_queued_offline_are_sent(rig: Rig) -> None:
    entity_id, unit_id = await cached_client(rig, unit=True)
    assert unit_id is not None
    for target, content in ((None, PNG), (unit_id, SVG)):
        await rig.server.files.upload(entity_id=entity_id, content=content, filename="l.png"
                                      if content == PNG else "l.svg", category="logo",
                                      business_unit_id=target)
    await rig.workspace.refresh()
    shown = rig.workspace.logo(entity_id, unit_id)
    assert shown is not None and (shown.data, shown.source) == (SVG, "unit")

    rig.switch.online = False
    unit_removal = await rig.workspace.remove_logo(entity_id, unit_id)
    assert unit_removal.outcome == "queued" and unit_removal.view is not None
    assert unit_removal.view.data["logo_file_id"] is None and unit_removal.view.pending_count
    shown = rig.workspace.logo(entity_id, unit_id)
    assert shown is not None and (shown.data, shown.source) == (PNG, "entity")
    client_removal = await rig.workspace.remove_logo(entity_id)
    assert client_removal.outcome == "queued" and client_removal.view is not None
    assert client_removal.view.data["settings"]["has_logo"] is False
    assert rig.workspace.logo(entity_id) is None
    assert rig.workspace.logo(entity_id, unit_id) is None

    rig.switch.online = True
    rig.workspace.connectivity.try_now()
    report = await rig.workspace.send_pending()
    assert [e.seq for e in report.sent] == [unit_removal.edit.seq, client_removal.edit.seq]
    writes = rig.switch.writes()
    assert writes == [
        ("PATCH", f"/business-units/{unit_id}", unit_removal.edit.request_id),
        ("PATCH", f"/entities/{entity_id}", client_removal.edit.request_id),
    ]
    unit = await rig.server.business_units.get(unit_id, entity_id=entity_id)
    entity = await rig.server.entities.get(entity_id)
    assert unit.logo_file_id is None
    assert entity.settings is not None and entity.settings.has_logo is False
    assert rig.workspace.logo(entity_id, unit_id) is None and rig.workspace.pending() == []


async def test_a_refused_upload_is_held_like_any_refusal(rig: Rig) -> None:
    entity_id, _ = await cached_client(rig)
    not_an_image = b"%PDF-1.7 this is no image"
    rig.workspace.enqueue_logo(entity_id, None, content=not_an_image, filename="logo.png",
                               content_type="image/png")
    report = await rig.workspace.send_pending()
    (problem,) = report.rejected
    assert problem.error is not None and problem.error.status == 422
    assert ("file",) in problem.fields
    (held,) = rig.workspace.problems()
    assert held.kind == "rejected" and held.edit.seq == problem.edit.seq
    assert await logo_files(rig.server, entity_id) == []
    rig.workspace.discard(held)
    assert rig.workspace.pending() == [] and rig.workspace.logo(entity_id) is None

    # while the user waits, a refused new logo is taken back out, file and all
    result = await set_logo(rig.workspace, entity_id, content=not_an_image)
    assert result.outcome == "rejected" and result.problem is not None
    assert rig.workspace.pending() == []
    count = rig.workspace.store.db.connection().execute("SELECT count(*) FROM outbox_files")
    assert count.fetchone() == (0,)


async def test_a_logo_for_a_unit_created_offline_waits_for_the_unit(rig: Rig) -> None:
    entity_id, _ = await cached_client(rig)
    rig.switch.online = False
    created = await rig.workspace.create_unit(entity_id, {"name": "Podružnica"})
    assert created.view is not None and created.view.is_local
    logo = await set_logo(rig.workspace, entity_id, created.view.id, SVG, "unit.svg")
    assert logo.outcome == "queued"
    shown = rig.workspace.logo(entity_id, created.view.id)
    assert shown is not None and shown.data == SVG and shown.pending

    rig.switch.online = True
    rig.workspace.connectivity.try_now()
    report = await rig.workspace.send_pending()
    assert [e.seq for e in report.sent] == [created.edit.seq, logo.edit.seq]
    unit_id = report.created[created.view.id]
    unit = await rig.server.business_units.get(unit_id, entity_id=entity_id)
    (file,) = await logo_files(rig.server, entity_id)
    assert unit.logo_file_id == file.id and file.business_unit_id == unit_id
    shown = rig.workspace.logo(entity_id, unit_id)
    assert shown is not None and shown.data == SVG and not shown.pending


async def test_the_editor_gets_the_logo_at_once_offline_and_it_is_sent_later(cached: Any) -> None:
    workspace, switch, events = cached
    api = await workspace.api()
    entity_id = (await api.entities.create(name="Kovač d.o.o.", country="Slovenia")).id
    data = await load_editor_data(workspace, entity_id, logo=True)
    assert data.logo is None
    switch.online = False
    switch.requests.clear()
    workspace.connectivity.report_failure("unplugged")
    shown = await upload_logo(workspace, data, content=PNG, filename="C:\\Logos\\kovac.png")
    assert (shown.logo, shown.logo_source) == (PNG, "entity")
    assert shown.entity["settings"]["has_logo"] is True
    assert switch.requests == []  # nothing was tried: the app knows it is offline
    assert events[-1].kind is ChangeKind.SAVED and events[-1].clients == {entity_id}
    assert workspace.pending_count(entity_id) == 1  # queued
    again = await load_editor_data(workspace, entity_id, logo=True)
    assert (again.logo, again.logo_source) == (PNG, "entity")

    switch.online = True
    result = await workspace.synchronize(open_entity_id=entity_id)
    assert len(result.sent.sent) == 1 and result.waiting == 0
    (file,) = await logo_files(api, entity_id)
    assert file.name == "kovac.png"
    removed = await remove_logo(workspace, again)
    assert (removed.logo, removed.logo_source) == (None, None)
    assert removed.entity["settings"]["has_logo"] is False
    after = await api.entities.get(entity_id)
    assert after.settings is not None and after.settings.has_logo is False


async def test_on_a_cache_in_memory_an_unsent_logo_waits_and_is_sent_once(
    sandbox_app: Any, sandbox_key: str
) -> None:
    """A workspace whose cache file could not be opened keeps the edit in memory (the window
    says so) and sends it once the service answers."""
    switch = Switch(sandbox_app)
    workspace = Workspace.in_memory(Connection(base_url=ASGI_BASE_URL, api_key=sandbox_key),
                                    transport=switch)
    try:
        api = await workspace.api()
        entity_id = (await api.entities.create(name="Kovač d.o.o.", country="Slovenia")).id
        data = await load_editor_data(workspace, entity_id)
        switch.online = False
        shown = await upload_logo(workspace, data, content=PNG, filename="logo.png")
        assert (shown.logo, shown.logo_source) == (PNG, "entity")
        assert workspace.pending_count(entity_id) == 1
        switch.online = True
        assert await logo_files(api, entity_id) == []
        await workspace.send_pending()
        assert workspace.pending_count(entity_id) == 0
        assert len(await logo_files(api, entity_id)) == 1
    finally:
        await workspace.aclose()
