"""The firm-wide export: one step per client into that client's own folder, every request of
a step for that step's client, a state that resumes after a crash or a lost network, and a
`manifest.csv` that agrees with the files; bad destinations, names, jobs and archives."""

from __future__ import annotations

import asyncio
import csv
import datetime
import errno
import hashlib
import io
import itertools
import json
import os
import zipfile
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import quote

import httpx
import openpyxl
import pytest
from starlette.applications import Starlette

from si_desktop.api import RetryPolicy, SpaceInvoicesClient, downloads
from si_desktop.api.resources.exports import PollPolicy
from si_desktop.core.periods import quarter
from si_desktop.sandbox import create_app
from si_desktop.sandbox.ids import Clock
from si_desktop.sync.exports import ExportClient, ExportEvent, ExportPlan, FirmExport
from tests.fixtures.sandbox import ASGI_BASE_URL

pytestmark = pytest.mark.anyio

Q3 = quarter(2026, 3)
TODAY = datetime.datetime(2026, 10, 15, 10, 0, tzinfo=datetime.UTC)
FAST = PollPolicy(first=0.0, factor=1.0, longest=0.0, max_wait=30.0)


class Recorder(httpx.AsyncBaseTransport):
    """The sandbox in-process, each request noted with its `x-entity-id` beside the export's
    own events in one timeline; `cut_after` requests later the network is gone."""

    def __init__(self, app: Starlette) -> None:
        self.inner = httpx.ASGITransport(app=app)
        self.timeline: list[tuple[str, str | None, str]] = []
        self.cut_after: int | None = None
        self.count = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.count += 1
        if self.cut_after is not None and self.count > self.cut_after:
            raise httpx.ConnectError("network is unreachable", request=request)
        self.timeline.append(("request", request.headers.get("x-entity-id"), request.url.path))
        await asyncio.sleep(0)  # the network: a task waiting on it can be cancelled
        return await self.inner.handle_async_request(request)

    def note(self, event: ExportEvent) -> None:
        if event.client is not None and event.kind in ("client_started", "client_finished"):
            self.timeline.append((event.kind, event.client.id, ""))


@dataclass
class Firm:
    app: Starlette
    key: str
    transport: Recorder
    api: SpaceInvoicesClient
    clients: list[ExportClient]
    data_dir: Path
    out: Path
    extra: dict[str, Any] = field(default_factory=dict)

    async def source(self) -> SpaceInvoicesClient:
        return self.api

    def plan(self, fmt: str = "xlsx", clients: list[ExportClient] | None = None,
             **kw: Any) -> ExportPlan:
        return ExportPlan(tuple(clients or self.clients), tuple(kw.pop("types", ["invoice"])),
                          fmt, kw.pop("period", Q3), kw.pop("destination", self.out), **kw)

    def start(self, plan: ExportPlan, **kw: Any) -> FirmExport:
        kw.setdefault("poll", FAST)
        return FirmExport.start(plan, data_dir=self.data_dir, api=self.source, **kw)


@pytest.fixture
async def firm(sandbox_key: str, tmp_path: Path) -> AsyncIterator[Firm]:
    app = create_app(api_key=sandbox_key, clients=10, clock=Clock(lambda: TODAY))
    transport = Recorder(app)
    api = SpaceInvoicesClient(api_key=sandbox_key, base_url=ASGI_BASE_URL, transport=transport,
                              rate_limit_per_min=None, retry=RetryPolicy(attempts=2))
    clients = [ExportClient(e.id, e.name, e.tax_number, (e.metadata or {}).get("client_code"))
               async for e in api.entities.iterate()]
    assert len(clients) == 10
    transport.timeline.clear()  # what the test itself asked for is not the export's
    transport.count = 0
    try:
        yield Firm(app, sandbox_key, transport, api, clients, tmp_path / "data",
                   tmp_path / "out")
    finally:
        await api.aclose()
        app.state.sandbox.close()


def invoice_pdf_name(firm: Firm, client: ExportClient, number: str) -> str:
    """An invoice's file name in a PDF archive: as the service names it, in the client's
    language (`Račun 2026-00001.pdf` for a Slovenian client)."""
    from si_desktop.core.file_names import document_pdf_name
    from si_desktop.core.formatting import client_locale

    found = firm.app.state.sandbox.store.get_entity(client.id)
    assert found is not None
    return document_pdf_name("invoice", number, client_locale(found[0]))


