"""What went wrong, in terms the user interface can word: a kind, the server's message and,
for a validation failure, the field paths it names. The UI translates the kinds."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from si_desktop.api import errors


class ProblemKind(enum.Enum):
    NETWORK = "network"
    AUTHENTICATION = "authentication"
    PERMISSION = "permission"
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"
    VALIDATION = "validation"
    RATE_LIMIT = "rate_limit"
    SERVER = "server"
    OTHER = "other"


@dataclass(frozen=True)
class Problem:
    kind: ProblemKind
    message: str
    field_messages: dict[tuple[str, ...], str] = field(default_factory=dict)
    retry_after: float | None = None

    @property
    def retryable(self) -> bool:
        """Whether asking again can help: the service was out of reach, overloaded or asked
        us to slow down. A refused value, key or permission is refused again."""
        return self.kind in _RETRYABLE


_RETRYABLE = frozenset({ProblemKind.NETWORK, ProblemKind.RATE_LIMIT, ProblemKind.SERVER})

_KINDS: list[tuple[type[BaseException], ProblemKind]] = [
    (errors.NetworkError, ProblemKind.NETWORK),
    (errors.AuthenticationError, ProblemKind.AUTHENTICATION),
    (errors.PermissionDeniedError, ProblemKind.PERMISSION),
    (errors.NotFoundError, ProblemKind.NOT_FOUND),
    (errors.ConflictError, ProblemKind.CONFLICT),
    (errors.ValidationError, ProblemKind.VALIDATION),
    (errors.RateLimitError, ProblemKind.RATE_LIMIT),
    (errors.ServerError, ProblemKind.SERVER),
]


def describe(error: BaseException) -> Problem:
    """Classify `error`; the message is the server's own text (never holds the key)."""
    kind = next((k for cls, k in _KINDS if isinstance(error, cls)), ProblemKind.OTHER)
    message = str(getattr(error, "message", "") or error)
    fields: dict[tuple[str, ...], str] = {}
    for issue in getattr(error, "issues", None) or []:
        path = getattr(issue, "path", None)
        if path is None and isinstance(issue, dict):
            path = issue.get("path")
        text = getattr(issue, "message", None)
        if text is None and isinstance(issue, dict):
            text = issue.get("message")
        if path:
            fields[tuple(str(part) for part in path)] = str(text or "")
    retry_after = getattr(error, "retry_after", None)
    return Problem(
        kind=kind,
        message=message,
        field_messages=fields,
        retry_after=float(retry_after) if isinstance(retry_after, (int, float)) else None,
    )
