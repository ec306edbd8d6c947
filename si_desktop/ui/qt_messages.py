"""Qt's own messages that say nothing to a user of the offscreen run.

`--screenshots` renders on Qt's offscreen platform, whose windows cannot pass size hints to
a window manager (there is none): every window that is shown or resized prints "This plugin
does not support propagateSizeHints()" on standard error, dozens of times a run. The filter
here drops exactly that message, and only while the platform is the offscreen one; every
other message goes on to the handler that was installed before (Qt's own, which prints it,
or the log's)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QGuiApplication

OFFSCREEN_NOISE = ("This plugin does not support propagateSizeHints()",)
"""Messages the offscreen platform prints for what it cannot do, word for word."""

Handler = Callable[[QtMsgType, QMessageLogContext, str], Any]


def is_offscreen_noise(message: str, platform: str | None = None) -> bool:
    """Whether `message` is one of the offscreen platform's complaints, on that platform
    (by default the running application's)."""
    if platform is None:
        platform = QGuiApplication.platformName()
    return platform == "offscreen" and message.strip() in OFFSCREEN_NOISE


def install_offscreen_filter() -> Callable[[], None]:
    """Drop the offscreen platform's noise from now on; returns what puts the previous
    handler back."""
    previous: Handler | None = None

    def handler(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if is_offscreen_noise(message):
            return
        if previous is not None:
            previous(mode, context, message)
        else:  # Qt's default handler prints the message as it is
            print(message, file=sys.stderr)

    previous = qInstallMessageHandler(handler)

    def restore() -> None:
        qInstallMessageHandler(previous)

    return restore
