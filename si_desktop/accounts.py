"""Accounts: which Space Invoices keys the app knows, without ever holding one in a file.

An account is a name, a server, an optional account id, the environment and kind its key
declares (`sk_live_…`, `ek_sandbox_…`), and a fingerprint of the key (the cache scope). Those
are not secret and live in the app's settings (`settings.ini` in the data folder); the key
itself lives in the keychain under `Account.keychain_user`, one entry per account.

No Qt here: the registry talks to a `SettingsBackend` (QSettings in the window, a read-only INI
reader for the command line).
"""

from __future__ import annotations

import configparser
import enum
import ipaddress
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from si_desktop.logs import redact
from si_desktop.store.scopes import Scope

LIVE = "live"
SANDBOX = "sandbox"
ENVIRONMENTS = (LIVE, SANDBOX)
ACCOUNT_KEY = "account"  # sk_: all the entities of an account
ENTITY_KEY = "entity"  # ek_: one entity
MAX_NAME = 80
GROUP = "accounts"
SETTINGS_FILE = "settings.ini"

# characters a paste from a web page or a password manager may carry around a key
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00a0"


# --- keys -------------------------------------------------------------------------------------


class KeyProblem(enum.Enum):
    EMPTY = "empty"
    SPACES = "spaces"  # whitespace inside the key
    PREFIX = "prefix"  # neither sk_ nor ek_
    ENVIRONMENT = "environment"  # sk_/ek_ but not live_/sandbox_
    SHORT = "short"  # nothing (or almost nothing) after the prefix


@dataclass(frozen=True)
class KeyInfo:
    kind: str  # ACCOUNT_KEY or ENTITY_KEY
    environment: str  # LIVE or SANDBOX


KEY_PROBLEM_TEXT = {
    KeyProblem.EMPTY: "Paste the API key.",
    KeyProblem.SPACES: "An API key has no spaces in it; paste it again.",
    KeyProblem.PREFIX: "A Space Invoices API key starts with sk_ (account key) or ek_ "
    "(entity key).",
    KeyProblem.ENVIRONMENT: "After sk_ or ek_ a key says its environment: sk_live_…, "
    "sk_sandbox_…, ek_live_… or ek_sandbox_….",
    KeyProblem.SHORT: "The key looks cut off; copy it again in full.",
}


def clean_key(text: str) -> str:
    """A pasted key without the whitespace, invisible characters and "Bearer " around it."""
    key = text.strip().strip(_INVISIBLE).strip()
    if key.lower().startswith("bearer "):
        key = key[7:].strip()
    return key.strip("'\"`").strip()


def check_key(key: str) -> KeyInfo | KeyProblem:
    """The kind and environment a (cleaned) key declares, or what is wrong with it."""
    if not key:
        return KeyProblem.EMPTY
    if any(ch.isspace() or ch in _INVISIBLE for ch in key):
        return KeyProblem.SPACES
    head, _, rest = key.partition("_")
    if head not in ("sk", "ek") or not rest:
        return KeyProblem.PREFIX
    environment, _, body = rest.partition("_")
    if environment not in ENVIRONMENTS:
        return KeyProblem.ENVIRONMENT
    if len(body) < 8:
        return KeyProblem.SHORT
    return KeyInfo(ACCOUNT_KEY if head == "sk" else ENTITY_KEY, environment)


def fingerprint(api_key: str, base_url: str) -> str:
    """The account part of the key's cache scope: a hash, never the key."""
    return Scope.for_api_key(api_key, base_url=base_url, environment=LIVE).account


def looks_secret(text: str) -> bool:
    """Whether `text` holds something shaped like a key (refused as an account name)."""
    return redact(text) != text


