"""`SpaceInvoicesClient`: one connection pool, one key, resources as namespaces.

Every request goes through `SpaceInvoicesClient._request`: the rate limiter, the
`X-Request-Id` (one per logical call, the same on every attempt), the retry policy, the map
from status to exception and the log line all live there and nowhere else.

Every body is read by `jsonbody.parse_json` (no lone surrogates, bounded depth), so a
hostile or broken server can only ever cause an `errors.ApiError`. A record that fails
validation makes a single-record call raise `errors.MalformedResponseError`; in a list page
it is left out of `Page.data`, described in `Page.skipped` and logged at WARNING, and the
page's other records come through.
"""

from __future__ import annotations

import copy
import ipaddress
import logging
import platform
import uuid
from collections.abc import Mapping, Sequence
from types import TracebackType
from typing import Any, Literal, TypeVar
from urllib.parse import urlsplit

import pydantic

from si_desktop import __version__
from si_desktop.api import errors
from si_desktop.api.ids import check_id
from si_desktop.api.jsonbody import UnreadableBody, parse_json
from si_desktop.api.models import (
    Page,
    Pagination,
    RecordPage,
    SIModel,
    SkippedRecord,
    record_checker,
)
from si_desktop.api.ratelimit import RateLimiter, default_limit_for_key
from si_desktop.api.resources.access import EntityApiKeys, EntityUsers, Invitations
from si_desktop.api.resources.business_units import BusinessUnits
from si_desktop.api.resources.customers import Customers, Payments, Taxes
from si_desktop.api.resources.documents import (
    CreditNotes,
    DocumentActions,
    DocumentsOfType,
    Estimates,
    Invoices,
)
from si_desktop.api.resources.entities import Entities
from si_desktop.api.resources.files import Files
from si_desktop.api.retry import RetryPolicy, call_with_retries, parse_retry_after
from si_desktop.api.transport import MAX_RESPONSE_BYTES, HttpxTransport, RawResponse, Transport
from si_desktop.core.service import DEFAULT_BASE_URL

__all__ = ["DEFAULT_BASE_URL", "SpaceInvoicesClient"]

USER_AGENT = f"si-desktop/{__version__} Python/{platform.python_version()}"

log = logging.getLogger("si_desktop.api")

M = TypeVar("M", bound=SIModel)

_MAX_SHOWN_ID = 64  # longer "ids" are not echoed into the log


class _Shared:
    """What a client and its `with_options()` copies have in common."""

    def __init__(self, transport: Transport, limiter: RateLimiter | None) -> None:
        self.transport = transport
        self.limiter = limiter
        # Entity updates: PATCH until the server answers 405, then PUT for good (CONTRACT.md).
        self.entity_update_method: Literal["PATCH", "PUT"] = "PATCH"


