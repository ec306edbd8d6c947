"""The preferences file is written in batches, never once per change on the event loop."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from si_desktop.ui import settings_file
from si_desktop.ui.settings_file import SettingsFile


class Clock:
    """The settings module's `time`, moved by the test."""

    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


def on_disk(path: Path, key: str) -> object:
    return QSettings(str(path), QSettings.Format.IniFormat).value(key)


def test_changes_reach_the_file_in_one_write_later(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings_file, "WRITE_AFTER_MS", 300)
    path = tmp_path / "settings.ini"
    settings = SettingsFile(path)
    writes: list[bool] = []
    settings._write.timeout.connect(lambda: writes.append(True))
    for n in range(20):
        settings.setValue("window/last_clients", f"client {n}")
        qtbot.wait(1)  # the event loop runs between the changes, as between switches
    assert settings.value("window/last_clients") == "client 19"
    assert not path.exists() or "client" not in path.read_text()
    qtbot.waitUntil(lambda: bool(writes), timeout=settings_file.WRITE_AFTER_MS + 3000)
    assert writes == [True]
    assert "client 19" in path.read_text()


def test_sync_writes_at_once(tmp_path: Path) -> None:
    path = tmp_path / "settings.ini"
    settings = SettingsFile(path)
    settings.setValue("window/page", "branding")
    settings.sync()
    assert on_disk(path, "window/page") == "branding"


def test_a_stream_of_changes_waits_for_a_pause_but_not_forever(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings_file, "WRITE_AFTER_MS", 200)
    monkeypatch.setattr(settings_file, "WRITE_WITHIN_MS", 700)
    clock = Clock()  # the 700 ms are counted on it, so that a busy machine cannot reach them
    monkeypatch.setattr(settings_file, "time", clock)
    path = tmp_path / "settings.ini"
    settings = SettingsFile(path)
    for n in range(15):  # a change every 20 ms: never 200 ms of quiet
        settings.setValue("window/last_clients", f"client {n}")
        clock.now += 0.02
        qtbot.wait(20)
    assert not path.exists() or "client" not in path.read_text()  # still going: not yet
    for n in range(15, 40):
        settings.setValue("window/last_clients", f"client {n}")
        clock.now += 0.02
        qtbot.wait(20)
    assert "client" in path.read_text()  # written within 700 ms of the first change