# --- servers ----------------------------------------------------------------------------------


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_base_url(url: str) -> str | None:
    """None when `url` may carry a key: https anywhere, plain http only to this machine.
    Otherwise one sentence saying why not."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        _ = parts.port  # a malformed port raises here
    except ValueError:
        return "The server address is not a valid URL."
    if parts.scheme not in ("http", "https") or not host:
        return "The server address must start with https://."
    if parts.username or parts.password or parts.query or parts.fragment:
        return "The server address must not hold a user name, password, query or fragment."
    if parts.scheme == "http" and not is_loopback(host):
        return "The server address must start with https://; plain http is allowed only to " \
            "this computer (localhost)."
    return None


def normalize_base_url(url: str) -> str:
    return url.strip().rstrip("/")


# --- accounts ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Account:
    """One account the app knows. Holds no key (and its repr could not show one)."""

    id: str  # local, random; names the keychain entry and the per-account preferences
    name: str
    base_url: str
    environment: str
    key_kind: str = ACCOUNT_KEY
    account_id: str | None = None
    fingerprint: str = ""

    @property
    def keychain_user(self) -> str:
        return f"{self.base_url}#{self.id}"

    @property
    def is_sandbox(self) -> bool:
        return self.environment == SANDBOX

    @property
    def scope(self) -> Scope | None:
        """The account's cache scope (None before a key was ever seen)."""
        return Scope(self.fingerprint, self.environment) if self.fingerprint else None

    @property
    def host(self) -> str:
        parts = urlsplit(self.base_url)
        return parts.netloc or self.base_url


def default_name(base_url: str, info: KeyInfo, taken: Iterable[str] = ()) -> str:
    """"Sandbox account", "Live account (eu.example.com)", "Live account 2" …"""
    base = "Sandbox account" if info.environment == SANDBOX else "Live account"
    if info.kind == ENTITY_KEY:
        base = "Sandbox client key" if info.environment == SANDBOX else "Live client key"
    host = urlsplit(base_url).netloc
    from si_desktop.core.service import DEFAULT_BASE_URL

    if base_url != DEFAULT_BASE_URL and host:
        base = f"{base} ({host})"
    used = {name.casefold() for name in taken}
    name, number = base, 2
    while name.casefold() in used:
        name = f"{base} {number}"
        number += 1
    return name


def check_name(name: str) -> str | None:
    """None for a usable account name, else one sentence."""
    if not name.strip():
        return "An account needs a name."
    if len(name) > MAX_NAME:
        return f"An account name has at most {MAX_NAME} characters."
    if looks_secret(name):
        return "That looks like an API key; an account name is shown in the window title, " \
            "so choose another."
    return None


class SettingsBackend(Protocol):
    """The little of QSettings the registry needs."""

    def get(self, key: str) -> str: ...

    def set(self, key: str, value: str) -> None: ...

    def remove(self, key: str) -> None: ...

    def groups(self, group: str) -> list[str]: ...

    def sync(self) -> None: ...


_FIELDS = ("name", "base_url", "environment", "key_kind", "account_id", "fingerprint")


