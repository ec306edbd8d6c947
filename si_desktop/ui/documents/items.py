"""The lines of a document being written: an editable table model whose totals follow every
keystroke (`core.document_totals`, the rules the service computes with), and the delegate
that edits its cells.

A line keeps what the user typed (the text of each number, read with the client's
separators by `core.document_form.parse_number` when it changes) and the taxes chosen from
the client's own taxes (by id; their rate is the one in force on the document's date).
Prices are net, or gross when the document says "prices include tax". A line left wholly
empty is not part of the document. What an item carried that the table does not show
(`item_id`, discounts in an amount) goes back to the service unchanged.
"""

from __future__ import annotations

import copy
import enum
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, ClassVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from si_desktop.core.document_form import parse_number
from si_desktop.core.document_totals import (
    Discount,
    DocumentTotals,
    Line,
    LineTax,
    document_totals,
)
from si_desktop.core.formatting import bare_amount, quantity
from si_desktop.ui.documents.words import money_text, tax_text
from si_desktop.ui.editors.widgets import Tone, tone_color
from si_desktop.ui.i18n import QT_TRANSLATE_NOOP

ModelIndex = QModelIndex | QPersistentModelIndex

TAX_CHOICES_SHOWN = 40
"""Most tax combinations a line's tax list offers (where a line may carry several)."""

ITEM_KEYS = ("name", "description", "quantity", "unit", "price", "gross_price", "discounts",
             "taxes", "item_id", "metadata")
"""The item keys a document sends; the service's own (`id`, `total`, …) are left out."""


def tr(text: str) -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("DocumentEditor", text)


@dataclass(frozen=True)
class TaxChoice:
    """One of the client's taxes as a line can carry it on the document's date."""

    key: str  # the tax id, or "rate:<rate>" for a rate the client has no tax for
    name: str
    rate: Decimal

    def body(self) -> dict[str, Any]:
        if self.key.startswith("rate:"):
            return {"rate": self.rate}
        return {"tax_id": self.key}


@dataclass
class ItemLine:
    """One line as typed."""

    name: str = ""
    description: str = ""
    quantity: str = "1"
    unit: str = ""
    price: str = ""
    discount: str = ""  # a percentage
    taxes: tuple[str, ...] = ()  # `TaxChoice.key`s
    kept: dict[str, Any] = field(default_factory=dict)  # item keys the table does not show
    amount_discounts: tuple[dict[str, Any], ...] = ()  # discounts in an amount, kept
    # read from the texts above when they change
    quantity_value: Decimal | None = Decimal(1)
    price_value: Decimal | None = None
    discount_value: Decimal | None = None
    core: Line | None = None  # as the totals read it; None until asked (again)

    @property
    def empty(self) -> bool:
        return not (self.name.strip() or self.description.strip() or self.price.strip())


class ItemColumn(enum.IntEnum):
    NAME = 0
    DESCRIPTION = 1
    QUANTITY = 2
    UNIT = 3
    PRICE = 4
    DISCOUNT = 5
    TAXES = 6
    TOTAL = 7


NUMBER_COLUMNS = frozenset({ItemColumn.QUANTITY, ItemColumn.PRICE, ItemColumn.DISCOUNT,
                            ItemColumn.TOTAL})


