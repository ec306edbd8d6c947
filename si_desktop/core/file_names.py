"""File and folder names made from text that came from elsewhere (a server's
`Content-Disposition`, a client's name, an entry in a ZIP), safe to create on Windows, macOS
and Linux inside the folder the user chose.

A safe name is one path component: no `/` or `\\`, no `..`, no drive letter (`C:`), no
control or invisible formatting characters, none of `<>:"|?*`, no leading or trailing dots
and spaces (so never a hidden file, never `.` or `..`), not a Windows device name (`CON`,
`NUL`, `COM1` …), at most `MAX_NAME` characters with its extension kept.

Documents a customer receives are named `"<Type> <number>.pdf"` with the type in the
client's language (CONTRACT.md, "PDFs"): the service names the file and the app saves under
the same name (`document_pdf_name`). There a `/` in a number (`2026/0143`) is not a path: it
reads as `-` (`readable_name`).
"""

from __future__ import annotations

import re
import unicodedata

from si_desktop.core.document_words import title

MAX_NAME = 120
_FORBIDDEN = re.compile(r'[<>:"|?*/\\]')
_DEVICES = frozenset({"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)),
                      *(f"LPT{i}" for i in range(10)), "CONIN$", "CONOUT$"})
_SPACES = re.compile(r"\s+")


def _visible(text: str) -> str:
    """`text` without control, formatting or unassigned characters (a right-to-left
    override would make `fdp.exe` read `exe.pdf`); every run of whitespace one space."""
    spaced = _SPACES.sub(" ", text)  # a tab or a newline still parts two words
    return "".join(c for c in spaced if unicodedata.category(c) not in ("Cc", "Cf", "Cn",
                                                                         "Cs", "Co"))


def safe_component(text: str, *, fallback: str) -> str:
    """`text` as one safe folder or file name (see the module docstring); `fallback` (made
    safe the same way) when nothing of it is left."""
    name = _FORBIDDEN.sub("_", _visible(unicodedata.normalize("NFC", text))).strip(" .")
    if not name.strip("_ ."):
        name = ""
    if name.split(".", 1)[0].strip().upper() in _DEVICES:
        name = "_" + name
    if len(name) > MAX_NAME:
        stem, dot, extension = name.rpartition(".")
        if dot and 0 < len(extension) <= 10 and stem:
            name = stem[:MAX_NAME - len(extension) - 1].rstrip(" .") + "." + extension
        else:
            name = name[:MAX_NAME].rstrip(" .")
    if not name:
        return safe_component(fallback, fallback="export") if fallback != "export" else fallback
    return name


def safe_file_name(text: str, *, fallback: str, extension: str | None = None) -> str:
    """A server's file name for a file in the user's folder: only its last path component
    counts (`../../etc/passwd` is `passwd`, `C:\\x\\report.csv` is `report.csv`), made safe;
    with `extension` (`.xlsx`) the name ends in it, whatever the server said."""
    last = re.split(r"[/\\]", text)[-1]
    last = re.sub(r"^[A-Za-z]:", "", last)  # `C:report.csv`, a drive-relative path
    name = safe_component(last, fallback=fallback)
    if extension and not name.lower().endswith(extension.lower()):
        name = safe_component(name + extension, fallback=fallback)
        if not name.lower().endswith(extension.lower()):  # cut short: keep the extension
            name = name[:MAX_NAME - len(extension)].rstrip(" .") + extension
    return name


REPLACEMENT = "-"
"""What stands in for a character no file name may hold (`/` in `2026/0143` reads as
`2026-0143`)."""

MAX_STEM = 120
"""Characters kept of a name before its extension: well under every file system's 255."""

_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = frozenset({"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)),
                       *(f"LPT{n}" for n in range(1, 10))})
_SPACES = re.compile(r"\s+")


def readable_name(stem: str, extension: str = "") -> str:
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
    return readable_name(f"{title(doc_type, locale)} {number}".strip(), ".pdf")
