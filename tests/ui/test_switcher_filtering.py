"""The switcher's proxy over a plain model: collation order, filtering while typing and on
Backspace, rows arriving, renamed and removed, and the current row kept on its client."""

from __future__ import annotations

import random
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QItemSelectionModel, QLocale, QPersistentModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QTableView

from si_desktop.core.search_text import fold
from si_desktop.ui.switcher import filtering
from si_desktop.ui.switcher.filtering import ClientFilterProxy, _inverse
from si_desktop.ui.switcher.model import ClientRole
from tests.ui.events import EventCounter


def _item(entity_id: str, name: str, city: str = "") -> QStandardItem:
    item = QStandardItem(name)
    item.setData(entity_id, ClientRole.Id)
    item.setData(name, ClientRole.Sort)
    item.setData(fold(f"{name}\n{city}"), ClientRole.Search)
    return item


def _names(proxy: ClientFilterProxy) -> list[str]:
    return [str(proxy.index(row, 0).data()) for row in range(proxy.rowCount())]


def test_order_filter_and_changes(qtmodeltester: Any) -> None:
    source = QStandardItemModel()
    for n, name in enumerate(["Zupan", "Čadež s.p.", "Cene", "Client 10", "Client 9"]):
        source.appendRow(_item(f"ent_{n}", name, "Kranj" if n == 1 else "Ptuj"))
    proxy = ClientFilterProxy(QLocale("sl_SI"))
    proxy.setSourceModel(source)
    qtmodeltester.check(proxy, force_py=True)
    assert _names(proxy) == ["Cene", "Client 9", "Client 10", "Čadež s.p.", "Zupan"]

    selection = QItemSelectionModel(proxy)
    selection.setCurrentIndex(proxy.index(3, 0), QItemSelectionModel.SelectionFlag.Select)
    current = QPersistentModelIndex(selection.currentIndex())
    proxy.set_search("c")
    assert _names(proxy) == ["Cene", "Client 9", "Client 10", "Čadež s.p."]
    proxy.set_search("ca kr")  # every word, accents ignored, the city too
    assert _names(proxy) == ["Čadež s.p."]
    assert current.isValid() and current.data() == "Čadež s.p."
    proxy.set_search("cl")
    assert not current.isValid()  # filtered out: the current row is gone
    proxy.set_search("c")  # Backspace: the earlier result again
    assert _names(proxy) == ["Cene", "Client 9", "Client 10", "Čadež s.p."]

    kept = QPersistentModelIndex(proxy.index(2, 0))  # Client 10
    source.insertRow(0, _item("ent_new", "Ciril"))
    assert _names(proxy) == ["Cene", "Ciril", "Client 9", "Client 10", "Čadež s.p."]
    assert kept.data() == "Client 10" and kept.row() == 3
    source.item(1).setData("Alfa", ClientRole.Sort)  # Zupan renamed: it moves
    source.item(1).setData("alfa", ClientRole.Search)
    proxy.set_search("")
    assert proxy.index(0, 0).data(ClientRole.Id) == "ent_0"
    source.removeRow(0)  # Ciril
    assert "Ciril" not in _names(proxy) and kept.data() == "Client 10"
    row = proxy.mapFromSource(source.index(2, 0))
    assert row.isValid() and proxy.mapToSource(row).row() == 2
    assert proxy.index(0, 0).data(Qt.ItemDataRole.DisplayRole) == "Zupan"  # display unchanged


def test_a_new_search_text_that_keeps_the_row_needs_no_new_layout() -> None:
    """Opening a client replaces its list columns with its full record: the row keeps its
    place, so the list is not laid out again (no full repaint on every switch)."""
    source = QStandardItemModel()
    for n, name in enumerate(["Ana", "Bor", "Cene"]):
        source.appendRow(_item(f"ent_{n}", name, "Ptuj"))
    proxy = ClientFilterProxy(QLocale("sl_SI"))
    proxy.setSourceModel(source)
    layouts: list[int] = []
    proxy.layoutChanged.connect(lambda *_: layouts.append(1))
    for words in ("", "ptuj"):
        proxy.set_search(words)
        layouts.clear()
        source.item(1).setData(fold(f"Bor\nPtuj\n{words}C-00{len(words)}"), ClientRole.Search)
        assert not layouts and _names(proxy) == ["Ana", "Bor", "Cene"]
    proxy.set_search("c-004")  # the new text is searched
    assert _names(proxy) == ["Bor"]
    layouts.clear()
    source.item(1).setData("bor", ClientRole.Search)  # no longer matching: it goes
    assert layouts and _names(proxy) == []
    proxy.set_search("")
    proxy.set_search("c-004")  # no stale result from before
    assert _names(proxy) == []


