"""What a keystroke in the documents' search costs the window: the filter applies at once,
the scroll bars are laid out in the same pass as the rows, the page around the table is not
repainted, and the rows are painted by `DocumentDelegate` from the model's cells."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QTabWidget
from pytestqt.qtbot import QtBot

from si_desktop.ui.documents import model as model_module
from si_desktop.ui.documents.delegate import DocumentDelegate, _laid_out, _Widths
from si_desktop.ui.documents.model import FontKind
from si_desktop.ui.documents.page import DocumentsPage
from tests.ui.documents.conftest import DocRig, open_page
from tests.ui.events import EventCounter


def many(rig: DocRig, customers: list[str]) -> str:
    entity_id = rig.make_client("Kovač d.o.o.")
    for customer in customers:
        rig.document(entity_id, price="10", customer=customer)
    rig.refresh(entity_id)
    return entity_id


@contextmanager
def in_tabs(page: DocumentsPage) -> Iterator[QTabWidget]:
    """The page in a tab widget, as the main window holds it; given back to the test's
    own keeping afterwards (the test closes it)."""
    tabs = QTabWidget()
    tabs.addTab(page, "Documents")
    tabs.resize(1000, 600)
    tabs.show()
    try:
        yield tabs
    finally:
        tabs.removeTab(0)
        page.setParent(None)  # type: ignore[call-overload]
        tabs.deleteLater()


def test_a_keystroke_filters_at_once_and_repaints_only_the_table_and_summary(
    qtbot: QtBot, rig: DocRig
) -> None:
    entity_id = many(rig, ["Ana", "Anja", "Bor", "Cvet", "Miha"])
    page = open_page(qtbot, rig, entity_id)
    with in_tabs(page) as tabs:
        qtbot.waitExposed(tabs)
        page.search.setFocus()
        qtbot.keyClicks(page.search, "a")
        # at once, not on a later turn of the event loop
        assert page.model.filter.search == "a"
        assert page.summary_label.text().startswith("3 of 5 documents")
        qtbot.wait(400)  # the search box's clear button has faded in
        toolbar = EventCounter(page.toolbar, QEvent.Type.Paint)
        table = EventCounter(page.view.viewport(), QEvent.Type.Paint)
        qtbot.keyClicks(page.search, "n")
        assert page.model.rowCount() == 2 and page.summary_label.text().startswith("2 of 5")
        qtbot.keyClicks(page.search, "j")
        assert page.model.rowCount() == 1 and page.summary_label.text().startswith("1 of 5")
        qtbot.waitUntil(lambda: table.count > 0)
        qtbot.wait(50)
        # a new summary used to lay the page out again, and the tab widget then repainted
        # all of it (toolbar, filters, tabs) on every keystroke
        assert toolbar.count == 0
        assert tabs.currentWidget() is page


def test_the_scroll_bars_are_laid_out_with_the_rows(qtbot: QtBot, rig: DocRig) -> None:
    entity_id = many(rig, [f"Kupec {n}" for n in range(40)])
    page = open_page(qtbot, rig, entity_id)
    page.resize(800, 300)
    qtbot.wait(50)
    bar = page.view.verticalScrollBar()
    assert bar.maximum() > 0
    page.search.setText("kupec 17")
    # no turn of the event loop in between: the rows and the scroll bar paint together
    assert page.model.rowCount() <= 2 and bar.maximum() == 0


def test_the_rows_are_painted_from_the_models_cells(qtbot: QtBot, rig: DocRig) -> None:
    entity_id = many(rig, ["<b>Ana</b> & co", "Bor"])
    page = open_page(qtbot, rig, entity_id)
    assert isinstance(page.view.itemDelegate(), DocumentDelegate)
    model = page.model
    for row in range(model.rowCount()):
        painted = model.paint_cells(row)
        assert painted is not None
        texts, looks = painted
        for column, (text, (colour, kind)) in enumerate(zip(texts, looks, strict=True)):
            index = model.index(row, column)
            assert text == index.data()
            assert colour == index.data(Qt.ItemDataRole.ForegroundRole)
            font = index.data(Qt.ItemDataRole.FontRole)
            assert (font is not None) == (kind is not FontKind.PLAIN)
    assert model.paint_cells(model.rowCount()) is None
    image = page.view.viewport().grab().toImage()
    assert len({image.pixel(x, y) for x in range(0, image.width(), 7)
                for y in range(0, 40)}) > 2  # text was drawn, not an empty table


def test_a_text_is_measured_from_its_characters_and_elided_when_it_does_not_fit(
    qtbot: QtBot
) -> None:
    from PySide6.QtGui import QFont, QFontMetrics

    font = QFont()
    metrics = QFontMetrics(font)
    widths = _Widths(font)
    for text in ("<b>Ana</b>", "2026-00143", "1.234,56\xa0€", "Čebela s.p."):
        shown, width = widths.fitted(text, 500)
        assert shown == text  # as typed: markup is drawn, not read
        assert abs(width - metrics.horizontalAdvance(text)) <= 1  # give or take kerning
    shown, width = widths.fitted("Ana " * 100, 80)
    assert shown.endswith("…") and width <= 80
    arabic = "شركة النور للتجارة"  # joined when laid out: measured by laying it out
    shown, width = widths.fitted(arabic, 1000)
    assert shown == arabic and width == metrics.horizontalAdvance(arabic)
    static = _laid_out("<b>Ana</b>", font)
    assert static.textFormat() == Qt.TextFormat.PlainText and static.text() == "<b>Ana</b>"


def test_texts_are_formatted_ahead_while_idle_and_a_search_then_formats_none(
    qtbot: QtBot, rig: DocRig, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 19 (B9): a keystroke that brought unseen rows into view formatted each of them
    (dates and money in the client's locale), a third of its time at 10,000 documents.
    Every document's texts are formatted in idle turns after the load instead."""
    monkeypatch.setattr(model_module, "FORMAT_AHEAD", 3)  # several turns for 40 documents
    entity_id = many(rig, [f"Kupec {n}" for n in range(40)])
    page = open_page(qtbot, rig, entity_id)
    page.resize(800, 200)  # a few rows painted: the rest only formatted ahead
    model = page.model
    qtbot.waitUntil(lambda: not model.formatting_ahead, timeout=5000)
    formatted: list[str] = []
    texts = model._texts
    monkeypatch.setattr(model, "_texts", lambda entry: formatted.append(entry.row.id)
                        or texts(entry))
    for word in ("kupec 3", "kupec 17", ""):
        page.search.setText(word)
        page.view.viewport().repaint()
    assert formatted == []
    # the texts are the ones a paint would have made
    for row in range(model.rowCount()):
        painted = model.paint_cells(row)
        assert painted is not None and painted[0][3] == model.index(row, 3).data()
        assert painted[0][4] == texts(model._shown[row])[4]
