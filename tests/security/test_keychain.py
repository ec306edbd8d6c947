"""The keychain: a locked one times out instead of hanging, no secure one keeps the key in
memory for the session only, and there is never a plain-text fallback."""

from __future__ import annotations

import asyncio
import threading
import tomllib
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from si_desktop.credentials import Credentials, KeychainTimeout, backend_is_secure
from tests.memory_keyring import MemoryKeyring

KEY = "sk_live_" + "7a" * 16


class LockedKeyring(MemoryKeyring):
    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def get_password(self, service: str, username: str) -> str | None:
        self.release.wait(30)
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        self.release.wait(30)


def test_a_locked_keychain_times_out() -> None:
    locked = LockedKeyring()
    keyring.set_keyring(locked)
    credentials = Credentials(timeout=0.05)
    try:
        with pytest.raises(KeychainTimeout, match="locked") as blocking:
            credentials.get_api_key("https://eu.spaceinvoices.com#a1")
        with pytest.raises(KeychainTimeout) as awaited:
            asyncio.run(credentials.aset_api_key("https://eu.spaceinvoices.com#a1", KEY))
        # the timeout path, after the configured timeout: the locked keychain never answered
        assert blocking.value.timeout == awaited.value.timeout == 0.05
    finally:
        locked.release.set()


def test_the_fail_backend_keeps_the_key_for_this_session_only(tmp_path: Path) -> None:
    keyring.set_keyring(fail.Keyring())
    credentials = Credentials()
    assert not credentials.secure
    assert credentials.set_api_key("u", KEY) is False  # False: not stored for good
    assert credentials.get_api_key("u") == KEY
    assert asyncio.run(credentials.aget_api_key("u")) == KEY
    assert Credentials().get_api_key("u") is None
    credentials.delete_api_key("u")
    assert credentials.get_api_key("u") is None


def test_plain_text_and_empty_backends_are_not_secure() -> None:
    from keyring.backends import chainer

    plaintext = type("PlaintextKeyring", (MemoryKeyring,), {"__module__": "keyrings.alt.file"})
    assert not backend_is_secure(plaintext())
    assert not backend_is_secure(fail.Keyring())
    assert backend_is_secure(MemoryKeyring())
    empty = type("Empty", (chainer.ChainerBackend,), {"backends": []})
    assert not backend_is_secure(empty())


def test_keyrings_alt_is_not_a_dependency() -> None:
    project = tomllib.loads(Path("pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        wanted += extra
    assert not any(name.lower().startswith("keyrings.alt") for name in wanted)
