from __future__ import annotations

import pytest

from si_desktop.store import EditKind, SavedOrder, Scope, Store, SwitcherRow, records
from si_desktop.store.records import normalized_time
from tests.unit.store.conftest import LIVE, OTHER, entity, entity_id, unit, unit_id


def test_entity_comes_back_exactly_as_the_service_sent_it(store: Store) -> None:
    sent = entity(1)
    store.entities.upsert(LIVE, [sent])
    assert store.entities.get(LIVE, entity_id(1)) == sent
    assert store.entities.get(LIVE, entity_id(2)) is None


def test_fetched_at_is_kept_per_record(store: Store) -> None:
    store.entities.upsert(LIVE, [entity(1)], fetched_at="2026-01-02T03:04:05.000Z")
    record = store.entities.get_record(LIVE, entity_id(1))
    assert record is not None
    assert record.fetched_at == "2026-01-02T03:04:05.000Z"


def test_switcher_rows_hold_only_the_switcher_columns(store: Store) -> None:
    store.entities.upsert(
        LIVE,
        [
            entity(2, name="beta", is_enabled=False),
            entity(1, name="Alpha", metadata={"client_code": "K-7", "owner": "Maja"}),
            entity(3, name="Gamma", metadata=None, tax_number=None),
        ],
    )
    store.units.upsert(LIVE, [unit(1, 1, 1), unit(2, 1, 2), unit(3, 1, 3, deleted_at="x")])
    store.outbox.enqueue(LIVE, EditKind.UPDATE_ENTITY, entity_id(1), {"name": "A"})
    store.outbox.enqueue(LIVE, EditKind.ARCHIVE_UNIT, unit_id(1), entity_id=entity_id(1))
    rows = store.entities.switcher_rows(LIVE)
    assert [row.name for row in rows] == ["Alpha", "beta", "Gamma"]  # case-insensitive order
    alpha, beta, gamma = rows
    assert alpha.id == entity_id(1)
    assert alpha.client_code == "K-7"
    assert alpha.metadata_text == "K-7 Maja"
    assert (alpha.country, alpha.country_code, alpha.currency_code, alpha.city) == (
        "Slovenia", "SI", "EUR", "Ljubljana",
    )
    assert alpha.tax_number == "SI00000001"
    assert alpha.is_enabled is True and beta.is_enabled is False
    assert alpha.business_units == 2  # the archived unit does not count
    assert alpha.pending_edits == 2  # a unit's edit counts for its client
    assert beta.pending_edits == 0
    assert alpha.updated_at == "2024-09-01T00:00:00.000000Z"
    assert gamma.client_code is None and gamma.metadata_text == "" and gamma.tax_number is None



def test_the_list_reads_the_same_rows_without_counts(store: Store) -> None:
    store.entities.upsert(LIVE, [
        entity(2, name="beta", is_enabled=False),
        entity(1, name="Alpha", metadata={"client_code": "K-7"}),
        entity(3, name="Gamma", is_enabled=None),
    ])
    store.units.upsert(LIVE, [unit(1, 1, 1)])
    store.outbox.enqueue(LIVE, EditKind.UPDATE_ENTITY, entity_id(1), {"name": "A"})
    full, listed = store.entities.switcher_rows(LIVE), store.entities.listed(LIVE)
    shown = len(SwitcherRow._fields) - 3  # all but fetched_at and the two counts
    assert [row[:shown] for row in listed] == [row[:shown] for row in full]
    assert [row[shown:] for row in listed] == [("", 0, 0)] * 3
    assert all(type(row) is SwitcherRow for row in listed)
    assert [row.is_enabled for row in listed] == [1, 0, None]  # as stored
    assert store.outbox.counts_by_entity(LIVE) == {entity_id(1): 1}
    assert store.entities.listed(OTHER) == []


