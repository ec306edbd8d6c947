from __future__ import annotations

import subprocess
import sys

from si_desktop import __version__


def test_version_is_printed() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "si_desktop", "--version"],
        capture_output=True, text=True, check=True,
    )
    assert result.stdout.strip() == f"si-desktop {__version__}"


def test_what_the_window_needs_first_imports_neither_the_client_nor_the_keychain() -> None:
    """The parser, the cache and the cache-first workspace come before the first paint; the
    API client (httpx, pydantic) and keyring wait for the first request or key lookup."""
    code = (
        "import sys\n"
        "from si_desktop.cli import build_parser\n"
        "build_parser().parse_args(['--base-url', 'http://127.0.0.1:9'])\n"
        "import si_desktop.credentials, si_desktop.store, si_desktop.sync.workspace\n"
        "import si_desktop.sync.settings\n"
        "print(sorted(m for m in ('httpx', 'pydantic', 'keyring', 'stamina') "
        "if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_the_subcommands_are_still_offered() -> None:
    from si_desktop.cli import build_parser

    args = build_parser().parse_args(["clients", "--json", "--data-dir", "D"])
    assert (args.command, args.json, args.data_dir) == ("clients", True, "D")
