"""A line of text that changes as the user types repaints itself and moves nothing: the
documents' summary and the offline banner's countdown."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget
from pytestqt.qtbot import QtBot

from si_desktop.ui.offline.widgets import OfflineBanner
from si_desktop.ui.widgets import LiveText
from tests.ui.events import EventCounter


def row_with(qtbot: QtBot, kind: type[QWidget]) -> tuple[QWidget, QWidget]:
    """A row holding a line of `kind` (stretched) and a label beside it, shown."""
    holder = QWidget()
    qtbot.addWidget(holder)
    layout = QHBoxLayout(holder)
    line = kind(holder)
    layout.addWidget(line, 1)
    layout.addWidget(QLabel("beside", holder))
    holder.resize(300, 40)
    holder.show()
    qtbot.waitExposed(holder)
    qtbot.wait(20)
    return holder, line


def test_a_new_text_asks_for_no_new_layout_where_a_label_does(qtbot: QtBot) -> None:
    for kind, relaid in ((QLabel, True), (LiveText, False)):
        holder, widget = row_with(qtbot, kind)
        requests = EventCounter(holder, QEvent.Type.LayoutRequest)
        for n in range(3):
            widget.setText(f"{n + 1} documents · Unpaid {n}")  # type: ignore[attr-defined]
            qtbot.wait(20)
        assert (requests.count > 0) is relaid, type(widget).__name__


def test_a_text_too_long_is_whole_in_the_tooltip_and_accessible_name(qtbot: QtBot) -> None:
    _holder, line = row_with(qtbot, LiveText)
    assert isinstance(line, LiveText)
    line.setText("Short")
    assert line.text() == "Short" and line.toolTip() == "" and line.accessibleName() == "Short"
    long = "Unpaid 3 · " + " · ".join(f"{n},00 €" for n in range(60))
    line.setText(long)
    assert line.toolTip() != "" and line.accessibleName() == long
    assert line.grab().width() == line.width()  # paints, elided, without complaint


class FakeService(QObject):
    state_changed = Signal(bool)
    back_online = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.offline = True
        self.seconds: float | None = 9

    def seconds_until_retry(self) -> float | None:
        return self.seconds

    def saved_at(self) -> datetime | None:
        return None

    def try_again(self) -> None:
        self.seconds = 0


def test_the_offline_countdown_moves_nothing_beside_it(qtbot: QtBot) -> None:
    service = FakeService()
    banner = OfflineBanner(service)  # type: ignore[arg-type]
    qtbot.addWidget(banner)
    banner.resize(700, 40)
    banner.show()
    qtbot.waitExposed(banner)
    qtbot.wait(20)
    where = banner.label.geometry()
    requests = EventCounter(banner, QEvent.Type.LayoutRequest)
    for seconds in (9, 10, 120, 0.5, None):
        service.seconds = seconds
        banner._update_retry_note()
        qtbot.wait(20)
        assert banner.label.geometry() == where
    assert requests.count == 0
    # the countdown has room of its own, beside the button, not under it
    assert not banner.retry_note.geometry().intersects(banner.try_button.geometry())
    service.seconds = 42
    banner._update_retry_note()
    assert banner.retry_note.text() == "Next try in 42 s"