def test_versions_are_each_clients_updated_at_read_row_by_row(store: Store) -> None:
    """Issue 23: the refresh tells new and changed clients by these, read on its worker
    thread without one JSON array of every client (whose decoding holds the interpreter
    lock and stalled the window for a third of a second at 100,000 clients)."""
    store.entities.upsert(LIVE, [entity(1, name="Alpha"), entity(2, name="Beta")])
    store.entities.upsert(OTHER, [entity(3, name="Gamma")])
    versions = store.entities.versions(LIVE)
    assert versions == {row.id: row.updated_at for row in store.entities.listed(LIVE)}
    assert set(versions) == {entity_id(1), entity_id(2)}
    assert all(versions.values())
    assert store.entities.versions(Scope.for_api_key("sk_live_" + "0" * 32)) == {}


def test_the_list_is_in_name_order_whatever_the_order_written(store: Store) -> None:
    names = [f"{word} {n}" for n in range(40) for word in ("beta", "Alpha", "čebela", "Zeta")]
    store.entities.upsert(LIVE, [entity(n, name=name) for n, name in enumerate(names)])
    listed = [row.name for row in store.entities.listed(LIVE)]
    assert listed == [row.name for row in store.entities.switcher_rows(LIVE)]
    assert listed[:2] == ["Alpha 0", "Alpha 1"] and len(listed) == len(names)


def test_some_clients_rows_are_looked_up_by_their_key_not_found_by_a_walk(
    store: Store,
) -> None:
    """Issue 23 (B13): the clients a change names were found by walking the name index of
    every client of the scope (85 ms at 100,000 clients, on the GUI thread)."""
    store.entities.upsert(LIVE, [entity(n, name=f"Client {n}") for n in range(1, 6)])
    store.entities.upsert(OTHER, [entity(3, name="Elsewhere")])
    some = store.entities.listed_some(LIVE, [entity_id(4), entity_id(2), entity_id(4),
                                             "ent_" + "f" * 24])
    assert [row.name for row in some] == ["Client 2", "Client 4"]  # once each, in order
    assert some == [row for row in store.entities.listed(LIVE) if row.id in some_ids(some)]
    with store.db.read() as conn:
        plan = " ".join(str(row[3]) for row in conn.execute(
            "EXPLAIN QUERY PLAN " + records._LISTED_SOME, ("[]", 1)))
    assert "SCAN entities" not in plan and "SCAN e " not in plan
    assert "SEARCH e USING INDEX sqlite_autoindex_entities_1 (scope_id=? AND id=?)" in plan


def some_ids(rows: list[SwitcherRow]) -> set[str]:
    return {row.id for row in rows}


def test_a_list_read_ahead_is_used_once_and_only_while_nothing_was_written(
    store: Store,
) -> None:
    store.entities.upsert(LIVE, [entity(1, name="Old")])
    store.entities.read_ahead(LIVE)
    store.entities.upsert(LIVE, [entity(1, name="New", updated_at="2025-01-01T00:00:00Z")])
    assert [row.name for row in store.entities.listed(LIVE)] == ["New"]  # stale: read

    store.entities.read_ahead(LIVE)
    store.db.connection().execute(  # behind the store's back: read ahead is what it returns
        "UPDATE entities SET name = 'Behind'"
    )
    assert [row.name for row in store.entities.listed(LIVE)] == ["New"]
    assert [row.name for row in store.entities.listed(LIVE)] == ["Behind"]  # used once

    store.entities.read_ahead(OTHER)  # another scope's is not this one's
    assert [row.name for row in store.entities.listed(LIVE)] == ["Behind"]

def test_an_older_version_does_not_overwrite_a_newer_one(store: Store) -> None:
    store.entities.upsert(LIVE, [entity(1, name="new", updated_at="2024-09-02T00:00:00Z")])
    written = store.entities.upsert(
        LIVE, [entity(1, name="old", updated_at="2024-09-01T23:59:59.999+00:00")]
    )
    assert written == 0
    assert store.entities.get(LIVE, entity_id(1))["name"] == "new"  # type: ignore[index]
    store.entities.upsert(LIVE, [entity(1, name="newer", updated_at="2024-09-02T00:00:00.5Z")])
    assert store.entities.get(LIVE, entity_id(1))["name"] == "newer"  # type: ignore[index]