class SpaceInvoicesClient:
    """The async Space Invoices client.

    ```python
    async with SpaceInvoicesClient(api_key=key) as si:
        async for entity in si.entities.iterate():
            ...
    ```

    `timeout` bounds each attempt in seconds (None: wait forever): every read, and the
    whole exchange from connecting to the last byte of the answer, so a server that trickles
    its answer cannot hold a call longer (`errors.NetworkError`, reason `timeout`). `retry`
    bounds the retries of one call, and how long a `Retry-After` may be before the call
    gives up at once with `errors.RateLimitError` (see `RetryPolicy.max_retry_after`).
    `rate_limit_per_min` is the client-side limit for the key: `"auto"` picks the published
    one by key kind (60 sandbox, 600 live), `None` or `0` turns the limiter off. Pass
    `rate_limiter` to share one limiter between clients that use the same key. `transport`
    replaces the network (an `httpx.MockTransport` or `httpx.ASGITransport` in tests).
    """

    def __init__(
        self,
        *,
        api_key: str,
        base_url: str = DEFAULT_BASE_URL,
        account_id: str | None = None,
        timeout: float | None = 30.0,
        transport: HttpxTransport | None = None,
        retry: RetryPolicy | None = None,
        rate_limit_per_min: int | Literal["auto"] | None = "auto",
        rate_limiter: RateLimiter | None = None,
    ) -> None:
        if not isinstance(api_key, str) or not api_key.strip():
            raise ValueError("an API key is required")
        if any(c.isspace() for c in api_key) or not (api_key.isprintable() and api_key.isascii()):
            raise ValueError("the API key contains whitespace, control or non-ASCII characters")
        _check_base_url(base_url, custom_transport=transport is not None)
        self._api_key = api_key
        self.base_url = base_url.rstrip("/")
        self.account_id = check_id(account_id, "acc") if account_id is not None else None
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        if rate_limiter is None and rate_limit_per_min:
            per_minute = (
                default_limit_for_key(api_key)
                if rate_limit_per_min == "auto"
                else int(rate_limit_per_min)
            )
            rate_limiter = RateLimiter(per_minute)
        self._shared = _Shared(
            Transport(
                base_url=self.base_url,
                timeout=timeout,
                user_agent=USER_AGENT,
                transport=transport,
            ),
            rate_limiter,
        )
        self._bind_resources()

    def _bind_resources(self) -> None:
        self.entities = Entities(self)
        self.business_units = BusinessUnits(self)
        self.files = Files(self)
        self.entity_api_keys = EntityApiKeys(self)
        self.entity_users = EntityUsers(self)
        self.invitations = Invitations(self)
        self.invoices = Invoices(self)
        self.estimates = Estimates(self)
        self.credit_notes = CreditNotes(self)
        self.documents = DocumentActions(self)
        self.customers = Customers(self)
        self.taxes = Taxes(self)
        self.payments = Payments(self)

    def of_type(self, document_type: str) -> DocumentsOfType[Any]:
        """The namespace of one document type: `invoices`, `estimates` or `credit_notes`."""
        namespaces: dict[str, DocumentsOfType[Any]] = {
            "invoice": self.invoices, "estimate": self.estimates,
            "credit_note": self.credit_notes,
        }
        try:
            return namespaces[document_type]
        except KeyError:
            raise ValueError(f"unknown document type {document_type!r}") from None

    # --- lifecycle ---------------------------------------------------------------------------

    def with_options(
        self, *, timeout: float | Literal["unchanged"] | None = "unchanged",
        retry: RetryPolicy | None = None,
    ) -> SpaceInvoicesClient:
        """A view of this client with another timeout or retry policy. It shares the
        connection pool, the rate limiter and what was learnt about the server; closing
        either closes both."""
        clone = copy.copy(self)
        if timeout != "unchanged":
            clone.timeout = timeout
        if retry is not None:
            clone.retry = retry
        clone._bind_resources()
        return clone

    @property
    def rate_limiter(self) -> RateLimiter | None:
        return self._shared.limiter

    @property
    def closed(self) -> bool:
        return self._shared.transport.closed

    async def aclose(self) -> None:
        """Close the connection pool. Safe to call more than once."""
        await self._shared.transport.aclose()

    async def __aenter__(self) -> SpaceInvoicesClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return f"SpaceInvoicesClient(base_url={self.base_url!r}, account_id={self.account_id!r})"

    # --- the one way out -------------------------------------------------------------------

    def _scope_headers(self, entity_id: str | None, *, account: bool) -> dict[str, str]:
        headers: dict[str, str] = {}
        if account and self.account_id is not None:
            headers["x-account-id"] = self.account_id
        if entity_id is not None:
            headers["x-entity-id"] = check_id(entity_id, "ent")
        return headers

    async def _request(
        self,
        method: str,
        path: str,
        *,
        params: Sequence[tuple[str, str]] = (),
        headers: Mapping[str, str] | None = None,
        json_body: Any = None,
        files: Mapping[str, tuple[str, bytes, str]] | None = None,
        form: Mapping[str, str] | None = None,
        timeout: float | None = None,
        request_id: str | None = None,
        authenticated: bool = True,
        rate_limited: bool = True,
        follow_redirects: bool = False,
        max_bytes: int = MAX_RESPONSE_BYTES,
    ) -> RawResponse:
        """Send one logical request (with its retries); 2xx comes back, anything else is
        raised as an `errors.ApiError`. `max_bytes` caps the decoded body."""
        if self.closed:
            raise RuntimeError("this SpaceInvoicesClient is closed")
        rid = request_id or new_request_id()
        if (
            not rid
            or any(c.isspace() for c in rid)
            or not (rid.isprintable() and rid.isascii())
            or len(rid) > 200
        ):
            raise ValueError("request_id must be printable ASCII, without spaces, ≤ 200 chars")
        all_headers = {"X-Request-Id": rid, **(headers or {})}
        if authenticated:
            all_headers["Authorization"] = f"Bearer {self._api_key}"
        # What logs and errors show: never a query (a signed URL's token), never the key (a
        # download URL comes from the server).
        shown_path = self._redact(path.split("?", 1)[0])
        limiter = self._shared.limiter if rate_limited else None
        effective_timeout = self.timeout if timeout is None else timeout

        async def attempt(number: int) -> RawResponse:
            if limiter is not None:
                waited = await limiter.acquire()
                if waited > 0.05:
                    log.debug("rate limiter held %s %s for %.2f s", method, shown_path, waited)
            try:
                raw = await self._shared.transport.send(
                    method,
                    path,
                    params=params,
                    headers=all_headers,
                    json_body=json_body,
                    files=files,
                    form=form,
                    timeout=effective_timeout,
                    follow_redirects=follow_redirects,
                    max_bytes=max_bytes,
                )
            except errors.ApiError as exc:  # no answer, or one too large to read
                exc.request_id = rid
                exc.message = self._redact(exc.message)  # also a key of no known shape
                exc.args = (exc.message,)
                exc.path = shown_path
                log.info(
                    "%s %s failed: %s [request %s, attempt %d]",
                    method, shown_path, exc.message, rid, number,
                )
                raise
            server_rid = self._server_request_id(raw) or rid
            level = logging.DEBUG if 200 <= raw.status < 300 else logging.INFO
            log.log(
                level,
                "%s %s -> %d in %.0f ms [request %s, attempt %d]",
                method, shown_path, raw.status, raw.elapsed * 1000, server_rid, number,
            )
            if 200 <= raw.status < 300:
                return raw
            error = self._error_from(raw, method=method, path=shown_path, request_id=server_rid)
            if (
                isinstance(error, errors.RateLimitError)
                and error.retry_after is not None
                and limiter is not None
            ):
                # Everyone waits with us, but never longer than a wait we would honour:
                # one bad header must not hold every other request back for a day.
                limiter.pause(min(error.retry_after, self.retry.max_retry_after))
            raise error

        return await call_with_retries(self.retry, attempt)

    def _redact(self, text: str) -> str:
        return errors.redact(text, (self._api_key,))

    def _error_from(
        self, raw: RawResponse, *, method: str, path: str, request_id: str
    ) -> errors.ApiError:
        body: Any = None
        try:
            body = parse_json(raw.content) if raw.content else None
        except UnreadableBody:
            body = None
        code: str | None = None
        message: str | None = None
        issues: list[errors.Issue] = []
        if isinstance(body, dict):
            if isinstance(body.get("code"), str):
                code = body["code"]
            if isinstance(body.get("message"), str):
                message = body["message"]
            cause = body.get("cause")
            raw_issues = cause.get("issues") if isinstance(cause, dict) else None
            if isinstance(raw_issues, list):
                issues = [i for i in map(_issue, raw_issues) if i is not None]
        if message is None:
            if body is None and raw.content:
                snippet = raw.content[:200].decode("utf-8", "replace").strip()
                message = f"HTTP {raw.status}: {snippet}" if snippet else f"HTTP {raw.status}"
            else:
                message = f"HTTP {raw.status}"
        if 300 <= raw.status < 400:
            message = f"unexpected redirect (HTTP {raw.status})"
        cls = errors.error_for_status(raw.status)
        retry_after = parse_retry_after(raw.header("retry-after"))
        return cls(
            self._redact(message),
            status=raw.status,
            code=self._redact(code) if code is not None else None,
            request_id=request_id,
            method=method,
            path=path,
            issues=[errors.redact_issue(issue, (self._api_key,)) for issue in issues],
            retry_after=retry_after,
        )

    def _parse(self, raw: RawResponse, model: type[M], *, method: str, path: str) -> M:
        """The response body as `model`, or `errors.MalformedResponseError`."""
        data = self._json_object(raw, method=method, path=path)
        try:
            return model.model_validate(data)
        except pydantic.ValidationError as exc:
            raise self._malformed(
                raw, f"the response does not look like a {model.__name__}: {_problems(exc)}",
                method=method, path=path,
            ) from None

    def _parse_page(
        self, raw: RawResponse, item: type[M], *, method: str, path: str
    ) -> Page[M]:
        """A list page whose records are validated one by one: a record that fails is left
        out of `data`, described in `Page.skipped` and logged; the others come through. A
        page whose own shape is wrong (no `data` list, bad `pagination`) is
        `errors.MalformedResponseError`."""
        data = self._json_object(raw, method=method, path=path)
        records = data.get("data")
        if not isinstance(records, list):
            raise self._malformed(
                raw, "the response does not look like a page: data: expected a list",
                method=method, path=path,
            )
        try:
            page = Page[item].model_validate({**data, "data": []})  # type: ignore[valid-type]
        except pydantic.ValidationError as exc:
            raise self._malformed(
                raw, f"the response does not look like a page: {_problems(exc)}",
                method=method, path=path,
            ) from None
        good: list[M] = []
        skipped: list[SkippedRecord] = []
        for record in records:
            try:
                good.append(item.model_validate(record))
            except pydantic.ValidationError as exc:
                skipped.append(self._skipped(record, exc))
        page.data = good
        page._skipped = tuple(skipped)
        self._log_skipped(skipped, item, method=method, path=path)
        return page

    def _parse_records(
        self, raw: RawResponse, item: type[SIModel], *, method: str, path: str
    ) -> RecordPage:
        """A list page as plain JSON objects, each checked as `item` would check it
        (`models.record_checker`) without building it; skipped records as for
        `_parse_page`."""
        data = self._json_object(raw, method=method, path=path)
        records = data.get("data")
        if not isinstance(records, list):
            raise self._malformed(
                raw, "the response does not look like a page: data: expected a list",
                method=method, path=path,
            )
        try:
            pagination = Pagination.model_validate(data.get("pagination"))
        except pydantic.ValidationError as exc:
            raise self._malformed(
                raw, f"the response does not look like a page: pagination: {_problems(exc)}",
                method=method, path=path,
            ) from None
        check = record_checker(item)
        good: list[dict[str, Any]] = []
        skipped: list[SkippedRecord] = []
        for record in records:
            try:
                check(record)
            except pydantic.ValidationError as exc:
                skipped.append(self._skipped(record, exc))
            else:
                good.append(record)
        self._log_skipped(skipped, item, method=method, path=path)
        return RecordPage(data=good, pagination=pagination, skipped=tuple(skipped))

    def _skipped(self, record: Any, exc: pydantic.ValidationError) -> SkippedRecord:
        return SkippedRecord(id=self._shown_id(record), reason=self._redact(_problems(exc)))

    @staticmethod
    def _log_skipped(
        skipped: Sequence[SkippedRecord], item: type[SIModel], *, method: str, path: str
    ) -> None:
        for record in skipped:
            log.warning(
                "skipped one %s record the server sent (%s %s): %s",
                item.__name__, method, path, record,
            )

    def _json_object(self, raw: RawResponse, *, method: str, path: str) -> dict[str, Any]:
        """The body as a JSON object (see `jsonbody.parse_json`), or
        `errors.MalformedResponseError`."""
        try:
            data = parse_json(raw.content)
        except UnreadableBody as exc:
            kind = raw.header("content-type") or "no content type"
            raise self._malformed(
                raw, f"expected a JSON body, got {len(raw.content)} bytes of {kind} ({exc})",
                method=method, path=path,
            ) from None
        if not isinstance(data, dict):
            raise self._malformed(
                raw, f"expected a JSON object, got {type(data).__name__}",
                method=method, path=path,
            )
        return data

    def _malformed(
        self, raw: RawResponse, message: str, *, method: str, path: str
    ) -> errors.MalformedResponseError:
        return errors.MalformedResponseError(
            self._redact(message), status=raw.status, method=method, path=path,
            request_id=self._server_request_id(raw),
        )

    def _server_request_id(self, raw: RawResponse) -> str | None:
        """The server's `X-Request-Id`, when it is something a log line and an error may
        show (printable ASCII, at most 200 characters, redacted)."""
        value = raw.header("x-request-id")
        if not value or len(value) > 200 or not (value.isascii() and value.isprintable()):
            return None
        return self._redact(value)

    def _shown_id(self, record: Any) -> str | None:
        """A skipped record's id, when it is something a log line may show."""
        value = record.get("id") if isinstance(record, dict) else None
        if isinstance(value, str) and 0 < len(value) <= _MAX_SHOWN_ID and value.isprintable():
            return self._redact(value)
        return None


