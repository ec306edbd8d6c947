"""The cache's documents, customers, taxes and payments: migration 5, one row per document
with the columns the Documents tab needs, exact amounts, newer answers only, damaged rows
skipped, and a client's documents gone with the client."""

from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from si_desktop.store import EditKind, Store
from si_desktop.store.documents import DocumentSyncState
from si_desktop.store.schema import MIGRATIONS, migrate, user_version
from tests.unit.store.conftest import LIVE, OTHER, entity, entity_id
from tests.unit.store.test_schema import SCOPE, build_v1


def doc_id(n: int, prefix: str = "inv") -> str:
    return f"{prefix}_{n:024x}"


def document(n: int, owner: int = 1, prefix: str = "inv", **over: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": doc_id(n, prefix),
        "number": f"2026-{n:05d}",
        "date": f"2026-03-{(n % 28) + 1:02d}",
        "date_due": "2026-04-30",
        "currency_code": "EUR",
        "customer": {"name": f"Customer {n}"},
        "customer_id": f"cus_{n:024x}",
        "total_with_tax": 219.6,
        "total_paid": 0,
        "total_due": 219.6,
        "paid_in_full": False,
        "is_draft": False,
        "voided_at": None,
        "entity_id": entity_id(owner),
        "updated_at": "2026-03-02T10:00:00.000Z",
        "future": {"kept": [1, 2.5]},
    }
    record.update(over)
    return record


def test_migration_5_adds_the_tables_to_a_version_4_file(db_path: Path) -> None:
    build_v1(db_path)
    conn = sqlite3.connect(db_path, isolation_level=None)
    migrate(conn, MIGRATIONS[:4])
    assert user_version(conn) == 4
    conn.close()
    with Store.open(db_path) as store:
        assert user_version(store.db.connection()) >= 5  # and on to the newest
        store.documents.upsert(SCOPE, [document(1)])
        assert store.documents.get(SCOPE, doc_id(1)) == document(1)
        assert store.outbox.list(SCOPE)[0].request_id == "req-1"  # the data came along
        names = {row[0] for row in store.db.connection().execute(
            "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'documents'")}
        assert {"documents_by_date", "documents_by_number", "documents_by_status",
                "documents_by_update"} <= names


def test_rows_list_a_clients_documents_newest_first_with_exact_amounts(store: Store) -> None:
    store.documents.upsert(LIVE, [
        document(1, date="2026-01-05"),
        document(2, date="2026-03-01", total_with_tax="0.30", total_paid=0.1, total_due=0.2),
        document(3, prefix="est", date="2026-02-01", date_due=None,
                 date_valid_till="2026-02-10"),
        document(4, owner=2),
    ])
    store.documents.upsert(OTHER, [document(5)])
    rows = store.documents.rows(LIVE, entity_id(1))
    assert [row.id for row in rows] == [doc_id(2), doc_id(3, "est"), doc_id(1)]
    second = rows[0]
    assert (second.total_with_tax, second.total_paid, second.total_due) == (
        Decimal("0.30"), Decimal("0.1"), Decimal("0.2"))
    assert second.total_paid + second.total_due == second.total_with_tax  # exact
    assert second.type == "invoice" and rows[1].type == "estimate"
    assert second.customer_name == "Customer 2" and second.number == "2026-00002"
    assert second.state == "partially_paid"
    assert second.status(dt.date(2026, 4, 30)) == "partially_paid"
    assert second.status(dt.date(2026, 5, 1)) == "overdue"
    assert rows[1].status(dt.date(2026, 2, 11)) == "expired"
    assert [r.id for r in store.documents.rows(LIVE, entity_id(1), document_type="estimate")
            ] == [doc_id(3, "est")]
    assert [r.id for r in store.documents.rows(LIVE, entity_id(1),
                                               since=dt.date(2026, 2, 1))] == [
        doc_id(2), doc_id(3, "est")]
    assert [r.data["id"] for r in store.documents.for_entity(LIVE, entity_id(1))] == [
        doc_id(2), doc_id(3, "est"), doc_id(1)]


