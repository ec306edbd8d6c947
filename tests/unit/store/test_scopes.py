"""Two accounts, or live and sandbox of one, never see each other's rows."""

from __future__ import annotations

import pytest

from si_desktop.store import EditKind, Scope, ScopeCounts, Store
from si_desktop.store.scopes import environment_of_key
from tests.unit.store.conftest import LIVE, OTHER, SANDBOX, entity, entity_id, unit


def test_a_scope_is_a_fingerprint_never_the_key() -> None:
    key = "sk_live_0123456789abcdef0123456789abcdef"
    scope = Scope.for_api_key(key, base_url="https://eu.spaceinvoices.com/")
    assert scope.environment == "live"
    assert key not in scope.account and key[8:] not in scope.account
    assert scope == Scope.for_api_key(key, base_url="https://EU.spaceinvoices.com")
    assert scope != Scope.for_api_key(key, base_url="http://127.0.0.1:8000")
    assert Scope.for_api_key("ek_sandbox_x").environment == "sandbox"
    with pytest.raises(ValueError):
        Scope(key, "live")
    with pytest.raises(ValueError):
        Scope("fp_x", "staging")
    with pytest.raises(ValueError):
        environment_of_key("demo-key")
    assert Scope.for_api_key("demo-key", environment="sandbox").environment == "sandbox"


def test_colliding_ids_stay_apart(store: Store) -> None:
    same = entity_id(1)
    store.entities.upsert(LIVE, [entity(1, name="live one")])
    store.entities.upsert(SANDBOX, [entity(1, name="sandbox one")])
    store.entities.upsert(OTHER, [entity(1, name="other account's")])
    store.units.upsert(LIVE, [unit(1, 1, 1, name="live unit")])
    store.units.upsert(OTHER, [unit(1, 1, 1, name="other unit")])
    store.files.put(LIVE, "file_1", b"live")
    store.files.put(SANDBOX, "file_1", b"sandbox")
    store.outbox.enqueue(LIVE, EditKind.UPDATE_ENTITY, same, {"name": "A"})
    store.outbox.enqueue(SANDBOX, EditKind.UPDATE_ENTITY, same, {"name": "B"})
    store.prefs.set(LIVE, "last_client", "live")

    assert store.entities.get(LIVE, same)["name"] == "live one"  # type: ignore[index]
    assert store.entities.get(SANDBOX, same)["name"] == "sandbox one"  # type: ignore[index]
    assert store.entities.get(OTHER, same)["name"] == "other account's"  # type: ignore[index]
    assert [u["name"] for u in store.units.for_entity(OTHER, same)] == ["other unit"]
    assert store.units.for_entity(SANDBOX, same) == []
    assert store.files.get(SANDBOX, "file_1").data == b"sandbox"  # type: ignore[union-attr]
    assert store.files.get(OTHER, "file_1") is None
    # two edits for the same id in two scopes are two edits, not one merged
    assert [e.payload for e in store.outbox.list(LIVE)] == [{"name": "A"}]
    assert [e.payload for e in store.outbox.list(SANDBOX)] == [{"name": "B"}]
    assert store.outbox.list(OTHER) == []
    assert store.prefs.get(SANDBOX, "last_client") is None
    assert [r.pending_edits for r in store.entities.switcher_rows(OTHER)] == [0]
    assert [r.business_units for r in store.entities.switcher_rows(SANDBOX)] == [0]
    # a refresh of one scope deletes nothing of another
    store.entities.delete_missing(OTHER, [])
    assert store.entities.count(LIVE) == 1 and store.entities.count(SANDBOX) == 1


def test_unknown_scope_reads_are_empty_and_create_nothing(store: Store) -> None:
    ghost = Scope("fp_ghost", "live")
    assert store.entities.switcher_rows(ghost) == []
    assert store.entities.get(ghost, entity_id(1)) is None
    assert store.outbox.list(ghost) == []
    assert store.scopes.counts(ghost) == ScopeCounts()
    assert store.scopes.list() == []


def test_listing_scopes_with_counts(store: Store) -> None:
    store.entities.upsert(LIVE, [entity(1), entity(2)], fetched_at="2026-02-01T00:00:00.000Z")
    store.units.upsert(LIVE, [unit(1, 1, 1)])
    store.files.put(LIVE, "file_1", b"12345")
    store.outbox.enqueue(SANDBOX, EditKind.ENABLE_ENTITY, entity_id(1))
    summaries = {s.scope: s for s in store.scopes.list()}
    assert set(summaries) == {LIVE, SANDBOX}
    assert summaries[LIVE].counts == ScopeCounts(
        entities=2, business_units=1, files=1, file_bytes=5, queued_edits=0, preferences=0
    )
    assert summaries[LIVE].last_fetched_at == "2026-02-01T00:00:00.000Z"
    assert summaries[SANDBOX].counts.queued_edits == 1


def test_clearing_a_scope_keeps_queued_edits_unless_asked(store: Store) -> None:
    store.entities.upsert(LIVE, [entity(1), entity(2)])
    store.units.upsert(LIVE, [unit(1, 1, 1)])
    store.prefs.set(LIVE, "last_client", entity_id(1))
    store.outbox.enqueue(LIVE, EditKind.UPDATE_ENTITY, entity_id(1), {"name": "mine"})
    store.entities.upsert(OTHER, [entity(1)])

    cleared = store.scopes.clear(LIVE)
    assert cleared == ScopeCounts(entities=2, business_units=1, preferences=1)
    assert store.entities.count(LIVE) == 0 and store.outbox.count(LIVE) == 1
    assert store.entities.count(OTHER) == 1

    everything = store.scopes.clear(LIVE, include_queued_edits=True)
    assert everything == ScopeCounts(queued_edits=1)
    assert store.outbox.count(LIVE) == 0
    assert [s.scope for s in store.scopes.list()] == [OTHER]
