"""A service in memory behind a real `Workspace`, so UI tests run without a server.

`FakeService` answers the calls the sync layer makes of the API client (entities, business
units, files; documents, customers, taxes and payments through `documents_api`, which
follows the contract: tests/fixtures/documents_service.py) with plain JSON, records every
write, and can be slowed down. `FakeWorkspace`
is the app's one workspace on an in-memory cache, filled with the service's clients and
units as a refresh would have left them."""

from __future__ import annotations

import asyncio
import copy
import itertools
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from si_desktop.store import Store
from si_desktop.store.database import utc_now
from si_desktop.sync.connection import Connection, scope_of
from si_desktop.sync.refresh import LAST_REFRESH_PREF
from si_desktop.sync.workspace import Workspace
from tests.fixtures.documents_api import DocumentsApi

FAKE_KEY = "sk_live_" + "0" * 32

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


@dataclass
class FakePage:
    data: list[dict[str, Any]]
    total: int | None
    next_cursor: str | None
    has_more: bool


@dataclass
class FakeService:
    """The service's side: every client and unit, and the calls made of it."""

    entities: list[dict[str, Any]]
    units: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    delay: float = 0.0
    slow: dict[str, float] = field(default_factory=dict)  # entity id -> seconds a read takes
    calls: list[tuple[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.business_units = _Units(self)
        self.files = _Files()
        # documents, customers, taxes and payments, as the contract says (in memory)
        self.documents_api = DocumentsApi()

    def find(self, entity_id: str) -> dict[str, Any]:
        return next(e for e in self.entities if e["id"] == entity_id)

    def unit(self, entity_id: str | None, unit_id: str) -> dict[str, Any]:
        return next(u for u in self.units.get(entity_id or "", []) if u["id"] == unit_id)

    # the API client's `entities` namespace: this object answers it itself
    async def list(
        self, *, limit: int = 50, next_cursor: str | None = None, search: str | None = None,
        order_by: str | None = None, include_total_count: bool = True,
    ) -> FakePage:
        self.calls.append(("list", (next_cursor, limit, search)))
        await asyncio.sleep(self.delay)
        rows = sorted(self.entities, key=lambda e: str(e["name"]))
        if search:
            rows = [e for e in rows if search.lower() in str(e).lower()]
        start = int(next_cursor or 0)
        more = start + limit < len(rows)
        return FakePage(copy.deepcopy(rows[start : start + limit]), len(rows),
                        str(start + limit) if more else None, more)

    async def get(self, entity_id: str) -> dict[str, Any]:
        self.calls.append(("load", entity_id))
        await asyncio.sleep(self.slow.get(entity_id, self.delay))
        return copy.deepcopy(self.find(entity_id))

    async def create(
        self, *, name: str, country: str, request_id: str | None = None, **fields: Any
    ) -> dict[str, Any]:
        entity = make_entity(len(self.entities) + 100, name, country=country, **fields)
        self.entities.append(entity)
        self.calls.append(("create", entity))
        return copy.deepcopy(entity)

    async def update(
        self, entity_id: str, *, request_id: str | None = None, **changes: Any
    ) -> dict[str, Any]:
        self.calls.append(("save", changes))
        entity = self.find(entity_id)
        for key, value in changes.items():
            if key == "settings":
                entity["settings"].update(value)
            else:
                entity[key] = value
        entity["updated_at"] = _later(entity.get("updated_at"))
        return copy.deepcopy(entity)

    async def enable(self, entity_id: str, *, request_id: str | None = None) -> dict[str, Any]:
        return self._enabled(entity_id, True)

    async def disable(self, entity_id: str, *, request_id: str | None = None) -> dict[str, Any]:
        return self._enabled(entity_id, False)

    def _enabled(self, entity_id: str, enabled: bool) -> dict[str, Any]:
        self.calls.append(("enabled", (entity_id, enabled)))
        entity = self.find(entity_id)
        entity["is_enabled"] = enabled
        return copy.deepcopy(entity)


class _Units:
    def __init__(self, service: FakeService) -> None:
        self.service = service

    async def iterate(
        self, *, entity_id: str, include_archived: bool = False, page_size: int = 100
    ) -> AsyncIterator[dict[str, Any]]:
        for unit in list(self.service.units.get(entity_id, [])):
            if include_archived or not unit.get("deleted_at"):
                yield copy.deepcopy(unit)

    async def get(
        self, unit_id: str, *, entity_id: str | None = None, include_archived: bool = False
    ) -> dict[str, Any]:
        return copy.deepcopy(self.service.unit(entity_id, unit_id))

    async def create(
        self, *, entity_id: str | None, name: str, request_id: str | None = None,
        **fields: Any,
    ) -> dict[str, Any]:
        units = self.service.units.setdefault(entity_id or "", [])
        unit = {
            "id": f"unit_{len(units) + 1:024x}", "entity_id": entity_id,
            "numbering_index": len(units) + 1, "is_active": True, "deleted_at": None,
            "settings": {}, "name": name, **fields,
            "updated_at": "2024-09-01T00:00:00.000Z",
        }
        units.append(unit)
        self.service.calls.append(("create_unit", unit))
        return copy.deepcopy(unit)

    async def update(
        self, unit_id: str, *, entity_id: str | None = None, request_id: str | None = None,
        **changes: Any,
    ) -> dict[str, Any]:
        self.service.calls.append(("save_unit", changes))
        unit = self.service.unit(entity_id, unit_id)
        unit.update(changes)
        unit["updated_at"] = _later(unit.get("updated_at"))
        return copy.deepcopy(unit)

    async def archive(
        self, unit_id: str, *, entity_id: str | None = None, request_id: str | None = None
    ) -> dict[str, Any]:
        unit = self.service.unit(entity_id, unit_id)
        unit["deleted_at"] = "2025-03-01T10:00:00.000Z"
        unit["is_active"] = False
        self.service.calls.append(("archive_unit", unit_id))
        return copy.deepcopy(unit)


class _Files:
    async def iterate(self, **_filters: Any) -> AsyncIterator[dict[str, Any]]:
        no_files: tuple[dict[str, Any], ...] = ()  # the fake clients have no logos
        for found in no_files:
            yield found


class _NoAccess:
    """Users, invitations and keys of the fake clients: nobody outside the firm."""

    async def iterate(self, **_filters: Any) -> AsyncIterator[Any]:
        nobody: tuple[Any, ...] = ()
        for found in nobody:
            yield found


_WRITES = itertools.count(1)


def _later(_stamp: object) -> str:
    """A newer `updated_at` (the service moves it on every write)."""
    return f"2030-01-01T00:00:00.{next(_WRITES) % 1000:03d}Z"


class FakeWorkspace(Workspace):
    """The one workspace on an in-memory cache, in front of a `FakeService`."""

    def __init__(
        self, entities: list[dict[str, Any]] | None = None, delay: float = 0.0,
        *, cached: bool = True,
    ) -> None:
        self.service = FakeService(
            entities if entities is not None else [
                make_entity(i + 1, name) for i, name in enumerate(NAMES)
            ],
            delay=delay,
        )
        connection = Connection(base_url="http://127.0.0.1:1", api_key=FAKE_KEY, demo=True)
        super().__init__(Store.in_memory(), scope_of(connection), self._answer,
                         connection=connection)
        if cached:  # as a complete refresh just now would have left it
            self.store.entities.upsert(self.scope, self.service.entities)
            now = utc_now()
            self.store.prefs.set(self.scope, LAST_REFRESH_PREF,
                                 {"started_at": now, "finished_at": now})

    async def _answer(self) -> Any:
        return _Client(self.service)

    # what the tests reach for
    @property
    def entities(self) -> list[dict[str, Any]]:
        return self.service.entities

    @property
    def calls(self) -> list[tuple[str, Any]]:
        return self.service.calls

    @property
    def slow(self) -> dict[str, float]:
        return self.service.slow

    def find(self, entity_id: str) -> dict[str, Any]:
        return self.service.find(entity_id)

    def cache_units(self, entity_id: str) -> None:
        """Put the service's units of a client in the cache, as a refresh would."""
        self.store.units.replace_for_entity(
            self.scope, entity_id, copy.deepcopy(self.service.units.get(entity_id, [])))

    def client_now(self, entity_id: str) -> dict[str, Any] | None:
        if entity_id in self.service.slow:  # a slow client: only the service can answer
            return None
        return super().client_now(entity_id)


@dataclass
class _Client:
    """The API client's shape: namespaces over the one fake service."""

    service: FakeService

    @property
    def entities(self) -> FakeService:
        return self.service

    @property
    def business_units(self) -> _Units:
        return self.service.business_units

    @property
    def files(self) -> _Files:
        return self.service.files

    @property
    def entity_users(self) -> _NoAccess:
        return _NoAccess()

    invitations = entity_api_keys = entity_users

    rate_limiter = None  # the fake service takes every request at once

    def __getattr__(self, name: str) -> Any:
        """`invoices`, `estimates`, `credit_notes`, `documents`, `customers`, `taxes`,
        `payments` and `of_type(…)`: the fake service's document routes."""
        if name in ("invoices", "estimates", "credit_notes", "documents", "customers",
                    "taxes", "payments", "of_type"):
            return getattr(self.service.documents_api, name)
        raise AttributeError(name)
