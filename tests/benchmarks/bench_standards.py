"""B14 (run by `run.py`, or by hand): the drift of one standard over 5,000 cached clients with
their business units, and the dry run of applying it to 1,000 of them, read from a cache file
the way the Drift window and `si-desktop drift` / `apply --dry-run` read it (the cached JSON
with the queued edits on top). Targets: drift ≤ 300 ms, dry run ≤ 1 s (medians).

    python tests/benchmarks/bench_standards.py CACHE_DIR [--clients 5000] [--rounds 7]
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent.parent))

from bench_data import API_KEY, build_cache  # noqa: E402

from si_desktop.core.standards import from_settings  # noqa: E402
from si_desktop.store import Store  # noqa: E402
from si_desktop.sync import standards  # noqa: E402
from si_desktop.sync.connection import Connection  # noqa: E402
from si_desktop.sync.workspace import Workspace  # noqa: E402

BASE_URL = "http://127.0.0.1:9"
RESULT = "BENCH_RESULT "


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder")
    parser.add_argument("--clients", type=int, default=5_000)
    parser.add_argument("--chosen", type=int, default=1_000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    folder = Path(args.folder)
    build_cache(folder, args.clients, BASE_URL)
    store = Store.open_in(folder)
    workspace = Workspace.open(Connection(base_url=BASE_URL, api_key=API_KEY), store)
    first = store.entities.all(workspace.scope)[0]
    standard = from_settings("B14", first["settings"])
    del first
    gc.freeze()  # as the window does once it is up (ui/collector.py)
    drift_ms: list[float] = []
    drift_cpu: list[float] = []
    differing = 0
    for _ in range(args.rounds):
        began, cpu = time.perf_counter(), time.process_time()
        found = standards.drift(workspace, standard)
        drift_ms.append((time.perf_counter() - began) * 1000)
        drift_cpu.append((time.process_time() - cpu) * 1000)
        differing = sum(1 for d in found if not d.matches)
    chosen = [d.entity_id for d in found[: args.chosen]]
    dry_ms: list[float] = []
    fields = 0
    for _ in range(args.rounds):
        began = time.perf_counter()
        plan = standards.dry_run(workspace, standard, chosen)
        dry_ms.append((time.perf_counter() - began) * 1000)
        fields = plan.field_count
    units = sum(len(u) for u in standards.client_records(workspace).units.values())
    store.close()
    print(RESULT + json.dumps({
        "drift_ms": statistics.median(drift_ms), "drift_max_ms": max(drift_ms),
        "drift_cpu_ms": statistics.median(drift_cpu),
        "dry_run_ms": statistics.median(dry_ms), "dry_run_max_ms": max(dry_ms),
        "clients": len(found), "units": units, "differing": differing,
        "standard_fields": len(standard.values), "dry_run_clients": len(chosen),
        "dry_run_fields": fields, "n": args.rounds,
    }))


if __name__ == "__main__":
    main()
