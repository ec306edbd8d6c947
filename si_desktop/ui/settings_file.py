"""The app's preferences file: a QSettings on an ini file that is written to disk in batches.

QSettings rewrites its whole file on the event loop after every change. The window remembers
the open client and the recent list on every switch, so with plain QSettings each switch
carried a file write of several milliseconds on the GUI thread between the click and the
page being painted. Here a change is kept in memory (every QSettings on the file reads it at
once) and the file is written once changes have stopped for `WRITE_AFTER_MS` (a bookkeeper
going down the list with the arrow keys changes it on every step), at the latest
`WRITE_WITHIN_MS` after the first unwritten change, on `sync()`, and when the application
quits.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QSettings, QTimer

WRITE_AFTER_MS = 2000
WRITE_WITHIN_MS = 30_000


class SettingsFile(QSettings):
    def __init__(self, path: Path) -> None:
        super().__init__(str(path), QSettings.Format.IniFormat)
        self._first_unwritten: float | None = None
        self._write = QTimer(self)
        self._write.setSingleShot(True)
        self._write.timeout.connect(self.sync)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.sync)

    def setValue(self, key: str, value: Any) -> None:
        super().setValue(key, value)
        self._changed()

    def remove(self, key: str) -> None:
        super().remove(key)
        self._changed()

    def _changed(self) -> None:
        now = time.monotonic()
        if self._first_unwritten is None:
            self._first_unwritten = now
        waited_ms = (now - self._first_unwritten) * 1000
        self._write.start(int(max(0.0, min(WRITE_AFTER_MS, WRITE_WITHIN_MS - waited_ms))))

    def sync(self) -> None:
        self._write.stop()
        self._first_unwritten = None
        super().sync()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.UpdateRequest:  # QSettings' own "write the file now"
            return True  # written by `_write` instead
        return super().event(event)
