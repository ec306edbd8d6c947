"""About: versions, the licences of what we ship, and diagnostics without keys."""

from __future__ import annotations

import platform

from PySide6.QtCore import qVersion
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from si_desktop import __version__
from si_desktop.sync.connection import Connection
from si_desktop.ui.about import AboutDialog, diagnostics, licences_text
from si_desktop.ui.context import AppContext
from tests.ui.fakes import FakeWorkspace

KEY = "sk_live_" + "0f" * 16


def test_about_shows_versions_and_licences(qtbot: QtBot, context: AppContext) -> None:
    dialog = AboutDialog(context)
    qtbot.addWidget(dialog)
    assert qVersion() in dialog.versions.text()
    assert platform.python_version() in dialog.versions.text()
    text = dialog.licences.toPlainText()
    assert text.startswith(f"si-desktop {__version__} — MIT")
    for line in ("Qt", "PySide6-Essentials", "httpx", "keyring", "LGPL-3.0"):
        assert line in text
    assert text == licences_text()
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in text  # the texts, not only the names


def test_copy_diagnostics_has_versions_and_paths_but_no_key(
    qtbot: QtBot, context: AppContext
) -> None:
    fake = FakeWorkspace([])
    fake.connection = Connection(
        base_url="https://api.example", api_key=KEY, account_id="acc_secretish"
    )
    context.workspace_factory = lambda connection: fake
    context.open_connection(fake.connection)
    dialog = AboutDialog(context)
    qtbot.addWidget(dialog)
    dialog.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert copied == diagnostics(context)
    assert __version__ in copied and qVersion() in copied
    assert str(context.data_dir) in copied
    assert KEY not in copied and "sk_" not in copied and "acc_secretish" not in copied
    assert dialog.copied.text()
