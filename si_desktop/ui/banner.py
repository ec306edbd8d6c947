"""A non-modal strip for errors: never a modal box for a network hiccup. Retry is offered
only for a failure that asking again can cure (see `Problem.retryable`)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QWidget

from si_desktop.ui.theme.stylesheet import styled
from si_desktop.ui.widgets import plain_label


def tr(text: str) -> str:
    return QCoreApplication.translate("ErrorBanner", text)


class ErrorBanner(QFrame):
    """Shows the latest problem; repeats are counted, not stacked. Dismiss hides it."""

    retry_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorBanner")
        styled(self)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        self.label = plain_label("", self)
        self.label.setObjectName("errorBannerText")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.label, 1)
        self.retry_button = QPushButton(tr("Retry"), self)
        self.retry_button.clicked.connect(self._retry)
        layout.addWidget(self.retry_button)
        self.dismiss_button = QPushButton(tr("Dismiss"), self)
        self.dismiss_button.setObjectName("dismissBanner")
        self.dismiss_button.clicked.connect(self.dismiss)
        layout.addWidget(self.dismiss_button)
        self._message = ""
        self._count = 0
        self.setVisible(False)

    @property
    def message(self) -> str:
        return self._message

    def show_error(self, message: str, retryable: bool = False) -> None:
        if message == self._message and self.isVisibleTo(self.parentWidget() or self):
            self._count += 1
        else:
            self._message, self._count = message, 1
        text = message
        if self._count > 1:
            text += "  " + tr("(%1 times)").replace("%1", str(self._count))
        self.label.setText(text)
        self.retry_button.setVisible(retryable)
        self.setVisible(True)

    def dismiss(self) -> None:
        self._message, self._count = "", 0
        self.setVisible(False)

    def _retry(self) -> None:
        self.dismiss()
        self.retry_requested.emit()
