from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from si_desktop.store import Scope, Store

LIVE = Scope("fp_aaaaaaaaaaaaaaaa", "live")
SANDBOX = Scope("fp_aaaaaaaaaaaaaaaa", "sandbox")
OTHER = Scope("fp_bbbbbbbbbbbbbbbb", "live")


def entity_id(n: int) -> str:
    return f"ent_{n:024x}"


def unit_id(n: int) -> str:
    return f"unit_{n:024x}"


def entity(n: int, **changes: Any) -> dict[str, Any]:
    """An entity shaped like the service's, with a key the client does not know."""
    record: dict[str, Any] = {
        "id": entity_id(n),
        "name": f"Client {n}",
        "city": "Ljubljana",
        "country": "Slovenia",
        "country_code": "SI",
        "currency_code": "EUR",
        "tax_number": f"SI{n:08d}",
        "is_enabled": True,
        "settings": {
            "number_formats": {"invoice": "{yyyy}-{nnnnn}"},
            "translations": {"de": {"invoice": "Rechnung"}},
        },
        "metadata": {"client_code": f"C{n:04d}", "industry": "Bakery"},
        "future_field": {"nested": [1, 2.5, None, "ž"]},
        "created_at": "2024-01-01T00:00:00.000Z",
        "updated_at": "2024-09-01T00:00:00.000Z",
    }
    record.update(changes)
    return record


def unit(n: int, owner: int, index: int, **changes: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": unit_id(n),
        "entity_id": entity_id(owner),
        "name": f"Unit {n}",
        "numbering_index": index,
        "settings": {"primary_color": "#1D4ED8"},
        "is_active": True,
        "deleted_at": None,
        "updated_at": "2024-09-01T00:00:00.000Z",
    }
    record.update(changes)
    return record


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "cache.sqlite3"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    opened = Store.open(db_path)
    try:
        yield opened
    finally:
        opened.close()
