"""B8, run by `run.py` in a process of its own against a sandbox on a loopback port.

    bench_lanes.py URL DATA_DIR PER_MINUTE SECONDS EVERY_MIN EVERY_MAX [--one-lane]

Starts the app's first refresh of DATA_DIR (a full walk that reads every client's units)
with the rate limiter at PER_MINUTE, lets it spend its share of the minute, then, for
SECONDS, reads one client the way a user's click does (`entities.get`, in the user's lane)
every EVERY_MIN to EVERY_MAX seconds, timing each from asking to answer. `--one-lane` makes
the user's reads background work too, as every request was before the limiter had lanes.
Prints one line of JSON: the reads' p50, p95 and worst, and what the refresh got done.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import random
import statistics
import sys
import time
from contextlib import nullcontext
from pathlib import Path
from typing import Any

API_KEY = "sk_live_" + "b9" * 16
RESULT = "BENCH_RESULT "
SETTLE = 8.0  # seconds the refresh runs before the first read


async def run(url: str, data_dir: str, per_minute: int, seconds: float, every: tuple[float,
              float], one_lane: bool) -> dict[str, Any]:
    from si_desktop.api import SpaceInvoicesClient
    from si_desktop.api.ratelimit import background
    from si_desktop.store import Scope, Store
    from si_desktop.sync.workspace import Workspace

    store = Store.open_in(Path(data_dir))
    requests = [0]
    async with SpaceInvoicesClient(api_key=API_KEY, base_url=url,
                                   rate_limit_per_min=per_minute) as api:
        ids = [e.id for e in (await api.entities.list(limit=100)).data]
        workspace = Workspace(store, Scope.for_api_key(API_KEY, base_url=url), api)
        progress: list[int] = [0]
        refresh = asyncio.create_task(workspace.refresh(
            logos=False, progress=lambda p: progress.__setitem__(0, p.done)))
        await asyncio.sleep(SETTLE)
        waits: list[float] = []
        rng = random.Random(per_minute)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and not refresh.done():
            await asyncio.sleep(rng.uniform(*every))
            began = time.perf_counter()
            with background() if one_lane else nullcontext():
                await api.entities.get(rng.choice(ids))
            waits.append(time.perf_counter() - began)
            requests[0] += 1
        still_running = not refresh.done()
        refresh.cancel()
        await asyncio.gather(refresh, return_exceptions=True)
    store.close()
    waits.sort()
    return {
        "n": len(waits),
        "p50_s": statistics.median(waits) if waits else None,
        "p95_s": waits[max(0, math.ceil(0.95 * len(waits)) - 1)] if waits else None,
        "max_s": waits[-1] if waits else None,
        "refresh_running_throughout": still_running,
        "units_done": progress[0],
    }


def main() -> None:
    url, data_dir, per_minute, seconds, low, high = sys.argv[1:7]
    result = asyncio.run(run(url, data_dir, int(per_minute), float(seconds),
                             (float(low), float(high)), "--one-lane" in sys.argv))
    print(RESULT + json.dumps(result), flush=True)
    os._exit(0)


if __name__ == "__main__":
    main()
