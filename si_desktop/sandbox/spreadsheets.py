"""The rows of a spreadsheet export and the two files they are written to (CONTRACT.md,
"Exports"): one row per document with the contract's columns, as XLSX (written with
openpyxl, so it opens in any spreadsheet program) or CSV (UTF-8, a header row, commas, `.`
decimals).

Choices where the contract is silent: a type is written as the API spells it (`invoice`,
`credit_note`); a status is one of `voided`, `paid`, `overdue`, `partially_paid`, `unpaid`
(estimates: `open`, `expired`), derived on the sandbox's today; an estimate's "due date" is
its `date_valid_till`; amounts are the document's own (a credit note's are positive, as the
API answers them); the business unit is its name. Text in an XLSX cell is always text:
a customer called `=1+1` is never a formula.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import astuple, dataclass
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from si_desktop.core.formatting import currency_digits
from si_desktop.sandbox.records import decimal

HEADER: tuple[str, ...] = (
    "Number", "Type", "Date", "Due date", "Customer", "Customer tax number", "Currency",
    "Total", "Tax", "Total with tax", "Paid", "Due", "Status", "Business unit",
)
MONEY_COLUMNS = frozenset({7, 8, 9, 10, 11})  # zero-based: total … due
DATE_COLUMNS = frozenset({2, 3})
_WIDTHS = (16, 12, 12, 12, 32, 20, 9, 14, 14, 14, 14, 14, 15, 20)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"


@dataclass(frozen=True)
class Row:
    number: str
    type: str
    date: datetime.date
    due_date: datetime.date | None
    customer: str
    customer_tax_number: str
    currency: str
    total: Decimal
    tax: Decimal
    total_with_tax: Decimal
    paid: Decimal
    due: Decimal
    status: str
    business_unit: str


def _date(value: object) -> datetime.date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None


def status_of(doc: Mapping[str, Any], today: datetime.date) -> str:
    """The derived status, in the contract's order (draft, voided, paid, overdue, partially
    paid, unpaid; estimates open or expired)."""
    if doc.get("is_draft"):
        return "draft"
    if doc.get("voided_at"):
        return "voided"
    if doc.get("type") == "estimate":
        valid_till = _date(doc.get("date_valid_till"))
        return "expired" if valid_till is not None and valid_till < today else "open"
    if doc.get("paid_in_full"):
        return "paid"
    due = _date(doc.get("date_due"))
    if due is not None and due < today:
        return "overdue"
    if decimal(doc.get("total_paid") or 0) > 0:
        return "partially_paid"
    return "unpaid"


def row_of(doc: Mapping[str, Any], unit_names: Mapping[str, str],
           today: datetime.date) -> Row:
    customer = doc.get("customer")
    customer = customer if isinstance(customer, Mapping) else {}
    total = decimal(doc["total"])
    total_with_tax = decimal(doc["total_with_tax"])
    date = _date(doc.get("date"))
    assert date is not None, "a stored document has a date"
    return Row(
        number=str(doc.get("number") or ""),
        type=str(doc.get("type") or ""),
        date=date,
        due_date=_date(doc.get("date_due") or doc.get("date_valid_till")),
        customer=str(customer.get("name") or ""),
        customer_tax_number=str(customer.get("tax_number") or ""),
        currency=str(doc.get("currency_code") or ""),
        total=total,
        tax=total_with_tax - total,
        total_with_tax=total_with_tax,
        paid=decimal(doc.get("total_paid") or 0),
        due=decimal(doc.get("total_due") if doc.get("total_due") is not None
                    else doc["total_with_tax"]),
        status=status_of(doc, today),
        business_unit=unit_names.get(str(doc.get("business_unit_id") or ""), ""),
    )


def _amount_text(value: Decimal, currency: str) -> str:
    """`1234.5` in EUR as `1234.50`: the currency's decimals, a `.`, no grouping."""
    digits = currency_digits(currency)
    rounded = value.quantize(Decimal(1).scaleb(-digits))
    return f"{rounded if rounded else abs(rounded):f}"


def csv_bytes(rows: Iterable[Row]) -> bytes:
    """The rows as CSV: UTF-8 without a byte-order mark, a header row, commas, CRLF."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in rows:
        values: list[str] = []
        for index, value in enumerate(astuple(row)):
            if index in MONEY_COLUMNS:
                values.append(_amount_text(value, row.currency))
            elif isinstance(value, datetime.date):
                values.append(value.isoformat())
            else:
                values.append("" if value is None else str(value))
        writer.writerow(values)
    return out.getvalue().encode("utf-8")


def _text_cell(sheet: WriteOnlyWorksheet, value: str, *, bold: bool = False) -> Cell:
    cell = WriteOnlyCell(sheet, ILLEGAL_CHARACTERS_RE.sub("", value))
    cell.data_type = "s"  # openpyxl reads a leading "=" as a formula; this is data
    if bold:
        cell.font = Font(bold=True)
    return cell


def _cells(sheet: WriteOnlyWorksheet, row: Row) -> list[Cell]:
    money_format = "#,##0" + ("." + "0" * currency_digits(row.currency)
                              if currency_digits(row.currency) else "")
    cells: list[Cell] = []
    for index, value in enumerate(astuple(row)):
        if index in DATE_COLUMNS:
            cell = WriteOnlyCell(sheet, value)
            cell.number_format = "yyyy-mm-dd"
        elif index in MONEY_COLUMNS:
            cell = WriteOnlyCell(sheet, value)
            cell.number_format = money_format
        else:
            cell = _text_cell(sheet, str(value))
        cells.append(cell)
    return cells


def xlsx_bytes(rows: Iterable[Row], *, title: str = "Documents") -> bytes:
    """The rows as an XLSX workbook of one sheet: a bold header row that stays in view, an
    autofilter, dates as dates and amounts as numbers in the currency's decimals."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    for index, width in enumerate(_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append([_text_cell(sheet, name, bold=True) for name in HEADER])
    count = 0
    for row in rows:
        sheet.append(_cells(sheet, row))
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(HEADER))}{count + 1}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rows_for(docs: Sequence[Mapping[str, Any]], unit_names: Mapping[str, str],
             today: datetime.date) -> list[Row]:
    return [row_of(doc, unit_names, today) for doc in docs]
