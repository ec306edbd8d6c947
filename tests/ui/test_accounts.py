"""Accounts side by side: the Connect dialog (masked key, trimming, prefix check, keychain
only), switching from the Account menu with the sandbox marked, rename, remove with counts,
a keychain that hangs, no keychain at all, and the move from the one-account settings."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import QLocale, QSettings
from pytestqt.qtbot import QtBot

from si_desktop.accounts import Account
from si_desktop.credentials import Credentials
from si_desktop.datadir import ensure_private_dir
from si_desktop.store import Store
from si_desktop.sync.connection import Connection
from si_desktop.sync.local_cache import LocalCache
from si_desktop.ui import main_window as mw
from si_desktop.ui.connect import ConnectDialog
from si_desktop.ui.context import AppContext
from si_desktop.ui.main_window import MainWindow
from si_desktop.ui.pages.overview import OverviewPage
from si_desktop.ui.pages.units import BusinessUnitsPage
from tests.memory_keyring import MemoryKeyring
from tests.ui.fakes import FakeWorkspace, make_entity

LIVE_KEY = "sk_live_" + "1a2b3c4d" * 4
SANDBOX_KEY = "sk_sandbox_" + "9f8e7d6c" * 4
URL = "https://eu.spaceinvoices.com"
PAGES = [OverviewPage, BusinessUnitsPage]


class AccountFake(FakeWorkspace):
    """A fake workspace on a real (non-demo) connection."""

    def __init__(self, connection: Connection) -> None:
        prefix = "Sandbox" if "sandbox" in connection.api_key else "Live"
        super().__init__([make_entity(i, f"{prefix} client {i}") for i in range(1, 4)])
        self.connection = connection


@pytest.fixture
def ctx(qtbot: QtBot, data_dir: Path) -> Iterator[AppContext]:
    folder = ensure_private_dir(data_dir)
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    context = AppContext(
        data_dir=folder,
        settings=settings,
        collation_locale=QLocale("sl_SI"),
        workspace_factory=AccountFake,
    )
    yield context
    context.close()
    context.deleteLater()


@pytest.fixture
def window(qtbot: QtBot, ctx: AppContext) -> Iterator[MainWindow]:
    win = MainWindow(ctx, PAGES)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.ask_unsaved = lambda: mw.DISCARD  # type: ignore[method-assign]


def _add(ctx: AppContext, name: str, key: str) -> Account:
    account = ctx.accounts.add(name=name, base_url=URL, api_key=key)
    Credentials().set_api_key(account.keychain_user, key)
    return account


def _settings_text(ctx: AppContext) -> str:
    ctx.settings.sync()
    return Path(ctx.settings.fileName()).read_text(encoding="utf-8")


# the Connect dialog -----------------------------------------------------------------------


def test_key_field_is_masked_with_a_show_toggle_and_pastes_are_trimmed(
    qtbot: QtBot, ctx: AppContext
) -> None:
    dialog = ConnectDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.key_edit.echoMode() == dialog.key_edit.EchoMode.Password
    dialog.show_key.click()
    assert dialog.key_edit.echoMode() == dialog.key_edit.EchoMode.Normal
    dialog.show_key.click()
    assert dialog.key_edit.echoMode() == dialog.key_edit.EchoMode.Password
    dialog.key_edit.setText(f"  Bearer {LIVE_KEY}\n")
    assert dialog.key_edit.text() == LIVE_KEY
    dialog.key_edit.setText(f"\u200b{SANDBOX_KEY}\t")
    assert dialog.key_edit.text() == SANDBOX_KEY
    assert "SANDBOX" in dialog.key_status.text()


@pytest.mark.parametrize(
    ("key", "says"),
    [
        ("pk_live_0123456789abcdef", "starts with sk_"),
        ("sk_test_0123456789abcdef", "sk_sandbox_"),
        ("sk_live_12", "cut off"),
        ("sk_live_0123 456789abcdef", "no spaces"),
    ],
)
def test_a_key_of_the_wrong_shape_is_explained_and_cannot_be_tested(
    qtbot: QtBot, ctx: AppContext, key: str, says: str
) -> None:
    dialog = ConnectDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.key_edit.setText(key)
    assert says in dialog.key_problem.text()
    assert dialog.key_problem.isVisible()
    assert not dialog.test_button.isEnabled()
    assert key not in dialog.key_problem.text()


def test_saving_puts_the_key_in_one_keychain_entry_and_nothing_in_the_settings(
    qtbot: QtBot, ctx: AppContext, memory_keyring: MemoryKeyring
) -> None:
    dialog = ConnectDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.key_edit.setText(SANDBOX_KEY)
    dialog.name_edit.setText("Firm — sandbox")
    dialog.test_button.click()
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=3000)
    assert dialog.result_label.text().startswith("Connected. First client: Sandbox client")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.account is not None, timeout=3000)
    account = dialog.account
    assert account is not None
    assert account.environment == "sandbox" and account.name == "Firm — sandbox"
    assert memory_keyring.secrets == {("si-desktop", account.keychain_user): SANDBOX_KEY}
    assert dialog.key_edit.text() == ""  # the widget lets go of the key
    text = _settings_text(ctx)
    assert SANDBOX_KEY not in text and "9f8e7d6c" not in text
    assert ctx.accounts.current() == account
    assert account.fingerprint.startswith("fp_") and account.fingerprint in text


# switching, marking, renaming -------------------------------------------------------------


def test_accounts_side_by_side_with_the_sandbox_unmissable(
    qtbot: QtBot, window: MainWindow, ctx: AppContext
) -> None:
    live = _add(ctx, "Firm", LIVE_KEY)
    sandbox = _add(ctx, "Firm sandbox", SANDBOX_KEY)
    window.accounts_ui.rebuild_menu()
    labels = [a.text() for a in window.accounts_ui.group.actions()]
    assert labels == ["Firm — Live", "Firm sandbox — Sandbox"]

    window.accounts_ui.group.actions()[1].trigger()
    qtbot.waitUntil(lambda: ctx.account == sandbox and ctx.has_workspace, timeout=3000)
    qtbot.waitUntil(lambda: bool(ctx.current_client_id), timeout=3000)
    assert window.environment_band.isVisible()
    assert "SANDBOX" in window.environment_band.text()
    assert window.windowTitle().startswith("[SANDBOX]")
    assert "Sandbox" in window.account_badge.text()
    assert window.connection_label.text().endswith("Sandbox")
    sandbox_client = make_entity(2)["id"]
    window.request_client(sandbox_client)
    qtbot.waitUntil(lambda: ctx.current_client_id == sandbox_client, timeout=3000)

    window.accounts_ui.open_account(live)
    qtbot.waitUntil(lambda: ctx.account == live, timeout=3000)
    qtbot.waitUntil(lambda: bool(ctx.current_client_id), timeout=3000)
    assert not window.environment_band.isVisible()
    assert "SANDBOX" not in window.windowTitle()
    assert window.account_badge.text() == "Live · Firm"
    assert ctx.workspace.connection.api_key == LIVE_KEY

    window.accounts_ui.open_account(sandbox)  # each account keeps its own last client
    qtbot.waitUntil(lambda: ctx.account == sandbox, timeout=3000)
    assert ctx.current_client_id == sandbox_client
    for key in (LIVE_KEY, SANDBOX_KEY):
        assert key not in window.windowTitle()
        assert key not in _settings_text(ctx)


def test_rename_and_a_name_that_looks_like_a_key_is_refused(
    qtbot: QtBot, window: MainWindow, ctx: AppContext
) -> None:
    live = _add(ctx, "Firm", LIVE_KEY)
    window.accounts_ui.open_account(live)
    qtbot.waitUntil(lambda: ctx.account == live, timeout=3000)
    window.accounts_ui.ask_name = lambda account: "Firm (live)"  # type: ignore[method-assign]
    window.accounts_ui.rename_action.trigger()
    assert ctx.accounts.get(live.id).name == "Firm (live)"  # type: ignore[union-attr]
    assert "Firm (live)" in window.windowTitle()
    window.accounts_ui.ask_name = lambda account: LIVE_KEY  # type: ignore[method-assign]
    window.accounts_ui.rename_action.trigger()
    assert "looks like an API key" in window.banner.message
    assert ctx.accounts.get(live.id).name == "Firm (live)"  # type: ignore[union-attr]
    assert LIVE_KEY not in window.banner.message


# removing ---------------------------------------------------------------------------------


@pytest.mark.parametrize("store_open", [True, False], ids=["open cache", "cache file"])
def test_removing_asks_with_counts_then_deletes_key_and_cache(
    qtbot: QtBot, window: MainWindow, ctx: AppContext, memory_keyring: MemoryKeyring,
    store_open: bool,
) -> None:
    store = Store.open_in(ctx.data_dir)
    if store_open:
        ctx.local_cache = LocalCache(ctx.data_dir, store)
    try:
        sandbox = _add(ctx, "Firm sandbox", SANDBOX_KEY)
        live = _add(ctx, "Firm", LIVE_KEY)
        assert sandbox.scope is not None and live.scope is not None
        store.entities.upsert(sandbox.scope, [make_entity(i) for i in range(1, 4)])
        store.entities.upsert(live.scope, [make_entity(9)])
        window.accounts_ui.open_account(sandbox)
        qtbot.waitUntil(lambda: ctx.account == sandbox, timeout=3000)

        asked: list[str] = []
        window.accounts_ui.confirm_removal = (  # type: ignore[method-assign]
            lambda text: asked.append(text) is not None
        )
        window.accounts_ui.remove_action.trigger()
        qtbot.waitUntil(lambda: bool(asked), timeout=3000)
        assert "3 clients" in asked[0] and "Firm sandbox" in asked[0]
        assert ctx.accounts.get(sandbox.id) is not None  # refused: nothing happened

        window.accounts_ui.confirm_removal = lambda text: True  # type: ignore[method-assign]
        window.accounts_ui.remove_action.trigger()
        qtbot.waitUntil(lambda: ctx.accounts.get(sandbox.id) is None, timeout=3000)
        assert ("si-desktop", sandbox.keychain_user) not in memory_keyring.secrets
        assert ("si-desktop", live.keychain_user) in memory_keyring.secrets
        assert store.scopes.counts(sandbox.scope).entities == 0
        assert store.scopes.counts(live.scope).entities == 1
        assert not ctx.has_workspace and ctx.account is None
        assert window.stack.currentWidget() is window.welcome
        assert not window.environment_band.isVisible()
        assert [a.name for a in ctx.accounts.accounts()] == ["Firm"]
    finally:
        store.close()


# keychains that hang or do not exist ------------------------------------------------------


class HangingKeyring(MemoryKeyring):
    """A locked keychain waiting for a password that never comes."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def get_password(self, service: str, username: str) -> str | None:
        self.release.wait(30)
        return super().get_password(service, username)


