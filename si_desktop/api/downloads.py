"""Files the service sends, written into a folder the user chose, and nowhere else.

- A file is written to a hidden `.…part` file beside its final place, flushed to disk and
  then renamed over its final name (`PartFile`): a crash, a lost connection or a full disk
  leaves at most a `.part` file, never a half-written file under a real name.
- Every final path is checked to be directly inside its folder (`inside`) before anything
  is renamed there; names come from `core.file_names` (no `../`, drive letters or control
  characters survive).
- A ZIP is opened and every entry checked before it is kept (`check_archive`): an entry
  named with `..`, an absolute path, a drive letter or a backslash (zip-slip), a link, or more
  than `MAX_ARCHIVE_BYTES` once inflated refuses the whole archive.

The name of a file comes from `Content-Disposition` (`filename_from_disposition`:
`filename*=` wins over `filename=`, RFC 6266).
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import secrets
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from types import TracebackType
from typing import BinaryIO
from urllib.parse import unquote

__all__ = [
    "MAX_ARCHIVE_BYTES",
    "DestinationError",
    "ExportError",
    "PartFile",
    "UnsafeArchiveError",
    "check_archive",
    "filename_from_disposition",
    "inside",
    "sha256_of",
]

MAX_ARCHIVE_BYTES = 4 * 1024 ** 3
"""The most an archive's entries may add up to once inflated (a ZIP bomb is refused)."""
MAX_ARCHIVE_ENTRIES = 100_000
PART_SUFFIX = ".part"
_CHUNK = 1024 * 1024


class ExportError(Exception):
    """An export that could not be finished; the message says why, in plain words."""


class DestinationError(ExportError):
    """The chosen folder cannot take the file: `reason` is `not_writable`, `no_space` or
    `other` (the operating system's own words are in the message)."""

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason

    @classmethod
    def from_os_error(cls, exc: OSError, folder: Path) -> DestinationError:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return cls(f"There is no space left in {folder}.", reason="no_space")
        if isinstance(exc, PermissionError) or exc.errno in (errno.EROFS, errno.EACCES,
                                                             errno.EPERM):
            return cls(f"{folder} cannot be written to ({exc.strerror or exc}).",
                       reason="not_writable")
        return cls(f"{folder} cannot take the file: {exc.strerror or exc}.", reason="other")


class UnsafeArchiveError(ExportError):
    """A ZIP from the service that would write outside its folder, or is not a ZIP."""


_TOKEN = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
_EXTENDED = re.compile(rf"(?i)(?:^|;)\s*filename\*\s*=\s*({_TOKEN})'[^']*'([^;\s]+)")
_QUOTED = re.compile(r'(?i)(?:^|;)\s*filename\s*=\s*"((?:[^"\\]|\\.)*)"')
_PLAIN = re.compile(rf"(?i)(?:^|;)\s*filename\s*=\s*({_TOKEN})")


def filename_from_disposition(value: str | None) -> str | None:
    """The file name a `Content-Disposition` header gives: `filename*=charset''…`
    (percent-encoded, UTF-8 or ISO-8859-1) when there, else `filename=`; `None` without
    one. The name is as sent: make it safe before using it (`core.file_names`)."""
    if not value:
        return None
    extended = _EXTENDED.search(value)
    if extended is not None:
        charset = extended.group(1).lower()
        encoding = "latin-1" if charset in ("iso-8859-1", "latin-1") else "utf-8"
        try:
            return unquote(extended.group(2), encoding=encoding, errors="strict")
        except (UnicodeDecodeError, LookupError):
            pass
    quoted = _QUOTED.search(value)
    if quoted is not None:
        return re.sub(r"\\(.)", r"\1", quoted.group(1))
    plain = _PLAIN.search(value)
    return plain.group(1) if plain is not None else None


def inside(folder: Path, name: str) -> Path:
    """`folder / name`, if that is a file directly inside `folder` (after resolving links);
    `ExportError` otherwise."""
    base = folder.resolve()
    target = (base / name).resolve()
    if target.parent != base or target.name != name:
        raise ExportError(f"Refused to write {name!r}: it is not a plain file name in {folder}.")
    return target


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class Committed:
    path: Path
    size: int
    sha256: str


