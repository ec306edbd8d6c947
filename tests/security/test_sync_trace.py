"""`si-desktop sync` against a sandbox on loopback, with the key from the keychain (the
account the app has open) or from the environment: afterwards the data folder is private and
holds no trace of the key."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from si_desktop import cli
from si_desktop.accounts import AccountRegistry
from si_desktop.credentials import Credentials
from si_desktop.sandbox import SandboxServer
from si_desktop.sync import commands
from si_desktop.ui.account_settings import QSettingsBackend
from tests.security.test_data_folder import (
    assert_no_key,
    assert_private,
    posix_only,
    restore_process_state,
)

__all__ = ["restore_process_state"]  # the autouse fixture, shared


def sync(argv: list[str]) -> int:
    """`si-desktop sync …` as the entry point runs it: the process made private first, then
    the command."""
    cli.private_files()
    return commands.main(argv)


@posix_only
def test_sync_with_a_key_from_the_keychain_leaves_no_trace_of_it(
    qapp: object, data_dir: Path, sandbox_server: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    key = sandbox_server.api_key
    data_dir.mkdir(parents=True, exist_ok=True)
    settings = QSettings(str(data_dir / "settings.ini"), QSettings.Format.IniFormat)
    registry = AccountRegistry(QSettingsBackend(settings))
    account = registry.add(name="Firm", base_url=sandbox_server.url, api_key=key)
    registry.set_current(account)
    settings.sync()
    os.chmod(data_dir / "settings.ini", 0o600)
    Credentials().set_api_key(account.keychain_user, key)

    assert sync(["sync", "--data-dir", str(data_dir)]) == 0, capsys.readouterr().err
    out = capsys.readouterr()
    assert "client" in out.out
    assert key not in out.out + out.err
    assert (data_dir / "cache.sqlite3").exists()
    assert_private(data_dir)
    assert_no_key(data_dir, key)


@posix_only
def test_sync_with_the_key_in_the_environment_leaves_no_trace_of_it(
    qapp: object, data_dir: Path, sandbox_server: SandboxServer,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(commands.API_KEY_ENV, sandbox_server.api_key)
    code = sync(["sync", "--data-dir", str(data_dir), "--base-url", sandbox_server.url])
    assert code == 0, capsys.readouterr().err
    assert_private(data_dir)
    assert_no_key(data_dir, sandbox_server.api_key)
