"""Action icons that take their colour from the palette at paint time.

The SVGs under `resources/icons/actions` are drawn in `currentColor`. The engine substitutes
the palette's button-text colour (or its disabled colour) whenever Qt asks for a pixmap, so
every icon re-tints itself when the colour scheme changes, with no list of widgets to walk.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer


def tint_svg(svg: str, color: str) -> str:
    """`svg` drawn in `color` (a `#rrggbb` name) instead of `currentColor`."""
    return svg.replace("currentColor", color)


class TintedSvgEngine(QIconEngine):
    """Renders one `currentColor` SVG in the application palette's colours."""

    def __init__(self, svg: str) -> None:
        super().__init__()
        self._svg = svg
        self._cache: dict[tuple[int, int, str], QPixmap] = {}

    @staticmethod
    def color_for(mode: QIcon.Mode) -> str:
        palette = QGuiApplication.palette()
        if mode == QIcon.Mode.Disabled:
            group = QPalette.ColorGroup.Disabled
        elif mode == QIcon.Mode.Selected:
            return palette.color(QPalette.ColorRole.HighlightedText).name()
        else:
            group = QPalette.ColorGroup.Active
        return palette.color(group, QPalette.ColorRole.ButtonText).name()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        color = self.color_for(mode)
        key = (size.width(), size.height(), color)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        renderer = QSvgRenderer(QByteArray(tint_svg(self._svg, color).encode("utf-8")))
        if renderer.isValid() and not size.isEmpty():
            painter = QPainter(pixmap)
            renderer.render(painter)
            painter.end()
        if len(self._cache) > 32:
            self._cache.clear()
        self._cache[key] = pixmap
        return pixmap

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        ratio = painter.device().devicePixelRatioF() if painter.device() else 1.0
        size = QSize(round(rect.width() * ratio), round(rect.height() * ratio))
        pixmap = self.pixmap(size, mode, state)
        painter.drawPixmap(rect, pixmap)

    def scaledPixmap(
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        pixmap = QPixmap(self.pixmap(QSize(round(size.width() * scale),
                                           round(size.height() * scale)), mode, state))
        pixmap.setDevicePixelRatio(scale)
        return pixmap

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:
        return size

    def clone(self) -> QIconEngine:
        return TintedSvgEngine(self._svg)

    def key(self) -> str:
        return "si-desktop-tinted-svg"


def tinted_icon(svg: str) -> QIcon:
    return QIcon(TintedSvgEngine(svg))
