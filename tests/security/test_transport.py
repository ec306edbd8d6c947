"""Transport from the window's side: https except loopback, TLS verification on in the client
the window builds, and ids from the service checked before they go into a URL."""

from __future__ import annotations

import ssl

import httpx
import pytest
from pytestqt.qtbot import QtBot

from si_desktop.sync.connection import Connection
from si_desktop.sync.workspace import Workspace
from si_desktop.ui.connect import ConnectDialog
from si_desktop.ui.context import AppContext
from si_desktop.ui.main_window import MainWindow
from si_desktop.ui.pages.overview import OverviewPage

KEY = "sk_live_" + "0f" * 16
BAD_ID = "ent_../../entities?x="
GOOD_ID = "ent_" + "ab" * 12


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com",
        "http://127.0.0.1.evil.example",
        "http://localhost.evil.example:8000",
        "https://user:secret@eu.spaceinvoices.com",
    ],
)
def test_the_connect_dialog_refuses_servers_a_key_must_not_travel_to(
    qtbot: QtBot, context: AppContext, url: str
) -> None:
    asked: list[Connection] = []
    context.workspace_factory = lambda c: asked.append(c)  # type: ignore[assignment,func-returns-value,return-value]
    dialog = ConnectDialog(context)
    qtbot.addWidget(dialog)
    dialog.key_edit.setText(KEY)
    dialog.server_edit.setText(url)
    dialog.test_button.click()
    assert "https://" in dialog.problem.text() or "user name" in dialog.problem.text()
    assert asked == []  # nothing was built, so nothing was sent
    assert KEY not in dialog.problem.text()


def test_the_window_builds_its_client_with_tls_verification(
    qtbot: QtBot, context: AppContext
) -> None:
    workspace = context.workspace_factory(
        Connection(base_url="https://eu.spaceinvoices.com", api_key=KEY)
    )
    assert isinstance(workspace, Workspace)
    api = context.bridge.call(workspace.api())
    client = api._shared.transport._client
    assert isinstance(client, httpx.AsyncClient)
    assert client.base_url.scheme == "https"
    pool = client._transport._pool  # type: ignore[attr-defined]
    assert pool._ssl_context.verify_mode == ssl.CERT_REQUIRED
    assert pool._ssl_context.check_hostname
    assert not client.follow_redirects  # a redirect never carries the key elsewhere
    context.bridge.call(workspace.aclose())


def test_plain_http_to_another_machine_never_gets_a_client(context: AppContext) -> None:
    workspace = context.workspace_factory(Connection(base_url="http://example.com", api_key=KEY))
    with pytest.raises(ValueError, match="https"):
        context.bridge.call(workspace.api())


def test_an_id_from_the_service_is_checked_before_it_reaches_a_url(
    qtbot: QtBot, context: AppContext
) -> None:
    """A listed record with a forged id is skipped by the client (it never reaches the
    cache or the switcher); the others come through, and asking for the forged id anyway
    sends nothing."""
    paths: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        paths.append(request.url.raw_path.decode())
        listed = []
        if request.url.path == "/entities":
            listed = [
                {"id": BAD_ID, "name": "Forged", "country": "Slovenia"},
                {"id": GOOD_ID, "name": "Honest", "country": "Slovenia"},
            ]
        return httpx.Response(200, json={
            "data": listed,
            "pagination": {"total": len(listed), "next_cursor": None, "prev_cursor": None,
                           "has_more": False},
        })

    workspace = Workspace.in_memory(
        Connection(base_url="https://api.example.test", api_key=KEY),
        transport=httpx.MockTransport(handler),
    )
    window = MainWindow(context, [OverviewPage])
    qtbot.addWidget(window)
    context.set_workspace(workspace)
    window.show()
    qtbot.waitUntil(lambda: window.switcher.model.rowCount() == 1, timeout=5000)
    assert workspace.client_now(GOOD_ID) is not None
    assert workspace.client_now(BAD_ID) is None
    window.request_client(BAD_ID)
    qtbot.waitUntil(lambda: bool(window.banner.message), timeout=5000)
    assert all(".." not in path and "x=" not in path for path in paths), paths
