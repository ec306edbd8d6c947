"""The async bridge: answers arrive on the GUI thread, jobs die with their owner, and a new
keyed load replaces the old one so that a late answer never lands on the wrong client."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from typing import Any

import pytest
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from si_desktop.ui.bridge import AsyncBridge
from si_desktop.ui.context import AppContext
from si_desktop.ui.pages.base import ClientPage
from tests.ui.fakes import FakeWorkspace


@pytest.fixture
def bridge() -> Any:
    b = AsyncBridge()
    yield b
    b.close()


async def _value(value: Any, delay: float = 0.0) -> Any:
    await asyncio.sleep(delay)
    return value


def test_result_arrives_on_gui_thread(qtbot: QtBot, bridge: AsyncBridge) -> None:
    owner = QObject()
    main = threading.main_thread()
    seen: list[tuple[Any, bool]] = []
    bridge.run(
        _value(42),
        owner=owner,
        on_success=lambda v: seen.append((v, threading.current_thread() is main)),
    )
    qtbot.waitUntil(lambda: bool(seen), timeout=2000)
    assert seen == [(42, True)]
    assert not bridge.busy


def test_errors_are_delivered(qtbot: QtBot, bridge: AsyncBridge) -> None:
    async def fail() -> None:
        raise ValueError("boom")

    owner = QObject()
    errors: list[BaseException] = []
    finished: list[bool] = []
    bridge.run(
        fail(), owner=owner, on_error=errors.append, on_finally=lambda: finished.append(True)
    )
    qtbot.waitUntil(lambda: bool(finished), timeout=2000)
    assert isinstance(errors[0], ValueError)


def test_job_dies_with_its_owner(qtbot: QtBot, bridge: AsyncBridge) -> None:
    started = threading.Event()
    cancelled = threading.Event()

    async def slow() -> int:
        started.set()
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            cancelled.set()
            raise
        return 1

    owner = QObject()
    seen: list[int] = []
    bridge.run(slow(), owner=owner, on_success=seen.append)
    assert started.wait(2)
    owner.deleteLater()
    qtbot.waitUntil(cancelled.is_set, timeout=2000)
    assert bridge.pending() == 0
    assert seen == []


def test_keyed_job_cancels_the_previous(qtbot: QtBot, bridge: AsyncBridge) -> None:
    owner = QObject()
    seen: list[str] = []
    first = bridge.run(_value("A", 0.3), owner=owner, key="load", on_success=seen.append)
    bridge.run(_value("B", 0.0), owner=owner, key="load", on_success=seen.append)
    assert first.cancelled
    qtbot.waitUntil(lambda: bool(seen), timeout=2000)
    after: list[str] = []
    bridge.run(_value("C", 0.4), owner=owner, on_success=after.append)  # answers after A would
    qtbot.waitUntil(lambda: bool(after), timeout=2000)
    assert seen == ["B"]


def test_answer_already_queued_is_dropped_after_cancel(qtbot: QtBot, bridge: AsyncBridge) -> None:
    """The loop may finish a job just before the GUI cancels it: the queued answer is dropped."""
    owner = QObject()
    seen: list[str] = []
    job = bridge.run(_value("late"), owner=owner, on_success=seen.append)
    assert job.future is not None
    job.future.result(2)  # done on the loop; the answer waits in the GUI thread's queue
    job.cancel()
    after: list[str] = []
    bridge.run(_value("after"), owner=owner, on_success=after.append)  # queued behind "late"
    qtbot.waitUntil(lambda: bool(after), timeout=2000)
    assert seen == []


def test_close_cancels_running_jobs_and_stops_the_thread() -> None:
    bridge = AsyncBridge()
    owner = QObject()
    bridge.run(_value(1, 10), owner=owner)
    bridge.close()
    assert not bridge._thread.is_alive()
    with pytest.raises(RuntimeError):
        coro = _value(2)
        bridge.run(coro, owner=owner)


# the stale-answer test, on a real page ------------------------------------------------------


class _FakeWorkspace(FakeWorkspace):
    """Answers slowly for client A and at once for client B."""

    def __init__(self) -> None:
        super().__init__([])
        self.requests: list[str] = []

    async def load(self, entity_id: str) -> dict[str, str]:
        self.requests.append(entity_id)
        await asyncio.sleep(0.4 if entity_id == "ent_a" else 0.0)
        return {"id": entity_id, "name": f"Client {entity_id[-1].upper()}"}


class _NamePage(ClientPage):
    page_id = "name"

    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        self.label = QLabel(self.body)
        self.body_layout.addWidget(self.label)
        self.shown: list[str] = []

    @classmethod
    def title(cls) -> str:
        return "Name"

    def fetch(self, entity_id: str) -> Coroutine[Any, Any, Any]:
        workspace: Any = self.context.workspace
        return workspace.load(entity_id)

    def show_data(self, data: Any) -> None:
        if data is not None:
            self.shown.append(data["id"])
        self.label.setText("" if data is None else data["name"])


def test_slow_answer_for_a_never_lands_on_b(qtbot: QtBot, context: AppContext) -> None:
    workspace = _FakeWorkspace()
    context.set_workspace(workspace)
    page = _NamePage(context)
    qtbot.addWidget(page)

    context.set_current_client("ent_a")
    assert page.is_loading
    context.set_current_client("ent_b")
    qtbot.waitUntil(lambda: page.label.text() == "Client B", timeout=2000)
    after: list[None] = []
    context.bridge.run(asyncio.sleep(0.5), owner=page, on_success=after.append)  # past A's
    qtbot.waitUntil(lambda: bool(after), timeout=3000)
    assert page.label.text() == "Client B"
    assert page.shown == ["ent_b"]
    assert workspace.requests == ["ent_a", "ent_b"]
    assert not page.is_loading
