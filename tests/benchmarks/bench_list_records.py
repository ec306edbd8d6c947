"""CPU per list request of 100 entities, by the way the records come out of the client.

Run by hand (pytest does not collect this folder):

    python tests/benchmarks/bench_list_records.py [--runs 7] [--requests 40]

Every variant reads the same prepared page (100 of the sandbox's demo clients, about 290 KB
of JSON) from an `httpx.MockTransport` that streams it, so what differs is only the client's
own work: bare httpx (`response.json()`), `entities.list()` plus `as_json()` on each model
(the refresh before `list_records`), and `entities.list_records()`. Each variant runs
`--requests` requests per run; the figure is CPU time (`time.process_time`) per request,
the median of `--runs` runs in one process, variants interleaved so that a busy machine
weighs on all alike.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from collections.abc import Callable, Coroutine
from typing import Any

import httpx

from si_desktop.api import RetryPolicy, SpaceInvoicesClient
from si_desktop.sandbox.demo import make_client
from si_desktop.sync.changes import as_json

KEY = "sk_live_" + "b9" * 16
BASE = "https://api.test"


def page_body() -> bytes:
    records = [make_client(i, 0, "acc_" + "1" * 24, "live")[0] for i in range(100)]
    pagination = {"total": -1, "next_cursor": "c", "prev_cursor": None, "has_more": True}
    return json.dumps({"data": records, "pagination": pagination}).encode()


def variants(body: bytes, requests: int) -> dict[str, Callable[[], Coroutine[Any, Any, None]]]:
    def answer(request: httpx.Request) -> httpx.Response:
        kind = {"Content-Type": "application/json"}
        return httpx.Response(200, headers=kind, stream=httpx.ByteStream(body))

    def client() -> SpaceInvoicesClient:
        return SpaceInvoicesClient(
            api_key=KEY, base_url=BASE, transport=httpx.MockTransport(answer),
            rate_limit_per_min=None, retry=RetryPolicy.never(),
        )

    async def bare() -> None:
        async with httpx.AsyncClient(base_url=BASE, transport=httpx.MockTransport(answer)) as c:
            for _ in range(requests):
                response = await c.get("/entities", params={"limit": "100"})
                taken = response.json()["data"]
                assert len(taken) == 100

    async def models() -> None:
        async with client() as si:
            for _ in range(requests):
                taken = [as_json(e) for e in (await si.entities.list(limit=100)).data]
                assert len(taken) == 100

    async def records() -> None:
        async with client() as si:
            for _ in range(requests):
                taken = (await si.entities.list_records(limit=100)).data
                assert len(taken) == 100

    return {"bare httpx": bare, "list() + as_json()": models, "list_records()": records}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    body = page_body()
    runs = variants(body, args.requests)
    per_request: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(args.runs):
        for name, run in runs.items():
            started = time.process_time()
            asyncio.run(run())
            per_request[name].append((time.process_time() - started) / args.requests * 1000)
    print(f"page of 100 entities, {len(body) / 1000:.0f} KB; CPU ms per request, median of "
          f"{args.runs} runs of {args.requests}")
    bare = statistics.median(per_request["bare httpx"])
    for name, values in per_request.items():
        median = statistics.median(values)
        spread = f"{min(values):.1f}–{max(values):.1f}"
        print(f"  {name:22s} {median:6.2f} ms  ×{median / bare:4.1f}  (runs {spread})")


if __name__ == "__main__":
    main()
