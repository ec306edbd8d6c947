"""The command line's small parts: the progress line, the saved server, the account's repr."""

from __future__ import annotations

import io
from pathlib import Path

from si_desktop.sync.commands import Account, ProgressLine, find_account, saved_account
from si_desktop.sync.refresh import RefreshProgress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_the_progress_line_is_rewritten_in_place() -> None:
    stream = Terminal()
    line = ProgressLine(stream)
    line(RefreshProgress("clients", 100, 312))
    line(RefreshProgress("clients", 200, 312))
    line.end()
    text = stream.getvalue()
    assert text.startswith("\rRefreshing clients 100 / 312\rRefreshing clients 200 / 312")
    assert "\n" not in text and text.endswith("\r")


def test_elsewhere_it_writes_a_line_per_page_and_per_tenth_of_the_units() -> None:
    stream = io.StringIO()
    line = ProgressLine(stream)
    for done in (100, 200, 312):
        line(RefreshProgress("clients", done, 312))
    for done in range(313):
        line(RefreshProgress("business units", done, 312))
    lines = stream.getvalue().splitlines()
    assert lines[:3] == [f"Refreshing clients {n} / 312" for n in (100, 200, 312)]
    assert 10 <= len(lines) - 3 <= 12
    assert lines[-1] == "Refreshing business units 312 / 312"


def test_the_server_the_app_saved_is_read_without_qt(tmp_path: Path) -> None:
    (tmp_path / "settings.ini").write_text(
        '[account]\nbase_url="https://eu.example.com/"\naccount_id=acc_1\n', encoding="utf-8"
    )
    assert saved_account(tmp_path) == ('https://eu.example.com/', "acc_1")
    found = find_account(tmp_path, None, {"SI_DESKTOP_API_KEY": "sk_live_secret123"})
    assert found.base_url == "https://eu.example.com" and found.account_id == "acc_1"
    assert found.api_key == "sk_live_secret123" and "secret" not in repr(found)
    assert found.scope.environment == "live"
    assert saved_account(tmp_path / "missing") == (None, None)


def test_without_a_key_the_account_says_where_to_put_one(tmp_path: Path) -> None:
    found = find_account(tmp_path, "http://127.0.0.1:9/", {})
    assert found.api_key is None and "SI_DESKTOP_API_KEY" in found.problem
    assert isinstance(found, Account)
