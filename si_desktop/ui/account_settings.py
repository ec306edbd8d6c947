"""The accounts' list kept in the app's QSettings: the registry's settings backend.

A module of its own so that the context, which builds the registry at start-up, does not
import the Account menu (and with it the main window's ring of modules)."""

from __future__ import annotations

from PySide6.QtCore import QSettings


class QSettingsBackend:
    """`accounts.SettingsBackend` over the app's QSettings."""

    def __init__(self, settings: QSettings) -> None:
        self._settings = settings

    def get(self, key: str) -> str:
        value = self._settings.value(key, "")
        return value if isinstance(value, str) else ""

    def set(self, key: str, value: str) -> None:
        self._settings.setValue(key, value)

    def remove(self, key: str) -> None:
        self._settings.remove(key)

    def groups(self, group: str) -> list[str]:
        self._settings.beginGroup(group)
        try:
            return [str(name) for name in self._settings.childGroups()]
        finally:
            self._settings.endGroup()

    def sync(self) -> None:
        self._settings.sync()
