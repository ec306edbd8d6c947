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
that newest-first order. Texts are formatted in the client's locale a few documents at a time
while the event loop is idle after a load (`FORMAT_AHEAD`), or when first painted if that
comes sooner: a search that brings new rows into view would otherwise format each of them
(about 30 µs a row, a third of a keystroke's time at 10,000 documents).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import operator
import re
import weakref
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, ClassVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication

from si_desktop.core.document_form import OUTSTANDING
from si_desktop.core.search_text import fold
from si_desktop.sync.vocabulary import DocumentRow
from si_desktop.ui.documents import words
from si_desktop.ui.documents.words import tr
from si_desktop.ui.i18n import QT_TRANSLATE_NOOP
from si_desktop.ui.idle import PAUSE_MS, InputPause

ModelIndex = QModelIndex | QPersistentModelIndex

RANGED_UPDATES = 64
"""Up to this many documents named by one change are updated row by row; a refresh that
brings more is shown as one layout change (each insert costs the view a relayout)."""

KEPT_RESULTS = 8
"""Earlier filters' results kept while the documents and their order stay: Backspace in the
search shows them again without a pass over every document."""

SORT_AHEAD_PAUSE_MS = PAUSE_MS
"""Each column's order (both ways) is sorted ahead once the texts are formatted, one order
each time the user's input pauses this long: a first sort by a column was 2 to 6 ms of a
click at 10,000 documents, and one order sorted while the user types could hold a keystroke
as long."""

FORMAT_AHEAD = 16
"""Documents whose texts are formatted in one turn of the idle event loop: about 1.5 ms (a
total in the client's money format is most of a document's 60 to 90 µs), the longest a
keystroke can wait behind them."""

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


class FontKind(enum.IntEnum):
    """How a cell's text is set: as the table's font, in italics (a draft not yet on Space
    Invoices) or struck through (a voided document's number and total)."""

    PLAIN = 0
    ITALIC = 1
    STRUCK = 2


Look = tuple[Any, FontKind]
"""How the table paints a cell's text: its colour (a `QColor`, None for the palette's) and
how its font is set. Shared by every row of one status (and draft or not)."""

PaintedRow = tuple[tuple[str, ...], tuple[Look, ...]]
"""What the table paints in a row: its cells' texts and looks."""


class _Entry:
    """One document with what it is searched, filtered and sorted by, worked out once (its
    texts when first painted)."""

    __slots__ = ("base", "currency", "date", "due", "k0", "k1", "k2", "k3", "k4", "k5",
                 "k6", "owing", "row", "search", "status", "texts", "type", "unit")

    def __init__(self, row: DocumentRow, today: str) -> None:
        self.row = row
        state = row.state  # the status with today's date in it (`core.documents.status`)
        if state in ("unpaid", "partially_paid"):
            self.status = "overdue" if row.date_due and row.date_due < today else state
        elif state == "open":
            expired = row.date_valid_till and row.date_valid_till < today
            self.status = "expired" if expired else state
        else:
            self.status = state
        self.type = row.type
        self.date = row.date or ""
        self.unit = row.business_unit_id
        self.owing = self.type == "invoice" and self.status in OUTSTANDING
        # what is due, in millionths: the summary adds thousands of them per keystroke
        self.due = 0 if row.total_due is None else int(row.total_due.scaleb(_TOTAL_DIGITS))
        self.currency = row.currency_code or ""
        customer = fold(row.customer_name or "")
        self.search = f"{fold(row.number or '')} {customer}"
        # newest first: a larger base comes first (drafts written offline before all)
        self.base = (row.local, self.date, row.id)
        # the sort keys of the columns, each compared in C (strings and ints)
        self.k0 = _natural(row.number)
        self.k1 = _TYPE_ORDER.get(self.type, len(_TYPE_ORDER))
        self.k2 = self.date
        self.k3 = customer
        total = row.total_with_tax
        self.k4 = _NO_TOTAL if total is None else int(total.scaleb(_TOTAL_DIGITS))
        self.k5 = _STATUS_ORDER.get(self.status, len(_STATUS_ORDER))
        self.k6 = row.date_due or row.date_valid_till or ""
        self.texts: tuple[str, ...] | None = None


_KEYS = tuple(operator.attrgetter(f"k{column}") for column in range(7))
_DISPLAY = Qt.ItemDataRole.DisplayRole
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_FONT = Qt.ItemDataRole.FontRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_HORIZONTAL = Qt.Orientation.Horizontal
_ID = int(DocumentRole.Id)
_ROW = int(DocumentRole.Row)
_STATUS_ROLE = int(DocumentRole.Status)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


_BASE = operator.attrgetter("base")
_OWING = operator.attrgetter("owing")
_STATUS_OF = operator.attrgetter("status")
_CURRENCY = operator.attrgetter("currency")
_DUE = operator.attrgetter("due")


def _natural(number: str | None) -> str:
    """A document number as it sorts, as one string: 2026-00009 before 2026-00010, 9 before
    10 (every run of digits padded to the same width); drafts before every number."""
    if not number or number.startswith("draft-"):
        return "0"
    parts = _DIGITS.split(number)
    parts[1::2] = [part.zfill(_NUMBER_WIDTH) for part in parts[1::2]]
    return "1" + "".join(parts)


_TYPE_ORDER = {kind: place for place, kind in enumerate(_TYPES)}
_STATUS_ORDER = {status: place for place, status in enumerate(words.STATUS_ORDER)}
_NUMBER_WIDTH = 20
_TOTAL_DIGITS = 6  # a total as a whole number of millionths: exact, and an int to compare
_NO_TOTAL = -(10**30)


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
        self._by_base: list[_Entry] = []  # every document, newest first
        self._orders: dict[tuple[int, bool], list[_Entry]] = {}  # by column, as sorted
        self._ordered: list[_Entry] = []  # every document, in the order shown
        self._shown: list[_Entry] = []  # those the filter lets through, in that order
        # earlier filters' results while the documents and their order stay, and their
        # summaries while the documents stay (in any order): `_changed` forgets them
        self._results: dict[DocumentFilter, list[_Entry]] = {}
        self._summaries: dict[DocumentFilter, Summary] = {}
        self._filter = DocumentFilter()
        self._sort_column = -1
        self._descending = False
        self._today = dt.date.today()
        self.locale = "en-GB"
        italic, struck = QFont(), QFont()
        italic.setItalic(True)
        struck.setStrikeOut(True)
        self._fonts = {FontKind.PLAIN: None, FontKind.ITALIC: italic, FontKind.STRUCK: struck}
        self._colours: dict[str, Any] = {}
        self._muted: Any = None
        self._looks: dict[tuple[str, bool], tuple[Look, ...]] = {}
        self.set_palette(QApplication.palette())
        self._unformatted: list[_Entry] = []  # still to format ahead, the last first
        self._format_timer = QTimer(self)
        self._format_timer.setInterval(0)
        self._format_timer.timeout.connect(self._format_some)
        self._sort_pause: InputPause | None = None  # waiting to sort an order ahead

    # the Qt model ----------------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        # asked for every row on a relayout: the rows have no header of their own
        if orientation != _HORIZONTAL or not 0 <= section < len(self.COLUMNS):
            return None
        if role == _DISPLAY:
            return tr(self.COLUMNS[section][1])
        if role == _ALIGNMENT:
            return _RIGHT if section == _TOTAL else _LEFT
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = index.row()
        if not 0 <= row < len(self._shown):
            return None
        entry = self._shown[row]
        if role == _DISPLAY:
            texts = entry.texts
            if texts is None:
                texts = entry.texts = self._texts(entry)
            return texts[index.column()]
        if role == _ALIGNMENT:
            return _RIGHT if index.column() == _TOTAL else _LEFT
        if role == _FOREGROUND:
            return self._colour(entry, index.column())
        if role == _FONT:
            return self._fonts[self._font_kind(entry, index.column())]
        if role == _TOOLTIP:
            return words.local_draft_text() if entry.row.local else None
        if role == _ID:
            return entry.row.id
        if role == _ROW:
            return entry.row
        if role == _STATUS_ROLE:
            return entry.status
        return None

    def paint_cells(self, row: int) -> PaintedRow | None:
        """The cells of a row shown, as `DocumentDelegate` paints them: one call for the
        whole row, its texts formatted once and its looks shared by every row of its
        status (not the six calls a cell that `data` would answer, on every repaint)."""
        if not 0 <= row < len(self._shown):
            return None
        entry = self._shown[row]
        texts = entry.texts
        if texts is None:
            texts = entry.texts = self._texts(entry)
        key = (entry.status, entry.row.local)
        looks = self._looks.get(key)
        if looks is None:
            looks = self._looks[key] = tuple(
                (self._colour(entry, column), self._font_kind(entry, column))
                for column in range(len(self.COLUMNS)))
        return texts, looks

    def _colour(self, entry: _Entry, column: int) -> Any:
        if column == _STATUS:
            return self._colours.get(entry.status, self._muted)
        if entry.status == "voided" or (entry.row.local and column == _NUMBER):
            return self._muted
        return None

    @staticmethod
    def _font_kind(entry: _Entry, column: int) -> FontKind:
        if entry.row.local and column in (_NUMBER, _STATUS):
            return FontKind.ITALIC
        if entry.status == "voided" and column in (_NUMBER, _TOTAL):
            return FontKind.STRUCK
        return FontKind.PLAIN

    def set_palette(self, palette: QPalette) -> None:
        """The colours of the statuses for this palette (light or dark); asked for once per
        change of scheme, not once per painted cell."""
        self._colours = {status: words.status_colour(status, palette)
                         for status in words.STATUS_ORDER}
        self._muted = palette.color(QPalette.ColorRole.PlaceholderText)
        self._looks = {}
        if self._shown:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._shown) - 1, len(self.COLUMNS) - 1),
                                  [_FOREGROUND])

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

    def _today_text(self) -> str:
        return self._today.isoformat()

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
        today_text = today.isoformat()
        entries = [_Entry(row, today_text) for row in rows]
        self._entries = {entry.row.id: entry for entry in entries}
        self._changed()
        self._ordered = self._in_order(entries, self._sort_column, self._descending)
        self._shown = self._matching(self._ordered, self._filter)
        self.endResetModel()
        self._format_ahead()

    def clear(self) -> None:
        self.load([], locale=self.locale, today=self._today)

    def set_filter(self, wanted: DocumentFilter) -> None:
        """Show only what `wanted` lets through: one layout change, none when the same
        documents stay (typing on in the search box that matches the same ones)."""
        if wanted == self._filter:
            return
        shown = self._results.pop(wanted, None)
        if shown is None and self._narrows(wanted):  # typing on: only what is shown
            shown = self._matching(self._shown, DocumentFilter(search=wanted.search))
        if shown is None:
            shown = self._matching(self._ordered, wanted)
        self._results[self._filter] = self._shown
        if len(self._results) > KEPT_RESULTS:
            del self._results[next(iter(self._results))]
        if len(shown) == len(self._shown) and all(map(operator.is_, shown, self._shown)):
            kept = self._summaries.get(self._filter)
            if kept is not None:  # the same documents: the same summary
                self._summaries[wanted] = kept
            self._filter = wanted
            return

        def update() -> None:
            self._filter, self._shown = wanted, shown

        self._relayout(update)

    def _narrows(self, wanted: DocumentFilter) -> bool:
        """Whether `wanted` differs from the filter now only in words searched for that
        can only narrow what is shown: every word now is part of one of its words."""
        if replace(wanted, search=self._filter.search) != self._filter:
            return False
        words = wanted.words
        return all(any(old in new for new in words) for old in self._filter.words)

    def _changed(self, *, order_only: bool = False) -> None:
        """The documents or only their order changed: earlier results are no longer true,
        nor, unless only the order changed, the summaries."""
        self._results.clear()
        if not order_only:
            self._summaries.clear()

    def update_rows(self, rows: Mapping[str, DocumentRow | None]) -> None:
        """Documents that changed, appeared (a row) or went (None), each as a range."""
        if len(rows) > RANGED_UPDATES:
            self._relayout(lambda: self._apply_many(rows))
            self._format_ahead()
            return
        for document_id, row in rows.items():
            self._update_one(document_id, row)
        self._format_later(self._entries[document_id] for document_id, row in rows.items()
                           if row is not None and document_id in self._entries)

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
        """See `Summary`: over the documents shown (worked out once for each filter)."""
        kept = self._summaries.get(self._filter)
        if kept is not None:
            return kept
        # every pass in C (map, filter, count): it runs on every keystroke
        owing = list(filter(_OWING, self._shown))
        overdue = list(map(_STATUS_OF, owing)).count("overdue")
        currencies = set(map(_CURRENCY, owing))
        units: dict[str, int] = {}
        if len(currencies) == 1:  # the usual case: one sum
            units[currencies.pop()] = sum(map(_DUE, owing))
        else:
            for entry in owing:
                units[entry.currency] = units.get(entry.currency, 0) + entry.due
        due = {currency: Decimal(amount).scaleb(-_TOTAL_DIGITS)
               for currency, amount in units.items()}
        summary = Summary(len(self._shown), len(self._entries), len(owing), due, overdue)
        if len(self._summaries) > KEPT_RESULTS:
            del self._summaries[next(iter(self._summaries))]
        self._summaries[self._filter] = summary
        return summary

    # order and filter ------------------------------------------------------------------------

    def _in_order(self, entries: Iterable[_Entry], column: int, descending: bool
                  ) -> list[_Entry]:
        """`entries` newest first, or by a column (ties newest first, in either direction:
        the sort is stable); the newest-first order is kept for the next sort."""
        self._by_base = sorted(entries, key=_BASE, reverse=True)
        self._orders.clear()
        return self._by_column(column, descending)

    def _by_column(self, column: int, descending: bool) -> list[_Entry]:
        """Every entry in a column's order (a list of its own); kept until the documents
        change, so that going back to a column costs nothing."""
        if column < 0:
            return list(self._by_base)
        return list(self._order_of(column, descending))

    def _order_of(self, column: int, descending: bool) -> list[_Entry]:
        found = self._orders.get((column, descending))
        if found is None:
            found = self._orders[(column, descending)] = sorted(
                self._by_base, key=_KEYS[column], reverse=descending)
        return found

    def _set_order(self, column: int, descending: bool) -> None:
        self._changed(order_only=True)  # the same documents: the same summaries
        self._sort_column, self._descending = column, descending
        self._ordered = self._by_column(column, descending)
        self._shown = self._matching(self._ordered, self._filter)

    def _matching(self, entries: list[_Entry], wanted: DocumentFilter) -> list[_Entry]:
        """The entries `wanted` lets through, in their order: one pass a criterion, each in
        a comprehension (a predicate made of predicates costs a call per entry each). Always
        a list of its own: `_ordered` and `_shown` are changed one at a time."""
        found = list(entries)
        if wanted.document_type is not None:
            kind = wanted.document_type
            found = [entry for entry in found if entry.type == kind]
        if wanted.status == "outstanding":
            found = [entry for entry in found if entry.status in OUTSTANDING]
        elif wanted.status is not None:
            status = wanted.status
            found = [entry for entry in found if entry.status == status]
        if wanted.start is not None:
            start = wanted.start.isoformat()
            found = [entry for entry in found if entry.date >= start]
        if wanted.end is not None:
            end = wanted.end.isoformat()
            found = [entry for entry in found if "" < entry.date <= end]
        if wanted.unit is not None:
            unit = wanted.unit or None
            found = [entry for entry in found if entry.unit == unit]
        for word in wanted.words:
            found = [entry for entry in found if word in entry.search]
        return found

    @staticmethod
    def _matching_one(entry: _Entry, wanted: DocumentFilter) -> bool:
        if wanted.document_type is not None and entry.type != wanted.document_type:
            return False
        if wanted.status == "outstanding":
            if entry.status not in OUTSTANDING:
                return False
        elif wanted.status is not None and entry.status != wanted.status:
            return False
        if wanted.start is not None and entry.date < wanted.start.isoformat():
            return False
        if wanted.end is not None and not "" < entry.date <= wanted.end.isoformat():
            return False
        if wanted.unit is not None and entry.unit != (wanted.unit or None):
            return False
        return all(word in entry.search for word in wanted.words)

    def _before(self, a: _Entry, b: _Entry) -> bool:
        """Whether `a` is shown before `b`."""
        column = self._sort_column
        if column >= 0:
            key_a, key_b = _KEYS[column](a), _KEYS[column](b)
            if key_a != key_b:
                return bool(key_b < key_a) if self._descending else bool(key_a < key_b)
        return a.base > b.base

    def _base_position(self, entry: _Entry) -> int:
        """Where `entry` is, or would go, in the newest-first order."""
        entries, base = self._by_base, entry.base
        low, high = 0, len(entries)
        while low < high:
            middle = (low + high) // 2
            if entries[middle].base > base:
                low = middle + 1
            else:
                high = middle
        return low

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
        new = _Entry(row, self._today_text()) if row is not None else None
        was = self.row_of(document_id) if old is not None else -1
        self._changed()
        self._orders.clear()
        if old is not None:
            del self._ordered[self._position(self._ordered, old)]
            del self._by_base[self._base_position(old)]
            del self._entries[document_id]
        if new is not None:
            self._ordered.insert(self._position(self._ordered, new), new)
            self._by_base.insert(self._base_position(new), new)
            self._entries[document_id] = new
        visible = new is not None and self._matching_one(new, self._filter)
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
        self._changed()
        for document_id, row in rows.items():
            if row is None:
                self._entries.pop(document_id, None)
            else:
                self._entries[document_id] = _Entry(row, self._today_text())
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
            rows: dict[str, int] = {}
            for document_id in {document_id for document_id in ids if document_id}:
                entry = self._entries.get(document_id)
                # `list.index` finds an entry by identity in C: a Python pass over 10,000
                # shown rows took most of a sort click's own time
                with contextlib.suppress(ValueError):
                    if entry is not None:
                        rows[document_id] = self._shown.index(entry)
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
        self._format_ahead()

    @property
    def formatting_ahead(self) -> bool:
        """Whether texts are still being formatted ahead of their first paint."""
        return bool(self._unformatted)

    def _format_ahead(self) -> None:
        """Format every document's texts in idle turns of the event loop, in the order
        shown (the rows a search most likely brings into view first)."""
        self._unformatted = []
        self._format_later(reversed(self._ordered))

    def _format_later(self, entries: Iterable[_Entry]) -> None:
        """Format `entries` ahead too (those not formatted yet), before those waiting."""
        self._unformatted += [entry for entry in entries if entry.texts is None]
        if self._unformatted:
            self._format_timer.start()
        else:
            self._formatted()

    def _format_some(self) -> None:
        unformatted = self._unformatted
        for _ in range(min(FORMAT_AHEAD, len(unformatted))):
            entry = unformatted.pop()
            if entry.texts is None:  # else painted meanwhile
                entry.texts = self._texts(entry)
        if not unformatted:
            self._formatted()

    def _formatted(self) -> None:
        """Every text is formatted: the orders come next."""
        self._format_timer.stop()
        self._sort_ahead()

    @property
    def sorting_ahead(self) -> bool:
        """Whether some column's order is still to be sorted ahead of a click."""
        return self._sort_pause is not None

    def _sort_ahead(self) -> None:
        """Sort the next column's order not sorted yet once the user's input pauses (see
        `SORT_AHEAD_PAUSE_MS`), and so on until every order is kept."""
        if self._sort_pause is not None or len(self._by_base) < 2:
            return
        wanted = next(((column, descending) for column in range(len(self.COLUMNS))
                       for descending in (False, True)
                       if (column, descending) not in self._orders), None)
        if wanted is None:
            return

        # the model by a weak reference: a closure over it, kept by the pause the model
        # keeps, would be a cycle that only the collector frees, on whatever thread it runs
        model = weakref.ref(self)

        def sort() -> None:
            found = model()
            if found is not None:
                found._sort_pause = None
                found._order_of(*wanted)
                found._sort_ahead()

        self._sort_pause = InputPause(self, sort, SORT_AHEAD_PAUSE_MS)


_NUMBER = DocumentsModel.column("number")
_TOTAL = DocumentsModel.column("total")
_STATUS = DocumentsModel.column("status")