def test_an_older_answer_never_overwrites_a_newer_one(store: Store) -> None:
    store.documents.upsert(LIVE, [document(1, note="new",
                                           updated_at="2026-03-03T00:00:00Z")])
    store.documents.upsert(LIVE, [document(1, note="old",
                                           updated_at="2026-03-02T23:59:59.999Z")])
    assert (store.documents.get(LIVE, doc_id(1)) or {})["note"] == "new"


def test_a_damaged_row_is_skipped_logged_once_and_counted(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    store.documents.upsert(LIVE, [document(1), document(2), document(3)])
    store.db.connection().execute(
        "UPDATE documents SET json = '{\"id\": \"inv_' WHERE id = ?", (doc_id(2),))
    with caplog.at_level(logging.WARNING, logger="si_desktop.store"):
        listed = store.documents.for_entity(LIVE, entity_id(1))
        again = store.documents.for_entity(LIVE, entity_id(1))
        single = store.documents.get(LIVE, doc_id(2))
    assert [r.data["id"] for r in listed] == [doc_id(3), doc_id(1)] == [
        r.data["id"] for r in again]
    assert single is None
    assert store.unreadable.count("documents") == 1
    warnings = [r for r in caplog.records if "cannot be read" in r.getMessage()]
    assert len(warnings) == 1 and doc_id(2) in warnings[0].getMessage()
    assert "inv_'" not in warnings[0].getMessage()  # never the value
    store.documents.upsert(LIVE, [document(2, updated_at="2026-04-01T00:00:00Z")])
    assert store.documents.get(LIVE, doc_id(2)) is not None
    assert store.unreadable.count("documents") == 0


def test_delete_missing_keeps_other_ranges_types_and_edited_documents(store: Store) -> None:
    store.documents.upsert(LIVE, [
        document(1, date="2026-03-01"), document(2, date="2026-03-02"),
        document(3, date="2025-01-01"), document(4, prefix="est", date="2026-03-01"),
        document(5, date="2026-03-03"),
    ], fetched_at="2026-03-04T00:00:00.000Z")
    store.outbox.enqueue(LIVE, EditKind.UPDATE_DOCUMENT, doc_id(5), {"note": "x"},
                         entity_id=entity_id(1))
    store.documents.upsert(LIVE, [document(6, date="2026-03-04")],
                           fetched_at="2026-03-05T00:00:00.000Z")  # a save, during the read
    gone = store.documents.delete_missing(
        LIVE, entity_id(1), "invoice", dt.date(2026, 1, 1), [doc_id(1)],
        fetched_before="2026-03-05T00:00:00.000Z")
    assert gone == [doc_id(2)]
    remaining = {r.id for r in store.documents.rows(LIVE, entity_id(1))}
    assert remaining == {doc_id(1), doc_id(3), doc_id(4, "est"), doc_id(5), doc_id(6)}


def test_a_client_the_service_dropped_takes_its_documents_along(store: Store) -> None:
    store.entities.upsert(LIVE, [entity(1), entity(2)])
    store.documents.upsert(LIVE, [document(1), document(2, owner=2)])
    store.customers.upsert(LIVE, [{"id": "cus_" + "1" * 24, "name": "A"}],
                           entity_id=entity_id(2))
    store.payments.upsert(LIVE, [{"id": "pay_abc123", "invoice_id": doc_id(2), "amount": 1}],
                          entity_id=entity_id(2))
    store.document_sync.put(LIVE, DocumentSyncState(entity_id(2), checked_at="x"))
    assert store.entities.delete_missing(LIVE, [entity_id(1)]) == 1
    assert store.documents.count(LIVE) == 1 and store.documents.get(LIVE, doc_id(1))
    assert store.customers.for_entity(LIVE, entity_id(2)) == []
    assert store.payments.for_document(LIVE, doc_id(2)) == []
    assert store.document_sync.get(LIVE, entity_id(2)) is None


def test_clearing_a_scope_clears_its_documents(store: Store) -> None:
    store.documents.upsert(LIVE, [document(1)])
    store.documents.upsert(OTHER, [document(1)])
    counts = store.scopes.counts(LIVE)
    assert counts.documents == 1
    assert store.scopes.clear(LIVE).documents == 1
    assert store.documents.count(LIVE) == 0 and store.documents.count(OTHER) == 1


def test_customers_taxes_and_payments(store: Store) -> None:
    customers = [{"id": f"cus_{n:024x}", "name": name} for n, name in
                 enumerate(["žiga", "Ana", "bor"])]
    store.customers.replace_for_entity(LIVE, entity_id(1), customers)
    names = [r.data["name"] for r in store.customers.for_entity(LIVE, entity_id(1))]
    assert names == ["Ana", "bor", "žiga"]
    assert store.customers.replace_for_entity(LIVE, entity_id(1), customers[:1]) == (1, 2)
    store.taxes.replace_for_entity(LIVE, entity_id(1), [
        {"id": "tax_" + "1" * 24, "tax_rates": [{"rate": 22}]}])
    assert store.taxes.for_entity(LIVE, entity_id(1))[0].data["tax_rates"] == [{"rate": 22}]
    payments = [
        {"id": "pay_second1", "invoice_id": doc_id(1), "amount": 20.5, "date": "2026-03-09"},
        {"id": "pay_first11", "invoice_id": doc_id(1), "amount": 100, "date": "2026-03-01"},
        {"id": "pay_other11", "credit_note_id": doc_id(2, "cre"), "amount": 5},
    ]
    store.payments.upsert(LIVE, payments, entity_id=entity_id(1))
    assert [r.data["id"] for r in store.payments.for_document(LIVE, doc_id(1))] == [
        "pay_first11", "pay_second1"]
    assert store.payments.document_of(LIVE, "pay_other11") == doc_id(2, "cre")
    assert store.payments.replace_for_document(
        LIVE, entity_id(1), doc_id(1), payments[:1]) == (1, 1)
    with pytest.raises(ValueError):
        store.payments.upsert(LIVE, [{"id": "pay_nodoc11", "amount": 1}],
                              entity_id=entity_id(1))


def test_the_client_checked_longest_ago_is_due_first(store: Store) -> None:
    store.entities.upsert(LIVE, [entity(n) for n in range(1, 5)]
                          + [entity(9, id="local_ent_abc")])
    store.document_sync.put(LIVE, DocumentSyncState(entity_id(1), checked_at="2026-03-02"))
    store.document_sync.put(LIVE, DocumentSyncState(entity_id(2), checked_at="2026-03-01"))
    assert store.document_sync.due(LIVE, limit=10) == [
        entity_id(3), entity_id(4), entity_id(2), entity_id(1)]
    assert store.document_sync.due(LIVE, limit=2, skip=[entity_id(3)]) == [
        entity_id(4), entity_id(2)]
    state = DocumentSyncState(entity_id(1), "2025-02-01", "2026-03-02T00:00:00.000000Z",
                              "2026-03-02", "2026-03-02")
    store.document_sync.put(LIVE, state)
    assert store.document_sync.get(LIVE, entity_id(1)) == state


def test_rows_come_from_the_index_alone(store: Store) -> None:
    """20,000 documents of one client come back as rows without reading their JSON (the
    Documents tab's first paint): damaged JSON does not even show."""
    store.documents.upsert(LIVE, [document(n, number=f"N{n}") for n in range(20_000)])
    store.db.connection().execute("UPDATE documents SET json = 'not json'")
    rows = store.documents.rows(LIVE, entity_id(1))
    assert len(rows) == 20_000 and store.unreadable.count() == 0
    assert json.dumps([str(rows[0].total_due)]) == '["219.6"]'


def test_issued_numbers_are_the_issued_and_voided_ones_oldest_first(store: Store) -> None:
    store.documents.upsert(LIVE, [
        document(1, date="2026-01-05"),
        document(2, date="2025-12-30", business_unit_id="unit_" + "1" * 24),
        document(3, date="2026-02-01", is_draft=True, number="draft-1"),
        document(4, date="2026-02-02", voided_at="2026-02-03T00:00:00Z"),
        document(5, owner=2),
    ])
    issued = store.documents.issued_numbers(LIVE, entity_id(1))
    assert [(n.type, n.business_unit_id, n.date, n.number) for n in issued] == [
        ("invoice", "unit_" + "1" * 24, "2025-12-30", "2026-00002"),
        ("invoice", None, "2026-01-05", "2026-00001"),
        ("invoice", None, "2026-02-02", "2026-00004"),  # voided: its number was used up
    ]
    since = store.documents.issued_numbers(LIVE, entity_id(1), since=dt.date(2026, 1, 1))
    assert [n.number for n in since] == ["2026-00001", "2026-00004"]


def test_attention_sums_up_each_clients_invoices_per_currency(store: Store) -> None:
    from si_desktop.core.practice import client_figures

    store.entities.upsert(LIVE, [entity(1, metadata={"bookkeeper": "Maja"}),
                                 entity(2), entity(3, metadata={"team.lead": "Ana"})])
    today = dt.date(2026, 5, 10)
    store.documents.upsert(LIVE, [
        document(1, date="2026-03-01", date_due="2026-04-01", total_due="100.10"),  # overdue
        document(2, date="2026-03-02", date_due="2026-04-01", total_paid="20",
                 total_due="30.05"),  # partly paid, overdue
        document(3, date="2026-05-01", date_due="2026-06-01", total_due="7"),  # not due yet
        document(4, date="2026-05-09", date_due="2026-04-01", voided_at="2026-05-01"),
        document(5, date="2026-05-20", date_due="2026-04-01", is_draft=True, number=None),
        document(6, date="2026-03-03", date_due="2026-04-01", paid_in_full=True,
                 total_paid="219.6", total_due="0"),
        document(7, date="2026-03-04", date_due="2026-04-01", currency_code="USD",
                 total_due="999"),
        document(8, prefix="est", date="2026-05-30", valid_till="2026-01-01"),
        document(9, owner=2, date_due="2026-05-09", total_due="1"),
    ])
    found = store.documents.attention(LIVE, today, "bookkeeper")
    assert set(found) == {entity_id(1), entity_id(2)}  # 3 has neither documents nor keeper
    figures = client_figures(*found[entity_id(1)])
    assert figures.overdue_count == 3  # the voided one, the draft and the paid one are not
    assert figures.overdue_amount == Decimal("130.15")  # exact, EUR only
    assert figures.other_overdue == {"USD": Decimal("999")}
    assert figures.unpaid_amount == Decimal("137.15")
    assert figures.drafts == 1
    assert figures.last_issued == dt.date(2026, 5, 1)  # not the voided one of 9 May
    assert figures.bookkeeper == "Maja"
    some = store.documents.attention(LIVE, today, "team.lead", [entity_id(2), entity_id(3)])
    assert set(some) == {entity_id(2), entity_id(3)}
    assert client_figures(*some[entity_id(2)]).overdue_amount == Decimal("1")
    assert client_figures(*some[entity_id(3)]).bookkeeper == "Ana"
    assert store.documents.attention(OTHER, today, "bookkeeper") == {}


def test_attention_shares_the_texts_many_clients_have_in_common(store: Store) -> None:
    """A firm has a few currencies and bookkeepers: the window keeps figures for every
    client (100,000 in a large firm), so each is one string, not one a client (B5)."""
    from si_desktop.core.practice import client_figures

    store.entities.upsert(LIVE, [entity(n, metadata={"bookkeeper": "Maja Novak"})
                                 for n in (1, 2, 3)])
    store.documents.upsert(LIVE, [document(1, date_due="2026-04-01", total_due="5"),
                                  document(2, owner=2, date_due="2026-04-01", total_due="7")])
    found = store.documents.attention(LIVE, dt.date(2026, 5, 10), "bookkeeper")
    first, second, third = (found[entity_id(n)] for n in (1, 2, 3))
    assert first.bookkeeper is second.bookkeeper is third.bookkeeper
    assert first.currency is second.currency
    assert first.groups[0].currency is second.groups[0].currency
    # a client without documents has figures like any other such client's: one object
    assert client_figures(*third) is client_figures("eur", "Maja Novak", [])
    assert client_figures(*third).bookkeeper == "Maja Novak"