class ItemsModel(QAbstractTableModel):
    """The document's lines; `totals_changed` after every change that moves a figure."""

    totals_changed = Signal()
    problems_changed = Signal()  # a line's problems came or went

    HEADERS: ClassVar[tuple[str, ...]] = (
        QT_TRANSLATE_NOOP("DocumentEditor", "Item"),
        QT_TRANSLATE_NOOP("DocumentEditor", "Description"),
        QT_TRANSLATE_NOOP("DocumentEditor", "Quantity"),
        QT_TRANSLATE_NOOP("DocumentEditor", "Unit"),
        QT_TRANSLATE_NOOP("DocumentEditor", "Price"),
        QT_TRANSLATE_NOOP("DocumentEditor", "Discount %"),
        QT_TRANSLATE_NOOP("DocumentEditor", "Tax"),
        QT_TRANSLATE_NOOP("DocumentEditor", "Amount"),
    )

    def __init__(self, locale: str, currency: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.locale = locale
        self.currency = currency
        self.gross = False  # prices include tax
        self.max_taxes = 1
        self.default_taxes: tuple[str, ...] = ()  # what a new line starts with
        self._lines: list[ItemLine] = []
        self._choices: dict[str, TaxChoice] = {}
        self._options: list[tuple[str, ...]] = [()]
        self._server: dict[tuple[int, int], str] = {}  # (row, column) -> a 422's message
        self.totals: DocumentTotals = document_totals((), currency)
        self._line_of_row: list[int] = []  # row -> index into totals.lines, -1 when empty
        self._problems: list[tuple[str, ...]] = []  # row -> each column's problem, or ""

    # setting up ------------------------------------------------------------------------------

    def set_taxes(self, choices: Sequence[TaxChoice], max_taxes: int) -> None:
        """The taxes lines may carry (at the document's date); lines keep their choice."""
        self._choices = {choice.key: choice for choice in choices}
        self.max_taxes = max(0, max_taxes)
        keys = [choice.key for choice in choices]
        options: list[tuple[str, ...]] = [()]
        for size in range(1, min(self.max_taxes, len(keys)) + 1):
            options.extend(itertools.combinations(keys, size))
            if len(options) >= TAX_CHOICES_SHOWN:
                break
        self._options = options[:TAX_CHOICES_SHOWN]
        for line in self._lines:  # a rate the client had on a copied document stays
            line.core = None
            for key in line.taxes:
                if key not in self._choices and key.startswith("rate:"):
                    rate = Decimal(key[5:])
                    self._choices[key] = TaxChoice(key, "", rate)
        self._check_all()
        self._recompute(all_rows=True)

    def tax_options(self, row: int) -> list[tuple[str, ...]]:
        """The tax choices a line's list offers (its own current choice among them)."""
        options = list(self._options)
        if 0 <= row < len(self._lines) and self._lines[row].taxes not in options:
            options.append(self._lines[row].taxes)
        return options

    def taxes_text(self, keys: Sequence[str]) -> str:
        if not keys:
            return tr("No tax")
        parts = []
        for key in keys:
            choice = self._choices.get(key)
            parts.append(tax_text(choice.name, choice.rate, self.locale) if choice else key)
        return " + ".join(parts)

    def set_lines(self, lines: Sequence[ItemLine]) -> None:
        self.beginResetModel()
        self._lines = [copy.deepcopy(line) for line in lines]
        for line in self._lines:
            _read_numbers(line, self.locale)
        self._server.clear()
        self._problems = [self._row_problems(row) for row in range(len(self._lines))]
        self.endResetModel()
        self.problems_changed.emit()
        self._recompute(all_rows=True)

    def set_gross(self, gross: bool) -> None:
        if gross != self.gross:
            self.gross = gross
            for line in self._lines:
                line.core = None
            self._recompute(all_rows=True)

    # the Qt model ----------------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                if section == ItemColumn.PRICE and self.gross:
                    return tr("Price with tax")
                return tr(self.HEADERS[section])
            if role == Qt.ItemDataRole.TextAlignmentRole and section in NUMBER_COLUMNS:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return super().headerData(section, orientation, role)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() != ItemColumn.TOTAL:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row, column = index.row(), index.column()
        if not index.isValid() or not 0 <= row < len(self._lines):
            return None
        line = self._lines[row]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(row, line, column, role == Qt.ItemDataRole.EditRole)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column in NUMBER_COLUMNS:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        problem = self.problem_at(row, column)
        if role == Qt.ItemDataRole.ForegroundRole and problem:
            return tone_color(QApplication.palette(), Tone.ERROR)
        if role == Qt.ItemDataRole.ToolTipRole:
            return problem or None
        if role == Qt.ItemDataRole.UserRole:
            return line.taxes if column == ItemColumn.TAXES else None
        if role == Qt.ItemDataRole.BackgroundRole and column == ItemColumn.TOTAL:
            return QApplication.palette().brush(QPalette.ColorRole.AlternateBase)
        return None

    def _text(self, row: int, line: ItemLine, column: int, editing: bool) -> str:
        if column == ItemColumn.NAME:
            return line.name
        if column == ItemColumn.DESCRIPTION:
            return line.description
        if column == ItemColumn.QUANTITY:
            return line.quantity
        if column == ItemColumn.UNIT:
            return line.unit
        if column == ItemColumn.PRICE:
            return line.price
        if column == ItemColumn.DISCOUNT:
            if editing or not line.amount_discounts:
                return line.discount
            kept = " + ".join(money_text(Decimal(str(d.get("value"))), self.currency,
                                         self.locale) for d in line.amount_discounts)
            return f"{line.discount} % + {kept}" if line.discount.strip() else kept
        if column == ItemColumn.TAXES:
            return self.taxes_text(line.taxes)
        place = self._line_of_row[row] if row < len(self._line_of_row) else -1
        if place < 0:
            return ""
        return money_text(self.totals.lines[place].total, self.currency, self.locale)

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole
                ) -> bool:
        row, column = index.row(), index.column()
        if role != Qt.ItemDataRole.EditRole or not 0 <= row < len(self._lines) or \
                column == ItemColumn.TOTAL:
            return False
        line = self._lines[row]
        if column == ItemColumn.TAXES:
            keys = tuple(value) if isinstance(value, (tuple, list)) else ()
            if keys == line.taxes:
                return False
            line.taxes = keys
        else:
            text = "" if value is None else str(value)
            attribute = _ATTRIBUTES[ItemColumn(column)]
            if getattr(line, attribute) == text:
                return False
            setattr(line, attribute, text)
            _read_numbers(line, self.locale)
        line.core = None
        self._server.pop((row, column), None)
        self.dataChanged.emit(index, index)
        self._check(row)
        self._recompute()
        return True

    # lines -----------------------------------------------------------------------------------

    def add_line(self, line: ItemLine | None = None) -> int:
        row = len(self._lines)
        new = line or ItemLine(taxes=self.default_taxes)
        _read_numbers(new, self.locale)
        self.beginInsertRows(QModelIndex(), row, row)
        self._lines.append(new)
        self._problems.append(self._row_problems(row))
        self.endInsertRows()
        self.problems_changed.emit()
        self._recompute(all_rows=True)
        return row

    def remove_line(self, row: int) -> None:
        if not 0 <= row < len(self._lines):
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._lines[row]
        del self._problems[row]
        self.endRemoveRows()
        self._server = {(r - (r > row), c): m for (r, c), m in self._server.items() if r != row}
        self.problems_changed.emit()
        self._recompute(all_rows=True)

    def line(self, row: int) -> ItemLine:
        return self._lines[row]

    @property
    def lines(self) -> list[ItemLine]:
        return list(self._lines)

    # totals ----------------------------------------------------------------------------------

    def core_line(self, line: ItemLine) -> Line:
        """The line as the totals read it (unreadable numbers count as nothing); kept until
        the line, the taxes or the price mode change."""
        if line.core is None:
            line.core = self._core_line(line)
        return line.core

    def _core_line(self, line: ItemLine) -> Line:
        price = line.price_value if line.price_value is not None else Decimal(0)
        discounts: list[Discount] = []
        if line.discount_value is not None and line.discount_value:
            discounts.append(Discount(line.discount_value, "percent"))
        for kept in line.amount_discounts:
            discounts.append(Discount(Decimal(str(kept.get("value") or 0)), "amount"))
        taxes = tuple(LineTax(self._choices[key].rate, None if key.startswith("rate:") else key)
                      for key in line.taxes if key in self._choices)
        quantity_value = line.quantity_value if line.quantity_value is not None else Decimal(0)
        if self.gross:
            return Line(quantity_value, None, price, tuple(discounts), taxes)
        return Line(quantity_value, price, None, tuple(discounts), taxes)

    def _recompute(self, *, all_rows: bool = False) -> None:
        """The totals again (every line's, as `core.document_totals` works; each line's
        reading of its numbers is kept until it changes)."""
        places: list[int] = []
        lines: list[Line] = []
        for line in self._lines:
            if line.empty:
                places.append(-1)
            else:
                places.append(len(lines))
                lines.append(self.core_line(line))
        self._line_of_row = places
        self.totals = document_totals(lines, self.currency)
        if self._lines:
            self.dataChanged.emit(self.index(0, ItemColumn.TOTAL),
                                  self.index(len(self._lines) - 1, ItemColumn.TOTAL),
                                  [Qt.ItemDataRole.DisplayRole])
        self.totals_changed.emit()

    def refresh_display(self) -> None:
        """Show every line again (the taxes' rates or the price mode changed)."""
        if self._lines:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._lines) - 1, len(self.HEADERS) - 1))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.HEADERS) - 1)

    # problems and the body -------------------------------------------------------------------

    def problem_at(self, row: int, column: int) -> str:
        """What is wrong with one cell: the service's word after a 422, else a live one."""
        if 0 <= row < len(self._problems):
            return self._problems[row][column]
        return ""

    def _row_problems(self, row: int) -> tuple[str, ...]:
        return tuple(self._cell_problem(row, column) for column in ItemColumn)

    def _check(self, row: int) -> None:
        """A line changed: its problems again (announced when they differ)."""
        found = self._row_problems(row)
        if found != self._problems[row]:
            self._problems[row] = found
            self.problems_changed.emit()

    def _check_all(self) -> None:
        found = [self._row_problems(row) for row in range(len(self._lines))]
        if found != self._problems:
            self._problems = found
            self.problems_changed.emit()

    def _cell_problem(self, row: int, column: int) -> str:
        server = self._server.get((row, column))
        if server:
            return server
        line = self._lines[row]
        if line.empty:
            return ""
        if column == ItemColumn.NAME and not line.name.strip():
            return tr("A line needs the name of what is sold.")
        if column == ItemColumn.QUANTITY:
            if line.quantity_value is None:
                return tr("The quantity is not a number.")
            if line.quantity_value < 0:
                return tr("The quantity cannot be below zero.")
        if column == ItemColumn.PRICE and line.price_value is None:
            return tr("The price is not a number.") if line.price.strip() else \
                tr("A line needs a price.")
        if column == ItemColumn.DISCOUNT and line.discount.strip():
            value = line.discount_value
            if value is None:
                return tr("The discount is not a number.")
            if not Decimal(0) <= value <= Decimal(100):
                return tr("A discount is a percentage from 0 to 100.")
        if column == ItemColumn.TAXES and len(line.taxes) > self.max_taxes:
            return tr("At most %1 taxes on one line in this client's country.").replace(
                "%1", str(self.max_taxes))
        return ""

    @property
    def has_problems(self) -> bool:
        return any(any(found) for found in self._problems) or all(
            line.empty for line in self._lines)

    def problems(self) -> list[str]:
        """Every problem, as "Line 2, Price: …"; plus "no line" when every line is empty."""
        found: list[str] = []
        for row, cells in enumerate(self._problems):
            for column, problem in enumerate(cells):
                if problem:
                    found.append(tr("Line %1, %2: %3").replace("%1", str(row + 1)).replace(
                        "%2", tr(self.HEADERS[column])).replace("%3", problem))
        if all(line.empty for line in self._lines):
            found.append(tr("A document needs at least one line."))
        return found

    def set_server_problem(self, row: int, column: int, message: str) -> None:
        self._server[(row, column)] = message
        self._check(row)
        index = self.index(row, column)
        self.dataChanged.emit(index, index)

    def clear_server_problems(self) -> None:
        cells = list(self._server)
        self._server.clear()
        for row, column in cells:
            if row < len(self._lines):
                self._check(row)
                index = self.index(row, column)
                self.dataChanged.emit(index, index)

    def row_of_item(self, item: int) -> int:
        """The table row of the `item`-th line sent (empty lines are not sent)."""
        sent = [row for row, line in enumerate(self._lines) if not line.empty]
        return sent[item] if 0 <= item < len(sent) else -1

    def items(self) -> list[dict[str, Any]]:
        """The lines as the API's items (empty lines left out)."""
        found: list[dict[str, Any]] = []
        for line in self._lines:
            if line.empty:
                continue
            item: dict[str, Any] = dict(line.kept)
            item["name"] = line.name.strip()
            if line.description.strip():
                item["description"] = line.description.strip()
            item["quantity"] = line.quantity_value if line.quantity_value is not None \
                else Decimal(1)
            if line.unit.strip():
                item["unit"] = line.unit.strip()
            price = line.price_value if line.price_value is not None else Decimal(0)
            item["gross_price" if self.gross else "price"] = price
            discounts: list[dict[str, Any]] = []
            if line.discount_value:
                discounts.append({"value": line.discount_value, "type": "percent"})
            discounts.extend(copy.deepcopy(list(line.amount_discounts)))
            if discounts:
                item["discounts"] = discounts
            item["taxes"] = [self._choices[key].body() if key in self._choices
                             else {"tax_id": key} for key in line.taxes]
            found.append(item)
        return found


