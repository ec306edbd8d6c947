"""`client.entities`: the client businesses (`/entities`)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Mapping
from typing import Any

from si_desktop.api import errors
from si_desktop.api.ids import check_id
from si_desktop.api.models import Entity, Page, RecordPage
from si_desktop.api.pagination import SkippedCallback, walk_pages
from si_desktop.api.resources._base import (
    MAX_PAGE_SIZE,
    OrderBy,
    Params,
    Resource,
    list_params,
    write_body,
)

__all__ = ["Entities"]

_ENVIRONMENTS = ("live", "sandbox")


class Entities(Resource):
    """Every call takes a keyword-only `timeout` (seconds per attempt, overriding the
    client's); writes take a `request_id` to make a replay after a crash idempotent."""

    def _headers(self) -> dict[str, str]:
        return self._client._scope_headers(None, account=True)

    async def list(
        self,
        *,
        limit: int | None = None,
        next_cursor: str | None = None,
        prev_cursor: str | None = None,
        search: str | None = None,
        query: Mapping[str, Any] | None = None,
        order_by: OrderBy | None = None,
        environment: str | None = None,
        include_total_count: bool | None = None,
        timeout: float | None = None,
    ) -> Page[Entity]:
        """One page of entities."""
        params = list_params(
            limit=limit,
            next_cursor=next_cursor,
            prev_cursor=prev_cursor,
            include_total_count=include_total_count,
            order_by=order_by,
            search=search,
            query=query,
        )
        _add_environment(params, environment)
        return await self._call_page(
            "/entities", Entity, params=params, headers=self._headers(), timeout=timeout
        )

    async def list_records(
        self,
        *,
        limit: int | None = None,
        next_cursor: str | None = None,
        prev_cursor: str | None = None,
        search: str | None = None,
        query: Mapping[str, Any] | None = None,
        order_by: OrderBy | None = None,
        environment: str | None = None,
        include_total_count: bool | None = None,
        timeout: float | None = None,
    ) -> RecordPage:
        """`list()` for callers that store records rather than use them: the same request,
        the same checks (a record `Entity` would refuse is skipped into
        `RecordPage.skipped` and logged), but each record comes back as the plain JSON
        object the server sent — exactly what `Entity.model_validate(r).model_dump(
        mode="json")` would give, at about a quarter of the CPU per page (see `RecordPage`;
        measured by tests/benchmarks/bench_list_records.py)."""
        params = list_params(
            limit=limit,
            next_cursor=next_cursor,
            prev_cursor=prev_cursor,
            include_total_count=include_total_count,
            order_by=order_by,
            search=search,
            query=query,
        )
        _add_environment(params, environment)
        return await self._call_records(
            "/entities", Entity, params=params, headers=self._headers(), timeout=timeout
        )

    async def iterate(
        self,
        *,
        page_size: int = MAX_PAGE_SIZE,
        search: str | None = None,
        query: Mapping[str, Any] | None = None,
        order_by: OrderBy | None = None,
        environment: str | None = None,
        timeout: float | None = None,
        on_skipped: SkippedCallback | None = None,
    ) -> AsyncIterator[Entity]:
        """Every entity matching the filters, walking all pages. A record the server sent
        that could not be read is not yielded; `on_skipped` (if given) is called with its
        `SkippedRecord` (see `walk_pages`)."""

        async def fetch(cursor: str | None) -> Page[Entity]:
            return await self.list(
                limit=page_size, next_cursor=cursor, search=search, query=query,
                order_by=order_by, environment=environment, include_total_count=False,
                timeout=timeout,
            )

        async for entity in walk_pages(fetch, on_skipped=on_skipped):
            yield entity

    async def iterate_records(
        self,
        *,
        page_size: int = MAX_PAGE_SIZE,
        search: str | None = None,
        query: Mapping[str, Any] | None = None,
        order_by: OrderBy | None = None,
        environment: str | None = None,
        timeout: float | None = None,
        on_skipped: SkippedCallback | None = None,
    ) -> AsyncIterator[dict[str, Any]]:
        """`iterate()` as plain JSON objects (see `list_records`), with the same guards."""

        async def fetch(cursor: str | None) -> RecordPage:
            return await self.list_records(
                limit=page_size, next_cursor=cursor, search=search, query=query,
                order_by=order_by, environment=environment, include_total_count=False,
                timeout=timeout,
            )

        async for record in walk_pages(fetch, on_skipped=on_skipped):
            yield record

    async def get(self, entity_id: str, *, timeout: float | None = None) -> Entity:
        check_id(entity_id, "ent")
        return await self._call(
            "GET", f"/entities/{entity_id}", Entity, headers=self._headers(), timeout=timeout
        )

    async def create(
        self,
        *,
        name: str,
        country: str,
        request_id: str | None = None,
        timeout: float | None = None,
        **fields: Any,
    ) -> Entity:
        """Create an entity; the server fills in country code, currency, locale and the
        default settings."""
        body = write_body({"name": name, "country": country, **fields})
        return await self._call(
            "POST", "/entities", Entity,
            json_body=body, headers=self._headers(), timeout=timeout, request_id=request_id,
        )

    async def update(
        self,
        entity_id: str,
        *,
        request_id: str | None = None,
        timeout: float | None = None,
        **changes: Any,
    ) -> Entity:
        """Change the given fields. `settings={...}` sends only the top-level settings keys
        given; each replaces that key on the server and the others stay (`None` clears).

        Sent as PATCH; a server that answers 405 gets the same change once more as PUT, and
        PUT from then on.
        """
        check_id(entity_id, "ent")
        body = write_body(changes)
        path = f"/entities/{entity_id}"
        shared = self._client._shared
        method = shared.entity_update_method
        try:
            return await self._call(
                method, path, Entity,
                json_body=body, headers=self._headers(), timeout=timeout,
                request_id=request_id,
            )
        except errors.ApiError as exc:
            if exc.status != 405 or method != "PATCH":
                raise
        shared.entity_update_method = "PUT"
        # A fresh id: the server would answer the PATCH's id with the stored 405.
        return await self._call(
            "PUT", path, Entity,
            json_body=body, headers=self._headers(), timeout=timeout,
            request_id=_derived_request_id(request_id),
        )

    async def enable(
        self, entity_id: str, *, request_id: str | None = None, timeout: float | None = None
    ) -> Entity:
        """Let the entity issue documents again (idempotent)."""
        check_id(entity_id, "ent")
        return await self._call(
            "POST", f"/entities/{entity_id}/enable", Entity,
            headers=self._headers(), timeout=timeout, request_id=request_id,
        )

    async def disable(
        self, entity_id: str, *, request_id: str | None = None, timeout: float | None = None
    ) -> Entity:
        """Stop the entity from issuing documents; its data and settings stay (idempotent)."""
        check_id(entity_id, "ent")
        return await self._call(
            "POST", f"/entities/{entity_id}/disable", Entity,
            headers=self._headers(), timeout=timeout, request_id=request_id,
        )


def _add_environment(params: Params, environment: str | None) -> None:
    if environment is None:
        return
    if environment not in _ENVIRONMENTS:
        raise ValueError("environment must be 'live' or 'sandbox'")
    params.append(("environment", environment))


def _derived_request_id(request_id: str | None) -> str | None:
    """A stable second id for the PUT that repeats a PATCH, so a replay stays idempotent."""
    if request_id is None:
        return None
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"si-desktop:put:{request_id}"))
