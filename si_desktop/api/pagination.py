"""Walking a cursor-paginated list from the first page to the last, and never for ever.

`walk_pages()` yields records; `CursorWalk` is its bookkeeping on its own, for a caller that
runs its own page loop (the refresh does) and wants the same guards. Both take any page that
fits `PageLike`: `Page` (models) or `RecordPage` (plain JSON objects from `list_records`).

- a record already seen is not handed out again;
- a cursor the server hands out twice ends the walk (`errors.MalformedResponseError`);
- so does a run of `MAX_PAGES_WITHOUT_NEWS` pages in a row that bring no record not seen
  before (endless fresh cursors over the same or no records);
- and, when the server counts (`total`), walking more than
  `ceil(total / records per page) + PAGE_SLACK` pages (records per page: the most that one
  page of this walk brought, so a server that caps the page size below what was asked is
  measured by its own cap).
"""

from __future__ import annotations

import logging
import math
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Any, Generic, Protocol, TypeVar

from si_desktop.api import errors
from si_desktop.api.models import SkippedRecord

__all__ = [
    "MAX_PAGES_WITHOUT_NEWS",
    "PAGE_SLACK",
    "CursorWalk",
    "PageLike",
    "SkippedCallback",
    "walk_pages",
]

log = logging.getLogger("si_desktop.api")

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class PageLike(Protocol[T_co]):
    """What a walk needs of a page: `models.Page` (records as models) and
    `models.RecordPage` (records as plain JSON objects) both fit."""

    @property
    def data(self) -> Sequence[T_co]: ...

    @property
    def skipped(self) -> tuple[SkippedRecord, ...]: ...

    @property
    def next_cursor(self) -> str | None: ...

    @property
    def has_more(self) -> bool: ...

    @property
    def total(self) -> int | None: ...

SkippedCallback = Callable[[SkippedRecord], None]
"""Called once for each record of a walk that could not be read (it was logged already)."""

MAX_PAGES_WITHOUT_NEWS = 5
"""Pages in a row without a single unseen record after which a walk is taken to be a loop.
(An honest server sends an empty page only as the last one.)"""
PAGE_SLACK = 5
"""Pages allowed beyond `ceil(total / records per page)`: records created during the walk."""


class CursorWalk(Generic[T]):
    """The state of one walk: which records and cursors were seen, and whether the walk
    is still getting somewhere.

    ```python
    walk = CursorWalk[Entity]()
    cursor = None
    while True:
        page = await si.entities.list(limit=100, next_cursor=cursor)
        fresh, skipped = walk.take(page)
        ...
        cursor = walk.next_cursor(page)  # raises on a loop
        if cursor is None:
            break
    ```
    """

    def __init__(self) -> None:
        self.pages = 0
        self._per_page = 1
        self._seen_ids: set[str] = set()
        self._skipped_ids: set[str] = set()
        self._seen_cursors: set[str] = set()
        self._pages_without_news = 0
        self._total: int | None = None
        self._news = False

    def take(self, page: PageLike[T]) -> tuple[list[T], list[SkippedRecord]]:
        """The page's records not seen before in this walk, and its skipped records not
        reported before (those without a usable id are always reported)."""
        self.pages += 1
        self._news = False
        fresh: list[T] = []
        for item in page.data:
            item_id = _id_of(item)
            if isinstance(item_id, str):
                if item_id in self._seen_ids:
                    log.warning("list returned %s twice; skipped the repeat", item_id)
                    continue
                self._seen_ids.add(item_id)
            self._news = True
            fresh.append(item)
        skipped: list[SkippedRecord] = []
        for record in page.skipped:
            if record.id is not None:
                if record.id in self._skipped_ids:
                    continue
                self._skipped_ids.add(record.id)
                self._news = True  # an unseen record, even if unreadable
            skipped.append(record)
        if page.total is not None:
            self._total = max(self._total or 0, page.total)
        self._per_page = max(self._per_page, len(page.data) + len(page.skipped))
        return fresh, skipped

    def next_cursor(self, page: PageLike[T]) -> str | None:
        """The cursor of the page after `page` (which `take()` has seen), or None when the
        walk is over; `errors.MalformedResponseError` when it would never end."""
        self._pages_without_news = 0 if self._news else self._pages_without_news + 1
        next_cursor = page.next_cursor
        if not page.has_more or next_cursor is None:
            return None
        if next_cursor in self._seen_cursors:
            raise errors.MalformedResponseError(
                "the server returned a pagination cursor it had already returned"
            )
        if self._pages_without_news >= MAX_PAGES_WITHOUT_NEWS:
            raise errors.MalformedResponseError(
                f"the server sent {self._pages_without_news} pages in a row without a "
                "record not seen before; stopped the walk"
            )
        if self._total is not None:
            expected = math.ceil(self._total / self._per_page)
            if self.pages >= expected + PAGE_SLACK:
                raise errors.MalformedResponseError(
                    f"the server counts {self._total} records but sent {self.pages} pages of "
                    f"up to {self._per_page} and wants to go on; stopped the walk"
                )
        self._seen_cursors.add(next_cursor)
        return next_cursor


async def walk_pages(
    fetch: Callable[[str | None], Awaitable[PageLike[T]]],
    *,
    on_skipped: SkippedCallback | None = None,
) -> AsyncIterator[T]:
    """Yield every record of every page; `fetch(cursor)` gets one page (None: the first).

    Each page is retried on its own (same cursor), so a failure half-way neither restarts
    the walk nor repeats records. A record already yielded is not yielded again, and a walk
    that would never end (see the module docstring) ends with
    `errors.MalformedResponseError` instead of looping.

    A record that failed validation is not yielded: the walk goes on with the others and
    hands its `SkippedRecord` to `on_skipped` (once per id; every time for records without
    a usable id). A caller that wants them all collects them, e.g.
    `skipped = []; async for e in walk_pages(fetch, on_skipped=skipped.append)`.
    """
    walk: CursorWalk[T] = CursorWalk()
    cursor: str | None = None
    while True:
        page = await fetch(cursor)
        fresh, skipped = walk.take(page)
        for item in fresh:
            yield item
        if on_skipped is not None:
            for record in skipped:
                on_skipped(record)
        cursor = walk.next_cursor(page)
        if cursor is None:
            return


def _id_of(record: Any) -> Any:
    return record.get("id") if isinstance(record, dict) else getattr(record, "id", None)