_ATTRIBUTES = {
    ItemColumn.NAME: "name", ItemColumn.DESCRIPTION: "description",
    ItemColumn.QUANTITY: "quantity", ItemColumn.UNIT: "unit", ItemColumn.PRICE: "price",
    ItemColumn.DISCOUNT: "discount",
}


def _read_numbers(line: ItemLine, locale: str) -> None:
    line.quantity_value = parse_number(line.quantity, locale) if line.quantity.strip() \
        else Decimal(1)
    line.price_value = parse_number(line.price, locale) if line.price.strip() else None
    line.discount_value = parse_number(line.discount, locale) if line.discount.strip() else None


def _number_text(value: Any, locale: str) -> str:
    if value is None:
        return ""
    try:
        return quantity(Decimal(str(value)), locale)
    except ArithmeticError:
        return str(value)


def _price_text(value: Any, currency: str, locale: str) -> str:
    if value is None:
        return ""
    try:
        return bare_amount(Decimal(str(value)), currency, locale)
    except ArithmeticError:
        return str(value)


def line_from_item(item: Mapping[str, Any], locale: str, currency: str
                   ) -> tuple[ItemLine, bool]:
    """A line from an API item (a copied or credited document's), its price written with
    the currency's decimals; and whether it was priced with tax (gross)."""
    gross = item.get("gross_price") is not None and item.get("price") is None
    price = item.get("gross_price") if gross else item.get("price")
    percent_value: Decimal | None = None
    kept_discounts: list[dict[str, Any]] = []
    for discount in item.get("discounts") or ():
        if not isinstance(discount, Mapping):
            continue
        if discount.get("type", "percent") == "percent" and percent_value is None:
            percent_value = Decimal(str(discount.get("value") or 0))
        else:
            kept_discounts.append({"value": discount.get("value"),
                                   "type": discount.get("type", "amount")})
    taxes: list[str] = []
    for tax in item.get("taxes") or ():
        if not isinstance(tax, Mapping):
            continue
        if tax.get("tax_id"):
            taxes.append(str(tax["tax_id"]))
        elif tax.get("rate") is not None:
            taxes.append(f"rate:{Decimal(str(tax['rate']))}")
    kept = {key: copy.deepcopy(item[key]) for key in ("item_id", "metadata") if key in item}
    line = ItemLine(
        name=str(item.get("name") or ""),
        description=str(item.get("description") or ""),
        quantity=_number_text(item.get("quantity", 1), locale),
        unit=str(item.get("unit") or ""),
        price=_price_text(price, currency, locale),
        discount=_number_text(percent_value, locale) if percent_value else "",
        taxes=tuple(taxes),
        kept=kept,
        amount_discounts=tuple(kept_discounts),
    )
    _read_numbers(line, locale)
    return line, gross