def test_timestamps_compare_whatever_their_spelling() -> None:
    assert normalized_time("2024-09-01T00:00:00Z") == normalized_time(
        "2024-09-01T02:00:00.000+02:00"
    )
    later, earlier = normalized_time("2024-09-01T00:00:00.5Z"), normalized_time("2024-09-01T00Z")
    assert later is not None and earlier is not None and later > earlier
    assert normalized_time("not a time") == "not a time"
    assert normalized_time(None) is None


def test_records_without_id_are_refused_and_nothing_is_written(store: Store) -> None:
    with pytest.raises(ValueError):
        store.entities.upsert(LIVE, [entity(1), {"name": "no id"}])
    assert store.entities.count(LIVE) == 0


def test_vanished_entities_go_unless_edits_are_queued(store: Store) -> None:
    store.entities.upsert(LIVE, [entity(n) for n in range(1, 5)])
    store.units.upsert(LIVE, [unit(1, 3, 1), unit(2, 4, 1)])
    store.outbox.enqueue(LIVE, EditKind.UPDATE_ENTITY, entity_id(4), {"name": "mine"})
    deleted = store.entities.delete_missing(LIVE, [entity_id(1), entity_id(2)])
    assert deleted == 1
    assert store.entities.ids(LIVE) == {entity_id(1), entity_id(2), entity_id(4)}
    assert store.units.get(LIVE, unit_id(1)) is None  # went with its entity
    assert store.units.get(LIVE, unit_id(2)) is not None


def test_units_are_filed_under_their_entity_in_numbering_order(store: Store) -> None:
    store.units.upsert(
        LIVE,
        [unit(1, 1, 2), unit(2, 1, 1), unit(3, 2, 1), unit(4, 1, 3, deleted_at="2024-10-01")],
    )
    assert [u["id"] for u in store.units.for_entity(LIVE, entity_id(1))] == [
        unit_id(2), unit_id(1), unit_id(4),
    ]
    active = store.units.for_entity(LIVE, entity_id(1), include_archived=False)
    assert [u["id"] for u in active] == [unit_id(2), unit_id(1)]
    assert store.units.get(LIVE, unit_id(3)) == unit(3, 2, 1)


def test_unit_without_entity_id_takes_the_one_it_was_fetched_for(store: Store) -> None:
    bare = unit(1, 1, 1)
    del bare["entity_id"]
    store.units.upsert(LIVE, [bare], entity_id=entity_id(9))
    assert store.units.for_entity(LIVE, entity_id(9)) == [bare]


def test_replacing_an_entitys_units_deletes_vanished_ones_but_not_edited_ones(
    store: Store,
) -> None:
    store.units.upsert(LIVE, [unit(1, 1, 1), unit(2, 1, 2), unit(3, 1, 3), unit(4, 2, 1)])
    store.outbox.enqueue(
        LIVE, EditKind.UPDATE_UNIT, unit_id(3), {"name": "x"}, entity_id=entity_id(1)
    )
    written, deleted = store.units.replace_for_entity(LIVE, entity_id(1), [unit(1, 1, 1)])
    assert (written, deleted) == (1, 1)
    assert [u["id"] for u in store.units.for_entity(LIVE, entity_id(1))] == [
        unit_id(1), unit_id(3),
    ]
    assert store.units.get(LIVE, unit_id(4)) is not None  # another entity's unit


def test_file_bytes_by_id(store: Store) -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
    store.files.put(LIVE, "file_1", png, content_type="image/png", fetched_at="2026-01-01")
    cached = store.files.get(LIVE, "file_1")
    assert cached is not None
    assert (cached.data, cached.content_type, cached.fetched_at) == (png, "image/png", "2026-01-01")
    store.files.put(LIVE, "file_1", b"new")
    assert store.files.get(LIVE, "file_1").data == b"new"  # type: ignore[union-attr]
    assert store.files.delete(LIVE, "file_1")
    assert store.files.get(LIVE, "file_1") is None


def test_ten_thousand_entities_upsert_and_load(store: Store) -> None:
    """How long these take is printed by tests/benchmarks/store_bench.py."""
    records = [entity(n) for n in range(10_000)]
    assert store.entities.upsert(LIVE, records) == 10_000
    rows = store.entities.switcher_rows(LIVE)
    assert len(rows) == 10_000


