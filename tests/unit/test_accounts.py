"""The account registry (no Qt): key shapes, server addresses, names, and the INI the
command line reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from si_desktop.accounts import (
    ACCOUNT_KEY,
    ENTITY_KEY,
    AccountRegistry,
    KeyInfo,
    KeyProblem,
    check_base_url,
    check_key,
    check_name,
    clean_key,
    registry_for_data_dir,
)
from si_desktop.store import Scope

KEY = "sk_sandbox_" + "ab12" * 8


class DictBackend:
    def __init__(self) -> None:
        self.values: dict[str, str] = {}

    def get(self, key: str) -> str:
        return self.values.get(key, "")

    def set(self, key: str, value: str) -> None:
        self.values[key] = value

    def remove(self, key: str) -> None:
        for name in [k for k in self.values if k == key or k.startswith(key + "/")]:
            del self.values[name]

    def groups(self, group: str) -> list[str]:
        return sorted({k.split("/")[1] for k in self.values
                       if k.startswith(group + "/") and k.count("/") >= 2})

    def sync(self) -> None:
        pass


@pytest.mark.parametrize(
    ("text", "key"),
    [
        (f"  {KEY}\n", KEY),
        (f"Bearer {KEY}", KEY),
        (f'"{KEY}"', KEY),
        (f"\ufeff{KEY}\u00a0", KEY),
    ],
)
def test_pasted_keys_are_trimmed(text: str, key: str) -> None:
    assert clean_key(text) == key


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("sk_live_0123456789", KeyInfo(ACCOUNT_KEY, "live")),
        ("sk_sandbox_0123456789", KeyInfo(ACCOUNT_KEY, "sandbox")),
        ("ek_live_0123456789", KeyInfo(ENTITY_KEY, "live")),
        ("ek_sandbox_0123456789", KeyInfo(ENTITY_KEY, "sandbox")),
        ("", KeyProblem.EMPTY),
        ("pk_live_0123456789", KeyProblem.PREFIX),
        ("sk_prod_0123456789", KeyProblem.ENVIRONMENT),
        ("sk_live_", KeyProblem.SHORT),
        ("sk_live_0123 456789", KeyProblem.SPACES),
    ],
)
def test_the_prefix_says_kind_and_environment(key: str, expected: object) -> None:
    assert check_key(key) == expected


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://eu.spaceinvoices.com", True),
        ("http://127.0.0.1:8000", True),
        ("http://localhost:8000", True),
        ("http://[::1]:8000", True),
        ("http://example.com", False),
        ("http://127.0.0.1.evil.example", False),
        ("http://localhost.evil.example", False),
        ("https://user:pw@eu.spaceinvoices.com", False),
        ("ftp://eu.spaceinvoices.com", False),
        ("eu.spaceinvoices.com", False),
    ],
)
def test_https_except_loopback(url: str, ok: bool) -> None:
    assert (check_base_url(url) is None) is ok


def test_names_that_look_like_keys_are_refused() -> None:
    assert check_name("Firm") is None
    assert check_name(" ") is not None
    assert check_name("x" * 81) is not None
    assert check_name(f"mine {KEY}") is not None


def test_registry_records_everything_but_the_key() -> None:
    backend = DictBackend()
    registry = AccountRegistry(backend)
    account = registry.add(name="", base_url="https://eu.spaceinvoices.com/", api_key=KEY)
    assert account.name == "Sandbox account" and account.is_sandbox
    assert account.base_url == "https://eu.spaceinvoices.com"
    assert account.scope == Scope.for_api_key(KEY, base_url="https://eu.spaceinvoices.com")
    assert KEY not in repr(account)
    assert all(KEY not in value and "ab12ab12" not in value for value in backend.values.values())
    second = registry.add(name="", base_url="https://eu.spaceinvoices.com", api_key=KEY)
    assert second.name == "Sandbox account 2" and second.id != account.id
    assert second.keychain_user != account.keychain_user  # one keychain entry per account
    registry.set_current(second)
    assert registry.current() == second
    assert registry.rename(second, "Firm sandbox").name == "Firm sandbox"
    with pytest.raises(ValueError, match="API key"):
        registry.rename(second, KEY)
    registry.remove(second)
    assert registry.current() is None
    assert [a.id for a in registry.accounts()] == [account.id]
    with pytest.raises(ValueError, match="sk_"):
        registry.add(name="", base_url="https://x.example", api_key="pk_live_0123456789")


def test_the_command_line_reads_what_qsettings_wrote(data_dir: Path) -> None:
    from PySide6.QtCore import QSettings

    from si_desktop.ui.account_settings import QSettingsBackend

    data_dir.mkdir(parents=True, exist_ok=True)
    settings = QSettings(str(data_dir / "settings.ini"), QSettings.Format.IniFormat)
    written = AccountRegistry(QSettingsBackend(settings))
    one = written.add(name="Firm, \"live\" = ours", base_url="https://eu.spaceinvoices.com",
                      api_key="sk_live_0123456789abcdef", account_id="acc_" + "ab" * 12)
    two = written.add(name="Šuštar sandbox", base_url="http://127.0.0.1:8123", api_key=KEY)
    written.set_current(two)
    settings.sync()
    read = registry_for_data_dir(data_dir)
    assert read.current() == two
    assert read.get(one.id) is not None
    assert read.get(one.id).base_url == one.base_url  # type: ignore[union-attr]
    assert read.get(one.id).account_id == one.account_id  # type: ignore[union-attr]
    assert {a.id for a in read.accounts()} == {one.id, two.id}
