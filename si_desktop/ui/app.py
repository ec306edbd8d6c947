"""The Qt application. For now a plain window that says what si-desktop is and what is
coming; the client switcher and pages arrive with their own issue."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow


def tr(text: str) -> str:
    return QCoreApplication.translate("App", text)


def run_app(*, data_dir: Path, demo: bool) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    window = QMainWindow()
    window.setWindowTitle(tr("si-desktop"))
    label = QLabel(
        tr(
            "si-desktop is being built. This window does not yet show clients.\n"
            "Data folder: {folder}"
        ).replace("{folder}", str(data_dir))
    )
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    window.setCentralWidget(label)
    window.resize(800, 500)
    window.show()
    return app.exec()
