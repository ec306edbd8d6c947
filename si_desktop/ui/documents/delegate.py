"""Paints the cells of the documents table.

Qt's own delegate asks the model for six roles a cell (six calls into Python) and lays each
text out anew on every repaint, and a search repaints a screen of rows on every keystroke:
some 40 µs a cell, most of a keystroke's time at 10,000 documents. This one asks the model
once for a row's cells (`DocumentsModel.paint_cells`, kept per document), keeps the elided
texts and the fonts' metrics between repaints, and draws plain text. The style still draws
a cell's background when it has one (selected, under the mouse, or the current cell with
the focus), so the table looks as it did.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette, QStaticText, QTransform
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from si_desktop.ui.documents.model import DocumentsModel, FontKind

_SELECTED = QStyle.StateFlag.State_Selected
_BACKGROUND = (QStyle.StateFlag.State_Selected | QStyle.StateFlag.State_MouseOver
               | QStyle.StateFlag.State_HasFocus)
_ENABLED = QStyle.StateFlag.State_Enabled
_ACTIVE = QStyle.StateFlag.State_Active
_ITEM = QStyle.ControlElement.CE_ItemViewItem
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_TOTAL = DocumentsModel.column("total")
_ELIDE = Qt.TextElideMode.ElideRight
_TEXT = QPalette.ColorRole.Text
_HIGHLIGHTED_TEXT = QPalette.ColorRole.HighlightedText
_LAID_KEPT = 4096  # texts kept laid out, by (text, font, width): a few screens of rows


def _laid_out(metrics: QFontMetrics, font: QFont, text: str, width: int
              ) -> tuple[QStaticText, int]:
    """`text` elided to `width` and laid out once for drawing again and again, with its
    width. Plain text always: a customer called "<b>Ana</b>" is shown as typed."""
    elided = metrics.elidedText(text, _ELIDE, width)
    static = QStaticText(elided)
    static.setTextFormat(Qt.TextFormat.PlainText)
    static.prepare(QTransform(), font)
    return static, metrics.horizontalAdvance(elided)


def _meaning(state: Any) -> tuple[bool, bool, QPalette.ColorGroup]:
    """Whether a cell in `state` has a background of the style's, whether it is selected,
    and the palette's colour group for its text."""
    group = (QPalette.ColorGroup.Disabled if not state & _ENABLED
             else QPalette.ColorGroup.Normal if state & _ACTIVE
             else QPalette.ColorGroup.Inactive)
    return bool(state & _BACKGROUND), bool(state & _SELECTED), group


class DocumentDelegate(QStyledItemDelegate):
    """See the module docstring. A model without `paint_cells` is painted by Qt's own
    delegate."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._base = QFont()  # the option's font the fonts below were made from
        self._fonts: dict[FontKind, tuple[QFont, QFontMetrics]] = {}
        # a text elided to a width: as a string when painted once, laid out for painting
        # again and again (with its width) once painted twice
        self._laid: dict[tuple[str, FontKind, int], str | tuple[QStaticText, int]] = {}
        self._margin = -1
        self._states: dict[Any, tuple[bool, bool, QPalette.ColorGroup]] = {}

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        model = index.model()
        paint_cells = getattr(model, "paint_cells", None)
        cells = paint_cells(index.row()) if paint_cells is not None else None
        if cells is None:
            super().paint(painter, option, index)
            return
        # what the state means, found once per distinct state (a flag's `&` is a Python
        # call of its own, several a cell)
        state = option.state
        meaning = self._states.get(state)
        if meaning is None:
            meaning = self._states[state] = _meaning(state)
        background, selected, group = meaning
        widget = option.widget
        if background:
            # the background only: no text in the option, so the style draws none
            style = widget.style() if widget is not None else QApplication.style()
            style.drawControl(_ITEM, option, painter, widget)
        column = index.column()
        text, colour, kind = cells[column]
        if not text:
            return
        font, metrics = self._font(option.font, kind)
        rect = option.rect
        margin = self._text_margin(option)
        width = rect.width() - 2 * margin
        key = (text, kind, width)
        laid = self._laid.get(key)
        if laid is None:
            # first seen: elided and drawn as it is (most texts of a screen of new rows,
            # a number above all, are never painted again)
            if len(self._laid) > _LAID_KEPT:
                self._laid.clear()
            laid = self._laid[key] = metrics.elidedText(text, _ELIDE, width)
        elif isinstance(laid, str):  # seen again: laid out once for every paint to come
            laid = self._laid[key] = _laid_out(metrics, font, text, width)
        if selected:
            colour = option.palette.color(group, _HIGHLIGHTED_TEXT)
        elif colour is None:
            colour = option.palette.color(group, _TEXT)
        painter.setPen(colour)
        if kind is not FontKind.PLAIN:
            painter.setFont(font)
        alignment = _RIGHT if column == _TOTAL else _LEFT
        if isinstance(laid, str):
            painter.drawText(rect.adjusted(margin, 0, -margin, 0), alignment, laid)
        else:
            static, text_width = laid
            x = rect.x() + margin
            if column == _TOTAL:
                x += width - text_width
            painter.drawStaticText(x, rect.y() + (rect.height() - metrics.height()) // 2,
                                   static)
        if kind is not FontKind.PLAIN:
            painter.setFont(option.font)

    def _font(self, base: QFont, kind: FontKind) -> tuple[QFont, QFontMetrics]:
        """The font of a cell of `kind` on the table's font, with its metrics (made once)."""
        if base != self._base:
            self._base = QFont(base)
            self._fonts.clear()
            self._laid.clear()
        found = self._fonts.get(kind)
        if found is None:
            font = QFont(base)
            font.setItalic(kind is FontKind.ITALIC)
            font.setStrikeOut(kind is FontKind.STRUCK)
            found = self._fonts[kind] = (font, QFontMetrics(font))
        return found

    def _text_margin(self, option: QStyleOptionViewItem) -> int:
        """The room the style leaves either side of a cell's text (as its own delegate)."""
        if self._margin < 0:
            widget: Any = option.widget
            style = widget.style() if widget is not None else QApplication.style()
            self._margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None,
                                             widget) + 1
        return self._margin
