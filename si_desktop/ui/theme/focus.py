"""A visible focus ring on every control that has the keyboard focus.

Fusion draws a faint focus rectangle, and on buttons and check boxes only after the focus
moved by keyboard in that window. Here one `QFocusFrame` follows the application's focus and
draws a 2-pixel ring in the palette's highlight (the accent) around the control that has it,
however it got there, so a keyboard user always sees where they are.

A frame that follows the focus, rather than a style that draws the ring: a Python style is
called for every primitive of every widget painted (some 120 calls for the first paint of the
window, each wrapping a style option), where the frame is one small widget painted when the
focus moves.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject, QRectF, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QApplication, QFocusFrame, QWidget

RING_WIDTH = 2.0
RING_RADIUS = 3.0

# Text fields show their focus themselves (Fusion draws their frame in the accent); a ring
# around them as well would be a double border. A tab bar has Fusion's focus frame on its
# chosen tab (it takes the focus by keyboard only); the ring, which goes under the widget it
# follows, would show only below the bar. By class name: no Python class is needed.
_OWN_FOCUS_FRAME = ("QLineEdit", "QAbstractSpinBox", "QTextEdit", "QPlainTextEdit", "QTabBar")
_SIZED_TO_TEXT = ("QCheckBox", "QRadioButton")  # laid out wider than what they draw


def wants_ring(widget: QWidget | None) -> bool:
    """Whether `widget`, having the focus, gets the ring."""
    if widget is None or widget.isWindow():
        return False
    if any(widget.inherits(name) for name in _OWN_FOCUS_FRAME):
        return False
    return not (widget.inherits("QComboBox") and widget.property("editable") is True)


class FocusRing(QFocusFrame):
    """The ring around one control (`setWidget`), just outside its edges."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("focusRing")

    def paintEvent(self, event: QPaintEvent) -> None:
        widget: QWidget | None = self.widget()
        if widget is None:
            return
        rect = QRectF(self.rect())
        if any(widget.inherits(name) for name in _SIZED_TO_TEXT):
            margin = self.width() - widget.width()
            rect.setWidth(min(rect.width(), widget.sizeHint().width() + margin))
        inset = RING_WIDTH / 2
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), RING_WIDTH))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(rect.adjusted(inset, inset, -inset, -inset),
                                RING_RADIUS, RING_RADIUS)


class FocusRings(QObject):
    """Puts the ring on whichever control gets the focus. There is one ring; it lives in the
    focused control's parent, and goes with it when that closes: a new one is made then."""

    def __init__(self, app: QApplication, parent: QObject | None = None) -> None:
        super().__init__(parent if parent is not None else app)
        self._ring: FocusRing | None = None
        app.focusChanged.connect(self.follow)

    @property
    def ring(self) -> FocusRing | None:
        ring = self._ring
        return ring if ring is not None and shiboken6.isValid(ring) else None

    def follow(self, _old: QWidget | None, new: QWidget | None) -> None:
        wanted = new if wants_ring(new) else None
        ring = self.ring
        if ring is None:
            if wanted is None:
                return
            ring = self._ring = FocusRing()
        ring.setWidget(wanted)  # type: ignore[arg-type]  # None: around nothing, hidden
