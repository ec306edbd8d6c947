from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from si_desktop.datadir import default_data_dir, ensure_private_dir, resolve_data_dir


def test_command_line_wins_over_environment(tmp_path: Path) -> None:
    assert resolve_data_dir(tmp_path / "cli") == (tmp_path / "cli").resolve()


def test_environment_is_used_without_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SI_DESKTOP_DATA_DIR", str(tmp_path / "env"))
    assert resolve_data_dir(None) == (tmp_path / "env").resolve()


def test_os_default_when_nothing_is_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SI_DESKTOP_DATA_DIR")
    assert resolve_data_dir(None) == default_data_dir()
    assert default_data_dir().name == "si-desktop"


@pytest.mark.skipif(sys.platform != "linux", reason="XDG applies on Linux")
def test_linux_default_follows_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_data_dir() == tmp_path / "si-desktop"


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_data_folder_is_private(tmp_path: Path) -> None:
    folder = ensure_private_dir(tmp_path / "a" / "b")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
