"""The data folder after real runs: a demo run of the window and `si-desktop sync` against a
sandbox on loopback. Every file is 0600 and every folder 0700 on POSIX, and the key of the
account that synced is nowhere in it."""

from __future__ import annotations

import faulthandler
import logging
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from si_desktop import cli

pytestmark = pytest.mark.slow  # a whole demo run

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


@pytest.fixture(autouse=True)
def restore_process_state() -> Iterator[None]:
    """`cli.main` sets the umask, the crash hooks (faulthandler's file too) and the app's
    logging: put them back."""
    umask = os.umask(0o022)
    os.umask(umask)
    logger = logging.getLogger("si_desktop")
    saved = (list(logger.handlers), logger.level, logger.propagate)
    hooks = (sys.excepthook, __import__("threading").excepthook)
    faults = faulthandler.is_enabled()
    yield
    os.umask(umask)
    if faults:
        faulthandler.enable(file=sys.__stderr__, all_threads=True)
    sys.excepthook, __import__("threading").excepthook = hooks
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        if handler not in saved[0]:
            handler.close()
    for handler in saved[0]:
        logger.addHandler(handler)
    logger.setLevel(saved[1])
    logger.propagate = saved[2]


def assert_private(folder: Path) -> list[Path]:
    found = [folder, *folder.rglob("*")]
    for path in found:
        mode = stat.S_IMODE(path.lstat().st_mode)
        if path.is_dir():
            assert mode == 0o700, f"{path} is {oct(mode)}"
        else:
            assert mode & 0o077 == 0, f"{path} is {oct(mode)}"
    return found


def assert_no_key(folder: Path, key: str) -> None:
    tail = key.split("_", 2)[2].encode()
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert key.encode() not in data and tail not in data, f"the key is in {path}"


@posix_only
def test_a_demo_run_leaves_only_private_files(qapp: object, data_dir: Path, tmp_path: Path) -> None:
    code = cli.main(["--data-dir", str(data_dir), "--demo", "--screenshots", str(tmp_path / "o")])
    assert code == 0
    found = assert_private(data_dir)
    names = {path.name for path in found}
    assert {"settings.ini", "si-desktop.log", "sandbox.sqlite3"} <= names
