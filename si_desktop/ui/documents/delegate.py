"""Paints the cells of the documents table.

Qt's own delegate asks the model for six roles a cell (six calls into Python) and lays each
text out anew on every repaint, and a search repaints a screen of rows on every keystroke:
some 40 µs a cell, most of a keystroke's time at 10,000 documents. This one asks the model
once for a row's cells (`DocumentsModel.paint_cells`: texts kept per document, looks per
status). A text seen for the first time is drawn at a point (measured: a rectangle and an
alignment cost a fifth more, and a `QStaticText` made for it twice as much, while most
texts of a screen of new rows, a number above all, are never painted again); a text painted
a second time is laid out once as a `QStaticText`, which then draws in half the time.
Whether a text fits its column is found from its characters' advances (`_Widths`) rather
than by laying it out, which would cost as much as drawing it; only a text that may not fit
is elided by the font's metrics. Plain text always: a customer called "<b>Ana</b>" is
shown as typed. The style still draws a cell's
background when it has one (selected, under the mouse, or the current cell with the
focus), so the table looks as it did.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QFontMetricsF,
    QPainter,
    QPalette,
    QStaticText,
    QTransform,
)
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from si_desktop.ui.documents.model import DocumentsModel, FontKind

_SELECTED = QStyle.StateFlag.State_Selected
_BACKGROUND = (QStyle.StateFlag.State_Selected | QStyle.StateFlag.State_MouseOver
               | QStyle.StateFlag.State_HasFocus)
_ENABLED = QStyle.StateFlag.State_Enabled
_ACTIVE = QStyle.StateFlag.State_Active
_ITEM = QStyle.ControlElement.CE_ItemViewItem
# members looked up once: a member looked up on its enum class is a Python call into the
# enum machinery, on every cell
_PLAIN = FontKind.PLAIN
_ITALIC = FontKind.ITALIC
_STRUCK = FontKind.STRUCK
_TOTAL = DocumentsModel.column("total")
_ELIDE = Qt.TextElideMode.ElideRight
_TEXT = QPalette.ColorRole.Text
_HIGHLIGHTED_TEXT = QPalette.ColorRole.HighlightedText
_FITTED_KEPT = 4096  # texts kept as fitted to a width: a few screens of rows
_SEEN_ONCE = -1  # the laid-out text of one painted only once so far
_SIMPLE = re.compile("[\x00-\u024f\u2000-\u20cf]*")
"""Texts whose width is the sum of their characters' advances, give or take a pixel of
kerning: Latin letters, digits, punctuation, spaces and currency signs. Other scripts
(joined, combined or reordered when laid out) are measured by laying them out."""


class _Widths:
    """One font's metrics, and its characters' advances as they are asked for (fractions
    of a pixel: a whole pixel each would be off by several over a number)."""

    __slots__ = ("advances", "ascent", "exact", "height", "metrics")

    def __init__(self, font: QFont) -> None:
        self.metrics = QFontMetrics(font)
        self.exact = QFontMetricsF(font)
        self.ascent = self.metrics.ascent()
        self.height = self.metrics.height()
        self.advances: dict[str, float] = {}

    def fitted(self, text: str, width: int) -> tuple[str, int]:
        """`text` as it is drawn in `width` pixels (elided if it does not fit), and how
        wide it is."""
        if _SIMPLE.fullmatch(text):
            advances = self.advances
            try:
                wide = sum(map(advances.__getitem__, text))
            except KeyError:
                for char in set(text).difference(advances):
                    advances[char] = self.exact.horizontalAdvance(char)
                wide = sum(map(advances.__getitem__, text))
            if wide <= width:
                return text, round(wide)
        elided = self.metrics.elidedText(text, _ELIDE, width)
        return elided, self.metrics.horizontalAdvance(elided)


def _laid_out(text: str, font: QFont) -> QStaticText:
    """`text` laid out once for drawing again and again, as plain text."""
    static = QStaticText(text)
    static.setTextFormat(Qt.TextFormat.PlainText)
    static.prepare(QTransform(), font)
    return static


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
        self._fonts: dict[FontKind, tuple[QFont, _Widths]] = {}
        # a text as drawn in a width (elided if need be), how wide it is, and laid out
        # once painted a second time
        self._fitted: dict[tuple[str, FontKind, int], tuple[str, int, QStaticText | int]] = {}
        self._margin = -1
        self._states: dict[Any, tuple[bool, bool, QPalette.ColorGroup]] = {}

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        model = index.model()
        paint_cells = getattr(model, "paint_cells", None)
        painted = paint_cells(index.row()) if paint_cells is not None else None
        if painted is None:
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
        texts, looks = painted
        text = texts[column]
        colour, kind = looks[column]
        if not text:
            return
        font, widths = self._font(option.font, kind)
        rect = option.rect
        margin = self._text_margin(option)
        width = rect.width() - 2 * margin
        key = (text, kind, width)
        fitted = self._fitted.get(key)
        if fitted is None:
            if len(self._fitted) > _FITTED_KEPT:
                self._fitted.clear()
            fitted = self._fitted[key] = (*widths.fitted(text, width), _SEEN_ONCE)
        elif fitted[2] is _SEEN_ONCE:
            fitted = self._fitted[key] = (fitted[0], fitted[1], _laid_out(fitted[0], font))
        shown, shown_width, static = fitted
        if selected:
            colour = option.palette.color(group, _HIGHLIGHTED_TEXT)
        elif colour is None:
            colour = option.palette.color(group, _TEXT)
        painter.setPen(colour)
        if kind is not _PLAIN:
            painter.setFont(font)
        x = rect.x() + margin
        if column == _TOTAL:  # right-aligned
            x += width - shown_width
        top = rect.y() + (rect.height() - widths.height) // 2  # a line centred in the cell
        if isinstance(static, QStaticText):
            painter.drawStaticText(x, top, static)
        else:
            painter.drawText(x, top + widths.ascent, shown)
        if kind is not _PLAIN:
            painter.setFont(option.font)

    def _font(self, base: QFont, kind: FontKind) -> tuple[QFont, _Widths]:
        """The font of a cell of `kind` on the table's font, with its widths (made once)."""
        if base != self._base:
            self._base = QFont(base)
            self._fonts.clear()
            self._fitted.clear()
        found = self._fonts.get(kind)
        if found is None:
            font = QFont(base)
            font.setItalic(kind is _ITALIC)
            font.setStrikeOut(kind is _STRUCK)
            found = self._fonts[kind] = (font, _Widths(font))
        return found

    def _text_margin(self, option: QStyleOptionViewItem) -> int:
        """The room the style leaves either side of a cell's text (as its own delegate)."""
        if self._margin < 0:
            widget: Any = option.widget
            style = widget.style() if widget is not None else QApplication.style()
            self._margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None,
                                             widget) + 1
        return self._margin
