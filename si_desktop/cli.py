"""Entry points: `si-desktop` (the app) and `si-sandbox` (the local Space Invoices API).

This module is the only place that may wire the sandbox to the app: `ui/` never imports
`sandbox/`; the entry point starts it and hands the app a base URL and a key, exactly as it
would for the real service.
"""

from __future__ import annotations

import argparse
import gc
import os
import secrets
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from si_desktop import __version__
from si_desktop.datadir import ensure_private_dir, resolve_data_dir

if TYPE_CHECKING:
    from si_desktop.sandbox import SandboxServer
    from si_desktop.store import StoreOpener
    from si_desktop.sync.connection import Connection

API_KEY_ENV = "SI_DESKTOP_API_KEY"
ACCOUNT_ID_ENV = "SI_DESKTOP_ACCOUNT_ID"
DEMO_CLIENTS = 40
WINDOW_LOCK = "window.lock"
"""Held by the window open on a data folder: a second start on it brings that one up."""
DEMO_SEED = 0
EXIT_NO_DISPLAY = 2  # as argparse's usage errors: nothing ran


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="si-desktop",
        description="Invoicing set-up for many client businesses on Space Invoices.",
    )
    parser.add_argument("--version", action="version", version=f"si-desktop {__version__}")
    parser.add_argument("--data-dir", help="folder for the cache, logs and demo database")
    parser.add_argument("--demo", action="store_true", help="open the local demo workspace")
    parser.add_argument(
        "--base-url",
        metavar="URL",
        help=f"open on this Space Invoices server with the key in ${API_KEY_ENV} "
        "(the keychain is not touched)",
    )
    parser.add_argument(
        "--screenshots",
        metavar="OUT",
        help="render the window for the first client to PNG files in OUT (1280×800, "
        "offscreen; light, then dark in OUT/dark) and exit",
    )
    parser.add_argument(
        "--color-scheme",
        choices=("system", "light", "dark"),
        help="the colour scheme for this run (default: the preference, else the system's)",
    )
    parser.add_argument(
        "--language",
        choices=("system", "en", "sl_SI"),
        help="the interface language for this run (default: the preference)",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="open the window on a temporary local sandbox, switch clients, save an edit, "
        "check the server has it; exit 0 when all worked",
    )
    from si_desktop.sync.arguments import add_commands

    add_commands(parser)
    return parser


class DemoWorkspace:
    """The local sandbox behind the demo: started on first use on a free loopback port, its
    database in the data folder, seeded once with 40 clients."""

    def __init__(self, data_dir: Path) -> None:
        self.folder = ensure_private_dir(data_dir / "demo")
        self.server: SandboxServer | None = None

    def _key(self) -> str:
        """The demo account's key: made once and kept beside the demo database (it opens
        nothing but the local demo data)."""
        path = self.folder / "demo-key"
        if path.exists():
            key = path.read_text(encoding="utf-8").strip()
            if key:
                return key
        key = "sk_live_" + secrets.token_hex(16)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(key)
        return key

    def start(self) -> Connection:
        from si_desktop.sandbox import SandboxServer
        from si_desktop.sync.connection import Connection

        if self.server is None:
            self.server = SandboxServer(
                host="127.0.0.1",
                port=0,
                db_path=str(self.folder / "sandbox.sqlite3"),
                api_key=self._key(),
                clients=DEMO_CLIENTS,
                seed=DEMO_SEED,
            )
        self.server.start()
        return Connection(base_url=self.server.url, api_key=self.server.api_key, demo=True)

    def stop(self) -> None:
        """Take the sandbox off the network, as if the connection were gone (its port and
        data stay for `start()`)."""
        if self.server is not None:
            self.server.stop()

    def close(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None


def main(argv: Sequence[str] | None = None) -> int:
    private_files()
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "command", None):
        from si_desktop.sync.commands import run_command

        return run_command(args)
    if args.self_test:
        from si_desktop.selftest import run

        return run()
    if not args.screenshots:  # a window: Qt would abort without one, so ask first
        from si_desktop.display import prepare_display

        problem = prepare_display()
        if problem is not None:
            print(problem, file=sys.stderr)
            return EXIT_NO_DISPLAY
    data_dir = ensure_private_dir(resolve_data_dir(args.data_dir))
    window_lock = None
    if not args.screenshots:  # screenshots run offscreen beside an open window
        from si_desktop.store.locks import FileLock

        window_lock = FileLock(data_dir / WINDOW_LOCK)
        try:
            first = window_lock.acquire()
        except OSError:  # no lock file can be made there: no second window can be told
            first, window_lock = True, None
        if not first:  # a window is open on this folder: bring it up instead
            from si_desktop.ui.single_instance import refuse_second_window

            return refuse_second_window(data_dir)
    try:
        return _run_window(args, parser, data_dir, listen=window_lock is not None)
    finally:
        if window_lock is not None:
            window_lock.release()


