"""The switcher's models: every client (from the local cache, or paged in lazily from the
service when there is no cache), the filtering and locale-aware sorting proxy, and the short
list of pinned and recently opened clients.

Following Vorta's and Picard's models: roles declared once, a sort role and a record role,
rows inserted in ranges, ranged `dataChanged` on updates, filtering left to a proxy.
"""

from __future__ import annotations

import contextlib
import enum
import functools
import hashlib
import json
import operator
import time
from collections.abc import Callable, Iterable, Mapping
from itertools import repeat
from typing import Any, cast

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSettings,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QIcon, QPalette, QPixmap
from PySide6.QtWidgets import QApplication

from si_desktop.core import formatting
from si_desktop.core.practice import (
    DEFAULT_BOOKKEEPER_KEY,
    NO_FIGURES,
    ClientFigures,
    Filter,
    passes,
    sort_value,
)
from si_desktop.core.search_text import fold, fuzzy_score, search_text
from si_desktop.sync.changes import as_json
from si_desktop.sync.events import Changes
from si_desktop.sync.vocabulary import SavedOrder, SwitcherRow, is_local_id
from si_desktop.ui import preferences
from si_desktop.ui.context import AppContext
from si_desktop.ui.idle import InputPause, in_background
from si_desktop.ui.widgets import plain_tooltip

ModelIndex = QModelIndex | QPersistentModelIndex
MAX_RECENT = 8
FOLD_CHUNK = 2_000  # search texts folded on the worker between two pauses (a few ms)
FOLD_PAUSE_S = 0.0005


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("ClientSwitcher", text, None, n)


class ClientRole(enum.IntEnum):
    Id = Qt.ItemDataRole.UserRole + 1
    Record = Qt.ItemDataRole.UserRole + 2
    Sort = Qt.ItemDataRole.UserRole + 3
    Search = Qt.ItemDataRole.UserRole + 4
    CountryCode = Qt.ItemDataRole.UserRole + 5
    Currency = Qt.ItemDataRole.UserRole + 6
    Disabled = Qt.ItemDataRole.UserRole + 7
    Pinned = Qt.ItemDataRole.UserRole + 8
    Pending = Qt.ItemDataRole.UserRole + 9  # edits waiting to be sent (-1: created offline)


def client_label(record: Mapping[str, Any]) -> str:
    name = str(record.get("name") or "").strip()
    return name or tr("(no name)")


def pending_text(pending: int) -> str:
    """The switcher's mark for a client with edits waiting: words, not a colour."""
    if pending < 0:
        return tr("not sent yet")
    return tr("%n unsent", pending) if pending else ""


def pending_sentence(pending: int) -> str:
    if pending < 0:
        return tr("Created offline; it is sent when the service can be reached.")
    if pending == 1:
        return tr("1 change waiting to be sent")
    return tr("%n changes waiting to be sent", pending) if pending else ""


def cached_record(row: SwitcherRow) -> dict[str, Any]:
    """A client from the cache's switcher columns, shaped like the service's JSON."""
    record: dict[str, Any] = {
        key: value for key, value in row._asdict().items()
        if key not in ("metadata_text", "fetched_at", "business_units", "pending_edits",
                       "client_code")
    }
    if row.is_enabled is not None:  # stored as 1 or 0 (`Entities.listed`)
        record["is_enabled"] = bool(row.is_enabled)
    metadata: dict[str, Any] = {}
    if row.client_code:
        metadata["client_code"] = row.client_code
    if row.metadata_text and row.metadata_text != row.client_code:
        metadata["values"] = row.metadata_text
    record["metadata"] = metadata
    return record


Row = dict[str, Any] | SwitcherRow
"""A client as the list keeps it: the cache's switcher columns as they came (a tuple, a
fifth of a dict's memory: 100,000 clients are listed), or a record's JSON (a client found
on the service, or with edits waiting)."""


_NAME, _ID = operator.attrgetter("name"), operator.attrgetter("id")


def row_id(row: Row) -> str:
    """A row's entity id ("" when a record has none)."""
    if isinstance(row, dict):
        return str(row.get("id") or "")
    return row.id


def row_search_text(row: Row) -> str:
    """The Search role of a row: `search_text` of its record, without building the record
    for a cached row (the same fields, in the same order: the switcher reads every client
    at start-up)."""
    if isinstance(row, dict):
        return search_text(row)
    code = row.client_code
    parts = (row.name, row.tax_number, row.city, row.country, code,
             row.metadata_text if row.metadata_text != code else None)
    return fold("\n".join([part for part in parts if part]))


def row_record(row: Row) -> dict[str, Any]:
    """A row as the service's JSON (a cached row: its switcher columns)."""
    return row if isinstance(row, dict) else cached_record(row)


PaintTexts = tuple[str, str, bool, str]
"""What the list draws for a client: name, details, disabled, and the red badge ("")."""


