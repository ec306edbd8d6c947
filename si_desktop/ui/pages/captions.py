"""The pages' tab captions, kept apart from the pages: the window shows every tab's caption
at once but imports a page's module only when its page is first built (an editor's when its
tab is first shown, the chosen tab's once the client list is on screen)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def tr(text: str) -> str:
    return QCoreApplication.translate("Editors", text)


def documents() -> str:
    return QCoreApplication.translate("Documents", "Documents")


def overview() -> str:
    return tr("Overview")


def business_units() -> str:
    return tr("Business units")


def number_formats() -> str:
    return tr("Number formats")


def branding() -> str:
    return tr("Branding")


def email_defaults() -> str:
    return tr("E-mail defaults")


def access() -> str:
    return tr("Access")
