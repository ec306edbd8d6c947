"""One window per data folder: a second start brings the open window to the front instead.

Who is first is decided without Qt, by an exclusive lock on `window.lock` in the data folder
that the window holds for its life (`cli.main`; the operating system drops it when the
window's process ends, however it ends). The first window then listens on a local socket
(`QLocalServer`; a named pipe on Windows) whose name comes from the user and the resolved
data folder. A second start that finds the lock taken connects, sends `activate`, gets `ok`
once the first has raised its window, prints one line on stderr and exits 0. If the first
does not answer in time (it is still starting, or hung), the second says so and exits 1.

The window listens only once start-up is over (`InputPause`): QtNetwork is not on the way to
the first paint, and a second start that comes earlier keeps trying to connect for a while.
`--screenshots` and `--self-test` never take part: they open windows of their own, on a data
folder of their own or offscreen, and must work beside an open window.
"""

from __future__ import annotations

import getpass
import hashlib
import sys
import time
from pathlib import Path
from typing import TextIO

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QWidget

ACTIVATE = b"activate\n"
ANSWER = b"ok\n"
CONNECT_FOR_SECONDS = 5.0  # how long a second start keeps trying to reach the first window
ANSWER_WAIT_MS = 2000


def server_name(data_dir: Path) -> str:
    """The local socket's name for `data_dir`: the same for every start on that folder by
    this user (the folder resolved, so `--data-dir .` and its full path are one folder)."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment or the password database
        user = ""
    folder = str(Path(data_dir).expanduser().resolve())
    digest = hashlib.sha256(f"{user}\0{folder}".encode()).hexdigest()[:24]
    return f"si-desktop-{digest}"


class InstanceServer(QObject):
    """The first window's end: answers `activate` by bringing `window` to the front."""

    activated = Signal()

    def __init__(self, data_dir: Path, window: QWidget) -> None:
        super().__init__(window)
        self.name = server_name(data_dir)
        self._window = window
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        """Start answering. The window lock is held, so a socket left under this name can
        only be a crashed window's: it is removed first."""
        if self._server.isListening():
            return True
        QLocalServer.removeServer(self.name)
        return self._server.listen(self.name)

    def close(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            socket.setParent(self)
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            if socket.bytesAvailable() > 64:  # not ours: no line that long is ever sent
                socket.abort()
            return
        line = bytes(socket.readLine().data())
        if line == ACTIVATE:
            self.bring_to_front()
            socket.write(ANSWER)
            socket.flush()
        socket.disconnectFromServer()

    def bring_to_front(self) -> None:
        window = self._window
        if window.isMinimized():
            window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
        window.show()
        window.raise_()
        window.activateWindow()
        self.activated.emit()


def ask_first_window(data_dir: Path, *, seconds: float = CONNECT_FOR_SECONDS) -> bool:
    """Ask the window open on `data_dir` to come to the front; True once it said so."""
    if QCoreApplication.instance() is None:
        QCoreApplication(sys.argv[:1])
    name = server_name(data_dir)
    deadline = time.monotonic() + seconds
    while True:
        socket = QLocalSocket()
        socket.connectToServer(name)
        if socket.waitForConnected(500):
            socket.write(ACTIVATE)
            socket.waitForBytesWritten(ANSWER_WAIT_MS)
            answered = socket.waitForReadyRead(ANSWER_WAIT_MS) and bytes(
                socket.readLine().data()) == ANSWER
            socket.abort()
            return answered
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.1)  # the first window may not be listening yet


def refuse_second_window(data_dir: Path, *, err: TextIO | None = None,
                         seconds: float = CONNECT_FOR_SECONDS) -> int:
    """What a second start on `data_dir` does: one line on stderr; 0 when the open window
    came to the front, 1 when it could not be reached."""
    err = err or sys.stderr
    if ask_first_window(data_dir, seconds=seconds):
        print(f"si-desktop is already open on {data_dir}; its window was brought to the "
              "front.", file=err)
        return 0
    print(f"si-desktop is already open on {data_dir}, but its window did not answer; close "
          "it first, or open another data folder with --data-dir.", file=err)
    return 1
