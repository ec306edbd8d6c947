"""The metadata editor's model: a key/value table, at most 50 entries of 250 characters,
checked live with `core.limits.metadata_problems`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from si_desktop.core.limits import METADATA_MAX_KEYS, METADATA_MAX_VALUE, metadata_problems

ModelIndex = QModelIndex | QPersistentModelIndex


def tr(text: str) -> str:
    return QCoreApplication.translate("MetadataModel", text)


class MetadataModel(QAbstractTableModel):
    """Rows of (name, value); editable in place."""

    KEY, VALUE = 0, 1
    edited = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[list[str]] = []

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return tr("Name") if section == self.KEY else tr("Value")
        return super().headerData(section, orientation, role)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        text = self._rows[index.row()][index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return text
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.VALUE:
            return tr("%1 of %2 characters").replace("%1", str(len(text))).replace(
                "%2", str(METADATA_MAX_VALUE)
            )
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsEditable
        )

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        text = "" if value is None else str(value)
        if self._rows[index.row()][index.column()] == text:
            return False
        self._rows[index.row()][index.column()] = text
        self.dataChanged.emit(index, index)
        self.edited.emit()
        return True

    def set_metadata(self, metadata: Mapping[str, Any] | None) -> None:
        """Show `metadata` (a new client): rows removed and inserted in ranges."""
        rows = [[str(k), "" if v is None else str(v)] for k, v in (metadata or {}).items()]
        if self._rows:
            self.beginRemoveRows(QModelIndex(), 0, len(self._rows) - 1)
            self._rows = []
            self.endRemoveRows()
        if rows:
            self.beginInsertRows(QModelIndex(), 0, len(rows) - 1)
            self._rows = rows
            self.endInsertRows()

    def metadata(self) -> dict[str, str]:
        """The table as a dict; rows without a name are left out."""
        return {key.strip(): value for key, value in self._rows if key.strip()}

    def add_row(self) -> int:
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(["", ""])
        self.endInsertRows()
        self.edited.emit()
        return row

    def remove_rows(self, rows: list[int]) -> None:
        for row in sorted(set(rows), reverse=True):
            if 0 <= row < len(self._rows):
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                self.endRemoveRows()
        self.edited.emit()

    def problems(self) -> list[str]:
        found = list(metadata_problems(self.metadata()))
        names = [key.strip() for key, _ in self._rows if key.strip()]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        for name in duplicates:
            found.append(tr("The name “%1” is used twice.").replace("%1", name))
        if any(not key.strip() and value for key, value in self._rows):
            found.append(tr("Every value needs a name."))
        if len(self._rows) > METADATA_MAX_KEYS and not any("at most" in p for p in found):
            found.append(
                tr("Metadata can hold at most %1 values.").replace("%1", str(METADATA_MAX_KEYS))
            )
        return found
