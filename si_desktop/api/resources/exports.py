"""`client.exports`: one client's documents as files (CONTRACT.md, "Exports (one client per
call)"), written into a folder the caller chose.

- `spreadsheet()`: `GET /documents/export` streamed to disk, named by the server's
  `Content-Disposition` (made safe, `core.file_names`).
- `start_pdf()` / `start_pdf_for()`: `POST /documents/export/pdf` → an `ExportJob`;
  `job()` reads it again; `wait()` polls it with growing pauses until it has its file or its
  error, for at most `PollPolicy.max_wait` seconds; `download()` streams the archive from
  `file_url`, sending the key only when that URL is on the API's own origin, and checks every
  entry of it before it is kept (`downloads.check_archive`).
- `pdf_zip()`: all of that for one period.

Periods longer than the service takes (366 days) are cut into consecutive pieces
(`core.periods`) and joined: PDF archives into one archive (entries renamed `name (2).pdf`
when two pieces hold the same name), CSV files into one file (one header row; the pieces
must agree on it), while XLSX pieces stay one file per piece (a workbook cannot be appended
to without rewriting it).

Every call takes the entity it is for and sends it as `x-entity-id` (the file download too,
when it goes to the API's own origin). Files are written as hidden `.part` files and renamed
once complete (`downloads.PartFile`), so nothing half-written ever carries a real name.
"""

from __future__ import annotations

import asyncio
import shutil
import time
import zipfile
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import field_validator

from si_desktop.api import errors
from si_desktop.api.downloads import (
    ExportError,
    PartFile,
    UnsafeArchiveError,
    check_archive,
    filename_from_disposition,
)
from si_desktop.api.ids import check_opaque_id
from si_desktop.api.models import SIModel
from si_desktop.api.resources._base import Resource
from si_desktop.api.transport import RawResponse
from si_desktop.core.file_names import safe_file_name
from si_desktop.core.periods import Period

__all__ = [
    "EXPORT_TYPES",
    "ExportError",
    "ExportJob",
    "ExportJobFailed",
    "ExportJobTimedOut",
    "Exports",
    "PollPolicy",
    "SavedFile",
    "check_job_id",
    "default_name",
]

EXPORT_PATH = "/documents/export"
PDF_EXPORT_PATH = "/documents/export/pdf"
JOB_PATH = "/documents/export/jobs/{id}"  # choice: the contract says the path is not published
EXPORT_TYPES = ("invoice", "estimate", "credit_note")
SpreadsheetFormat = Literal["xlsx", "csv"]
MAX_DOWNLOAD_BYTES = 8 * 1024 ** 3
"""The largest export file read (they are streamed to disk, so this bounds the disk)."""
DOWNLOAD_TIMEOUT = 600.0
"""Seconds one download attempt may take from the first byte sent to the last received."""
_EXTENSIONS = {"xlsx": ".xlsx", "csv": ".csv"}


class ExportJobFailed(ExportError):
    """The service answered that the PDF export job failed; the message is its `error`."""


class ExportJobTimedOut(ExportError):
    """The job neither finished nor failed within the wait allowed."""


def check_job_id(value: object) -> str:
    """`value` if it is an export job id (`expjob_…`, CONTRACT.md, Transport: an opaque
    token), else `ValueError`: nothing else is put in a URL path."""
    return check_opaque_id(value, "expjob")


class ExportJob(SIModel):
    """A PDF ZIP export job as the service answers it (unknown keys kept)."""

    id: str
    status: str | None = None
    progress: float | None = None
    total_docs: int | None = None
    file_url: str | None = None
    file_name: str | None = None
    error: str | None = None

    @field_validator("id")
    @classmethod
    def _job_id(cls, value: str) -> str:
        return check_job_id(value)

    @property
    def finished(self) -> bool:
        """It has its file or its error (the contract: poll "until `file_url` or `error`")."""
        return bool(self.file_url) or self.failed

    @property
    def failed(self) -> bool:
        return bool(self.error) or self.status == "failed"

    @property
    def fraction(self) -> float | None:
        """How far it is, 0–1, when the service says (`progress` is a per cent)."""
        if self.file_url:
            return 1.0
        if self.progress is None:
            return None
        return min(1.0, max(0.0, self.progress / 100))


@dataclass(frozen=True)
class PollPolicy:
    """How a job is waited for: pauses from `first` seconds growing by `factor` up to
    `longest`, at most `max_wait` seconds in all. `sleep` and `clock` are seams for tests."""

    first: float = 0.5
    factor: float = 1.6
    longest: float = 5.0
    max_wait: float = 900.0
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    clock: Callable[[], float] = time.monotonic

    def pauses(self) -> Iterator[float]:
        pause = self.first
        while True:
            yield pause
            pause = min(self.longest, pause * self.factor)


