"""About si-desktop: version, Qt and Python, the licences of everything it ships (with their
texts), and a "Copy diagnostics" button for support (versions and paths, never a key)."""

from __future__ import annotations

import platform
import sys

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QCoreApplication, QLibraryInfo, Qt, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from si_desktop import __version__
from si_desktop.logs import log_folder
from si_desktop.notices import read_notices
from si_desktop.ui.context import AppContext
from si_desktop.ui.icons import icon
from si_desktop.ui.widgets import plain_label, quiet_label


def tr(text: str) -> str:
    return QCoreApplication.translate("About", text)


def licences_text() -> str:
    """si-desktop's licence, every shipped distribution's and their texts (made from the
    installed packages, or the notices file a bundle's build wrote: si_desktop/notices.py)."""
    return read_notices()


def diagnostics(context: AppContext) -> str:
    """What support needs to know: versions, platform and paths. No key, no account id,
    no client data."""
    from si_desktop.resources import ResourceNotFoundError, resource_root

    try:
        resources = str(resource_root())
    except ResourceNotFoundError as error:
        resources = str(error)
    app = QGuiApplication.instance()
    platform_name = QGuiApplication.platformName() if app is not None else ""
    theme = context.theme
    translations = context.translations
    lines = [
        f"si-desktop {__version__}",
        f"Python {platform.python_version()} ({sys.executable})",
        f"Qt {qVersion()}, PySide6 {pyside_version}, platform {platform_name}",
        f"OS {platform.platform()}",
        f"Frozen bundle: {'yes' if getattr(sys, 'frozen', False) else 'no'}",
        f"Data folder: {context.data_dir}",
        f"Log folder: {log_folder(context.data_dir)}",
        f"Resources: {resources}",
        f"Qt translations: {QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)}",
        f"Language: {getattr(translations, 'language', 'en')}",
        f"Colour scheme: {getattr(getattr(theme, 'scheme', None), 'value', 'default')}",
        "Workspace: " + (
            "demo" if context.is_demo else "account" if context.has_workspace else "none"
        ),
    ]
    return "\n".join(lines)


class AboutDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("aboutDialog")
        self.setWindowTitle(tr("About si-desktop"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        logo = QLabel(self)
        logo.setPixmap(icon("app").pixmap(64, 64))
        logo.setAccessibleName(tr("si-desktop logo"))
        layout.addWidget(logo, 0, Qt.AlignmentFlag.AlignHCenter)
        title = plain_label(f"si-desktop {__version__}", self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(
            plain_label(
                tr("Invoicing set-up for many client businesses on Space Invoices."), self
            ),
            0,
            Qt.AlignmentFlag.AlignHCenter,
        )
        self.versions = quiet_label(
            tr("Qt %1, PySide6 %2, Python %3")
            .replace("%1", qVersion())
            .replace("%2", pyside_version)
            .replace("%3", platform.python_version()),
            self,
        )
        self.versions.setObjectName("aboutVersions")
        layout.addWidget(self.versions, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(plain_label(tr("Licences of what si-desktop ships:"), self))
        self.licences = QPlainTextEdit(licences_text(), self)
        self.licences.setObjectName("aboutLicences")
        self.licences.setReadOnly(True)
        self.licences.setAccessibleName(tr("Licences"))
        self.licences.setTabChangesFocus(True)
        self.licences.setMinimumHeight(160)
        layout.addWidget(self.licences)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = QPushButton(tr("&Copy diagnostics"), self)
        self.copy_button.setObjectName("copyDiagnostics")
        self.copy_button.setAccessibleName(tr("Copy diagnostics"))
        self.copy_button.setToolTip(
            tr("Versions and folders for a support request; no keys or client data.")
        )
        self.copy_button.clicked.connect(self.copy_diagnostics)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName(tr("Close"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.copied = quiet_label("", self)
        layout.addWidget(self.copied)

    def copy_diagnostics(self) -> None:
        QGuiApplication.clipboard().setText(diagnostics(self.context))
        self.copied.setText(tr("Diagnostics copied to the clipboard."))