def test_the_lists_saved_order_holds_while_every_client_keeps_its_place(store: Store) -> None:
    """Issue 23 (B1): the app saves the client list's order as it sorted it, so that the
    next start need not sort again; the store keeps the places true of the names."""
    store.entities.upsert(LIVE, [entity(n, name=name) for n, name in
                                 ((1, "Čebela"), (2, "Cvet"), (3, "Dom"))])
    rows, order = store.entities.listed_in_order(LIVE)
    assert order is None  # never saved
    ordered = [(entity_id(2), "Cvet"), (entity_id(1), "Čebela"), (entity_id(3), "Dom")]
    assert store.entities.save_order(LIVE, "sl_SI/1", ordered) == 3
    rows, order = store.entities.listed_in_order(LIVE)
    assert order == SavedOrder("sl_SI/1", [entity_id(2), entity_id(1), entity_id(3)])
    assert sorted(order.ids) == sorted(row.id for row in rows)

    def saved() -> list[str] | None:
        found = store.entities.listed_in_order(LIVE)[1]
        return None if found is None else found.ids

    store.entities.upsert(LIVE, [entity(3, name="Dom", city="Kranj")])  # same name: kept
    assert saved() == [entity_id(2), entity_id(1), entity_id(3)]
    store.entities.upsert(LIVE, [entity(3, name="Adria")])  # renamed: its place goes
    assert saved() == [entity_id(2), entity_id(1)]
    store.entities.upsert(LIVE, [entity(4, name="Novi")])  # a new client has none
    assert saved() == [entity_id(2), entity_id(1)]
    store.entities.delete(LIVE, entity_id(1))  # a deleted client's place goes with it
    assert saved() == [entity_id(2)]
    store.entities.save_order(LIVE, "sl_SI/1", [(entity_id(3), "Adria"), (entity_id(2), "Cvet"),
                                                (entity_id(4), "Novi")])
    assert saved() == [entity_id(3), entity_id(2), entity_id(4)]  # saved again: all of them


def test_a_place_is_saved_only_for_a_client_named_as_it_was_sorted(store: Store) -> None:
    store.entities.upsert(LIVE, [entity(1, name="Ana"), entity(2, name="Bor")])
    stale = [(entity_id(1), "Ana"), (entity_id(2), "Borut"), (entity_id(9), "Gone")]
    assert store.entities.save_order(LIVE, "en/1", stale) == 1  # Bor was renamed since
    assert store.entities.listed_in_order(LIVE)[1] == SavedOrder("en/1", [entity_id(1)])
    assert store.entities.save_order(OTHER, "en/1", stale) == 0  # no such workspace


def test_saving_the_order_looks_each_client_up_in_the_lists_index(store: Store) -> None:
    """At 100,000 clients a join that walked the clients for each one never ended; one that
    read each client's row by its key took ten seconds."""
    with store.db.read() as conn:
        plan = " ".join(str(row[3]) for row in conn.execute(
            "EXPLAIN QUERY PLAN " + records._SAVE_ORDER, (1, "[]")))
    assert "SCAN e " not in plan and "SCAN entities" not in plan
    assert "SEARCH e USING COVERING INDEX entities_switcher (scope_id=? AND name=? AND id=?)" \
        in plan
    assert records._json_in_parts([("a", "b")] * 3, part=2) == '[["a","b"],["a","b"],["a","b"]]'
    assert records._json_in_parts([]) == "[]"


def test_the_order_is_read_ahead_with_the_list(store: Store) -> None:
    store.entities.upsert(LIVE, [entity(1, name="Ana"), entity(2, name="Bor")])
    store.entities.save_order(LIVE, "en/1", [(entity_id(2), "Bor"), (entity_id(1), "Ana")])
    store.entities.read_ahead(LIVE)
    rows, order = store.entities.listed_in_order(LIVE)
    assert [row.name for row in rows] == ["Ana", "Bor"]  # by name, as ever
    assert order == SavedOrder("en/1", [entity_id(2), entity_id(1)])
