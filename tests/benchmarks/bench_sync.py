"""B7, run by `run.py` in a process of its own against a sandbox on a loopback port.

    bench_sync.py URL DATA_DIR [--per-minute N] [--full]

Runs `si-desktop sync` (the command's own `main`, in this process) once on DATA_DIR, with the
rate limiter the command picks for the key (600/min for the benchmark's live key) unless
`--per-minute` sets another, and counts the requests that reach the network. Prints one
line of JSON: the seconds taken, the exit code, the requests for clients, units and logos
(`requests`: what issue 16's targets count), those of the documents' sweep that the same
command runs within its own budget (`document_requests`), and all of them by path.
"""

from __future__ import annotations

import io
import json
import os
import sys
import time
from collections import Counter
from typing import Any

import httpx

API_KEY = "sk_live_" + "b9" * 16
RESULT = "BENCH_RESULT "


class Counting(httpx.AsyncBaseTransport):
    """The network, with every request counted by path."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.paths: Counter[str] = Counter()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.paths[request.url.path] += 1
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


def document_paths() -> set[str]:
    """The paths the documents' refresh reads: the three lists, customers and taxes."""
    from si_desktop.api.document_models import CreditNote, Estimate, Invoice
    from si_desktop.api.resources.customers import Customers, Taxes

    return {Invoice.PATH, Estimate.PATH, CreditNote.PATH, Customers.PATH, Taxes.PATH}


def run(url: str, data_dir: str, per_minute: int | None, full: bool) -> dict[str, Any]:
    from si_desktop.sync import commands

    if per_minute is not None:  # e.g. to fill a 10k cache without waiting 20 minutes
        import si_desktop.api.client as client_module

        client_module.default_limit_for_key = lambda _key: per_minute  # type: ignore[assignment]
    transport = Counting()
    out, err = io.StringIO(), io.StringIO()
    argv = ["sync", "--data-dir", data_dir, "--base-url", url, *(["--full"] if full else [])]
    started = time.perf_counter()
    code = commands.main(argv, out=out, err=err, environ={commands.API_KEY_ENV: API_KEY},
                         transport=transport)
    seconds = time.perf_counter() - started
    documents = document_paths()
    return {
        "seconds": seconds,
        "exit": code,
        "requests": sum(n for path, n in transport.paths.items() if path not in documents),
        "document_requests": sum(n for path, n in transport.paths.items()
                                 if path in documents),
        "by_path": dict(transport.paths),
        "summary": out.getvalue().strip().splitlines()[:1],
        "stderr_tail": [line for line in err.getvalue().splitlines()
                        if not line.startswith("Refreshing")][-3:],
    }


def main() -> None:
    url, data_dir = sys.argv[1], sys.argv[2]
    rest = sys.argv[3:]
    per_minute = int(rest[rest.index("--per-minute") + 1]) if "--per-minute" in rest else None
    result = run(url, data_dir, per_minute, "--full" in rest)
    print(RESULT + json.dumps(result), flush=True)
    os._exit(0)


if __name__ == "__main__":
    main()
