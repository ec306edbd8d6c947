"""Data for the benchmark harness (`run.py`): a client cache built with the store API, and a
sandbox database with a fixed number of clients and business units.

Clients are the sandbox's demo clients (names, addresses, settings and metadata shaped like
the service's); past the first 10,000 they are copies with new ids, numbered names and client
codes, which is much faster to make and as realistic for the switcher.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from si_desktop.sandbox.demo import make_client
from si_desktop.store import Scope, Store

API_KEY = "sk_live_" + "b9" * 16
ACCOUNT = "acc_benchmark"
DISTINCT = 10_000  # demo clients made one by one; the rest are numbered copies
BATCH = 5_000


def unused_port() -> int:
    """A loopback port nothing listens on (asked of the OS, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def clients(count: int, *, units_each: int | None = None
            ) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """`count` clients with their business units (the demo's own mix, or `units_each`)."""
    base: list[tuple[dict[str, Any], list[dict[str, Any]]]] = []
    for index in range(count):
        if index < DISTINCT:
            entity, units = make_client(index, 0, ACCOUNT, "live")
            base.append((entity, units))
        else:
            original, original_units = base[index % DISTINCT]
            entity = dict(original)
            entity["id"] = f"ent_{index:024x}"
            entity["name"] = f"{original['name']} {index // DISTINCT}"
            entity["metadata"] = {**original["metadata"], "client_code": f"C-{index + 1:06d}"}
            units = [  # the switcher never reads them: a few, for the clients opened
                {**unit, "id": f"unit_{index * 8 + n:024x}", "entity_id": entity["id"]}
                for n, unit in enumerate(original_units)
            ] if units_each is not None or index % 10 == 0 else []
        if units_each is not None:
            units = _exactly(entity, units, units_each, index)
        yield entity, units


def _exactly(entity: dict[str, Any], units: list[dict[str, Any]], count: int, index: int
             ) -> list[dict[str, Any]]:
    template: dict[str, Any] = units[0] if units else {
        "name": "Store", "address": entity.get("address"), "post_code": entity.get("post_code"),
        "city": entity.get("city"), "state": None, "country": entity.get("country"),
        "country_code": entity.get("country_code"), "email": None, "phone": None,
        "website": None, "settings": {}, "logo_file_id": None, "signature_file_id": None,
        "created_at": entity.get("created_at"), "updated_at": entity.get("updated_at"),
    }
    return [
        {**template, "id": f"unit_{index * 8 + n:024x}", "entity_id": entity["id"],
         "name": f"{template['name']} {n + 1}", "numbering_index": n + 1, "is_active": True,
         "deleted_at": None}
        for n in range(count)
    ]


def cache_scope(base_url: str) -> Scope:
    return Scope.for_api_key(API_KEY, base_url=base_url)


def build_cache(data_dir: Path, count: int, base_url: str) -> None:
    """The app's cache in `data_dir` holding `count` clients and their units, as a refresh
    from `base_url` with `API_KEY` would have left it."""
    scope = cache_scope(base_url)
    store = Store.open_in(data_dir)
    try:
        entities: list[dict[str, Any]] = []
        units: list[dict[str, Any]] = []
        for entity, its_units in clients(count):
            entities.append(entity)
            units += its_units
            if len(entities) >= BATCH:
                store.entities.upsert(scope, entities)
                store.units.upsert(scope, units)
                entities, units = [], []
        if entities:
            store.entities.upsert(scope, entities)
            store.units.upsert(scope, units)
    finally:
        store.close()


def build_sandbox(db_path: Path, count: int, units_each: int | None) -> None:
    """A sandbox database with `count` clients of `units_each` business units each (the
    demo's mix when None)."""
    from si_desktop.sandbox import create_app

    app = create_app(str(db_path), api_key=API_KEY)
    sandbox = app.state.sandbox
    try:
        entities: list[dict[str, Any]] = []
        units: list[dict[str, Any]] = []
        for entity, its_units in clients(count, units_each=units_each):
            entities.append({**entity, "account_id": sandbox.account_id})
            units += its_units
            if len(entities) >= BATCH:
                _insert(sandbox, entities, units)
                entities, units = [], []
        _insert(sandbox, entities, units)
    finally:
        sandbox.close()


def _insert(sandbox: Any, entities: list[dict[str, Any]], units: list[dict[str, Any]]) -> None:
    counts: dict[str, int] = {}
    for unit in units:
        counts[unit["entity_id"]] = counts.get(unit["entity_id"], 0) + 1
    sandbox.store.insert_entities(entities, sandbox.account_id,
                                  [counts.get(e["id"], 0) + 1 for e in entities])
    sandbox.store.insert_units(units)


BIG_CLIENTS = (("ent_" + "b" * 24, "AAA Veliki kupec d.o.o.", 20_000),
               ("ent_" + "c" * 24, "AAB Srednji kupec d.o.o.", 10_000))
"""B9's clients: first in the list by name, with this many cached documents each."""
CUSTOMERS = ("Čebela s.p.", "Žaga d.o.o.", "Novak in partnerji", "Zupan gradnje d.o.o.",
             "Kovač Andrej s.p.", "Bistro Tomaž", "Sever IT d.o.o.", "Dolenc trgovina")


def document(entity_id: str, n: int, today: Any) -> dict[str, Any]:
    """One believable cached document: mostly invoices over two years, a mix of paid,
    partly paid and open ones, some estimates, a few drafts."""
    import datetime as dt

    day = today - dt.timedelta(days=n * 730 // 20_000 + n % 3)
    kind = "estimate" if n % 11 == 0 else "credit_note" if n % 37 == 0 else "invoice"
    prefix = {"invoice": "inv", "estimate": "est", "credit_note": "cre"}[kind]
    total = 100 + (n * 7919) % 500_000 / 100
    paid = total if n % 3 == 0 else total / 2 if n % 7 == 0 else 0
    draft = n % 97 == 0
    record: dict[str, Any] = {
        "id": f"{prefix}_{entity_id[4:16]}{n:012x}", "entity_id": entity_id,
        "number": f"draft-{n:06x}" if draft else f"{day.year}-{n:05d}",
        "date": day.isoformat(), "currency_code": "EUR",
        "customer": {"name": f"{CUSTOMERS[n % len(CUSTOMERS)]} {n % 300}",
                     "address": "Cesta 1", "city": "Kranj"},
        "items": [{"name": "Svetovanje", "quantity": 2, "price": total / 2 / 1.22,
                   "total": round(total / 1.22, 2), "taxes": [{"rate": 22}]}],
        "total": round(total / 1.22, 2), "total_with_tax": round(total, 2),
        "total_paid": round(paid, 2), "total_due": round(total - paid, 2),
        "paid_in_full": paid >= total, "is_draft": draft, "voided_at": None,
        "note": "Hvala za zaupanje.", "updated_at": f"{day.isoformat()}T10:00:00.000Z",
    }
    if kind == "estimate":
        record["date_valid_till"] = (day + dt.timedelta(days=30)).isoformat()
    elif kind == "invoice":
        record["date_due"] = (day + dt.timedelta(days=30)).isoformat()
    return record


def build_documents_cache(data_dir: Path, clients_count: int, base_url: str) -> None:
    """`build_cache` with `BIG_CLIENTS` first by name, their documents cached and read."""
    import datetime as dt

    from si_desktop.store.documents import DocumentSyncState

    build_cache(data_dir, clients_count, base_url)
    scope = cache_scope(base_url)
    store = Store.open_in(data_dir)
    today = dt.date.today()
    try:
        for entity_id, name, count in BIG_CLIENTS:
            entity, _units = next(clients(1))
            store.entities.upsert(scope, [{**entity, "id": entity_id, "name": name}])
            for start in range(0, count, BATCH):
                store.documents.upsert(scope, [document(entity_id, n, today) for n in
                                               range(start, min(count, start + BATCH))])
            store.taxes.upsert(scope, [{"id": "tax_" + entity_id[4:], "entity_id": entity_id,
                                        "name": "DDV", "is_default": True,
                                        "tax_rates": [{"rate": 22}]}])
            store.document_sync.put(scope, DocumentSyncState(
                entity_id, window_start=(today - dt.timedelta(days=760)).isoformat(),
                high_water=f"{today.isoformat()}T10:00:00.000Z",
                full_at=f"{today.isoformat()}T10:00:00.000Z"))
    finally:
        store.close()
