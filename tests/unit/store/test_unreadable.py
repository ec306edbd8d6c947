"""A value that cannot be read back (a JSON column cut short, text that is not UTF-8) in a file
that passes `PRAGMA quick_check`: that row is skipped, logged once and counted, the others
come back as usual, and nothing crashes."""

from __future__ import annotations

import json
import logging
import sqlite3

import pytest

from si_desktop.store import EditKind, Store
from si_desktop.store.outbox import UNREADABLE_EDIT
from tests.unit.store.conftest import LIVE, entity, entity_id, unit


def spoil(store: Store, sql: str, *args: object) -> None:
    """Write a bad value behind the store's back (as another program or a bad disk would)."""
    conn = store.db.connection()
    conn.execute(sql, args)


def test_a_client_whose_json_is_damaged_is_left_out_counted_and_logged_once(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    store.entities.upsert(LIVE, [entity(1), entity(2)])
    spoil(store, "UPDATE entities SET json = '{\"id\": \"ent_' WHERE id = ?", entity_id(1))
    with caplog.at_level(logging.WARNING, logger="si_desktop.store"):
        assert store.entities.get(LIVE, entity_id(1)) is None  # as if not cached
        assert store.entities.get(LIVE, entity_id(1)) is None
    assert store.entities.get(LIVE, entity_id(2)) == entity(2)
    assert store.unreadable_rows.count("entities") == 1
    assert store.unreadable_rows.summary() == "1 cached client could not be read; details in " \
        "the log."
    logged = [r.getMessage() for r in caplog.records if "cannot be read" in r.getMessage()]
    assert len(logged) == 1 and entity_id(1) in logged[0] and "{" not in logged[0]
    assert [row.id for row in store.entities.listed(LIVE)] == [entity_id(1), entity_id(2)]
    store.entities.upsert(LIVE, [entity(1, updated_at="2025-01-01T00:00:00.000Z")])
    assert store.entities.get(LIVE, entity_id(1)) is not None  # a refresh wrote it anew
    assert store.unreadable_rows.count() == 0 and store.unreadable_rows.summary() == ""


def test_a_json_value_that_is_not_an_object_counts_as_unreadable(store: Store) -> None:
    store.entities.upsert(LIVE, [entity(1)])
    spoil(store, "UPDATE entities SET json = '[1, 2]'")
    assert store.entities.get(LIVE, entity_id(1)) is None
    assert store.unreadable_rows.count("entities") == 1


def test_a_damaged_unit_is_left_out_of_its_clients_units(store: Store) -> None:
    store.entities.upsert(LIVE, [entity(1)])
    store.units.upsert(LIVE, [unit(1, 1, 1), unit(2, 1, 2), unit(3, 1, 3)])
    spoil(store, "UPDATE business_units SET json = 'not json' WHERE numbering_index = 2")
    units = store.units.for_entity(LIVE, entity_id(1))
    assert [u["numbering_index"] for u in units] == [1, 3]
    assert store.unreadable_rows.summary() == \
        "1 cached business unit could not be read; details in the log."


def test_text_that_is_not_utf8_keeps_every_client_in_the_list(store: Store) -> None:
    store.entities.upsert(LIVE, [entity(1), entity(2)])
    spoil(store, "UPDATE entities SET name = CAST(x'41ff42' AS TEXT) WHERE id = ?",
          entity_id(1))
    for rows in (store.entities.listed(LIVE), store.entities.switcher_rows(LIVE),
                 store.entities.listed_some(LIVE, [entity_id(1), entity_id(2)])):
        assert sorted(row.name for row in rows) == ["A\ufffdB", "Client 2"]
    conn = store.db.connection()
    assert conn.text_factory is str  # the lenient read is for that read only


def test_a_queued_edit_whose_body_is_damaged_is_held_not_sent_not_hidden(store: Store) -> None:
    bad = store.outbox.enqueue(LIVE, EditKind.UPDATE_ENTITY, entity_id(1), {"name": "A"})
    good = store.outbox.enqueue(LIVE, EditKind.UPDATE_ENTITY, entity_id(2), {"name": "B"})
    spoil(store, "UPDATE outbox SET payload = '{\"name\": ' WHERE seq = ?", bad.seq)
    listed = store.outbox.list(LIVE)
    assert [e.seq for e in listed] == [bad.seq, good.seq]
    held = listed[0]
    assert held.state == "conflict" and held.payload == {}
    assert json.loads(held.last_error or "") == {
        "kind": "rejected", "message": UNREADABLE_EDIT, "issues": []}
    assert listed[1].payload == {"name": "B"} and listed[1].state == "pending"
    assert store.unreadable_rows.summary() == "1 queued edit could not be read; details in " \
        "the log."
    # a later edit of the same client is queued after it, not folded into garbage
    later = store.outbox.enqueue(LIVE, EditKind.UPDATE_ENTITY, entity_id(1), {"name": "C"})
    assert later.seq != bad.seq
    assert store.outbox.discard(bad.seq)  # the user can drop it
    assert [e.seq for e in store.outbox.list(LIVE)] == [good.seq, later.seq]


def test_a_damaged_saved_value_reads_as_never_saved(store: Store) -> None:
    store.prefs.set(LIVE, "sync.last_refresh", {"at": 1})
    spoil(store, "UPDATE prefs SET value = '{'")
    assert store.prefs.get(LIVE, "sync.last_refresh", "none") == "none"
    assert store.unreadable_rows.count("prefs") == 1


def test_unreadable_values_survive_a_look_with_plain_sqlite(store: Store) -> None:
    """The test's own premise: the file with such values is sound to SQLite."""
    store.entities.upsert(LIVE, [entity(1)])
    spoil(store, "UPDATE entities SET json = '{'")
    conn = sqlite3.connect(store.path)
    try:
        assert conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    finally:
        conn.close()
