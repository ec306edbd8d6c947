"""The editors' tests run against the sandbox in-process (ASGI), with every request body
recorded, so a test can check what a save really sent."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from pytestqt.qtbot import QtBot
from starlette.applications import Starlette

from si_desktop.sync.connection import Connection
from si_desktop.sync.results import record_of
from si_desktop.sync.workspace import Workspace
from si_desktop.ui.context import AppContext
from tests.fixtures.sandbox import ASGI_BASE_URL

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99"
    b"=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)


class Recorder(httpx.AsyncBaseTransport):
    """The sandbox over ASGI, remembering every request; `fail_next` answers the next write
    with a canned response instead (a 422 the sandbox would not give)."""

    def __init__(self, app: Starlette) -> None:
        self.inner = httpx.ASGITransport(app=app)
        self.sent: list[tuple[str, str, Any]] = []
        self.fail_next: httpx.Response | None = None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body: Any = None
        if request.headers.get("content-type", "").startswith("application/json"):
            body = json.loads(request.content or b"null")
        self.sent.append((request.method, request.url.path, body))
        if self.fail_next is not None and request.method in ("PATCH", "PUT", "POST"):
            response, self.fail_next = self.fail_next, None
            return response
        return await self.inner.handle_async_request(request)

    def writes(self) -> list[tuple[str, str, Any]]:
        return [sent for sent in self.sent if sent[0] in ("PATCH", "PUT", "POST")]


class Sandbox:
    """A workspace on the in-process sandbox, opened in the test's context."""

    def __init__(self, context: AppContext, app: Starlette, key: str) -> None:
        self.context = context
        self.recorder = Recorder(app)
        self.workspace = Workspace.in_memory(
            Connection(base_url=ASGI_BASE_URL, api_key=key), transport=self.recorder
        )
        context.set_workspace(self.workspace)

    def call(self, coro: Any) -> Any:
        return self.context.bridge.call(coro, timeout=10)

    def client(self, name: str = "Kovač d.o.o.", **fields: Any) -> dict[str, Any]:
        fields.setdefault("country", "Slovenia")
        return dict(self.call(record_of(self.workspace.create_client(name=name, **fields))))

    def unit(self, entity_id: str, name: str, **fields: Any) -> dict[str, Any]:
        return dict(self.call(record_of(
            self.workspace.create_unit(entity_id, {"name": name, **fields}))))

    def update(self, entity_id: str, **changes: Any) -> dict[str, Any]:
        async def run() -> Any:
            api = await self.workspace.api()
            updated = await api.entities.update(entity_id, **changes)
            await self.workspace.refresh_client(entity_id)  # as the app's refresh would
            return updated

        return dict(self.call(run()).model_dump(mode="json"))

    def update_unit(self, entity_id: str, unit_id: str, **changes: Any) -> dict[str, Any]:
        async def run() -> Any:
            api = await self.workspace.api()
            updated = await api.business_units.update(unit_id, entity_id=entity_id, **changes)
            await self.workspace.refresh_client(entity_id)  # as the app's refresh would
            return updated

        return dict(self.call(run()).model_dump(mode="json"))

    def entity(self, entity_id: str) -> dict[str, Any]:
        async def run() -> Any:
            api = await self.workspace.api()
            return await api.entities.get(entity_id)

        return dict(self.call(run()).model_dump(mode="json"))

    def unit_now(self, entity_id: str, unit_id: str) -> dict[str, Any]:
        async def run() -> Any:
            api = await self.workspace.api()
            return await api.business_units.get(unit_id, entity_id=entity_id)

        return dict(self.call(run()).model_dump(mode="json"))


@pytest.fixture
def sandbox(
    qtbot: QtBot, context: AppContext, sandbox_app: Starlette, sandbox_key: str
) -> Iterator[Sandbox]:
    yield Sandbox(context, sandbox_app, sandbox_key)


def open_page(
    qtbot: QtBot,
    page_class: type[Any],
    context: AppContext,
    entity_id: str,
    *,
    unit_id: str | None = None,
) -> Any:
    """A settings page on the client (or unit), shown and loaded."""
    page = page_class(context, unit_id=unit_id)
    qtbot.addWidget(page)
    page.resize(1100, 760)
    with qtbot.waitExposed(page):  # on screen, so that a field can take the focus
        page.show()
    page.set_client(entity_id)
    qtbot.waitUntil(lambda: page.data is not None and not page.is_loading, timeout=5000)
    return page


def save_and_wait(qtbot: QtBot, page: Any) -> None:
    assert page.save_clicked(), page.status.text()
    qtbot.waitUntil(lambda: not page.is_saving, timeout=5000)


def validation_error(path: list[Any], message: str) -> httpx.Response:
    return httpx.Response(
        422,
        json={
            "code": "validation_error",
            "message": "The settings were not accepted.",
            "cause": {"issues": [{"code": "invalid", "path": path, "message": message}]},
        },
    )
