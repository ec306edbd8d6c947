"""Logging for the whole app: one rotating file in the data folder, and every line redacted.

An account key can issue invoices for every client of a firm, so no log line, traceback or
crash report may ever hold one. Redaction happens in the formatter, on the finished text, so
it also covers tracebacks and values that reached a message through `%s` arguments.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
import sys
import threading
from io import TextIOWrapper
from pathlib import Path
from types import TracebackType

LOG_FILE_NAME = "si-desktop.log"
MAX_LOG_BYTES = 1_000_000
LOG_BACKUPS = 3
REDACTED = "[redacted]"
_HANDLER_NAMES = ("si-desktop-file", "si-desktop-console")

# Anything shaped like a Space Invoices key, whatever its kind or environment, and any
# Authorization header value (Bearer or otherwise).
_KEY_PATTERN = re.compile(r"\b(?:sk|ek)_[A-Za-z0-9][A-Za-z0-9_\-]{5,}")
_AUTH_PATTERN = re.compile(r"(?i)(authorization['\"]?\s*[:=]\s*['\"]?)(?:bearer\s+)?[^\s'\",}]+")
_BEARER_PATTERN = re.compile(r"(?i)\bbearer\s+[^\s'\",}]+")


def redact(text: str) -> str:
    """`text` with every key and Authorization value replaced by a marker."""
    text = _AUTH_PATTERN.sub(lambda m: m.group(1) + REDACTED, text)
    text = _BEARER_PATTERN.sub("Bearer " + REDACTED, text)
    return _KEY_PATTERN.sub(REDACTED, text)


class RedactingFormatter(logging.Formatter):
    """A formatter whose every output, tracebacks included, has passed `redact`."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating file whose files are created readable by the user only."""

    def _open(self) -> TextIOWrapper:
        # os.open with a mode, because the builtin open() creates files by the umask (0644).
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        if os.name == "posix":
            os.fchmod(fd, 0o600)  # a file left by an older run may be wider
        return TextIOWrapper(open(fd, "ab"), encoding=self.encoding, errors=self.errors)


def configure_logging(data_dir: Path, level: int | str = logging.INFO) -> Path:
    """Send the app's logs to `<data_dir>/logs/si-desktop.log` (and redacted to stderr for
    warnings), replacing any handler an earlier call installed. Returns the log file's path."""
    log_dir = data_dir / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        log_dir.chmod(0o700)
    path = log_dir / LOG_FILE_NAME
    formatter = RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")

    file_handler = _PrivateRotatingFileHandler(
        path, maxBytes=MAX_LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
    )
    file_handler.setFormatter(formatter)
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(logging.WARNING)
    console.setFormatter(formatter)

    root = logging.getLogger("si_desktop")
    for handler in list(root.handlers):
        if handler.get_name() in _HANDLER_NAMES:
            root.removeHandler(handler)
            handler.close()
    file_handler.set_name(_HANDLER_NAMES[0])
    console.set_name(_HANDLER_NAMES[1])
    root.addHandler(file_handler)
    root.addHandler(console)
    root.setLevel(level)
    root.propagate = False
    # The client's retry library logs a warning of its own for every retry: into the log
    # file, not (through Python's last-resort handler) onto the terminal.
    retries = logging.getLogger("stamina")
    for handler in list(retries.handlers):
        if handler.get_name() in _HANDLER_NAMES:
            retries.removeHandler(handler)
    retries.addHandler(file_handler)
    retries.propagate = False
    return path


def install_crash_logging() -> None:
    """Log uncaught exceptions (main thread and others) through the redacting handlers
    instead of letting Python print them raw."""
    logger = logging.getLogger("si_desktop.crash")

    def on_exception(
        kind: type[BaseException], value: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        logger.critical("Uncaught exception", exc_info=(kind, value, tb))

    def on_thread_exception(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        logger.critical(
            "Uncaught exception in thread %s",
            args.thread.name if args.thread else "?",
            exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
        )

    sys.excepthook = on_exception
    threading.excepthook = on_thread_exception