class AccountRegistry:
    """The accounts in the settings, and which one is open."""

    def __init__(self, backend: SettingsBackend) -> None:
        self._backend = backend

    def accounts(self) -> list[Account]:
        found = [self.get(account_id) for account_id in self._backend.groups(GROUP)]
        accounts = [a for a in found if a is not None]
        return sorted(accounts, key=lambda a: (a.name.casefold(), a.id))

    def get(self, account_id: str) -> Account | None:
        if not account_id or not account_id.isalnum():
            return None
        values = {f: self._backend.get(f"{GROUP}/{account_id}/{f}") for f in _FIELDS}
        if not values["base_url"] or values["environment"] not in ENVIRONMENTS:
            return None
        return Account(
            id=account_id,
            name=values["name"] or values["base_url"],
            base_url=values["base_url"],
            environment=values["environment"],
            key_kind=values["key_kind"] or ACCOUNT_KEY,
            account_id=values["account_id"] or None,
            fingerprint=values["fingerprint"],
        )

    def build(
        self,
        *,
        name: str,
        base_url: str,
        api_key: str,
        account_id: str | None = None,
    ) -> Account:
        """A new account for `api_key` (read for its prefix and fingerprint, never stored);
        `save` records it once its key is in the keychain."""
        info = check_key(api_key)
        if isinstance(info, KeyProblem):
            raise ValueError(KEY_PROBLEM_TEXT[info])
        base_url = normalize_base_url(base_url)
        return Account(
            id=secrets.token_hex(8),
            name=name.strip() or default_name(base_url, info, (a.name for a in self.accounts())),
            base_url=base_url,
            environment=info.environment,
            key_kind=info.kind,
            account_id=account_id or None,
            fingerprint=fingerprint(api_key, base_url),
        )

    def add(
        self, *, name: str, base_url: str, api_key: str, account_id: str | None = None
    ) -> Account:
        account = self.build(name=name, base_url=base_url, api_key=api_key,
                             account_id=account_id)
        self.save(account)
        return account

    def save(self, account: Account) -> None:
        problem = check_name(account.name)
        if problem:
            raise ValueError(problem)
        self._write(account)

    def update_key(self, account: Account, api_key: str) -> Account:
        """The account with a new key's environment, kind and fingerprint."""
        info = check_key(api_key)
        if isinstance(info, KeyProblem):
            raise ValueError(KEY_PROBLEM_TEXT[info])
        updated = replace(
            account,
            environment=info.environment,
            key_kind=info.kind,
            fingerprint=fingerprint(api_key, account.base_url),
        )
        self._write(updated)
        return updated

    def rename(self, account: Account, name: str) -> Account:
        problem = check_name(name)
        if problem:
            raise ValueError(problem)
        renamed = replace(account, name=name.strip())
        self._write(renamed)
        return renamed

    def remove(self, account: Account) -> None:
        self._backend.remove(f"{GROUP}/{account.id}")
        if self.current_id() == account.id:
            self._backend.remove(f"{GROUP}/current")
            self._backend.remove("account")
        self._backend.sync()

    def current_id(self) -> str:
        return self._backend.get(f"{GROUP}/current")

    def current(self) -> Account | None:
        return self.get(self.current_id())

    def set_current(self, account: Account | None) -> None:
        if account is None:
            self._backend.remove(f"{GROUP}/current")
            self._backend.remove("account")
        else:
            self._backend.set(f"{GROUP}/current", account.id)
            # where `si-desktop sync` looks for the server when no account is named
            self._backend.set("account/base_url", account.base_url)
            self._backend.set("account/account_id", account.account_id or "")
        self._backend.sync()

    def legacy(self) -> tuple[str, str | None] | None:
        """The single account of an earlier release (server, account id), whose key sits in
        the keychain under the server's address, while no account has been recorded yet."""
        if self._backend.groups(GROUP):
            return None
        base_url = self._backend.get("account/base_url")
        if not base_url:
            return None
        return base_url, self._backend.get("account/account_id") or None

    def _write(self, account: Account) -> None:
        prefix = f"{GROUP}/{account.id}/"
        for field in _FIELDS:
            value = getattr(account, field)
            self._backend.set(prefix + field, value or "")
        self._backend.sync()


class IniBackend:
    """Read-only view of the app's `settings.ini` (QSettings' INI format) for the command
    line, which does not load Qt. Values the registry reads are plain ASCII."""

    def __init__(self, path: Path) -> None:
        self._parser = configparser.RawConfigParser(strict=False, interpolation=None)
        self._parser.optionxform = str  # type: ignore[assignment,method-assign]
        try:
            self._parser.read(path, encoding="utf-8")
        except (configparser.Error, OSError, UnicodeDecodeError):
            self._parser = configparser.RawConfigParser()

    @staticmethod
    def _split(key: str) -> tuple[str, str]:
        section, _, rest = key.partition("/")
        if not rest:
            return "General", section
        return section, rest.replace("/", "\\")

    def get(self, key: str) -> str:
        section, option = self._split(key)
        raw = self._parser.get(section, option, fallback="") or ""
        raw = raw.strip()
        if len(raw) >= 2 and raw[0] == raw[-1] == '"':
            raw = raw[1:-1].replace('\\"', '"').replace("\\\\", "\\")
        return raw

    def set(self, key: str, value: str) -> None:
        raise NotImplementedError("the command line does not change accounts")

    def remove(self, key: str) -> None:
        raise NotImplementedError("the command line does not change accounts")

    def groups(self, group: str) -> list[str]:
        if not self._parser.has_section(group):
            return []
        names = {option.split("\\", 1)[0] for option in self._parser.options(group)}
        return sorted(n for n in names if "\\" not in n and n != "current" and n.isalnum())

    def sync(self) -> None:
        return None


def registry_for_data_dir(data_dir: Path) -> AccountRegistry:
    """The accounts as the command line sees them (read-only)."""
    return AccountRegistry(IniBackend(data_dir / SETTINGS_FILE))
