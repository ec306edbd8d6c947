"""The practice list (issue 25): the client list shows what needs attention per client,
sorts and filters by it with the search on top, the pinned and recent list follows, and a
change for one client reads that client's figures only."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from si_desktop.core.practice import ClientFigures, Filter
from si_desktop.sync.events import ChangeKind, Changes
from si_desktop.ui.context import AppContext
from si_desktop.ui.switcher import model as model_module
from si_desktop.ui.switcher.model import figures_changed
from si_desktop.ui.switcher.widget import ClientSwitcher
from tests.ui.fakes import FakeWorkspace, make_entity

OVERDUE_DUE = (dt.date.today() - dt.timedelta(days=10)).isoformat()
LATER_DUE = (dt.date.today() + dt.timedelta(days=10)).isoformat()


def invoice(n: int, owner: int, due: str = OVERDUE_DUE, **over: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": f"inv_{n:024x}", "entity_id": f"ent_{owner:024x}", "number": f"2026-{n:05d}",
        "date": "2026-01-10", "date_due": due, "currency_code": "EUR",
        "total_with_tax": "100.00", "total_paid": "0", "total_due": "100.00",
        "paid_in_full": False, "is_draft": False, "voided_at": None,
        "updated_at": "2026-01-10T10:00:00.000Z",
    }
    record.update(over)
    return record


def names(switcher: ClientSwitcher) -> list[str]:
    proxy = switcher.proxy
    return [proxy.index(row, 0).data() for row in range(proxy.rowCount())]


def favourite_names(switcher: ClientSwitcher) -> list[str]:
    model = switcher.favourites_filter
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def build(qtbot: QtBot, context: AppContext) -> tuple[ClientSwitcher, FakeWorkspace]:
    entities = [
        make_entity(1, "Ana d.o.o.", metadata={"bookkeeper": "Maja"}),
        make_entity(2, "Bor s.p."),
        make_entity(3, "Cene Trgovina", metadata={"bookkeeper": "Luka"}),
        make_entity(4, "Dolenc", country_code="HR", is_enabled=False),
        make_entity(5, "Erika Bor"),
    ]
    workspace = FakeWorkspace(entities)
    workspace.store.documents.upsert(workspace.scope, [
        invoice(1, 3), invoice(2, 3, total_due="50.50"),  # Cene: 2 overdue, 150,50 €
        invoice(3, 5),  # Erika Bor: 1 overdue
        invoice(4, 2, due=LATER_DUE, total_due="900"),  # Bor: unpaid, not overdue
        invoice(5, 1, is_draft=True, number=None),  # Ana: a draft
        invoice(6, 1, voided_at="2026-01-11T00:00:00Z"),  # voided: never overdue
    ])
    context.set_workspace(workspace)
    switcher = ClientSwitcher(context)
    qtbot.addWidget(switcher)
    switcher.show()
    qtbot.waitUntil(lambda: switcher.model.figures_of(f"ent_{3:024x}").overdue_count == 2,
                    timeout=3000)
    return switcher, workspace


def test_sort_and_quick_filter_with_the_search_on_top(qtbot: QtBot,
                                                      context: AppContext) -> None:
    switcher, _ = build(qtbot, context)
    assert names(switcher) == ["Ana d.o.o.", "Bor s.p.", "Cene Trgovina", "Dolenc",
                               "Erika Bor"]
    texts = switcher.proxy.paint_texts(2)
    assert texts[3] == "2 overdue"
    assert "150,50\xa0€" in texts[1]  # the client's money format (sl-SI)
    assert switcher.proxy.paint_texts(0)[3] == ""  # the voided invoice is not overdue

    switcher.set_sort("overdue")
    assert names(switcher)[:2] == ["Cene Trgovina", "Erika Bor"]
    switcher.set_sort("unpaid")
    assert names(switcher)[:3] == ["Bor s.p.", "Cene Trgovina", "Erika Bor"]

    switcher.set_quick_filter(Filter("overdue"))
    assert names(switcher) == ["Cene Trgovina", "Erika Bor"]
    qtbot.keyClicks(switcher.search, "bor")  # the search works within the filter
    assert names(switcher) == ["Erika Bor"]
    switcher.search.clear()
    switcher.set_quick_filter(Filter("attention"))
    assert sorted(names(switcher)) == ["Ana d.o.o.", "Cene Trgovina", "Erika Bor"]
    switcher.set_quick_filter(Filter("mine", "maja"))
    assert names(switcher) == ["Ana d.o.o."]
    switcher.set_quick_filter(Filter("disabled"))
    assert names(switcher) == ["Dolenc"]
    switcher.set_quick_filter(Filter("country", "hr"))
    assert names(switcher) == ["Dolenc"]
    switcher.set_quick_filter(Filter("drafts"))
    assert names(switcher) == ["Ana d.o.o."]
    switcher.set_quick_filter(Filter())
    switcher.set_sort("name")
    assert len(names(switcher)) == 5


def test_pinned_and_recent_follow_the_search_and_the_filter(qtbot: QtBot,
                                                           context: AppContext) -> None:
    switcher, _ = build(qtbot, context)
    for n, name in ((2, "Bor s.p."), (5, "Erika Bor"), (3, "Cene Trgovina")):
        switcher.favourites.note_opened(f"ent_{n:024x}", name)
    assert sorted(favourite_names(switcher)) == ["Bor s.p.", "Cene Trgovina", "Erika Bor"]
    switcher.set_quick_filter(Filter("overdue"))
    assert sorted(favourite_names(switcher)) == ["Cene Trgovina", "Erika Bor"]
    qtbot.keyClicks(switcher.search, "bor")
    assert favourite_names(switcher) == ["Erika Bor"]


def test_a_change_for_one_client_reads_that_clients_figures_only(
        qtbot: QtBot, context: AppContext) -> None:
    switcher, workspace = build(qtbot, context)
    switcher.set_sort("overdue")
    asked: list[Any] = []
    original = workspace.client_figures

    def spy(entity_ids: Any = None, **kwargs: Any) -> Any:
        asked.append(None if entity_ids is None else sorted(entity_ids))
        return original(entity_ids, **kwargs)

    workspace.client_figures = spy  # type: ignore[method-assign]
    workspace.store.documents.upsert(workspace.scope, [invoice(7, 2), invoice(8, 2),
                                                       invoice(9, 2)])
    switcher.model.apply_changes(Changes(ChangeKind.REFRESHED,
                                         document_clients=frozenset({f"ent_{2:024x}"})))
    assert asked == [[f"ent_{2:024x}"]]  # never every client again
    assert names(switcher)[0] == "Bor s.p."  # 3 overdue now: first
    assert switcher.proxy.paint_texts(0)[3] == "3 overdue"


def test_details_too_long_for_the_row_lose_whole_parts_never_half_an_amount(
    qtbot: QtBot,
) -> None:
    # "€ 6.891,3…" would read as another amount: parts that do not fit are left out whole.
    from PySide6.QtGui import QFont, QFontMetrics

    from si_desktop.ui.switcher.widget import ClientDelegate

    delegate = ClientDelegate()
    metrics = QFontMetrics(QFont())
    details = "7.485,07 € · SI · EUR"
    amount = metrics.horizontalAdvance("7.485,07 €")
    assert delegate._whole_parts(metrics, details, amount + 1) == "7.485,07 €"
    assert delegate._whole_parts(metrics, details, amount - 1) == ""
    everything = metrics.horizontalAdvance(details)
    assert delegate._whole_parts(metrics, details, everything) == details


def test_figures_changed_names_every_client_at_first_and_then_only_the_differing() -> None:
    one, two = ClientFigures("EUR", overdue_count=1), ClientFigures("EUR", drafts=2)
    assert figures_changed({}, {"a": one, "b": two}) == {"a", "b"}
    assert figures_changed({"a": one, "b": two}, {"a": one, "c": two}) == {"b", "c"}
    assert figures_changed({"a": one}, {"a": ClientFigures("EUR", overdue_count=1)}) == set()


def test_every_clients_figures_are_compared_on_the_worker_not_on_the_gui_thread(
        qtbot: QtBot, context: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    """B13: at 100,000 clients comparing every client's figures was a Python call a client
    on the GUI thread, one stall of the window while it refreshed."""
    switcher, workspace = build(qtbot, context)
    compared_on: list[threading.Thread] = []

    def spy(before: Any, after: Any) -> set[str]:
        compared_on.append(threading.current_thread())
        return figures_changed(before, after)

    monkeypatch.setattr(model_module, "figures_changed", spy)
    workspace.store.documents.upsert(workspace.scope, [invoice(7, 2)])  # Bor: 1 overdue
    switcher.model.load_figures_later()
    qtbot.waitUntil(lambda: switcher.model.figures_of(f"ent_{2:024x}").overdue_count == 1,
                    timeout=3000)
    assert compared_on and threading.main_thread() not in compared_on
    switcher.set_sort("overdue")
    assert names(switcher)[:3] == ["Cene Trgovina", "Bor s.p.", "Erika Bor"]


def test_a_client_changed_while_every_clients_figures_were_read_is_compared_with_its_own(
        qtbot: QtBot, context: AppContext) -> None:
    """The read of every client compares on its worker with the figures as they were when
    it began; a client `update_figures` changed meanwhile is compared here, with its
    figures of now (and only it: the others are not compared on the GUI thread)."""
    switcher, _workspace = build(qtbot, context)
    model = switcher.model
    bor, erika = f"ent_{2:024x}", f"ent_{5:024x}"
    now = ClientFigures("EUR", overdue_count=4)
    model._figures_touched = {bor}
    model._figures = {**model._figures, bor: now}
    rows: list[int] = []
    model.dataChanged.connect(lambda first, last, *_: rows.extend(
        range(first.row(), last.row() + 1)))
    read = {**model._figures, erika: ClientFigures("EUR", drafts=1)}  # bor: as now
    model._adopt_all_figures((read, {bor, erika}), model._figures_generation)
    assert rows == [model.row_of(erika)]  # bor's figures are the ones shown already
    assert model.figures_of(erika).drafts == 1 and model._figures_touched == set()


def test_every_clients_figures_are_read_on_the_after_paint_worker_once_the_list_is_shown(
        qtbot: QtBot, context: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    """B13: the read of every client's figures (an aggregate query and a Python call a
    client) waits for the list's first paint and takes its turn on the after-paint worker,
    after the search's fold, not on a thread of its own beside it."""
    read_on: list[str] = []
    workspace = FakeWorkspace([make_entity(1, "Ana d.o.o.",
                                           metadata={"bookkeeper": "Maja"})])
    real = workspace.client_figures

    def spy(*args: Any, **kwargs: Any) -> dict[str, ClientFigures]:
        read_on.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(workspace, "client_figures", spy)
    context.set_workspace(workspace)
    switcher = ClientSwitcher(context)
    qtbot.addWidget(switcher)
    qtbot.wait(100)  # a negative: nothing read before the list is on screen
    assert read_on == []
    switcher.show()
    qtbot.waitUntil(lambda: switcher.model.figures_of(f"ent_{1:024x}").bookkeeper == "Maja",
                    timeout=3000)
    assert read_on == ["si-desktop-after-paint"]
