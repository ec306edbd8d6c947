"""Every failure the client reports, one map from HTTP status to exception type.

Nothing here may ever show an API key: every string a server sent (message, code, the
paths, messages and codes of a 422's issues) passes through `redact()` when an error is
built, and errors keep no headers, no request and no raw body, so `str()`, `repr()` and a
traceback are safe to log or to show to the user. `redact()` removes keys of the known kinds
(`sk_`/`ek_`/`pk_`/`rk_` + `live`/`sandbox`/`test`) in any letter case; given the client's own
key it also removes that key in any case and its secret part alone (what follows the kind
prefix), which a server may echo without the prefix.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

__all__ = [
    "ApiError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "Issue",
    "MalformedResponseError",
    "NetworkError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseTooLargeError",
    "ServerError",
    "ValidationError",
    "error_for_status",
    "redact",
    "redact_issue",
]

_KEY_KIND = r"(?:sk|ek|pk|rk)_(?:live|sandbox|test)"
_KEY_PATTERN = re.compile(rf"(?i)\b({_KEY_KIND})_[A-Za-z0-9_\-]+")
_KEY_PREFIX = re.compile(rf"(?i){_KEY_KIND}_")
_BEARER_PATTERN = re.compile(r"(?i)\b(bearer)\s+[^\s\"',;]+")
_AUTH_HEADER_PATTERN = re.compile(r"(?i)(authorization[\"']?\s*[:=]\s*[\"']?)[^\s\"',;]+")
_MAX_MESSAGE = 500
_MIN_SECRET_PART = 8  # a shorter tail is too common a string to remove from every text
_REDACTED = "[redacted]"


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """Text with API keys, bearer tokens and the given secrets replaced by a marker. Each
    secret is matched in any letter case, and for a key of a known kind its secret part
    alone is matched too."""
    for secret in secrets:
        for form in _secret_forms(secret):
            if form.lower() in text.lower():
                text = re.sub(re.escape(form), _REDACTED, text, flags=re.IGNORECASE)
    text = _KEY_PATTERN.sub(rf"\1_{_REDACTED}", text)
    text = _BEARER_PATTERN.sub(rf"\1 {_REDACTED}", text)
    return _AUTH_HEADER_PATTERN.sub(rf"\1{_REDACTED}", text)


def _secret_forms(secret: str) -> list[str]:
    """The secret itself and, for `sk_live_<part>` and its kin, `<part>`."""
    if not secret:
        return []
    forms = [secret]
    prefix = _KEY_PREFIX.match(secret)
    if prefix is not None and len(secret) - prefix.end() >= _MIN_SECRET_PART:
        forms.append(secret[prefix.end():])
    return forms


@dataclass(frozen=True)
class Issue:
    """One field problem of a 422: `path` points into the request body, e.g.
    `("settings", "primary_color")`."""

    path: tuple[str | int, ...]
    message: str
    code: str | None = None


class ApiError(Exception):
    """Anything that went wrong talking to Space Invoices.

    `status` is the HTTP status (None when no response came back), `code` the server's
    machine-readable code, `request_id` the `X-Request-Id` of the exchange (quote it to
    support), `retry_after` seconds the server asked us to wait, if it said so.
    """

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        code: str | None = None,
        request_id: str | None = None,
        method: str | None = None,
        path: str | None = None,
        issues: Iterable[Issue] = (),
        retry_after: float | None = None,
    ) -> None:
        self.message = _clip(redact(message))
        self.status = status
        self.code = _clip(redact(code)) if code is not None else None
        self.request_id = request_id
        self.method = method
        # Never a query string: a signed download URL carries its token there.
        self.path = redact(path.split("?", 1)[0]) if path is not None else None
        self.issues: tuple[Issue, ...] = tuple(redact_issue(i) for i in issues)
        self.retry_after = retry_after
        super().__init__(self.message)

    def __str__(self) -> str:
        parts = []
        if self.status is not None:
            parts.append(str(self.status))
        if self.code:
            parts.append(self.code)
        head = " ".join(parts)
        text = f"{head}: {self.message}" if head else self.message
        if self.method and self.path:
            text += f" ({self.method} {self.path})"
        if self.request_id:
            text += f" [request {self.request_id}]"
        return text

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status={self.status!r}, code={self.code!r}, "
            f"message={self.message!r}, request_id={self.request_id!r})"
        )

    @property
    def retryable(self) -> bool:
        """Whether trying the same request again later may succeed."""
        return False


class BadRequestError(ApiError):
    """400: the request was not understood (for example a missing `x-entity-id`)."""


class AuthenticationError(ApiError):
    """401: the API key is missing, wrong or revoked."""


class PermissionDeniedError(ApiError):
    """403: the key may not do this."""


class NotFoundError(ApiError):
    """404: no such resource for this key."""


class ConflictError(ApiError):
    """409: the change conflicts with the resource's current state."""


class ValidationError(ApiError):
    """422: the server rejected field values; `issues` says which."""


class RateLimitError(ApiError):
    """429: too many requests; `retry_after` says for how long to back off."""

    @property
    def retryable(self) -> bool:
        return True


class ServerError(ApiError):
    """5xx: trouble on the server's side."""

    @property
    def retryable(self) -> bool:
        return True


class NetworkError(ApiError):
    """No usable response: connection refused or reset, DNS, timeout, TLS.

    `reason` is one of `connect`, `timeout`, `connection`, `tls`, `protocol`.
    """

    def __init__(self, message: str, *, reason: str, retryable: bool = True, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.reason = reason
        self._retryable = retryable

    @property
    def retryable(self) -> bool:
        return self._retryable


class MalformedResponseError(ApiError):
    """The server answered, but not with the JSON it should have."""


class ResponseTooLargeError(MalformedResponseError):
    """The answer was larger than the client reads (decoded size); the read was stopped
    there. Not retried: the same request would bring the same answer."""


_BY_STATUS: dict[int, type[ApiError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: ValidationError,
    429: RateLimitError,
}


def error_for_status(status: int) -> type[ApiError]:
    """The exception class for an HTTP error status."""
    if status >= 500:
        return ServerError
    return _BY_STATUS.get(status, ApiError)


def redact_issue(issue: Issue, secrets: Iterable[str] = ()) -> Issue:
    """The issue with its path, message and code redacted (and clipped)."""
    secrets = tuple(secrets)
    return Issue(
        path=tuple(
            _clip(redact(part, secrets)) if isinstance(part, str) else part
            for part in issue.path
        ),
        message=_clip(redact(issue.message, secrets)),
        code=_clip(redact(issue.code, secrets)) if issue.code is not None else None,
    )


def _clip(text: str) -> str:
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 1] + "…"
