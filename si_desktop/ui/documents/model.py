"""The Documents tab's table: one client's documents, filtered and sorted by the model itself.

A `QSortFilterProxyModel` asks Python once per row on every keystroke, tens of milliseconds
at 10,000 documents. This model keeps each document's row (`DocumentRow`, read from the
cache's index without parsing any JSON) beside what it is searched and sorted by, worked out
once, and shows the matching documents in the chosen order:

- a search, a filter or a sort is one layout change; the selection and the current row stay
  on their documents (those still shown);
- a change event updates only the documents it names, each as a range: `dataChanged` for a
  document that stays where it is, `rowsRemoved` and `rowsInserted` for one that goes, comes
  or moves (found by binary search in the order shown), never a reset.

The order: newest first (drafts written offline before everything), or by a column, ties in
that newest-first order. Texts are formatted in the client's locale when first painted.
"""

from __future__ import annotations

import datetime as dt
import enum
import operator
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, ClassVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication

from si_desktop.core.document_form import OUTSTANDING
from si_desktop.sync.vocabulary import DocumentRow
from si_desktop.ui.documents import words
from si_desktop.ui.documents.words import tr
from si_desktop.ui.i18n import QT_TRANSLATE_NOOP
from si_desktop.ui.switcher.text import fold

ModelIndex = QModelIndex | QPersistentModelIndex

RANGED_UPDATES = 64
"""Up to this many documents named by one change are updated row by row; a refresh that
brings more is shown as one layout change (each insert costs the view a relayout)."""

_DIGITS = re.compile(r"(\d+)")
_TYPES = ("invoice", "estimate", "credit_note")


class DocumentRole(enum.IntEnum):
    Id = Qt.ItemDataRole.UserRole + 1
    Row = Qt.ItemDataRole.UserRole + 2
    Status = Qt.ItemDataRole.UserRole + 3


@dataclass(frozen=True)
class DocumentFilter:
    """What the tab shows: one type, one status (or "outstanding": unpaid, partly paid and
    overdue), dates within [start, end], one business unit ("" for none, None for any),
    and the words searched for in the number and the customer's name."""

    document_type: str | None = None
    status: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    unit: str | None = None
    search: str = ""

    @property
    def words(self) -> list[str]:
        return fold(self.search).split()

    @property
    def active(self) -> bool:
        return self != DocumentFilter()


@dataclass(frozen=True)
class Summary:
    """The line under the table, over the documents shown: how many, the invoices with
    money due (how many, how much in each currency, how many of them overdue)."""

    shown: int
    total: int
    outstanding: int = 0
    due: Mapping[str, Decimal] = field(default_factory=dict)
    overdue: int = 0


class _Entry:
    """One document with what it is searched, filtered and sorted by."""

    __slots__ = ("base", "keys", "row", "search", "status", "texts")

    def __init__(self, row: DocumentRow, today: dt.date) -> None:
        self.row = row
        self.status = row.status(today)
        self.search = fold(f"{row.number or ''} {row.customer_name or ''}")
        # newest first: a larger base comes first (drafts written offline before all)
        self.base = (row.local, row.date or "", row.id)
        self.keys: list[Any] = [None] * len(DocumentsModel.COLUMNS)
        self.texts: tuple[str, ...] | None = None


def _natural(number: str | None) -> tuple[Any, ...]:
    """A document number as it sorts: 2026-00009 before 2026-00010, 9 before 10."""
    if not number or number.startswith("draft-"):
        return (0,)
    parts: list[Any] = _DIGITS.split(number)
    parts[1::2] = [int(part) for part in parts[1::2]]
    return (1, *parts)


def _sort_key(entry: _Entry, column: str) -> Any:
    row = entry.row
    if column == "number":
        return _natural(row.number)
    if column == "type":
        return _TYPES.index(row.type) if row.type in _TYPES else len(_TYPES)
    if column == "date":
        return row.date or ""
    if column == "customer":
        return fold(row.customer_name or "")
    if column == "total":
        return (0, Decimal(0)) if row.total_with_tax is None else (1, row.total_with_tax)
    if column == "status":
        order = words.STATUS_ORDER
        return order.index(entry.status) if entry.status in order else len(order)
    return row.date_due or row.date_valid_till or ""


