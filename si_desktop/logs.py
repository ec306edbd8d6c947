"""Logging for the whole app: one rotating file in the data folder, and every line redacted.

An account key can issue invoices for every client of a firm, so no log line, traceback or
crash report may ever hold one. Redaction happens in the formatter, on the finished text, so
it also covers tracebacks and values that reached a message through `%s` arguments.

What the log folder holds: `si-desktop.log` (rotated), every uncaught exception in it; Qt's
own warnings (routed there by `si_desktop.ui.qt_log`, kept off the terminal below errors);
and `crash.log`, where `faulthandler` writes the stacks of every thread when the process
dies in native code (a segfault in Qt, an abort), which no Python handler survives. At the
next start a non-empty `crash.log` is copied into the log and kept as `crash.previous.log`.
"""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import os
import re
import sys
import threading
from io import TextIOWrapper
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from si_desktop.datadir import take_notes

LOG_FILE_NAME = "si-desktop.log"
CRASH_FILE_NAME = "crash.log"
PREVIOUS_CRASH_FILE_NAME = "crash.previous.log"
QT_LOGGER = "si_desktop.qt"  # Qt's own messages (see si_desktop/ui/qt_log.py)
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


def log_folder(data_dir: Path) -> Path:
    """The folder of the log files (Help → Open log folder shows it)."""
    return data_dir / "logs"


def _not_qt_chatter(record: logging.LogRecord) -> bool:
    """Qt's warnings (about plugins, fonts, window hints) are for the log file; a terminal
    shows only its errors."""
    return not (record.name.startswith(QT_LOGGER) and record.levelno < logging.ERROR)


def configure_logging(data_dir: Path, level: int | str = logging.INFO) -> Path:
    """Send the app's logs to `<data_dir>/logs/si-desktop.log` (and redacted to stderr for
    warnings), replacing any handler an earlier call installed. Returns the log file's path."""
    log_dir = log_folder(data_dir)
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
    console.addFilter(_not_qt_chatter)

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
    for note in take_notes():  # said before there was a log to say it in
        root.info("%s", note)
    return path


def install_crash_logging(log_dir: Path | None = None) -> None:
    """Log uncaught exceptions (main thread and others) through the redacting handlers
    instead of letting Python print them raw; with `log_dir`, also write hard crashes there
    (`install_fault_log`)."""
    logger = logging.getLogger("si_desktop.crash")
    if log_dir is not None:
        install_fault_log(log_dir)

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


_fault_file: BinaryIO | None = None  # open for the process's life: faulthandler writes to its fd


def install_fault_log(log_dir: Path) -> Path:
    """Have `faulthandler` write every thread's stack to `<log_dir>/crash.log` if the process
    dies of a fatal signal. First, the trace a crashed earlier run left there is copied into
    the log (redacted, as every line) and kept as `crash.previous.log`. Returns the path."""
    global _fault_file
    path = log_dir / CRASH_FILE_NAME
    _keep_previous_crash(path)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    handle = open(fd, "wb", buffering=0)  # noqa: SIM115 - kept open until the process ends
    faulthandler.enable(file=handle, all_threads=True)
    previous, _fault_file = _fault_file, handle
    if previous is not None:
        previous.close()
    return path


def _keep_previous_crash(path: Path) -> None:
    try:
        trace = path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return  # none yet
    if not trace:
        return
    previous = path.with_name(PREVIOUS_CRASH_FILE_NAME)
    os.replace(path, previous)
    logging.getLogger("si_desktop.crash").error(
        "The last run ended in a hard crash (kept in %s):\n%s", previous.name, trace
    )
