"""Walking a cursor-paginated list from the first page to the last."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TypeVar

from si_desktop.api import errors
from si_desktop.api.models import Page, SIModel, SkippedRecord

__all__ = ["SkippedCallback", "walk_pages"]

log = logging.getLogger("si_desktop.api")

T = TypeVar("T", bound=SIModel)

SkippedCallback = Callable[[SkippedRecord], None]
"""Called once for each record of a walk that could not be read (it was logged already)."""


async def walk_pages(
    fetch: Callable[[str | None], Awaitable[Page[T]]],
    *,
    on_skipped: SkippedCallback | None = None,
) -> AsyncIterator[T]:
    """Yield every record of every page; `fetch(cursor)` gets one page (None: the first).

    Each page is retried on its own (same cursor), so a failure half-way neither restarts
    the walk nor repeats records. A record already yielded is not yielded again, and a
    cursor the server hands out twice ends the walk with an error instead of looping.

    A record that failed validation is not yielded: the walk goes on with the others and
    hands its `SkippedRecord` to `on_skipped` (once per id; every time for records without
    a usable id). A caller that wants them all collects them, e.g.
    `skipped = []; async for e in walk_pages(fetch, on_skipped=skipped.append)`.
    """
    cursor: str | None = None
    seen_cursors: set[str] = set()
    seen_ids: set[str] = set()
    skipped_ids: set[str] = set()
    while True:
        page = await fetch(cursor)
        for item in page.data:
            item_id = getattr(item, "id", None)
            if isinstance(item_id, str):
                if item_id in seen_ids:
                    log.warning("list returned %s twice; skipped the repeat", item_id)
                    continue
                seen_ids.add(item_id)
            yield item
        for skipped in page.skipped:
            if skipped.id is not None:
                if skipped.id in skipped_ids:
                    continue
                skipped_ids.add(skipped.id)
            if on_skipped is not None:
                on_skipped(skipped)
        next_cursor = page.next_cursor
        if not page.has_more or next_cursor is None:
            return
        if next_cursor in seen_cursors:
            raise errors.MalformedResponseError(
                "the server returned a pagination cursor it had already returned"
            )
        seen_cursors.add(next_cursor)
        cursor = next_cursor
