from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from si_desktop.store import EditKind, OutboxError, Store, is_local_id, merge_payloads, new_local_id
from si_desktop.store.outbox import DEEP_SETTINGS_KEYS
from tests.unit.store.conftest import LIVE, entity, entity_id, unit_id

E1, E2 = entity_id(1), entity_id(2)


def test_edits_are_listed_in_the_order_they_were_made(store: Store) -> None:
    first = store.outbox.enqueue(LIVE, "update_entity", E1, {"name": "A"}, base_updated_at="t0")
    second = store.outbox.enqueue(LIVE, EditKind.DISABLE_ENTITY, E2)
    third = store.outbox.enqueue(
        LIVE, EditKind.CREATE_UNIT, new_local_id("unit"), {"name": "Shop"}, entity_id=E2
    )
    edits = store.outbox.list(LIVE)
    assert [e.seq for e in edits] == [first.seq, second.seq, third.seq]
    assert edits[0].kind is EditKind.UPDATE_ENTITY
    assert edits[0].payload == {"name": "A"} and edits[0].base_updated_at == "t0"
    assert edits[0].entity_id == E1 and edits[2].entity_id == E2
    assert edits[0].state == "pending" and edits[0].attempts == 0 and edits[0].last_error is None
    assert edits[0].created_at and edits[0].scope == LIVE
    assert len({e.request_id for e in edits}) == 3
    assert edits[2].is_local_target and not edits[0].is_local_target
    assert [e.seq for e in store.outbox.list(LIVE, entity_id=E2)] == [second.seq, third.seq]


def test_local_ids_never_have_the_service_id_shape() -> None:
    local = new_local_id("ent")
    assert is_local_id(local) and not local.startswith("ent_")
    assert not is_local_id(entity_id(1))


def test_the_request_id_is_stable_across_attempts_and_reopening(store: Store) -> None:
    edit = store.outbox.enqueue(LIVE, EditKind.UPDATE_ENTITY, E1, {"name": "A"})
    tried = store.outbox.note_attempt(edit.seq)
    store.outbox.note_failure(edit.seq, "timed out")
    again = store.outbox.note_attempt(edit.seq)
    assert tried.request_id == again.request_id == edit.request_id
    assert again.attempts == 2
    path = store.path
    store.close()
    with Store.open(path) as reopened:
        (kept,) = reopened.outbox.list(LIVE)
        assert kept.request_id == edit.request_id
        assert kept.last_error == "timed out" and kept.attempts == 2


def test_sent_edits_leave_the_queue(store: Store) -> None:
    edit = store.outbox.enqueue(LIVE, EditKind.ENABLE_ENTITY, E1)
    assert store.outbox.mark_sent(edit.seq)
    assert not store.outbox.mark_sent(edit.seq)
    assert store.outbox.list(LIVE) == []


def test_editing_again_merges_into_the_waiting_edit(store: Store) -> None:
    cached = entity(1)
    first = store.outbox.enqueue(
        LIVE, EditKind.UPDATE_ENTITY, E1,
        {"name": "A", "settings": {"document_footer": "F1"}},
        base_updated_at="t0", base_record=cached,
    )
    merged = store.outbox.enqueue(
        LIVE, EditKind.UPDATE_ENTITY, E1,
        {"city": "Maribor", "settings": {"number_formats": {"invoice": "{nnn}"},
                                         "document_footer": "F2"}},
        base_updated_at="t1", base_record=cached,
    )
    assert merged.seq == first.seq and merged.request_id == first.request_id
    assert merged.base_updated_at == "t0"  # still one change against what the user started from
    assert merged.payload == {
        "name": "A",
        "city": "Maribor",
        "settings": {"document_footer": "F2", "number_formats": {"invoice": "{nnn}"}},
    }
    assert merged.base == {
        "name": "Client 1",
        "city": "Ljubljana",
        "settings": {"document_footer": None, "number_formats": {"invoice": "{yyyy}-{nnnnn}"}},
    }
    assert store.outbox.count(LIVE) == 1


