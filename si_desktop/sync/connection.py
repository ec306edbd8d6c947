"""Where a workspace talks to and with which key, and the cache scope that follows."""

from __future__ import annotations

from dataclasses import dataclass, field

from si_desktop.core.service import DEFAULT_BASE_URL
from si_desktop.store.scopes import Scope

DEMO_SCOPE_URL = "local-demo"
"""The demo's sandbox listens on a new port each start; its cache is kept under this name
so that the demo, too, opens from what it last saw."""

__all__ = ["DEFAULT_BASE_URL", "Connection", "scope_of"]


@dataclass(frozen=True)
class Connection:
    """Where the app talks to and with which key. The key never appears in `repr`."""

    base_url: str = DEFAULT_BASE_URL
    api_key: str = field(default="", repr=False)
    account_id: str | None = None
    demo: bool = False


def scope_of(connection: Connection) -> Scope:
    """The cache scope of a connection: its key and service (the demo under one name)."""
    base_url = DEMO_SCOPE_URL if connection.demo else connection.base_url
    return Scope.for_api_key(connection.api_key, base_url=base_url)