def row_texts(record: Mapping[str, Any], pending: int,
              figures: ClientFigures = NO_FIGURES) -> PaintTexts:
    """What the client list draws for a client: its name, the details beside it (led by
    the unsent mark, then what is owed and the drafts waiting), whether it is disabled,
    and the badge of its overdue invoices."""
    parts = [f"↑ {mark}"] if (mark := pending_text(pending)) else []
    parts += figure_parts(record, figures)
    details = client_details(record)
    if details:
        parts.append(details)
    badge = tr("%n overdue", figures.overdue_count) if figures.overdue_count else ""
    return client_label(record), " · ".join(parts), record.get("is_enabled") is False, badge


def _money(record: Mapping[str, Any], figures: ClientFigures, amount: Any) -> str:
    currency = figures.currency or str(record.get("currency_code") or "")
    return formatting.money(amount, currency, formatting.client_locale(record))


def figure_parts(record: Mapping[str, Any], figures: ClientFigures) -> list[str]:
    """"1.234,56 €" (overdue, else "… unpaid"), else "2 drafts": the amount in the client's
    money format; "+" marks amounts owed in other currencies too (never added in). The
    tooltip has every figure."""
    parts: list[str] = []
    if figures.overdue_count:
        more = " +" if figures.other_overdue else ""
        parts.append(_money(record, figures, figures.overdue_amount) + more)
    elif figures.has_unpaid:
        more = " +" if figures.other_unpaid else ""
        parts.append(tr("%1 unpaid").replace(
            "%1", _money(record, figures, figures.unpaid_amount) + more))
    if figures.drafts and not parts:  # the row is narrow: drafts when nothing is owed
        parts.append(tr("%n drafts", figures.drafts))
    return parts


def figures_sentences(record: Mapping[str, Any], figures: ClientFigures) -> list[str]:
    """The figures in full, for the tooltip."""
    lines: list[str] = []
    locale = formatting.client_locale(record)
    if figures.overdue_count:
        amounts = [_money(record, figures, figures.overdue_amount)] + [
            formatting.money(value, code, locale)
            for code, value in sorted(figures.other_overdue.items())]
        lines.append(tr("%n overdue invoices: %1", figures.overdue_count)
                     .replace("%1", " + ".join(amounts)))
    if figures.has_unpaid:
        amounts = [_money(record, figures, figures.unpaid_amount)] + [
            formatting.money(value, code, locale)
            for code, value in sorted(figures.other_unpaid.items())]
        lines.append(tr("Unpaid: %1").replace("%1", " + ".join(amounts)))
    if figures.drafts:
        lines.append(tr("%n drafts waiting", figures.drafts))
    if figures.last_issued is not None:
        lines.append(tr("Last invoice: %1").replace(
            "%1", formatting.date(figures.last_issued, locale)))
    if figures.bookkeeper:
        lines.append(tr("Bookkeeper: %1").replace("%1", figures.bookkeeper))
    return lines


def client_details(record: Mapping[str, Any]) -> str:
    """"SI · EUR · disabled": the line beside a name."""
    parts = [
        str(record.get("country_code") or record.get("country") or ""),
        str(record.get("currency_code") or ""),
    ]
    if record.get("is_enabled") is False:
        parts.append(tr("disabled"))
    return " · ".join(part for part in parts if part)


