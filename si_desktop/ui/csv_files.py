"""The rows a firm-wide view shows, saved as a CSV file a spreadsheet opens safely: cells that
never start a formula, UTF-8 with a byte order mark (so the spreadsheet reads the accents),
the rows in the order the view shows them. Used by the access overview, year end and
activity."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSortFilterProxyModel

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(text: str) -> str:
    """A cell a spreadsheet shows as text: one that would start a formula (=, +, -, @)
    gets a leading apostrophe, so a client named "=HYPERLINK(…)" stays a name."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def shown_rows(proxy: QSortFilterProxyModel) -> list[int]:
    """The source rows a filter shows, in the order shown."""
    return [proxy.mapToSource(proxy.index(row, 0)).row() for row in range(proxy.rowCount())]


def save_csv(path: Path, text: str) -> str | None:
    """Write the CSV `text` to `path`; the reason, as the system gives it, when it could
    not be written (None when it was)."""
    try:
        path.write_text(text, encoding="utf-8-sig", newline="")
    except OSError as error:
        return str(error.strerror or error)
    return None