def test_typing_on_to_the_same_clients_needs_no_new_layout() -> None:
    """"d.o" to "d.o." keeps the same clients: the list is not laid out (or painted) again,
    yet the words are the new ones and later keystrokes filter from them."""
    source = QStandardItemModel()
    for n, name in enumerate(["Ana d.o.o.", "Bor d.o.o.", "Cene s.p.", "Dana"]):
        source.appendRow(_item(f"ent_{n}", name, "Ptuj"))
    proxy = ClientFilterProxy(QLocale("sl_SI"))
    proxy.setSourceModel(source)
    selection = QItemSelectionModel(proxy)
    layouts: list[int] = []
    proxy.layoutChanged.connect(lambda *_: layouts.append(1))

    proxy.set_search("d.o")
    assert layouts and _names(proxy) == ["Ana d.o.o.", "Bor d.o.o."]
    selection.setCurrentIndex(proxy.index(1, 0), QItemSelectionModel.SelectionFlag.Select)
    for text in ("d.o.", "d.o.o", "d.o.o ptuj", "d.o.o"):  # typing on, then Backspace
        layouts.clear()
        proxy.set_search(text)
        assert not layouts and _names(proxy) == ["Ana d.o.o.", "Bor d.o.o."]
        assert proxy.search_words == fold(text).split()
        assert selection.currentIndex().data() == "Bor d.o.o."
    proxy.set_search("d.o.o a")  # the next keystroke narrows from the kept result
    assert layouts and _names(proxy) == ["Ana d.o.o."]
    assert not selection.currentIndex().isValid()
    layouts.clear()
    proxy.set_search("")  # every client again
    assert layouts and proxy.rowCount() == 4
    layouts.clear()
    proxy.set_search("p")  # all of them match: nothing to lay out
    assert not layouts and proxy.rowCount() == 4 and proxy.search_words == ["p"]
    layouts.clear()
    proxy.set_search("")
    assert not layouts and proxy.rowCount() == 4 and proxy.search_words == []


def test_letters_nfkd_keeps_are_found_as_typed() -> None:
    """Names common in this market, typed on a keyboard without their letters."""
    source = QStandardItemModel()
    for n, (name, city) in enumerate([("Đorđević d.o.o.", "Beograd"), ("Kowalski", "Łódź"),
                                      ("Søren Æbelø ApS", "Århus"), ("Þórsson ehf.", "Reykjavík"),
                                      ("Müller GmbH", "Straße")]):
        source.appendRow(_item(f"ent_{n}", name, city))
    proxy = ClientFilterProxy(QLocale("sl_SI"))
    proxy.setSourceModel(source)
    for typed, found in [("dordevic", "Đorđević d.o.o."), ("DORĐ", "Đorđević d.o.o."),
                         ("lodz", "Kowalski"), ("soren aebelo", "Søren Æbelø ApS"),
                         ("thorsson", "Þórsson ehf."), ("strasse", "Müller GmbH")]:
        proxy.set_search(typed)
        assert _names(proxy) == [found], typed