class ClientListModel(QAbstractListModel):
    """Every client in the local cache (updated in place after a refresh), or, with no
    cache, every client the service has shown us so far (more stream in with
    `fetchMore`).

    The search texts of the clients first read from the cache are folded on a worker
    thread once the list is on screen (`fold_later`; 0.4 s of Python at 100,000 clients),
    which hands them back to the GUI thread (`search_folded`) unless a row changed
    meanwhile; a search typed before that folds them at once.

    The first fill from the cache comes with the order the list was sorted in at the last
    start (`saved_order`, for the sorting proxy), and an order sorted afresh is saved for
    the next one (`save_order`)."""

    count_changed = Signal()
    loading_changed = Signal(bool)
    search_folded = Signal()  # every row's search text is folded now
    figures_reset = Signal()  # the figures of many clients came at once (see `_adopt`)
    _folded = Signal(object, int)  # from the worker thread: the texts, for this revision
    _figures_read = Signal(object, int)  # from the worker thread: every client's figures

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._rows: list[Row] = []
        # each row's search text; None until folded: a new row's text is folded when it is
        # first asked for, all of them by `search_texts` (the first fill of 10,000 rows
        # leaves it to after the first paint, see ClientSwitcher)
        self._search: list[str | None] = []
        self._all_folded = True
        self._revision = 0  # counts changes of the rows: a fold of older rows is dropped
        self._folded.connect(self._adopt_folded)
        self._row_of: dict[str, int] = {}
        self._last_row: Row | None = None  # a tuple row's record, for the calls that
        self._last_record: dict[str, Any] = {}  # follow each other for one row
        self._pending: dict[str, int] = {}
        self._saved_order: SavedOrder | None = None  # while the first fill arrives
        # what the list draws of a client, kept while its row object, pending count and
        # figures stay
        self._painted: dict[str, tuple[Row, int, ClientFigures, PaintTexts]] = {}
        # the practice list's figures of the clients that have any (`core.practice`)
        self._figures: dict[str, ClientFigures] = {}
        # the clients `update_figures` changed since the last read of every client began
        self._figures_touched: set[str] = set()
        self._figures_generation = 0  # a read of every client's figures for an older
        self._figures_read.connect(self._adopt_all_figures)  # workspace is dropped
        self.bookkeeper_key = DEFAULT_BOOKKEEPER_KEY
        self._on_screen = False  # whether the list has been painted (`on_screen`)
        context.workspace_changed.connect(self.restart)
        context.client_updated.connect(self.upsert)
        context.client_created.connect(self.upsert)
        service = context.offline
        service.cache_changed.connect(self.apply_changes)
        service.pending_changed.connect(self.update_pending)
        service.client_renamed.connect(self.rename_id)
        service.refreshing_changed.connect(self.loading_changed)
        if context.has_workspace:
            self.restart()

    # reading -------------------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        record = self._record_at(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            return client_label(record)
        if role == Qt.ItemDataRole.ToolTipRole:
            where = ", ".join(
                str(record.get(key)) for key in ("city", "country") if record.get(key)
            )
            waiting = pending_sentence(self._pending_of(record))
            figures = figures_sentences(record, self.figures_of(str(record.get("id") or "")))
            return plain_tooltip("\n".join(
                part for part in (client_label(record), where, *figures, waiting) if part))
        if role == ClientRole.Pending:
            return self._pending_of(record)
        if role == Qt.ItemDataRole.ForegroundRole and record.get("is_enabled") is False:
            return QBrush(QApplication.palette().color(QPalette.ColorRole.PlaceholderText))
        if role == ClientRole.Id:
            return record.get("id")
        if role == ClientRole.Record:
            return record
        if role == ClientRole.Sort:
            return str(record.get("name") or "")
        if role == ClientRole.Search:
            return self._search_text(index.row())
        if role == ClientRole.CountryCode:
            return str(record.get("country_code") or "")
        if role == ClientRole.Currency:
            return str(record.get("currency_code") or "")
        if role == ClientRole.Disabled:
            return record.get("is_enabled") is False
        return None

    def sort_id_search(
        self, first: int, last: int
    ) -> tuple[list[str], list[str], list[str | None]]:
        """The Sort, Id and Search roles of rows `first`..`last` as three lists, read
        straight from the rows (the filtering proxy reads every client at start-up: one
        call instead of three `data` calls a client). A search text not folded yet is None
        (`search_texts` folds them all)."""
        rows = self._rows[first : last + 1]
        if any(map(isinstance, rows, repeat(dict))):  # a record's JSON among them
            names = [str(row.get("name") or "") if isinstance(row, dict) else row.name
                     for row in rows]
            ids = list(map(row_id, rows))
        else:  # the cache's tuples only (every client at start-up): loops in C
            names, ids = list(map(_NAME, rows)), list(map(_ID, rows))
        return names, ids, self._search[first : last + 1]

    def roleNames(self) -> dict[int, QByteArray]:
        names = dict(super().roleNames())
        names.update({int(role): QByteArray(role.name.lower().encode()) for role in ClientRole})
        return names

    def search_texts(self) -> list[str]:
        """Every row's search text, folding those not folded yet."""
        if not self._all_folded:
            self._search = [
                row_search_text(row) if text is None else text
                for row, text in zip(self._rows, self._search, strict=True)
            ]
            self._all_folded = True
        return self._search  # type: ignore[return-value]  # no None left

    def on_screen(self) -> None:
        """The list's first paint is done (its view calls this): the work left for then,
        the search texts' fold and every client's figures, goes to the after-paint worker,
        after the chosen page's module (queued first, by the window)."""
        self._on_screen = True
        self.fold_later()
        self.load_figures_later()

    def fold_later(self) -> None:
        """Fold every search text not folded yet on a worker thread (the switcher calls
        this once its first paint is done)."""
        if self._all_folded:
            return
        rows, texts, revision = list(self._rows), list(self._search), self._revision
        in_background(functools.partial(self._fold, rows, texts, revision))

    def _fold(self, rows: list[Row], texts: list[str | None], revision: int) -> None:
        """On the after-paint worker thread: fold `texts` where None, letting the GUI
        thread have the interpreter lock between chunks (a keystroke waits a few
        milliseconds at most); given up once the rows changed or a search folded them."""
        for start in range(0, len(rows), FOLD_CHUNK):
            if revision != self._revision or self._all_folded:
                return
            end = min(len(rows), start + FOLD_CHUNK)
            texts[start:end] = [row_search_text(row) if text is None else text
                                for row, text in zip(rows[start:end], texts[start:end],
                                                     strict=True)]
            time.sleep(FOLD_PAUSE_S)
        with contextlib.suppress(RuntimeError):  # the model went first
            self._folded.emit(texts, revision)

    def _adopt_folded(self, texts: list[str], revision: int) -> None:
        if revision != self._revision or self._all_folded:
            return  # rows changed meanwhile (a search folds what it needs itself)
        self._search = texts  # type: ignore[assignment]
        self._all_folded = True
        self.search_folded.emit()

    def _search_text(self, row: int) -> str:
        text = self._search[row]
        if text is None:
            text = self._search[row] = row_search_text(self._rows[row])
        return text

    def paint_texts(self, row: int) -> PaintTexts:
        """`row_texts` of a row, for the list's delegate (one call a row painted; made once
        per client and kept until its row, its count of unsent edits or its figures
        change)."""
        found = self._rows[row]
        entity_id = row_id(found)
        pending = -1 if is_local_id(entity_id) else self._pending.get(entity_id, 0)
        figures = self._figures.get(entity_id, NO_FIGURES)
        kept = self._painted.get(entity_id)
        if kept is not None and kept[0] is found and kept[1] == pending and kept[2] is figures:
            return kept[3]
        if len(self._painted) > 4096:
            self._painted.clear()
        texts = row_texts(row_record(found), pending, figures)
        self._painted[entity_id] = (found, pending, figures, texts)
        return texts

    # the practice list's figures ------------------------------------------------------------

    def figures_of(self, entity_id: str) -> ClientFigures:
        return self._figures.get(entity_id, NO_FIGURES)

    def sort_keys(self, first: int, last: int, sort: str) -> list[tuple[Any, ...]]:
        """The sort values (`core.practice.sort_value`) of rows `first`..`last`."""
        figures, rows = self._figures, self._rows[first : last + 1]
        return [sort_value(figures.get(row_id(row), NO_FIGURES), sort) for row in rows]

    def filter_mask(self, first: int, last: int, chosen: Filter) -> list[bool]:
        """Whether each of rows `first`..`last` passes the quick filter `chosen`."""
        figures, out = self._figures, []
        for row in self._rows[first : last + 1]:
            record = row if isinstance(row, dict) else None
            disabled = (record.get("is_enabled") is False if record is not None
                        else row.is_enabled == 0)  # type: ignore[union-attr]
            country = str((record.get("country_code") if record is not None
                           else row.country_code) or "")  # type: ignore[union-attr]
            out.append(passes(figures.get(row_id(row), NO_FIGURES), chosen,
                              disabled=disabled, country=country))
        return out

    def countries(self) -> list[str]:
        """The country codes of the clients in the list (for the country filter)."""
        return sorted({str((row.get("country_code") if isinstance(row, dict)
                            else row.country_code) or "").upper() for row in self._rows} - {""})

    def passes_filter(self, entity_id: str, chosen: Filter) -> bool | None:
        """Whether a client in the list passes `chosen` (None: not in the list)."""
        row = self._row_of.get(entity_id)
        return None if row is None else self.filter_mask(row, row, chosen)[0]

    def load_figures_later(self) -> None:
        """Read every client's figures on the after-paint worker (one aggregate query and a
        Python call a client: at start-up, beside the page's build and the search's fold,
        a thread of its own made three at the interpreter lock, and the GUI thread waited
        behind them at every call into Python). The list shows its rows meanwhile and takes
        the figures when they come."""
        if not self.context.has_workspace:
            return
        self._figures_generation += 1
        self._figures_touched = set()
        in_background(functools.partial(
            self._read_figures, self.context.workspace, self.bookkeeper_key,
            self._figures_generation, dict(self._figures)))

    def _read_figures(self, workspace: Any, key: str, generation: int,
                      before: dict[str, ClientFigures]) -> None:
        """On the worker thread: every client's figures, and which of them differ from
        `before` (the figures when the read began). The comparison is made here, not on
        the GUI thread: at 100,000 clients it is a Python call a client (B13)."""
        try:
            figures = workspace.client_figures(bookkeeper_key=key)
        except Exception:  # the cache went (a workspace closed): no figures
            return
        changed = figures_changed(before, figures)
        with contextlib.suppress(RuntimeError):  # the model went first
            self._figures_read.emit((figures, changed), generation)

    def _adopt_all_figures(
        self, read: tuple[dict[str, ClientFigures], set[str]], generation: int,
    ) -> None:
        if generation != self._figures_generation:
            return
        figures, changed = read
        touched, self._figures_touched = self._figures_touched, set()
        if touched:  # `update_figures` changed these meanwhile: compared with them here
            changed = (changed - touched) | {
                key for key in touched if figures.get(key) != self._figures.get(key)}
        self._figures = figures
        self._announce_figures(changed)

    def update_figures(self, entity_ids: Iterable[str]) -> None:
        """Read again the figures of `entity_ids` only (what a change names)."""
        ids = [key for key in entity_ids if key in self._row_of]
        if not ids or not self.context.has_workspace:
            return
        found = self.context.workspace.client_figures(ids, bookkeeper_key=self.bookkeeper_key)
        changed = set()
        for key in ids:
            new = found.get(key)
            if new != self._figures.get(key):
                changed.add(key)
                self._figures_touched.add(key)
                if new is None:
                    del self._figures[key]
                else:
                    self._figures[key] = new
        self._announce_figures(changed)

    def _announce_figures(self, changed: set[str]) -> None:
        """Ranged `dataChanged` for a few changed clients; one `figures_reset` for many
        (the proxy then reads its sort and filter values once, not once a range)."""
        if len(changed) > 64:  # checked first: many clients' rows are not even sorted
            self.figures_reset.emit()
            return
        rows = sorted(self._row_of[key] for key in changed if key in self._row_of)
        for first, last in _ranges(rows):
            self.dataChanged.emit(self.index(first), self.index(last))

    def _record_at(self, row: int) -> dict[str, Any]:
        found = self._rows[row]
        if isinstance(found, dict):
            return found
        if found is not self._last_row:
            self._last_row, self._last_record = found, cached_record(found)
        return self._last_record

    def _pending_of(self, record: Mapping[str, Any]) -> int:
        entity_id = str(record.get("id") or "")
        if is_local_id(entity_id):
            return -1
        return self._pending.get(entity_id, 0)

    def search_text_of(self, entity_id: str) -> str | None:
        """The folded search text of a client in the list (None: not in it)."""
        row = self._row_of.get(entity_id)
        return None if row is None else self._search_text(row)

    def record(self, entity_id: str) -> dict[str, Any] | None:
        row = self._row_of.get(entity_id)
        return None if row is None else self._record_at(row)

    def row_of(self, entity_id: str) -> int:
        return self._row_of.get(entity_id, -1)

    @property
    def total(self) -> int:
        """How many clients the list holds (every cached one)."""
        return len(self._rows)

    @property
    def loaded_all(self) -> bool:
        """Whether the cache has been brought up to date once: before that a search that
        finds nothing here asks the service too."""
        return not self.context.has_workspace or (
            self.context.workspace.last_refresh is not None)

    @property
    def is_loading(self) -> bool:
        return self.context.offline.refreshing

    def restart(self) -> None:
        """Start over for a new workspace: forget every row and read the cache."""
        if self._rows:
            self.beginResetModel()  # another account's clients: nothing to keep
            self._rows, self._search, self._row_of = [], [], {}
            self._all_folded = True
            self._revision += 1
            self.endResetModel()
        self._pending = {}
        self._figures = {}
        self.bookkeeper_key = preferences.bookkeeper_key(self.context.settings)
        self.count_changed.emit()
        self.load_cache()  # before any request: what the app saw last time
        if self._on_screen:  # else once it is (`on_screen`)
            self.load_figures_later()

    def refresh(self) -> None:
        """Ask for a refresh of the cache; its rows arrive as changes (`apply_changes`)."""
        self.context.offline.refresh()

    # the cache -----------------------------------------------------------------------------

    def load_cache(self) -> None:
        """Bring every row in line with the cache (a new workspace, or a refresh that was
        cancelled): changed rows update in place, new ones are inserted and gone ones
        removed, each in ranges; never a reset, so the selection, the scroll position and
        the search stay."""
        if not self.context.has_workspace:
            return
        workspace = self.context.workspace
        rows, pending, order = workspace.listed_in_order()
        present = set(map(_ID, rows))
        self._remove([entity_id for entity_id in self._row_of if entity_id not in present])
        self._pending = pending
        self._saved_order = None if self._rows else order  # for the first fill only
        try:
            self._take(rows)
        finally:
            self._saved_order = None

    def saved_order(self, collation: str) -> tuple[list[int], list[int]] | None:
        """While the first fill from the cache arrives (the sorting proxy asks): the rows
        in the order the app saved for them sorted by `collation` (`Entities.save_order`),
        and the rows with no saved place (new or renamed since, or shown with edits
        waiting as the user typed them), ascending, which the proxy places itself. None
        when no order was saved for `collation`."""
        order = self._saved_order
        if order is None or order.collation != collation:
            return None
        found = list(map(self._row_of.get, order.ids))  # every saved id is a cached row
        if None in found:
            return None
        placed = cast(list[int], found)
        rows = self._rows
        shown_as_typed = list(map(isinstance, rows, repeat(dict)))
        if any(shown_as_typed):
            placed = [row for row in placed if not shown_as_typed[row]]
        others: list[int] = []
        if len(placed) < len(rows):
            others = sorted(set(range(len(rows))).difference(placed))
        return placed, others

    def save_order(self, collation: str, ordered: list[int]) -> None:
        """The proxy sorted the first fill by `collation` (some of it or all): save that
        order in the cache for the next start, once the window is up and input pauses, on
        the after-paint worker after the work queued there at the first paint (writing
        100,000 places is about a second of SQLite, which lets go of the interpreter
        lock)."""
        if not self.context.has_workspace:
            return
        rows = list(map(self._rows.__getitem__, ordered))
        workspace, revision = self.context.workspace, self._revision

        def save() -> None:
            if revision == self._revision:  # else the rows changed: the next start sorts
                _save_order(workspace, collation, rows)

        InputPause(self, lambda: in_background(save))

    def apply_changes(self, changes: Changes | None) -> None:
        """Update only the clients a change names (None: read every client again)."""
        if changes is None:
            self.load_cache()
            self.load_figures_later()
            return
        if not self.context.has_workspace:
            return
        self._remove([entity_id for entity_id in changes.removed_clients
                      if entity_id in self._row_of])
        named = changes.clients | changes.renamed.keys()
        if named:
            rows = self.context.workspace.listed_some(named)
            found = set(map(_ID, rows))
            self._remove([entity_id for entity_id in named
                          if entity_id not in found and entity_id in self._row_of])
            self._take(rows)
        # a client's own record holds its bookkeeper; its documents hold the rest
        self.update_figures(changes.clients | changes.document_clients
                            | set(changes.renamed.values()))

    def _take(self, rows: list[SwitcherRow]) -> None:
        """Merge cached rows, showing a client with queued edits as the user typed it."""
        records: list[Row] = list(rows)
        waiting = self._pending.keys() & set(map(_ID, rows)) if self._pending else set()
        if waiting:
            workspace = self.context.workspace
            place = {row.id: i for i, row in enumerate(rows)}
            for entity_id in waiting:
                view = workspace.client(entity_id)
                if view is not None:
                    records[place[entity_id]] = dict(view.data)
        if self._row_of:
            records = [record for record in records if self._changed(record)]
        self._merge(records)
        self.count_changed.emit()

    def _remove(self, entity_ids: list[str]) -> None:
        rows = sorted(self._row_of[entity_id] for entity_id in entity_ids
                      if entity_id in self._row_of)
        for first, last in reversed(_ranges(rows)):
            self.beginRemoveRows(QModelIndex(), first, last)
            self._revision += 1
            del self._rows[first : last + 1]
            del self._search[first : last + 1]
            self._row_of = {row_id(r): i for i, r in enumerate(self._rows)}
            self.endRemoveRows()
        if rows:
            self.count_changed.emit()

    def _changed(self, record: Row) -> bool:
        row = self._row_of.get(row_id(record))
        if row is None:
            return True
        known = self._rows[row]
        if isinstance(known, dict) or isinstance(record, dict):
            return row_record(known) != row_record(record)
        return known != record

    def update_pending(self) -> None:
        """The queue changed: refresh the pending marks of the rows whose count changed."""
        if not self.context.has_workspace:
            return
        counts = self.context.workspace.pending_by_client()
        touched = {key for key in set(counts) | set(self._pending)
                   if counts.get(key, 0) != self._pending.get(key, 0)}
        self._pending = counts
        rows = sorted(self._row_of[key] for key in touched if key in self._row_of)
        for first, last in _ranges(rows):
            self.dataChanged.emit(self.index(first), self.index(last))

    def rename_id(self, local_id: str, service_id: str) -> None:
        """A client created offline was created on the service: its row keeps its place
        (or goes, when the service's row is in the list already: one row per client)."""
        if local_id not in self._row_of:
            return
        if service_id in self._row_of:
            self._remove([local_id])
            return
        row = self._row_of.pop(local_id)
        record = dict(row_record(self._rows[row]))
        record["id"] = service_id
        self._revision += 1
        self._rows[row] = record
        self._row_of[service_id] = row
        self.dataChanged.emit(self.index(row), self.index(row))

    # merging -------------------------------------------------------------------------------

    def merge(self, entities: Iterable[Any]) -> None:
        """Add clients found elsewhere (a server search, a new client); known ones update."""
        self._merge([as_json(entity) for entity in entities])
        self.count_changed.emit()

    def upsert(self, entity: Any) -> None:
        self.merge([entity])

    def _merge(self, records: list[Row]) -> None:
        changed: list[int]
        if not self._rows and not any(map(isinstance, records, repeat(dict))):
            # the first fill from the cache: every row new, ids unique (the cache's key)
            fresh, changed = records, []
        else:
            fresh, changed = self._sort_out(records)
        for first, last in _ranges(sorted(changed)):
            self.dataChanged.emit(self.index(first), self.index(last))
        if fresh:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(fresh) - 1)
            self._revision += 1
            self._rows.extend(fresh)
            self._search.extend(repeat(None, len(fresh)))
            self._all_folded = False
            ids = map(row_id, fresh) if any(map(isinstance, fresh, repeat(dict))) \
                else map(_ID, fresh)
            self._row_of.update(zip(ids, range(start, start + len(fresh)), strict=True))
            self.endInsertRows()

    def _sort_out(self, records: list[Row]) -> tuple[list[Row], list[int]]:
        """The records not known yet (once each, none without an id), and the rows of the
        known ones, which are updated in place."""
        fresh: list[Row] = []
        seen: set[str] = set()
        changed: list[int] = []
        for record in records:
            entity_id = row_id(record)
            if not entity_id or entity_id in seen:
                continue
            seen.add(entity_id)
            row = self._row_of.get(entity_id)
            if row is None:
                fresh.append(record)
            else:
                self._revision += 1
                self._rows[row] = record
                self._search[row] = row_search_text(record)
                changed.append(row)
        return fresh, changed


