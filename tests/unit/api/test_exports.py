"""`client.exports`: spreadsheets streamed to a file named by the server (made safe), PDF ZIP
jobs started, polled with growing pauses for a bounded time and downloaded with the key only
for the API's own origin; long periods cut and joined; every bad answer refused without a
file outside the folder or a half-written file under a real name."""

from __future__ import annotations

import datetime
import errno
import hashlib
import io
import zipfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import parse_qsl

import httpx
import pytest

from si_desktop.api import downloads, errors
from si_desktop.api.downloads import DestinationError, ExportError, UnsafeArchiveError
from si_desktop.api.resources.exports import (
    ExportJob,
    ExportJobFailed,
    ExportJobTimedOut,
    PollPolicy,
)
from si_desktop.core.periods import Period, quarter
from tests.unit.api.conftest import BASE, ENT_ID, KEY, FakeServer, make_client, ok

pytestmark = pytest.mark.anyio

Q3 = quarter(2026, 3)
JOB = "expjob_abc123def456"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def query(request: httpx.Request) -> dict[str, str]:
    return dict(parse_qsl(request.url.query.decode()))


def sheet(body: bytes, disposition: str | None = None, kind: str = XLSX) -> httpx.Response:
    headers = {"content-type": kind}
    if disposition is not None:
        headers["content-disposition"] = disposition
    return httpx.Response(200, content=body, headers=headers)


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def archive(*entries: tuple[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in entries:
            zf.writestr(zipfile.ZipInfo(name), data)
    return out.getvalue()


class Clock:
    """A fake clock that `sleep` moves on: polls cost no real time."""

    def __init__(self) -> None:
        self.now = 0.0
        self.pauses: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.pauses.append(seconds)
        self.now += seconds


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "out"
    target.mkdir()
    return target


def policy(clock: Clock, max_wait: float = 60.0) -> PollPolicy:
    return PollPolicy(first=0.5, factor=2.0, longest=4.0, max_wait=max_wait,
                      sleep=clock.sleep, clock=clock)


# --- spreadsheets -------------------------------------------------------------------------


async def test_a_spreadsheet_is_streamed_to_the_name_the_server_gives(folder: Path) -> None:
    body = b"PK\x03\x04 a workbook"
    server = FakeServer(sheet(body, "attachment; filename=\"Acme - invoices.xlsx\"; "
                                    "filename*=UTF-8''%C4%8Cevlji%20%E2%80%93%20Q3.xlsx"))
    async with make_client(server) as si:
        (saved,) = await si.exports.spreadsheet(entity_id=ENT_ID, format="xlsx",
                                                types=["invoice"], period=Q3, folder=folder)
    assert saved.path == folder / "Čevlji – Q3.xlsx" and saved.path.read_bytes() == body
    assert saved.sha256 == hashlib.sha256(body).hexdigest() and saved.size == len(body)
    assert listing(folder) == ["Čevlji – Q3.xlsx"]  # no .part left behind
    request = server.last
    assert request.url.path == "/documents/export" and request.headers["x-entity-id"] == ENT_ID
    assert query(request) == {"format": "xlsx", "type": "invoice", "date_from": "2026-07-01",
                              "date_to": "2026-09-30"}


async def test_several_types_go_as_types(folder: Path) -> None:
    server = FakeServer(sheet(b"x", "attachment; filename=a.xlsx"))
    async with make_client(server) as si:
        await si.exports.spreadsheet(entity_id=ENT_ID, format="xlsx",
                                     types=["invoice", "credit_note"], period=Q3, folder=folder)
    assert query(server.last)["types"] == "invoice,credit_note"
    with pytest.raises(ValueError):
        async with make_client(server) as si:
            await si.exports.spreadsheet(entity_id=ENT_ID, format="csv",
                                         types=["invoice", "credit_note"], period=Q3,
                                         folder=folder)


@pytest.mark.parametrize(("disposition", "expected"), [
    ("attachment; filename*=UTF-8''..%2F..%2Fevil.xlsx", "evil.xlsx"),
    ('attachment; filename="C:\\\\Windows\\\\evil.xlsx"', "evil.xlsx"),
    ("attachment; filename*=UTF-8''a%00b%1B%0Ac.xlsx", "ab c.xlsx"),
    ('attachment; filename="/etc/cron.d/job"', "job.xlsx"),
    ('attachment; filename=".."', "invoices 2026-07-01 – 2026-09-30.xlsx"),
    (None, "invoices 2026-07-01 – 2026-09-30.xlsx"),
])
async def test_a_hostile_file_name_stays_in_the_folder(
    tmp_path: Path, folder: Path, disposition: str | None, expected: str,
) -> None:
    server = FakeServer(sheet(b"data", disposition))
    async with make_client(server) as si:
        (saved,) = await si.exports.spreadsheet(entity_id=ENT_ID, format="xlsx",
                                                types=["invoice"], period=Q3, folder=folder)
    assert saved.path == folder / expected
    assert listing(folder) == [expected] and listing(tmp_path) == ["out"]


async def test_a_long_csv_period_is_asked_for_in_pieces_and_joined(folder: Path) -> None:
    first = b"Number,Total\r\n1,10.00\r\n"
    second = b"Number,Total\r\n2,20.00"
    server = FakeServer(sheet(first, "attachment; filename=a.csv", "text/csv"),
                        sheet(second, "attachment; filename=b.csv", "text/csv"))
    period = Period(datetime.date(2025, 1, 1), datetime.date(2026, 3, 31))
    async with make_client(server) as si:
        (saved,) = await si.exports.spreadsheet(entity_id=ENT_ID, format="csv",
                                                types=["invoice"], period=period, folder=folder)
    assert [(query(r)["date_from"], query(r)["date_to"]) for r in server.requests] == [
        ("2025-01-01", "2026-01-01"), ("2026-01-02", "2026-03-31")]
    assert saved.path.read_bytes() == b"Number,Total\r\n1,10.00\r\n2,20.00\r\n"
    assert saved.path.name == "invoices 2025-01-01 – 2026-03-31.csv" and saved.pieces == 2
    assert listing(folder) == [saved.path.name]


async def test_csv_pieces_that_disagree_on_columns_are_not_joined(folder: Path) -> None:
    server = FakeServer(sheet(b"A,B\r\n1,2\r\n", None, "text/csv"),
                        sheet(b"A,C\r\n3,4\r\n", None, "text/csv"))
    period = Period(datetime.date(2025, 1, 1), datetime.date(2026, 3, 31))
    async with make_client(server) as si:
        with pytest.raises(ExportError, match="different columns"):
            await si.exports.spreadsheet(entity_id=ENT_ID, format="csv", types=["invoice"],
                                         period=period, folder=folder)
    assert listing(folder) == []


async def test_a_long_xlsx_period_is_one_file_per_piece(folder: Path) -> None:
    server = FakeServer(sheet(b"one", "attachment; filename=same.xlsx"),
                        sheet(b"two", "attachment; filename=same.xlsx"))
    period = Period(datetime.date(2025, 1, 1), datetime.date(2026, 3, 31))
    async with make_client(server) as si:
        saved = await si.exports.spreadsheet(entity_id=ENT_ID, format="xlsx",
                                             types=["invoice"], period=period, folder=folder)
    assert [s.path.name for s in saved] == ["same.xlsx", "same (2).xlsx"]
    assert [s.path.read_bytes() for s in saved] == [b"one", b"two"]
    assert [s.period.end for s in saved] == [datetime.date(2026, 1, 1), period.end]


async def test_a_retried_download_keeps_only_the_second_attempt(folder: Path) -> None:
    async def broken() -> AsyncIterator[bytes]:
        yield b"half of the first"
        raise httpx.ReadError("connection reset")

    server = FakeServer(httpx.Response(200, content=broken()), sheet(b"the whole file", None))
    async with make_client(server) as si:
        (saved,) = await si.exports.spreadsheet(entity_id=ENT_ID, format="xlsx",
                                                types=["invoice"], period=Q3, folder=folder)
    assert saved.path.read_bytes() == b"the whole file" and len(server.requests) == 2
    assert server.requests[0].headers["x-request-id"] == server.requests[1].headers[
        "x-request-id"]


async def test_a_server_error_writes_nothing(folder: Path) -> None:
    server = FakeServer(httpx.Response(422, json={"code": "validation_error", "message": "x"}))
    async with make_client(server) as si:
        with pytest.raises(errors.ValidationError):
            await si.exports.spreadsheet(entity_id=ENT_ID, format="xlsx", types=["invoice"],
                                         period=Q3, folder=folder)
    assert listing(folder) == []


class FullDisk(io.BytesIO):
    def __init__(self, room: int, error: int = errno.ENOSPC) -> None:
        super().__init__()
        self.room, self.error = room, error

    def write(self, data: Any) -> int:
        if self.tell() + len(data) > self.room:
            raise OSError(self.error, "No space left on device")
        return super().write(data)


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    real = downloads.open_part

    def opener(path: Path) -> BinaryIO:
        real(path).close()  # the part file exists on disk, as it would
        return FullDisk(room=4)

    monkeypatch.setattr(downloads, "open_part", opener)
    yield


async def test_a_full_disk_is_a_clear_error_and_leaves_nothing(
    folder: Path, full_disk: None,
) -> None:
    server = FakeServer(sheet(b"more than four bytes", "attachment; filename=a.xlsx"))
    async with make_client(server) as si:
        with pytest.raises(DestinationError) as caught:
            await si.exports.spreadsheet(entity_id=ENT_ID, format="xlsx", types=["invoice"],
                                         period=Q3, folder=folder)
    assert caught.value.reason == "no_space" and "no space left" in str(caught.value)
    assert listing(folder) == [] and len(server.requests) == 1  # not retried


async def test_a_folder_that_cannot_be_written_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(path: Path) -> BinaryIO:
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(downloads, "open_part", refuse)
    server = FakeServer(sheet(b"x", None))
    async with make_client(server) as si:
        with pytest.raises(DestinationError) as caught:
            await si.exports.spreadsheet(entity_id=ENT_ID, format="xlsx", types=["invoice"],
                                         period=Q3, folder=tmp_path)
    assert caught.value.reason == "not_writable" and server.requests == []


async def test_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    server = FakeServer(sheet(b"x", None))
    async with make_client(server) as si:
        with pytest.raises(DestinationError):
            await si.exports.spreadsheet(entity_id=ENT_ID, format="xlsx", types=["invoice"],
                                         period=Q3, folder=tmp_path / "missing")


# --- PDF ZIP jobs -------------------------------------------------------------------------


def job(**fields: Any) -> dict[str, Any]:
    return {"id": JOB, "status": "processing", "progress": 0, "total_docs": 3,
            "file_url": None, "file_name": None, "error": None, **fields}


def zip_reply(*entries: tuple[str, bytes], name: str = "Acme PDF.zip") -> httpx.Response:
    return httpx.Response(200, content=archive(*entries), headers={
        "content-type": "application/zip", "content-disposition": f'attachment; filename="{name}"'})


async def test_a_pdf_export_starts_polls_with_growing_pauses_and_downloads(
    folder: Path, clock: Clock,
) -> None:
    file_url = f"{BASE}/documents/export/jobs/{JOB}/file"
    server = FakeServer(
        ok(job(status="pending"), 202), ok(job(progress=33)), ok(job(progress=66)),
        ok(job(progress=90)), ok(job(status="completed", progress=100, file_url=file_url)),
        zip_reply(("Invoice 1.pdf", b"%PDF-1"), ("Invoice 2.pdf", b"%PDF-2")),
    )
    seen: list[float | None] = []
    async with make_client(server) as si:
        saved = await si.exports.pdf_zip(entity_id=ENT_ID, types=["invoice"], period=Q3,
                                         folder=folder, language="sl-SI",
                                         policy=policy(clock), on_progress=seen.append)
    start = server.requests[0]
    assert (start.method, start.url.path) == ("POST", "/documents/export/pdf")
    assert server.body(0) == {"types": ["invoice"], "date_from": "2026-07-01",
                              "date_to": "2026-09-30", "language": "sl-SI"}
    assert clock.pauses == [0.5, 1.0, 2.0, 4.0]
    assert seen == sorted(x for x in seen if x is not None) and seen[-1] == 1.0
    assert all(r.headers["x-entity-id"] == ENT_ID for r in server.requests)
    assert server.last.headers["authorization"] == f"Bearer {KEY}"
    assert saved.path == folder / "Acme PDF.zip"
    assert zipfile.ZipFile(saved.path).namelist() == ["Invoice 1.pdf", "Invoice 2.pdf"]


async def test_an_archive_elsewhere_gets_neither_the_key_nor_the_entity(folder: Path) -> None:
    server = FakeServer(ok(job(file_url="https://files.example/x.zip?sig=1")),
                        zip_reply(("a.pdf", b"%PDF")))
    async with make_client(server) as si:
        found = await si.exports.job(JOB, entity_id=ENT_ID)
        with downloads.PartFile(folder) as part:
            await si.exports.download(found, entity_id=ENT_ID, part=part)
    assert server.last.url.host == "files.example"
    assert "authorization" not in server.last.headers
    assert "x-entity-id" not in server.last.headers


async def test_a_redirect_away_from_the_api_drops_the_key(folder: Path) -> None:
    server = FakeServer(
        ok(job(file_url=f"{BASE}/documents/export/jobs/{JOB}/file")),
        httpx.Response(302, headers={"location": "https://cdn.example/x.zip"}),
        zip_reply(("a.pdf", b"%PDF")),
    )
    async with make_client(server) as si:
        found = await si.exports.job(JOB, entity_id=ENT_ID)
        with downloads.PartFile(folder) as part:
            await si.exports.download(found, entity_id=ENT_ID, part=part)
    assert server.requests[1].headers["authorization"] == f"Bearer {KEY}"
    assert server.last.url.host == "cdn.example" and "authorization" not in server.last.headers


async def test_a_failed_job_says_why(folder: Path, clock: Clock) -> None:
    server = FakeServer(ok(job(status="pending"), 202),
                        ok(job(status="failed", error="renderer crashed")))
    async with make_client(server) as si:
        with pytest.raises(ExportJobFailed, match="renderer crashed"):
            await si.exports.pdf_zip(entity_id=ENT_ID, types=["invoice"], period=Q3,
                                     folder=folder, policy=policy(clock))
    assert listing(folder) == []


async def test_a_job_that_never_finishes_is_given_up_in_bounded_time(
    folder: Path, clock: Clock,
) -> None:
    server = FakeServer(ok(job(status="pending"), 202), ok(job(progress=10)))
    async with make_client(server) as si:
        with pytest.raises(ExportJobTimedOut, match="did not finish within 20 s"):
            await si.exports.pdf_zip(entity_id=ENT_ID, types=["invoice"], period=Q3,
                                     folder=folder, policy=policy(clock, max_wait=20))
    assert clock.now == pytest.approx(20) and len(server.requests) <= 10
    assert listing(folder) == []


@pytest.mark.parametrize("entry", [
    "../evil.pdf", "a/../../evil.pdf", "/etc/evil.pdf", "C:/evil.pdf", "C:evil.pdf",
    "a\\..\\evil.pdf", "bad\x1bname.pdf",
])
async def test_a_zip_slip_archive_is_refused_and_not_kept(
    tmp_path: Path, folder: Path, clock: Clock, entry: str,
) -> None:
    server = FakeServer(ok(job(status="completed", file_url=f"{BASE}/f"), 202),
                        zip_reply(("fine.pdf", b"%PDF"), (entry, b"%PDF")))
    async with make_client(server) as si:
        with pytest.raises(UnsafeArchiveError, match=r"outside|control"):
            await si.exports.pdf_zip(entity_id=ENT_ID, types=["invoice"], period=Q3,
                                     folder=folder, policy=policy(clock))
    assert listing(folder) == [] and listing(tmp_path) == ["out"]


async def test_a_link_in_an_archive_is_refused(folder: Path, clock: Clock) -> None:
    link = zipfile.ZipInfo("link.pdf")
    link.external_attr = (0o120777 << 16)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr(link, "/etc/passwd")
    server = FakeServer(ok(job(status="completed", file_url=f"{BASE}/f"), 202),
                        httpx.Response(200, content=out.getvalue()))
    async with make_client(server) as si:
        with pytest.raises(UnsafeArchiveError, match="link"):
            await si.exports.pdf_zip(entity_id=ENT_ID, types=["invoice"], period=Q3,
                                     folder=folder, policy=policy(clock))
    assert listing(folder) == []


async def test_an_answer_that_is_no_zip_is_refused(folder: Path, clock: Clock) -> None:
    server = FakeServer(ok(job(status="completed", file_url=f"{BASE}/f"), 202),
                        httpx.Response(200, content=b"<html>login</html>"))
    async with make_client(server) as si:
        with pytest.raises(UnsafeArchiveError, match="cannot be read"):
            await si.exports.pdf_zip(entity_id=ENT_ID, types=["invoice"], period=Q3,
                                     folder=folder, policy=policy(clock))
    assert listing(folder) == []


@pytest.mark.parametrize("bad", ["expjob_../../x", "job_123456", "expjob_a", 7])
async def test_a_job_id_of_the_wrong_shape_is_never_put_in_a_path(bad: Any) -> None:
    server = FakeServer(ok(job(id=bad), 202))
    async with make_client(server) as si:
        with pytest.raises(errors.MalformedResponseError):
            await si.exports.start_pdf(entity_id=ENT_ID, types=["invoice"], period=Q3)
        with pytest.raises(ValueError):
            await si.exports.job(str(bad), entity_id=ENT_ID)
    assert len(server.requests) == 1


async def test_a_long_pdf_period_is_one_archive(folder: Path, clock: Clock) -> None:
    url = f"{BASE}/file"
    server = FakeServer(
        ok(job(id="expjob_first1", status="completed", file_url=url), 202),
        zip_reply(("Invoice 1.pdf", b"%PDF-a"), ("Invoice 2.pdf", b"%PDF-b")),
        ok(job(id="expjob_second", status="completed", file_url=url), 202),
        zip_reply(("Invoice 2.pdf", b"%PDF-c")),
    )
    period = Period(datetime.date(2025, 1, 1), datetime.date(2026, 3, 31))
    async with make_client(server) as si:
        saved = await si.exports.pdf_zip(entity_id=ENT_ID, types=["invoice"], period=period,
                                         folder=folder, policy=policy(clock))
    assert [server.body(i)["date_to"] for i in (0, 2)] == ["2026-01-01", "2026-03-31"]
    with zipfile.ZipFile(saved.path) as joined:
        assert joined.namelist() == ["Invoice 1.pdf", "Invoice 2.pdf", "Invoice 2 (2).pdf"]
        assert joined.read("Invoice 2 (2).pdf") == b"%PDF-c"
    assert saved.pieces == 2 and listing(folder) == ["PDF 2025-01-01 – 2026-03-31.zip"]
    assert saved.sha256 == hashlib.sha256(saved.path.read_bytes()).hexdigest()


async def test_a_known_job_is_polled_and_a_forgotten_one_started_again(
    folder: Path, clock: Clock,
) -> None:
    url = f"{BASE}/file"
    started: list[tuple[Period, str]] = []
    server = FakeServer(ok(job(status="completed", file_url=url)), zip_reply(("a.pdf", b"%")))
    async with make_client(server) as si:
        await si.exports.pdf_zip(entity_id=ENT_ID, types=["invoice"], period=Q3, folder=folder,
                                 policy=policy(clock), jobs={Q3: JOB},
                                 on_job=lambda *a: started.append(a))
    assert server.requests[0].method == "GET" and started == []
    server = FakeServer(httpx.Response(404, json={"code": "not_found", "message": "gone"}),
                        ok(job(id="expjob_again1", status="completed", file_url=url), 202),
                        zip_reply(("a.pdf", b"%")))
    async with make_client(server) as si:
        await si.exports.pdf_zip(entity_id=ENT_ID, types=["invoice"], period=Q3, folder=folder,
                                 policy=policy(clock), jobs={Q3: JOB},
                                 on_job=lambda *a: started.append(a))
    assert started == [(Q3, "expjob_again1")]


def test_a_job_reads_its_progress() -> None:
    assert ExportJob.model_validate(job(progress=50)).fraction == 0.5
    assert ExportJob.model_validate(job(progress=None)).fraction is None
    done = ExportJob.model_validate(job(status="completed", file_url="/f"))
    assert done.finished and not done.failed and done.fraction == 1.0
    assert ExportJob.model_validate(job(error="x")).failed


@pytest.mark.parametrize(("value", "expected"), [
    ("attachment; filename=\"a b.xlsx\"; filename*=UTF-8''%C5%BD.xlsx", "Ž.xlsx"),
    ("attachment; filename*=utf-8''x%20y.csv; filename=z.csv", "x y.csv"),
    ("attachment; filename*=iso-8859-1'en'%E9t%E9.csv", "été.csv"),
    ('attachment; filename="quo\\"te.csv"', 'quo"te.csv'),
    ("attachment; filename=plain.csv", "plain.csv"),
    ("attachment", None),
    (None, None),
])
def test_content_disposition_names(value: str | None, expected: str | None) -> None:
    assert downloads.filename_from_disposition(value) == expected


async def test_xlsx_pieces_stay_all_or_none(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = downloads.PartFile.commit
    calls: list[str] = []

    def commit(self: downloads.PartFile, name: str) -> downloads.Committed:
        calls.append(name)
        if len(calls) == 2:
            raise DestinationError("the disk went away", reason="other")
        return real(self, name)

    monkeypatch.setattr(downloads.PartFile, "commit", commit)
    server = FakeServer(sheet(b"one", "attachment; filename=a.xlsx"),
                        sheet(b"two", "attachment; filename=b.xlsx"))
    period = Period(datetime.date(2025, 1, 1), datetime.date(2026, 3, 31))
    async with make_client(server) as si:
        with pytest.raises(DestinationError):
            await si.exports.spreadsheet(entity_id=ENT_ID, format="xlsx", types=["invoice"],
                                         period=period, folder=folder)
    assert calls == ["a.xlsx", "b.xlsx"] and listing(folder) == []