def test_a_keystroke_looks_at_a_bounded_number_of_clients(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 23: a keystroke over many clients lays out what the first `SCAN_AT_ONCE` of
    them hold and appends the rest on the next turns of the event loop; typing on before
    that narrows from what was found and what was not looked at yet; the result is the
    whole one in the end."""
    monkeypatch.setattr(filtering, "SCAN_AT_ONCE", 4)
    source = QStandardItemModel()
    names = [f"Client {n:02d}" + (" Kranj" if n % 3 == 0 else "") for n in range(20)]
    for n, name in enumerate(names):
        source.appendRow(_item(f"ent_{n}", name))
    proxy = ClientFilterProxy(QLocale("sl_SI"))
    proxy.setSourceModel(source)
    assert proxy.rowCount() == 20 and not proxy.searching

    proxy.set_search("kr")
    assert proxy.searching
    assert _names(proxy) == ["Client 00 Kranj", "Client 03 Kranj"]  # of the first four
    proxy.set_search("kra")  # typed on before the rest was looked at
    assert proxy.searching
    with qtbot.waitSignal(proxy.search_finished, timeout=2000):
        pass
    assert not proxy.searching
    assert _names(proxy) == [name for name in names if "Kranj" in name]
    current = proxy.index(0, 0)
    assert proxy.mapToSource(current).row() == 0
    assert proxy.map_row(18) == 6 and proxy.map_row(17) == -1

    proxy.set_search("")
    assert proxy.rowCount() == 20 and not proxy.searching


def test_the_rest_of_a_search_is_looked_at_after_the_list_is_painted(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 23: what the first `SCAN_AT_ONCE` clients hold is painted before the others
    are looked at (`SCAN_PAUSE_MS`; long here, so that only the order is tested)."""
    monkeypatch.setattr(filtering, "SCAN_AT_ONCE", 4)
    monkeypatch.setattr(filtering, "SCAN_PAUSE_MS", 1500)
    source = QStandardItemModel()
    for n in range(12):
        source.appendRow(_item(f"ent_{n}", f"Client {n:02d} Kranj"))
    proxy = ClientFilterProxy(QLocale("sl_SI"))
    proxy.setSourceModel(source)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(proxy)
    view.show()
    qtbot.waitExposed(view)
    painted = EventCounter(view.viewport(), QEvent.Type.Paint)

    proxy.set_search("kranj")
    qtbot.waitUntil(lambda: painted.count > 0, timeout=1000)
    assert proxy.searching and proxy.rowCount() == 4  # painted, nothing more looked at yet
    with qtbot.waitSignal(proxy.search_finished, timeout=5000):
        pass
    assert proxy.rowCount() == 12


class _CountingCollator:
    """The proxy's collator, counting its comparisons."""

    def __init__(self, collator: Any) -> None:
        self.collator = collator
        self.calls = 0

    def compare(self, a: str, b: str) -> int:
        self.calls += 1
        result: int = self.collator.compare(a, b)
        return result


def test_a_new_or_renamed_client_is_placed_without_a_pass_over_every_client() -> None:
    """Issue 23: a client arriving (a page of a refresh) or renamed finds its place by
    binary search, not by sorting every client again (a comparison a client)."""
    source = QStandardItemModel()
    for n in range(2000):
        source.appendRow(_item(f"ent_{n:04d}", f"Client {n:04d}"))
    proxy = ClientFilterProxy(QLocale("sl_SI"))
    proxy.setSourceModel(source)
    counting = _CountingCollator(proxy._collator)
    proxy._collator = counting  # type: ignore[assignment]

    source.appendRow(_item("ent_new", "Client 0999b"))
    assert counting.calls < 100
    row = proxy.mapFromSource(source.index(2000, 0)).row()
    assert proxy.index(row - 1, 0).data() == "Client 0999"
    assert proxy.index(row + 1, 0).data() == "Client 1000"

    counting.calls = 0
    source.item(5).setData("Client 1500b", ClientRole.Sort)  # renamed: it moves
    assert counting.calls < 100
    names = [str(proxy.index(r, 0).data(ClientRole.Sort)) for r in range(proxy.rowCount())]
    assert names.index("Client 1500b") == names.index("Client 1500") + 1
    assert "Client 0005" not in names


def test_the_list_paints_a_row_from_its_texts_in_one_call(qtbot: Any) -> None:
    """Issue 23: a painted row asks the model for its texts once (`paint_texts`), never for
    a record through `data`, and the row shows them."""
    from si_desktop.ui.switcher.widget import ClientDelegate, ClientListView

    class Source(QStandardItemModel):
        def __init__(self) -> None:
            super().__init__()
            self.records = 0
            self.texts: list[int] = []

        def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
            if role == ClientRole.Record:
                self.records += 1
            return super().data(index, role)

        def paint_texts(self, row: int) -> tuple[str, str, bool, str]:
            self.texts.append(row)
            return (str(self.item(row).text()), "SI · EUR", row == 1,
                    "2 overdue" if row == 0 else "")

    source = Source()
    for n, name in enumerate(["Ana", "Bor", "Cene"]):
        source.appendRow(_item(f"ent_{n}", name))
    proxy = ClientFilterProxy(QLocale("sl_SI"))
    proxy.setSourceModel(source)
    view = ClientListView()
    qtbot.addWidget(view)
    view.setModel(proxy)
    view.setItemDelegate(ClientDelegate(view))
    view.resize(240, 120)
    image = view.grab().toImage()
    assert source.records == 0
    assert sorted(set(source.texts)) == [0, 1, 2]
    assert not image.isNull()


def test_the_place_of_each_row_is_the_inverse_of_the_order() -> None:
    order = list(range(500))
    random.Random(7).shuffle(order)
    places = _inverse(order)
    assert [order[place] for place in places] == list(range(500))
    assert _inverse([0, 1, 2]) == [0, 1, 2] and _inverse([]) == []
