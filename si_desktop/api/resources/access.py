"""Who has access to an entity: `client.entity_api_keys`, `client.entity_users` and
`client.invitations` (CONTRACT.md, "Client access"), each call scoped by `x-entity-id`.

`entity_id` is required on every call (`None` leaves the header out, which a service
accepts only when the key sees one entity). Paths carry only ids that pass
`ids.check_opaque_id`. A new key's text comes back once, in `NewEntityApiKey.secret`; no
error or log line built here ever holds it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

import pydantic

from si_desktop.api import errors
from si_desktop.api.access_models import (
    ROLES,
    DashboardToken,
    EntityApiKey,
    EntityUser,
    Invitation,
    NewEntityApiKey,
)
from si_desktop.api.ids import check_opaque_id
from si_desktop.api.models import Page, SIModel
from si_desktop.api.pagination import SkippedCallback, walk_pages
from si_desktop.api.resources._base import MAX_PAGE_SIZE, Resource, list_params

__all__ = ["EntityApiKeys", "EntityUsers", "Invitations"]

M = TypeVar("M", bound=SIModel)

KEYS_PATH = "/entities/api-keys"
USERS_PATH = "/entities/users"
INVITATIONS_PATH = "/entities/invitations"
MIN_TTL = 60


class _AccessResource(Resource):
    def _headers(self, entity_id: str | None) -> dict[str, str]:
        return self._client._scope_headers(entity_id, account=False)

    async def _page(
        self, path: str, model: type[M], *, entity_id: str | None, limit: int | None,
        next_cursor: str | None, timeout: float | None,
    ) -> Page[M]:
        params = list_params(limit=limit, next_cursor=next_cursor)
        return await self._call_page(path, model, params=params,
                                     headers=self._headers(entity_id), timeout=timeout)

    async def _walk(
        self, fetch: Callable[[str | None], Awaitable[Page[M]]],
        on_skipped: SkippedCallback | None,
    ) -> AsyncIterator[M]:
        async for item in walk_pages(fetch, on_skipped=on_skipped):
            yield item

    async def _send(
        self, method: str, path: str, *, entity_id: str | None, json_body: Any = None,
        request_id: str | None, timeout: float | None,
    ) -> dict[str, Any]:
        """A write; its answer as a JSON object (`{}` for 204)."""
        raw = await self._client._request(
            method, path, headers=self._headers(entity_id), json_body=json_body,
            request_id=request_id, timeout=timeout,
        )
        if raw.status == 204 or not raw.content:
            return {}
        return self._client._json_object(raw, method=method, path=path)

    def _model(self, model: type[M], body: dict[str, Any], *, method: str, path: str) -> M:
        try:
            return model.model_validate(body)
        except pydantic.ValidationError as exc:
            raise errors.MalformedResponseError(
                f"the response does not look like a {model.__name__}: "
                + "; ".join(".".join(map(str, e["loc"])) + ": " + e["msg"]
                            for e in exc.errors(include_input=False, include_url=False)[:5]),
                method=method, path=path,
            ) from None


class EntityApiKeys(_AccessResource):
    """Entity keys: an `ek_` key acts on its one entity only."""

    async def create(
        self, *, entity_id: str | None, name: str | None = None, ttl: int | None = None,
        request_id: str | None = None, timeout: float | None = None,
    ) -> NewEntityApiKey:
        """A new key. Its text is in the answer's `secret` and nowhere else, ever: show it
        once and let it go. `ttl` is its lifetime in seconds (at least 60; None: no end)."""
        body: dict[str, Any] = {}
        if name is not None:
            body["name"] = name
        if ttl is not None:
            if isinstance(ttl, bool) or not isinstance(ttl, int) or ttl < MIN_TTL:
                raise ValueError(f"ttl is a whole number of seconds, at least {MIN_TTL}")
            body["ttl"] = ttl
        answer = await self._send("POST", KEYS_PATH, entity_id=entity_id, json_body=body,
                                  request_id=request_id, timeout=timeout)
        try:
            return NewEntityApiKey.from_answer(answer)
        except (ValueError, pydantic.ValidationError):
            raise errors.MalformedResponseError(
                "the answer to a new entity key holds no key, or not one shaped ek_…",
                method="POST", path=KEYS_PATH,
            ) from None

    async def list(
        self, *, entity_id: str | None, limit: int | None = None,
        next_cursor: str | None = None, timeout: float | None = None,
    ) -> Page[EntityApiKey]:
        return await self._page(KEYS_PATH, EntityApiKey, entity_id=entity_id, limit=limit,
                                next_cursor=next_cursor, timeout=timeout)

    async def iterate(
        self, *, entity_id: str | None, page_size: int = MAX_PAGE_SIZE,
        timeout: float | None = None, on_skipped: SkippedCallback | None = None,
    ) -> AsyncIterator[EntityApiKey]:
        async def fetch(cursor: str | None) -> Page[EntityApiKey]:
            return await self.list(entity_id=entity_id, limit=page_size, next_cursor=cursor,
                                   timeout=timeout)

        async for item in self._walk(fetch, on_skipped):
            yield item

    async def revoke(
        self, key_id: str, *, entity_id: str | None, request_id: str | None = None,
        timeout: float | None = None,
    ) -> None:
        """Revoke the key listed as `key_id`: it stops working at once."""
        check_opaque_id(key_id, "ek")
        await self._send("DELETE", f"{KEYS_PATH}/{key_id}", entity_id=entity_id,
                         request_id=request_id, timeout=timeout)


class EntityUsers(_AccessResource):
    """People with access to the entity, each with a role."""

    async def add(
        self, *, entity_id: str | None, email: str, role: str = "editor",
        send_invite: bool = True, request_id: str | None = None,
        timeout: float | None = None,
    ) -> EntityUser | Invitation:
        """Give `email` access: someone the service knows gets it at once (an
        `EntityUser`), anyone else an `Invitation`."""
        if role not in (*ROLES, "member"):
            raise ValueError("role is viewer, editor or admin")
        answer = await self._send(
            "POST", USERS_PATH, entity_id=entity_id,
            json_body={"email": email, "role": role, "send_invite": send_invite},
            request_id=request_id, timeout=timeout,
        )
        if "user_id" in answer:
            return self._model(EntityUser, answer, method="POST", path=USERS_PATH)
        return self._model(Invitation, answer, method="POST", path=USERS_PATH)

    async def list(
        self, *, entity_id: str | None, limit: int | None = None,
        next_cursor: str | None = None, timeout: float | None = None,
    ) -> Page[EntityUser]:
        return await self._page(USERS_PATH, EntityUser, entity_id=entity_id, limit=limit,
                                next_cursor=next_cursor, timeout=timeout)

    async def iterate(
        self, *, entity_id: str | None, page_size: int = MAX_PAGE_SIZE,
        timeout: float | None = None, on_skipped: SkippedCallback | None = None,
    ) -> AsyncIterator[EntityUser]:
        async def fetch(cursor: str | None) -> Page[EntityUser]:
            return await self.list(entity_id=entity_id, limit=page_size, next_cursor=cursor,
                                   timeout=timeout)

        async for item in self._walk(fetch, on_skipped):
            yield item

    async def update(
        self, user_id: str, *, entity_id: str | None, role: str,
        request_id: str | None = None, timeout: float | None = None,
    ) -> EntityUser:
        check_opaque_id(user_id, "usr")
        if role not in ROLES:
            raise ValueError("role is viewer, editor or admin")
        path = f"{USERS_PATH}/{user_id}"
        answer = await self._send("PATCH", path, entity_id=entity_id, json_body={"role": role},
                                  request_id=request_id, timeout=timeout)
        return self._model(EntityUser, answer, method="PATCH", path=path)

    async def remove(
        self, user_id: str, *, entity_id: str | None, request_id: str | None = None,
        timeout: float | None = None,
    ) -> None:
        check_opaque_id(user_id, "usr")
        await self._send("DELETE", f"{USERS_PATH}/{user_id}", entity_id=entity_id,
                         request_id=request_id, timeout=timeout)

    async def token(
        self, user_id: str, *, entity_id: str | None, timeout: float | None = None,
    ) -> DashboardToken:
        """A dashboard token for the user: the sandbox's stand-in for the vendor's
        unpublished `generateToken` (a service without it answers 404)."""
        check_opaque_id(user_id, "usr")
        path = f"{USERS_PATH}/{user_id}/token"
        answer = await self._send("POST", path, entity_id=entity_id, request_id=None,
                                  timeout=timeout)
        token, expires = answer.get("token"), answer.get("expires_at")
        if not isinstance(token, str) or not (expires is None or isinstance(expires, str)):
            raise errors.MalformedResponseError("the answer holds no token",
                                                method="POST", path=path)
        return DashboardToken(token, expires)


class Invitations(_AccessResource):
    """Invitations sent to people the service did not know (7 days to accept)."""

    async def list(
        self, *, entity_id: str | None, limit: int | None = None,
        next_cursor: str | None = None, timeout: float | None = None,
    ) -> Page[Invitation]:
        return await self._page(INVITATIONS_PATH, Invitation, entity_id=entity_id,
                                limit=limit, next_cursor=next_cursor, timeout=timeout)

    async def iterate(
        self, *, entity_id: str | None, page_size: int = MAX_PAGE_SIZE,
        timeout: float | None = None, on_skipped: SkippedCallback | None = None,
    ) -> AsyncIterator[Invitation]:
        async def fetch(cursor: str | None) -> Page[Invitation]:
            return await self.list(entity_id=entity_id, limit=page_size, next_cursor=cursor,
                                   timeout=timeout)

        async for item in self._walk(fetch, on_skipped):
            yield item

    async def get(
        self, invitation_id: str, *, entity_id: str | None, timeout: float | None = None,
    ) -> Invitation:
        check_opaque_id(invitation_id, "einv")
        return await self._call("GET", f"{INVITATIONS_PATH}/{invitation_id}", Invitation,
                                headers=self._headers(entity_id), timeout=timeout)

    async def cancel(
        self, invitation_id: str, *, entity_id: str | None, request_id: str | None = None,
        timeout: float | None = None,
    ) -> None:
        check_opaque_id(invitation_id, "einv")
        await self._send("DELETE", f"{INVITATIONS_PATH}/{invitation_id}",
                         entity_id=entity_id, request_id=request_id, timeout=timeout)

    async def resend(
        self, invitation_id: str, *, entity_id: str | None, request_id: str | None = None,
        timeout: float | None = None,
    ) -> Invitation:
        """Send it again: seven days from now."""
        check_opaque_id(invitation_id, "einv")
        path = f"{INVITATIONS_PATH}/{invitation_id}/resend"
        answer = await self._send("POST", path, entity_id=entity_id, request_id=request_id,
                                  timeout=timeout)
        return self._model(Invitation, answer, method="POST", path=path)
