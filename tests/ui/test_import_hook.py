"""PySide6's import hook keeps no source lines, and still tells Qt modules from the rest."""

from __future__ import annotations

import linecache
import sys
from pathlib import Path

import pytest

from si_desktop.ui.import_hook import lighten_pyside_import_hook


def test_modules_imported_after_qt_leave_nothing_in_linecache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lighten_pyside_import_hook()
    lighten_pyside_import_hook()  # twice is once
    (tmp_path / "si_plain_module.py").write_text("VALUE = 1\n" + "# filler\n" * 2000)
    (tmp_path / "si_qt_module.py").write_text("from PySide6.QtCore import QObject\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("si_plain_module", "si_qt_module"):
        monkeypatch.delitem(sys.modules, name, raising=False)
        __import__(name)  # the statement's way: PySide6 hooks `builtins.__import__`
        assert str(tmp_path / f"{name}.py") not in linecache.cache
    feature = sys.modules["shibokensupport.feature"]
    decided = feature.pyside_feature_dict  # type: ignore[attr-defined]
    assert decided["si_plain_module"] == -1  # ignored by PySide6's feature switching
    assert decided["si_qt_module"] == 0
