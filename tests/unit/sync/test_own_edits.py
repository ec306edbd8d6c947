"""The user's own edits recognised (S4): a save that reached the service but whose answer was
lost (the connection reset, a 500 after the write, `kill -9`), then edited again, is never
shown as a conflict with itself; a value someone else set still is a conflict."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from si_desktop.store import EditKind, Scope, Store
from si_desktop.sync.conflicts import TAKE_THEIRS, three_way
from tests.unit.sync.conftest import Rig, make_client

pytestmark = pytest.mark.anyio


async def cached_client(rig: Rig) -> str:
    entity_id = await make_client(rig.server, "Pekarna Novak", city="Ljubljana")
    await rig.workspace.refresh(logos=False)
    return entity_id


def fail_after_write(rig: Rig, answers: int) -> None:
    """The next `answers` writes run on the sandbox, then come back as 500."""
    original = rig.switch.handle_async_request
    left = [answers]

    async def failing(request: httpx.Request) -> httpx.Response:
        response = await original(request)
        if request.method != "GET" and left[0] > 0:
            left[0] -= 1
            await response.aread()
            return httpx.Response(500, json={"code": "internal", "message": "oops"})
        return response

    rig.switch.handle_async_request = failing  # type: ignore[method-assign]


async def save_then_edit_again(rig: Rig, entity_id: str) -> None:
    """"Kranj" is saved and reaches the service, but its answer does not; then the user
    types "Bled" in the same field."""
    first = await rig.workspace.save_client(entity_id, {"city": "Kranj"})
    assert first.outcome == "queued"  # not confirmed
    assert (await rig.server.entities.get(entity_id)).city == "Kranj"  # it did arrive
    await rig.workspace.save_client(entity_id, {"city": "Bled"})


async def assert_sent_without_conflict(rig: Rig, entity_id: str) -> None:
    rig.workspace.connectivity.try_now()
    result = await rig.workspace.synchronize(logos=False)
    assert result.held == [] and result.conflicts == [], [
        (c.label, c.theirs, c.mine) for p in result.held for c in p.conflicts
    ]
    assert result.waiting == 0
    assert (await rig.server.entities.get(entity_id)).city == "Bled"
    view = rig.workspace.client(entity_id)
    assert view is not None and view.data["city"] == "Bled" and view.pending_count == 0


async def test_a_lost_answer_then_the_same_field_again_is_no_conflict(rig: Rig) -> None:
    entity_id = await cached_client(rig)
    rig.switch.lose_answers = 2  # the first try and the client's own retry
    await save_then_edit_again(rig, entity_id)
    await assert_sent_without_conflict(rig, entity_id)


async def test_a_500_after_the_write_then_the_same_field_again_is_no_conflict(
    rig: Rig,
) -> None:
    entity_id = await cached_client(rig)
    fail_after_write(rig, 2)
    await save_then_edit_again(rig, entity_id)
    await assert_sent_without_conflict(rig, entity_id)


async def test_the_offline_sequence_is_no_conflict(rig: Rig) -> None:
    """Saved; the connection drops with the answer on its way; offline, the same field is
    edited again; back online, the sync refreshes first, then sends."""
    entity_id = await cached_client(rig)
    rig.switch.lose_answers = 2
    first = await rig.workspace.save_client(entity_id, {"city": "Kranj"})
    assert first.report is not None and first.report.offline
    rig.switch.online = False
    second = await rig.workspace.save_client(entity_id, {"city": "Bled"})
    assert second.outcome == "queued"
    assert [e.payload for e in rig.workspace.pending()] == [{"city": "Kranj"},
                                                            {"city": "Bled"}]
    rig.switch.online = True
    await assert_sent_without_conflict(rig, entity_id)


async def test_killed_after_the_write_then_edited_again_after_the_restart(rig: Rig) -> None:
    entity_id = await cached_client(rig)
    rig.switch.lose_answers = 2  # what the process knew when it was killed
    await rig.workspace.save_client(entity_id, {"city": "Kranj"})
    workspace = rig.restart()
    workspace.enqueue_client_changes(entity_id, {"city": "Bled"})
    await assert_sent_without_conflict(rig, entity_id)


async def test_setting_my_earlier_value_back_is_sent_too(rig: Rig) -> None:
    """The first save ("Kranj") arrived unanswered; the user goes back to "Ljubljana", the
    value the edits started from: the service must end with it, not keep "Kranj"."""
    entity_id = await cached_client(rig)
    rig.switch.lose_answers = 2
    await rig.workspace.save_client(entity_id, {"city": "Kranj"})
    rig.workspace.enqueue_client_changes(entity_id, {"city": "Ljubljana"})
    rig.workspace.connectivity.try_now()
    result = await rig.workspace.synchronize(logos=False)
    assert result.held == [] and result.waiting == 0
    assert (await rig.server.entities.get(entity_id)).city == "Ljubljana"


async def test_a_value_someone_else_set_is_still_a_conflict(rig: Rig) -> None:
    entity_id = await cached_client(rig)
    rig.switch.lose_answers = 2
    await save_then_edit_again(rig, entity_id)
    await rig.server.entities.update(entity_id, city="Celje")  # after mine arrived
    rig.workspace.connectivity.try_now()
    report = await rig.workspace.send_pending()
    (held,) = report.conflicts  # my first edit: Celje is theirs
    assert [(c.label, c.theirs, c.mine) for c in held.conflicts] == [("city", "Celje",
                                                                      "Kranj")]
    rig.workspace.resolve(held, {"city": TAKE_THEIRS})  # drops it
    report = await rig.workspace.send_pending()
    (second,) = report.conflicts  # my second edit: Celje is still theirs, not mine
    assert [(c.label, c.theirs, c.mine) for c in second.conflicts] == [("city", "Celje",
                                                                        "Bled")]
    assert (await rig.server.entities.get(entity_id)).city == "Celje"


async def test_an_edit_the_service_holds_already_is_done_without_a_request(rig: Rig) -> None:
    entity_id = await cached_client(rig)
    rig.workspace.enqueue_client_changes(entity_id, {"name": "Pekarna Novak",
                                                     "city": "Ljubljana"})
    rig.switch.requests.clear()
    report = await rig.workspace.send_pending()
    assert len(report.sent) == 1 and rig.workspace.pending() == []
    assert rig.switch.writes() == []


# --- the pieces ------------------------------------------------------------------------------


def test_a_value_of_my_own_is_not_theirs() -> None:
    base = {"city": "Ljubljana", "settings": {"primary_color": "#111111"}}
    theirs = {"city": "Kranj", "settings": {"primary_color": "#222222"}}
    mine = {"city": "Bled", "settings": {"primary_color": "#333333"}}
    own = [{"city": "Kranj"}, {"settings": {"primary_color": "#222222"}}]
    result = three_way(mine, base, theirs, own)
    assert result.clean and result.body == mine
    assert three_way(mine, base, theirs).conflicts  # without them: both fields conflict
    other = three_way(mine, base, {**theirs, "city": "Celje"}, own)
    assert [c.label for c in other.conflicts] == ["city"]


def test_the_outbox_remembers_what_was_sent_and_hands_it_on(store: Store) -> None:
    scope = Scope("fp_own", "live")
    ent = "ent_" + "a" * 24
    first = store.outbox.enqueue(scope, EditKind.UPDATE_ENTITY, ent, {"city": "Kranj"})
    assert first.sent == ()
    tried = store.outbox.note_attempt(first.seq)
    assert tried.sent == ({"city": "Kranj"},)
    second = store.outbox.enqueue(scope, EditKind.UPDATE_ENTITY, ent, {"city": "Bled"})
    other = store.outbox.enqueue(scope, EditKind.UPDATE_ENTITY, "ent_" + "b" * 24,
                                 {"city": "Ptuj"})
    assert second.seq != first.seq and second.sent == ()
    assert store.outbox.mark_sent(first.seq)
    handed = store.outbox.get(second.seq)
    assert handed is not None and handed.sent == ({"city": "Kranj"},)
    assert store.outbox.get(other.seq) == other  # another record's edit is not touched
    for _ in range(20):
        store.outbox.note_attempt(second.seq)
    kept = store.outbox.get(second.seq)
    assert kept is not None and kept.sent == ({"city": "Kranj"}, {"city": "Bled"})


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open_in(tmp_path) as opened:
        yield opened


def test_an_edit_queued_by_an_older_release_has_sent_nothing(tmp_path: Path) -> None:
    from tests.unit.store.test_schema import SCOPE as V1_SCOPE
    from tests.unit.store.test_schema import build_v1

    path = tmp_path / "cache.sqlite3"
    build_v1(path)
    with Store.open(path) as store:  # migrations 2, 3 and 4
        (edit,) = store.outbox.list(V1_SCOPE)
        assert edit.sent == () and edit.payload == {"name": "Renamed"}
        assert store.outbox.note_attempt(edit.seq).sent == ({"name": "Renamed"},)
