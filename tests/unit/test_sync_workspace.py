"""The Workspace over the sandbox in-process (ASGI): paging, saving only what changed, units."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette

from si_desktop.sync.connection import Connection
from si_desktop.sync.workspace import Workspace

pytestmark = pytest.mark.anyio


def _workspace(app: Starlette, key: str) -> Workspace:
    connection = Connection(base_url="http://sandbox.test", api_key=key)
    return Workspace.in_memory(connection, transport=httpx.ASGITransport(app=app))


async def test_clients_page_by_cursor_in_name_order(
    sandbox_app: Starlette, sandbox_key: str
) -> None:
    workspace = _workspace(sandbox_app, sandbox_key)
    try:
        for name in ("Gamma", "Alpha", "Beta", "Delta", "Epsilon"):
            await workspace.create_client(name=name, country="Slovenia")
        first = await workspace.list_clients(limit=2)
        assert [c.name for c in first.clients] == ["Alpha", "Beta"]
        assert first.total == 5 and first.has_more and first.next_cursor
        second = await workspace.list_clients(limit=2, cursor=first.next_cursor)
        assert [c.name for c in second.clients] == ["Delta", "Epsilon"]
        found = await workspace.search_clients("amm")
        assert [c.name for c in found] == ["Gamma"]
        assert workspace.last_refreshed is not None
    finally:
        await workspace.aclose()


async def test_save_sends_only_changes_and_keeps_settings(
    sandbox_app: Starlette, sandbox_key: str
) -> None:
    workspace = _workspace(sandbox_app, sandbox_key)
    try:
        created = await workspace.create_client(name="Kovač d.o.o.", country="Slovenia")
        original = await workspace.load_client(created.id)
        footer = original.model_dump(mode="json")["settings"]["document_footer"]
        saved = await workspace.save_client(
            original, {"city": "Kranj", "name": "Kovač d.o.o.", "metadata": {"code": "K-1"}}
        )
        assert saved.city == "Kranj"
        again = (await workspace.load_client(created.id)).model_dump(mode="json")
        assert again["metadata"] == {"code": "K-1"}
        assert again["settings"]["document_footer"] == footer
        assert (await workspace.save_client(saved, {"city": "Kranj"})) is saved  # nothing sent
        disabled = await workspace.set_client_enabled(created.id, False)
        assert disabled.is_enabled is False
    finally:
        await workspace.aclose()


async def test_units_create_edit_archive(sandbox_app: Starlette, sandbox_key: str) -> None:
    workspace = _workspace(sandbox_app, sandbox_key)
    try:
        client = await workspace.create_client(name="Enote s.p.", country="Slovenia")
        shop = await workspace.create_unit(client.id, {"name": "Trgovina", "city": ""})
        web = await workspace.create_unit(client.id, {"name": "Splet"})
        assert (shop.numbering_index, web.numbering_index) == (1, 2)
        renamed = await workspace.save_unit(shop, {"name": "Trgovina Bled", "numbering_index": 9})
        assert renamed.name == "Trgovina Bled" and renamed.numbering_index == 1
        await workspace.archive_unit(client.id, web.id)
        active = await workspace.list_units(client.id)
        assert [u.name for u in active] == ["Trgovina Bled"]
        everything = await workspace.list_units(client.id, include_archived=True)
        assert len(everything) == 2
    finally:
        await workspace.aclose()


async def test_connection_test_lists_one_client(sandbox_app: Starlette, sandbox_key: str) -> None:
    workspace = _workspace(sandbox_app, sandbox_key)
    try:
        assert await workspace.test_connection() == []
        await workspace.create_client(name="Prvi", country="Slovenia")
        await workspace.create_client(name="Drugi", country="Slovenia")
        assert len(await workspace.test_connection()) == 1
    finally:
        await workspace.aclose()


def test_connection_repr_hides_the_key() -> None:
    assert "sk_live_secret" not in repr(Connection(api_key="sk_live_secret"))
