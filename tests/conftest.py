"""Every test runs offscreen, with an in-memory keyring and its own temporary data folder.

Nothing here may reach the real keychain, the network beyond 127.0.0.1, or the user's
folders: `HOME` and the XDG folders point into the test's temporary directory too.
"""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before anything imports Qt

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from hypothesis import settings

from tests.memory_keyring import MemoryKeyring

pytest_plugins = ["tests.fixtures.sandbox"]

# Hypothesis fails an example that takes longer than 200 ms unless told otherwise: a wall
# clock, which a busy machine reaches. No test asserts one.
settings.register_profile("no-deadline", deadline=None)
settings.load_profile("no-deadline")


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh data folder per test, and the user's home folders pointed away from the real
    ones so that nothing (QSettings included) can write there."""
    root = tmp_path_factory.mktemp("si-home")
    folder = root / "data"
    monkeypatch.setenv("SI_DESKTOP_DATA_DIR", str(folder))
    monkeypatch.setenv("HOME", str(root / "home"))
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(root / name.lower()))
    monkeypatch.delenv("SI_DESKTOP_API_KEY", raising=False)
    return folder


@pytest.fixture
def anyio_backend() -> str:
    """Async tests (`@pytest.mark.anyio`) run on asyncio, the loop the app itself uses."""
    return "asyncio"
