"""API keys live in the OS keychain (through `keyring`), never in a file the app writes.

One keychain entry per account: service `si-desktop`, user name the account's keychain name
(see `accounts.Account.keychain_user`). Everything else about an account is not secret and
lives in the app's settings.

Two things a keychain can do that the app must survive:
- hang: a locked keychain may wait for a password prompt forever. Every call runs on a daemon
  thread and gives up after `timeout` seconds with `KeychainTimeout`; the async variants never
  block the loop, so the window stays responsive.
- not exist: keyring's fail backend (a headless Linux session) or a plain-text backend. Then
  `secure` is false and a key is kept in this process's memory for the session only. There is
  no plain-text fallback.

`keyring` is imported by the first keychain call (on a worker thread), not with this module:
finding its backends takes a while, and a window opened with a key from the environment
never asks the keychain.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from si_desktop.logs import redact

SERVICE_NAME = "si-desktop"
DEFAULT_TIMEOUT = 10.0

T = TypeVar("T")


class CredentialsError(Exception):
    """The keychain could not be reached or refused the operation."""


class KeychainTimeout(CredentialsError):
    """The keychain did not answer in time (it may be locked and waiting for a password)."""

    def __init__(self, timeout: float) -> None:
        super().__init__(
            f"the system keychain did not answer within {timeout:g} seconds; it may be locked"
        )
        self.timeout = timeout


def backend_is_secure(backend: Any) -> bool:
    """Whether `backend` keeps secrets in a real OS keychain: not keyring's fail or null
    backend, not a chainer with nothing in it, not a plain-text file."""
    from keyring.backends import chainer, fail

    if isinstance(backend, fail.Keyring):
        return False
    if isinstance(backend, chainer.ChainerBackend):
        return any(backend_is_secure(inner) for inner in backend.backends)
    module = type(backend).__module__
    name = type(backend).__name__
    if module.startswith("keyring.backends.null"):
        return False
    return not (module.startswith("keyrings.alt") and ("Plaintext" in name or "file" in module))


def _run_with_timeout(function: Callable[[], T], timeout: float) -> T:
    """`function()` on a daemon thread; `KeychainTimeout` when it has not returned within
    `timeout` seconds (the thread is left behind: a daemon never blocks the app's exit)."""
    outcome: dict[str, Any] = {}
    done = threading.Event()

    def work() -> None:
        try:
            outcome["value"] = function()
        except BaseException as error:  # handed back to the caller below
            outcome["error"] = error
        finally:
            done.set()

    threading.Thread(target=work, name="si-desktop-keychain", daemon=True).start()
    if not done.wait(timeout):
        raise KeychainTimeout(timeout)
    if "error" in outcome:
        raise outcome["error"]
    result: T = outcome["value"]
    return result


class Credentials:
    """Reads and writes API keys in the OS keychain under one service name."""

    def __init__(self, service: str = SERVICE_NAME, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.service = service
        self.timeout = timeout
        self._session: dict[str, str] = {}  # only when there is no secure keychain
        self._lock = threading.Lock()

    @staticmethod
    def _user(user: str) -> str:
        return user.rstrip("/")

    @property
    def secure(self) -> bool:
        """Whether keys go to a real keychain (else they stay in memory for this session)."""
        import keyring

        return backend_is_secure(keyring.get_keyring())

    # blocking, with a timeout: for the command line and tests --------------------------------

    def get_api_key(self, user: str) -> str | None:
        return _run_with_timeout(lambda: self._get(user), self.timeout)

    def set_api_key(self, user: str, api_key: str) -> bool:
        """Store `api_key`; returns False when it could only be kept for this session."""
        if not api_key:
            raise ValueError("an empty API key cannot be stored")
        return _run_with_timeout(lambda: self._set(user, api_key), self.timeout)

    def delete_api_key(self, user: str) -> None:
        _run_with_timeout(lambda: self._delete(user), self.timeout)

    # async: for the window (run on the bridge's loop, never blocking it) ---------------------

    async def aget_api_key(self, user: str) -> str | None:
        return await self._off_thread(lambda: self._get(user))

    async def aset_api_key(self, user: str, api_key: str) -> bool:
        if not api_key:
            raise ValueError("an empty API key cannot be stored")
        return await self._off_thread(lambda: self._set(user, api_key))

    async def adelete_api_key(self, user: str) -> None:
        await self._off_thread(lambda: self._delete(user))

    async def _off_thread(self, function: Callable[[], T]) -> T:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()

        def work() -> None:
            try:
                value = function()
            except BaseException as error:
                settle: Callable[..., None] = _settle_error
                outcome: Any = error
            else:
                settle, outcome = _settle_value, value
            # the caller may have given up and its loop closed: then nobody is waiting
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(settle, future, outcome)

        threading.Thread(target=work, name="si-desktop-keychain", daemon=True).start()
        try:
            return await asyncio.wait_for(future, self.timeout)
        except TimeoutError:
            raise KeychainTimeout(self.timeout) from None

    # the keychain calls themselves (on a worker thread) --------------------------------------

    def _get(self, user: str) -> str | None:
        name = self._user(user)
        if not self.secure:
            with self._lock:
                return self._session.get(name)
        import keyring
        from keyring.errors import KeyringError

        try:
            value = keyring.get_password(self.service, name)
        except KeyringError as error:
            raise CredentialsError(redact(str(error))) from None
        return value or None

    def _set(self, user: str, api_key: str) -> bool:
        name = self._user(user)
        if not self.secure:
            with self._lock:
                self._session[name] = api_key
            return False
        import keyring
        from keyring.errors import KeyringError

        try:
            keyring.set_password(self.service, name, api_key)
        except KeyringError as error:
            raise CredentialsError(redact(str(error))) from None
        return True

    def _delete(self, user: str) -> None:
        name = self._user(user)
        with self._lock:
            self._session.pop(name, None)
        if not self.secure:
            return
        import keyring
        from keyring.errors import KeyringError, PasswordDeleteError

        try:
            keyring.delete_password(self.service, name)
        except PasswordDeleteError:
            return
        except KeyringError as error:
            raise CredentialsError(redact(str(error))) from None


def _settle_value(future: asyncio.Future[Any], value: Any) -> None:
    if not future.done():
        future.set_result(value)


def _settle_error(future: asyncio.Future[Any], error: BaseException) -> None:
    if not future.done():
        future.set_exception(error)
