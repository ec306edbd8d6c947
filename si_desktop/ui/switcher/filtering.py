"""The switcher's filtering and sorting proxy, fast enough for 100,000 clients.

A `QSortFilterProxyModel` asks Python once per row for every keystroke (`filterAcceptsRow`)
and once per comparison when rows come back (`lessThan` with a collator): a second or more
for 10,000 clients. This proxy keeps each client's name, id and search text in plain lists
beside the source model, keeps the rows in collation order, and filters with loops that run
in C (`map`, `itertools.compress`: no Python call a client), narrowing from the last result
while the user types on and reusing the results of the shorter queries on Backspace.

A keystroke's cost is bounded by what it shows, not by the firm (issue 23): it looks at no
more than `SCAN_AT_ONCE` clients before the list is laid out and painted; when more are left
(the first letters typed over 100,000 clients), the rest are looked at `SCAN_AT_ONCE` at a
time once the list has been painted (`SCAN_PAUSE_MS` apart) and what they hold is appended as
rows at the end in one insertion once all are looked at; the next keystroke narrows from what
was found plus what was not looked at yet. Below `SCAN_AT_ONCE` clients every keystroke is
whole at once.

The first fill from the cache is not sorted again when the cache holds the order this proxy
sorted at the last start (`collation`, `Entities.save_order`): the source hands the rows in
that order and the few it has no place for (renamed or new since), which are placed by
binary search. A first fill sorted here is handed back to the source to be saved.

A change of the shown rows is one `layoutChanged` with the persistent indexes (the
selection, the current row) carried over by client id, as `QSortFilterProxyModel` itself does
when it is invalidated; a keystroke that keeps the same clients changes nothing (no layout,
no repaint of the list). The shown rows are kept as places in the collation order
(`_visible`), which `map_row` finds by binary search.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
from collections.abc import Callable, Sequence
from typing import Any, cast

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractProxyModel,
    QCollator,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
    qVersion,
)

from si_desktop.core.practice import Filter
from si_desktop.core.search_text import fold
from si_desktop.ui.switcher.model import ClientRole, PaintTexts, row_texts

ModelIndex = QModelIndex | QPersistentModelIndex
_KEPT_RESULTS = 8  # results of earlier queries kept for Backspace
SCAN_AT_ONCE = 25_000
"""Clients a keystroke looks at before the list is shown; more are looked at so many at a
time afterwards (about two milliseconds each)."""
SCAN_PAUSE_MS = 10
"""Between a keystroke and its search's next `SCAN_AT_ONCE` clients, and between those
batches: long enough for the view's layout and paint (posted at the keystroke) to come first,
so that the user sees what was found before the rest is looked at. A key typed meanwhile
narrows what is left instead (at 100,000 clients this took a keystroke's main-thread CPU at
the 95th percentile from 15 to 10 ms)."""
_ROW_FLAGS = (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
              | Qt.ItemFlag.ItemNeverHasChildren)
_NO_FLAGS = Qt.ItemFlag.NoItemFlags


class ClientFilterProxy(QAbstractProxyModel):
    """Sorted by name the way the user's language sorts (Č after C, Ž after Z in Slovenian),
    filtered by every word typed, ignoring case and accents."""

    search_finished = Signal()  # an unfinished search has looked at every client

    def __init__(self, locale: QLocale, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._collator = QCollator(locale)
        self._collator.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._collator.setNumericMode(True)
        self._words: list[str] = []
        # per source row
        self._names: list[str] = []
        self._ids: list[str] = []
        # search texts; None for one the source has not folded yet (see `prepare_search`)
        self._search: list[str | None] = []
        self._unfolded = False
        self._order: list[int] = []  # every source row, in collation order
        self._ordered_search: list[str | None] = []  # their search texts, in that order
        # the places in `_order` shown, ascending (a range: every client)
        self._visible: Sequence[int] = []
        self._rank: list[int] = []  # source row -> its place in `_order`
        self._results: dict[tuple[str, ...], Sequence[int]] = {}  # whole results only
        # a search not finished yet: the places still to look at, from `_scanned` on
        self._unscanned: Sequence[int] = ()
        self._scanned = 0
        self._found_later: list[int] = []  # found among them so far, not shown yet
        self._scan_timer = QTimer(self)
        self._scan_timer.setSingleShot(True)
        self._scan_timer.setInterval(SCAN_PAUSE_MS)
        self._scan_timer.timeout.connect(self._scan_more)
        self._connections: list[Any] = []
        self._source: QAbstractItemModel | None = None
        # the practice list: an order other than by name (the source's `sort_keys`, larger
        # first, name order within) and a quick filter (its `filter_mask`), per source row;
        # None while sorted by name and not filtered, so the plain list reads nothing more
        self._sort = "name"
        self._quick = Filter()
        self._keys: list[Any] | None = None
        self._passes: list[bool] | None = None
        self._ordered_passes: list[bool] | None = None

    # the source ----------------------------------------------------------------------------

    def setSourceModel(self, model: QAbstractItemModel) -> None:
        self.beginResetModel()
        for connection in self._connections:
            QObject.disconnect(connection)
        self._connections = []
        super().setSourceModel(model)
        self._source = model
        if model is not None:
            self._connections = [
                model.rowsInserted.connect(self._on_rows_inserted),
                model.rowsRemoved.connect(self._on_rows_removed),
                model.dataChanged.connect(self._on_data_changed),
                model.modelReset.connect(self._on_reset),
                model.layoutChanged.connect(self._on_reset),
                model.rowsMoved.connect(self._on_reset),
            ]
            folded = getattr(model, "search_folded", None)
            if folded is not None:  # folded on a worker: take the texts when they come
                self._connections.append(folded.connect(self.prepare_search))
            figures = getattr(model, "figures_reset", None)
            if figures is not None:
                self._connections.append(figures.connect(self._on_figures_reset))
        self._read_all()
        self.endResetModel()

    def _read(self, first: int, last: int) -> tuple[list[str], list[str], list[str | None]]:
        source = self.sourceModel()
        columns = getattr(source, "sort_id_search", None)
        if columns is not None:  # the switcher's own model: its lists, no call per row
            names, ids, texts = columns(first, last)
            self._unfolded = self._unfolded or None in texts
            return names, ids, texts
        names, ids, texts = [], [], []
        for row in range(first, last + 1):
            index = source.index(row, 0)
            names.append(str(source.data(index, ClientRole.Sort) or ""))
            ids.append(str(source.data(index, ClientRole.Id) or ""))
            texts.append(str(source.data(index, ClientRole.Search) or ""))
        return names, ids, texts

    def _read_practice(self, first: int, last: int
                       ) -> tuple[list[Any] | None, list[bool] | None]:
        """The sort values and filter results of source rows `first`..`last` (None for
        what is not in use)."""
        source = self.sourceModel()
        keys = passes = None
        if self._sort != "name" and hasattr(source, "sort_keys"):
            keys = source.sort_keys(first, last, self._sort)
        if self._quick.kind != "all" and hasattr(source, "filter_mask"):
            passes = source.filter_mask(first, last, self._quick)
        return keys, passes

    def _read_all(self) -> None:
        source = self.sourceModel()
        count = source.rowCount() if source is not None else 0
        self._names, self._ids, self._search = self._read(0, count - 1)
        self._keys, self._passes = self._read_practice(0, count - 1)
        self._order = self._sorted(list(range(count)))
        self._filter()

    def set_sort(self, sort: str) -> None:
        """Order by name, or by a practice figure (`core.practice.SORTS`) most first."""
        if sort != self._sort:
            self._sort = sort
            self._relayout(self._reread_practice, refilter=True)

    def set_quick_filter(self, chosen: Filter) -> None:
        """Show only the clients passing `chosen`; the search works within them."""
        if chosen != self._quick:
            self._quick = chosen
            self._relayout(self._reread_practice, refilter=True)

    @property
    def sort_order(self) -> str:
        return self._sort

    @property
    def quick_filter(self) -> Filter:
        return self._quick

    def _reread_practice(self) -> None:
        self._keys, self._passes = self._read_practice(0, len(self._names) - 1)
        self._order = self._sorted(list(range(len(self._names))))

    def _on_figures_reset(self) -> None:
        """Many clients' figures came at once: read the sort and filter values again in
        one go when they are in use; else repaint what is shown."""
        if self._keys is not None or self._passes is not None:
            self._relayout(self._reread_practice, refilter=True)
        elif self._visible:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._visible) - 1, 0))

    def _on_reset(self, *_args: Any) -> None:
        self.beginResetModel()
        self._read_all()
        self.endResetModel()

    def _on_rows_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        if parent.isValid():
            return
        count = last - first + 1
        sorted_here: list[bool] = []

        def update() -> None:
            names, ids, texts = self._read(first, last)
            first_fill = not self._names
            self._names[first:first] = names
            self._ids[first:first] = ids
            self._search[first:first] = texts
            keys, passes = self._read_practice(first, last)
            if self._keys is not None and keys is not None:
                self._keys[first:first] = keys
            if self._passes is not None and passes is not None:
                self._passes[first:first] = passes
            saved = self._saved_order() if first_fill and self._keys is None else None
            if saved is not None:  # as sorted at the last start: only new names placed
                placed, others = saved
                self._order = self._placed(placed, others)
                sorted_here.append(bool(others))
                return
            kept = [row + count if row >= first else row for row in self._order]
            self._order = self._placed(kept, list(range(first, last + 1)))
            sorted_here.append(first_fill and self._keys is None)

        self._relayout(update, refilter=True)
        if any(sorted_here):  # the first fill was sorted here: saved for the next start
            save = getattr(self._source, "save_order", None)
            if save is not None:
                save(self.collation, list(self._order))

    @property
    def collation(self) -> str:
        """What this proxy's order depends on, as the cache keeps it beside a saved order
        (`Entities.save_order`): the locale, the collator's settings, ties by id, and the
        Qt (and so ICU) release."""
        return (f"{self._collator.locale().name()};case-insensitive;numeric;ties by id;"
                f"Qt {qVersion()}")

    def _saved_order(self) -> tuple[list[int], list[int]] | None:
        """The source's rows in the order saved at the last start (when it has one for
        this collation) and those it has no place for (see `ClientListModel.saved_order`:
        each row once, the saved ids being the cache's keys)."""
        saved = getattr(self._source, "saved_order", None)
        found = saved(self.collation) if saved is not None else None
        if found is None:
            return None
        placed, others = found
        if len(placed) + len(others) != len(self._names):
            return None
        return placed, others

    def _on_rows_removed(self, parent: QModelIndex, first: int, last: int) -> None:
        if parent.isValid():
            return
        count = last - first + 1

        def update() -> None:
            del self._names[first:last + 1]
            del self._ids[first:last + 1]
            del self._search[first:last + 1]
            if self._keys is not None:
                del self._keys[first:last + 1]
            if self._passes is not None:
                del self._passes[first:last + 1]
            self._order = [
                row - count if row > last else row
                for row in self._order if not first <= row <= last
            ]

        self._relayout(update, refilter=True)

    def _on_data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex,
                         _roles: Any = None) -> None:
        first, last = top_left.row(), bottom_right.row()
        if first < 0 or last < first:
            return
        if self._words:  # the texts are matched against the words below: all folded
            self.prepare_search()
        names, ids, texts = self._read(first, last)
        keys, passes = self._read_practice(first, last)
        renamed = names != self._names[first:last + 1] or (
            keys is not None and self._keys is not None and keys != self._keys[first:last + 1])
        searched = texts != self._search[first:last + 1] or ids != self._ids[first:last + 1]
        if passes is not None and self._passes is not None \
                and passes != self._passes[first:last + 1]:
            searched, texts_only = True, False
        else:
            texts_only = True
        if not renamed and searched and texts_only and ids == self._ids[first:last + 1]:
            searched = not self._update_search(first, texts)
        if not renamed and not searched:
            rows = [self.map_row(row) for row in range(first, last + 1)]
            shown = [row for row in rows if row >= 0]
            if shown:
                self.dataChanged.emit(self.index(min(shown), 0), self.index(max(shown), 0))
            return

        def update() -> None:
            self._names[first:last + 1] = names
            self._ids[first:last + 1] = ids
            self._search[first:last + 1] = texts
            if keys is not None and self._keys is not None:
                self._keys[first:last + 1] = keys
            if passes is not None and self._passes is not None:
                self._passes[first:last + 1] = passes
            if renamed:
                moved = set(range(first, last + 1))
                self._order = self._placed(
                    [row for row in self._order if row not in moved], sorted(moved))

        self._relayout(update, refilter=True)
        rows = [self.map_row(row) for row in range(first, last + 1)]
        shown = [row for row in rows if row >= 0]
        if shown:
            self.dataChanged.emit(self.index(min(shown), 0), self.index(max(shown), 0))

    def _update_search(self, first: int, texts: list[str | None]) -> bool:
        """New search texts for rows from `first` that keep their place and their
        visibility (a client opened: its full record replaces its list columns): update
        them in place, with no layout change and no repaint of the list. False, changing
        nothing, when a row would appear or disappear."""
        self._finish_scan()
        shown = [self.map_row(first + offset) for offset in range(len(texts))]
        passes = self._passes
        for offset, (text, row) in enumerate(zip(texts, shown, strict=True)):
            allowed = passes is None or passes[first + offset]
            if (allowed and all(word in (text or "") for word in self._words)) != (row >= 0):
                return False
        self._results.clear()  # earlier queries' results hold the old texts
        for offset, text in enumerate(texts):
            source_row = first + offset
            self._search[source_row] = text
            self._ordered_search[self._rank[source_row]] = text
        return True

    def _compare(self) -> Callable[[int, int], int]:
        names, ids, compare, keys = self._names, self._ids, self._collator.compare, self._keys

        def order(a: int, b: int) -> int:
            if keys is not None and keys[a] != keys[b]:
                return -1 if keys[a] > keys[b] else 1  # the larger figure first
            result = compare(names[a], names[b])
            if result == 0:
                return (ids[a] > ids[b]) - (ids[a] < ids[b])
            return result

        return order

    def _sorted(self, rows: list[int]) -> list[int]:
        """`rows` in collation order. (The cache lists clients by name already, which
        timsort takes as one run: a comparison a client.)"""
        return sorted(rows, key=functools.cmp_to_key(self._compare()))

    def _placed(self, ordered: list[int], rows: list[int]) -> list[int]:
        """`ordered` (in collation order) with `rows` put in their places. A few rows (a
        page of a refresh, a renamed client) are each found by binary search, some 17
        comparisons a row at 100,000 clients, rather than by a pass over every client."""
        if len(rows) * 8 > len(ordered):
            return self._sorted(ordered + rows)
        key = functools.cmp_to_key(self._compare())
        rows = self._sorted(rows)
        places = [bisect.bisect_left(ordered, key(row), key=key) for row in rows]
        placed: list[int] = []
        start = 0
        for place, row in zip(places, rows, strict=True):
            placed += ordered[start:place]
            placed.append(row)
            start = place
        placed += ordered[start:]
        return placed

    # filtering -----------------------------------------------------------------------------

    def set_search(self, text: str) -> None:
        words = fold(text).split()
        if words == self._words:
            return
        previous, was_whole = self._words, not self._unscanned
        if previous and was_whole:  # kept for Backspace
            self._results[tuple(previous)] = self._visible
            if len(self._results) > _KEPT_RESULTS:
                self._results.pop(next(iter(self._results)))
        narrowed = bool(previous) and _narrows(previous, words)
        places, unscanned = self._matching(words, previous)
        if (was_whole and not unscanned and len(places) == len(self._visible)
                and (narrowed or _same(places, self._visible))):
            # the same clients as before ("d.o" to "d.o."): nothing shown changes, so no
            # layout change and no repaint of the list
            self._words, self._visible = words, places
            return

        def update() -> None:
            self._words, self._visible = words, places
            self._unscanned, self._scanned, self._found_later = unscanned, 0, []

        self._relayout(update, refilter=False)
        self._scan_later()

    @property
    def search_words(self) -> list[str]:
        return list(self._words)

    @property
    def search_ready(self) -> bool:
        """Whether every search text is folded (a first keystroke has nothing to wait
        for)."""
        return not self._unfolded

    @property
    def searching(self) -> bool:
        """Whether clients are still to be looked at for the search typed (the rows found
        so far are shown; more are appended on the next turns of the event loop)."""
        return bool(self._unscanned)

    def _filter(self) -> None:
        """Filter again from scratch for the current words (the source rows changed)."""
        self._results.clear()
        self._ordered_search = [self._search[row] for row in self._order]
        passes = self._passes
        self._ordered_passes = None if passes is None else [passes[row] for row in self._order]
        self._rank = _inverse(self._order)
        self._visible, self._unscanned = self._matching(self._words, None)
        self._scanned, self._found_later = 0, []
        self._scan_later()

    def prepare_search(self) -> None:
        """Have every search text folded, so that the first keystroke does not wait for it
        (the switcher calls this once its first paint is done)."""
        if not self._unfolded:
            return
        source = self.sourceModel()
        fold_all = getattr(source, "search_texts", None)
        texts: list[str | None] = list(fold_all()) if fold_all is not None else \
            self._read(0, source.rowCount() - 1)[2]
        self._unfolded = False
        self._search = texts
        self._ordered_search = [texts[row] for row in self._order]
        self._results.clear()

    def _matching(self, words: list[str], previous: list[str] | None
                  ) -> tuple[Sequence[int], Sequence[int]]:
        """The places (in `_order`) matching every one of `words` among the first
        `SCAN_AT_ONCE` looked at, and the places not looked at yet (narrowed from the
        current result, and what its search had not looked at, when the user typed on from
        `previous`)."""
        everyone: Sequence[int] = range(len(self._order))
        if self._ordered_passes is not None:  # the quick filter's clients only
            everyone = list(itertools.compress(everyone, self._ordered_passes))
        if not words:
            return everyone, ()
        self.prepare_search()
        known = self._results.get(tuple(words))
        if known is not None:
            return known, ()
        candidates: Sequence[int] = everyone
        if previous and _narrows(previous, words):
            # typing on: only what matched so far, or was not looked at yet, can match
            candidates = self._visible
            if self._unscanned:
                candidates = [*self._visible, *self._found_later,
                              *self._unscanned[self._scanned:]]
        return (self._keep_matching(candidates[:SCAN_AT_ONCE], words),
                candidates[SCAN_AT_ONCE:])

    def _keep_matching(self, places: Sequence[int], words: list[str]) -> list[int]:
        """The places of `places` whose search text holds every one of `words` (loops in C:
        about 50 ns a client)."""
        texts = cast(list[str], self._ordered_search)  # no None: prepare_search
        found: Sequence[int] = places
        for word in words:
            if isinstance(found, range):  # a stretch of the list: its texts as they lie
                holding: Any = texts[found.start : found.stop]
            else:
                holding = map(texts.__getitem__, found)
            mask = map(operator.contains, holding, itertools.repeat(word))
            found = list(itertools.compress(found, mask))
        return list(found)

    def _scan_later(self) -> None:
        if self._unscanned:
            self._scan_timer.start()
        else:
            self._scan_timer.stop()

    def _scan_more(self) -> None:
        """Look at the next `SCAN_AT_ONCE` clients of an unfinished search; once every one
        has been looked at, append those found as rows in one go (one insertion, not one
        a batch: the view's bookkeeping of an insertion grows with its row count)."""
        if not self._unscanned:
            return
        start = self._scanned
        batch = self._unscanned[start : start + SCAN_AT_ONCE]
        self._found_later += self._keep_matching(batch, self._words)
        self._scanned = start + len(batch)
        if self._scanned < len(self._unscanned):
            self._scan_later()
            return
        found, self._found_later = self._found_later, []
        self._unscanned, self._scanned = (), 0
        if found:
            first = len(self._visible)
            self.beginInsertRows(QModelIndex(), first, first + len(found) - 1)
            self._visible = [*self._visible, *found]
            self.endInsertRows()
        self.search_finished.emit()

    def _finish_scan(self) -> None:
        """Look at every client left by an unfinished search now (before rows change)."""
        while self._unscanned:
            self._scan_more()

    def _relayout(self, update: Callable[[], None], *, refilter: bool) -> None:
        """Apply `update` (which changes the source rows, the order or the filter; then
        filter again from scratch with `refilter`) as one layout change, keeping persistent
        indexes on the same clients."""
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        order, visible = self._order, self._visible
        sources = [
            order[visible[index.row()]] if 0 <= index.row() < len(visible) else -1
            for index in old
        ]
        old_ids = [self._ids[row] if row >= 0 else "" for row in sources]
        if refilter:
            self._finish_scan()
        update()
        if refilter:  # source rows moved: find the clients again by id
            self._filter()
            if old:  # (none at the first fill: no pass over every client's id for them)
                wanted = set(old_ids)
                row_of_id = {entity_id: row for row, entity_id in enumerate(self._ids)
                             if entity_id in wanted}
                sources = [row_of_id.get(entity_id, -1) for entity_id in old_ids]
        if old:
            rows = [self.map_row(row) for row in sources]
            self.changePersistentIndexList(old, [
                self.index(row, index.column()) if row >= 0 else QModelIndex()
                for index, row in zip(old, rows, strict=True)
            ])
        self.layoutChanged.emit()

    def map_row(self, source_row: int) -> int:
        """The proxy row showing `source_row`, or -1."""
        if not 0 <= source_row < len(self._rank):
            return -1
        visible, place = self._visible, self._rank[source_row]  # places, ascending
        row = bisect.bisect_left(visible, place)
        return row if row < len(visible) and visible[row] == place else -1

    # the model -----------------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 1

    def hasChildren(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and bool(self._visible)

    def index(self, row: int, column: int = 0,
              parent: ModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid() or column != 0 or not 0 <= row < len(self._visible):
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, child: ModelIndex | None = None) -> Any:
        if child is None:
            return super().parent()  # QObject.parent()
        return QModelIndex()

    def sibling(self, row: int, column: int, index: ModelIndex) -> QModelIndex:
        return self.index(row, column)

    # `data` and `mapToSource` run for every row painted (the view asks `flags`, which
    # maps): an invalid index has row -1, and the source is kept rather than asked for

    def mapToSource(self, proxy_index: ModelIndex) -> QModelIndex:
        row, source = proxy_index.row(), self._source
        if source is None or not 0 <= row < len(self._visible):
            return QModelIndex()
        return source.index(self._order[self._visible[row]], proxy_index.column())

    def mapFromSource(self, source_index: ModelIndex) -> QModelIndex:
        if not source_index.isValid():
            return QModelIndex()
        row = self.map_row(source_index.row())
        return self.index(row, source_index.column()) if row >= 0 else QModelIndex()

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        # asked for every row painted: the same for every client, without mapping the row
        # to the source and asking it (`QAbstractProxyModel.flags`)
        return _ROW_FLAGS if 0 <= index.row() < len(self._visible) else _NO_FLAGS

    def paint_texts(self, row: int) -> PaintTexts:
        """What the list's delegate draws for `row` (see `ClientListModel.paint_texts`), in
        one call rather than a record through `data`."""
        source_row = self._order[self._visible[row]]
        texts = getattr(self._source, "paint_texts", None)
        if texts is not None:
            found: PaintTexts = texts(source_row)
            return found
        index = self._source.index(source_row, 0)  # type: ignore[union-attr]
        record = index.data(ClientRole.Record) or {"name": index.data()}
        return row_texts(record, int(index.data(ClientRole.Pending) or 0))

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row, source = index.row(), self._source
        if source is None or not 0 <= row < len(self._visible):
            return None
        return source.data(source.index(self._order[self._visible[row]], 0), role)


def _inverse(order: list[int]) -> list[int]:
    """The place of each row in `order` (a permutation of its rows), by a sort whose key
    is a C call (no Python loop a client: 100,000 at start-up); the identity as a copy."""
    if order == list(range(len(order))):
        return list(order)
    return sorted(range(len(order)), key=order.__getitem__)


def _same(a: Sequence[int], b: Sequence[int]) -> bool:
    return len(a) == len(b) and all(map(operator.eq, a, b))


def _narrows(previous: list[str], words: list[str]) -> bool:
    """Whether every client matching `words` also matches `previous` (the user typed on)."""
    return all(any(old in new for new in words) for old in previous)
