"""The one Workspace on a cache in memory, over the sandbox in-process (ASGI): the client
list, saving only what changed, units."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette

from si_desktop.sync.connection import Connection
from si_desktop.sync.results import record_of
from si_desktop.sync.workspace import Workspace

pytestmark = pytest.mark.anyio


def _workspace(app: Starlette, key: str) -> Workspace:
    connection = Connection(base_url="http://sandbox.test", api_key=key)
    return Workspace.in_memory(connection, transport=httpx.ASGITransport(app=app))


async def test_the_cache_lists_clients_in_name_order_and_the_service_is_searched(
    sandbox_app: Starlette, sandbox_key: str
) -> None:
    workspace = _workspace(sandbox_app, sandbox_key)
    try:
        for name in ("Gamma", "Alpha", "Beta", "Delta", "Epsilon"):
            await workspace.create_client(name=name, country="Slovenia")
        rows, pending = workspace.listed_clients()
        assert [row.name for row in rows] == ["Alpha", "Beta", "Delta", "Epsilon", "Gamma"]
        assert pending == {}
        some = workspace.listed_some([rows[4].id, rows[0].id, "ent_" + "f" * 24])
        assert [row.name for row in some] == ["Alpha", "Gamma"]
        found = await workspace.search_clients("amm")
        assert [c["name"] for c in found] == ["Gamma"]
        summary = await workspace.refresh(logos=False)
        assert summary.complete and workspace.last_refreshed is not None
    finally:
        await workspace.aclose()


async def test_save_sends_only_changes_and_keeps_settings(
    sandbox_app: Starlette, sandbox_key: str
) -> None:
    workspace = _workspace(sandbox_app, sandbox_key)
    try:
        created = await record_of(workspace.create_client(name="Kovač d.o.o.", country="Slovenia"))
        original = await workspace.load_client(created["id"])
        footer = original["settings"]["document_footer"]
        saved = await workspace.update_client(
            original, {"city": "Kranj", "name": "Kovač d.o.o.", "metadata": {"code": "K-1"}}
        )
        assert saved["city"] == "Kranj"
        api = await workspace.api()
        again = (await api.entities.get(created["id"])).model_dump(mode="json")
        assert again["metadata"] == {"code": "K-1"}
        assert again["settings"]["document_footer"] == footer
        assert workspace.pending_count() == 0
        assert (await workspace.update_client(saved, {"city": "Kranj"})) == saved  # nothing sent
        disabled = await record_of(workspace.set_client_enabled(created["id"], False))
        assert disabled["is_enabled"] is False
    finally:
        await workspace.aclose()


async def test_units_create_edit_archive(sandbox_app: Starlette, sandbox_key: str) -> None:
    workspace = _workspace(sandbox_app, sandbox_key)
    try:
        client = await record_of(workspace.create_client(name="Enote s.p.", country="Slovenia"))
        shop = await record_of(
            workspace.create_unit(client["id"], {"name": "Trgovina", "city": ""}))
        web = await record_of(workspace.create_unit(client["id"], {"name": "Splet"}))
        assert (shop["numbering_index"], web["numbering_index"]) == (1, 2)
        renamed = await workspace.update_unit(shop, {"name": "Trgovina Bled", "numbering_index": 9})
        assert renamed["name"] == "Trgovina Bled" and renamed["numbering_index"] == 1
        await workspace.archive_unit(client["id"], web["id"])
        active = await workspace.list_units(client["id"])
        assert [u["name"] for u in active] == ["Trgovina Bled"]
        everything = await workspace.list_units(client["id"], include_archived=True)
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
