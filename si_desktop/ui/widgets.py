"""Small widgets shared by pages: a field with its problem line, a notice label, a line of
text that changes as the user types, a table that lays out with its model, the titles of
windows that can hold unsaved changes, and the question before an act that cannot be
undone."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QGuiApplication, QPainter, QPaintEvent, QPalette, QResizeEvent
from PySide6.QtGui import Qt as _GuiQt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from si_desktop.ui.theme.stylesheet import styled

convertFromPlainText = _GuiQt.convertFromPlainText


def plain_tooltip(text: str) -> str:
    """A tooltip that shows `text` literally: Qt guesses whether a tooltip is rich text, so
    a name such as "<b>x</b>" is escaped into HTML that displays exactly those characters."""
    if not text:
        return ""
    return str(_GuiQt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal))


def title_text(text: str) -> str:
    """`text` (a client's name, say) as a window title shows it: Qt reads "[*]" in a title
    as the unsaved-changes mark, and "[*][*]" as those three characters."""
    return text.replace("[*]", "[*][*]")


def modified_title(parts: list[str], *, app_name: bool = False) -> str:
    """A window title of `parts` joined by dashes, with Qt's unsaved-changes mark ("[*]",
    shown as "*" while the window is modified) after the first part: after what holds the
    changes. With `app_name`, the application's display name ends the title. Qt adds that
    name itself on Linux and Windows to any title that does not already end with it, so a
    mark at the very end ("… — si-desktop*") would bring a second one."""
    shown = [title_text(part) for part in parts if part]
    if app_name:
        shown.append(QGuiApplication.applicationDisplayName() or "si-desktop")
    if not shown:
        return "[*]"
    shown[0] += "[*]"
    return " — ".join(shown)


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A label that never interprets its text as HTML (names come from the network)."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


def quiet_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    label = plain_label(text, parent)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def problem_label(parent: QWidget | None = None) -> QLabel:
    """A line under a field in the theme's error colour (`QLabel#problem` in the style
    sheet); hidden while there is nothing to say."""
    label = plain_label("", parent)
    label.setObjectName("problem")
    styled(label)
    label.setWordWrap(True)
    label.setVisible(False)
    return label


def show_read_only(edit: QLineEdit) -> QLineEdit:
    """A value that cannot change, shown as text on the page rather than as a field: no
    frame, no field background, no text cursor, and never the keyboard focus (Tab passes
    it). The text can still be selected with the mouse and copied."""
    edit.setReadOnly(True)
    edit.setFrame(False)
    edit.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    edit.setCursor(Qt.CursorShape.ArrowCursor)
    palette = edit.palette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive,
                  QPalette.ColorGroup.Disabled):
        palette.setColor(group, QPalette.ColorRole.Base, Qt.GlobalColor.transparent)
    edit.setPalette(palette)
    return edit


def set_problem(label: QLabel, text: str | None) -> None:
    label.setText(text or "")
    label.setVisible(bool(text))


class FieldWithProblem(QWidget):
    """A form field with its problem line beneath it."""

    def __init__(self, field: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.field = field
        field.setParent(self)
        layout.addWidget(field)
        self.problem = problem_label(self)
        layout.addWidget(self.problem)

    def set_problem(self, text: str | None) -> None:
        set_problem(self.problem, text)


def lay_out_at_once(view: QAbstractItemView) -> None:
    """Have `view` lay out its items (scroll bars, the current row) as soon as its model's
    layout changed, not on a later turn of the event loop. A search or a sort is a layout
    change; laid out later, the view painted the rows in one pass and the scroll bar in
    another, the whole table twice."""
    model = view.model()
    if model is not None:
        model.layoutChanged.connect(view.doItemsLayout)


class LiveText(QWidget):
    """One line of plain text that changes often (the summary under a table a search
    filters, a client's name in the window's header) or must not widen the window (a name
    may be 300 characters long).

    A `QLabel` asks the layouts above it to lay out again on every new text, and the tab
    widget that holds a page answers that by repainting all of itself: a summary changing
    on each keystroke repainted the page's toolbar, filters and tabs as well. This line
    repaints only itself. Its height is the font's, its width what the layout gives it (or,
    with `reserve_width`, that of the widest text it will show); a text too long for it is
    elided, and is whole in the tooltip and the accessible name. It is drawn in its
    foreground role, as a label is."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._alignment = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def set_alignment(self, horizontal: Qt.AlignmentFlag) -> None:
        """Where the text sits in the line (left by default), always centred vertically."""
        self._alignment = horizontal | Qt.AlignmentFlag.AlignVCenter
        self.update()

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:  # named as QLabel's, which it replaces
        if text == self._text:
            return
        self._text = text
        self.setAccessibleName(text)
        self._update_tooltip()
        self.update()

    def reserve_width(self, *samples: str) -> None:
        """As wide as the widest of `samples`, whatever it shows: a countdown ("Next try in
        9 s", "10 s", "Trying…") then never moves what is beside it."""
        metrics = self.fontMetrics()
        self.setFixedWidth(max(metrics.horizontalAdvance(sample) for sample in samples) + 4)
        # fixed, not ignored: a layout gives an ignored width no room of its own, and the
        # line was drawn under the button beside it
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def shown_text(self) -> str:
        """The text as it fits the line now (elided with "…" when too long)."""
        return self.fontMetrics().elidedText(self._text, Qt.TextElideMode.ElideRight,
                                             self.contentsRect().width())

    def sizeHint(self) -> QSize:
        margins = self.contentsMargins()
        return QSize(self.fontMetrics().horizontalAdvance(self._text) + margins.left()
                     + margins.right(), self.minimumSizeHint().height())

    def minimumSizeHint(self) -> QSize:
        margins = self.contentsMargins()
        return QSize(0, self.fontMetrics().height() + 4 + margins.top() + margins.bottom())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_tooltip()

    def _update_tooltip(self) -> None:
        fits = self.fontMetrics().horizontalAdvance(self._text) <= self.contentsRect().width()
        self.setToolTip("" if fits else plain_tooltip(self._text))

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._text:
            return
        painter = QPainter(self)
        self.style().drawItemText(
            painter, self.contentsRect(), int(self._alignment),
            self.palette(), self.isEnabled(), self.shown_text(), self.foregroundRole())


def careful_question(parent: QWidget, *, name: str, title: str, text: str, act: str,
                     act_name: str, keep: str, informative: str = "",
                     icon: QMessageBox.Icon = QMessageBox.Icon.Warning) -> QMessageBox:
    """A question before an act that cannot be undone (delete, drop, void): its texts
    plain (a customer called "<b>x</b>" reads as typed), and the answer Enter and Escape
    fall back on is `keep`. The texts come translated; the buttons are named `act_name`
    and "keepIt" for tests."""
    box = QMessageBox(parent)
    box.setObjectName(name)
    box.setIcon(icon)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setWindowTitle(title)
    box.setText(text)
    if informative:
        box.setInformativeText(informative)
    acting = box.addButton(act, QMessageBox.ButtonRole.DestructiveRole)
    acting.setObjectName(act_name)
    keeping = box.addButton(keep, QMessageBox.ButtonRole.RejectRole)
    keeping.setObjectName("keepIt")
    box.setDefaultButton(keeping)
    box.setEscapeButton(keeping)
    return box
