"""An in-memory stand-in for `si_desktop.sync.Workspace`, so UI tests run without a server.
It answers with plain JSON dicts, which the UI accepts as it accepts API models."""

from __future__ import annotations

import asyncio
import copy
import time
from typing import Any

from si_desktop.sync import ClientBatch, Connection

NAMES = [
    "Žagar d.o.o.", "Čadež s.p.", "Cene Trgovina", "Dolenc in partnerji", "Šuštar IT",
    "Sever Gradnje", "Zupan Consulting", "Andrej Novak s.p.", "ančka peka", "Bistro Tomaž",
]


def make_entity(index: int, name: str | None = None, **extra: Any) -> dict[str, Any]:
    entity: dict[str, Any] = {
        "id": f"ent_{index:024x}",
        "name": name if name is not None else f"Client {index:03d}",
        "address": f"Street {index}",
        "city": "Ljubljana" if index % 2 else "Maribor",
        "country": "Slovenia",
        "country_code": "SI",
        "currency_code": "EUR",
        "locale": "sl-SI",
        "tax_number": f"SI{10000000 + index}",
        "is_enabled": True,
        "environment": "live",
        "metadata": {"client_code": f"K-{index:04d}"},
        "settings": {"document_footer": "{entity_name}", "custom_future_key": {"x": 1}},
        "created_at": "2024-01-01T00:00:00.000Z",
        "updated_at": "2024-09-01T00:00:00.000Z",
    }
    entity.update(extra)
    return entity


class FakeWorkspace:
    is_demo = True

    def __init__(self, entities: list[dict[str, Any]] | None = None, delay: float = 0.0) -> None:
        self.entities = entities if entities is not None else [
            make_entity(i + 1, name) for i, name in enumerate(NAMES)
        ]
        self.units: dict[str, list[dict[str, Any]]] = {}
        self.delay = delay
        self.slow: dict[str, float] = {}  # entity id → seconds its load takes
        self.calls: list[tuple[str, Any]] = []
        self.last_refreshed: float | None = None
        self.connection = Connection(base_url="http://127.0.0.1:1", api_key="k", demo=True)

    def _sorted(self) -> list[dict[str, Any]]:
        return sorted(self.entities, key=lambda e: str(e["name"]))

    async def list_clients(
        self, *, cursor: str | None = None, limit: int = 50, search: str | None = None
    ) -> ClientBatch:
        self.calls.append(("list", (cursor, limit, search)))
        await asyncio.sleep(self.delay)
        self.last_refreshed = time.time()
        rows = self._sorted()
        if search:
            rows = [e for e in rows if search.lower() in str(e).lower()]
        start = int(cursor or 0)
        page = rows[start : start + limit]
        more = start + limit < len(rows)
        return ClientBatch(
            clients=copy.deepcopy(page),  # type: ignore[arg-type]
            next_cursor=str(start + limit) if more else None,
            has_more=more,
            total=len(rows),
        )

    async def search_clients(self, text: str, *, limit: int = 25) -> list[Any]:
        batch = await self.list_clients(search=text, limit=limit)
        return batch.clients

    def find(self, entity_id: str) -> dict[str, Any]:
        return next(e for e in self.entities if e["id"] == entity_id)

    async def load_client(self, entity_id: str) -> dict[str, Any]:
        self.calls.append(("load", entity_id))
        await asyncio.sleep(self.slow.get(entity_id, self.delay))
        return copy.deepcopy(self.find(entity_id))

    async def create_client(self, *, name: str, country: str, **fields: Any) -> dict[str, Any]:
        entity = make_entity(len(self.entities) + 100, name, country=country, **fields)
        self.entities.append(entity)
        self.calls.append(("create", entity))
        return copy.deepcopy(entity)

    async def save_client(self, original: Any, edited: dict[str, Any]) -> dict[str, Any]:
        from si_desktop.sync import entity_changes

        changes = entity_changes(original, edited)
        self.calls.append(("save", changes))
        entity = self.find(original["id"])
        for key, value in changes.items():
            if key == "settings":
                entity["settings"].update(value)
            else:
                entity[key] = value
        return copy.deepcopy(entity)

    async def set_client_enabled(self, entity_id: str, enabled: bool) -> dict[str, Any]:
        self.calls.append(("enabled", (entity_id, enabled)))
        entity = self.find(entity_id)
        entity["is_enabled"] = enabled
        return copy.deepcopy(entity)

    async def list_units(self, entity_id: str, *, include_archived: bool = False) -> list[Any]:
        units = self.units.get(entity_id, [])
        return [copy.deepcopy(u) for u in units if include_archived or not u.get("deleted_at")]

    async def create_unit(self, entity_id: str, fields: dict[str, Any]) -> dict[str, Any]:
        units = self.units.setdefault(entity_id, [])
        unit = {
            "id": f"unit_{len(units) + 1:024x}", "entity_id": entity_id,
            "numbering_index": len(units) + 1, "is_active": True, "deleted_at": None,
            "settings": {}, **fields,
        }
        units.append(unit)
        self.calls.append(("create_unit", unit))
        return copy.deepcopy(unit)

    async def save_unit(self, original: Any, edited: dict[str, Any]) -> dict[str, Any]:
        from si_desktop.sync import unit_changes

        changes = unit_changes(original, edited)
        self.calls.append(("save_unit", changes))
        unit = next(u for u in self.units[original["entity_id"]] if u["id"] == original["id"])
        unit.update(changes)
        return copy.deepcopy(unit)

    async def archive_unit(self, entity_id: str, unit_id: str) -> None:
        unit = next(u for u in self.units[entity_id] if u["id"] == unit_id)
        unit["deleted_at"] = "2025-03-01T10:00:00.000Z"
        unit["is_active"] = False
        self.calls.append(("archive_unit", unit_id))

    async def test_connection(self) -> list[Any]:
        return copy.deepcopy(self.entities[:1])

    async def aclose(self) -> None:
        return None