class PartFile:
    """A file being written in `folder`: a hidden `.part` file until `commit(name)` flushes
    it to disk and renames it to `name`. Leaving the `with` block without a commit deletes
    it. Every operating-system failure is a `DestinationError`."""

    def __init__(self, folder: Path, hint: str = "export") -> None:
        self.folder = folder
        token = secrets.token_hex(6)
        self.path = inside(folder, f".{hint[:40]}.{token}{PART_SUFFIX}")
        self._digest = hashlib.sha256()
        self._size = 0
        try:
            self._handle: BinaryIO = open_part(self.path)
        except OSError as exc:
            raise DestinationError.from_os_error(exc, folder) from exc
        self._committed = False

    def write(self, data: bytes) -> None:
        try:
            self._handle.write(data)
        except OSError as exc:
            raise DestinationError.from_os_error(exc, self.folder) from exc
        self._digest.update(data)
        self._size += len(data)

    def restart(self) -> None:
        """Empty the file again (a retried download starts over)."""
        try:
            self._handle.seek(0)
            self._handle.truncate()
        except OSError as exc:
            raise DestinationError.from_os_error(exc, self.folder) from exc
        self._digest = hashlib.sha256()
        self._size = 0

    def flush(self) -> None:
        """What was written reaches the file (so that it can be read back by path)."""
        try:
            self._handle.flush()
        except OSError as exc:
            raise DestinationError.from_os_error(exc, self.folder) from exc

    @property
    def size(self) -> int:
        return self._size

    def commit(self, name: str) -> Committed:
        """Flush to disk and rename to `name` in the folder (replacing a file of that name)."""
        target = inside(self.folder, name)
        try:
            self._handle.flush()
            os.fsync(self._handle.fileno())
            self._handle.close()
            os.replace(self.path, target)
        except OSError as exc:
            raise DestinationError.from_os_error(exc, self.folder) from exc
        self._committed = True
        _sync_folder(self.folder)
        return Committed(target, self._size, self._digest.hexdigest())

    def close(self) -> None:
        """Drop the part file unless it was committed."""
        if self._committed:
            return
        try:
            self._handle.close()
        finally:
            self.path.unlink(missing_ok=True)

    def __enter__(self) -> PartFile:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def open_part(path: Path) -> BinaryIO:
    """A new file, never an existing one (`x`), readable back for ZIP checks."""
    return path.open("x+b")


def _sync_folder(folder: Path) -> None:
    """The rename reaches the disk too (POSIX; Windows has no folder handles to sync)."""
    if os.name != "posix":
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _unsafe_entry(info: zipfile.ZipInfo) -> str | None:
    """Why an archive entry must not be kept, or None."""
    name = info.filename
    if "\\" in name or name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return f"the entry {name!r} names a path outside the archive's folder"
    parts = PurePosixPath(name).parts
    if any(part in ("..", ".") for part in parts) or not parts:
        return f"the entry {name!r} names a path outside the archive's folder"
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        return f"the entry {name!r} holds control characters"
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return f"the entry {name!r} is a link"
    return None


def check_archive(path: Path) -> list[str]:
    """The names of the files in the ZIP at `path`, once every entry has been found safe to
    unpack inside one folder; `UnsafeArchiveError` otherwise."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UnsafeArchiveError(f"The archive from the service cannot be read: {exc}.") from exc
    if len(infos) > MAX_ARCHIVE_ENTRIES:
        raise UnsafeArchiveError(f"The archive holds more than {MAX_ARCHIVE_ENTRIES} files.")
    total = 0
    names: list[str] = []
    for info in infos:
        problem = _unsafe_entry(info)
        if problem is not None:
            raise UnsafeArchiveError(f"The archive from the service was refused: {problem}.")
        total += info.file_size
        if total > MAX_ARCHIVE_BYTES:
            raise UnsafeArchiveError("The archive from the service would unpack to more than "
                                     f"{MAX_ARCHIVE_BYTES // 1024 ** 3} GiB.")
        if not info.is_dir():
            names.append(info.filename)
    return names
