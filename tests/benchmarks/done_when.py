"""Issue 16's "done when": `si-desktop sync` against a troubled sandbox ends with every client
and business unit in the cache exactly once, or exits non-zero naming what is missing.

    python tests/benchmarks/done_when.py [--clients 1000] [--error-rate 0.3]
                                         [--rate-limit 100] [--latency-ms 500]

Starts `si-sandbox` with those faults on a loopback port (its database in a temporary
folder), runs `python -m si_desktop sync` once as a user would (the key in
`SI_DESKTOP_API_KEY`, the limiter the command picks for a live key: 600/min, while the
sandbox answers 429 past `--rate-limit` a minute), then compares the cache with the
sandbox's database: every client once, every unit once under its client, nothing extra;
with a non-zero exit, that its "left undone" line counts the clients whose units are
missing. Prints the verdict, the time and the command's own lines; takes about a quarter of
an hour with the defaults. Not run by pytest.
"""

from __future__ import annotations

import argparse
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from bench_data import unused_port  # noqa: E402
from run import child_env, wait_for_port  # noqa: E402

KEY = "sk_live_" + "d0" * 16


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--error-rate", default="0.3")
    parser.add_argument("--rate-limit", default="100")
    parser.add_argument("--latency-ms", default="500")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="si-done-when-") as temp:
        folder = Path(temp)
        db, data_dir, port = folder / "sandbox.sqlite3", folder / "si-data", unused_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "si_desktop.sandbox", "--db", str(db), "--api-key", KEY,
             "--port", str(port), "--clients", str(args.clients), "--seed", "16",
             "--error-rate", args.error_rate, "--rate-limit", args.rate_limit,
             "--latency-ms", args.latency_ms],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=child_env(), cwd=ROOT,
        )
        try:
            wait_for_port(port, timeout=120)
            url = f"http://127.0.0.1:{port}"
            started = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "si_desktop", "sync", "--data-dir", str(data_dir),
                 "--base-url", url],
                capture_output=True, text=True, env=child_env(SI_DESKTOP_API_KEY=KEY),
                cwd=ROOT, timeout=4 * 3600,
            )
            seconds = time.perf_counter() - started
        finally:
            server.terminate()
            server.wait(30)
        verdict = check(db, data_dir, url, done.returncode, done.stderr)
    lines = [line for line in done.stderr.splitlines() if not line.startswith("Refreshing")]
    print(f"si-desktop sync: exit {done.returncode} after {seconds / 60:.1f} min")
    for line in done.stdout.splitlines() + lines[-8:]:
        print("  | " + line)
    print(verdict)
    return 0 if verdict.startswith("DONE") else 1


def check(db: Path, data_dir: Path, url: str, code: int, stderr: str) -> str:
    """Compare the cache with the sandbox's database; one line saying how it went."""
    from si_desktop.store import Scope, Store

    service = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    clients = {row[0] for row in service.execute("SELECT id FROM entities")}
    units = dict(service.execute("SELECT id, entity_id FROM business_units"))
    service.close()
    scope = Scope.for_api_key(KEY, base_url=url)
    with Store.open_in(data_dir) as store, store.db.read() as conn:
        scope_id = store.db.scope_id(conn, scope, create=False)
        cached_clients = Counter(row[0] for row in conn.execute(
            "SELECT id FROM entities WHERE scope_id = ?", (scope_id,)))
        cached_units = list(conn.execute(
            "SELECT id, entity_id FROM business_units WHERE scope_id = ?", (scope_id,)))
    twice = [i for i, n in cached_clients.items() if n > 1]
    twice += [i for i, n in Counter(i for i, _ in cached_units).items() if n > 1]
    extra = set(cached_clients) - clients
    extra |= {i for i, _ in cached_units if i not in units}
    missing_clients = clients - set(cached_clients)
    wrong = {i: owner for i, owner in units.items() if (i, owner) not in set(cached_units)}
    missing_units_of = {owner for owner in wrong.values()}
    found = (f"{len(cached_clients)} of {len(clients)} clients, "
             f"{len(cached_units)} of {len(units)} units cached")
    if twice or extra:
        return f"FAILED: {found}; twice: {twice[:5]}, not on the service: {sorted(extra)[:5]}"
    if not missing_clients and not wrong:
        return f"DONE: every client and unit present exactly once ({found}); exit {code}"
    if code == 0:
        return (f"FAILED: exit 0 but {len(missing_clients)} clients and the units of "
                f"{len(missing_units_of)} clients are missing ({found})")
    named = re.search(r"Business units of (\d+) clients? were not refreshed", stderr)
    counted = int(named.group(1)) if named else 0
    if missing_clients or counted < len(missing_units_of):
        return (f"FAILED: exit {code}, {len(missing_clients)} clients missing, units of "
                f"{len(missing_units_of)} clients missing, {counted} named ({found})")
    return (f"DONE: exit {code} naming the {counted} clients whose units are missing "
            f"({len(missing_units_of)} are) ({found})")


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.exit(main())
