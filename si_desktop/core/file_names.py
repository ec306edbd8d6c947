"""File names for documents a customer receives: `"<Type> <number>.pdf"` with the type in the
client's language (CONTRACT.md, "PDFs"), safe on every desktop OS.

The service names the file and the app saves under the same name, so both use this module:
a number such as `2026/0143` or a customer's odd characters must never make a path, a
hidden file or a name Windows refuses (`CON.pdf`, a trailing dot).
"""

from __future__ import annotations

import re
import unicodedata

from si_desktop.core.document_words import title

REPLACEMENT = "-"
"""What stands in for a character no file name may hold (`/` in `2026/0143` reads as
`2026-0143`)."""

MAX_STEM = 120
"""Characters kept of a name before its extension: well under every file system's 255."""

_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = frozenset({"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)),
                       *(f"LPT{n}" for n in range(1, 10))})
_SPACES = re.compile(r"\s+")


def safe_file_name(stem: str, extension: str = "") -> str:
    """`stem` + `extension` as a file name every desktop OS accepts: characters not allowed
    in a file name (`<>:"/\\|?*`, control characters) replaced, runs of white space made one
    space, no leading or trailing dots and spaces, Windows' reserved device names avoided,
    and at most `MAX_STEM` characters before the extension. Never empty."""
    text = _SPACES.sub(" ", unicodedata.normalize("NFC", stem))
    text = _FORBIDDEN.sub(REPLACEMENT, text).strip(" .")
    text = text[:MAX_STEM].rstrip(" .")
    if not text:
        text = REPLACEMENT
    if text.split(".")[0].upper() in _RESERVED:
        text = "_" + text
    return text + extension


def document_pdf_name(doc_type: str, number: str, locale: object) -> str:
    """The PDF's file name: `Račun 2026-00143.pdf` (sl-SI), `Invoice 2026-00143.pdf`."""
    return safe_file_name(f"{title(doc_type, locale)} {number}".strip(), ".pdf")
