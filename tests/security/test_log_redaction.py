from __future__ import annotations

import logging
import os
import stat
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from si_desktop.logs import configure_logging, install_crash_logging, redact

KEY = "sk_live_4f1d2a9c8b7e6d5c4b3a2910"


@pytest.fixture
def log_file(data_dir: Path) -> Iterator[Path]:
    """The app's logging for one test; the logger is put back as it was afterwards so that
    other tests' caplog still sees records."""
    logger = logging.getLogger("si_desktop")
    saved = (list(logger.handlers), logger.level, logger.propagate)
    retries = logging.getLogger("stamina")
    saved_retries = (list(retries.handlers), retries.propagate)
    path = configure_logging(data_dir)
    yield path
    retries.handlers[:] = saved_retries[0]
    retries.propagate = saved_retries[1]
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        if handler not in saved[0]:
            handler.close()
    for handler in saved[0]:
        logger.addHandler(handler)
    logger.setLevel(saved[1])
    logger.propagate = saved[2]


@pytest.mark.parametrize(
    "text",
    [
        f"key {KEY} was refused",
        f"Authorization: Bearer {KEY}",
        f"{{'Authorization': 'Bearer {KEY}'}}",
        f'"authorization": "{KEY}"',
        "ek_sandbox_0123456789abcdef01234567 in a 422 message",
        "bearer abc.def.ghi",
    ],
)
def test_keys_and_authorization_values_are_removed(text: str) -> None:
    out = redact(text)
    assert KEY not in out
    assert "0123456789abcdef01234567" not in out
    assert "abc.def.ghi" not in out
    assert "[redacted]" in out


def test_ordinary_text_is_left_alone() -> None:
    text = "GET /entities/ent_0123456789abcdef01234567 200 12 ms (task_queue, desk_top)"
    assert redact(text) == text


def test_log_lines_and_tracebacks_are_redacted(log_file: Path) -> None:
    logger = logging.getLogger("si_desktop.api")
    logger.warning("401 for key %s", KEY)
    try:
        raise RuntimeError(f"headers were {{'Authorization': 'Bearer {KEY}'}}")
    except RuntimeError:
        logger.exception("request failed")
    text = log_file.read_text(encoding="utf-8")
    assert "401 for key [redacted]" in text
    assert "RuntimeError" in text
    assert KEY not in text


def test_crash_in_a_thread_is_logged_redacted(log_file: Path) -> None:
    previous = (sys.excepthook, threading.excepthook)
    install_crash_logging()
    try:
        def crash() -> None:
            raise ValueError(f"job failed with {KEY}")

        thread = threading.Thread(target=crash, name="job")
        thread.start()
        thread.join()
    finally:
        sys.excepthook, threading.excepthook = previous
    text = log_file.read_text(encoding="utf-8")
    assert "Uncaught exception in thread job" in text
    assert KEY not in text


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_log_file_and_folder_are_private(log_file: Path) -> None:
    logging.getLogger("si_desktop").error("something")
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(log_file.parent.stat().st_mode) == 0o700


def test_the_retry_librarys_warnings_go_to_the_file_not_the_terminal(
    log_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    logging.getLogger("stamina").warning("stamina.retry_scheduled %s", KEY)
    for handler in logging.getLogger("si_desktop").handlers:
        handler.flush()
    written = log_file.read_text(encoding="utf-8")
    assert "stamina.retry_scheduled [redacted]" in written and KEY not in written
    assert "stamina" not in capsys.readouterr().err