def test_the_first_known_base_value_wins_when_merging(store: Store) -> None:
    store.outbox.enqueue(
        LIVE, EditKind.UPDATE_ENTITY, E1, {"name": "A"}, base_record=entity(1, name="orig")
    )
    merged = store.outbox.enqueue(
        LIVE, EditKind.UPDATE_ENTITY, E1, {"name": "B"}, base_record=entity(1, name="A")
    )
    assert merged.base == {"name": "orig"} and merged.payload == {"name": "B"}


def test_an_attempted_edit_is_frozen_and_a_new_one_is_queued(store: Store) -> None:
    first = store.outbox.enqueue(LIVE, EditKind.UPDATE_ENTITY, E1, {"name": "A"})
    store.outbox.note_attempt(first.seq)
    second = store.outbox.enqueue(LIVE, EditKind.UPDATE_ENTITY, E1, {"name": "B"})
    assert second.seq != first.seq and second.request_id != first.request_id
    assert store.outbox.get(first.seq).payload == {"name": "A"}  # type: ignore[union-attr]


def test_only_the_latest_edit_of_the_record_absorbs_a_new_one(store: Store) -> None:
    store.outbox.enqueue(LIVE, EditKind.UPDATE_ENTITY, E1, {"name": "A"})
    store.outbox.enqueue(LIVE, EditKind.DISABLE_ENTITY, E1)
    store.outbox.enqueue(LIVE, EditKind.UPDATE_ENTITY, E1, {"name": "B"})
    assert [e.kind for e in store.outbox.list(LIVE)] == [
        EditKind.UPDATE_ENTITY, EditKind.DISABLE_ENTITY, EditKind.UPDATE_ENTITY,
    ]


def test_an_edit_in_conflict_is_not_merged_into(store: Store) -> None:
    first = store.outbox.enqueue(LIVE, EditKind.UPDATE_ENTITY, E1, {"name": "A"})
    store.outbox.mark_conflict(first.seq, "name changed on the service")
    second = store.outbox.enqueue(LIVE, EditKind.UPDATE_ENTITY, E1, {"name": "B"})
    assert second.seq != first.seq
    assert store.outbox.list(LIVE, state="conflict")[0].last_error == (
        "name changed on the service"
    )


def test_the_last_enable_or_disable_wins(store: Store) -> None:
    first = store.outbox.enqueue(LIVE, EditKind.DISABLE_ENTITY, E1)
    last = store.outbox.enqueue(LIVE, EditKind.ENABLE_ENTITY, E1)
    assert last.seq == first.seq and last.kind is EditKind.ENABLE_ENTITY
    assert store.outbox.count(LIVE) == 1


def test_an_update_of_a_record_created_offline_folds_into_its_create(store: Store) -> None:
    local = new_local_id("ent")
    create = store.outbox.enqueue(
        LIVE, EditKind.CREATE_ENTITY, local, {"name": "New", "country": "Slovenia"}
    )
    store.outbox.enqueue(LIVE, EditKind.UPDATE_ENTITY, local, {"settings": {"a": 1}})
    (only,) = store.outbox.list(LIVE)
    assert only.seq == create.seq and only.kind is EditKind.CREATE_ENTITY
    assert only.payload == {"name": "New", "country": "Slovenia", "settings": {"a": 1}}


def test_archives_and_creates_are_never_merged(store: Store) -> None:
    store.outbox.enqueue(LIVE, EditKind.ARCHIVE_UNIT, unit_id(1), entity_id=E1)
    store.outbox.enqueue(LIVE, EditKind.ARCHIVE_UNIT, unit_id(1), entity_id=E1)
    store.outbox.enqueue(LIVE, EditKind.UPDATE_UNIT, unit_id(1), {"name": "x"}, entity_id=E1)
    assert store.outbox.count(LIVE) == 3


def test_a_clear_then_a_partial_set_is_queued_separately(store: Store) -> None:
    store.outbox.enqueue(LIVE, EditKind.UPDATE_ENTITY, E1, {"settings": {"translations": None}})
    store.outbox.enqueue(
        LIVE, EditKind.UPDATE_ENTITY, E1, {"settings": {"translations": {"fr": {"a": "b"}}}}
    )
    assert store.outbox.count(LIVE) == 2