@dataclass(frozen=True)
class SavedFile:
    """A file the export wrote: where it is, its bytes' SHA-256 and the period it holds."""

    path: Path
    size: int
    sha256: str
    period: Period
    content_type: str | None = None
    pieces: int = 1


ProgressCallback = Callable[[float | None], None]
JobCallback = Callable[[Period, str], None]


@dataclass
class _Piece:
    period: Period
    part: PartFile
    name: str | None = None
    content_type: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _types(types: Sequence[str]) -> list[str]:
    chosen = [t for t in dict.fromkeys(types)]
    if not chosen or any(t not in EXPORT_TYPES for t in chosen):
        raise ValueError(f"types are some of {', '.join(EXPORT_TYPES)}")
    return chosen


def _period_params(period: Period) -> list[tuple[str, str]]:
    return [("date_from", period.start.isoformat()), ("date_to", period.end.isoformat())]


def default_name(what: str, period: Period, extension: str) -> str:
    """The name for a file the client makes itself (joined pieces, or an answer without a
    `Content-Disposition`): `invoices 2026-07-01 – 2026-09-30.csv`."""
    return safe_file_name(f"{what} {period.start.isoformat()} – {period.end.isoformat()}",
                          fallback="export" + extension, extension=extension)


class Exports(Resource):
    def _headers(self, entity_id: str) -> dict[str, str]:
        if entity_id is None:
            raise ValueError("an export is for one client: give its entity_id")
        return self._client._scope_headers(entity_id, account=False)

    # --- spreadsheets ----------------------------------------------------------------------

    async def spreadsheet(
        self,
        *,
        entity_id: str,
        format: SpreadsheetFormat,
        types: Sequence[str],
        period: Period,
        folder: Path,
        joined_name: str | None = None,
        timeout: float | None = DOWNLOAD_TIMEOUT,
        on_piece: Callable[[int, int], None] | None = None,
    ) -> list[SavedFile]:
        """The client's documents of `types` dated within `period`, as XLSX or CSV files in
        `folder`: one file, or for a period longer than 366 days one XLSX per piece or one
        joined CSV (named `joined_name`, else `default_name`). `on_piece(done, count)` after
        each piece."""
        if format not in _EXTENSIONS:
            raise ValueError("format is xlsx or csv")
        chosen = _types(types)
        if format == "csv" and len(chosen) > 1:
            raise ValueError("a CSV export holds one document type")
        headers = self._headers(entity_id)
        extension = _EXTENSIONS[format]
        pieces = period.pieces()
        downloaded: list[_Piece] = []
        try:
            for index, piece in enumerate(pieces):
                part = PartFile(folder, "export")
                downloaded.append(_Piece(piece, part))
                params = [("format", format), *_type_params(format, chosen),
                          *_period_params(piece)]
                raw = await self._stream(part, EXPORT_PATH, params=params, headers=headers,
                                         timeout=timeout)
                downloaded[-1].name = filename_from_disposition(
                    raw.header("content-disposition"))
                downloaded[-1].content_type = raw.header("content-type")
                if on_piece is not None:
                    on_piece(index + 1, len(pieces))
            what = ", ".join(_WORDS[t] for t in chosen)
            if len(downloaded) == 1 or format == "xlsx":
                return _commit_each(downloaded, extension, what)
            name = joined_name or default_name(what, period, extension)
            return [_join_csv(downloaded, folder, name, period)]
        finally:
            for fetched in downloaded:
                fetched.part.close()

    # --- PDF ZIP jobs ----------------------------------------------------------------------

    async def start_pdf(
        self,
        *,
        entity_id: str,
        types: Sequence[str],
        period: Period,
        language: str | None = None,
        request_id: str | None = None,
        timeout: float | None = None,
    ) -> ExportJob:
        """Start a PDF ZIP export of one period of at most 366 days."""
        if period.days > 366:
            raise ValueError("one job takes at most 366 days; pdf_zip() cuts longer periods")
        body: dict[str, Any] = {"types": _types(types), "date_from": period.start.isoformat(),
                                "date_to": period.end.isoformat()}
        if language is not None:
            body["language"] = language
        return await self._call("POST", PDF_EXPORT_PATH, ExportJob, json_body=body,
                                headers=self._headers(entity_id), request_id=request_id,
                                timeout=timeout)

    async def start_pdf_for(
        self,
        *,
        entity_id: str,
        document_ids: Sequence[str],
        language: str | None = None,
        request_id: str | None = None,
        timeout: float | None = None,
    ) -> ExportJob:
        """Start a PDF ZIP export of chosen documents of one client."""
        if not document_ids:
            raise ValueError("name at least one document")
        body: dict[str, Any] = {"document_ids": list(document_ids)}
        if language is not None:
            body["language"] = language
        return await self._call("POST", PDF_EXPORT_PATH, ExportJob, json_body=body,
                                headers=self._headers(entity_id), request_id=request_id,
                                timeout=timeout)

    async def job(self, job_id: str, *, entity_id: str,
                  timeout: float | None = None) -> ExportJob:
        path = JOB_PATH.format(id=check_job_id(job_id))
        return await self._call("GET", path, ExportJob, headers=self._headers(entity_id),
                                timeout=timeout)

    async def wait(
        self,
        job: ExportJob,
        *,
        entity_id: str,
        policy: PollPolicy | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> ExportJob:
        """Poll `job` until it has its file; `ExportJobFailed` with the service's error,
        `ExportJobTimedOut` after `policy.max_wait` seconds."""
        policy = policy or PollPolicy()
        deadline = policy.clock() + policy.max_wait
        pauses = policy.pauses()
        while not job.finished:
            if on_progress is not None:
                on_progress(job.fraction)
            pause = next(pauses)
            left = deadline - policy.clock()
            if left <= 0:
                raise ExportJobTimedOut(
                    f"The PDF export did not finish within {policy.max_wait:g} s "
                    f"(last seen: {job.status or 'no status'}, {job.progress or 0:g} %).")
            await policy.sleep(min(pause, left))
            job = await self.job(job.id, entity_id=entity_id)
        if job.failed:
            raise ExportJobFailed(f"The service could not make the PDF export: "
                                  f"{job.error or 'no reason given'}")
        if on_progress is not None:
            on_progress(1.0)
        return job

    async def download(
        self,
        job: ExportJob,
        *,
        entity_id: str,
        part: PartFile,
        timeout: float | None = DOWNLOAD_TIMEOUT,
    ) -> RawResponse:
        """Stream the finished job's archive into `part` and check it
        (`UnsafeArchiveError` for an entry that would land outside its folder)."""
        url = job.file_url
        if not url:
            raise ExportError("The export job has no file to download yet.")
        parts = urlsplit(url)
        if parts.scheme and parts.scheme not in ("http", "https"):
            raise ExportError("The export's file address is not http(s); refused.")
        own = self._client._shared.transport.same_origin(url)
        headers = {**self._headers(entity_id), "Accept": "*/*"} if own else {"Accept": "*/*"}
        raw = await self._client._request(
            "GET", url, headers=headers, timeout=timeout, authenticated=own,
            rate_limited=own, follow_redirects=True, max_bytes=MAX_DOWNLOAD_BYTES,
            sink=part.write, restart_sink=part.restart,
        )
        part.flush()
        check_archive(part.path)
        return raw

    async def pdf_zip(
        self,
        *,
        entity_id: str,
        types: Sequence[str],
        period: Period,
        folder: Path,
        language: str | None = None,
        joined_name: str | None = None,
        policy: PollPolicy | None = None,
        on_progress: ProgressCallback | None = None,
        jobs: Mapping[Period, str] | None = None,
        on_job: JobCallback | None = None,
    ) -> SavedFile:
        """One archive of the PDFs of the client's documents of `types` in `period`, in
        `folder`. A job id in `jobs` for a piece is polled instead of starting a new job
        (a job the service has forgotten, 404, is started again); `on_job(piece, id)` is told
        each job started, so that a caller can resume after a crash."""
        chosen = _types(types)
        pieces = period.pieces()
        done: list[_Piece] = []
        try:
            for index, piece in enumerate(pieces):
                def progress(fraction: float | None, index: int = index) -> None:
                    if on_progress is not None:
                        on_progress((index + (fraction or 0.0)) / len(pieces))

                job = await self._job_for_piece(entity_id, chosen, piece, language,
                                                (jobs or {}).get(piece), on_job)
                job = await self.wait(job, entity_id=entity_id, policy=policy,
                                      on_progress=progress)
                part = PartFile(folder, "export")
                done.append(_Piece(piece, part))
                raw = await self.download(job, entity_id=entity_id, part=part)
                done[-1].name = (filename_from_disposition(raw.header("content-disposition"))
                                 or job.file_name)
                done[-1].content_type = raw.header("content-type")
                done[-1].extra["total_docs"] = job.total_docs
            if len(done) == 1:
                (saved,) = _commit_each(done, ".zip", "PDF")
                return saved
            name = joined_name or default_name("PDF", period, ".zip")
            return _join_zips(done, folder, name, period)
        finally:
            for piece_done in done:
                piece_done.part.close()

    async def _job_for_piece(self, entity_id: str, types: list[str], piece: Period,
                             language: str | None, known: str | None,
                             on_job: JobCallback | None) -> ExportJob:
        if known is not None:
            try:
                return await self.job(known, entity_id=entity_id)
            except (errors.NotFoundError, ValueError):
                pass  # forgotten by the service (or not an id): start again
        job = await self.start_pdf(entity_id=entity_id, types=types, period=piece,
                                   language=language)
        if on_job is not None:
            on_job(piece, job.id)
        return job

    # --- streaming -------------------------------------------------------------------------

    async def _stream(self, part: PartFile, path: str, *, params: list[tuple[str, str]],
                      headers: dict[str, str], timeout: float | None) -> RawResponse:
        raw = await self._client._request(
            "GET", path, params=params, headers={**headers, "Accept": "*/*"},
            timeout=timeout, max_bytes=MAX_DOWNLOAD_BYTES, sink=part.write,
            restart_sink=part.restart,
        )
        part.flush()
        return raw


_WORDS = {"invoice": "invoices", "estimate": "estimates", "credit_note": "credit notes"}


def _type_params(format: str, types: list[str]) -> list[tuple[str, str]]:
    if len(types) == 1:
        return [("type", types[0])]
    return [("types", ",".join(types))]


def _unique(name: str, taken: set[str]) -> str:
    if name.lower() not in taken:
        taken.add(name.lower())
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    number = 2
    while True:
        candidate = f"{stem} ({number})" + (f".{ext}" if ext else "")
        if candidate.lower() not in taken:
            taken.add(candidate.lower())
            return candidate
        number += 1


def _commit_each(pieces: list[_Piece], extension: str, what: str) -> list[SavedFile]:
    """Each piece under its own name; if one cannot be, none of them stays (half of a
    period's files must not look like all of it)."""
    taken: set[str] = set()
    saved: list[SavedFile] = []
    try:
        for piece in pieces:
            fallback = default_name(what, piece.period, extension)
            name = _unique(safe_file_name(piece.name or fallback, fallback=fallback,
                                          extension=extension), taken)
            done = piece.part.commit(name)
            saved.append(SavedFile(done.path, done.size, done.sha256, piece.period,
                                   piece.content_type))
    except BaseException:
        for file in saved:
            file.path.unlink(missing_ok=True)
        raise
    return saved


def _join_csv(pieces: list[_Piece], folder: Path, name: str, period: Period) -> SavedFile:
    """One CSV of the pieces in order, with the first piece's header row only."""
    header: bytes | None = None
    with PartFile(folder, "joined") as out:
        for piece in pieces:
            with piece.part.path.open("rb") as source:
                first = source.readline()
                if header is None:
                    header = first.removeprefix(b"\xef\xbb\xbf")
                    out.write(first)
                elif first.removeprefix(b"\xef\xbb\xbf").rstrip(b"\r\n") != header.rstrip(
                        b"\r\n"):
                    raise ExportError("The pieces of this export have different columns; "
                                      "they were not joined.")
                _copy_rest(source, out)
        done = out.commit(safe_file_name(name, fallback="export.csv", extension=".csv"))
    return SavedFile(done.path, done.size, done.sha256, period, "text/csv", len(pieces))


def _copy_rest(source: Any, out: PartFile) -> None:
    last = b"\n"
    while chunk := source.read(1024 * 1024):
        out.write(chunk)
        last = chunk[-1:]
    if last not in (b"\n", b"\r"):
        out.write(b"\r\n")


def _join_zips(pieces: list[_Piece], folder: Path, name: str, period: Period) -> SavedFile:
    """One archive holding every piece's entries (checked already), renamed on a clash."""
    taken: set[str] = set()
    with PartFile(folder, "joined") as out:
        try:
            with zipfile.ZipFile(_Writer(out), "w", compression=zipfile.ZIP_DEFLATED) as joined:
                for piece in pieces:
                    with zipfile.ZipFile(piece.part.path) as archive:
                        for info in archive.infolist():
                            if info.is_dir():
                                continue
                            entry = _unique(info.filename, taken)
                            with archive.open(info) as src, joined.open(entry, "w") as dst:
                                shutil.copyfileobj(src, dst, 1024 * 1024)
        except zipfile.BadZipFile as exc:
            raise UnsafeArchiveError(f"An archive from the service cannot be read: {exc}.") \
                from exc
        out.flush()
        check_archive(out.path)
        done = out.commit(safe_file_name(name, fallback="export.zip", extension=".zip"))
    return SavedFile(done.path, done.size, done.sha256, period, "application/zip",
                     len(pieces))


class _Writer:
    """`PartFile` as the write-only, unseekable file `zipfile` streams into (so the SHA-256
    and the size are counted on the way and every failure is a `DestinationError`)."""

    def __init__(self, part: PartFile) -> None:
        self._part = part
        self._position = 0

    def write(self, data: bytes) -> int:
        self._part.write(bytes(data))
        self._position += len(data)
        return len(data)

    def tell(self) -> int:
        return self._position

    def flush(self) -> None:
        self._part.flush()

    def close(self) -> None:
        """The `PartFile` is closed by its owner, once committed or dropped."""