def _run_window(
    args: argparse.Namespace, parser: argparse.ArgumentParser, data_dir: Path, *, listen: bool
) -> int:
    gc.disable()  # until the window is up: see si_desktop/ui/collector.py
    from si_desktop.logs import configure_logging, install_crash_logging, log_folder
    from si_desktop.sync.connection import Connection

    configure_logging(data_dir)
    install_crash_logging(log_folder(data_dir))
    demo = DemoWorkspace(data_dir)
    connection: Connection | None = None
    opener: StoreOpener | None = None
    try:
        if args.demo:
            connection = demo.start()
        elif args.base_url:
            key = os.environ.get(API_KEY_ENV, "").strip()
            if not key:
                parser.error(f"--base-url needs the API key in ${API_KEY_ENV}")
            connection = Connection(
                base_url=args.base_url.rstrip("/"),
                api_key=key,
                account_id=os.environ.get(ACCOUNT_ID_ENV) or None,
            )
        opener = open_cache_early(data_dir, connection)
        from si_desktop.ui.qt_log import install_qt_message_handler

        install_qt_message_handler()  # before the application: the plugin's messages too
        from si_desktop.ui.app import run_app  # Qt is imported only when a window is wanted

        return run_app(
            data_dir=data_dir,
            connection=connection,
            open_store=opener,
            start_demo=demo.start,
            screenshots=Path(args.screenshots).expanduser() if args.screenshots else None,
            stop_service=demo.stop if args.demo else None,
            color_scheme=args.color_scheme,
            language=args.language,
            single_instance=listen,
        )
    finally:
        if opener is not None:
            opener.close()  # when the window never took the store
        demo.close()
        gc.enable()  # the window never got to settle it (screenshots), or it did already


def open_cache_early(data_dir: Path, connection: Connection | None = None) -> StoreOpener | None:
    """Start opening the cache file the window will read, if there is one, on a thread:
    its check reads the whole file, which can run while Qt and the window's modules are
    imported; so can the read of the client list of `connection`, the workspace the window
    opens. (A fresh file is made quickly when a workspace first needs it.)"""
    from si_desktop.store import DEFAULT_FILENAME, Scope, StoreOpener

    if not (data_dir / DEFAULT_FILENAME).is_file():
        return None
    scope = None
    if connection is not None:
        scope = Scope.for_api_key(connection.api_key, base_url=connection.base_url)
    return StoreOpener(data_dir / DEFAULT_FILENAME, read_ahead=scope)


def private_files() -> None:
    """Everything this process creates (cache, settings, logs, the demo database and their
    journals) is readable by the user only: 0600 files, 0700 folders."""
    if os.name == "posix":
        os.umask(0o077)


def sandbox_main(argv: Sequence[str] | None = None) -> int:
    from si_desktop.sandbox.cli import run

    return run(argv)


if __name__ == "__main__":
    sys.exit(main())