class ItemDelegate(QStyledItemDelegate):
    """Edits a cell; every keystroke reaches the model at once (the totals follow it)."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: ModelIndex) -> QWidget:
        model = index.model()
        if index.column() == ItemColumn.TAXES and isinstance(model, ItemsModel):
            combo = QComboBox(parent)
            combo.setObjectName("taxEditor")
            for keys in model.tax_options(index.row()):
                combo.addItem(model.taxes_text(keys), keys)
            combo.currentIndexChanged.connect(lambda _i, c=combo: self.commitData.emit(c))
            return combo
        edit = QLineEdit(parent)
        edit.setObjectName("cellEditor")
        if index.column() in NUMBER_COLUMNS:
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        edit.textEdited.connect(lambda _text, e=edit: self.commitData.emit(e))
        return edit

    def setEditorData(self, editor: QWidget, index: ModelIndex) -> None:
        if isinstance(editor, QComboBox):
            keys = index.data(Qt.ItemDataRole.UserRole) or ()
            found = editor.findData(tuple(keys))
            blocked = editor.blockSignals(True)
            editor.setCurrentIndex(max(found, 0))
            editor.blockSignals(blocked)
            return
        if isinstance(editor, QLineEdit):
            text = str(index.data(Qt.ItemDataRole.EditRole) or "")
            if editor.text() != text:  # not while typing: the cursor would jump
                editor.setText(text)
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,
                     index: ModelIndex) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData())
            return
        if isinstance(editor, QLineEdit):
            model.setData(index, editor.text())
            return
        super().setModelData(editor, model, index)
