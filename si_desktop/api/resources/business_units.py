"""`client.business_units`: an entity's units (`/business-units`, scoped by `x-entity-id`).

`entity_id` is required on every call; `None` leaves the header out, which the server
accepts only when the key sees exactly one entity (an entity key).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Any

from si_desktop.api.ids import check_id
from si_desktop.api.jsonbody import UnreadableBody, parse_json
from si_desktop.api.models import BusinessUnit, Page, RecordPage
from si_desktop.api.pagination import SkippedCallback, walk_pages
from si_desktop.api.resources._base import (
    MAX_PAGE_SIZE,
    OrderBy,
    Params,
    Resource,
    bool_param,
    list_params,
    write_body,
)

__all__ = ["BusinessUnits"]


class BusinessUnits(Resource):
    def _headers(self, entity_id: str | None) -> dict[str, str]:
        return self._client._scope_headers(entity_id, account=False)

    async def list(
        self,
        *,
        entity_id: str | None,
        include_archived: bool = False,
        limit: int | None = None,
        next_cursor: str | None = None,
        prev_cursor: str | None = None,
        search: str | None = None,
        query: Mapping[str, Any] | None = None,
        order_by: OrderBy | None = None,
        include_total_count: bool | None = None,
        timeout: float | None = None,
    ) -> Page[BusinessUnit]:
        """One page of the entity's units (archived ones only with `include_archived`)."""
        headers = self._headers(entity_id)
        params = _unit_list_params(
            include_archived=include_archived, limit=limit, next_cursor=next_cursor,
            prev_cursor=prev_cursor, search=search, query=query, order_by=order_by,
            include_total_count=include_total_count,
        )
        return await self._call_page(
            "/business-units", BusinessUnit, params=params, headers=headers, timeout=timeout
        )

    async def list_records(
        self,
        *,
        entity_id: str | None,
        include_archived: bool = False,
        limit: int | None = None,
        next_cursor: str | None = None,
        prev_cursor: str | None = None,
        search: str | None = None,
        query: Mapping[str, Any] | None = None,
        order_by: OrderBy | None = None,
        include_total_count: bool | None = None,
        timeout: float | None = None,
    ) -> RecordPage:
        """`list()` as checked plain JSON objects, as `entities.list_records`."""
        headers = self._headers(entity_id)
        params = _unit_list_params(
            include_archived=include_archived, limit=limit, next_cursor=next_cursor,
            prev_cursor=prev_cursor, search=search, query=query, order_by=order_by,
            include_total_count=include_total_count,
        )
        return await self._call_records(
            "/business-units", BusinessUnit, params=params, headers=headers, timeout=timeout
        )

    async def iterate(
        self,
        *,
        entity_id: str | None,
        include_archived: bool = False,
        page_size: int = MAX_PAGE_SIZE,
        search: str | None = None,
        query: Mapping[str, Any] | None = None,
        order_by: OrderBy | None = None,
        timeout: float | None = None,
        on_skipped: SkippedCallback | None = None,
    ) -> AsyncIterator[BusinessUnit]:
        """Every unit of the entity matching the filters, walking all pages; `on_skipped`
        as for `entities.iterate`."""

        async def fetch(cursor: str | None) -> Page[BusinessUnit]:
            return await self.list(
                entity_id=entity_id, include_archived=include_archived, limit=page_size,
                next_cursor=cursor, search=search, query=query, order_by=order_by,
                include_total_count=False, timeout=timeout,
            )

        async for unit in walk_pages(fetch, on_skipped=on_skipped):
            yield unit

    async def iterate_records(
        self,
        *,
        entity_id: str | None,
        include_archived: bool = False,
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
                entity_id=entity_id, include_archived=include_archived, limit=page_size,
                next_cursor=cursor, search=search, query=query, order_by=order_by,
                include_total_count=False, timeout=timeout,
            )

        async for record in walk_pages(fetch, on_skipped=on_skipped):
            yield record

    async def get(
        self,
        unit_id: str,
        *,
        entity_id: str | None,
        include_archived: bool | None = None,
        timeout: float | None = None,
    ) -> BusinessUnit:
        check_id(unit_id, "unit")
        headers = self._headers(entity_id)
        params = []
        if include_archived is not None:
            params.append(bool_param("include_archived", include_archived))
        return await self._call(
            "GET", f"/business-units/{unit_id}", BusinessUnit,
            params=params, headers=headers, timeout=timeout,
        )

    async def create(
        self,
        *,
        entity_id: str | None,
        name: str,
        request_id: str | None = None,
        timeout: float | None = None,
        **fields: Any,
    ) -> BusinessUnit:
        """Create a unit; the server assigns its `numbering_index`."""
        headers = self._headers(entity_id)
        body = write_body({"name": name, **fields}, unit=True)
        return await self._call(
            "POST", "/business-units", BusinessUnit,
            json_body=body, headers=headers, timeout=timeout, request_id=request_id,
        )

    async def update(
        self,
        unit_id: str,
        *,
        entity_id: str | None,
        request_id: str | None = None,
        timeout: float | None = None,
        **changes: Any,
    ) -> BusinessUnit:
        """Change the given fields; `settings={...}` sends only the top-level keys given,
        and e-mail defaults always go out as flat keys."""
        check_id(unit_id, "unit")
        headers = self._headers(entity_id)
        body = write_body(changes, unit=True)
        return await self._call(
            "PATCH", f"/business-units/{unit_id}", BusinessUnit,
            json_body=body, headers=headers, timeout=timeout, request_id=request_id,
        )

    async def archive(
        self,
        unit_id: str,
        *,
        entity_id: str | None,
        request_id: str | None = None,
        timeout: float | None = None,
    ) -> BusinessUnit | None:
        """Archive the unit (it stays readable with `include_archived`). Returns the unit
        when the server sends it back, None for an empty answer."""
        check_id(unit_id, "unit")
        headers = self._headers(entity_id)
        path = f"/business-units/{unit_id}"
        raw = await self._client._request(
            "DELETE", path, headers=headers, timeout=timeout, request_id=request_id
        )
        try:
            data = parse_json(raw.content) if raw.content.strip() else None
        except UnreadableBody:
            data = None
        if not isinstance(data, dict) or "id" not in data:
            return None  # an empty or a bare acknowledgement
        return self._client._parse(raw, BusinessUnit, method="DELETE", path=path)


def _unit_list_params(
    *,
    include_archived: bool,
    limit: int | None,
    next_cursor: str | None,
    prev_cursor: str | None,
    search: str | None,
    query: Mapping[str, Any] | None,
    order_by: OrderBy | None,
    include_total_count: bool | None,
) -> Params:
    params = list_params(
        limit=limit,
        next_cursor=next_cursor,
        prev_cursor=prev_cursor,
        include_total_count=include_total_count,
        order_by=order_by,
        search=search,
        query=query,
    )
    if include_archived:
        params.append(bool_param("include_archived", True))
    return params
