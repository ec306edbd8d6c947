"""What the entity-scoped lists share (documents, customers, taxes, payments): every call
carries `x-entity-id`, and a list comes as `list` (models), `list_records` (checked plain
JSON), `iterate` and `iterate_records` (every page, with the walk's guards), exactly as
`entities` and `business_units` do."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Any, ClassVar, Generic, TypeVar

from si_desktop.api.models import Page, RecordPage, SIModel
from si_desktop.api.pagination import SkippedCallback, walk_pages
from si_desktop.api.resources._base import MAX_PAGE_SIZE, OrderBy, Params, Resource, list_params

__all__ = ["ScopedList"]

M = TypeVar("M", bound=SIModel)


class ScopedList(Resource, Generic[M]):
    """An entity-scoped list endpoint at `PATH` whose records are `MODEL`s.

    `entity_id` is required on every call; `None` leaves the header out, which the server
    accepts only when the key sees exactly one entity (an entity key). Every call takes a
    keyword-only `timeout`; writes take a `request_id` (see `Entities`)."""

    PATH: ClassVar[str]
    MODEL: type[M]  # set on each subclass (or instance, for the document types)

    def _headers(self, entity_id: str | None) -> dict[str, str]:
        return self._client._scope_headers(entity_id, account=False)

    def _params(
        self,
        *,
        limit: int | None,
        next_cursor: str | None,
        prev_cursor: str | None,
        search: str | None,
        query: Mapping[str, Any] | None,
        order_by: OrderBy | None,
        include_total_count: bool | None,
    ) -> Params:
        return list_params(
            limit=limit, next_cursor=next_cursor, prev_cursor=prev_cursor,
            include_total_count=include_total_count, order_by=order_by, search=search,
            query=query,
        )

    async def list(
        self,
        *,
        entity_id: str | None,
        limit: int | None = None,
        next_cursor: str | None = None,
        prev_cursor: str | None = None,
        search: str | None = None,
        query: Mapping[str, Any] | None = None,
        order_by: OrderBy | None = None,
        include_total_count: bool | None = None,
        timeout: float | None = None,
    ) -> Page[M]:
        """One page; a record that fails validation lands in `Page.skipped`."""
        headers = self._headers(entity_id)
        params = self._params(
            limit=limit, next_cursor=next_cursor, prev_cursor=prev_cursor, search=search,
            query=query, order_by=order_by, include_total_count=include_total_count,
        )
        return await self._call_page(
            self.PATH, self.MODEL, params=params, headers=headers, timeout=timeout
        )

    async def list_records(
        self,
        *,
        entity_id: str | None,
        limit: int | None = None,
        next_cursor: str | None = None,
        prev_cursor: str | None = None,
        search: str | None = None,
        query: Mapping[str, Any] | None = None,
        order_by: OrderBy | None = None,
        include_total_count: bool | None = None,
        timeout: float | None = None,
    ) -> RecordPage:
        """`list()` as checked plain JSON objects (see `entities.list_records`)."""
        headers = self._headers(entity_id)
        params = self._params(
            limit=limit, next_cursor=next_cursor, prev_cursor=prev_cursor, search=search,
            query=query, order_by=order_by, include_total_count=include_total_count,
        )
        return await self._call_records(
            self.PATH, self.MODEL, params=params, headers=headers, timeout=timeout
        )

    async def iterate(
        self,
        *,
        entity_id: str | None,
        page_size: int = MAX_PAGE_SIZE,
        search: str | None = None,
        query: Mapping[str, Any] | None = None,
        order_by: OrderBy | None = None,
        timeout: float | None = None,
        on_skipped: SkippedCallback | None = None,
    ) -> AsyncIterator[M]:
        """Every record matching the filters, walking all pages; `on_skipped` as for
        `entities.iterate`."""

        async def fetch(cursor: str | None) -> Page[M]:
            return await self.list(
                entity_id=entity_id, limit=page_size, next_cursor=cursor, search=search,
                query=query, order_by=order_by, include_total_count=False, timeout=timeout,
            )

        async for record in walk_pages(fetch, on_skipped=on_skipped):
            yield record

    async def iterate_records(
        self,
        *,
        entity_id: str | None,
        page_size: int = MAX_PAGE_SIZE,
        search: str | None = None,
        query: Mapping[str, Any] | None = None,
        order_by: OrderBy | None = None,
        timeout: float | None = None,
        on_skipped: SkippedCallback | None = None,
    ) -> AsyncIterator[dict[str, Any]]:
        """`iterate()` as plain JSON objects (see `entities.list_records`)."""

        async def fetch(cursor: str | None) -> RecordPage:
            return await self.list_records(
                entity_id=entity_id, limit=page_size, next_cursor=cursor, search=search,
                query=query, order_by=order_by, include_total_count=False, timeout=timeout,
            )

        async for record in walk_pages(fetch, on_skipped=on_skipped):
            yield record