def test_a_keychain_that_hangs_times_out_with_a_clear_message(
    qtbot: QtBot, window: MainWindow, ctx: AppContext
) -> None:
    live = ctx.accounts.add(name="Firm", base_url=URL, api_key=LIVE_KEY)
    hanging = HangingKeyring()
    keyring.set_keyring(hanging)
    ctx.credentials.timeout = 0.3
    try:
        window.accounts_ui.open_account(live)  # returns at once: the GUI thread never waits
        assert window.isVisible()
        qtbot.waitUntil(lambda: "did not answer" in window.banner.message, timeout=3000)
        assert "0.3 seconds" in window.banner.message
        assert "locked" in window.banner.message
        assert not ctx.has_workspace
    finally:
        hanging.release.set()


def test_without_a_secure_keychain_the_key_lives_in_memory_for_the_session_only(
    qtbot: QtBot, window: MainWindow, ctx: AppContext, data_dir: Path
) -> None:
    keyring.set_keyring(fail.Keyring())
    assert not ctx.credentials.secure
    shown: list[ConnectDialog] = []

    def drive(dialog: ConnectDialog) -> bool:
        shown.append(dialog)
        dialog.key_edit.setText(LIVE_KEY)
        dialog.test_button.click()
        qtbot.waitUntil(dialog.save_button.isEnabled, timeout=3000)
        dialog.save_button.click()
        qtbot.waitUntil(lambda: dialog.account is not None, timeout=3000)
        return True

    window.run_connect_dialog = drive  # type: ignore[method-assign]
    window.connect_action.trigger()
    assert shown and not shown[0].stored_securely
    assert "no secure system keychain" in window.banner.message
    assert "memory" in window.banner.message
    assert ctx.has_workspace and ctx.workspace.connection.api_key == LIVE_KEY
    account = ctx.account
    assert account is not None
    assert ctx.credentials.get_api_key(account.keychain_user) == LIVE_KEY  # this session
    assert Credentials().get_api_key(account.keychain_user) is None  # not the next one
    for path in data_dir.rglob("*"):
        if path.is_file():
            assert b"1a2b3c4d" not in path.read_bytes(), path