def new_request_id() -> str:
    return str(uuid.uuid4())


def _problems(exc: pydantic.ValidationError) -> str:
    """Which fields failed and how, at most five of them, without their values."""
    return "; ".join(
        f"{'.'.join(str(p) for p in e['loc']) or '(body)'}: {e['msg']}"
        for e in exc.errors(include_input=False, include_url=False)[:5]
    )


def _issue(raw: Any) -> errors.Issue | None:
    if not isinstance(raw, dict):
        return None
    path_raw = raw.get("path")
    path: tuple[str | int, ...] = ()
    if isinstance(path_raw, list):
        path = tuple(p if isinstance(p, int | str) else str(p) for p in path_raw)
    elif isinstance(path_raw, str):
        path = tuple(path_raw.split("."))
    message = raw.get("message")
    code = raw.get("code")
    return errors.Issue(
        path=path,
        message=message if isinstance(message, str) else "invalid value",
        code=code if isinstance(code, str) else None,
    )


def _check_base_url(base_url: str, *, custom_transport: bool) -> None:
    """https anywhere; plain http only to this machine (or to a test transport), so a key
    never crosses a network unencrypted."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("base_url must be an http(s) URL with a host")
    if parts.query or parts.fragment or parts.username or parts.password:
        raise ValueError("base_url must not carry credentials, a query or a fragment")
    if parts.scheme == "http" and not custom_transport and not _is_loopback(parts.hostname):
        raise ValueError("plain http is only allowed to this machine; use https")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
