"""B12: a firm-wide export of 200 demo clients × last quarter's invoices as XLSX, against
`si-sandbox --clients 200 --latency-ms 50` on a loopback port, beside its floor: a bare
httpx loop making the same 200 requests (`GET /documents/export`, one client each, with as
many in flight as the export has, and reading every body).

    python tests/benchmarks/bench_exports.py [--runs 3] [--clients 200] [--latency-ms 50]

Prints the wall time and the requests of each, and their ratio (target ≤ 1.3 × the floor);
never asserted, never run by pytest. The export is the app's own (`sync.exports.FirmExport`
through `SpaceInvoicesClient`): each file streamed to disk as a `.part` and renamed, read
back for `manifest.csv`, the state rewritten after every client, the manifest at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import httpx  # noqa: E402
from bench_data import unused_port  # noqa: E402

from si_desktop.api import SpaceInvoicesClient  # noqa: E402
from si_desktop.core.periods import quick_choice  # noqa: E402
from si_desktop.sync.exports import (  # noqa: E402
    DEFAULT_CONCURRENCY,
    ExportClient,
    ExportPlan,
    FirmExport,
)

API_KEY = "sk_live_" + "b12" * 10 + "ab"


class Counting(httpx.AsyncBaseTransport):
    """Loopback HTTP, counting what was asked."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.requests = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


async def clients_of(url: str) -> list[ExportClient]:
    async with SpaceInvoicesClient(api_key=API_KEY, base_url=url,
                                   rate_limit_per_min=None) as si:
        return [ExportClient(e.id, e.name, e.tax_number,
                             (e.metadata or {}).get("client_code"))
                async for e in si.entities.iterate()]


async def floor(url: str, clients: list[ExportClient], params: dict[str, str]
                ) -> dict[str, Any]:
    """The same requests, bare: as many at a time as the export, every body read."""
    transport = Counting()
    pending = iter(clients)
    size = [0]
    async with httpx.AsyncClient(base_url=url, transport=transport, timeout=60,
                                 headers={"Authorization": f"Bearer {API_KEY}"}) as client:
        started = time.perf_counter()

        async def worker() -> None:
            for one in pending:
                response = await client.get("/documents/export", params=params,
                                            headers={"x-entity-id": one.id})
                response.raise_for_status()
                size[0] += len(response.content)

        await asyncio.gather(*(worker() for _ in range(DEFAULT_CONCURRENCY)))
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "requests": transport.requests, "bytes": size[0]}


async def export(url: str, clients: list[ExportClient], plan_args: dict[str, Any],
                 folder: Path) -> dict[str, Any]:
    transport = Counting()
    client = SpaceInvoicesClient(api_key=API_KEY, base_url=url, transport=transport)

    async def api() -> SpaceInvoicesClient:
        return client

    plan = ExportPlan(tuple(clients), ("invoice",), "xlsx", plan_args["period"],
                      folder / "out")
    job = FirmExport.start(plan, data_dir=folder / "data", api=api)
    started = time.perf_counter()
    summary = await job.run()
    seconds = time.perf_counter() - started
    await client.aclose()
    if not summary.complete or summary.failed:
        raise RuntimeError(f"the export did not finish: {summary.stopped or summary.failed}")
    files = sum(len(state.files) for state in summary.states.values())
    return {"seconds": seconds, "requests": transport.requests, "documents": summary.documents,
            "files": files, "empty": len(summary.empty)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--latency-ms", type=int, default=50)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="si-b12-"))
    port = unused_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "si_desktop.sandbox", "--db", str(scratch / "sandbox.sqlite3"),
         "--api-key", API_KEY, "--port", str(port), "--clients", str(args.clients),
         "--latency-ms", str(args.latency_ms)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(url)
        period = quick_choice("last_quarter", datetime.date.today())
        params = {"format": "xlsx", "type": "invoice", "date_from": period.start.isoformat(),
                  "date_to": period.end.isoformat()}
        clients = asyncio.run(clients_of(url))
        asyncio.run(floor(url, clients, params))  # warm the server
        floors, exports = [], []
        for run in range(args.runs):
            floors.append(asyncio.run(floor(url, clients, params)))
            exports.append(asyncio.run(export(url, clients, {"period": period},
                                              scratch / f"run-{run}")))
        app_s = statistics.median(r["seconds"] for r in exports)
        floor_s = statistics.median(r["seconds"] for r in floors)
        last = exports[-1]
        print(f"B12 firm export: {len(clients)} clients × {period.label()} invoices as XLSX, "
              f"--latency-ms {args.latency_ms}, {DEFAULT_CONCURRENCY} at a time, "
              f"{args.runs} runs")
        print(f"  export  {app_s:6.2f} s  {last['requests']} requests  {last['files']} files  "
              f"{last['documents']} documents  {last['empty']} clients without documents")
        print(f"  floor   {floor_s:6.2f} s  {floors[-1]['requests']} requests  "
              f"{floors[-1]['bytes'] / 1024:.0f} KiB read")
        print(f"  ratio   {app_s / floor_s:6.2f} ×  (target ≤ 1.3)")
        print("  runs    export " + ", ".join(f"{r['seconds']:.2f}" for r in exports)
              + " s; floor " + ", ".join(f"{r['seconds']:.2f}" for r in floors) + " s")
    finally:
        server.terminate()
        server.wait(10)
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


def _wait_for(url: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            httpx.get(url + "/entities", headers={"Authorization": f"Bearer {API_KEY}"},
                      timeout=5)
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError("the sandbox did not start")


if __name__ == "__main__":
    sys.exit(main())
