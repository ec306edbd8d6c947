"""The outbox's document, payment and customer edits: what they target, how a draft written
offline takes later edits into its queued create, and how references to records created
offline follow them to their service ids."""

from __future__ import annotations

import pytest

from si_desktop.store import EditKind, OutboxError, Store, new_local_id
from tests.unit.store.conftest import LIVE, entity_id

INV = "inv_" + "1" * 24


def test_each_kind_names_its_record_and_needs_its_client(store: Store) -> None:
    draft = new_local_id("inv")
    kinds = {
        EditKind.CREATE_DOCUMENT: ("document", draft), EditKind.VOID_DOCUMENT: ("document", INV),
        EditKind.CREATE_PAYMENT: ("payment", new_local_id("pay")),
        EditKind.CREATE_CUSTOMER: ("customer", new_local_id("cus")),
    }
    for kind, (record, target) in kinds.items():
        edit = store.outbox.enqueue(LIVE, kind, target, {"x": 1}, entity_id=entity_id(1))
        assert edit.record_kind == record and not edit.targets_unit
        assert edit.entity_id == entity_id(1)
    with pytest.raises(OutboxError, match="client"):
        store.outbox.enqueue(LIVE, EditKind.UPDATE_DOCUMENT, INV, {"note": "x"})


def test_an_edit_of_a_draft_written_offline_goes_into_its_queued_create(store: Store) -> None:
    draft = new_local_id("inv")
    created = store.outbox.enqueue(LIVE, EditKind.CREATE_DOCUMENT, draft,
                                   {"is_draft": True, "items": [{"name": "a"}], "note": "1"},
                                   entity_id=entity_id(1))
    merged = store.outbox.enqueue(LIVE, EditKind.UPDATE_DOCUMENT, draft,
                                  {"items": [{"name": "b"}], "reference": "R"},
                                  entity_id=entity_id(1))
    assert merged.seq == created.seq and merged.kind is EditKind.CREATE_DOCUMENT
    assert merged.payload == {"is_draft": True, "items": [{"name": "b"}], "note": "1",
                              "reference": "R"}
    issue = store.outbox.enqueue(LIVE, EditKind.ISSUE_DOCUMENT, draft, entity_id=entity_id(1))
    assert issue.seq != created.seq  # an issue is a step of its own, after the create
    later = store.outbox.enqueue(LIVE, EditKind.UPDATE_DOCUMENT, draft, {"note": "2"},
                                 entity_id=entity_id(1))
    assert later.seq not in (created.seq, issue.seq)  # never folded across the issue


def test_a_watched_base_keeps_what_an_action_is_checked_against(store: Store) -> None:
    cached = {"id": INV, "total_paid": 0, "paid_in_full": False, "note": "n",
              "updated_at": "2026-03-01T00:00:00Z"}
    edit = store.outbox.enqueue(LIVE, EditKind.VOID_DOCUMENT, INV, {"reason": "typo"},
                                entity_id=entity_id(1), base_record=cached,
                                base_updated_at=cached["updated_at"],
                                watch=("total_paid", "paid_in_full"))
    assert edit.base == {"total_paid": 0, "paid_in_full": False, "reason": None}


def test_references_to_records_made_offline_follow_them(store: Store) -> None:
    customer = new_local_id("cus")
    draft = new_local_id("inv")
    store.outbox.enqueue(LIVE, EditKind.CREATE_CUSTOMER, customer, {"name": "Kupec"},
                         entity_id=entity_id(1))
    document = store.outbox.enqueue(
        LIVE, EditKind.CREATE_DOCUMENT, draft,
        {"customer_id": customer, "items": [{"name": "a"}]}, entity_id=entity_id(1))
    note = store.outbox.enqueue(
        LIVE, EditKind.CREATE_DOCUMENT, new_local_id("cre"),
        {"linked_documents": [draft, "inv_" + "2" * 24], "items": [{"name": "a"}]},
        entity_id=entity_id(1))
    assert document.references == (customer,)
    assert note.references == (draft,)
    assert store.outbox.remap_id(LIVE, customer, "cus_" + "c" * 24) == 2  # itself and the doc
    assert store.outbox.remap_id(LIVE, draft, INV) == 2
    edits = {e.seq: e for e in store.outbox.list(LIVE)}
    assert edits[document.seq].payload["customer_id"] == "cus_" + "c" * 24
    assert edits[document.seq].target_id == INV
    assert edits[note.seq].payload["linked_documents"] == [INV, "inv_" + "2" * 24]
    assert edits[note.seq].references == ()


def test_dropping_a_record_made_offline_drops_what_cannot_go_without_it(store: Store) -> None:
    """A unit's logo, a draft's issue, a payment of that draft: nothing is left waiting
    for a record that will never exist (before, a dropped unit's logo waited for ever)."""
    from si_desktop.store import LogoFile
    from si_desktop.sync.conflicts import discard

    unit = new_local_id("unit")
    made = store.outbox.enqueue(LIVE, EditKind.CREATE_UNIT, unit, {"name": "Shop"},
                                entity_id=entity_id(1))
    store.outbox.enqueue_logo(LIVE, entity_id(1), unit, LogoFile("l.png", "image/png", b"x"))
    draft = new_local_id("inv")
    created = store.outbox.enqueue(LIVE, EditKind.CREATE_DOCUMENT, draft,
                                   {"items": [{"name": "a"}]}, entity_id=entity_id(1))
    store.outbox.enqueue(LIVE, EditKind.ISSUE_DOCUMENT, draft, entity_id=entity_id(1))
    store.outbox.enqueue(LIVE, EditKind.CREATE_PAYMENT, new_local_id("pay"),
                         {"invoice_id": draft, "amount": 5, "type": "cash"},
                         entity_id=entity_id(1))
    kept = store.outbox.enqueue(LIVE, EditKind.UPDATE_DOCUMENT, INV, {"note": "x"},
                                entity_id=entity_id(1))
    discard(store, made)
    discard(store, created)
    assert [e.seq for e in store.outbox.list(LIVE)] == [kept.seq]
