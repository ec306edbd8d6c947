"""API keys live in the OS keychain (through `keyring`), never in a file the app writes.

One secret per server: the keychain entry is service `si-desktop`, user name the server's
base URL. The rest of an account (which server, which account id) is not secret and lives in
the app's settings.
"""

from __future__ import annotations

import keyring
from keyring.errors import KeyringError, PasswordDeleteError

SERVICE_NAME = "si-desktop"


class CredentialsError(Exception):
    """The keychain could not be reached or refused the operation."""


class Credentials:
    """Reads and writes API keys in the OS keychain under one service name."""

    def __init__(self, service: str = SERVICE_NAME) -> None:
        self.service = service

    @staticmethod
    def _user(base_url: str) -> str:
        return base_url.rstrip("/")

    def get_api_key(self, base_url: str) -> str | None:
        try:
            value = keyring.get_password(self.service, self._user(base_url))
        except KeyringError as error:
            raise CredentialsError(str(error)) from None
        return value or None

    def set_api_key(self, base_url: str, api_key: str) -> None:
        if not api_key:
            raise ValueError("an empty API key cannot be stored")
        try:
            keyring.set_password(self.service, self._user(base_url), api_key)
        except KeyringError as error:
            raise CredentialsError(str(error)) from None

    def delete_api_key(self, base_url: str) -> None:
        try:
            keyring.delete_password(self.service, self._user(base_url))
        except PasswordDeleteError:
            return
        except KeyringError as error:
            raise CredentialsError(str(error)) from None
