"""Timings of the cache's hot paths: bulk upsert, the switcher query, reopening the file.

Run by hand (pytest does not collect this folder):

    python tests/benchmarks/store_bench.py [--sizes 10000 100000]

Entities are shaped like the service's (settings, email defaults, metadata), about 2.5 kB of
JSON each, with two business units apiece and a few queued edits.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any

from si_desktop.store import EditKind, Scope, Store

SCOPE = Scope("fp_benchmark", "live")


def entity(n: int, stamp: str = "2024-09-01T00:00:00.000Z") -> dict[str, Any]:
    return {
        "id": f"ent_{n:024x}",
        "name": f"Client {n:06d} d.o.o.",
        "address": "Tehnološki park 24",
        "post_code": "1000",
        "city": "Ljubljana",
        "country": "Slovenia",
        "country_code": "SI",
        "currency_code": "EUR",
        "locale": "sl-SI",
        "tax_number": f"SI{n:08d}",
        "environment": "live",
        "is_enabled": n % 17 != 0,
        "settings": {
            "number_formats": {"invoice": "{yyyy}-{nnnnn}", "estimate": "{yyyy}-{nnnnn}"},
            "email_defaults": {
                f"{doc}_{part}": f"{doc} {part} text for {{entity_name}} {{document_number}}"
                for doc in ("invoice", "estimate", "credit_note", "advance_invoice",
                            "delivery_note")
                for part in ("subject", "body")
            },
            "default_invoice_due_days": 30,
            "document_footer": "{entity_name}",
            "tax_clause_defaults": {"intra_eu_b2b": "46. člen ZDDV-1"},
        },
        "metadata": {"client_code": f"C-{n:05d}", "industry": "Technology"},
        "country_rules": {"max_taxes_per_item": 1, "features": ["upn_qr", "epc_qr"]},
        "created_at": "2024-01-01T00:00:00.000Z",
        "updated_at": stamp,
    }


def unit(n: int, index: int) -> dict[str, Any]:
    return {
        "id": f"unit_{n * 4 + index:024x}",
        "entity_id": f"ent_{n:024x}",
        "name": f"Store {index}",
        "numbering_index": index,
        "settings": {"pdf_template": "modern", "primary_color": "#1D4ED8"},
        "is_active": True,
        "updated_at": "2024-09-01T00:00:00.000Z",
        "deleted_at": None,
    }


def timed(label: str, func: Any) -> Any:
    start = time.perf_counter()
    result = func()
    print(f"  {label:<44} {time.perf_counter() - start:8.3f} s")
    return result


def write(store: Store, size: int) -> None:
    """The bulk writes; the JSON built here is gone before the reads are timed, as in the
    app, which never keeps a page of records around."""
    records = [entity(n) for n in range(size)]
    timed("upsert, one transaction", lambda: store.entities.upsert(SCOPE, records))
    newer = [entity(n, "2024-10-01T00:00:00.000Z") for n in range(size)]
    timed("upsert again (all rows updated)", lambda: store.entities.upsert(SCOPE, newer))
    units = [unit(n, i) for n in range(size) for i in (1, 2)]
    timed(f"upsert {len(units)} business units", lambda: store.units.upsert(SCOPE, units))


def run(size: int, folder: Path) -> None:
    print(f"{size} entities")
    path = folder / f"bench-{size}.sqlite3"
    store = Store.open(path)
    write(store, size)
    for n in range(0, size, max(1, size // 20)):
        store.outbox.enqueue(SCOPE, EditKind.UPDATE_ENTITY, f"ent_{n:024x}", {"name": "x"})
    rows = timed("switcher_rows (cold connection)", lambda: store.entities.switcher_rows(SCOPE))
    timed("switcher_rows (again)", lambda: store.entities.switcher_rows(SCOPE))
    assert len(rows) == size
    timed("get_entity x 1000", lambda: [store.entities.get(SCOPE, r.id) for r in rows[:1000]])
    timed(
        "enqueue x 100 (one commit each)",
        lambda: [
            store.outbox.enqueue(SCOPE, EditKind.ARCHIVE_UNIT, f"unit_{i:024x}", entity_id="e")
            for i in range(100)
        ],
    )
    store.close()
    print(f"  file size {path.stat().st_size / 1e6:.1f} MB")
    reopened = timed("reopen after a clean close (checked in the background)",
                     lambda: Store.open(path))
    reopened.close()
    reopened = timed("reopen with quick_check at open (after a crash, a failed check, a "
                     "migration)", lambda: Store.open(path, quick_check="always"))
    reopened.close()
    reopened = timed("reopen without quick_check", lambda: Store.open(path, quick_check=False))
    timed("switcher_rows after reopen", lambda: reopened.entities.switcher_rows(SCOPE))
    reopened.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            run(size, Path(folder))


if __name__ == "__main__":
    main()
