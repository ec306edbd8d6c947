"""An opt-in signal for the benchmark harness (`tests/benchmarks/run.py`): with
`SI_DESKTOP_BENCH_PAINTED` set, the window prints one line once the client list has been
painted with clients in it, `SI_DESKTOP_BENCH_PAINTED <unix time> <rows>`, so that cold
start can be timed to what the user sees. Without the variable nothing is installed."""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QAbstractItemView

ENV = "SI_DESKTOP_BENCH_PAINTED"


class _FirstPaint(QObject):
    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self._view = view
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        model = self._view.model()
        if event.type() == QEvent.Type.Paint and model is not None and model.rowCount() > 0:
            self._view.viewport().removeEventFilter(self)
            QTimer.singleShot(0, self._report)  # after this paint has reached the window
        return False

    def _report(self) -> None:
        model = self._view.model()
        rows = model.rowCount() if model is not None else 0
        sys.stdout.write(f"{ENV} {time.time():.6f} {rows}\n")
        sys.stdout.flush()


def watch_first_paint(client_list: QAbstractItemView) -> None:
    """Report the first paint of `client_list` showing clients, if the variable is set."""
    if os.environ.get(ENV):
        _FirstPaint(client_list)
