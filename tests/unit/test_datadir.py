from __future__ import annotations

import errno
import os
import stat
import sys
from pathlib import Path

import pytest

from si_desktop import datadir
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


# --- Windows: the local application-data folder, and the move out of the roaming one -------


@pytest.fixture
def windows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A Windows user's folders under tmp_path: (roaming, local)."""
    roaming, local = tmp_path / "Roaming", tmp_path / "Local"
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.delenv("SI_DESKTOP_DATA_DIR", raising=False)
    monkeypatch.setenv("APPDATA", str(roaming))
    monkeypatch.setenv("LOCALAPPDATA", str(local))
    datadir.take_notes()
    return roaming, local


def fill(folder: Path) -> dict[str, bytes]:
    files = {"cache.sqlite3": b"cache" * 1000, "settings.ini": b"[ui]\n",
             "logs/si-desktop.log": b"old log\n", "demo/demo-key": b"sk_live_x"}
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return files


def contents(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*") if p.is_file()}


def test_windows_keeps_the_data_in_the_local_folder(windows: tuple[Path, Path]) -> None:
    roaming, local = windows
    assert resolve_data_dir(None) == local / "si-desktop"
    assert not roaming.exists()


def test_windows_without_localappdata_uses_the_profiles_local_folder() -> None:
    found = default_data_dir(platform="win32", environ={}, home=Path("C:/Users/ana"))
    assert found == Path("C:/Users/ana/AppData/Local/si-desktop")


def test_linux_and_macos_keep_their_folders() -> None:
    home = Path("/home/ana")
    assert default_data_dir(platform="linux", environ={}, home=home) == Path(
        "/home/ana/.local/share/si-desktop")
    assert default_data_dir(platform="darwin", environ={}, home=home) == Path(
        "/home/ana/Library/Application Support/si-desktop")
    assert datadir.roaming_data_dir(platform="linux", environ={"APPDATA": "x"}) is None


def test_an_older_roaming_folder_is_moved_once_by_a_rename(windows: tuple[Path, Path]) -> None:
    """Before: the cache stayed in %APPDATA% and roamed at every logon."""
    roaming, local = windows
    files = fill(roaming / "si-desktop")
    moved = resolve_data_dir(None)
    assert moved == local / "si-desktop" and contents(moved) == files
    assert not (roaming / "si-desktop").exists()
    notes = datadir.take_notes()
    assert len(notes) == 1 and "Moved the data folder out of the roaming profile" in notes[0]
    assert resolve_data_dir(None) == moved and datadir.take_notes() == []  # once


def test_the_move_is_noted_in_the_log(windows: tuple[Path, Path]) -> None:
    import logging

    from si_desktop.logs import configure_logging

    roaming, _local = windows
    fill(roaming / "si-desktop")
    folder = resolve_data_dir(None)
    logger = logging.getLogger("si_desktop")
    saved = (list(logger.handlers), logger.level, logger.propagate)
    try:
        path = configure_logging(folder)
        for handler in logger.handlers:
            handler.flush()
        assert "Moved the data folder out of the roaming profile" in path.read_text("utf-8")
    finally:
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
            if handler not in saved[0]:
                handler.close()
        for handler in saved[0]:
            logger.addHandler(handler)
        logger.setLevel(saved[1])
        logger.propagate = saved[2]


def test_across_volumes_the_folder_is_copied_whole_before_the_old_one_goes(
    windows: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    roaming, local = windows
    files = fill(roaming / "si-desktop")
    real_replace = os.replace

    def replace(src: str | Path, dst: str | Path) -> None:
        if Path(src) == roaming / "si-desktop":
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        real_replace(src, dst)

    monkeypatch.setattr(datadir.os, "replace", replace)
    moved = resolve_data_dir(None)
    assert moved == local / "si-desktop" and contents(moved) == files
    assert not (roaming / "si-desktop").exists()
    assert not (local / "si-desktop.moving").exists()
    assert "Copied the data folder" in datadir.take_notes()[0]


def test_a_failed_copy_keeps_the_old_folder_in_use_and_whole(
    windows: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    roaming, local = windows
    files = fill(roaming / "si-desktop")

    def replace(src: str | Path, dst: str | Path) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    def copytree(src: Path, dst: Path) -> None:
        Path(dst).mkdir(parents=True)
        (Path(dst) / "cache.sqlite3").write_bytes(b"half")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(datadir.os, "replace", replace)
    monkeypatch.setattr(datadir.shutil, "copytree", copytree)
    assert resolve_data_dir(None) == roaming / "si-desktop"
    assert contents(roaming / "si-desktop") == files
    assert not (local / "si-desktop").exists() and not (local / "si-desktop.moving").exists()
    assert "tried again at the next start" in datadir.take_notes()[0]


def test_a_folder_held_open_stays_where_it_is_this_time(
    windows: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    roaming, local = windows
    files = fill(roaming / "si-desktop")

    def replace(src: str | Path, dst: str | Path) -> None:
        raise PermissionError(errno.EACCES, "The process cannot access the file")

    monkeypatch.setattr(datadir.os, "replace", replace)
    assert resolve_data_dir(None) == roaming / "si-desktop"
    assert contents(roaming / "si-desktop") == files and not (local / "si-desktop").exists()
