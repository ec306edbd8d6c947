"""Firm → Branding wall…: every client's invoice at thumbnail size, with its name, in one
scrolling grid; filters for clients without a logo, with a primary colour of low contrast
(WCAG, against white: `core.branding.low_contrast`), by template and by country. A click opens
the client on its Branding tab.

One `QListView` in icon mode over a list model with uniform item sizes: 5,000 clients are
5,000 rows, not 5,000 widgets, and only the tiles on screen are asked for. A tile shows its
thumbnail from memory, else a blank page while the worker (`ui.firm.thumbnails`) draws it or
reads it from the disk cache. The rows are read from the cache off the GUI thread, and a
`Changes` naming clients reads only those again.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QCloseEvent, QColor, QFont, QImage, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from si_desktop.core.branding import WCAG_AA
from si_desktop.core.countries import by_code
from si_desktop.datadir import ensure_private_dir
from si_desktop.sync.branding_wall import WallClient, wall_clients
from si_desktop.sync.events import Changes
from si_desktop.ui.context import AppContext
from si_desktop.ui.editors.branding import template_name
from si_desktop.ui.editors.widgets import Tone, tone_color
from si_desktop.ui.errors import error_text
from si_desktop.ui.firm.thumbnails import (
    THUMB_HEIGHT,
    THUMB_WIDTH,
    PixmapCache,
    ThumbnailJob,
    ThumbnailWorker,
    draw,
    thumbnail_key,
)
from si_desktop.ui.widgets import plain_label, quiet_label

if TYPE_CHECKING:
    from si_desktop.ui.main_window import MainWindow

ModelIndex = QModelIndex | QPersistentModelIndex
ClientRole = Qt.ItemDataRole.UserRole + 1
RealRole = Qt.ItemDataRole.UserRole + 2
KeyRole = Qt.ItemDataRole.UserRole + 3
"""The thumbnail's key once it is drawn, else ""."""
TILE = QSize(THUMB_WIDTH + 52, THUMB_HEIGHT + 58)
ANY = ""


def tr(text: str) -> str:
    return QCoreApplication.translate("BrandingWall", text)


class WallModel(QAbstractListModel):
    """One row per client; `DecorationRole` is the thumbnail, asked of the worker the first
    time the view wants it."""

    def __init__(self, request: Callable[[ThumbnailJob], None], pixel_width: int,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._request = request
        self.pixel_width = pixel_width
        self.pixmaps = PixmapCache()
        self._rows: list[WallClient] = []
        self._where: dict[str, int] = {}
        self._keys: list[str] = []
        self._rows_of_key: dict[str, set[int]] = {}
        self._asked: set[str] = set()
        self._real: set[str] = set()
        self._blank = QPixmap(THUMB_WIDTH, THUMB_HEIGHT)
        self._blank.fill(QColor("#ffffff"))
        self.thumbnails_shown = 0

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def client_at(self, row: int) -> WallClient | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, entity_id: str) -> int | None:
        return self._where.get(entity_id)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = index.row() if index.isValid() else -1
        client = self.client_at(row)
        if client is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return client.name or client.entity_id
        if role == ClientRole:
            return client
        if role == Qt.ItemDataRole.DecorationRole:
            return self.thumbnail(row)
        if role == KeyRole:
            key = self._keys[row]
            return key if self.pixmaps.get(key) is not None else ""
        if role == RealRole:
            return self._keys[row] in self._real
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(client, self._keys[row] in self._real)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return client.name
        return None

    def thumbnail(self, row: int) -> QPixmap:
        key = self._keys[row]
        pixmap = self.pixmaps.get(key)
        if pixmap is not None:
            return pixmap
        if key not in self._asked:
            self._asked.add(key)
            client = self._rows[row]
            self._request(ThumbnailJob(key, client, self.pixel_width))
        return self._blank

    def has_thumbnail(self, row: int) -> bool:
        return self.pixmaps.get(self._keys[row]) is not None

    def deliver(self, key: str, image: QImage, real: bool, ratio: float) -> None:
        """A thumbnail the worker finished: kept, and its tiles repainted."""
        self._asked.discard(key)
        rows = self._rows_of_key.get(key)
        if not rows or image.isNull():
            return
        # without an alpha channel: painted as a plain copy, many times a second
        pixmap = QPixmap.fromImage(image.convertToFormat(QImage.Format.Format_RGB32))
        pixmap.setDevicePixelRatio(ratio)
        self.pixmaps.put(key, pixmap)
        if real:
            self._real.add(key)
        self.thumbnails_shown += 1
        for row in rows:
            index = self.index(row)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole, RealRole])

    def forget_asked(self, keys: Iterable[str]) -> None:
        """Requests the worker dropped: the view asks again when it shows them."""
        self._asked.difference_update(keys)

    def set_clients(self, clients: list[WallClient]) -> None:
        """The whole wall (its first fill, or a new workspace)."""
        self.beginResetModel()
        self._rows = list(clients)
        self._reindex()
        self.endResetModel()

    def update_clients(self, clients: list[WallClient], gone: Iterable[str] = ()) -> None:
        """Only the clients a change named: replaced in place, added at the end, removed."""
        for entity_id in gone:
            row = self._where.get(entity_id)
            if row is not None:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                self._reindex()
                self.endRemoveRows()
        for client in clients:
            row = self._where.get(client.entity_id)
            if row is None:
                at = len(self._rows)
                self.beginInsertRows(QModelIndex(), at, at)
                self._rows.append(client)
                self._reindex()
                self.endInsertRows()
            else:
                self._rows[row] = client
                self._reindex()
                index = self.index(row)
                self.dataChanged.emit(index, index)

    def _reindex(self) -> None:
        self._where = {client.entity_id: row for row, client in enumerate(self._rows)}
        self._keys = [thumbnail_key(client, self.pixel_width) for client in self._rows]
        self._rows_of_key = {}
        for row, key in enumerate(self._keys):
            self._rows_of_key.setdefault(key, set()).add(row)


