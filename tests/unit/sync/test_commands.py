"""The command line's small parts: the progress line, the saved server, the account's repr."""

from __future__ import annotations

import io
from pathlib import Path

from si_desktop.credentials import Credentials
from si_desktop.store import Scope, SwitcherRow
from si_desktop.sync.commands import (
    EXIT_FAILED,
    NAME_WIDTH,
    ProgressLine,
    Target,
    _table,
    find_account,
    main,
)
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


def write_accounts(folder: Path, url: str, *, account_id: str = "") -> str:
    """A settings.ini as the app's QSettings writes it, with one saved account."""
    folder.mkdir(parents=True, exist_ok=True)
    account = "a1b2c3d4e5f60708"
    lines = ["[accounts]", f"current={account}"]
    lines += [f"{account}\\{field}={value}" for field, value in (
        ("name", "Firm live"), ("base_url", url), ("environment", "live"),
        ("key_kind", "account"), ("account_id", account_id),
        ("fingerprint", "fp_0"))]
    (folder / "settings.ini").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return account


def test_an_earlier_releases_single_account_is_still_found(tmp_path: Path) -> None:
    (tmp_path / "settings.ini").write_text(
        '[account]\nbase_url="https://eu.example.com/"\naccount_id=acc_1\n', encoding="utf-8"
    )
    found = find_account(tmp_path, None, {"SI_DESKTOP_API_KEY": "sk_live_secret123"})
    assert found.base_url == "https://eu.example.com" and found.account_id == "acc_1"
    assert found.api_key == "sk_live_secret123" and "secret" not in repr(found)
    assert found.scope.environment == "live"
    Credentials().set_api_key("https://eu.example.com", "sk_live_fromthekeychain")
    assert find_account(tmp_path, None, {}).api_key == "sk_live_fromthekeychain"


def test_the_saved_account_keys_its_keychain_entry(tmp_path: Path) -> None:
    url = "https://eu.example.com"
    account = write_accounts(tmp_path, url, account_id="acc_" + "ab" * 12)
    Credentials().set_api_key(f"{url}#{account}", "sk_live_firmkey0001")
    found = find_account(tmp_path, None, {})
    assert (found.base_url, found.api_key) == (url, "sk_live_firmkey0001")
    assert found.account_id == "acc_" + "ab" * 12
    assert find_account(tmp_path, None, {}, account_name="firm LIVE").api_key == found.api_key
    assert find_account(tmp_path, url + "/", {}).api_key == found.api_key
    missing = find_account(tmp_path, None, {}, account_name="Other")
    assert missing.api_key is None and "Firm live" in missing.problem


def test_without_a_key_the_account_says_where_to_put_one(tmp_path: Path) -> None:
    found = find_account(tmp_path, "http://127.0.0.1:9/", {})
    assert found.api_key is None and "SI_DESKTOP_API_KEY" in found.problem
    assert isinstance(found, Target)


def test_a_key_of_no_known_shape_is_one_sentence_before_anything_is_made(
    tmp_path: Path,
) -> None:
    """Before: `SI_DESKTOP_API_KEY=x si-desktop clients` ended in a ValueError traceback."""
    out, err = io.StringIO(), io.StringIO()
    folder = tmp_path / "data"
    code = main(["clients", "--data-dir", str(folder)], out=out, err=err,
                environ={"SI_DESKTOP_API_KEY": "x"})
    assert code == EXIT_FAILED and out.getvalue() == ""
    assert err.getvalue().count("\n") == 1 and "SI_DESKTOP_API_KEY" in err.getvalue()
    assert "x" not in err.getvalue().replace("_", " ").split()  # the key is not echoed
    assert not folder.exists()


def test_one_long_name_is_cut_and_does_not_widen_the_other_rows() -> None:
    def row(entity_id: str, name: str) -> SwitcherRow:
        return SwitcherRow(id=entity_id, name=name, country="Slovenia", country_code="SI",
                           currency_code="EUR", tax_number=None, city=None, client_code=None,
                           metadata_text="", is_enabled=1, updated_at=None,
                           fetched_at="2026-01-02T03:04:05Z", business_units=2,
                           pending_edits=0)

    scope = Scope.for_api_key("sk_live_0123456789")
    long_name = "Zelo dolgo ime " * 21  # 315 characters
    out = io.StringIO()
    _table([(scope, row("ent_1", long_name)), (scope, row("ent_2", "Kratko d.o.o."))],
           several=False, out=out)
    lines = out.getvalue().splitlines()
    assert max(len(line) for line in lines[:3]) < 100
    assert long_name[: NAME_WIDTH - 1] + "…" in lines[1]
