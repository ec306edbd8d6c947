"""Writing a document's PDF to disk: whole or not at all, under the name the customer gets."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from si_desktop.core.file_names import readable_name

TEMP_FOLDER = "si-desktop-pdfs"
"""Where "Open in the system viewer" puts the file it hands over, under the OS's temp
folder: the viewer needs a file, and the system cleans that folder."""


def write_pdf(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file beside it, so that a full disk or a
    crash never leaves half a PDF under the real name."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=".si-desktop-", suffix=".part",
                                         dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def with_pdf_suffix(path: str) -> Path:
    """The path a save dialog answered, with `.pdf` added when the user left it out."""
    return Path(path if path.lower().endswith(".pdf") else path + ".pdf")


def temp_copy(file_name: str, data: bytes) -> Path:
    """A copy of the PDF in the temp folder under its own name, for another program."""
    folder = Path(tempfile.gettempdir()) / TEMP_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / readable_name(Path(file_name).stem, ".pdf")
    write_pdf(path, data)
    return path