def test_resolving_a_conflict(store: Store) -> None:
    edit = store.outbox.enqueue(LIVE, EditKind.UPDATE_ENTITY, E1, {"name": "mine"})
    store.outbox.mark_conflict(edit.seq, "theirs: 'Their name'")
    resolved = store.outbox.resolve(
        edit.seq, {"name": "merged"}, base_updated_at="t2", base_record=entity(1)
    )
    assert resolved.state == "pending" and resolved.last_error is None
    assert resolved.request_id == edit.request_id  # never sent: the id is still unused
    assert (resolved.payload, resolved.base_updated_at) == ({"name": "merged"}, "t2")
    assert resolved.base == {"name": "Client 1"}
    store.outbox.note_attempt(edit.seq)
    store.outbox.mark_conflict(edit.seq, "409")
    again = store.outbox.resolve(edit.seq, {"name": "final"}, base_updated_at="t3")
    assert again.request_id != edit.request_id  # the old id is bound to the old body
    assert again.attempts == 0


def test_discarding_is_the_users_choice(store: Store) -> None:
    edit = store.outbox.enqueue(LIVE, EditKind.UPDATE_ENTITY, E1, {"name": "mine"})
    assert store.outbox.discard(edit.seq)
    assert store.outbox.count(LIVE) == 0


def test_counts_per_entity(store: Store) -> None:
    store.outbox.enqueue(LIVE, EditKind.UPDATE_ENTITY, E1, {"name": "A"})
    store.outbox.enqueue(LIVE, EditKind.ARCHIVE_UNIT, unit_id(1), entity_id=E1)
    store.outbox.enqueue(LIVE, EditKind.ENABLE_ENTITY, E2)
    assert store.outbox.counts_by_entity(LIVE) == {E1: 2, E2: 1}
    assert store.outbox.count(LIVE, entity_id=E1) == 2


def test_a_created_record_gets_its_service_id(store: Store) -> None:
    local = new_local_id("ent")
    create = store.outbox.enqueue(LIVE, EditKind.CREATE_ENTITY, local, {"name": "N"})
    store.outbox.note_attempt(create.seq)
    store.outbox.enqueue(LIVE, EditKind.UPDATE_ENTITY, local, {"name": "M"})
    store.outbox.enqueue(LIVE, EditKind.CREATE_UNIT, new_local_id("unit"), {}, entity_id=local)
    store.outbox.mark_sent(create.seq)
    assert store.outbox.remap_id(LIVE, local, E1) == 2
    assert [(e.target_id == E1, e.entity_id) for e in store.outbox.list(LIVE)] == [
        (True, E1), (False, E1),
    ]


def test_bad_edits_are_refused(store: Store) -> None:
    with pytest.raises(OutboxError):
        store.outbox.enqueue(LIVE, "delete_entity", E1)
    with pytest.raises(OutboxError):
        store.outbox.enqueue(LIVE, EditKind.UPDATE_UNIT, unit_id(1), {"name": "x"})
    with pytest.raises(OutboxError):
        store.outbox.enqueue(LIVE, EditKind.UPDATE_ENTITY, E1, entity_id=E2)
    with pytest.raises(TypeError):
        store.outbox.enqueue(LIVE, EditKind.UPDATE_ENTITY, E1, {"when": object()})
    with pytest.raises(OutboxError):
        store.outbox.note_attempt(12345)
    assert store.outbox.count(LIVE) == 0


# -- the merge is what the service would do with both edits in order ------------------------


