"""Qt's own messages (qWarning, qCritical … from Qt and its plugins) into the app's log.

By default Qt prints them on stderr, where a user running from a menu never sees them and a
support request never includes them. Installed before the application is made (so the
platform plugin's messages are caught too), the handler logs each one under
`si_desktop.qt` with its category; the log's console handler shows only Qt's errors (see
`si_desktop.logs`). A message Qt repeats (some plugins warn on every window) is logged
`MAX_REPEATS` times, then no more.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

from si_desktop.logs import QT_LOGGER

MAX_REPEATS = 3
_MAX_KINDS = 1000  # distinct texts remembered for the repeat count, then forgotten

_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}

log = logging.getLogger(QT_LOGGER)

Handler = Callable[[QtMsgType, QMessageLogContext, str], Any]


class QtMessageLog:
    """The message handler: logs, counts repeats, and passes each message on to the handler
    installed before it, if any (a test harness capturing Qt's messages keeps working)."""

    def __init__(self) -> None:
        self.previous: Handler | None = None
        self._seen: dict[str, int] = {}

    def __call__(self, kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        level = _LEVELS.get(kind, logging.WARNING)
        if len(self._seen) >= _MAX_KINDS:
            self._seen.clear()
        count = self._seen[message] = self._seen.get(message, 0) + 1
        if count <= MAX_REPEATS:
            category = getattr(context, "category", None) or "default"
            suffix = " (repeated; not logged again)" if count == MAX_REPEATS else ""
            log.log(level, "[%s] %s%s", category, message, suffix)
        if self.previous is not None:
            self.previous(kind, context, message)


_installed: QtMessageLog | None = None


def install_qt_message_handler() -> QtMessageLog:
    """Route Qt's messages to the log (once per process; later calls return the same)."""
    global _installed
    if _installed is None:
        handler = QtMessageLog()
        handler.previous = qInstallMessageHandler(handler)
        _installed = handler
    return _installed
