"""The Qt binding must not lose references to None: PySide6 6.12.0 under Python 3.11 did,
and the interpreter aborted after a few thousand void calls (pyproject excludes it)."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_void_qt_calls_keep_none_alive() -> None:
    script = textwrap.dedent(
        """
        import sys
        from PySide6.QtWidgets import QApplication, QLabel
        app = QApplication([])
        label = QLabel()
        before = sys.getrefcount(None)
        for _ in range(20000):
            label.setText("x")
        print(before - sys.getrefcount(None))
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    assert abs(int(result.stdout.strip())) < 1000