# the single account of an earlier release -------------------------------------------------


def test_the_earlier_single_account_moves_to_an_entry_of_its_own(
    qtbot: QtBot, window: MainWindow, ctx: AppContext, memory_keyring: MemoryKeyring
) -> None:
    ctx.settings.setValue("account/base_url", URL)
    ctx.settings.setValue("account/account_id", "")
    memory_keyring.secrets[("si-desktop", URL)] = SANDBOX_KEY
    window.open_saved_account()
    qtbot.waitUntil(lambda: ctx.has_workspace, timeout=3000)
    account = ctx.account
    assert account is not None and account.is_sandbox
    assert memory_keyring.secrets == {("si-desktop", account.keychain_user): SANDBOX_KEY}
    assert window.environment_band.isVisible()


def test_start_up_opens_the_last_account(
    qtbot: QtBot, window: MainWindow, ctx: AppContext
) -> None:
    live = _add(ctx, "Firm", LIVE_KEY)
    ctx.accounts.set_current(live)
    window.open_saved_account()
    qtbot.waitUntil(lambda: ctx.account == live and ctx.has_workspace, timeout=3000)


def test_an_account_whose_key_is_gone_asks_for_it_again(
    qtbot: QtBot, window: MainWindow, ctx: AppContext
) -> None:
    live = ctx.accounts.add(name="Firm", base_url=URL, api_key=LIVE_KEY)  # no key stored
    asked: list[Any] = []

    def drive(dialog: ConnectDialog) -> bool:
        asked.append((dialog.existing, dialog.server_edit.isEnabled()))
        return False

    window.run_connect_dialog = drive  # type: ignore[method-assign]
    window.accounts_ui.open_account(live)
    qtbot.waitUntil(lambda: bool(asked), timeout=3000)
    assert asked == [(live, False)]
    assert "not in the system keychain" in window.banner.message
