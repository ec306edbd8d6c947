"""B1's floor, run by `run.py` in a process of its own: a bare QApplication and an empty
QMainWindow, shown; prints the time of its first paint the way the app does with
SI_DESKTOP_BENCH_PAINTED set."""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


class FirstPaint(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.done:
            self.done = True
            QTimer.singleShot(0, self.report)
        return False

    def report(self) -> None:
        print(f"SI_DESKTOP_BENCH_PAINTED {time.time():.6f} 0", flush=True)
        os._exit(0)


def main() -> None:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    probe = FirstPaint()
    window.installEventFilter(probe)
    window.resize(1280, 800)
    window.show()
    app.exec()


if __name__ == "__main__":
    main()
