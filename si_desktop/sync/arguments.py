"""The arguments of `si-desktop sync` and `si-desktop clients` (see `sync.commands`), and of
the firm's `standard`, `drift`, `apply` and `undo` (see `sync.firm_commands`).

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
        _common(sub)
    add_firm_commands(commands)
    sync.add_argument("--full", action="store_true",
                      help="walk every client, not only those changed since the last sync "
                           "(also removes clients the service no longer lists)")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")


def _common(sub: argparse.ArgumentParser) -> None:
    # SUPPRESS: a value given before the subcommand is not overwritten by a default.
    sub.add_argument("--data-dir", default=argparse.SUPPRESS,
                     help="folder for the cache, logs and demo database")
    sub.add_argument("--base-url", metavar="URL", default=argparse.SUPPRESS,
                     help="the Space Invoices server (default: the one the app uses)")
    sub.add_argument("--account", metavar="NAME", default=argparse.SUPPRESS,
                     help="the saved account to use (default: the one the app has open)")


FIRM_COMMANDS = ("standard", "drift", "apply", "undo")


def add_firm_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`standard`, `drift`, `apply` and `undo` (see `sync.firm_commands`)."""
    standard = commands.add_parser("standard", help="make, list, import or export a standard")
    what = standard.add_mutually_exclusive_group(required=True)
    what.add_argument("--from-client", metavar="CLIENT_ID",
                      help="make a standard from a cached client's settings")
    what.add_argument("--list", action="store_true", help="list the kept standards")
    what.add_argument("--import", dest="import_file", metavar="FILE",
                      help="keep the standard in FILE (refused whole when malformed)")
    what.add_argument("--export", nargs=2, metavar=("NAME", "FILE"),
                      help="write the standard NAME to FILE")
    standard.add_argument("--name", help="the new standard's name (with --from-client)")
    standard.add_argument("--with-branding", action="store_true",
                          help="take the template and colour too (with --from-client)")
    drift = commands.add_parser("drift", help="which clients differ from a standard (cache)")
    drift.add_argument("--standard", metavar="NAME|FILE",
                       help="a kept standard or a standard file (default: every kept one)")
    drift.add_argument("--json", action="store_true", help="print JSON")
    apply = commands.add_parser("apply", help="apply a standard to clients (dry run first)")
    apply.add_argument("--standard", metavar="NAME|FILE", required=True)
    apply.add_argument("--clients", metavar="IDS|TEXT",
                       help="client ids, comma-separated, or a search text")
    apply.add_argument("--include-disabled", action="store_true",
                       help="change disabled clients too")
    undo = commands.add_parser("undo", help="undo a batch (a new batch, dry run first)")
    undo.add_argument("batch", metavar="BATCH_ID")
    for sub in (apply, undo):
        how = sub.add_mutually_exclusive_group(required=True)
        how.add_argument("--dry-run", action="store_true", help="show the changes, send none")
        how.add_argument("--yes", action="store_true", help="queue and send the changes")
        sub.add_argument("--json", action="store_true", help="print JSON")
    for sub in (standard, drift, apply, undo):
        _common(sub)
