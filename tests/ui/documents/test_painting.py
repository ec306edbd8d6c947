"""What a keystroke in the documents' search costs the window: the filter applies at once,
the scroll bars are laid out in the same pass as the rows, the page around the table is not
repainted, and the rows are painted by `DocumentDelegate` from the model's cells."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QTabWidget
from pytestqt.qtbot import QtBot

from si_desktop.ui.documents.delegate import DocumentDelegate, _laid_out
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
        cells = model.paint_cells(row)
        assert cells is not None
        for column, (text, colour, kind) in enumerate(cells):
            index = model.index(row, column)
            assert text == index.data()
            assert colour == index.data(Qt.ItemDataRole.ForegroundRole)
            font = index.data(Qt.ItemDataRole.FontRole)
            assert (font is not None) == (kind is not FontKind.PLAIN)
    assert model.paint_cells(model.rowCount()) is None
    image = page.view.viewport().grab().toImage()
    assert len({image.pixel(x, y) for x in range(0, image.width(), 7)
                for y in range(0, 40)}) > 2  # text was drawn, not an empty table


def test_a_customers_markup_is_painted_as_typed(qtbot: QtBot) -> None:
    from PySide6.QtGui import QFont, QFontMetrics

    font = QFont()
    static, width = _laid_out(QFontMetrics(font), font, "<b>Ana</b>", 500)
    assert static.textFormat() == Qt.TextFormat.PlainText
    assert static.text() == "<b>Ana</b>"
    assert width == QFontMetrics(font).horizontalAdvance("<b>Ana</b>")
    static, width = _laid_out(QFontMetrics(font), font, "Ana " * 100, 80)
    assert static.text().endswith("…") and width <= 80
