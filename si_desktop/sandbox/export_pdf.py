"""The PDF of one document inside a PDF ZIP export: `pdf_bytes_for(document)`.

TEMPORARY SEAM. The sandbox's real PDF renderer (`GET /documents/{id}/pdf`, templates,
branding, the document's words in its language) is being written beside this work; until it
is merged, the ZIP job renders each document through this one function, which writes a
minimal valid one-page PDF (type, number, dates, customer, totals, DRAFT / VOID marks). On
merge, the body of `pdf_bytes_for` becomes a call to the real renderer and nothing else in
the export changes: the ZIP job calls nothing but this function.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

_TITLES = {"invoice": "Invoice", "estimate": "Estimate", "credit_note": "Credit note"}
_PAGE_WIDTH, _PAGE_HEIGHT = 595, 842  # A4 in points


def document_title(doc_type: str) -> str:
    """The document type as a person writes it ("Credit note")."""
    return _TITLES.get(doc_type, doc_type.replace("_", " ").capitalize())


def pdf_bytes_for(document: Mapping[str, Any]) -> bytes:
    """A one-page PDF of `document` (TEMPORARY SEAM: see the module docstring)."""
    return _one_page_pdf(_lines(document))


def _lines(document: Mapping[str, Any]) -> list[str]:
    customer = document.get("customer") or {}
    name = customer.get("name") if isinstance(customer, Mapping) else None
    currency = str(document.get("currency_code") or "")
    lines = [f"{document_title(str(document.get('type', '')))} {document.get('number', '')}"]
    if document.get("is_draft"):
        lines.append("DRAFT")
    if document.get("voided_at"):
        lines.append("VOID")
    lines.append(f"Date: {document.get('date', '')}")
    for key, label in (("date_due", "Due"), ("date_valid_till", "Valid until")):
        if document.get(key):
            lines.append(f"{label}: {document[key]}")
    lines.append(f"Customer: {name or ''}")
    for key, label in (("total", "Total"), ("total_with_tax", "Total with tax"),
                       ("total_due", "Due")):
        if document.get(key) is not None:
            lines.append(f"{label}: {document[key]} {currency}")
    return lines


def _pdf_text(text: str) -> bytes:
    """A PDF string literal in WinAnsi: backslash and parentheses escaped, what the encoding
    cannot write as `?`."""
    raw = text.encode("cp1252", "replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _one_page_pdf(lines: list[str]) -> bytes:
    stream = b"BT /F1 12 Tf 56 780 Td 16 TL\n"
    for index, line in enumerate(lines):
        stream += (b"" if index == 0 else b"T* ") + _pdf_text(line) + b" Tj\n"
    stream += b"ET\n"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>" % (_PAGE_WIDTH, _PAGE_HEIGHT),
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"endstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)
