"""One connection to Space Invoices and the operations the app performs over it."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from si_desktop.sync.changes import entity_changes, unit_changes

if TYPE_CHECKING:  # the client (httpx, pydantic) is imported by the first request
    from si_desktop.api import BusinessUnit, Entity, SpaceInvoicesClient

DEFAULT_BASE_URL = "https://eu.spaceinvoices.com"
CLIENT_PAGE_SIZE = 50


@dataclass(frozen=True)
class Connection:
    """Where the app talks to and with which key. The key never appears in `repr`."""

    base_url: str = DEFAULT_BASE_URL
    api_key: str = field(default="", repr=False)
    account_id: str | None = None
    demo: bool = False


@dataclass(frozen=True)
class ClientBatch:
    """One page of clients: the entities, the cursor for the next page and the total."""

    clients: list[Entity]
    next_cursor: str | None
    has_more: bool
    total: int | None


class Workspace:
    """The work a user asks for. Create it anywhere; it opens its HTTP client on first use,
    on the loop that awaits it, and `aclose()` closes it there."""

    def __init__(self, connection: Connection, *, transport: Any = None) -> None:
        self.connection = connection
        self._transport = transport
        self._stack: contextlib.AsyncExitStack | None = None
        self._client: SpaceInvoicesClient | None = None
        self.last_refreshed: float | None = None

    @property
    def is_demo(self) -> bool:
        return self.connection.demo

    async def _api(self) -> SpaceInvoicesClient:
        if self._client is None:
            from si_desktop.api import SpaceInvoicesClient

            stack = contextlib.AsyncExitStack()
            client = SpaceInvoicesClient(
                api_key=self.connection.api_key,
                base_url=self.connection.base_url,
                account_id=self.connection.account_id,
                transport=self._transport,
            )
            self._client = await stack.enter_async_context(client)
            self._stack = stack
        return self._client

    async def api(self) -> SpaceInvoicesClient:
        """The API client, for sync modules beside this one (`sync.settings`)."""
        return await self._api()

    async def aclose(self) -> None:
        stack, self._stack, self._client = self._stack, None, None
        if stack is not None:
            await stack.aclose()

    def _touch(self) -> None:
        self.last_refreshed = time.time()

    # clients -------------------------------------------------------------------------------

    async def list_clients(
        self, *, cursor: str | None = None, limit: int = CLIENT_PAGE_SIZE, search: str | None = None
    ) -> ClientBatch:
        """One page of clients in name order, from `cursor` on."""
        api = await self._api()
        page = await api.entities.list(
            limit=limit, next_cursor=cursor, search=search or None, order_by="name"
        )
        self._touch()
        pagination = page.pagination
        total = pagination.total if pagination.total is not None and pagination.total >= 0 else None
        return ClientBatch(
            clients=list(page.data),
            next_cursor=pagination.next_cursor,
            has_more=bool(pagination.has_more and pagination.next_cursor),
            total=total,
        )

    async def search_clients(self, text: str, *, limit: int = 25) -> list[Entity]:
        """Clients the service finds for `text` (name, tax number, metadata values …)."""
        batch = await self.list_clients(search=text, limit=limit)
        return batch.clients

    async def load_client(self, entity_id: str) -> Entity:
        api = await self._api()
        entity = await api.entities.get(entity_id)
        self._touch()
        return entity

    async def create_client(self, *, name: str, country: str, **fields: Any) -> Entity:
        api = await self._api()
        values = {key: value for key, value in fields.items() if value not in (None, "")}
        return await api.entities.create(name=name, country=country, **values)

    async def save_client(self, original: Entity, edited: Mapping[str, Any]) -> Entity:
        """Send what the user changed in `edited` compared with `original`; nothing else."""
        changes = entity_changes(original.model_dump(mode="json"), edited)
        if not changes:
            return original
        api = await self._api()
        entity = await api.entities.update(original.id, **changes)
        self._touch()
        return entity

    async def set_client_enabled(self, entity_id: str, enabled: bool) -> Entity:
        api = await self._api()
        if enabled:
            return await api.entities.enable(entity_id)
        return await api.entities.disable(entity_id)

    async def test_connection(self) -> list[Entity]:
        """Ask for one client: proves the key, the account and the server in one request."""
        api = await self._api()
        page = await api.entities.list(limit=1)
        return list(page.data)

    # business units ------------------------------------------------------------------------

    async def list_units(
        self, entity_id: str, *, include_archived: bool = False
    ) -> list[BusinessUnit]:
        api = await self._api()
        units = [
            unit
            async for unit in api.business_units.iterate(
                entity_id=entity_id, include_archived=include_archived
            )
        ]
        self._touch()
        return units

    async def create_unit(self, entity_id: str, fields: Mapping[str, Any]) -> BusinessUnit:
        api = await self._api()
        values = {key: value for key, value in fields.items() if value not in (None, "")}
        name = str(values.pop("name", ""))
        return await api.business_units.create(entity_id=entity_id, name=name, **values)

    async def save_unit(self, original: BusinessUnit, edited: Mapping[str, Any]) -> BusinessUnit:
        changes = unit_changes(original.model_dump(mode="json"), edited)
        if not changes:
            return original
        api = await self._api()
        entity_id = original.entity_id or ""
        return await api.business_units.update(original.id, entity_id=entity_id, **changes)

    async def archive_unit(self, entity_id: str, unit_id: str) -> None:
        api = await self._api()
        await api.business_units.archive(unit_id, entity_id=entity_id)

    async def load_unit(self, entity_id: str, unit_id: str) -> BusinessUnit:
        api = await self._api()
        return await api.business_units.get(unit_id, entity_id=entity_id)

    # files ---------------------------------------------------------------------------------

    async def editor_logo(
        self, entity: Mapping[str, Any], unit: Mapping[str, Any] | None = None
    ) -> tuple[bytes | None, str | None]:
        """The logo a document of the client (or unit) carries and whose it is; see
        `sync.settings.download_logo`."""
        from si_desktop.sync.settings import download_logo

        return await download_logo(self, entity, unit)

    async def files_changed(self, entity_id: str) -> None:
        """A logo of the client was uploaded or removed. Files go to the service directly;
        a cache behind this door catches up here (this one keeps nothing)."""
