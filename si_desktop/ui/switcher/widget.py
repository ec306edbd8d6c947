"""The client switcher widget: header with the count, search box, pinned and recent clients,
and the list of every client.

The search filters both lists. A client becomes recent when it is chosen (a click, Enter,
Ctrl+K), or when it stays open a moment after the window stepped to it (Alt+Down passes over
clients; only the one the user settles on counts)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QHideEvent,
    QKeyEvent,
    QPainter,
    QPalette,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from si_desktop.core.practice import SORTS, Filter
from si_desktop.ui.context import AppContext
from si_desktop.ui.i18n import QT_TRANSLATE_NOOP
from si_desktop.ui.idle import after_first_paint
from si_desktop.ui.preferences import my_name
from si_desktop.ui.switcher.filtering import ClientFilterProxy
from si_desktop.ui.switcher.model import (
    ClientListModel,
    ClientRole,
    FavouritesFilter,
    FavouritesModel,
    PaintTexts,
    client_details,
    client_label,
    pending_text,
    tr,
)
from si_desktop.ui.widgets import LiveText, lay_out_at_once

SERVER_SEARCH_DELAY_MS = 350
RECENT_SETTLE_MS = 1500
"""How long a client opened by stepping through the list (Alt+Down) must stay open before
it counts as opened recently: passing over a client is not using it."""


_SELECTED = QStyle.StateFlag.State_Selected
# a row the style gives a background or a frame: selected, under the mouse, or the current
# row of a list with the focus (any other row is the list's own background, drawn already)
_BACKGROUND = (QStyle.StateFlag.State_Selected | QStyle.StateFlag.State_MouseOver
               | QStyle.StateFlag.State_HasFocus)
_NAME_ALIGN = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_DETAILS_ALIGN = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_ITEM = QStyle.ControlElement.CE_ItemViewItem
_NORMAL = QPalette.ColorGroup.Normal
_TEXT = QPalette.ColorRole.Text
_HIGHLIGHTED_TEXT = QPalette.ColorRole.HighlightedText
_PLACEHOLDER = QPalette.ColorRole.PlaceholderText
_ELIDE = Qt.TextElideMode.ElideRight
_SORT_LABELS = {
    "name": QT_TRANSLATE_NOOP("ClientSwitcher", "By name"),
    "overdue": QT_TRANSLATE_NOOP("ClientSwitcher", "Overdue first"),
    "unpaid": QT_TRANSLATE_NOOP("ClientSwitcher", "Most unpaid first"),
    "last_invoice": QT_TRANSLATE_NOOP("ClientSwitcher", "Last invoiced first"),
}
_FILTER_LABELS = {
    "all": QT_TRANSLATE_NOOP("ClientSwitcher", "All clients"),
    "attention": QT_TRANSLATE_NOOP("ClientSwitcher", "Needs attention"),
    "overdue": QT_TRANSLATE_NOOP("ClientSwitcher", "Overdue"),
    "drafts": QT_TRANSLATE_NOOP("ClientSwitcher", "Has drafts"),
    "disabled": QT_TRANSLATE_NOOP("ClientSwitcher", "Disabled"),
    "mine": QT_TRANSLATE_NOOP("ClientSwitcher", "Mine"),
}
_BADGE_RED = QColor("#c62828")
_BADGE_TEXT = QColor("#ffffff")


class ClientDelegate(QStyledItemDelegate):
    """Paints a client as its name (elided) and, on the right, country · currency · disabled,
    led by "2 unsent" when edits wait to be sent. Everything is drawn as plain text.

    Name and details are drawn in the same font, 85 % of the list's (as this delegate
    always has drawn them). A screen of rows is painted on every keystroke in the search,
    so a row costs as few Python calls as it can: the switcher's proxy hands over a row's
    texts in one call (`paint_texts`, kept by the model per client) instead of a record
    through `data`; the style draws a row's background only when it has one (selected,
    under the mouse, or the current row with the focus); the font, its metrics, the
    palette's three colours, the widths of the few distinct detail texts and the elided
    names are kept between rows. (A model without `paint_texts`, such as the quick
    switcher's, is read through its roles.)"""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._font = QFont()  # the option's font the two below were made for
        self._small = QFont()
        self._metrics: QFontMetrics | None = None
        self._detail_widths: dict[str, int] = {}
        self._elided: dict[tuple[str, int], str] = {}
        self._palette_key = -1
        self._colors: tuple[QColor, QColor, QColor] | None = None

    def _small_font(self, font: QFont, painter: QPainter) -> QFontMetrics:
        if self._metrics is None or font != self._font:
            self._font = QFont(font)
            self._small = QFont(font)
            self._small.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
            self._metrics = QFontMetrics(self._small, painter.device())
            self._detail_widths.clear()
            self._elided.clear()
        return self._metrics

    def _palette_colors(self, palette: QPalette) -> tuple[QColor, QColor, QColor]:
        """Text, highlighted text and placeholder colours of `palette` (kept while the
        palette stays the same)."""
        key = palette.cacheKey()
        if self._colors is None or key != self._palette_key:
            self._palette_key = key
            self._colors = (palette.color(_NORMAL, _TEXT),
                            palette.color(_NORMAL, _HIGHLIGHTED_TEXT),
                            palette.color(_NORMAL, _PLACEHOLDER))
        return self._colors

    def texts(self, index: Any) -> PaintTexts:
        """Name, details, whether the client is disabled and its overdue badge, for the row
        of `index`."""
        model = index.model()
        paint_texts = getattr(model, "paint_texts", None)
        if paint_texts is not None:
            found: PaintTexts = paint_texts(index.row())
            return found
        record = index.data(ClientRole.Record) or {}
        name = client_label(record) if record else str(index.data() or "")
        details = client_details(record) if record else ""
        mark = pending_text(int(index.data(ClientRole.Pending) or 0))
        if mark:
            details = f"↑ {mark} · {details}" if details else f"↑ {mark}"
        return name, details, record.get("is_enabled") is False, ""

    def _width(self, metrics: QFontMetrics, text: str) -> int:
        width = self._detail_widths.get(text)
        if width is None:
            if len(self._detail_widths) > 256:
                self._detail_widths.clear()
            width = self._detail_widths[text] = metrics.horizontalAdvance(text)
        return width

    def _draw_badge(self, painter: QPainter, rect: QRect, metrics: QFontMetrics,
                    badge: str) -> int:
        """The overdue badge, white on red at the row's right end; returns its width and
        the gap after it. (Red and white read the same on a light and a dark palette.)"""
        width = self._width(metrics, badge) + 10
        height = metrics.height() + 2
        box = QRect(rect.right() - width + 1, rect.center().y() - height // 2 + 1,
                    width, height)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(_BADGE_RED)
        painter.drawRoundedRect(box, height / 2, height / 2)
        painter.setPen(_BADGE_TEXT)
        painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), badge)
        return width + 6

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Any) -> None:
        name, details, disabled, badge = self.texts(index)
        state = option.state
        selected = bool(state & _SELECTED)
        if state & _BACKGROUND:
            # No initStyleOption: it asks the model for nine roles the list does not use
            # (no icon, check box, font or background; the text is drawn below).
            opt = QStyleOptionViewItem(option)
            opt.index = index
            widget = opt.widget
            style = widget.style() if widget is not None else QApplication.style()
            style.drawControl(_ITEM, opt, painter, widget)

        text, highlighted, placeholder = self._palette_colors(option.palette)
        rect = option.rect.adjusted(8, 0, -8, 0)
        metrics = self._small_font(option.font, painter)
        painter.save()
        painter.setFont(self._small)
        detail_width = 0
        if badge:
            detail_width = self._draw_badge(painter, rect, metrics, badge)
        if details:
            # the details take at most a third of the row beyond the badge: the name leads
            room = max(0, (rect.width() - detail_width) // 3)
            width = self._width(metrics, details)
            if width > room:
                details = self._whole_parts(metrics, details, room)
                width = self._width(metrics, details)
            painter.setPen(highlighted if selected else placeholder)
            painter.drawText(rect.adjusted(0, 0, -detail_width, 0), _DETAILS_ALIGN, details)
            detail_width += width + 10
        painter.setPen(placeholder if disabled and not selected else
                       highlighted if selected else text)
        room = max(0, rect.width() - detail_width)
        elided = self._elide(metrics, name, room)
        painter.drawText(rect.left(), rect.top(), room, rect.height(), _NAME_ALIGN, elided)
        painter.restore()

    def _whole_parts(self, metrics: QFontMetrics, details: str, room: int) -> str:
        """As many of the details' " · "-separated parts as fit, each whole: an amount cut
        to "6.891,3…" would read as another amount (the tooltip has them all)."""
        key = (details, -room - 1)  # beside the elided names, apart from them
        fitted = self._elided.get(key)
        if fitted is None:
            fitted = ""
            for part in details.split(" · "):
                candidate = f"{fitted} · {part}" if fitted else part
                if self._width(metrics, candidate) > room:
                    break
                fitted = candidate
            if len(self._elided) > 2048:
                self._elided.clear()
            self._elided[key] = fitted
        return fitted

    def _elide(self, metrics: QFontMetrics, text: str, room: int) -> str:
        elided = self._elided.get((text, room))
        if elided is None:
            if len(self._elided) > 2048:
                self._elided.clear()
            elided = self._elided[(text, room)] = metrics.elidedText(text, _ELIDE, room)
        return elided

    def sizeHint(self, option: QStyleOptionViewItem, index: Any) -> QSize:
        height = option.fontMetrics.height() + 12
        return QSize(200, height)


class FilterCombo(QComboBox):
    """The quick filters, then one entry a country ("Country: SI"). The countries are
    listed when the list opens (read from the clients then, not on every change). An item's
    data is "kind:value" (`core.practice.Filter`)."""

    def __init__(self, model: ClientListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._fixed = 0

    def fill(self, mine: str) -> None:
        self.clear()
        for kind, label in _FILTER_LABELS.items():
            self.addItem(tr(label), f"{kind}:{mine if kind == 'mine' else ''}")
            if kind == "mine" and not mine:  # no name set in Preferences: nothing is mine
                self.setItemData(self.count() - 1, tr("Set your name in Preferences first"),
                                 Qt.ItemDataRole.ToolTipRole)
        self._fixed = self.count()

    def chosen(self) -> Filter:
        kind, _, value = str(self.currentData() or "all:").partition(":")
        return Filter(kind, value)

    def choose(self, chosen: Filter) -> None:
        if chosen.kind == "country":
            self._add_countries([chosen.value.upper()])
            chosen = Filter("country", chosen.value.upper())
        if chosen.kind == "mine":  # the name the caller has (Preferences may have changed)
            self.setItemData(list(_FILTER_LABELS).index("mine"), f"mine:{chosen.value}")
        self.setCurrentIndex(max(0, self.findData(f"{chosen.kind}:{chosen.value}")))

    def showPopup(self) -> None:
        self._add_countries(self._model.countries())
        super().showPopup()

    def _add_countries(self, codes: list[str]) -> None:
        known = {str(self.itemData(i)) for i in range(self._fixed, self.count())}
        for code in sorted(set(codes) - {""}):
            if f"country:{code}" not in known:
                self.addItem(tr("Country: %1").replace("%1", code), f"country:{code}")


class FavouriteDelegate(QStyledItemDelegate):
    """A pinned or recent client: the list's own painting, with the row height of the list
    of every client below it (a bare list row is as tight as a line of text)."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Any) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), max(size.height(), option.fontMetrics.height() + 10))


class ClientListView(QTableView):
    """The list of every client: a one-column table of fixed-height rows. A `QListView`
    asks the model for an index of every row each time the rows change (100,000 calls into
    Python per keystroke in the search); a table with fixed row heights asks only for the
    rows it shows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.horizontalHeader().setVisible(False)
        self.horizontalHeader().setStretchLastSection(True)
        rows = self.verticalHeader()
        rows.setVisible(False)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 12)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerItem)


