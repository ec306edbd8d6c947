"""A key planted in every error path never reaches the log, the data folder, the banner or the
window title: a 401 and a 422 that echo it, a network error that names it, a job that crashes
with it in its message, and an exception in a Qt slot."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
import stamina
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from si_desktop.logs import configure_logging, install_crash_logging
from si_desktop.sync.connection import Connection
from si_desktop.sync.workspace import Workspace
from si_desktop.ui.context import AppContext
from si_desktop.ui.main_window import DISCARD, MainWindow
from si_desktop.ui.pages.overview import OverviewPage
from si_desktop.ui.pages.units import BusinessUnitsPage

BODY = "c0ffee1234abcdef5678" * 2
KEY = f"sk_live_{BODY}"
# a key's tail without its prefix: what a careless redaction could leave behind
TELL_TALES = (KEY.encode(), BODY.encode())
ENTITY = {
    "id": "ent_" + "a" * 24, "name": "Kovač d.o.o.", "country": "Slovenia",
    "country_code": "SI", "created_at": "2024-01-01T00:00:00Z",
    "updated_at": "2024-01-01T00:00:00Z",
}


@pytest.fixture(autouse=True)
def app_logging(data_dir: Path) -> Iterator[Path]:
    """The app's own logging and crash hooks, put back afterwards."""
    data_dir.mkdir(parents=True, exist_ok=True)
    logger = logging.getLogger("si_desktop")
    saved = (list(logger.handlers), logger.level, logger.propagate)
    hooks = (sys.excepthook, threading.excepthook)
    path = configure_logging(data_dir)
    install_crash_logging()
    with stamina.set_testing(True, attempts=3):
        yield path
    sys.excepthook, threading.excepthook = hooks
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        if handler not in saved[0]:
            handler.close()
    for handler in saved[0]:
        logger.addHandler(handler)
    logger.setLevel(saved[1])
    logger.propagate = saved[2]


def assert_no_trace(folder: Path) -> None:
    for handler in logging.getLogger("si_desktop").handlers:
        handler.flush()
    for path in folder.rglob("*"):
        try:
            data = path.read_bytes()
        except (IsADirectoryError, FileNotFoundError):
            continue  # a folder, or a temporary file (QSettings, SQLite) renamed meanwhile
        for tell in TELL_TALES:
            assert tell not in data, f"the key is in {path}"


def _window(
    qtbot: QtBot, context: AppContext, handler: Callable[[httpx.Request], httpx.Response]
) -> MainWindow:
    workspace = Workspace.in_memory(
        Connection(base_url="https://api.example.test", api_key=KEY),
        transport=httpx.MockTransport(handler),
    )
    window = MainWindow(context, [OverviewPage, BusinessUnitsPage])
    window.ask_unsaved = lambda: DISCARD  # type: ignore[method-assign]
    qtbot.addWidget(window)
    context.set_workspace(workspace)
    window.show()
    return window


def _check_window(window: MainWindow) -> None:
    for text in (window.banner.message, window.windowTitle(), window.connection_label.text()):
        assert KEY not in text and BODY not in text


def test_a_401_that_echoes_the_key(qtbot: QtBot, context: AppContext, data_dir: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            401, json={"code": "unauthorized", "message": f"The key {KEY} is not valid."}
        )

    window = _window(qtbot, context, handler)
    qtbot.waitUntil(lambda: "API key was not accepted" in window.banner.message, timeout=5000)
    _check_window(window)
    assert_no_trace(data_dir)


def test_a_422_that_echoes_the_key_in_its_message_and_issues(
    qtbot: QtBot, context: AppContext, data_dir: Path
) -> None:
    writes: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "GET" and request.url.path == "/entities":
            return httpx.Response(200, json={
                "data": [ENTITY],
                "pagination": {"total": 1, "next_cursor": None, "prev_cursor": None,
                               "has_more": False},
            })
        if request.method == "GET":
            return httpx.Response(200, json=ENTITY)
        writes.append(request.method)
        return httpx.Response(422, json={
            "code": "validation_error",
            "message": f"Rejected for Bearer {KEY}",
            "cause": {"issues": [{"code": "invalid", "path": ["name"],
                                  "message": f"name clashes with {KEY}"}]},
        })

    window = _window(qtbot, context, handler)
    page = window.pages[0]
    assert isinstance(page, OverviewPage)
    qtbot.waitUntil(lambda: page.data is not None and not page.is_loading, timeout=5000)
    page.edits["city"].setText("Bled")
    page._on_edited()
    page.save()
    qtbot.waitUntil(lambda: bool(writes) and not page.is_saving, timeout=5000)
    qtbot.wait(100)  # a negative: nothing that follows the refusal shows or writes the key
    assert page.is_dirty()  # refused: the edit stays for the user to correct
    _check_window(window)
    for label in page.findChildren(type(window.connection_label)):
        assert KEY not in label.text() and BODY not in label.text()
    assert_no_trace(data_dir)


def test_a_network_error_that_names_the_key(
    qtbot: QtBot, context: AppContext, data_dir: Path
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(f"proxy refused Authorization: Bearer {KEY}")

    window = _window(qtbot, context, handler)
    # the app's refresh finds no answer: the offline banner says so (not the error banner)
    offline = window.offline_ui
    assert offline is not None
    qtbot.waitUntil(lambda: offline.banner.isVisibleTo(window), timeout=10000)
    assert KEY not in offline.banner.label.text() and BODY not in offline.banner.label.text()
    _check_window(window)
    assert_no_trace(data_dir)


def test_a_job_that_crashes_with_the_key_in_its_message(
    qtbot: QtBot, context: AppContext, data_dir: Path, app_logging: Path
) -> None:
    empty_page = {
        "data": [],
        "pagination": {"total": 0, "next_cursor": None, "prev_cursor": None, "has_more": False},
    }
    window = _window(qtbot, context, lambda request: httpx.Response(200, json=empty_page))

    async def crash() -> None:
        raise RuntimeError(f"unexpected state with {KEY}")

    reported: list[str] = []
    context.error_reported.connect(reported.append)
    context.bridge.run(crash(), owner=window, on_error=context.report_failure)
    # Wait for the report itself: the banner may already show a later message by the time
    # it is looked at.
    qtbot.waitUntil(lambda: any("Something went wrong" in text for text in reported),
                    timeout=5000)
    assert len(reported) == 1, reported  # the window's own loads went well: this is the job
    assert not any(KEY in text for text in reported)
    _check_window(window)
    assert_no_trace(data_dir)
    log = app_logging.read_text(encoding="utf-8")
    assert "RuntimeError" in log and "[redacted]" in log  # logged, without the key


def test_an_exception_in_a_slot_goes_to_the_log_redacted(
    qtbot: QtBot, context: AppContext, data_dir: Path, app_logging: Path
) -> None:
    seen: list[BaseException] = []
    hook = sys.excepthook

    def recording(kind: type[BaseException], value: BaseException, tb: object) -> None:
        seen.append(value)
        hook(kind, value, tb)  # type: ignore[arg-type]

    sys.excepthook = recording

    def slot() -> None:
        raise ValueError(f"slot failed for {KEY}")

    QTimer.singleShot(0, slot)
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    assert_no_trace(data_dir)
    assert "ValueError" in app_logging.read_text(encoding="utf-8")
