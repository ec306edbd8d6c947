"""What an exported file holds, read back from the file itself, and the files a firm-wide
export writes beside them: `manifest.csv` and its own state (JSON, written atomically).

Counts and totals come from the files as saved, so that `manifest.csv` agrees with them: a
spreadsheet's rows (its columns found by their header, `Currency` and `Total with tax`, in
any case and with `_` or spaces), a PDF archive's `.pdf` entries (an archive says nothing of
amounts, so its totals are left empty).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import secrets
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from si_desktop.api.downloads import PartFile, check_archive, sha256_of
from si_desktop.core.formatting import currency_digits
from si_desktop.datadir import ensure_private_dir

MANIFEST_NAME = "manifest.csv"
MANIFEST_HEADER = ("client_id", "client_name", "folder", "file", "documents",
                   "total_with_tax", "sha256", "status", "note", "period", "types")


@dataclass(frozen=True)
class FileSummary:
    """How many documents a file holds and what they add up to per currency (`None` when the
    file cannot say, e.g. a PDF archive)."""

    documents: int
    totals: Mapping[str, Decimal] | None = None


def _key(name: object) -> str:
    return " ".join(str(name or "").replace("_", " ").lower().split())


def _amount(value: object) -> Decimal | None:
    if isinstance(value, bool) or value is None or value == "":
        return None
    try:
        return Decimal(str(value).strip())
    except InvalidOperation:
        return None


def _cell(row: Sequence[Any], index: int) -> Any:
    return row[index] if index < len(row) else None


def _summarize_rows(rows: Iterator[Sequence[Any]]) -> FileSummary:
    header = next(rows, None)
    if header is None:
        return FileSummary(0, {})
    columns = [_key(name) for name in header]
    where = (columns.index("currency"), columns.index("total with tax")) \
        if {"currency", "total with tax"} <= set(columns) else None
    count = 0
    totals: dict[str, Decimal] | None = {} if where is not None else None
    for row in rows:
        if not any(cell not in (None, "") for cell in row):
            continue  # an empty line is not a document
        count += 1
        if totals is None or where is None:
            continue
        code = str(_cell(row, where[0]) or "").strip().upper()
        amount = _amount(_cell(row, where[1]))
        if not code or amount is None:
            totals = None  # a row the file cannot total: say nothing rather than a wrong sum
            continue
        totals[code] = totals.get(code, Decimal(0)) + amount
    return FileSummary(count, totals)


def summarize_csv(path: Path) -> FileSummary:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return _summarize_rows(iter(csv.reader(handle)))


def summarize_xlsx(path: Path) -> FileSummary:
    """The first sheet's rows, read with openpyxl once the archive was found sound."""
    from openpyxl import load_workbook

    check_archive(path)  # a workbook is a ZIP: no bomb, no entry outside it
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        return _summarize_rows(iter(sheet.iter_rows(values_only=True)))
    finally:
        book.close()


def summarize_zip(path: Path) -> FileSummary:
    names = check_archive(path)
    return FileSummary(sum(1 for name in names if name.lower().endswith(".pdf")), None)


def summarize(path: Path) -> FileSummary:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return summarize_csv(path)
    if suffix == ".xlsx":
        return summarize_xlsx(path)
    if suffix == ".zip":
        return summarize_zip(path)
    raise ValueError(f"not an export file: {path.name}")


def totals_text(totals: Mapping[str, Decimal] | None) -> str:
    """`EUR 1234.50; USD 10.00` (by currency code), in each currency's decimals."""
    if totals is None:
        return ""
    parts = []
    for code in sorted(totals):
        digits = currency_digits(code)
        amount = totals[code].quantize(Decimal(1).scaleb(-digits))
        parts.append(f"{code} {amount if amount else abs(amount):f}")
    return "; ".join(parts)


