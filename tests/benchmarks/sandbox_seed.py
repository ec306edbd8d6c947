"""Timing script (run by hand, not part of the suite): seed 20,000 demo clients and time list
pages through the whole HTTP stack (httpx over ASGITransport).

    python tests/benchmarks/sandbox_seed.py [--clients 20000] [--db PATH]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import anyio
import httpx

from si_desktop.sandbox import create_app

KEY = "sk_live_" + "be" * 16


async def _time_pages(client: httpx.AsyncClient, label: str, params: dict[str, Any],
                      rounds: int = 20, path: str = "/entities",
                      headers: dict[str, str] | None = None) -> None:
    timings = []
    cursor_timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        response = await client.get(path, params=params, headers=headers)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200, response.text
        page = response.json()
        cursor = page["pagination"]["next_cursor"]
        if cursor:
            started = time.perf_counter()
            deeper = await client.get(path, params={**params, "next_cursor": cursor},
                                      headers=headers)
            cursor_timings.append(time.perf_counter() - started)
            assert deeper.status_code == 200
    line = f"{label:<46} first page median {statistics.median(timings) * 1000:6.1f} ms"
    if cursor_timings:
        line += f", next page median {statistics.median(cursor_timings) * 1000:6.1f} ms"
    print(line + f" (total {page['pagination']['total']})")


async def _walk(client: httpx.AsyncClient, params: dict[str, Any]) -> None:
    started = time.perf_counter()
    pages = rows = 0
    cursor = None
    while True:
        query = dict(params)
        if cursor:
            query["next_cursor"] = cursor
        page = (await client.get("/entities", params=query)).json()
        pages += 1
        rows += len(page["data"])
        cursor = page["pagination"]["next_cursor"]
        if cursor is None:
            break
    elapsed = time.perf_counter() - started
    print(f"walk {json.dumps(params)}: {rows} rows in {pages} pages, {elapsed:.2f} s "
          f"({elapsed / pages * 1000:.1f} ms per page)")


async def main(clients: int, db: str | None) -> None:
    started = time.perf_counter()
    app = create_app(db, api_key=KEY, clients=clients, seed=0)
    print(f"seeded {clients} clients in {time.perf_counter() - started:.2f} s "
          f"({'file ' + db if db else 'in memory'})")
    with app.state.sandbox.store.read() as conn:
        counts = dict(conn.execute("SELECT type, count(*) FROM documents GROUP BY type"))
        payments = conn.execute("SELECT count(*) FROM payments").fetchone()[0]
    print(f"with {sum(counts.values())} documents ({counts}) and {payments} payments")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench",
                                 headers={"Authorization": f"Bearer {KEY}"}) as client:
        await _time_pages(client, "default order, limit 100", {"limit": 100})
        await _time_pages(client, "order_by=name, limit 100", {"limit": 100, "order_by": "name"})
        await _time_pages(client, "order_by=-updated_at, limit 50",
                          {"limit": 50, "order_by": "-updated_at"})
        await _time_pages(client, "order_by=country,-name, limit 100",
                          {"limit": 100, "order_by": "country,-name"})
        await _time_pages(client, "no total, order_by=name, limit 100",
                          {"limit": 100, "order_by": "name", "include_total_count": "false"})
        await _time_pages(client, "search=kranj, limit 100", {"limit": 100, "search": "kranj"})
        await _time_pages(client, "query name contains 'bau', limit 100",
                          {"limit": 100, "query": json.dumps({"name": {"contains": "bau"}})})
        await _time_pages(client, "query metadata.bookkeeper=Ana, limit 100",
                          {"limit": 100, "query": json.dumps({"metadata.bookkeeper": "Ana"})})
        await _time_pages(client, "order_by=metadata.client_code, limit 100",
                          {"limit": 100, "order_by": "-metadata.client_code"})
        await _walk(client, {"limit": 100, "order_by": "name", "include_total_count": "false"})
        first = (await client.get("/entities", params={"limit": 1})).json()["data"][0]
        entity = {"x-entity-id": first["id"]}
        await _time_pages(client, "one client's invoices, limit 100", {"limit": 100},
                          path="/invoices", headers=entity)
        await _time_pages(client, "its invoices updated since, limit 100",
                          {"limit": 100, "order_by": "updated_at", "query": json.dumps(
                              {"updated_at": {"gte": "2000-01-01"}})},
                          path="/invoices", headers=entity)
    app.state.sandbox.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20_000)
    parser.add_argument("--db", help="SQLite file (default: a new temporary file)")
    parser.add_argument("--memory", action="store_true", help="keep the data in memory")
    args = parser.parse_args()
    db = None
    if not args.memory:
        db = args.db or str(Path(tempfile.mkdtemp()) / "bench.sqlite3")
    anyio.run(main, args.clients, db)
