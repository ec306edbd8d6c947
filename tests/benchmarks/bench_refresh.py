"""B4, run by `run.py` in processes of their own against a sandbox on a loopback port.

    bench_refresh.py app  URL DATA_DIR   the app's first refresh (Workspace.refresh: every
                                        client and its units) run through the app's async
                                        bridge, with a 5 ms timer ticking on the GUI thread
                                        and the rate limiter on (at 100,000/min)
    bench_refresh.py bare URL           plain httpx fetching the same pages, same concurrency

Each prints one line of JSON: the seconds taken (and, for the app, the longest gap between
timer ticks).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import sys
import time
from pathlib import Path
from typing import Any

API_KEY = "sk_live_" + "b9" * 16
RESULT = "BENCH_RESULT "
PAGE = 100
CONCURRENCY = 4  # the refresh's own (sync.refresh.CONCURRENCY)
LIMIT = 100_000  # requests a minute for the app's rate limiter


async def bare(url: str) -> dict[str, Any]:
    import httpx

    started = time.perf_counter()
    headers = {"Authorization": f"Bearer {API_KEY}"}
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=30) as client:
        ids: list[str] = []
        cursor: str | None = None
        first = True
        while True:
            params: dict[str, Any] = {"limit": PAGE,
                                      "include_total_count": "true" if first else "false"}
            if cursor:
                params["next_cursor"] = cursor
            response = await client.get("/entities", params=params)
            response.raise_for_status()
            page = response.json()
            ids += [entity["id"] for entity in page["data"]]
            first = False
            cursor = page["pagination"]["next_cursor"]
            if not page["pagination"]["has_more"] or not cursor:
                break
        pending = iter(ids)
        units = [0]

        async def worker() -> None:
            for entity_id in pending:
                response = await client.get(
                    "/business-units",
                    params={"limit": PAGE, "include_total_count": "false",
                            "include_archived": "true"},
                    headers={"x-entity-id": entity_id},
                )
                response.raise_for_status()
                units[0] += len(response.json()["data"])

        await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
    return {"seconds": time.perf_counter() - started, "clients": len(ids), "units": units[0]}


def app(url: str, data_dir: str) -> dict[str, Any]:
    from PySide6.QtCore import QEventLoop, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from si_desktop.api import SpaceInvoicesClient
    from si_desktop.store import Scope, Store
    from si_desktop.sync.workspace import Workspace
    from si_desktop.ui.app import application
    from si_desktop.ui.bridge import AsyncBridge

    qt = application(offscreen=True)
    bridge = AsyncBridge()
    owner = QObject()
    store = Store.open_in(Path(data_dir))
    scope = Scope.for_api_key(API_KEY, base_url=url)
    # The limiter on (its lanes, its window), at a limit this refresh never reaches: what it
    # costs, not what it holds back (at 600/min both sides would wait out the same minutes).
    client = SpaceInvoicesClient(api_key=API_KEY, base_url=url, rate_limit_per_min=LIMIT)

    async def api() -> SpaceInvoicesClient:
        return client

    cached = Workspace(store, scope, api)
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    outcome: dict[str, Any] = {}
    timer.start()
    QApplication.processEvents()
    started = time.perf_counter()
    ticks.append(started)
    bridge.run(
        cached.refresh(),
        owner=owner,
        on_success=lambda summary: outcome.update(summary=summary, at=time.perf_counter()),
        on_error=lambda error: outcome.update(error=error, at=time.perf_counter()),
    )
    while "at" not in outcome:
        qt.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
    timer.stop()
    ticks.append(outcome["at"])
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    if "error" in outcome:
        return {"error": repr(outcome["error"])}
    summary = outcome["summary"]
    bridge.call(client.aclose())
    return {
        "seconds": outcome["at"] - started,
        "max_stall_ms": max(gaps) * 1000,
        "clients": summary.clients,
        "units": summary.business_units + summary.archived_units,
    }


def main() -> None:
    mode, url = sys.argv[1], sys.argv[2]
    result = asyncio.run(bare(url)) if mode == "bare" else app(url, sys.argv[3])
    print(RESULT + json.dumps(result), flush=True)
    import os

    os._exit(0)


if __name__ == "__main__":
    main()