def _apply(record: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    """The contract's update: top-level keys replace; settings keys replace, `null` clears;
    translations and unit_number_sequence_starts merge one level deeper."""
    result = copy.deepcopy(record)
    for key, value in body.items():
        if key != "settings":
            result[key] = copy.deepcopy(value)
            continue
        current = result.setdefault("settings", {})
        for name, setting in value.items():
            if setting is None:
                current.pop(name, None)
            elif name in DEEP_SETTINGS_KEYS and isinstance(setting, dict):
                inner = dict(current.get(name) or {})
                for sub, sub_value in setting.items():
                    if sub_value is None:
                        inner.pop(sub, None)
                    else:
                        inner[sub] = sub_value
                current[name] = inner
            else:
                current[name] = copy.deepcopy(setting)
    return result


_leaf = st.none() | st.integers(0, 3)
_deep = st.none() | st.dictionaries(st.sampled_from(["de", "fr"]), _leaf, max_size=2)
_settings = st.fixed_dictionaries(
    {},
    optional={
        "document_footer": _leaf,
        "number_formats": st.none() | st.dictionaries(st.sampled_from(["a", "b"]), _leaf),
        "translations": _deep,
        "unit_number_sequence_starts": _deep,
    },
)
_body = st.fixed_dictionaries(
    {},
    optional={
        "name": _leaf,
        "metadata": st.dictionaries(st.just("k"), _leaf),
        "settings": _settings,
    },
)


@settings(max_examples=300, deadline=None)
@given(record=_body, first=_body, second=_body)
def test_a_merged_body_does_what_both_bodies_in_order_would(
    record: dict[str, Any], first: dict[str, Any], second: dict[str, Any]
) -> None:
    merged = merge_payloads(first, second)
    if merged is not None:
        assert _apply(record, merged) == _apply(_apply(record, first), second)


# -- confirming an edit -----------------------------------------------------------------------


def test_confirming_a_create_swaps_the_local_id_everywhere_at_once(store: Store) -> None:
    local = new_local_id("ent")
    local_unit = new_local_id("unit")
    store.entities.upsert(LIVE, [{"id": local, "name": "New client"}])
    store.units.upsert(LIVE, [{"id": local_unit, "entity_id": local, "name": "Shop"}])
    create = store.outbox.enqueue(LIVE, EditKind.CREATE_ENTITY, local, {"name": "New client"})
    store.outbox.note_attempt(create.seq)
    store.outbox.enqueue(LIVE, EditKind.UPDATE_ENTITY, local, {"city": "Kranj"})
    unit_create = store.outbox.enqueue(
        LIVE, EditKind.CREATE_UNIT, local_unit, {"name": "Shop"}, entity_id=local
    )

    store.confirm(create, entity(1, name="New client"))
    assert store.entities.ids(LIVE) == {E1}
    assert [u["id"] for u in store.units.for_entity(LIVE, E1)] == [local_unit]
    later = store.outbox.list(LIVE)
    assert [(e.kind, e.target_id, e.entity_id) for e in later] == [
        (EditKind.UPDATE_ENTITY, E1, E1),
        (EditKind.CREATE_UNIT, local_unit, E1),
    ]

    store.confirm(unit_create, {"id": unit_id(1), "entity_id": E1, "name": "Shop"})
    assert [u["id"] for u in store.units.for_entity(LIVE, E1)] == [unit_id(1)]
    assert store.outbox.count(LIVE) == 1


def test_confirming_an_update_stores_the_answer(store: Store) -> None:
    store.entities.upsert(LIVE, [entity(1)])
    edit = store.outbox.enqueue(LIVE, EditKind.UPDATE_ENTITY, E1, {"name": "B"})
    store.confirm(edit, entity(1, name="B", updated_at="2025-01-01T00:00:00Z"))
    assert store.entities.get(LIVE, E1)["name"] == "B"  # type: ignore[index]
    assert store.outbox.count(LIVE) == 0
    with pytest.raises(OutboxError):
        store.confirm(edit)


def test_a_failed_confirm_changes_nothing(store: Store) -> None:
    edit = store.outbox.enqueue(LIVE, EditKind.UPDATE_ENTITY, E1, {"name": "B"})
    with pytest.raises(OutboxError):
        store.confirm(edit, {"name": "an answer without id"})
    assert [e.seq for e in store.outbox.list(LIVE)] == [edit.seq]
