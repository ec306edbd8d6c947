"""The one question asked before anything typed could be lost: Save, Discard or Cancel."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"

_ANSWERS = {
    QMessageBox.StandardButton.Save: SAVE,
    QMessageBox.StandardButton.Discard: DISCARD,
}


def ask_save_discard_cancel(parent: QWidget, title: str, text: str, question: str) -> str:
    """Ask, with Save as the default; closing the box counts as Cancel. `text` may hold a
    client's name, so the box is plain text."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setWindowTitle(title)
    box.setText(text)
    box.setInformativeText(question)
    box.setStandardButtons(
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel
    )
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    return _ANSWERS.get(QMessageBox.StandardButton(box.exec()), CANCEL)