async def own_invoices(firm: Firm, client: ExportClient) -> set[tuple[str, str, str, Decimal]]:
    """(number, date, customer, total with tax) of the client's issued Q3 invoices, as the
    service lists them to that client."""
    found = set()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=firm.app),
                                 base_url=ASGI_BASE_URL,
                                 headers={"Authorization": f"Bearer {firm.key}",
                                          "x-entity-id": client.id}) as raw:
        cursor = None
        while True:
            params: dict[str, Any] = {"limit": 100, "query": json.dumps(
                {"date": {"between": [Q3.start.isoformat(), Q3.end.isoformat()]},
                 "is_draft": False})}
            if cursor:
                params["next_cursor"] = cursor
            page = (await raw.get("/invoices", params=params)).json()
            for doc in page["data"]:
                found.add((doc["number"], doc["date"][:10], doc["customer"]["name"],
                           Decimal(str(doc["total_with_tax"]))))
            cursor = page["pagination"]["next_cursor"]
            if not page["pagination"]["has_more"]:
                return found


def xlsx_rows(path: Path) -> set[tuple[str, str, str, Decimal]]:
    sheet = openpyxl.load_workbook(path, read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = [str(h) for h in rows[0]]
    at = {name: header.index(name) for name in ("Number", "Date", "Customer", "Total with tax")}
    return {(r[at["Number"]], r[at["Date"]].date().isoformat(), r[at["Customer"]],
             Decimal(str(r[at["Total with tax"]]))) for r in rows[1:]}


def manifest(out: Path) -> list[dict[str, str]]:
    with (out / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def files_under(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


# --- the client boundary ------------------------------------------------------------------


async def test_ten_clients_each_document_lands_in_exactly_its_own_folder(firm: Firm) -> None:
    job = firm.start(firm.plan("xlsx"), concurrency=1)
    summary = await job.run(firm.transport.note)
    assert summary.complete and summary.stopped is None and not summary.failed
    expected = {c.id: await own_invoices(firm, c) for c in firm.clients}
    # the check can tell clients apart: no two clients' documents look the same
    assert all(a != b for a, b in itertools.combinations(expected.values(), 2))
    placed: dict[tuple[str, str, str, Decimal], list[str]] = {}
    for client in firm.clients:
        folder = firm.out / job.states[client.id].folder
        assert folder.name == f"{client.code} – {client.tax_number}"
        (workbook,) = folder.iterdir()
        rows = xlsx_rows(workbook)
        assert rows == expected[client.id], client.name
        for row in rows:
            placed.setdefault(row, []).append(client.id)
    every = set().union(*expected.values())
    assert set(placed) == every and all(len(owners) == 1 for owners in placed.values())
    assert sum(len(rows) for rows in expected.values()) == summary.documents > 0


async def test_every_request_of_a_step_is_for_that_steps_client(firm: Firm) -> None:
    job = firm.start(firm.plan("pdf_zip", types=["invoice", "credit_note"]), concurrency=1)
    summary = await job.run(firm.transport.note)
    assert summary.complete
    current: str | None = None
    steps = 0
    for kind, entity, path in firm.transport.timeline:
        if kind == "client_started":
            current, steps = entity, steps + 1
        elif kind == "client_finished":
            current = None
        else:
            assert current is not None, f"a request outside any step: {path}"
            assert entity == current, f"{path} of {current}'s step named {entity}"
    assert steps == 10


async def test_pdf_archives_hold_exactly_their_clients_documents(firm: Firm) -> None:
    summary = await firm.start(firm.plan("pdf_zip")).run()
    assert summary.complete and not summary.failed
    names = {c.id: {invoice_pdf_name(firm, c, row[0]) for row in await own_invoices(firm, c)}
             for c in firm.clients}
    assert all(a != b for a, b in itertools.combinations(names.values(), 2))
    for client in firm.clients:
        state = summary.states[client.id]
        (archive,) = (firm.out / state.folder).iterdir()
        with zipfile.ZipFile(archive) as zf:
            assert set(zf.namelist()) == names[client.id]


# --- the manifest -------------------------------------------------------------------------


async def test_the_manifest_agrees_with_the_files(firm: Firm) -> None:
    summary = await firm.start(firm.plan("xlsx", types=["invoice", "credit_note"])).run()
    rows = manifest(firm.out)
    assert list(rows[0]) == ["client_id", "client_name", "folder", "file", "documents",
                             "total_with_tax", "sha256", "status", "note", "period", "types"]
    assert {(r["period"], r["types"]) for r in rows} == {
        ("2026-07-01..2026-09-30", "invoice,credit_note")}
    assert {r["client_id"] for r in rows} == {c.id for c in firm.clients}
    for row in rows:
        path = firm.out / row["folder"] / row["file"]
        assert row["status"] == "exported" and path.is_file()
        assert hashlib.sha256(path.read_bytes()).hexdigest() == row["sha256"]
        sheet = list(openpyxl.load_workbook(path).worksheets[0].iter_rows(values_only=True))
        assert int(row["documents"]) == len(sheet) - 1
        totals: dict[str, Decimal] = {}
        for line in sheet[1:]:
            totals[line[6]] = totals.get(line[6], Decimal(0)) + Decimal(str(line[9]))
        assert row["total_with_tax"] == "; ".join(
            f"{code} {totals[code]:.2f}" for code in sorted(totals))
    assert files_under(firm.out) == sorted(
        ["manifest.csv", *(f"{r['folder']}/{r['file']}" for r in rows)])
    assert summary.manifest == firm.out / "manifest.csv"


async def test_a_client_without_documents_is_named_and_leaves_no_folder(firm: Firm) -> None:
    quiet = await firm.api.entities.create(name="Quiet d.o.o.", country="Slovenia",
                                           tax_number="SI11111111")
    empty = ExportClient(quiet.id, quiet.name, quiet.tax_number)
    summary = await firm.start(firm.plan("csv", clients=[firm.clients[0], empty])).run()
    assert summary.empty == [empty] and summary.exported == [firm.clients[0]]
    assert not (firm.out / "Quiet d.o.o. – SI11111111").exists()
    quiet_row = next(r for r in manifest(firm.out) if r["client_id"] == quiet.id)
    assert (quiet_row["status"], quiet_row["documents"], quiet_row["note"]) == (
        "empty", "0", "No documents in Q3 2026.")


async def test_one_clients_failure_does_not_stop_the_others(firm: Firm) -> None:
    ghost = ExportClient("ent_" + "0" * 24, "Gone Ltd")
    summary = await firm.start(firm.plan("xlsx", clients=[ghost, *firm.clients[:2]])).run()
    assert summary.complete and summary.exported == firm.clients[:2]
    ((failed, reason),) = summary.failed
    assert failed == ghost and "not found" in reason.lower()
    row = next(r for r in manifest(firm.out) if r["client_id"] == ghost.id)
    assert row["status"] == "failed" and row["note"] == reason


# --- resuming -----------------------------------------------------------------------------


async def test_a_lost_network_stops_the_run_and_resume_finishes_it(firm: Firm) -> None:
    plan = firm.plan("xlsx")
    firm.transport.cut_after = 4
    job = firm.start(plan, concurrency=1)
    first = await job.run()
    assert first.stopped is not None and first.stop_kind == "network"
    done_first = {c.id for c in first.exported}
    assert len(done_first) == 4 and len(first.pending) == 6
    assert not (firm.out / "manifest.csv").exists()
    assert not [p for p in firm.out.rglob("*") if p.name.endswith(".part")]
    assert FirmExport.unfinished(firm.data_dir) == [job.state_path]

    firm.transport.cut_after = None
    before = len(firm.transport.timeline)
    resumed = FirmExport.resume(job.state_path, api=firm.source, poll=FAST)
    second = await resumed.run()
    assert second.complete and second.stopped is None
    asked = {entity for _, entity, _ in firm.transport.timeline[before:]}
    assert asked == {c.id for c in firm.clients} - done_first  # nothing done twice
    assert len(manifest(firm.out)) == 10 and FirmExport.unfinished(firm.data_dir) == []


async def test_a_crash_mid_step_resumes_and_clears_its_half_written_file(firm: Firm) -> None:
    job = firm.start(firm.plan("xlsx"), concurrency=1)
    task = asyncio.ensure_future(job.run(lambda e: task.cancel()
                                         if e.kind == "client_finished" and e.finished == 3
                                         else None))
    with pytest.raises(asyncio.CancelledError):
        await task
    state = json.loads(job.state_path.read_text())
    assert [s["status"] for s in state["clients"].values()].count("done") == 3
    # what a killed process leaves: a part file in the folder of the step it was on
    pending = next(c for c in firm.clients if state["clients"][c.id]["status"] == "pending")
    folder = firm.out / state["clients"][pending.id]["folder"]
    folder.mkdir(exist_ok=True)
    (folder / ".export.0123456789ab.part").write_bytes(b"half")
    summary = await FirmExport.resume(job.state_path, api=firm.source).run()
    assert summary.complete and len(summary.exported) == 10
    assert not list(firm.out.rglob("*.part"))


async def test_failed_clients_can_be_tried_again(firm: Firm) -> None:
    ghost = ExportClient("ent_" + "0" * 24, "Gone Ltd")
    job = firm.start(firm.plan("csv", clients=[ghost, firm.clients[0]]))
    assert len((await job.run()).failed) == 1
    job.retry_failed()
    assert job.states[ghost.id].status == "pending"
    assert FirmExport.unfinished(firm.data_dir) == [job.state_path]


# --- bad destinations ---------------------------------------------------------------------


async def test_a_destination_that_is_a_file_stops_at_once(firm: Firm, tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder")
    summary = await firm.start(firm.plan("xlsx", destination=blocker / "out")).run()
    assert summary.stopped is not None and summary.stop_kind.startswith("destination_")
    assert str(blocker) in summary.stopped and len(summary.pending) == 10
    assert firm.transport.timeline == []  # nothing asked of the service


@pytest.fixture
def disk_fills(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The disk is full after the second file opened for writing."""
    real = downloads.open_part
    opened: list[int] = []

    class Full(io.BytesIO):
        def write(self, data: Any) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    def opener(path: Path) -> BinaryIO:
        opened.append(1)
        handle = real(path)
        if len(opened) > 3:  # the probe, then two clients' files
            handle.close()
            return Full()
        return handle

    monkeypatch.setattr(downloads, "open_part", opener)
    yield opened


async def test_a_full_disk_stops_the_run_without_a_half_file(
    firm: Firm, disk_fills: list[int],
) -> None:
    summary = await firm.start(firm.plan("xlsx"), concurrency=1).run()
    assert summary.stop_kind == "destination_no_space" and "no space" in summary.stopped.lower()
    assert len(summary.exported) == 2 and summary.pending
    left = files_under(firm.out)
    assert len(left) == 2 and not any(".part" in name for name in left)
    assert len(list(firm.out.iterdir())) == 2  # no empty folder for the third client
    assert not (firm.out / "manifest.csv").exists()


# --- hostile answers (a scripted service) -------------------------------------------------


ENT_A, ENT_B = "ent_" + "a" * 24, "ent_" + "b" * 24
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(*rows: tuple[Any, ...]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Number", "Currency", "Total with tax"])
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def scripted(handler: Any) -> SpaceInvoicesClient:
    return SpaceInvoicesClient(api_key="sk_live_" + "c" * 32, base_url="https://api.test",
                               transport=httpx.MockTransport(handler), rate_limit_per_min=None,
                               retry=RetryPolicy(attempts=1))


async def run_scripted(handler: Any, out: Path, data_dir: Path, fmt: str = "xlsx",
                       poll: PollPolicy = FAST) -> FirmExport:
    api = scripted(handler)

    async def source() -> SpaceInvoicesClient:
        return api

    plan = ExportPlan((ExportClient(ENT_A, "Alpha", "SI1"), ExportClient(ENT_B, "Beta", "SI2")),
                      ("invoice",), fmt, Q3, out)  # type: ignore[arg-type]
    job = FirmExport.start(plan, data_dir=data_dir, api=source, poll=poll)
    await job.run()
    await api.aclose()
    return job


async def test_a_servers_path_in_a_file_name_cannot_reach_another_clients_folder(
    tmp_path: Path,
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        other = "Beta – SI2" if request.headers["x-entity-id"] == ENT_A else "Alpha – SI1"
        return httpx.Response(200, content=workbook(("1", "EUR", 10)), headers={
            "content-type": XLSX_TYPE,
            "content-disposition": "attachment; filename*=UTF-8''"
                                   + quote(f"../{other}/evil.xlsx", safe="")})

    out = tmp_path / "out"
    job = await run_scripted(handler, out, tmp_path / "data")
    assert files_under(out) == ["Alpha – SI1/evil.xlsx", "Beta – SI2/evil.xlsx", "manifest.csv"]
    assert all(s.status == "done" for s in job.states.values())
    assert files_under(tmp_path) == sorted([f"out/{name}" for name in files_under(out)] + [
        f"data/exports/{job.state_path.name}"])


async def test_a_zip_slip_archive_fails_its_client_and_writes_nothing_outside(
    tmp_path: Path,
) -> None:
    bad = io.BytesIO()
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("../../escaped.pdf", b"%PDF")

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            return httpx.Response(202, json={"id": "expjob_abcdef12", "status": "completed",
                                             "file_url": "https://api.test/f"})
        return httpx.Response(200, content=bad.getvalue())

    out = tmp_path / "out"
    job = await run_scripted(handler, out, tmp_path / "data", fmt="pdf_zip")
    assert {s.kind for s in job.states.values()} == {"unsafe_archive"}
    assert files_under(out) == ["manifest.csv"] and not (tmp_path / "escaped.pdf").exists()
    assert all("outside" in (s.reason or "") for s in job.states.values())


async def test_a_job_that_fails_or_never_finishes_fails_its_client_only(tmp_path: Path) -> None:
    class Clock:
        now = 0.0

        def __call__(self) -> float:
            return self.now

        async def sleep(self, seconds: float) -> None:
            self.now += seconds

    clock = Clock()

    def handler(request: httpx.Request) -> httpx.Response:
        entity = request.headers["x-entity-id"]
        if entity == ENT_A:  # fails
            return httpx.Response(202 if request.method == "POST" else 200, json={
                "id": "expjob_failing1", "status": "failed", "error": "renderer crashed"})
        return httpx.Response(202 if request.method == "POST" else 200, json={  # never done
            "id": "expjob_forever1", "status": "processing", "progress": 10})

    out = tmp_path / "out"
    job = await run_scripted(handler, out, tmp_path / "data", fmt="pdf_zip",
                             poll=PollPolicy(first=1, factor=2, longest=8, max_wait=60,
                                             sleep=clock.sleep, clock=clock))
    a, b = job.states[ENT_A], job.states[ENT_B]
    assert (a.status, a.kind) == ("failed", "job_failed") and "renderer crashed" in a.reason
    assert (b.status, b.kind) == ("failed", "job_timed_out") and clock.now <= 60
    assert files_under(out) == ["manifest.csv"]


async def test_a_client_folder_that_is_a_link_elsewhere_is_refused(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "Alpha – SI1").symlink_to(elsewhere, target_is_directory=True)

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=workbook(("1", "EUR", 10)), headers={
            "content-type": XLSX_TYPE, "content-disposition": "attachment; filename=a.xlsx"})

    job = await run_scripted(handler, out, tmp_path / "data")
    assert job.states[ENT_A].status == "failed" and job.states[ENT_B].status == "done"
    assert list(elsewhere.iterdir()) == []


def test_folder_names_read_code_or_name_and_tax_number() -> None:
    assert ExportClient("ent_1", "Acme d.o.o.", "SI123", "C-7").folder_name() == "C-7 – SI123"
    assert ExportClient("ent_1", "Acme/d.o.o.", None).folder_name() == "Acme_d.o.o"
    assert ExportClient("ent_1", "..", "").folder_name() == "ent_1"





async def test_a_file_reported_outside_its_clients_folder_is_refused(
    firm: Firm, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    """The last guard of the boundary: whatever the export call says it wrote, a file that
    is not directly in the step's own folder is deleted and fails that client."""
    from si_desktop.api.resources.exports import Exports, SavedFile

    stray = tmp_path / "out" / "stray.xlsx"

    async def misplaced(self: Exports, **kwargs: Any) -> list[SavedFile]:
        stray.parent.mkdir(parents=True, exist_ok=True)
        stray.write_bytes(b"x")
        return [SavedFile(stray, 1, "0" * 64, Q3)]

    monkeypatch.setattr(Exports, "spreadsheet", misplaced)
    summary = await firm.start(firm.plan("xlsx", clients=firm.clients[:1])).run()
    ((_, reason),) = summary.failed
    assert "not written in its client's folder" in reason and not stray.exists()


async def test_one_clients_export_writes_straight_into_the_chosen_folder(
    firm: Firm, tmp_path: Path,
) -> None:
    from si_desktop.sync.exports import export_client

    target = tmp_path / "Desktop"
    mine = firm.clients[1]
    (tmp_path / "Desktop").mkdir()
    (target / "notes.part").write_text("the user's own file")  # not ours: left alone
    seen: list[float | None] = []
    result = await export_client(firm.source, mine, format="pdf_zip",
                                 types=["invoice"], period=Q3, folder=target, poll=FAST,
                                 on_progress=seen.append)
    (entry,) = result.files
    assert (target / entry.name).is_file() and entry.documents == len(
        await own_invoices(firm, mine))
    assert sorted(p.name for p in target.iterdir()) == sorted([entry.name, "notes.part"])
    assert seen and seen[-1] == 1.0
    assert {entity for kind, entity, _ in firm.transport.timeline if kind == "request"} == {
        mine.id}
    quiet = await firm.api.entities.create(name="Quiet", country="Slovenia")
    none = await export_client(firm.source, ExportClient(quiet.id, quiet.name), format="csv",
                               types=["invoice"], period=Q3, folder=tmp_path / "q")
    assert none.files == () and list((tmp_path / "q").iterdir()) == []


async def test_stopped_jobs_are_offered_to_their_own_workspace_only(firm: Firm) -> None:
    firm.transport.cut_after = 0
    job = FirmExport.start(firm.plan("csv"), data_dir=firm.data_dir, api=firm.source,
                           scope="account:one", poll=FAST)
    assert (await job.run()).stopped is not None
    assert FirmExport.unfinished(firm.data_dir, "account:one") == [job.state_path]
    assert FirmExport.unfinished(firm.data_dir, "account:two") == []


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
async def test_the_state_in_the_data_folder_is_private(firm: Firm) -> None:
    job = firm.start(firm.plan("csv", clients=firm.clients[:1]))
    assert job.state_path.stat().st_mode & 0o777 == 0o600
    assert job.state_path.parent.stat().st_mode & 0o777 == 0o700


async def test_xlsx_then_pdfs_into_one_folder_leave_one_manifest_for_both(firm: Firm) -> None:
    """The bookkeeper's Q3: every client's workbook and PDF archive in its own folder, and
    one manifest.csv that agrees with every file there."""
    first = await firm.start(firm.plan("xlsx")).run()
    second = await firm.start(firm.plan("pdf_zip")).run()
    assert first.complete and second.complete
    rows = manifest(firm.out)
    assert len(rows) == 20 and files_under(firm.out) == sorted(
        ["manifest.csv", *(f"{r['folder']}/{r['file']}" for r in rows)])
    for row in rows:
        path = firm.out / row["folder"] / row["file"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == row["sha256"]
    for client in firm.clients:
        folder = firm.out / second.states[client.id].folder
        workbook = next(folder.glob("*.xlsx"))
        archive = next(folder.glob("*.zip"))
        mine = await own_invoices(firm, client)
        assert xlsx_rows(workbook) == mine
        with zipfile.ZipFile(archive) as zf:
            assert set(zf.namelist()) == {invoice_pdf_name(firm, client, n)
                                          for n, *_ in mine}
    # an export again over the same files replaces their rows instead of adding to them
    await firm.start(firm.plan("xlsx")).run()
    assert len(manifest(firm.out)) == 20


def test_a_manifest_keeps_only_earlier_rows_that_still_hold(tmp_path: Path) -> None:
    from si_desktop.sync.export_files import ManifestRow, write_manifest

    (tmp_path / "A").mkdir()
    kept = tmp_path / "A" / "a.zip"
    kept.write_bytes(b"a")
    changed = tmp_path / "A" / "b.zip"
    changed.write_bytes(b"b")
    write_manifest(tmp_path, [
        ManifestRow("ent_a", "A", "A", "a.zip", 1, "", hashlib.sha256(b"a").hexdigest(), "x"),
        ManifestRow("ent_a", "A", "A", "b.zip", 1, "", hashlib.sha256(b"b").hexdigest(), "x"),
        ManifestRow("ent_a", "A", "A", "gone.zip", 1, "", "0" * 64, "x"),
        ManifestRow("ent_c", "C", "C", status="empty"),
    ])
    changed.write_bytes(b"changed since")
    (tmp_path / "A" / "gone.zip").unlink(missing_ok=True)
    write_manifest(tmp_path, [ManifestRow("ent_b", "B", "B", status="failed")])
    assert [(r["client_id"], r["file"]) for r in manifest(tmp_path)] == [
        ("ent_a", "a.zip"), ("ent_c", ""), ("ent_b", "")]