def _save_order(workspace: Any, collation: str, rows: list[Row]) -> None:
    """On the after-paint worker: the list's order as (id, name) of every cached row (a
    row shown as typed, with edits waiting, is left out: its name may not be the cache's),
    saved by the workspace (`Entities.save_order`)."""
    pairs = [(row.id, row.name) for row in rows if not isinstance(row, dict)]
    with contextlib.suppress(Exception):  # the cache went meanwhile: the next start sorts
        workspace.save_list_order(collation, pairs)


def figures_changed(before: Mapping[str, ClientFigures],
                    after: Mapping[str, ClientFigures]) -> set[str]:
    """The clients whose figures differ between `before` and `after` (every one of `after`
    when there were none before, without comparing: the first read at start-up)."""
    if not before:
        return set(after)
    return {key for key in after.keys() | before.keys() if after.get(key) != before.get(key)}


def _ranges(rows: list[int]) -> list[tuple[int, int]]:
    """[1, 2, 3, 7] → [(1, 3), (7, 7)]"""
    found: list[tuple[int, int]] = []
    for row in rows:
        if found and found[-1][1] == row - 1:
            found[-1] = (found[-1][0], row)
        else:
            found.append((row, row))
    return found


class FuzzyClientProxy(QSortFilterProxyModel):
    """The quick switcher's view of the clients: fuzzy by name, tax number or client code,
    best match first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._query = ""
        self._scores: dict[int, int] = {}
        self.setDynamicSortFilter(True)

    def set_query(self, text: str) -> None:
        self._query = text.strip()
        self._scores.clear()
        self.invalidate()
        self.sort(0, Qt.SortOrder.AscendingOrder)

    def _score(self, source_row: int) -> int:
        cached = self._scores.get(source_row)
        if cached is not None:
            return cached
        source = self.sourceModel()
        record = source.data(source.index(source_row, 0), ClientRole.Record) or {}
        if not self._query:
            score = 1
        else:
            candidates = [str(record.get("name") or "")]
            candidates += [
                str(record.get(key) or "") for key in ("tax_number", "company_number")
            ]
            metadata = record.get("metadata")
            if isinstance(metadata, Mapping):
                candidates += [str(v) for v in metadata.values() if v is not None]
            score = max(fuzzy_score(self._query, c) for c in candidates if c) if any(
                candidates
            ) else 0
        self._scores[source_row] = score
        return score

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        return self._score(source_row) > 0

    def lessThan(self, left: ModelIndex, right: ModelIndex) -> bool:
        a, b = self._score(left.row()), self._score(right.row())
        if a != b:
            return a > b
        return fold(str(left.data(ClientRole.Sort) or "")) < fold(
            str(right.data(ClientRole.Sort) or "")
        )

    def invalidate_scores(self) -> None:
        self._scores.clear()


class FavouritesModel(QAbstractListModel):
    """Pinned clients, then the last ones opened (at most eight), kept in the settings."""

    def __init__(self, settings: QSettings, scope: str = "", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._scope = scope
        self._pinned: list[dict[str, str]] = self._read("pinned")
        self._recent: list[dict[str, str]] = self._read("recent")[:MAX_RECENT]
        self._rows = self._compose()
        self._pin: QIcon | None = None
        self._blank: QIcon | None = None

    def _key(self, kind: str) -> str:
        digest = hashlib.sha256(self._scope.encode()).hexdigest()[:16]
        return f"switcher/{kind}_{digest}"

    def set_scope(self, scope: str) -> None:
        """Show the pins and recents of another workspace (accounts never mix)."""
        if scope == self._scope:
            return
        if self._rows:
            self.beginRemoveRows(QModelIndex(), 0, len(self._rows) - 1)
            self._rows = []
            self.endRemoveRows()
        self._scope = scope
        self._pinned = self._read("pinned")
        self._recent = self._read("recent")[:MAX_RECENT]
        rows = self._compose()
        if rows:
            self.beginInsertRows(QModelIndex(), 0, len(rows) - 1)
            self._rows = rows
            self.endInsertRows()

    def _read(self, kind: str) -> list[dict[str, str]]:
        raw = self._settings.value(self._key(kind), "", type=str)
        try:
            items = json.loads(str(raw)) if raw else []
        except ValueError:
            return []
        return [
            {"id": str(item["id"]), "name": str(item.get("name", ""))}
            for item in items
            if isinstance(item, dict) and isinstance(item.get("id"), str)
        ]

    def _write(self) -> None:
        self._settings.setValue(self._key("pinned"), json.dumps(self._pinned))
        self._settings.setValue(self._key("recent"), json.dumps(self._recent))

    def _compose(self) -> list[tuple[dict[str, str], bool]]:
        pinned_ids = {item["id"] for item in self._pinned}
        rows = [(item, True) for item in self._pinned]
        rows += [(item, False) for item in self._recent if item["id"] not in pinned_ids]
        return rows

    def _refresh(self) -> None:
        """Apply a new composition: clients gone are removed and new ones inserted (each
        in ranges), a new order is one layout change that keeps persistent indexes (the
        view's current row and selection) on the same clients, and the rest is one ranged
        dataChanged (a name, or pinned becoming recent)."""
        new_rows = self._compose()
        wanted = {item["id"] for item, _pinned in new_rows}
        gone = [row for row, (item, _pinned) in enumerate(self._rows) if item["id"] not in wanted]
        for first, last in reversed(_ranges(gone)):
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._rows[first : last + 1]
            self.endRemoveRows()
        known = {item["id"] for item, _pinned in self._rows}
        fresh = [row for row in new_rows if row[0]["id"] not in known]
        if fresh:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(fresh) - 1)
            self._rows = self._rows + fresh
            self.endInsertRows()
        if [item["id"] for item, _p in self._rows] != [item["id"] for item, _p in new_rows]:
            self._reorder(new_rows)
        self._rows = new_rows
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1))
        self._write()

    def _reorder(self, new_rows: list[tuple[dict[str, str], bool]]) -> None:
        """The same clients in a new order, as one layout change; the persistent indexes
        go where their clients went."""
        self.layoutAboutToBeChanged.emit()
        place = {item["id"]: row for row, (item, _pinned) in enumerate(new_rows)}
        old = self.persistentIndexList()
        ids = [self._rows[index.row()][0]["id"] for index in old]
        self._rows = new_rows
        self.changePersistentIndexList(
            old, [self.index(place[entity_id]) for entity_id in ids]
        )
        self.layoutChanged.emit()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item, pinned = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return item["name"] or tr("(no name)")
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            return tr("Pinned") if pinned else tr("Opened recently")
        if role == Qt.ItemDataRole.DecorationRole:
            # a recent client has a blank of the same size: the names stay in line
            return self._pin_icon() if pinned else self._no_icon()
        if role == ClientRole.Id:
            return item["id"]
        if role == ClientRole.Pinned:
            return pinned
        return None

    def _pin_icon(self) -> QIcon:
        if self._pin is None:
            from si_desktop.ui.icons import icon

            self._pin = icon("pin")  # drawn in the palette's text colour, light or dark
        return self._pin

    def _no_icon(self) -> QIcon:
        if self._blank is None:
            blank = QPixmap(16, 16)
            blank.fill(Qt.GlobalColor.transparent)
            self._blank = QIcon(blank)
        return self._blank

    def is_pinned(self, entity_id: str) -> bool:
        return any(item["id"] == entity_id for item in self._pinned)

    def pinned_ids(self) -> list[str]:
        return [item["id"] for item in self._pinned]

    def recent_ids(self) -> list[str]:
        return [item["id"] for item in self._recent]

    def set_pinned(self, entity_id: str, name: str, pinned: bool) -> None:
        self._pinned = [item for item in self._pinned if item["id"] != entity_id]
        if pinned:
            self._pinned.append({"id": entity_id, "name": name})
        self._refresh()

    def note_opened(self, entity_id: str, name: str) -> None:
        """`entity_id` was opened: it goes to the top of the recent ones."""
        self._recent = [item for item in self._recent if item["id"] != entity_id]
        self._recent.insert(0, {"id": entity_id, "name": name})
        del self._recent[MAX_RECENT:]
        self._refresh()

    def rename(self, entity_id: str, name: str) -> None:
        """Keep the names current when a client was renamed."""
        touched = False
        for item in self._pinned + self._recent:
            if item["id"] == entity_id and item["name"] != name:
                item["name"] = name
                touched = True
        if touched:
            self._refresh()

    def rename_id(self, local_id: str, service_id: str) -> None:
        """A client created offline was created on the service: its pin and its place among
        the recent ones go to the service id (never a second row for the same client)."""
        touched = False
        for kind in ("_pinned", "_recent"):
            items: list[dict[str, str]] = getattr(self, kind)
            if not any(item["id"] == local_id for item in items):
                continue
            touched = True
            has_service = any(item["id"] == service_id for item in items)
            renamed = []
            for item in items:
                if item["id"] == local_id:
                    if has_service:
                        continue
                    item = {**item, "id": service_id}
                renamed.append(item)
            setattr(self, kind, renamed)
        if touched:
            self._refresh()

    def forget(self, entity_ids: set[str]) -> None:
        self._pinned = [item for item in self._pinned if item["id"] not in entity_ids]
        self._recent = [item for item in self._recent if item["id"] not in entity_ids]
        self._refresh()


class FavouritesFilter(QSortFilterProxyModel):
    """The pinned and recent clients that match the switcher's search: every word typed
    in the client's search text (name, tax number, city, code, as the list matches), or
    in its name when the list does not hold it; and that pass the list's quick filter
    (`passes`; a client the list does not hold passes only "All clients")."""

    def __init__(
        self, text_of: Callable[[str], str | None], parent: QObject | None = None,
        passes: Callable[[str, Filter], bool | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._text_of = text_of
        self._passes = passes
        self._words: list[str] = []
        self._quick = Filter()

    def set_quick_filter(self, chosen: Filter) -> None:
        if chosen != self._quick:
            self._quick = chosen
            self.invalidate()

    def set_words(self, words: list[str]) -> None:
        if words != self._words:
            self._words = list(words)
            self.invalidate()

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        index = self.sourceModel().index(source_row, 0, source_parent)
        if self._quick.kind != "all":
            found = self._passes(str(index.data(ClientRole.Id) or ""), self._quick) \
                if self._passes is not None else None
            if not found:
                return False
        if not self._words:
            return True
        text = self._text_of(str(index.data(ClientRole.Id) or ""))
        if text is None:
            text = fold(str(index.data() or ""))
        return all(word in text for word in self._words)
