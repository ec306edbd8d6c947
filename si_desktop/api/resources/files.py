"""`client.files`: logos and signatures (`/files`, scoped by `x-entity-id`)."""

from __future__ import annotations

import mimetypes
from collections.abc import AsyncIterator
from urllib.parse import urlsplit

from si_desktop.api.ids import check_id
from si_desktop.api.models import File, Page
from si_desktop.api.pagination import SkippedCallback, walk_pages
from si_desktop.api.resources._base import MAX_PAGE_SIZE, Resource, list_params

__all__ = ["Files"]

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_DOWNLOAD_BYTES = 64 * 1024 * 1024
"""The largest file `download()` reads: well above the 10 MB this client uploads, so a
file another tool put there still comes through; a larger answer is
`errors.ResponseTooLargeError`."""


class Files(Resource):
    def _headers(self, entity_id: str | None) -> dict[str, str]:
        return self._client._scope_headers(entity_id, account=False)

    async def upload(
        self,
        *,
        entity_id: str | None,
        content: bytes,
        filename: str,
        category: str = "logo",
        business_unit_id: str | None = None,
        content_type: str | None = None,
        request_id: str | None = None,
        timeout: float | None = None,
    ) -> File:
        """Upload a logo or a signature (multipart `file`, `category`, `business_unit_id`)."""
        headers = self._headers(entity_id)
        if not isinstance(content, bytes | bytearray | memoryview):
            raise TypeError("content must be bytes")
        if len(content) > MAX_UPLOAD_BYTES:
            raise ValueError(f"file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB")
        name = _safe_filename(filename)
        form = {"category": category}
        if business_unit_id is not None:
            form["business_unit_id"] = check_id(business_unit_id, "unit")
        kind = content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
        return await self._call(
            "POST", "/files", File,
            headers=headers, files={"file": (name, bytes(content), kind)}, form=form,
            timeout=timeout, request_id=request_id,
        )

    async def list(
        self,
        *,
        entity_id: str | None,
        category: str | None = None,
        business_unit_id: str | None = None,
        limit: int | None = None,
        next_cursor: str | None = None,
        prev_cursor: str | None = None,
        include_total_count: bool | None = None,
        timeout: float | None = None,
    ) -> Page[File]:
        """One page of the entity's files, optionally of one category or unit."""
        headers = self._headers(entity_id)
        params = list_params(
            limit=limit, next_cursor=next_cursor, prev_cursor=prev_cursor,
            include_total_count=include_total_count,
        )
        if category is not None:
            params.append(("category", category))
        if business_unit_id is not None:
            params.append(("business_unit_id", check_id(business_unit_id, "unit")))
        return await self._call_page(
            "/files", File, params=params, headers=headers, timeout=timeout
        )

    async def iterate(
        self,
        *,
        entity_id: str | None,
        category: str | None = None,
        business_unit_id: str | None = None,
        page_size: int = MAX_PAGE_SIZE,
        timeout: float | None = None,
        on_skipped: SkippedCallback | None = None,
    ) -> AsyncIterator[File]:
        """Every file matching the filters, walking all pages; `on_skipped` as for
        `entities.iterate`."""

        async def fetch(cursor: str | None) -> Page[File]:
            return await self.list(
                entity_id=entity_id, category=category, business_unit_id=business_unit_id,
                limit=page_size, next_cursor=cursor, include_total_count=False,
                timeout=timeout,
            )

        async for item in walk_pages(fetch, on_skipped=on_skipped):
            yield item

    async def download(self, file: File | str, *, timeout: float | None = None) -> bytes:
        """The file's bytes, from its `secure_url` (or a URL given directly), at most
        `MAX_DOWNLOAD_BYTES`. The API key is sent only when the URL is on the API's own
        origin, never to a storage host."""
        url = file.download_url if isinstance(file, File) else file
        if not url:
            raise ValueError("this file has no URL to download from")
        parts = urlsplit(url)
        if parts.scheme and parts.scheme not in ("http", "https"):
            raise ValueError("a file URL must be http(s)")
        own = self._client._shared.transport.same_origin(url)
        raw = await self._client._request(
            "GET", url, timeout=timeout, authenticated=own, rate_limited=own,
            follow_redirects=True, headers={"Accept": "*/*"}, max_bytes=MAX_DOWNLOAD_BYTES,
        )
        return raw.content


def _safe_filename(filename: str) -> str:
    name = filename.replace("\\", "/").rsplit("/", 1)[-1].strip()
    if not name or name in (".", "..") or not name.isprintable():
        raise ValueError("filename must be a plain, printable file name")
    return name