class ClientSwitcher(QWidget):
    """The left side of the window. Emits `client_activated` when the user opens a client;
    the window decides (unsaved changes) and then sets the context's current client."""

    client_activated = Signal(str)
    new_client_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("clientSwitcher")
        self.model = ClientListModel(context, self)
        self.proxy = ClientFilterProxy(context.collation_locale, self)
        self.proxy.setSourceModel(self.model)
        self.favourites = FavouritesModel(context.settings, context.workspace_scope, self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 4, 8)
        layout.setSpacing(6)

        header = QHBoxLayout()
        title = QLabel(tr("Clients"), self)
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        title.setFont(font)
        header.addWidget(title)
        # changes on every keystroke in the search: repaints itself, lays nothing out again
        self.count_label = LiveText(self)
        self.count_label.setObjectName("clientCount")
        self.count_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        header.addWidget(self.count_label, 1)
        self.new_button = QToolButton(self)
        self.new_button.setObjectName("newClientButton")
        self.new_button.setText(tr("New…"))
        self.new_button.setToolTip(tr("New client (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_client_requested)
        header.addWidget(self.new_button)
        layout.addLayout(header)

        self.search = QLineEdit(self)
        self.search.setObjectName("clientSearch")
        self.search.setPlaceholderText(tr("Search name, tax number, city, code"))
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip(
            tr("Filter as you type (Ctrl+F). Up and Down move, Enter opens, Esc clears.")
        )
        self.search.textChanged.connect(self._on_search_changed)
        self.search.installEventFilter(self)
        layout.addWidget(self.search)

        layout.addLayout(self._build_practice_controls())

        self.favourites_label = QLabel(tr("Pinned and recent"), self)
        self.favourites_label.setObjectName("favouritesLabel")
        self.favourites_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout.addWidget(self.favourites_label)
        self.favourites_filter = FavouritesFilter(self.model.search_text_of, self,
                                                  passes=self.model.passes_filter)
        self.favourites_filter.setSourceModel(self.favourites)
        self.favourites_view = QListView(self)
        self.favourites_view.setObjectName("favouritesList")
        self.favourites_view.setModel(self.favourites_filter)
        # a list on the panel, not a box to type in: no frame, the window's background
        self.favourites_view.setFrameShape(QFrame.Shape.NoFrame)
        self.favourites_view.setBackgroundRole(QPalette.ColorRole.Window)
        self.favourites_view.viewport().setBackgroundRole(QPalette.ColorRole.Window)
        self.favourites_view.setItemDelegate(FavouriteDelegate(self.favourites_view))
        self.favourites_view.setIconSize(QSize(14, 14))
        self.favourites_view.setUniformItemSizes(True)
        self.favourites_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.favourites_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.favourites_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.favourites_view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.favourites_view.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.favourites_view.clicked.connect(self._open_index)
        self.favourites_view.activated.connect(self._open_index)
        self.favourites_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.favourites_view.customContextMenuRequested.connect(
            lambda pos: self._context_menu(self.favourites_view, pos)
        )
        layout.addWidget(self.favourites_view)

        self.all_label = QLabel(tr("All clients"), self)
        self.all_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout.addWidget(self.all_label)
        self.view = ClientListView(self)
        self.view.setObjectName("clientList")
        self.view.setModel(self.proxy)
        lay_out_at_once(self.view)  # a keystroke's rows and scroll bar in one paint
        # the clients' search texts are folded and their figures read once the list is on
        # screen, not before, and on a worker thread
        after_first_paint(self.view.viewport(), self.model.on_screen)
        self.view.setItemDelegate(ClientDelegate(self.view))
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.clicked.connect(self._open_index)
        self.view.activated.connect(self._open_index)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(
            lambda pos: self._context_menu(self.view, pos)
        )
        layout.addWidget(self.view, 1)

        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("switcherEmpty")
        self.empty_label.setTextFormat(Qt.TextFormat.PlainText)
        self.empty_label.setWordWrap(True)
        self.empty_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.empty_label.setVisible(False)
        layout.addWidget(self.empty_label)

        self._row_height_font = ""  # the font `_row_height` was measured in
        self._row_height = 18
        self._pending_recent = ""  # opened before its row arrived: noted once it loads
        self._chosen = ""  # opened on purpose (click, Enter, Ctrl+K): recent at once
        # opened by stepping (Alt+Down), or by the window itself: recent once it stays open
        self.recent_timer = QTimer(self)
        self.recent_timer.setSingleShot(True)
        self.recent_timer.setInterval(RECENT_SETTLE_MS)
        self.recent_timer.timeout.connect(self._note_current)
        self._refresh_tried = False  # a refresh of this workspace has run (or runs)
        self._server_search = QTimer(self)
        self._server_search.setSingleShot(True)
        self._server_search.setInterval(SERVER_SEARCH_DELAY_MS)
        self._server_search.timeout.connect(self._search_server)

        self.model.count_changed.connect(self._update_count)
        self.model.loading_changed.connect(self._on_loading_changed)
        self.model.rowsInserted.connect(self._after_rows_inserted)
        self.proxy.rowsInserted.connect(self._after_more_found)
        self.proxy.search_finished.connect(self._after_search_finished)
        self.proxy.rowsRemoved.connect(lambda *_: self._update_count())
        self.proxy.layoutChanged.connect(self._update_count)
        self.proxy.modelReset.connect(self._update_count)
        for signal in (self.favourites_filter.rowsInserted, self.favourites_filter.rowsRemoved,
                       self.favourites_filter.layoutChanged, self.favourites_filter.modelReset):
            signal.connect(self._fit_favourites)
        for signal in (self.favourites_filter.layoutChanged, self.favourites_filter.rowsRemoved,
                       self.favourites_filter.rowsInserted):
            signal.connect(self._select_favourite)
        context.offline.client_renamed.connect(self._on_client_renamed)
        context.workspace_changed.connect(self._on_workspace_changed)
        context.client_changed.connect(self._on_client_changed)
        context.client_updated.connect(self._on_client_updated)
        self._fit_favourites()
        self._update_count()

    def _build_practice_controls(self) -> QHBoxLayout:
        """The order of the list and its quick filter, side by side above the lists."""
        row = QHBoxLayout()
        row.setSpacing(4)
        self.sort_combo = QComboBox(self)
        self.sort_combo.setObjectName("clientSort")
        for key in SORTS:
            self.sort_combo.addItem(tr(_SORT_LABELS[key]), key)
        self.sort_combo.setAccessibleName(tr("Sort clients by"))
        self.sort_combo.setToolTip(tr("Sort clients by"))
        self.sort_combo.currentIndexChanged.connect(self._on_sort_chosen)
        row.addWidget(self.sort_combo, 1)
        self.filter_combo = FilterCombo(self.model, self)
        self.filter_combo.setObjectName("clientFilter")
        self.filter_combo.setAccessibleName(tr("Show clients"))
        self.filter_combo.setToolTip(tr("Show clients"))
        self.filter_combo.fill(my_name(self.context.settings))
        self.filter_combo.currentIndexChanged.connect(self._on_filter_chosen)
        row.addWidget(self.filter_combo, 1)
        return row

    def set_sort(self, sort: str) -> None:
        """Order the list by `sort` (`core.practice.SORTS`)."""
        self.sort_combo.setCurrentIndex(max(0, self.sort_combo.findData(sort)))

    def set_quick_filter(self, chosen: Filter) -> None:
        """Show the clients passing `chosen` (a country not listed yet is added)."""
        self.filter_combo.choose(chosen)

    def _on_sort_chosen(self) -> None:
        self.proxy.set_sort(str(self.sort_combo.currentData() or "name"))

    def _on_filter_chosen(self) -> None:
        chosen = self.filter_combo.chosen()
        self.proxy.set_quick_filter(chosen)
        self.favourites_filter.set_quick_filter(chosen)
        self._update_count()

    def _on_workspace_changed(self) -> None:
        self._refresh_tried = False
        self.favourites.set_scope(self.context.workspace_scope)
        self._update_count()

    def _on_loading_changed(self, loading: bool) -> None:
        if loading:
            self._refresh_tried = True
        self._update_count()

    @property
    def first_load_pending(self) -> bool:
        """Whether the list is still waiting for the service's first answer: an empty cache
        that no refresh has filled yet (one is running, or comes once the user pauses)."""
        return (self.context.has_workspace and not self.model.loaded_all
                and (self.model.is_loading or not self._refresh_tried))

    # search --------------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _on_search_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        self.favourites_filter.set_words(self.proxy.search_words)
        self._update_count()
        if self.proxy.rowCount() > 0:
            first = self.proxy.index(0, 0)
            if not self.view.currentIndex().isValid() or text:
                self.view.setCurrentIndex(first)
        self._server_search.stop()
        if (text.strip() and self.proxy.rowCount() == 0 and not self.proxy.searching
                and not self.model.loaded_all):
            self._server_search.start()

    def _after_more_found(self, *_args: Any) -> None:
        """A search over many clients found more of them on a later turn of the event loop
        (or rows arrived): the first one becomes current when the search found none at
        first."""
        if (self.search.text().strip() and self.proxy.rowCount() > 0
                and not self.view.currentIndex().isValid()):
            self.view.setCurrentIndex(self.proxy.index(0, 0))
        self._update_count()

    def _after_search_finished(self) -> None:
        self._update_count()
        if (self.search.text().strip() and self.proxy.rowCount() == 0
                and not self.model.loaded_all and not self._server_search.isActive()):
            self._server_search.start()

    def _search_server(self) -> None:
        """Nothing matched among the clients loaded so far: ask the service too."""
        text = self.search.text().strip()
        if not text or not self.context.has_workspace or self.proxy.rowCount() > 0:
            return
        self.empty_label.setText(tr("Searching Space Invoices…"))
        self.empty_label.setVisible(True)
        self.context.bridge.run(
            self.context.workspace.search_clients(text),
            owner=self,
            key="search",
            on_success=self._on_server_results,
            on_error=lambda _error: self._update_count(),
        )

    def _on_server_results(self, entities: list[Any]) -> None:
        self.model.merge(entities)
        self._update_count()
        if self.proxy.rowCount() > 0 and not self.view.currentIndex().isValid():
            self.view.setCurrentIndex(self.proxy.index(0, 0))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                self._move(1 if key == Qt.Key.Key_Down else -1)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                index = self.view.currentIndex()
                if not index.isValid() and self.proxy.rowCount():
                    index = self.proxy.index(0, 0)
                if index.isValid():
                    self._open_index(index)
                return True
            if key == Qt.Key.Key_Escape and self.search.text():
                self.search.clear()
                return True
        return super().eventFilter(watched, event)

    def _move(self, step: int) -> None:
        count = self.proxy.rowCount()
        if not count:
            return
        current = self.view.currentIndex()
        row = current.row() + step if current.isValid() else (0 if step > 0 else count - 1)
        row = max(0, min(count - 1, row))
        index = self.proxy.index(row, 0)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)

    # opening -------------------------------------------------------------------------------

    def _open_index(self, index: QModelIndex | QPersistentModelIndex) -> None:
        entity_id = index.data(ClientRole.Id)
        if entity_id:
            self.open_client(str(entity_id))

    def open_client(self, entity_id: str) -> None:
        """Ask to open `entity_id` as if the user had clicked it: a client chosen on
        purpose, recent as soon as it opens."""
        self._chosen = entity_id
        self.client_activated.emit(entity_id)

    def _on_client_changed(self, entity_id: str) -> None:
        self.select(entity_id)
        self._select_favourite()
        chosen, self._chosen = self._chosen == entity_id, ""
        self.recent_timer.stop()
        self._pending_recent = ""
        if chosen:
            self._note_current()
        elif entity_id:
            self.recent_timer.start()  # stepping past it is not opening it

    def _note_current(self) -> None:
        """The open client becomes the most recent one (once its row is known)."""
        self.recent_timer.stop()
        entity_id = self.context.current_client_id
        if not entity_id:
            return
        record = self.model.record(entity_id)
        if record is not None:
            self.favourites.note_opened(entity_id, client_label(record))
            self._select_favourite()
        else:
            self._pending_recent = entity_id

    def note_recent_now(self) -> None:
        """Count the open client as recent now, not after the pause (the window closes)."""
        if self.recent_timer.isActive():
            self._note_current()

    def hideEvent(self, event: QHideEvent) -> None:
        self.note_recent_now()
        super().hideEvent(event)

    def _on_client_renamed(self, local_id: str, service_id: str) -> None:
        """A client made offline got its service id: its pin and recent place follow."""
        self.favourites.rename_id(local_id, service_id)
        if self._pending_recent == local_id:
            self._pending_recent = service_id
        if self._chosen == local_id:
            self._chosen = service_id

    def _select_favourite(self, *_args: Any) -> None:
        """Highlight the open client among the pinned and recent ones, or none of them."""
        entity_id = self.context.current_client_id
        view = self.favourites_view
        for row in range(self.favourites_filter.rowCount()):
            index = self.favourites_filter.index(row, 0)
            if entity_id and index.data(ClientRole.Id) == entity_id:
                if view.currentIndex() != index:
                    view.setCurrentIndex(index)
                return
        view.selectionModel().clear()

    def _on_client_updated(self, record: Any) -> None:
        entity_id = str(record.get("id") or "")
        self.favourites.rename(entity_id, client_label(record))
        if self._pending_recent == entity_id:
            self._pending_recent = ""
            self.favourites.note_opened(entity_id, client_label(record))
            self._select_favourite()

    def select(self, entity_id: str) -> None:
        """Show `entity_id` as the current row, without opening anything."""
        row = self.model.row_of(entity_id)
        if row < 0:
            self.view.clearSelection()
            return
        index = self.proxy.mapFromSource(self.model.index(row))
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)

    def _after_rows_inserted(self, *_args: Any) -> None:
        current = self.context.current_client_id
        if current and not self.view.currentIndex().isValid():
            self.select(current)
        self._update_count()

    # pins ----------------------------------------------------------------------------------

    def set_pinned(self, entity_id: str, pinned: bool) -> None:
        record = self.model.record(entity_id)
        name = client_label(record) if record is not None else self._favourite_name(entity_id)
        self.favourites.set_pinned(entity_id, name, pinned)

    def _favourite_name(self, entity_id: str) -> str:
        for row in range(self.favourites.rowCount()):
            index = self.favourites.index(row)
            if index.data(ClientRole.Id) == entity_id:
                return str(index.data())
        return ""

    def _context_menu(self, view: QAbstractItemView, pos: Any) -> None:
        index = view.indexAt(pos)
        entity_id = index.data(ClientRole.Id) if index.isValid() else None
        if not entity_id:
            return
        menu = self.build_context_menu(str(entity_id))
        menu.exec(view.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def build_context_menu(self, entity_id: str) -> QMenu:
        menu = QMenu(self)
        open_action = QAction(tr("Open"), menu)
        open_action.triggered.connect(lambda: self.open_client(entity_id))
        menu.addAction(open_action)
        pinned = self.favourites.is_pinned(entity_id)
        pin_action = QAction(tr("Unpin") if pinned else tr("Pin to top"), menu)
        pin_action.setObjectName("pinAction")
        pin_action.triggered.connect(lambda: self.set_pinned(entity_id, not pinned))
        menu.addAction(pin_action)
        copy_action = QAction(tr("Copy client id"), menu)
        copy_action.triggered.connect(lambda: QGuiApplication.clipboard().setText(entity_id))
        menu.addAction(copy_action)
        return menu

    # header --------------------------------------------------------------------------------

    def _fit_favourites(self, *_args: Any) -> None:
        rows = self.favourites_filter.rowCount()
        visible = rows > 0
        self.favourites_label.setVisible(visible)
        self.favourites_view.setVisible(visible)
        self.all_label.setVisible(visible)
        if visible:
            frame = self.favourites_view.frameWidth() * 2
            height = min(rows, 6) * self._favourite_row_height() + frame + 2
            if self.favourites_view.maximumHeight() != height:
                self.favourites_view.setFixedHeight(height)

    def _favourite_row_height(self) -> int:
        """A pinned or recent row's height (the rows are uniform), measured again only when
        the list's font changes: this runs on every switch of client."""
        key = self.favourites_view.font().key()
        if key != self._row_height_font:
            self._row_height_font = key
            self._row_height = max(self.favourites_view.sizeHintForRow(0), 18)
        return self._row_height

    def _update_count(self) -> None:
        total = self.model.total
        loaded = self.model.rowCount()
        known = total if total is not None else loaded
        if self.proxy.search_words:
            shown = self.proxy.rowCount()
            text = tr("%n match", shown) if shown == 1 else tr("%n matches", shown)
        else:
            text = tr("%n client", known) if known == 1 else tr("%n clients", known)
        waiting = loaded == 0 and self.first_load_pending
        if waiting:
            text = tr("loading…")
        elif self.model.is_loading and loaded < known:
            text += " · " + tr("loading…")
        self.count_label.setText(text)
        searching = bool(self.proxy.search_words)
        if (searching and self.proxy.rowCount() == 0 and not self._server_search.isActive()
                and not self.proxy.searching):
            self.empty_label.setText(tr("No client matches “{text}”.").replace(
                "{text}", self.search.text().strip()
            ))
            self.empty_label.setVisible(True)
        elif not searching and loaded == 0 and (waiting or not self.model.is_loading):
            self.empty_label.setText(self._empty_text(waiting))
            self.empty_label.setVisible(self.context.has_workspace)
        else:
            self.empty_label.setVisible(False)

    def _empty_text(self, waiting: bool) -> str:
        """What an empty list says: loading until the service's first answer, then that
        the load failed, or that there are no clients."""
        if waiting:
            return tr("Loading the clients from Space Invoices…")
        if self.context.has_workspace and not self.model.loaded_all:
            return tr("The clients could not be loaded from Space Invoices. Refresh (F5) to "
                      "try again.")
        return tr("No clients yet. Create one with New client (Ctrl+N).")
