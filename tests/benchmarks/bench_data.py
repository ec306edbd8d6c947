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
