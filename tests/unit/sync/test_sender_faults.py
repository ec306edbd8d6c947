"""One bad record or one failing edit never stops the outbox (S2): an answer not shaped as
the contract says, a lone surrogate, JSON nested 100,000 deep, an id of the wrong shape or an
exception nobody foresaw holds that one edit ("failed", with a reason), the rest is sent,
`synchronize()` returns its result, and the held edit can be tried again or dropped."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable

import httpx
import pytest

from si_desktop.store import EditKind
from si_desktop.sync.events import ChangeKind, Changes
from tests.unit.sync.conftest import Rig, make_client

pytestmark = pytest.mark.anyio

FORGED_ID = "ent_../../accounts"  # not `ent_<24 hex>`: never goes into a URL
OTHER_ID = "ent_" + "f" * 24


def forge(
    rig: Rig, path: str, answer: Callable[[], bytes | BaseException], *, method: str = "GET"
) -> Callable[[], None]:
    """`method path` answers 200 with `answer()`'s bytes, or raises what it returns, while
    the sandbox still runs every other request. A write still runs on the sandbox: only its
    answer is replaced. Returns the undo."""
    original = rig.switch.handle_async_request

    async def forged(request: httpx.Request) -> httpx.Response:
        if request.method == method and request.url.path == path:
            made = answer()
            if isinstance(made, BaseException):
                raise made
            if method != "GET":
                await (await original(request)).aread()
            return httpx.Response(200, content=made,
                                  headers={"content-type": "application/json"})
        return await original(request)

    rig.switch.handle_async_request = forged  # type: ignore[method-assign]

    def undo() -> None:
        rig.switch.handle_async_request = original  # type: ignore[method-assign]

    return undo


def record_text(entity_id: str, **fields: object) -> bytes:
    return json.dumps({"id": entity_id, "name": "Pekarna Novak", "country": "Slovenia",
                       "updated_at": "2030-01-01T00:00:00.000Z", **fields}).encode()


def deep_json(entity_id: str) -> bytes:
    depth = 100_000
    return (f'{{"id": "{entity_id}", "metadata": {{"x": ' + "[" * depth + "]" * depth
            + "}}").encode()


# A lone surrogate is no longer a bad answer: the client reads it as U+FFFD (tests/unit/api/
# test_malformed_records.py), so such a record is an ordinary, readable one.
BAD_ANSWERS: dict[str, Callable[[str], bytes | BaseException]] = {
    "nested 100,000 deep": deep_json,
    "another record's id": lambda _entity_id: record_text(OTHER_ID),
    "not JSON": lambda _entity_id: b"<html>Bad gateway</html>",
    "a ValueError": lambda _entity_id: ValueError("something nobody foresaw"),
    "a RecursionError": lambda _entity_id: RecursionError("maximum recursion depth exceeded"),
}


async def two_clients_with_edits(rig: Rig) -> tuple[str, str]:
    bad = await make_client(rig.server, "Pekarna Novak", city="Ljubljana")
    good = await make_client(rig.server, "Mizarstvo Kos", city="Celje")
    await rig.workspace.refresh(logos=False)
    rig.workspace.enqueue_client_changes(bad, {"city": "Kranj"})
    rig.workspace.enqueue_client_changes(good, {"city": "Bled"})
    return bad, good


@pytest.mark.parametrize("case", sorted(BAD_ANSWERS))
async def test_a_bad_answer_for_one_edit_holds_it_and_the_rest_is_sent(
    rig: Rig, case: str
) -> None:
    bad, good = await two_clients_with_edits(rig)
    undo = forge(rig, f"/entities/{bad}", lambda: BAD_ANSWERS[case](bad))
    result = await rig.workspace.synchronize(logos=False)  # does not raise
    assert not result.offline
    assert [e.target_id for e in result.sent.sent] == [good]
    assert (await rig.server.entities.get(good)).city == "Bled"
    (held,) = result.held
    assert held.kind == "failed" and held.edit.target_id == bad
    assert held.message and "\n" not in held.message and len(held.message) <= 300
    assert result.failed == [held] and result.waiting == 1
    (problem,) = rig.workspace.problems(bad)  # kept across runs, with its reason
    assert problem.kind == "failed" and problem.message == held.message
    # the next run does not try it again by itself, and nothing else waits behind it
    rig.switch.requests.clear()
    again = await rig.workspace.synchronize(logos=False)
    assert again.error is None and again.sent.problems == []
    assert not [r for r in rig.switch.requests if r[1] == f"/entities/{bad}"]
    # once the service answers properly, "Try again" sends it
    undo()
    retried = rig.workspace.retry_edit(problem)
    assert retried is not None and retried.state == "pending"
    report = await rig.workspace.send_pending()
    assert [e.target_id for e in report.sent] == [bad] and rig.workspace.pending() == []
    assert (await rig.server.entities.get(bad)).city == "Kranj"


async def test_a_refresh_that_fails_on_a_bad_record_still_sends_the_queue(rig: Rig) -> None:
    bad, good = await two_clients_with_edits(rig)
    depth = 100_000  # a list page nested too deep
    body = ('{"data": [' + "[" * depth + "]" * depth + '], "pagination": {}}').encode()
    forge(rig, "/entities", lambda: body)
    result = await rig.workspace.synchronize(logos=False)
    assert result.error is not None and not result.offline
    assert sorted(e.target_id for e in result.sent.sent) == sorted([bad, good])
    assert result.waiting == 0


async def test_an_id_of_the_wrong_shape_holds_its_edit_which_can_be_dropped(rig: Rig) -> None:
    good = await make_client(rig.server, "Mizarstvo Kos")
    await rig.workspace.refresh(logos=False)
    # a record the cache took in with an id not shaped as the contract says
    rig.store.entities.upsert(rig.workspace.scope, [
        {"id": FORGED_ID, "name": "Forged", "updated_at": "2024-01-01T00:00:00.000Z"}
    ])
    rig.workspace.enqueue_client_changes(FORGED_ID, {"city": "Kranj"})
    rig.workspace.enqueue_client_enabled(FORGED_ID, False)  # waits behind the held edit
    rig.workspace.enqueue_client_changes(good, {"city": "Bled"})
    events: list[Changes] = []
    rig.workspace.changes.subscribe(events.append)
    result = await rig.workspace.synchronize(logos=False)
    assert [e.target_id for e in result.sent.sent] == [good]
    (held,) = result.held
    assert held.kind == "failed" and held.edit.kind is EditKind.UPDATE_ENTITY
    assert "ValueError" in (held.message or "")
    assert result.waiting == 2
    events.clear()
    rig.workspace.discard(held)
    assert [e.kind for e in rig.workspace.pending()] == [EditKind.DISABLE_ENTITY]
    (dropped,) = events
    assert dropped.kind is ChangeKind.DISCARDED and dropped.queue
    assert dropped.clients == frozenset({FORGED_ID})


async def test_a_store_that_cannot_keep_an_answer_holds_only_that_edit(
    rig: Rig, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad, good = await two_clients_with_edits(rig)
    real = rig.store.entities.upsert

    def refusing(scope: object, records: list[dict[str, object]], **kw: object) -> object:
        if any(r.get("id") == bad for r in records):
            raise UnicodeEncodeError("utf-8", "\ud83d", 0, 1, "surrogates not allowed")
        return real(scope, records, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(rig.store.entities, "upsert", refusing)
    report = await rig.workspace.send_pending()
    assert [e.target_id for e in report.sent] == [good]
    (held,) = report.failed
    assert held.edit.target_id == bad and "UnicodeEncodeError" in (held.message or "")
    assert report.outcome_of(held.edit.seq) == "failed"


async def test_a_new_client_whose_answer_could_not_be_read_is_tried_again_without_a_twin(
    rig: Rig,
) -> None:
    undo = forge(rig, "/entities", lambda: b'{"id": "ent_<script>", "name": "x"}',
                 method="POST")
    result = await rig.workspace.create_client(name="Cvetličarna Roža", country="Slovenia")
    assert result.outcome == "failed" and result.problem is not None
    assert result.view is not None and result.view.is_local  # still shown, held
    undo()
    (problem,) = rig.workspace.problems()
    retried = rig.workspace.retry_edit(problem)
    assert retried is not None and retried.request_id == problem.edit.request_id
    report = await rig.workspace.send_pending()
    assert len(report.sent) == 1 and rig.workspace.pending() == []
    page = await rig.server.entities.list(search="Cvetličarna Roža")
    assert len(page.data) == 1  # the replay answered with the first client, not a second
    assert report.created[problem.edit.target_id] == page.data[0].id


async def test_try_again_on_a_refusal_uses_a_fresh_request_id_and_is_announced(
    rig: Rig,
) -> None:
    entity_id = await make_client(rig.server, "Pekarna Novak")
    await rig.workspace.refresh(logos=False)
    rig.workspace.enqueue_client_changes(entity_id, {"settings": {"primary_color": "blue"}})
    (refused,) = (await rig.workspace.send_pending()).rejected
    events: list[Changes] = []
    rig.workspace.changes.subscribe(events.append)
    retried = rig.workspace.retry_edit(refused)
    assert retried is not None and retried.state == "pending"
    assert retried.request_id != refused.edit.request_id  # the old one replays the 422
    (announced,) = events
    assert announced.kind is ChangeKind.RESOLVED and announced.clients == {entity_id}
    again = await rig.workspace.send_pending()
    assert [p.kind for p in again.problems] == ["rejected"]  # refused on its merits again
    assert rig.workspace.retry_edit(10_000) is None  # no such edit: nothing to do


async def test_a_busy_cache_is_no_fault_of_the_edit_it_stays_queued(
    rig: Rig, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad, _good = await two_clients_with_edits(rig)

    def busy(*_args: object, **_kw: object) -> None:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(rig.store.entities, "upsert", busy)
    result = await rig.workspace.synchronize(logos=False)  # does not raise
    assert result.error is not None and "OperationalError" in result.error.message
    assert result.held == [] and result.waiting == 2
    assert [e.state for e in rig.workspace.pending()] == ["pending", "pending"]
    assert rig.workspace.pending()[0].target_id == bad