class DocumentsModel(QAbstractTableModel):
    """The documents of one client (see the module docstring)."""

    COLUMNS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("number", QT_TRANSLATE_NOOP("Documents", "Number")),
        ("type", QT_TRANSLATE_NOOP("Documents", "Type")),
        ("date", QT_TRANSLATE_NOOP("Documents", "Date")),
        ("customer", QT_TRANSLATE_NOOP("Documents", "Customer")),
        ("total", QT_TRANSLATE_NOOP("Documents", "Total")),
        ("status", QT_TRANSLATE_NOOP("Documents", "Status")),
        ("due", QT_TRANSLATE_NOOP("Documents", "Due")),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: dict[str, _Entry] = {}
        self._ordered: list[_Entry] = []  # every document, in the order shown
        self._shown: list[_Entry] = []  # those the filter lets through, in that order
        self._filter = DocumentFilter()
        self._sort_column = -1
        self._descending = False
        self._today = dt.date.today()
        self.locale = "en-GB"

    # the Qt model ----------------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return tr(self.COLUMNS[section][1])
            if role == Qt.ItemDataRole.TextAlignmentRole and self.COLUMNS[section][0] == "total":
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return super().headerData(section, orientation, role)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = index.row()
        if not 0 <= row < len(self._shown) or not index.isValid():
            return None
        entry = self._shown[row]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            texts = entry.texts
            if texts is None:
                texts = entry.texts = self._texts(entry)
            return texts[column]
        name = self.COLUMNS[column][0]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if name == "total":
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            palette = QApplication.palette()
            if name == "status":
                return words.status_colour(entry.status, palette)
            if entry.status == "voided" or (entry.row.local and name == "number"):
                return palette.color(QPalette.ColorRole.PlaceholderText)
            return None
        if role == Qt.ItemDataRole.FontRole:
            if entry.row.local and name in ("number", "status"):
                font = QFont()
                font.setItalic(True)
                return font
            if entry.status == "voided" and name in ("number", "total"):
                font = QFont()
                font.setStrikeOut(True)
                return font
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if entry.row.local:
                return words.local_draft_text()
            return None
        if role == DocumentRole.Id:
            return entry.row.id
        if role == DocumentRole.Row:
            return entry.row
        if role == DocumentRole.Status:
            return entry.status
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column (the header's click); -1 for newest first."""
        column = column if 0 <= column < len(self.COLUMNS) else -1
        descending = order == Qt.SortOrder.DescendingOrder
        if (column, descending) == (self._sort_column, self._descending):
            return
        self._relayout(lambda: self._set_order(column, descending))

    # what the page calls ---------------------------------------------------------------------

    @classmethod
    def column(cls, key: str) -> int:
        return next(i for i, (name, _label) in enumerate(cls.COLUMNS) if name == key)

    @property
    def filter(self) -> DocumentFilter:
        return self._filter

    @property
    def today(self) -> dt.date:
        return self._today

    def load(self, rows: Iterable[DocumentRow], *, locale: str, today: dt.date) -> None:
        """Show another client's documents (or the same one's read afresh from scratch)."""
        self.beginResetModel()
        self.locale = locale
        self._today = today
        entries = [_Entry(row, today) for row in rows]
        self._entries = {entry.row.id: entry for entry in entries}
        self._ordered = self._in_order(entries, self._sort_column, self._descending)
        self._shown = self._matching(self._ordered, self._filter)
        self.endResetModel()

    def clear(self) -> None:
        self.load([], locale=self.locale, today=self._today)

    def set_filter(self, wanted: DocumentFilter) -> None:
        """Show only what `wanted` lets through: one layout change, none when the same
        documents stay (typing on in the search box that matches the same ones)."""
        if wanted == self._filter:
            return
        shown = self._matching(self._ordered, wanted)
        if len(shown) == len(self._shown) and all(map(operator.is_, shown, self._shown)):
            self._filter = wanted
            return

        def update() -> None:
            self._filter, self._shown = wanted, shown

        self._relayout(update)

    def update_rows(self, rows: Mapping[str, DocumentRow | None]) -> None:
        """Documents that changed, appeared (a row) or went (None), each as a range."""
        if len(rows) > RANGED_UPDATES:
            self._relayout(lambda: self._apply_many(rows))
            return
        for document_id, row in rows.items():
            self._update_one(document_id, row)

    def replace_rows(self, rows: Iterable[DocumentRow]) -> None:
        """The client's documents read afresh: only those that differ are updated."""
        fresh = {row.id: row for row in rows}
        changed: dict[str, DocumentRow | None] = {
            document_id: None for document_id in self._entries if document_id not in fresh}
        for document_id, row in fresh.items():
            known = self._entries.get(document_id)
            if known is None or known.row != row:
                changed[document_id] = row
        self.update_rows(changed)

    def document_id(self, row: int) -> str | None:
        return self._shown[row].row.id if 0 <= row < len(self._shown) else None

    def document_row(self, row: int) -> DocumentRow | None:
        return self._shown[row].row if 0 <= row < len(self._shown) else None

    def status_of(self, row: int) -> str | None:
        return self._shown[row].status if 0 <= row < len(self._shown) else None

    def row_of(self, document_id: str) -> int:
        """The row showing the document, or -1."""
        entry = self._entries.get(document_id)
        if entry is None:
            return -1
        position = self._position(self._shown, entry)
        return position if position < len(self._shown) and \
            self._shown[position] is entry else -1

    @property
    def total_count(self) -> int:
        return len(self._entries)

    def summary(self) -> Summary:
        """See `Summary`: over the documents shown."""
        due: dict[str, Decimal] = {}
        outstanding = overdue = 0
        for entry in self._shown:
            if entry.status not in OUTSTANDING or entry.row.type != "invoice":
                continue
            outstanding += 1
            overdue += entry.status == "overdue"
            amount = entry.row.total_due
            if amount is not None:
                currency = entry.row.currency_code or ""
                due[currency] = due.get(currency, Decimal(0)) + amount
        return Summary(len(self._shown), len(self._entries), outstanding, due, overdue)

    # order and filter ------------------------------------------------------------------------

    def _in_order(self, entries: Iterable[_Entry], column: int, descending: bool
                  ) -> list[_Entry]:
        ordered = sorted(entries, key=operator.attrgetter("base"), reverse=True)
        if column < 0:
            return ordered
        name = self.COLUMNS[column][0]
        for entry in ordered:
            if entry.keys[column] is None:
                entry.keys[column] = _sort_key(entry, name)
        # stable: equal keys keep the newest-first order (in either direction)
        return sorted(ordered, key=lambda entry: entry.keys[column], reverse=descending)

    def _set_order(self, column: int, descending: bool) -> None:
        self._sort_column, self._descending = column, descending
        self._ordered = self._in_order(self._ordered, column, descending)
        self._shown = self._matching(self._ordered, self._filter)

    def _matching(self, entries: list[_Entry], wanted: DocumentFilter) -> list[_Entry]:
        test = self._test(wanted)
        # always a list of its own: `_ordered` and `_shown` are changed one at a time
        return list(entries) if test is None else [entry for entry in entries if test(entry)]

    @staticmethod
    def _test(wanted: DocumentFilter) -> Callable[[_Entry], bool] | None:
        """One predicate for the whole filter (None: everything passes)."""
        tests: list[Callable[[_Entry], bool]] = []
        if wanted.document_type is not None:
            kind = wanted.document_type
            tests.append(lambda entry: entry.row.type == kind)
        if wanted.status == "outstanding":
            tests.append(lambda entry: entry.status in OUTSTANDING)
        elif wanted.status is not None:
            status = wanted.status
            tests.append(lambda entry: entry.status == status)
        if wanted.start is not None:
            start = wanted.start.isoformat()
            tests.append(lambda entry: (entry.row.date or "") >= start)
        if wanted.end is not None:
            end = wanted.end.isoformat()
            tests.append(lambda entry: "" < (entry.row.date or "") <= end)
        if wanted.unit is not None:
            unit = wanted.unit or None
            tests.append(lambda entry: entry.row.business_unit_id == unit)
        for word in wanted.words:
            tests.append(lambda entry, word=word: word in entry.search)
        if not tests:
            return None
        if len(tests) == 1:
            return tests[0]
        return lambda entry: all(test(entry) for test in tests)

    def _before(self, a: _Entry, b: _Entry) -> bool:
        """Whether `a` is shown before `b`."""
        column = self._sort_column
        if column >= 0:
            name = self.COLUMNS[column][0]
            for entry in (a, b):
                if entry.keys[column] is None:
                    entry.keys[column] = _sort_key(entry, name)
            key_a, key_b = a.keys[column], b.keys[column]
            if key_a != key_b:
                return bool(key_b < key_a) if self._descending else bool(key_a < key_b)
        return a.base > b.base

    def _position(self, entries: list[_Entry], entry: _Entry) -> int:
        """Where `entry` is, or would go, in `entries` (in the order shown)."""
        low, high = 0, len(entries)
        while low < high:
            middle = (low + high) // 2
            if self._before(entries[middle], entry):
                low = middle + 1
            else:
                high = middle
        return low

    # changes ---------------------------------------------------------------------------------

    def _update_one(self, document_id: str, row: DocumentRow | None) -> None:
        old = self._entries.get(document_id)
        if old is not None and row is not None and old.row == row:
            return
        new = _Entry(row, self._today) if row is not None else None
        was = self.row_of(document_id) if old is not None else -1
        if old is not None:
            del self._ordered[self._position(self._ordered, old)]
            del self._entries[document_id]
        if new is not None:
            self._ordered.insert(self._position(self._ordered, new), new)
            self._entries[document_id] = new
        test = self._test(self._filter)
        visible = new is not None and (test is None or test(new))
        if was >= 0 and visible and new is not None:
            rest = self._shown[:was] + self._shown[was + 1:]
            if self._position(rest, new) == was:  # stays where it is
                self._shown[was] = new
                self.dataChanged.emit(self.index(was, 0),
                                      self.index(was, len(self.COLUMNS) - 1))
                return
        if was >= 0:
            self.beginRemoveRows(QModelIndex(), was, was)
            del self._shown[was]
            self.endRemoveRows()
        if visible and new is not None:
            at = self._position(self._shown, new)
            self.beginInsertRows(QModelIndex(), at, at)
            self._shown.insert(at, new)
            self.endInsertRows()

    def _apply_many(self, rows: Mapping[str, DocumentRow | None]) -> None:
        for document_id, row in rows.items():
            if row is None:
                self._entries.pop(document_id, None)
            else:
                self._entries[document_id] = _Entry(row, self._today)
        self._ordered = self._in_order(self._entries.values(), self._sort_column,
                                       self._descending)
        self._shown = self._matching(self._ordered, self._filter)

    def _relayout(self, update: Callable[[], None]) -> None:
        """Apply `update` as one layout change, keeping the persistent indexes (selection,
        current row) on their documents."""
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        ids = [self.document_id(index.row()) for index in old]
        update()
        if old:
            wanted = {document_id for document_id in ids if document_id}
            rows = {entry.row.id: row for row, entry in enumerate(self._shown)
                    if entry.row.id in wanted} if wanted else {}
            self.changePersistentIndexList(old, [
                self.index(rows[document_id], index.column())
                if document_id in rows else QModelIndex()
                for index, document_id in zip(old, ids, strict=True)
            ])
        self.layoutChanged.emit()

    # texts -----------------------------------------------------------------------------------

    def _texts(self, entry: _Entry) -> tuple[str, ...]:
        row, locale = entry.row, self.locale
        if row.local:
            number = tr("no number yet")
            status = tr("Draft, not sent yet")
        else:
            number = row.number if row.number and row.state != "draft" else "—"
            status = words.status_name(entry.status)
            if row.pending:
                status += " · " + tr("waiting to be sent")
        return (
            number,
            words.type_name(row.type),
            words.date_text(row.date, locale),
            row.customer_name or "",
            words.money_text(row.total_with_tax, row.currency_code, locale),
            status,
            words.date_text(row.date_due or row.date_valid_till, locale),
        )

    def refresh_texts(self) -> None:
        """Format every text again (the interface language changed)."""
        for entry in self._entries.values():
            entry.texts = None
        if self._shown:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._shown) - 1, len(self.COLUMNS) - 1))
