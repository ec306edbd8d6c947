"""The arguments of `si-desktop sync` and `si-desktop clients` (see `sync.commands`).

Apart from the commands themselves, so that the app's parser can offer them without
importing what they run (the API client, the keychain, the cache): opening the window
needs none of that before its first paint.
"""

from __future__ import annotations

import argparse


def add_commands(parser: argparse.ArgumentParser) -> None:
    """Add `sync` and `clients` as subcommands of the app's parser (both optional: without
    one, the app opens its window)."""
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    sync = commands.add_parser(
        "sync", help="refresh the local cache and send queued edits, without a window"
    )
    listing = commands.add_parser("clients", help="list the cached clients (no network)")
    for sub in (sync, listing):
        # SUPPRESS: a value given before the subcommand is not overwritten by a default.
        sub.add_argument("--data-dir", default=argparse.SUPPRESS,
                         help="folder for the cache, logs and demo database")
        sub.add_argument("--base-url", metavar="URL", default=argparse.SUPPRESS,
                         help="the Space Invoices server (default: the one the app uses)")
        sub.add_argument("--account", metavar="NAME", default=argparse.SUPPRESS,
                         help="the saved account to use (default: the one the app has open)")
    sync.add_argument("--full", action="store_true",
                      help="walk every client, not only those changed since the last sync "
                           "(also removes clients the service no longer lists)")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
