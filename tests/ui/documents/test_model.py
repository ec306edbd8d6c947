"""The Documents tab's model on its own: after any mix of loads, filters, sorts and ranged
updates it shows exactly the documents a from-scratch filter and sort would, in the same
order, each once; changes arrive as ranges, never as a reset."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt

from si_desktop.core.search_text import fold
from si_desktop.sync.vocabulary import DocumentRow
from si_desktop.ui.documents import model as model_module
from si_desktop.ui.documents.model import DocumentFilter, DocumentsModel

TODAY = dt.date(2026, 6, 15)
STATES = ("draft", "unpaid", "partially_paid", "paid", "voided")


def make_row(rng: random.Random, n: int) -> DocumentRow:
    kind = rng.choice(("invoice", "invoice", "estimate", "credit_note"))
    state = "open" if kind == "estimate" and rng.random() < 0.8 else rng.choice(STATES)
    date = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(560))
    total = Decimal(rng.randrange(1, 500_000)) / 100
    local = state == "draft" and rng.random() < 0.3
    return DocumentRow(
        f"{'local_' if local else ''}{kind[:3]}_{n:024x}", kind,
        None if state == "draft" else f"{date.year}-{n:05d}", date.isoformat(),
        (date + dt.timedelta(days=30)).isoformat() if kind == "invoice" else None,
        (date + dt.timedelta(days=30)).isoformat() if kind == "estimate" else None,
        None, rng.choice(("Čebela s.p.", "Žaga d.o.o.", "Novak", "Zupan", None)),
        rng.choice((None, "unit_a", "unit_b")), "EUR", total, Decimal(0), total, state,
        None, local, 0)


def expected(rows: dict[str, DocumentRow], wanted: DocumentFilter, column: int,
             descending: bool) -> list[str]:
    """The ids a from-scratch filter and sort shows."""
    model = DocumentsModel()
    model.load(rows.values(), locale="sl-SI", today=TODAY)
    model.sort(column, Qt.SortOrder.DescendingOrder if descending
               else Qt.SortOrder.AscendingOrder)
    model.set_filter(wanted)
    return [str(model.document_id(row)) for row in range(model.rowCount())]


def shown(model: DocumentsModel) -> list[str]:
    return [str(model.document_id(row)) for row in range(model.rowCount())]


FILTERS = [
    DocumentFilter(),
    DocumentFilter(document_type="invoice"),
    DocumentFilter(status="outstanding"),
    DocumentFilter(status="draft", search="zaga"),
    DocumentFilter(start=dt.date(2025, 6, 1), end=dt.date(2025, 12, 31)),
    DocumentFilter(unit="unit_a"),
    DocumentFilter(unit=""),
]


@pytest.mark.parametrize("seed", range(4))
def test_ranged_updates_keep_exactly_what_filter_and_sort_would_show(
    qtmodeltester: Any, seed: int
) -> None:
    rng = random.Random(seed)
    rows = {row.id: row for row in (make_row(rng, n) for n in range(120))}
    model = DocumentsModel()
    qtmodeltester.check(model, force_py=True)
    resets: list[str] = []
    model.modelReset.connect(lambda: resets.append("reset"))
    model.load(list(rows.values())[:40], locale="sl-SI", today=TODAY)
    present = dict(list(rows.items())[:40])
    wanted = rng.choice(FILTERS)
    model.set_filter(wanted)
    column, descending = rng.randrange(-1, 7), rng.random() < 0.5
    model.sort(column, Qt.SortOrder.DescendingOrder if descending else
               Qt.SortOrder.AscendingOrder)
    resets.clear()
    next_id = 1000
    for _step in range(40):
        updates: dict[str, DocumentRow | None] = {}
        for _ in range(rng.randrange(1, 6)):
            action = rng.random()
            if action < 0.4 or not present:  # a new document
                row = make_row(rng, next_id)
                next_id += 1
                updates[row.id] = row
            elif action < 0.7:  # changed (paid, renamed customer, another date)
                old = rng.choice(list(present.values()))
                updates[old.id] = make_row(rng, int(old.id[-24:], 16))._replace(
                    id=old.id, type=old.type)
            else:  # gone
                updates[rng.choice(list(present))] = None
        model.update_rows(updates)
        for document_id, row in updates.items():
            if row is None:
                present.pop(document_id, None)
            else:
                present[document_id] = row
        if rng.random() < 0.2:
            wanted = rng.choice(FILTERS)
            model.set_filter(wanted)
        assert shown(model) == expected(present, wanted, column, descending)
        assert model.total_count == len(present)
    assert resets == []


def test_a_search_that_keeps_the_same_documents_changes_nothing() -> None:
    rng = random.Random(1)
    model = DocumentsModel()
    model.load([make_row(rng, n) for n in range(50)], locale="sl-SI", today=TODAY)
    layouts: list[int] = []
    model.layoutChanged.connect(lambda *_: layouts.append(1))
    model.set_filter(DocumentFilter(search="čebel"))
    assert all("cebel" in fold(str(model.document_row(r).customer_name))
               for r in range(model.rowCount()))
    model.set_filter(DocumentFilter(search="čebela"))
    assert len(layouts) == 1


def summary_of(rows: dict[str, DocumentRow], wanted: DocumentFilter) -> Any:
    model = DocumentsModel()
    model.load(rows.values(), locale="sl-SI", today=TODAY)
    model.set_filter(wanted)
    return model.summary()


@pytest.mark.parametrize("seed", range(3))
def test_typing_and_backspace_show_what_a_filter_from_scratch_would(seed: int) -> None:
    """Issue 19 (B9): typing on filters only what is shown, Backspace shows a kept result
    again; with documents changing and sorts in between, what is shown (and its summary)
    is always what a filter from scratch would show."""
    rng = random.Random(seed)
    rows = {row.id: row for row in (make_row(rng, n) for n in range(150))}
    model = DocumentsModel()
    model.load(rows.values(), locale="sl-SI", today=TODAY)
    column, descending = -1, False
    base = DocumentFilter()
    next_id = 1000
    for word in ("zaga", "2025-000", "novak cebela", "2026 zu", "upan"):
        typed = [word[:n] for n in range(1, len(word) + 1)]
        for search in [*typed, *reversed(typed[:-1]), ""]:
            wanted = replace(base, search=search)
            model.set_filter(wanted)
            assert shown(model) == expected(rows, wanted, column, descending), search
            assert model.summary() == summary_of(rows, wanted)
            if rng.random() < 0.1:  # a document changes while the user types
                row = make_row(rng, next_id)
                next_id += 1
                rows[row.id] = row
                model.update_rows({row.id: row})
            if rng.random() < 0.05:
                column, descending = rng.randrange(-1, 7), rng.random() < 0.5
                model.sort(column, Qt.SortOrder.DescendingOrder if descending
                           else Qt.SortOrder.AscendingOrder)
        base = rng.choice(FILTERS[:3])


def test_typing_on_passes_over_what_is_shown_and_backspace_over_nothing(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(2)
    model = DocumentsModel()
    model.load([make_row(rng, n) for n in range(200)], locale="sl-SI", today=TODAY)
    passes: list[int] = []
    matching = model._matching
    monkeypatch.setattr(model, "_matching", lambda entries, wanted: passes.append(
        len(entries)) or matching(entries, wanted))
    model.set_filter(DocumentFilter(search="z"))
    shown_z = model.rowCount()
    assert passes == [200] and 0 < shown_z < 200
    model.set_filter(DocumentFilter(search="za"))
    assert passes == [200, shown_z]  # only the documents "z" showed
    model.set_filter(DocumentFilter(search="z"))  # Backspace
    model.set_filter(DocumentFilter())
    assert passes == [200, shown_z] and model.rowCount() == 200
    model.set_filter(DocumentFilter(search="ab"))
    model.set_filter(DocumentFilter(search="b"))  # not narrowing: a pass over all
    assert passes[-2:] == [200, 200]


def test_every_columns_order_is_sorted_ahead_once_input_pauses(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 19 (B9): a first sort by a column sorted every document in the click. Once
    the texts are formatted and the user's input pauses, each column's order (both ways)
    is sorted ahead; a click then sorts nothing, and shows what a sort would."""
    monkeypatch.setattr(model_module, "SORT_AHEAD_PAUSE_MS", 5)
    rng = random.Random(3)
    rows = {row.id: row for row in (make_row(rng, n) for n in range(300))}
    model = DocumentsModel()
    model.load(rows.values(), locale="sl-SI", today=TODAY)
    assert model.formatting_ahead
    qtbot.waitUntil(lambda: not model.formatting_ahead and not model.sorting_ahead,
                    timeout=10000)
    ways = [(column, descending) for column in range(7) for descending in (False, True)]
    wanted = {way: expected(rows, DocumentFilter(), *way) for way in ways}
    sorts: list[int] = []
    monkeypatch.setattr(model_module, "sorted", lambda entries, **how: sorts.append(1)
                        or sorted(entries, **how), raising=False)
    for column, descending in ways:
        model.sort(column, Qt.SortOrder.DescendingOrder if descending
                   else Qt.SortOrder.AscendingOrder)
        assert shown(model) == wanted[(column, descending)]
    assert sorts == []
    row = make_row(rng, 999)  # a change: the orders are sorted ahead again
    model.update_rows({row.id: row})
    assert model.formatting_ahead  # its texts first, then the orders
    qtbot.waitUntil(lambda: not model.formatting_ahead and not model.sorting_ahead,
                    timeout=10000)
    sorts.clear()
    model.sort(3, Qt.SortOrder.AscendingOrder)
    assert sorts == []
