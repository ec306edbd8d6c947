"""Reading one client's documents from the cache, the Documents tab's first paint.

Run by hand (pytest does not collect this folder):

    python tests/benchmarks/bench_document_rows.py [--documents 20000] [--runs 7]

A cache in a temporary folder holds `--documents` invoices of one client (and as many of
another, so the index is really searched). Figures: wall time of `Documents.rows` (the
listed columns from the covering index, amounts as Decimal) and of `Documents.for_entity`
(every document's JSON parsed), median of `--runs` runs, interleaved.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from typing import Any

from si_desktop.store import Scope, Store

SCOPE = Scope("fp_" + "b" * 32, "live")


def document(n: int, owner: str) -> dict[str, Any]:
    return {
        "id": f"inv_{n:024x}", "number": f"2026-{n:05d}", "date": f"2026-{n % 12 + 1:02d}-15",
        "date_due": "2026-12-31", "currency_code": "EUR",
        "customer": {"name": f"Customer {n % 300}", "address": "Street 1", "city": "Kranj"},
        "items": [{"name": "Work", "quantity": 2, "price": 100, "total": 200,
                   "total_with_tax": 244, "taxes": [{"rate": 22}]}] * 3,
        "total": 600, "total_with_tax": 732, "total_paid": n % 3 * 100, "total_due": 732,
        "paid_in_full": False, "is_draft": False, "voided_at": None, "entity_id": owner,
        "note": "Thank you for your business.", "updated_at": "2026-03-01T00:00:00.000Z",
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    owner, other = "ent_" + "1" * 24, "ent_" + "2" * 24
    with tempfile.TemporaryDirectory() as folder, Store.open_in(folder) as store:
        store.documents.upsert(SCOPE, [document(n, owner) for n in range(args.documents)])
        store.documents.upsert(SCOPE, [document(n + args.documents, other)
                                       for n in range(args.documents)])
        rows: list[float] = []
        full: list[float] = []
        for _ in range(args.runs):
            started = time.perf_counter()
            assert len(store.documents.rows(SCOPE, owner)) == args.documents
            rows.append(time.perf_counter() - started)
            started = time.perf_counter()
            assert len(store.documents.for_entity(SCOPE, owner)) == args.documents
            full.append(time.perf_counter() - started)
    print(f"{args.documents} documents of one client:")
    print(f"  rows (index only):    {statistics.median(rows) * 1000:7.1f} ms")
    print(f"  for_entity (JSON):    {statistics.median(full) * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