@dataclass(frozen=True)
class ManifestRow:
    client_id: str
    client_name: str
    folder: str
    file: str = ""
    documents: int | None = None
    total_with_tax: str = ""
    sha256: str = ""
    status: str = ""
    note: str = ""
    period: str = ""
    types: str = ""

    def values(self) -> list[str]:
        return [self.client_id, self.client_name, self.folder, self.file,
                "" if self.documents is None else str(self.documents), self.total_with_tax,
                self.sha256, self.status, self.note, self.period, self.types]

    @classmethod
    def from_values(cls, values: Sequence[str]) -> ManifestRow:
        padded = [*values, *([""] * len(MANIFEST_HEADER))][:len(MANIFEST_HEADER)]
        documents = int(padded[4]) if padded[4].isdigit() else None
        return cls(padded[0], padded[1], padded[2], padded[3], documents, *padded[5:])


def manifest_bytes(rows: Iterable[ManifestRow]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(MANIFEST_HEADER)
    for row in rows:
        writer.writerow(row.values())
    return out.getvalue().encode("utf-8")


def earlier_rows(destination: Path, rewritten: set[tuple[str, str]],
                 clients: set[str]) -> list[ManifestRow]:
    """The rows of an earlier export's `manifest.csv` in `destination` that still hold: a
    file this export did not write again that is still there with the same SHA-256, and a
    row without a file for a client this export left out. Two exports into one folder (the
    XLSX, then the PDFs) leave one manifest that agrees with every file in it."""
    path = destination / MANIFEST_NAME
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            lines = list(csv.reader(handle))
    except (OSError, UnicodeDecodeError, csv.Error):
        return []
    if not lines or tuple(lines[0][:9]) != MANIFEST_HEADER[:9]:
        return []  # not a manifest this app wrote: it is replaced
    kept: list[ManifestRow] = []
    for values in lines[1:]:
        row = ManifestRow.from_values(values)
        if not row.file:
            if row.client_id not in clients:
                kept.append(row)
            continue
        if (row.folder, row.file) in rewritten:
            continue
        try:
            file = destination / row.folder / row.file
            if file.resolve().parent.parent == destination.resolve() and file.is_file() \
                    and sha256_of(file) == row.sha256:
                kept.append(row)
        except OSError:
            continue
    return kept


def write_manifest(destination: Path, rows: Iterable[ManifestRow]) -> Path:
    """`manifest.csv` in `destination`: this export's rows after the earlier ones that still
    hold (`earlier_rows`), written whole and then renamed into place."""
    rows = list(rows)
    rewritten = {(row.folder, row.file) for row in rows if row.file}
    before = earlier_rows(destination, rewritten, {row.client_id for row in rows})
    with PartFile(destination, "manifest") as part:
        part.write(manifest_bytes([*before, *rows]))
        return part.commit(MANIFEST_NAME).path


def write_json_atomically(path: Path, data: Mapping[str, Any]) -> None:
    """`data` as JSON at `path` in the data folder: a temporary file beside it, flushed to
    disk, renamed over. Folder and file are the user's alone (0700 / 0600 on POSIX), like
    everything else in the data folder: the state names clients and tax numbers."""
    ensure_private_dir(path.parent)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with open(descriptor, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=1, sort_keys=True)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


_PART_NAME = re.compile(r"\..{1,40}\.[0-9a-f]{12}\.part")  # `downloads.PartFile`'s names


def stale_parts(folder: Path) -> list[Path]:
    """Part files a stopped export left in `folder` (only the names `PartFile` gives)."""
    if not folder.is_dir():
        return []
    return [p for p in folder.iterdir() if _PART_NAME.fullmatch(p.name) and p.is_file()]


@dataclass
class SavedEntry:
    """One file of a client's export, as the state and the manifest keep it."""

    name: str
    documents: int
    totals: dict[str, str] | None
    sha256: str
    size: int
    extra: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "documents": self.documents, "totals": self.totals,
                "sha256": self.sha256, "size": self.size}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SavedEntry:
        totals = data.get("totals")
        return cls(str(data["name"]), int(data["documents"]),
                   {str(k): str(v) for k, v in totals.items()} if isinstance(totals, dict)
                   else None, str(data["sha256"]), int(data.get("size") or 0))

    def decimal_totals(self) -> dict[str, Decimal] | None:
        if self.totals is None:
            return None
        return {code: Decimal(value) for code, value in self.totals.items()}
