"""The error bodies of CONTRACT.md, raised anywhere in the sandbox and turned into JSON once."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Path = list[str | int]


@dataclass
class Issue:
    """One validation problem: where it is (`path`) and what is wrong."""

    path: Path
    message: str
    code: str = "invalid"

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "path": list(self.path), "message": self.message}


@dataclass
class ApiError(Exception):
    """An answer other than success; `issues` only for 422."""

    status: int
    code: str
    message: str
    issues: list[Issue] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)

    def body(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.issues:
            out["cause"] = {"issues": [issue.as_json() for issue in self.issues]}
        return out


def invalid(issues: list[Issue]) -> ApiError:
    """422 with every issue found (never just the first)."""
    first = issues[0].message if len(issues) == 1 else f"{len(issues)} fields are invalid."
    return ApiError(422, "validation_error", first, issues)


def invalid_at(path: Path, message: str, code: str = "invalid") -> ApiError:
    return invalid([Issue(path, message, code)])


def not_found(what: str) -> ApiError:
    return ApiError(404, "not_found", f"{what} not found.")


def bad_request(message: str) -> ApiError:
    return ApiError(400, "bad_request", message)


def forbidden(message: str) -> ApiError:
    return ApiError(403, "forbidden", message)


def conflict(message: str) -> ApiError:
    return ApiError(409, "conflict", message)


def unauthorized(
    message: str = "A valid API key is required (Authorization: Bearer …).",
) -> ApiError:
    return ApiError(401, "unauthorized", message)
