"""Ctrl+K: a small popup that finds a client by fuzzy name, tax number or client code."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from si_desktop.ui.switcher.model import ClientListModel, ClientRole, FuzzyClientProxy, tr
from si_desktop.ui.switcher.widget import ClientDelegate
from si_desktop.ui.theme.stylesheet import styled


class QuickSwitcher(QDialog):
    """Type a few letters, Enter opens the best match; Esc closes."""

    client_chosen = Signal(str)

    def __init__(self, model: ClientListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("quickSwitcher")
        styled(self)
        self.setWindowTitle(tr("Go to client"))
        self.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
        self.setModal(True)
        self.model = model
        self.proxy = FuzzyClientProxy(self)
        self.proxy.setSourceModel(model)
        model.modelReset.connect(self.proxy.invalidate_scores)
        model.dataChanged.connect(lambda *_: self.proxy.invalidate_scores())

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        self.input = QLineEdit(self)
        self.input.setObjectName("quickSwitcherInput")
        self.input.setPlaceholderText(tr("Go to client: name, tax number or code"))
        self.input.textChanged.connect(self._on_text)
        self.input.installEventFilter(self)
        layout.addWidget(self.input)
        self.view = QListView(self)
        self.view.setObjectName("quickSwitcherList")
        self.view.setModel(self.proxy)
        self.view.setItemDelegate(ClientDelegate(self.view))
        self.view.setUniformItemSizes(True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.activated.connect(self._choose)
        self.view.clicked.connect(self._choose)
        layout.addWidget(self.view)
        self.hint = QLabel(tr("Enter opens · Esc closes"), self)
        layout.addWidget(self.hint)
        self.resize(520, 360)

    def popup(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            geometry = parent.geometry()
            self.move(
                geometry.x() + (geometry.width() - self.width()) // 2, geometry.y() + 80
            )
        self.input.clear()
        self._on_text("")
        self.show()
        self.raise_()
        self.activateWindow()
        self.input.setFocus(Qt.FocusReason.PopupFocusReason)

    def _on_text(self, text: str) -> None:
        self.proxy.set_query(text)
        if self.proxy.rowCount():
            self.view.setCurrentIndex(self.proxy.index(0, 0))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.input and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                count = self.proxy.rowCount()
                if count:
                    row = self.view.currentIndex().row()
                    row = row + (1 if key == Qt.Key.Key_Down else -1)
                    self.view.setCurrentIndex(self.proxy.index(max(0, min(count - 1, row)), 0))
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                index = self.view.currentIndex()
                if index.isValid():
                    self._choose(index)
                return True
        return super().eventFilter(watched, event)

    def _choose(self, index: QModelIndex | QPersistentModelIndex) -> None:
        entity_id = index.data(ClientRole.Id)
        if entity_id:
            self.accept()
            self.client_chosen.emit(str(entity_id))