def tooltip(client: WallClient, real: bool) -> str:
    shown = tr("Last invoice, as Space Invoices rendered it") if real else tr(
        "The app's preview of an invoice in this branding")
    lines = [client.name, f"{client.country} · {template_name(client.template)}",
             tr("Primary colour %1, contrast %2:1 against white").replace(
                 "%1", client.color).replace("%2", f"{client.contrast:.1f}"),
             tr("Logo") if client.has_logo else tr("No logo"), shown]
    return "\n".join(line for line in lines if line)


class WallFilter(QSortFilterProxyModel):
    """No logo, low contrast, template, country and a name search, all at once."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.no_logo = False
        self.low_contrast = False
        self.template = ANY
        self.country = ANY
        self.text = ""

    def set_filters(self, *, no_logo: bool | None = None, low_contrast: bool | None = None,
                    template: str | None = None, country: str | None = None,
                    text: str | None = None) -> None:
        self.beginFilterChange()
        if no_logo is not None:
            self.no_logo = no_logo
        if low_contrast is not None:
            self.low_contrast = low_contrast
        if template is not None:
            self.template = template
        if country is not None:
            self.country = country
        if text is not None:
            self.text = text.casefold().strip()
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        model = self.sourceModel()
        client = model.client_at(source_row) if isinstance(model, WallModel) else None
        if client is None:
            return True
        return not (
            (self.no_logo and client.has_logo)
            or (self.low_contrast and not client.low_contrast)
            or (self.template and client.template != self.template)
            or (self.country and client.country_code != self.country)
            or (self.text and self.text not in client.name.casefold())
        )


class TileDelegate(QStyledItemDelegate):
    """The thumbnail, the client's name under it, and a line with country, template and a
    mark for no logo or low contrast.

    A tile that is neither selected nor under the mouse is drawn once into a pixmap and then
    copied: scrolling repaints some thirty tiles a frame, and their text is what costs."""

    def __init__(self, parent: QObject | None = None, limit: int = 300) -> None:
        super().__init__(parent)
        self._tiles = PixmapCache(limit)

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        return TILE

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex
              ) -> None:
        client = index.data(ClientRole)
        if not isinstance(client, WallClient):
            return
        plain = not option.state & (QStyle.StateFlag.State_Selected
                                    | QStyle.StateFlag.State_MouseOver
                                    | QStyle.StateFlag.State_HasFocus)
        drawn = index.data(KeyRole)
        if not plain or not drawn:  # a tile still waiting for its thumbnail is not kept
            self._paint_tile(painter, option, option.rect, client,
                             index.data(Qt.ItemDataRole.DecorationRole))
            return
        ratio = painter.device().devicePixelRatioF() if painter.device() else 1.0
        key = (f"{drawn}|{client.fingerprint}|{option.palette.cacheKey()}|{ratio}|"
               f"{option.rect.width()}x{option.rect.height()}")
        tile = self._tiles.get(key)
        if tile is None:
            tile = QPixmap(round(option.rect.width() * ratio),
                           round(option.rect.height() * ratio))
            tile.setDevicePixelRatio(ratio)
            # opaque, in the view's own background: copied without blending
            tile.fill(option.palette.color(QPalette.ColorRole.Base))
            tile_painter = QPainter(tile)
            try:
                self._paint_tile(tile_painter, option,
                                 QRect(0, 0, option.rect.width(), option.rect.height()),
                                 client, index.data(Qt.ItemDataRole.DecorationRole))
            finally:
                tile_painter.end()
            self._tiles.put(key, tile)
        painter.drawPixmap(option.rect.topLeft(), tile)

    def _paint_tile(self, painter: QPainter, option: QStyleOptionViewItem, rect: QRect,
                    client: WallClient, pixmap: Any) -> None:
        if rect == option.rect:  # drawn in place: the selection or hover behind it
            style = option.widget.style() if option.widget is not None else \
                QApplication.style()
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option,
                                painter, option.widget)
        page = QRect(rect.x() + (rect.width() - THUMB_WIDTH) // 2, rect.y() + 8,
                     THUMB_WIDTH, THUMB_HEIGHT)
        if isinstance(pixmap, QPixmap):
            painter.drawPixmap(page, pixmap)
        palette = option.palette
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.drawRect(page.adjusted(0, 0, -1, -1))
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        font = QFont(option.font)
        font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(font)
        painter.setPen(palette.color(text_role))
        name_rect = QRect(rect.x() + 4, page.bottom() + 5, rect.width() - 8,
                          option.fontMetrics.height())
        name = painter.fontMetrics().elidedText(client.name, Qt.TextElideMode.ElideRight,
                                                name_rect.width())
        painter.drawText(name_rect, int(Qt.AlignmentFlag.AlignHCenter), name)
        painter.setFont(option.font)
        marks = [client.country_code, template_name(client.template)]
        if not client.has_logo:
            marks.append(tr("no logo"))
        if client.low_contrast:  # the one mark that asks for action: in the warning colour
            marks = [tr("low contrast %1:1").replace("%1", f"{client.contrast:.1f}"),
                     *marks[:2]]
        detail_rect = name_rect.translated(0, option.fontMetrics.height() + 2)
        color = tone_color(palette, Tone.WARNING) if client.low_contrast and not selected \
            else palette.color(text_role if selected else QPalette.ColorRole.PlaceholderText)
        painter.setPen(color)
        detail = painter.fontMetrics().elidedText(" · ".join(m for m in marks if m),
                                                  Qt.TextElideMode.ElideRight,
                                                  detail_rect.width())
        painter.drawText(detail_rect, int(Qt.AlignmentFlag.AlignHCenter), detail)


class BrandingWallDialog(QDialog):
    """Every client's branding at a glance (a window of its own)."""

    client_chosen = Signal(str)
    _changed = Signal(object)  # a workspace change, from the loop's thread

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("brandingWall")
        self.setWindowTitle(tr("Branding wall"))
        self.loaded = False
        self.ratio = max(1.0, self.devicePixelRatioF())
        workspace = context.workspace
        folder = ensure_private_dir(context.data_dir / "thumbnails" / "branding-wall")
        self.worker = ThumbnailWorker(lambda job: draw(workspace, job, folder))
        self.worker.delivered.connect(self._delivered)

        layout = QVBoxLayout(self)
        intro = quiet_label(tr(
            "Every client's invoice: the last one as Space Invoices rendered it where this "
            "computer has its PDF, else the app's preview in the client's branding. Low "
            "contrast: the primary colour against white is below WCAG AA (4.5:1). Click a "
            "client to open its Branding page."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        bar = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setObjectName("wallSearch")
        self.search.setPlaceholderText(tr("Find a client"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda text: self._filter(text=text))
        bar.addWidget(self.search, 1)
        self.no_logo = QCheckBox(tr("No &logo"), self)
        self.no_logo.setObjectName("wallNoLogo")
        self.no_logo.toggled.connect(lambda on: self._filter(no_logo=on))
        bar.addWidget(self.no_logo)
        self.low_contrast = QCheckBox(tr("Low &contrast"), self)
        self.low_contrast.setObjectName("wallLowContrast")
        self.low_contrast.setToolTip(tr("Primary colour below %1:1 against white (WCAG AA)")
                                     .replace("%1", f"{WCAG_AA:g}"))
        self.low_contrast.toggled.connect(lambda on: self._filter(low_contrast=on))
        bar.addWidget(self.low_contrast)
        template_label = QLabel(tr("&Template"), self)
        self.template = QComboBox(self)
        self.template.setObjectName("wallTemplate")
        template_label.setBuddy(self.template)
        self.template.currentIndexChanged.connect(
            lambda _i: self._filter(template=str(self.template.currentData() or ANY)))
        bar.addWidget(template_label)
        bar.addWidget(self.template)
        country_label = QLabel(tr("C&ountry"), self)
        self.country = QComboBox(self)
        self.country.setObjectName("wallCountry")
        country_label.setBuddy(self.country)
        self.country.currentIndexChanged.connect(
            lambda _i: self._filter(country=str(self.country.currentData() or ANY)))
        bar.addWidget(country_label)
        bar.addWidget(self.country)
        layout.addLayout(bar)

        self.model = WallModel(self.worker.request, round(THUMB_WIDTH * self.ratio), self)
        self.proxy = WallFilter(self)
        self.proxy.setSourceModel(self.model)
        self.view = QListView(self)
        self.view.setObjectName("brandingWallView")
        self.view.setAccessibleName(tr("Every client's invoice"))
        self.view.setViewMode(QListView.ViewMode.IconMode)
        self.view.setUniformItemSizes(True)
        self.view.setMovement(QListView.Movement.Static)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setFlow(QListView.Flow.LeftToRight)
        self.view.setWrapping(True)
        self.view.setGridSize(TILE + QSize(8, 8))
        self.view.setSpacing(0)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.verticalScrollBar().setSingleStep(24)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setItemDelegate(TileDelegate(self.view))
        self.view.setModel(self.proxy)
        self.view.clicked.connect(self._open_client)
        self.view.activated.connect(self._open_client)
        layout.addWidget(self.view, 1)

        foot = QHBoxLayout()
        self.shown_label = plain_label("", self)
        self.shown_label.setObjectName("wallShown")
        foot.addWidget(self.shown_label, 1)
        close = QPushButton(tr("Close"), self)
        close.clicked.connect(self.close)
        foot.addWidget(close)
        layout.addLayout(foot)
        self.proxy.rowsInserted.connect(self._update_shown)
        self.proxy.rowsRemoved.connect(self._update_shown)
        self.proxy.modelReset.connect(self._update_shown)
        self.proxy.layoutChanged.connect(self._update_shown)
        self.view.verticalScrollBar().valueChanged.connect(self._scrolled)
        self._changed.connect(self._on_changes)
        self._unsubscribe = workspace.changes.subscribe(self._changed.emit)
        worker, unsubscribe = self.worker, self._unsubscribe

        def gone(*_args: object) -> None:  # no reference to the dialog: it is gone
            unsubscribe()
            worker.stop(wait=0)

        self.destroyed.connect(gone)
        self.resize(1120, 760)
        self._update_shown()

    # reading -------------------------------------------------------------------------------

    def load(self, on_loaded: Callable[[], None] | None = None) -> None:
        """Read every client's tile from the cache, off the GUI thread."""
        workspace = self.context.workspace

        async def read() -> list[WallClient]:
            return wall_clients(workspace)

        def loaded(clients: list[WallClient]) -> None:
            self.model.set_clients(clients)
            self._fill_choices(clients)
            self.loaded = True
            self._update_shown()
            if on_loaded is not None:
                on_loaded()

        self.shown_label.setText(tr("Reading the clients…"))
        self.context.bridge.run(read(), owner=self, key="wall", on_success=loaded,
                                on_error=lambda error: self.shown_label.setText(
                                    error_text(error)))

    def _on_changes(self, changes: Changes) -> None:
        named = set(changes.clients) | set(changes.unit_clients) | set(
            changes.document_clients)
        gone = set(changes.removed_clients)
        if not self.loaded or not (named or gone) or not self.context.has_workspace:
            return  # (no workspace: the change came from one that has closed since)
        workspace = self.context.workspace
        wanted = named - gone

        async def read() -> list[WallClient]:
            return wall_clients(workspace, wanted)

        def loaded(clients: list[WallClient]) -> None:
            found = {client.entity_id for client in clients}
            self.model.update_clients(clients, gone | (wanted - found))
            self._update_shown()

        self.context.bridge.run(read(), owner=self, on_success=loaded)

    def _fill_choices(self, clients: list[WallClient]) -> None:
        template = self.template.currentData()
        country = self.country.currentData()
        self.template.blockSignals(True)
        self.country.blockSignals(True)
        self.template.clear()
        self.template.addItem(tr("Any"), ANY)
        for name in sorted({client.template for client in clients}, key=template_name):
            self.template.addItem(template_name(name), name)
        self.country.clear()
        self.country.addItem(tr("Any"), ANY)
        codes = sorted({client.country_code for client in clients if client.country_code},
                       key=_country_name)
        for code in codes:
            self.country.addItem(_country_name(code), code)
        self.template.setCurrentIndex(max(0, self.template.findData(template)))
        self.country.setCurrentIndex(max(0, self.country.findData(country)))
        self.template.blockSignals(False)
        self.country.blockSignals(False)

    # showing -------------------------------------------------------------------------------

    def _filter(self, **filters: Any) -> None:
        self.proxy.set_filters(**filters)
        self._update_shown()

    def _delivered(self, key: str, image: QImage, real: bool) -> None:
        self.model.deliver(key, image, real, self.ratio)

    def _scrolled(self) -> None:
        # tiles scrolled past are not worth drawing any more: the view asks again for what
        # it shows now
        self.model.forget_asked(self.worker.forget())

    def _update_shown(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if not self.loaded:
            return
        self.shown_label.setText(tr("%1 of %2 clients shown").replace(
            "%1", str(shown)).replace("%2", str(total)))

    def set_filters(self, **filters: Any) -> None:
        """Tick the filters (`no_logo`, `low_contrast`, `template`, `country`) as a user
        would."""
        if "no_logo" in filters:
            self.no_logo.setChecked(bool(filters["no_logo"]))
        if "low_contrast" in filters:
            self.low_contrast.setChecked(bool(filters["low_contrast"]))
        if "template" in filters:
            self.template.setCurrentIndex(max(0, self.template.findData(filters["template"])))
        if "country" in filters:
            self.country.setCurrentIndex(max(0, self.country.findData(filters["country"])))

    def visible_rows(self) -> list[int]:
        """The model rows of the tiles on screen now."""
        viewport = self.view.viewport().rect()
        found = []
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if self.view.visualRect(index).intersects(viewport):
                found.append(self.proxy.mapToSource(index).row())
        return found

    def visible_drawn(self) -> bool:
        """Whether every tile on screen shows its thumbnail (not the blank page)."""
        return self.loaded and all(self.model.has_thumbnail(row) for row in self.visible_rows())

    def shown_clients(self) -> list[WallClient]:
        found = []
        for row in range(self.proxy.rowCount()):
            client = self.proxy.index(row, 0).data(ClientRole)
            if isinstance(client, WallClient):
                found.append(client)
        return found

    def _open_client(self, index: QModelIndex) -> None:
        client = index.data(ClientRole)
        if isinstance(client, WallClient):
            self.client_chosen.emit(client.entity_id)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.context.bridge.cancel_key(self, "wall")
        self.worker.forget()
        super().closeEvent(event)

    def shut(self) -> None:
        """For good: the worker stops and the workspace's changes are no longer heard."""
        self._unsubscribe()
        self.worker.stop()


def _country_name(code: str) -> str:
    country = by_code(code)
    return country.name if country is not None else code


def open_branding_wall(window: MainWindow) -> BrandingWallDialog | None:
    """Show the window's branding wall (made once per workspace and reused)."""
    from si_desktop.ui.firm.year_end import show_client_page

    if not window.context.has_workspace:
        return None
    dialog = window.findChild(BrandingWallDialog, "brandingWall")
    if dialog is None:
        dialog = BrandingWallDialog(window.context, window)
        dialog.client_chosen.connect(
            lambda entity_id: show_client_page(window, entity_id, "branding"))
        made = dialog

        def replaced() -> None:
            made.close()
            made.shut()
            made.deleteLater()

        window.context.workspace_changed.connect(replaced)
        dialog.destroyed.connect(lambda *_: _disconnect(window, replaced))
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    if not dialog.loaded:
        dialog.load()
    return dialog


def _disconnect(window: MainWindow, slot: Callable[[], None]) -> None:
    with contextlib.suppress(RuntimeError, TypeError):
        window.context.workspace_changed.disconnect(slot)
