"""One running sandbox: its database, its account and keys, its faults and its clock, and who
a request's key belongs to."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from starlette.datastructures import Headers
from starlette.responses import JSONResponse

from si_desktop.sandbox.access_store import AccessBook, KeyRefusal
from si_desktop.sandbox.errors import ApiError, unauthorized
from si_desktop.sandbox.faults import FaultInjector, Faults
from si_desktop.sandbox.ids import Clock
from si_desktop.sandbox.storage import Store

LIVE_PREFIX = "sk_live_"
SANDBOX_PREFIX = "sk_sandbox_"


@dataclass(frozen=True)
class Caller:
    """Who is calling: the account behind the key, and which entities the key sees."""

    key: str
    account_id: str
    environment: str
    entity_id: str | None = None  # an entity key (ek_) acts on this entity only


def account_id_for(api_key: str) -> str:
    """The account id behind a key; a live key and its sandbox twin share one account."""
    suffix = api_key
    for prefix in (LIVE_PREFIX, SANDBOX_PREFIX):
        if api_key.startswith(prefix):
            suffix = api_key[len(prefix) :]
    return "acc_" + hashlib.sha256(b"si-sandbox:" + suffix.encode()).hexdigest()[:24]


def keys_for(api_key: str) -> dict[str, str]:
    """Every key the account answers to, with the environment it sees.

    The key given is a live account key unless it starts with `sk_sandbox_`; an `sk_…` key also
    has a twin of the other kind with the same suffix (`sk_live_X` ↔ `sk_sandbox_X`).
    """
    if api_key.startswith(SANDBOX_PREFIX):
        suffix = api_key[len(SANDBOX_PREFIX) :]
        return {api_key: "sandbox", LIVE_PREFIX + suffix: "live"}
    if api_key.startswith(LIVE_PREFIX):
        suffix = api_key[len(LIVE_PREFIX) :]
        return {api_key: "live", SANDBOX_PREFIX + suffix: "sandbox"}
    return {api_key: "live"}


_REFUSALS = {
    "unknown": "This API key is not valid.",
    "revoked": "This API key was revoked.",
    "expired": "This API key has expired.",
}


def bearer(headers: Headers) -> str | None:
    value = headers.get("authorization", "")
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


class Sandbox:
    """Everything one sandbox instance holds: its database, its account and its faults."""

    def __init__(self, store: Store, api_key: str, faults: Faults | None = None,
                 clock: Clock | None = None) -> None:
        if not api_key:
            raise ValueError("the sandbox needs an API key")
        self.store = store
        self.api_key = api_key
        self.account_id = account_id_for(api_key)
        self.keys = keys_for(api_key)
        self.environment = self.keys[api_key]
        self.faults = faults or Faults()
        self.injector = FaultInjector(self.faults)
        self.clock = clock or Clock()
        self.access = AccessBook(store, self.clock)

    def authenticate(self, headers: Headers) -> Caller:
        key = bearer(headers)
        if key is None:
            raise unauthorized()
        environment = self.keys.get(key)
        if environment is not None:
            return Caller(key, self.account_id, environment)
        if key.startswith("ek_"):
            found = self.access.authenticate(key)
            if isinstance(found, KeyRefusal):
                raise unauthorized(_REFUSALS[found.reason])
            return Caller(key, found.account_id, found.environment, found.entity_id)
        raise unauthorized("This API key is not valid.")

    def close(self) -> None:
        self.store.close()


def error_response(exc: ApiError) -> JSONResponse:
    return JSONResponse(exc.body(), exc.status, headers=exc.headers or None)
