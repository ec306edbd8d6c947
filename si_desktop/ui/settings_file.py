"""The app's preferences file: a QSettings on an ini file that is written to disk in batches.

QSettings rewrites its whole file on the event loop after every change. The window remembers
the open client and the recent list on every switch, so with plain QSettings each switch
carried a file write of several milliseconds on the GUI thread between the click and the
page being painted. Here a change is kept in memory (every QSettings on the file reads it at
once) and the file is written at most `WRITE_AFTER_MS` later, on `sync()`, and when the
application quits.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QSettings, QTimer

WRITE_AFTER_MS = 2000


class SettingsFile(QSettings):
    def __init__(self, path: Path) -> None:
        super().__init__(str(path), QSettings.Format.IniFormat)
        self._write = QTimer(self)
        self._write.setSingleShot(True)
        self._write.setInterval(WRITE_AFTER_MS)
        self._write.timeout.connect(self.sync)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.sync)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.UpdateRequest:  # QSettings' own "write the file now"
            if not self._write.isActive():
                self._write.start()
            return True
        return super().event(event)
