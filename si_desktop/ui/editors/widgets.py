"""Small widgets the settings editors share: messages under fields (live problems and the
server's 422 messages), a line edit that marks a span, the inherited/overridden bar of a
business unit's value, and a live length counter."""

from __future__ import annotations

import enum

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QInputMethodEvent,
    QPalette,
    QTextCharFormat,
)
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from si_desktop.ui.widgets import plain_tooltip


def tr(text: str) -> str:
    return QCoreApplication.translate("Editors", text)


class Tone(enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    OK = "ok"


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def tone_color(palette: QPalette, tone: Tone) -> QColor:
    """A colour for the tone that reads on the palette's window colour, light or dark."""
    dark = is_dark(palette)
    colors = {
        Tone.ERROR: ("#b3261e", "#ff8a80"),
        Tone.WARNING: ("#8a5300", "#ffcc80"),
        Tone.INFO: (None, None),
        Tone.OK: ("#1e6b34", "#8fdba3"),
    }[tone]
    chosen = colors[1] if dark else colors[0]
    if chosen is None:
        return palette.color(QPalette.ColorRole.PlaceholderText)
    return QColor(chosen)


def small_font(widget: QWidget, factor: float = 0.92) -> QFont:
    font = QFont(widget.font())
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * factor)
    return font


class MessageLabel(QLabel):
    """A plain-text line (wrapping) in a tone; hidden while empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.tone = Tone.INFO
        self.setVisible(False)

    def set_message(self, text: str, tone: Tone = Tone.ERROR) -> None:
        self.tone = tone
        self.setText(text)
        self._paint_tone()
        self.setVisible(bool(text))

    def _paint_tone(self) -> None:
        # light or dark as the application is now, not as the label's own palette (which
        # keeps the colour it was given) says
        color = tone_color(QApplication.palette(self), self.tone)
        palette = self.palette()
        if palette.color(QPalette.ColorRole.WindowText) != color:
            palette.setColor(QPalette.ColorRole.WindowText, color)
            self.setPalette(palette)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # a new colour scheme, say
            self._paint_tone()  # (its own change sets the same colour again: nothing)


class FieldMessage(MessageLabel):
    """The line under one field: the server's message (after a 422) wins over the live
    problem, and goes away as soon as the user edits the field."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fieldMessage")
        self._live = ""
        self._live_tone = Tone.ERROR
        self._server = ""

    @property
    def server_text(self) -> str:
        return self._server

    @property
    def live_text(self) -> str:
        return self._live

    def set_live(self, text: str, tone: Tone = Tone.ERROR) -> None:
        self._live, self._live_tone = text, tone
        self._show()

    def set_server(self, text: str) -> None:
        self._server = text
        self._show()

    def _show(self) -> None:
        if self._server:
            self.set_message(self._server, Tone.ERROR)
        else:
            self.set_message(self._live, self._live_tone)


class MarkedLineEdit(QLineEdit):
    """A line edit that can underline spans (the offending token of a number format, an
    unknown placeholder) without touching its text or its undo history."""

    focused = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._marks: list[tuple[int, int]] = []
        self.textChanged.connect(lambda _text: self._apply())

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.focused.emit()

    @property
    def marks(self) -> list[tuple[int, int]]:
        return list(self._marks)

    def set_marks(self, spans: list[tuple[int, int]]) -> None:
        self._marks = [(start, end) for start, end in spans if end > start]
        self._apply()

    def _apply(self) -> None:
        # Qt's line edit draws text formats only through an input method event; one with
        # no text changes nothing but the formats.
        char = QTextCharFormat()
        char.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        error = tone_color(self.palette(), Tone.ERROR)
        char.setUnderlineColor(error)
        background = QColor(error)
        background.setAlpha(48)
        char.setBackground(background)
        cursor = self.cursorPosition()
        length = len(self.text())
        attributes = [
            QInputMethodEvent.Attribute(
                QInputMethodEvent.AttributeType.TextFormat,
                start - cursor,
                min(end, length) - start,
                char,
            )
            for start, end in self._marks
            if start < length
        ]
        QCoreApplication.sendEvent(self, QInputMethodEvent("", attributes))


class InheritanceBar(QWidget):
    """For a business unit: where a value comes from ("Inherited from <client>" or "Set for
    this unit") and a "Use the client's value" button while the unit overrides it."""

    reset_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inheritanceBar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.label = QLabel(self)
        self.label.setObjectName("sourceLabel")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setFont(small_font(self))
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.button = QPushButton(tr("Use the client's value"), self)
        self.button.setObjectName("useClientValue")
        self.button.setFont(small_font(self))
        self.button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.button.clicked.connect(self.reset_requested)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self.overridden = False
        self._client = ""

    def set_state(self, overridden: bool, client_name: str) -> None:
        self.overridden = overridden
        self._client = client_name
        short = client_name if len(client_name) <= 40 else client_name[:39] + "…"
        if overridden:
            self.label.setText(tr("Set for this unit"))
            self.label.setToolTip("")
        else:
            self.label.setText(tr("Inherited from {client}").replace("{client}", short))
            # a name from the network: escaped, or Qt renders it as HTML in the tooltip
            self.label.setToolTip(plain_tooltip(client_name) if short != client_name else "")
        palette = self.label.palette()
        palette.setColor(
            QPalette.ColorRole.WindowText,
            tone_color(self.palette(), Tone.OK if overridden else Tone.INFO),
        )
        self.label.setPalette(palette)
        self.button.setVisible(overridden)


class Counter(QLabel):
    """"123 / 500", turning to the error tone past the limit."""

    def __init__(self, limit: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.limit = limit
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setFont(small_font(self))
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.count = 0
        self.set_count(0)

    @property
    def over(self) -> bool:
        return self.count > self.limit

    def set_count(self, count: int) -> None:
        self.count = count
        self.setText(f"{count} / {self.limit}")
        palette = self.palette()
        palette.setColor(
            QPalette.ColorRole.WindowText,
            tone_color(palette, Tone.ERROR if self.over else Tone.INFO),
        )
        self.setPalette(palette)
        self.setToolTip(
            tr("{count} characters; at most {limit}.")
            .replace("{count}", str(count))
            .replace("{limit}", str(self.limit))
        )


def section_title(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    font = QFont(label.font())
    font.setWeight(QFont.Weight.DemiBold)
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * 1.08)
    label.setFont(font)
    return label


def quiet(text: str = "", parent: QWidget | None = None) -> QLabel:
    """Secondary text (hints, previews), plain and wrapping."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label
