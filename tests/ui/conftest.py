"""Fixtures for the pytest-qt tests: one context per test, torn down with its bridge thread."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QSettings
from pytestqt.qtbot import QtBot

from si_desktop.datadir import ensure_private_dir
from si_desktop.ui.context import AppContext


@pytest.fixture
def context(qtbot: QtBot, data_dir: Path) -> Iterator[AppContext]:
    folder = ensure_private_dir(data_dir)
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    ctx = AppContext(data_dir=folder, settings=settings, collation_locale=QLocale("sl_SI"))
    try:
        yield ctx
    finally:
        ctx.close()
        ctx.deleteLater()
