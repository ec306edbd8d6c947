"""The three-way merge, the view of a record with its queued edits, and resolutions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from si_desktop.store import EditKind, QueuedEdit, Scope, Store
from si_desktop.sync.conflicts import (
    TAKE_MINE,
    TAKE_THEIRS,
    Conflict,
    ResolutionError,
    apply_edit,
    problem_of,
    resolve,
    three_way,
)

SCOPE = Scope("fp_conflicts", "live")
ENT = "ent_" + "a" * 24


def record(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": ENT,
        "name": "Pekarna Novak",
        "city": "Ljubljana",
        "email": "info@novak.si",
        "settings": {
            "primary_color": "#111111",
            "document_footer": "Hvala",
            "translations": {"de": {"invoice": "Rechnung"}, "en": {"invoice": "Invoice"}},
        },
        "updated_at": "2024-01-01T00:00:00.000Z",
    }
    data.update(changes)
    return data


def test_fields_changed_on_one_side_merge_by_themselves() -> None:
    base = record()
    theirs = record(city="Maribor", updated_at="2024-02-01T00:00:00.000Z")
    mine = {"name": "Pekarna Novak d.o.o.", "settings": {"primary_color": "#222222"}}
    result = three_way(mine, {"name": base["name"], "settings": {"primary_color": "#111111"}},
                       theirs)
    assert result.clean
    assert result.body == mine  # their city is not touched: it is not in the body
    assert set(result.merged) == {("name",), ("settings", "primary_color")}


def test_the_same_field_changed_to_different_values_is_a_conflict() -> None:
    theirs = record(name="Novak Bakery", email="hello@novak.si")
    mine = {"name": "Pekarna Novak d.o.o.", "email": "hello@novak.si", "city": "Kranj"}
    base = {"name": "Pekarna Novak", "email": "info@novak.si", "city": "Ljubljana"}
    result = three_way(mine, base, theirs)
    assert result.conflicts == (
        Conflict(("name",), "Pekarna Novak", "Novak Bakery", "Pekarna Novak d.o.o."),
    )
    assert result.body == {"city": "Kranj"}  # same value on both sides: nothing to send
    assert result.conflicts[0].label == "name"


def test_settings_compare_per_top_level_key() -> None:
    theirs = record(settings={**record()["settings"], "document_footer": "Thanks"})
    mine = {"settings": {"primary_color": "#222222", "document_footer": "Hvala lepa"}}
    base = {"settings": {"primary_color": "#111111", "document_footer": "Hvala"}}
    result = three_way(mine, base, theirs)
    assert [c.field for c in result.conflicts] == [("settings", "document_footer")]
    assert result.body == {"settings": {"primary_color": "#222222"}}


def test_translations_compare_per_language() -> None:
    translations = {"de": {"invoice": "Faktura"}, "en": {"invoice": "Invoice"}}
    theirs = record(settings={**record()["settings"], "translations": translations})
    mine = {"settings": {"translations": {"en": {"invoice": "Bill"}}}}
    base = {"settings": {"translations": record()["settings"]["translations"]}}
    result = three_way(mine, base, theirs)
    assert result.clean and result.body == mine


def test_an_edit_of_a_field_they_changed_back_is_not_a_conflict() -> None:
    result = three_way({"city": "Kranj"}, {"city": "Kranj"}, record(city="Celje"))
    assert result.clean and result.body == {}  # mine == base: only they changed it


def test_empty_text_and_none_are_the_same() -> None:
    result = three_way({"email": ""}, {"email": "x@y.si"}, record(email=None))
    assert result.clean and result.body == {}


values = st.one_of(st.none(), st.sampled_from(["a", "b", "c"]))


@given(base=values, theirs=values, mine=values)
def test_the_merge_never_loses_a_side(base: Any, theirs: Any, mine: Any) -> None:
    result = three_way({"city": mine}, {"city": base}, {"city": theirs})
    if result.conflicts:
        assert theirs != base and mine != base and mine != theirs
    else:
        final = result.body.get("city", theirs)  # what the service ends with
        assert final == (mine if mine != base else theirs)


def test_the_view_applies_edits_the_way_the_service_does() -> None:
    edit = _edit(EditKind.UPDATE_ENTITY, {
        "city": "Kranj",
        "settings": {"primary_color": None, "translations": {"fr": {"invoice": "Facture"}}},
    })
    shown = apply_edit(record(), edit)
    assert shown["city"] == "Kranj"
    assert shown["settings"]["primary_color"] is None
    assert shown["settings"]["translations"]["de"] == {"invoice": "Rechnung"}
    assert shown["settings"]["translations"]["fr"] == {"invoice": "Facture"}
    assert shown["settings"]["document_footer"] == "Hvala"
    assert record()["city"] == "Ljubljana"  # the cached record is not changed in place
    disabled = apply_edit(record(), _edit(EditKind.DISABLE_ENTITY, {}))
    assert disabled["is_enabled"] is False
    unit = {"id": "unit_" + "b" * 24, "settings": {"primary_color": "#000"}, "is_active": True}
    archived = apply_edit(unit, _edit(EditKind.ARCHIVE_UNIT, {}))
    assert archived["is_active"] is False and archived["deleted_at"]
    cleared = apply_edit(unit, _edit(EditKind.UPDATE_UNIT, {"settings": {"primary_color": None}}))
    assert "primary_color" not in cleared["settings"]  # a unit drops a cleared override


def _edit(kind: EditKind, payload: dict[str, Any]) -> QueuedEdit:
    return QueuedEdit(1, SCOPE, kind, ENT, ENT, payload, None, None, "rid", "2024-03-01T00:00Z",
                      "2024-03-01T00:00Z", 0, None, "pending")


# --- resolving with the store ---------------------------------------------------------------


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store.open_in(tmp_path)


def held_conflict(store: Store) -> QueuedEdit:
    """An edit of name, city and e-mail; the service changed name and city since."""
    cached = record()
    store.entities.upsert(SCOPE, [cached])
    edit = store.outbox.enqueue(
        SCOPE, EditKind.UPDATE_ENTITY, ENT,
        {"name": "Mine", "city": "Kranj", "email": "mine@novak.si"},
        base_updated_at=cached["updated_at"], base_record=cached,
    )
    theirs = record(name="Theirs", city="Celje", updated_at="2024-05-01T00:00:00.000Z")
    store.entities.upsert(SCOPE, [theirs])
    merge = three_way(edit.payload, edit.base, theirs)
    from si_desktop.sync.conflicts import conflict_detail

    store.outbox.mark_conflict(edit.seq, conflict_detail(merge.conflicts, theirs["updated_at"]))
    held = store.outbox.get(edit.seq)
    assert held is not None
    return held


def test_a_held_edit_reads_back_its_conflicts(store: Store) -> None:
    edit = held_conflict(store)
    problem = problem_of(edit)
    assert problem is not None and problem.kind == "conflict"
    assert [c.label for c in problem.conflicts] == ["name", "city"]
    assert problem.conflicts[0] == Conflict(("name",), "Pekarna Novak", "Theirs", "Mine")
    assert problem.theirs_updated_at == "2024-05-01T00:00:00.000Z"
    assert problem.fields == (("name",), ("city",))


def test_every_conflict_needs_a_choice(store: Store) -> None:
    edit = held_conflict(store)
    with pytest.raises(ResolutionError, match="city"):
        resolve(store, edit, {"name": TAKE_MINE})
    assert store.outbox.get(edit.seq) == edit  # nothing changed, nothing discarded


def test_theirs_mine_and_a_custom_value_requeue_the_edit_on_their_version(store: Store) -> None:
    edit = held_conflict(store)
    requeued = resolve(store, edit, {"name": TAKE_THEIRS, ("city",): "Škofja Loka"})
    assert requeued is not None and requeued.seq == edit.seq
    assert requeued.state == "pending" and requeued.last_error is None
    assert requeued.payload == {"city": "Škofja Loka", "email": "mine@novak.si"}
    assert requeued.base_updated_at == "2024-05-01T00:00:00.000Z"
    assert requeued.base == {"city": "Celje", "email": "info@novak.si"}


def test_taking_theirs_everywhere_drops_only_what_they_already_have(store: Store) -> None:
    edit = held_conflict(store)
    requeued = resolve(store, edit, {"name": TAKE_THEIRS, "city": TAKE_THEIRS})
    assert requeued is not None and requeued.payload == {"email": "mine@novak.si"}


def test_when_nothing_is_left_the_edit_goes(store: Store) -> None:
    cached = record()
    store.entities.upsert(SCOPE, [cached])
    edit = store.outbox.enqueue(SCOPE, EditKind.UPDATE_ENTITY, ENT, {"name": "Mine"},
                                base_updated_at=cached["updated_at"], base_record=cached)
    store.entities.upsert(SCOPE, [record(name="Theirs", updated_at="2024-06-01T00:00:00Z")])
    store.outbox.mark_conflict(edit.seq, None)
    assert resolve(store, store.outbox.get(edit.seq) or edit, {"name": TAKE_THEIRS}) is None
    assert store.outbox.list(SCOPE) == []
