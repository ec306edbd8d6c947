"""Issue 21's "done when", as a bookkeeper would do it: the demo workspace's 40 clients (seeded
as `--demo` seeds them, served over loopback), last quarter exported for all of them into one
folder, first as XLSX and then as PDF archives; every client's workbook and archive hold
exactly that client's invoices, and `manifest.csv` agrees with every file in the folder."""

from __future__ import annotations

import datetime
import hashlib
import itertools
import json
import zipfile
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from si_desktop.api import RetryPolicy, SpaceInvoicesClient
from si_desktop.api.resources.exports import PollPolicy
from si_desktop.cli import DEMO_CLIENTS, DEMO_SEED
from si_desktop.core.file_names import document_pdf_name
from si_desktop.core.formatting import client_locale
from si_desktop.core.periods import Period, quick_choice
from si_desktop.sandbox import SandboxServer
from si_desktop.sync.exports import ExportClient, ExportPlan, FirmExport
from tests.unit.sync.test_firm_export import files_under, manifest, xlsx_rows

pytestmark = [pytest.mark.anyio, pytest.mark.slow]

FAST = PollPolicy(first=0.05, factor=1.0, longest=0.05, max_wait=60.0)
Row = tuple[str, str, str, Decimal]


@pytest.fixture
async def demo(sandbox_key: str, tmp_path: Path) -> AsyncIterator[SandboxServer]:
    server = SandboxServer(host="127.0.0.1", port=0, db_path=str(tmp_path / "demo.sqlite3"),
                           api_key=sandbox_key, clients=DEMO_CLIENTS, seed=DEMO_SEED)
    server.start()
    try:
        yield server
    finally:
        server.close()


async def issued_invoices(server: SandboxServer, client_id: str, period: Period) -> set[Row]:
    """(number, date, customer, total with tax) of a client's issued invoices in `period`, as
    the service lists them to that client."""
    found: set[Row] = set()
    async with httpx.AsyncClient(base_url=server.url, headers={
            "Authorization": f"Bearer {server.api_key}", "x-entity-id": client_id}) as raw:
        cursor = None
        while True:
            params: dict[str, Any] = {"limit": 100, "query": json.dumps(
                {"date": {"between": [period.start.isoformat(), period.end.isoformat()]},
                 "is_draft": False})}
            if cursor:
                params["next_cursor"] = cursor
            page = (await raw.get("/invoices", params=params)).json()
            found |= {(d["number"], d["date"][:10], d["customer"]["name"],
                       Decimal(str(d["total_with_tax"]))) for d in page["data"]}
            cursor = page["pagination"]["next_cursor"]
            if not page["pagination"]["has_more"]:
                return found


async def test_last_quarter_of_the_forty_demo_clients_in_one_folder(
    demo: SandboxServer, tmp_path: Path
) -> None:
    api = SpaceInvoicesClient(api_key=demo.api_key, base_url=demo.url,
                              rate_limit_per_min=None, retry=RetryPolicy(attempts=2))
    try:
        entities = [e async for e in api.entities.iterate()]
        assert len(entities) == DEMO_CLIENTS
        clients = tuple(ExportClient(e.id, e.name, e.tax_number,
                                     (e.metadata or {}).get("client_code")) for e in entities)
        period = quick_choice("last_quarter", datetime.date.today())
        out = tmp_path / "Export"

        async def source() -> SpaceInvoicesClient:
            return api

        for fmt in ("xlsx", "pdf_zip"):
            plan = ExportPlan(clients, ("invoice",), fmt, period, out)
            summary = await FirmExport.start(plan, data_dir=tmp_path / "data", api=source,
                                             poll=FAST).run()
            assert summary.complete and not summary.failed, (fmt, summary.failed)

        expected = {e.id: await issued_invoices(demo, e.id, period) for e in entities}
        assert sum(map(len, expected.values())) > DEMO_CLIENTS  # a real quarter's work
        # the check can tell clients apart: no two clients' invoices look the same
        assert all(a != b for a, b in itertools.combinations(expected.values(), 2) if a or b)
        rows = manifest(out)
        by_client: dict[str, list[dict[str, str]]] = {}
        for row in rows:
            by_client.setdefault(row["client_id"], []).append(row)
        assert set(by_client) == {e.id for e in entities}
        for entity in entities:
            invoices = expected[entity.id]
            files = {Path(r["file"]).suffix: r for r in by_client[entity.id] if r["file"]}
            if not invoices:  # named in the manifest, no folder of its own
                assert not files, entity.name
                continue
            workbook = out / files[".xlsx"]["folder"] / files[".xlsx"]["file"]
            archive = out / files[".zip"]["folder"] / files[".zip"]["file"]
            assert xlsx_rows(workbook) == invoices, entity.name
            locale = client_locale(entity.model_dump(mode="json"))
            with zipfile.ZipFile(archive) as zf:
                assert set(zf.namelist()) == {
                    document_pdf_name("invoice", number, locale) for number, *_ in invoices}
                assert all(zf.read(name).startswith(b"%PDF") for name in zf.namelist())
            for row in files.values():
                assert int(row["documents"]) == len(invoices)
        for row in rows:  # every file the manifest names is there, byte for byte
            if row["file"]:
                path = out / row["folder"] / row["file"]
                assert hashlib.sha256(path.read_bytes()).hexdigest() == row["sha256"]
        assert files_under(out) == sorted(
            ["manifest.csv", *(f"{r['folder']}/{r['file']}" for r in rows if r["file"])])
    finally:
        await api.aclose()
