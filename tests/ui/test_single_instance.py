"""One window per data folder: a second start brings the open window to the front, says so
in one line and exits 0; screenshots are never refused."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDir
from PySide6.QtNetwork import QLocalSocket
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from si_desktop import cli
from si_desktop.store.locks import FileLock
from si_desktop.ui import single_instance
from si_desktop.ui.single_instance import InstanceServer, server_name

REPO = Path(__file__).resolve().parents[2]


def start(*argv: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.Popen([sys.executable, "-m", "si_desktop", *argv], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(qtbot: QtBot, process: subprocess.Popen[str]) -> tuple[int, str, str]:
    """Let this process's event loop answer while the other one runs."""
    qtbot.waitUntil(lambda: process.poll() is not None, timeout=60_000)
    out, err = process.communicate()
    return process.returncode, out, err


@pytest.fixture
def window(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    widget.showMinimized()
    return widget


def test_the_name_is_the_folders_however_it_is_spelled(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a").mkdir()
    monkeypatch.chdir(tmp_path)
    assert server_name(Path("a")) == server_name(tmp_path / "a")
    assert server_name(tmp_path / "a") != server_name(tmp_path / "b")


@pytest.mark.slow
def test_a_second_start_on_the_folder_brings_the_first_window_up(
    qtbot: QtBot, tmp_path: Path, window: QWidget
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    lock = FileLock(folder / cli.WINDOW_LOCK)  # what the open window holds
    assert lock.acquire()
    server = InstanceServer(folder, window)
    activated: list[bool] = []
    server.activated.connect(lambda: activated.append(True))
    assert server.listen()
    try:
        code, out, err = finish(qtbot, start("--data-dir", str(folder)))
    finally:
        server.close()
        lock.release()
    assert code == 0 and out == ""
    assert err.strip().splitlines() == [
        f"si-desktop is already open on {folder}; its window was brought to the front."]
    assert activated == [True] and not window.isMinimized()


@pytest.mark.slow
def test_a_window_that_does_not_answer_is_named_and_the_exit_is_1(
    qtbot: QtBot, tmp_path: Path
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    lock = FileLock(folder / cli.WINDOW_LOCK)
    assert lock.acquire()  # held, but nobody listens
    try:
        code, _, err = finish(qtbot, start("--data-dir", str(folder)))
    finally:
        lock.release()
    assert code == 1 and "did not answer" in err and len(err.strip().splitlines()) == 1


@pytest.mark.skipif(os.name != "posix", reason="a socket file in the temp folder")
def test_a_socket_left_by_a_crashed_window_is_replaced(tmp_path: Path, window: QWidget) -> None:
    stale = socket.socket(socket.AF_UNIX)  # what a window killed with -9 leaves behind:
    stale.bind(str(Path(QDir.tempPath()) / server_name(tmp_path)))  # its socket file, with
    stale.close()  # nobody listening on it
    server = InstanceServer(tmp_path, window)
    try:
        assert server.listen()
        assert connects(server_name(tmp_path))
    finally:
        server.close()


def connects(name: str) -> bool:
    local = QLocalSocket()
    local.connectToServer(name)
    connected = local.waitForConnected(1000)
    local.abort()
    return connected


def test_the_window_listens_once_start_up_is_over(qtbot: QtBot, tmp_path: Path,
                                                  window: QWidget,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib
    import threading

    import si_desktop.ui.app as app_module
    from si_desktop.ui.app import _answer_second_starts

    imported_on: list[str] = []
    import_module = importlib.import_module

    def noted(module: str, package: str | None = None) -> Any:
        if module == "si_desktop.ui.single_instance":
            imported_on.append(threading.current_thread().name)
        return import_module(module, package)

    monkeypatch.setattr(app_module.importlib, "import_module", noted)
    name = server_name(tmp_path)
    assert not connects(name)
    _answer_second_starts(tmp_path, window)
    qtbot.waitUntil(lambda: connects(name), timeout=10_000)
    # its module (QtNetwork) imported off the GUI thread (B13), the server made on it
    assert imported_on == ["si-desktop-after-paint"]
    for server in window.findChildren(InstanceServer):
        server.close()


def test_the_window_lock_refuses_and_screenshots_are_never_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`cli.main` only: the window and the refusal are replaced by recorders."""
    import si_desktop.ui.app as app_module

    calls: list[tuple[str, Any]] = []

    def run_app(**kwargs: Any) -> int:
        calls.append(("window", kwargs["single_instance"]))
        return 0

    def refuse(data_dir: Path) -> int:
        calls.append(("refused", data_dir))
        return 0

    monkeypatch.setattr(app_module, "run_app", run_app)
    monkeypatch.setattr(single_instance, "refuse_second_window", refuse)
    folder = tmp_path / "data"
    assert cli.main(["--data-dir", str(folder)]) == 0
    assert calls == [("window", True)]
    lock = FileLock(folder / cli.WINDOW_LOCK)
    assert lock.acquire()  # released when that window closed; now another one is open
    try:
        assert cli.main(["--data-dir", str(folder)]) == 0
        assert cli.main(["--data-dir", str(folder), "--screenshots", str(tmp_path / "s")]) == 0
    finally:
        lock.release()
    assert calls[1:] == [("refused", folder), ("window", False)]
