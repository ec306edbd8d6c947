"""What every route shares: authentication and the contract's error bodies around a handler,
request bodies, ids in paths, and the entity a call is scoped to (`x-entity-id`)."""

from __future__ import annotations

import datetime
import json
import logging
from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from si_desktop.sandbox import validation
from si_desktop.sandbox.errors import ApiError, forbidden, invalid, invalid_at, not_found
from si_desktop.sandbox.ids import Clock
from si_desktop.sandbox.service import Caller, Sandbox, error_response

log = logging.getLogger(__name__)

Handler = Callable[[Request, Caller], Awaitable[Any]]


def endpoint(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    """Authenticate, run, and turn the result or any error into the contract's JSON.

    A handler returns a body (200), a `(status, body)` pair, or a `Response` of its own."""

    async def run(request: Request) -> Response:
        sandbox: Sandbox = request.app.state.sandbox
        try:
            caller = sandbox.authenticate(request.headers)
            result = await handler(request, caller)
        except ApiError as exc:
            return error_response(exc)
        except HTTPException as exc:  # from Starlette itself, e.g. a malformed multipart body
            detail = exc.detail if isinstance(exc.detail, str) else "The request is malformed."
            return error_response(ApiError(exc.status_code, "bad_request", detail))
        except Exception:
            log.exception("sandbox route failed: %s %s", request.method, request.url.path)
            return JSONResponse(
                {"code": "internal_error", "message": "The sandbox hit a bug."}, 500
            )
        if isinstance(result, Response):
            return result
        if isinstance(result, tuple):
            status, body = result
            return JSONResponse(body, status)
        return JSONResponse(result)

    return run


def no_content() -> Response:
    """The answer to a delete: 204 and no body."""
    return Response(status_code=204)


def sandbox_of(request: Request) -> Sandbox:
    sandbox: Sandbox = request.app.state.sandbox
    return sandbox


def clock_of(request: Request) -> Clock:
    return sandbox_of(request).clock


def today_of(request: Request) -> datetime.date:
    return clock_of(request).today()


async def json_body(request: Request, *, decimals: bool = False) -> dict[str, Any]:
    """The request's JSON object; with `decimals`, numbers with a fraction are read as
    `Decimal`, so that money sent as `0.1` is 0.1 and never a float near it."""
    raw = await request.body()
    try:
        if not raw.strip():
            body = None
        elif decimals:
            body = json.loads(raw, parse_float=Decimal)
        else:
            body = json.loads(raw)
    except ValueError as exc:
        raise invalid_at([], "The request body is not valid JSON.", "invalid_json") from exc
    return validation.require_object(body)


def path_id(request: Request, prefix: str) -> str:
    """The `{id}` of the path, refused (422, path `["id"]`) unless it is `<prefix>_<24 hex>`."""
    value = request.path_params["id"]
    issue = validation.id_issue(value, prefix, ["id"])
    if issue is not None:
        raise invalid([issue])
    return str(value)


def visible_entity(sandbox: Sandbox, caller: Caller, entity_id: str) -> dict[str, Any]:
    """The entity, if the caller's key may see it; 404 otherwise (as if it did not exist)."""
    found = sandbox.store.get_entity(entity_id)
    if found is None:
        raise not_found("Entity")
    doc, account_id = found
    if account_id != caller.account_id or doc.get("environment") != caller.environment:
        raise not_found("Entity")
    if caller.entity_id is not None and entity_id != caller.entity_id:
        raise forbidden("This entity key acts on its own entity only.")
    return doc


def scoped_entity(request: Request, caller: Caller) -> dict[str, Any]:
    """The entity named by `x-entity-id`, or the only one the key sees (CONTRACT.md,
    Transport); 400 without the header when the key sees several or none."""
    sandbox = sandbox_of(request)
    value = request.headers.get("x-entity-id")
    if (value is None or not value.strip()) and caller.entity_id is not None:
        value = caller.entity_id  # an entity key is scoped to its own entity
    if value is None or not value.strip():
        only = sandbox.store.only_entity(caller.account_id, caller.environment)
        if only is None:
            raise ApiError(400, "bad_request", "x-entity-id is required: this key can see "
                           "more than one entity (or none).")
        value = only
    issue = validation.id_issue(value, "ent", ["x-entity-id"])
    if issue is not None:
        raise invalid([issue])
    return visible_entity(sandbox, caller, value)
