"""The editors' tab captions, kept apart from the editors: the window shows every tab's
caption at once but imports an editor only when its tab is first shown."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def tr(text: str) -> str:
    return QCoreApplication.translate("Editors", text)


def number_formats() -> str:
    return tr("Number formats")


def branding() -> str:
    return tr("Branding")


def email_defaults() -> str:
    return tr("E-mail defaults")
